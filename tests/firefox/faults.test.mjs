// The save guard under page faults in Firefox, as tests/e2e/faults.test.mjs
// in Chromium (the same page, tests/fixtures/guard/faults.html): the guard
// is never off by accident, a save is never lost or doubled, and the page
// cannot drive the extension. Where Chromium's test calls the worker's
// message handlers directly, this one sends the same messages as the
// add-on's own pages do (browser.runtime.sendMessage from an add-on page),
// which reach the same handlers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Key } from 'selenium-webdriver';
import { HOST_KEY } from '../e2e/scenarios.mjs';
import { downloaded, extensionUrl, inAddon, part, pointerClick, useFirefox, waitFor } from './firefox.mjs';

const LOGIN = '[data-fixture-id="wsapi-login"]';
const SYNC_365 = readFileSync(new URL('../../src/profiles/sync-365.json', import.meta.url), 'utf8');
const firefox = useFirefox();
const files = mkdtempSync(join(tmpdir(), 'asg-faults-'));
after(() => rmSync(files, { recursive: true, force: true }));

const attr = (name) => firefox.driver.executeScript(`return document.documentElement.getAttribute(${JSON.stringify(name)})`);
const saves = () => firefox.driver.executeScript('return window.__saves.slice()');
const summaryIs = (value) => waitFor(async () => (await attr('data-asg-summary')) === value, `data-asg-summary=${value}`);
const el = (css) => firefox.driver.findElement({ css });
const stored = (key) => inAddon(firefox.driver, 'return (await browser.storage.local.get(arguments[0]))[arguments[0]];', key);
const forget = (key) => inAddon(firefox.driver, 'await browser.storage.local.remove(arguments[0]);', key);
// Messages as the add-on's pages send them; each answer, in order.
const send = (messages) => inAddon(firefox.driver, `const out = [];
  for (const batch of arguments[0]) out.push(await Promise.all(batch.map((m) => browser.runtime.sendMessage(m))));
  return out;`, messages);

async function open(path = '/guard/faults.html') {
  await firefox.driver.get(firefox.url(path));
  await summaryIs('55/55');
}

async function makeFailing() {
  await (await el(LOGIN)).click();
  await summaryIs('54/55');
}

const click = async (css) => pointerClick(firefox.driver, await el(css));

async function expectDialogAndNoSave() {
  await waitFor(() => part(firefox.driver, 'asg-modal'), 'the dialog', 5_000);
  await sleep(300);
  assert.deepEqual(await saves(), [], 'nothing saved while the dialog is open');
}

async function saveAnyway() {
  await (await part(firefox.driver, 'asg-modal-save-anyway')).click();
  await waitFor(async () => (await saves()).length > 0, 'the save', 5_000);
  await sleep(400);
}

async function cancel() {
  await (await part(firefox.driver, 'asg-modal-cancel')).click();
  await waitFor(async () => !(await part(firefox.driver, 'asg-modal')), 'the dialog closed');
}

async function openOptions() {
  await firefox.driver.get(extensionUrl('options/options.html'));
  await waitFor(async () => (await firefox.driver.findElements({ css: '[data-testid="options-profile"] option' })).length > 0, 'the profiles listed');
}

test('Firefox: a lone UTF-16 surrogate in a field: the failing level is still checked, stopped with the dialog, nothing saved', async () => {
  await open();
  await makeFailing();
  await firefox.driver.executeScript(`const box = document.querySelector('#level textarea');
    box.value = 'Copied for rhipe \\uD83D'; box.dispatchEvent(new Event('input', { bubbles: true }));
    document.title = 'Edit Security Level \\uDE00';`);
  await sleep(1_000);
  assert.equal(await attr('data-asg-error'), null, 'the check did not fail');
  assert.equal(await attr('data-asg-summary'), '54/55');
  await click('[data-save="input-submit"]');
  await expectDialogAndNoSave();
});

test('Firefox: a clock and a progress bar moving outside the form: the failing level is stopped with the dialog', async () => {
  await open();
  await makeFailing();
  await firefox.driver.executeScript('window.__startClock(20)');
  await sleep(1_500);
  await click('[data-save="input-submit"]');
  await expectDialogAndNoSave();
  assert.equal(await part(firefox.driver, 'asg-toast'), null, 'no "saved unchecked" notice');
});

