// The panel in Firefox, as tests/e2e/panel.test.mjs and
// tests/e2e/panel-report.test.mjs in Chromium (one browser for both): the
// checklist and its findings, the keyboard, minimising, the offer, the
// toolbar badge, page text shown as text; the reports (download and copy,
// Markdown and JSON, the same shapes, no address); and Firefox's own trap:
// its background is an event page that Firefox unloads when idle. Here it is
// unloaded on purpose (as about:debugging's "Terminate background script"
// does) between checks, and the next check, re-check and save guard must
// work at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Key } from 'selenium-webdriver';
import {
  addScript, backgroundState, clipboardText, consoleText, downloaded, inAddon, part, pointerClick, terminateBackground, useFirefox, waitFor,
} from './firefox.mjs';

const firefox = useFirefox();
const attr = (name) => firefox.driver.executeScript(`return document.documentElement.getAttribute(${JSON.stringify(name)})`);
const summaryIs = (value) => waitFor(async () => (await attr('data-asg-summary')) === value, `data-asg-summary=${value}`, 15_000);
const today = () => new Date().toISOString().slice(0, 10);
const withoutTime = (md) => md.replace(/^- Checked: .*\n/m, '');
const inOverlay = (script, ...args) => firefox.driver.executeScript(
  `const root = document.querySelector('asg-overlay').shadowRoot; ${script}`, ...args);
const visible = (element) => firefox.driver.executeScript('return arguments[0].checkVisibility()', element);
// The finding whose text contains `words`.
const finding = (words) => waitFor(() => inOverlay(
  'return [...root.querySelectorAll(\'[data-testid="asg-finding"]\')].find((f) => f.textContent.includes(arguments[0])) || null;', words),
`the finding "${words}"`);
const activeIs = (id) => waitFor(async () => (await firefox.driver.executeScript('return document.activeElement && document.activeElement.dataset.fixtureId')) === id,
  `the keyboard on ${id}`);

async function open(path, want) {
  await firefox.driver.get(firefox.url(path));
  if (want) await summaryIs(want);
  else await waitFor(() => attr('data-asg-page'), 'the page judged');
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

// The toolbar badge of the tab showing the current page, read in the add-on;
// it follows the page's verdict, so wait (up to 5 s) for `want`.
async function expectBadge(want) {
  const url = await firefox.driver.getCurrentUrl();
  let have;
  await waitFor(async () => {
    have = await inAddon(firefox.driver, `const [tab] = (await browser.tabs.query({})).filter((t) => t.url === arguments[0]);
      return { text: await browser.action.getBadgeText({ tabId: tab.id }), title: await browser.action.getTitle({ tabId: tab.id }) };`, url);
    return Object.keys(want).every((k) => have[k] === want[k]);
  }, `the badge ${JSON.stringify(want)}`, 5_000).catch(() => {});
  assert.deepEqual(Object.fromEntries(Object.keys(want).map((k) => [k, have[k]])), want);
}

test('Firefox: the checklist shows per-section progress and one sentence per finding', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await waitFor(() => part(firefox.driver, 'asg-panel'), 'the panel');
  const shown = await inOverlay(`const panel = root.querySelector('[data-testid="asg-panel"]');
    const all = (id) => [...panel.querySelectorAll('[data-testid="' + id + '"]')].map((e) => e.textContent);
    return { summary: all('asg-summary')[0], sections: all('asg-section'), findings: all('asg-finding') };`);
  assert.equal(shown.summary, '50/55');
  assert.equal(shown.sections.length, 11);
  assert.equal(shown.sections[0], 'CONTRACTS6/7');
  assert.equal(shown.sections[10], 'WEB SERVICES API0/2');
  assert.equal(shown.findings.length, 5);
  assert.ok(shown.findings.some((x) => x.includes('Set "Contract Visibility (for contracts you have access to)" to Full (now Limited)')
    && x.includes('refuses to query or update contracts')), shown.findings.join('\n'));
  assert.ok(shown.findings.some((x) => x.includes('Turn on "Can login to Web Services API')), shown.findings.join('\n'));
  await expectBadge({ text: '5', title: '5 settings to change on this page' });
});

test('Firefox: a finding takes the keyboard to its control', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await (await finding('Allow impersonation')).sendKeys(Key.ENTER);
  await activeIs('wsapi-impersonation');
  // The scroll is smooth: it must end with the control in view.
  await waitFor(() => firefox.driver.executeScript(`const box = document.activeElement.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;`), 'the control in view', 3_000);
});

