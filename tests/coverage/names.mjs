// The tests a browser test file declares, by name, without running it: each
// file is imported in a child Node with `node:test` replaced by a recorder
// (record-hooks.mjs), so that names made from data (fixture pairs, scenario
// lists) are listed exactly as a real run names them. A test inside
// describe blocks is named "describe › test".
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LIST_ONE = fileURLToPath(new URL('./list-one.mjs', import.meta.url));

/** The *.test.mjs files directly in `dir` (a path from the repository root), sorted. */
export const testFiles = (dir) => readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.test.mjs')).sort();

/**
 * Every test in the *.test.mjs files of `dir`, as "file › name" (file
 * without its folder), in file order.
 */
export function testNames(dir) {
  return testFiles(dir).flatMap((file) => {
    const out = execFileSync(process.execPath, [LIST_ONE, join(REPO, dir, file)], { cwd: REPO, encoding: 'utf8', maxBuffer: 16 << 20 });
    return JSON.parse(out).map((name) => `${file} › ${name}`);
  });
}
