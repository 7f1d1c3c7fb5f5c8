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
  const PICKER_ITEM = '.ItemList .Item, [role="option"]';
  const NATIVE = 'input, select, textarea';
  const SKIP_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file']);
  const TEXT_SKIP = new Set(['SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'TEXTAREA', 'TEMPLATE', 'NOSCRIPT']);
  // A field is a secret by its type, its autocomplete hint or its label
  // ("Password (Secret)"): its value is never read, only whether it is filled.
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

  const hidesItself = (n) => {
    if (n.hidden || n.classList.contains('Collapsed')) return true;
    const style = (n.getAttribute('style') || '').replace(/\s/g, '').toLowerCase();
    return style.includes('display:none') || style.includes('visibility:hidden');
  };

  // Whether `el` or an ancestor hides it; `memo` keeps each ancestor's
  // answer for the snapshot, so thousands of controls share one climb.
  function isHidden(el, memo) {
    const climbed = [];
    let hidden = false;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (memo.has(n)) { hidden = memo.get(n); break; }
      climbed.push(n);
    }
    for (let i = climbed.length - 1; i >= 0; i--) {
      hidden = hidden || hidesItself(climbed[i]);
      memo.set(climbed[i], hidden);
    }
    return hidden;
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

  // All controls in page order: native ones, and the widgets that replace
  // them. One query returns them in document order (no sort: comparing
  // positions of 10,000 controls costs most of a second).
  function findControls(doc) {
    const found = [];
    const inWidget = (el) => el.parentElement && el.parentElement.closest(`${WIDGET_CHECKBOX}, ${WIDGET_PICKER}`);
    for (const el of doc.querySelectorAll(`${WIDGET_CHECKBOX}, ${WIDGET_PICKER}, ${NATIVE}`)) {
      if (inWidget(el)) continue;
      if (el.matches(WIDGET_CHECKBOX)) {
        // The mark goes on the focusable part, where the admin clicks.
        found.push({ el: el.querySelector('.TabIndexHack') || el, widget: el, kind: 'checkbox' });
        continue;
      }
      if (el.matches(WIDGET_PICKER)) {
        found.push({ el, widget: el, kind: 'select' });
        continue;
      }
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      if (el.tagName === 'INPUT' && SKIP_TYPES.has(type)) continue;
      const kind = el.tagName === 'SELECT' ? 'select'
        : type === 'checkbox' ? 'checkbox'
        : type === 'radio' ? 'radio'
        : type === 'password' || /password/i.test(el.getAttribute('autocomplete') || '') ? 'secret'
        : 'text';
      found.push({ el, widget: el, kind });
    }
    return found;
  }

  // Every <label for> by the id it names, read once per snapshot: the
  // element's own `labels` list scans the whole document on each call (10,000
  // controls took 40 s).
  function labelsByFor(doc) {
    const map = new Map();
    for (const l of doc.querySelectorAll('label[for]')) {
      const id = l.getAttribute('for');
      if (!map.has(id)) map.set(id, []);
      map.get(id).push(l);
    }
    return map;
  }

  function explicitLabel(el, doc, byFor) {
    const aria = el.getAttribute('aria-label');
    if (aria && clean(aria)) return clean(aria);
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const text = clean(by.split(/\s+/).map((id) => { const t = doc.getElementById(id); return t ? textOf(t) : ''; }).join(' '));
      if (text) return text;
    }
    // What `el.labels` holds: the <label for> naming its id, and a wrapping
    // <label> without `for`, in page order.
    const labels = (el.id && byFor.get(el.id)) || [];
    const wrap = el.parentElement && el.parentElement.closest('label');
    const own = wrap && !wrap.hasAttribute('for') && !labels.includes(wrap)
      ? [...labels, wrap].sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1)) : labels;
    const text = clean(own.map((l) => textOf(l)).join(' '));
    if (text) return text;
    return wrap ? textOf(wrap) : '';
  }

  // Whether `el` is one row of a grid or list: a table row, or an element of
  // two or more cells next to a sibling of the same shape (Autotask's div
  // matrices and editor rows). A row's cells are read by position.
  function isRow(el) {
    if (el.tagName === 'TR' || el.getAttribute('role') === 'row') return true;
    const n = el.children.length;
    const twin = (s) => s && s.tagName === el.tagName && s.children.length === n;
    return n >= 2 && (twin(el.previousElementSibling) || twin(el.nextElementSibling));
  }

  // A cell a person reads as a name: text, and no control in it.
  const isPlain = (cell, counts) => !!cell && !counts.get(cell) && !!textOf(cell);

  // The name in a label cell: its <label> or primary text when it has one
  // (not the required-field star or a help text beside it), else all its text.
  function labelText(cell) {
    const named = cell.querySelector('label, .PrimaryText');
    return (named && textOf(named)) || textOf(cell);
  }

  // The header over cell `index` of a grid row: the nearest earlier row of the
  // same grid (same number of cells, a table's thead counts) without controls.
  // A two-cell row whose first cell has text is a label/value pair, not a
  // header, so a form row under a read-only field gets no column.
  function columnHeader(row, index, counts) {
    const n = row.children.length;
    const rows = [];
    for (let r = row.previousElementSibling; r; r = r.previousElementSibling) rows.push(r);
    const table = row.closest('table');
    if (table && table.tHead && row.parentElement !== table.tHead) rows.push(...[...table.tHead.rows].reverse());
    for (const r of rows) {
      if (r.children.length !== n) return null;
      if (counts.get(r)) continue;
      if (n < 3 && textOf(r.children[0])) return null;
      return textOf(r.children[index]) || null;
    }
    return null;
  }

  // A label that is only next to the control (no `for`, no wrapping, as on
  // Autotask's pages): climb to the row; the name is the first text cell
  // before the control (a matrix row's name, with its column's header), or
  // else the cell right after it (a checkbox with its label on the right).
  // Read-only text cells ("see above", "not applicable") are skipped that way.
  function positionalLabel(widget, counts) {
    const stop = widget.closest(SECTION);
    let child = widget;
    for (let a = widget.parentElement, i = 0; a && a !== stop && i < MAX_LABEL_CLIMB; child = a, a = a.parentElement, i++) {
      if (counts.get(a) <= 1 && !isRow(a)) {
        const text = textOf(a, widget);
        if (text) return { label: text, column: null };
        continue;
      }
      const cells = [...a.children];
      const at = cells.indexOf(child);
      const name = cells.slice(0, at).find((c) => isPlain(c, counts));
      if (name) return { label: labelText(name), column: columnHeader(a, at, counts) };
      if (isPlain(cells[at + 1], counts)) return { label: labelText(cells[at + 1]), column: null };
      // A row, or several controls, and no name beside this one: no guess.
      return { label: '', column: null };
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
        // A picker shows only its chosen text; its options are known only
        // when its item list is in the page (open, or rendered hidden).
        const shown = widget.querySelector(':scope > .Text, :scope > .SelectedItem, :scope > .Display')
          || widget.querySelector('input:not([type="hidden"])');
        const text = !shown ? '' : shown.tagName === 'INPUT' ? shown.value : textOf(shown);
        state.value = clean(text) || null;
        state.options = [...widget.querySelectorAll(PICKER_ITEM)].map((o) => textOf(o)).filter(Boolean);
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

  // What a text field says about its expected input: its placeholder or
  // title, or a short text right after it ("mm/dd/yyyy"). The engine decides
  // whether that names a date format.
  const MAX_HINT = 40;
  function hintOf(el) {
    const own = clean(el.getAttribute('placeholder') || el.getAttribute('title') || '');
    if (own) return own;
    const next = el.nextElementSibling;
    if (!next || next.matches(NATIVE) || next.querySelector(NATIVE)) return null;
    const text = textOf(next);
    return text && text.length <= MAX_HINT ? text : null;
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

  // The snapshot's work, one control at a time: it yields after each unit
  // of work so that a caller may pause between them (takeInSlices) or not
  // (take). Both run this same code, so they read the same things.
  function* steps(doc, seq) {
    const headingCache = new Map();
    const headingOf = (s) => {
      if (!headingCache.has(s)) headingCache.set(s, sectionHeading(s));
      return headingCache.get(s);
    };
    const entries = findControls(doc);
    yield;
    const byFor = labelsByFor(doc);
    const hiddenMemo = new Map();
    // How many controls each element holds (a control counts itself): tells
    // a label cell from a control's cell, and a one-control row from a matrix.
    const counts = new Map();
    for (const { widget } of entries) {
      for (let n = widget; n && n.nodeType === 1; n = n.parentElement) counts.set(n, (counts.get(n) || 0) + 1);
    }
    yield;
    const controls = [];
    for (let handle = 0; handle < entries.length; handle++) {
      const entry = entries[handle];
      let label = entry.widget === entry.el && /^(INPUT|SELECT|TEXTAREA)$/.test(entry.el.tagName) ? explicitLabel(entry.el, doc, byFor) : '';
      let column = null;
      if (!label) ({ label, column } = positionalLabel(entry.widget, counts));
      const kind = entry.kind === 'text' && SECRET_LABEL.test(label) ? 'secret' : entry.kind;
      controls.push({
        handle,
        kind,
        label,
        column,
        path: sectionPath(entry.widget, headingOf),
        ...readState({ ...entry, kind }, label),
        disabled: !!(entry.el.disabled || entry.widget.classList.contains('Disabled') || entry.el.classList.contains('Disabled')),
        hidden: isHidden(entry.widget, hiddenMemo),
        hint: kind === 'text' ? hintOf(entry.el) : null,
      });
      yield;
    }
    const sections = [...doc.querySelectorAll(SECTION)].map(headingOf).filter(Boolean);
    const root = doc.documentElement;
    return {
      snapshot: {
        seq,
        // A parsed saved page has no location (its URL would be the checker's own).
        url: doc.location ? doc.location.href : '',
        lang: (root && root.getAttribute('lang')) || '',
        title: clean(doc.title),
        headings: pageHeadings(doc),
        sections,
        controls,
      },
      elements: entries.map((e) => e.el),
    };
  }

  /**
   * Snapshot of `doc`, in one go. Returns { snapshot, elements }:
   * `elements[handle]` is the element to mark for the control with that handle.
   */
  function take(doc, seq) {
    const it = steps(doc, seq);
    for (;;) {
      const r = it.next();
      if (r.done) return r.value;
    }
  }

  // Hands the main thread back to the browser (input, painting) for a moment.
  // scheduler.yield where there is one; else a message to ourselves, which,
  // unlike a timer, a background tab does not slow to once a second.
  const pause = () => {
    if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
      channel.port2.postMessage(null);
    });
  };

  /**
   * The same snapshot in slices of at most about `sliceMs` each, pausing
   * between them. The page may change during a pause: `stillValid()` is asked
   * after each one, and a false answer abandons the snapshot (resolves to
   * null), so a snapshot mixing two states of the page is never returned.
   * `onSlice(start, end)` hears of each slice, for measuring.
   */
  async function takeInSlices(doc, seq, sliceMs, stillValid, onSlice = () => {}) {
    const it = steps(doc, seq);
    let sliceStart = performance.now();
    for (;;) {
      const r = it.next();
      const now = performance.now();
      if (r.done) {
        onSlice(sliceStart, now);
        return r.value;
      }
      if (now - sliceStart < sliceMs) continue;
      onSlice(sliceStart, now);
      await pause();
      if (!stillValid()) return null;
      sliceStart = performance.now();
    }
  }

  globalThis.AsgSnapshot = { take, takeInSlices, pause };
})();
