// The save guard (design: "The save guard"). A Save must be stopped in the
// same event dispatch or not at all, so it decides synchronously from the
// latest report the content script holds, in the capture phase on window:
// before any of the page's own handlers, inline onclick included. It fails
// open: whenever it cannot decide, the save goes through.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const BUTTONISH = 'button, input[type="submit"], input[type="button"], input[type="image"], a, .Button2, [role="button"]';
  const TEXT_FIELD = 'input:not([type]), input[type="text"], input[type="email"], input[type="number"], input[type="tel"], input[type="url"], input[type="search"], input[type="password"], input[type="date"]';
  const GESTURE_MS = 1500;
  const HOLD_MS = 1000;

  let hooks = null;
  let labels = null;
  // The one-time token: true only while we replay an action ourselves.
  let replaying = false;
  let modalOpen = false;
  // The control whose press we stopped: the rest of that gesture is stopped too.
  let held = null;
  // The control whose press we let through: the rest of that gesture passes.
  let passed = null;

  const alive = () => {
    try {
      return !!(api && api.runtime && api.runtime.id);
    } catch {
      return false;
    }
  };

  // Must compare like the engine's normalize::norm, which made `labels`.
  const norm = (s) => (s || '').replace(/&/g, ' and ').replace(/[,*|]/g, ' ').replace(/\s+/g, ' ').trim()
    .toLowerCase().replace(/:$/, '').trim();

  function saveControl(target) {
    const el = target instanceof Element ? target.closest(BUTTONISH) : null;
    if (!el || !labels) return null;
    const text = el.tagName === 'INPUT' ? el.value : el.textContent;
    return labels.includes(norm(text)) ? el : null;
  }

  // Whether submitting this form is a save: it has a save control, inside
  // it or tied to it with a form= attribute.
  function formSaves(form) {
    return form instanceof HTMLFormElement
      && [...form.querySelectorAll(BUTTONISH), ...form.elements].some((b) => saveControl(b));
  }

  const within = (mark, target) => mark && target instanceof Node && (mark.el === target || mark.el.contains(target));
  function remember(kind, el) {
    const mark = { el };
    if (kind === 'held') held = mark; else passed = mark;
    setTimeout(() => {
      if (held === mark) held = null;
      if (passed === mark) passed = null;
    }, GESTURE_MS);
  }

  function stop(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function replayPress(el) {
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
      const Kind = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      el.dispatchEvent(new Kind(type, { bubbles: true, cancelable: true, composed: true, view: window, button: 0 }));
    }
    // The click itself from the page's world (main-world.js), so that a
    // javascript: link runs; our own click only if that script is absent.
    const clickedThere = !el.dispatchEvent(new CustomEvent('asg-replay-click', { bubbles: true, cancelable: true }));
    if (!clickedThere) el.click();
  }

  // Performs the stopped action exactly once, under the token.
  function replay(action) {
    replaying = true;
    try {
      action();
    } finally {
      replaying = false;
    }
  }

  // The decision, for one save attempt: `act` performs the original action.
  function decide(event, act) {
    const verdict = hooks.verdict();
    if (verdict.state === 'off') return true;
    if (verdict.state === 'pass' && !verdict.report.confirmBeforeSave) {
      hooks.saved(verdict.report);
      return true;
    }
    if (verdict.state === 'unknown') {
      hooks.notice('noticeSavedUnchecked');
      return true;
    }
    stop(event);
    if (verdict.state === 'pass') {
      openConfirm(verdict.report, act);
      return false;
    }
    if (verdict.state === 'fail') {
      openModal(verdict.report, act);
      return false;
    }
    // A check is in flight: hold the action at most HOLD_MS, then decide.
    hooks.settle(HOLD_MS).then((later) => {
      if (later.state === 'fail') return openModal(later.report, act);
      if (later.state === 'pass' && later.report.confirmBeforeSave) return openConfirm(later.report, act);
      replay(act);
      if (later.state === 'pass') hooks.saved(later.report);
      else if (later.state !== 'off') hooks.notice('noticeSavedUnchecked');
    });
    return false;
  }

  function openModal(report, act) {
    modalOpen = true;
    hooks.modal(report, {
      saveAnyway: () => {
        modalOpen = false;
        // Saving anyway still asks the engine's question (the secret is stored).
        if (report.confirmBeforeSave) return openConfirm(report, act);
        replay(act);
        hooks.saved(report);
      },
      fix: () => {
        modalOpen = false;
        hooks.fix();
      },
      cancel: () => {
        modalOpen = false;
      },
    });
  }

  // The engine's question before a save (report.confirmBeforeSave): confirm
  // saves exactly once, cancel saves nothing.
  function openConfirm(report, act) {
    modalOpen = true;
    hooks.confirm(report.confirmBeforeSave, {
      confirm: () => {
        modalOpen = false;
        replay(act);
        hooks.saved(report);
      },
      cancel: () => {
        modalOpen = false;
      },
    });
  }

  function onPress(event) {
    if (replaying || !hooks || !alive()) return;
    if ((event.type === 'pointerdown' || event.type === 'mousedown') && event.button !== 0) return;
    // The rest of a gesture already decided. Its click ends it, wherever it
    // lands (the dialog may have opened under the pointer meanwhile).
    const heldHere = within(held, event.target);
    const passedHere = within(passed, event.target);
    if (event.type === 'click') held = passed = null;
    if (heldHere) return stop(event);
    if (passedHere) return;
    const el = saveControl(event.target);
    if (!el) return;
    if (modalOpen) return stop(event);
    // Decide once per gesture, on its first event; remember the outcome for the rest.
    const allowed = decide(event, () => replayPress(el));
    if (event.type !== 'click') remember(allowed ? 'passed' : 'held', el);
    else if (allowed) remember('passed', el);
  }

  function onKey(event) {
    if (replaying || !hooks || !alive() || event.key !== 'Enter' || event.isComposing) return;
    const field = event.target instanceof Element && event.target.closest(TEXT_FIELD);
    if (!field || !formSaves(field.form)) return;
    if (modalOpen) return stop(event);
    const { form } = field;
    if (decide(event, () => form.requestSubmit())) remember('passed', form);
  }

  function onSubmit(event) {
    if (replaying || !hooks || !alive() || !formSaves(event.target)) return;
    // The submission that a press we let through has started.
    if (passed && (passed.el === event.target || passed.el.form === event.target)) return;
    if (modalOpen) return stop(event);
    const form = event.target;
    const submitter = event.submitter && event.submitter.form === form ? event.submitter : undefined;
    decide(event, () => form.requestSubmit(submitter));
  }

  /**
   * Starts guarding. `hooks`: verdict() → {state: 'off'|'pass'|'fail'|'pending'|'unknown', report},
   * settle(ms) → Promise of a verdict, modal(report, {saveAnyway, fix, cancel}), fix(),
   * confirm(question {id, message}, {confirm, cancel}),
   * saved(report), notice(messageKey).
   */
  function install(h) {
    hooks = h;
    for (const type of ['pointerdown', 'mousedown', 'click']) window.addEventListener(type, onPress, true);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('submit', onSubmit, true);
  }

  function setLabels(list) {
    labels = list;
  }

  globalThis.AsgGuard = { install, setLabels };
})();
