// Hostile pages: a page that re-renders its form every 100 ms must not make
// the extension loop (it checks at most about once a second while the page
// changes, and not at all once the page is quiet); a page with 10,000
// unrelated checkboxes is judged like the plain page. Checks are counted
// from outside the product: the snapshots the background worker receives
// (a listener added to the worker by this test) and the verdicts drawn on
// the page (writes of data-asg-summary, seen by a MutationObserver).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const browser = useBrowser();

// The content script re-checks 250 ms after the last change and at least
// once a second while changes keep coming (extension/content/content.js).
const MAX_WAIT_MS = 1000;

async function worker() {
  const [sw] = browser.context.serviceWorkers();
  await sw.evaluate(() => {
    if (globalThis.__asgTestSeen) return;
    globalThis.__asgTestSeen = [];
    (globalThis.browser ?? globalThis.chrome).runtime.onMessage.addListener((message, sender) => {
      // A check: the whole page, or the states changed since (a re-verify).
      if (message && (message.type === 'check-page' || message.type === 'recheck-page')) globalThis.__asgTestSeen.push({ url: sender.url, at: Date.now() });
    });
  });
  return {
    // Snapshots received from pages whose address contains `part`.
    count: (part) => sw.evaluate((p) => globalThis.__asgTestSeen.filter((s) => s.url.includes(p)).length, part),
  };
}

// In the page, before any of its scripts: every verdict drawn (the content
// script removes data-asg-summary and sets it again for each report).
function countVerdicts() {
  window.__asgVerdicts = 0;
  new MutationObserver((records) => {
    for (const r of records) if (r.oldValue === null) window.__asgVerdicts++;
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-asg-summary'], attributeOldValue: true });
}

const summaryIs = (page, value, timeout = 15_000) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout });

test('a page that re-renders its form every 100 ms is checked about once a second, then not at all once quiet', async () => {
  const REWRITE_MS = 4000;
  const seen = await worker();
  const page = await browser.context.newPage();
  await page.addInitScript(countVerdicts);
  try {
    await page.goto(`${AUTOTASK}/hostile/rewriting-form.html?for=${REWRITE_MS}`);
    const start = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => performance.now() >= window.__rewritingUntil, null, { timeout: REWRITE_MS + 5000 });
    const during = await seen.count('rewriting-form');
    const rewrites = await page.evaluate(() => window.__rewrites);
    const elapsed = (await page.evaluate(() => performance.now())) - start;
    assert.ok(rewrites >= 20, `the page really re-rendered (${rewrites} times)`);
    // One check on load, then at most one per second of changes; a little slack for a busy machine.
    const bound = 1 + Math.ceil(elapsed / MAX_WAIT_MS) + 1;
    assert.ok(during <= bound, `${during} snapshots in ${Math.round(elapsed)} ms of re-rendering (at most ${bound})`);
    assert.ok(during >= 2, `it keeps checking while the page changes (${during} snapshots)`);

    // The last change is checked within the debounce; after that, silence.
    await summaryIs(page, '55/55');
    await sleep(MAX_WAIT_MS + 500);
    const settled = await seen.count('rewriting-form');
    const verdicts = await page.evaluate(() => window.__asgVerdicts);
    await sleep(3000);
    assert.equal(await seen.count('rewriting-form'), settled, 'no snapshot once the page is quiet');
    assert.equal(await page.evaluate(() => window.__asgVerdicts), verdicts, 'no verdict drawn once the page is quiet');
    assert.ok(verdicts <= settled, `each verdict answers a snapshot (${verdicts} verdicts, ${settled} snapshots)`);
    const marked = await page.evaluate(() => document.querySelectorAll('[data-asg="pass"]').length);
    assert.equal(marked, 55, 'the final, fresh elements carry the marks');
  } finally {
    await page.close();
  }
});

