// A wizard's end (src/pages/contract/wizard.rs: the report's `wizard`):
// Finish or Cancel that went through tells the worker, which drops what it
// kept of the wizard's earlier pages (and at Finish writes the contract's
// verdict into the journey). Listens in the capture phase on window after
// the save guard: a Finish the guard stops never reaches it, one it lets
// through (or replays after "Save anyway") does. Blocks nothing.
export const AsgWizard = (() => {
  'use strict';
  const BUTTONISH = 'button, input[type="submit"], input[type="button"], a, .Button2, [role="button"]';
  // Must compare like the engine's normalize::norm, which made the labels.
  const norm = (s) => (s || '').replace(/&/g, ' and ').replace(/[,*|]/g, ' ').replace(/\s+/g, ' ').trim()
    .toLowerCase().replace(/:$/, '').trim();
  const namesOf = (el) => [el.tagName === 'INPUT' ? el.value : el.textContent, el.getAttribute('aria-label'),
    el.getAttribute('title')].map(norm).filter(Boolean);
  // One message per press (a press is several events).
  const SAME_PRESS_MS = 1000;
  let last = { el: null, at: 0 };

  /** `report()`: the frame's latest report; `send(msg)`: to the worker. */
  function install(report, send) {
    const onPress = (event) => {
      if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
      const r = report();
      const steps = r && r.wizard;
      const el = steps && event.target instanceof Element ? event.target.closest(BUTTONISH) : null;
      if (!el || el.closest('[data-asg-ui]')) return;
      const names = namesOf(el);
      const finished = names.some((n) => steps.finish.includes(n));
      if (!finished && !names.some((n) => steps.cancel.includes(n))) return;
      const now = Date.now();
      if (last.el === el && now - last.at < SAME_PRESS_MS) return;
      last = { el, at: now };
      send({ finished });
    };
    for (const type of ['click', 'keydown']) window.addEventListener(type, onPress, true);
  }

  return { install };
})();
