// Every fixture pair (tests/e2e/scenarios.mjs PAIRS, the list Chromium's
// security-level, api-user and contract tests judge) with the built Firefox
// add-on, under the same names: each page kind, binding, summary and mark
// as the pair states, compared by the same code as in Chromium
// (tests/e2e/outcome.mjs), with what the pair says the host remembers. Each
// pair's structure report follows on the page just judged (as
// tests/e2e/field-report.test.mjs: the report, its replay in the checker
// page, the pair made from it), so a page is loaded and settled once for
// both. Then the list's own checks, the CSP and outside-Autotask cases of
// tests/e2e/security-level.test.mjs, and bad structure reports.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUTOTASK, WWW, useScratch } from '../e2e/checker-files.mjs';
import { fixture } from '../e2e/fixtures.mjs';
import { assertNone, differences, readAsgAttributes, readOutcome, settle } from '../e2e/outcome.mjs';
import {
  HOST_KEY, PAIRS, PAIR_LIST_CHECKS, askStructureReport, badFieldReports, expectFieldReport, expectMadePair, expectReplay, madePairApplies,
  fieldReportTitle, hostSettings,
} from '../e2e/scenarios.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { fixtureFrom, loadEngine } from '../../scripts/fixture-from-report.mjs';
import { extensionUrl, frameOf, inAddon, part, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();
let checker;
let engine;
before(async () => {
  checker = await serveStatic(WWW);
  engine = await loadEngine(join(WWW, 'engine'));
});
after(() => checker?.close());
const scratchFile = useScratch('asg-field-');

// Pairs that need the same remembered settings run one after another, so
// that storage is written only when it changes.
const ordered = [...PAIRS].sort((a, b) => JSON.stringify(hostSettings(a.spec)).localeCompare(JSON.stringify(hostSettings(b.spec))));
let current;
async function remember(spec) {
  const want = JSON.stringify(hostSettings(spec));
  if (want === current) return;
  await inAddon(firefox.driver, `const [key, value] = arguments;
    await (value ? browser.storage.local.set({ [key]: value }) : browser.storage.local.remove(key));`, HOST_KEY, hostSettings(spec));
  current = want;
}

async function judge(name, spec, url) {
  const { driver } = firefox;
  await remember(spec);
  await driver.get(url);
  if (spec.frame !== 'iframe') return differences(frameOf(driver), spec, name);
  // The current UI: the shell around the form is not itself a recognised page.
  const lines = await differences(frameOf(driver), { page: 'unrecognized' }, `${name} (shell)`);
  const frames = await driver.findElements({ css: 'iframe' });
  assert.equal(frames.length, 1, `${name}: one iframe`);
  await driver.switchTo().frame(frames[0]);
  try {
    return lines.concat(await differences(frameOf(driver), spec, `${name} (iframe)`));
  } finally {
    await driver.switchTo().defaultContent();
  }
}

// Into the frame that holds a pair's form (the shell's iframe, or the page).
async function intoForm(spec) {
  const { driver } = firefox;
  await driver.switchTo().defaultContent();
  if (spec.frame === 'iframe') await driver.switchTo().frame((await driver.findElements({ css: 'iframe' }))[0]);
}

const PREVIEW = `const host = document.querySelector('asg-field-report');
  const area = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="asg-field-text"]');
  return area ? area.value : null;`;

// What the popup's button does, then the preview's text, read in the form's frame.
async function askForReport(spec) {
  const { driver } = firefox;
  await inAddon(driver, `return (${askStructureReport})(arguments[0]);`, await driver.getCurrentUrl());
  await intoForm(spec);
  const text = await waitFor(() => driver.executeScript(PREVIEW), 'the structure report preview in the form\'s frame');
  if (spec.frame === 'iframe') {
    await driver.switchTo().defaultContent();
    assert.equal(await driver.executeScript(PREVIEW), null, 'the preview opened in the shell too');
    await intoForm(spec);
  }
  return text;
}

// The checker page in a tab of its own, opened once and given each report
// in turn (its engine loads once): `text` as a file, then `read` runs there.
let checkerTab;
async function inChecker(name, text, read) {
  const { driver } = firefox;
  const back = await driver.getWindowHandle();
  const path = scratchFile(name, text);
  try {
    if (checkerTab) await driver.switchTo().window(checkerTab);
    else {
      await driver.switchTo().newWindow('tab');
      checkerTab = await driver.getWindowHandle();
      await driver.get(`http://127.0.0.1:${checker.port}/index.html`);
      await waitFor(() => driver.executeScript('return document.querySelector(\'[data-testid="engine-status"]\').dataset.state === "ready"'), 'the checker\'s engine');
    }
    await giveFile(path);
    return await read();
  } finally {
    await driver.switchTo().window(back);
  }
}

const STATUS = 'document.querySelector(\'[data-testid="file-status"]\')';
async function giveFile(path) {
  const { driver } = firefox;
  const was = await driver.executeScript(`return ${STATUS}.dataset.run ?? null`);
  await (await driver.findElement({ css: '[data-testid="file-input"]' })).sendKeys(path);
  await waitFor(async () => {
    const run = await driver.executeScript(`return ${STATUS}.dataset.run ?? null`);
    return run !== null && run !== was;
  }, 'the checker to read the file', 30_000);
}

const testidAttr = (id, attr) => firefox.driver.executeScript(
  'const el = document.querySelector(`[data-testid="${arguments[0]}"]`); return el ? el.getAttribute(arguments[1]) : null;', id, attr);
const testidText = (id) => firefox.driver.executeScript(
  'const el = document.querySelector(`[data-testid="${arguments[0]}"]`); return el ? el.textContent : "";', id);

// The structure report of the pair whose page is open and judged.
async function fieldReport(name, spec) {
  const { driver } = firefox;
  await intoForm(spec);
  const text = await askForReport(spec);
  expectFieldReport(text, spec, name);
  const replay = await inChecker(`${name.replace(/\//g, '-')}.json`, text, async () => ({
    explained: await testidAttr('replay', 'data-explained'),
    same: await testidAttr('replay', 'data-same'),
    live: await testidAttr('replay-live', 'data-summary'),
    kind: await testidAttr('page-kind', 'data-kind'),
    why: await testidText('replay-differences'),
  }));
  expectReplay(replay, spec, name);
  // The pair written from the report: the add-on gives its verdict.
  if (!madePairApplies(spec)) return;
  const made = `field/${name.replace(/\//g, '-')}`;
  const pair = fixtureFrom(engine, text, made);
  expectMadePair(pair);
  const path = new URL(pair.spec.url, AUTOTASK).pathname;
  firefox.docs.set(path, pair.html);
  try {
    await remember(pair.spec);
    await driver.switchTo().defaultContent();
    await driver.get(firefox.url(pair.spec.url));
    assertNone(await differences(frameOf(driver), pair.spec, made));
  } finally {
    firefox.docs.delete(path);
  }
}

// The pair's page as its own test left it, or judged again if not.
async function judged(name, spec, url) {
  const { driver } = firefox;
  await driver.switchTo().defaultContent();
  if (await driver.getCurrentUrl() === url) {
    await intoForm(spec);
    const now = await frameOf(driver).evaluate(readOutcome);
    if (now.page === spec.page && now.summary === (spec.summary ?? null)) return;
  }
  assertNone(await judge(name, spec, url));
}

describe('fixture pairs', () => {
  for (const [title, check] of Object.entries(PAIR_LIST_CHECKS)) test(`Firefox: ${title}`, check);
  for (const { name, spec, url, title } of ordered) {
    test(`Firefox: ${title}`, async () => {
      assertNone(await judge(name, spec, firefox.url(url)));
    });
    test(`Firefox: ${fieldReportTitle(name)}`, async () => {
      await remember(spec);
      await judged(name, spec, firefox.url(url));
      await fieldReport(name, spec);
    });
  }
});

test('Firefox: the checker refuses a bad structure report and keeps what it showed', async () => {
  const { driver } = firefox;
  const { name, spec, url } = fixture('security-level/classic-deviations');
  await remember(spec);
  await judged(name, spec, firefox.url(url));
  const text = await askForReport(spec);
  const good = scratchFile('report.json', text);
  await inChecker('first.json', text, async () => {
    for (const [file, body, says] of badFieldReports(text)) {
      await giveFile(good);
      const shown = await driver.executeScript('return document.querySelector(\'[data-testid="result"]\').innerHTML');
      assert.ok(shown.includes('replay'), 'the good report was not shown');
      await giveFile(scratchFile(file, body));
      assert.equal(await testidAttr('file-status', 'data-state'), 'error', file);
      assert.match(await testidText('file-status'), new RegExp(says), file);
      assert.equal(await driver.executeScript('return document.querySelector(\'[data-testid="result"]\').innerHTML'), shown, `${file}: the result shown changed`);
    }
  });
});

for (const which of ['security-level/classic-deviations', 'security-level/current-ui']) {
  test(`Firefox: page sending CSP script-src 'self' is judged as without it: ${which}`, async () => {
    const { name, spec, url } = fixture(which);
    await remember(spec);
    assertNone(await judge(`${name} under CSP`, spec, firefox.url(`/csp${url}`)));
  });
}

test('Firefox: a page outside Autotask gets no data-asg-* attribute', async () => {
  const { driver } = firefox;
  const { name, spec, url } = fixture('security-level/classic-deviations');
  await remember(spec);
  await driver.get(firefox.url(url));
  const control = await settle(frameOf(driver));
  assert.ok(Object.keys(control.marks).length > 0, `${name} on Autotask got no marks, so the check below would prove nothing`);
  await driver.get(`https://intranet.example.com${url}`);
  await sleep(2_000);
  const found = await frameOf(driver).evaluate(readAsgAttributes);
  assert.deepEqual(found, [], `${name} on intranet.example.com: expected no data-asg-* attribute, found:\n  ${found.join('\n  ')}`);
});

test('Firefox: the popup offers the structure report on an Autotask page, and the panel on request', async () => {
  const { driver } = firefox;
  const { spec, url } = fixture('security-level/current-ui-unreadable');
  await remember(spec);
  await driver.get(firefox.url(url));
  await settle(frameOf(driver));
  const inReport = (testid) => driver.executeScript(`const host = document.querySelector('asg-field-report');
    return host && host.shadowRoot ? host.shadowRoot.querySelector(\`[data-testid="\${arguments[0]}"]\`) : null;`, testid);
  // A judged control that could not be read: the offer, and the panel's button.
  const offer = await waitFor(() => inReport('asg-field-offer'), 'the structure report offer');
  assert.equal(await offer.getAttribute('data-reason'), 'unreadable-control');
  await (await waitFor(() => part(driver, 'asg-structure-report'), 'the panel\'s structure report button')).click();
  assert.equal(JSON.parse(await waitFor(() => driver.executeScript(PREVIEW), 'the preview')).verdict.summary.total, 55);
  await (await inReport('asg-field-close')).click();
  await waitFor(async () => (await inReport('asg-field-text')) === null, 'the preview closed');
  const back = await driver.getWindowHandle();
  await driver.switchTo().newWindow('tab');
  try {
    await driver.get(extensionUrl('popup/popup.html'));
    // The popup's tab is itself here; it shows the button only for a tab with Autotask frames.
    const button = await driver.findElement({ css: '[data-testid="popup-structure-report"]' });
    assert.equal(await driver.executeScript('return arguments[0].checkVisibility()', button), false);
  } finally {
    await driver.close();
    await driver.switchTo().window(back);
  }
});
