// An older classic page (facts: a third checkbox kind): checkboxes are
// `<img>`s whose src is `…checkbox_complete.png` (on) or
// `…checkbox_incomplete.png` (off), toggled by the page's click handler;
// each area's name is a `<strong>` alone in its block; a label is the text
// on the same line: after an image checkbox, before a `<select>` ("Label:").
// The matrix is a table whose header cells are `<b>` texts in plain cells.
import { esc, fid, page, FAKE_SECRET, levelTitle } from '../html.mjs';

// An image of neither known name (its name starts like the "on" one): never read as on.
const IMG = (on) => `/images/${on === null ? 'checkbox_complete_disabled' : on ? 'checkbox_complete' : 'checkbox_incomplete'}.png`;
const img = (id, on) => `<img src="${IMG(on)}" width="13" height="13" alt="" class="imgchk"${fid(id)}>`;
const select = (c) => `<select size="1"${fid(c.id)}>${c.options.map((o) => `<option${o === c.value ? ' SELECTED' : ''}>${esc(o)}</option>`).join('')}</select>`;

// Clicking an image checkbox flips its picture, as the classic page's script does.
const SCRIPT = `<script>
document.addEventListener('click', function (e) {
  var t = e.target;
  if (t && t.tagName === 'IMG' && /checkbox_(in)?complete\\.png$/.test(t.src)) {
    t.src = /incomplete/.test(t.src) ? t.src.replace('checkbox_incomplete', 'checkbox_complete') : t.src.replace('checkbox_complete', 'checkbox_incomplete');
  }
});
</script>`;

function line(c) {
  return c.kind === 'checkbox'
    ? `<div class="ln">${img(c.id, c.value)}&nbsp;${esc(c.label)}</div>`
    : `<div class="ln">${esc(c.label)}: ${select(c)}</div>`;
}

function matrix(b) {
  return `<table border="0" class="objperm"><tr><td>&nbsp;</td>${b.columns.map((col) => `<td><b>${esc(col)}</b></td>`).join('')}</tr>
${b.rows.map((r) => `<tr><td>${esc(r.name)}</td>${r.cells.map((c) => `<td>${c.kind === 'text' ? `<font color="#888">${esc(c.text)}</font>` : select(c)}</td>`).join('')}</tr>`).join('\n')}</table>`;
}

function area(s) {
  if (s.missing) return '';
  const blocks = s.blocks.map((b) => `${b.title ? `<div class="cap">${esc(b.title)}</div>` : ''}${b.type === 'matrix' ? matrix(b) : b.items.map(line).join('\n')}`).join('\n');
  return `<div class="blk"><div class="blkhead"><strong>${esc(s.heading)}</strong></div>
<div class="blklinks"><a href="#">No Permission</a> | <a href="#">Full Permission</a></div>
<div class="blkbody"${s.collapsed ? ' style="DISPLAY: none"' : ''}>${blocks}</div></div>`;
}

export function level(state) {
  const body = `<div class="ttl">${esc(levelTitle())}</div>
<div class="bar"><a href="#" class="bt">Save &amp; Close</a> <a href="#" class="bt">Save</a> <a href="#" class="bt">Cancel</a></div>
<div class="ln">Name: <input type="text" value="${esc(state.name)}"></div>
<div class="ln">Description: <textarea>${esc(state.description)}</textarea></div>
<div class="ln">${img(null, state.active)}&nbsp;Active</div>
${state.sections.map(area).join('\n')}`;
  return { html: page({ title: levelTitle(), body, head: SCRIPT }) };
}

export function apiUser(u) {
  const text = (id, t, v, type = 'text') => `<div class="ln">${esc(t)}: <input type="${type}" value="${esc(v)}"${fid(id)}></div>`;
  const area2 = (h, inner) => `<div class="blk"><div class="blkhead"><strong>${esc(h)}</strong></div><div class="blkbody">${inner}</div></div>`;
  const body = `<div class="ttl">${esc(u.title)}</div>
<div class="bar"><a href="#" class="bt">Save &amp; Close</a> <a href="#" class="bt">Cancel</a></div>
${area2('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}
<div class="ln">${img('active', u.active)}&nbsp;Active</div><div class="ln">${img('locked', u.locked)}&nbsp;Locked</div>
<div class="ln">Security Level: ${select({ id: 'level', options: u.levels, value: u.level })}</div>`)}
${area2('Credentials', `${text('username', 'Username (Key)', u.username)} <a href="#" class="bt">Generate Key</a>${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')} <a href="#" class="bt">Generate Secret</a>`)}
${area2('API Tracking Identifier', `<div class="ln"><input type="radio" name="trk"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}>Integration Vendor: ${select({ id: 'vendor', options: u.vendors, value: u.vendor })}</div>
<div class="ln"><input type="radio" name="trk"${u.tracking === 'custom' ? ' checked' : ''}${fid('custom-radio')}>Custom (Internal Integration)</div>`)}`;
  return { html: page({ title: u.title, body, head: SCRIPT }) };
}

export const name = 'image-checkbox';
export const shows = { unreadable: true };
