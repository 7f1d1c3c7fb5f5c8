// The overlay: the checklist panel and the outcome badges, drawn in an open
// shadow root so the page's styles and ours never meet. Everything from the
// page or the engine is put in as text (textContent), never as markup.
import { elementMaker, trusted } from '../common/dom.js';
// Not colour alone: each outcome has its own symbol and line style.
import { SYMBOL } from '../common/outcomes.js';
import { setupSteps, setupSummary } from '../common/setup-view.js';
import { CHOICES_CSS, choiceList } from './choices.js';
import { DETAIL_CSS, findingDetail } from './finding-detail.js';

export const AsgOverlay = (() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  // Texts without substitutions, looked up once: each lookup asks the
  // browser for its language again (a checklist of 50 findings: 3 ms).
  const plain = new Map();
  const t = (key, ...subs) => {
    if (subs.length) return api.i18n.getMessage(key, subs) || key;
    if (!plain.has(key)) plain.set(key, api.i18n.getMessage(key) || key);
    return plain.get(key);
  };

  const CSS = `
    :host { all: initial; position: fixed; top: 0; left: 0; }
    /* Docked at the right edge, in a column the page gives up for it
       (marks.css: html[data-asg-dock]), so it never lies over a control. */
    .dock { position: fixed; top: 0; right: 0; z-index: 2147483646; box-sizing: border-box;
      display: flex; flex-direction: column; font: 13px/1.4 system-ui, sans-serif; color: #1f2328;
      background: #fff; border-left: 1px solid #d0d7de; border-bottom: 1px solid #d0d7de; border-bottom-left-radius: 8px;
      box-shadow: -2px 2px 10px rgba(0,0,0,.12); }
    .panel { bottom: 0; width: min(360px, 45vw); border-bottom-left-radius: 0; }
    .panel.min { bottom: auto; width: min(220px, 45vw); border-bottom-left-radius: 8px; }
    .dock.small { width: min(300px, 45vw); padding: 10px 12px; }
    .next { margin: 0; padding: 0 10px 8px; color: #59636e; }
    .reports { margin: 0; padding: 8px 10px; border-top: 1px solid #d0d7de; }
    .reports button { font-size: 12px; }
    .panel:not(.min) .next { display: none; }
    .panel:focus-visible { outline: 2px solid #0969da; outline-offset: -2px; }
    header { display: flex; align-items: center; gap: 6px; padding: 8px 10px; border-bottom: 1px solid #d0d7de; }
    header h2 { flex: 1; margin: 0; font-size: 13px; min-width: 0; }
    .min header h2 { font-size: 12px; }
    .summary { font-weight: 700; }
    .summary.ok { color: #1a7f37; } .summary.bad { color: #cf222e; }
    .body { flex: 1; min-height: 0; overflow: auto; padding: 4px 10px 10px; }
    .panel.min .body { display: none; }
    .panel.min header { border-bottom: 0; }
    h3 { margin: 10px 0 4px; font-size: 12px; display: flex; justify-content: space-between; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { margin: 2px 0; }
    button { font: inherit; cursor: pointer; }
    .finding { display: flex; gap: 6px; width: 100%; text-align: left; background: none; border: 1px solid transparent;
      border-radius: 4px; padding: 4px; color: inherit; }
    .finding:hover, .finding:focus-visible { border-color: #0969da; outline: none; background: #f6f8fa; }
    .sym { flex: none; width: 1.2em; text-align: center; font-weight: 700; }
    .fail .sym { color: #cf222e; } .excess .sym { color: #bc4c00; } .incomplete .sym { color: #6e7781; }
    .warn .sym { color: #7d4e00; } .pass .sym { color: #1a7f37; }
    .note { margin: 6px 0; color: #59636e; }
    .notice.toast, .notice.guard-off { position: fixed; z-index: 2147483646; max-width: min(328px, 40vw); padding: 10px 12px;
      font: 13px/1.4 system-ui, sans-serif; color: #1f2328; background: #fff; border: 1px solid #d0d7de; border-radius: 8px;
      box-shadow: 0 8px 24px rgba(0,0,0,.2); }
    .offer p, .dock.notice p { margin: 0 0 8px; }
    .offer .row { display: flex; gap: 8px; align-items: flex-start; }
    .offer .row p { flex: 1; }
    .learn { color: #0550ae; font-size: 12px; margin-left: 1.9em; }
    .learn:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    .advice-heading { color: #7d4e00; }
    .primary { background: #1f4e9c; color: #fff; border: 0; border-radius: 6px; padding: 6px 10px; }
    .icon { background: none; border: 1px solid #d0d7de; border-radius: 4px; padding: 0 6px; }
    .actions { display: flex; gap: 8px; margin: 8px 0; flex-wrap: wrap; }
    .actions button:not(.primary) { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px; }
    .warn-text { color: #7d4e00; }
    .toast { top: 16px; right: 16px; }
    .setup { margin: 8px 0; }
    .setup > button { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 8px; }
    .dock.notice { max-height: 90vh; overflow: auto; }
    .steps { list-style: none; margin: 6px 0; padding: 0; }
    .step { margin: 6px 0; padding: 2px 6px; border-left: 3px solid #d0d7de; }
    .step.current { border-left-color: #1f4e9c; }
    .step.done { border-left-color: #1a7f37; }
    .step-title { display: block; font-weight: 600; }
    .step-state { display: block; color: #59636e; }
    .step-todo, .step-place { margin: 2px 0; font-size: 12px; }
    .step a { color: #0550ae; }
    .pointer { position: fixed; z-index: 2147483645; max-width: 210px; padding: 3px 8px; border-radius: 6px;
      font: 600 12px/1.3 system-ui, sans-serif; color: #fff; background: #1f4e9c; pointer-events: none; }
    .guard-off { top: 16px; left: 16px; border-color: #cf222e; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.35); display: flex;
      align-items: center; justify-content: center; font: 13px/1.4 system-ui, sans-serif; color: #1f2328; }
    .dialog { background: #fff; border-radius: 8px; padding: 16px 18px; width: min(520px, 90vw); max-height: 80vh; overflow: auto;
      box-shadow: 0 8px 24px rgba(0,0,0,.3); }
    .dialog h2 { margin: 0 0 8px; font-size: 15px; }
    .modal-list { margin: 8px 0; }
    .modal-list li { display: flex; gap: 6px; margin: 4px 0; }
    button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    .badge { position: fixed; z-index: 2147483645; pointer-events: none; font: 700 11px/14px system-ui, sans-serif;
      min-width: 14px; height: 14px; text-align: center; border-radius: 7px; color: #fff; }
    .badge.fail { background: #cf222e; } .badge.excess { background: #bc4c00; }
    .badge.incomplete { background: #6e7781; } .badge.warn { background: #9a6700; }
    @media (prefers-color-scheme: dark) {
      .dock, .notice.toast, .notice.guard-off, .dialog { background: #0d1117; color: #e6edf3; border-color: #30363d; }
      header, .reports { border-color: #30363d; }
      .note, .next { color: #8b949e; }
      .summary.ok, .pass .sym { color: #3fb950; } .summary.bad, .fail .sym { color: #ff7b72; }
      .excess .sym { color: #ffa657; } .incomplete .sym { color: #8b949e; } .warn .sym, .warn-text, .advice-heading { color: #e3b341; }
      .finding:hover, .finding:focus-visible { background: #161b22; border-color: #58a6ff; }
      .icon, .actions button:not(.primary) { background: #21262d; color: #e6edf3; border-color: #30363d; }
      .primary { background: #1f6feb; }
      .learn, .step a { color: #79c0ff; }
      .setup > button { background: #21262d; color: #e6edf3; border-color: #30363d; }
      .step-state { color: #8b949e; } .step { border-left-color: #30363d; }
      .step.current { border-left-color: #58a6ff; } .step.done { border-left-color: #3fb950; }
      .pointer { background: #1f6feb; }
      select { background: #0d1117; color: #e6edf3; border: 1px solid #30363d; }
    }
  ${CHOICES_CSS}
  ${DETAIL_CSS}`;

  let host = null;
  let root = null;
  // Separate layers: a re-check redraws `main` and `marks`, never an open
  // modal or a notice the admin has not read yet.
  let layers = null;
  let badges = [];
  let badgeFrame = 0;
  const TOAST_MS = 10_000;

  function ensureRoot() {
    if (host && host.isConnected) return root;
    host = document.createElement('asg-overlay');
    host.setAttribute('data-asg-ui', '');
    root = host.attachShadow({ mode: 'open' });
    // A constructed sheet is not subject to the page's style-src CSP.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    layers = Object.fromEntries(['main', 'marks', 'warn', 'modal', 'toast'].map((name) => [name, el('div')]));
    root.append(...Object.values(layers));
    document.documentElement.append(host);
    return root;
  }

  // The page's own scripts can reach this open shadow root: a button acts
  // only for what a person did (a real click or key).
  const el = elementMaker(trusted);

  // The column the page gives up for the dock (marks.css): 'open', 'min',
  // 'small' (an offer or a notice), or none. Not an attribute the content
  // script watches, so setting it starts no re-check.
  const DOCK = 'data-asg-dock';
  function dock(state) {
    const html = document.documentElement;
    if (!state) html.removeAttribute(DOCK);
    else if (html.getAttribute(DOCK) !== state) html.setAttribute(DOCK, state);
  }

  function clear() {
    cancelAnimationFrame(badgeFrame);
    badges = [];
    if (layers) {
      layers.main.replaceChildren();
      layers.marks.replaceChildren();
    }
  }

  function remove() {
    clear();
    dock(null);
    window.removeEventListener('scroll', placeBadgesSoon, true);
    window.removeEventListener('resize', placeBadgesSoon);
    // A warning that the guard is off stays for the page's lifetime, and an
    // open dialog until it is answered.
    if (layers && (layers.warn.childElementCount || layers.modal.childElementCount)) return;
    if (host) host.remove();
    host = null;
    root = null;
    layers = null;
  }

  // Badges follow their controls: placed from the control's box, again on
  // scroll and resize (once per frame), hidden while the control is hidden.
  // Every box is read before any badge moves: reading a box after a write
  // forces a fresh layout of the page, once per badge (300 badges: 0.7 s).
  // Two controls close together (a contract's Start and End Date) would put
  // their badges on top of each other: a badge that would cover one already
  // placed moves right until it covers none.
  const BADGE_STEP = 16;
  function placeBadges() {
    const boxes = badges.map(({ target }) => target.getBoundingClientRect());
    const taken = new Map();
    const cell = (x, y) => `${Math.floor(x / BADGE_STEP)},${Math.floor(y / BADGE_STEP)}`;
    const covers = (x, y) => {
      for (let dx = -1; dx <= 1; dx += 1) {
        for (let dy = -1; dy <= 1; dy += 1) {
          const near = taken.get(cell(x + dx * BADGE_STEP, y + dy * BADGE_STEP)) || [];
          if (near.some(([px, py]) => Math.abs(px - x) < BADGE_STEP && Math.abs(py - y) < BADGE_STEP)) return true;
        }
      }
      return false;
    };
    badges.forEach(({ node }, i) => {
      const box = boxes[i];
      const shown = box.width > 0 || box.height > 0;
      node.style.display = shown ? '' : 'none';
      if (!shown) return;
      let left = Math.max(0, box.left - 8);
      const top = Math.max(0, box.top - 8);
      for (let tries = 0; tries < 8 && covers(left, top); tries += 1) left += BADGE_STEP;
      const key = cell(left, top);
      taken.set(key, [...(taken.get(key) || []), [left, top]]);
      node.style.left = `${left}px`;
      node.style.top = `${top}px`;
    });
  }
  function placeBadgesSoon() {
    cancelAnimationFrame(badgeFrame);
    badgeFrame = requestAnimationFrame(placeBadges);
  }

  function drawBadges(report, elements) {
    for (const { handle, outcome } of report.marks) {
      const target = elements[handle];
      if (!target || outcome === 'pass') continue;
      const node = el('span', { class: `badge ${outcome}`, 'aria-hidden': 'true' }, SYMBOL[outcome]);
      layers.marks.append(node);
      badges.push({ node, target });
    }
    window.addEventListener('scroll', placeBadgesSoon, { capture: true, passive: true });
    window.addEventListener('resize', placeBadgesSoon, { passive: true });
    // In the next frame, not now: reading a box here would force the page's
    // whole layout inside the check (tens of ms on a large page); the frame
    // lays the page out anyway.
    placeBadgesSoon();
  }

  function finding(result, onPick, sources) {
    const text = el('span', {}, result.message);
    const button = el('button', {
      class: `finding ${result.outcome}`, testid: 'asg-finding', 'data-outcome': result.outcome, type: 'button',
      onclick: () => onPick(result),
    }, el('span', { class: 'sym', 'aria-hidden': 'true' }, SYMBOL[result.outcome]), text);
    button.setAttribute('aria-label', `${t(`outcome_${result.outcome}`)}: ${result.message}`);
    return el('li', {}, button, learnMore(result, sources), findingDetail(el, t, result, sources));
  }

  // "Learn more": the profile's source for this rule, when it has a link
  // (an https address only; anything else is not offered).
  function learnMore(result, sources) {
    const source = result.source && (sources || []).find((s) => s.id === result.source);
    if (!source || typeof source.url !== 'string' || !/^https:\/\//.test(source.url)) return null;
    return el('a', {
      class: 'learn', href: source.url, target: '_blank', rel: 'noopener noreferrer', testid: 'asg-learn-more',
      'aria-label': t('panelLearnMoreAbout', source.title || source.url),
    }, t('panelLearnMore'));
  }

  // Failures first, then what is more than needed, then what could not be
  // checked; advice (never counted, never blocking) is listed apart.
  const RANK = { fail: 0, incomplete: 1, excess: 2 };
  const byRank = (a, b) => RANK[a.outcome] - RANK[b.outcome];
  const toChange = (report) => report.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'warn');
  const advice = (report) => report.results.filter((r) => r.outcome === 'warn');
  // Which of a message's two forms a count takes (_locales has key_one and key_other).
  const form = (n) => (n === 1 ? 'one' : 'other');

  // A labelled <select> that calls `onPick(value)` when the admin changes it.
  function choice(testid, label, options, current, onPick) {
    const select = el('select', { id: testid, testid, onchange: () => onPick(select.value) },
      ...options.map(([value, text]) => {
        const option = el('option', { value }, text);
        option.selected = value === current;
        return option;
      }));
    return el('p', { class: 'note' }, el('label', { for: testid }, label, ' '), select);
  }

  // The contract's own questions: which invoice the first sync takes (and so
  // the latest start date that works), and the date format when the page
  // does not show one. The engine works out every date, and names the
  // formats it reads (the report's `contract.dateFormats`).
  function contractSettings(info, hooks) {
    const box = el('div', { testid: 'asg-contract' });
    box.append(choice('asg-invoice', t('contractInvoice'), [
      ['most-recent', t('contractInvoiceRecent')], ['next', t('contractInvoiceNext')],
    ], info.invoice, hooks.onInvoice));
    if (info.latestStart) {
      box.append(el('p', { class: 'note', testid: 'asg-latest-start', 'data-date': info.latestStart },
        t('contractLatestStart', info.latestStart)));
    }
    if (info.dateFormatFrom === 'page') {
      box.append(el('p', { class: 'note', testid: 'asg-date-format-page' }, t('contractDateFormatPage', info.dateFormat)));
    } else {
      if (info.askDateFormat) {
        box.append(el('p', { class: 'note warn-text', role: 'alert', testid: 'asg-date-question' }, t('contractDateQuestion')));
      }
      box.append(choice('asg-date-format', t('contractDateFormat'),
        [['', t('contractDateFormatUnknown')], ...(info.dateFormats || []).map((f) => [f, f])], info.dateFormat || '', hooks.onDateFormat));
    }
    return box;
  }

  /**
   * Draws the checklist for a judged page, docked at the right edge.
   * `opts`: { minimized, onMinimize(bool), onHide(), onPick(result),
   * onApply(), onUndo() or null when there is nothing to undo, ignored: [control names],
   * onReport(format 'md'|'json', action 'copy'|'download'), focus (move the keyboard to the panel) }.
   */
  /**
   * The panel's Setup view: a toggle that asks `onSetup()` for the setup
   * journey on this host (the worker's `setup-journey`) and lists its steps
   * (common/setup-view.js, as the popup does). Null without `onSetup`.
   */
  function setupSection(onSetup) {
    if (!onSetup) return null;
    const slot = el('div', { id: 'asg-setup', testid: 'asg-setup', hidden: true });
    const toggle = el('button', {
      type: 'button', testid: 'asg-setup-toggle', 'aria-expanded': 'false', 'aria-controls': 'asg-setup',
      onclick: async () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        slot.hidden = !open;
        if (!open) return;
        const answer = await onSetup().catch(() => null);
        if (!answer || !answer.report) {
          slot.replaceChildren(el('p', { class: 'note' }, t('noticeCheckFailed')));
          return;
        }
        slot.replaceChildren(el('p', { class: 'note', testid: 'asg-setup-progress' }, setupSummary(t, answer.report)),
          setupSteps({ el, t, journey: answer.report, host: location.host }));
      },
    }, t('panelSetup'));
    return el('div', { class: 'setup' }, toggle, slot);
  }

  function showChecklist(report, elements, opts) {
    ensureRoot();
    // A re-check redraws the panel: keep the keyboard where it was (a
    // contract choice changed with the arrow keys re-checks on each step).
    const focused = root.activeElement && root.activeElement.dataset ? root.activeElement.dataset.testid : null;
    clear();
    const { passed, total } = report.summary;
    const ok = passed === total;
    const sources = report.sources || [];
    const body = el('div', { class: 'body', id: 'asg-body' });
    const actions = el('div', { class: 'actions' });
    if (!ok && report.marks.some((m) => m.apply)) {
      actions.append(el('button', { class: 'primary', type: 'button', testid: 'asg-apply', onclick: opts.onApply }, t('panelApply')));
    }
    if (opts.onUndo) actions.append(el('button', { type: 'button', testid: 'asg-undo', onclick: opts.onUndo }, t('panelUndo')));
    if (actions.childElementCount) body.append(actions);
    if (opts.onConfirmLevel) {
      body.append(el('div', { class: 'ask', testid: 'asg-confirm-level' },
        el('p', { class: 'note' }, t('panelConfirmLevelAsk', report.confirmLevel, report.profile.name)),
        el('button', { class: 'primary', type: 'button', testid: 'asg-confirm-level-yes', onclick: opts.onConfirmLevel },
          t('panelConfirmLevel', report.confirmLevel))));
    }
    if (opts.ignored.length) {
      body.append(el('p', { class: 'note warn-text', testid: 'asg-ignored', role: 'status' },
        t('panelIgnored', opts.ignored.join('; '))));
    }
    if (opts.contract && report.contract) body.append(contractSettings(report.contract, opts.contract));
    const open = toChange(report).length;
    const next = ok ? report.nextStep || '' : t(`panelToChange_${form(open)}`, String(open));
    if (ok) body.append(el('p', { class: 'note', testid: 'asg-all-pass' }, t('panelAllPass'), ' ', next));
    for (const section of report.sections) {
      const mine = report.results.filter((r) => r.section === section.heading && RANK[r.outcome] !== undefined).sort(byRank);
      const heading = el('h3', { testid: 'asg-section' },
        el('span', {}, section.heading), el('span', {}, `${section.passed}/${section.total}`));
      body.append(heading);
      if (mine.length) body.append(el('ul', {}, ...mine.map((r) => finding(r, opts.onPick, sources))));
    }
    const warns = advice(report);
    if (warns.length) {
      body.append(el('h3', { class: 'advice-heading', testid: 'asg-advice-heading' }, el('span', {}, t('panelAdvice'))),
        el('ul', {}, ...warns.map((r) => finding(r, opts.onPick, sources))));
    }
    // The reports stay at the panel's foot, also when it is minimised (a
    // passing page's report is what a support ticket asks for).
    let reports = null;
    if (opts.onReport) {
      const report = (format, action, label) => el('button', {
        type: 'button', testid: `asg-report-${action}-${format}`, onclick: () => opts.onReport(format, action),
      }, label);
      reports = el('div', { class: 'actions reports', role: 'group', 'aria-label': t('reportGroup') },
        report('md', 'copy', t('reportCopyMarkdown')), report('md', 'download', t('reportDownloadMarkdown')),
        report('json', 'copy', t('reportCopyJson')), report('json', 'download', t('reportDownloadJson')));
    }
    const setup = setupSection(opts.onSetup);
    if (setup) body.append(setup);
    if (opts.onStructureReport) {
      body.append(el('p', { class: 'note' }, el('button', {
        type: 'button', testid: 'asg-structure-report', onclick: opts.onStructureReport,
      }, t('fieldReportAsk'))));
    }
    const toggle = el('button', {
      class: 'icon', type: 'button', testid: 'asg-minimize', 'aria-controls': 'asg-body',
      'aria-expanded': String(!opts.minimized),
      'aria-label': opts.minimized ? t('panelExpand') : t('panelMinimize'),
      onclick: () => {
        const min = !panel.classList.contains('min');
        panel.classList.toggle('min', min);
        dock(min ? 'min' : 'open');
        toggle.setAttribute('aria-expanded', String(!min));
        toggle.setAttribute('aria-label', min ? t('panelExpand') : t('panelMinimize'));
        toggle.textContent = min ? '◂' : '▸';
        opts.onMinimize(min);
      },
    }, opts.minimized ? '◂' : '▸');
    const hide = opts.onHide ? el('button', {
      class: 'icon', type: 'button', testid: 'asg-hide', 'aria-label': t('panelHide'), title: t('panelHide'), onclick: opts.onHide,
    }, '×') : null;
    const panel = el('section', {
      class: `dock panel${opts.minimized ? ' min' : ''}`, testid: 'asg-panel', 'aria-label': t('extName'), tabindex: '-1',
      'data-state': opts.minimized ? 'min' : 'open',
    },
    el('header', {},
      el('h2', {}, t('panelTitle', report.profile.name)),
      el('span', { class: `summary ${ok ? 'ok' : 'bad'}`, testid: 'asg-summary' }, `${passed}/${total}`),
      toggle, hide),
    el('p', { class: 'next', testid: 'asg-next' }, next),
    body, reports);
    layers.main.append(panel);
    dock(opts.minimized ? 'min' : 'open');
    drawBadges(report, elements);
    if (opts.focus) {
      panel.focus({ preventScroll: true });
      return;
    }
    const again = focused && ['asg-invoice', 'asg-date-format', 'asg-minimize'].includes(focused)
      && root.querySelector(`[data-testid="${focused}"]`);
    if (again) again.focus({ preventScroll: true });
  }

  /**
   * An object the extension does not judge: a small offer to check it (or,
   * on a built-in level, the advice), docked like the panel. `onHide` hides
   * it on this page; `focus` moves the keyboard to it.
   */
  function showOffer(report, onAccept, { onHide = null, focus = false, onChoose = null } = {}) {
    ensureRoot();
    clear();
    const hide = onHide ? el('button', {
      class: 'icon', type: 'button', testid: 'asg-hide', 'aria-label': t('panelHide'), title: t('panelHide'), onclick: onHide,
    }, '×') : null;
    const aside = (testid, first, ...rest) => el('aside', {
      class: 'dock small offer', testid, role: 'complementary', 'aria-label': t('extName'), tabindex: '-1',
    }, el('div', { class: 'row' }, first, hide), ...rest);
    let box;
    if (report.advice.length) {
      box = aside('asg-advice', el('p', {}, report.advice[0]), ...report.advice.slice(1).map((text) => el('p', {}, text)));
    } else {
      // The engine's sentence and button label for this kind of object.
      box = aside('asg-offer', el('p', {}, report.offer.text),
        onAccept && report.offer.accept ? el('button', { class: 'primary', type: 'button', testid: 'asg-offer-accept', onclick: onAccept },
          report.offer.accept) : null,
        choiceList(el, report.offer.choices, onChoose, report.offer.text));
    }
    layers.main.append(box);
    dock('small');
    if (focus) box.focus({ preventScroll: true });
  }

  /** Hidden on this page at the admin's request: marks stay, the dock goes (the popup or the shortcut brings it back). */
  function hide(report, elements) {
    ensureRoot();
    clear();
    dock(null);
    if (report && report.marks) drawBadges(report, elements);
  }

  /** A lasting notice instead of the checklist (a page in another language, a check that failed). */
  function showNotice(text, { onSetup = null } = {}) {
    ensureRoot();
    clear();
    // The words in a node of their own, so that the Setup view beside them is not read out as the notice.
    layers.main.append(el('aside', { class: 'dock small notice', testid: 'asg-notice', role: 'complementary', 'aria-label': t('extName') },
      el('p', { role: 'status' }, text), setupSection(onSetup)));
    dock('small');
  }

  /**
   * A short text beside the page's element the notice points at (its
   * outline is marks.css's [data-asg-point]); it follows the element on
   * scroll and resize, and goes with the next drawing.
   */
  function point(target, say) {
    ensureRoot();
    const node = el('div', { class: 'pointer', testid: 'asg-point', role: 'note' }, '◂ ', say);
    layers.main.append(node);
    const place = () => {
      if (!node.isConnected) {
        window.removeEventListener('scroll', place, true);
        window.removeEventListener('resize', place);
        return;
      }
      const box = target.getBoundingClientRect();
      node.style.display = box.width || box.height ? '' : 'none';
      node.style.left = `${Math.max(0, Math.min(box.right + 8, window.innerWidth - 220))}px`;
      node.style.top = `${Math.max(0, box.top)}px`;
    };
    place();
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
  }

  /** The element to point at is not on the page: the notice says what to look for. */
  function pointMissing(text) {
    const notice = layers && layers.main.querySelector('[data-testid="asg-notice"]');
    if (notice) notice.append(el('p', { class: 'note', testid: 'asg-point-missing' }, text));
  }

  /** A warning that stays for the page's lifetime, above the panel (the save guard is off). */
  function warn(text) {
    ensureRoot();
    layers.warn.replaceChildren(el('aside', { class: 'notice guard-off', testid: 'asg-guard-off', role: 'alert' }, text));
  }

  /** A passing message that outlives redraws (the guard let a save through unchecked). */
  function toast(text) {
    ensureRoot();
    const node = el('aside', { class: 'notice toast', testid: 'asg-toast', role: 'alert' }, text);
    layers.toast.replaceChildren(node);
    setTimeout(() => node.remove(), TOAST_MS);
  }

  /**
   * The save guard's question: the findings to change (failures first), the
   * advice apart, and "Fix for me" / "Save anyway" / "Cancel". Each action
   * runs once; Escape is Cancel wherever the focus is; focus starts on Cancel,
   * stays in the dialog, and goes back to `opener` (the Save that was
   * pressed) however the dialog closes.
   */
  function showModal(report, actions, opener) {
    ensureRoot();
    const finish = onceFromModal(opener);
    const findings = toChange(report).sort(byRank);
    const warns = advice(report);
    const item = (r) => el('li', { class: r.outcome, testid: 'asg-modal-finding', 'data-outcome': r.outcome },
      el('span', { class: 'sym', 'aria-hidden': 'true' }, SYMBOL[r.outcome]), el('span', {}, r.message));
    const cancel = el('button', { type: 'button', testid: 'asg-modal-cancel', onclick: finish(actions.cancel) }, t('modalCancel'));
    const buttons = [
      el('button', { class: 'primary', type: 'button', testid: 'asg-modal-fix', onclick: finish(actions.fix) }, t('modalFix')),
      el('button', { type: 'button', testid: 'asg-modal-save-anyway', onclick: finish(actions.saveAnyway) }, t('modalSaveAnyway')),
      cancel,
    ];
    const dialog = el('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'asg-modal-title', testid: 'asg-modal' },
      el('h2', { id: 'asg-modal-title' }, t(`modalTitle_${form(findings.length)}`, String(findings.length))),
      el('p', { testid: 'asg-modal-intro' }, report.saveIntro || ''),
      el('ul', { class: 'modal-list' }, ...findings.map(item)),
      warns.length ? el('h3', { class: 'advice-heading', testid: 'asg-modal-advice' }, t('modalAdvice')) : null,
      warns.length ? el('ul', { class: 'modal-list' }, ...warns.map(item)) : null,
      el('div', { class: 'actions' }, ...buttons));
    openModal(dialog, buttons, cancel, finish(actions.cancel));
  }

  /**
   * The engine's question before a save (`question.message`, e.g. the secret
   * is stored): "Confirm" or "Cancel", each once; Escape is Cancel, focus
   * starts on Cancel, stays in the dialog and goes back to `opener`.
   */
  function showConfirm(question, actions, opener) {
    ensureRoot();
    const finish = onceFromModal(opener);
    const cancel = el('button', { type: 'button', testid: 'asg-confirm-cancel', onclick: finish(actions.cancel) }, t('modalCancel'));
    const buttons = [
      el('button', { class: 'primary', type: 'button', testid: 'asg-confirm-ok', onclick: finish(actions.confirm) }, t('confirmSave')),
      cancel,
    ];
    const dialog = el('div', { class: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'asg-confirm-title',
      'aria-describedby': 'asg-confirm-text', testid: 'asg-confirm', 'data-question': question.id },
    el('h2', { id: 'asg-confirm-title' }, t('confirmTitle')),
    el('p', { id: 'asg-confirm-text' }, question.message),
    el('div', { class: 'actions' }, ...buttons));
    openModal(dialog, buttons, cancel, finish(actions.cancel));
  }

  // The open dialog's key handler on the window (Escape wherever the focus
  // is), removed when the dialog closes.
  let modalKeys = null;

  // Where the keyboard goes back to when a dialog closes: the control that
  // opened it, else what had the focus before, when it can take it.
  function giveBack(candidates) {
    for (const node of candidates) {
      if (!node || !node.isConnected || typeof node.focus !== 'function') continue;
      node.focus({ preventScroll: true });
      if (document.activeElement === node) return;
    }
  }

  /** Wraps a dialog's actions so that only the first one runs, after the dialog is closed and the focus given back. */
  function onceFromModal(opener) {
    let done = false;
    const before = document.activeElement !== document.body ? document.activeElement : null;
    return (action) => () => {
      if (done) return;
      done = true;
      if (modalKeys) window.removeEventListener('keydown', modalKeys, true);
      modalKeys = null;
      layers.modal.replaceChildren();
      giveBack([opener, before]);
      action();
    };
  }

  /**
   * Shows a dialog: Escape is `onCancel` wherever the focus is, focus starts
   * on `cancel`, Tab / Shift+Tab stay among `buttons` (from anywhere), and a
   * press on the backdrop leaves the focus where it is.
   */
  function openModal(dialog, buttons, cancel, onCancel) {
    if (modalKeys) window.removeEventListener('keydown', modalKeys, true);
    modalKeys = trusted((event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopImmediatePropagation();
        onCancel();
      } else if (event.key === 'Tab') {
        const i = buttons.indexOf(root.activeElement);
        const next = (i + (event.shiftKey ? buttons.length - 1 : 1)) % buttons.length;
        buttons[i < 0 ? 0 : next].focus();
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
    window.addEventListener('keydown', modalKeys, true);
    const backdrop = el('div', { class: 'backdrop', testid: 'asg-backdrop' }, dialog);
    // A press outside the buttons must not take the focus to the page's body.
    backdrop.addEventListener('mousedown', (event) => {
      if (!(event.target instanceof Element && event.target.closest('button, a, select, input'))) event.preventDefault();
    });
    layers.modal.replaceChildren(backdrop);
    cancel.focus();
  }

  return { showChecklist, showOffer, showNotice, point, pointMissing, showModal, showConfirm, toast, warn, remove, hide, t };
})();
