// The store screenshots in Firefox, as tests/e2e/store-screenshots.test.mjs
// makes them in Chromium (1280×800, the size addons.mozilla.org takes as the
// other stores do), from the same demo pages with the built add-on, written
// to dist/store-screenshots/firefox/ (not in git): the panel on a failing
// security level, the save dialog, the checker page's verdict on a saved
// page, and the live API check.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { HOSTS as API_HOSTS, INTEGRATION_CODE, USERS, startApiStandin } from '../e2e/api-standin.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { extensionUrl, openSaveDialog, part, setViewport, useFirefox, waitFor } from './firefox.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(REPO, 'dist', 'store-screenshots', 'firefox');
const SIZE = { width: 1280, height: 800 };
const SECRET = 'Screenshot~Secret~0000000'; // the stand-in's, for the picture only

let standin;
let www;
const firefox = useFirefox(async () => {
  standin = await startApiStandin(SECRET);
  return { routes: Object.fromEntries(API_HOSTS.map((h) => [h, standin.port])) };
});
before(async () => {
  mkdirSync(OUT, { recursive: true });
  www = await serveStatic(join(REPO, 'dist', 'www'));
});
after(async () => {
  await www?.close();
  await standin?.close();
});

const byId = (id) => firefox.driver.findElement({ css: `[data-testid="${id}"]` });
const summaryIs = (value) => waitFor(async () => (await firefox.driver.executeScript(
  'return document.documentElement.getAttribute("data-asg-summary")')) === value, `data-asg-summary=${value}`);

async function shoot(name, prepare) {
  const { driver } = firefox;
  await setViewport(driver, SIZE);
  await prepare();
  const png = Buffer.from(await driver.takeScreenshot(), 'base64');
  writeFileSync(join(OUT, `${name}.png`), png);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [SIZE.width, SIZE.height], `${name}: 1280×800`);
}

test('Firefox: screenshot: the panel on a failing security level', () => shoot('1-panel-failing-level', async () => {
  await firefox.driver.get(firefox.url('/security-level/classic-deviations.html'));
  await summaryIs('50/55');
  await waitFor(() => part(firefox.driver, 'asg-panel'), 'the panel');
}));

test('Firefox: screenshot: the save dialog', () => shoot('2-save-dialog', async () => {
  await openSaveDialog(firefox);
}));

test('Firefox: screenshot: the checker page on a saved security level page', () => shoot('3-checker-page', async () => {
  await firefox.driver.get(`http://127.0.0.1:${www.port}/`);
  await waitFor(async () => (await (await byId('engine-status')).getAttribute('data-state')) === 'ready', 'the engine');
  await (await byId('file-input')).sendKeys(join(REPO, 'tests', 'fixtures', 'security-level', 'classic-deviations.html'));
  await waitFor(async () => (await (await byId('report-json')).getAttribute('textContent')).includes('"passed": 50'), 'the verdict');
}));

test('Firefox: screenshot: the live API check', () => shoot('4-live-check', async () => {
  await firefox.driver.get(extensionUrl('check/check.html'));
  for (const [id, text] of [['live-username', USERS.noContracts.username], ['live-secret', SECRET], ['live-code', INTEGRATION_CODE]]) {
    await (await waitFor(() => byId(id), id)).sendKeys(text);
  }
  await (await byId('live-run')).click();
  await waitFor(async () => (await (await byId('live-status')).getAttribute('data-state')) === 'done', 'the check done', 30_000);
}));
