// The panel's reports in Firefox, as tests/e2e/panel-report.test.mjs in
// Chromium (download and copy, Markdown and JSON, the same report shapes,
// no address), and Firefox's own trap: its background is an event page that
// Firefox unloads when idle. Here it is unloaded on purpose (as
// about:debugging's "Terminate background script" does) between checks, and
// the next check, re-check and save guard must work at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  backgroundState, clipboardText, downloaded, part, pointerClick, terminateBackground, useFirefox, waitFor,
} from './firefox.mjs';

const firefox = useFirefox();
const summary = (driver) => driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")');
const summaryIs = (driver, value) => waitFor(async () => (await summary(driver)) === value, `data-asg-summary=${value}`, 15_000);
const today = () => new Date().toISOString().slice(0, 10);
const withoutTime = (md) => md.replace(/^- Checked: .*\n/m, '');

async function open(path, want) {
  await firefox.driver.get(firefox.url(path));
  await summaryIs(firefox.driver, want);
}

async function press(testid) {
  const button = await waitFor(() => part(firefox.driver, testid), testid);
  await button.click();
}

async function toastSays(words) {
  await waitFor(async () => {
    const toast = await part(firefox.driver, 'asg-toast');
    return toast && (await toast.getAttribute('textContent')).includes(words);
  }, `the notice "${words}"`);
}

test('Firefox: Download JSON gives the checker\'s report shape, with the profile and its version, and no address', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await press('asg-report-download-json');
  const text = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.json`);
  const report = JSON.parse(text);
  assert.equal(text, `${JSON.stringify(report, null, 2)}\n`, 'pretty-printed with two spaces, as the checker');
  assert.equal(report.format, 1);
  assert.deepEqual(report.profile, { id: 'rhipe-prism-connect', name: 'rhipe PRISM Connect', version: '1.0.0' });
  assert.deepEqual(report.summary, { passed: 50, total: 55 });
  assert.equal(report.recognition.levelName, 'Rhipe Integration');
  assert.equal(report.results.length, 55);
  assert.deepEqual(report.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.rule}:${r.outcome}`).sort(),
    ['baseline:excess', 'baseline:excess', 'baseline:excess', 'contracts-visibility:fail', 'wsapi-login:fail']);
  assert.doesNotMatch(text, /autotask\.net|"url"/, 'nothing of the page\'s address');
});

test('Firefox: Download Markdown and Copy Markdown / Copy JSON give the same reports', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await press('asg-report-download-md');
  const md = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.md`);
  assert.match(md, /^# Autotask Setup Guard report\n\n\*\*50\/55 rules pass: 2 fail, 3 excess\.\*\*\n/);
  assert.match(md, /^- Security level: Rhipe Integration$/m);
  assert.match(md, /^- Profile: rhipe PRISM Connect 1\.0\.0 \(rhipe-prism-connect\)$/m);
  assert.doesNotMatch(md, /autotask\.net|Frame:/);

  await press('asg-report-copy-md');
  await toastSays('The report is on the clipboard.');
  assert.equal(withoutTime(await clipboardText(firefox.driver)), withoutTime(md));

  await press('asg-report-download-json');
  const json = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.json`);
  await press('asg-report-copy-json');
  await waitFor(async () => (await clipboardText(firefox.driver)) === json, 'the JSON report on the clipboard');
});

test('Firefox: with the event page unloaded, an edit is re-checked, a reload is judged, and the save guard still stops a failing save', async () => {
  const { driver } = firefox;
  await open('/guard/save-controls.html', '55/55');
  assert.equal(await backgroundState(driver), 'running');

  assert.equal(await terminateBackground(driver), 'stopped', 'the event page is unloaded');
  await (await driver.findElement({ css: '[data-fixture-id="wsapi-login"]' })).click();
  await summaryIs(driver, '54/55');
  assert.equal(await backgroundState(driver), 'running', 'the re-check started the event page again');

  assert.equal(await terminateBackground(driver), 'stopped');
  await driver.navigate().refresh();
  await summaryIs(driver, '55/55');

  await (await driver.findElement({ css: '[data-fixture-id="wsapi-login"]' })).click();
  await summaryIs(driver, '54/55');
  assert.equal(await terminateBackground(driver), 'stopped');
  await pointerClick(driver, await driver.findElement({ css: '[data-save="input-submit"]' }));
  await waitFor(() => part(driver, 'asg-modal'), 'the save dialog');
  await (await part(driver, 'asg-modal-cancel')).click();
  await sleep(300);
  assert.deepEqual(await driver.executeScript('return window.__saves.slice()'), [], 'Cancel saves nothing');
});
