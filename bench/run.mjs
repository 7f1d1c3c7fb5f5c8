// The benchmark: the built extension (dist/chrome) in headless Chromium on
// each page of bench/pages.mjs, side by side with axe-core's default rules
// on the same page in the same run. Prints medians; asserts nothing.
//   scripts/build.sh && node bench/run.mjs [runs] [page name filter]
// Our timings come from the content script's own User Timing entries
// (asg:snapshot, asg:snapshot-slice, asg:engine, asg:draw, asg:check; see content.js), read by
// a PerformanceObserver the benchmark puts in the page.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/browser.mjs';
import { startServer } from '../tests/e2e/server.mjs';
import { PAGES } from './pages.mjs';

const RUNS = Number(process.argv[2]) || 9;
const AUTOTASK = 'https://ww5.autotask.net';
const AXE = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));
const SNAPSHOT_JS = fileURLToPath(new URL('../dist/harness/snapshot.js', import.meta.url));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

// In the page before its scripts: collect our entries and long tasks.
function observe() {
  window.__bench = { measures: [], longtasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name.startsWith('asg:')) window.__bench.measures.push({ name: e.name, ms: e.duration, at: e.startTime });
  }).observe({ type: 'measure' });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longtasks.push({ ms: e.duration, at: e.startTime });
    }).observe({ type: 'longtask' });
  } catch { /* no long task timing in this browser */ }
}

// Waits for the next completed check (its asg:check entry) after `before` entries.
async function nextCheck(page, before, timeout = 180_000) {
  await page.waitForFunction((n) => window.__bench.measures.filter((m) => m.name === 'asg:check').length > n, before, { timeout, polling: 20 });
  // The other parts are recorded in the same task, before asg:check.
  return page.evaluate(() => {
    const m = window.__bench.measures;
    const last = (name) => m.filter((x) => x.name === name).at(-1).ms;
    return {
      check: last('asg:check'), snapshot: last('asg:snapshot'), slice: last('asg:snapshot-slice'), engine: last('asg:engine'), draw: last('asg:draw'),
    };
  });
}
const checksSoFar = (page) => page.evaluate(() => window.__bench.measures.filter((m) => m.name === 'asg:check').length);

// Lets the content script's debounce and any late work pass.
const quiet = (page) => page.waitForTimeout(400);

const HOST_KEY = 'host:ww5.autotask.net';
const TOGGLE = '.SecurityAreas input[type=checkbox], .NotificationMatrix input[type=checkbox]';

// The extension's worker as it runs now (a cold start replaces it).
const currentWorker = async (context) => context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker', { timeout: 10_000 });

// Cold starts: the worker stopped (as Chrome stops it after 30 s idle, here
// through CDP), then a check. Each run gives the page's whole check and where
// its time went, on one clock (each side's timeOrigin + its entries): the
// page's snapshot, the browser starting the worker (message sent → the
// worker's script runs), the worker's own entries of that start
// (extension/background.js: importing the glue and the profiles' script,
// compiling the wasm as it is fetched, instantiating it, handing the
// profiles over, the first engine call with its profile's parse), and the rest
// (the answer's way back and the draw).
const COLD_PARTS = ['asg:worker-imports', 'asg:wasm-compile', 'asg:wasm-instantiate', 'asg:profiles-given', 'asg:first-wait', 'asg:first-engine'];
async function coldStarts(context, page, runs) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const out = [];
  for (let i = 0; i < runs; i++) {
    const old = context.serviceWorkers()[0];
    const gone = old ? new Promise((resolve) => old.once('close', resolve)) : Promise.resolve();
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([gone, page.waitForTimeout(5_000)]);
    const n = await checksSoFar(page);
    await page.evaluate(() => document.body.dispatchEvent(new Event('input', { bubbles: true })));
    const check = await nextCheck(page, n);
    // The check's own entries on the epoch clock: when it began, when it sent the snapshot, when the answer came.
    const at = await page.evaluate(() => {
      const m = window.__bench.measures;
      const last = (name) => m.filter((x) => x.name === name).at(-1);
      const engine = last('asg:engine');
      return { origin: performance.timeOrigin, sent: engine.at, answered: engine.at + engine.ms };
    });
    const worker = await currentWorker(context);
    const parts = await worker.evaluate((names) => ({
      origin: performance.timeOrigin,
      importsAt: (performance.getEntriesByName('asg:worker-imports', 'measure').at(-1) || {}).startTime,
      ...Object.fromEntries(names.map((name) => {
        const entry = performance.getEntriesByName(name, 'measure').at(-1);
        return [name, entry ? entry.duration : NaN];
      })),
    }), COLD_PARTS);
    const sent = at.origin + at.sent;
    // The browser's part: from the message sent to the worker's first line.
    const workerStart = parts.origin + (parts.importsAt ?? NaN) - sent;
    const { origin, importsAt, ...named } = parts;
    out.push({ check: check.check, snapshot: check.snapshot, engine: check.engine, draw: check.draw, 'worker-start': workerStart, ...named });
    await quiet(page);
  }
  await cdp.detach();
  return out;
}

