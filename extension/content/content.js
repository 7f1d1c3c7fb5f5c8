// The "hands": snapshots this frame, asks the background engine for a
// verdict, and draws the marks, the checklist or the offer it calls for; it
// keeps the latest verdict fresh for the save guard. Decides nothing itself:
// every judgement is in the report.
//
// The bundle's entry (scripts/bundle.mjs): the modules it imports are the
// content script's parts; nothing is shared through globals.
import { AsgSnapshot } from './snapshot.js';
import { AsgOverlay } from './overlay.js';
import { AsgFieldReport } from './field-report.js';
import { AsgApply } from './apply.js';
import { AsgGuard } from './guard.js';
import { AsgWizard } from './wizard.js';
import { FRAME_GONE_PORT, MSG, TAB } from '../common/messages.js';

(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const overlay = AsgOverlay;
  const guard = AsgGuard;
  const ROOT_ATTRS = ['data-asg-page', 'data-asg-bound', 'data-asg-summary'];
  // The pages whose objects are judged (bound) or offered for checking.
  // Re-check this long after the last change, and at least this often while
  // a page keeps changing (one that rewrites itself forever still gets checked).
  const RECHECK_DELAY_MS = 250;
  const RECHECK_MAX_WAIT_MS = 1000;
  // The longest slice of a check's page reading between pauses (a frame is 16 ms).
  const SLICE_MS = 6;
  // Page changes worth a new look; our own data-asg* attributes are not among them.
  // Every attribute the eyes read a state from: an image checkbox's `src` and
  // an ARIA widget's state change nothing else (a click on one was missed).
  const WATCHED_ATTRS = ['class', 'checked', 'selected', 'value', 'style', 'disabled', 'hidden',
    'src', 'aria-checked', 'aria-pressed', 'aria-selected', 'aria-disabled', 'aria-hidden'];
  // Where a collapsed section's own toggle is, in both UI generations.
  const SECTION = '.DetailsSection, .Section, fieldset, section';
  const SECTION_TOGGLE = '.DetailsSectionHeading, .Heading, legend';

  // The verdict the guard decides from: current only when no change is
  // pending and the newest snapshot has its answer.
  const state = {
    // The engine asked for the whole page after a survey (report.lookCloser):
    // this frame is never surveyed again.
    fullLook: false,
    seq: 0,
    dirty: true,
    inflight: 0,
    report: null,
    reportSeq: 0,
    // The snapshot the report judged (compared by samePage, not copied to
    // text): the same snapshot has the same verdict, whatever else on the
    // page moved (a clock, a progress bar), and a different one (a page
    // script setting .checked, with no event) makes the report stale.
    judged: null,
    pendingJudged: null,
    // The first check whose report counts again after a change the snapshot
    // does not show (a remembered choice, the profile applied).
    freshFrom: 0,
    error: null,
    elements: [],
    waiters: [],
    // The snapshot last sent to the worker, whole or as changes ({seq,
    // snapshot}), which the engine keeps for this frame: a check that finds
    // only control states changed since sends just those (recheck-page).
    sent: null,
  };
  let timer = 0;
  let firstChange = 0;
  let marked = [];
  let ui = { minimized: false };
  // This page's own choices: the admin opened or closed the panel here
  // (null: not yet; a page that passes then starts minimised), or hid it
  // here (remembered for this page's address: HIDDEN_KEY).
  const pageUi = { expanded: null, hidden: false, focus: false };
  const HIDDEN_KEY = 'hiddenPages';
  const HIDDEN_MAX = 50;
  const pageKey = () => `${location.host}${location.pathname}`;
  let undo = [];
  let ignored = [];
  // The admin accepted the offer on this page (a new contract has neither
  // name nor id to remember yet): judged until the page goes. Kept with the
  // kind it was accepted on, so that only that kind's object counts as marked.
  let acceptedOn = null;
  const offerAccepted = () => Boolean(acceptedOn && state.report && state.report.page === acceptedOn);
  // The engine says whether the page's object is judged (drawn as a checklist and guarded).
  const judged = (r) => Boolean(r.judged);
  // A checklist, or the offer to check the page's object.
  const shown = (r) => judged(r) || Boolean(r.offer);

  // The admin's own date: the engine never reads a clock.
  const localToday = (d = new Date()) => [d.getFullYear(), d.getMonth() + 1, d.getDate()]
    .map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');

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

  // Only the marks that differ from the last drawing are touched: each
  // attribute written makes the browser restyle that control.
  function drawMarks(report, elements) {
    const want = new Map();
    for (const { handle, outcome } of report.marks) {
      const el = elements[handle];
      if (el) want.set(el, outcome);
    }
    for (const el of marked) if (!want.has(el)) el.removeAttribute('data-asg');
    for (const [el, outcome] of want) if (el.getAttribute('data-asg') !== outcome) el.setAttribute('data-asg', outcome);
    marked = [...want.keys()];
    const root = document.documentElement;
    const attrs = {
      'data-asg-page': report.page,
      'data-asg-bound': shown(report) ? (report.bound ? 'yes' : 'no') : null,
      'data-asg-summary': report.summary ? `${report.summary.passed}/${report.summary.total}` : null,
    };
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null) root.removeAttribute(name);
      else if (root.getAttribute(name) !== value) root.setAttribute(name, value);
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

  // Sets every control the latest report says must change; the page then
  // re-checks itself. A control the page has no element for, cannot be read
  // or did not take the change is named in the panel, to set by hand. One
  // Apply or Undo at a time: each waits for the page to show its changes.
  let applying = null;
  function applyProfile() {
    const { report, elements } = state;
    if (!report || applying) return applying;
    const name = (handle) => {
      const r = report.results.find((x) => x.handles.includes(handle));
      return r ? r.control : String(handle);
    };
    const changes = report.marks.filter((m) => m.apply)
      .map((m) => ({ el: elements[m.handle] || null, want: m.apply, name: name(m.handle) }));
    applying = AsgApply.apply(changes).then((done) => {
      undo = done.undo.concat(undo);
      ignored = done.ignored;
    }).finally(() => {
      applying = null;
      checkNow();
    });
    return applying;
  }

  function undoApply() {
    if (applying) return applying;
    const taken = undo;
    undo = [];
    applying = AsgApply.revert(taken).then((left) => {
      ignored = left;
    }).finally(() => {
      applying = null;
      checkNow();
    });
    return applying;
  }

  // The panel's report, judged afresh by the worker (the same shapes as the
  // checker page's exports): copied, or downloaded as a file.
  async function exportReport(format, action) {
    let answer;
    try {
      const { snapshot } = AsgSnapshot.take(document, state.seq);
      answer = await api.runtime.sendMessage({
        type: MSG.panelReport, snapshot: snapshotText(snapshot), host: location.host, today: localToday(), marked: offerAccepted(), checkedAt: new Date().toISOString(),
      });
    } catch (err) {
      answer = null;
    }
    if (!answer || answer.error) return overlay.toast(overlay.t('reportFailed'));
    const text = format === 'md' ? answer.markdown : `${JSON.stringify(answer.report, null, 2)}\n`;
    if (action === 'copy') {
      overlay.toast(await copyText(text) ? overlay.t('reportCopied') : overlay.t('reportCopyFailed'));
      return;
    }
    const date = new Date().toISOString().slice(0, 10);
    const { recognition, contract } = answer.report;
    const level = String(recognition.levelName || recognition.userName || (contract && contract.name) || answer.report.page || 'page');
    const stem = level.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'page';
    const name = `asg-report-${stem}-${date}.${format}`;
    const url = URL.createObjectURL(new Blob([text], { type: format === 'md' ? 'text/markdown;charset=utf-8' : 'application/json' }));
    const link = document.createElement('a');
    Object.assign(link, { href: url, download: name, hidden: true });
    link.setAttribute('data-asg-ui', '');
    document.documentElement.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    overlay.toast(overlay.t('reportDownloaded', name));
  }

  // The async clipboard first; a frame whose policy withholds it falls back
  // to a copy command on a hidden text box of our own.
  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const box = document.createElement('textarea');
      box.setAttribute('data-asg-ui', '');
      box.style.cssText = 'position:fixed;top:-1000px;opacity:0';
      box.value = text;
      document.documentElement.append(box);
      box.select();
      let done = false;
      try {
        done = document.execCommand('copy');
      } catch {
        done = false;
      }
      box.remove();
      return done;
    }
  }

  // The structure report (docs/field-reports.md): built by the worker from
  // this frame's snapshot, shown whole in a preview before anything leaves.
  async function openFieldReport() {
    let answer;
    try {
      const { snapshot } = AsgSnapshot.take(document, state.seq);
      answer = await api.runtime.sendMessage({
        type: MSG.structureReport, snapshot: snapshotText(snapshot), host: location.host, today: localToday(), marked: offerAccepted(),
      });
    } catch {
      answer = null;
    }
    if (!answer || typeof answer.text !== 'string') return AsgFieldReport.failed();
    return AsgFieldReport.preview(answer.text);
  }

  // Hides the dock on this page, or shows it again, and remembers which.
  async function setHidden(hidden) {
    pageUi.hidden = hidden;
    if (state.report) draw(state.report, state.elements);
    try {
      const list = (await api.storage.local.get(HIDDEN_KEY))[HIDDEN_KEY] || [];
      const rest = list.filter((k) => k !== pageKey());
      await api.storage.local.set({ [HIDDEN_KEY]: (hidden ? [...rest, pageKey()] : rest).slice(-HIDDEN_MAX) });
    } catch {
      // Not remembered: hidden until the page goes.
    }
  }

  function draw(report, elements) {
    unpoint();
    drawMarks(report, elements);
    AsgFieldReport.offer(report.structureOffer || null, openFieldReport);
    const focus = pageUi.focus;
    pageUi.focus = false;
    const contractOptions = (changes) => async () => {
      await api.runtime.sendMessage({ type: MSG.contractOptions, host: location.host, ...changes() });
      checkNow();
    };
    const onHide = () => { setHidden(true); };
    if (shown(report) && pageUi.hidden) {
      overlay.hide(report, elements);
    } else if (judged(report)) {
      const passes = report.summary && report.summary.passed === report.summary.total;
      overlay.showChecklist(report, elements, {
        contract: !report.contract ? null : {
          onInvoice: (value) => contractOptions(() => ({ invoice: value }))(),
          onDateFormat: (value) => contractOptions(() => ({ dateFormat: value || null }))(),
        },
        // Out of the way once the page passes, unless the admin opened it
        // here, an Apply can still be undone, or it is a contract (whose
        // invoice and date-format choices in the panel change the verdict).
        minimized: pageUi.expanded === null
          ? ui.minimized || (passes && !undo.length && !report.stayOpen) : !pageUi.expanded,
        ignored,
        focus,
        onMinimize: (minimized) => {
          pageUi.expanded = !minimized;
          ui.minimized = minimized;
          api.storage.local.set({ ui }).catch(() => {});
        },
        onHide,
        onPick: (result) => {
          const el = elements[result.handles[0]];
          if (el) reveal(el);
        },
        onApply: applyProfile,
        onUndo: undo.length ? undoApply : null,
        // The admin confirms an API user's level as the integration's: remembered for this host.
        onConfirmLevel: report.confirmLevel ? async () => {
          await api.runtime.sendMessage({ type: MSG.rememberLevel, host: location.host, name: report.confirmLevel });
          checkNow();
        } : null,
        onReport: exportReport,
        onStructureReport: openFieldReport,
        onSetup: setupJourney,
      });
    } else if (report.offer) {
      const { offer } = report;
      overlay.showOffer(report, offer.message ? async () => {
        acceptedOn = report.page;
        // The page as it is now: a contract's name may have changed since the offer was drawn.
        const now = (state.report && state.report.offer && state.report.offer.message) || offer.message;
        await api.runtime.sendMessage({ ...now, host: location.host });
        checkNow();
      } : null, {
        onHide, focus,
        // Which integration a fresh copy is for: the engine's message for the profile chosen.
        onChoose: async (message) => {
          await api.runtime.sendMessage({ ...message, host: location.host });
          checkNow();
        },
      });
    } else if (report.notice) {
      // A list page (it points somewhere): the setup's steps are a click away.
      overlay.showNotice(report.notice, { onSetup: report.point ? setupJourney : null });
      if (report.point) {
        const target = pointTarget(report.point.text);
        if (target) {
          target.setAttribute(POINT, '');
          pointed = target;
          overlay.point(target, report.point.say);
        } else overlay.pointMissing(report.point.missing);
      }
    } else {
      overlay.remove();
    }
  }

  // The setup journey on this host, for the panel's Setup view.
  const setupJourney = () => api.runtime.sendMessage({ type: MSG.setupJourney, host: location.host, checkedAt: new Date().toLocaleString() });

  // The list pages (report.point): an outline and a short text on the
  // page's own element that shows the engine's text, found by what it shows
  // (never by markup); nothing is clicked for the admin. `data-asg-point`,
  // never `data-asg`, which is for judged controls.
  const POINT = 'data-asg-point';
  let pointed = null;
  const squeezed = (text) => String(text || '').replace(/\s+/g, '').toLowerCase();
  function pointTarget(text) {
    const want = squeezed(text);
    if (!want || !document.body) return null;
    let best = null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.hasAttribute('data-asg-ui') || squeezed(node.textContent) !== want) continue;
      // The innermost element showing the text comes last in page order.
      if (node.getClientRects().length) best = node;
    }
    if (!best) return null;
    // A list's row is outlined whole; else the button or link showing the text.
    return best.closest('tr, [role="row"]') || best.closest('button, a, [role="button"], .Button2') || best;
  }
  function unpoint() {
    if (pointed) pointed.removeAttribute(POINT);
    pointed = null;
  }

  // "Show panel" (the popup, or the keyboard shortcut through the worker):
  // shown again on this page, opened, and given the keyboard focus.
  function showPanel() {
    const { report } = state;
    if (!report || !shown(report)) return false;
    pageUi.expanded = true;
    pageUi.focus = true;
    if (pageUi.hidden) setHidden(false);
    else draw(report, state.elements);
    return true;
  }

  function settleWaiters() {
    // verdict() takes a fresh snapshot: only when the guard is waiting.
    if (!state.waiters.length) return;
    const v = verdict();
    if (v.state === 'pending') return;
    for (const resolve of state.waiters.splice(0)) resolve(v);
  }

  // A check's snapshot. While the admin can see the page it is read in
  // slices (SLICE_MS each) so typing and scrolling stay smooth; a hidden tab
  // has no one to notice and is read in one go. A slice never describes a
  // different page than the others: a change of the page between slices
  // (schedule() marks it dirty), a newer check (seq) or a guard waiting for
  // a verdict abandons the sliced one and the page is read again in one go,
  // now, so the check still ends (a page that rewrites itself forever is
  // still checked). Null: a newer check took over.
  async function snapshotFor(mine, onSlice) {
    const current = () => mine === state.seq && !state.dirty && !state.waiters.length;
    if (!document.hidden) {
      const taken = await AsgSnapshot.takeInSlices(document, mine, SLICE_MS, current, onSlice);
      // A pause more: handing the snapshot to the worker is a slice of its own.
      if (taken) await AsgSnapshot.pause();
      if (taken && current()) {
        const now = performance.now();
        onSlice(now, now);
        return taken;
      }
      if (mine !== state.seq) return null;
      // Read again as if this check began now: a change before this
      // moment is in the new snapshot and needs no further check.
      clearTimeout(timer);
      timer = 0;
      firstChange = 0;
      state.dirty = false;
    }
    const start = performance.now();
    const taken = AsgSnapshot.take(document, mine);
    onSlice(start, performance.now());
    return taken;
  }

  // The engine's word (guardConfig) on a page with no control: whether it
  // is judged from a survey (address, language, title, headings) instead
  // of a snapshot of the whole page. Unknown until the config comes: then
  // a whole snapshot, as before. The first check waits for the first ask.
  let surveyWithoutControls = false;
  let configAsked;
  const firstConfig = new Promise((resolve) => { configAsked = resolve; });
  // This frame's look: a survey when the engine says one is enough for a
  // page with no control and this page has none (one query), else null.
  const surveyOf = (seq) => (surveyWithoutControls && !state.fullLook && !AsgSnapshot.hasControls(document)
    ? AsgSnapshot.survey(document, seq) : null);

  async function check() {
    clearTimeout(timer);
    timer = 0;
    firstChange = 0;
    if (!contextAlive()) return stop();
    const mine = ++state.seq;
    state.dirty = false;
    state.inflight++;
    let answer;
    let elements = [];
    let surveyed = false;
    let started = performance.now();
    let sent = started;
    let block = [started, started];
    try {
      await firstConfig;
      if (mine !== state.seq) return;
      started = performance.now();
      sent = started;
      block = [started, started];
      const survey = surveyOf(mine);
      if (survey) {
        surveyed = true;
        state.pendingJudged = survey.snapshot;
        state.sent = null;
        sent = performance.now();
        block = [started, sent];
        // The survey the latest report judged: the same verdict, nothing to ask
        // (a page of notes that keeps changing costs a query and a few headings).
        answer = state.report && !state.error && state.reportSeq >= state.freshFrom && samePage(survey.snapshot, state.judged)
          ? { report: state.report }
          : await api.runtime.sendMessage({
            type: MSG.checkPage, snapshot: snapshotText(survey.snapshot), host: location.host, today: localToday(), marked: offerAccepted(),
          });
      } else {
      // The longest stretch the snapshot held the main thread (its last
      // slice runs on into the hand-over to the worker).
      let slice = [started, started];
      let longest = 0;
      const onSlice = (start, end) => {
        slice = [start, end];
        if (end - start > longest) { longest = end - start; block = slice; }
      };
      const taken = await snapshotFor(mine, onSlice);
      if (!taken) return;
      elements = taken.elements;
      state.pendingJudged = taken.snapshot;
      const common = { host: location.host, today: localToday(), marked: offerAccepted(), token: FRAME_TOKEN };
      const whole = (text) => api.runtime.sendMessage({ type: MSG.checkPage, snapshot: text, ...common });
      // Only states changed since the snapshot the worker keeps: only they go.
      const changes = changedStates(state.sent, taken.snapshot);
      let asked;
      if (changes) {
        asked = api.runtime.sendMessage({
          type: MSG.recheckPage, ...common, changes: snapshotText({ base: state.sent.seq, seq: mine, controls: changes }),
        }).then((reply) => (reply && reply.full ? whole(snapshotText(taken.snapshot)) : reply));
      } else {
        const text = await snapshotTextInSlices(taken.snapshot, mine, onSlice);
        if (text === null) return;
        asked = whole(text);
      }
      state.sent = { seq: mine, snapshot: taken.snapshot };
      sent = performance.now();
      if (sent - slice[0] > longest) block = [slice[0], sent];
      answer = await asked;
      }
    } catch (err) {
      if (!contextAlive()) return stop();
      answer = { error: String(err && err.message ? err.message : err) };
    } finally {
      state.inflight--;
    }
    const answered = performance.now();
    // A newer snapshot exists: this answer describes a page that is gone.
    if (mine !== state.seq) return;
    if (!answer || answer.error) {
      // After a failed check the worker may keep another snapshot than the
      // one sent: the next check sends the whole page.
      state.sent = null;
      state.report = null;
      state.error = (answer && answer.error) || 'no answer';
      clearMarks();
      document.documentElement.setAttribute('data-asg-error', 'check-failed');
      overlay.showNotice(overlay.t('noticeCheckFailed'));
    } else if (surveyed && answer.report && answer.report.lookCloser === true && !state.fullLook) {
      // A list page shows no control, so it was surveyed; the engine judges
      // it from its texts, which only the whole page carries: nothing is
      // drawn from the survey.
      state.fullLook = true;
      checkNow();
      return;
    } else {
      state.report = answer.report;
      state.reportSeq = mine;
      state.judged = state.pendingJudged;
      state.error = null;
      state.elements = elements;
      document.documentElement.removeAttribute('data-asg-error');
      draw(answer.report, elements);
      shareVerdict(answer.report);
      // A survey is no snapshot of the page: measured under its own name.
      measure(surveyed ? 'survey' : 'snapshot', started, sent);
      if (!surveyed) measure('snapshot-slice', block[0], block[1]);
      measure('engine', sent, answered);
      measure('draw', answered, performance.now());
      measure('check', started, performance.now());
    }
    settleWaiters();
  }

  // Where a check's time goes, as User Timing entries (asg:snapshot: reading
  // the page and handing it over, pauses included; asg:snapshot-slice: the
  // longest stretch of that on the main thread; asg:engine: the worker's answer; asg:draw:
  // marks and panel; asg:check: all), for DevTools' Performance panel and
  // bench/run.mjs. Durations only; each entry is cleared at once, so the
  // page's timeline never fills up: only an observer already listening sees it.
  function measure(name, start, end) {
    try {
      performance.measure(`asg:${name}`, { start, end });
      performance.clearMeasures(`asg:${name}`);
    } catch {
      // A page without User Timing: nothing to report.
    }
  }

  function checkNow() {
    state.dirty = true;
    state.freshFrom = state.seq + 1;
    check();
  }

  function schedule() {
    state.dirty = true;
    const now = Date.now();
    if (!firstChange) firstChange = now;
    clearTimeout(timer);
    const wait = Math.min(RECHECK_DELAY_MS, Math.max(0, firstChange + RECHECK_MAX_WAIT_MS - now));
    timer = setTimeout(check, wait);
  }

  // Whether two snapshots show the same page as a report judges it (its
  // seq aside), compared in place rather than written out as text (on a
  // page of 10,000 controls that text took tens of ms of the main thread).
  // Texts count with their numbers folded: a clock, a counter or a progress
  // percentage elsewhere on the page keeps changing digits, and no section
  // name or label is told from another by its digits alone, so such a change
  // must not make the report stale.
  const folded = (text) => String(text).replace(/[0-9]+/g, '#');
  function sameText(a, b) {
    if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return same(a, b);
    return (a.text === b.text || folded(a.text) === folded(b.text)) && sameFields(a, b, 'text');
  }
  function samePage(a, b) {
    if (!a || !b) return false;
    const keys = fields(a).filter((k) => k !== 'seq');
    if (keys.length !== fields(b).filter((k) => k !== 'seq').length) return false;
    return keys.every((k) => (k === 'texts'
      ? Array.isArray(a.texts) && Array.isArray(b.texts) && a.texts.length === b.texts.length && a.texts.every((t, i) => sameText(t, b.texts[i]))
      : same(a[k], b[k])));
  }

  // A snapshot as the engine reads it: JSON text, written once here (the
  // worker hands the text to the engine as it is, and a string crosses to
  // the worker without a deep copy). Page text may hold half of a character
  // (an emoji cut in two by a script), which JSON.stringify writes as a
  // \udXXX escape (a whole character is written as itself) and the engine's
  // JSON reader refuses: each such escape becomes U+FFFD. The backslashes
  // before it must be even (an odd one is the text's own backslash, escaped).
  const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;
  const wellFormed = (text) => (text.includes('\\ud') ? text.replace(LONE_SURROGATE, '$1\\ufffd') : text);
  const snapshotText = (snapshot) => wellFormed(JSON.stringify(snapshot));

  // What changed since `base` (state.sent), if only control states did
  // (checked, value, filled): one change per control, a state now missing
  // sent as null (unreadable). Null when anything else differs, the page's
  // structure (a text, a control more or less, a hint, hidden or disabled),
  // which the engine reads afresh from the whole snapshot.
  const STATES = new Set(['checked', 'value', 'filled']);
  // Equal as JSON would write them: a field set to undefined is no field.
  // No allocation: it runs over every text and control of the page.
  const fields = (o) => Object.keys(o).filter((k) => o[k] !== undefined);
  function same(a, b) {
    if (a === b) return true;
    if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
      return true;
    }
    if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(b)) return false;
    return sameFields(a, b, null);
  }
  // Two objects' fields, each `same` but the one named `except` (compared
  // by the caller); both must have it or lack it alike.
  function sameFields(a, b, except) {
    let count = 0;
    for (const k in a) {
      if (a[k] === undefined) continue;
      count++;
      if (k !== except && !same(a[k], b[k])) return false;
    }
    for (const k in b) if (b[k] !== undefined) count--;
    return count === 0;
  }
  function changedStates(base, snapshot) {
    if (!base) return null;
    const was = base.snapshot;
    const keys = Object.keys(snapshot);
    if (keys.length !== Object.keys(was).length) return null;
    for (const key of keys) {
      if (key !== 'seq' && key !== 'controls' && !same(snapshot[key], was[key])) return null;
    }
    const [now, then] = [snapshot.controls, was.controls];
    if (!Array.isArray(now) || !Array.isArray(then) || now.length !== then.length) return null;
    const changes = [];
    for (let i = 0; i < now.length; i++) {
      const [a, b] = [now[i], then[i]];
      let change = null;
      for (const key in a) {
        if (same(a[key], b[key])) continue;
        if (!STATES.has(key)) return null;
        change ??= { handle: a.handle };
        change[key] = a[key] ?? null;
      }
      // A state gone from the control (now unreadable).
      for (const key in b) {
        if (key in a || b[key] === undefined) continue;
        if (!STATES.has(key)) return null;
        change ??= { handle: a.handle };
        change[key] = null;
      }
      if (change) changes.push(change);
    }
    return changes;
  }

  // The snapshot's JSON text (as snapshotText, its lists last) written in
  // slices of SLICE_MS while the admin can see the page, as it was read: on
  // a page of 10,000 controls, writing it in one go held the main thread
  // for tens of ms. The snapshot is already taken, so a change of the page
  // meanwhile does not matter; a newer check does (null), and a guard
  // waiting for a verdict has the rest written at once.
  async function snapshotTextInSlices(snapshot, mine, onSlice) {
    if (document.hidden) return snapshotText(snapshot);
    const { texts, controls, ...rest } = snapshot;
    const head = JSON.stringify(rest).slice(1, -1);
    const parts = head ? [head] : [];
    let start = performance.now();
    for (const [name, list] of [['texts', texts], ['controls', controls]]) {
      if (!Array.isArray(list)) continue;
      const items = [];
      for (let i = 0; i < list.length; i++) {
        items.push(JSON.stringify(list[i]) ?? 'null');
        if ((i & 63) === 63 && performance.now() - start > SLICE_MS && !state.waiters.length) {
          onSlice(start, performance.now());
          await AsgSnapshot.pause();
          if (mine !== state.seq) return null;
          start = performance.now();
        }
      }
      parts.push(`"${name}":[${items.join(',')}]`);
    }
    const text = wellFormed(`{${parts.join(',')}}`);
    onSlice(start, performance.now());
    return text;
  }

  // A Save may sit in another frame than the form it saves (a shell page's
  // toolbar around the form's iframe): each frame tells the tab's other
  // frames, through the worker, the verdict on the object it judges.
  const FRAME_TOKEN = Math.random().toString(36).slice(2);
  const others = new Map();
  let shared = false;
  function shareVerdict(report) {
    const verdict = report && judged(report) ? { state: report.passes ? 'pass' : 'fail', report } : { state: 'off' };
    if (verdict.state === 'off' && !shared) return;
    shared = verdict.state !== 'off';
    if (contextAlive()) api.runtime.sendMessage({ type: MSG.frameVerdict, token: FRAME_TOKEN, verdict }).catch(() => {});
  }
  api.runtime.onMessage.addListener((msg) => {
    if (!msg || msg.token === FRAME_TOKEN) return;
    if (msg.type === TAB.frameVerdict && typeof msg.token === 'string' && msg.verdict) {
      if (msg.verdict.state === 'fail') others.set(msg.token, msg.verdict);
      else others.delete(msg.token);
    }
    if (msg.type === TAB.frameFix && msg.target === FRAME_TOKEN) applyProfile();
    // The popup's "Copy a structure report", sent to this frame.
    if (msg.type === TAB.structureReport) openFieldReport();
    if (msg.type === TAB.showPanel) showPanel();
  });
  // The frame going away tells the others over a port, not a message: a
  // message still unanswered when the page's context unloads is logged by
  // Firefox as an error ("Actor 'Conduits' destroyed before query
  // 'RuntimeMessage' was resolved") whatever catches it; a port post awaits
  // no answer.
  window.addEventListener('pagehide', () => {
    if (!shared || !contextAlive()) return;
    shared = false;
    try {
      api.runtime.connect({ name: FRAME_GONE_PORT }).postMessage({ token: FRAME_TOKEN });
    } catch {
      // The extension went away first: there is no one left to tell.
    }
  });

  // This frame's verdict, or, when it judges nothing, that of a frame of
  // the same tab whose object fails.
  function verdict() {
    const own = frameVerdict();
    if (own.state !== 'off') return own;
    const failing = [...others.values()][0];
    return failing ? { state: 'fail', report: failing.report } : own;
  }

  // What the guard needs, synchronously. 'off': not a guarded object;
  // 'pending': a check is due or in flight; 'unknown': the check failed.
  function frameVerdict() {
    const { report } = state;
    // A fresh look (a few ms): the page as the report judged it, or changed
    // (perhaps without any event).
    if (report && state.reportSeq >= state.freshFrom) {
      const look = surveyOf(0) || AsgSnapshot.take(document, 0);
      if (samePage(look.snapshot, state.judged)) {
        return { state: !judged(report) ? 'off' : report.passes ? 'pass' : 'fail', report };
      }
      state.dirty = true;
    }
    if (state.error && !state.dirty && state.inflight === 0) return { state: 'unknown' };
    if (report && !judged(report)) return { state: 'off' };
    return { state: 'pending' };
  }

  function settle(ms) {
    const now = verdict();
    if (now.state !== 'pending') return Promise.resolve(now);
    if (timer || (state.dirty && !state.inflight)) check();
    return new Promise((resolve) => {
      state.waiters.push(resolve);
      setTimeout(() => {
        const i = state.waiters.indexOf(resolve);
        if (i >= 0) state.waiters.splice(i, 1);
        resolve({ state: 'unknown' });
      }, ms);
    });
  }

  guard.install({
    verdict,
    settle,
    modal: (report, actions, opener) => overlay.showModal(report, actions, opener),
    confirm: (question, actions, opener) => overlay.showConfirm(question, actions, opener),
    // "Fix for me" in the frame whose object the dialog showed.
    fix: (report) => {
      const [target] = [...others].find(([, v]) => v.report === report) || [];
      if (!target) return applyProfile();
      return api.runtime.sendMessage({ type: MSG.frameFix, target }).catch(() => {});
    },
    notice: (key) => overlay.toast(overlay.t(key)),
    // What the engine says a save of this object remembers (a level, a marked contract).
    saved: (report) => {
      const message = report && report.onSave;
      if (message && contextAlive()) api.runtime.sendMessage({ ...message, host: location.host }).catch(() => {});
    },
  });

  // After the guard: sees only the Finish it lets through, and Cancel.
  AsgWizard.install(() => state.report, (msg) => {
    if (contextAlive()) api.runtime.sendMessage({ type: MSG.wizardEnd, host: location.host, ...msg }).catch(() => {});
  });

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
      const stored = await api.storage.local.get(['ui', HIDDEN_KEY]);
      ui = { ...ui, ...(stored.ui || {}) };
      pageUi.hidden = (stored[HIDDEN_KEY] || []).includes(pageKey());
    } catch {
      // No stored preference: the panel starts open.
    }
    check();
  }

  // The guard needs the save buttons' labels before the page is usable. A
  // worker that is starting (or was just stopped) may fail the first asks;
  // if every ask fails, the guard is off and the page says so.
  const CONFIG_RETRIES_MS = [300, 1000, 3000];
  async function loadGuardConfig() {
    for (let attempt = 0; ; attempt++) {
      try {
        const config = await api.runtime.sendMessage({ type: MSG.guardConfig });
        if (config && Array.isArray(config.saveLabels)) {
          surveyWithoutControls = config.surveyWithoutControls === true;
          configAsked();
          return guard.setLabels(config.saveLabels);
        }
      } catch {
        // Asked again below.
      }
      // The first check waits for the first answer only.
      configAsked();
      if (!contextAlive()) return undefined;
      if (attempt >= CONFIG_RETRIES_MS.length) break;
      await new Promise((resolve) => { setTimeout(resolve, CONFIG_RETRIES_MS[attempt]); });
    }
    document.documentElement.setAttribute('data-asg-guard', 'off');
    return overlay.warn(overlay.t('noticeGuardOff'));
  }
  loadGuardConfig();

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