test('Firefox: the button bar re-rendered while the dialog is open: Save anyway saves once; with no Save left, the next press saves without a dialog', async () => {
  await forget(HOST_KEY);
  await open();
  await makeFailing();
  await click('[data-save="input-submit"]');
  await waitFor(() => part(firefox.driver, 'asg-modal'), 'the dialog');
  await firefox.driver.executeScript('window.__rerenderBar()');
  await saveAnyway();
  assert.deepEqual(await saves(), ['submit:input-submit'], 'saved once, with the button in the page now');

  await forget(HOST_KEY);
  await open();
  await makeFailing();
  await click('[data-save="input-submit"]');
  await waitFor(() => part(firefox.driver, 'asg-modal'), 'the dialog');
  await firefox.driver.executeScript('window.__removeBar()');
  await (await part(firefox.driver, 'asg-modal-save-anyway')).click();
  await waitFor(async () => {
    const toast = await part(firefox.driver, 'asg-toast');
    return toast && (await toast.getAttribute('textContent')).includes('Press Save again');
  }, 'the notice "Press Save again"');
  await sleep(300);
  assert.deepEqual(await saves(), [], 'nothing to press: nothing saved');
  assert.equal((await stored(HOST_KEY))?.level, undefined, 'no save, so no level remembered as saved');
  await firefox.driver.executeScript('window.__restoreBar()');
  await click('[data-save="input-submit"]');
  await waitFor(async () => (await saves()).length > 0, 'the save');
  await sleep(300);
  assert.deepEqual(await saves(), ['submit:input-submit']);
  assert.equal(await part(firefox.driver, 'asg-modal'), null, 'the next Save goes through without a dialog');
  const saved = await waitFor(async () => (await stored(HOST_KEY))?.level, 'the saved level remembered', 5_000);
  assert.equal(saved, 'Rhipe Integration', 'the real save is remembered');
});

test('Firefox: Enter in a field, then Save anyway: the post carries the default button, as the browser\'s own submission does', async () => {
  await open();
  await makeFailing();
  await (await el('#level input[type="text"]')).sendKeys(Key.ENTER);
  await expectDialogAndNoSave();
  await saveAnyway();
  assert.deepEqual(await saves(), ['submit:input-submit']);
});

test('Firefox: a mouse held on Save for 2.5 s while a check is pending saves exactly once', async () => {
  const { driver } = firefox;
  await open();
  await (await el('#level textarea')).sendKeys(' edited just before Save');
  const save = await el('[data-save="input-submit"]');
  await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', save);
  await driver.actions().move({ origin: save }).press().pause(2_500).release().perform();
  await waitFor(async () => (await saves()).length > 0, 'the save');
  await sleep(800);
  assert.deepEqual(await saves(), ['submit:input-submit'], 'one press, one save');
});

test('Firefox: Enter and Space on a focused div.Button2 Save are guarded as a click is', async () => {
  const { driver } = firefox;
  await open();
  await makeFailing();
  const key = await el('[data-save="div-key"]');
  for (const pressed of [Key.ENTER, Key.SPACE]) {
    await driver.executeScript('arguments[0].focus()', key);
    await driver.actions().sendKeys(pressed).perform();
    await expectDialogAndNoSave();
    if (pressed === Key.ENTER) await cancel();
  }
  await saveAnyway();
  assert.deepEqual(await saves(), ['div-key'], 'Save anyway presses it once');
});

test('Firefox: a Save known only by its aria-label or its title, and one in the form\'s iframe, is guarded', async () => {
  const { driver } = firefox;
  await open();
  await makeFailing();
  for (const kind of ['icon-aria', 'icon-title']) {
    await click(`[data-save="${kind}"]`);
    await expectDialogAndNoSave();
    await cancel();
  }

  await driver.get(firefox.url('/guard/faults-shell.html'));
  await driver.switchTo().frame(await waitFor(async () => (await driver.findElements({ css: 'iframe' }))[0], 'the iframe'));
  try {
    await summaryIs('55/55');
    await makeFailing();
    await driver.executeScript('arguments[0].focus()', await el('[data-save="div-key"]'));
    await driver.actions().sendKeys(Key.ENTER).perform();
    await expectDialogAndNoSave();
  } finally {
    await driver.switchTo().defaultContent();
  }
});

