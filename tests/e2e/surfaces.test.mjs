// Every surface an admin sees, through axe-core (the pinned dev dependency)
// and into screenshots in dist/screenshots/ (not in git) for a reviewer: the
// popup, the options page, the help page, the live API check, the checker
// page with a result, and the panel, its dialog and its offer on Autotask
// pages; light and dark. axe must report no violation on any of them.
// Also the popup's own words: this tab's findings by outcome, Show panel.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch } from './browser.mjs';
import { AXE_TAGS as TAGS, POPUP_COUNTS, WELCOME_CASES, axeViolations } from './scenarios.mjs';
import { serveStatic, startServer } from './server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(REPO, 'dist', 'screenshots');
const AXE = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const AUTOTASK = 'https://ww5.autotask.net';

let fixtures;
let www;
let browser;
let id;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  fixtures = await startServer();
  www = await serveStatic(join(REPO, 'dist', 'www'));
  browser = await launch(fixtures.port);
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  id = new URL(worker.url()).host;
});
after(async () => {
  await browser?.close();
  await www?.close();
  await fixtures?.close();
});

// axe in the page (evaluated through the debugger, so no page CSP stops it);
// `scope`: a selector to check only that (our overlay on a page not ours).
async function axe(page, scope = null) {
  await page.evaluate(AXE);
  const found = await page.evaluate(axeViolations, [TAGS, scope]);
  return found;
}

async function surface(name, prepare, { scope = null, size = { width: 1280, height: 800 } } = {}) {
  const results = {};
  for (const scheme of ['light', 'dark']) {
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await prepare(page);
      await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
      results[scheme] = await axe(page, scope);
    } finally {
      await page.close();
    }
  }
  assert.deepEqual(results, { light: [], dark: [] }, `${name}: axe violations`);
}

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });

test('the popup', () => surface('popup', async (page) => {
  await page.goto(`chrome-extension://${id}/popup/popup.html`);
  await page.getByTestId('popup-state').filter({ hasText: /./ }).waitFor();
}, { size: { width: 320, height: 360 } }));

test('the popup\'s setup journey on an Autotask tab', () => surface('popup-setup', async (page) => {
  const autotask = await browser.context.newPage();
  try {
    await autotask.goto(`${AUTOTASK}/security-level/classic-deviations.html`);
    await summaryIs(autotask, '50/55');
    await page.goto(`chrome-extension://${id}/popup/popup.html`);
    // The popup reads the active tab: the Autotask page, brought to the front.
    await autotask.bringToFront();
    await page.reload();
    await page.getByTestId('setup-steps').waitFor();
    // Keyboard: the setup report's buttons follow one another with Tab.
    await page.getByTestId('setup-copy-md').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'setup-copy-json');
  } finally {
    await autotask.close();
  }
}, { size: { width: 320, height: 900 } }));

test('the options page, with a host remembered', () => surface('options', async (page) => {
  await browser.context.serviceWorkers()[0].evaluate(() => chrome.storage.local.set({
    'host:ww5.autotask.net': { level: 'Rhipe Integration', contractNames: ['Acme Cloud (PRISM)'], dateFormat: 'dd/MM/yyyy' } }));
  await page.goto(`chrome-extension://${id}/options/options.html`);
  await page.getByTestId('options-host').first().waitFor();
  await page.getByTestId('options-reset').click();
  await page.getByTestId('options-reset-ask').waitFor();
}));

test('the help page', () => surface('help', async (page) => {
  await page.goto(`chrome-extension://${id}/welcome/welcome.html`);
  await page.locator('h1').filter({ hasText: /./ }).waitFor();
}));

test('the live API check', () => surface('live-check', async (page) => {
  await page.goto(`chrome-extension://${id}/check/check.html`);
  await page.getByTestId('live-username').waitFor();
}));

