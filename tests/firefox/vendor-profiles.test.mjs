// The vendors' profiles (issue 22) in Firefox, through the checker page's
// batched snapshot path in one browser session: the cases of
// tests/e2e/vendor-profiles.test.mjs (tests/matrix/vendor-cases.mjs: each
// vendor's states on the matrix page model, every renderer, judged with the
// vendor's profile), with the same hand-counted verdicts, under the same
// names. The checker page runs them through the same-origin bridge of
// tests/firefox/checker-bridge.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { judgeInPage } from '../matrix/browser-side.mjs';
import { RENDERERS } from '../matrix/renderers.mjs';
import { vendorCases, vendorCount, vendorFailures } from '../matrix/vendor-cases.mjs';
import { WWW } from '../e2e/checker-files.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { openChecker } from './checker-bridge.mjs';
import { useFirefox } from './firefox.mjs';

let www;
const firefox = useFirefox();
before(async () => { www = await serveStatic(WWW); });
after(() => www?.close());

describe('each vendor profile on the matrix states, every renderer, through the checker', () => {
  let failures;
  let total;
  before(async () => {
    const cases = vendorCases();
    total = cases.length;
    failures = vendorFailures(cases, await judgeInPage(await openChecker(firefox.driver, www), cases));
  });
  for (const r of RENDERERS) {
    const count = vendorCount(r);
    test(`Firefox: ${r.name}: ${count} vendor states give the hand-counted verdicts`, () => {
      const f = failures.get(r.name);
      assert.ok(f.length === 0, `\n${f.length} of ${count} differ (of ${total} cases in all):\n${f.join('\n')}`);
    });
  }
});
