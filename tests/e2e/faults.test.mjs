// The save guard under real page faults, one test per fault: the guard is
// never off by accident, a save is never lost or doubled, and the page
// cannot drive the extension. Each asserts the outcome a person sees: the
// dialog and no save, exactly one save, storage under a bound, no lost
// change. The page is tests/fixtures/guard/faults.html.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';

const ORIGIN = 'https://ww5.autotask.net';
const PAGE = `${ORIGIN}/guard/faults.html`;
const HOST_KEY = 'host:ww5.autotask.net';
const LOGIN = '[data-fixture-id="wsapi-login"]';
const SYNC_365 = readFileSync(new URL('../../src/profiles/sync-365.json', import.meta.url), 'utf8');
const browser = useBrowser();

const worker = () => browser.context.serviceWorkers()[0];
const summaryIs = (frame, value) => frame.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });
const saves = (frame) => frame.evaluate(() => window.__saves.slice());

async function open(url = PAGE) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await summaryIs(page, '55/55');
  return page;
}

async function makeFailing(frame) {
  await frame.locator(LOGIN).uncheck();
  await summaryIs(frame, '54/55');
}

// A real mouse click in the middle of the control (Playwright's click()
// would insist that its pointerdown reached the page, which the guard stops).
async function mouseClick(page, selector, frame = page) {
  await frame.locator(selector).scrollIntoViewIfNeeded();
  const box = await frame.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function expectDialogAndNoSave(frame) {
  await frame.getByTestId('asg-modal').waitFor({ timeout: 5_000 });
  await sleep(300);
  assert.deepEqual(await saves(frame), [], 'nothing saved while the dialog is open');
}

async function saveAnyway(frame) {
  await frame.getByTestId('asg-modal-save-anyway').click();
  await frame.waitForFunction(() => window.__saves.length > 0, null, { timeout: 5_000 });
  await sleep(400);
}

// Runs `fn` with one of the worker's message handlers replaced, then puts it back.
async function withHandler(type, replacement, fn) {
  await worker().evaluate(([t, body]) => {
    globalThis.__asgOriginal = globalThis.__asgOriginal || {};
    globalThis.__asgOriginal[t] = handlers[t]; // eslint-disable-line no-undef
    handlers[t] = new Function('original', `return ${body}`)(globalThis.__asgOriginal[t]); // eslint-disable-line no-undef, no-new-func
  }, [type, replacement]);
  try {
    await fn();
  } finally {
    await worker().evaluate((t) => { handlers[t] = globalThis.__asgOriginal[t]; }, type); // eslint-disable-line no-undef
  }
}

test('a lone UTF-16 surrogate in a field: the failing level is still checked, stopped with the dialog, nothing saved', async () => {
  const page = await open();
  await makeFailing(page);
  await page.evaluate(() => {
    const box = document.querySelector('#level textarea');
    box.value = 'Copied for rhipe \uD83D'; // an emoji cut in half by a script
    box.dispatchEvent(new Event('input', { bubbles: true }));
    document.title = 'Edit Security Level \uDE00';
  });
  await sleep(1_000);
  assert.equal(await page.locator('html').getAttribute('data-asg-error'), null, 'the check did not fail');
  assert.equal(await page.locator('html').getAttribute('data-asg-summary'), '54/55');
  await mouseClick(page, '[data-save="input-submit"]');
  await expectDialogAndNoSave(page);
  await page.close();
});

test('a clock and a progress bar moving outside the form: the failing level is stopped with the dialog', async () => {
  const page = await open();
  await makeFailing(page);
  await page.evaluate(() => window.__startClock(20));
  await sleep(1_500);
  await mouseClick(page, '[data-save="input-submit"]');
  await expectDialogAndNoSave(page);
  assert.equal(await page.getByTestId('asg-toast').count(), 0, 'no "saved unchecked" notice');
  await page.close();
});

test('a failed first guard-config request is asked again; one that keeps failing says the guard is off', async () => {
  await withHandler('guard-config', `(() => { let failed = false;
    return async (...args) => { if (!failed) { failed = true; throw new Error('worker starting'); } return original(...args); }; })()`, async () => {
    const page = await open();
    await makeFailing(page);
    await mouseClick(page, '[data-save="input-submit"]');
    await expectDialogAndNoSave(page);
    await page.close();
  });
  await withHandler('guard-config', 'async () => { throw new Error(\'no engine\'); }', async () => {
    const page = await browser.context.newPage();
    await page.goto(PAGE);
    const warning = page.getByTestId('asg-guard-off');
    await warning.waitFor({ timeout: 10_000 });
    assert.match(await warning.textContent(), /saves here are not checked/);
    assert.equal(await page.locator('html').getAttribute('data-asg-guard'), 'off');
    await page.close();
  });
});

test('the button bar re-rendered while the dialog is open: Save anyway saves once; with no Save left, the next press saves without a dialog', async () => {
  await worker().evaluate((key) => chrome.storage.local.remove(key), HOST_KEY);
  const page = await open();
  await makeFailing(page);
  await mouseClick(page, '[data-save="input-submit"]');
  await page.getByTestId('asg-modal').waitFor();
  await page.evaluate(() => window.__rerenderBar());
  await saveAnyway(page);
  assert.deepEqual(await saves(page), ['submit:input-submit'], 'saved once, with the button in the page now');
  await page.close();

  await worker().evaluate((key) => chrome.storage.local.remove(key), HOST_KEY);
  const again = await open();
  await makeFailing(again);
  await mouseClick(again, '[data-save="input-submit"]');
  await again.getByTestId('asg-modal').waitFor();
  await again.evaluate(() => window.__removeBar());
  await again.getByTestId('asg-modal-save-anyway').click();
  await again.getByTestId('asg-toast').filter({ hasText: 'Press Save again' }).waitFor();
  await sleep(300);
  assert.deepEqual(await saves(again), [], 'nothing to press: nothing saved');
  const stored = await worker().evaluate((key) => chrome.storage.local.get(key), HOST_KEY);
  assert.equal(stored[HOST_KEY]?.level, undefined, 'no save, so no level remembered as saved');
  await again.evaluate(() => window.__restoreBar());
  await mouseClick(again, '[data-save="input-submit"]');
  await again.waitForFunction(() => window.__saves.length > 0);
  await sleep(300);
  assert.deepEqual(await saves(again), ['submit:input-submit']);
  assert.equal(await again.getByTestId('asg-modal').count(), 0, 'the next Save goes through without a dialog');
  for (let i = 0; i < 50 && !(await worker().evaluate((key) => chrome.storage.local.get(key), HOST_KEY))[HOST_KEY]?.level; i++) await sleep(100);
  const saved = await worker().evaluate((key) => chrome.storage.local.get(key), HOST_KEY);
  assert.equal(saved[HOST_KEY]?.level, 'Rhipe Integration', 'the real save is remembered');
  await again.close();
});

test('Enter in a field, then Save anyway: the post carries the default button, as the browser\'s own submission does', async () => {
  const page = await open();
  await makeFailing(page);
  await page.focus('#level input[type="text"]');
  await page.keyboard.press('Enter');
  await expectDialogAndNoSave(page);
  await saveAnyway(page);
  assert.deepEqual(await saves(page), ['submit:input-submit']);
  await page.close();
});

test('a mouse held on Save for 2.5 s while a check is pending saves exactly once', async () => {
  const page = await open();
  await page.fill('#level textarea', 'edited just before Save');
  const box = await page.locator('[data-save="input-submit"]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await sleep(2_500);
  await page.mouse.up();
  await page.waitForFunction(() => window.__saves.length > 0);
  await sleep(800);
  assert.deepEqual(await saves(page), ['submit:input-submit'], 'one press, one save');
  await page.close();
});

test('Enter and Space on a focused div.Button2 Save are guarded as a click is', async () => {
  const page = await open();
  await makeFailing(page);
  await page.focus('[data-save="div-key"]');
  await page.keyboard.press('Enter');
  await expectDialogAndNoSave(page);
  await page.getByTestId('asg-modal-cancel').click();
  await page.focus('[data-save="div-key"]');
  await page.keyboard.press(' ');
  await expectDialogAndNoSave(page);
  await saveAnyway(page);
  assert.deepEqual(await saves(page), ['div-key'], 'Save anyway presses it once');
  await page.close();
});

test('a Save known only by its aria-label or its title, and one in the form\'s iframe, is guarded', async () => {
  const page = await open();
  await makeFailing(page);
  for (const kind of ['icon-aria', 'icon-title']) {
    await mouseClick(page, `[data-save="${kind}"]`);
    await expectDialogAndNoSave(page);
    await page.getByTestId('asg-modal-cancel').click();
    await page.getByTestId('asg-modal').waitFor({ state: 'detached' });
  }
  await page.close();

  const shell = await browser.context.newPage();
  await shell.goto(`${ORIGIN}/guard/faults-shell.html`);
  const frame = shell.frameLocator('iframe');
  const inner = shell.frames().find((f) => f.url().endsWith('/guard/faults.html'));
  await summaryIs(inner, '55/55');
  await makeFailing(inner);
  await inner.focus('[data-save="div-key"]');
  await shell.keyboard.press('Enter');
  await frame.getByTestId('asg-modal').waitFor({ timeout: 5_000 });
  await sleep(300);
  assert.deepEqual(await saves(inner), []);
  await shell.close();
});

// The shell page whose toolbar's Save saves the form in its iframe, the form made failing.
async function failingToolbar() {
  const shell = await browser.context.newPage();
  await shell.goto(`${ORIGIN}/guard/faults-toolbar.html`);
  const inner = () => shell.frames().find((f) => f.url().includes('/security-level/classic-all-correct.html'));
  for (let i = 0; i < 50 && !inner(); i++) await sleep(100);
  await summaryIs(inner(), '55/55');
  await makeFailing(inner());
  await sleep(300);
  return shell;
}

test('the form\'s frame navigating away: the toolbar\'s Save is no longer held by its old verdict', async () => {
  const shell = await failingToolbar();
  // The failing verdict holds the toolbar's Save first, so the rest can fail.
  await mouseClick(shell, '[data-save="shell-save"]');
  await expectDialogAndNoSave(shell);
  await shell.getByTestId('asg-modal-cancel').click();
  await shell.evaluate(() => { document.querySelector('iframe').src = '/other/home-dashboard.html'; });
  const moved = () => shell.frames().find((f) => f.url().includes('/other/home-dashboard.html'));
  for (let i = 0; i < 50 && !moved(); i++) await sleep(100);
  await moved().waitForFunction(() => document.documentElement.hasAttribute('data-asg-page'));
  await sleep(300);
  await mouseClick(shell, '[data-save="shell-save"]');
  await shell.waitForFunction(() => window.__saves.length === 1);
  assert.deepEqual(await saves(shell), ['shell-save']);
  assert.equal(await shell.getByTestId('asg-modal').count(), 0, 'no dialog for a form that is gone');
  await shell.close();
});

test('a Save in a shell page\'s toolbar, outside the form\'s frame, is guarded by the form\'s verdict', async () => {
  const shell = await failingToolbar();
  await mouseClick(shell, '[data-save="shell-save"]');
  await expectDialogAndNoSave(shell);
  assert.match(await shell.getByTestId('asg-modal-finding').first().textContent(), /Turn on "Can login to Web Services API/);
  await saveAnyway(shell);
  assert.deepEqual(await saves(shell), ['shell-save']);
  await shell.close();
});

test('a page script cannot press the overlay\'s buttons', async () => {
  const page = await open();
  await makeFailing(page);
  await mouseClick(page, '[data-save="input-submit"]');
  await page.getByTestId('asg-modal').waitFor();
  await page.evaluate(() => {
    const root = document.querySelector('asg-overlay').shadowRoot;
    root.querySelector('[data-testid="asg-modal-save-anyway"]').click();
    root.querySelector('[data-testid="asg-modal"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  await sleep(500);
  assert.deepEqual(await saves(page), [], 'the script\'s click saved nothing');
  assert.equal(await page.getByTestId('asg-modal').count(), 1, 'the dialog is still open');
  await page.close();
});

test('remembered lists stay bounded whatever a page does: storage under 1 MB, verified entries kept', async () => {
  // The page renames the level and "accepts" the offer in a loop.
  await worker().evaluate((key) => chrome.storage.local.remove(key), HOST_KEY);
  const page = await open();
  await page.evaluate(async () => {
    const name = document.querySelector('#level input[type="text"]');
    for (let i = 0; i < 15; i++) {
      name.value = `Level ${i}`;
      name.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => { setTimeout(r, 120); });
      document.querySelector('asg-overlay')?.shadowRoot.querySelector('[data-testid="asg-offer-accept"]')?.click();
    }
  });
  await sleep(300);
  const after = await worker().evaluate((key) => chrome.storage.local.get(key), HOST_KEY);
  assert.deepEqual(after[HOST_KEY]?.chosenLevels ?? [], [], 'a script cannot accept the offer');
  await page.close();

  // Whatever arrives in messages: many hosts, long names, long lists.
  const got = await worker().evaluate(async () => {
    /* eslint-disable no-undef */
    await handlers['remember-level']({ host: 'ww5.autotask.net', name: 'Rhipe Integration' });
    await handlers['choose-level']({ host: 'ww5.autotask.net', name: 'Rhipe Integration' });
    for (let i = 0; i < 40; i++) await handlers['choose-level']({ host: 'ww5.autotask.net', name: `Level ${i} ${'x'.repeat(150)}` });
    const long = 'y'.repeat(2_000);
    for (let h = 0; h < 100; h++) {
      await Promise.all([0, 1, 2, 3, 4].map((i) => handlers['choose-user']({ host: `h${h}.autotask.net`, name: `${long}${i}` })));
    }
    /* eslint-enable no-undef */
    const all = await chrome.storage.local.get(null);
    return { bytes: await chrome.storage.local.getBytesInUse(null), ww5: all['host:ww5.autotask.net'] };
  });
  assert.ok(got.bytes < 1024 * 1024, `storage holds ${got.bytes} bytes`);
  assert.ok(got.ww5, 'the host with a saved level is kept');
  const levels = got.ww5.chosenLevels;
  assert.ok(levels.length <= 20, `${levels.length} chosen levels`);
  assert.ok(levels.includes('Rhipe Integration'), 'the verified (saved) level stays');
  assert.ok(levels.at(-1).startsWith('Level 39 '), 'the newest stays');
  assert.ok(!levels.some((n) => n.startsWith('Level 0 ')), 'the oldest unverified went first');
});

test('Reset on the options page forgets everything stored, every host\'s records too', async () => {
  await worker().evaluate(async () => {
    await handlers['choose-level']({ host: 'ww5.autotask.net', name: 'Finance' }); // eslint-disable-line no-undef
    await chrome.storage.local.set({ profile: 'sync-365' });
  });
  const id = new URL(worker().url()).host;
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${id}/options/options.html`);
  await options.getByTestId('options-profile').locator('option').first().waitFor({ state: 'attached' });
  await options.getByTestId('options-reset').click();
  await options.getByTestId('options-reset-confirm').click();
  await options.getByTestId('options-status').filter({ hasText: 'Back to the defaults' }).waitFor();
  const left = await worker().evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(Object.keys(left), [], `left after Reset: ${Object.keys(left)}`);
  await options.close();
});

test('three messages for one host at the same time lose no change (20 rounds)', async () => {
  const lost = await worker().evaluate(async () => {
    const host = 'race.autotask.net';
    const missing = [];
    for (let i = 0; i < 20; i++) {
      /* eslint-disable no-undef */
      await Promise.all([
        handlers['choose-level']({ host, name: `L${i}` }),
        handlers['choose-user']({ host, name: `U${i}` }),
        handlers['choose-contract']({ host, name: `C${i}`, id: `${i}` }),
      ]);
      /* eslint-enable no-undef */
      const r = (await chrome.storage.local.get(`host:${host}`))[`host:${host}`];
      for (const [list, want] of [['chosenLevels', `L${i}`], ['chosenUsers', `U${i}`], ['contractNames', `C${i}`]]) {
        if (!(r[list] || []).includes(want)) missing.push(want);
      }
    }
    return missing;
  });
  assert.deepEqual(lost, []);
});

test('a Markdown report escapes bare addresses from the page, so a level name cannot plant a link', async () => {
  const page = await open();
  await page.fill('#level input[type="text"]', 'Rhipe Integration https://evil.example/x www.evil.example help@evil.example');
  await page.getByTestId('asg-panel').waitFor();
  await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-bound') === 'yes');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('asg-report-download-md').click()]);
  const text = readFileSync(await file.path(), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('- Security level:'));
  assert.equal(line, '- Security level: Rhipe Integration https\\://evil.example/x www\\.evil.example help\\@evil.example');
  await page.close();
});

test('a profile over 256 KB is refused with a clear message and changes nothing', async () => {
  const id = new URL(worker().url()).host;
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${id}/options/options.html`);
  await options.getByTestId('options-profile').locator('option').first().waitFor({ state: 'attached' });
  // A valid profile, padded with whitespace to 300 KB.
  const big = SYNC_365.replace('"id": "sync-365"', '"id": "big-sync"') + ' '.repeat(300 * 1024);
  await options.getByTestId('options-import').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(big) });
  const error = options.getByTestId('options-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'Not imported, nothing changed: big.json is larger than 256 KB, the most a profile may be.');
  const stored = await worker().evaluate(() => chrome.storage.local.get(['profile', 'customProfile']));
  assert.deepEqual(stored, {});
  await options.close();
});
