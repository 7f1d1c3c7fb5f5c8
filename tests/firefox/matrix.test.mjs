// The renderer matrix in Firefox, in one browser session (the guide: "run
// the renderer matrix in one browser session, share servers"): the cases of
// tests/e2e/matrix-checker.test.mjs (every state × renderer as saved HTML,
// through the checker page's snapshot code and engine), of
// matrix-random.test.mjs (seeded random states) and of
// matrix-extension.test.mjs (the built add-on on rendered pages, and one
// click), from the same lists (tests/matrix/cases.mjs) against the same
// oracle, under the same names.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { judgeInPage, serveRenderedOn } from '../matrix/browser-side.mjs';
import {
  checkerCases, checkerCount, EXTENSION_STATES, extensionCases, extensionDifferences, failuresByRenderer, randomCases, REMEMBERED,
} from '../matrix/cases.mjs';
import { describe as explain } from '../matrix/compare.mjs';
import { RENDERERS } from '../matrix/renderers.mjs';
import { WWW } from '../e2e/checker-files.mjs';
import { readAsgAttributes, readOutcome } from '../e2e/outcome.mjs';
import { HOST_KEY } from '../e2e/scenarios.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { openChecker } from './checker-bridge.mjs';
import { enterFrame, frameOf, framesBelow, inAddon, useFirefox, waitFor } from './firefox.mjs';

const SEED = Number(process.env.ASG_MATRIX_SEED ?? (Date.now() % 1_000_000));
const COUNT = Number(process.env.ASG_MATRIX_RANDOM ?? 50);
// Rendered pages loading at once, one tab each: each must hold still a second.
const TABS = 8;
const STABLE_MS = 1_000;
const APPEAR_MS = 10_000;

let www;
const firefox = useFirefox();
before(async () => { www = await serveStatic(WWW); });
after(() => www?.close());

describe('every state × renderer, saved as HTML, through the checker\'s snapshot and engine', () => {
  let failures;
  let total;
  before(async () => {
    const cases = checkerCases();
    total = cases.length;
    failures = failuresByRenderer(cases, await judgeInPage(await openChecker(firefox.driver, www), cases));
  });
  for (const r of RENDERERS) {
    const count = checkerCount(r);
    test(`Firefox: ${r.name}: ${count} states give the oracle's verdict`, () => {
      const list = failures.get(r.name);
      assert.ok(list.length === 0, `\n${list.length} of ${count} states differ (of ${total} cases in all):\n${explain(list)}`);
    });
  }
});

describe(`${COUNT} random states × ${RENDERERS.length} renderers`, () => {
  let failures;
  before(async () => {
    const cases = randomCases(SEED, COUNT);
    failures = failuresByRenderer(cases, await judgeInPage(await openChecker(firefox.driver, www), cases));
  });
  for (const r of RENDERERS) {
    test(`Firefox: ${r.name}: every random state gives the oracle's verdict`, () => {
      const list = failures.get(r.name);
      // The seed is in the message only: a test's name stays the same from run to run.
      assert.ok(list.length === 0, `\n${list.length} of ${COUNT} states differ (seed ${SEED}; ASG_MATRIX_SEED=${SEED} repeats it):\n${explain(list)}`);
    });
  }
});

// ------------------------------------------------ through the add-on

const enter = enterFrame;

// Every frame of the current tab, as [path, address], the top document first.
async function framesOf(driver) {
  await driver.switchTo().defaultContent();
  return [[[], await driver.executeScript('return location.href')], ...await framesBelow(driver)];
}

// The form's frame in the current tab, once loaded: its path.
async function formFrame(driver, url, doc, i) {
  const end = doc.formPath ? `/${i}/${doc.formPath}` : null;
  return waitFor(async () => {
    await driver.switchTo().defaultContent();
    const ready = await driver.executeScript('return location.href === arguments[0] && document.readyState === "complete"', url);
    if (!ready) return null;
    if (!end) return { path: [] };
    const found = (await framesOf(driver)).find(([, href]) => href.endsWith(end));
    return found && { path: found[0] };
  }, `the page ${url} and its form's frame`, APPEAR_MS);
}

/**
 * Reads each target's form frame ({ tab, path }) in turn until every one
 * has a verdict that held still STABLE_MS: the tabs settle together, not
 * one after another.
 */
