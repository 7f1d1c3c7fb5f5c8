// The oracle against verdicts it did not make: every security level fixture
// pair whose JSON lists what a person reads (`read`: section / label
// [column] = state for every judged control) becomes a model state, and the
// oracle must predict the pair's summary and every mark. Native, no browser:
//   node --test tests/matrix/
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { apiUser, controlsOf, level } from './model.mjs';
import { canon, judge } from './oracle.mjs';
import { describe as explain, differences } from './compare.mjs';
import { canShow, RENDERERS, render, formHtml } from './renderers.mjs';
import { allStates, randomState, rng } from './states.mjs';

const DIR = new URL('../fixtures/security-level/', import.meta.url);
const pairs = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f.slice(0, -5), spec: JSON.parse(readFileSync(new URL(f, DIR), 'utf8')), html: readFileSync(new URL(`${f.slice(0, -5)}.html`, DIR), 'utf8') }))
  .filter(({ spec }) => spec.read);

// The option lists the model knows, by label (a read map does not list options).
const KNOWN = new Map();
const knownKey = (label, column) => `${canon(label)}[${column ?? ''}]`;
for (const { control, label, column } of controlsOf(level())) if (control.kind === 'select') KNOWN.set(knownKey(label, column), control.options);

const READ = /^(.+?) \/ (.+?)(?: \[([^\]]+)\])? = (.*?)( \(options unknown\))?( \(hidden\))?$/;

/** The model state a read map describes, in its page order. */
function stateOf({ spec, html }) {
  const sections = new Map();
  for (const [id, line] of Object.entries(spec.read)) {
    const m = READ.exec(line);
    assert.ok(m, `read line not understood: ${line}`);
    const [, heading, label, column, shown, , hidden] = m;
    if (!sections.has(heading)) sections.set(heading, { heading, collapsed: Boolean(hidden), missing: false, blocks: [] });
    const s = sections.get(heading);
    const value = shown === '?' ? null : shown;
    const isBox = value === 'on' || value === 'off';
    const options = KNOWN.get(knownKey(label, column)) ?? (['Yes', 'No'].includes(value) ? ['Yes', 'No'] : [value ?? 'All', 'None']);
    const control = isBox ? { id, kind: 'checkbox', label, value: value === 'on' } : { id, kind: 'select', label, options, value };
    // One block per control keeps page order; matrix cells carry their column.
    s.blocks.push(column
      ? { type: 'matrix', title: '', columns: [column], rows: [{ name: label, cells: [control] }] }
      : { type: 'fields', items: [control] });
  }
  const name = html.match(/<input type="text"[^>]*value="([^"]*)"/)?.[1] ?? '';
  return { kind: 'security-level', name, sections: [...sections.values()] };
}

for (const pair of pairs) {
  test(`oracle on ${pair.name}: the pair's summary and marks`, () => {
    const want = judge(stateOf(pair), {});
    assert.equal(want.bound ? 'yes' : 'no', pair.spec.bound);
    assert.equal(want.summaryText, pair.spec.summary ?? null);
    const marks = Object.fromEntries(Object.entries(pair.spec.marks ?? {}));
    assert.deepEqual(want.marks, marks);
  });
}

// The API user pairs, written out as states (what each page shows).
const SECRET = true;
const API_PAIRS = {
  'classic-edit': apiUser({ mode: 'edit', title: 'Edit API User', secretFilled: false }),
  'classic-new-correct': apiUser({ secretFilled: SECRET }),
  'classic-new-deviations': apiUser({ first: '', email: 'noreply@contoso.com', active: false, locked: true, level: 'API User (system) (API-only)', username: 'PRISM@KEY;01', secretFilled: false }),
  'classic-unbound': apiUser({ first: 'Backup', last: 'Service', level: 'Finance API', tracking: 'custom', vendor: '' }),
  'current-ui-level-not-remembered': apiUser(),
  'current-ui-new': apiUser({ tracking: 'custom', vendor: 'Acme Backup' }),
  'current-ui-system-level': apiUser({ email: 'api@example.com', level: 'API User (system) (API-only)' }),
};
const API_IDS = { 'first-name': 'first', 'last-name': 'last', 'security-level': 'level' };
for (const [name, state] of Object.entries(API_PAIRS)) {
  test(`oracle on api-user/${name}: the pair's bound, summary and marks`, () => {
    const spec = JSON.parse(readFileSync(new URL(`../fixtures/api-user/${name}.json`, import.meta.url), 'utf8'));
    const want = judge(state, spec.rememberedLevel ? { rememberedLevel: spec.rememberedLevel } : {});
    assert.equal(want.bound ? 'yes' : 'no', spec.bound);
    assert.equal(want.summaryText, spec.summary ?? null);
    const marks = Object.fromEntries(Object.entries(spec.marks ?? {}).map(([id, m]) => [API_IDS[id] ?? id, m]));
    assert.deepEqual(want.marks, marks);
  });
}

