// The options page in Chromium: choosing the active profile changes how
// pages are judged; a bad profile file is refused in place and changes
// nothing; a good one is imported, judges pages, and exports as it came;
// reset brings back the defaults. Expected summaries are those counted in
// tests/profiles.rs for the same page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { AXE_TAGS, axeViolations } from './scenarios.mjs';

const PAGE = 'https://ww5.autotask.net/security-level/classic-all-correct.html';
const SYNC_365 = readFileSync(new URL('../../src/profiles/sync-365.json', import.meta.url), 'utf8');
const RHIPE = readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8');
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const browser = useBrowser();

const worker = () => browser.context.serviceWorkers()[0];
const stored = () => worker().evaluate(() => chrome.storage.local.get(['profile', 'customProfile']));

async function openOptions() {
  const id = new URL(worker().url()).host;
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${id}/options/options.html`);
  await page.getByTestId('options-profile').locator('option').first().waitFor({ state: 'attached' });
  return page;
}

async function judged(expect) {
  const page = await browser.context.newPage();
  await page.goto(PAGE);
  await page.waitForFunction((want) => {
    const html = document.documentElement;
    return html.getAttribute('data-asg-bound') === want.bound
      && (want.summary === undefined || html.getAttribute('data-asg-summary') === want.summary);
  }, expect, { timeout: 10_000 }).catch(async () => {
    const got = await page.evaluate(() => [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`).join(' '));
    throw new Error(`expected ${JSON.stringify(expect)}, found ${got}`);
  });
  return page;
}

const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('the options page lists the built-in profiles, rhipe active, and words from _locales', async () => {
  const page = await openOptions();
  const options = await page.getByTestId('options-profile').locator('option').allTextContents();
  assert.deepEqual(options, ['rhipe PRISM Connect (version 1.1.0)', 'Crayon Billing Sync (version 1.2.0)', 'Sync 365 (version 1.2.0)', 'COW warranty sync (version 1.1.0)', 'MSP360 Managed Backup (version 1.1.0)', 'Guardz (version 1.1.0)', 'TimeZest (version 1.1.0)', 'Rewst (version 1.1.0)']);
  assert.equal(await page.getByTestId('options-profile').inputValue(), 'rhipe-prism-connect');
  assert.equal(await page.title(), 'Autotask Setup Guard: settings');
  assert.equal(await page.getByTestId('options-managed-profile').isHidden(), true, 'nothing is managed here');
  await page.close();
});

test('choosing Sync 365 judges the levels chosen for it; another integration\'s level keeps its own profile; reset brings back rhipe', async () => {
  const options = await openOptions();
  await options.getByTestId('options-profile').selectOption('sync-365');
  await options.getByTestId('options-status').filter({ hasText: 'Saved' }).waitFor();
  assert.equal((await stored()).profile, 'sync-365');
  // "Rhipe Integration" is rhipe's own level (its name hint): judged by rhipe's
  // profile while Sync 365 is active (several integrations on one Autotask).
  (await judged({ bound: 'yes', summary: '55/55' })).close();
  await worker().evaluate(() => chrome.storage.local.set({ 'host:ww5.autotask.net': { chosenLevels: ['Rhipe Integration'] } }));
  try {
    (await judged({ bound: 'yes', summary: '49/60' })).close();
    await options.getByTestId('options-reset').click();
    await options.getByTestId('options-reset-confirm').click();
    await options.getByTestId('options-status').filter({ hasText: 'Back to the defaults' }).waitFor();
    assert.deepEqual(await stored(), {});
    assert.equal(await options.getByTestId('options-profile').inputValue(), 'rhipe-prism-connect');
    (await judged({ bound: 'yes', summary: '55/55' })).close();
  } finally {
    await worker().evaluate(() => chrome.storage.local.remove('host:ww5.autotask.net'));
    await options.close();
  }
});

