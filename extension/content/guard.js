// The save guard (design: "The save guard"). A Save must be stopped in the
// same event dispatch or not at all, so it decides synchronously from the
// latest report the content script holds, in the capture phase on window:
// before any of the page's own handlers, inline onclick included. It fails
// open: whenever it cannot decide, the save goes through.
export const AsgGuard = (() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const BUTTONISH = 'button, input[type="submit"], input[type="button"], input[type="image"], a, .Button2, [role="button"]';
  const TEXT_FIELD = 'input:not([type]), input[type="text"], input[type="email"], input[type="number"], input[type="tel"], input[type="url"], input[type="search"], input[type="password"], input[type="date"]';
  // How long the rest of a decided gesture (its click, its submit) may follow its release.
  const GESTURE_MS = 500;
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
  // "Save anyway" found no control to press: the admin's next Save passes.
  let again = null;
  const AGAIN_MS = 120_000;

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

  // Every name a person may know the control by, however the page gives it:
  // its text, aria-label or aria-labelledby, value, alt or title.
  function namesOf(el) {
    const doc = el.ownerDocument;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
      .map((id) => (doc.getElementById(id) || {}).textContent || '').join(' ');
    const image = el.querySelector && el.querySelector('img[alt]');
    return [by, el.getAttribute('aria-label'), el.tagName === 'INPUT' ? el.value : el.textContent,
      el.getAttribute('alt'), el.getAttribute('title'), image && image.alt].map(norm).filter(Boolean);
  }

  // The save label the control answers to, or null.
  function saveName(el) {
    return (labels && namesOf(el).find((name) => labels.includes(name))) || null;
  }

  function saveControl(target) {
    const el = target instanceof Element ? target.closest(BUTTONISH) : null;
    return el && saveName(el) ? el : null;
  }

  // How to find a control again once the page has re-rendered it: the
  // controls of its kind and save label, and its place among them.
  function finder(el) {
    const name = saveName(el);
    const kind = (b) => b.tagName === el.tagName && (b.type || '') === (el.type || '') && saveName(b) === name;
    const all = () => [...document.querySelectorAll(BUTTONISH)].filter(kind);
    const before = all();
    const at = before.indexOf(el);
    return () => {
      if (el.isConnected) return el;
      const now = all();
      if (now.length === 1) return now[0];
      return now.length === before.length && at >= 0 ? now[at] : null;
    };
  }

  // Whether submitting this form is a save: it has a save control, inside
  // it or tied to it with a form= attribute.
  function formSaves(form) {
    return form instanceof HTMLFormElement
      && [...form.querySelectorAll(BUTTONISH), ...form.elements].some((b) => saveControl(b));
  }

  const within = (mark, target) => mark && target instanceof Node && (mark.el === target || mark.el.contains(target));
  // A decided gesture lasts as long as the button or key is down, however
  // long that is (a press held while a check finishes is still one press),
  // and ends at its click or shortly after its release.
  function remember(kind, el) {
    const mark = { el };
    if (kind === 'held') held = mark; else passed = mark;
  }
  function forget(mark, after) {
    setTimeout(() => {
      if (held === mark) held = null;
      if (passed === mark) passed = null;
    }, after);
  }
  function onRelease(event) {
    if (replaying) return;
    for (const mark of [held, passed]) if (mark) forget(mark, GESTURE_MS);
    if (event.type === 'keyup' && within(held, event.target)) stop(event);
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

  // The same key again, for a control the page works by keyboard.
  function replayKey(el, key) {
    const code = key === ' ' ? 32 : 13;
    for (const type of ['keydown', 'keyup']) {
      el.dispatchEvent(new KeyboardEvent(type, {
        key, code: key === ' ' ? 'Space' : 'Enter', keyCode: code, which: code, bubbles: true, cancelable: true, composed: true, view: window,
      }));
    }
  }

  const NATIVE = 'button, input, a';
  // The stopped press, on the control that is in the page now (the page may
  // have re-rendered it since): false when there is no such control.
  function pressAgain(find, key) {
    return () => {
      const el = find();
      if (!el) return false;
      if (key && !el.matches(NATIVE)) replayKey(el, key);
      else replayPress(el);
      return true;
    };
  }

  // The form's default button: what the browser's implicit submission
  // (Enter in a field) submits with. Null: that submission does nothing.
  function defaultButton(form) {
    const first = [...form.elements].find((b) => (b.tagName === 'BUTTON' && b.type === 'submit')
      || (b.tagName === 'INPUT' && (b.type === 'submit' || b.type === 'image')));
    if (!first) return undefined;
    return first.disabled ? null : first;
  }

  // Performs the stopped action exactly once, under the token; true when it
  // acted (false: the control is gone, nothing was done).
  function replay(action) {
    replaying = true;
    try {
      return action() !== false;
    } finally {
      replaying = false;
    }
  }

  // Replays, and remembers the save only when there was one; when the
  // control is gone, the admin is asked to press Save again, and that next
  // press goes through without a dialog.
  function replayAndRemember(act, report) {
    if (replay(act)) {
      if (report) hooks.saved(report);
      return;
    }
    again = { report, until: Date.now() + AGAIN_MS };
    hooks.notice('noticePressSaveAgain');
  }

  // The admin chose to save and was asked to press Save again: this press goes through.
  function takeAgain() {
    if (!again || Date.now() > again.until) return false;
    const { report } = again;
    again = null;
    if (report) hooks.saved(report);
    return true;
  }

  // The decision, for one save attempt: `act` performs the original action.
  function decide(event, act, opener) {
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
      openConfirm(verdict.report, act, opener);
      return false;
    }
    if (verdict.state === 'fail') {
      openModal(verdict.report, act, opener);
      return false;
    }
    // A check is in flight: hold the action at most HOLD_MS, then decide.
    hooks.settle(HOLD_MS).then((later) => {
      if (later.state === 'fail') return openModal(later.report, act, opener);
      if (later.state === 'pass' && later.report.confirmBeforeSave) return openConfirm(later.report, act, opener);
      if (later.state !== 'pass' && later.state !== 'off') hooks.notice('noticeSavedUnchecked');
      replayAndRemember(act, later.state === 'pass' ? later.report : null);
    });
    return false;
  }

  // `opener`: the control the admin pressed, where the focus goes back when the dialog closes.
  function openModal(report, act, opener) {
    modalOpen = true;
    hooks.modal(report, {
      saveAnyway: () => {
        modalOpen = false;
        // Saving anyway still asks the engine's question (the secret is stored).
        if (report.confirmBeforeSave) return openConfirm(report, act, opener);
        replayAndRemember(act, report);
      },
      fix: () => {
        modalOpen = false;
        hooks.fix(report);
      },
      cancel: () => {
        modalOpen = false;
      },
    }, opener);
  }

  // The engine's question before a save (report.confirmBeforeSave): confirm
  // saves exactly once, cancel saves nothing.
  function openConfirm(report, act, opener) {
    modalOpen = true;
    hooks.confirm(report.confirmBeforeSave, {
      confirm: () => {
        modalOpen = false;
        replayAndRemember(act, report);
      },
      cancel: () => {
        modalOpen = false;
      },
    }, opener);
  }

  function onPress(event) {
    if (replaying || !hooks || !alive()) return;
    if ((event.type === 'pointerdown' || event.type === 'mousedown') && event.button !== 0) return;
    // A pointerdown starts a new gesture: whatever the last one decided is over.
    if (event.type === 'pointerdown') held = passed = null;
    // The rest of a gesture already decided. Its click ends it, wherever it
    // lands (the dialog may have opened under the pointer meanwhile).
    const heldHere = within(held, event.target);
    const passedHere = within(passed, event.target);
    // A let-through press stays let through for the submission its click starts.
    if (event.type === 'click') {
      held = null;
      if (!passedHere) passed = null;
    }
    if (heldHere) return stop(event);
    if (passedHere) return;
    const el = saveControl(event.target);
    if (!el) return;
    if (modalOpen) return stop(event);
    // Decide once per gesture, on its first event; remember the outcome for the rest.
    const allowed = takeAgain() || decide(event, pressAgain(finder(el)), el);
    if (event.type !== 'click') remember(allowed ? 'passed' : 'held', el);
    else if (allowed) {
      remember('passed', el);
      forget(passed, GESTURE_MS);
    }
  }

  // Enter in a text field submits its form the way the browser's implicit
  // submission does; Enter or Space on a focused save control presses it.
  function onKey(event) {
    if (replaying || !hooks || !alive() || event.isComposing || (event.key !== 'Enter' && event.key !== ' ')) return;
    // A key held down repeats: the rest of that press, already decided.
    if (event.repeat && within(held, event.target)) return stop(event);
    if (event.repeat && within(passed, event.target)) return;
    const field = event.key === 'Enter' && event.target instanceof Element && event.target.closest(TEXT_FIELD);
    if (field) {
      if (!formSaves(field.form)) return;
      if (modalOpen) return stop(event);
      const { form } = field;
      const submit = () => {
        if (!form.isConnected) return false;
        const button = defaultButton(form);
        if (button === null) return false;
        form.requestSubmit(button);
        return true;
      };
      if (takeAgain() || decide(event, submit, field)) remember('passed', form);
      return;
    }
    const el = saveControl(event.target);
    // A key in a text box is typing (Space), not a press of a control around it.
    if (!el || (event.target !== el && event.target.matches('input, textarea, select, [contenteditable]'))) return;
    if (modalOpen) return stop(event);
    const allowed = takeAgain() || decide(event, pressAgain(finder(el), event.key), el);
    remember(allowed ? 'passed' : 'held', el);
  }

  function onSubmit(event) {
    if (replaying || !hooks || !alive() || !formSaves(event.target)) return;
    // The submission that a press we let through has started.
    if (passed && (passed.el === event.target || passed.el.form === event.target)) return;
    if (modalOpen) return stop(event);
    if (takeAgain()) return;
    const form = event.target;
    const submitter = event.submitter && event.submitter.form === form ? event.submitter : undefined;
    decide(event, () => {
      if (!form.isConnected) return false;
      form.requestSubmit(submitter && submitter.isConnected ? submitter : undefined);
      return true;
    }, submitter || (form.contains(document.activeElement) ? document.activeElement : null));
  }

  /**
   * Starts guarding. `hooks`: verdict() → {state: 'off'|'pass'|'fail'|'pending'|'unknown', report},
   * settle(ms) → Promise of a verdict, modal(report, {saveAnyway, fix, cancel}, opener), fix(report),
   * confirm(question {id, message}, {confirm, cancel}, opener) (opener: the control pressed, or null),
   * saved(report), notice(messageKey).
   */
  function install(h) {
    hooks = h;
    for (const type of ['pointerdown', 'mousedown', 'click']) window.addEventListener(type, onPress, true);
    window.addEventListener('keydown', onKey, true);
    for (const type of ['pointerup', 'mouseup', 'keyup', 'pointercancel']) window.addEventListener(type, onRelease, true);
    window.addEventListener('submit', onSubmit, true);
  }

  function setLabels(list) {
    labels = list;
  }

  return { install, setLabels };
})();
