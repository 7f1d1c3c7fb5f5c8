// How Firefox's DOM is read, as tests/e2e/reading.test.mjs,
// snapshots.test.mjs and slices.test.mjs in Chromium (one browser for the
// three): the eyes (extension/content/snapshot.js) see every fixture alike
// live and from a parsed copy; the kept snapshots under tests/snapshots/
// (which tests/profiles.rs judges natively) are exactly what the eyes read
// in Firefox too; sliced snapshots equal one-go ones; and with the add-on,
// each single deviation is found and putting it back passes again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Key } from 'selenium-webdriver';
import { enlarged } from '../../bench/pages.mjs';
import { fixture, fixtures } from '../e2e/fixtures.mjs';
import { addScript, inAddon, part, useFirefox, waitFor } from './firefox.mjs';

const SNAPSHOT_JS = readFileSync(new URL('../../dist/harness/snapshot.js', import.meta.url), 'utf8');
const KEPT = new URL('../snapshots/', import.meta.url);
const INTRANET = 'https://intranet.example.com';
const REVERIFY_MS = 5_000;
// The profile's named rules and the value each needs (as in Chromium's test).
const NAMED = {
  'contracts-service-bundle': true,
  'contracts-view': 'All',
  'contract-visibility': 'Full',
  'crm-customer': 'All',
  'admin-products': true,
  'wsapi-login': true,
};

const firefox = useFirefox();
const inPage = (body, ...args) => firefox.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
  (async function () { ${body} }).apply(null, [...arguments].slice(0, -1)).then((v) => done({ v }), (e) => done({ e: String(e) }));`, ...args)
  .then(({ v, e }) => { if (e) throw new Error(`in the page: ${e}`); return v; });

// A page the add-on leaves alone, with the eyes added to it.
async function withEyes(url) {
  await firefox.driver.get(INTRANET + url);
  await addScript(firefox.driver, SNAPSHOT_JS);
}

test('Firefox: the eyes see every fixture the same live and from a saved copy', async () => {
  const problems = [];
  const read = fixtures.filter(({ spec }) => spec.read && spec.frame !== 'iframe');
  assert.ok(read.length >= 10, `only ${read.length} fixtures have a "read" map`);
  for (const { name, spec, url } of read) {
    await withEyes(url);
    const { live, saved } = await inPage(`const see = (doc) => {
        const { snapshot, elements } = window.AsgSnapshot.take(doc, 1);
        snapshot.url = '';
        return { snapshot, ids: elements.map((el) => el.getAttribute('data-fixture-id')) };
      };
      const html = await (await fetch(location.href)).text();
      return { live: see(document), saved: see(new DOMParser().parseFromString(html, 'text/html')) };`);
    const state = ({ snapshot, ids }, id) => {
      const c = snapshot.controls[ids.indexOf(id)];
      return c ? JSON.stringify([c.kind, c.checked, c.value, c.options, c.filled, c.hidden, c.disabled]) : 'no control';
    };
    for (const id of Object.keys(spec.read)) {
      if (state(live, id) === 'no control') problems.push(`${name}: ${id} not seen`);
      if (state(live, id) !== state(saved, id)) problems.push(`${name} ${id}: live ${state(live, id)}, saved ${state(saved, id)}`);
    }
    if (live.snapshot.controls.length === saved.snapshot.controls.length
      && JSON.stringify(live.snapshot) !== JSON.stringify(saved.snapshot)) {
      problems.push(`${name}: the saved copy is seen otherwise than the live page`);
    }
  }
  assert.ok(problems.length === 0, `\n  ${problems.join('\n  ')}`);
});

// The kept snapshots are Chromium's (snapshots.test.mjs writes them); in
// Firefox they are only compared.
const kept = fixtures.filter(({ name, spec }) => name.startsWith('security-level/') && spec.page === 'security-level' && spec.frame !== 'iframe');
for (const { name, url } of kept) {
  test(`Firefox: tests/snapshots/${name}.json is what the eyes read on ${url}`, async () => {
    await withEyes(url);
    const taken = await firefox.driver.executeScript(`const { snapshot, elements } = window.AsgSnapshot.take(document, 1);
      snapshot.url = '';
      const fixtureIds = {};
      elements.forEach((el, handle) => {
        const holder = el.closest('[data-fixture-id]');
        if (holder) fixtureIds[handle] = holder.dataset.fixtureId;
      });
      return { fixture: null, snapshot, fixtureIds };`);
    taken.fixture = name;
    // WebDriver hands objects back with their keys sorted: compared as data, not as text.
    assert.deepStrictEqual(taken, JSON.parse(readFileSync(new URL(`${name}.json`, KEPT), 'utf8')),
      `${name}: Firefox's eyes read otherwise than the kept snapshot`);
  });
}