test('10,000 unrelated checkboxes: the 55 judged controls pass, none of the others is marked, and the page is quiet after', async () => {
  const seen = await worker();
  const page = await browser.context.newPage();
  try {
    await page.goto(`${AUTOTASK}/hostile/unrelated-checkboxes.html`);
    await summaryIs(page, '55/55');
    const counts = await page.evaluate(() => ({
      boxes: document.querySelectorAll('.NotificationMatrix input[type=checkbox]').length,
      markedThere: document.querySelectorAll('.NotificationMatrix [data-asg]').length,
      marked: document.querySelectorAll('[data-asg]').length,
    }));
    assert.deepEqual(counts, { boxes: 10000, markedThere: 0, marked: 55 });
    const settled = await seen.count('unrelated-checkboxes');
    await sleep(2500);
    assert.equal(await seen.count('unrelated-checkboxes'), settled, 'no snapshot on a quiet page');
  } finally {
    await page.close();
  }
});

test('a table of 16,000 rows (over 50,000 elements) is judged in full: the 55 judged controls pass, none of the 32,000 in the table is marked', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${AUTOTASK}/hostile/table-rows.html`);
    await summaryIs(page, '55/55', 30_000);
    const counts = await page.evaluate(() => ({
      rows: document.querySelectorAll('.NotificationTable tbody tr').length,
      markedThere: document.querySelectorAll('.NotificationTable [data-asg]').length,
      marked: document.querySelectorAll('[data-asg]').length,
      elements: document.getElementsByTagName('*').length,
    }));
    assert.ok(counts.elements > 50_000, `${counts.elements} elements`);
    assert.deepEqual({ ...counts, elements: 0 }, { rows: 16000, markedThere: 0, marked: 55, elements: 0 });
  } finally {
    await page.close();
  }
});

// A page that is none of ours with no form control (a ticket's detail page:
// fields as text, a feed of notes): the content script runs in every frame
// of every Autotask page, and here the engine judges it from a survey (its
// address, language, title and first headings: src/lib.rs
// SURVEY_WITHOUT_CONTROLS), never from a walk of its notes.
const NOTE = 'called the customer';
test('a ticket page (no form control) is judged from a survey: its notes are never read, a change that leaves the survey alone sends nothing, and a control brings the whole page', async () => {
  const [sw] = browser.context.serviceWorkers();
  await sw.evaluate(() => {
    globalThis.__asgTicket = [];
    (globalThis.browser ?? globalThis.chrome).runtime.onMessage.addListener((message, sender) => {
      if (message && message.type === 'check-page' && sender.url.includes('ticket-detail')) {
        const s = JSON.parse(message.snapshot);
        globalThis.__asgTicket.push({ controls: s.controls.length, texts: s.texts.length, headings: s.texts.every((t) => t.heading), json: JSON.stringify(s) });
      }
    });
  });
  const sent = () => sw.evaluate(() => globalThis.__asgTicket);
  const page = await browser.context.newPage();
  try {
    await page.goto(`${AUTOTASK}/other/ticket-detail.html`);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-page') === 'unrecognized', null, { timeout: 15_000 });
    const [first, ...more] = await sent();
    assert.equal(more.length, 0, 'one survey');
    assert.deepEqual({ controls: first.controls, headings: first.headings }, { controls: 0, headings: true });
    assert.ok(first.texts > 0 && first.texts <= 20, `${first.texts} headings`);
    assert.ok(first.json.includes('T20260112.0041 - Outlook keeps asking for password'), 'the page\'s heading is in the survey');
    assert.ok(!first.json.includes(NOTE), 'no note is read');
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-asg-ui]').length), 0, 'nothing is drawn');

    // A note without a heading of its own: the same survey, nothing sent.
    await page.evaluate(() => {
      const note = Object.assign(document.createElement('p'), { textContent: 'The customer confirmed it works.' });
      document.querySelector('.Activity').prepend(note);
    });
    await sleep(MAX_WAIT_MS + 500);
    assert.equal((await sent()).length, 1, 'the same survey is not sent again');

    // A control appears: the whole page is read.
    await page.evaluate(() => {
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', id: 'notify' });
      const label = Object.assign(document.createElement('label'), { htmlFor: 'notify', textContent: 'Notify the contact' });
      document.body.append(box, label);
    });
    let all;
    for (let i = 0; i < 50 && (all = await sent()).length < 2; i++) await sleep(100);
    assert.equal(all.length, 2, 'a snapshot after the control appeared');
    assert.equal(all[1].controls, 1);
    assert.ok(all[1].json.includes(NOTE), 'the whole page is read once it has a control');
  } finally {
    await page.close();
  }
});
