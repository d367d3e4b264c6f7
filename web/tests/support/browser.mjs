// Chromium through playwright-core (Debian's package: Playwright's own download is not used),
// axe-core on every page, and screenshots at phone and desktop widths into target/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { after, before } from 'node:test';
import { repo, startServer } from './server.mjs';

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const screenshots = join(repo, 'target', 'site-tests', 'screenshots');
export const langs = ['en', 'es'];

export async function launch() {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not installed at ${executablePath}: apt-get install chromium (or set CHROMIUM)`);
  }
  // Root in a container has no user namespaces for Chromium's sandbox.
  return chromium.launch({ executablePath, chromiumSandbox: process.getuid?.() !== 0 });
}

export async function newPage(browser, base, options = {}) {
  const context = await browser.newContext({ baseURL: base, locale: 'en-US', timezoneId: 'Europe/Madrid', ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    // The browser logs every failed request; those a test provokes (4xx, 503, offline) are
    // the point of that test and are checked on the page itself.
    if (message.type() === 'error' && !/status of (4\d\d|503)|ERR_INTERNET_DISCONNECTED/.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.problems = problems;
  return page;
}

/**
 * Checks the page as it is now: axe-core (WCAG 2.0–2.2 A and AA) with no serious or critical
 * violation, no script error or CSP violation, and screenshots at 390 px and 1280 px.
 */
export async function audit(page, name) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `axe-core on ${name} (${page.url()})`,
  );
  assert.deepEqual(page.problems, [], `script errors on ${name}`);
  mkdirSync(screenshots, { recursive: true });
  const size = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size ?? { width: 1280, height: 900 });
}

/** A server and a browser for the tests of one file: started before them, stopped after. */
export function serverAndBrowser(options) {
  const env = {};
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
