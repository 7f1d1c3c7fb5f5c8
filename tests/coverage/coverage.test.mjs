// Every Chromium end-to-end test (tests/e2e/*.test.mjs) has a Firefox
// counterpart (tests/firefox/*.test.mjs), or tests/firefox/coverage.json says
// why Firefox cannot run it (naming the Firefox or geckodriver limitation,
// with a link) and what covers it instead. No browser starts here: the test
// names are read by importing each file with node:test recording names only
// (names.mjs).
//
// A Chromium test "file › [describe ›] NAME" is paired by itself with a
// Firefox test named "Firefox: NAME" (in any file, any describe): the
// scenarios both browsers iterate (tests/e2e/scenarios.mjs) name their tests
// so. Every other Chromium test needs an entry in coverage.json, keyed by its
// full name:
//   "file › NAME": "firefox-file › Firefox: OTHER NAME"   (the counterpart)
//   "file › NAME": { "firefox": "...",                    (optional: the part Firefox runs)
//                    "reason": "why Firefox cannot run it (the limitation)",
//                    "link": "https://... (the limitation, documented)",
//                    "coveredBy": ["a test's full name", "or a path: tests/x.rs", ...] }
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO, testNames } from './names.mjs';

const COVERAGE_FILE = 'tests/firefox/coverage.json';
const CHROMIUM = testNames('tests/e2e');
const FIREFOX = testNames('tests/firefox');
const { tests: ENTRIES, pending: PENDING = {} } = JSON.parse(readFileSync(join(REPO, COVERAGE_FILE), 'utf8'));

const leaf = (name) => name.split(' › ').at(-1);
const fileOf = (name) => name.split(' › ')[0];
const firefoxByLeaf = new Map(FIREFOX.map((name) => [leaf(name), name]));
const sameNamed = (chromium) => firefoxByLeaf.get(`Firefox: ${leaf(chromium)}`);
const KNOWN = new Set([...CHROMIUM, ...FIREFOX]);
// A cover is a test of either browser, or a file of the repository
// (optionally "path › test name" or "path::test_fn", the part before counts).
const coverExists = (cover) => KNOWN.has(cover) || existsSync(join(REPO, cover.split(/ › |::/)[0]));

// Not yet ported, and said so: keyed by a Chromium file or a test's full
// name. Counted apart (never as covered) so the gap stays visible in every run.
const pendingWhy = (name) => PENDING[name] ?? PENDING[fileOf(name)];
const pending = CHROMIUM.filter((name) => !(name in ENTRIES) && !sameNamed(name) && pendingWhy(name));

const paired = CHROMIUM.filter((name) => !(name in ENTRIES) && sameNamed(name));
const mapped = CHROMIUM.filter((name) => typeof ENTRIES[name] === 'string');
const reasoned = CHROMIUM.filter((name) => typeof ENTRIES[name] === 'object');

test('the test lists were read (so that the checks below can fail)', (t) => {
  assert.ok(CHROMIUM.length >= 100, `only ${CHROMIUM.length} Chromium tests found`);
  assert.ok(FIREFOX.length >= 50, `only ${FIREFOX.length} Firefox tests found`);
  t.diagnostic(`${CHROMIUM.length} Chromium tests: ${paired.length} paired by name, ${mapped.length} mapped in ${COVERAGE_FILE}, `
    + `${reasoned.length} with a reason (${reasoned.filter((n) => ENTRIES[n].firefox).length} of them run in part), `
    + `${pending.length} NOT YET PORTED (the "pending" list); `
    + `${FIREFOX.length} Firefox tests`);
});

