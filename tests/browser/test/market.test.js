// The marketplace journeys: a seller lists a ticket through /sell, another user buys it,
// the checkout counts down, the test card pays, /orders shows it paid; a declined card;
// a hold that ends (lapsed in the database, and counted down to zero in the page); the
// main journey again with JavaScript off. axe on every page of the way.
//
// Needs MQ_DEV (the stack's scripts/dev, for psql) to pick a session and end holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  useBrowser, newUser, api, expectHtml, axeCheck, shots, noThirdParty,
} from '../lib/harness.js';

const b = useBrowser();

function sql(statement) {
  const dev = process.env.MQ_DEV;
  assert.ok(dev, 'MQ_DEV must name the stack\'s scripts/dev (psql ends holds for these tests)');
  return execFileSync(dev, ['psql', '-X', '-At', '-c', statement], { encoding: 'utf8' }).trim();
}

// An upcoming session of the test data (tomorrow or later) and its event's id and name:
// one of an event with nothing on sale yet, so the event page lists this run's tickets
// (it shows only the cheapest few of each session).
function upcoming(exceptEvent = '') {
  const row = sql("SELECT s.id || '|' || e.id || '|' || e.name FROM event_sessions s " +
    "JOIN events e ON e.id = s.event_id WHERE s.start_at > now() + interval '1 day' " +
    `AND e.id <> '${exceptEvent.replace(/[^0-9a-f]/g, '')}' ` +
    "AND s.status IS DISTINCT FROM 'cancelled' AND NOT EXISTS (SELECT 1 FROM tickets t " +
    "WHERE t.event_id = e.id AND t.status IN ('available', 'reserved')) " +
    "ORDER BY s.start_at, s.id LIMIT 1");
  const [session, event, ...name] = row.split('|');
  assert.ok(session && event, 'no upcoming session in the test data');
  return { session, event, name: name.join('|') };
}

// The hold of order ends `seconds` from now (negative: it has ended).
function holdEndsIn(order, seconds) {
  const at = `now() + interval '${Number(seconds)} seconds'`;
  sql(`WITH o AS (UPDATE orders SET expires_at = ${at} WHERE id = '${order}' RETURNING ticket_id) ` +
    `UPDATE tickets SET held_until = ${at} WHERE id = (SELECT ticket_id FROM o)`);
}

const where = upcoming();

// Uncaught exceptions in the page (the countdown's script). Not harness.pageErrors: the
// site has no /favicon.ico yet, and chromium logs that 404 as a console error.
function scriptErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { assertNone: () => assert.deepEqual(errors, [], `${page.url()}: exceptions in the page`) };
}

// The seller lists a ticket through both steps of /sell; returns its id.
async function sellThroughTheForm(page, { check = true } = {}) {
  await expectHtml(await page.goto('/sell'));
  if (check) await axeCheck(page);
  await page.getByLabel('Event or venue').fill(where.name);
  await page.getByRole('button', { name: 'Find events' }).click();
  await page.waitForURL(/\/sell\?q=/);
  if (check) {
    await shots(page, 'sell-find');
    await axeCheck(page);
  }
  await page.locator(`a[href="/sell?event=${where.event}"]`).first().click();
  await page.waitForURL(/\/sell\?event=/);
  await page.getByLabel('Date').selectOption(where.session);
  await page.getByLabel('Price').fill('45.00');
  await page.getByLabel('Section', { exact: true }).fill('B');
  await page.getByLabel('Row', { exact: true }).fill('4');
  await page.getByLabel('Seat', { exact: true }).fill('17');
  if (check) {
    await shots(page, 'sell-form');
    await axeCheck(page);
  }
  await page.getByRole('button', { name: 'List ticket' }).click();
  await page.waitForURL(/[?&]listed=/);
  await page.getByText('Your ticket is on sale at').waitFor();
  return new URL(page.url()).searchParams.get('listed');
}