// A page that is none of ours: what the content script costs its main
// thread. The same markup is opened at the Autotask address (content
// scripts run) and at an address they never run on (the baseline); the page
// has no script of its own, so the difference in the renderer's main-thread
// task time (CDP Performance.getMetrics, TaskDuration) is ours: at load,
// and over a few page changes after it (a note added, as a live ticket
// page does). Also whether a full snapshot was taken (asg:snapshot).
const ELSEWHERE = 'https://not-autotask.example';
async function mainThreadOf(context, url, changes) {
  const page = await context.newPage();
  await page.addInitScript(observe);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value * 1000;
  await page.goto(url);
  // The content script's start, its first look and any answer.
  await page.waitForTimeout(1500);
  const load = await metric('TaskDuration');
  for (let i = 0; i < changes; i++) {
    await page.evaluate((k) => {
      const note = document.createElement('div');
      note.className = 'ActivityItem';
      note.textContent = `Note added ${k}: the customer confirmed it works.`;
      document.querySelector('.Activity').prepend(note);
    }, i);
    await page.waitForTimeout(600);
  }
  const after = await metric('TaskDuration');
  const seen = await page.evaluate(() => ({
    snapshots: window.__bench.measures.filter((m) => m.name === 'asg:snapshot').length,
    surveys: window.__bench.measures.filter((m) => m.name === 'asg:survey').length,
    verdict: document.documentElement.getAttribute('data-asg-page'),
  }));
  await cdp.detach();
  await page.close();
  return { load, changes: after - load, ...seen };
}

async function benchTicket(context, spec) {
  const runs = Math.min(RUNS, spec.runs ?? RUNS);
  const CHANGES = 3;
  const ours = [];
  const base = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await mainThreadOf(context, AUTOTASK + spec.path, CHANGES));
    base.push(await mainThreadOf(context, ELSEWHERE + spec.path, CHANGES));
  }
  const pick = (rows, key) => median(rows.map((r) => r[key]));
  return {
    name: spec.name,
    ticket: true,
    controls: 0,
    summary: ours.at(-1).verdict,
    mainThreadLoad: pick(ours, 'load') - pick(base, 'load'),
    mainThreadChanges: (pick(ours, 'changes') - pick(base, 'changes')) / CHANGES,
    snapshots: Math.max(...ours.map((r) => r.snapshots)),
    surveys: Math.max(...ours.map((r) => r.surveys)),
    changes: CHANGES,
  };
}