// Sync 365's profile with a second rule wanting its Web Services API login off.
function contradicting() {
  const p = JSON.parse(SYNC_365.replace('"id": "sync-365"', '"id": "acme-sync"'));
  p.security_level.sections[10].rules.push({ id: 'wsapi-login-off', control: 'Can login to Web Services API', check: { checked: false }, why: 'A contradiction.', source: 'sync365-guide' });
  return JSON.stringify(p, null, 2);
}
const CONTRADICTION = /^Not imported, nothing changed: contradicts\.json: field `security_level\.sections\[10\]\.rules\[1\]\.check`: rule "wsapi-login-off" wants it off where rule "wsapi-login" wants it on for the same control; no page could pass both \(line \d+\)$/;

test('a bad profile file is refused in place, naming field and line, and changes nothing', async () => {
  const options = await openOptions();
  await options.getByTestId('options-profile').selectOption('crayon-billing-sync');
  await options.getByTestId('options-status').filter({ hasText: 'Saved' }).waitFor();
  const before = await stored();
  const bad = SYNC_365.replace('"id": "sync-365"', '"id": "acme-sync"').replace('"format": 2', '"format": 3');
  await options.getByTestId('options-import').setInputFiles(file('acme.json', bad));
  const error = options.getByTestId('options-error');
  await error.waitFor();
  assert.equal(await error.textContent(),
    'Not imported, nothing changed: acme.json: field `format`: expected 1 or 2, the formats this engine reads; found 3 (line 2)');
  assert.deepEqual(await stored(), before);
  assert.equal(await options.getByTestId('options-profile').inputValue(), 'crayon-billing-sync');
  await options.getByTestId('options-import').setInputFiles(file('broken.json', '{\n  "format": 1,\n  oops\n}'));
  await error.filter({ hasText: 'broken.json: not valid JSON at line 3, column 3' }).waitFor();
  assert.deepEqual(await stored(), before);
  // A profile that contradicts itself (login wanted on and off) is refused with its field.
  await options.getByTestId('options-import').setInputFiles(file('contradicts.json', contradicting()));
  await error.filter({ hasText: 'contradicts.json' }).waitFor();
  assert.match(await error.textContent(), CONTRADICTION);
  assert.deepEqual(await stored(), before);
  await options.getByTestId('options-reset').click();
  await options.getByTestId('options-reset-confirm').click();
  await options.getByTestId('options-status').filter({ hasText: 'Back to the defaults' }).waitFor();
  await options.close();
});

test('an imported profile becomes active, judges pages, and exports exactly as imported', async () => {
  const options = await openOptions();
  // Sync 365's rules under another id and name, bound to rhipe's level name.
  const mine = SYNC_365.replace('"id": "sync-365"', '"id": "acme-sync"')
    .replace('"name": "Sync 365"', '"name": "Acme Sync"')
    .replace('"contains": ["sync 365", "sync365"]', '"contains": ["rhipe"]');
  await options.getByTestId('options-import').setInputFiles(file('acme.json', mine));
  await options.getByTestId('options-status').filter({ hasText: 'Imported Acme Sync (version 1.2.0)' }).waitFor();
  assert.equal(await options.getByTestId('options-profile').inputValue(), 'acme-sync');
  assert.equal(await options.getByTestId('options-error').isHidden(), true);
  const { profile, customProfile } = await stored();
  assert.equal(profile, 'acme-sync');
  assert.equal(customProfile.text, mine);

  const page = await judged({ bound: 'yes', summary: '49/60' });
  assert.match(await page.getByTestId('asg-panel').textContent(), /Acme Sync/);
  await page.close();

  const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('options-export').click()]);
  assert.equal(download.suggestedFilename(), 'acme-sync.json');
  assert.equal(readFileSync(await download.path(), 'utf8'), mine);

  await options.getByTestId('options-reset').click();

  await options.getByTestId('options-reset-confirm').click();
  await options.getByTestId('options-status').filter({ hasText: 'Back to the defaults' }).waitFor();
  const [builtIn] = await Promise.all([options.waitForEvent('download'), options.getByTestId('options-export').click()]);
  assert.equal(builtIn.suggestedFilename(), 'rhipe-prism-connect.json');
  assert.equal(readFileSync(await builtIn.path(), 'utf8'), RHIPE);
  await options.close();
});

