// The save guard end to end, for every kind of save control an Autotask
// edit page may have: a failing level is stopped before the page sees the
// save; "Cancel" saves nothing; "Save anyway" saves exactly once; "Fix for
// me" then Save saves a passing page without a dialog; and whenever the
// check cannot finish, the save goes through once with a notice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';
import { SAVE_CONTROLS } from './scenarios.mjs';

const PAGE = 'https://ww5.autotask.net/guard/save-controls.html';
const LOGIN = '[data-fixture-id="wsapi-login"]';
const browser = useBrowser();

async function open() {
  const page = await browser.context.newPage();
  await page.goto(PAGE);
  await summaryIs(page, '55/55');
  return page;
}

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });
const saves = (page) => page.evaluate(() => window.__saves.slice());

// A real mouse click at the control. (Playwright's own click() checks that
// its pointerdown reached the element, and the guard stops exactly that.)
async function mouseClick(page, selector, clickCount = 1) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount });
}

// How an admin uses each kind of save control (scenarios.mjs).
const pressOf = (control) => (control.click
  ? (page) => mouseClick(page, control.click)
  : async (page) => {
    await page.focus(control.enter);
    await page.keyboard.press('Enter');
  });

async function makeFailing(page) {
  await page.uncheck(LOGIN);
  await summaryIs(page, '54/55');
}

