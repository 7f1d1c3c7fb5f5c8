// The API user page in Firefox, as tests/e2e/api-user.test.mjs in Chromium
// (its pairs are judged in pairs.test.mjs): the panel's level question, the
// offer, Apply on both UI generations, the save guard and its "secret
// stored" question, and the secret in no storage area, message or report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture } from '../e2e/fixtures.mjs';
import { HOST_KEY } from '../e2e/pairs.mjs';
import { downloaded, extensionUrl, inAddon, part, pointerClick, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();
const remember = (level) => inAddon(firefox.driver, `const [key, level] = arguments;
  await (level ? browser.storage.local.set({ [key]: { level } }) : browser.storage.local.remove(key));`, HOST_KEY, level ?? null);
const remembered = () => inAddon(firefox.driver, 'return (await browser.storage.local.get(arguments[0]))[arguments[0]];', HOST_KEY);
const summary = () => firefox.driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")');
const summaryIs = (value) => waitFor(async () => (await summary()) === value, `data-asg-summary=${value}`, 15_000);
const saves = () => firefox.driver.executeScript('return window.__saves.slice()');
const el = (css) => firefox.driver.findElement({ css });
const partText = async (testid) => (await waitFor(() => part(firefox.driver, testid), testid)).getAttribute('textContent');
const press = async (testid) => (await waitFor(() => part(firefox.driver, testid), testid)).click();
const gone = (testid) => waitFor(async () => !(await part(firefox.driver, testid)), `${testid} gone`);

async function open(name, level) {
  await remember(level);
  await firefox.driver.get(firefox.url(fixture(name).url));
}

test('Firefox: with nothing remembered, the panel asks about the level and remembers the answer', async () => {
  await open('api-user/current-ui-level-not-remembered', null);
  await summaryIs('9/10');
  assert.match(await partText('asg-confirm-level'), /Is "Rhipe Integration" the level you made for it\?/);
  await press('asg-confirm-level-yes');
  await summaryIs('10/10');
  await gone('asg-confirm-level');
  assert.equal((await remembered()).level, 'Rhipe Integration');
});

test('Firefox: another API user gets only the offer; "Check against" judges it, chosen by its name', async () => {
  await open('api-user/classic-unbound', 'Rhipe Integration');
  assert.match(await partText('asg-offer'), /The API user "Backup Service" is not checked against rhipe PRISM Connect/);
  assert.equal(await part(firefox.driver, 'asg-panel'), null);
  await press('asg-offer-accept');
  await summaryIs('7/10');
  assert.deepEqual((await remembered()).chosenUsers, ['Backup Service']);
});

test('Firefox: Apply selects the Integration Vendor and the vendor in its picker (current UI)', async () => {
  await open('api-user/current-ui-new', 'Rhipe Integration');
  await summaryIs('8/10');
  await press('asg-apply');
  await summaryIs('10/10');
  assert.equal(await (await el('[data-fixture-id="vendor-radio"]')).isSelected(), true);
  assert.equal((await (await el('[data-fixture-id="vendor"] > .Text')).getAttribute('textContent')).trim(), 'Rhipe - Cloud Services');
});

test('Firefox: Apply sets Active, Locked and the remembered level, and leaves what only the admin can fill (classic)', async () => {
  await open('api-user/classic-new-deviations', 'Rhipe Integration');
  await summaryIs('4/10');
  await press('asg-apply');
  await summaryIs('7/10');
  assert.equal(await (await el('[data-fixture-id="active"]')).isSelected(), true);
  assert.equal(await (await el('[data-fixture-id="locked"]')).isSelected(), false);
  assert.equal(await (await el('[data-fixture-id="security-level"] option:checked')).getAttribute('textContent'), 'Rhipe Integration');
  const open_ = await firefox.driver.executeScript('return [...document.querySelectorAll("[data-asg=fail]")].map((e) => e.dataset.fixtureId).sort()');
  assert.deepEqual(open_, ['first-name', 'secret', 'username']);
});

async function openGuardPage() {
  await remember('Rhipe Integration');
  await firefox.driver.get(firefox.url('/guard/api-user-save.html'));
  await summaryIs('10/10');
}
const save = async (kind) => pointerClick(firefox.driver, await el(`[data-save="${kind}"]`));

for (const kind of ['button-submit', 'div-click']) {
  test(`Firefox: Save & Close (${kind}) of a new user with its secret asks first: Cancel saves nothing, confirm saves once`, async () => {
    await openGuardPage();
    await save(kind);
    const confirm = await waitFor(() => part(firefox.driver, 'asg-confirm'), 'the question');
    assert.equal(await confirm.getAttribute('data-question'), 'secret-stored');
    assert.match(await confirm.getAttribute('textContent'), /never shows the secret again/);
    await press('asg-confirm-cancel');
    await gone('asg-confirm');
    await sleep(300);
    assert.deepEqual(await saves(), [], 'Cancel saves nothing');

    await save(kind);
    const ok = await waitFor(() => part(firefox.driver, 'asg-confirm-ok'), 'the question again');
    await firefox.driver.actions().doubleClick(ok).perform();
    await waitFor(async () => (await saves()).length > 0, 'the save');
    await sleep(500);
    assert.equal((await saves()).length, 1, `exactly one save: ${await saves()}`);
    assert.equal(await part(firefox.driver, 'asg-modal'), null, 'a passing page shows no block dialog');
  });
}

test('Firefox: a failing API user is blocked; Cancel saves nothing; Save anyway still asks about the secret, then saves once', async () => {
  await openGuardPage();
  await (await el('[data-fixture-id="active"]')).click();
  await summaryIs('9/10');
  await save('button-submit');
  assert.match(await partText('asg-modal'), /Turn on "Active"/);
  await press('asg-modal-cancel');
  await sleep(300);
  assert.deepEqual(await saves(), []);
  await save('button-submit');
  await press('asg-modal-save-anyway');
  await waitFor(() => part(firefox.driver, 'asg-confirm'), 'the secret question');
  assert.deepEqual(await saves(), [], 'nothing saved before the secret question is answered');
  await press('asg-confirm-ok');
  await waitFor(async () => (await saves()).length > 0, 'the save');
  await sleep(300);
  assert.equal((await saves()).length, 1);
});

// Records, in the event page, every message a content script sends (reached
// through runtime.getBackgroundPage, which Firefox keeps for event pages).
// The engine's answers cannot be wrapped there as in Chromium's test (the
// engine is a top-level \`let\` of the page, not a property of its window, and
// the add-on's CSP allows no eval); the reports are read where the admin gets
// them instead: the panel's downloads.
const RECORD = `const bg = await browser.runtime.getBackgroundPage();
  bg.__asgTraffic = [];
  if (!bg.__asgListening) {
    bg.__asgListening = true;
    // A snapshot (or a re-verify's changes) travels as JSON text: recorded as
    // what it says, so a secret in it is found as written.
    const readable = (msg) => (msg && typeof msg.snapshot === 'string' ? { ...msg, snapshot: JSON.parse(msg.snapshot) }
      : msg && typeof msg.changes === 'string' ? { ...msg, changes: JSON.parse(msg.changes) } : msg);
    bg.browser.runtime.onMessage.addListener((msg) => { bg.__asgTraffic.push(JSON.stringify(readable(msg))); });
  }`;

// A check is the whole page (check-page) or the states changed since (recheck-page).
const isCheck = (m) => m.includes('"check-page"') || m.includes('"recheck-page"');
// The eyes do not decide labels (the engine does): a secret field is one
// seen as a secret, filled, and without its value; a re-verify says it as a
// change to filled, with no value.
function filledWithoutValue(m) {
  const { snapshot, changes } = JSON.parse(m);
  return (snapshot?.controls ?? []).some((c) => c.kind === 'secret' && c.filled === true && c.value == null)
    || (changes?.controls ?? []).some((c) => c.filled === true && !('value' in c));
}

test('Firefox: after a full run with a generated secret, the secret is in no storage, message, report or page attribute', async () => {
  const { driver } = firefox;
  await openGuardPage();
  // One tab on an add-on page holds the event page for the recording.
  const back = await driver.getWindowHandle();
  await driver.switchTo().newWindow('tab');
  await driver.get(extensionUrl('popup/popup.html'));
  const holder = await driver.getWindowHandle();
  const recording = await driver.executeAsyncScript(`const done = arguments[0]; (async () => { ${RECORD} })().then(() => done('ok'), (e) => done(String(e)))`);
  assert.equal(recording, 'ok', 'recording the messages');
  await driver.switchTo().window(back);
  try {
    await (await el('[data-fixture-id="secret"]')).clear();
    await summaryIs('9/10');
    await (await el('input[type="button"][value="Generate Secret"]')).click();
    await summaryIs('10/10');
    const secret = await (await el('[data-fixture-id="secret"]')).getAttribute('value');
    assert.equal(secret.length, 25);
    await save('button-submit');
    await press('asg-confirm-ok');
    await waitFor(async () => (await saves()).length === 1, 'the save');
    await sleep(500);
    const trace = await driver.executeScript(`const host = document.querySelector('asg-overlay');
      const attrs = [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name + '=' + a.value));
      return attrs.join('\\n') + (host && host.shadowRoot ? host.shadowRoot.textContent : '');`);
    assert.ok(!trace.includes(secret), 'the secret is in an attribute or the overlay');
    const reports = [];
    for (const [testid, ext] of [['asg-report-download-json', 'json'], ['asg-report-download-md', 'md']]) {
      await press(testid);
      reports.push(await downloaded(firefox.downloads, `asg-report-${new Date().toISOString().slice(0, 10)}.${ext}`, /^asg-report-.*\./));
    }
    assert.match(reports[0], /"page": "api-user"/, 'the JSON report is the API user\'s');
    assert.ok(reports.every((r) => !r.includes(secret)), 'the secret is in a report');
    await driver.switchTo().window(holder);
    const { traffic, storage } = await driver.executeAsyncScript(`const done = arguments[0]; (async () => {
      const bg = await browser.runtime.getBackgroundPage();
      const [local, session, sync] = await Promise.all(['local', 'session', 'sync'].map((a) => browser.storage[a].get(null)));
      return { traffic: [...bg.__asgTraffic], storage: JSON.stringify({ local, session, sync }) };
    })().then(done, (e) => done({ traffic: [], storage: String(e) }))`);
    assert.ok(traffic.some(isCheck), 'no check was recorded, so this test proves nothing');
    assert.ok(traffic.some((m) => isCheck(m) && filledWithoutValue(m)),
      'no snapshot said (as a secret, without its value) that the secret is filled');
    assert.deepEqual(traffic.filter((m) => m.includes(secret)), [], 'the secret is in a message or report');
    assert.ok(!storage.includes(secret), 'the secret is in extension storage');
  } finally {
    await driver.switchTo().window(holder);
    await driver.close();
    await driver.switchTo().window(back);
  }
});

test('Firefox: a secret typed into a plain text field (current UI) is read only as filled, and reaches nothing', async () => {
  const { driver } = firefox;
  const secret = 'Typed~Secret~Value~20261127';
  await open('api-user/current-ui-level-not-remembered', null);
  const back = await driver.getWindowHandle();
  await driver.switchTo().newWindow('tab');
  await driver.get(extensionUrl('popup/popup.html'));
  const holder = await driver.getWindowHandle();
  const recording = await driver.executeAsyncScript(`const done = arguments[0]; (async () => { ${RECORD} })().then(() => done('ok'), (e) => done(String(e)))`);
  assert.equal(recording, 'ok', 'recording the messages');
  await driver.switchTo().window(back);
  try {
    await summaryIs('9/10');
    const field = await el('[data-fixture-id="secret"]');
    await field.clear();
    await summaryIs('8/10');
    await field.sendKeys(secret);
    await summaryIs('9/10');
    await press('asg-confirm-level-yes');
    await summaryIs('10/10');
    await pointerClick(driver, await el('.ToolBar .Button2:first-child'));
    await press('asg-confirm-ok');
    await sleep(500);
    const trace = await driver.executeScript(`const host = document.querySelector('asg-overlay');
      const attrs = [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name + '=' + a.value));
      return attrs.join('\\n') + (host && host.shadowRoot ? host.shadowRoot.textContent : '');`);
    assert.ok(!trace.includes(secret), 'the secret is in an attribute or the overlay');
    await driver.switchTo().window(holder);
    const { traffic, storage } = await driver.executeAsyncScript(`const done = arguments[0]; (async () => {
      const bg = await browser.runtime.getBackgroundPage();
      const [local, session, sync] = await Promise.all(['local', 'session', 'sync'].map((a) => browser.storage[a].get(null)));
      return { traffic: [...bg.__asgTraffic], storage: JSON.stringify({ local, session, sync }) };
    })().then(done, (e) => done({ traffic: [], storage: String(e) }))`);
    assert.ok(traffic.some((m) => isCheck(m) && filledWithoutValue(m)),
      'no snapshot said (as a secret, without its value) that the secret is filled');
    assert.deepEqual(traffic.filter((m) => m.includes(secret)), [], 'the secret is in a message');
    assert.ok(!storage.includes(secret), 'the secret is in extension storage');
  } finally {
    await driver.switchTo().window(holder);
    await driver.close();
    await driver.switchTo().window(back);
  }
});
