// The "eyes": turns a document into a plain snapshot for the engine.
// Shared, unchanged, by the content script (live page) and the checker page
// (a saved page parsed with DOMParser, which has no layout: so text comes
// from textContent and visibility from classes and inline styles only).
// It reads; it never decides. Which section or label matters is Rust's call.
(() => {
  'use strict';

  // Section containers of both UI generations, plus plain HTML ones.
  const SECTION = '.DetailsSection, .Section, fieldset, section, [role="region"]';
  // Heading candidates, best first; the first that belongs to the section wins.
  const HEADINGS = [
    '.DetailsSectionHeading .Left .Text',
    '.DetailsSectionHeading',
    '.Heading .Text',
    '.Heading',
    'legend',
    'h1, h2, h3, h4, h5',
  ];
  // Widgets of the current UI that stand for a checkbox or a dropdown.
  const WIDGET_CHECKBOX = '.Checkbox2';
  const WIDGET_PICKER = '.SingleItemSelector2, .SingleDataSelector2';
  const NATIVE = 'input, select, textarea';
  const SKIP_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file']);
  const TEXT_SKIP = new Set(['SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'TEXTAREA', 'TEMPLATE', 'NOSCRIPT']);
  const SECRET_LABEL = /password|secret/i;
  const MAX_LABEL_CLIMB = 6;

  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();

  // Text a person reads in `el`, leaving out controls' own texts (options),
  // links and buttons inside headings, and the subtree `except`.
  function textOf(el, except, skipLinks) {
    let out = '';
    const walk = (node) => {
      if (node === except) return;
      if (node.nodeType === 3) { out += node.nodeValue + ' '; return; }
      if (node.nodeType !== 1) return;
      if (TEXT_SKIP.has(node.tagName)) return;
      if (skipLinks && (node.tagName === 'A' || node.tagName === 'BUTTON' || node.matches('.Button2'))) return;
      for (const child of node.childNodes) walk(child);
    };
    walk(el);
    return clean(out);
  }

  function isHidden(el) {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.hidden || n.classList.contains('Collapsed')) return true;
      const style = (n.getAttribute('style') || '').replace(/\s/g, '').toLowerCase();
      if (style.includes('display:none') || style.includes('visibility:hidden')) return true;
    }
    return false;
  }

  function sectionHeading(section) {
    for (const sel of HEADINGS) {
      for (const cand of section.querySelectorAll(sel)) {
        if (cand.closest(SECTION) !== section) continue;
        const text = textOf(cand, null, true);
        if (text) return text;
      }
    }
    return '';
  }

  // Headings of the section containers around `el`, outermost first.
  function sectionPath(el, headingOf) {
    const path = [];
    for (let s = el.parentElement && el.parentElement.closest(SECTION); s; s = s.parentElement && s.parentElement.closest(SECTION)) {
      const h = headingOf(s);
      if (h) path.unshift(h);
    }
    return path;
  }

  // All controls in page order: native ones, and the widgets that replace them.
  function findControls(doc) {
    const found = [];
    const widgets = doc.querySelectorAll(`${WIDGET_CHECKBOX}, ${WIDGET_PICKER}`);
    const inWidget = (el) => el.parentElement && el.parentElement.closest(`${WIDGET_CHECKBOX}, ${WIDGET_PICKER}`);
    for (const w of widgets) {
      if (inWidget(w)) continue;
      if (w.matches(WIDGET_CHECKBOX)) {
        // The mark goes on the focusable part, where the admin clicks.
        found.push({ el: w.querySelector('.TabIndexHack') || w, widget: w, kind: 'checkbox' });
      } else {
        found.push({ el: w, widget: w, kind: 'select' });
      }
    }
    for (const el of doc.querySelectorAll(NATIVE)) {
      if (inWidget(el)) continue;
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      if (el.tagName === 'INPUT' && SKIP_TYPES.has(type)) continue;
      const kind = el.tagName === 'SELECT' ? 'select'
        : type === 'checkbox' ? 'checkbox'
        : type === 'radio' ? 'radio'
        : type === 'password' ? 'secret'
        : 'text';
      found.push({ el, widget: el, kind });
    }
    // Page order, so handles and results read top to bottom.
    found.sort((a, b) => (a.widget === b.widget ? 0 : (a.widget.compareDocumentPosition(b.widget) & 4 ? -1 : 1)));
    return found;
  }

  function explicitLabel(el, doc) {
    const aria = el.getAttribute('aria-label');
    if (aria && clean(aria)) return clean(aria);
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const text = clean(by.split(/\s+/).map((id) => { const t = doc.getElementById(id); return t ? textOf(t) : ''; }).join(' '));
      if (text) return text;
    }
    const labels = el.labels && el.labels.length ? [...el.labels]
      : el.id ? [...doc.querySelectorAll('label[for]')].filter((l) => l.htmlFor === el.id) : [];
    const text = clean(labels.map((l) => textOf(l)).join(' '));
    if (text) return text;
    const wrap = el.parentElement && el.parentElement.closest('label');
    return wrap ? textOf(wrap) : '';
  }

  // The header cell over column `index` of a row, from the nearest earlier
  // row without controls that has a cell there (a table's thead counts).
  function columnHeader(row, index, isControl) {
    const candidates = [];
    for (let r = row.previousElementSibling; r; r = r.previousElementSibling) candidates.push(r);
    const table = row.closest('table');
    if (table && row.parentElement !== table.tHead && table.tHead) candidates.push(...[...table.tHead.rows].reverse());
    for (const r of candidates) {
      if (hasControl(r, isControl)) continue;
      const cell = r.children[index];
      if (r.children.length > index && cell) return textOf(cell) || null;
    }
    return null;
  }

  function hasControl(el, isControl) {
    for (const d of el.querySelectorAll('*')) if (isControl.has(d)) return true;
    return false;
  }

  function controlsIn(el, isControl) {
    let n = 0;
    if (isControl.has(el)) n++;
    for (const d of el.querySelectorAll('*')) if (isControl.has(d)) n++;
    return n;
  }

  // A label that is only next to the control: in the same row, or, in a
  // permission matrix, the row's name plus the column's header.
  function positionalLabel(widget, isControl) {
    const stop = widget.closest(SECTION);
    let child = widget;
    for (let a = widget.parentElement, i = 0; a && a !== stop && i < MAX_LABEL_CLIMB; child = a, a = a.parentElement, i++) {
      const rowLike = a.tagName === 'TR' || a.getAttribute('role') === 'row';
      const count = controlsIn(a, isControl);
      if (!rowLike && count <= 1) {
        const text = textOf(a, widget);
        if (text) return { label: text, column: null };
        continue;
      }
      const cells = [...a.children];
      const at = cells.indexOf(child);
      const plain = (c) => c && !hasControl(c, isControl) && !isControl.has(c) && textOf(c);
      const rowName = cells.slice(0, at).find(plain);
      if (rowName) return { label: textOf(rowName), column: columnHeader(a, at, isControl) };
      const beside = plain(cells[at + 1]) ? cells[at + 1] : null;
      if (beside) return { label: textOf(beside), column: null };
      if (count > 1) return { label: '', column: null };
    }
    return { label: '', column: null };
  }

  function readState(entry, label) {
    const { el, widget, kind } = entry;
    const state = { checked: null, value: null, options: [], filled: null };
    if (widget !== el || !/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      if (kind === 'checkbox') {
        const cls = (n) => n && n.classList;
        const has = (name) => cls(el).contains(name) || cls(widget).contains(name);
        state.checked = has('Checked') ? true : has('Unchecked') ? false : null;
      } else {
        const shown = widget.querySelector('.Text, .SelectedItem, .Display, input');
        const text = shown ? (shown.tagName === 'INPUT' ? shown.value : textOf(shown)) : textOf(widget);
        state.value = clean(text) || null;
      }
      return state;
    }
    if (kind === 'checkbox' || kind === 'radio') state.checked = !!el.checked;
    else if (kind === 'select') {
      state.options = [...el.options].map((o) => clean(o.textContent));
      const sel = el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null;
      state.value = sel ? clean(sel.textContent) : null;
    } else if (kind === 'secret' || SECRET_LABEL.test(label)) {
      // Never the value of a secret: only whether it is filled.
      state.filled = el.value.length > 0;
    } else state.value = el.value;
    return state;
  }

  function pageHeadings(doc) {
    const out = [];
    for (const h of doc.querySelectorAll('h1, h2, .PageHeading, .TitleBar .Text, .PageTitle')) {
      const t = textOf(h, null, true);
      if (t && !out.includes(t)) out.push(t);
      if (out.length >= 20) break;
    }
    return out;
  }

  /**
   * Snapshot of `doc`. Returns { snapshot, elements }: `elements[handle]` is
   * the element to mark for the control with that handle.
   */
  function take(doc, seq) {
    const headingCache = new Map();
    const headingOf = (s) => {
      if (!headingCache.has(s)) headingCache.set(s, sectionHeading(s));
      return headingCache.get(s);
    };
    const entries = findControls(doc);
    const isControl = new Set(entries.map((e) => e.widget));
    const controls = entries.map((entry, handle) => {
      let label = entry.widget === entry.el && /^(INPUT|SELECT|TEXTAREA)$/.test(entry.el.tagName) ? explicitLabel(entry.el, doc) : '';
      let column = null;
      if (!label) ({ label, column } = positionalLabel(entry.widget, isControl));
      const kind = entry.kind === 'text' && SECRET_LABEL.test(label) ? 'secret' : entry.kind;
      return {
        handle,
        kind,
        label,
        column,
        path: sectionPath(entry.widget, headingOf),
        ...readState({ ...entry, kind }, label),
        disabled: !!(entry.el.disabled || entry.widget.classList.contains('Disabled') || entry.el.classList.contains('Disabled')),
        hidden: isHidden(entry.widget),
      };
    });
    const sections = [...doc.querySelectorAll(SECTION)].map(headingOf).filter(Boolean);
    const root = doc.documentElement;
    return {
      snapshot: {
        seq,
        url: (doc.location && doc.location.href) || doc.URL || '',
        lang: (root && root.getAttribute('lang')) || '',
        title: clean(doc.title),
        headings: pageHeadings(doc),
        sections,
        controls,
      },
      elements: entries.map((e) => e.el),
    };
  }

  globalThis.AsgSnapshot = { take };
})();
