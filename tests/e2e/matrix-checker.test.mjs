// The renderer matrix through the checker page (dist/www): every state of
// tests/matrix/states.mjs × every renderer, parsed with DOMParser and judged
// by the checker's own snapshot code and engine, batched in one browser page;
// then real Chromium MHTML saves (CDP Page.captureSnapshot) of rendered pages
// through the checker's file input. Each case must give the oracle's verdict
// (tests/matrix/oracle.mjs): page kind, bound, summary, every result, every mark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serveStatic, startServer } from './server.mjs';
import { describe as explain, differences } from '../matrix/compare.mjs';
import { judge } from '../matrix/oracle.mjs';
import { render, RENDERERS, savedState } from '../matrix/renderers.mjs';
import { allStates } from '../matrix/states.mjs';
import { judgeInPage, openChecker, serveRendered } from '../matrix/browser-side.mjs';
import { checkerCases, checkerCount, failuresByRenderer } from '../matrix/cases.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WWW = join(REPO, 'dist/www');
// The checker's own context for a file it is given (www/checker.js): any level is judged.
const CHECKER_CONTEXT = { judgeAnyLevel: true };
// What the MHTML round trip covers per renderer (the whole product runs through DOMParser).
const MHTML_STATES = ['all-correct', 'guide-literal', 'deviation:crm.vendors', 'collapsed-with-deviations', 'api-correct-nothing-remembered'];

let www;
let fixtures;
let browser;
let checker;
const states = allStates();
let htmlFailures;
const mhtmlFailures = new Map(RENDERERS.map((r) => [r.name, []]));
let htmlCases = 0;

before(async () => {
  www = await serveStatic(WWW);
  fixtures = await startServer();
  browser = await launch(fixtures.port);
  checker = await openChecker(browser.context, `http://127.0.0.1:${www.port}/`);
});
after(async () => {
  await browser?.close();
  await fixtures?.close();
  await www?.close();
});

describe('every state × renderer, saved as HTML, through the checker\'s snapshot and engine', () => {
  before(async () => {
    const cases = checkerCases();
    htmlCases = cases.length;
    htmlFailures = failuresByRenderer(cases, await judgeInPage(checker, cases));
  });
  for (const r of RENDERERS) {
    const count = checkerCount(r);
    test(`${r.name}: ${count} states give the oracle's verdict`, () => {
      const failures = htmlFailures.get(r.name);
      assert.ok(failures.length === 0, `\n${failures.length} of ${count} states differ (of ${htmlCases} cases in all):\n${explain(failures)}`);
    });
  }
});

describe('real Chromium MHTML saves through the checker\'s file input', () => {
  before(async () => {
    const picked = states.filter((s) => MHTML_STATES.includes(s.id));
    const pages = [];
    for (const r of RENDERERS) for (const s of picked) pages.push({ renderer: r, s });
    const site = await serveRendered(browser.context, 'https://intranet.example.com', pages.map(({ renderer, s }) => render(renderer, s.state)));
    const saver = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(saver);
    try {
      for (const [i, { renderer, s }] of pages.entries()) {
        await saver.goto(site.url(i), { waitUntil: 'load' });
        const { data } = await cdp.send('Page.captureSnapshot', { format: 'mhtml' });
        const got = await giveFile(checker, { name: `${renderer.name}-${i}.mhtml`, mimeType: 'multipart/related', buffer: Buffer.from(data) });
        // No marks here: the report's handles belong to the part the checker chose.
        // The oracle judges what the save holds (renderers.mjs savedState).
        const lines = differences(judge(savedState(renderer, s.state), CHECKER_CONTEXT), got, { marks: false });
        if (lines.length) mhtmlFailures.get(renderer.name).push({ state: s.id, renderer: renderer.name, lines });
      }
    } finally {
      await saver.close();
      await site.close();
    }
  });
  for (const r of RENDERERS) {
    test(`${r.name}: ${MHTML_STATES.length} MHTML saves give the oracle's verdict`, () => {
      const failures = mhtmlFailures.get(r.name);
      assert.ok(failures.length === 0, `\n${explain(failures)}`);
    });
  }
});

// Gives one file to the checker page and reads what it concluded.
async function giveFile(page, file) {
  const status = page.getByTestId('file-status');
  const prev = await status.getAttribute('data-run');
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction((p) => {
    const run = document.querySelector('[data-testid="file-status"]').dataset.run;
    return run !== undefined && run !== p;
  }, prev, { timeout: 30_000 });
  const state = await status.getAttribute('data-state');
  const text = (await status.textContent()).trim();
  if (state !== 'done') return { error: `the checker did not judge the save (${state}, page kind ${await status.getAttribute('data-page-kind')}): ${text.slice(0, 200)}` };
  const report = JSON.parse(await page.getByTestId('report-json').textContent());
  return { page: report.page, bound: report.bound, summary: report.summary, results: report.results, reason: report.recognition?.reason };
}
