// An update keeps what users' browsers stored, in Firefox: the previous
// release's storage (tests/e2e/previous-storage.mjs) is migrated before the
// event page reads it, so the level remembered for the host still binds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_KEY, LEVEL, NEW_HOST, PAGE, previousRelease } from '../e2e/previous-storage.mjs';
import { inAddon, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();

test('Firefox: a previous release\'s storage keeps its remembered level bound after the update', async () => {
  const { driver } = firefox;
  await inAddon(driver, 'await browser.storage.local.clear(); await browser.storage.local.set(arguments[0]);', previousRelease(Date.now()));
  // A 17th host is remembered: the event page makes room, never at the cost of the remembered level.
  const answer = await inAddon(driver, "return browser.runtime.sendMessage({ type: 'choose-level', host: arguments[0], name: 'Another level' });", NEW_HOST);
  assert.deepEqual(answer, { ok: true });
  const stored = await inAddon(driver, 'return browser.storage.local.get(null);');
  assert.equal(stored.storageVersion, 2);
  assert.equal(stored[HOST_KEY]?.level, LEVEL, `the record is kept: ${Object.keys(stored)}`);
  assert.ok(stored[HOST_KEY].touched > 0);
  assert.equal(Object.keys(stored).filter((k) => k.startsWith('host:')).length, 16);
  await driver.get(firefox.url(PAGE));
  const bound = await waitFor(() => driver.executeScript('return document.documentElement.getAttribute("data-asg-bound")'), 'a verdict');
  assert.equal(bound, 'yes');
});
