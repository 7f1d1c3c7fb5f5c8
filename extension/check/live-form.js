// The live API check's form and results, shared by the extension's page
// (which runs the check in the worker) and the checker page (which tries
// directly). Draws only: every finding's text comes from the engine, and
// page words come from `t`. The secret is read from its field for one check
// and the field is emptied when the check ends.
//
// One template for both pages: the form, its steps, status and report are
// built here (words from `t`), so the two pages cannot drift apart.
import { el } from '../common/dom.js';

/**
 * The form and its results, as nodes for the page's slot. `heading`: the
 * verdict's heading level (h2 on its own page, h3 in the checker's section).
 */
function template(t, heading) {
  const field = (name, label, attrs) => el('label', null, el('span', null, label),
    el('input', { name, testid: `live-${name}`, required: true, ...attrs }));
  return [
    el('form', { testid: 'live-form', autocomplete: 'off' },
      field('username', t('liveUsername'), { spellcheck: 'false', autocomplete: 'off' }),
      field('secret', t('liveSecret'), { type: 'password', autocomplete: 'new-password' }),
      field('code', t('liveCode'), { spellcheck: 'false', autocomplete: 'off' }),
      el('p', { class: 'hint' }, t('liveCodeWho')),
      el('p', { class: 'hint' }, t('liveZoneAuto')),
      el('p', { class: 'hint' }, t('liveSecretKept')),
      el('button', { type: 'submit', testid: 'live-run' }, t('liveRun'))),
    el('ol', { class: 'steps', testid: 'live-steps', 'aria-label': t('liveSteps') }),
    el('p', { testid: 'live-status', role: 'status', 'aria-live': 'polite' }),
    el('section', { testid: 'live-report', hidden: true },
      el(heading, { testid: 'live-verdict' }),
      el('ul', { class: 'results', testid: 'live-results' }),
      el('ul', { class: 'advice', testid: 'live-advice' }),
      el('p', null, el('button', { type: 'button', testid: 'live-copy' }, t('liveCopy')), ' ',
        el('span', { testid: 'live-copy-status', role: 'status' })),
      el('details', null, el('summary', null, t('liveMarkdown')), el('pre', { testid: 'live-markdown' }))),
  ];
}

/**
 * Draws the live check into `slot` and runs it with `run(fields, onProgress)`.
 * @param {{t: (key: string, ...subs: string[]) => string, run: Function, slot: Element, heading?: string}} options
 */
export function liveForm({ t, run, slot, heading = 'h2' }) {
  slot.replaceChildren(...template(t, heading));
  const $ = (id) => slot.querySelector(`[data-testid="${id}"]`);
  const form = $('live-form');
  const steps = $('live-steps');
  const status = $('live-status');
  const report = $('live-report');
  const runButton = $('live-run');
  let markdown = '';

  function drawSteps(progress) {
    steps.replaceChildren(...progress.steps.map((s) => {
      const li = el('li', { 'data-testid': `live-step-${s.id}`, 'data-state': s.state });
      if (s.outcome) li.setAttribute('data-asg', s.outcome);
      li.append(el('span', { class: 'title' }, s.title), el('span', { class: 'state' },
        s.state === 'done' && s.outcome ? t(`outcome_${s.outcome}`) : t(`liveState_${s.state}`)));
      return li;
    }));
  }

  function drawReport(out) {
    const r = out.report;
    markdown = out.markdown;
    report.setAttribute('data-asg-summary', `${r.summary.passed}/${r.summary.total}`);
    report.setAttribute('data-passes', String(r.passes));
    $('live-verdict').textContent = r.passes
      ? t('liveAllPass', String(r.summary.total))
      : t('liveSomeOpen', String(r.summary.passed), String(r.summary.total));
    $('live-results').replaceChildren(...r.results.map((x) => {
      const li = el('li', { 'data-asg': x.outcome, 'data-rule': x.rule });
      li.append(el('strong', {}, t(`outcome_${x.outcome}`)), ' ',
        el('span', { class: 'what' }, `${x.section} · ${x.control}`), ' ',
        el('span', { class: 'found' }, `(${x.found})`), el('p', {}, x.message));
      return li;
    }));
    $('live-advice').replaceChildren(...r.advice.map((a) => el('li', {}, a)));
    $('live-markdown').textContent = markdown;
    report.hidden = false;
    // Keyboard and screen reader users land on the verdict.
    $('live-verdict').tabIndex = -1;
    $('live-verdict').focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (runButton.disabled) return;
    const fields = {
      username: form.elements.username.value,
      integrationCode: form.elements.code.value,
      secret: form.elements.secret.value,
    };
    runButton.disabled = true;
    report.hidden = true;
    status.textContent = t('liveRunning');
    status.removeAttribute('data-state');
    try {
      const out = await run(fields, drawSteps);
      drawSteps({ steps: out.report.steps });
      drawReport(out);
      status.textContent = t(`liveDone_${out.report.requests === 1 ? 'one' : 'other'}`, String(out.report.requests));
      status.setAttribute('data-state', 'done');
    } catch (err) {
      status.textContent = String((err && err.message) || err);
      status.setAttribute('data-state', 'refused');
    } finally {
      fields.secret = '';
      form.elements.secret.value = '';
      runButton.disabled = false;
    }
  });

  $('live-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(markdown);
      $('live-copy-status').textContent = t('liveCopied');
    } catch {
      $('live-copy-status').textContent = t('liveCopyFailed');
    }
  });
}
