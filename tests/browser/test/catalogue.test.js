// The catalogue pages in a browser: a genre page filtered and paged ("Page X of Y" as
// the API counts), a card leading to its event; search forgiving a typo; "load more"
// appending in place with JavaScript and working as a plain link without it; the
// no-results and empty-query pages. axe and screenshots on each page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, base, api, expectHtml, axeCheck, shots, pageErrors } from '../lib/harness.js';

const b = useBrowser();
const PER_PAGE = 20;

// Event images point at Ticketmaster's CDN, which a test machine may not reach:
// answer every request off the site at once with a blank 1x1 GIF rather than wait for
// it (an aborted image would also be logged as a console error).
const BLANK_GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

async function catPage(options = {}) {
  const { context, page } = await b.newPage(options);
  const own = new URL(base).host;
  await context.route((url) => url.host !== own,
    (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: BLANK_GIF }));
  return { context, page };
}

const pagesOf = (total) => Math.max(1, Math.ceil(total / PER_PAGE));

// How many Music events there are from now, and its sub-genre with the most of them.
async function musicCounts(context) {
  const { items } = await api(context, 'GET', '/api/genres');
  const music = items.find((g) => g.name === 'Music');
  assert.ok(music, 'no Music genre in /api/genres');
  const { total } = await api(context, 'GET', '/api/events?genre=Music&limit=1');
  let best = { name: null, total: -1 };
  for (const sub of music.subGenres) {
    const q = new URLSearchParams({ genre: 'Music', subGenre: sub.name, limit: '1' });
    const { total: n } = await api(context, 'GET', `/api/events?${q}`);
    if (n > best.total) best = { name: sub.name, total: n };
  }
  assert.ok(total > PER_PAGE, `Music has only ${total} events: no page 2`);
  assert.ok(best.total > 0, 'no Music sub-genre has events');
  return { total, sub: best };
}

test('genre page: from the home page, page 2, filter by sub-genre, open an event', async () => {
  const { context, page } = await catPage();
  const errors = pageErrors(page);
  const { total, sub } = await musicCounts(context);
  await expectHtml(await page.goto('/'));
  await page.getByRole('link', { name: 'Music', exact: true }).first().click();
  await page.waitForURL('**/genres/Music');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Music events');
  const pager = page.getByRole('navigation', { name: 'Pagination' });
  await pager.getByText(`Page 1 of ${pagesOf(total)}`, { exact: true }).waitFor();

  await pager.getByRole('link', { name: 'Page 2', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  await pager.getByText(`Page 2 of ${pagesOf(total)}`, { exact: true }).waitFor();
  assert.equal(await pager.locator('[aria-current="page"]').textContent(), 'Page 2');
  await shots(page, 'genre');
  await axeCheck(page);

  // A filter starts again at page 1 and stays in the URL.
  await page.getByLabel('Sub-genre').selectOption({ label: sub.name });
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL((url) => url.searchParams.get('subGenre') === sub.name);
  assert.equal(new URL(page.url()).searchParams.get('page'), null);
  await page.getByText(`Page 1 of ${pagesOf(sub.total)}`, { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Sub-genre').inputValue(), sub.name);
  await axeCheck(page);

  const card = page.locator('.cards .card').first();
  const name = (await card.locator('.card-name').textContent()).trim();
  await card.getByRole('link').click();
  await page.waitForURL('**/events/*');
  assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), name);
  errors.assertNone();
});

test('search: a name with a letter missing still finds the event', async () => {
  const { context, page } = await catPage();
  // A plain name: the hostile fixture's events (markup, a 272-letter word) may be
  // the most popular after other tests.
  const { items } = await api(context, 'GET', '/api/events?sort=popularity&limit=20');
  const event = items.find((e) => e.name.length < 80 && !/[<>"]/.test(e.name));
  assert.ok(event, 'no plain event name among the 20 most popular');
  // Drop the second letter of the name's longest word.
  const word = event.name.split(/[^A-Za-z]+/).reduce((a, w) => (w.length > a.length ? w : a), '');
  assert.ok(word.length >= 4, `no word long enough for a typo in "${event.name}"`);
  const typo = event.name.replace(word, word[0] + word.slice(2));
  await expectHtml(await page.goto('/'));
  const box = page.getByRole('searchbox', { name: 'Search events and venues' }).first();
  await box.fill(typo);
  await box.press('Enter');
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === typo);
  await page.locator(`#search-results a[href="/events/${event.id}"]`).waitFor();
  await shots(page, 'search');
  await axeCheck(page);
});

test('search: "load more" appends the next results in place with JavaScript', async () => {
  const { page } = await catPage();
  const errors = pageErrors(page);
  await expectHtml(await page.goto('/search?q=the'));
  const cards = page.locator('#search-results > li');
  assert.equal(await cards.count(), PER_PAGE);
  const more = page.getByRole('link', { name: 'Load more results' });
  const before = await more.getAttribute('href');
  await more.click();
  await cards.nth(PER_PAGE).waitFor();
  assert.equal(new URL(page.url()).search, '?q=the', 'the page itself did not change');
  await page.getByText(/more results? loaded/).waitFor();
  // Focus moved to the first new card, so keyboard users carry on from there.
  assert.ok(await cards.nth(PER_PAGE).evaluate((li) => li.contains(document.activeElement)),
    'focus is not on the first appended card');
  if (await more.count()) assert.notEqual(await more.getAttribute('href'), before);
  const ids = await cards.evaluateAll((lis) => lis.map((li) => li.querySelector('a').getAttribute('href')));
  assert.equal(new Set(ids).size, ids.length, 'an event was appended twice');
  await axeCheck(page);
  errors.assertNone();
});

test('search: "load more" is a plain link without JavaScript', async () => {
  const { page } = await catPage({ javaScriptEnabled: false });
  await expectHtml(await page.goto('/search?q=the'));
  const first = await page.locator('#search-results a').first().getAttribute('href');
  await page.getByRole('link', { name: 'Load more results' }).click();
  await page.waitForURL((url) => url.searchParams.has('cursor'));
  await page.getByText('Showing more results for “the”').waitFor();
  const cards = page.locator('#search-results > li');
  assert.ok(await cards.count() > 0, 'the next batch is empty');
  assert.notEqual(await page.locator('#search-results a').first().getAttribute('href'), first);
  await shots(page, 'search-more');
  const url = page.url();
  await page.getByRole('link', { name: 'Back to the first results' }).click();
  await page.waitForURL((u) => u.search === '?q=the');

  // axe needs scripts: the same page in a context that runs them.
  const js = await catPage();
  await expectHtml(await js.page.goto(url));
  await axeCheck(js.page);
});

test('search: no results, and no query', async () => {
  const { page } = await catPage();
  await expectHtml(await page.goto('/search?q=qqqxzzzv'));
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'No results for “qqqxzzzv”');
  await page.getByRole('link', { name: 'Music', exact: true }).waitFor();
  await shots(page, 'search-none');
  await axeCheck(page);

  await expectHtml(await page.goto('/search'));
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Search events');
  await shots(page, 'search-form');
  await axeCheck(page);
});
