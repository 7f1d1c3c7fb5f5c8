// Every surface in Firefox, as tests/e2e/surfaces.test.mjs in Chromium:
// screenshots in dist/screenshots/firefox/ (not in git) of the popup, the
// options page, the help page, the live API check, the checker page with a
// result, and the panel, its dialog and its offer on Autotask pages, light
// and dark; axe (node_modules/axe-core, the same rules: scenarios.mjs) must
// report no violation on any of them. Then the popup's own words and the
// first-run decision.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { AXE_TAGS, POPUP_COUNTS, WELCOME_CASES, axeViolations } from '../e2e/scenarios.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { extensionUrl, inAddon, openSaveDialog, part, privileged, setViewport, useFirefox, waitFor } from './firefox.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(REPO, 'dist', 'screenshots', 'firefox');
const AXE = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PAGE_SIZE = { width: 1280, height: 720 };

let www;
const firefox = useFirefox();
before(async () => {
  mkdirSync(OUT, { recursive: true });
  www = await serveStatic(join(REPO, 'dist', 'www'));
});
after(async () => {
  await privileged(firefox.driver, 'Services.prefs.clearUserPref("layout.css.prefers-color-scheme.content-override");').catch(() => {});
  await www?.close();
});

const byId = (id) => firefox.driver.findElement({ css: `[data-testid="${id}"]` });
const summaryIs = (value) => waitFor(async () => (await firefox.driver.executeScript(
  'return document.documentElement.getAttribute("data-asg-summary")')) === value, `data-asg-summary=${value}`);

// Firefox's own colour scheme for pages (0 dark, 1 light): what Chromium's emulateMedia sets.
const scheme = (name) => privileged(firefox.driver,
  'Services.prefs.setIntPref("layout.css.prefers-color-scheme.content-override", arguments[0]);', name === 'dark' ? 0 : 1);

// axe, run by WebDriver's script sandbox over the page: no page or add-on CSP stops it there.
const axe = (scope) => firefox.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
  ${AXE}
  ;(${axeViolations})(arguments[0]).then(done, (e) => done(['axe failed: ' + e]));`, [AXE_TAGS, scope]);

async function surface(name, prepare, { scope = null, size = { width: 1280, height: 800 } } = {}) {
  const results = {};
  for (const colours of ['light', 'dark']) {
    await scheme(colours);
    await setViewport(firefox.driver, size);
    await prepare();
    const dark = await firefox.driver.executeScript('return matchMedia("(prefers-color-scheme: dark)").matches');
    assert.equal(dark, colours === 'dark', `${name}: the page sees the ${colours} scheme`);
    writeFileSync(join(OUT, `${name}-${colours}.png`), Buffer.from(await firefox.driver.takeScreenshot(), 'base64'));
    results[colours] = await axe(scope);
  }
  assert.deepEqual(results, { light: [], dark: [] }, `${name}: axe violations`);
}

test('Firefox: the popup', () => surface('popup', async () => {
  await firefox.driver.get(extensionUrl('popup/popup.html'));
  await waitFor(async () => (await (await byId('popup-state')).getAttribute('textContent')).trim(), 'the popup\'s state');
}, { size: { width: 320, height: 360 } }));

test('Firefox: the options page, with a host remembered', () => surface('options', async () => {
  await inAddon(firefox.driver, `await browser.storage.local.set({
    'host:ww5.autotask.net': { level: 'Rhipe Integration', contractNames: ['Acme Cloud (PRISM)'], dateFormat: 'dd/MM/yyyy' } });`);
  await firefox.driver.get(extensionUrl('options/options.html'));
  await waitFor(() => byId('options-host'), 'a host');
  await (await byId('options-reset')).click();
  await waitFor(() => byId('options-reset-ask'), 'the reset question');
}));

test('Firefox: the help page', () => surface('help', async () => {
  await firefox.driver.get(extensionUrl('welcome/welcome.html'));
  await waitFor(async () => (await (await firefox.driver.findElement({ css: 'h1' })).getAttribute('textContent')).trim(), 'the heading');
}));

test('Firefox: the live API check', () => surface('live-check', async () => {
  await firefox.driver.get(extensionUrl('check/check.html'));
  await waitFor(() => byId('live-username'), 'the form');
}));

test('Firefox: the checker page with a result', () => surface('checker', async () => {
  await firefox.driver.get(`http://127.0.0.1:${www.port}/`);
  await waitFor(async () => (await (await byId('engine-status')).getAttribute('data-state')) === 'ready', 'the engine');
  await (await byId('file-input')).sendKeys(join(REPO, 'tests', 'fixtures', 'security-level', 'classic-deviations.html'));
  await waitFor(() => byId('verdict'), 'the verdict');
}));

test('Firefox: the panel on a failing security level', () => surface('panel-failing', async () => {
  await firefox.driver.get(firefox.url('/security-level/classic-deviations.html'));
  await summaryIs('50/55');
  await waitFor(() => part(firefox.driver, 'asg-panel'), 'the panel');
}, { scope: 'asg-overlay', size: PAGE_SIZE }));

