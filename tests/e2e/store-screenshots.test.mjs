// The store screenshots (1280×800, the size the Chrome Web Store, Edge
// Add-ons and addons.mozilla.org all take), made from the demo pages with the
// built extension in Chromium and written to dist/store-screenshots/ (not in
// git): the panel on a failing security level, the save dialog, the checker
// page's verdict on a saved page, and the live API check.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { HOSTS as API_HOSTS, INTEGRATION_CODE, USERS, startApiStandin } from './api-standin.mjs';
import { launch } from './browser.mjs';
import { serveStatic, startServer } from './server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(REPO, 'dist', 'store-screenshots');
const SIZE = { width: 1280, height: 800 };
const AUTOTASK = 'https://ww5.autotask.net';
const SECRET = 'Screenshot~Secret~0000000'; // the stand-in's, for the picture only

let fixtures;
let standin;
let www;
let browser;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  fixtures = await startServer();
  standin = await startApiStandin(SECRET);
  www = await serveStatic(join(REPO, 'dist', 'www'));
  browser = await launch(fixtures.port, Object.fromEntries(API_HOSTS.map((h) => [h, standin.port])));
});
after(async () => {
  await browser?.close();
  await www?.close();
  await standin?.close();
  await fixtures?.close();
});

async function shoot(name, prepare) {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize(SIZE);
    await prepare(page);
    const path = join(OUT, `${name}.png`);
    await page.screenshot({ path });
    const png = readFileSync(path);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [SIZE.width, SIZE.height], `${name}: 1280×800`);
  } finally {
    await page.close();
  }
}

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });

test('screenshot: the panel on a failing security level', () => shoot('1-panel-failing-level', async (page) => {
  await page.goto(`${AUTOTASK}/security-level/classic-deviations.html`);
  await summaryIs(page, '50/55');
  await page.getByTestId('asg-panel').waitFor();
}));

test('screenshot: the save dialog', () => shoot('2-save-dialog', async (page) => {
  await page.goto(`${AUTOTASK}/guard/save-controls.html`);
  await summaryIs(page, '55/55');
  await page.click('[data-fixture-id="wsapi-login"]');
  await summaryIs(page, '54/55');
  await page.locator('[data-save="input-submit"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-save="input-submit"]').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('asg-modal').waitFor();
}));

test('screenshot: the checker page on a saved security level page', () => shoot('3-checker-page', async (page) => {
  await page.goto(`http://127.0.0.1:${www.port}/`);
  await page.getByTestId('engine-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 10_000 });
  await page.getByTestId('file-input').setInputFiles(join(REPO, 'tests', 'fixtures', 'security-level', 'classic-deviations.html'));
  await page.getByTestId('report-json').filter({ hasText: '"passed": 50' }).waitFor({ state: 'attached', timeout: 10_000 });
}));

test('screenshot: the live API check', () => shoot('4-live-check', async (page) => {
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  await page.goto(`chrome-extension://${new URL(worker.url()).host}/check/check.html`);
  await page.getByTestId('live-username').fill(USERS.noContracts.username);
  await page.getByTestId('live-secret').fill(SECRET);
  await page.getByTestId('live-code').fill(INTEGRATION_CODE);
  await page.getByTestId('live-run').click();
  await page.getByTestId('live-status').and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
}));
