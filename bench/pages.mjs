// The benchmark's pages: fixtures as they are, and synthetic ones made from
// the full security level fixture by repeating every section's content with
// fresh labels and ids (the level's own named controls stay unique, so the
// page is still judged as a security level).
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../tests/fixtures/', import.meta.url);
export const BASE = 'security-level/classic-all-correct';

const fixtureHtml = (name) => readFileSync(new URL(`${name}.html`, FIXTURES), 'utf8');

// `copies` extra copies of each section's content inside that section.
export function enlarged(copies) {
  const html = fixtureHtml(BASE);
  return html.replace(/(<div class="Content">)([\s\S]*?)(\n {8}<\/div>\n {6}<\/div>)/g, (all, open, body, close) => {
    let out = body;
    for (let k = 1; k <= copies; k++) {
      out += body
        .replace(/ data-fixture-id="[^"]*"/g, '')
        .replace(/\b(id|for|name)="(z[0-9a-f]{32})"/g, `$1="$2c${k}"`)
        .replace(/(<label[^>]*>)([^<]+)(<\/label>)/g, `$1Copy ${k} of $2$3`)
        .replace(/(<td class="RowName">)([^<]+)(<\/td>)/g, `$1Copy ${k} of $2$3`);
    }
    return open + out + close;
  });
}

// Each page: a name, its address, and (for synthetic ones) its markup.
export const PAGES = [
  { name: 'security level (fixture)', path: `/${BASE}.html` },
  { name: 'security level x10 (synthetic)', path: '/bench/x10.html', html: () => enlarged(9) },
  { name: 'security level ~3,000 controls', path: '/bench/x52.html', html: () => enlarged(51) },
  { name: '10,000 unrelated checkboxes', path: '/hostile/unrelated-checkboxes.html' },
  // A level with a table of unrelated rows (name, checkbox, dropdown) at
  // doubling sizes, so the snapshot's cost per 1,000 controls shows whether
  // it grows linearly. axe-core is left out (minutes on these pages), so is the
  // re-verify after a toggle, and each is checked at most 3 times.
  ...[1000, 2000, 4000, 8000, 16000].map((rows) => ({
    name: `table of ${rows.toLocaleString('en')} rows`,
    path: `/hostile/table-rows.html?rows=${rows}`,
    series: rows,
    axe: false,
    toggles: false,
    runs: 3,
  })),
  // The New API User page, judged against the level the extension remembers
  // for the host (as after the admin checked the level); the toggle is Locked.
  {
    name: 'API user page (fixture)',
    path: '/api-user/classic-new-correct.html',
    rememberedLevel: 'Rhipe Integration',
    toggle: 'input[data-fixture-id="locked"]',
  },
];
