// The structure report end to end (docs/field-reports.md), for every
// fixture pair: the built extension judges the page, its popup's way in
// opens the preview of the structure report in the frame holding the form;
// the report carries the extension's live verdict; the checker page replays
// it to that verdict; and scripts/fixture-from-report.mjs turns it into a
// pair that the extension passes. Bad files are refused by the checker,
// which keeps the result it showed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LANE_HOSTS, useBrowser } from './browser.mjs';
import { fixtures } from './fixtures.mjs';
import {
  askStructureReport, badFieldReports, expectFieldReport, expectMadePair, expectReplay, madePairApplies, fieldReportTitle, hostSettings,
} from './scenarios.mjs';
import { assertNone, differences, settle } from './outcome.mjs';
import { serveStatic } from './server.mjs';
import { fixtureFrom, loadEngine } from '../../scripts/fixture-from-report.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const WWW = fileURLToPath(new URL('../../dist/www/', import.meta.url));
const browser = useBrowser();
let checker;
let engine;
before(async () => {
  checker = await serveStatic(WWW);
  engine = await loadEngine(join(WWW, 'engine'));
});
after(() => checker?.close());

const worker = async () => browser.context.serviceWorkers()[0] ?? browser.context.waitForEvent('serviceworker');

// What the extension remembers for `host` (its storage key is per host).
async function remember(spec, host = 'ww5.autotask.net') {
  const settings = hostSettings(spec);
  await (await worker()).evaluate(([key, value]) => (value
    ? chrome.storage.local.set({ [key]: value })
    : chrome.storage.local.remove(key)), [`host:${host}`, settings]);
}

// What the popup's button does: the frame with the most controls opens the preview.
async function askForReport(page) {
  const url = page.url();
  await (await worker()).evaluate(askStructureReport, url);
  for (let i = 0; i < 100; i++) {
    for (const frame of page.frames()) {
      const area = frame.locator('[data-testid="asg-field-text"]');
      if (await area.count()) return { frame, text: await area.inputValue() };
    }
    await page.waitForTimeout(100);
  }
  throw new Error('no structure report preview appeared');
}

// The checker page given `text` as a file; `page` is loaded first unless it
// already shows the checker (its engine then loads once for many reports).
async function replayInChecker(page, text, name = 'report.json') {
  if (!page.url().startsWith(`http://127.0.0.1:${checker.port}/`)) {
    await page.goto(`http://127.0.0.1:${checker.port}/index.html`);
    await page.locator('[data-testid="engine-status"][data-state="ready"]').waitFor();
  }
  const before = await page.locator('[data-testid="file-status"]').getAttribute('data-run');
  await page.locator('[data-testid="file-input"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((was) => {
    const s = document.querySelector('[data-testid="file-status"]');
    return s.dataset.run && s.dataset.run !== was;
  }, before);
  return page;
}

// Lanes: each fixture runs on an Autotask host of its own lane, so that
// four run side by side without one's remembered settings reaching another's
// page; each lane keeps one checker page for its replays.
const lanes = LANE_HOSTS.map((host) => ({ host, checker: null }));
const free = [...lanes];
const waiting = [];
async function inLane(fn) {
  const lane = free.shift() ?? await new Promise((resolve) => waiting.push(resolve));
  try {
    return await fn(lane);
  } finally {
    const next = waiting.shift();
    if (next) next(lane); else free.push(lane);
  }
}