test('Firefox: sliced snapshots equal one-go snapshots, element for element', async () => {
  for (const { url } of fixtures.filter(({ spec }) => spec.frame !== 'iframe')) {
    await withEyes(url);
    const same = await inPage(`const whole = window.AsgSnapshot.take(document, 7);
      let slices = 0;
      const sliced = await window.AsgSnapshot.takeInSlices(document, 7, 0, () => true, () => { slices++; });
      return {
        snapshot: JSON.stringify(whole.snapshot) === JSON.stringify(sliced.snapshot),
        same: whole.elements.length === sliced.elements.length && whole.elements.every((el, i) => el === sliced.elements[i]),
        slices,
        elements: document.getElementsByTagName('*').length,
      };`);
    assert.ok(same.snapshot && same.same, `${url}: sliced and whole snapshots differ`);
    const least = Math.max(2, Math.floor(same.elements / 400));
    assert.ok(same.slices >= least, `${url}: ${same.slices} slices for ${same.elements} elements`);
  }
});

test('Firefox: a sliced snapshot that is no longer valid after a pause returns nothing', async () => {
  // The large page served on an intranet address (Chromium's test serves it
  // by a route). Written into a loaded page with document.write, it was once
  // not there yet when the test looked, under the load of two test files.
  firefox.docs.set('/enlarged-x10.html', enlarged(9));
  try {
    await firefox.driver.get(`${INTRANET}/enlarged-x10.html`);
  } finally {
    firefox.docs.delete('/enlarged-x10.html');
  }
  await addScript(firefox.driver, SNAPSHOT_JS);
  const result = await inPage(`let changed = false;
    const box = document.querySelector('input[type=checkbox]');
    const observer = new MutationObserver(() => { changed = true; });
    observer.observe(document.documentElement, { subtree: true, attributes: true });
    let slices = 0;
    const sliced = await window.AsgSnapshot.takeInSlices(document, 1, 0, () => !changed, () => {
      if (++slices === 1) box.toggleAttribute('checked');
    });
    observer.disconnect();
    return { sliced, changed, slices };`);
  assert.equal(result.changed, true);
  assert.ok(result.slices < 50, `went on for ${result.slices} slices after the change`);
  assert.equal(result.sliced, null, 'a snapshot spanning a change of the page was returned');
});

// ---------------------------------------------------------------- deviations

// Runs in the page: what the add-on says, and what the control is.
const INSPECT = `const el = document.querySelector('[data-fixture-id="' + arguments[0] + '"]');
  const picker = el.matches('.SingleItemSelector2, .SingleDataSelector2');
  const tpl = picker && el.querySelector(':scope > template.ItemList');
  const items = !picker ? [] : [...(tpl ? tpl.content : el).querySelectorAll('.Item')].map((i) => i.textContent.trim());
  return {
    summary: document.documentElement.getAttribute('data-asg-summary'),
    mark: el.getAttribute('data-asg'),
    kind: el.matches('.TabIndexHack') ? 'widget-checkbox'
      : picker ? 'picker'
      : el.matches('select') ? 'select'
      : el.matches('input[type="checkbox"]') ? 'checkbox' : 'other',
    checked: el.matches('.TabIndexHack') ? el.classList.contains('Checked') : (el.checked === undefined ? null : el.checked),
    value: picker ? el.querySelector(':scope > .Text').textContent.trim()
      : el.matches('select') ? (el.options[el.selectedIndex] ? el.options[el.selectedIndex].textContent.trim() : null) : null,
    choices: el.matches('select') ? [...el.options].map((o) => o.textContent.trim()) : items,
  };`;
const inspect = (id) => firefox.driver.executeScript(INSPECT, id);

// Sets one control the way an admin does: a real click on a checkbox, an
// option or a picker's item; Space on a focused current-UI checkbox.
async function setControl(id, target, { keyboard = false } = {}) {
  const { driver } = firefox;
  const el = await driver.findElement({ css: `[data-fixture-id="${id}"]` });
  await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
  const now = await inspect(id);
  switch (now.kind) {
    case 'checkbox':
      if (now.checked !== target) await el.click();
      break;
    case 'widget-checkbox':
      if (now.checked !== target) await (keyboard ? el.sendKeys(Key.SPACE) : el.click());
      break;
    case 'select':
      await (await el.findElement({ xpath: `./option[normalize-space()=${JSON.stringify(target)}]` })).click();
      break;
    case 'picker': {
      await el.click();
      const items = await waitFor(async () => {
        const found = await el.findElements({ css: '.ItemList .Item' });
        return found.length === now.choices.length && found;
      }, `${id}: its items`);
      await items[now.choices.indexOf(target)].click();
      break;
    }
    default:
      throw new Error(`${id}: not a control this test can change`);
  }
}

function rightAndWrong(id, now) {
  const boolean = now.kind === 'checkbox' || now.kind === 'widget-checkbox';
  const right = id in NAMED ? NAMED[id] : boolean ? false : now.choices.find((c) => c === 'None') ?? now.choices.find((c) => c === 'No');
  const wrong = boolean ? !right : now.choices.find((c) => c !== right);
  assert.notEqual(right, undefined, `${id}: no state meets its rule (choices ${now.choices.join(', ')})`);
  return { right, wrong };
}

