// A modern single-page app, as a front-end developer of 2024 would build the
// page from screenshots: CSS-grid div soup with BEM class names, toggle
// switches (`button[role=switch][aria-checked]`, flipped by the page's
// script), a custom select whose chosen value is a <span> inside a
// `button[aria-haspopup=listbox]` and whose listbox exists only while open,
// area headings as `div[role=heading][aria-level=2]`, sub-headings level 3.
// Labels reach controls only by sitting in the same grid row (no for=, no
// aria-labelledby). The matrix is one CSS grid whose rows are
// `display:contents` wrappers, so each row's cells are its children.
import { esc, fid, levelTitle, page, FAKE_SECRET } from '../html.mjs';

export const name = 'spa-switch';

const CSS = `<style>
.perm-app{font-family:system-ui,sans-serif}
.perm-card{border:1px solid #dde;border-radius:8px;margin:12px 0;padding:8px 16px}
.perm-card__bar{display:flex;justify-content:space-between;align-items:center}
.perm-card__body--closed{display:none}
.perm-line{display:grid;grid-template-columns:1fr auto;gap:8px;padding:4px 0}
.acl{display:grid;grid-template-columns:2fr repeat(var(--cols),1fr);gap:4px}
.acl__row{display:contents}
.perm-switch{width:36px;height:20px;border-radius:10px;border:0;background:#ccd}
.perm-switch[aria-checked=true]{background:#2a6}
.dd{position:relative}
.dd__menu{position:absolute;background:#fff;border:1px solid #ccd;list-style:none;margin:0;padding:0}
</style>`;

// The page's own behaviour: switches flip, a dropdown renders its list while open.
const SCRIPT = `<script>
document.addEventListener('click', function (e) {
  var sw = e.target.closest('[role=switch]');
  if (sw) { sw.setAttribute('aria-checked', sw.getAttribute('aria-checked') === 'true' ? 'false' : 'true'); return; }
  var opt = e.target.closest('.dd__menu [role=option]');
  if (opt) { var dd = opt.closest('.dd'); dd.querySelector('.dd__value').textContent = opt.textContent; close(dd); return; }
  var btn = e.target.closest('.dd__btn');
  if (btn) { var d = btn.closest('.dd'); if (d.querySelector('.dd__menu')) close(d); else open(d); }
});
function open(dd) {
  var btn = dd.querySelector('.dd__btn'); var cur = dd.querySelector('.dd__value').textContent;
  var ul = document.createElement('ul'); ul.className = 'dd__menu'; ul.setAttribute('role', 'listbox');
  JSON.parse(dd.getAttribute('data-choices')).forEach(function (o) {
    var li = document.createElement('li'); li.setAttribute('role', 'option'); li.textContent = o;
    li.setAttribute('aria-selected', o === cur ? 'true' : 'false'); ul.appendChild(li);
  });
  dd.appendChild(ul); btn.setAttribute('aria-expanded', 'true');
}
function close(dd) { var m = dd.querySelector('.dd__menu'); if (m) m.remove(); dd.querySelector('.dd__btn').setAttribute('aria-expanded', 'false'); }
</script>`;

function toggle(c) {
  return `<button type="button" class="perm-switch" role="switch" aria-checked="${c.value ? 'true' : 'false'}"${fid(c.id)}><span class="perm-switch__knob"></span></button>`;
}

// The choices live in a data attribute for the page's script: no person sees them.
function dropdown(c, choices) {
  return `<div class="dd" data-choices="${esc(JSON.stringify(choices ?? c.options))}"><button type="button" class="dd__btn" aria-haspopup="listbox" aria-expanded="false"${fid(c.id)}><span class="dd__value">${esc(c.value ?? '')}</span><svg class="dd__chevron" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><path d="M1 3l4 4 4-4"/></svg></button></div>`;
}

const control = (c) => (c.kind === 'checkbox' ? toggle(c) : dropdown(c));

function matrix(b) {
  const head = `<div class="acl__row acl__row--head"><div class="acl__corner"></div>${b.columns.map((c) => `<div class="acl__colname">${esc(c)}</div>`).join('')}</div>`;
  const rows = b.rows.map((r) => `<div class="acl__row"><div class="acl__rowname">${esc(r.name)}</div>${r.cells.map((c) => `<div class="acl__cell">${c.kind === 'text' ? `<span class="acl__na">${esc(c.text)}</span>` : control(c)}</div>`).join('')}</div>`).join('\n');
  return `${b.title ? `<div role="heading" aria-level="3" class="perm-card__subtitle">${esc(b.title)}</div>` : ''}
<div class="acl" style="--cols:${Math.max(...b.rows.map((r) => r.cells.length))}">
${head}
${rows}
</div>`;
}