test('Firefox: minimising the panel is remembered across pages', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await press('asg-minimize');
  assert.equal(await (await part(firefox.driver, 'asg-minimize')).getAttribute('aria-expanded'), 'false');
  await firefox.driver.navigate().refresh();
  await waitFor(() => part(firefox.driver, 'asg-panel'), 'the panel');
  assert.equal(await (await part(firefox.driver, 'asg-minimize')).getAttribute('aria-expanded'), 'false');
  assert.equal(await visible(await part(firefox.driver, 'asg-finding')), false);
  await press('asg-minimize');
  assert.equal(await visible(await part(firefox.driver, 'asg-finding')), true);
});

test('Firefox: an unbound level gets only the offer; accepting it binds the level on this host', async () => {
  await open('/security-level/classic-unbound.html');
  assert.equal(await attr('data-asg-bound'), 'no');
  assert.equal(await firefox.driver.executeScript('return document.querySelectorAll("[data-asg]").length'), 0);
  const offer = await waitFor(() => part(firefox.driver, 'asg-offer'), 'the offer');
  assert.match(await offer.getAttribute('textContent'), /"Finance Team" is not checked against rhipe PRISM Connect/);
  await expectBadge({ text: '–' });
  await press('asg-offer-accept');
  await waitFor(async () => (await attr('data-asg-bound')) === 'yes', 'the level bound');
  assert.ok(await firefox.driver.executeScript('return document.querySelectorAll("[data-asg]").length') > 0);
  await waitFor(() => part(firefox.driver, 'asg-panel'), 'the panel');
});

test('Firefox: a finding in a collapsed section opens the section with its own toggle', async () => {
  await open('/security-level/classic-collapsed-sections.html', '52/55');
  const control = await firefox.driver.findElement({ css: '[data-fixture-id="contracts-view"]' });
  assert.equal(await visible(control), false, 'the section starts collapsed');
  await (await finding('Set "Contracts (View)" to All')).click();
  await activeIs('contracts-view');
  assert.equal(await visible(control), true);
});

test('Firefox: the toolbar shows the judged iframe of the current UI shell, not the shell', async () => {
  const { driver } = firefox;
  await driver.get(firefox.url('/shell/security-level-in-iframe.html'));
  await driver.switchTo().frame(await waitFor(async () => (await driver.findElements({ css: 'iframe' }))[0], 'the iframe'));
  await waitFor(() => attr('data-asg-summary'), 'the form judged');
  await driver.switchTo().defaultContent();
  await waitFor(async () => (await attr('data-asg-page')) === 'unrecognized', 'the shell left unrecognized');
  await sleep(300);
  await expectBadge({ text: '5', title: '5 settings to change on this page' });
});

test('Firefox: page text that reads like markup is shown as text, never run', async () => {
  await open('/security-level/hostile-labels.html', '50/55');
  assert.match(await (await finding('Allow impersonation')).getAttribute('textContent'),
    /Allow impersonation <img src=x onerror="window.__pwned=1"> of resources/);
  assert.equal(await inOverlay('return root.querySelectorAll("img, b").length;'), 0, 'no element from the page in the overlay');
  assert.equal(await firefox.driver.executeScript('return typeof window.__pwned'), 'undefined');
});

