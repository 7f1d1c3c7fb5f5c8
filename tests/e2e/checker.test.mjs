// The standalone checker page, built into dist/www, in Chromium: the engine
// loads under the page's own CSP and shows its version and profiles.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serveStatic, startServer } from './server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = readFileSync(`${REPO}Cargo.toml`, 'utf8').match(/^version = "([^"]+)"/m)[1];

let www;
let fixtures;
let browser;
before(async () => {
  www = await serveStatic(`${REPO}dist/www`);
  fixtures = await startServer();
  browser = await launch(fixtures.port);
});
after(async () => {
  await browser?.close();
  await fixtures?.close();
  await www?.close();
});

test('checker page loads the engine and lists the rhipe profile, with no console errors', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(`http://127.0.0.1:${www.port}/`);
  const status = page.getByTestId('engine-status');
  await status.and(page.locator('[data-state]')).waitFor({ timeout: 10_000 });
  assert.equal(await status.getAttribute('data-state'), 'ready', await status.textContent());
  assert.equal(await page.getByTestId('engine-version').textContent(), VERSION);
  const profiles = await page.getByTestId('profiles').locator('li').allTextContents();
  assert.equal(profiles.length, 1, profiles.join('\n'));
  assert.match(profiles[0], /^rhipe PRISM Connect 1\.0\.0 \(rhipe-prism-connect\)/);
  assert.deepEqual(problems, []);
  await page.close();
});
