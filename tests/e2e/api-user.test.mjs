// End-to-end: the built extension in Chromium on the New / Edit API User
// page: every `tests/fixtures/api-user/X.json` pair, the panel's level
// question, Apply, the save guard and its "secret stored" question, and that
// the secret's value reaches no storage area, message or report.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';
import { fixture } from './fixtures.mjs';
import { PAIRS, PAIR_LIST_CHECKS } from './scenarios.mjs';
import { differences } from './outcome.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const HOST_KEY = 'host:ww5.autotask.net';
const GUARD_PAGE = `${AUTOTASK}/guard/api-user-save.html`;
const browser = useBrowser();

const worker = async () => browser.context.serviceWorkers()[0] ?? browser.context.waitForEvent('serviceworker');

// What the extension remembers for the fixtures' host: the level, or nothing.
async function remember(level) {
  await (await worker()).evaluate(([key, value]) => (value
    ? chrome.storage.local.set({ [key]: { level: value } })
    : chrome.storage.local.remove(key)), [HOST_KEY, level ?? null]);
}

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });
const saves = (page) => page.evaluate(() => window.__saves.slice());

function withPage(url, fn) {
  return browser.withPage(async (page) => {
    await page.goto(url);
    await fn(page);
  });
}

function assertNone(lines) {
  assert.ok(lines.length === 0, `\n  ${lines.join('\n  ')}`);
}

// One at a time: the remembered level is one setting of the shared host.
describe('API user fixture pairs', { concurrency: 1 }, () => {
  const check = 'there are pairs for both UI generations';
  test(check, PAIR_LIST_CHECKS[check]);
  for (const { name, spec, url, title } of PAIRS.filter((p) => p.chromium === 'api-user')) {
    test(title, async () => {
      await remember(spec.rememberedLevel);
      await withPage(AUTOTASK + url, async (page) => assertNone(await differences(page.mainFrame(), spec, name)));
    });
  }
});

test('with nothing remembered, the panel asks about the level and remembers the answer', async () => {
  await remember(null);
  const { url } = fixture('api-user/current-ui-level-not-remembered');
  await withPage(AUTOTASK + url, async (page) => {
    await summaryIs(page, '9/10');
    const ask = page.getByTestId('asg-confirm-level');
    assert.match(await ask.textContent(), /Is "Rhipe Integration" the level you made for it\?/);
    await page.getByTestId('asg-confirm-level-yes').click();
    await summaryIs(page, '10/10');
    assert.equal(await ask.count(), 0, 'the question is gone once answered');
    const stored = await (await worker()).evaluate((key) => chrome.storage.local.get(key), HOST_KEY);
    assert.equal(stored[HOST_KEY].level, 'Rhipe Integration');
  });
});

test('another API user gets only the offer; "Check against" judges it, chosen by its name', async () => {
  await remember('Rhipe Integration');
  const { url } = fixture('api-user/classic-unbound');
  await withPage(AUTOTASK + url, async (page) => {
    const offer = page.getByTestId('asg-offer');
    await offer.waitFor();
    assert.match(await offer.textContent(), /The API user "Backup Service" is not checked against rhipe PRISM Connect/);
    assert.equal(await page.getByTestId('asg-panel').count(), 0);
    await page.getByTestId('asg-offer-accept').click();
    // Now judged: the level is not the remembered one, and no Integration Vendor.
    await summaryIs(page, '7/10');
    assert.equal(await page.locator('html').getAttribute('data-asg-bound'), 'yes');
    const stored = await (await worker()).evaluate((key) => chrome.storage.local.get(key), HOST_KEY);
    assert.deepEqual(stored[HOST_KEY].chosenUsers, ['Backup Service']);
  });
});

test('Apply selects the Integration Vendor and the vendor in its picker (current UI)', async () => {
  await remember('Rhipe Integration');
  const { url } = fixture('api-user/current-ui-new');
  await withPage(AUTOTASK + url, async (page) => {
    await summaryIs(page, '8/10');
    await page.getByTestId('asg-apply').click();
    await summaryIs(page, '10/10');
    assert.equal(await page.isChecked('[data-fixture-id="vendor-radio"]'), true);
    assert.equal((await page.locator('[data-fixture-id="vendor"] > .Text').textContent()).trim(), 'Rhipe - Cloud Services');
  });
});

