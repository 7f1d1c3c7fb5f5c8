// The New Contract Wizard across its pages in Firefox, as
// tests/e2e/wizard.test.mjs in Chromium (its pairs are judged in
// pairs.test.mjs): what page 1 showed is kept by the event page for the tab
// (storage.session) and judged on page 2; Finish is guarded as a save, Next
// and Previous never; Finish and Cancel drop what was kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST_KEY } from '../e2e/pairs.mjs';
import { inAddon, part, pointerClick, useFirefox, waitFor } from './firefox.mjs';

const GENERAL = '/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard.html';
const BILLING = '/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard/Billing.html';
const NAME = 'Acme Cloud (PRISM)';
const firefox = useFirefox();
const remember = (settings) => inAddon(firefox.driver, 'await browser.storage.local.set({ [arguments[0]]: arguments[1] });', HOST_KEY, settings);
const remembered = () => inAddon(firefox.driver, 'return (await browser.storage.local.get(arguments[0]))[arguments[0]] || {};', HOST_KEY);
const kept = () => inAddon(firefox.driver, `const all = await browser.storage.session.get(null);
  return Object.keys(all).filter((k) => k.startsWith('wizard:')).length;`);
const attr = (name) => firefox.driver.executeScript(`return document.documentElement.getAttribute("${name}")`);
const summaryIs = (value) => waitFor(async () => (await attr('data-asg-summary')) === value, `data-asg-summary=${value}`, 15_000);
const saves = () => firefox.driver.executeScript('return window.__saves.slice()');
const press = async (testid) => (await waitFor(() => part(firefox.driver, testid), testid)).click();
const toolbar = async (text) => pointerClick(firefox.driver,
  await firefox.driver.findElement({ xpath: `//div[contains(@class,"Button2")][normalize-space()="${text}"]` }));
const at = (path) => waitFor(async () => (await firefox.driver.getCurrentUrl()).endsWith(path), path);

async function toBilling(edit) {
  await remember({});
  await firefox.driver.get(firefox.url(GENERAL));
  await press('asg-offer-accept');
  await summaryIs('4/4');
  if (edit) await edit();
  await toolbar('Next');
  await at(BILLING);
}

const startOnThe15th = async () => {
  const start = await firefox.driver.findElement({ css: '[data-fixture-id="start"]' });
  const value = await start.getAttribute('value');
  await start.clear();
  await start.sendKeys(value.replace(/^(\d\d)\/01\//, '$1/15/'));
  await summaryIs('2/3');
};

test('Firefox: wizard: Next is never blocked; a later page judges what an earlier one showed; Finish is blocked with the dialog and Save anyway goes through', async () => {
  await toBilling(startOnThe15th);
  await summaryIs('3/4');
  assert.equal(await (await firefox.driver.findElement({ css: '[data-fixture-id="period"]' })).getAttribute('data-asg'), 'pass');
  const earlier = await firefox.driver.executeScript(`return [...document.querySelector("asg-overlay").shadowRoot
    .querySelectorAll('[data-testid="asg-finding"]')].some((f) => f.textContent.includes("Read on an earlier page of the wizard"))`);
  assert.ok(earlier, 'the checklist shows page 1\'s Start Date');
  assert.equal(await kept(), 1);
  await toolbar('Finish');
  await waitFor(() => part(firefox.driver, 'asg-modal'), 'the dialog');
  assert.deepEqual(await saves(), [], 'the dialog holds Finish');
  await press('asg-modal-save-anyway');
  await waitFor(async () => (await saves()).length > 0, 'the finish');
  await sleep(300);
  assert.deepEqual(await saves(), ['Finish']);
  await waitFor(async () => (await kept()) === 0, 'what was kept goes at Finish');
  const contract = Object.values((await remembered()).journal || {})[0]?.contract;
  assert.ok(contract && contract.passes === false && contract.name === NAME);
});

test('Firefox: wizard: a passing wizard finishes without the dialog and is recorded in the setup journey', async () => {
  await toBilling();
  await summaryIs('5/5');
  await toolbar('Finish');
  await waitFor(async () => (await saves()).length > 0, 'the finish');
  await sleep(300);
  assert.equal(await part(firefox.driver, 'asg-modal'), null);
  await waitFor(async () => (await kept()) === 0, 'what was kept goes at Finish');
  const host = await remembered();
  const contract = Object.values(host.journal || {})[0]?.contract;
  assert.ok(contract && contract.passes === true && contract.name === NAME, JSON.stringify(host.journal));
  assert.ok((host.contractNames || []).includes(NAME));
});

test('Firefox: wizard: Previous is never blocked, and Cancel drops what was kept', async () => {
  await toBilling(startOnThe15th);
  await summaryIs('3/4');
  await toolbar('Previous');
  await at(GENERAL);
  await summaryIs('5/5');
  await toolbar('Cancel');
  await waitFor(async () => (await kept()) === 0, 'what was kept goes at Cancel');
  await firefox.driver.get(firefox.url(BILLING));
  await waitFor(() => part(firefox.driver, 'asg-offer'), 'the offer');
  assert.equal(await attr('data-asg-bound'), 'no');
});
