// The oracle: the verdict a page state must get, from the state alone.
// It reads the profile as data (which rules, which sections) and implements
// the meaning of a report itself (design "Results" and "Which objects are
// judged", docs/report-format.md), never by calling the engine.
import { readFileSync } from 'node:fs';
import { controlsOf } from './model.mjs';

const PROFILE_URL = new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url);
// A section's rules as docs/profile-format.md defines them: format 2 names
// the wanted state `check` (format 1 `expect`), and a rule with `cells`
// stands for one rule per column, id `<id>-<column>` (lowercase, spaces as
// `-`), in the columns' alphabetical order.
function rulesOf(section) {
  return (section.rules ?? []).flatMap((r) => (r.cells
    ? Object.keys(r.cells).sort().map((col) => ({
      ...r, id: `${r.id}-${col.toLowerCase().replace(/ /g, '-')}`, column: col, check: { value: r.cells[col] }, cells: undefined,
    }))
    : [r]));
}

export const PROFILE = JSON.parse(readFileSync(PROFILE_URL, 'utf8'));

/** Comparable text: case, spacing, `&`/"and", commas, stars, a trailing colon ignored. */
export function norm(text) {
  return String(text ?? '')
    .replace(/&/g, ' and ')
    .replace(/[,*|]/g, ' ')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .trim()
    .replace(/\s*:$/, '');
}

// Spellings the public record uses for one thing (facts: label spellings
// across guides): a person reads them as one label, so does the oracle.
const SAME = [
  [/\bcancell?ations?\b/g, 'cancelation'],
  [/\bcontract changes\b/g, 'contract charges'],
  [/\bknowledge base\b/g, 'knowledgebase'],
];
export function canon(text) {
  let t = norm(text);
  for (const [from, to] of SAME) t = t.replace(from, to);
  return t;
}

/** Whether a page label names `want`: equal, or `want` followed by " (…)". */
export function labelIs(pageLabel, want) {
  const p = canon(pageLabel);
  const w = canon(want);
  return w !== '' && (p === w || p.startsWith(`${w} (`));
}

const sectionNames = (s) => [s.heading, ...(s.aliases ?? [])];

function levelBound(name, ctx) {
  if (ctx.judgeAnyLevel) return 'chosen';
  const n = norm(name);
  if (!n) return null;
  // A level the admin gave to an integration is judged by that one only.
  const given = Object.entries(ctx.levelProfiles ?? {}).find(([level]) => norm(level) === n);
  if (given) return given[1] === PROFILE.id ? 'chosen' : null;
  if (ctx.rememberedLevel && norm(ctx.rememberedLevel) === n) return 'remembered';
  if ((ctx.chosenLevels ?? []).some((l) => norm(l) === n)) return 'chosen';
  const hint = PROFILE.security_level.name_hint ?? {};
  if ((hint.exact ?? []).some((e) => norm(e) === n) || (hint.contains ?? []).some((w) => n.includes(norm(w)))) return 'name-hint';
  // A fresh copy of "API User (system) (API-only)" is nobody's yet: the panel asks which integration it is for.
  return null;
}

const word = (on) => (on ? 'on' : 'off');

/**
 * The verdict on a security level state. `ctx` as the engine's context
 * (`judgeAnyLevel`, `rememberedLevel`, `chosenLevels`). Results carry a `key`
 * (the rule id; for a baseline control `baseline:<section>/<label>[<column>]`),
 * the control's model id (`id`, for marks) and `outcome`.
 */
export function judgeLevel(state, ctx = {}) {
  const boundBy = levelBound(state.name, ctx);
  const verdict = { page: 'security-level', bound: boundBy !== null, boundBy, results: [] };
  if (!boundBy) return finish(verdict);
  const all = controlsOf(state);
  for (const ps of PROFILE.security_level.sections) {
    const names = sectionNames(ps);
    const onPage = state.sections.find((s) => !s.missing && names.some((n) => canon(n) === canon(s.heading)));
    if (!onPage) {
      verdict.results.push({ key: `section:${ps.heading}`, section: ps.heading, id: null, outcome: 'incomplete' });
      for (const r of rulesOf(ps)) verdict.results.push({ key: r.id, section: ps.heading, id: null, outcome: 'incomplete' });
      continue;
    }
    const mine = all.filter((c) => c.section === onPage);
    const claimed = new Set();
    for (const r of rulesOf(ps)) {
      const hits = mine.filter((c) => !claimed.has(c)
        && [r.control, ...(r.aliases ?? [])].some((n) => labelIs(c.label, n))
        && (r.column ? c.column !== null && norm(c.column) === norm(r.column) : true));
      hits.forEach((c) => claimed.add(c));
      const res = { key: r.id, section: ps.heading, id: null, outcome: 'incomplete' };
      if (hits.length === 1) {
        const [{ control }] = hits;
        res.id = control.id;
        const want = r.check ?? r.expect;
        const wantsBox = 'checked' in want;
        // A control the page shows but whose state cannot be read (`value` null) is never judged.
        if (control.value !== null && wantsBox === (control.kind === 'checkbox')) {
          const met = wantsBox ? control.value === want.checked : norm(control.value) === norm(want.value);
          res.outcome = met ? 'pass' : r.severity === 'warn' ? 'warn' : 'fail';
        }
      } else if (hits.length > 1) {
        res.ids = hits.map((h) => h.control.id);
      }
      verdict.results.push(res);
    }
    for (const c of mine) {
      if (claimed.has(c)) continue;
      const { control } = c;
      const key = `baseline:${ps.heading}/${canon(c.label)}${c.column ? `[${norm(c.column)}]` : ''}`;
      let outcome;
      if (control.value === null) outcome = 'incomplete';
      else if (control.kind === 'checkbox') outcome = control.value ? 'excess' : 'pass';
      else {
        const base = control.options.find((o) => norm(o) === 'none') ?? control.options.find((o) => norm(o) === 'no');
        outcome = base === undefined ? 'incomplete' : norm(control.value) === norm(base) ? 'pass' : 'excess';
      }
      verdict.results.push({ key, section: ps.heading, id: control.id, label: c.label, column: c.column, outcome });
    }
  }
  return finish(verdict);
}

