// The standalone checker page, built into dist/www, in Chromium: a saved
// Autotask page in (file input, drop, from http and from file://), the same
// verdict out as the extension gives on the live page, bad files refused
// with a message that leaves the page as it was, and both exports.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { launch } from './browser.mjs';
import {
  AUTOTASK, LEVEL_FIXTURES, SAVED_KINDS, VERSION, WWW, activePage, allFixturePages, badFiles, bigFiles, completeSaves, fixtureHtml,
  fixturePath, fixtureSpec, marksByFixtureId, mhtmlSave, pagesWithSecret, slicedParses, snapshotIds, summaryOf, useScratch,
} from './checker-files.mjs';
import { parseInSlices, rest } from '../../www/parse.js';
import { serveStatic, startServer } from './server.mjs';

// Our CSP (style-src 'self') refuses the saved page's style attributes when
// DOMParser builds it: Chromium says so once per page. That is the CSP
// doing its job (the snapshot reads the attribute's text, not the style).
const EXPECTED_CONSOLE = /^Applying inline style violates the following Content Security Policy directive 'style-src 'self''/;

let www;
let fixtures;
let browser;
before(async () => {
  www = await serveStatic(WWW);
  fixtures = await startServer();
  browser = await launch(fixtures.port);
});
after(async () => {
  await browser?.close();
  await fixtures?.close();
  await www?.close();
});

// A file written into this run's scratch folder; returns its path.
const scratchFile = useScratch();

async function openChecker(url = `http://127.0.0.1:${www.port}/`) {
  const page = await browser.context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if ((msg.type() === 'error' || msg.type() === 'warning') && !EXPECTED_CONSOLE.test(msg.text())) page.problems.push(msg.text());
  });
  page.on('pageerror', (err) => page.problems.push(err.message));
  await page.goto(url);
  const status = page.getByTestId('engine-status');
  await status.and(page.locator('[data-state]')).waitFor({ timeout: 10_000 });
  assert.equal(await status.getAttribute('data-state'), 'ready', await status.textContent());
  return page;
}

async function withChecker(fn, url) {
  const page = await openChecker(url);
  try {
    await fn(page);
    assert.deepEqual(page.problems, [], 'console errors on the checker page');
  } finally {
    await page.close();
  }
}

// What the status line says once the check started by `act` has ended.
async function outcomeOf(page, act, timeout = 30_000) {
  const status = page.getByTestId('file-status');
  const before = await status.getAttribute('data-run');
  await act();
  await page.waitForFunction((prev) => {
    const run = document.querySelector('[data-testid="file-status"]').dataset.run;
    return run !== undefined && run !== prev;
  }, before, { timeout });
  return {
    state: await status.getAttribute('data-state'),
    text: await status.textContent(),
    pageKind: await status.getAttribute('data-page-kind'),
  };
}

const give = (page, files, timeout) => outcomeOf(page, () => page.getByTestId('file-input').setInputFiles(files), timeout);

async function reportOf(page) {
  return JSON.parse(await page.getByTestId('report-json').textContent());
}

// The checker's marks by data-fixture-id. The handles in its report are
// mapped here, in the test, by taking the same snapshot of the same HTML:
// the product never reads data-fixture-id.
async function checkerMarks(page, html, report) {
  return marksByFixtureId(await page.evaluate(snapshotIds, html), report);
}

// ----------------------------------------------------- the extension's side

function readExtensionOutcome() {
  const html = document.documentElement;
  const marks = {};
  for (const el of document.querySelectorAll('[data-asg]')) marks[el.dataset.fixtureId ?? `(no id) <${el.localName}>`] = el.dataset.asg;
  return {
    page: html.getAttribute('data-asg-page'),
    bound: html.getAttribute('data-asg-bound'),
    summary: html.getAttribute('data-asg-summary'),
    marks,
  };
}

