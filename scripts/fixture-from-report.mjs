#!/usr/bin/env node
// A fixture pair from a structure report (docs/field-reports.md):
//
//   node scripts/fixture-from-report.mjs REPORT.json NAME [--out DIR]
//
// writes DIR/NAME.html (default DIR: tests/fixtures), a page rendered from
// the report: every text run and control in the report's page order, in
// markup that shows the eyes what the report says they saw (blocks, lines,
// grid rows and cells, headings, links, explicit labels, hidden parts), each
// withheld text as a stand-in of its length; and DIR/NAME.json, the expected
// result from the report's verdict (page, bound, summary, a mark per judged
// control by `data-fixture-id` "h<handle>"). The verdict is what the
// extension said on the live page: correct NAME.json by hand where that was
// wrong, then file the pair (tests/fixtures/README.md, "From a field report").
//
// The stand-ins come from the checker's engine (dist/www/engine, built by
// scripts/build.sh), so the page says exactly what the checker replays.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const RANK = { pass: 0, warn: 1, incomplete: 2, excess: 3, fail: 4 };
const JUDGED = new Set(['security-level', 'api-user', 'contract']);

/** The checker page's engine, loaded in this process: its wasm-bindgen exports. */
export async function loadEngine(dir = join(REPO, 'dist/www/engine')) {
  const sandbox = { WebAssembly, TextDecoder, TextEncoder, console, URL, Response };
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(join(dir, 'asg.js'), 'utf8'), sandbox, { filename: 'asg.js' });
  // The init argument is made inside the sandbox: the glue tells it by its prototype.
  sandbox.bytes = new Uint8Array(readFileSync(join(dir, 'asg_bg.wasm')));
  await vm.runInContext('wasm_bindgen({ module_or_path: bytes })', sandbox);
  const engine = vm.runInContext('wasm_bindgen', sandbox);
  // The built-in profiles, from the script beside the engine (dist/www/profiles/built-in.js), as the checker page loads them.
  vm.runInContext(readFileSync(join(dir, '..', 'profiles', 'built-in.js'), 'utf8'), sandbox, { filename: 'built-in.js' });
  for (const [file, text] of vm.runInContext('ASG_PROFILES', sandbox)) engine.addBuiltInProfile(file, text);
  return engine;
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function controlHtml(c) {
  const id = `c${c.handle}`;
  const attrs = [`id="${id}"`, `data-fixture-id="h${c.handle}"`];
  if (c.ariaLabel) attrs.push(`aria-label="${esc(c.ariaLabel)}"`);
  if (c.title) attrs.push(`title="${esc(c.title)}"`);
  if (c.disabled) attrs.push('disabled');
  const a = attrs.join(' ');
  let html;
  switch (c.kind) {
    case 'checkbox':
    case 'radio':
      html = c.checked === null || c.checked === undefined
        // A box whose state the page did not show: an image the eyes cannot read.
        ? `<img ${a} src="/assets/img/checkbox_unknown_tick.png" alt="">`
        : `<input type="${c.kind}" name="${id}" ${a}${c.checked ? ' checked' : ''}>`;
      break;
    case 'select': {
      const options = c.options || [];
      if (c.value === null || c.value === undefined) {
        // Unread: a picker whose list is in the page but marks no item and
        // which shows no chosen text (one showing nothing with no list in the
        // page reads as "nothing chosen", not unread).
        const items = (options.length ? options : ['?'])
          .map((o) => `<div class="Item">${esc(typeof o === 'number' ? 'x'.repeat(o) : o)}</div>`).join('');
        html = `<div class="SingleItemSelector2" ${a}><div class="Text"></div><div class="ItemList" style="display:none">${items}</div></div>`;
      } else if (!options.length) {
        // A picker whose list is not in the page: its chosen text only.
        html = `<div class="SingleDataSelector2" ${a}><span>${esc(c.value)}</span></div>`;
      } else {
        const list = options.includes(c.value) ? options : [...options, c.value];
        html = `<select ${a}>${list.map((o) => `<option${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
      }
      break;
    }
    case 'secret':
      html = `<input type="password" ${a} value="${c.filled ? 'xxxxxxxx' : ''}">`;
      break;
    default:
      html = `<input type="text" ${a}${c.hint ? ` placeholder="${esc(c.hint)}"` : ''} value="${esc(c.value ?? '')}">`;
  }
  return c.hidden ? `<span style="display:none">${html}</span>` : html;
}

function textHtml(t) {
  let html = esc(t.text);
  if (t.heading) html = `<b>${html}</b>`;
  if (t.link) html = `<a href="#">${html}</a>`;
  if (t.of !== undefined && t.of !== null) html = `<label for="c${t.of}">${html}</label>`;
  return t.hidden ? `<span style="display:none">${html}</span>` : html;
}

/** The HTML of a format 2 snapshot: page order kept, its hints shown. */
export function renderSnapshot(snapshot) {
  const items = [
    ...snapshot.texts.map((t) => ({ at: t.at, t, html: textHtml(t) })),
    ...snapshot.controls.map((c) => ({ at: c.at, c, html: controlHtml(c) })),
  ].sort((x, y) => x.at - y.at || (x.t ? -1 : 1));
  const of = (i) => i.t || i.c;
  const out = [];
  const done = new Set();
  // A grid: a table of its rows, each cell its items (a row as wide as its `cells`).
  const table = (grid) => {
    const rows = new Map();
    for (const i of items.filter((x) => of(x).grid === grid)) {
      done.add(i);
      const { row, cell } = of(i);
      if (!rows.has(row)) rows.set(row, { cells: new Map(), width: 0 });
      const r = rows.get(row);
      r.width = Math.max(r.width, of(i).cells || 0, (cell ?? 0) + 1);
      const key = cell ?? 0;
      if (!r.cells.has(key)) r.cells.set(key, []);
      r.cells.get(key).push(i);
    }
    const trs = [...rows.keys()].sort((a, b) => a - b).map((k) => {
      const r = rows.get(k);
      const tds = [];
      for (let cell = 0; cell < r.width; cell++) {
        const inside = r.cells.get(cell) || [];
        const look = inside.length ? of(inside[0]).look : '';
        tds.push(`<td class="L${esc(look ?? '')}">${inside.map((x) => x.html).join(' ')}</td>`);
      }
      // An id per row: a list page's panel points at a row (`point` below).
      return `<tr data-fixture-id="g${grid}r${k}">${tds.join('')}</tr>`;
    });
    return `<table class="G${grid}"><tbody>${trs.join('\n')}</tbody></table>`;
  };
  for (let k = 0; k < items.length; k++) {
    const i = items[k];
    if (done.has(i)) continue;
    const it = of(i);
    if (it.grid !== undefined && it.grid !== null) {
      out.push(table(it.grid));
      continue;
    }
    // One line: the consecutive items of one group, a block for each block.
    const line = [];
    for (let j = k; j < items.length && !done.has(items[j]) && (of(items[j]).grid ?? null) === null
      && of(items[j]).group === it.group; j++) {
      line.push(items[j]);
      done.add(items[j]);
    }
    const blocks = [];
    for (const x of line) {
      const last = blocks[blocks.length - 1];
      if (last && last.block === of(x).block) last.parts.push(x.html);
      else blocks.push({ block: of(x).block, look: of(x).look, parts: [x.html] });
    }
    // The line's one child holds its blocks: a line is never read as a div grid's row.
    out.push(`<div class="N"><div>${blocks.map((b) => `<div class="L${esc(b.look ?? '')}">${b.parts.join(' ')}</div>`).join('')}</div></div>`);
  }
  return `<!doctype html>
<html lang="${esc(snapshot.lang || 'en')}">
<head><meta charset="utf-8"><title>${esc(snapshot.title || '')}</title></head>
<body>
<!-- Rendered by scripts/fixture-from-report.mjs from a structure report: stand-ins (x…) are texts the report withheld. -->
${out.join('\n')}
</body>
</html>
`;
}

/** The expected result of the pair: the report's live verdict. */
export function expectedOf(report, snapshot, name, replay = null) {
  const v = report.verdict;
  const spec = { url: `/${name}.html${snapshot.url.includes('?') ? snapshot.url.slice(snapshot.url.indexOf('?')) : ''}`, page: v.page };
  if (JUDGED.has(v.page)) spec.bound = v.bound ? 'yes' : 'no';
  if (v.summary) spec.summary = `${v.summary.passed}/${v.summary.total}`;
  const marks = {};
  if (v.bound) {
    for (const r of v.results) {
      for (const h of r.handles) {
        const id = `h${h}`;
        if (!(id in marks) || RANK[r.outcome] > RANK[marks[id]]) marks[id] = r.outcome;
      }
    }
  }
  // A result judged live from a value the report withholds: the page shows
  // a stand-in, so the pair expects what the engine says of that (the
  // replay's outcome), and says so in `notes`.
  const withheld = replay ? replay.differences.filter((d) => d.because === 'value') : [];
  for (const d of withheld) {
    for (const h of d.handles) {
      const mine = replay.report.results.filter((r) => r.handles.includes(h));
      if (!mine.length) delete marks[`h${h}`];
      else marks[`h${h}`] = mine.reduce((worst, r) => (RANK[r.outcome] > RANK[worst] ? r.outcome : worst), 'pass');
    }
  }
  if (withheld.length) {
    const sum = replay.report.summary;
    if (sum) spec.summary = `${sum.passed}/${sum.total}`;
    spec.notes = withheld.map((d) => `${d.rule} on h${d.handles.join(', h')}: ${d.live || 'not judged'} live, from a value the report withholds; ${d.replayed || 'not judged'} on this page's stand-in`);
  }
  if (Object.keys(marks).length) spec.marks = marks;
  // Where a list page's panel points: the row showing the pointed text
  // (the engine's own replay says which text).
  const point = replay && replay.report && replay.report.point;
  if (point) {
    const norm = (x) => String(x).replace(/\s+/g, ' ').trim().toLowerCase();
    const run = snapshot.texts.find((t) => typeof t.text === 'string' && norm(t.text) === norm(point.text));
    if (run && run.grid !== undefined && run.grid !== null) spec.point = `g${run.grid}r${run.row}`;
  }
  // What the extension remembered for the host, as far as the report shows it.
  const valueOf = (handle) => (snapshot.controls.find((c) => c.handle === handle) || {}).value;
  if (v.page === 'api-user' && report.context.rememberedLevel) {
    const level = v.results.find((r) => r.rule === 'user-security-level' && r.outcome === 'pass');
    if (level && level.handles.length === 1) spec.rememberedLevel = valueOf(level.handles[0]);
  }
  if (v.page === 'contract' && v.bound) {
    const remember = {};
    if (/contractid=/i.test(snapshot.url)) remember.contractIds = ['0'];
    else {
      const name = snapshot.controls.find((c) => c.kind === 'text' && snapshot.texts.some((t) => t.of === c.handle && /^contract name$/i.test(t.text.trim())));
      if (name && name.value) remember.contractNames = [name.value];
    }
    if (report.context.dateFormat) remember.dateFormat = report.context.dateFormat;
    if (report.context.invoice) remember.invoice = report.context.invoice;
    spec.remember = remember;
  }
  spec.fromReport = { extension: report.extension, engine: report.engine, path: report.path, profile: report.profile };
  return spec;
}

/** The pair for a report's text: { html, spec }. Throws the engine's sentence on a bad report. */
export function fixtureFrom(engine, text, name) {
  const report = JSON.parse(text);
  const snapshot = JSON.parse(engine.structureSnapshot(text));
  const replay = JSON.parse(engine.replayStructureReport(text));
  return { html: renderSnapshot(snapshot), spec: expectedOf(report, snapshot, name, replay) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? resolve(args.splice(outAt, 2)[1]) : join(REPO, 'tests/fixtures');
  const [file, name] = args;
  if (!file || !name || !/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(name)) {
    console.error('usage: node scripts/fixture-from-report.mjs REPORT.json NAME [--out DIR]  (NAME like field/acme-level)');
    process.exit(2);
  }
  try {
    const engine = await loadEngine();
    const { html, spec } = fixtureFrom(engine, readFileSync(file, 'utf8'), name);
    const base = join(out, name);
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.html`, html);
    writeFileSync(`${base}.json`, `${JSON.stringify(spec, null, 2)}\n`);
    console.log(`wrote ${base}.html and ${base}.json (${spec.page}${spec.summary ? ` ${spec.summary}` : ''}); check the expected result by hand before filing it`);
  } catch (err) {
    console.error(`fixture-from-report: ${err && err.message ? err.message : err}`);
    process.exit(1);
  }
}
