// The built Firefox add-on judging security level pages of both UI
// generations: every expected mark, the summary on the page and in the panel,
// exactly as the fixture pair states (tests/fixtures/README.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../e2e/fixtures.mjs';
import { part, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();

// Runs in the page: what the extension wrote on this frame.
const READ_OUTCOME = `
  const html = document.documentElement;
  const marks = {};
  const strays = [];
  for (const el of document.querySelectorAll('[data-asg]')) {
    if (el.dataset.fixtureId) marks[el.dataset.fixtureId] = el.dataset.asg;
    else strays.push(el.localName + ' = ' + el.dataset.asg);
  }
  return { page: html.getAttribute('data-asg-page'), bound: html.getAttribute('data-asg-bound'),
    summary: html.getAttribute('data-asg-summary'), marks, strays };`;

// Waits until the frame is judged with every expected mark and stays so.
async function judged(driver, spec) {
  const want = Object.keys(spec.marks ?? {}).length;
  let seen;
  await waitFor(async () => {
    const now = await driver.executeScript(READ_OUTCOME);
    const stable = JSON.stringify(now) === JSON.stringify(seen);
    seen = now;
    return stable && now.page && Object.keys(now.marks).length >= want;
  }, `the page judged as ${spec.page} ${spec.summary ?? ''}`, 15_000);
  return seen;
}

async function expectPair(driver, spec, name) {
  const got = await judged(driver, spec);
  assert.equal(got.page, spec.page, `${name}: data-asg-page`);
  assert.equal(got.bound, spec.bound ?? null, `${name}: data-asg-bound`);
  assert.equal(got.summary, spec.summary ?? null, `${name}: data-asg-summary`);
  assert.deepEqual(got.marks, spec.marks ?? {}, `${name}: the marks`);
  assert.deepEqual(got.strays, [], `${name}: marks on controls that must not be judged`);
  const summary = await waitFor(() => part(driver, 'asg-summary'), `${name}: the panel's summary`);
  assert.equal(await summary.getText(), spec.summary, `${name}: the panel shows the summary`);
}

for (const name of ['security-level/classic-deviations', 'security-level/current-ui']) {
  test(`Firefox: ${name} is marked and summarised as its pair says`, async () => {
    const { spec, url } = fixture(name);
    await firefox.driver.get(firefox.url(url));
    await expectPair(firefox.driver, spec, name);
  });
}

test('Firefox: the current UI inside the shell\'s iframe is judged in its frame, the shell is not', async () => {
  const name = 'shell/current-ui-in-iframe';
  const { spec, url } = fixture(name);
  const { driver } = firefox;
  await driver.get(firefox.url(url));
  const shell = await judged(driver, { page: 'unrecognized' });
  assert.equal(shell.page, 'unrecognized', `${name}: the shell`);
  assert.deepEqual(shell.marks, {}, `${name}: no marks on the shell`);
  const frames = await driver.findElements({ css: 'iframe' });
  assert.equal(frames.length, 1, `${name}: one iframe`);
  await driver.switchTo().frame(frames[0]);
  try {
    await expectPair(driver, spec, `${name} (iframe)`);
  } finally {
    await driver.switchTo().defaultContent();
  }
});