// Policy cannot be set on this shared machine (it is system-wide), so the
// worker's managed storage is stood in for by replacing storage.managed.get
// in the worker itself: what the page and the worker then do is real.
test('a profile set by policy wins over the admin\'s choice and is shown as managed', async () => {
  const mine = SYNC_365.replace('"id": "sync-365"', '"id": "msp-sync"').replace('"name": "Sync 365"', '"name": "MSP Sync"')
    .replace('"contains": ["sync 365", "sync365"]', '"contains": ["rhipe"]');
  await worker().evaluate((custom) => {
    globalThis.__realManaged = chrome.storage.managed.get;
    chrome.storage.managed.get = async () => ({ activeProfile: 'msp-sync', customProfile: custom });
  }, mine);
  try {
    await worker().evaluate(() => chrome.storage.local.set({ profile: 'crayon-billing-sync' }));
    const options = await openOptions();
    assert.equal(await options.getByTestId('options-profile').inputValue(), 'msp-sync');
    assert.equal(await options.getByTestId('options-profile').isDisabled(), true);
    assert.equal(await options.getByTestId('options-import').isDisabled(), true);
    assert.equal(await options.getByTestId('options-managed-profile').isVisible(), true);
    assert.equal(await options.getByTestId('options-managed-custom').isVisible(), true);
    const page = await judged({ bound: 'yes', summary: '49/60' });
    assert.match(await page.getByTestId('asg-panel').textContent(), /MSP Sync/);
    await page.close();
    await options.close();
  } finally {
    await worker().evaluate(() => {
      chrome.storage.managed.get = globalThis.__realManaged;
      return chrome.storage.local.remove('profile');
    });
  }
});

test('the options page lists every profile with its description, sources and rule count, filtered from the keyboard, axe-clean', async () => {
  const page = await openOptions();
  const items = page.getByTestId('options-profile-item');
  await items.first().waitFor();
  const ids = await items.evaluateAll((list) => list.map((li) => li.dataset.profile));
  assert.equal(ids.length, 8);
  assert.equal(ids[0], 'rhipe-prism-connect');
  for (const id of ids) {
    const item = page.locator(`[data-testid="options-profile-item"][data-profile="${id}"]`);
    assert.match(await item.locator('.about').textContent(), /\S/, `${id}: a description`);
    assert.match(await item.locator('.rules').textContent(), /^\d+ security level rules$/, `${id}: its rule count`);
    const sources = item.getByTestId('options-profile-sources').locator('li');
    assert.ok(await sources.count() >= 1, `${id}: at least one source`);
  }
  // A guide's title, linked to its address (https only).
  const guardz = page.locator('[data-testid="options-profile-item"][data-profile="guardz"]');
  const link = guardz.getByTestId('options-profile-sources').locator('a').first();
  assert.match(await link.getAttribute('href'), /^https:\/\//);
  assert.match(await page.getByTestId('options-profiles-count').textContent(), /^8 of 8 profiles shown$/);

  // The filter, from the keyboard: type into it, only matching profiles stay.
  await page.getByTestId('options-profiles-filter').focus();
  await page.keyboard.type('timezest');
  await page.getByTestId('options-profiles-count').filter({ hasText: '1 of 8 profiles shown' }).waitFor();
  const shown = await items.evaluateAll((list) => list.filter((li) => !li.hidden).map((li) => li.dataset.profile));
  assert.deepEqual(shown, ['timezest']);
  // Tab goes on to the shown profile's source link.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[data-testid="options-profile-item"]')?.dataset.profile), 'timezest');
  await page.getByTestId('options-profiles-filter').fill('no such integration');
  await page.getByTestId('options-profiles-none').waitFor();
  await page.getByTestId('options-profiles-filter').fill('');
  await page.getByTestId('options-profiles-count').filter({ hasText: '8 of 8' }).waitFor();

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(AXE);
    assert.deepEqual(await page.evaluate(axeViolations, [AXE_TAGS, null]), [], `axe (${scheme})`);
  }
  await page.close();
});
