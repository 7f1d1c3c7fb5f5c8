// @ts-check
// The setup journey as the popup shows it: every step of the active
// profile's setup with its state, what to do next and where, and "Copy setup
// report". The steps, their states and their sentences are the engine's
// (src/journey.rs, through the worker's `setup-journey`); this file only
// draws them, with the extension's own words from _locales.

// Which of a message's two forms a count takes (_locales has key_one and key_other).
const form = (n) => (n === 1 ? 'one' : 'other');
// A stored date (ISO 8601) as its day: the report and the popup agree on it.
const day = (at) => (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}/.test(at) ? at.slice(0, 10) : '');

/** The state of one step in words. */
export function stateText(t, step) {
  switch (step.state) {
    case 'done': {
      const date = day(step.at);
      if (date) return step.object ? t('setupDoneObject', date, step.object) : t('setupDone', date);
      return step.object ? t('setupDoneName', step.object) : t('setupDoneBare');
    }
    case 'in-progress':
      return t(`setupInProgress_${form(step.open)}`, String(step.open));
    case 'not-verifiable':
      return t('setupYours');
    default:
      return t('setupNotStarted');
  }
}

/**
 * The steps as a list: `el` builds DOM (common/dom.js), `t` looks up words,
 * `host` is the Autotask host (a step whose place has a known address links
 * to it there; without a host, no link).
 * @param {{el: Function, t: Function, journey: any, host: string}} args
 */
export function setupSteps({ el, t, journey, host }) {
  const items = journey.steps.map((step, n) => {
    const current = journey.next === step.id;
    const parts = [
      el('span', { class: 'step-title' }, `${n + 1}. ${step.title}`),
      el('span', { class: `step-state ${step.state}`, testid: 'setup-step-state' }, stateText(t, step)),
    ];
    if (step.state === 'in-progress' && step.findings.length) {
      parts.push(el('ul', { class: 'step-findings' },
        ...step.findings.slice(0, 5).map((f) => el('li', {}, t('setupFinding', f.control || f.id, t(`outcome_${f.outcome}`))))));
    }
    if (step.state !== 'done') {
      const link = step.path && host ? el('a', {
        href: `https://${host}${step.path}`, target: '_blank', rel: 'noopener', testid: 'setup-step-link',
      }, t('setupOpen')) : null;
      parts.push(el('p', { class: 'step-todo' }, step.todo),
        el('p', { class: 'step-place' }, t('setupWhere', step.place), link ? ' ' : null, link));
    }
    return el('li', {
      class: `step ${step.state}${current ? ' current' : ''}`, testid: `setup-step-${step.id}`,
      'data-state': step.state, 'aria-current': current ? 'step' : null,
    }, ...parts);
  });
  return el('ol', { class: 'steps', testid: 'setup-steps' }, ...items);
}

/** "3 of 5 steps verified", and where the admin is. */
export function setupSummary(t, journey) {
  return t(`setupProgress_${form(journey.total)}`, String(journey.done), String(journey.total));
}
