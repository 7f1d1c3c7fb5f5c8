// "Apply profile" and "Undo": set each control the report says must change
// to the state it names, through the events the page's own scripts listen
// to (clicks for widgets; input/change for native controls). Never saves.
(() => {
  'use strict';
  const WIDGET_CHECKBOX = '.Checkbox2';
  const PICKER = '.SingleItemSelector2, .SingleDataSelector2';
  const PICKER_ITEMS = '.Item, [role="option"], li';
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const same = (a, b) => clean(a).toLowerCase() === clean(b).toLowerCase();

  const isNative = (el, tag, type) => el.tagName === tag && (!type || (el.type || '').toLowerCase() === type);

  // The control's state in the words the engine uses: "on"/"off" or option text.
  function readState(el) {
    if (isNative(el, 'INPUT', 'checkbox') || isNative(el, 'INPUT', 'radio')) return el.checked ? 'on' : 'off';
    if (isNative(el, 'SELECT')) return el.selectedIndex >= 0 ? clean(el.options[el.selectedIndex].textContent) : null;
    const box = el.closest(WIDGET_CHECKBOX);
    if (box) {
      const has = (c) => el.classList.contains(c) || box.classList.contains(c);
      return has('Checked') ? 'on' : has('Unchecked') ? 'off' : null;
    }
    const picker = el.closest(PICKER);
    if (picker) {
      const shown = picker.querySelector('.Text, .SelectedItem, .Display');
      return clean((shown || picker).textContent);
    }
    return null;
  }

  // A click as a person makes it: some widgets act on mousedown, others on click.
  function press(el) {
    const before = readState(el);
    el.click();
    if (readState(el) !== before) return;
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
      const Kind = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      el.dispatchEvent(new Kind(type, { bubbles: true, cancelable: true, composed: true, view: window, button: 0 }));
    }
  }

  function setState(el, want) {
    if (isNative(el, 'INPUT', 'checkbox')) {
      if (readState(el) !== want) el.click();
    } else if (isNative(el, 'INPUT', 'radio')) {
      // A radio is only ever chosen (Undo chooses the one that was on).
      if (want === 'on' && !el.checked) el.click();
    } else if (isNative(el, 'SELECT')) {
      const option = [...el.options].find((o) => same(o.textContent, want));
      if (option && !option.selected) {
        el.value = option.value;
        option.selected = true;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
    } else if (el.closest(WIDGET_CHECKBOX)) {
      if (readState(el) !== want) press(el);
    } else if (el.closest(PICKER)) {
      const picker = el.closest(PICKER);
      if (!same(readState(el), want)) {
        press(picker);
        const item = [...picker.querySelectorAll(PICKER_ITEMS)].find((i) => same(i.textContent, want));
        if (item) press(item);
      }
    }
    return same(readState(el), want);
  }

  /**
   * Applies `changes` ([{el, want, name}]); returns {undo: [{el, want}], ignored: [name]}:
   * what to set back for Undo, and the controls the page did not let change.
   */
  function apply(changes) {
    const undo = [];
    const ignored = [];
    for (const { el, want, name } of changes) {
      const before = readState(el);
      if (before === null || same(before, want)) continue;
      if (setState(el, want)) undo.push({ el, want: before });
      else {
        ignored.push(name);
        // Leave no half-made change behind.
        if (!same(readState(el), before)) setState(el, before);
      }
    }
    return { undo, ignored };
  }

  function revert(undo) {
    for (const { el, want } of [...undo].reverse()) setState(el, want);
  }

  globalThis.AsgApply = { apply, revert };
})();