test('Apply sets Active, Locked and the remembered level, and leaves what only the admin can fill (classic)', async () => {
  await remember('Rhipe Integration');
  const { url } = fixture('api-user/classic-new-deviations');
  await withPage(AUTOTASK + url, async (page) => {
    await summaryIs(page, '4/10');
    await page.getByTestId('asg-apply').click();
    await summaryIs(page, '7/10');
    assert.equal(await page.isChecked('[data-fixture-id="active"]'), true);
    assert.equal(await page.isChecked('[data-fixture-id="locked"]'), false);
    assert.equal(await page.locator('[data-fixture-id="security-level"] option:checked').textContent(), 'Rhipe Integration');
    const open = await page.evaluate(() => [...document.querySelectorAll('[data-asg="fail"]')].map((el) => el.dataset.fixtureId).sort());
    assert.deepEqual(open, ['first-name', 'secret', 'username']);
  });
});

// A real mouse click (Playwright's click() checks that its pointerdown
// reached the element, and the guard stops exactly that).
async function mouseClick(page, selector) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function openGuardPage() {
  await remember('Rhipe Integration');
  const page = await browser.context.newPage();
  await page.goto(GUARD_PAGE);
  await summaryIs(page, '10/10');
  return page;
}

for (const save of ['button-submit', 'div-click']) {
  test(`Save & Close (${save}) of a new user with its secret asks first: Cancel saves nothing, confirm saves once`, async () => {
    const page = await openGuardPage();
    try {
      const confirm = page.getByTestId('asg-confirm');
      await mouseClick(page, `[data-save="${save}"]`);
      await confirm.waitFor();
      assert.equal(await confirm.getAttribute('data-question'), 'secret-stored');
      assert.match(await confirm.textContent(), /never shows the secret again/);
      await page.getByTestId('asg-confirm-cancel').click();
      await confirm.waitFor({ state: 'detached' });
      await sleep(300);
      assert.deepEqual(await saves(page), [], 'Cancel saves nothing');

      await mouseClick(page, `[data-save="${save}"]`);
      await confirm.waitFor();
      await page.getByTestId('asg-confirm-ok').dblclick();
      await page.waitForFunction(() => window.__saves.length > 0);
      await sleep(500);
      assert.equal((await saves(page)).length, 1, `exactly one save: ${await saves(page)}`);
      assert.equal(await page.getByTestId('asg-modal').count(), 0, 'a passing page shows no block dialog');
    } finally {
      await page.close();
    }
  });
}

test('a failing API user is blocked; Cancel saves nothing; Save anyway still asks about the secret, then saves once', async () => {
  const page = await openGuardPage();
  try {
    await page.uncheck('[data-fixture-id="active"]');
    await summaryIs(page, '9/10');
    const modal = page.getByTestId('asg-modal');
    await mouseClick(page, '[data-save="button-submit"]');
    await modal.waitFor();
    assert.match(await modal.textContent(), /Turn on "Active"/);
    await page.getByTestId('asg-modal-cancel').click();
    await sleep(300);
    assert.deepEqual(await saves(page), []);

    await mouseClick(page, '[data-save="button-submit"]');
    await modal.waitFor();
    await page.getByTestId('asg-modal-save-anyway').click();
    await page.getByTestId('asg-confirm').waitFor();
    assert.deepEqual(await saves(page), [], 'nothing saved before the secret question is answered');
    await page.getByTestId('asg-confirm-ok').click();
    await page.waitForFunction(() => window.__saves.length > 0);
    await sleep(300);
    assert.equal((await saves(page)).length, 1);
  } finally {
    await page.close();
  }
});

// Records, in the worker, every message a content script sends and every
// answer the engine gives (reports, the guard's configuration).
async function recordTraffic() {
  await (await worker()).evaluate(() => {
    globalThis.__asgTraffic = [];
    if (!globalThis.__asgListening) {
      globalThis.__asgListening = true;
      // A snapshot (or a re-verify's changes) travels as JSON text: recorded as
      // what it says, so a secret in it is found as written.
      const readable = (msg) => (msg && typeof msg.snapshot === 'string' ? { ...msg, snapshot: JSON.parse(msg.snapshot) }
        : msg && typeof msg.changes === 'string' ? { ...msg, changes: JSON.parse(msg.changes) } : msg);
      chrome.runtime.onMessage.addListener((msg) => { globalThis.__asgTraffic.push(JSON.stringify(readable(msg))); });
      /* global wasm_bindgen */
      for (const name of ['checkPage', 'checkFrame', 'recheckFrame', 'guardConfig']) {
        const real = wasm_bindgen[name];
        wasm_bindgen[name] = (...args) => {
          const answer = real(...args);
          globalThis.__asgTraffic.push(answer);
          return answer;
        };
      }
    }
  });
}

