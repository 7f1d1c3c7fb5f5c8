// @ts-check
// What the worker keeps in `storage.local`, its bounds, and how data an
// earlier release stored is brought to this release's shape. An update must
// keep what users' browsers remembered (above all the level remembered for
// each Autotask host, which is what binds it): stored data carries
// `storageVersion`, and the worker migrates on `runtime.onInstalled`
// (reason "update") and, whatever happened then, before it reads a host's
// record. The stored shape is in docs/messages.md ("Storage").

/**
 * 1: every release up to 0.1.0 (no `storageVersion` key). Records written
 *    before hosts were bounded have no `touched`, and their lists are not
 *    bounded nor checked.
 * 2: `storageVersion` is written; every host record is an object whose
 *    lists are arrays of trimmed names within LIMITS, and has `touched`.
 */
export const STORAGE_VERSION = 2;

// Bounds on what is remembered, whatever a page does: so many names a
// list, so long a name, so many hosts (worst case about 0.4 MB in all,
// with a custom profile of the most the engine takes, well under 1 MB).
export const LIMITS = Object.freeze({ names: 20, nameLength: 256, hosts: 16 });

// What is remembered for one Autotask host (see the design's "Which objects are judged").
export const HOST_PREFIX = 'host:';
export const hostKey = (host) => `${HOST_PREFIX}${host}`;
const HOST_LISTS = ['chosenLevels', 'chosenUsers', 'contractNames', 'contractIds', 'verifiedNames'];

// The names a host's record holds that a check or a save has shown to be
// right: never dropped to make room for ones nobody has verified.
export const verifiedOf = (settings) => new Set([settings.level, ...(settings.verifiedNames || [])].filter(Boolean));

// A remembered list with one more entry (trimmed; none when empty; no
// repeats), at most LIMITS.names long: the oldest unverified entries go first.
export function withItem(list, value, keep = new Set()) {
  const v = String(value || '').trim();
  const out = [...new Set([...(list || []), ...(v && v.length <= LIMITS.nameLength ? [v] : [])])];
  while (out.length > LIMITS.names) {
    const oldest = out.findIndex((name) => !keep.has(name));
    out.splice(oldest < 0 ? 0 : oldest, 1);
  }
  return out;
}

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const nameOf = (value) => {
  const name = typeof value === 'string' ? value.trim() : '';
  return name && name.length <= LIMITS.nameLength ? name : '';
};

/**
 * A version 1 host record in version 2's shape, or null when nothing of it
 * can be used. The remembered level is kept whenever it is a name; a
 * record without `touched` counts as touched now: it would otherwise be the
 * first to go when a 17th host is remembered, its level with it.
 */
export function hostRecordV2(record, now) {
  if (!isRecord(record)) return null;
  const out = { ...record };
  const level = nameOf(record.level);
  if (level) out.level = level;
  else delete out.level;
  const keep = verifiedOf({ level, verifiedNames: Array.isArray(record.verifiedNames) ? record.verifiedNames : [] });
  for (const field of HOST_LISTS) {
    if (!(field in record)) continue;
    const names = Array.isArray(record[field]) ? record[field].map(nameOf).filter(Boolean) : [];
    out[field] = names.reduce((list, name) => withItem(list, name, keep), []);
  }
  if (!isRecord(record.verified)) delete out.verified;
  out.touched = Number.isFinite(record.touched) && record.touched > 0 ? record.touched : now;
  return out;
}

/**
 * The changes that bring everything in storage (`all`) to STORAGE_VERSION,
 * or null when it is there already or nothing is stored: `{set, remove}`
 * for storage.local.
 * A version newer than this release's is left alone (a downgrade keeps it).
 */
export function migration(all, now = Date.now()) {
  const version = Number.isInteger(all.storageVersion) ? all.storageVersion : 1;
  // Nothing stored (a new install, or just after Reset): nothing to version.
  if (version >= STORAGE_VERSION || !Object.keys(all).length) return null;
  /** @type {Record<string, unknown>} */
  const set = { storageVersion: STORAGE_VERSION };
  const remove = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(HOST_PREFIX)) continue;
    const record = hostRecordV2(value, now);
    if (record) set[key] = record;
    else remove.push(key);
  }
  if ('hiddenPages' in all && !Array.isArray(all.hiddenPages)) remove.push('hiddenPages');
  if ('ui' in all && !isRecord(all.ui)) remove.push('ui');
  return { set, remove };
}

// One migration at a time in this worker; a second caller waits for it.
let running = null;

/** Migrates `local` (storage.local) if its data is older than this release's. */
export function migrate(local) {
  if (!running) {
    running = (async () => {
      const changes = migration(await local.get(null));
      if (!changes) return;
      if (changes.remove.length) await local.remove(changes.remove);
      await local.set(changes.set);
    })().finally(() => { running = null; });
  }
  return running;
}

/** `keys` of storage.local, read after any migration they need. */
export async function readMigrated(local, keys) {
  const got = await local.get([...keys, 'storageVersion']);
  if (!running && got.storageVersion >= STORAGE_VERSION) return got;
  await migrate(local);
  return local.get(keys);
}
