// tests/e2e/choose-profile.test.mjs in Firefox: a fresh copy of the API-only
// level asks which integration it is for, the answer is remembered for that
// level on the host, and each level on the host is judged by its own
// profile, named in the panel's title.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Key } from 'selenium-webdriver';
import { inAddon, part, useFirefox, waitFor } from './firefox.mjs';

const HOST_KEY = 'host:ww5.autotask.net';
const FRESH = 'Copy of API User (system) (API-only)';
const firefox = useFirefox();
const attr = (name) => firefox.driver.executeScript(`return document.documentElement.getAttribute(${JSON.stringify(name)})`);
const summaryIs = (value) => waitFor(async () => (await attr('data-asg-summary')) === value, `data-asg-summary=${value}`, 15_000);
const inOverlay = (script, ...args) => firefox.driver.executeScript(
  `const root = document.querySelector('asg-overlay').shadowRoot; ${script}`, ...args);
const stored = () => inAddon(firefox.driver, 'return (await browser.storage.local.get(arguments[0]))[arguments[0]] ?? null;', HOST_KEY);
const forget = () => inAddon(firefox.driver, 'await browser.storage.local.remove(arguments[0]);', HOST_KEY);
const title = () => waitFor(() => inOverlay('const h = root.querySelector(\'[data-testid="asg-panel"] h2\'); return h && h.textContent;'), 'the panel');

async function open(path) {
  await firefox.driver.get(firefox.url(path));
  await waitFor(() => attr('data-asg-page'), 'the page judged');
}

test('Firefox: a fresh copy asks which integration it is for, and the choice is remembered for that level', async () => {
  const { driver } = firefox;
  await forget();
  await open('/security-level/classic-fresh-copy.html');
  const offer = await waitFor(() => part(driver, 'asg-offer'), 'the question');
  assert.match(await offer.getAttribute('textContent'), /fresh copy.*Which integration is it for/s);
  assert.equal(await attr('data-asg-bound'), 'no');
  assert.equal(await driver.executeScript('return document.querySelectorAll("[data-asg]").length'), 0);
  const names = await inOverlay('return [...root.querySelectorAll(\'[data-testid="asg-choices"] button\')].map((b) => b.textContent);');
  assert.ok(names.length >= 8, `every built-in profile is offered: ${names.join(' | ')}`);
  assert.ok(names[0].startsWith('rhipe PRISM Connect'), 'the active profile first');

  // By keyboard: focus Guardz's choice and press Enter.
  const guardz = await waitFor(() => part(driver, 'asg-choice-guardz'), 'Guardz\'s choice');
  await driver.executeScript('arguments[0].focus()', guardz);
  await guardz.sendKeys(Key.ENTER);
  assert.match(await title(), /Guardz/);
  await summaryIs('5/58');
  assert.deepEqual((await stored()).levelProfiles, { [FRESH]: 'guardz' });

  await open('/security-level/classic-fresh-copy.html');
  assert.match(await title(), /Guardz/);
  assert.equal(await part(driver, 'asg-offer'), null);
  await forget();
});

test('Firefox: two integrations\' levels on one host: each judged by its own profile, each named in the panel', async () => {
  await inAddon(firefox.driver, 'await browser.storage.local.set({ [arguments[0]]: { levelProfiles: { [arguments[1]]: "timezest" } } });', HOST_KEY, FRESH);
  await open('/security-level/classic-fresh-copy.html');
  assert.match(await title(), /TimeZest/);
  await summaryIs('4/36');
  await open('/security-level/classic-all-correct.html');
  assert.match(await title(), /rhipe PRISM Connect/);
  await summaryIs('55/55');
  await forget();
});