function fields(b) {
  const lines = b.items.map((c) => `<div class="perm-line"><div class="perm-line__text">${esc(c.label)}</div><div class="perm-line__ctl">${control(c)}</div></div>`).join('\n');
  return `${b.title ? `<div role="heading" aria-level="3" class="perm-card__subtitle">${esc(b.title)}</div>` : ''}\n${lines}`;
}

function card(s) {
  if (s.missing) return '';
  return `<div class="perm-card">
<div class="perm-card__bar"><div role="heading" aria-level="2" class="perm-card__title">${esc(s.heading)}</div>
<div class="perm-card__actions"><button type="button" class="perm-btn perm-btn--ghost">No Permission</button><button type="button" class="perm-btn perm-btn--ghost">Full Permission</button><button type="button" class="perm-btn perm-btn--icon" aria-expanded="${s.collapsed ? 'false' : 'true'}" aria-label="Toggle section">&#9662;</button></div></div>
<div class="perm-card__body${s.collapsed ? ' perm-card__body--closed' : ''}">
${s.blocks.map((b) => (b.type === 'matrix' ? matrix(b) : fields(b))).join('\n')}
</div>
</div>`;
}

function app(title, inner) {
  return page({
    title,
    head: `${CSS}\n`,
    body: `<div id="root"><div class="perm-app">
<header class="perm-app__top"><h1 class="perm-app__h1">${esc(title)}</h1>
<div class="perm-app__toolbar"><button type="button" class="perm-btn perm-btn--primary">Save</button><button type="button" class="perm-btn">Save &amp; Close</button><button type="button" class="perm-btn">Cancel</button></div></header>
${inner}
</div></div>
${SCRIPT}`,
  });
}

const input = (label, value, mark, type = 'text') => `<div class="perm-line"><div class="perm-line__text">${esc(label)}</div><div class="perm-line__ctl"><input class="inp" type="${type}" value="${esc(value)}"${fid(mark)}></div></div>`;
const lineOf = (label, ctl) => `<div class="perm-line"><div class="perm-line__text">${esc(label)}</div><div class="perm-line__ctl">${ctl}</div></div>`;

export function level(state) {
  const general = `<nav class="perm-tabs"><button type="button" class="perm-tabs__tab perm-tabs__tab--on">General</button><button type="button" class="perm-tabs__tab">LiveReports Folders</button><button type="button" class="perm-tabs__tab">Resources</button></nav>
${input('Name', state.name, null)}
${lineOf('Description', `<textarea class="inp">${esc(state.description ?? '')}</textarea>`)}`;
  return { html: app(levelTitle(), `${general}\n${state.sections.map(card).join('\n')}`) };
}

export function apiUser(u) {
  const radio = (label, on, mark) => `<label class="radio"><input type="radio" name="tracking"${on ? ' checked' : ''}${fid(mark)}> ${esc(label)}</label>`;
  const inner = `<div class="perm-card"><div role="heading" aria-level="2" class="perm-card__title">General</div>
${input('First Name', u.first, 'first')}
${input('Last Name', u.last, 'last')}
${input('Email Address', u.email, 'email')}
${lineOf('Active', toggle({ id: 'active', value: u.active }))}
${lineOf('Locked', toggle({ id: 'locked', value: u.locked }))}
${lineOf('Security Level', dropdown({ id: 'level', value: u.level }, u.levels))}
</div>
<div class="perm-card"><div role="heading" aria-level="2" class="perm-card__title">Credentials</div>
${input('Username (Key)', u.username, 'username')}
${u.mode === 'new' ? input('Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'secret', 'password') : ''}
<div class="perm-card__actions"><button type="button" class="perm-btn">Generate Key</button>${u.mode === 'new' ? '<button type="button" class="perm-btn">Generate Secret</button>' : ''}</div>
</div>
<div class="perm-card"><div role="heading" aria-level="2" class="perm-card__title">API Tracking Identifier</div>
<div class="perm-line"><div class="perm-line__text">${radio('Integration Vendor', u.tracking === 'vendor', 'vendor-radio')}</div><div class="perm-line__ctl">${dropdown({ id: 'vendor', value: u.vendor }, u.vendors)}</div></div>
<div class="perm-line"><div class="perm-line__text">${radio('Custom (Internal Integration)', u.tracking === 'custom', null)}</div></div>
</div>`;
  return { html: app(u.title, inner) };
}