test('the checker page with a result', () => surface('checker', async (page) => {
  await page.goto(`http://127.0.0.1:${www.port}/`);
  await page.getByTestId('engine-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 10_000 });
  await page.getByTestId('file-input').setInputFiles(join(REPO, 'tests', 'fixtures', 'security-level', 'classic-deviations.html'));
  await page.getByTestId('verdict').waitFor();
}));

test('the panel on a failing security level', () => surface('panel-failing', async (page) => {
  await page.goto(`${AUTOTASK}/security-level/classic-deviations.html`);
  await summaryIs(page, '50/55');
  await page.getByTestId('asg-panel').waitFor();
}, { scope: 'asg-overlay', size: { width: 1280, height: 720 } }));

test('the panel minimised on a passing security level', () => surface('panel-passing', async (page) => {
  await page.goto(`${AUTOTASK}/security-level/classic-all-correct.html`);
  await summaryIs(page, '55/55');
  await page.getByTestId('asg-panel').and(page.locator('[data-state="min"]')).waitFor();
}, { scope: 'asg-overlay', size: { width: 1280, height: 720 } }));

test('the offer on a level not yet checked', () => surface('panel-offer', async (page) => {
  await page.goto(`${AUTOTASK}/security-level/classic-unbound.html`);
  await page.getByTestId('asg-offer').waitFor();
}, { scope: 'asg-overlay', size: { width: 1280, height: 720 } }));

test('the question on a fresh copy: which integration is it for', () => surface('panel-choose-profile', async (page) => {
  await page.goto(`${AUTOTASK}/security-level/classic-fresh-copy.html`);
  await page.getByTestId('asg-choices').waitFor();
}, { scope: 'asg-overlay', size: { width: 1280, height: 720 } }));

test('the save dialog', () => surface('save-dialog', async (page) => {
  await page.goto(`${AUTOTASK}/guard/save-controls.html`);
  await summaryIs(page, '55/55');
  await page.uncheck('[data-fixture-id="wsapi-login"]');
  await summaryIs(page, '54/55');
  await page.locator('[data-save="input-submit"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-save="input-submit"]').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('asg-modal').waitFor();
}, { scope: 'asg-overlay', size: { width: 1280, height: 720 } }));

test('the popup counts this tab\'s findings by outcome and shows the panel', async () => {
  const autotask = await browser.context.newPage();
  const popup = await browser.context.newPage();
  try {
    await autotask.goto(`${AUTOTASK}/security-level/classic-deviations.html`);
    await summaryIs(autotask, '50/55');
    await autotask.getByTestId('asg-hide').click();
    await autotask.getByTestId('asg-panel').waitFor({ state: 'detached' });
    await popup.goto(`chrome-extension://${id}/popup/popup.html`);
    // The popup reads the active tab: the Autotask page, brought to the front.
    await autotask.bringToFront();
    await popup.reload();
    await popup.getByTestId('popup-state').filter({ hasText: POPUP_COUNTS.state }).waitFor({ timeout: 5_000 });
    const counts = await popup.locator('[data-testid^="popup-count-"]:not([hidden]):not(.warn)').allTextContents();
    const total = counts.reduce((n, text) => n + Number(text.match(/^\d+/)[0]), 0);
    assert.equal(total, POPUP_COUNTS.total, counts.join(' · '));
    assert.ok(counts.some((c) => POPUP_COUNTS.kind.test(c)), counts.join(' · '));
    assert.match(await popup.getByTestId('popup-shortcut').textContent(), POPUP_COUNTS.shortcut);
    assert.equal(await popup.title(), POPUP_COUNTS.title);
    await popup.getByTestId('popup-show-panel').click();
    await autotask.getByTestId('asg-panel').waitFor();
  } finally {
    if (!popup.isClosed()) await popup.close();
    await autotask.close();
  }
});

// The first-run page opens on a real install only: this test browser's copy
// is unpacked ("development"), so no tab opened by itself, and the decision
// is asked for the other cases.
test('the first-run page: opened on a real install, never on an update or a developer\'s copy', async () => {
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  const answer = await worker.evaluate(async (cases) => {
    const self = await chrome.management.getSelf();
    const tabs = await chrome.tabs.query({ url: chrome.runtime.getURL('welcome/welcome.html') });
    const ask = globalThis.asgShouldWelcome;
    return {
      installType: self.installType,
      welcomeTabs: tabs.length,
      ...Object.fromEntries(Object.entries(cases).map(([name, [details, install]]) => [name, ask(details, install)])),
    };
  }, WELCOME_CASES);
  assert.deepEqual(answer, {
    installType: 'development', welcomeTabs: 0, ...Object.fromEntries(Object.entries(WELCOME_CASES).map(([name, [, , want]]) => [name, want])),
  });
});
