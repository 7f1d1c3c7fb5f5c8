// No classes at all: sections are `<h3>` headings, fields are definition
// lists (the label in `<dt>`, its control in the next `<dd>`), the matrix a
// plain table whose header row is `<th>` cells, a collapsed section hidden
// with the `hidden` attribute.
import { esc, fid, page, FAKE_SECRET, levelTitle } from '../html.mjs';

const select = (c) => `<select${fid(c.id)}>\n${c.options.map((o) => `  <option${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('\n')}\n</select>`;
const checkbox = (c) => `<input type="checkbox"${c.value ? ' checked' : ''}${fid(c.id)}>`;
const pair = (label, ctl) => `<dt>${esc(label)}</dt>\n<dd>${ctl}</dd>`;
const control = (c) => (c.kind === 'checkbox' ? checkbox(c) : select(c));

function matrix(b) {
  return `<table>
<tr><th></th>${b.columns.map((col) => `<th>${esc(col)}</th>`).join('')}</tr>
${b.rows.map((r) => `<tr><td>${esc(r.name)}</td>${r.cells.map((c) => `<td>${c.kind === 'text' ? esc(c.text) : select(c)}</td>`).join('')}</tr>`).join('\n')}
</table>`;
}

function blockOf(b) {
  const title = b.title ? `<p><em>${esc(b.title)}</em></p>\n` : '';
  return title + (b.type === 'matrix' ? matrix(b) : `<dl>\n${b.items.map((c) => pair(c.label, control(c))).join('\n')}\n</dl>`);
}

function area(s) {
  if (s.missing) return '';
  return `<h3>${esc(s.heading)}</h3>
<p><a href="#">No Permission</a> | <a href="#">Full Permission</a></p>
<div${s.collapsed ? ' hidden' : ''}>
${s.blocks.map(blockOf).join('\n')}
</div>`;
}

export function level(state) {
  const body = `<h1>${esc(levelTitle())}</h1>
<p><button type="button">Save &amp; Close</button> <button type="button">Save</button> <button type="button">Cancel</button></p>
<form>
<dl>
${pair('Name', `<input type="text" value="${esc(state.name)}">`)}
${pair('Description', `<textarea>${esc(state.description)}</textarea>`)}
${pair('Active', `<input type="checkbox"${state.active ? ' checked' : ''}>`)}
</dl>
${state.sections.map(area).join('\n')}
</form>`;
  return { html: page({ title: levelTitle(), body }) };
}

export function apiUser(u) {
  const text = (id, t, v, type = 'text') => pair(t, `<input type="${type}" value="${esc(v)}"${fid(id)}>`);
  const body = `<h1>${esc(u.title)}</h1>
<p><button type="button">Save &amp; Close</button> <button type="button">Cancel</button></p>
<form>
<h3>General</h3>
<dl>
${text('first', 'First Name', u.first)}
${text('last', 'Last Name', u.last)}
${text('email', 'Email Address', u.email)}
${pair('Active', checkbox({ id: 'active', value: u.active }))}
${pair('Locked', checkbox({ id: 'locked', value: u.locked }))}
${pair('Security Level', select({ id: 'level', options: u.levels, value: u.level }))}
</dl>
<h3>Credentials</h3>
<dl>
${text('username', 'Username (Key)', u.username)}
<dd><button type="button">Generate Key</button></dd>
${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}
<dd><button type="button">Generate Secret</button></dd>
</dl>
<h3>API Tracking Identifier</h3>
<dl>
${pair('Integration Vendor', `<input type="radio" name="tracking"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}>`)}
<dd>${select({ id: 'vendor', options: u.vendors, value: u.vendor })}</dd>
${pair('Custom (Internal Integration)', `<input type="radio" name="tracking"${u.tracking === 'custom' ? ' checked' : ''}${fid('custom-radio')}>`)}
</dl>
</form>`;
  return { html: page({ title: u.title, body }) };
}

export const name = 'definition-list';
// Chromium's MHTML save leaves out every element with the \`hidden\`
// attribute (measured: the collapsed area's <div hidden> is not in the
// file), so a saved copy holds a collapsed area's heading but none of its
// controls.
export const saves = { dropsCollapsed: true };
