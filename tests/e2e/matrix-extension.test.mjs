// The renderer matrix through the built extension in Chromium: every
// renderer × {all correct, the guide followed literally, one deviation,
// unbound} and × the API user {correct, on a "(system)" level: bound only by
// its vendor, the dropdown beside a radio of the same name}, each
// page served at https://ww5.autotask.net/matrix/… and read from the test
// contract (data-asg-page / -bound / -summary on the frame that holds the
// form, data-asg on its controls). Each must give the oracle's verdict.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { readAsgAttributes, settle } from './outcome.mjs';
import { serveRendered } from '../matrix/browser-side.mjs';
import { describe as explain } from '../matrix/compare.mjs';
import { judge } from '../matrix/oracle.mjs';
import { render, RENDERERS } from '../matrix/renderers.mjs';
import { allStates, REMEMBERED } from '../matrix/states.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const HOST_KEY = 'host:ww5.autotask.net';
const STATES = ['all-correct', 'guide-literal', 'deviation:crm.vendors', 'unbound', 'api-correct', 'api-system-level'];
// Pages judged at once: each waits a second for the marks to settle.
const PARALLEL = 4;
const browser = useBrowser();
const failures = new Map(RENDERERS.map((r) => [r.name, []]));

const show = (v) => (v == null ? 'none' : v);

// What differs between the oracle's verdict and what the extension wrote.
function compare(want, got, others) {
  const lines = [];
  const summary = want.bound ? want.summaryText : null;
  if (got.page !== want.page) lines.push(`data-asg-page: want ${want.page}, got ${show(got.page)}`);
  if (got.bound !== (want.bound ? 'yes' : 'no')) lines.push(`data-asg-bound: want ${want.bound ? 'yes' : 'no'}, got ${show(got.bound)}`);
  if (got.summary !== summary) lines.push(`data-asg-summary: want ${show(summary)}, got ${show(got.summary)}`);
  const wanted = Object.keys(want.marks).length;
  if (wanted > 1 && Object.keys(got.marks).length === 0) lines.push(`no control marked (want ${wanted} marks)`);
  else {
    for (const [id, outcome] of Object.entries(want.marks)) {
      if (got.marks[id] !== outcome) lines.push(`mark ${id}: want ${outcome}, got ${show(got.marks[id])}`);
    }
  }
  for (const [id, outcome] of Object.entries(got.marks)) if (!(id in want.marks)) lines.push(`mark ${id}: not expected, got ${outcome}`);
  for (const stray of got.strays) lines.push(`data-asg on an element without a model id: ${stray}`);
  for (const line of others) lines.push(`another frame: ${line}`);
  return lines;
}

async function judgeOne(site, i, { renderer, s, doc, click }) {
  await browser.withPage(async (page) => {
    await page.goto(site.url(i));
    let frame = page.mainFrame();
    if (doc.formPath) {
      const end = `/${i}/${doc.formPath}`;
      await page.waitForFunction(() => true); // let the frames attach
      const deadline = Date.now() + 10_000;
      while (!(frame = page.frames().find((f) => f.url().endsWith(end))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!frame) {
        failures.get(renderer.name).push({ state: s.id, renderer: renderer.name, lines: [`the frame ${doc.formPath} never loaded`] });
        return;
      }
    }
    let got = await settle(frame);
    // A person's click through the page's own widget: the verdict follows the new state.
    if (click) {
      const before = got.summary;
      await frame.locator(`[data-fixture-id="${click.id}"]`).click();
      // Only a page with a verdict can show a new one; settle() then waits for it to hold still.
      if (before) await frame.waitForFunction((b) => document.documentElement.getAttribute('data-asg-summary') !== b, before, { timeout: 5_000 }).catch(() => {});
      got = await settle(frame);
      s = click.then;
    }
    // The frames around the form are not the form: no verdict, no marks there.
    const others = [];
    for (const f of page.frames()) {
      if (f === frame) continue;
      const attrs = (await f.evaluate(readAsgAttributes).catch(() => [])).filter((a) => !/data-asg-page="unrecognized"/.test(a));
      others.push(...attrs.map((a) => `${f.url().split('/').pop()}: ${a}`));
    }
    const lines = compare(judge(s.state, REMEMBERED), got, others);
    if (lines.length) failures.get(renderer.name).push({ state: s.id, renderer: renderer.name, lines });
  });
}

describe('every renderer through the built extension', () => {
before(async () => {
  // Remembered for the host, as after a verified save: the API user pages are judged with it.
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  await worker.evaluate(([key, level]) => chrome.storage.local.set({ [key]: { level } }), [HOST_KEY, REMEMBERED.rememberedLevel]);
  const states = allStates().filter((s) => STATES.includes(s.id));
  assert.equal(states.length, STATES.length);
  const cases = RENDERERS.flatMap((renderer) => states.map((s) => ({ renderer, s, doc: render(renderer, s.state) })));
  // And one click: all correct, then "Can create Webhooks" turned on by the page's own widget.
  const all = allStates();
  const start = all.find((s) => s.id === 'all-correct');
  const then = all.find((s) => s.id === 'deviation:other.webhooks');
  for (const renderer of RENDERERS) {
    cases.push({ renderer, s: start, doc: render(renderer, start.state), click: { id: 'other.webhooks', then: { ...then, id: 'all-correct, then a click on "Can create Webhooks"' } } });
  }
  const site = await serveRendered(browser.context, AUTOTASK, cases.map((c) => c.doc));
  try {
    let next = 0;
    const lane = async () => {
      while (next < cases.length) {
        const i = next++;
        await judgeOne(site, i, cases[i]);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
  } finally {
    await site.close();
  }
});

for (const r of RENDERERS) {
  test(`${r.name} in the extension: ${STATES.length} states and one click give the oracle's verdict`, () => {
    const list = failures.get(r.name);
    assert.ok(list.length === 0, `\n${list.length} of ${STATES.length + 1} cases differ:\n${explain(list)}`);
  });
}
});
