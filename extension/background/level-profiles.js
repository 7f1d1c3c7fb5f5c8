// @ts-check
// Which integration each security level on a host is for (the host record's
// `levelProfiles`: level name → profile id): the admin's answer to a fresh
// copy's question, and the profile that judged a level when it was saved.
// The engine reads it (src/bind.rs, `Context::level_profiles`) and decides
// everything from it; this only keeps it bounded.
import { LIMITS } from './storage.js';

const PROFILE_ID = /^[a-z0-9-]{1,64}$/;

/**
 * `map` with `name` given to profile `id`, or null when either is not one
 * that can be kept (the map then stays as it was). At most LIMITS.names
 * levels: the oldest answer goes first (insertion order), never `keep`'s.
 * @param {unknown} map
 * @param {unknown} name
 * @param {unknown} id
 * @param {Set<string>} [keep]
 */
export function withLevelProfile(map, name, id, keep = new Set()) {
  const level = typeof name === 'string' ? name.trim() : '';
  if (!level || level.length > LIMITS.nameLength || typeof id !== 'string' || !PROFILE_ID.test(id)) return null;
  /** @type {Record<string, string>} */
  const out = {};
  if (map && typeof map === 'object' && !Array.isArray(map)) {
    for (const [k, v] of Object.entries(map)) if (typeof v === 'string' && k !== level) out[k] = v;
  }
  out[level] = id;
  const names = Object.keys(out);
  while (names.length > LIMITS.names) {
    const oldest = names.findIndex((n) => n !== level && !keep.has(n));
    const [gone] = names.splice(oldest < 0 ? 0 : oldest, 1);
    delete out[gone];
  }
  return out;
}
