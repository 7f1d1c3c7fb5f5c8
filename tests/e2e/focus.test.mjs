// The keyboard around the save dialog: focus goes back to the Save that
// opened it whichever way it closes (Escape, Cancel, Save anyway, Fix for
// me), Escape closes it wherever the focus is, and a press on the backdrop
// leaves the focus in the dialog. Then the panel: Tab stays in the dialog.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { DIALOG_CLOSES, DIALOG_WORDS, FOCUS_BACK, HOST_KEY, focusedControl } from './scenarios.mjs';

const PAGE = 'https://ww5.autotask.net/guard/save-controls.html';
const LOGIN = '[data-fixture-id="wsapi-login"]';
const SAVE = '[data-save="input-submit"]';
const browser = useBrowser();

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });

async function failing(page) {
  await page.goto(PAGE);
  await summaryIs(page, '55/55');
  await page.uncheck(LOGIN);
  await summaryIs(page, '54/55');
}

// A real mouse press on Save (the guard stops its mousedown, so the browser
// does not move the focus to it by itself).
async function pressSave(page) {
  await page.locator(SAVE).scrollIntoViewIfNeeded();
  const box = await page.locator(SAVE).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('asg-modal').waitFor();
}

const focused = (page) => page.evaluate(focusedControl);

const close = (page, how) => (DIALOG_CLOSES[how] ? page.getByTestId(DIALOG_CLOSES[how]).click() : page.keyboard.press('Escape'));

for (const how of Object.keys(DIALOG_CLOSES)) {
  test(`${how}: ${FOCUS_BACK}`, () => browser.withPage(async (page) => {
    await failing(page);
    await pressSave(page);
    assert.equal(await focused(page), 'overlay:asg-modal-cancel', 'the dialog starts on Cancel');
    await close(page, how);
    await page.getByTestId('asg-modal').waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'save:input-submit');
  }));
}

test('the keyboard path: Enter on a focused Save, Escape, and the focus is on Save again', () => browser.withPage(async (page) => {
  await failing(page);
  await page.focus('[data-save="button-submit"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('asg-modal').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('asg-modal').waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'save:button-submit');
  assert.deepEqual(await page.evaluate(() => window.__saves.slice()), [], 'nothing saved');
}));

test('a press on the backdrop keeps the focus in the dialog, and Escape still closes it', () => browser.withPage(async (page) => {
  await failing(page);
  await pressSave(page);
  await page.mouse.click(5, 5);
  assert.equal(await focused(page), 'overlay:asg-modal-cancel', 'the backdrop took no focus');
  await page.keyboard.press('Escape');
  await page.getByTestId('asg-modal').waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'save:input-submit');
}));

test('Escape closes the dialog wherever the focus is, and Tab brings the focus back into it', () => browser.withPage(async (page) => {
  await failing(page);
  await pressSave(page);
  // A page script moves the focus away (the dialog cannot stop that).
  await page.evaluate(() => document.querySelector('#level input[type="text"]').focus());
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'overlay:asg-modal-fix', 'Tab from outside goes to the dialog\'s first button');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'overlay:asg-modal-fix', 'Tab cycles among the three buttons');
  await page.evaluate(() => document.querySelector('#level input[type="text"]').focus());
  await page.keyboard.press('Escape');
  await page.getByTestId('asg-modal').waitFor({ state: 'detached' });
  assert.deepEqual(await page.evaluate(() => window.__saves.slice()), [], 'Escape saves nothing');
}));

test('the dialog lists advice apart and counts only what must change, in the page\'s own words', () => browser.withPage(async (page) => {
  await failing(page);
  await pressSave(page);
  const modal = page.getByTestId('asg-modal');
  assert.equal(await modal.locator('h2').textContent(), DIALOG_WORDS.level.heading);
  assert.match(await page.getByTestId('asg-modal-intro').textContent(), DIALOG_WORDS.level.intro);
  await page.keyboard.press('Escape');
}));

test('on an API user page the dialog speaks of the API user, and its advice is apart and not counted', () => browser.withPage(async (page) => {
  const words = DIALOG_WORDS.apiUser;
  await browser.context.serviceWorkers()[0].evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [HOST_KEY, words.remember]);
  await page.goto(`https://ww5.autotask.net${words.path}`);
  await summaryIs(page, words.summary);
  const save = page.locator('input[type="submit"]');
  const box = await save.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const modal = page.getByTestId('asg-modal');
  await modal.waitFor();
  assert.equal(await modal.locator('h2').textContent(), words.heading);
  assert.match(await page.getByTestId('asg-modal-intro').textContent(), words.intro);
  const outcomes = await modal.getByTestId('asg-modal-finding').evaluateAll((items) => items.map((li) => li.dataset.outcome));
  assert.deepEqual(outcomes, words.outcomes, 'failures first, the advice after, apart');
  assert.equal(await page.getByTestId('asg-modal-advice').count(), 1);
  await page.keyboard.press('Escape');
  await modal.waitFor({ state: 'detached' });
  await browser.context.serviceWorkers()[0].evaluate((key) => chrome.storage.local.remove(key), HOST_KEY);
}));
