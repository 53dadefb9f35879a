// Helpers for the browser journeys in ../test/. Each test file runs in its own node
// process (node --test) and gets one chromium through useBrowser(); each test takes a
// fresh context (own cookies) from it. See ../README.md.
import { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The site under test, without a trailing slash (MQ_BASE_URL; default: the test stack). */
export const base = (process.env.MQ_BASE_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');

/** Where shots() writes (MQ_ARTIFACTS; default tests/browser/artifacts, git-ignored). */
export const artifacts = process.env.MQ_ARTIFACTS || join(here, '..', 'artifacts');

const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Bounds for every Playwright wait, so a missing element fails the test rather than
// hanging it. Generous: the test stack runs a sanitizer build on a shared 2-core box.
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 20_000;

/** Launches Debian's chromium headless (no Playwright browser download is involved). */
export async function launch() {
  if (!existsSync(chromePath)) {
    throw new Error(`no chromium at ${chromePath}: run scripts/dev test-browser (installs it), ` +
      'or apt-get install --no-install-recommends chromium, or set CHROME_PATH');
  }
  return chromium.launch({
    executablePath: chromePath,
    // No GPU in CI; /dev/shm may be small in containers; no update or field-trial
    // traffic, which would also show up as third-party requests.
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update'],
    timeout: 30_000,
  });
}

/**
 * One chromium for the calling test file: registers node:test hooks (call it at the top
 * level of the file) that launch it before the first test and close it after the last,
 * and that close each test's contexts when the test ends, first screenshotting their
 * pages into $MQ_ARTIFACTS/failed-<test>-<n>.png when it failed. Also checks that
 * something answers at `base`, so a stack that is not up fails with that message.
 * Returns { browser, newContext(options), newPage(options) }:
 *   newContext: a fresh context (own cookies) with baseURL = base, so page.goto('/x')
 *     works, and bounded default timeouts; options go to browser.newContext.
 *   newPage: newContext(options) and a page in it; returns { context, page }.
 */
export function useBrowser() {
  let open = []; // contexts made by the running test
  const handle = {
    browser: null,
    async newContext(options = {}) {
      assert.ok(handle.browser, 'useBrowser(): the browser is not launched yet (call it at top level)');
      const context = await handle.browser.newContext({ baseURL: base, ...options });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
      open.push(context);
      return context;
    },
    async newPage(options = {}) {
      const context = await handle.newContext(options);
      return { context, page: await context.newPage() };
    },
  };
  before(async () => {
    await reachable();
    handle.browser = await launch();
  });
  // One renderer per context: closing them per test keeps a long file light on a
  // small machine.
  afterEach(async (t) => {
    const contexts = open;
    open = [];
    if (t.passed === false) await failureShots(t.name, contexts);
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  });
  after(async () => {
    await handle.browser?.close();
  });
  return handle;
}

async function failureShots(testName, contexts) {
  const slug = testName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const pages = contexts.flatMap((c) => c.pages()).filter((p) => p.url() !== 'about:blank');
  mkdirSync(artifacts, { recursive: true });
  for (const [i, page] of pages.entries()) {
    const path = join(artifacts, `failed-${slug}-${i + 1}.png`);
    try {
      await page.screenshot({ path, fullPage: true, timeout: 5_000 });
      console.log(`screenshot of ${page.url()} when "${testName}" failed: ${path}`);
    } catch (err) {
      console.log(`no screenshot of ${page.url()}: ${err.message.split('\n')[0]}`);
    }
  }
}

async function reachable() {
  try {
    await fetch(base + '/', { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
  } catch (err) {
    throw new Error(`nothing answers at ${base} (${err.cause?.code ?? err.message}): ` +
      'start a stack (scripts/dev up) and set MQ_BASE_URL to it');
  }
}

let userCount = 0;

/**
 * Registers a fresh user through POST /api/auth/register with context.request, which
 * shares the context's cookies: afterwards every page of `context` is signed in.
 * `fields` may override email, username or password. Returns { email, username, password }.
 */
export async function newUser(context, fields = {}) {
  // Unique across runs against one stack and across files of one run (username: 3-32
  // chars of [A-Za-z0-9_]).
  userCount += 1;
  const username = `u${Date.now().toString(36)}${process.pid.toString(36)}_${userCount}`;
  const user = { email: `${username}@example.com`, username, password: 'correct horse battery', ...fields };
  const res = await context.request.post(base + '/api/auth/register', { data: user });
  await expectStatus(res, 201);
  const names = (await context.cookies(base)).map((c) => c.name);
  assert.ok(names.includes('session') && names.includes('csrf'),
    `POST /api/auth/register answered 201 but set cookies [${names.join(', ')}], expected session and csrf`);
  return user;
}

/** The context's `csrf` cookie: the X-CSRF-Token for cookie-authenticated API calls. */
export async function csrfCookie(context) {
  const cookie = (await context.cookies(base)).find((c) => c.name === 'csrf');
  assert.ok(cookie, 'no csrf cookie in this context: sign in first (newUser)');
  return cookie.value;
}

/**
 * The CSRF token a server-rendered form carries (hidden input name=csrf_token; the
 * first one when the page has several forms).
 */
export async function csrfFrom(page) {
  const input = page.locator('input[name="csrf_token"]');
  assert.ok(await input.count() > 0, `${page.url()}: no <input name="csrf_token"> on the page`);
  const value = await input.first().inputValue();
  assert.ok(value, `${page.url()}: <input name="csrf_token"> is empty`);
  return value;
}

/**
 * Calls the JSON API as the context's user (for setting up a journey, e.g. a seller's
 * listing): method and path like 'POST', '/api/tickets'. Unsafe methods carry the CSRF
 * header and a fresh Idempotency-Key (unless `headers` gives one). Asserts the status
 * (`status`, default any 2xx) and returns the parsed JSON body, or null when empty.
 */
export async function api(context, method, path, { data, headers = {}, status } = {}) {
  const unsafe = !['GET', 'HEAD'].includes(method);
  const all = { ...headers };
  if (unsafe) {
    const names = (await context.cookies(base)).map((c) => c.name);
    if (names.includes('csrf')) all['X-CSRF-Token'] = await csrfCookie(context);
    all['Idempotency-Key'] ??= `browser-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  }
  const res = await context.request.fetch(base + path, { method, data, headers: all });
  if (status !== undefined) await expectStatus(res, status);
  else if (res.status() < 200 || res.status() > 299) await failStatus(`${method} `, res, 'a 2xx');
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Asserts a response's status; `response` is what page.goto/page.waitForResponse or
 * context.request return. The message names the request and shows the start of the
 * body, so a missing page reads as such.
 */
export async function expectStatus(response, code) {
  assert.ok(response, `expected an HTTP ${code} answer, got no response ` +
    '(page.goto returns null for a same-document navigation)');
  if (response.status() !== code) await failStatus('', response, code);
}

async function failStatus(prefix, response, expected) {
  let body;
  try {
    body = (await response.text()).replace(/\s+/g, ' ').slice(0, 300);
  } catch {
    body = '(not available)';
  }
  assert.fail(`${prefix}${response.url()} answered ${response.status()}, expected ${expected}; body: ${body}`);
}

/** expectStatus, and the answer is HTML (Content-Type text/html). */
export async function expectHtml(response, code = 200) {
  await expectStatus(response, code);
  const type = response.headers()['content-type'] ?? '';
  assert.match(type, /^text\/html\b/, `${response.url()}: Content-Type is "${type}", expected text/html`);
}

/**
 * Runs axe-core (WCAG 2 A and AA rules) on the page as it is now and asserts there is
 * no violation; the message lists each one with what to fix and where.
 */
export async function axeCheck(page) {
  // addScriptTag would inline the script, which a Content-Security-Policy without
  // 'unsafe-inline' blocks; evaluate goes through the DevTools protocol instead.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(await axeSource());
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  const lines = violations.map((v) => {
    const more = v.targets.length > 3 ? ` (+${v.targets.length - 3} more)` : '';
    return `  ${v.id} [${v.impact}] ${v.help} -> ${v.targets.slice(0, 3).join(', ')}${more}\n    ${v.helpUrl}`;
  });
  assert.equal(violations.length, 0,
    `axe: ${violations.length} WCAG 2 A/AA violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

let axeText;
async function axeSource() {
  const { readFile } = await import('node:fs/promises');
  axeText ??= await readFile(axePath, 'utf8');
  return axeText;
}

const SHOT_SIZES = [{ width: 375, height: 812 }, { width: 1280, height: 800 }];

/**
 * Full-page screenshots of the page as it is now at 375 px and 1280 px wide, into
 * $MQ_ARTIFACTS/<name>-375.png and <name>-1280.png; the viewport is restored after.
 * Returns the two paths.
 */
export async function shots(page, name) {
  assert.match(name, /^[A-Za-z0-9._-]+$/, `shots(): "${name}" is not a plain file name`);
  mkdirSync(artifacts, { recursive: true });
  const viewport = page.viewportSize();
  const paths = [];
  try {
    for (const size of SHOT_SIZES) {
      await page.setViewportSize(size);
      const path = join(artifacts, `${name}-${size.width}.png`);
      // No animations or caret: the same page gives the same picture.
      await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
      paths.push(path);
    }
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
  return paths;
}

/**
 * Records every request the page makes from now on (call it before page.goto).
 * Returns { requests, offHost(), assertNone() }: requests are the URLs in order;
 * offHost() those to a host (host:port) other than base's; assertNone() asserts there
 * are none, listing them.
 */
export function noThirdParty(page) {
  const own = new URL(base).host;
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  const offHost = () => requests.filter((u) => {
    const url = new URL(u);
    // data:, blob:, about: and the like never leave the browser.
    return /^(https?|wss?):$/.test(url.protocol) && url.host !== own;
  });
  return {
    requests,
    offHost,
    assertNone() {
      const off = offHost();
      assert.equal(off.length, 0, `${page.url()} made ${off.length} request(s) off ${own}:\n  ${off.join('\n  ')}`);
    },
  };
}

/**
 * Records uncaught page exceptions and console errors from now on (call it before
 * page.goto). Returns { errors, assertNone() }.
 */
export function pageErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(`exception: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  return {
    errors,
    assertNone() {
      assert.equal(errors.length, 0, `${page.url()}: ${errors.length} error(s) in the page:\n  ${errors.join('\n  ')}`);
    },
  };
}
