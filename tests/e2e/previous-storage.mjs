// What the previous release's storage looked like, for the update tests of
// both browsers (tests/e2e/storage-migration.test.mjs and its Firefox
// counterpart): no storageVersion, and the remembered level's host record as
// builds before hosts were bounded wrote it, without `touched` (commit
// 04057f4 added it), beside 16 later records that have one. A 17th host then
// makes room by dropping the record touched longest ago: without the
// migration that is the one without `touched`, and its level stops binding.
export const HOST_KEY = 'host:ww5.autotask.net';
// Not a name the profile's hint binds, nor a fresh copy: bound only because it is remembered.
export const LEVEL = 'Finance Team';
export const PAGE = '/security-level/classic-unbound.html';
export const NEW_HOST = 'ww17.autotask.net';

export function previousRelease(now) {
  const seed = {
    profile: 'rhipe-prism-connect',
    ui: { minimized: false },
    [HOST_KEY]: { level: LEVEL, chosenLevels: [LEVEL], verified: { summary: { passed: 40, total: 55 }, passes: false } },
  };
  for (let i = 0; i < 16; i++) seed[`host:h${i}.autotask.net`] = { level: 'Rhipe Integration', touched: now - 60_000 - i };
  return seed;
}
