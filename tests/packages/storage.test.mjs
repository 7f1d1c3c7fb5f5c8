// The worker's storage migration (extension/background/storage.js), natively:
// what earlier releases stored comes out in this release's shape with the
// remembered level kept. tests/e2e/storage-migration.test.mjs checks the
// same in Chromium: the level still binds after an update.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS, STORAGE_VERSION, migrate, migration, readMigrated } from '../../extension/background/storage.js';

const NOW = 1_780_000_000_000;

// As the releases up to 0.1.0 wrote it: no storageVersion; a record from
// before hosts were bounded (no `touched`, a list past the bound, a name
// too long to be an Autotask name) beside a later one.
const PREVIOUS = {
  profile: 'rhipe-prism-connect',
  ui: { minimized: true },
  hiddenPages: ['ww5.autotask.net/Mvc/x'],
  'host:ww5.autotask.net': {
    level: ' Finance Team ',
    chosenLevels: ['Finance Team', ...Array.from({ length: 30 }, (_, i) => `Level ${i}`), 'x'.repeat(300), 7, ''],
    verified: { summary: { passed: 55, total: 55 }, passes: true },
  },
  'host:ww4.autotask.net': { level: 'Rhipe Integration', contractIds: ['12'], dateFormat: 'dd/MM/yyyy', invoice: 'next', touched: NOW - 5 },
  'host:broken.autotask.net': 'not a record',
};

test('a previous release\'s storage comes out in version 2, the remembered level kept', () => {
  const { set, remove } = migration(structuredClone(PREVIOUS), NOW);
  assert.equal(set.storageVersion, STORAGE_VERSION);
  const ww5 = set['host:ww5.autotask.net'];
  assert.equal(ww5.level, 'Finance Team');
  assert.deepEqual(ww5.verified, PREVIOUS['host:ww5.autotask.net'].verified);
  assert.equal(ww5.touched, NOW, 'a record without touched counts as touched now, not as the oldest');
  assert.equal(ww5.chosenLevels.length, LIMITS.names);
  assert.ok(ww5.chosenLevels.includes('Finance Team'), 'the remembered level stays in its list');
  assert.ok(ww5.chosenLevels.every((n) => typeof n === 'string' && n && n.length <= LIMITS.nameLength));
  assert.equal(ww5.chosenLevels.at(-1), 'Level 29', 'the newest stays; the oldest unverified went');
  assert.deepEqual(set['host:ww4.autotask.net'], PREVIOUS['host:ww4.autotask.net'], 'a record already in shape is unchanged');
  assert.deepEqual(remove, ['host:broken.autotask.net']);
  assert.ok(!('profile' in set) && !remove.includes('profile'), 'settings other than host records are left as they are');
});

test('version 2, a newer version and an empty storage are left alone', () => {
  assert.equal(migration({ storageVersion: 2, 'host:a': 'junk' }, NOW), null);
  assert.equal(migration({ storageVersion: 3, 'host:a': { level: 'x' } }, NOW), null);
  assert.equal(migration({}, NOW), null);
});

test('the migration is idempotent', () => {
  const once = migration(structuredClone(PREVIOUS), NOW);
  const stored = { ...structuredClone(PREVIOUS), ...once.set };
  for (const key of once.remove) delete stored[key];
  delete stored.storageVersion;
  const twice = migration(stored, NOW + 1000);
  assert.deepEqual(twice.set, once.set);
  assert.deepEqual(twice.remove, []);
});

// A storage.local stand-in: the same calls the worker makes.
function fakeLocal(data) {
  const store = structuredClone(data);
  let reads = 0;
  return {
    store,
    get reads() { return reads; },
    async get(keys) {
      reads++;
      if (keys === null) return structuredClone(store);
      return Object.fromEntries([keys].flat().filter((k) => k in store).map((k) => [k, structuredClone(store[k])]));
    },
    async set(items) { Object.assign(store, structuredClone(items)); },
    async remove(keys) { for (const k of [keys].flat()) delete store[k]; },
  };
}

test('a read migrates first, once, even when several come at once', async () => {
  const local = fakeLocal(PREVIOUS);
  const [a, b] = await Promise.all([readMigrated(local, ['host:ww5.autotask.net']), readMigrated(local, ['host:ww5.autotask.net'])]);
  assert.equal(a['host:ww5.autotask.net'].level, 'Finance Team');
  assert.deepEqual(a, b);
  assert.equal(local.store.storageVersion, STORAGE_VERSION);
  assert.ok(!('host:broken.autotask.net' in local.store));
  const before = local.reads;
  await readMigrated(local, ['host:ww5.autotask.net']);
  assert.equal(local.reads, before + 1, 'once migrated, a read is one storage read');
  await migrate(local);
  assert.equal(local.store.storageVersion, STORAGE_VERSION);
});
