// The event page /events/{id}: accessible signed out and signed in (with resale
// listings), similar events lead to other event pages, and the keyboard alone reaches
// the favorite toggle and a Buy button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, base, newUser, api, expectHtml, axeCheck, shots } from '../lib/harness.js';

const b = useBrowser();
const DAY_MS = 24 * 3600 * 1000;

// Event images live on Ticketmaster's CDN, which the test machine cannot reach: refuse
// every request off the site's host at once rather than wait for it to time out.
async function ownHostOnly(context) {
  const own = new URL(base).host;
  await context.route((url) => url.host !== own, (route) => route.abort());
}

// An event with a session that can take listings (not cancelled, two days away or more:
// /api/events gives the first one in range as nextSession) and with similar events.
// unlisted: only one whose session has no listing yet, so that this run's listings are
// the ones the page shows (it shows the five cheapest), however often the test ran.
async function pickEvent(context, { unlisted = false } = {}) {
  const from = new Date(Date.now() + 2 * DAY_MS).toISOString().replace(/\.\d+Z$/, 'Z');
  const { items } = await api(context, 'GET', `/api/events?limit=50&from=${from}`);
  for (const event of items) {
    const s = event.nextSession;
    if (!s || s.status === 'cancelled') continue;
    if (unlisted) {
      const { sessions } = await api(context, 'GET', `/api/events/${event.id}`);
      if (sessions.find((x) => x.id === s.id)?.resale?.available !== 0) continue;
    }
    const similar = await api(context, 'GET', `/api/events/${event.id}/similar`);
    if (similar.items.length > 0) return event;
  }
  assert.fail(`no event with similar events in the first 50 of /api/events?from=${from}`);
}

// Presses Tab until the focused element matches selector; returns whether it did.
async function tabTo(page, selector, maxPresses = 80) {
  for (let i = 0; i < maxPresses; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

test('event page signed out: accessible, sign-in links, similar events lead to event pages', async () => {
  const { context, page } = await b.newPage();
  await ownHostOnly(context);
  const event = await pickEvent(context);
  await expectHtml(await page.goto(`/events/${event.id}`));
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: event.name }).waitFor());
  const next = encodeURIComponent(`/events/${event.id}`);
  const signIn = page.getByRole('link', { name: 'Sign in to save this event' });
  assert.equal(await signIn.getAttribute('href'), `/login?next=${next}`);
  assert.equal(await page.locator('form.fav-toggle').count(), 0, 'no favorite form for anonymous readers');
  await shots(page, 'event-signed-out');
  await axeCheck(page);

  const similar = page.getByRole('region', { name: 'You might also like' }).getByRole('link');
  assert.ok(await similar.count() > 0, 'no similar event links');
  const href = await similar.first().getAttribute('href');
  assert.match(href, /^\/events\/[0-9a-f]{64}$/);
  assert.notEqual(href, `/events/${event.id}`);
  await similar.first().click();
  await page.waitForURL(`**${href}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
});

test('event page signed in: Buy buttons with price and place, own listings, keyboard', async () => {
  const seller = await b.newContext();
  await newUser(seller);
  await ownHostOnly(seller);
  const event = await pickEvent(seller, { unlisted: true });
  const sessionId = event.nextSession.id;
  const section = `T${Date.now().toString(36)}`;
  const listing = (priceCents, seat) => ({ data: { sessionId, priceCents, section, row: '2', seat }, status: 201 });
  await api(seller, 'POST', '/api/tickets', listing(4750, '7'));
  await api(seller, 'POST', '/api/tickets', listing(4600, '8'));

  const buyer = await b.newContext();
  await newUser(buyer);
  await ownHostOnly(buyer);
  const page = await buyer.newPage();
  await expectHtml(await page.goto(`/events/${event.id}`));
  const session = page.locator(`#s-${sessionId}`);
  await session.getByRole('button', { name: `Buy for €46.00 (Section ${section}, row 2, seat 8)`, exact: true }).waitFor();
  await session.getByRole('button', { name: `Buy for €47.50 (Section ${section}, row 2, seat 7)`, exact: true }).waitFor();
  const fav = page.locator('form.fav-toggle button');
  assert.equal(await fav.getAttribute('aria-pressed'), 'false');
  await shots(page, 'event-signed-in');
  await axeCheck(page);

  // Keyboard alone: from the top, Tab reaches the favorite toggle, then a Buy button.
  await page.locator('body').focus();
  assert.ok(await tabTo(page, 'form.fav-toggle button'), 'Tab never reached the favorite button');
  assert.ok(await tabTo(page, 'form[action="/orders"] button'), 'Tab never reached a Buy button');

  // The seller sees their listings as theirs, with nothing to buy.
  const own = await seller.newPage();
  await expectHtml(await own.goto(`/events/${event.id}`));
  const ownSession = own.locator(`#s-${sessionId}`);
  assert.ok(await ownSession.getByText('Your listing').count() >= 2, 'the seller\'s listings are not marked "Your listing"');
  assert.equal(await ownSession.getByRole('button', { name: `Section ${section},` }).count(), 0,
    'the seller is offered their own listings');
  await axeCheck(own);
});
