// The matrix cases both browsers judge, and how a browser's answers become
// failures per renderer: tests/e2e/matrix-*.test.mjs (Chromium, Playwright)
// and tests/firefox/matrix.test.mjs (Firefox, geckodriver) call these, so
// the two runs judge the same cases against the same oracle.
import { differences } from './compare.mjs';
import { judge } from './oracle.mjs';
import { canShow, formHtml, render, RENDERERS } from './renderers.mjs';
import { allStates, randomState, REMEMBERED, rng } from './states.mjs';

export { REMEMBERED };

/** Every state × every renderer it can show, as saved HTML for the checker page. */
export function checkerCases() {
  const states = allStates();
  return RENDERERS.flatMap((r) => states.filter((s) => canShow(r, s.state))
    .map((s) => ({ renderer: r.name, state: s.id, html: formHtml(render(r, s.state)), ctx: s.ctx, want: judge(s.state, s.ctx) })));
}

/** `count` seeded random states × every renderer; state k comes from seed `seed + k`. */
export function randomCases(seed, count) {
  const states = Array.from({ length: count }, (_, k) => ({ seed: seed + k, ...randomState(rng(seed + k)) }));
  return RENDERERS.flatMap((r) => states.map((s) => ({
    renderer: r.name, state: `random ${s.state.kind}`, seed: s.seed, html: formHtml(render(r, s.state)), ctx: s.ctx, want: judge(s.state, s.ctx),
  })));
}

/** The checker's answers (`got[i]` for `cases[i]`) as failures by renderer name. */
export function failuresByRenderer(cases, got) {
  const failures = new Map(RENDERERS.map((r) => [r.name, []]));
  cases.forEach((c, i) => {
    const lines = differences(c.want, got[i]);
    if (lines.length) failures.get(c.renderer).push({ state: c.state, seed: c.seed, renderer: c.renderer, lines });
  });
  return failures;
}

/** How many states each renderer shows in checkerCases(), for the test names. */
export const checkerCount = (renderer) => allStates().filter((s) => canShow(renderer, s.state)).length;

// ------------------------------------------------- through the extension

export const EXTENSION_STATES = ['all-correct', 'guide-literal', 'deviation:crm.vendors', 'unbound', 'api-correct', 'api-system-level'];

/**
 * Every renderer × EXTENSION_STATES, and per renderer one click through the
 * page's own widget (all correct, then "Can create Webhooks" turned on):
 * `{ renderer, s, doc, click? }`, judged with REMEMBERED for the host.
 */
export function extensionCases() {
  const all = allStates();
  const states = all.filter((s) => EXTENSION_STATES.includes(s.id));
  if (states.length !== EXTENSION_STATES.length) throw new Error(`states missing: ${EXTENSION_STATES.filter((id) => !states.some((s) => s.id === id))}`);
  const cases = RENDERERS.flatMap((renderer) => states.map((s) => ({ renderer, s, doc: render(renderer, s.state) })));
  const start = all.find((s) => s.id === 'all-correct');
  const then = all.find((s) => s.id === 'deviation:other.webhooks');
  for (const renderer of RENDERERS) {
    cases.push({ renderer, s: start, doc: render(renderer, start.state), click: { id: 'other.webhooks', then: { ...then, id: 'all-correct, then a click on "Can create Webhooks"' } } });
  }
  return cases;
}

const show = (v) => (v == null ? 'none' : v);

/**
 * What differs between the oracle's verdict for `s` and what the extension
 * wrote (`got`: tests/e2e/outcome.mjs readOutcome on the form's frame);
 * `others`: data-asg-* attributes found on the frames around the form.
 */
export function extensionDifferences(s, got, others) {
  const want = judge(s.state, REMEMBERED);
  const lines = [];
  const summary = want.bound ? want.summaryText : null;
  if (got.page !== want.page) lines.push(`data-asg-page: want ${want.page}, got ${show(got.page)}`);
  if (got.bound !== (want.bound ? 'yes' : 'no')) lines.push(`data-asg-bound: want ${want.bound ? 'yes' : 'no'}, got ${show(got.bound)}`);
  if (got.summary !== summary) lines.push(`data-asg-summary: want ${show(summary)}, got ${show(got.summary)}`);
  const wanted = Object.keys(want.marks).length;
  if (wanted > 1 && Object.keys(got.marks).length === 0) lines.push(`no control marked (want ${wanted} marks)`);
  else {
    for (const [id, outcome] of Object.entries(want.marks)) {
      if (got.marks[id] !== outcome) lines.push(`mark ${id}: want ${outcome}, got ${show(got.marks[id])}`);
    }
  }
  for (const [id, outcome] of Object.entries(got.marks)) if (!(id in want.marks)) lines.push(`mark ${id}: not expected, got ${outcome}`);
  for (const stray of got.strays) lines.push(`data-asg on an element without a model id: ${stray}`);
  for (const line of others) lines.push(`another frame: ${line}`);
  return lines;
}