// The extension's settled outcome on a page: set, and unchanged for a second.
async function settled(page) {
  const start = Date.now();
  let last = '';
  let since = start;
  for (;;) {
    const seen = JSON.stringify(await page.evaluate(readExtensionOutcome));
    if (seen !== last) [last, since] = [seen, Date.now()];
    const outcome = JSON.parse(last);
    if ((outcome.page && Date.now() - since >= 1_000) || Date.now() - start > 12_000) return outcome;
    await sleep(100);
  }
}

// What the extension shows for a fixture; an unbound level is first chosen
// with the panel's offer, as the checker judges any level it is given.
async function extensionOutcome(name) {
  const spec = fixtureSpec(name);
  const page = await browser.context.newPage();
  try {
    await page.goto(AUTOTASK + (spec.url ?? `/${name}.html`));
    let outcome = await settled(page);
    // What the admin does to have the level checked: "Check against …", or
    // on a fresh copy the answer to "which integration is it for?" (rhipe's).
    const accept = await page.getByTestId('asg-offer-accept').count() ? page.getByTestId('asg-offer-accept') : page.getByTestId('asg-choice-rhipe-prism-connect');
    if (outcome.page === 'security-level' && outcome.bound === 'no' && await accept.count()) {
      await accept.click();
      await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-bound') === 'yes', null, { timeout: 10_000 });
      outcome = await settled(page);
    }
    return outcome;
  } finally {
    await page.close();
  }
}

// --------------------------------------------------------------- the tests

test('checker page loads the engine and lists the built-in profiles, rhipe first, with no console errors', () =>
  withChecker(async (page) => {
    assert.equal(await page.getByTestId('engine-version').textContent(), VERSION);
    const profiles = await page.getByTestId('profiles').locator('li').allTextContents();
    assert.equal(profiles.length, 8, profiles.join('\n'));
    assert.match(profiles[0], /^rhipe PRISM Connect 1\.1\.0 \(rhipe-prism-connect\)/);
    assert.match(profiles[1], /^Crayon Billing Sync 1\.2\.0 \(crayon-billing-sync\)/);
    assert.match(profiles[2], /^Sync 365 1\.2\.0 \(sync-365\)/);
    assert.match(profiles[3], /^COW warranty sync 1\.1\.0 \(cow-warranty-sync\)/);
    assert.match(profiles[4], /^MSP360 Managed Backup 1\.1\.0 \(msp360-managed-backup\)/);
    assert.match(profiles[5], /^Guardz 1\.1\.0 \(guardz\)/);
    assert.match(profiles[6], /^TimeZest 1\.1\.0 \(timezest\)/);
    assert.match(profiles[7], /^Rewst 1\.1\.0 \(rewst\)/);
    assert.equal(await page.getByTestId('result').isHidden(), true);
  }));

for (const name of LEVEL_FIXTURES) {
  test(`${name}: the checker gives the extension's page kind, summary and marks`, async () => {
    const ext = await extensionOutcome(name);
    await withChecker(async (page) => {
      const done = await give(page, fixturePath(name));
      assert.equal(done.pageKind, ext.page, `page kind: ${done.text}`);
      if (ext.page !== 'security-level') {
        assert.equal(done.state, 'error', done.text);
        return;
      }
      assert.equal(done.state, 'done', done.text);
      const report = await reportOf(page);
      assert.equal(report.page, ext.page);
      assert.equal(await page.getByTestId('page-kind').getAttribute('data-kind'), ext.page);
      assert.equal(summaryOf(report), ext.summary);
      if (ext.summary) assert.equal(await page.getByTestId('summary').textContent(), ext.summary);
      const { marks, strays } = await checkerMarks(page, fixtureHtml(name), report);
      assert.deepEqual(strays, [], 'checker marks on controls without a data-fixture-id');
      assert.deepEqual(marks, ext.marks);
      // Every rule is drawn, in its section, with its outcome and reason.
      const rows = page.getByTestId('rule');
      assert.equal(await rows.count(), report.results.length);
      assert.equal(await page.getByTestId('section').count(), report.sections.length);
      for (const [i, r] of report.results.entries()) {
        const row = rows.nth(i);
        assert.equal(await row.getAttribute('data-outcome'), r.outcome);
        const cells = await row.locator('td').allTextContents();
        assert.deepEqual(cells, [r.outcome, r.control, r.expected, r.found, r.message]);
      }
      assert.equal(await page.getByTestId('finding').count(), report.results.filter((r) => r.outcome !== 'pass').length);
      // What the extension does with a fresh copy on its own: its panel asks whose it is.
      if (name.endsWith('fresh-copy')) {
        assert.match(await page.getByTestId('extension-note').textContent(), /^Its panel asks first: ".+" is a fresh copy of "API User \(system\) \(API-only\)"\. Which integration is it for\?/);
      }
    });
  });
}

