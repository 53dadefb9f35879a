// The account pages: register, sign out and in again through the forms (landing back
// where the journey started), favorite an event from its page and remove it from
// /favorites; with JavaScript (the toggle flips in place), without it (plain posts) and
// by keyboard alone. Two readers never see each other's name or favorites. axe on
// /login, /register (also with errors) and /favorites (empty and not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, base, newUser, api, expectHtml, axeCheck, shots, noThirdParty, pageErrors } from '../lib/harness.js';

const b = useBrowser();

// Event images live on Ticketmaster's CDN, which the test machine cannot reach: refuse
// every request off the site's host at once rather than wait for it to time out.
async function ownHostOnly(context) {
  const own = new URL(base).host;
  await context.route((url) => url.host !== own, (route) => route.abort());
}

// Two distinct upcoming events from the API.
async function pickEvents(context) {
  const { items } = await api(context, 'GET', '/api/events?limit=10');
  const withNames = items.filter((e) => e.name);
  assert.ok(withNames.length >= 2, 'the catalogue needs at least two events');
  return withNames.slice(0, 2);
}

let count = 0;
function freshUser() {
  count += 1;
  const username = `acc${Date.now().toString(36)}${process.pid.toString(36)}_${count}`;
  return { username, email: `${username}@example.com`, password: 'correct horse battery' };
}

// Script errors only: chromium also logs each answer that is not 2xx (a form sent back
// with a 422, an event image refused by ownHostOnly) as a console error.
function assertNoScriptErrors(errors) {
  const real = errors.errors.filter((e) => !e.startsWith('console.error: Failed to load resource'));
  assert.deepEqual(real, [], 'errors in the page');
}

const SIGN_OUT = /^Sign out/;
const SAVE = 'Save to favorites';
const SAVED = 'Saved — remove from favorites';