// The buyer presses Buy for ticket among the event page's listings (a plain form: it
// works without JavaScript too). Returns the order id of the checkout it lands on.
async function buy(page, ticket) {
  await expectHtml(await page.goto(`/events/${where.event}`));
  const form = page.locator(`form[action="/orders"]:has(input[name="ticket_id"][value="${ticket}"])`);
  await form.getByRole('button', { name: /^Buy for / }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop();
}

const secondsLeft = (text) => {
  const m = /(\d+):(\d\d) left to pay/.exec(text);
  assert.ok(m, `no "m:ss left to pay" in "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
};

async function payWith(page, label) {
  await page.getByLabel(label).check();
  await page.getByRole('button', { name: /^Pay / }).click();
}

test('sell, buy as another user, count down, pay with the test card, see it paid', async () => {
  const seller = await b.newPage();
  await newUser(seller.context);
  const sellerErrors = scriptErrors(seller.page);
  const ticket = await sellThroughTheForm(seller.page);
  await shots(seller.page, 'sell-listed');
  await axeCheck(seller.page);
  sellerErrors.assertNone();

  const { context, page } = await b.newPage();
  await newUser(context);
  const errors = scriptErrors(page);
  const order = await buy(page, ticket);
  const net = noThirdParty(page); // from the checkout on (event images are the CDN's)
  const clock = page.locator('time.countdown');
  const first = secondsLeft(await clock.textContent());
  assert.ok(first > 800 && first <= 900, `a fresh hold shows about 15 minutes, not ${first} s`);
  await page.waitForFunction((s) => {
    const m = /(\d+):(\d\d)/.exec(document.querySelector('time.countdown').textContent);
    return m && Number(m[1]) * 60 + Number(m[2]) <= s - 2;
  }, first, { timeout: 6_000 });
  await shots(page, 'checkout-held');
  await axeCheck(page);

  await payWith(page, 'Test card (Visa, succeeds)');
  await page.waitForURL(new RegExp(`/orders/${order}$`));
  await page.getByRole('heading', { name: 'Paid' }).waitFor();
  assert.equal(await page.locator('time.countdown').count(), 0);
  await shots(page, 'checkout-paid');
  await axeCheck(page);

  await expectHtml(await page.goto('/orders'));
  const row = page.locator('li.mk-item', { has: page.locator(`a[href="/orders/${order}"]`) });
  await row.getByText('Paid', { exact: true }).waitFor();
  await shots(page, 'orders');
  await axeCheck(page);
  net.assertNone();
  errors.assertNone();
});

test('a declined card says so next to the payment method, and the hold stays', async () => {
  const seller = await b.newContext();
  await newUser(seller);
  const t = await api(seller, 'POST', '/api/tickets', { data: { sessionId: where.session, priceCents: 3000 } });

  const { context, page } = await b.newPage();
  await newUser(context);
  await buy(page, t.id);
  await payWith(page, 'Test card (declined)');
  await page.waitForURL(/\?payment=declined$/);
  const message = page.locator('#method-error');
  assert.equal((await message.textContent()).trim(), 'Your card was declined. Try another card.');
  assert.equal(await page.getByRole('group', { name: 'Payment method' }).getAttribute('aria-describedby'),
    'method-hint method-error');
  await page.locator('time.countdown').waitFor();
  await shots(page, 'checkout-declined');
  await axeCheck(page);
});

test('a hold that ended shows as expired, and one that ends while the page is open too', async () => {
  const seller = await b.newContext();
  await newUser(seller);
  const post = (price) => api(seller, 'POST', '/api/tickets', { data: { sessionId: where.session, priceCents: price } });

  const { context, page } = await b.newPage();
  await newUser(context);
  const lapsed = await buy(page, (await post(2100)).id);
  holdEndsIn(lapsed, -1);
  await expectHtml(await page.goto(`/orders/${lapsed}`));
  await page.getByText(/Your hold expired at \d\d:\d\d UTC; the ticket was released\./).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Pay / }).count(), 0);
  await shots(page, 'checkout-expired');
  await axeCheck(page);

  // The page counts down to zero itself and puts the message where the forms were.
  const ending = await buy(page, (await post(2200)).id);
  holdEndsIn(ending, 4);
  await expectHtml(await page.goto(`/orders/${ending}`));
  await page.getByRole('button', { name: /^Pay / }).waitFor();
  await page.locator('.mk-hold p.mk-expired').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole('button', { name: /^Pay / }).count(), 0);
  assert.match(await page.locator('[data-countdown-live]').textContent(), /Your hold expired at/);
  assert.equal(secondsLeft(await page.locator('time.countdown').textContent()), 0);
  await axeCheck(page);
});

test('the main journey without JavaScript', async () => {
  const seller = await b.newPage({ javaScriptEnabled: false });
  await newUser(seller.context);
  const ticket = await sellThroughTheForm(seller.page, { check: false });

  const { context, page } = await b.newPage({ javaScriptEnabled: false });
  await newUser(context);
  const order = await buy(page, ticket);
  const left = secondsLeft(await page.locator('time.countdown').textContent());
  assert.ok(left > 800 && left <= 900, `the server-rendered time left is about 15 minutes, not ${left} s`);
  await payWith(page, 'Test card (Visa, succeeds)');
  await page.waitForURL(new RegExp(`/orders/${order}$`));
  await page.getByRole('heading', { name: 'Paid' }).waitFor();
  await expectHtml(await page.goto('/orders'));
  await page.locator('li.mk-item', { has: page.locator(`a[href="/orders/${order}"]`) })
    .getByText('Paid', { exact: true }).waitFor();
  await shots(page, 'orders-nojs');
});

test('"and N more" leads to all of a date\'s listings, and Buy works from there', async () => {
  const other = upcoming(where.event); // its own event: the journeys above see only theirs
  const seller = await b.newPage();
  await newUser(seller.context);
  for (let i = 0; i < 7; i += 1) {
    await api(seller.context, 'POST', '/api/tickets',
      { data: { sessionId: other.session, priceCents: 2000 + i * 100 }, status: 201 });
  }
  const { context, page } = await b.newPage();
  await newUser(context);
  await expectHtml(await page.goto(`/events/${other.event}`));
  await page.getByRole('link', { name: /^see all 7 tickets for / }).click();
  await page.waitForURL(/\/tickets\?session=/);
  await page.getByText('7 tickets, cheapest first').waitFor();
  await shots(page, 'event-tickets');
  await axeCheck(page);
  const buttons = page.getByRole('button', { name: /^Buy for / });
  assert.equal(await buttons.count(), 7);
  assert.match(await buttons.last().textContent(), /26\.00/); // the dearest, last
  await buttons.last().click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: /^Pay / }).waitFor();
});
