// Every fixture pair (tests/e2e/scenarios.mjs PAIRS, the list Chromium's
// security-level, api-user and contract tests judge) with the built Firefox
// add-on, under the same names: each page kind, binding, summary and mark
// as the pair states, compared by the same code as in Chromium
// (tests/e2e/outcome.mjs), with what the pair says the host remembers. Then
// the list's own checks, and the CSP and outside-Autotask cases of
// tests/e2e/security-level.test.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture } from '../e2e/fixtures.mjs';
import { assertNone, differences, readAsgAttributes, settle } from '../e2e/outcome.mjs';
import { HOST_KEY, PAIRS, PAIR_LIST_CHECKS, hostSettings } from '../e2e/scenarios.mjs';
import { frameOf, inAddon, useFirefox } from './firefox.mjs';

const firefox = useFirefox();

// Pairs that need the same remembered settings run one after another, so
// that storage is written only when it changes.
const ordered = [...PAIRS].sort((a, b) => JSON.stringify(hostSettings(a.spec)).localeCompare(JSON.stringify(hostSettings(b.spec))));
let current;
async function remember(spec) {
  const want = JSON.stringify(hostSettings(spec));
  if (want === current) return;
  await inAddon(firefox.driver, `const [key, value] = arguments;
    await (value ? browser.storage.local.set({ [key]: value }) : browser.storage.local.remove(key));`, HOST_KEY, hostSettings(spec));
  current = want;
}

async function judge(name, spec, url) {
  const { driver } = firefox;
  await remember(spec);
  await driver.get(url);
  if (spec.frame !== 'iframe') return differences(frameOf(driver), spec, name);
  // The current UI: the shell around the form is not itself a recognised page.
  const lines = await differences(frameOf(driver), { page: 'unrecognized' }, `${name} (shell)`);
  const frames = await driver.findElements({ css: 'iframe' });
  assert.equal(frames.length, 1, `${name}: one iframe`);
  await driver.switchTo().frame(frames[0]);
  try {
    return lines.concat(await differences(frameOf(driver), spec, `${name} (iframe)`));
  } finally {
    await driver.switchTo().defaultContent();
  }
}

describe('fixture pairs', () => {
  for (const [title, check] of Object.entries(PAIR_LIST_CHECKS)) test(`Firefox: ${title}`, check);
  for (const { name, spec, url, title } of ordered) {
    test(`Firefox: ${title}`, async () => {
      assertNone(await judge(name, spec, firefox.url(url)));
    });
  }
});

for (const which of ['security-level/classic-deviations', 'security-level/current-ui']) {
  test(`Firefox: page sending CSP script-src 'self' is judged as without it: ${which}`, async () => {
    const { name, spec, url } = fixture(which);
    await remember(spec);
    assertNone(await judge(`${name} under CSP`, spec, firefox.url(`/csp${url}`)));
  });
}

test('Firefox: a page outside Autotask gets no data-asg-* attribute', async () => {
  const { driver } = firefox;
  const { name, spec, url } = fixture('security-level/classic-deviations');
  await remember(spec);
  await driver.get(firefox.url(url));
  const control = await settle(frameOf(driver));
  assert.ok(Object.keys(control.marks).length > 0, `${name} on Autotask got no marks, so the check below would prove nothing`);
  await driver.get(`https://intranet.example.com${url}`);
  await sleep(2_000);
  const found = await frameOf(driver).evaluate(readAsgAttributes);
  assert.deepEqual(found, [], `${name} on intranet.example.com: expected no data-asg-* attribute, found:\n  ${found.join('\n  ')}`);
});