test('every Chromium e2e test has a Firefox counterpart or a stated reason', () => {
  const missing = CHROMIUM.filter((name) => !(name in ENTRIES) && !sameNamed(name) && !pendingWhy(name));
  assert.ok(missing.length === 0, `${missing.length} Chromium test(s) with no Firefox counterpart and no reason.\n`
    + `For each, either add a Firefox test named "Firefox: <its name>" to the matching tests/firefox/*.test.mjs `
    + `(then nothing else is needed), or add to "tests" in ${COVERAGE_FILE} one of:\n${missing.map((name) => [
      `  ${JSON.stringify(name)}: "<tests/firefox file> › Firefox: <the counterpart's name>",`,
      `  ${JSON.stringify(name)}: { "reason": "<the Firefox or geckodriver limitation>", "link": "https://<where it is documented>", "coveredBy": ["<a test or file that covers it>"] },`,
    ].join('\n')).join('\n')}`);
});

test(`every entry in ${COVERAGE_FILE} is for a Chromium test that exists`, () => {
  const stale = Object.keys(ENTRIES).filter((name) => !CHROMIUM.includes(name));
  assert.ok(stale.length === 0, `remove or rename these entries (no Chromium test has this name now; `
    + `the names are "file › [describe ›] test"):\n${stale.map((n) => `  ${JSON.stringify(n)}`).join('\n')}`);
});

test('every Firefox counterpart named exists', () => {
  const wrong = Object.entries(ENTRIES).flatMap(([name, entry]) => {
    const firefox = typeof entry === 'string' ? entry : entry.firefox;
    return firefox === undefined || FIREFOX.includes(firefox) ? [] : [`  ${JSON.stringify(name)} -> ${JSON.stringify(firefox)}`];
  });
  assert.ok(wrong.length === 0, `no Firefox test has these names (a Firefox test is "file › [describe ›] Firefox: name"):\n${wrong.join('\n')}`);
});

test('every reason names the limitation, links to it, and says what covers the test instead', () => {
  const wrong = [];
  for (const [name, entry] of Object.entries(ENTRIES)) {
    if (typeof entry === 'string') continue;
    const problems = [];
    if (typeof entry.reason !== 'string' || entry.reason.length < 30) problems.push('"reason" must say, in a sentence, why Firefox cannot run it');
    if (typeof entry.link !== 'string' || !/^https:\/\/\S+$/.test(entry.link)) problems.push('"link" must be an https:// address documenting the limitation');
    if (!Array.isArray(entry.coveredBy) || entry.coveredBy.length === 0) problems.push('"coveredBy" must name at least one test or file');
    else for (const cover of entry.coveredBy) if (!coverExists(cover)) problems.push(`"coveredBy": no test or file ${JSON.stringify(cover)}`);
    const extra = Object.keys(entry).filter((k) => !['firefox', 'reason', 'link', 'coveredBy'].includes(k));
    if (extra.length) problems.push(`unknown keys ${extra.join(', ')}`);
    if (problems.length) wrong.push(`  ${JSON.stringify(name)}: ${problems.join('; ')}`);
  }
  assert.ok(wrong.length === 0, wrong.join('\n'));
});

test('every "pending" entry names an existing Chromium file or test, with why it is not yet ported', () => {
  const files = new Set(CHROMIUM.map(fileOf));
  const wrong = Object.entries(PENDING).filter(([key, why]) => !(files.has(key) || CHROMIUM.includes(key))
    || typeof why !== 'string' || why.length < 30);
  assert.ok(wrong.length === 0, `fix these "pending" entries (a Chromium file or test name, and a sentence):\n${wrong.map(([k]) => `  ${JSON.stringify(k)}`).join('\n')}`);
});

test('a reason is not kept for a Chromium test that a same-named Firefox test now covers', () => {
  const redundant = reasoned.filter((name) => sameNamed(name) && !ENTRIES[name].firefox);
  assert.ok(redundant.length === 0, `Firefox runs these now ("Firefox: <name>"): remove their entries from ${COVERAGE_FILE}:\n`
    + redundant.map((n) => `  ${JSON.stringify(n)} (see ${fileOf(sameNamed(n))})`).join('\n'));
});
