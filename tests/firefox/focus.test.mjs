// The keyboard around the save dialog in Firefox, as tests/e2e/focus.test.mjs
// in Chromium, from the same lists (tests/e2e/scenarios.mjs): the focus goes
// back to the Save that opened the dialog whichever way it closes, Escape
// closes it wherever the focus is, a press on the backdrop leaves the focus
// in the dialog, Tab stays in it; and the dialog's words on a level and on
// an API user page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Key, Origin } from 'selenium-webdriver';
import { DIALOG_CLOSES, DIALOG_WORDS, FOCUS_BACK, HOST_KEY, focusedControl } from '../e2e/scenarios.mjs';
import { inAddon, part, pointerClick, useFirefox, waitFor } from './firefox.mjs';

const LOGIN = '[data-fixture-id="wsapi-login"]';
const SAVE = '[data-save="input-submit"]';
const firefox = useFirefox();

const attr = (name) => firefox.driver.executeScript(`return document.documentElement.getAttribute(${JSON.stringify(name)})`);
const summaryIs = (value) => waitFor(async () => (await attr('data-asg-summary')) === value, `data-asg-summary=${value}`);
const el = (css) => firefox.driver.findElement({ css });
const focused = () => firefox.driver.executeScript(`return (${focusedControl})()`);
const key = (k) => firefox.driver.actions().sendKeys(k).perform();
const modal = () => waitFor(() => part(firefox.driver, 'asg-modal'), 'the dialog');
const closed = () => waitFor(async () => !(await part(firefox.driver, 'asg-modal')), 'the dialog closed');
const saves = () => firefox.driver.executeScript('return window.__saves.slice()');

async function failing() {
  await firefox.driver.get(firefox.url('/guard/save-controls.html'));
  await summaryIs('55/55');
  await (await el(LOGIN)).click();
  await summaryIs('54/55');
}

// A real pointer press on Save (the guard stops its mousedown, so the
// browser does not move the focus to it by itself).
async function pressSave() {
  await pointerClick(firefox.driver, await el(SAVE));
  await modal();
}

for (const [how, testid] of Object.entries(DIALOG_CLOSES)) {
  test(`Firefox: ${how}: ${FOCUS_BACK}`, async () => {
    await failing();
    await pressSave();
    assert.equal(await focused(), 'overlay:asg-modal-cancel', 'the dialog starts on Cancel');
    if (testid) await (await part(firefox.driver, testid)).click();
    else await key(Key.ESCAPE);
    await closed();
    assert.equal(await focused(), 'save:input-submit');
  });
}

test('Firefox: the keyboard path: Enter on a focused Save, Escape, and the focus is on Save again', async () => {
  await failing();
  await firefox.driver.executeScript('arguments[0].focus()', await el('[data-save="button-submit"]'));
  await key(Key.ENTER);
  await modal();
  await key(Key.ESCAPE);
  await closed();
  assert.equal(await focused(), 'save:button-submit');
  assert.deepEqual(await saves(), [], 'nothing saved');
});

test('Firefox: a press on the backdrop keeps the focus in the dialog, and Escape still closes it', async () => {
  await failing();
  await pressSave();
  await firefox.driver.actions().move({ x: 5, y: 5, origin: Origin.VIEWPORT }).click().perform();
  assert.equal(await focused(), 'overlay:asg-modal-cancel', 'the backdrop took no focus');
  await key(Key.ESCAPE);
  await closed();
  assert.equal(await focused(), 'save:input-submit');
});

test('Firefox: Escape closes the dialog wherever the focus is, and Tab brings the focus back into it', async () => {
  await failing();
  await pressSave();
  // A page script moves the focus away (the dialog cannot stop that).
  const away = 'document.querySelector(\'#level input[type="text"]\').focus()';
  await firefox.driver.executeScript(away);
  await key(Key.TAB);
  assert.equal(await focused(), 'overlay:asg-modal-fix', 'Tab from outside goes to the dialog\'s first button');
  await key(Key.TAB);
  await key(Key.TAB);
  await key(Key.TAB);
  assert.equal(await focused(), 'overlay:asg-modal-fix', 'Tab cycles among the three buttons');
  await firefox.driver.executeScript(away);
  await key(Key.ESCAPE);
  await closed();
  assert.deepEqual(await saves(), [], 'Escape saves nothing');
});

const headingAndIntro = () => firefox.driver.executeScript(`const root = document.querySelector('asg-overlay').shadowRoot;
  return [root.querySelector('[data-testid="asg-modal"] h2').textContent, root.querySelector('[data-testid="asg-modal-intro"]').textContent];`);

test('Firefox: the dialog lists advice apart and counts only what must change, in the page\'s own words', async () => {
  await failing();
  await pressSave();
  const [heading, intro] = await headingAndIntro();
  assert.equal(heading, DIALOG_WORDS.level.heading);
  assert.match(intro, DIALOG_WORDS.level.intro);
  await key(Key.ESCAPE);
  await closed();
});

test('Firefox: on an API user page the dialog speaks of the API user, and its advice is apart and not counted', async () => {
  const words = DIALOG_WORDS.apiUser;
  const { driver } = firefox;
  await inAddon(driver, 'const [k, v] = arguments; await browser.storage.local.set({ [k]: v });', HOST_KEY, words.remember);
  try {
    await driver.get(firefox.url(words.path));
    await summaryIs(words.summary);
    await pointerClick(driver, await el('input[type="submit"]'));
    await modal();
    const [heading, intro] = await headingAndIntro();
    assert.equal(heading, words.heading);
    assert.match(intro, words.intro);
    const outcomes = await driver.executeScript(`const root = document.querySelector('asg-overlay').shadowRoot;
      return [...root.querySelectorAll('[data-testid="asg-modal-finding"]')].map((li) => li.dataset.outcome);`);
    assert.deepEqual(outcomes, words.outcomes, 'failures first, the advice after, apart');
    assert.equal(await driver.executeScript(`return document.querySelector('asg-overlay').shadowRoot
      .querySelectorAll('[data-testid="asg-modal-advice"]').length`), 1);
    await key(Key.ESCAPE);
    await closed();
  } finally {
    await inAddon(driver, 'await browser.storage.local.remove(arguments[0]);', HOST_KEY);
  }
});
