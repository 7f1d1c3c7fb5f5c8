// Frames and hostile pages in Firefox, as tests/e2e/frames.test.mjs and
// tests/e2e/hostile.test.mjs in Chromium (one browser for both): a form four
// frames down is judged there and only there, and the toolbar follows it; a
// page that re-renders its form every 100 ms is checked about once a second,
// then not at all once quiet; 10,000 unrelated checkboxes change nothing.
// Checks are counted from outside the product: the snapshots the add-on's
// event page receives (a listener added there by this test, through
// runtime.getBackgroundPage) and the verdicts drawn on the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture } from '../e2e/fixtures.mjs';
import { assertNone, differences, readAsgAttributes } from '../e2e/outcome.mjs';
import {
  enterFrame, extensionUrl, frameOf, framesBelow as framesOfTab, inAddon, part, useFirefox, waitFor,
} from './firefox.mjs';

const firefox = useFirefox();
const FORM = 'security-level/classic-deviations';
const viewData = Buffer.from(JSON.stringify({ url: 'https://ww5.autotask.net/shell/nested/classic-frameset.html' })).toString('base64');
const SHELL = `/shell/nested-frames.html?view=security-level&view-data=${encodeURIComponent(viewData)}`;

async function expectBadge(want) {
  const url = await firefox.driver.getCurrentUrl();
  let have;
  await waitFor(async () => {
    have = await inAddon(firefox.driver, `const [tab] = (await browser.tabs.query({})).filter((t) => t.url === arguments[0]);
      return { text: await browser.action.getBadgeText({ tabId: tab.id }), title: await browser.action.getTitle({ tabId: tab.id }) };`, url);
    return have.text === want.text && have.title === want.title;
  }, `the badge ${JSON.stringify(want)}`, 5_000).catch(() => {});
  assert.deepEqual(have, want);
}

const framesBelow = () => framesOfTab(firefox.driver);
const enter = (path) => enterFrame(firefox.driver, path);

test('Firefox: a form four frames down (shell > iframe > frameset > frameset > frameset > frame) is judged there, and only there', async () => {
  const { driver } = firefox;
  const { spec } = fixture(FORM);
  await driver.get(firefox.url(SHELL));
  const all = await waitFor(async () => {
    await driver.switchTo().defaultContent();
    const found = await framesBelow();
    return found.some(([, url]) => url.endsWith(`/${FORM}.html`)) && found.length >= 10 && found;
  }, 'every frame loaded');
  const [formPath] = all.find(([, url]) => url.endsWith(`/${FORM}.html`));
  assert.equal(formPath.length, 4, 'the form is in the innermost frame');
  assert.ok(all.length + 1 >= 11, `every frame loaded (${all.length + 1})`);
  await enter(formPath);
  assertNone(await differences(frameOf(driver), spec, `${FORM} (innermost frame)`));
  const allowed = ['<html> data-asg-page="unrecognized"'];
  for (const [path, url] of [[[], 'the shell'], ...all.filter(([p]) => p.join() !== formPath.join())]) {
    await enter(path);
    const found = await frameOf(driver).evaluate(readAsgAttributes);
    assert.deepEqual(found.filter((a) => !allowed.includes(a)), [], `${url}: judged or marked`);
  }
  await driver.switchTo().defaultContent();
  const [passed, total] = spec.summary.split('/').map(Number);
  await expectBadge({ text: String(total - passed), title: `${total - passed} settings to change on this page` });

  // The toolbar follows the form's frame: Apply there, and the tab passes.
  await enter(formPath);
  await (await waitFor(() => part(driver, 'asg-apply'), 'Apply')).click();
  await waitFor(async () => (await driver.executeScript('return document.documentElement.dataset.asgSummary')) === `${total}/${total}`, 'the form passing');
  await driver.switchTo().defaultContent();
  await expectBadge({ text: '✓', title: 'This page is set up as the integration needs' });
});

// --------------------------------------------------------- hostile pages

const MAX_WAIT_MS = 1000;
let holder; // the add-on tab that keeps the event page (and the listener) alive

