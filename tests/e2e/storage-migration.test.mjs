// An update keeps what users' browsers stored: a previous release's storage
// (tests/e2e/previous-storage.mjs) is migrated (extension/background/storage.js),
// before the worker reads it (and on runtime.onInstalled, reason "update",
// which a test browser cannot fire without reloading the extension under
// the driver: that path is migrate(), tested in tests/packages/storage.test.mjs),
// so the level remembered for the host still binds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { HOST_KEY, LEVEL, NEW_HOST, PAGE, previousRelease } from './previous-storage.mjs';

const browser = useBrowser();
const worker = () => browser.context.serviceWorkers().at(-1);

async function seedPreviousRelease() {
  await worker().evaluate(async (seed) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(seed);
  }, previousRelease(Date.now()));
}

async function boundOnPage() {
  const page = await browser.context.newPage();
  try {
    await page.goto(`https://ww5.autotask.net${PAGE}`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-asg-bound'), null, { timeout: 10_000 });
    return await page.locator('html').getAttribute('data-asg-bound');
  } finally {
    await page.close();
  }
}

test('a previous release\'s storage keeps its remembered level bound after the update', async () => {
  await seedPreviousRelease();
  // A 17th host is remembered: the worker makes room, never at the cost of the remembered level.
  const answer = await worker().evaluate((host) => handlers['choose-level']({ host, name: 'Another level' }), NEW_HOST); // eslint-disable-line no-undef
  assert.deepEqual(answer, { ok: true });
  const stored = await worker().evaluate(() => chrome.storage.local.get(null));
  assert.equal(stored.storageVersion, 2);
  assert.equal(stored[HOST_KEY]?.level, LEVEL, `the record is kept: ${Object.keys(stored)}`);
  assert.ok(stored[HOST_KEY].touched > 0);
  assert.equal(Object.keys(stored).filter((k) => k.startsWith('host:')).length, 16);
  assert.equal(await boundOnPage(), 'yes');
});