async function benchPage(context, spec) {
  if (spec.ticket) return benchTicket(context, spec);
  const worker = await currentWorker(context);
  // What the extension remembers for the host: the page's level, or nothing.
  await worker.evaluate(([key, level]) => (level
    ? chrome.storage.local.set({ [key]: { level } })
    : chrome.storage.local.remove(key)), [HOST_KEY, spec.rememberedLevel ?? null]);
  const page = await context.newPage();
  await page.addInitScript(observe);
  await page.goto(AUTOTASK + spec.path);
  await nextCheck(page, 0);
  await quiet(page);
  const summary = await page.evaluate(() => document.documentElement.getAttribute('data-asg-summary'));
  const controls = await page.evaluate(() => document.querySelectorAll('input, select, textarea').length);

  // Full checks: a change of the page's structure (a hidden text of the
  // bench's own, new each time) makes the content script read and send the
  // whole page; a change of control states alone would be a re-verify.
  const runs = Math.min(RUNS, spec.runs ?? RUNS);
  const restructure = (i) => page.evaluate((k) => {
    let mark = document.getElementById('asg-bench-mark');
    if (!mark) {
      mark = document.createElement('span');
      mark.id = 'asg-bench-mark';
      mark.hidden = true;
      document.body.append(mark);
    }
    mark.textContent = `bench mark ${k}`;
    document.body.dispatchEvent(new Event('input', { bubbles: true }));
  }, i);
  const full = [];
  for (let i = 0; i < runs + 1; i++) {
    const n = await checksSoFar(page);
    await restructure(i);
    const row = await nextCheck(page, n);
    // The first adds the mark: a page of one text more from then on.
    if (i > 0) full.push(row);
    await quiet(page);
  }
  // Re-verify after one toggle of a judged checkbox (back and forth).
  const toggles = [];
  for (let i = 0; i < (spec.toggles === false ? 0 : runs); i++) {
    const n = await checksSoFar(page);
    await page.evaluate((selector) => document.querySelector(selector).click(), spec.toggle ?? TOGGLE);
    toggles.push(await nextCheck(page, n));
    await quiet(page);
  }
  // Long tasks from our first check on: the page's own loading (parsing a
  // large page is a long task of its own) is not ours.
  const longtasks = await page.evaluate(() => {
    const first = Math.min(...window.__bench.measures.map((m) => m.at));
    return window.__bench.longtasks.filter((t) => t.at >= first).map((t) => t.ms);
  });

  // The engine alone, in the worker, on the same snapshot the eyes take.
  await page.addScriptTag({ path: SNAPSHOT_JS });
  const snapshot = await page.evaluate(() => JSON.stringify(globalThis.AsgSnapshot.take(document, 1).snapshot));
  // The snapshot in one go (no pauses), and how many controls it holds.
  const taken = await page.evaluate((n) => {
    const times = [];
    let controls = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      controls = globalThis.AsgSnapshot.take(document, 1).snapshot.controls.length;
      times.push(performance.now() - t0);
    }
    return { times, controls };
  }, runs);
  const engineAlone = await worker.evaluate(({ snap, runs, level }) => {
    const ctx = JSON.stringify({ judgeAnyLevel: true, rememberedLevel: level });
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      // The glue declares `let wasm_bindgen` (global scope, not a property).
      JSON.parse(wasm_bindgen.checkPage(snap, ctx)); // eslint-disable-line no-undef
      times.push(performance.now() - t0);
    }
    return times;
  }, { snap: snapshot, runs, level: spec.rememberedLevel ?? null });

  // axe-core's default rules on the same page.
  await page.addScriptTag({ path: AXE });
  const axe = [];
  // One run is enough where axe-core takes many seconds (minutes on 10,000 controls).
  for (let i = 0; i < RUNS && spec.axe !== false && !(axe[0] > 10_000); i++) {
    axe.push(await page.evaluate(async () => {
      const t0 = performance.now();
      await globalThis.axe.run(document);
      return performance.now() - t0;
    }));
  }
  // Last: it replaces the worker the steps above used.
  const cold = spec.cold === false ? [] : await coldStarts(context, page, Math.min(runs, 3));
  await page.close();
  const pick = (rows, key) => median(rows.map((r) => r[key]));
  return {
    name: spec.name,
    series: spec.series ?? null,
    controls,
    snapshotControls: taken.controls,
    takeInOneGo: median(taken.times),
    summary,
    snapshotKB: Math.round(snapshot.length / 1024),
    check: pick(full, 'check'),
    snapshot: pick(full, 'snapshot'),
    engineAndMessaging: pick(full, 'engine'),
    engineAlone: median(engineAlone),
    draw: pick(full, 'draw'),
    reverify: pick(toggles, 'check'),
    longestBlock: Math.max(...full.concat(toggles).flatMap((r) => [r.slice, r.draw])),
    longestLongTask: longtasks.length ? Math.max(...longtasks) : 0,
    axe: median(axe),
    cold: pick(cold, 'check'),
    coldEngine: pick(cold, 'engine'),
    coldParts: Object.fromEntries(['snapshot', 'worker-start', ...COLD_PARTS, 'draw'].map((name) => [name, pick(cold, name)])),
  };
}