// The shell page whose toolbar's Save saves the form in its iframe, the form made failing.
async function failingToolbar() {
  const { driver } = firefox;
  await driver.get(firefox.url('/guard/faults-toolbar.html'));
  const frame = await waitFor(async () => (await driver.findElements({ css: 'iframe' })).find(Boolean), 'the form\'s iframe');
  await driver.switchTo().frame(frame);
  await summaryIs('55/55');
  await makeFailing();
  await driver.switchTo().defaultContent();
  await sleep(300);
}

test('Firefox: the form\'s frame navigating away: the toolbar\'s Save is no longer held by its old verdict', async () => {
  const { driver } = firefox;
  await failingToolbar();
  // The failing verdict holds the toolbar's Save first, so the rest can fail.
  await click('[data-save="shell-save"]');
  await expectDialogAndNoSave();
  await cancel();
  await driver.executeScript('document.querySelector("iframe").src = "/other/home-dashboard.html"');
  await waitFor(async () => {
    await driver.switchTo().frame(await el('iframe'));
    try {
      return (await driver.executeScript('return location.pathname')) === '/other/home-dashboard.html' && (await attr('data-asg-page'));
    } finally {
      await driver.switchTo().defaultContent();
    }
  }, 'the frame on another page, judged');
  await sleep(300);
  await click('[data-save="shell-save"]');
  await waitFor(async () => (await saves()).length === 1, 'the toolbar\'s save');
  assert.deepEqual(await saves(), ['shell-save']);
  assert.equal(await part(driver, 'asg-modal'), null, 'no dialog for a form that is gone');
});

