// Reports from the panel in Chromium: copy or download the page's results
// as Markdown and JSON, the same shapes as the checker page's, naming the
// profile and its version, and carrying nothing of the page beyond the
// judged controls and the level's name (no address).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';

const ORIGIN = 'https://ww5.autotask.net';
const PAGE = `${ORIGIN}/security-level/classic-deviations.html`;
const browser = useBrowser();

async function open() {
  const page = await browser.context.newPage();
  await page.goto(PAGE);
  await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-summary') === '50/55', null, { timeout: 10_000 });
  return page;
}

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

const withoutTime = (md) => md.replace(/^- Checked: .*\n/m, '');
const today = () => new Date().toISOString().slice(0, 10);

test('Download JSON: the checker\'s report shape, with the profile and its version, and no address', async () => {
  const page = await open();
  const { name, text } = await download(page, 'asg-report-download-json');
  assert.equal(name, `asg-report-Rhipe-Integration-${today()}.json`);
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
  await page.close();
});

test('Download Markdown: the verdict, the level, the profile and its version; no address', async () => {
  const page = await open();
  const { name, text } = await download(page, 'asg-report-download-md');
  assert.equal(name, `asg-report-Rhipe-Integration-${today()}.md`);
  assert.match(text, /^# Autotask Setup Guard report\n\n\*\*50\/55 rules pass: 2 fail, 3 excess\.\*\*\n/);
  assert.match(text, /^- Security level: Rhipe Integration$/m);
  assert.match(text, /^- Profile: rhipe PRISM Connect 1\.1\.0 \(rhipe-prism-connect\)$/m);
  assert.match(text, /^- Checked: \d{4}-\d\d-\d\dT/m);
  assert.doesNotMatch(text, /autotask\.net|Frame:/);
  await page.close();
});

test('Copy Markdown and Copy JSON put the same reports on the clipboard', async () => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const page = await open();
  const md = await download(page, 'asg-report-download-md');
  await page.getByTestId('asg-report-copy-md').click();
  await page.getByTestId('asg-toast').filter({ hasText: 'The report is on the clipboard.' }).waitFor();
  assert.equal(withoutTime(await page.evaluate(() => navigator.clipboard.readText())), withoutTime(md.text));

  const json = await download(page, 'asg-report-download-json');
  await page.getByTestId('asg-report-copy-json').click();
  await page.waitForFunction((want) => navigator.clipboard.readText().then((t) => t === want), json.text);
  await page.close();
});

// The guide's own words for a rule (the engine's `quote`) and the guide's
// title go with the finding, in the panel's detail and in the Markdown report.
const LOGIN_QUOTE = 'For WEB SERVICES API, ensure Can login to Web Services API is enabled.';
const RHIPE_GUIDE = 'rhipe PRISM Connect: Setting Up AutoTask';

test('a finding shows its guide\'s words and the guide, in the panel and in the Markdown', async () => {
  const page = await open();
  const item = page.getByTestId('asg-panel').locator('li').filter({ has: page.getByTestId('asg-finding').filter({ hasText: 'Turn on "Can login to Web Services API' }) });
  const detail = item.getByTestId('asg-finding-detail');
  await detail.locator('summary').click();
  assert.equal(await item.getByTestId('asg-finding-quote').isVisible(), true);
  assert.equal(await item.getByTestId('asg-finding-quote').textContent(), `“${LOGIN_QUOTE}”`);
  assert.equal(await item.getByTestId('asg-finding-source').textContent(), `Source: ${RHIPE_GUIDE}`);
  assert.equal(await item.getByTestId('asg-finding-inferred').count(), 0, 'the guide says it: not inferred');
  // A baseline control (not the guide's rule) has no detail to show.
  const excess = page.getByTestId('asg-panel').locator('li').filter({ has: page.locator('[data-testid="asg-finding"][data-outcome="excess"]') });
  assert.equal(await excess.getByTestId('asg-finding-detail').count(), 0);

  const { text } = await download(page, 'asg-report-download-md');
  const at = text.indexOf('**fail** · WEB SERVICES API · Can login to Web Services API');
  assert.ok(at > 0, text);
  const entry = text.slice(at, text.indexOf('\n\n', text.indexOf('Source:', at)));
  assert.match(entry, new RegExp(`\\n   > “${LOGIN_QUOTE.replace(/[.()]/g, '\\$&')}”\\n`), entry);
  assert.match(entry, /\n   Source: rhipe PRISM Connect: Setting Up AutoTask \(https\\:\/\/operations\.rhipe\.com\/portal\/en\/kb\/articles\/setting-up-connectwise\)/, entry);
  await page.close();
});
