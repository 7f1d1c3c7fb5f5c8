// The contract page in Firefox, as tests/e2e/contract.test.mjs in Chromium
// (its pairs are judged in pairs.test.mjs): marking a contract, the invoice
// choice, the date format question, and the save guard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Key } from 'selenium-webdriver';
import { fixture } from '../e2e/fixtures.mjs';
import { HOST_KEY } from '../e2e/pairs.mjs';
import { inAddon, part, pointerClick, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();
const remembered = () => inAddon(firefox.driver, 'return (await browser.storage.local.get(arguments[0]))[arguments[0]] || {};', HOST_KEY);
const summary = () => firefox.driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")');
const summaryIs = (value) => waitFor(async () => (await summary()) === value, `data-asg-summary=${value}`, 15_000);
const saves = () => firefox.driver.executeScript('return window.__saves.slice()');
const el = (css) => firefox.driver.findElement({ css });
const press = async (testid) => (await waitFor(() => part(firefox.driver, testid), testid)).click();
const button = (text) => firefox.driver.findElement({ xpath: `//button[normalize-space()="${text}"]` });
const save = async (text = 'Save') => pointerClick(firefox.driver, await button(text));

async function open(name, settings) {
  const { url, spec } = fixture(name);
  await inAddon(firefox.driver, 'await browser.storage.local.set({ [arguments[0]]: arguments[1] });', HOST_KEY, settings ?? spec.remember ?? {});
  await firefox.driver.get(firefox.url(url));
}

// The admin's local date in MM/dd/yyyy, `months` months from this month's 1st.
function firstOfMonth(months) {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() + months, 1);
  return `${String(d.getMonth() + 1).padStart(2, '0')}/01/${d.getFullYear()}`;
}

test('Firefox: an unmarked contract gets the offer; marking it judges it, remembers its name, and it stays marked', async () => {
  await open('contract/unmarked');
  await press('asg-offer-accept');
  await summaryIs('5/5');
  assert.deepEqual((await remembered()).contractNames, ['Acme Cloud (PRISM)']);
  await firefox.driver.navigate().refresh();
  await summaryIs('5/5');
});

test('Firefox: a new contract with no name yet is judged once marked on its page', async () => {
  await open('contract/new-all-correct', {});
  await (await el('[data-fixture-id="start"]')).clear();
  const name = await firefox.driver.executeScript(
    'return [...document.querySelectorAll("label")].find((l) => l.textContent.trim() === "Contract Name").control');
  await name.clear();
  await sleep(1_500); // the re-check after an edit comes within a second
  await press('asg-offer-accept');
  // Empty Start Date: both start rules incomplete.
  await summaryIs('3/5');
  assert.deepEqual((await remembered()).contractNames, []);
});

test('Firefox: the invoice choice moves the latest start date that works, and is remembered', async () => {
  await open('contract/start-this-month');
  await summaryIs('4/4');
  assert.equal(await (await part(firefox.driver, 'asg-latest-start')).getAttribute('data-date'), firstOfMonth(-1));
  const invoice = await part(firefox.driver, 'asg-invoice');
  assert.equal(await invoice.getAttribute('value'), 'most-recent');
  // By keyboard: the arrow key changes the choice, and the page re-checks.
  await invoice.sendKeys(Key.ARROW_DOWN);
  await summaryIs('5/5');
  assert.equal(await (await part(firefox.driver, 'asg-latest-start')).getAttribute('data-date'), firstOfMonth(0));
  assert.equal(await (await el('[data-fixture-id="start"]')).getAttribute('data-asg'), 'pass');
  assert.equal((await remembered()).invoice, 'next');
});

test('Firefox: an ambiguous date asks for the date format; the answer is remembered for the host', async () => {
  await open('contract/ambiguous-date');
  await summaryIs('2/5');
  await waitFor(() => part(firefox.driver, 'asg-date-question'), 'the date question');
  await (await firefox.driver.executeScript('return document.querySelector("asg-overlay").shadowRoot.querySelector(\'[data-testid="asg-date-format"] option[value="dd/MM/yyyy"]\')')).click();
  await summaryIs('4/5');
  assert.equal((await remembered()).dateFormat, 'dd/MM/yyyy');
});

test('Firefox: a date format shown by the page is used and not asked', async () => {
  await open('contract/format-dd-mm-yyyy');
  await summaryIs('5/5');
  assert.match(await (await part(firefox.driver, 'asg-date-format-page')).getAttribute('textContent'), /dd\/MM\/yyyy/);
  assert.equal(await part(firefox.driver, 'asg-date-format'), null);
});

test('Firefox: save guard: a wrong type is stopped; Cancel saves nothing; Save anyway saves once; Fix for me then Save saves', async () => {
  await open('contract/new-wrong-type');
  await summaryIs('4/5');
  await save();
  const finding = await waitFor(() => part(firefox.driver, 'asg-modal-finding'), 'the dialog');
  assert.match(await finding.getAttribute('textContent'), /Set "Contract Type" to Recurring Service/);
  await press('asg-modal-cancel');
  await sleep(300);
  assert.deepEqual(await saves(), [], 'Cancel saves nothing');
  await save();
  await press('asg-modal-save-anyway');
  await waitFor(async () => (await saves()).length > 0, 'the save');
  await sleep(300);
  assert.deepEqual(await saves(), ['Save'], 'Save anyway saves exactly once');
  await save();
  await press('asg-modal-fix');
  await summaryIs('5/5');
  assert.equal(await (await el('[data-fixture-id="type"] option:checked')).getAttribute('textContent'), 'Recurring Service');
  await save();
  await waitFor(async () => (await saves()).length > 1, 'the second save');
  await sleep(300);
  assert.equal(await part(firefox.driver, 'asg-modal'), null, 'a passing contract saves without the dialog');
  assert.deepEqual(await saves(), ['Save', 'Save']);
});

test('Firefox: save guard: an existing contract of another type says to create a new one, with nothing to apply', async () => {
  await open('contract/existing-wrong-type');
  await summaryIs('4/5');
  assert.equal(await part(firefox.driver, 'asg-apply'), null, 'no Apply: the type cannot change');
  await save('Save & Close');
  const modal = await waitFor(() => part(firefox.driver, 'asg-modal'), 'the dialog');
  assert.match(await modal.getAttribute('textContent'), /create a new Recurring Service contract/);
  await press('asg-modal-cancel');
  await sleep(300);
  assert.deepEqual(await saves(), []);
});

test('Firefox: save guard: warnings alone never block (End Date in 30 days)', async () => {
  await open('contract/end-soon');
  await summaryIs('4/4');
  await save();
  await waitFor(async () => (await saves()).length > 0, 'the save');
  assert.equal(await part(firefox.driver, 'asg-modal'), null);
});

test('Firefox: save guard: an unmarked contract is never guarded', async () => {
  await open('contract/unmarked');
  await waitFor(() => part(firefox.driver, 'asg-offer'), 'the offer');
  await (await firefox.driver.findElement({ xpath: '//select[@data-fixture-id="type"]/option[normalize-space()="Fixed Price"]' })).click();
  await sleep(500);
  await save();
  await waitFor(async () => (await saves()).length > 0, 'the save');
  assert.equal(await part(firefox.driver, 'asg-modal'), null);
});
