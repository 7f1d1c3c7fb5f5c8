// The form three frames deep (facts: frames nest, a classic page inside the
// shell can be a frameset three levels deep): a frameset page holds a
// frameset, which holds a page with an iframe, which holds the form. In the
// form, every area's name is a `<div class="SectionTitle">`, every label is a
// `<label for=…>` pointing at its control by id (Autotask-like ids that
// change with the content), the matrix a table with `<th>` column headers.
import { esc, fid, page, FAKE_SECRET, levelTitle, zids } from '../html.mjs';

function frames(title, form) {
  return {
    html: `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<frameset rows="32,*"><frame src="bar.html" name="bar"><frame src="outer.html" name="main"></frameset></html>\n`,
    frames: {
      'bar.html': page({ title: 'Autotask', body: '<div>Autotask</div>' }),
      'outer.html': `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<frameset cols="180,*"><frame src="menu.html" name="menu"><frame src="inner.html" name="content"></frameset></html>\n`,
      'menu.html': page({ title: 'Menu', body: '<ul><li><a href="#">Home</a></li><li><a href="#">Admin</a></li></ul>' }),
      'inner.html': page({ title, body: '<iframe src="form.html" name="form" style="width:100%;height:2000px;border:0"></iframe>' }),
      'form.html': form,
    },
    formPath: 'form.html',
  };
}

function widgets(seed) {
  const id = zids(seed);
  const select = (c, labelId) => `<select id="${labelId ?? id()}" name="${id()}"${fid(c.id)}>${c.options.map((o, i) => `<option value="${i}"${o === c.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
  const field = (c) => {
    const k = id();
    return c.kind === 'checkbox'
      ? `<p class="Chk"><input type="checkbox" id="${k}" name="${k}"${c.value ? ' checked' : ''}${fid(c.id)}><label for="${k}">${esc(c.label)}</label></p>`
      : `<p class="Fld"><label for="${k}">${esc(c.label)}</label> ${select(c, k)}</p>`;
  };
  return { id, select, field };
}

export function level(state) {
  const w = widgets(state.sections.length * 7919 + state.name.length);
  const matrix = (b) => `<table class="MatrixTable"><tr><th></th>${b.columns.map((col) => `<th>${esc(col)}</th>`).join('')}</tr>
${b.rows.map((r) => `<tr><td>${esc(r.name)}</td>${r.cells.map((c) => `<td>${c.kind === 'text' ? esc(c.text) : w.select(c)}</td>`).join('')}</tr>`).join('\n')}</table>`;
  const area = (s) => (s.missing ? '' : `<div class="SecArea"><div class="SectionTitle">${esc(s.heading)}</div>
<div class="SecLinks"><a href="#">No Permission</a> | <a href="#">Full Permission</a></div>
<div class="SecBody"${s.collapsed ? ' style="display:none"' : ''}>
${s.blocks.map((b) => `${b.title ? `<h5>${esc(b.title)}</h5>` : ''}${b.type === 'matrix' ? matrix(b) : b.items.map(w.field).join('\n')}`).join('\n')}
</div></div>`);
  const nameId = w.id();
  const body = `<div class="FormCaption">${esc(levelTitle())}</div>
<div class="FormButtons"><input type="submit" value="Save &amp; Close"> <input type="submit" value="Save"> <input type="button" value="Cancel"></div>
<form method="post" action="#">
<p class="Fld"><label for="${nameId}">Name</label> <input type="text" id="${nameId}" value="${esc(state.name)}"></p>
${w.field({ kind: 'checkbox', label: 'Active', value: state.active })}
${state.sections.map(area).join('\n')}
</form>`;
  return frames(levelTitle(), page({ title: levelTitle(), body }));
}

export function apiUser(u) {
  const w = widgets(u.first.length * 31 + u.last.length);
  const text = (fidv, t, v, type = 'text') => {
    const k = w.id();
    return `<p class="Fld"><label for="${k}">${esc(t)}</label> <input type="${type}" id="${k}" value="${esc(v)}"${fid(fidv)}></p>`;
  };
  const box = (fidv, on, t) => {
    const k = w.id();
    return `<p class="Chk"><input type="checkbox" id="${k}"${on ? ' checked' : ''}${fid(fidv)}><label for="${k}">${esc(t)}</label></p>`;
  };
  const sel = (fidv, t, opts, v) => {
    const k = w.id();
    return `<p class="Fld"><label for="${k}">${esc(t)}</label> ${w.select({ id: fidv, options: opts, value: v }, k)}</p>`;
  };
  const r1 = w.id();
  const r2 = w.id();
  const v = w.id();
  const area = (h, inner) => `<div class="SecArea"><div class="SectionTitle">${esc(h)}</div><div class="SecBody">${inner}</div></div>`;
  const body = `<div class="FormCaption">${esc(u.title)}</div>
<div class="FormButtons"><input type="submit" value="Save &amp; Close"> <input type="button" value="Cancel"></div>
<form method="post" action="#">
${area('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}${box('active', u.active, 'Active')}${box('locked', u.locked, 'Locked')}${sel('level', 'Security Level', u.levels, u.level)}`)}
${area('Credentials', `${text('username', 'Username (Key)', u.username)}<input type="button" value="Generate Key">${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}<input type="button" value="Generate Secret">`)}
${area('API Tracking Identifier', `<p class="Chk"><input type="radio" name="trk" id="${r1}"${u.tracking === 'vendor' ? ' checked' : ''}${fid('vendor-radio')}><label for="${r1}">Integration Vendor</label>
<label for="${v}" style="display:none">Integration Vendor</label>${w.select({ id: 'vendor', options: u.vendors, value: u.vendor }, v)}</p>
<p class="Chk"><input type="radio" name="trk" id="${r2}"${u.tracking === 'custom' ? ' checked' : ''}${fid('custom-radio')}><label for="${r2}">Custom (Internal Integration)</label></p>`)}
</form>`;
  return frames(u.title, page({ title: u.title, body }));
}

export const name = 'nested-frames';
