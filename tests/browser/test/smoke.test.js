// The home page answers with accessible HTML: one <main>, an <h1>, no axe violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, expectHtml, axeCheck, shots } from '../lib/harness.js';

const b = useBrowser();

test('home page: HTML with one <main>, an <h1> and no WCAG A/AA violation', async () => {
  const { page } = await b.newPage();
  await expectHtml(await page.goto('/'));
  assert.equal(await page.getByRole('main').count(), 1, 'the home page needs exactly one <main> landmark');
  assert.ok(await page.getByRole('heading', { level: 1 }).count() > 0, 'the home page has no <h1>');
  await shots(page, 'home'); // before axe, so a failing page still leaves its pictures
  await axeCheck(page);
});
