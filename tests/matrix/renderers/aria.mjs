// ARIA widgets: each area a `<fieldset>` whose name is its `<legend>`;
// checkboxes `role="checkbox"` with `aria-checked`, dropdowns
// `role="combobox"` whose list is a `role="listbox"` of `role="option"`s with
// `aria-selected`; every label reaches its control only by
// `aria-labelledby`; the matrix is `role="table"` rows of cells.
import { esc, fid, ids, page, FAKE_SECRET, levelTitle } from '../html.mjs';

// The widgets react to clicks and Space through the page's own script.
const SCRIPT = `<script>
function asgToggle(el) {
  if (el.getAttribute('role') === 'checkbox') el.setAttribute('aria-checked', el.getAttribute('aria-checked') === 'true' ? 'false' : 'true');
}
document.addEventListener('click', function (e) { asgToggle(e.target); });
document.addEventListener('keydown', function (e) { if (e.key === ' ') { asgToggle(e.target); e.preventDefault(); } });
</script>`;

export function makeWidgets() {
  const next = ids('a');
  const labelled = (text) => {
    const id = next();
    return { id, html: `<span id="${id}" class="x-lbl">${esc(text)}</span>` };
  };
  const checkbox = (c, by) => `<span role="checkbox" tabindex="0" class="x-box" style="display:inline-block;width:13px;height:13px;border:1px solid #777" aria-checked="${c.value === null ? 'mixed' : c.value ? 'true' : 'false'}"${by ? ` aria-labelledby="${by}"` : ''}${fid(c.id)}></span>`;
  const combobox = (c, by) => {
    const list = next();
    return `<span class="x-pick"><span role="combobox" tabindex="0" class="x-combo" aria-expanded="false" aria-haspopup="listbox" aria-controls="${list}"${by ? ` aria-labelledby="${by}"` : ''}${fid(c.id)}>${esc(c.value ?? '')}</span><span role="listbox" id="${list}" class="x-list" style="display:none">${c.options.map((o) => `<span role="option" aria-selected="${o === c.value ? 'true' : 'false'}">${esc(o || '\u00a0')}</span>`).join('')}</span></span>`;
  };
  const radio = (id, on, by) => `<span role="radio" tabindex="0" class="x-radio" aria-checked="${on ? 'true' : 'false'}" aria-labelledby="${by}"${fid(id)}></span>`;
  // The label after a checkbox and before a dropdown, tied only by id.
  const field = (c) => {
    const l = labelled(c.label);
    return c.kind === 'checkbox'
      ? `<div class="x-field">${checkbox(c, l.id)} ${l.html}</div>`
      : `<div class="x-field">${l.html} ${combobox(c, l.id)}</div>`;
  };
  return { next, labelled, checkbox, combobox, radio, field };
}

function matrix(w, b) {
  const head = `<div role="row" class="x-tr"><span role="columnheader" class="x-th"></span>${b.columns.map((col) => `<span role="columnheader" class="x-th">${esc(col)}</span>`).join('')}</div>`;
  const rows = b.rows.map((r) => `<div role="row" class="x-tr"><span role="rowheader" class="x-th">${esc(r.name)}</span>${r.cells.map((c) => `<span role="cell" class="x-td">${c.kind === 'text' ? esc(c.text) : w.combobox(c, null)}</span>`).join('')}</div>`).join('');
  return `<div role="table" class="x-table" aria-label="${esc(b.title)}">${head}${rows}</div>`;
}

function area(w, s) {
  if (s.missing) return '';
  const blocks = s.blocks.map((b) => `<div class="x-group">${b.title ? `<span class="x-cap">${esc(b.title)}</span>` : ''}${b.type === 'matrix' ? matrix(w, b) : b.items.map(w.field).join('')}</div>`).join('');
  return `<fieldset class="x-area"><legend>${esc(s.heading)}</legend>
<span role="button" tabindex="0" class="x-btn">No Permission</span> <span role="button" tabindex="0" class="x-btn">Full Permission</span>
<div class="x-panel" role="region"${s.collapsed ? ' aria-hidden="true" style="display:none"' : ''}>${blocks}</div>
</fieldset>`;
}

const buttons = (list) => `<div role="toolbar" class="x-bar">${list.map((b) => `<span role="button" tabindex="0" class="x-btn">${esc(b)}</span>`).join(' ')}</div>`;

export function level(state) {
  const w = makeWidgets();
  const name = w.labelled('Name');
  const active = w.labelled('Active');
  const body = `<div role="main" class="x-main"><div role="heading" aria-level="1" class="x-h">${esc(levelTitle())}</div>
${buttons(['Save & Close', 'Save', 'Cancel'])}
<div class="x-general">${name.html} <input type="text" aria-labelledby="${name.id}" value="${esc(state.name)}"><br>
${w.checkbox({ value: state.active }, active.id)} ${active.html}</div>
${state.sections.map((s) => area(w, s)).join('\n')}
</div>`;
  return { html: page({ title: levelTitle(), body, head: SCRIPT }) };
}

export function apiUser(u) {
  const w = makeWidgets();
  const text = (id, t, v, type = 'text') => {
    const l = w.labelled(t);
    return `<div class="x-field">${l.html} <input type="${type}" aria-labelledby="${l.id}" value="${esc(v)}"${fid(id)}></div>`;
  };
  const box = (id, on, t) => {
    const l = w.labelled(t);
    return `<div class="x-field">${w.checkbox({ id, value: on }, l.id)} ${l.html}</div>`;
  };
  const vendorLabel = w.labelled('Integration Vendor');
  const customLabel = w.labelled('Custom (Internal Integration)');
  const levelLabel = w.labelled('Security Level');
  const fs = (h, inner) => `<fieldset class="x-area"><legend>${esc(h)}</legend>${inner}</fieldset>`;
  const body = `<div role="main" class="x-main"><div role="heading" aria-level="1" class="x-h">${esc(u.title)}</div>
${buttons(['Save & Close', 'Cancel'])}
${fs('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}${box('active', u.active, 'Active')}${box('locked', u.locked, 'Locked')}
<div class="x-field">${levelLabel.html} ${w.combobox({ id: 'level', options: u.levels, value: u.level }, levelLabel.id)}</div>`)}
${fs('Credentials', `${text('username', 'Username (Key)', u.username)}<span role="button" class="x-btn">Generate Key</span>${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}<span role="button" class="x-btn">Generate Secret</span>`)}
${fs('API Tracking Identifier', `<div role="radiogroup" class="x-radios">
<div class="x-field">${w.radio('vendor-radio', u.tracking === 'vendor', vendorLabel.id)} ${vendorLabel.html} ${w.combobox({ id: 'vendor', options: u.vendors, value: u.vendor }, vendorLabel.id)}</div>
<div class="x-field">${w.radio('custom-radio', u.tracking === 'custom', customLabel.id)} ${customLabel.html}</div>
</div>`)}
</div>`;
  return { html: page({ title: u.title, body, head: SCRIPT }) };
}

export const name = 'aria';
// A checkbox whose state is not on or off: aria-checked="mixed".
export const shows = { unreadable: true };
