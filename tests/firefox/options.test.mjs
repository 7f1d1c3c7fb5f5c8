// The options page in Firefox, as tests/e2e/options.test.mjs in Chromium:
// choosing the active profile changes how pages are judged; a bad profile
// file is refused in place and changes nothing; a good one is imported,
// judges pages, and exports as it came; reset brings back the defaults.
// (Managed settings: options-managed.test.mjs, with a real policy.)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HOST_KEY } from '../e2e/pairs.mjs';
import { AXE_TAGS, axeViolations } from '../e2e/scenarios.mjs';
import { downloaded, extensionUrl, inAddon, useFirefox, waitFor } from './firefox.mjs';

const PAGE = '/security-level/classic-all-correct.html';
const SYNC_365 = readFileSync(new URL('../../src/profiles/sync-365.json', import.meta.url), 'utf8');
const RHIPE = readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8');
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const firefox = useFirefox();
const files = mkdtempSync(join(tmpdir(), 'asg-profiles-'));
after(() => rmSync(files, { recursive: true, force: true }));

const byId = (id) => firefox.driver.findElement({ css: `[data-testid="${id}"]` });
const stored = () => inAddon(firefox.driver, "return browser.storage.local.get(['profile', 'customProfile']);");
const text = async (id) => (await byId(id)).getAttribute('textContent');
const value = async (id) => (await byId(id)).getAttribute('value');
const statusSays = (words) => waitFor(async () => (await text('options-status')).includes(words), `the status "${words}"`);

async function openOptions() {
  await firefox.driver.get(extensionUrl('options/options.html'));
  await waitFor(async () => (await firefox.driver.findElements({ css: '[data-testid="options-profile"] option' })).length > 0, 'the profiles listed');
}

async function choose(id) {
  await (await firefox.driver.findElement({ css: `[data-testid="options-profile"] option[value="${id}"]` })).click();
  await statusSays('Saved');
}

async function importFile(name, contents) {
  const path = join(files, name);
  writeFileSync(path, contents);
  await (await byId('options-import')).sendKeys(path);
}

// Opens the fixture page in a tab of its own, waits for the verdict, and returns the panel's text.
async function judged(expect) {
  const { driver } = firefox;
  const back = await driver.getWindowHandle();
  await driver.switchTo().newWindow('tab');
  try {
    await driver.get(firefox.url(PAGE));
    const attrs = 'return [document.documentElement.getAttribute("data-asg-bound"), document.documentElement.getAttribute("data-asg-summary")]';
    await waitFor(async () => {
      const [bound, summary] = await driver.executeScript(attrs);
      return bound === expect.bound && (expect.summary === undefined || summary === expect.summary);
    }, `the page judged ${JSON.stringify(expect)}`);
    return await driver.executeScript('const h = document.querySelector("asg-overlay"); return h && h.shadowRoot ? h.shadowRoot.textContent : "";');
  } finally {
    await driver.close();
    await driver.switchTo().window(back);
  }
}

async function reset() {
  await (await byId('options-reset')).click();
  await (await byId('options-reset-confirm')).click();
  await statusSays('Back to the defaults');
}

test('Firefox: the options page lists the built-in profiles, rhipe active, and words from _locales', async () => {
  await openOptions();
  const options = await firefox.driver.executeScript('return [...document.querySelectorAll("[data-testid=options-profile] option")].map((o) => o.textContent)');
  assert.deepEqual(options, ['rhipe PRISM Connect (version 1.1.0)', 'Crayon Billing Sync (version 1.2.0)', 'Sync 365 (version 1.2.0)', 'COW warranty sync (version 1.1.0)', 'MSP360 Managed Backup (version 1.1.0)', 'Guardz (version 1.1.0)', 'TimeZest (version 1.1.0)', 'Rewst (version 1.1.0)']);
  assert.equal(await value('options-profile'), 'rhipe-prism-connect');
  assert.equal(await firefox.driver.getTitle(), 'Autotask Setup Guard: settings');
  assert.equal(await (await byId('options-managed-profile')).isDisplayed(), false, 'nothing is managed here');
});

test('Firefox: choosing Sync 365 judges the levels chosen for it; another integration\'s level keeps its own profile; reset brings back rhipe', async () => {
  await openOptions();
  await choose('sync-365');
  assert.equal((await stored()).profile, 'sync-365');
  // "Rhipe Integration" is rhipe's own level (its name hint): judged by rhipe's
  // profile while Sync 365 is active (several integrations on one Autotask).
  await judged({ bound: 'yes', summary: '55/55' });
  await inAddon(firefox.driver, 'await browser.storage.local.set({ [arguments[0]]: { chosenLevels: ["Rhipe Integration"] } });', HOST_KEY);
  try {
    await judged({ bound: 'yes', summary: '49/60' });
    await reset();
    assert.deepEqual(await stored(), {});
    assert.equal(await value('options-profile'), 'rhipe-prism-connect');
    await judged({ bound: 'yes', summary: '55/55' });
  } finally {
    await inAddon(firefox.driver, 'await browser.storage.local.remove(arguments[0]);', HOST_KEY);
  }
});

