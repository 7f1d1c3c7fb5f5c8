// Prints each built engine's wasm size, raw and gzipped (level 9, as
// scripts/build.sh measures it against the budgets), and with --functions N
// the N largest functions of the root crate's last cargo build (before
// wasm-opt, with its name section; scripts/build.sh builds the checker's
// last, so build the page engine alone to see its own), to see where the
// bytes go.
//   bash scripts/build.sh && node bench/engine-sizes.mjs [--functions 30]
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const ENGINES = [
  ['page engine (extension, every check)', 'target/asg-engine/asg_bg.wasm'],
  ['reports (extension, on a verdict or on request)', 'target/asg-reports/asg_reports_bg.wasm'],
  ['live check (extension and checker, when one runs)', 'target/asg-live/asg_live_bg.wasm'],
  ['checker page engine', 'target/asg-engine-checker/asg_bg.wasm'],
];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = ENGINES.map(([what, file]) => {
  const path = root + file;
  if (!existsSync(path)) return [what, 'not built', '', file];
  const bytes = readFileSync(path);
  return [what, kb(bytes.length), kb(gzipSync(bytes, { level: 9 }).length), file];
});
const header = ['engine', 'raw', 'gzipped', 'file'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
rows.forEach((r) => console.log(line(r)));

// The largest functions: the code section's bodies, named by the name section.
const at = process.argv.indexOf('--functions');
if (at > 0) {
  const count = Number(process.argv[at + 1]) || 30;
  const b = readFileSync(root + 'target/wasm32-unknown-unknown/release/autotask_setup_guard.wasm');
  let p = 8;
  const leb = () => { let r = 0; let s = 0; let x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  const name = () => { const n = leb(); const t = b.subarray(p, p + n).toString(); p += n; return t; };
  let imported = 0;
  const sizes = [];
  const names = new Map();
  while (p < b.length) {
    const id = b[p++];
    const end = leb() + p;
    if (id === 2) { // imports: functions count before the bodies
      for (let n = leb(); n > 0; n--) {
        name(); name();
        const kind = b[p++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { p++; if (b[p++] & 1) { leb(); } leb(); } else if (kind === 2) { if (b[p++] & 1) { leb(); } leb(); } else p += 2;
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) { const s = leb(); sizes.push(s); p += s; }
    } else if (id === 0 && name() === 'name') {
      while (p < end) {
        const sub = b[p++];
        const subEnd = leb() + p;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const i = leb(); names.set(i, name()); }
        p = subEnd;
      }
    }
    p = end;
  }
  console.log(`\nThe ${count} largest functions of the root crate's last cargo build (bytes of code, before wasm-opt):`);
  sizes.map((s, i) => [s, names.get(i + imported) ?? `#${i + imported}`]).sort((x, y) => y[0] - x[0]).slice(0, count)
    .forEach(([s, n]) => console.log(`${String(s).padStart(7)}  ${n.slice(0, 140)}`));
}
