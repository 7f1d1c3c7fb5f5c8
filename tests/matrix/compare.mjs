// How an engine report differs from the oracle's verdict, one short line
// per difference, so a failing case says what went wrong at a glance.
import { canon, norm } from './oracle.mjs';

/** The comparable key of a report result: the rule id, or the baseline control as read. */
export function reportKey(r) {
  if (r.rule === 'section') return `section:${r.section}`;
  if (r.rule !== 'baseline') return r.rule;
  let label = String(r.control ?? '');
  if (r.column && label.endsWith(` (${r.column})`)) label = label.slice(0, -(r.column.length + 3));
  return `baseline:${r.section}/${canon(label)}${r.column ? `[${norm(r.column)}]` : ''}`;
}

function tally(pairs) {
  const map = new Map();
  for (const [key, outcome] of pairs) map.set(key, [...(map.get(key) ?? []), outcome].sort());
  return map;
}

const short = (list) => (list.length === 1 ? list[0] : `[${list.join(',')}]`);

/**
 * Differences between `got` ({page, bound, summary, results, marks?}) and the
 * oracle's `want`. `got.marks` (by data-fixture-id) is compared when given.
 */
export function differences(want, got, { marks = true } = {}) {
  const out = [];
  if (got.error) return [`error: ${got.error}`];
  if (got.page !== want.page) out.push(`page: want ${want.page}, got ${got.page}${got.reason ? ` (${got.reason})` : ''}`);
  if (got.bound !== want.bound) out.push(`bound: want ${want.bound}, got ${got.bound}`);
  if (out.length) return out;
  const gotSummary = got.summary ? `${got.summary.passed}/${got.summary.total}` : null;
  if (gotSummary !== want.summaryText) out.push(`summary: want ${want.summaryText}, got ${gotSummary}`);
  const w = tally(want.results.map((r) => [r.key, r.outcome]));
  const g = tally((got.results ?? []).map((r) => [reportKey(r), r.outcome]));
  for (const [key, outcomes] of w) {
    const have = g.get(key);
    if (!have) out.push(`${key}: want ${short(outcomes)}, missing`);
    else if (have.join() !== outcomes.join()) out.push(`${key}: want ${short(outcomes)}, got ${short(have)}`);
  }
  for (const [key, outcomes] of g) if (!w.has(key)) out.push(`${key}: not expected, got ${short(outcomes)}`);
  if (marks && got.marks) {
    const wanted = Object.keys(want.marks).length;
    if (wanted > 1 && Object.keys(got.marks).length === 0) return [...out, `no control marked (want ${wanted} marks)`];
    for (const [id, outcome] of Object.entries(want.marks)) {
      if (got.marks[id] !== outcome) out.push(`mark ${id}: want ${outcome}, got ${got.marks[id] ?? 'none'}`);
    }
    for (const [id, outcome] of Object.entries(got.marks)) if (!(id in want.marks)) out.push(`mark ${id}: not expected, got ${outcome}`);
  }
  return out;
}

/** A readable block for failing cases: `state × renderer` then its lines, at most `limit` lines each. */
// Cases that differ in exactly the same way are shown once, their states listed.
export function describe(failures, limit = 8, maxGroups = 15) {
  const groups = new Map();
  for (const f of failures) {
    const key = `${f.renderer}\n${f.lines.join('\n')}`;
    if (!groups.has(key)) groups.set(key, { ...f, states: [] });
    groups.get(key).states.push(f.seed !== undefined ? `${f.state} (seed ${f.seed})` : f.state);
  }
  const all = [...groups.values()];
  const shownGroups = all.slice(0, maxGroups).map(({ states, renderer, lines }) => {
    const shown = states.length > 6 ? `${states.slice(0, 5).join(', ')} and ${states.length - 5} more states` : states.join(', ');
    const head = `${shown} × ${renderer}: ${lines.length} difference${lines.length === 1 ? '' : 's'}`;
    const body = lines.slice(0, limit).map((l) => `    ${l}`);
    if (lines.length > limit) body.push(`    … ${lines.length - limit} more`);
    return [head, ...body].join('\n');
  });
  if (all.length > maxGroups) {
    const rest = all.slice(maxGroups).reduce((n, g) => n + g.states.length, 0);
    shownGroups.push(`… and ${all.length - maxGroups} more ways of differing (${rest} more states)`);
  }
  return shownGroups.join('\n');
}
