// A classic copy built of divs, read by position (facts: a product that
// copies Autotask's classic page): the area's name is plain text alone on its
// line, followed by a line of "No Permission | Full Permission" links;
// a field is a row of divs, its label text in `.EditorLabelContainer .Label
// label` with no `for`; the matrix is div rows of div cells laid out as a
// table by inline style, the row name in the first cell.
import { esc, fid, page, FAKE_SECRET, levelTitle } from '../html.mjs';

const ROW = 'style="display:table-row"';
const CELL = 'style="display:table-cell;padding:2px 6px"';

const lab = (t) => `<div class="EditorLabelContainer"><div class="Label"><label>${esc(t)}</label></div></div>`;
const select = (c) => `<select${fid(c.id)}>${c.options.map((o) => `<option value="${esc(o)}"${o === c.value ? ' selected="selected"' : ''}>${esc(o)}</option>`).join('')}</select>`;
const checkbox = (c) => `<input type="checkbox" value="1"${c.value ? ' checked="checked"' : ''}${fid(c.id)}>`;

function field(c) {
  return c.kind === 'checkbox'
    ? `<div class="FormLine"><div class="EditorContainer">${checkbox(c)}</div>${lab(c.label)}</div>`
    : `<div class="FormLine">${lab(c.label)}<div class="EditorContainer">${select(c)}</div></div>`;
}

function matrix(b) {
  const head = `<div class="GridLine" ${ROW}><div ${CELL}></div>${b.columns.map((col) => `<div ${CELL}>${esc(col)}</div>`).join('')}</div>`;
  const rows = b.rows.map((r) => `<div class="GridLine" ${ROW}><div ${CELL}>${esc(r.name)}</div>${r.cells.map((c) => `<div ${CELL}>${c.kind === 'text' ? esc(c.text) : select(c)}</div>`).join('')}</div>`).join('\n');
  return `<div class="GridBox" style="display:table">\n${head}\n${rows}\n</div>`;
}

const blockOf = (b) => `${b.title ? `<div class="Caption"><u>${esc(b.title)}</u></div>` : ''}${b.type === 'matrix' ? matrix(b) : b.items.map(field).join('\n')}`;

function area(s) {
  if (s.missing) return '';
  return `<div class="Area">
<div>${esc(s.heading)}</div>
<div class="AreaLinks"><a href="javascript:void(0)">No Permission</a> | <a href="javascript:void(0)">Full Permission</a></div>
<div class="AreaBody"${s.collapsed ? ' style="display:none;"' : ''}>
${s.blocks.map(blockOf).join('\n')}
</div></div>`;
}

const buttonBar = (list) => `<div class="ButtonBar">${list.map((b) => `<a href="javascript:void(0)" class="Btn">${esc(b)}</a>`).join(' ')}</div>`;

export function level(state) {
  const body = `<div class="TitleBar">${esc(levelTitle())}</div>
${buttonBar(['Save & Close', 'Save', 'Cancel'])}
<div class="FormArea">
<div class="FormLine">${lab('Name')}<div class="EditorContainer"><input type="text" value="${esc(state.name)}"></div></div>
<div class="FormLine">${lab('Description')}<div class="EditorContainer"><textarea>${esc(state.description)}</textarea></div></div>
<div class="FormLine"><div class="EditorContainer"><input type="checkbox"${state.active ? ' checked' : ''}></div>${lab('Active')}</div>
${state.sections.map(area).join('\n')}
</div>`;
  return { html: page({ title: levelTitle(), body }) };
}

export function apiUser(u) {
  const text = (id, t, v, type = 'text') => `<div class="FormLine">${lab(t)}<div class="EditorContainer"><input type="${type}" value="${esc(v)}"${fid(id)}></div></div>`;
  const box = (id, on, t) => `<div class="FormLine"><div class="EditorContainer">${checkbox({ id, value: on })}</div>${lab(t)}</div>`;
  const sel = (id, opts, v, t) => `<div class="FormLine">${t ? lab(t) : ''}<div class="EditorContainer">${select({ id, options: opts, value: v })}</div></div>`;
  const area2 = (h, inner) => `<div class="Area"><div>${esc(h)}</div><div class="AreaBody">${inner}</div></div>`;
  const body = `<div class="TitleBar">${esc(u.title)}</div>
${buttonBar(['Save & Close', 'Cancel'])}
<div class="FormArea">
${area2('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}${box('active', u.active, 'Active')}${box('locked', u.locked, 'Locked')}${sel('level', u.levels, u.level, 'Security Level')}`)}
${area2('Credentials', `${text('username', 'Username (Key)', u.username)}<a class="Btn">Generate Key</a>${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}<a class="Btn">Generate Secret</a>`)}
${area2('API Tracking Identifier', `<div class="FormLine"><div class="EditorContainer"><input type="radio" name="t" value="v"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}></div>${lab('Integration Vendor')}<div class="EditorContainer">${select({ id: 'vendor', options: u.vendors, value: u.vendor })}</div></div>
<div class="FormLine"><div class="EditorContainer"><input type="radio" name="t" value="c"${u.tracking === 'custom' ? ' checked' : ''}${fid('custom-radio')}></div>${lab('Custom (Internal Integration)')}</div>`)}
</div>`;
  return { html: page({ title: u.title, body }) };
}

export const name = 'div-grid';
