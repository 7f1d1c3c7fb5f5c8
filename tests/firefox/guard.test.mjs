// The save guard in Firefox: a failing level is stopped before the page sees
// the save (Cancel saves nothing, "Save anyway" saves exactly once), and a
// passing one saves once with no dialog. The page is tests/fixtures/guard/.
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
  await driver.get(firefox.url('/guard/save-controls.html'));
  await summaryIs(driver, '55/55');
}

// A real pointer click in the middle of the control, as an admin makes it.
async function press(driver, kind) {
  const control = await driver.findElement({ css: `[data-save="${kind}"]` });
  await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', control);
  await driver.actions().move({ origin: control }).click().perform();
}

async function makeFailing(driver) {
  await (await driver.findElement({ css: LOGIN })).click();
  await summaryIs(driver, '54/55');
}

for (const kind of ['input-submit', 'div-mousedown']) {
  test(`Firefox: ${kind} on a failing level is blocked; Cancel saves nothing; Save anyway saves once`, async () => {
    const { driver } = firefox;
    await open(driver);
    await makeFailing(driver);

    await press(driver, kind);
    await waitFor(() => part(driver, 'asg-modal'), 'the dialog');
    const finding = await part(driver, 'asg-modal-finding');
    assert.match(await finding.getText(), /Turn on "Can login to Web Services API/);
    await (await part(driver, 'asg-modal-cancel')).click();
    await waitFor(async () => !(await part(driver, 'asg-modal')), 'the dialog to close');
    await sleep(300);
    assert.deepEqual(await saves(driver), [], 'Cancel saves nothing');

    await press(driver, kind);
    await (await waitFor(() => part(driver, 'asg-modal-save-anyway'), 'the dialog again')).click();
    await waitFor(async () => (await saves(driver)).length > 0, 'the save');
    await sleep(300);
    assert.equal((await saves(driver)).length, 1, `Save anyway saves exactly once: ${await saves(driver)}`);
  });
}

test('Firefox: a passing level saves once, untouched, with no dialog', async () => {
  const { driver } = firefox;
  await open(driver);
  await press(driver, 'input-submit');
  await waitFor(async () => (await saves(driver)).length > 0, 'the save');
  await sleep(300);
  assert.deepEqual(await saves(driver), ['submit:input-submit']);
  assert.equal(await part(driver, 'asg-modal'), null, 'no dialog');
});