async function everythingStored() {
  return (await worker()).evaluate(async () => {
    const traffic = globalThis.__asgTraffic;
    const [local, session, sync] = await Promise.all([
      chrome.storage.local.get(null), chrome.storage.session.get(null), chrome.storage.sync.get(null)]);
    return { traffic, storage: JSON.stringify({ local, session, sync }) };
  });
}

// The page as the extension left it: attributes, and the overlay's text.
const pageTrace = (page) => page.evaluate(() => {
  const host = document.querySelector('asg-overlay');
  const attrs = [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`));
  return `${attrs.join('\n')}\n${host && host.shadowRoot ? host.shadowRoot.textContent : ''}`;
});

async function assertSecretNowhere(page, secret, where) {
  const { traffic, storage } = await everythingStored();
  // A check is the whole page (check-page) or the states changed since (recheck-page).
  const isCheck = (m) => m.includes('"check-page"') || m.includes('"recheck-page"');
  assert.ok(traffic.some(isCheck), `${where}: no check was recorded, so this test proves nothing`);
  const secretFilled = (m) => {
    const { snapshot, changes } = JSON.parse(m);
    // The eyes do not decide labels (the engine does): a secret field is one
    // seen as a secret, filled, and without its value; a re-verify says it as
    // a change to filled, with no value.
    return (!!snapshot && snapshot.controls.some((c) => c.kind === 'secret' && c.filled === true && c.value == null))
      || (!!changes && changes.controls.some((c) => c.filled === true && !('value' in c)));
  };
  assert.ok(traffic.some((m) => isCheck(m) && secretFilled(m)),
    `${where}: no snapshot said (as a secret, without its value) that the secret is filled`);
  assert.ok(traffic.some((m) => m.includes('"confirmBeforeSave"')), `${where}: no report was recorded`);
  const leaks = traffic.filter((m) => m.includes(secret));
  assert.deepEqual(leaks, [], `${where}: the secret is in a message or report`);
  assert.ok(!storage.includes(secret), `${where}: the secret is in extension storage`);
  assert.ok(!(await pageTrace(page)).includes(secret), `${where}: the secret is in an attribute or the overlay`);
}

test('after a full run with a generated secret (classic password field), the secret is in no storage, message or report', async () => {
  const page = await openGuardPage();
  try {
    await recordTraffic();
    await page.fill('[data-fixture-id="secret"]', '');
    await summaryIs(page, '9/10');
    await page.locator('input[type="button"][value="Generate Secret"]').click();
    await summaryIs(page, '10/10');
    const secret = await page.inputValue('[data-fixture-id="secret"]');
    assert.equal(secret.length, 25);
    await mouseClick(page, '[data-save="button-submit"]');
    await page.getByTestId('asg-confirm-ok').click();
    await page.waitForFunction(() => window.__saves.length === 1);
    await sleep(500);
    await assertSecretNowhere(page, secret, 'classic');
  } finally {
    await page.close();
  }
});

test('a secret typed into a plain text field (current UI) is read only as filled, and reaches nothing', async () => {
  await remember(null);
  const { url } = fixture('api-user/current-ui-level-not-remembered');
  const secret = 'Typed~Secret~Value~20261127';
  await withPage(AUTOTASK + url, async (page) => {
    await recordTraffic();
    await summaryIs(page, '9/10');
    await page.fill('[data-fixture-id="secret"]', '');
    await summaryIs(page, '8/10');
    await page.fill('[data-fixture-id="secret"]', secret);
    await summaryIs(page, '9/10');
    await page.getByTestId('asg-confirm-level-yes').click();
    await summaryIs(page, '10/10');
    await mouseClick(page, '.ToolBar .Button2:first-child');
    await page.getByTestId('asg-confirm').waitFor();
    await page.getByTestId('asg-confirm-ok').click();
    await sleep(500);
    await assertSecretNowhere(page, secret, 'current UI');
  });
});
