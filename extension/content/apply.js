// "Apply profile" and "Undo": set each control the report says must change
// to the state it names, the way a person does it (a click, a key, choosing
// an item in a list), so the page's own scripts do the change. Every change
// is read back from the page; one the page did not take is undone and named
// to the admin to set by hand, never reported as done. Never saves.
export const AsgApply = (() => {
  'use strict';
  const WIDGET_CHECKBOX = '.Checkbox2';
  const RADIO_ITEM = '.RadioButtonItem';
  const PICKER = '.SingleItemSelector2, .SingleDataSelector2';
  const PICKER_ITEMS = '.ItemList .Item, [role="option"], li';
  const ARIA_TOGGLE = new Set(['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']);
  // An image checkbox's two pictures, by whole file name (facts: classic pages).
  const IMAGE_STATES = { 'checkbox_complete.png': 'on', 'checkbox_incomplete.png': 'off' };
  // How long a page's handler may take to show a change (a re-render in the
  // next task or frame) before the next way of activating is tried.
  const SETTLE_MS = [0, 16, 50];
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const same = (a, b) => a !== null && b !== null && clean(a).toLowerCase() === clean(b).toLowerCase();
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const isNative = (el, tag, type) => el.tagName === tag && (!type || (el.type || '').toLowerCase() === type);
  const role = (el) => (el.getAttribute('role') || '').toLowerCase();
  const imageState = (el) => {
    if (el.tagName !== 'IMG') return undefined;
    const file = (el.getAttribute('src') || '').split(/[?#]/)[0].split('/').pop().toLowerCase();
    return IMAGE_STATES[file] || null;
  };

  // What kind of control `el` is, for setting it.
  function kindOf(el) {
    if (isNative(el, 'INPUT', 'checkbox')) return 'native-checkbox';
    if (isNative(el, 'INPUT', 'radio')) return 'native-radio';
    if (isNative(el, 'SELECT')) return 'native-select';
    if (el.tagName === 'IMG' && imageState(el) !== undefined) return 'image';
    // Autotask's own widgets first: they may carry ARIA roles as well.
    if (el.matches(RADIO_ITEM)) return 'radio-item';
    if (el.closest(WIDGET_CHECKBOX)) return 'widget-checkbox';
    if (el.closest(PICKER)) return 'picker';
    if (ARIA_TOGGLE.has(role(el))) return role(el).endsWith('radio') ? 'aria-radio' : 'aria-toggle';
    if (role(el) === 'combobox') return 'combobox';
    if (role(el) === 'listbox') return 'listbox';
    return null;
  }

  const classState = (...nodes) => {
    const has = (c) => nodes.some((n) => n && n.classList.contains(c));
    if (has('Unchecked')) return 'off';
    if (has('Checked') || has('Selected')) return 'on';
    return null;
  };
  const ariaChecked = (el) => {
    const v = (el.getAttribute('aria-checked') || '').toLowerCase();
    return v === 'true' ? 'on' : v === 'false' ? 'off' : null;
  };

  // The options a list-like control offers, wherever its list is in the page.
  function optionsOf(el) {
    const doc = el.ownerDocument;
    const lists = [el];
    for (const attr of ['aria-controls', 'aria-owns']) {
      for (const id of (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)) {
        const list = doc.getElementById(id);
        if (list) lists.push(list);
      }
    }
    const sel = kindOf(el) === 'picker' ? PICKER_ITEMS : '[role="option"]';
    const picker = el.closest(PICKER) || el;
    return [...new Set(lists.flatMap((l) => [...(l === el ? picker : l).querySelectorAll(sel)]))];
  }

  // Text of `el` without its list's options (a combobox shows its choice beside them).
  function ownText(el) {
    let out = '';
    const walk = (n) => {
      if (n.nodeType === 3) out += `${n.nodeValue} `;
      else if (n.nodeType === 1 && role(n) !== 'listbox' && role(n) !== 'option' && !n.matches('.ItemList, template, script, style')) n.childNodes.forEach(walk);
    };
    walk(el);
    return clean(out);
  }

  // The control's state in the words the engine uses: "on"/"off" or the
  // chosen option's text; null when it cannot be read.
  function readState(el) {
    switch (kindOf(el)) {
      case 'native-checkbox':
      case 'native-radio':
        return el.checked ? 'on' : 'off';
      case 'native-select':
        return el.selectedIndex >= 0 ? clean(el.options[el.selectedIndex].textContent) : null;
      case 'image':
        return imageState(el);
      case 'aria-toggle':
      case 'aria-radio':
        return ariaChecked(el);
      case 'radio-item':
        return ariaChecked(el) || classState(el);
      case 'widget-checkbox':
        return classState(el, el.closest(WIDGET_CHECKBOX)) || ariaChecked(el);
      case 'listbox': {
        const chosen = optionsOf(el).filter((o) => o.getAttribute('aria-selected') === 'true');
        return chosen.length === 1 ? clean(chosen[0].textContent) : null;
      }
      case 'combobox':
        return isNative(el, 'INPUT') ? clean(el.value) : ownText(el) || null;
      case 'picker': {
        const picker = el.closest(PICKER);
        const shown = picker.querySelector(':scope > .Text, :scope > .SelectedItem, :scope > .Display')
          || picker.querySelector('input:not([type="hidden"])');
        if (!shown) return ownText(picker) || null;
        return clean(shown.tagName === 'INPUT' ? shown.value : shown.textContent) || null;
      }
      default:
        return null;
    }
  }

  const disabled = (el) => el.disabled || el.getAttribute('aria-disabled') === 'true'
    || el.classList.contains('Disabled') || !!(el.closest(WIDGET_CHECKBOX) && el.closest(WIDGET_CHECKBOX).classList.contains('Disabled'));

  // Waits a little for the page to show the change; true once `done()`.
  async function settled(done) {
    for (const ms of SETTLE_MS) {
      if (ms) await wait(ms);
      if (done()) return true;
    }
    return false;
  }

  const mouse = (el) => {
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
      const Kind = type.startsWith('pointer') && typeof PointerEvent === 'function' ? PointerEvent : MouseEvent;
      el.dispatchEvent(new Kind(type, { bubbles: true, cancelable: true, composed: true, view: window, button: 0 }));
    }
  };
  const key = (el, name) => {
    if (typeof el.focus === 'function') el.focus({ preventScroll: true });
    const code = name === ' ' ? 'Space' : name;
    for (const type of ['keydown', 'keyup']) el.dispatchEvent(new KeyboardEvent(type, { key: name, code, bubbles: true, cancelable: true, composed: true }));
  };

  // Activates `el` as a person would, one way after another, until `done()`:
  // a click; the pointer's down and up (widgets that act on mousedown); then
  // Space (the key a checkbox or radio answers to). A way that changed
  // nothing has no effect to undo; each is tried only while nothing changed.
  async function activate(el, done, keys = [' ']) {
    const ways = [() => el.click(), () => mouse(el), ...keys.map((k) => () => key(el, k))];
    for (const way of ways) {
      way();
      if (await settled(done)) return true;
    }
    return false;
  }

  // The other choices of a radio's group: a native radio's name in its form,
  // an ARIA radio's radiogroup, an Autotask radio's nearest container of more than one item.
  function radioPeers(el) {
    if (isNative(el, 'INPUT', 'radio')) {
      if (!el.name) return [];
      const scope = el.form || el.ownerDocument;
      return [...scope.querySelectorAll('input[type="radio"]')].filter((r) => r !== el && r.name === el.name);
    }
    const sel = kindOf(el) === 'aria-radio' ? '[role="radio"]' : RADIO_ITEM;
    const group = kindOf(el) === 'aria-radio' && el.closest('[role="radiogroup"]');
    let scope = group || null;
    for (let a = el.parentElement, i = 0; !scope && a && i < 4; a = a.parentElement, i++) {
      if (a.querySelectorAll(sel).length > 1) scope = a;
    }
    return scope ? [...scope.querySelectorAll(sel)].filter((r) => r !== el) : [];
  }

  // Chooses the option `want` in a picker, a combobox or a listbox: opens its
  // list when it has to, then picks the item. No item of that text: the list
  // is closed again and the control left as it was.
  async function choose(el, want) {
    const isWant = () => same(readState(el), want);
    const find = () => optionsOf(el).find((o) => same(o.textContent, want));
    let item = find();
    const opener = kindOf(el) === 'picker' ? el.closest(PICKER) : el;
    let opened = false;
    if (!item && kindOf(el) !== 'listbox') {
      opener.click();
      opened = true;
      await settled(() => !!find());
      item = find();
    }
    if (item && !(item.getAttribute('aria-disabled') === 'true' || item.classList.contains('Disabled'))) {
      if (await activate(item, isWant, ['Enter'])) return true;
    }
    // Close what we opened: Escape, as a person would.
    if (opened && !isWant()) key(opener, 'Escape');
    return isWant();
  }

  async function setState(el, want) {
    if (same(readState(el), want)) return true;
    if (disabled(el)) return false;
    const isWant = () => same(readState(el), want);
    switch (kindOf(el)) {
      case 'native-checkbox':
        el.click();
        return isWant();
      case 'native-radio':
        if (want === 'on') el.click();
        else {
          // Only Undo asks for a radio off, when none of its group was on before.
          el.checked = false;
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
        }
        return isWant();
      case 'native-select': {
        const option = [...el.options].find((o) => same(o.textContent, want));
        if (!option || option.disabled) return false;
        el.value = option.value;
        option.selected = true;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return isWant();
      }
      case 'image':
      case 'aria-toggle':
      case 'aria-radio':
      case 'radio-item':
      case 'widget-checkbox':
        return activate(el, isWant);
      case 'picker':
      case 'combobox':
      case 'listbox':
        return choose(el, want);
      default:
        return false;
    }
  }

  /**
   * Applies `changes` ([{el, want, name}], `el` null when the page has no
   * element for it); resolves to {undo: [{el, want}], ignored: [name]}: what
   * to set back for Undo, and the controls to set by hand (not found, not
   * readable, or the page did not take the change).
   */
  async function apply(changes) {
    const undo = [];
    const ignored = [];
    for (const { el, want, name } of changes) {
      const before = el && el.isConnected ? readState(el) : null;
      if (before === null) {
        ignored.push(name);
        continue;
      }
      if (same(before, want)) continue;
      const radio = /radio/.test(kindOf(el)) && want === 'on';
      const peer = radio ? radioPeers(el).find((r) => readState(r) === 'on') : null;
      if (await setState(el, want)) {
        undo.push(peer ? { el: peer, want: 'on', name } : { el, want: before, name });
      } else {
        ignored.push(name);
        // Leave no half-made change behind.
        if (!same(readState(el), before)) await setState(peer || el, peer ? 'on' : before);
      }
    }
    return { undo, ignored };
  }

  /** Undo: sets back, newest first; resolves to the names of the controls that could not be. */
  async function revert(undo) {
    const left = [];
    for (const entry of [...undo].reverse()) {
      if (!entry.el.isConnected || !(await setState(entry.el, entry.want))) left.push(entry.name);
    }
    return left;
  }

  return { apply, revert, readState };
})();