// ------------------------------------------------- API users and contracts

// The extension's verdict on an API user or contract page with nothing
// remembered for the host, once the panel's offer is taken when there is one
// (the checker judges any user or contract it is given, and remembers
// nothing: so no level is remembered for an API user).
async function extensionOutcomeFresh(name) {
  const [worker] = browser.context.serviceWorkers();
  await worker.evaluate(() => chrome.storage.local.remove('host:ww5.autotask.net'));
  const spec = fixtureSpec(name);
  const page = await browser.context.newPage();
  try {
    await page.goto(AUTOTASK + (spec.url ?? `/${name}.html`));
    let outcome = await settled(page);
    const accept = await page.getByTestId('asg-offer-accept').count() ? page.getByTestId('asg-offer-accept') : page.getByTestId('asg-choice-rhipe-prism-connect');
    if (outcome.bound === 'no' && await accept.count()) {
      await accept.click();
      await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-bound') === 'yes', null, { timeout: 10_000 });
      outcome = await settled(page);
    }
    return outcome;
  } finally {
    await page.close();
    await worker.evaluate(() => chrome.storage.local.remove('host:ww5.autotask.net'));
  }
}

// A real Chromium single-file save (DevTools' Page.captureSnapshot, what
// Ctrl+S "Webpage, Single File" writes) of a fixture, opened where the
// extension leaves it alone; and the page as the server sent it (an "HTML
// only" save: the contract fixtures' dates are filled in by the server).
async function chromiumMhtml(name) {
  const spec = fixtureSpec(name);
  const page = await browser.context.newPage();
  try {
    const response = await page.goto(`https://intranet.example.com${spec.url ?? `/${name}.html`}`);
    const source = await response.text();
    const cdp = await page.context().newCDPSession(page);
    const { data } = await cdp.send('Page.captureSnapshot', { format: 'mhtml' });
    return { mhtml: data, source, html: await page.content() };
  } finally {
    await page.close();
  }
}

for (const name of SAVED_KINDS) {
  test(`${name}: saved as HTML and as a Chromium MHTML, the checker gives the extension's verdict, and never the secret`, async () => {
    const ext = await extensionOutcomeFresh(name);
    assert.equal(ext.bound, 'yes', `${name}: the extension judges the page once offered`);
    const saved = await chromiumMhtml(name);
    const secret = (saved.source.match(/<input[^>]*type="password"[^>]*value="([^"]+)"/) || [])[1];
    await withChecker(async (page) => {
      const stem = name.split('/')[1];
      for (const [file, content, html] of [[`${stem}.html`, saved.source, saved.source], [`${stem}.mhtml`, saved.mhtml, saved.html]]) {
        const done = await give(page, scratchFile(`saved/${file}`, content));
        assert.equal(done.state, 'done', `${file}: ${done.text}`);
        assert.equal(done.pageKind, ext.page, file);
        const report = await reportOf(page);
        assert.equal(report.page, ext.page, file);
        assert.equal(summaryOf(report), ext.summary, `${file}: summary`);
        assert.equal(await page.getByTestId('summary').textContent(), ext.summary);
        const { marks, strays } = await checkerMarks(page, html, report);
        assert.deepEqual(strays, [], `${file}: checker marks on controls without a data-fixture-id`);
        assert.deepEqual(marks, ext.marks, `${file}: marks`);
        assert.equal(await page.getByTestId('rule').count(), report.results.length);
        if (secret) {
          const shown = await page.evaluate(() => document.documentElement.outerHTML);
          assert.ok(!shown.includes(secret), `${file}: the secret is on the checker page`);
          assert.ok(!(await page.getByTestId('report-json').textContent()).includes(secret), `${file}: the secret is in the report`);
        }
      }
    });
  });
}