async function verdict(id, summary, mark, what) {
  try {
    await waitFor(async () => {
      const now = await inspect(id);
      return now.summary === summary && now.mark === mark;
    }, what, REVERIFY_MS);
  } catch {
    const now = await inspect(id);
    assert.fail(`${what}: expected summary ${summary} and ${id} ${mark} within ${REVERIFY_MS} ms; found summary ${now.summary}, ${id} ${now.mark}`);
  }
}

async function eachSingleDeviation(name, shard, shards) {
  const { spec, url } = fixture(name);
  await firefox.driver.get(firefox.url(url));
  await waitFor(() => firefox.driver.executeScript('return document.documentElement.hasAttribute("data-asg-summary")'), 'the page judged');
  const ids = Object.keys(spec.marks);
  const total = ids.length;
  const all = `${total}/${total}`;
  const less = `${total - 1}/${total}`;
  for (const id of ids.filter((i) => spec.marks[i] !== 'pass')) await setControl(id, rightAndWrong(id, await inspect(id)).right);
  for (const id of ids) await verdict(id, all, 'pass', `${name} with its deviations put right`);
  let keyboard = false;
  for (const id of ids.filter((_, i) => i % shards === shard)) {
    const now = await inspect(id);
    const { right, wrong } = rightAndWrong(id, now);
    await setControl(id, wrong);
    await verdict(id, less, id in NAMED ? 'fail' : 'excess', `${name}: ${id} set to ${wrong}`);
    if (now.kind === 'widget-checkbox') keyboard = !keyboard;
    await setControl(id, right, { keyboard });
    await verdict(id, all, 'pass', `${name}: ${id} set back to ${right}`);
  }
}

// The same names as Chromium's shards; one browser runs them in turn.
const SHARDS = 2;
describe('each single deviation is found, and putting it back passes again', () => {
  for (let shard = 0; shard < SHARDS; shard++) {
    test(`Firefox: classic-all-correct (native checkboxes and selects), controls ${shard + 1}/${SHARDS}`, () =>
      eachSingleDeviation('security-level/classic-all-correct', shard, SHARDS));
    test(`Firefox: current-ui (.TabIndexHack checkboxes, pickers, div matrices), controls ${shard + 1}/${SHARDS}`, () =>
      eachSingleDeviation('security-level/current-ui', shard, SHARDS));
  }

  test('Firefox: current-ui: a collapsed section is judged as an open one', async () => {
    const { driver } = firefox;
    const { spec, url } = fixture('security-level/current-ui');
    await driver.get(firefox.url(url));
    await verdict('contract-visibility', spec.summary, spec.marks['contract-visibility'], 'current-ui as loaded');
    await (await driver.findElement({ xpath: '//*[contains(@class, "DetailsSectionHeading")]//*[contains(@class, "Left")]//*[contains(@class, "Text")][normalize-space()="CONTRACTS"]' })).click();
    await waitFor(async () => !(await driver.executeScript('return document.querySelector(\'[data-fixture-id="contract-visibility"]\').checkVisibility()')),
      'the section hidden');
    await sleep(600); // past the add-on's re-check delay
    const got = await driver.executeScript(`return {
      summary: document.documentElement.getAttribute('data-asg-summary'),
      marks: Object.fromEntries([...document.querySelectorAll('[data-fixture-id]')].map((el) => [el.dataset.fixtureId, el.dataset.asg || null])) };`);
    assert.deepEqual(got, { summary: spec.summary, marks: spec.marks });
  });
});

test('Firefox: the rhipe guide followed click by click on a fresh copy ends as classic-guide-literal', async () => {
  const { driver } = firefox;
  const { url } = fixture('security-level/classic-fresh-copy');
  const { spec } = fixture('security-level/classic-guide-literal');
  await driver.get(firefox.url(url));
  // A fresh copy is nobody's yet: the admin first says it is for rhipe.
  await (await waitFor(() => part(driver, 'asg-choice-rhipe-prism-connect'), 'the question')).click();
  // The panel sits over the sections' right-hand links: minimised, as an admin would.
  await (await waitFor(() => part(driver, 'asg-minimize'), 'the panel')).click();
  const links = await driver.findElements({ xpath: '//*[contains(concat(" ", @class, " "), " Section ")]/*[contains(concat(" ", @class, " "), " Heading ")]//a[normalize-space()="No Permission"]' });
  assert.equal(links.length, 11, 'one "No Permission" per section');
  for (const link of links) await link.click();
  for (const id of ['contracts-service-bundle', 'admin-products', 'wsapi-login']) await setControl(id, true);
  await setControl('crm-customer', 'All');
  await verdict('crm-customer', spec.summary, 'pass', 'the guide followed on a fresh copy');
  const marks = await driver.executeScript(`return Object.fromEntries([...document.querySelectorAll('[data-fixture-id]')]
    .map((el) => [el.dataset.fixtureId, el.dataset.asg || null]))`);
  assert.deepEqual(marks, spec.marks);
  // The answer is the host's: forgotten, so the fixture pair is asked again.
  await inAddon(driver, 'await browser.storage.local.remove(arguments[0]);', 'host:ww5.autotask.net');
});