async function settleAll(driver, targets) {
  const start = Date.now();
  const state = targets.map(() => ({ last: null, at: 0, done: false }));
  while (state.some((s) => !s.done)) {
    for (const [k, t] of targets.entries()) {
      const s = state[k];
      if (s.done) continue;
      await driver.switchTo().window(t.tab);
      await enter(driver, t.path);
      const seen = JSON.stringify(await frameOf(driver).evaluate(readOutcome));
      const now = Date.now();
      if (seen !== s.last) Object.assign(s, { last: seen, at: now });
      if ((JSON.parse(seen).page && now - s.at >= STABLE_MS) || now - start >= APPEAR_MS + STABLE_MS) s.done = true;
    }
    await new Promise((r) => { setTimeout(r, 100); });
  }
  return state.map((s) => JSON.parse(s.last));
}

// data-asg-* on the frames around the form (the form's frame excluded).
async function othersOf(driver, tab, formPath) {
  await driver.switchTo().window(tab);
  const others = [];
  for (const [path, href] of await framesOf(driver)) {
    if (path.join() === formPath.join()) continue;
    await enter(driver, path);
    const attrs = (await frameOf(driver).evaluate(readAsgAttributes)).filter((a) => !/data-asg-page="unrecognized"/.test(a));
    others.push(...attrs.map((a) => `${href.split('/').pop()}: ${a}`));
  }
  return others;
}

describe('every renderer through the built extension', () => {
  const failures = new Map(RENDERERS.map((r) => [r.name, []]));
  before(async () => {
    const { driver } = firefox;
    await inAddon(driver, 'const [key, level] = arguments; await browser.storage.local.set({ [key]: { level } });', HOST_KEY, REMEMBERED.rememberedLevel);
    const cases = extensionCases();
    const site = serveRenderedOn(firefox.docs, 'https://ww5.autotask.net', cases.map((c) => c.doc));
    const fail = ({ renderer, s }, lines) => failures.get(renderer.name).push({ state: s.id, renderer: renderer.name, lines });
    const tabs = [await driver.getWindowHandle()];
    try {
      while (tabs.length < TABS) {
        await driver.switchTo().newWindow('tab');
        tabs.push(await driver.getWindowHandle());
      }
      const plain = cases.map((c, i) => ({ ...c, i })).filter((c) => !c.click);
      for (let b = 0; b < plain.length; b += TABS) {
        const batch = plain.slice(b, b + TABS).map((c, j) => ({ ...c, tab: tabs[j], url: site.url(c.i) }));
        for (const c of batch) {
          await driver.switchTo().window(c.tab);
          await driver.executeScript('const u = arguments[0]; setTimeout(() => { location.href = u; }, 0);', c.url);
        }
        const ready = [];
        for (const c of batch) {
          await driver.switchTo().window(c.tab);
          const found = await formFrame(driver, c.url, c.doc, c.i).catch(() => null);
          if (found) ready.push({ ...c, path: found.path });
          else fail(c, [`the frame ${c.doc.formPath ?? 'index.html'} never loaded`]);
        }
        const got = await settleAll(driver, ready);
        for (const [k, c] of ready.entries()) {
          const lines = extensionDifferences(c.s, got[k], await othersOf(driver, c.tab, c.path));
          if (lines.length) fail(c, lines);
        }
      }
      // A person's click through the page's own widget: the verdict follows the new state.
      await driver.switchTo().window(tabs[0]);
      for (const c of cases.map((x, i) => ({ ...x, i })).filter((x) => x.click)) {
        const url = site.url(c.i);
        await driver.get(url);
        const { path } = await formFrame(driver, url, c.doc, c.i);
        const target = [{ tab: tabs[0], path }];
        const [first] = await settleAll(driver, target);
        await (await driver.findElement({ css: `[data-fixture-id="${c.click.id}"]` })).click();
        if (first.summary) {
          await waitFor(async () => (await driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")')) !== first.summary,
            'a new verdict after the click', 5_000).catch(() => {});
        }
        const [got] = await settleAll(driver, target);
        const lines = extensionDifferences(c.click.then, got, await othersOf(driver, tabs[0], path));
        if (lines.length) fail({ ...c, s: c.click.then }, lines);
      }
    } finally {
      site.close();
      for (const tab of tabs.slice(1)) {
        await driver.switchTo().window(tab);
        await driver.close();
      }
      await driver.switchTo().window(tabs[0]);
      await inAddon(driver, 'await browser.storage.local.remove(arguments[0]);', HOST_KEY);
    }
  });
  for (const r of RENDERERS) {
    test(`Firefox: ${r.name} in the extension: ${EXTENSION_STATES.length} states and one click give the oracle's verdict`, () => {
      const list = failures.get(r.name);
      assert.ok(list.length === 0, `\n${list.length} of ${EXTENSION_STATES.length + 1} cases differ:\n${explain(list)}`);
    });
  }
});