// ------------------------------------------------------------ MHTML saves

test('an MHTML save with frames: the form is found in its own quoted-printable part', () =>
  withChecker(async (page) => {
    const text = mhtmlSave();
    assert.ok(text.includes('=3D') && /=\r\n/.test(text), 'the test file must use =3D and soft line breaks');
    const done = await give(page, scratchFile('Autotask.mhtml', text));
    assert.equal(done.state, 'done', done.text);
    const report = await reportOf(page);
    const spec = fixtureSpec('security-level/classic-deviations');
    assert.equal(report.page, spec.page);
    assert.equal(summaryOf(report), spec.summary);
    const { marks, strays } = await checkerMarks(page, fixtureHtml('security-level/classic-deviations'), report);
    assert.deepEqual(strays, []);
    assert.deepEqual(marks, spec.marks);
    assert.equal(await page.getByTestId('result-file').textContent(), 'Autotask.mhtml');
    assert.equal(await page.getByTestId('result-frame').textContent(),
      'https://ww5.autotask.net/Autotask/AutotaskExtend/SecurityLevels/SecurityLevel.aspx?securityLevelID=29682885');
  }));

test('an MHTML save of the shell without its form, and a cut-off one, say what to do', () =>
  withChecker(async (page) => {
    const shellOnly = await give(page, scratchFile('shell-only.mhtml', mhtmlSave({ withForm: false })));
    assert.equal(shellOnly.state, 'error');
    assert.match(shellOnly.text, /"shell-only\.mhtml" holds Autotask's window \(header and menu\) but not the form in its frame/);
    const full = mhtmlSave();
    const cut = await give(page, scratchFile('cut.mhtml', full.slice(0, Math.floor(full.length * 0.6))));
    assert.equal(cut.state, 'error');
    assert.match(cut.text, /^"cut\.mhtml" is cut off: it ends before its last part is complete .*Webpage, Single File/);
    const unclosed = await give(page, scratchFile('unclosed.mhtml', mhtmlSave({ closed: false })));
    assert.match(unclosed.text, /"unclosed\.mhtml" is cut off/);
    const headersOnly = await give(page, scratchFile('headers.mhtml', full.slice(0, 150)));
    assert.match(headersOnly.text, /"headers\.mhtml" is cut off: it ends before the saved page starts/);
    assert.equal(await page.getByTestId('result').isHidden(), true, 'no verdict from a bad file');
  }));

// ------------------------------------------------- "complete" and shell saves

test('a "Webpage, Complete" save: the HTML file with its folder, or alone', () =>
  withChecker(async (page) => {
    const main = scratchFile('complete/Edit Security Level.html', completeSaves().level);
    const css = scratchFile('complete/Edit Security Level_files/style.css', 'body { color: #333; }');
    const png = scratchFile('complete/Edit Security Level_files/logo.png', randomBytes(200));
    const withFolder = await give(page, [css, main, png]);
    assert.equal(withFolder.state, 'done', withFolder.text);
    assert.equal(await page.getByTestId('result-file').textContent(), 'Edit Security Level.html');
    assert.equal(summaryOf(await reportOf(page)), '50/55');
    const alone = await give(page, main);
    assert.equal(alone.state, 'done', alone.text);
    assert.equal(summaryOf(await reportOf(page)), '50/55');
  }));

test('a "Webpage, Complete" save of the shell: its frame file is checked when given too', () =>
  withChecker(async (page) => {
    const { shell, shellFrame } = completeSaves();
    const main = scratchFile('shell-complete/Autotask.html', shell);
    const frame = scratchFile('shell-complete/Autotask_files/saved_resource.html', shellFrame);
    const alone = await give(page, main);
    assert.equal(alone.state, 'error');
    assert.match(alone.text, /the form itself was saved as "\.\/Autotask_files\/saved_resource\.html" in the folder beside it\. Drop the \.html file together with its folder/);
    const both = await give(page, [main, frame]);
    assert.equal(both.state, 'done', both.text);
    assert.equal(await page.getByTestId('result-file').textContent(), 'saved_resource.html');
    assert.equal(summaryOf(await reportOf(page)), '55/55');
    assert.equal(await page.getByTestId('verdict').getAttribute('data-passes'), 'true');
  }));

test('an "HTML only" save of the current UI: the shell without the form says how to save the frame, and changes nothing else', () =>
  withChecker(async (page) => {
    await give(page, fixturePath('security-level/classic-deviations'));
    const resultBefore = await page.getByTestId('result').innerHTML();
    const done = await give(page, fixturePath('shell/security-level-in-iframe'));
    assert.equal(done.state, 'error');
    assert.equal(done.pageKind, 'unrecognized');
    assert.match(done.text, /is Autotask's window \(header and menu\) saved without the form/);
    assert.match(done.text, /right-click inside the form, This Frame > Save Frame As…/);
    assert.match(done.text, /open the frame in its own tab and save that/);
    assert.match(done.text, /The frame's address in this save: \/security-level\/classic-deviations\.html$/);
    assert.equal(await page.getByTestId('result').innerHTML(), resultBefore);
  }));

test('drag and drop: several files at once, the HTML one is checked', () =>
  withChecker(async (page) => {
    const html = fixtureHtml('security-level/classic-all-correct');
    const done = await outcomeOf(page, async () => {
      const dataTransfer = await page.evaluateHandle((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['body{}'], 'style.css', { type: 'text/css' }));
        dt.items.add(new File([text], 'Security Level.html', { type: 'text/html' }));
        dt.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'logo.png', { type: 'image/png' }));
        return dt;
      }, html);
      await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer });
      await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    });
    assert.equal(done.state, 'done', done.text);
    assert.equal(await page.getByTestId('result-file').textContent(), 'Security Level.html');
    assert.equal(summaryOf(await reportOf(page)), '55/55');
  }));