// Counts, in the event page, the snapshots each page sends.
async function recorder() {
  const { driver } = firefox;
  const back = await driver.getWindowHandle();
  if (!holder) {
    await driver.switchTo().newWindow('tab');
    holder = await driver.getWindowHandle();
    await driver.get(extensionUrl('popup/popup.html'));
    const ok = await driver.executeAsyncScript(`const done = arguments[0]; (async () => {
      const bg = await browser.runtime.getBackgroundPage();
      bg.__asgTestSeen = [];
      bg.browser.runtime.onMessage.addListener((message, sender) => {
        // A check: the whole page, or the states changed since (a re-verify, no snapshot).
        if (message && (message.type === 'check-page' || message.type === 'recheck-page')) {
          const s = typeof message.snapshot === 'string' ? JSON.parse(message.snapshot) : {};
          bg.__asgTestSeen.push({ url: String(sender.url), controls: (s.controls || []).length, texts: (s.texts || []).length,
            headings: (s.texts || []).every((t) => t.heading), json: JSON.stringify(s) });
        }
      });
    })().then(() => done('ok'), (e) => done(String(e)))`);
    assert.equal(ok, 'ok', 'the listener in the event page');
    await driver.switchTo().window(back);
  }
  return {
    async count(part_) {
      const here = await driver.getWindowHandle();
      await driver.switchTo().window(holder);
      try {
        return await driver.executeAsyncScript(`const done = arguments[1];
          browser.runtime.getBackgroundPage().then((bg) => done(bg.__asgTestSeen.filter((s) => s.url.includes(arguments[0])).length));`, part_);
      } finally {
        await driver.switchTo().window(here);
      }
    },
    // What each snapshot from pages whose address contains `part_` held.
    async sent(part_) {
      const here = await driver.getWindowHandle();
      await driver.switchTo().window(holder);
      try {
        return await driver.executeAsyncScript(`const done = arguments[1];
          browser.runtime.getBackgroundPage().then((bg) => done(JSON.parse(JSON.stringify(bg.__asgTestSeen.filter((s) => s.url.includes(arguments[0]))))));`, part_);
      } finally {
        await driver.switchTo().window(here);
      }
    },
  };
}

const summaryIs = (value, timeout = 15_000) => waitFor(async () => (await firefox.driver.executeScript(
  'return document.documentElement.getAttribute("data-asg-summary")')) === value, `data-asg-summary=${value}`, timeout);

test('Firefox: a page that re-renders its form every 100 ms is checked about once a second, then not at all once quiet', async () => {
  const { driver } = firefox;
  const REWRITE_MS = 4000;
  const seen = await recorder();
  await driver.get(firefox.url(`/hostile/rewriting-form.html?for=${REWRITE_MS}`));
  // WebDriver has no script before the page's own: verdicts are counted from here on.
  await driver.executeScript(`window.__asgVerdicts = 0;
    new MutationObserver((records) => {
      for (const r of records) if (r.oldValue === null) window.__asgVerdicts++;
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-asg-summary'], attributeOldValue: true });
    window.__asgStart = performance.now();`);
  await waitFor(() => driver.executeScript('return performance.now() >= window.__rewritingUntil'), 'the re-rendering to end', REWRITE_MS + 5000);
  const during = await seen.count('rewriting-form');
  const { rewrites, elapsed } = await driver.executeScript('return { rewrites: window.__rewrites, elapsed: performance.now() - window.__asgStart }');
  assert.ok(rewrites >= 20, `the page really re-rendered (${rewrites} times)`);
  // One check on load, then at most one per second of changes (since load: a second of slack), a little more for a busy machine.
  const bound = 1 + Math.ceil((elapsed + 1000) / MAX_WAIT_MS) + 1;
  assert.ok(during <= bound, `${during} snapshots in about ${Math.round(elapsed)} ms of re-rendering (at most ${bound})`);
  assert.ok(during >= 2, `it keeps checking while the page changes (${during} snapshots)`);

  await summaryIs('55/55');
  await sleep(MAX_WAIT_MS + 500);
  const settled = await seen.count('rewriting-form');
  const verdicts = await driver.executeScript('return window.__asgVerdicts');
  await sleep(3000);
  assert.equal(await seen.count('rewriting-form'), settled, 'no snapshot once the page is quiet');
  assert.equal(await driver.executeScript('return window.__asgVerdicts'), verdicts, 'no verdict drawn once the page is quiet');
  assert.ok(verdicts <= settled, `each verdict answers a snapshot (${verdicts} verdicts, ${settled} snapshots)`);
  assert.equal(await driver.executeScript('return document.querySelectorAll(\'[data-asg="pass"]\').length'), 55, 'the final, fresh elements carry the marks');
});