test('the fixtures give the oracle something to check', () => {
  assert.ok(pairs.length >= 10, `only ${pairs.length} pairs with a read map`);
});

// The renderers must keep what makes them different (README: "Renderers").
test('no two renderers share a container class, and one uses no classes at all', () => {
  const state = level();
  const classesOf = (html) => new Set([...html.matchAll(/class="([^"]*)"/g)].flatMap((m) => m[1].split(/\s+/)).filter(Boolean).map((c) => c.toLowerCase()));
  const sets = RENDERERS.map((r) => ({ name: r.name, classes: classesOf(formHtml(render(r, state))) }));
  assert.ok(sets.some((s) => s.classes.size === 0), 'every renderer uses classes');
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const shared = [...sets[i].classes].filter((c) => sets[j].classes.has(c));
      assert.deepEqual(shared, [], `${sets[i].name} and ${sets[j].name} share classes`);
    }
  }
});

test('every renderer shows every control and section of a state, each once', () => {
  for (const { id, state } of allStates()) {
    if (state.kind !== 'security-level') continue;
    const expected = controlsOf(state).filter((c) => !c.section.missing).map((c) => c.control.id).sort();
    for (const r of RENDERERS.filter((x) => canShow(x, state))) {
      const html = formHtml(render(r, state));
      const seen = [...html.matchAll(/data-fixture-id="([^"]*)"/g)].map((m) => m[1]).sort();
      assert.deepEqual(seen, expected, `${id} × ${r.name}`);
      for (const s of state.sections) {
        const count = html.split(`>${s.heading.replace(/&/g, '&amp;')}<`).length - 1;
        // Once, or more when a row shares its name ("Contracts" in title case).
        const names = controlsOf(state).filter((c) => c.label === s.heading).length ? 2 : 1;
        assert.ok(s.missing ? count === 0 : count >= 1 && count <= names, `${id} × ${r.name}: heading ${s.heading} shown ${count} times`);
      }
    }
  }
});

test('random states are reproducible from their seed', () => {
  assert.deepEqual(randomState(rng(42)), randomState(rng(42)));
  assert.notDeepEqual(randomState(rng(42)), randomState(rng(43)));
});

// A report shaped as the engine writes it (docs/report-format.md) from a verdict.
function reportOf(v) {
  return {
    page: v.page,
    bound: v.bound,
    summary: v.summary,
    results: v.results.map((r) => (r.key.startsWith('baseline:')
      ? { rule: 'baseline', section: r.section, control: r.column ? `${r.label} (${r.column})` : r.label, column: r.column, outcome: r.outcome }
      : r.key.startsWith('section:') ? { rule: 'section', section: r.section, outcome: r.outcome } : { rule: r.key, section: r.section, outcome: r.outcome })),
    marks: v.marks,
  };
}

test('the comparison finds no difference in a faithful report, and each kind of wrong one', () => {
  for (const { id, state, ctx } of allStates()) {
    const v = judge(state, ctx);
    assert.deepEqual(differences(v, reportOf(v)), [], id);
  }
  const v = judge(level(), {});
  const flipped = reportOf(v);
  flipped.results[0] = { ...flipped.results[0], outcome: 'incomplete' };
  assert.deepEqual(differences(v, flipped), ['contracts-service-bundle: want pass, got incomplete']);
  const dropped = reportOf(v);
  dropped.results.pop();
  assert.equal(differences(v, dropped).length, 1);
  assert.match(differences(v, { ...reportOf(v), marks: { ...v.marks, 'crm.vendors': 'excess' } })[0], /^mark crm\.vendors: want pass, got excess$/);
  assert.deepEqual(differences(v, { ...reportOf(v), page: 'unrecognized' }), ['page: want security-level, got unrecognized']);
});
