// The checker page's result, in Chromium: the keyboard and the view go to
// it, the status line's colour follows the verdict (red for a page that
// fails), Copy Markdown sits beside Download and copies the same report,
// and a bad file after a good one labels the old result as the previous
// file's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { RESULT, fixturePath as fixture } from './checker-files.mjs';
import { serveStatic, startServer } from './server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

let www;
let fixtures;
let browser;
before(async () => {
  www = await serveStatic(join(REPO, 'dist/www'));
  fixtures = await startServer();
  browser = await launch(fixtures.port);
});
after(async () => {
  await browser?.close();
  await fixtures?.close();
  await www?.close();
});

async function checker() {
  const page = await browser.context.newPage();
  await page.setViewportSize(RESULT.viewport);
  await page.goto(`http://127.0.0.1:${www.port}/`);
  await page.getByTestId('engine-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 10_000 });
  return page;
}

async function give(page, file) {
  const status = page.getByTestId('file-status');
  const run = await status.getAttribute('data-run');
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction((prev) => {
    const now = document.querySelector('[data-testid="file-status"]').dataset.run;
    return now !== undefined && now !== prev;
  }, run, { timeout: 30_000 });
}

const colour = (page) => page.getByTestId('file-status').evaluate((el) => getComputedStyle(el).color);

test('a failing page: red status, focus and view on the result; a passing one: green', async () => {
  const page = await checker();
  try {
    await give(page, fixture(RESULT.failing));
    assert.equal(await page.getByTestId('file-status').getAttribute('data-outcome'), 'fail');
    assert.equal(await colour(page), RESULT.colour.fail);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'result-heading');
    const top = await page.locator('#result-heading').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < RESULT.viewport.height, `the result is in view (${top})`);
    await give(page, fixture(RESULT.passing));
    assert.equal(await page.getByTestId('file-status').getAttribute('data-outcome'), 'pass');
    assert.equal(await colour(page), RESULT.colour.pass);
  } finally {
    await page.close();
  }
});

test('Copy Markdown copies the report that Download gives', async () => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${www.port}` });
  const page = await checker();
  try {
    await give(page, fixture(RESULT.failing));
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    const { readFileSync } = await import('node:fs');
    const downloaded = readFileSync(await file.path(), 'utf8');
    await page.getByTestId('export-copy-markdown').click();
    await page.getByTestId('export-status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), downloaded);
  } finally {
    await page.close();
  }
});

test('a bad file after a good one: the old result is labelled as the previous file\'s', async () => {
  const page = await checker();
  try {
    await give(page, fixture(RESULT.failing));
    assert.equal(await page.getByTestId('result-previous').count(), 0);
    await give(page, { name: RESULT.notAPage[0], mimeType: 'text/plain', buffer: Buffer.from(RESULT.notAPage[1]) });
    assert.equal(await page.getByTestId('file-status').getAttribute('data-state'), 'error');
    assert.match(await page.getByTestId('result-previous').textContent(), RESULT.previous);
    await give(page, fixture(RESULT.passing));
    assert.equal(await page.getByTestId('result-previous').count(), 0, 'a new result has no label');
  } finally {
    await page.close();
  }
});
