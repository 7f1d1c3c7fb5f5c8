// The "eyes": turns a document into a plain snapshot for the engine
// (snapshot format 2, docs/snapshot-format.md). Shared, unchanged, by the
// content script (live page) and the checker page (a saved page parsed with
// DOMParser, which has no layout: so text comes from text nodes and
// visibility from attributes, classes and inline styles only).
//
// It reports what a person sees, in page order: text runs and controls,
// with the hints a reader uses (heading-like, hidden, link text, grid row
// and cell, which texts share a line). It never decides which text is a
// section, a label or a column: the engine (src/reading.rs) does.
// Widget markup is known here only to read a control's kind and state.
export const AsgSnapshot = (() => {
  'use strict';

  const NATIVE = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
  const SKIP_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file']);
  // Never read as text: scripts, styles, and what a control shows itself.
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'OPTION', 'HEAD', 'TITLE', 'SVG', 'svg', 'IFRAME', 'FRAME', 'OBJECT']);
  // Elements that flow inside a line; any other element starts a block.
  const INLINE = new Set(['A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'CODE', 'EM', 'FONT', 'I', 'IMG', 'KBD', 'LABEL', 'MARK', 'NOBR', 'Q', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'WBR', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA']);
  // Not `dt`: a definition list's term is the label of the `dd` after it.
  const HEADING_TAGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LEGEND', 'TH', 'B', 'STRONG', 'CAPTION']);
  const HEADING_CLASS = /heading|title|header/i;
  const CELL_TAGS = new Set(['TD', 'TH']);
  const ROW_ROLES = new Set(['row']);
  const CELL_ROLES = new Set(['cell', 'gridcell', 'columnheader', 'rowheader']);
  // Image checkboxes of classic pages: a file name pair, matched whole.
  const IMAGE_BOXES = new Map([['checkbox_complete.png', true], ['checkbox_incomplete.png', false]]);
  const IMAGE_BOX_WORD = /check|tick/i;
  const PICKER_ITEM = '.ItemList .Item, [role="option"]';
  // A field is a secret by its type, its autocomplete hint or its label
  // ("Password (Secret)"): its value is never read, only whether it is filled.
  const SECRET = /password|secret/i;
  const MAX_HINT = 40;
  // How often the walk offers to pause (takeInSlices), in nodes.
  const NODES_PER_STEP = 400;

  const wellFormed = (s) => (typeof s.toWellFormed === 'function' ? s.toWellFormed()
    : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  // Characters nobody sees: zero-width spaces and joiners, the word joiner,
  // a byte-order mark, a soft hyphen. A label split by one reads as one word.
  const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
  const clean = (s) => wellFormed((s || '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim());
  const cls = (el) => (typeof el.className === 'string' ? el.className : el.getAttribute('class') || '');
  const hasClass = (el, name) => !!el && !!el.classList && el.classList.contains(name);
  const role = (el) => (el.getAttribute('role') || '').toLowerCase();

  // Text a person reads in `el`, without controls' own texts and `skip`'s subtree.
  function textOf(el, skip) {
    let out = '';
    const walk = (node) => {
      if (node === skip) return;
      if (node.nodeType === 3) { out += `${node.nodeValue} `; return; }
      if (node.nodeType !== 1 || SKIP_TAGS.has(node.tagName) || NATIVE.has(node.tagName)) return;
      if (hidesItself(node)) return;
      for (const child of node.childNodes) walk(child);
    };
    walk(el);
    return clean(out);
  }

  function hidesItself(n) {
    if (n.hidden || hasClass(n, 'Collapsed')) return true;
    const style = (n.getAttribute('style') || '').replace(/\s/g, '').toLowerCase();
    return style.includes('display:none') || style.includes('visibility:hidden');
  }

  const ariaChecked = (el) => {
    const v = (el.getAttribute('aria-checked') || el.getAttribute('aria-pressed') || '').toLowerCase();
    return v === 'true' ? true : v === 'false' ? false : null;
  };

  // What kind of control `el` is, if any: { kind, mark, state(), inside }.
  // `inside` says whether its own text (if any) is read as its label.
  // `popups`: each combobox's popup list (aria-controls / aria-owns), which
  // is part of that one dropdown, not a control of its own.
  function controlOf(el, popups) {
    const tag = el.tagName;
    if (NATIVE.has(tag)) {
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      if (tag === 'INPUT' && SKIP_TYPES.has(type)) return null;
      const kind = tag === 'SELECT' ? 'select' : tag === 'TEXTAREA' ? 'text'
        : type === 'checkbox' ? 'checkbox' : type === 'radio' ? 'radio'
        : type === 'password' || /password/i.test(el.getAttribute('autocomplete') || '') ? 'secret' : 'text';
      return { kind, mark: el, native: true };
    }
    if (hasClass(el, 'Checkbox2')) {
      const hack = el.querySelector('.TabIndexHack') || el;
      const on = hasClass(hack, 'Checked') || hasClass(el, 'Checked');
      const off = hasClass(hack, 'Unchecked') || hasClass(el, 'Unchecked');
      return { kind: 'checkbox', mark: hack, checked: on ? true : off ? false : null, inside: true };
    }
    if (hasClass(el, 'RadioButtonItem')) {
      const on = hasClass(el, 'Checked') || hasClass(el, 'Selected');
      const off = hasClass(el, 'Unchecked');
      return { kind: 'radio', mark: el, checked: on ? true : off ? false : null, inside: true };
    }
    if (hasClass(el, 'SingleItemSelector2') || hasClass(el, 'SingleDataSelector2')) return picker(el);
    const r = role(el);
    if (r === 'checkbox' || r === 'switch' || r === 'radio' || r === 'menuitemcheckbox' || r === 'menuitemradio') {
      return { kind: r.includes('radio') ? 'radio' : 'checkbox', mark: el, checked: ariaChecked(el), inside: true };
    }
    if (r === 'combobox' || r === 'listbox') return picker(el, popups.get(el));
    // A button that opens a list of choices (a custom select): it shows the
    // chosen text; its list may exist only while open.
    if ((tag === 'BUTTON' || r === 'button') && (el.getAttribute('aria-haspopup') || '').toLowerCase() === 'listbox') return picker(el, popups.get(el));
    if (tag === 'IMG') {
      const src = (el.getAttribute('src') || '').split(/[?#]/)[0];
      const file = src.slice(src.lastIndexOf('/') + 1).toLowerCase();
      if (IMAGE_BOXES.has(file)) return { kind: 'checkbox', mark: el, checked: IMAGE_BOXES.get(file) };
      // Looks like a checkbox, but not one of the known pair: a control
      // whose state is unreadable, never "on" because its name says so.
      if (IMAGE_BOX_WORD.test(file)) return { kind: 'checkbox', mark: el, checked: null };
    }
    return null;
  }

  // A picker's choice: its selected item when its list is in the page, else
  // the text it shows outside its (hidden) list.
  function picker(el, popup) {
    const items = [...el.querySelectorAll(PICKER_ITEM), ...(popup ? popup.querySelectorAll(PICKER_ITEM) : [])];
    const selected = items.filter((i) => hasClass(i, 'Selected') || i.getAttribute('aria-selected') === 'true');
    // The chosen item, even a blank one (nothing chosen: readable, empty).
    let value = selected.length === 1 ? textOf(selected[0]) : null;
    if (value === null) {
      const valueText = el.getAttribute('aria-valuetext');
      const input = el.tagName === 'INPUT' ? el : el.querySelector('input:not([type="hidden"])');
      const list = el.querySelector('.ItemList, [role="listbox"]');
      // Nothing shown: a picker whose list is in the page but marks no item
      // is unreadable; one whose list is not (fetched when opened) shows
      // all there is to see: nothing chosen.
      value = clean(valueText || '') || textOf(el, list) || (input ? clean(input.value) : '') || (list || popup || items.length ? null : '');
    }
    return {
      kind: 'select',
      mark: el,
      value,
      options: items.map((i) => textOf(i)).filter(Boolean),
      widget: true,
    };
  }

  // Whether `el` is one row of a div grid: two or more cells, next to a
  // sibling of the same shape (Autotask's div matrices and editor rows). A
  // row may hold more cells than its header (read-only cells past the
  // header's columns), so a sibling marked alike (a shared class, the same
  // inline style) is a twin whatever its width: a matrix of one row under
  // its header row is still a grid.
  const tokens = (el) => cls(el).split(/\s+/).filter(Boolean);
  // A row's cells are boxes: children that flow inline (a paragraph's
  // spans, a label and its field on one line) make a line, not a row.
  const boxes = (el) => {
    let n = 0;
    for (const child of el.children) if (!INLINE.has(child.tagName) || CELL_ROLES.has(role(child))) n++;
    return n;
  };
  function isDivRow(el) {
    if (ROW_ROLES.has(role(el))) return true;
    const n = el.children.length;
    if (n < 2 || boxes(el) < 2) return false;
    const mine = tokens(el);
    const style = el.getAttribute('style');
    const twin = (s) => !!s && s.tagName === el.tagName && s.children.length >= 2
      && (s.children.length === n || (!!style && s.getAttribute('style') === style) || tokens(s).some((t) => mine.includes(t)));
    return twin(el.previousElementSibling) || twin(el.nextElementSibling);
  }

  const colspan = (el) => Math.max(1, Math.min(1000, parseInt(el.getAttribute('colspan') || '1', 10) || 1));

  // A text field's hint: its placeholder or title, or a short text right
  // after it ("mm/dd/yyyy"). The engine decides whether it names a format.
  function hintOf(el) {
    const own = clean(el.getAttribute('placeholder') || el.getAttribute('title') || '');
    if (own) return own;
    const next = el.nextElementSibling;
    if (!next || NATIVE.has(next.tagName) || next.querySelector('input, select, textarea')) return null;
    const text = textOf(next);
    return text && text.length <= MAX_HINT ? text : null;
  }

  // The whole walk, in document order, as a generator that yields every
  // NODES_PER_STEP nodes so that takeInSlices may pause between steps.
  function* steps(doc, seq) {
    const texts = [];
    const controls = [];
    const entries = [];
    const items = []; // every text and control, in stream order
    // aria-labelledby: which element each referenced element names.
    const namedBy = new Map();
    for (const el of doc.querySelectorAll('[aria-labelledby]')) {
      for (const id of el.getAttribute('aria-labelledby').split(/\s+/)) {
        const target = id && doc.getElementById(id);
        if (target && !namedBy.has(target)) namedBy.set(target, el);
      }
    }
    // A combobox's popup list: read with the combobox, never walked itself.
    const popups = new Map(); // combobox -> its list
    const popupLists = new Set();
    for (const el of doc.querySelectorAll('[role="combobox"]')) {
      for (const id of `${el.getAttribute('aria-controls') || ''} ${el.getAttribute('aria-owns') || ''}`.split(/\s+/)) {
        const list = id && doc.getElementById(id);
        if (list && list !== el && !list.contains(el) && !popups.has(el)) {
          popups.set(el, list);
          popupLists.add(list);
        }
      }
    }
    const byId = new Map(); // control element id -> handle (for <label for>)
    const wrapOwner = new Map(); // wrapping <label> -> handle
    const ownerHandle = new Map(); // element with aria-labelledby -> handle
    const grids = new Map(); // table or row container -> { id, rows }
    const rowOf = new Map(); // item -> the grid row it sits in
    let blocks = 0;

    // The context of the element being walked, inherited by its subtree.
    // `key`: text under the same key joins one run (inline formatting such
    // as <b> or <span> does not split a run; a block, link or label does).
    const root = doc.body || doc.documentElement;
    if (!root) return emptySnapshot(seq);
    const top = { el: null, key: null, hidden: false, heading: false, link: false, block: 0, look: '', cell: null, row: null, labelFor: null, labelEl: null, namer: null, inside: null, start: 0 };
    top.key = top;
    const stack = [top];
    let run = null; // the text run being built
    const pending = []; // items not yet in a group (see `leave`)

    const push = (item) => {
      item.at = items.length;
      items.push(item);
      pending.push(item);
    };

    const flush = () => {
      if (!run) return;
      const text = clean(run.text);
      if (text) {
        run.item.text = text;
        run.item.heading = run.heading;
        push(run.item);
        texts.push(run.item);
      }
      run = null;
    };

    const position = (ctx) => (ctx.row ? { grid: ctx.row.grid.id, row: ctx.row.row, ...(ctx.cell === null ? {} : { cell: ctx.cell }) } : {});

    const addText = (node, ctx) => {
      const value = node.nodeValue;
      if (!value) return;
      if (run && run.key !== ctx.key) flush();
      if (!value.trim()) {
        if (run) run.text += ' ';
        return;
      }
      if (!run) {
        run = {
          key: ctx.key,
          text: '',
          heading: true,
          // `look`: its block's tag and class, only ever compared for
          // equality (two headings marked alike look alike).
          item: { text: '', heading: false, hidden: ctx.hidden, link: ctx.link, block: ctx.block, look: ctx.look, group: 0, ...position(ctx), ctx },
        };
        if (ctx.row) rowOf.set(run.item, ctx.row);
      }
      run.text += value;
      run.heading = run.heading && ctx.heading;
    };

    const addControl = (el, found, ctx) => {
      flush();
      const handle = controls.length;
      const c = {
        handle,
        at: 0,
        kind: found.kind,
        checked: found.checked === undefined ? null : found.checked,
        value: found.value === undefined ? null : found.value,
        options: found.options || [],
        filled: null,
        disabled: !!(el.disabled || hasClass(el, 'Disabled') || hasClass(found.mark, 'Disabled') || el.getAttribute('aria-disabled') === 'true'),
        hidden: ctx.hidden,
        hint: null,
        ariaLabel: clean(el.getAttribute('aria-label') || '') || null,
        title: clean(el.getAttribute('title') || el.getAttribute('alt') || '') || null,
        block: ctx.block,
        group: 0,
        ...position(ctx),
      };
      if (el.id) byId.set(el.id, handle);
      if (ctx.labelEl && !ctx.labelFor && !wrapOwner.has(ctx.labelEl)) wrapOwner.set(ctx.labelEl, handle);
      if (el.hasAttribute('aria-labelledby')) ownerHandle.set(el, handle);
      if (ctx.row) rowOf.set(c, ctx.row);
      controls.push(c);
      push(c);
      entries.push({ el, found, mark: found.mark });
      return handle;
    };

    // Entering element `el` under `parent`: its context.
    const enter = (el, parent) => {
      const tag = el.tagName;
      const r = role(el);
      const ctx = { ...parent, el };
      ctx.hidden = parent.hidden || hidesItself(el);
      ctx.heading = parent.heading || HEADING_TAGS.has(tag) || r === 'heading' || r === 'columnheader' || HEADING_CLASS.test(cls(el));
      ctx.link = parent.link || tag === 'A' || tag === 'BUTTON' || r === 'button' || r === 'link' || r === 'tab' || hasClass(el, 'Button2');
      const inline = INLINE.has(tag);
      if (!inline) {
        ctx.block = ++blocks;
        ctx.look = `${tag.toLowerCase()}.${cls(el).trim().replace(/\s+/g, '.').slice(0, 80)}`;
      }
      if (tag === 'LABEL') {
        ctx.labelEl = el;
        ctx.labelFor = el.getAttribute('for') || null;
      }
      if (namedBy.has(el)) ctx.namer = namedBy.get(el);
      const same = inline && ctx.hidden === parent.hidden && ctx.link === parent.link && ctx.labelEl === parent.labelEl && ctx.namer === parent.namer;
      ctx.key = same ? parent.key : ctx;
      // Grid position: the nearest table row or div row wins.
      if (tag === 'TABLE' || r === 'grid' || r === 'table' || r === 'treegrid') grids.set(el, { id: grids.size + 1, rows: 0 });
      const isRow = tag === 'TR' || (!inline && !CELL_TAGS.has(tag) && !/^(TABLE|TBODY|THEAD|TFOOT)$/.test(tag) && !!el.parentElement && isDivRow(el));
      if (isRow) {
        const container = (tag === 'TR' && el.closest('table')) || el.parentElement;
        if (!grids.has(container)) grids.set(container, { id: grids.size + 1, rows: 0 });
        const grid = grids.get(container);
        const row = { grid, row: grid.rows++, cells: 0, el, inner: false };
        if (parent.row) parent.row.inner = true;
        ctx.row = row;
        ctx.cell = null;
      } else if (parent.row && parent.row.el === parent.el) {
        // A direct child of a row is one of its cells (a table's, by colspan).
        ctx.cell = parent.row.cells;
        parent.row.cells += CELL_TAGS.has(tag) ? colspan(el) : 1;
        // Cells are read apart, even inline ones (`<span role="cell">`).
        ctx.key = ctx;
      }
      if (ctx.key !== parent.key) flush();
      ctx.start = items.length;
      return ctx;
    };

    // Leaving a block: the items inside it that are not yet in a group share
    // it when it holds more than one (what a person reads as one line or row).
    const leave = (ctx) => {
      if (ctx.key !== stack[stack.length - 1].key) flush();
      if (ctx.block === stack[stack.length - 1].block) return;
      if (items.length - ctx.start > 1) {
        while (pending.length && pending[pending.length - 1].at >= ctx.start) pending.pop().group = ctx.block;
      }
    };
    const pop = () => { const ctx = stack.pop(); leave(ctx); };

    let node = root;
    let count = 0;
    // Iterative walk: deep pages must not overflow the stack.
    for (;;) {
      const parent = stack[stack.length - 1];
      let descend = false;
      if (node.nodeType === 3) {
        addText(node, parent);
      } else if (node.nodeType === 1 && !SKIP_TAGS.has(node.tagName) && !popupLists.has(node)) {
        const found = parent.inside === null ? controlOf(node, popups) : null;
        const ctx = enter(node, parent);
        if (found) {
          const handle = addControl(node, found, ctx);
          // Its own text is its label (an ARIA checkbox's content, a radio item's text).
          if (found.inside && node.firstChild) {
            ctx.inside = handle;
            ctx.key = ctx;
            descend = true;
          }
        } else descend = true;
        if (descend) stack.push(ctx);
        else leave(ctx);
      }
      if (descend && node.firstChild) node = node.firstChild;
      else {
        if (descend) pop();
        while (node !== root && !node.nextSibling) {
          node = node.parentNode;
          if (stack.length > 1 && stack[stack.length - 1].el === node) pop();
        }
        if (node === root) break;
        node = node.nextSibling;
      }
      if (++count % NODES_PER_STEP === 0) yield;
    }
    while (stack.length > 1) pop();
    flush();

    // Who each label text belongs to, now that every control is known.
    for (const t of texts) {
      const { ctx } = t;
      delete t.ctx;
      let of = ctx.inside;
      if (of === null && ctx.labelFor && byId.has(ctx.labelFor)) of = byId.get(ctx.labelFor);
      if (of === null && ctx.labelEl && !ctx.labelFor && wrapOwner.has(ctx.labelEl)) of = wrapOwner.get(ctx.labelEl);
      if (of === null && ctx.namer && ownerHandle.has(ctx.namer)) of = ownerHandle.get(ctx.namer);
      if (of !== null) t.of = of;
    }
    yield;
    // A row that holds another row is a layout box, not a grid row.
    for (const [item, row] of rowOf) {
      if (row.inner) { delete item.grid; delete item.row; delete item.cell; } else item.cells = row.cells;
    }
    // States read last: a text field is a secret when anything beside it says so.
    for (const c of controls) {
      const { el, found } = entries[c.handle];
      if (!found.native) continue;
      if (c.kind === 'checkbox' || c.kind === 'radio') c.checked = !!el.checked;
      else if (c.kind === 'select') {
        c.options = [...el.options].map((o) => clean(o.textContent));
        const sel = el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null;
        c.value = sel ? clean(sel.textContent) : null;
      } else {
        if (c.kind === 'text' && looksSecret(c, el, items)) c.kind = 'secret';
        if (c.kind === 'secret') c.filled = el.value.length > 0;
        else {
          c.value = wellFormed(el.value);
          c.hint = hintOf(el);
        }
      }
    }
    const docEl = doc.documentElement;
    return {
      snapshot: {
        format: 2,
        seq,
        // A parsed saved page has no location (its URL would be the checker's own).
        url: doc.location ? doc.location.href : '',
        lang: (docEl && docEl.getAttribute('lang')) || '',
        title: clean(doc.title),
        texts,
        controls,
      },
      elements: entries.map((e) => e.mark),
    };
  }

  // A text field whose own attributes or nearest texts say "password" or
  // "secret": only whether it is filled is read, never its value.
  function looksSecret(c, el, items) {
    const own = [el.getAttribute('name'), el.getAttribute('id'), el.getAttribute('placeholder'), c.ariaLabel, c.title];
    if (own.some((s) => s && SECRET.test(s))) return true;
    for (const d of [-1, -2, 1]) {
      const near = items[c.at + d];
      if (near && near.text !== undefined && (near.group === c.group || near.of === c.handle) && SECRET.test(near.text)) return true;
    }
    return false;
  }

  // Every element `controlOf` may take for a control, and more (a superset:
  // a page this finds nothing in has no control the walk would read).
  const MAYBE_CONTROL = [
    `input${[...SKIP_TYPES].map((t) => `:not([type="${t}" i])`).join('')}`, 'select', 'textarea',
    '.Checkbox2', '.RadioButtonItem', '.SingleItemSelector2', '.SingleDataSelector2',
    ...['checkbox', 'switch', 'radio', 'menuitemcheckbox', 'menuitemradio', 'combobox', 'listbox'].map((r) => `[role="${r}" i]`),
    'img[src*="check" i]', 'img[src*="tick" i]',
  ].join(',');

  /** Whether `doc` may hold a control the snapshot would read (one query). */
  function hasControls(doc) {
    return doc.querySelector(MAYBE_CONTROL) !== null;
  }

  // The headings a survey reads: the elements whose texts the walk marks heading-like.
  const SURVEY_HEADINGS = [...HEADING_TAGS].map((t) => t.toLowerCase()).concat(['[role="heading" i]', '[role="columnheader" i]',
    '[class*="heading" i]', '[class*="title" i]', '[class*="header" i]']).join(',');
  const SURVEY_MAX = 20;

  /**
   * A survey of a page with no control (hasControls false): its address,
   * language, title and first headings, as a format 2 snapshot without
   * controls, for the engine to judge what such a page is (no access,
   * another language, none of ours). No walk of the page's texts.
   */
  function survey(doc, seq) {
    const { snapshot } = emptySnapshot(seq);
    // The engine asks for the whole page when a survey is not enough (report.lookCloser).
    snapshot.survey = true;
    // As the walk reads them (steps).
    snapshot.url = doc.location ? doc.location.href : '';
    snapshot.lang = (doc.documentElement && doc.documentElement.getAttribute('lang')) || '';
    snapshot.title = clean(doc.title);
    const seen = new Set();
    for (const el of doc.querySelectorAll(SURVEY_HEADINGS)) {
      if (snapshot.texts.length >= SURVEY_MAX) break;
      // The outermost heading-like element holds the text once.
      if (el.parentElement && el.parentElement.closest(SURVEY_HEADINGS)) continue;
      if (el.closest('[hidden], .Collapsed, [data-asg-ui]')) continue;
      const text = textOf(el);
      if (!text || seen.has(text)) continue;
      seen.add(text);
      const at = snapshot.texts.length;
      snapshot.texts.push({ text, at, heading: true, block: at + 1, group: at + 1, look: el.tagName.toLowerCase() });
    }
    return { snapshot, elements: [] };
  }

  function emptySnapshot(seq) {
    return { snapshot: { format: 2, seq, url: '', lang: '', title: '', texts: [], controls: [] }, elements: [] };
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
   * `onSlice(start, end)` hears of each slice, for measuring; `rest` is
   * how to pause (the checker page's lets its timers run too).
   */
  async function takeInSlices(doc, seq, sliceMs, stillValid, onSlice = () => {}, rest = pause) {
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
      await rest();
      if (!stillValid()) return null;
      sliceStart = performance.now();
    }
  }

  return { take, takeInSlices, pause, hasControls, survey };
})();