test('the file picker is reachable from the keyboard', () =>
  withChecker(async (page) => {
    // Listening first turns on Playwright's file chooser interception well
    // before the key press (it is switched on asynchronously).
    const chooserShown = page.waitForEvent('filechooser', { timeout: 10_000 });
    await page.bringToFront();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.dataset.testid) === 'choose-file') break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'choose-file');
    await page.keyboard.press('Enter');
    const chooser = await chooserShown;
    assert.equal(chooser.isMultiple(), true);
    const done = await outcomeOf(page, () => chooser.setFiles(fixturePath('security-level/classic-all-correct')));
    assert.equal(done.state, 'done', done.text);
  }));

// ---------------------------------------------------------------- bad files

test('each kind of bad file gets a message saying what to do, and changes nothing else', () =>
  withChecker(async (page) => {
    await give(page, fixturePath('security-level/classic-deviations'));
    const resultBefore = await page.getByTestId('result').innerHTML();
    const jsonBefore = await page.getByTestId('report-json').textContent();
    const cases = badFiles();
    for (const [name, content, message] of cases) {
      const done = await give(page, scratchFile(`bad/${name}`, content));
      assert.equal(done.state, 'error', `${name}: ${done.text}`);
      assert.match(done.text, message, name);
      assert.equal(await page.getByTestId('result').innerHTML(), resultBefore, `${name} changed the result`);
      assert.equal(await page.getByTestId('report-json').textContent(), jsonBefore, `${name} changed the JSON`);
      assert.equal(await page.getByTestId('progress-box').isHidden(), true, `${name} left the progress bar`);
    }
  }));