test('Firefox: 10,000 unrelated checkboxes: the 55 judged controls pass, none of the others is marked, and the page is quiet after', async () => {
  const { driver } = firefox;
  const seen = await recorder();
  await driver.get(firefox.url('/hostile/unrelated-checkboxes.html'));
  await summaryIs('55/55');
  const counts = await driver.executeScript(`return {
    boxes: document.querySelectorAll('.NotificationMatrix input[type=checkbox]').length,
    markedThere: document.querySelectorAll('.NotificationMatrix [data-asg]').length,
    marked: document.querySelectorAll('[data-asg]').length };`);
  assert.deepEqual(counts, { boxes: 10000, markedThere: 0, marked: 55 });
  const settled = await seen.count('unrelated-checkboxes');
  assert.ok(settled >= 1, 'the page\'s snapshot was recorded, so the count below can fail');
  await sleep(2500);
  assert.equal(await seen.count('unrelated-checkboxes'), settled, 'no snapshot on a quiet page');
});

test('Firefox: a table of 16,000 rows (over 50,000 elements) is judged in full: the 55 judged controls pass, none of the 32,000 in the table is marked', async () => {
  const { driver } = firefox;
  await driver.get(firefox.url('/hostile/table-rows.html'));
  await waitFor(async () => (await driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")')) === '55/55',
    'data-asg-summary=55/55', 30_000);
  const counts = await driver.executeScript(`return {
    rows: document.querySelectorAll('.NotificationTable tbody tr').length,
    markedThere: document.querySelectorAll('.NotificationTable [data-asg]').length,
    marked: document.querySelectorAll('[data-asg]').length,
    elements: document.getElementsByTagName('*').length };`);
  assert.ok(counts.elements > 50_000, `${counts.elements} elements`);
  assert.deepEqual({ ...counts, elements: 0 }, { rows: 16000, markedThere: 0, marked: 55, elements: 0 });
});

const NOTE = 'called the customer';
test('Firefox: a ticket page (no form control) is judged from a survey: its notes are never read, a change that leaves the survey alone sends nothing, and a control brings the whole page', async () => {
  const { driver } = firefox;
  const seen = await recorder();
  await driver.get(firefox.url('/other/ticket-detail.html'));
  await waitFor(async () => (await driver.executeScript('return document.documentElement.getAttribute("data-asg-page")')) === 'unrecognized',
    'data-asg-page=unrecognized');
  const [first, ...more] = await seen.sent('ticket-detail');
  assert.equal(more.length, 0, 'one survey');
  assert.deepEqual({ controls: first.controls, headings: first.headings }, { controls: 0, headings: true });
  assert.ok(first.texts > 0 && first.texts <= 20, `${first.texts} headings`);
  assert.ok(first.json.includes('T20260112.0041 - Outlook keeps asking for password'), 'the page\'s heading is in the survey');
  assert.ok(!first.json.includes(NOTE), 'no note is read');
  assert.equal(await driver.executeScript('return document.querySelectorAll("[data-asg-ui]").length'), 0, 'nothing is drawn');

  await driver.executeScript(`const note = Object.assign(document.createElement('p'), { textContent: 'The customer confirmed it works.' });
    document.querySelector('.Activity').prepend(note);`);
  await sleep(MAX_WAIT_MS + 500);
  assert.equal(await seen.count('ticket-detail'), 1, 'the same survey is not sent again');

  await driver.executeScript(`const box = Object.assign(document.createElement('input'), { type: 'checkbox', id: 'notify' });
    const label = Object.assign(document.createElement('label'), { htmlFor: 'notify', textContent: 'Notify the contact' });
    document.body.append(box, label);`);
  await waitFor(async () => (await seen.count('ticket-detail')) >= 2, 'a snapshot after the control appeared');
  const all = await seen.sent('ticket-detail');
  assert.equal(all.length, 2);
  assert.equal(all[1].controls, 1);
  assert.ok(all[1].json.includes(NOTE), 'the whole page is read once it has a control');
});