test('Firefox: the panel minimised on a passing security level', () => surface('panel-passing', async () => {
  await firefox.driver.get(firefox.url('/security-level/classic-all-correct.html'));
  await summaryIs('55/55');
  await waitFor(async () => (await (await part(firefox.driver, 'asg-panel'))?.getAttribute('data-state')) === 'min', 'the panel minimised');
}, { scope: 'asg-overlay', size: PAGE_SIZE }));

test('Firefox: the offer on a level not yet checked', () => surface('panel-offer', async () => {
  await firefox.driver.get(firefox.url('/security-level/classic-unbound.html'));
  await waitFor(() => part(firefox.driver, 'asg-offer'), 'the offer');
}, { scope: 'asg-overlay', size: PAGE_SIZE }));

test('Firefox: the question on a fresh copy: which integration is it for', () => surface('panel-choose-profile', async () => {
  await firefox.driver.get(firefox.url('/security-level/classic-fresh-copy.html'));
  await waitFor(() => part(firefox.driver, 'asg-choices'), 'the question');
}, { scope: 'asg-overlay', size: PAGE_SIZE }));

test('Firefox: the save dialog', () => surface('save-dialog', async () => {
  await openSaveDialog(firefox);
}, { scope: 'asg-overlay', size: PAGE_SIZE }));

// The popup reads the active tab of its window: opened in a window of its
// own (as a toolbar popup is, over the Autotask tab), it would read itself,
// so here it is a tab beside the Autotask page and is told which tab it is
// for the way the toolbar's is: the Autotask tab is made active first.
test('Firefox: the popup counts this tab\'s findings by outcome and shows the panel', async () => {
  const { driver } = firefox;
  await driver.get(firefox.url('/security-level/classic-deviations.html'));
  await summaryIs('50/55');
  await (await waitFor(() => part(driver, 'asg-hide'), 'the hide button')).click();
  await waitFor(async () => !(await part(driver, 'asg-panel')), 'the panel hidden');
  const autotask = await driver.getWindowHandle();
  const url = await driver.getCurrentUrl();
  await driver.switchTo().newWindow('tab');
  try {
    await driver.get(extensionUrl('popup/popup.html'));
    // The popup's document, reloaded while the Autotask tab is the active one (Chromium's bringToFront).
    await driver.executeAsyncScript(`const [url, done] = arguments;
      browser.tabs.query({}).then(async (tabs) => {
        const tab = tabs.find((t) => t.url === url);
        await browser.tabs.update(tab.id, { active: true });
        location.reload();
        done();
      });`, url);
    await waitFor(async () => (await driver.executeScript('return document.readyState')) === 'complete'
      && (await (await byId('popup-state')).getAttribute('textContent')).includes(POPUP_COUNTS.state), POPUP_COUNTS.state, 5_000);
    const counts = await driver.executeScript(`return [...document.querySelectorAll('[data-testid^="popup-count-"]:not([hidden]):not(.warn)')]
      .map((el) => el.textContent)`);
    const total = counts.reduce((n, text) => n + Number(text.match(/^\d+/)[0]), 0);
    assert.equal(total, POPUP_COUNTS.total, counts.join(' · '));
    assert.ok(counts.some((c) => POPUP_COUNTS.kind.test(c)), counts.join(' · '));
    assert.match(await (await byId('popup-shortcut')).getAttribute('textContent'), POPUP_COUNTS.shortcut);
    assert.equal(await driver.getTitle(), POPUP_COUNTS.title);
    await (await byId('popup-show-panel')).click();
  } finally {
    // Show panel closes the popup (window.close()), here its tab.
    const popup = await driver.getWindowHandle().catch(() => null);
    if (popup && popup !== autotask && (await driver.getAllWindowHandles()).includes(popup)) await driver.close().catch(() => {});
    await driver.switchTo().window(autotask);
  }
  await waitFor(() => part(driver, 'asg-panel'), 'the panel shown again');
});

// Firefox's copy here is a temporary add-on ("development"), so no tab
// opened by itself, and the decision is asked for the other cases.
test('Firefox: the first-run page: opened on a real install, never on an update or a developer\'s copy', async () => {
  const answer = await inAddon(firefox.driver, `const cases = arguments[0];
    const page = await browser.runtime.getBackgroundPage();
    const self = await browser.management.getSelf();
    const tabs = await browser.tabs.query({ url: browser.runtime.getURL('welcome/welcome.html') });
    const out = { installType: self.installType, welcomeTabs: tabs.length };
    // Made in the event page's own realm, as its listeners get them.
    const there = (value) => page.JSON.parse(JSON.stringify(value));
    for (const [name, [details, install]] of Object.entries(cases)) out[name] = page.asgShouldWelcome(there(details), there(install));
    return out;`, WELCOME_CASES);
  assert.deepEqual(answer, {
    installType: 'development', welcomeTabs: 0, ...Object.fromEntries(Object.entries(WELCOME_CASES).map(([name, [, , want]]) => [name, want])),
  });
});
