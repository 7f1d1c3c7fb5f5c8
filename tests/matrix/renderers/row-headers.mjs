// An accessibility-minded page under a strict Content-Security-Policy
// (`default-src 'none'; style-src 'self'`: no inline script or style, so no
// `style=` either): every area is a <details> whose <summary> holds an <h2>
// (a collapsed area is a closed <details>); every control sits in a table
// row whose name is a `<th scope=row>`; the matrix has a <thead> whose
// header row starts with two empty cells (a row-icon column, then the row
// names) and ends with a "Notes" column. On the API user page the labels
// are in `aria-label` / `title` only: nothing visible names the fields.
import { esc, fid, levelTitle, page, FAKE_SECRET } from '../html.mjs';

export const name = 'row-headers';

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'">\n`;

function select(c, attrs = '') {
  return `<select${attrs}${fid(c.id)}>${c.options.map((o) => `<option value="${esc(o)}"${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
}
const box = (c, attrs = '') => `<input type="checkbox"${attrs}${c.value ? ' checked' : ''}${fid(c.id)}>`;
const ctl = (c) => (c.kind === 'checkbox' ? box(c) : select(c));

function matrix(b) {
  const head = `<thead><tr><td></td><td></td>${b.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}<th scope="col">Notes</th></tr></thead>`;
  const rows = b.rows.map((r) => {
    const cells = r.cells.map((c) => `<td>${c.kind === 'text' ? esc(c.text) : ctl(c)}</td>`).join('');
    const pad = Math.max(0, b.columns.length - r.cells.length);
    return `<tr><td><img src="/img/row.svg" alt=""></td><th scope="row">${esc(r.name)}</th>${cells}${'<td></td>'.repeat(pad)}<td></td></tr>`;
  }).join('\n');
  return `<table class="perm-matrix">${b.title ? `<caption>${esc(b.title)}</caption>` : ''}
${head}
<tbody>
${rows}
</tbody>
</table>`;
}

function fields(b) {
  const rows = b.items.map((c) => `<tr><th scope="row">${esc(c.label)}</th><td>${ctl(c)}</td></tr>`).join('\n');
  return `${b.title ? `<h3>${esc(b.title)}</h3>` : ''}\n<table class="perm-fields">\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function area(s) {
  if (s.missing) return '';
  return `<details${s.collapsed ? '' : ' open'}>
<summary><h2>${esc(s.heading)}</h2></summary>
<p><button type="button">No Permission</button> <button type="button">Full Permission</button></p>
${s.blocks.map((b) => (b.type === 'matrix' ? matrix(b) : fields(b))).join('\n')}
</details>`;
}

export function level(state) {
  const body = `<main>
<h1>${esc(levelTitle())}</h1>
<p><button type="submit">Save</button> <button type="submit">Save &amp; Close</button></p>
<table class="level-general"><tbody>
<tr><th scope="row">Name</th><td><input type="text" value="${esc(state.name)}"></td></tr>
<tr><th scope="row">Description</th><td><textarea>${esc(state.description ?? '')}</textarea></td></tr>
</tbody></table>
${state.sections.map(area).join('\n')}
</main>`;
  return { html: page({ title: levelTitle(), head: CSP, body }) };
}

export function apiUser(u) {
  const text = (label, value, mark, type = 'text') => `<div><input type="${type}" aria-label="${esc(label)}" value="${esc(value)}"${fid(mark)}></div>`;
  const check = (label, on, mark) => `<div>${box({ id: mark, value: on }, ` title="${esc(label)}"`)}</div>`;
  const body = `<main>
<h1>${esc(u.title)}</h1>
<p><button type="submit">Save</button> <button type="submit">Save &amp; Close</button></p>
<section><h2>General</h2>
${text('First Name', u.first, 'first')}
${text('Last Name', u.last, 'last')}
${text('Email Address', u.email, 'email', 'email')}
${check('Active', u.active, 'active')}
${check('Locked', u.locked, 'locked')}
<div>${select({ id: 'level', options: ['', ...u.levels], value: u.level }, ' title="Security Level"')}</div>
</section>
<section><h2>Credentials</h2>
${text('Username (Key)', u.username, 'username')}
${u.mode === 'new' ? text('Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'secret', 'password') : ''}
<p><button type="button">Generate Key</button>${u.mode === 'new' ? ' <button type="button">Generate Secret</button>' : ''}</p>
</section>
<section><h2>API Tracking Identifier</h2>
<div><input type="radio" name="tracking" aria-label="Integration Vendor"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}>
${select({ id: 'vendor', options: u.vendors, value: u.vendor }, ' title="Integration Vendor"')}</div>
<div><input type="radio" name="tracking" aria-label="Custom (Internal Integration)"${u.tracking === 'custom' ? ' checked' : ''}></div>
</section>
</main>`;
  return { html: page({ title: u.title, head: CSP, body }) };
}
