// A page whose headings and labels carry the decoration a person reads past:
// trailing colons, asterisks on required fields, "(?)" help icons,
// non-breaking spaces, mixed case, zero-width characters, the text split
// across several inline elements (even inside a word). Each line is a <p>;
// a checkbox comes first on its line and its text after it, a dropdown
// comes after its text. No for=, no wrapping label, no ARIA naming: only the
// line a person reads. Areas are <h4> with a help icon beside the name;
// the matrix a <table> whose header cells are split and whose row names end
// with a colon.
import { esc, fid, levelTitle, page, FAKE_SECRET } from '../html.mjs';

export const name = 'decorated';

const ZWSP = '\u200b';
const NBSP = '\u00a0';
const help = '<a href="#help" class="hint-icon" title="What is this?">(?)</a>';

/** One label, decorated the k-th way; the words a person reads stay the same. */
function decorate(text, k) {
  const t = String(text);
  switch (k % 6) {
    case 0: return `${esc(t)}:`;
    case 1: return `${esc(t)}<span class="req-star">*</span>`;
    case 2: return `${esc(t)}&nbsp;${help}`;
    case 3: { // non-breaking spaces between words, a zero-width space inside one
      const words = t.split(' ');
      words[0] = words[0].length > 2 ? `${words[0].slice(0, 2)}${ZWSP}${words[0].slice(2)}` : `${words[0]}${ZWSP}`;
      return esc(words.join(NBSP));
    }
    case 4: { // split across inline elements, once inside a word
      const cut = Math.max(1, Math.floor(t.length / 2));
      const a = t.slice(0, cut);
      const b = t.slice(cut);
      const first = a.indexOf(' ') > 0 ? a.indexOf(' ') : a.length;
      return `<span>${esc(a.slice(0, first))}</span><b>${esc(a.slice(first))}</b><em>${esc(b)}</em>`;
    }
    default: { // mixed case, then a colon
      const mixed = t.split(' ').map((w, i) => (i % 2 ? w.toLowerCase() : w.toUpperCase())).join(' ');
      return `${esc(mixed)}&nbsp;:`;
    }
  }
}

function select(c) {
  return `<select${fid(c.id)}>${c.options.map((o) => `<option${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
}

function line(c, k, hidden) {
  const box = `<input type="checkbox"${c.value ? ' checked' : ''}${fid(c.id)}>`;
  const inner = c.kind === 'checkbox' ? `${box}&nbsp;${decorate(c.label, k)}` : `${decorate(c.label, k)} ${select(c)}`;
  return `<p class="opt-line"${hidden}>${inner}</p>`;
}

function matrix(b, counter, hidden) {
  const split = (t) => (t.length > 3 ? `<span>${esc(t.slice(0, 2))}</span><span>${esc(t.slice(2))}</span>` : esc(t));
  const head = `<tr><td></td>${b.columns.map((c) => `<td class="grid-head">${split(c)}</td>`).join('')}</tr>`;
  const rows = b.rows.map((r) => `<tr><td class="grid-name">${decorate(r.name, counter.k++ * 3)}</td>${r.cells.map((c) => `<td>${c.kind === 'text' ? `<i>${esc(c.text)}</i>` : select(c)}</td>`).join('')}</tr>`).join('\n');
  return `${b.title ? `<p class="blk-title"${hidden}><u>${decorate(b.title, 0)}</u></p>` : ''}
<table class="grid-tbl"${hidden}>
${head}
${rows}
</table>`;
}

function area(s, counter) {
  if (s.missing) return '';
  const hidden = s.collapsed ? ' style="display: none;"' : '';
  const blocks = s.blocks.map((b) => (b.type === 'matrix'
    ? matrix(b, counter, hidden)
    : `${b.title ? `<p class="blk-title"${hidden}><u>${decorate(b.title, 0)}</u></p>` : ''}\n${b.items.map((c) => line(c, counter.k++, hidden)).join('\n')}`)).join('\n');
  return `<h4 class="area-name"><span>${esc(s.heading)}</span> ${help} <small><a href="#">No Permission</a> · <a href="#">Full Permission</a></small></h4>\n${blocks}`;
}

const shell = (title, body) => page({ title, body: `<h1>${esc(title)}</h1>\n<p><button type="button">Save</button> <button type="button">Save &amp; Close</button></p>\n${body}` });

export function level(state) {
  const counter = { k: 0 };
  const head = `<p>${decorate('Name', 1)} <input type="text" value="${esc(state.name)}"></p>\n<p>${decorate('Description', 0)} <input type="text" value="${esc(state.description ?? '')}"></p>`;
  return { html: shell(levelTitle(), `${head}\n${state.sections.map((s) => area(s, counter)).join('\n')}`) };
}

export function apiUser(u) {
  let k = 0;
  const text = (label, value, mark, type = 'text') => `<p>${decorate(label, k++)} <input type="${type}" value="${esc(value)}"${fid(mark)}></p>`;
  const box = (label, on, mark) => `<p><input type="checkbox"${on ? ' checked' : ''}${fid(mark)}>&nbsp;${decorate(label, k++)}</p>`;
  const sel = (label, options, value, mark) => `<p>${decorate(label, k++)} ${select({ id: mark, options, value })}</p>`;
  const body = `<h4 class="area-name"><span>General</span></h4>
${text('First Name', u.first, 'first')}
${text('Last Name', u.last, 'last')}
${text('Email Address', u.email, 'email')}
${box('Active', u.active, 'active')}
${box('Locked', u.locked, 'locked')}
${sel('Security Level', ['', ...u.levels], u.level, 'level')}
<h4 class="area-name"><span>Credentials</span> ${help}</h4>
${text('Username (Key)', u.username, 'username')}
${u.mode === 'new' ? text('Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'secret', 'password') : ''}
<p><button type="button">Generate Key</button>${u.mode === 'new' ? ' <button type="button">Generate Secret</button>' : ''}</p>
<h4 class="area-name"><span>API Tracking Identifier</span></h4>
<p><input type="radio" name="trk"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}>&nbsp;${decorate('Integration Vendor', 1)} ${select({ id: 'vendor', options: u.vendors, value: u.vendor })}</p>
<p><input type="radio" name="trk"${u.tracking === 'custom' ? ' checked' : ''}>&nbsp;${decorate('Custom (Internal Integration)', 2)}</p>`;
  return { html: shell(u.title, body) };
}
