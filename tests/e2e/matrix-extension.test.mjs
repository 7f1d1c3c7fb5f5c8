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
import { EXTENSION_STATES as STATES, extensionCases, extensionDifferences, REMEMBERED } from '../matrix/cases.mjs';
import { describe as explain } from '../matrix/compare.mjs';
import { RENDERERS } from '../matrix/renderers.mjs';

const HOST_KEY = 'host:ww5.autotask.net';
// Pages judged at once: each waits a second for the marks to settle.
const PARALLEL = 4;
const browser = useBrowser();
const failures = new Map(RENDERERS.map((r) => [r.name, []]));

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
    const lines = extensionDifferences(s, got, others);
    if (lines.length) failures.get(renderer.name).push({ state: s.id, renderer: renderer.name, lines });
  });
}

describe('every renderer through the built extension', () => {
before(async () => {
  // Remembered for the host, as after a verified save: the API user pages are judged with it.
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  await worker.evaluate(([key, level]) => chrome.storage.local.set({ [key]: { level } }), [HOST_KEY, REMEMBERED.rememberedLevel]);
  const cases = extensionCases();
  const site = await serveRendered(browser.context, 'https://ww5.autotask.net', cases.map((c) => c.doc));
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
