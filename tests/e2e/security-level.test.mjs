// End-to-end: the built extension in Chromium, judging the fixture pages.
// Each `tests/fixtures/**/X.json` states what the page `X.html` (or `url`)
// must show; see tests/fixtures/README.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';
import { fixture } from './fixtures.mjs';
import { PAIRS } from './scenarios.mjs';
import { assertNone, differences, readAsgAttributes, settle } from './outcome.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const INTRANET = 'https://intranet.example.com';


const browser = useBrowser();

function onlyChildFrame(page, where) {
  const children = page.mainFrame().childFrames();
  assert.equal(children.length, 1, `${where}: expected one iframe, found ${children.length}`);
  return children[0];
}

const withPage = (fn) => browser.withPage(fn);

// Pairs are judged a few at a time: each waits STABLE_MS with nothing to do.
describe('fixture pairs', { concurrency: 4 }, () => {
  // A contract is judged only once marked in the panel, and API user pairs
  // may need a remembered level: contract.test.mjs and api-user.test.mjs
  // judge those pairs with what each remembers.
  for (const { name, spec, url, title } of PAIRS.filter((p) => p.chromium === 'security-level')) {
    test(title, () =>
      withPage(async (page) => {
        await page.goto(AUTOTASK + url);
        if (spec.frame === 'iframe') {
          // The current UI: the shell around the form is not itself a recognised page.
          const frame = onlyChildFrame(page, name);
          assertNone((await Promise.all([
            differences(page.mainFrame(), { page: 'unrecognized' }, `${name} (shell)`),
            differences(frame, spec, `${name} (iframe)`),
          ])).flat());
        } else {
          assertNone(await differences(page.mainFrame(), spec, name));
        }
      }));
  }
});

for (const which of ['security-level/classic-deviations', 'security-level/current-ui']) {
  test(`page sending CSP script-src 'self' is judged as without it: ${which}`, () =>
    withPage(async (page) => {
      const { name, spec, url } = fixture(which);
      const response = await page.goto(`${AUTOTASK}/csp${url}`);
      assert.equal(response.headers()['content-security-policy'], "script-src 'self'", 'the /csp/ route sent no CSP');
      assertNone(await differences(page.mainFrame(), spec, `${name} under CSP`));
    }));
}

test('a page outside Autotask gets no data-asg-* attribute', () =>
  withPage(async (page) => {
    const { name, url } = fixture('security-level/classic-deviations');
    await page.goto(AUTOTASK + url);
    const control = await settle(page.mainFrame());
    assert.ok(Object.keys(control.marks).length > 0,
      `${name} on ${AUTOTASK} got no marks, so the intranet check below would prove nothing`);
    await page.goto(INTRANET + url);
    await sleep(2_000);
    const found = (await Promise.all(page.frames().map((frame) => frame.evaluate(readAsgAttributes)))).flat();
    assert.deepEqual(found, [], `${name} on ${INTRANET}: expected no data-asg-* attribute, found:\n  ${found.join('\n  ')}`);
  }));
