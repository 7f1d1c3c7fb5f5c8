// Seeded random page states × every renderer through the checker page's
// snapshot code and engine (DOMParser, one page), against the oracle. The
// seed is printed; run one again with ASG_MATRIX_SEED=<seed>. ASG_MATRIX_RANDOM
// sets how many states (default 50).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serveStatic, startServer } from './server.mjs';
import { judgeInPage, openChecker } from '../matrix/browser-side.mjs';
import { describe as explain } from '../matrix/compare.mjs';
import { failuresByRenderer, randomCases } from '../matrix/cases.mjs';
import { RENDERERS } from '../matrix/renderers.mjs';

const WWW = join(fileURLToPath(new URL('../../', import.meta.url)), 'dist/www');
const SEED = Number(process.env.ASG_MATRIX_SEED ?? (Date.now() % 1_000_000));
const COUNT = Number(process.env.ASG_MATRIX_RANDOM ?? 50);

let www;
let fixtures;
let browser;
after(async () => {
  await browser?.close();
  await fixtures?.close();
  await www?.close();
});

describe(`${COUNT} random states × ${RENDERERS.length} renderers`, () => {
  let failures;
  before(async () => {
    console.log(`# matrix random seed ${SEED}: ASG_MATRIX_SEED=${SEED} node --test tests/e2e/matrix-random.test.mjs`);
    www = await serveStatic(WWW);
    fixtures = await startServer();
    browser = await launch(fixtures.port);
    const checker = await openChecker(browser.context, `http://127.0.0.1:${www.port}/`);
    const cases = randomCases(SEED, COUNT);
    failures = failuresByRenderer(cases, await judgeInPage(checker, cases));
  });
  for (const r of RENDERERS) {
    test(`${r.name}: every random state gives the oracle's verdict`, () => {
      const list = failures.get(r.name);
      assert.ok(list.length === 0, `\n${list.length} of ${COUNT} states differ (seed ${SEED}):\n${explain(list)}`);
    });
  }
});
