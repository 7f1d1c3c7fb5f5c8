// @ts-check
// The five outcomes of a rule (docs/report-format.md), one table for every
// surface: the order findings are listed and counted in (what must change
// first), whether it stops a save (advice never does: design, "The save
// guard") and the symbol drawn beside each (never colour alone). Words are
// not here: each
// surface looks up `outcome_<id>` in its own words (_locales for the
// extension, the same English words bundled into the checker page).

/** @typedef {'fail' | 'excess' | 'incomplete' | 'warn' | 'pass'} Outcome */

/** @type {ReadonlyArray<{id: Outcome, blocks: boolean, symbol: string}>} */
export const OUTCOMES = Object.freeze([
  { id: 'fail', blocks: true, symbol: '✗' },
  { id: 'excess', blocks: true, symbol: '▲' },
  { id: 'incomplete', blocks: true, symbol: '?' },
  { id: 'warn', blocks: false, symbol: '!' },
  { id: 'pass', blocks: false, symbol: '✓' },
]);

/** Outcome id → its symbol. */
export const SYMBOL = Object.freeze(Object.fromEntries(OUTCOMES.map((o) => [o.id, o.symbol])));

/** The outcomes that are findings (something to change or to know), in order. */
export const FINDINGS = Object.freeze(OUTCOMES.filter((o) => o.id !== 'pass').map((o) => o.id));

/** The outcomes that fail a page and stop its save, in order. */
export const BLOCKING = Object.freeze(OUTCOMES.filter((o) => o.blocks).map((o) => o.id));

/** A count of zero for every outcome. */
export const noCounts = () => Object.fromEntries(OUTCOMES.map((o) => [o.id, 0]));