describe('a structure report of every fixture page', { concurrency: lanes.length }, () => {
  for (const { name, spec, url } of fixtures) {
    test(fieldReportTitle(name), () => inLane((lane) => browser.withPage(async (page) => {
      const origin = `https://${lane.host}`;
      await remember(spec, lane.host);
      await page.goto(origin + url);
      const form = spec.frame === 'iframe' ? page.mainFrame().childFrames()[0] : page.mainFrame();
      assertNone(await differences(form, spec, name));
      const { frame, text } = await askForReport(page);
      assert.equal(frame, form, `${name}: the preview opened in another frame than the form's`);
      // ASG_FIELD_REPORT_DIR=dir keeps each report, to read or to try the script on.
      if (process.env.ASG_FIELD_REPORT_DIR) {
        writeFileSync(join(process.env.ASG_FIELD_REPORT_DIR, `${name.replace(/\//g, '-')}.json`), text);
      }
      expectFieldReport(text, spec, name, lane.host);

      lane.checker ??= await browser.context.newPage();
      const c = lane.checker;
      await replayInChecker(c, text);
      const replay = c.locator('[data-testid="replay"]');
      const list = c.locator('[data-testid="replay-differences"]');
      expectReplay({
        explained: await replay.getAttribute('data-explained'),
        same: await replay.getAttribute('data-same'),
        live: await c.locator('[data-testid="replay-live"]').getAttribute('data-summary'),
        kind: await c.locator('[data-testid="page-kind"]').getAttribute('data-kind'),
        why: (await list.count()) ? await list.textContent() : '',
      }, spec, name);

      // The pair written from the report: the extension gives its verdict.
      if (!madePairApplies(spec)) return;
      const made = `field/${name.replace(/\//g, '-')}`;
      const pair = fixtureFrom(engine, text, made);
      expectMadePair(pair);
      const g = await browser.context.newPage();
      try {
        // The page's own route, gone with it (lanes run side by side).
        await g.route(`${origin}/${made}.html*`, (route) => route.fulfill({ contentType: 'text/html', body: pair.html }));
        await remember(pair.spec, lane.host);
        await g.goto(origin + pair.spec.url);
        const lines = await differences(g.mainFrame(), pair.spec, made);
        // Dates a contract's report keeps are counted from the day it was made, as here.
        assertNone(lines);
      } finally {
        await g.close();
      }
    })));
  }
});

test('the checker refuses a bad structure report and keeps what it showed', () => browser.withPage(async (page) => {
  const { spec, url } = fixtures.find((f) => f.name === 'security-level/classic-deviations');
  await remember(spec);
  await page.goto(AUTOTASK + url);
  await settle(page.mainFrame());
  const { text } = await askForReport(page);
  const c = await replayInChecker(await browser.context.newPage(), text);
  try {
    for (const [file, body, says] of badFieldReports(text)) {
      await replayInChecker(c, text);
      const good = await c.locator('[data-testid="result"]').innerHTML();
      assert.ok(good.includes('replay'), 'the good report was not shown');
      const before = await c.locator('[data-testid="file-status"]').getAttribute('data-run');
      await c.locator('[data-testid="file-input"]').setInputFiles({ name: file, mimeType: 'application/json', buffer: Buffer.from(body) });
      await c.waitForFunction((was) => document.querySelector('[data-testid="file-status"]').dataset.run !== was, before);
      const status = c.locator('[data-testid="file-status"]');
      assert.equal(await status.getAttribute('data-state'), 'error', file);
      assert.match(await status.textContent(), new RegExp(says), file);
      assert.equal(await c.locator('[data-testid="result"]').innerHTML(), good, `${file}: the result shown changed`);
    }
  } finally {
    await c.close();
  }
}));

test('the popup offers the structure report on an Autotask page, and the panel on request', () => browser.withPage(async (page) => {
  const { spec, url } = fixtures.find((f) => f.name === 'security-level/current-ui-unreadable');
  await remember(spec);
  await page.goto(AUTOTASK + url);
  await settle(page.mainFrame());
  // A judged control that could not be read: the offer, and the panel's button.
  await page.locator('[data-testid="asg-field-offer"][data-reason="unreadable-control"]').waitFor();
  await page.locator('[data-testid="asg-structure-report"]').click();
  const area = page.locator('[data-testid="asg-field-text"]');
  await area.waitFor();
  assert.equal(JSON.parse(await area.inputValue()).verdict.summary.total, 55);
  await page.locator('[data-testid="asg-field-close"]').click();
  assert.equal(await area.count(), 0);
  const id = new URL((await worker()).url()).host;
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${id}/popup/popup.html`);
    // The popup's tab is itself here; it shows the button only for a tab with Autotask frames.
    assert.equal(await popup.locator('[data-testid="popup-structure-report"]').isHidden(), true);
  } finally {
    await popup.close();
  }
}));
