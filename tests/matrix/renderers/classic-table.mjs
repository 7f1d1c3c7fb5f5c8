// A classic page in tables (facts: the classic generation): each security
// area is a table whose heading is a `<th>`, native checkboxes and
// `<select>`s, labels in a sibling cell with no `for=` and no wrapping
// `<label>`; the matrix a nested table with a header row of plain cells.
import { esc, fid, page, FAKE_SECRET, levelTitle } from '../html.mjs';

function select(c) {
  return `<select${fid(c.id)}>${c.options.map((o) => `<option${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
}
const checkbox = (c) => `<input type="checkbox"${c.value ? ' checked' : ''}${fid(c.id)}>`;

function fieldRow(c) {
  return c.kind === 'checkbox'
    ? `<tr><td class="ctl">${checkbox(c)}</td><td class="txt" colspan="2">${esc(c.label)}</td></tr>`
    : `<tr><td class="txt">${esc(c.label)}</td><td class="ctl" colspan="2">${select(c)}</td></tr>`;
}

function matrix(b) {
  const head = `<tr><td></td>${b.columns.map((col) => `<td class="colhead">${esc(col)}</td>`).join('')}</tr>`;
  const rows = b.rows.map((r) => `<tr><td class="rowname">${esc(r.name)}</td>${r.cells.map((c) => `<td>${c.kind === 'text' ? `<span class="ro">${esc(c.text)}</span>` : select(c)}</td>`).join('')}</tr>`).join('');
  return `<tr><td colspan="3"><table class="perm" cellspacing="0">${head}${rows}</table></td></tr>`;
}

const subTitle = (t) => (t ? `<tr><td colspan="3" class="sub"><i>${esc(t)}</i></td></tr>` : '');

function area(s) {
  if (s.missing) return '';
  const rows = s.blocks.map((b) => (b.type === 'matrix' ? subTitle(b.title) + matrix(b) : subTitle(b.title) + b.items.map(fieldRow).join(''))).join('');
  return `<table class="sarea" width="100%" cellpadding="2">
<thead><tr><th colspan="2" align="left">${esc(s.heading)}</th><td align="right"><a href="#" onclick="return false">No Permission</a> | <a href="#" onclick="return false">Full Permission</a></td></tr></thead>
<tbody${s.collapsed ? ' style="display: none"' : ''}>${rows}</tbody>
</table>`;
}

const buttons = (list) => `<table class="buttons"><tr>${list.map((b) => `<td><input type="button" value="${esc(b)}"></td>`).join('')}</tr></table>`;

export function level(state) {
  const body = `<div class="hdr"><span>${esc(levelTitle())}</span> &nbsp; <a href="#">General</a> <a href="#">LiveReports Folders</a> <a href="#">Resources</a></div>
${buttons(['Save & Close', 'Save', 'Cancel'])}
<form method="post" action="#">
<table class="general"><tr><td class="txt">Name <span class="req">*</span></td><td><input type="text" maxlength="100" value="${esc(state.name)}"></td></tr>
<tr><td class="txt">Description</td><td><textarea rows="2">${esc(state.description)}</textarea></td></tr>
<tr><td><input type="checkbox"${state.active ? ' checked' : ''}></td><td>Active</td></tr></table>
${state.sections.map(area).join('\n')}
</form>`;
  return { html: page({ title: levelTitle(), body }) };
}

export function apiUser(u) {
  const text = (id, t, v, type = 'text') => `<tr><td class="txt">${esc(t)}</td><td><input type="${type}" value="${esc(v)}"${fid(id)}></td></tr>`;
  const box = (id, on, t) => `<tr><td class="txt"></td><td><input type="checkbox"${on ? ' checked' : ''}${fid(id)}> ${esc(t)}</td></tr>`;
  const sel = (id, opts, v) => `<select${fid(id)}>${opts.map((o) => `<option${o === v ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
  const areaOf = (h, rows) => `<table class="sarea"><thead><tr><th colspan="2" align="left">${esc(h)}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const body = `<div class="hdr"><span>${esc(u.title)}</span></div>
${buttons(['Save & Close', 'Cancel'])}
<form method="post" action="#">
${areaOf('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}${box('active', u.active, 'Active')}${box('locked', u.locked, 'Locked')}
<tr><td class="txt">Security Level</td><td>${sel('level', u.levels, u.level)}</td></tr>`)}
${areaOf('Credentials', `${text('username', 'Username (Key)', u.username)}<tr><td></td><td><input type="button" value="Generate Key"></td></tr>
${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}<tr><td></td><td><input type="button" value="Generate Secret"></td></tr>`)}
${areaOf('API Tracking Identifier', `<tr><td><input type="radio" name="tracking"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}> Integration Vendor</td><td>${sel('vendor', u.vendors, u.vendor)}</td></tr>
<tr><td colspan="2"><input type="radio" name="tracking"${u.tracking === 'custom' ? ' checked' : ''}${fid('custom-radio')}> Custom (Internal Integration)</td></tr>`)}
</form>`;
  return { html: page({ title: u.title, body }) };
}

export const name = 'classic-table';
