// The save guard under page faults in Firefox (the same page as
// tests/e2e/faults.test.mjs; the faults that need the worker's own handlers
// are Chromium-only there): a lone surrogate, Enter's default button, a
// keyboard-only Save, a press held for seconds, and a page script pressing
// the overlay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { part, useFirefox, waitFor } from './firefox.mjs';

const LOGIN = '[data-fixture-id="wsapi-login"]';
const firefox = useFirefox();

const summary = (driver) => driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")');
const saves = (driver) => driver.executeScript('return window.__saves.slice()');
const summaryIs = (driver, value) => waitFor(async () => (await summary(driver)) === value, `data-asg-summary=${value}`);

async function open(driver) {
  await driver.get(firefox.url('/guard/faults.html'));
  await summaryIs(driver, '55/55');
}

async function makeFailing(driver) {
  await (await driver.findElement({ css: LOGIN })).click();
  await summaryIs(driver, '54/55');
}

async function control(driver, kind) {
  const el = await driver.findElement({ css: `[data-save="${kind}"]` });
  await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
  return el;
}

async function expectDialogAndNoSave(driver) {
  await waitFor(() => part(driver, 'asg-modal'), 'the dialog', 5_000);
  await sleep(300);
  assert.deepEqual(await saves(driver), [], 'nothing saved while the dialog is open');
}

async function saveAnyway(driver) {
  await (await part(driver, 'asg-modal-save-anyway')).click();
  await waitFor(async () => (await saves(driver)).length > 0, 'the save');
  await sleep(400);
}

test('Firefox: a lone UTF-16 surrogate in a field: the failing level is still stopped with the dialog', async () => {
  const { driver } = firefox;
  await open(driver);
  await makeFailing(driver);
  await driver.executeScript(`const box = document.querySelector('#level textarea');
    box.value = 'Copied for rhipe \\uD83D'; box.dispatchEvent(new Event('input', { bubbles: true }));`);
  await sleep(1_000);
  assert.equal(await driver.executeScript('return document.documentElement.getAttribute("data-asg-error")'), null);
  await driver.actions().move({ origin: await control(driver, 'input-submit') }).click().perform();
  await expectDialogAndNoSave(driver);
});

test('Firefox: Enter in a field, then Save anyway: the post carries the default button', async () => {
  const { driver } = firefox;
  await open(driver);
  await makeFailing(driver);
  await (await driver.findElement({ css: '#level input[type="text"]' })).sendKeys('\uE007');
  await expectDialogAndNoSave(driver);
  await saveAnyway(driver);
  assert.deepEqual(await saves(driver), ['submit:input-submit']);
});

test('Firefox: Enter on a focused div.Button2 Save is guarded as a click is', async () => {
  const { driver } = firefox;
  await open(driver);
  await makeFailing(driver);
  await driver.executeScript('arguments[0].focus()', await control(driver, 'div-key'));
  await driver.actions().sendKeys('\uE007').perform();
  await expectDialogAndNoSave(driver);
  await saveAnyway(driver);
  assert.deepEqual(await saves(driver), ['div-key']);
});

test('Firefox: a mouse held on Save for 2.5 s while a check is pending saves exactly once', async () => {
  const { driver } = firefox;
  await open(driver);
  await (await driver.findElement({ css: '#level textarea' })).sendKeys(' edited');
  await driver.actions().move({ origin: await control(driver, 'input-submit') }).press().pause(2_500).release().perform();
  await waitFor(async () => (await saves(driver)).length > 0, 'the save');
  await sleep(800);
  assert.deepEqual(await saves(driver), ['submit:input-submit']);
});

test('Firefox: a page script cannot press the overlay\'s buttons', async () => {
  const { driver } = firefox;
  await open(driver);
  await makeFailing(driver);
  await driver.actions().move({ origin: await control(driver, 'input-submit') }).click().perform();
  await waitFor(() => part(driver, 'asg-modal'), 'the dialog');
  await driver.executeScript(`document.querySelector('asg-overlay').shadowRoot
    .querySelector('[data-testid="asg-modal-save-anyway"]').click();`);
  await sleep(500);
  assert.deepEqual(await saves(driver), []);
  assert.ok(await part(driver, 'asg-modal'), 'the dialog is still open');
});
