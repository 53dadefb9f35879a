// Events whose names, venues and descriptions are markup, quotes and very long words
// (tests/fixtures/web/hostile, ingested by the test stack through the real jobs): no
// script of theirs runs, and the pages keep their layout at phone and desktop widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, base, api, expectHtml, axeCheck, shots } from '../lib/harness.js';

const b = useBrowser();

async function ownHostOnly(context) {
  const own = new URL(base).host;
  await context.route((url) => url.host !== own, (route) => route.abort());
}

async function hostileIds(context) {
  const ids = [];
  for (const q of ['Supercalifragilisticexpialidocious', 'Hostile Fest']) {
    const { items } = await api(context, 'GET', `/api/search?q=${encodeURIComponent(q)}`);
    assert.ok(items.length > 0, `no event for ${q}: the hostile fixture is not loaded`);
    ids.push(items[0].id);
  }
  return ids;
}

// Nothing wider than the viewport: a long word must wrap, not push the page sideways.
async function assertNoSidewaysScroll(page, width) {
  await page.setViewportSize({ width, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a ${width}px viewport`);
}

test('hostile event pages: no injected script runs, text is shown as text, layout holds', async () => {
  const { context, page } = await b.newPage();
  await ownHostOnly(context);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const [first, second] = await hostileIds(context);

  await expectHtml(await page.goto(`/events/${first}`));
  const h1 = await page.getByRole('heading', { level: 1 }).textContent();
  assert.match(h1, /^<\/title><script>alert\("name"\)<\/script> & "Quoted" 'Single' Supercali/);
  assert.equal(await page.title().then((t) => t.startsWith('</title><script>')), true);
  for (const width of [375, 1280]) await assertNoSidewaysScroll(page, width);
  await shots(page, 'hostile-event');
  await axeCheck(page);

  await expectHtml(await page.goto(`/events/${second}`));
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.equal(await page.locator('style').count(), 0, 'an injected <style> took effect');
  for (const width of [375, 1280]) await assertNoSidewaysScroll(page, width);

  await expectHtml(await page.goto('/search?q=Hostile+Fest'));
  for (const width of [375, 1280]) await assertNoSidewaysScroll(page, width);
  await shots(page, 'hostile-search');
  assert.deepEqual(dialogs, [], 'an injected script ran');
});
