// Managed settings in Firefox, from a real policy and without touching the
// machine: Firefox on Linux reads an add-on's managed storage from a native
// manifest in ~/.mozilla/managed-storage/<add-on id>.json, and this run's
// HOME is its own temporary folder (firefox.mjs). (Chromium's test stands
// in for storage.managed.get, since Chrome's policy folder is system-wide.)
//
// The other documented route, an enterprise policies.json, cannot be given
// to a test profile: Firefox reads it from /etc/firefox/policies or the
// program's distribution folder only; the pref browser.policies.alternatePath
// is honoured only in automation-enabled (test) builds, and with Debian's
// firefox-esr 153 set to a temporary policies.json it left
// Services.policies.status at 0 (inactive) and storage.managed empty
// (measured). That route stays documented (README, "Managed settings").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { extensionUrl, inAddon, useFirefox, waitFor } from './firefox.mjs';

const SYNC_365 = readFileSync(new URL('../../src/profiles/sync-365.json', import.meta.url), 'utf8');
const MINE = SYNC_365.replace('"id": "sync-365"', '"id": "msp-sync"').replace('"name": "Sync 365"', '"name": "MSP Sync"')
  .replace('"contains": ["sync 365", "sync365"]', '"contains": ["rhipe"]');
const firefox = useFirefox(async () => ({ managed: { activeProfile: 'msp-sync', customProfile: MINE } }));
const byId = (id) => firefox.driver.findElement({ css: `[data-testid="${id}"]` });

test('Firefox: a profile set by policy wins over the admin\'s choice and is shown as managed', async () => {
  const { driver } = firefox;
  assert.deepEqual(await inAddon(driver, 'return browser.storage.managed.get();'), { activeProfile: 'msp-sync', customProfile: MINE },
    'the policy reached the add-on');
  await inAddon(driver, "await browser.storage.local.set({ profile: 'crayon-billing-sync' });");
  await driver.get(extensionUrl('options/options.html'));
  await waitFor(async () => (await (await byId('options-profile')).getAttribute('value')) === 'msp-sync', 'the managed profile shown');
  assert.equal(await (await byId('options-profile')).isEnabled(), false);
  assert.equal(await (await byId('options-import')).isEnabled(), false);
  assert.equal(await (await byId('options-managed-profile')).isDisplayed(), true);
  assert.equal(await (await byId('options-managed-custom')).isDisplayed(), true);

  await driver.get(firefox.url('/security-level/classic-all-correct.html'));
  await waitFor(async () => (await driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")')) === '49/60',
    'the page judged with the managed profile');
  const panel = await driver.executeScript('return document.querySelector("asg-overlay").shadowRoot.textContent');
  assert.match(panel, /MSP Sync/);
});