// Sync 365's profile with a second rule wanting its Web Services API login off.
function contradicting() {
  const p = JSON.parse(SYNC_365.replace('"id": "sync-365"', '"id": "acme-sync"'));
  p.security_level.sections[10].rules.push({ id: 'wsapi-login-off', control: 'Can login to Web Services API', check: { checked: false }, why: 'A contradiction.', source: 'sync365-guide' });
  return JSON.stringify(p, null, 2);
}
const CONTRADICTION = /^Not imported, nothing changed: contradicts\.json: field `security_level\.sections\[10\]\.rules\[1\]\.check`: rule "wsapi-login-off" wants it off where rule "wsapi-login" wants it on for the same control; no page could pass both \(line \d+\)$/;

test('Firefox: a bad profile file is refused in place, naming field and line, and changes nothing', async () => {
  await openOptions();
  await choose('crayon-billing-sync');
  const before = await stored();
  const bad = SYNC_365.replace('"id": "sync-365"', '"id": "acme-sync"').replace('"format": 2', '"format": 3');
  await importFile('acme.json', bad);
  const want = 'Not imported, nothing changed: acme.json: field `format`: expected 1 or 2, the formats this engine reads; found 3 (line 2)';
  await waitFor(async () => (await text('options-error')) === want, 'the error naming the field and line');
  assert.equal(await (await byId('options-error')).isDisplayed(), true);
  assert.deepEqual(await stored(), before);
  assert.equal(await value('options-profile'), 'crayon-billing-sync');
  await importFile('broken.json', '{\n  "format": 1,\n  oops\n}');
  await waitFor(async () => (await text('options-error')).includes('broken.json: not valid JSON at line 3, column 3'), 'the JSON error');
  assert.deepEqual(await stored(), before);
  // A profile that contradicts itself (login wanted on and off) is refused with its field.
  await importFile('contradicts.json', contradicting());
  await waitFor(async () => (await text('options-error')).includes('contradicts.json'), 'the contradiction refused');
  assert.match(await text('options-error'), CONTRADICTION);
  assert.deepEqual(await stored(), before);
  await reset();
});

test('Firefox: an imported profile becomes active, judges pages, and exports exactly as imported', async () => {
  await openOptions();
  const mine = SYNC_365.replace('"id": "sync-365"', '"id": "acme-sync"')
    .replace('"name": "Sync 365"', '"name": "Acme Sync"')
    .replace('"contains": ["sync 365", "sync365"]', '"contains": ["rhipe"]');
  await importFile('acme.json', mine);
  await statusSays('Imported Acme Sync (version 1.2.0)');
  assert.equal(await value('options-profile'), 'acme-sync');
  assert.equal(await (await byId('options-error')).isDisplayed(), false);
  const { profile, customProfile } = await stored();
  assert.equal(profile, 'acme-sync');
  assert.equal(customProfile.text, mine);

  assert.match(await judged({ bound: 'yes', summary: '49/60' }), /Acme Sync/);

  await (await byId('options-export')).click();
  assert.equal(await downloaded(firefox.downloads, 'acme-sync.json'), mine);
  await reset();
  await (await byId('options-export')).click();
  assert.equal(await downloaded(firefox.downloads, 'rhipe-prism-connect.json'), RHIPE);
});

test('Firefox: the options page lists every profile with its description, sources and rule count, filtered from the keyboard, axe-clean', async () => {
  const { driver } = firefox;
  await openOptions();
  await waitFor(() => driver.executeScript('return document.querySelectorAll("[data-testid=options-profile-item]").length === 8'), 'the profiles');
  const items = await driver.executeScript(`return [...document.querySelectorAll('[data-testid="options-profile-item"]')].map((li) => ({
    id: li.dataset.profile, about: li.querySelector('.about')?.textContent ?? '', rules: li.querySelector('.rules')?.textContent ?? '',
    sources: li.querySelectorAll('[data-testid="options-profile-sources"] li').length,
    links: [...li.querySelectorAll('[data-testid="options-profile-sources"] a')].map((a) => a.getAttribute('href')) }));`);
  assert.equal(items[0].id, 'rhipe-prism-connect');
  for (const p of items) {
    assert.match(p.about, /\S/, `${p.id}: a description`);
    assert.match(p.rules, /^\d+ security level rules$/, `${p.id}: its rule count`);
    assert.ok(p.sources >= 1, `${p.id}: a source`);
    assert.ok(p.links.every((h) => h.startsWith('https://')), `${p.id}: https links only`);
  }
  assert.ok(items.find((p) => p.id === 'guardz').links.length >= 1);
  assert.equal(await text('options-profiles-count'), '8 of 8 profiles shown');

  const filter = await byId('options-profiles-filter');
  await filter.sendKeys('timezest');
  await waitFor(async () => (await text('options-profiles-count')) === '1 of 8 profiles shown', 'the filter');
  const shown = await driver.executeScript('return [...document.querySelectorAll("[data-testid=options-profile-item]")].filter((li) => !li.hidden).map((li) => li.dataset.profile)');
  assert.deepEqual(shown, ['timezest']);
  await filter.clear();
  await filter.sendKeys('no such integration');
  await waitFor(async () => (await byId('options-profiles-none')).isDisplayed(), 'nothing matches');
  await filter.clear();
  await filter.sendKeys(' ');
  await waitFor(async () => (await text('options-profiles-count')) === '8 of 8 profiles shown', 'all again');

  // axe in WebDriver's script sandbox, as tests/firefox/surfaces.test.mjs runs it.
  const violations = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    ${AXE}
    ;(${axeViolations})(arguments[0]).then(done, (e) => done(['axe failed: ' + e]));`, [AXE_TAGS, null]);
  assert.deepEqual(violations, []);
});
