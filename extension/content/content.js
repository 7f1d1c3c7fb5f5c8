// The "hands": snapshots this frame, asks the background engine for a
// verdict, and draws the marks, the checklist or the offer it calls for.
// Decides nothing itself: every judgement is in the report.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const overlay = globalThis.AsgOverlay;
  const ROOT_ATTRS = ['data-asg-page', 'data-asg-bound', 'data-asg-summary'];
  const RECHECK_DELAY_MS = 250;
  // Page changes worth a new look; our own data-asg* attributes are not among them.
  const WATCHED_ATTRS = ['class', 'checked', 'selected', 'value', 'style', 'disabled', 'hidden'];
  // Where a collapsed section's own toggle is, in both UI generations.
  const SECTION = '.DetailsSection, .Section, fieldset, section';
  const SECTION_TOGGLE = '.DetailsSectionHeading, .Heading, legend';

  let seq = 0;
  let timer = 0;
  let marked = [];
  let ui = { minimized: false };

  const contextAlive = () => {
    try {
      return !!(api && api.runtime && api.runtime.id);
    } catch {
      return false;
    }
  };

  function clearMarks() {
    for (const el of marked) el.removeAttribute('data-asg');
    marked = [];
    for (const a of ROOT_ATTRS) document.documentElement.removeAttribute(a);
  }

  function drawMarks(report, elements) {
    clearMarks();
    const root = document.documentElement;
    root.setAttribute('data-asg-page', report.page);
    if (report.page === 'security-level') root.setAttribute('data-asg-bound', report.bound ? 'yes' : 'no');
    if (report.summary) root.setAttribute('data-asg-summary', `${report.summary.passed}/${report.summary.total}`);
    for (const { handle, outcome } of report.marks) {
      const el = elements[handle];
      if (!el) continue;
      el.setAttribute('data-asg', outcome);
      marked.push(el);
    }
  }

  // Brings a judged control into view: opens its collapsed section with the
  // page's own toggle, scrolls to it, and gives it the keyboard focus.
  function reveal(el) {
    if (!el.getClientRects().length) {
      const section = el.closest(SECTION);
      const toggle = section && section.querySelector(SECTION_TOGGLE);
      if (toggle) toggle.click();
    }
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (typeof el.focus === 'function') el.focus({ preventScroll: true });
  }

  function draw(report, elements) {
    drawMarks(report, elements);
    if (report.page === 'security-level' && report.bound) {
      overlay.showChecklist(report, elements, {
        minimized: ui.minimized,
        onMinimize: (minimized) => {
          ui.minimized = minimized;
          api.storage.local.set({ ui }).catch(() => {});
        },
        onPick: (result) => {
          const el = elements[result.handles[0]];
          if (el) reveal(el);
        },
      });
    } else if (report.page === 'security-level') {
      overlay.showOffer(report, async () => {
        await api.runtime.sendMessage({ type: 'choose-level', host: location.host, name: report.recognition.levelName });
        check();
      });
    } else if (report.page === 'unsupported-language') {
      overlay.showNotice(overlay.t('noticeLanguage'));
    } else {
      overlay.remove();
    }
  }

  async function check() {
    if (!contextAlive()) return stop();
    const mine = ++seq;
    const { snapshot, elements } = globalThis.AsgSnapshot.take(document, mine);
    let answer;
    try {
      answer = await api.runtime.sendMessage({ type: 'check-page', snapshot, host: location.host, top: window === window.top });
    } catch (err) {
      if (!contextAlive()) return stop();
      answer = { error: String(err && err.message ? err.message : err) };
    }
    // A newer snapshot exists: this answer describes a page that is gone.
    if (mine !== seq) return;
    if (!answer || answer.error) {
      clearMarks();
      document.documentElement.setAttribute('data-asg-error', 'check-failed');
      overlay.showNotice(overlay.t('noticeCheckFailed'));
      return;
    }
    document.documentElement.removeAttribute('data-asg-error');
    draw(answer.report, elements);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, RECHECK_DELAY_MS);
  }

  // Our own overlay host coming and going is not a change of the page.
  const ours = (node) => node.nodeType === 1 && node.hasAttribute('data-asg-ui');
  const observer = new MutationObserver((records) => {
    const pageChanged = records.some((r) => !(r.type === 'childList'
      && [...r.addedNodes, ...r.removedNodes].every(ours)));
    if (pageChanged) schedule();
  });
  const onEdit = (event) => {
    if (!(event.target instanceof Element && event.target.closest('[data-asg-ui]'))) schedule();
  };

  function stop() {
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('input', onEdit, true);
    window.removeEventListener('change', onEdit, true);
  }

  async function start() {
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRS,
    });
    window.addEventListener('input', onEdit, true);
    window.addEventListener('change', onEdit, true);
    try {
      ui = { ...ui, ...((await api.storage.local.get('ui')).ui || {}) };
    } catch {
      // No stored preference: the panel starts open.
    }
    check();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
