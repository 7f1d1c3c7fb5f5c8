// Labels that wrap their controls: every checkbox and dropdown sits inside
// its own `<label>` with the text (after a checkbox, before a dropdown);
// each area is a table whose name is its `<caption>`, the links in its
// first row; the matrix rows are rows of that same table, the column names
// in a header row of `<td>`s.
import { esc, fid, page, FAKE_SECRET, levelTitle } from '../html.mjs';

const select = (c) => `<select${fid(c.id)}>${c.options.map((o) => `<option${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
const checkbox = (c) => `<input type="checkbox"${c.value ? ' checked' : ''}${fid(c.id)}>`;

function field(c, span) {
  const inner = c.kind === 'checkbox' ? `${checkbox(c)} ${esc(c.label)}` : `${esc(c.label)} ${select(c)}`;
  return `<tr><td colspan="${span}"><label class="wl-field">${inner}</label></td></tr>`;
}

function area(s) {
  if (s.missing) return '';
  const span = 1 + Math.max(1, ...s.blocks.filter((b) => b.type === 'matrix').map((b) => b.columns.length + 2));
  const rows = s.blocks.map((b) => {
    const title = b.title ? `<tr><td colspan="${span}" class="wl-note">${esc(b.title)}</td></tr>` : '';
    if (b.type !== 'matrix') return title + b.items.map((c) => field(c, span)).join('');
    const head = `<tr class="wl-cols"><td></td>${b.columns.map((col) => `<td>${esc(col)}</td>`).join('')}</tr>`;
    const body = b.rows.map((r) => `<tr><td>${esc(r.name)}</td>${r.cells.map((c) => `<td>${c.kind === 'text' ? esc(c.text) : select(c)}</td>`).join('')}</tr>`).join('');
    return title + head + body;
  }).join('\n');
  return `<table class="wl-area">
<caption>${esc(s.heading)}</caption>
<tr><td colspan="${span}" class="wl-links"><a href="#">No Permission</a> | <a href="#">Full Permission</a></td></tr>
<tbody class="wl-body"${s.collapsed ? ' style="display:none"' : ''}>
${rows}
</tbody></table>`;
}

const bar = (list) => `<div class="wl-bar">${list.map((b) => `<button type="submit" class="wl-btn">${esc(b)}</button>`).join(' ')}</div>`;

export function level(state) {
  const body = `<div class="wl-page"><p class="wl-window">${esc(levelTitle())}</p>
${bar(['Save & Close', 'Save', 'Cancel'])}
<form>
<p><label class="wl-field">Name <input type="text" value="${esc(state.name)}"></label></p>
<p><label class="wl-field"><input type="checkbox"${state.active ? ' checked' : ''}> Active</label></p>
${state.sections.map(area).join('\n')}
</form></div>`;
  return { html: page({ title: levelTitle(), body }) };
}

export function apiUser(u) {
  const text = (id, t, v, type = 'text') => `<p><label class="wl-field">${esc(t)} <input type="${type}" value="${esc(v)}"${fid(id)}></label></p>`;
  const box = (id, on, t) => `<p><label class="wl-field">${checkbox({ id, value: on })} ${esc(t)}</label></p>`;
  const group = (h, inner) => `<table class="wl-area"><caption>${esc(h)}</caption><tr><td>${inner}</td></tr></table>`;
  const body = `<div class="wl-page"><p class="wl-window">${esc(u.title)}</p>
${bar(['Save & Close', 'Cancel'])}
<form>
${group('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}${box('active', u.active, 'Active')}${box('locked', u.locked, 'Locked')}
<p><label class="wl-field">Security Level ${select({ id: 'level', options: u.levels, value: u.level })}</label></p>`)}
${group('Credentials', `${text('username', 'Username (Key)', u.username)}<button type="button" class="wl-btn">Generate Key</button>${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}<button type="button" class="wl-btn">Generate Secret</button>`)}
${group('API Tracking Identifier', `<p><label class="wl-field"><input type="radio" name="trk"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}> Integration Vendor</label>
<label class="wl-field">Integration Vendor ${select({ id: 'vendor', options: u.vendors, value: u.vendor })}</label></p>
<p><label class="wl-field"><input type="radio" name="trk"${u.tracking === 'custom' ? ' checked' : ''}${fid('custom-radio')}> Custom (Internal Integration)</label></p>`)}
</form></div>`;
  return { html: page({ title: u.title, body }) };
}

export const name = 'wrapped-labels';