const server = await startServer();
const browser = await launch(server.port);
try {
  const { context } = browser;
  const routeBench = (route) => {
    const spec = PAGES.find((p) => route.request().url().endsWith(p.path));
    return spec && spec.html
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: spec.html() })
      : route.fulfill({ status: 404, body: 'no such bench page' });
  };
  await context.route(`${AUTOTASK}/bench/**`, routeBench);
  await context.route(`${ELSEWHERE}/bench/**`, routeBench);
  let rows = [];
  for (const spec of PAGES.filter((p) => !process.argv[3] || p.name.includes(process.argv[3]))) {
    process.stderr.write(`bench: ${spec.name}…\n`);
    const row = await benchPage(context, spec);
    rows.push(row);
    if (row.ticket) continue;
    process.stderr.write(`bench: ${spec.name}: snapshot in one go ${row.takeInOneGo.toFixed(1)} ms for ${row.snapshotControls} controls (${(row.takeInOneGo / (row.snapshotControls / 1000)).toFixed(2)} ms per 1,000), check ${row.check.toFixed(1)} ms\n`);
  }
  const f = (ms) => (Number.isFinite(ms) ? ms.toFixed(1) : '-');
  const tickets = rows.filter((r) => r.ticket);
  rows = rows.filter((r) => !r.ticket);
  const base = rows[0];
  console.log(`\nAutotask Setup Guard benchmark: medians of ${RUNS} runs, ms (Chromium headless; ${cpus().length} × ${cpus()[0]?.model.trim()})`);
  console.log('check = snapshot + engine&messaging + draw; snapshot is read in slices (pauses included), draw is one synchronous block; longest block = the longest snapshot slice or draw');
  const header = ['page', 'controls', 'verdict', 'snapshot KB', 'check', 'snapshot', 'engine+msg', 'engine alone', 'draw', 're-verify', 'cold start', 'longest block', 'longest long task', 'axe-core', 'ours/axe', 'check / fixture'];
  const table = rows.map((r) => [
    r.name, String(r.controls), r.summary ?? '-', String(r.snapshotKB), f(r.check), f(r.snapshot), f(r.engineAndMessaging), f(r.engineAlone), f(r.draw),
    f(r.reverify), f(r.cold), f(r.longestBlock), r.longestLongTask ? f(r.longestLongTask) : 'none', f(r.axe), (r.check / r.axe).toFixed(3), `${(r.check / base.check).toFixed(1)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  table.forEach((row) => console.log(line(row)));

  // Linearity: the snapshot's cost per 1,000 controls at each size of the
  // table series; flat numbers mean a linear snapshot.
  const series = rows.filter((r) => r.series);
  if (series.length) {
    console.log('\nSnapshot cost per 1,000 controls (the table series; controls as the snapshot counts them):');
    const per = (ms, r) => (ms / (r.snapshotControls / 1000)).toFixed(2);
    const sHeader = ['rows', 'controls', 'snapshot in one go', 'per 1,000 controls', 'snapshot in a check (sliced)', 'per 1,000 controls', 'check'];
    const sTable = series.map((r) => [r.series.toLocaleString('en'), String(r.snapshotControls), f(r.takeInOneGo), per(r.takeInOneGo, r), f(r.snapshot), per(r.snapshot, r), f(r.check)]);
    const sWidths = sHeader.map((h, i) => Math.max(h.length, ...sTable.map((row) => row[i].length)));
    const sLine = (cells) => `| ${cells.map((c, i) => c.padEnd(sWidths[i])).join(' | ')} |`;
    console.log(sLine(sHeader));
    console.log(`|${sWidths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    sTable.forEach((row) => console.log(sLine(row)));
    const big = series.find((r) => r.series === 16000);
    if (big) console.log(`- 16,000 rows snapshot (in one go) ≤ 1 s: ${big.takeInOneGo <= 1000 ? 'met' : 'MISSED'} (${f(big.takeInOneGo)} ms)`);
  }

  // Where a cold start's time goes (medians of each part).
  const colds = rows.filter((r) => Number.isFinite(r.cold));
  if (colds.length) {
    console.log('\nCold start (worker stopped → first verdict), where the time goes (ms). worker start = the browser starting the stopped worker (message sent → its first line);');
    console.log('compile = the wasm compiled as it is fetched; imports include the profiles\' script; first wait = from the message\'s arrival to the engine ready with the storage read; first engine call = the check, its profile parsed:');
    const names = ['snapshot', 'worker-start', ...COLD_PARTS, 'draw'];
    const cHeader = ['page', 'cold check', 'warm check', 'cold / warm', 'engine+msg', 'snapshot', 'worker start', 'imports', 'compile', 'instantiate', 'profiles given', 'first wait', 'first engine call', 'draw', 'engine alone (warm)'];
    const cTable = colds.map((r) => [r.name, f(r.cold), f(r.check), `${(r.cold / r.check).toFixed(1)}x`, f(r.coldEngine ?? NaN), ...names.map((name) => f(r.coldParts[name])), f(r.engineAlone)]);
    const cWidths = cHeader.map((h, i) => Math.max(h.length, ...cTable.map((row) => row[i].length)));
    const cLine = (cells) => `| ${cells.map((c, i) => c.padEnd(cWidths[i])).join(' | ')} |`;
    console.log(cLine(cHeader));
    console.log(`|${cWidths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    cTable.forEach((row) => console.log(cLine(row)));
  }

  // Pages that are none of ours: the content script's main-thread time there.
  for (const r of tickets) {
    console.log(`\n${r.name}: our main-thread time ${f(r.mainThreadLoad)} ms at load, ${f(r.mainThreadChanges)} ms per page change (${r.changes} changes); full snapshots taken: ${r.snapshots}, surveys: ${r.surveys}; verdict: ${r.summary ?? r.verdict ?? '-'}`);
  }

  const x10 = rows.find((r) => r.name.includes('x10'));
  // Issue 21's targets, per row (reported, never asserted): messaging is
  // the worker's answer less the engine's own time (engine+msg − engine alone).
  console.log('\nTargets (issue 21; reported, not asserted), per page:');
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  for (const r of rows) {
    const messaging = r.engineAndMessaging - r.engineAlone;
    const goals = [
      [`check ≤ 16 ms`, r.check <= 16, f(r.check)],
      [`messaging ≤ 3 ms`, messaging <= 3, f(messaging)],
      [`longest block ≤ 16 ms`, r.longestBlock <= 16, f(r.longestBlock)],
    ];
    if (Number.isFinite(r.reverify)) goals.push([`re-verify ≤ 1/3 of a check`, r.reverify <= r.check / 3, `${f(r.reverify)} vs ${f(r.check)}`]);
    if (Number.isFinite(r.cold)) goals.push([`cold start ≤ 2x a warm check`, r.cold <= 2 * r.check, `${f(r.cold)} vs ${f(r.check)}`]);
    if (Number.isFinite(r.axe)) goals.push([`ours ≤ 1/20 of axe-core`, r.check <= r.axe / 20, (r.check / r.axe).toFixed(3)]);
    if (r === x10) goals.push([`within 12x of the fixture`, r.check <= 12 * base.check, `${(r.check / base.check).toFixed(1)}x`]);
    const met = goals.filter(([, ok]) => ok).length;
    console.log(`- ${r.name} (${met}/${goals.length} met): ${goals.map(([what, ok, value]) => `${what} ${verdict(ok)} (${value})`).join('; ')}`);
  }
  for (const r of tickets) {
    const goals = [
      ['main thread ≤ 2 ms at load and per change', r.mainThreadLoad <= 2 && r.mainThreadChanges <= 2, `${f(r.mainThreadLoad)} at load, ${f(r.mainThreadChanges)} per change`],
      ['no full snapshot', r.snapshots === 0, `${r.snapshots} taken`],
    ];
    const met = goals.filter(([, ok]) => ok).length;
    console.log(`- ${r.name} (${met}/${goals.length} met): ${goals.map(([what, ok, value]) => `${what} ${verdict(ok)} (${value})`).join('; ')}`);
  }
} finally {
  await browser.close();
  await server.close();
}
