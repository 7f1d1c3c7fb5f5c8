// The vendors' profiles (issue 22) through the checker's batched snapshot
// path: the renderer matrix's page model, with the SERVICE DESK object matrix
// that MSP360's and Guardz's guides describe, rendered by every renderer,
// parsed with DOMParser and judged in one checker page by the checker's own
// snapshot code and engine (tests/matrix/browser-side.mjs), with the vendor's
// profile chosen in the context (the cases: tests/matrix/vendor-cases.mjs,
// which tests/firefox/vendor-profiles.test.mjs judges too). The states: all correct for that vendor, the
// fresh copy of "API User (system) (API-only)", one deviation per rule. The
// expected counts are the ones worked out by hand in tests/vendor_profiles.rs
// (the same page, read natively with its labels given), so here they prove
// the reading of every markup gives the profile the same page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serveStatic, startServer } from './server.mjs';
import { RENDERERS } from '../matrix/renderers.mjs';
import { judgeInPage, openChecker } from '../matrix/browser-side.mjs';
import { vendorCases, vendorCount, vendorFailures } from '../matrix/vendor-cases.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

let www;
let fixtures;
let browser;
let checker;
let failures;

before(async () => {
  www = await serveStatic(join(REPO, 'dist/www'));
  fixtures = await startServer();
  browser = await launch(fixtures.port);
  checker = await openChecker(browser.context, `http://127.0.0.1:${www.port}/`);
});
after(async () => {
  await browser?.close();
  await fixtures?.close();
  await www?.close();
});

describe('each vendor profile on the matrix states, every renderer, through the checker', () => {
  before(async () => {
    const cases = vendorCases();
    failures = vendorFailures(cases, await judgeInPage(checker, cases));
  });
  for (const r of RENDERERS) {
    const count = vendorCount(r);
    test(`${r.name}: ${count} vendor states give the hand-counted verdicts`, () => {
      const f = failures.get(r.name);
      assert.ok(f.length === 0, `\n${f.length} of ${count} differ:\n${f.join('\n')}`);
    });
  }
});