function finish(verdict) {
  if (!verdict.bound) {
    verdict.summary = null;
    verdict.results = [];
  } else {
    const counted = verdict.results.filter((r) => r.outcome !== 'warn');
    verdict.summary = { passed: counted.filter((r) => r.outcome === 'pass').length, total: counted.length };
  }
  verdict.summaryText = verdict.summary ? `${verdict.summary.passed}/${verdict.summary.total}` : null;
  // What the extension draws: one mark per judged control (by model id).
  verdict.marks = {};
  for (const r of verdict.results) if (r.id) verdict.marks[r.id] = r.outcome;
  return verdict;
}

// Addresses nobody reads (no-reply and the like, reserved domains).
function readByNobody(address) {
  const [local = '', domain = ''] = address.toLowerCase().split(/@(.*)/s);
  const bare = local.replace(/[^a-z0-9]/g, '');
  return ['noreply', 'donotreply', 'dontreply', 'nobody', 'nowhere', 'null', 'devnull', 'blackhole', 'mailerdaemon'].includes(bare)
    || bare.includes('noreply') || bare.includes('donotreply')
    || ['invalid', 'test', 'example', 'localhost'].some((d) => domain === d || domain.endsWith(`.${d}`))
    || domain === 'example.com' || domain.endsWith('.example.com');
}
const wellFormed = (a) => /^[^\s@<>,;"]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/.test(a);

/**
 * The verdict on an API user state (facts: the API user page; the profile's
 * `api_user`). Control ids for marks: first, last, email, active, locked,
 * level, username, secret, vendor-radio, vendor.
 */
export function judgeApiUser(state, ctx = {}) {
  const rules = PROFILE.api_user;
  const vendors = rules.vendors ?? [rules.vendor];
  const vendorChosen = state.tracking === 'vendor' && vendors.some((v) => norm(v) === norm(state.vendor));
  let boundBy = null;
  if (ctx.judgeAnyLevel) boundBy = 'chosen';
  else if (vendorChosen) boundBy = 'vendor';
  else if (state.level && ctx.rememberedLevel && norm(ctx.rememberedLevel) === norm(state.level)) boundBy = 'remembered';
  else if ((ctx.chosenUsers ?? []).some((u) => norm(u) === norm(`${state.first} ${state.last}`))) boundBy = 'chosen';
  const verdict = { page: 'api-user', bound: boundBy !== null, boundBy, results: [] };
  if (!boundBy) return finish(verdict);
  const add = (key, id, outcome) => verdict.results.push({ key, id, outcome });
  add('user-first-name', 'first', state.first.trim() ? 'pass' : 'fail');
  add('user-last-name', 'last', state.last.trim() ? 'pass' : 'fail');
  const email = state.email.trim();
  add('user-email', 'email', email && wellFormed(email) ? 'pass' : 'fail');
  if (email && wellFormed(email) && readByNobody(email)) add('user-email-read', 'email', 'warn');
  add('user-active', 'active', state.active ? 'pass' : 'fail');
  add('user-locked', 'locked', state.locked ? 'fail' : 'pass');
  const level = (state.level ?? '').trim();
  let levelOutcome;
  if (!level || /\(system\)/i.test(level)) levelOutcome = 'fail';
  else if (!ctx.rememberedLevel) levelOutcome = 'incomplete'; // asked, not assumed
  else levelOutcome = norm(ctx.rememberedLevel) === norm(level) ? 'pass' : 'fail';
  add('user-security-level', 'level', levelOutcome);
  const key = state.username.trim();
  add('credentials-username', 'username', key && !/[@();:[\]|\\"\s]/.test(key) ? 'pass' : 'fail');
  if (state.mode === 'new') add('credentials-secret', 'secret', state.secretFilled ? 'pass' : 'fail');
  add('tracking-integration-vendor', 'vendor-radio', state.tracking === 'vendor' ? 'pass' : 'fail');
  add('tracking-vendor', 'vendor', vendors.some((v) => norm(v) === norm(state.vendor)) ? 'pass' : 'fail');
  // One mark per control: the email's pass and its warn share a control; the worse shows.
  const v = finish(verdict);
  const email2 = verdict.results.filter((r) => r.id === 'email').map((r) => r.outcome);
  if (email2.length > 1) v.marks.email = email2.includes('fail') ? 'fail' : email2.includes('warn') ? 'warn' : 'pass';
  return v;
}

export const judge = (state, ctx) => (state.kind === 'api-user' ? judgeApiUser(state, ctx) : judgeLevel(state, ctx));

export { word };