test('Firefox: a Save in a shell page\'s toolbar, outside the form\'s frame, is guarded by the form\'s verdict', async () => {
  const { driver } = firefox;
  await failingToolbar();
  await click('[data-save="shell-save"]');
  await expectDialogAndNoSave();
  assert.match(await (await part(driver, 'asg-modal-finding')).getAttribute('textContent'), /Turn on "Can login to Web Services API/);
  await saveAnyway();
  assert.deepEqual(await saves(), ['shell-save']);
});

test('Firefox: a page script cannot press the overlay\'s buttons', async () => {
  const { driver } = firefox;
  await open();
  await makeFailing();
  await click('[data-save="input-submit"]');
  await waitFor(() => part(driver, 'asg-modal'), 'the dialog');
  await driver.executeScript(`const root = document.querySelector('asg-overlay').shadowRoot;
    root.querySelector('[data-testid="asg-modal-save-anyway"]').click();
    const modal = root.querySelector('[data-testid="asg-modal"]');
    if (modal) modal.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));`);
  await sleep(500);
  assert.deepEqual(await saves(), [], 'the script\'s click saved nothing');
  assert.ok(await part(driver, 'asg-modal'), 'the dialog is still open');
});

test('Firefox: remembered lists stay bounded whatever a page does: storage under 1 MB, verified entries kept', async () => {
  // The page renames the level and "accepts" the offer in a loop.
  await forget(HOST_KEY);
  await open();
  await firefox.driver.executeAsyncScript(`const done = arguments[0]; (async () => {
    const name = document.querySelector('#level input[type="text"]');
    for (let i = 0; i < 15; i++) {
      name.value = 'Level ' + i;
      name.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => { setTimeout(r, 120); });
      const host = document.querySelector('asg-overlay');
      const accept = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="asg-offer-accept"]');
      if (accept) accept.click();
    }
  })().then(done, done);`);
  await sleep(300);
  assert.deepEqual((await stored(HOST_KEY))?.chosenLevels ?? [], [], 'a script cannot accept the offer');

  // Whatever arrives in messages: many hosts, long names, long lists.
  const host = 'ww5.autotask.net';
  const long = 'y'.repeat(2_000);
  await send([
    [{ type: 'remember-level', host, name: 'Rhipe Integration' }],
    [{ type: 'choose-level', host, name: 'Rhipe Integration' }],
    ...Array.from({ length: 40 }, (_, i) => [{ type: 'choose-level', host, name: `Level ${i} ${'x'.repeat(150)}` }]),
    ...Array.from({ length: 100 }, (_, h) => [0, 1, 2, 3, 4].map((i) => ({ type: 'choose-user', host: `h${h}.autotask.net`, name: `${long}${i}` }))),
  ]);
  const got = await inAddon(firefox.driver, `const all = await browser.storage.local.get(null);
    return { bytes: new TextEncoder().encode(JSON.stringify(all)).length, ww5: all['host:ww5.autotask.net'] };`);
  assert.ok(got.bytes < 1024 * 1024, `storage holds ${got.bytes} bytes (as JSON)`);
  assert.ok(got.ww5, 'the host with a saved level is kept');
  const levels = got.ww5.chosenLevels;
  assert.ok(levels.length <= 20, `${levels.length} chosen levels`);
  assert.ok(levels.includes('Rhipe Integration'), 'the verified (saved) level stays');
  assert.ok(levels.at(-1).startsWith('Level 39 '), 'the newest stays');
  assert.ok(!levels.some((n) => n.startsWith('Level 0 ')), 'the oldest unverified went first');
});

test('Firefox: Reset on the options page forgets everything stored, every host\'s records too', async () => {
  await send([[{ type: 'choose-level', host: 'ww5.autotask.net', name: 'Finance' }]]);
  await inAddon(firefox.driver, "await browser.storage.local.set({ profile: 'sync-365' });");
  assert.ok(Object.keys(await inAddon(firefox.driver, 'return browser.storage.local.get(null);')).length >= 2, 'something to forget');
  await openOptions();
  await (await el('[data-testid="options-reset"]')).click();
  await (await el('[data-testid="options-reset-confirm"]')).click();
  await waitFor(async () => (await (await el('[data-testid="options-status"]')).getAttribute('textContent')).includes('Back to the defaults'), 'the reset');
  const left = await inAddon(firefox.driver, 'return browser.storage.local.get(null);');
  assert.deepEqual(Object.keys(left), [], `left after Reset: ${Object.keys(left)}`);
});

test('Firefox: three messages for one host at the same time lose no change (20 rounds)', async () => {
  const host = 'race.autotask.net';
  const lost = await inAddon(firefox.driver, `const host = arguments[0];
    const missing = [];
    for (let i = 0; i < 20; i++) {
      await Promise.all([
        browser.runtime.sendMessage({ type: 'choose-level', host, name: 'L' + i }),
        browser.runtime.sendMessage({ type: 'choose-user', host, name: 'U' + i }),
        browser.runtime.sendMessage({ type: 'choose-contract', host, name: 'C' + i, id: String(i) }),
      ]);
      const r = (await browser.storage.local.get('host:' + host))['host:' + host];
      for (const [list, want] of [['chosenLevels', 'L' + i], ['chosenUsers', 'U' + i], ['contractNames', 'C' + i]]) {
        if (!(r[list] || []).includes(want)) missing.push(want);
      }
    }
    return missing;`, host);
  assert.deepEqual(lost, []);
});

test('Firefox: a Markdown report escapes bare addresses from the page, so a level name cannot plant a link', async () => {
  await open();
  const name = await el('#level input[type="text"]');
  await name.clear();
  await name.sendKeys('Rhipe Integration https://evil.example/x www.evil.example help@evil.example');
  await waitFor(() => part(firefox.driver, 'asg-panel'), 'the panel');
  await waitFor(async () => (await attr('data-asg-bound')) === 'yes', 'the level bound');
  await (await part(firefox.driver, 'asg-report-download-md')).click();
  const text = await downloaded(firefox.downloads, 'the report', /^asg-report-.*\.md$/);
  const line = text.split('\n').find((l) => l.startsWith('- Security level:'));
  assert.equal(line, '- Security level: Rhipe Integration https\\://evil.example/x www\\.evil.example help\\@evil.example');
});

test('Firefox: a profile over 256 KB is refused with a clear message and changes nothing', async () => {
  await inAddon(firefox.driver, "await browser.storage.local.remove(['profile', 'customProfile']);");
  await openOptions();
  // A valid profile, padded with whitespace to 300 KB.
  const path = join(files, 'big.json');
  writeFileSync(path, SYNC_365.replace('"id": "sync-365"', '"id": "big-sync"') + ' '.repeat(300 * 1024));
  await (await el('[data-testid="options-import"]')).sendKeys(path);
  const want = 'Not imported, nothing changed: big.json is larger than 256 KB, the most a profile may be.';
  await waitFor(async () => (await (await el('[data-testid="options-error"]')).getAttribute('textContent')) === want, 'the size error');
  assert.deepEqual(await inAddon(firefox.driver, "return browser.storage.local.get(['profile', 'customProfile']);"), {});
});