// Chromium fires the active page's image error and load events in an inert
// document too (DOMParser's as well: measured the same two messages per
// parse), and reports our CSP refusing their inline handlers; with no CSP at
// all they do not run either (no browsing context).
const HANDLER_REFUSED = /^Executing inline event handler violates the following Content Security Policy directive 'script-src 'self'/;

test('a page parsed in slices is the tree DOMParser builds, and none of its scripts run nor anything it names loads', async () => {
  const page = await openChecker();
  try {
    const tag = `asg-probe-${Date.now()}`;
    const pages = [...allFixturePages(), { name: 'active page', html: activePage(tag) }];
    const seen = await page.evaluate(`(${slicedParses})(${JSON.stringify(pages)}, 7, ${JSON.stringify(tag)}, ${parseInSlices}, ${rest})`);
    assert.deepEqual(seen.differ, [], 'parses whose tree differs from DOMParser\'s');
    assert.equal(seen.ran, null, 'a script or handler of the parsed page ran');
    assert.deepEqual(seen.fetched, [], 'what the parsed page names was fetched');
    assert.deepEqual(page.problems.filter((p) => !HANDLER_REFUSED.test(p)), [], 'console errors on the checker page');
  } finally {
    await page.close();
  }
});

test('a 20 MB file shows progress and the page stays responsive; past 25 MB it is refused at once', () =>
  withChecker(async (page) => {
    const { big, huge: hugeFile } = bigFiles();
    assert.ok(big.length >= 20 * 1024 * 1024);
    const path = scratchFile('big/export.html', big);
    await page.evaluate(() => {
      // Progress shown, and the longest stretch without a timer tick.
      window.__seen = { progress: [], maxGap: 0 };
      const bar = document.querySelector('[data-testid="progress"]');
      new MutationObserver(() => {
        if (!bar.parentElement.hidden) window.__seen.progress.push(Number(bar.value));
      }).observe(bar.parentElement, { attributes: true, subtree: true, attributeFilter: ['value', 'hidden'] });
      let last = performance.now();
      window.__tick = setInterval(() => {
        const now = performance.now();
        window.__seen.maxGap = Math.max(window.__seen.maxGap, now - last);
        last = now;
      }, 10);
    });
    const started = Date.now();
    const done = await give(page, path, 60_000);
    const seen = await page.evaluate(() => { clearInterval(window.__tick); return window.__seen; });
    assert.equal(done.state, 'error', done.text);
    assert.match(done.text, /"export\.html" is not a page the checker knows/);
    assert.ok(seen.progress.length >= 3 && seen.progress.some((v) => v > 0 && v < 100),
      `progress was not shown along the way: ${JSON.stringify(seen.progress)}`);
    // The parse and the eyes yield every ~8 ms; the engine's one call on the
    // page's 37 MB snapshot is the block left (1.5-2 s on this 2-core
    // machine; the whole stretch measured 1.7-2.5 s, against 3.5 s when
    // DOMParser took the page in one go, 5.1 s on CI): no wide margin for a
    // tighter limit yet.
    assert.ok(seen.maxGap < 5_000, `the page did not answer for ${Math.round(seen.maxGap)} ms`);
    console.log(`# 20 MB: ${Date.now() - started} ms, longest stretch without a tick ${Math.round(seen.maxGap)} ms, progress ${seen.progress.join(' ')}`);

    const huge = scratchFile('big/recording.html', hugeFile);
    const t0 = Date.now();
    const refused = await give(page, huge);
    assert.equal(refused.state, 'error');
    assert.match(refused.text, /^"recording\.html" is 26\.0 MB; the checker reads files up to 25\.0 MB\./);
    assert.ok(Date.now() - t0 < 5_000, 'a file past the limit is refused before it is read');
  }));

// ------------------------------------------------------------------ secrets