for (const control of SAVE_CONTROLS) {
  test(control.title, async () => {
    const press = pressOf(control);
    const page = await open();
    await makeFailing(page);

    await press(page);
    const modal = page.getByTestId('asg-modal');
    await modal.waitFor();
    assert.match(await modal.getByTestId('asg-modal-finding').first().textContent(), /Turn on "Can login to Web Services API/);
    await page.getByTestId('asg-modal-cancel').click();
    await modal.waitFor({ state: 'detached' });
    await sleep(300);
    assert.deepEqual(await saves(page), [], 'Cancel saves nothing');

    await press(page);
    await modal.waitFor();
    await page.getByTestId('asg-modal-save-anyway').click();
    await page.waitForFunction(() => window.__saves.length > 0);
    await sleep(300);
    assert.equal((await saves(page)).length, 1, `Save anyway saves exactly once: ${await saves(page)}`);

    await press(page);
    await modal.waitFor();
    await page.getByTestId('asg-modal-fix').click();
    await summaryIs(page, '55/55');
    assert.equal(await page.isChecked(LOGIN), true, 'Fix for me set the control');
    assert.equal((await saves(page)).length, 1, 'Fix for me does not save');
    await press(page);
    await page.waitForFunction(() => window.__saves.length === 2);
    assert.equal(await modal.count(), 0, 'a passing page saves with no dialog');
    await page.close();
  });
}

test('a double click on Save shows one dialog, and Save anyway saves once', async () => {
  const page = await open();
  await makeFailing(page);
  await mouseClick(page, '[data-save="input-submit"]', 2);
  await page.getByTestId('asg-modal').waitFor();
  assert.equal(await page.getByTestId('asg-modal').count(), 1);
  await page.getByTestId('asg-modal-save-anyway').dblclick();
  await page.waitForFunction(() => window.__saves.length > 0);
  await sleep(500);
  assert.equal((await saves(page)).length, 1, String(await saves(page)));
  await page.close();
});

test('a passing page saves once, untouched, with no dialog', async () => {
  const page = await open();
  await mouseClick(page, '[data-save="input-submit"]');
  await page.waitForFunction(() => window.__saves.length > 0);
  await sleep(300);
  assert.deepEqual(await saves(page), ['submit:input-submit']);
  assert.equal(await page.getByTestId('asg-modal').count(), 0);
  // A saved bound level is remembered for this host.
  const worker = browser.context.serviceWorkers()[0];
  const stored = await worker.evaluate(() => chrome.storage.local.get('host:ww5.autotask.net'));
  assert.equal(stored['host:ww5.autotask.net'].level, 'Rhipe Integration');
  await page.close();
});

test('a change a page script made without any event is caught at Save', async () => {
  const page = await open();
  await page.evaluate((sel) => { document.querySelector(sel).checked = false; }, LOGIN);
  await sleep(600);
  assert.equal(await page.locator('html').getAttribute('data-asg-summary'), '55/55', 'no event, so no re-check yet');
  await mouseClick(page, '[data-save="input-submit"]');
  await page.getByTestId('asg-modal').waitFor();
  assert.deepEqual(await saves(page), []);
  await page.close();
});

test('a built-in (system) level is not guarded and says how to copy it', async () => {
  const page = await open();
  await page.fill('#level input[type="text"]', 'API User (system) (API-only)');
  const advice = page.getByTestId('asg-advice');
  await advice.waitFor();
  assert.match(await advice.textContent(), /right-click "API User \(system\) \(API-only\)" and choose Copy Security Level.*Name the copy "Rhipe Integration"/);
  assert.equal(await page.locator('html').getAttribute('data-asg-bound'), 'no');
  await mouseClick(page, '[data-save="input-submit"]');
  await page.waitForFunction(() => window.__saves.length === 1);
  assert.equal(await page.getByTestId('asg-modal').count(), 0);
  await page.close();
});

async function expectFailOpen(page, act) {
  await act();
  await page.getByTestId('asg-toast').waitFor({ timeout: 5_000 });
  await page.waitForFunction(() => window.__saves.length > 0);
  await sleep(500);
  assert.equal((await saves(page)).length, 1, `exactly one save: ${await saves(page)}`);
  assert.equal(await page.getByTestId('asg-modal').count(), 0);
}

test('the worker terminated mid-check: the save goes through once, with the notice', async () => {
  const page = await open();
  await makeFailing(page);
  const worker = browser.context.serviceWorkers()[0];
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  // Keep the worker busy so that the next check is surely in flight, then
  // terminate it while the admin presses Save.
  await worker.evaluate(() => setTimeout(() => { for (const end = Date.now() + 3000; Date.now() < end;); }, 0));
  await page.fill('#level textarea', 'edited during the check');
  await sleep(400); // the check has been sent
  await expectFailOpen(page, async () => {
    await mouseClick(page, '[data-save="input-submit"]');
    await cdp.send('ServiceWorker.stopAllWorkers');
  });
  await page.close();
});

test('the engine answering with an error: the save goes through once, with the notice', async () => {
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  await worker.evaluate(() => chrome.storage.local.set({ profile: 'no-such-profile' }));
  try {
    const page = await browser.context.newPage();
    await page.goto(PAGE);
    await page.getByTestId('asg-notice').waitFor();
    await expectFailOpen(page, () => mouseClick(page, '[data-save="input-submit"]'));
    await page.close();
  } finally {
    await worker.evaluate(() => chrome.storage.local.remove('profile'));
  }
});

test('the page replacing its form during the check: the save goes through once, with the notice', async () => {
  const page = await open();
  await makeFailing(page);
  await page.evaluate(() => window.__rerenderEvery(5));
  await expectFailOpen(page, () => mouseClick(page, '[data-save="input-submit"]'));
  await page.close();
});

// Last: it reloads the extension, which orphans every content script.
test('a gone extension context lets every save through, untouched', async () => {
  const page = await open();
  await makeFailing(page);
  const worker = browser.context.serviceWorkers()[0];
  await worker.evaluate(() => chrome.runtime.reload()).catch(() => {}); // the worker goes away mid-call
  await sleep(500);
  await mouseClick(page, '[data-save="input-submit"]');
  await page.waitForFunction(() => window.__saves.length > 0);
  await sleep(300);
  assert.equal((await saves(page)).length, 1);
  assert.equal(await page.getByTestId('asg-modal').count(), 0);
  await page.close();
});
