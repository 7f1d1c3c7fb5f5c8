// The "hands": snapshots this frame, asks the background engine for a
// verdict, and draws the marks it returns. Decides nothing itself.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const ROOT_ATTRS = ['data-asg-page', 'data-asg-bound', 'data-asg-summary'];
  const RECHECK_DELAY_MS = 250;
  // Page changes worth a new look; our own data-asg* attributes are not among them.
  const WATCHED_ATTRS = ['class', 'checked', 'selected', 'value', 'style', 'disabled', 'hidden'];

  let seq = 0;
  let timer = 0;
  let marked = [];

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

  function draw(report, elements) {
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

  async function check() {
    if (!contextAlive()) return stop();
    const mine = ++seq;
    const { snapshot, elements } = globalThis.AsgSnapshot.take(document, mine);
    let answer;
    try {
      answer = await api.runtime.sendMessage({ type: 'check-page', snapshot, host: location.host });
    } catch (err) {
      if (!contextAlive()) return stop();
      answer = { error: String(err && err.message ? err.message : err) };
    }
    // A newer snapshot exists: this answer describes a page that is gone.
    if (mine !== seq) return;
    if (!answer || answer.error) {
      clearMarks();
      document.documentElement.setAttribute('data-asg-error', 'check-failed');
      return;
    }
    document.documentElement.removeAttribute('data-asg-error');
    draw(answer.report, elements);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, RECHECK_DELAY_MS);
  }

  const observer = new MutationObserver(schedule);
  const onEdit = () => schedule();

  function stop() {
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('input', onEdit, true);
    window.removeEventListener('change', onEdit, true);
  }

  function start() {
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRS,
    });
    window.addEventListener('input', onEdit, true);
    window.addEventListener('change', onEdit, true);
    check();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