test('a saved page with an API secret: the secret is never shown, exported or kept', () =>
  withChecker(async (page) => {
    const secret = 'Zq7$Kp2!mW9#xR4@tY6&vB3*';
    const { level: withSecret, apiUser } = pagesWithSecret(secret);
    const urls = [];
    await page.exposeFunction('__blobText', (text) => urls.push(text));
    await page.evaluate(() => {
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob) => { blob.text().then((t) => window.__blobText(t)); return create.call(URL, blob); };
    });
    const level = await give(page, scratchFile('secret/level.html', withSecret));
    assert.equal(level.state, 'done', level.text);
    const user = await give(page, scratchFile('secret/api-user.html', apiUser));
    assert.equal(user.state, 'error', user.text);
    await page.getByTestId('export-markdown').click();
    await page.getByTestId('export-json').click();
    await page.waitForFunction(() => true);
    await sleep(500);
    assert.equal(urls.length, 2, 'both exports were made');
    const everything = await page.evaluate(() => [
      document.documentElement.outerHTML,
      JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }),
      Object.keys(window).filter((k) => k.startsWith('ASG')).join(','),
    ].join('\n'));
    for (const [where, text] of [['the page', everything], ['an export', urls.join('\n')]]) {
      assert.ok(!text.includes(secret), `the secret is in ${where}`);
    }
  }));

// ------------------------------------------------------------------ exports

test('export: Markdown for a ticket and the JSON report, as downloads', () =>
  withChecker(async (page) => {
    await page.evaluate(() => {
      window.__urls = { created: [], revoked: [] };
      const create = URL.createObjectURL;
      const revoke = URL.revokeObjectURL;
      URL.createObjectURL = (blob) => { const url = create.call(URL, blob); window.__urls.created.push(url); return url; };
      URL.revokeObjectURL = (url) => { window.__urls.revoked.push(url); revoke.call(URL, url); };
    });
    const done = await give(page, fixturePath('security-level/classic-deviations'));
    assert.equal(done.state, 'done', done.text);
    const shown = await reportOf(page);

    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    assert.match(md.suggestedFilename(), /^asg-report-Rhipe-Integration-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = readFileSync(await md.path(), 'utf8');
    assert.match(markdown, /^# Autotask Setup Guard report\n\n\*\*50\/55 rules pass: 2 fail, 3 excess\.\*\*\n/);
    assert.match(markdown, /\n- Security level: Rhipe Integration\n/);
    assert.match(markdown, /\n- File: classic-deviations\.html\n- Checked: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\n/);
    assert.match(markdown, /\n## To change \(5\)\n\n1\. \*\*fail\*\* · CONTRACTS · Contract Visibility \(for contracts you have access to\): expected Full, found Limited\.\n/);
    assert.equal((markdown.match(/^\| (pass|fail|excess|incomplete|warn) \|/gm) || []).length, shown.results.length);
    assert.equal((markdown.match(/^### /gm) || []).length, 11);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    assert.match(json.suggestedFilename(), /^asg-report-Rhipe-Integration-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.deepEqual(exported, shown);
    assert.equal(exported.format, 1);
    assert.equal(exported.page, 'security-level');
    assert.deepEqual(exported.summary, { passed: 50, total: 55 });

    await page.waitForFunction(() => window.__urls.created.length === 2
      && window.__urls.created.every((u) => window.__urls.revoked.includes(u)), null, { timeout: 5_000 });
  }));

// ------------------------------------------------------------------ offline

test('the page works from file://, with the engine from its base64 script', () =>
  withChecker(async (page) => {
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const done = await give(page, fixturePath('security-level/classic-all-correct'));
    assert.equal(done.state, 'done', done.text);
    assert.equal(await page.getByTestId('summary').textContent(), '55/55');
    assert.ok(requests.every((u) => u.startsWith('file:') || u.startsWith('blob:') || u.startsWith('data:')), requests.join('\n'));
  }, pathToFileURL(join(WWW, 'index.html')).href));