// Firefox logs a message still unanswered when a page's context unloads
// (it was the pagehide frame verdict: content.js now says it over a port).
// A page's console calls stay in its content process, out of reach of the
// parent's console storage this test reads (measured: a page's console.warn
// never reaches it); script errors, that logged rejection among them, reach
// the parent's console service, so that is what is watched here, with a
// page's own error as the probe. Chromium's console test watches console
// calls as well.
test('Firefox: no console errors or warnings on any page opened above', async () => {
  // A probe first, so that this test can fail: an error a page's script throws is seen.
  await addScript(firefox.driver, 'setTimeout(() => { throw new Error("asg-console-probe"); }, 0);');
  const all = await waitFor(async () => {
    const lines = (await consoleText(firefox.driver)).split('\n');
    return lines.some((line) => /^message: \[JavaScript Error.*asg-console-probe/.test(line)) && lines;
  }, 'the probe\'s error in Firefox\'s console', 5_000);
  const lines = all.filter((line) => !line.includes('asg-console-probe'))
    .filter((line) => /^(error|warn)|^message: \[JavaScript (Error|Warning)/.test(line))
    .filter((line) => /autotask\.net|moz-extension:|asg|Setup Guard|context unloaded|Conduits/i.test(line));
  assert.deepEqual(lines, []);
});

test('Firefox: Download JSON: the checker\'s report shape, with the profile and its version, and no address', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await press('asg-report-download-json');
  const text = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.json`);
  const report = JSON.parse(text);
  assert.equal(text, `${JSON.stringify(report, null, 2)}\n`, 'pretty-printed with two spaces, as the checker');
  assert.equal(report.format, 1);
  assert.deepEqual(report.profile, { id: 'rhipe-prism-connect', name: 'rhipe PRISM Connect', version: '1.1.0' });
  assert.deepEqual(report.summary, { passed: 50, total: 55 });
  assert.equal(report.recognition.levelName, 'Rhipe Integration');
  assert.equal(report.results.length, 55);
  assert.deepEqual(report.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.rule}:${r.outcome}`).sort(),
    ['baseline:excess', 'baseline:excess', 'baseline:excess', 'contracts-visibility:fail', 'wsapi-login:fail']);
  // The only addresses are the guides' the findings cite (rhipe's guide), never the page's.
  assert.ok((report.sources ?? []).every((s) => /^https:\/\/operations\.rhipe\.com\//.test(s.url)), JSON.stringify(report.sources));
  assert.doesNotMatch(JSON.stringify({ ...report, sources: [] }), /autotask\.net|"url"/, 'nothing of the page\'s address');
  assert.doesNotMatch(text, /autotask\.net/, 'nothing of the page\'s address');
});

test('Firefox: Download Markdown: the verdict, the level, the profile and its version; no address', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await press('asg-report-download-md');
  const md = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.md`);
  assert.match(md, /^# Autotask Setup Guard report\n\n\*\*50\/55 rules pass: 2 fail, 3 excess\.\*\*\n/);
  assert.match(md, /^- Security level: Rhipe Integration$/m);
  assert.match(md, /^- Profile: rhipe PRISM Connect 1\.1\.0 \(rhipe-prism-connect\)$/m);
  assert.match(md, /^- Checked: \d{4}-\d\d-\d\dT/m);
  assert.doesNotMatch(md, /autotask\.net|Frame:/);
});

test('Firefox: Copy Markdown and Copy JSON put the same reports on the clipboard', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  await press('asg-report-download-md');
  const md = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.md`);
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
  await summaryIs('54/55');
  assert.equal(await backgroundState(driver), 'running', 'the re-check started the event page again');

  assert.equal(await terminateBackground(driver), 'stopped');
  await driver.navigate().refresh();
  await summaryIs('55/55');

  await (await driver.findElement({ css: '[data-fixture-id="wsapi-login"]' })).click();
  await summaryIs('54/55');
  assert.equal(await terminateBackground(driver), 'stopped');
  await pointerClick(driver, await driver.findElement({ css: '[data-save="input-submit"]' }));
  await waitFor(() => part(driver, 'asg-modal'), 'the save dialog');
  await (await part(driver, 'asg-modal-cancel')).click();
  await sleep(300);
  assert.deepEqual(await driver.executeScript('return window.__saves.slice()'), [], 'Cancel saves nothing');
});

test('Firefox: a finding shows its guide\'s words and the guide, in the panel and in the Markdown', async () => {
  await open('/security-level/classic-deviations.html', '50/55');
  const button = await finding('Turn on "Can login to Web Services API');
  const shown = await inOverlay(`const li = arguments[0].closest('li');
    const one = (id) => li.querySelector('[data-testid="' + id + '"]');
    one('asg-finding-detail').querySelector('summary').click();
    const excess = root.querySelector('[data-testid="asg-finding"][data-outcome="excess"]').closest('li');
    return { open: one('asg-finding-detail').open, quote: one('asg-finding-quote').textContent, visible: one('asg-finding-quote').checkVisibility(),
      source: one('asg-finding-source').textContent, inferred: !!one('asg-finding-inferred'), excessDetail: !!excess.querySelector('[data-testid="asg-finding-detail"]') };`, button);
  assert.deepEqual(shown, {
    open: true, quote: '“For WEB SERVICES API, ensure Can login to Web Services API is enabled.”', visible: true,
    source: 'Source: rhipe PRISM Connect: Setting Up AutoTask', inferred: false, excessDetail: false,
  });
  await press('asg-report-download-md');
  const md = await downloaded(firefox.downloads, `asg-report-Rhipe-Integration-${today()}.md`);
  const at = md.indexOf('**fail** · WEB SERVICES API · Can login to Web Services API');
  assert.ok(at > 0, md);
  const entry = md.slice(at, md.indexOf('\n\n', md.indexOf('Source:', at)));
  assert.match(entry, /\n {3}> “For WEB SERVICES API, ensure Can login to Web Services API is enabled\.”\n/, entry);
  assert.match(entry, /\n {3}Source: rhipe PRISM Connect: Setting Up AutoTask \(https\\:\/\/operations\.rhipe\.com\/portal\/en\/kb\/articles\/setting-up-connectwise\)/, entry);
});