async function registerThroughForm(page, user) {
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function signInThroughForm(page, user) {
  await page.getByLabel('Email or username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

// Presses Tab until the focused element matches selector; returns whether it did.
async function tabTo(page, selector, maxPresses = 80) {
  for (let i = 0; i < maxPresses; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

// Registers through the form from the event page's header, signs out, signs in again
// through the form from the same page; returns the user. Works with and without script.
async function registerSignOutSignIn(page, eventPath) {
  const user = freshUser();
  await expectHtml(await page.goto(eventPath));
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Register' }).click();
  await page.waitForURL(`**/register?next=${encodeURIComponent(eventPath)}`);
  await registerThroughForm(page, user);
  await page.waitForURL(`**${eventPath}`);
  await page.getByRole('button', { name: SIGN_OUT }).waitFor();

  await page.getByRole('button', { name: SIGN_OUT }).click();
  await page.waitForURL(`${base}/`);
  await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();

  await expectHtml(await page.goto(eventPath));
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`**/login?next=${encodeURIComponent(eventPath)}`);
  await signInThroughForm(page, user);
  await page.waitForURL(`**${eventPath}`);
  await page.getByRole('button', { name: SIGN_OUT }).waitFor();
  return user;
}

test('forms: accessible, errors summarised and focused, next to their fields', async () => {
  const { page } = await b.newPage();
  const net = noThirdParty(page);
  const errors = pageErrors(page);
  await expectHtml(await page.goto('/login?next=%2Fsearch%3Fq%3Drock'));
  await shots(page, 'account-login');
  await axeCheck(page);
  await expectHtml(await page.goto('/register'));
  await shots(page, 'account-register');
  await axeCheck(page);

  // Registration with every field wrong: a 422 page whose summary has the focus.
  await registerThroughForm(page, { email: 'no-at-sign', username: 'has space', password: 'short' });
  await page.locator('#error-summary').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
  for (const field of ['email', 'username', 'password']) {
    const input = page.locator(`#${field}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} is not marked invalid`);
    assert.match(await input.getAttribute('aria-describedby'), new RegExp(`${field}-error`));
  }
  assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), 'no-at-sign');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password came back');
  // The summary's links lead to their fields.
  await page.locator('#error-summary').getByRole('link', { name: /^Username/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'username');
  await shots(page, 'account-register-errors');
  await axeCheck(page);

  // A wrong password: one message for both, the login kept.
  await expectHtml(await page.goto('/login'));
  await signInThroughForm(page, { username: 'nobody-by-this-name', password: 'wrong password' });
  await page.locator('#login-error').waitFor();
  assert.match(await page.locator('#login-error').innerText(), /Email\/username or password is wrong/);
  assert.equal(await page.getByLabel('Email or username').inputValue(), 'nobody-by-this-name');
  await axeCheck(page);
  net.assertNone();
  assertNoScriptErrors(errors);
});

test('with JavaScript: sign in lands back, the toggle flips in place, /favorites removes in place', async () => {
  const { context, page } = await b.newPage();
  await ownHostOnly(context);
  const errors = pageErrors(page);
  const [event] = await pickEvents(context);
  const eventPath = `/events/${event.id}`;
  await registerSignOutSignIn(page, eventPath);

  // Favorite from the event page: no navigation, the button and the live region say so.
  const toggle = page.locator('form.fav-toggle button');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  let navigated = false;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigated = true; });
  await toggle.click();
  await page.locator('form.fav-toggle button[aria-pressed="true"]').waitFor();
  assert.equal((await toggle.locator('.fav-label').innerText()).trim(), SAVED);
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  assert.equal(navigated, false, 'the toggle reloaded the page');
  assert.equal(await page.locator('form.fav-toggle input[name="action"]').inputValue(), 'remove');

  // /favorites lists it; removing it takes the card away, says so and keeps focus.
  await expectHtml(await page.goto('/favorites'));
  const card = page.locator('li.card', { has: page.locator(`a[href="${eventPath}"]`) });
  await card.waitFor();
  assert.match(await page.locator('.fav-count').innerText(), /^1 event$/);
  await shots(page, 'account-favorites');
  await axeCheck(page);
  await card.getByRole('button', { name: new RegExp(`^${SAVED}`) }).click();
  await card.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Removed' }).waitFor();
  await page.getByText('You have no favorites left').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  assert.match(await page.locator('.fav-count').innerText(), /^0 events$/);
  await axeCheck(page);

  // And it stays removed.
  await expectHtml(await page.goto('/favorites'));
  await page.getByText('You have no favorites yet').waitFor();
  await shots(page, 'account-favorites-empty');
  await axeCheck(page);
  assertNoScriptErrors(errors);
});

test('without JavaScript: the same journey with plain form posts', async () => {
  const context = await b.newContext({ javaScriptEnabled: false });
  await ownHostOnly(context);
  const page = await context.newPage();
  const [event] = await pickEvents(context);
  const eventPath = `/events/${event.id}`;
  await registerSignOutSignIn(page, eventPath);

  await page.getByRole('button', { name: SAVE }).click();
  await page.waitForURL(`**${eventPath}`);
  await page.locator('form.fav-toggle button[aria-pressed="true"]').waitFor();

  await expectHtml(await page.goto('/favorites'));
  const card = page.locator('li.card', { has: page.locator(`a[href="${eventPath}"]`) });
  await card.waitFor();
  await card.getByRole('button', { name: new RegExp(`^${SAVED}`) }).click();
  await page.waitForURL('**/favorites');
  await page.getByText('You have no favorites yet').waitFor();
  assert.equal(await card.count(), 0);
});

test('keyboard alone: register, favorite from the event page, remove from /favorites', async () => {
  const { context, page } = await b.newPage();
  await ownHostOnly(context);
  const [event] = await pickEvents(context);
  const eventPath = `/events/${event.id}`;
  const user = freshUser();

  await expectHtml(await page.goto(`/register?next=${encodeURIComponent(eventPath)}`));
  await page.locator('body').focus();
  assert.ok(await tabTo(page, '#email'), 'Tab never reached the email field');
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**${eventPath}`);

  await page.locator('body').focus();
  assert.ok(await tabTo(page, 'form.fav-toggle button'), 'Tab never reached the favorite button');
  await page.keyboard.press('Enter');
  await page.locator('form.fav-toggle button[aria-pressed="true"]').waitFor();

  await expectHtml(await page.goto('/favorites'));
  await page.locator('body').focus();
  assert.ok(await tabTo(page, 'li.card form.fav-toggle button'), 'Tab never reached a remove button');
  await page.keyboard.press('Enter');
  await page.getByText('You have no favorites left').waitFor();

  // Signing out by keyboard too.
  await page.locator('body').focus();
  assert.ok(await tabTo(page, 'form[action="/logout"] button'), 'Tab never reached Sign out');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/`);
  await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
});

test('two readers: neither sees the other\'s name or favorites', async () => {
  const readers = [];
  const contextA = await b.newContext();
  const contextB = await b.newContext();
  const events = await pickEvents(contextA);
  for (const [i, context] of [contextA, contextB].entries()) {
    await ownHostOnly(context);
    const user = await newUser(context);
    const event = events[i];
    const page = await context.newPage();
    await expectHtml(await page.goto(`/events/${event.id}`));
    await page.getByRole('button', { name: SAVE }).click();
    await page.locator('form.fav-toggle button[aria-pressed="true"]').waitFor();
    readers.push({ user, event, page });
  }
  // Interleaved, so one worker may well render both.
  for (let round = 0; round < 2; round += 1) {
    for (const [i, me] of readers.entries()) {
      const other = readers[1 - i];
      await expectHtml(await me.page.goto('/favorites'));
      const html = await me.page.content();
      assert.ok(html.includes(me.user.username), 'the page does not name its reader');
      assert.ok(html.includes(`/events/${me.event.id}`), 'the reader\'s favorite is missing');
      assert.ok(!html.includes(other.user.username), 'the page names the other reader');
      assert.ok(!html.includes(`/events/${other.event.id}`), 'the page shows the other reader\'s favorite');
    }
  }
});
