// "Apply profile" and "Undo" in Firefox, as tests/e2e/apply.test.mjs in
// Chromium (the same pages, tests/e2e/scenarios.mjs APPLY_UNDO, and the same
// in-page reading of every control): Apply sets every control the profile
// names through the page's own events and never saves; Undo puts back
// exactly what Apply changed. Then apply.js alone on a page the extension
// leaves alone, for every kind of control.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { APPLY_UNDO, everyChange, readControls } from '../e2e/scenarios.mjs';
import { addScript, frameOf, part, useFirefox, waitFor } from './firefox.mjs';

const APPLY_JS = readFileSync(new URL('../../dist/harness/apply.js', import.meta.url), 'utf8');
const firefox = useFirefox();
const attr = (name) => firefox.driver.executeScript(`return document.documentElement.getAttribute(${JSON.stringify(name)})`);
const summaryIs = (value) => waitFor(async () => (await attr('data-asg-summary')) === value, `data-asg-summary=${value}`, 15_000);
const controls = () => frameOf(firefox.driver).evaluate(readControls);
const press = async (testid) => (await waitFor(() => part(firefox.driver, testid), testid)).click();
const marksOf = (css) => firefox.driver.executeScript(`return [...document.querySelectorAll(${JSON.stringify(css)})].map((e) => e.dataset.asg)`);
// Runs `body` (an async function's body) in the page and returns its result.
const inPage = (body, ...args) => firefox.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
  (async function () { ${body} }).apply(null, [...arguments].slice(0, -1)).then((v) => done({ v }), (e) => done({ e: String(e) }));`, ...args)
  .then(({ v, e }) => { if (e) throw new Error(`in the page: ${e}`); return v; });

async function applyThenUndo(path, frame) {
  const { driver } = firefox;
  await driver.get(firefox.url(path));
  if (frame === 'iframe') await driver.switchTo().frame(await waitFor(async () => (await driver.findElements({ css: 'iframe' }))[0], 'the iframe'));
  try {
    const summaryBefore = await waitFor(() => attr('data-asg-summary'), 'the page judged');
    const total = summaryBefore.split('/')[1];
    assert.notEqual(summaryBefore.split('/')[0], total, 'the fixture starts with findings');
    const before = await controls();

    await press('asg-apply');
    await summaryIs(`${total}/${total}`);
    const applied = await controls();
    const marks = await marksOf('[data-asg]');
    assert.ok(marks.every((m) => m === 'pass'), `every mark passes after Apply: ${marks}`);
    assert.notDeepEqual(applied, before);

    await press('asg-undo');
    await summaryIs(summaryBefore);
    assert.deepEqual(await controls(), before, 'Undo restores every control');
  } finally {
    await driver.switchTo().defaultContent();
  }
}

for (const { title, path, frame } of APPLY_UNDO) {
  test(`Firefox: ${title}`, () => applyThenUndo(path, frame));
}

test('Firefox: a control the page does not let change is named and stays marked', async () => {
  await firefox.driver.get(firefox.url('/security-level/classic-deviations.html'));
  await summaryIs('50/55');
  // The page locks one control (as a page may for a built-in setting).
  await firefox.driver.executeScript('document.querySelector(\'[data-fixture-id="wsapi-impersonation"]\').disabled = true');
  await summaryIs('50/55');
  await press('asg-apply');
  await summaryIs('54/55');
  assert.match(await (await part(firefox.driver, 'asg-ignored')).getAttribute('textContent'), /Allow impersonation of resources with this security level/);
  assert.equal(await (await firefox.driver.findElement({ css: '[data-fixture-id="wsapi-impersonation"]' })).getAttribute('data-asg'), 'excess');
});

test('Firefox: widgets that act on mousedown or a later task are set; one the page refuses is named, not pretended', async () => {
  await firefox.driver.get(firefox.url('/widgets/current-ui-stubborn.html'));
  await summaryIs('52/57');
  const before = await controls();
  await press('asg-apply');
  // Everything but the refused box: it stays on, marked, and is named to set by hand.
  await summaryIs('56/57');
  const applied = await controls();
  assert.equal(applied['contracts-service-bundle'], true, 'the mousedown-only box was toggled once');
  assert.equal(applied['contract-visibility'], 'Full', 'the deferred picker shows the chosen item');
  assert.equal(applied['other-webhooks'], true, 'the refused box is as it was');
  assert.equal(await (await firefox.driver.findElement({ css: '[data-fixture-id="other-webhooks"]' })).getAttribute('data-asg'), 'excess');
  const named = await (await part(firefox.driver, 'asg-ignored')).getAttribute('textContent');
  assert.match(named, /Can create Webhooks/);
  assert.doesNotMatch(named, /Contract Visibility|Service\/Bundle/, 'a change the page took late is not named as refused');
  const marks = await marksOf('[data-asg]:not([data-fixture-id="other-webhooks"])');
  assert.ok(marks.every((m) => m === 'pass'), `every other mark passes: ${marks}`);

  await press('asg-undo');
  await summaryIs('52/57');
  assert.deepEqual(await controls(), before, 'Undo restores every control');
});

// apply.js alone (no engine, no snapshot), on a page where the extension does
// not run: loaded into the page as Chromium's test adds it as a script tag.
async function plainPage(path) {
  await firefox.driver.get(`https://intranet.example.com${path}`);
  await addScript(firefox.driver, APPLY_JS);
  await addScript(firefox.driver, `window.everyChange = ${everyChange};`);
}

test('Firefox: apply.js: ARIA checkboxes, switches, comboboxes, listboxes and image checkboxes are set by the page\'s own handlers and put back by Undo', async () => {
  await plainPage('/widgets/classic-aria-and-images.html');
  const before = await controls();
  const result = await inPage(`const changes = window.everyChange();
    const kinds = {};
    for (const { el } of changes) {
      const kind = el.tagName === 'IMG' ? 'image' : el.getAttribute('role') || el.tagName.toLowerCase();
      kinds[kind] = (kinds[kind] || 0) + 1;
    }
    const done = await window.AsgApply.apply(changes);
    const wrong = changes.filter(({ el, want }) => window.AsgApply.readState(el) !== want).map((c) => c.name);
    window.__undo = done.undo;
    return { kinds, ignored: done.ignored, wrong, count: changes.length, undo: done.undo.length };`);
  assert.deepEqual(Object.keys(result.kinds).sort(), ['checkbox', 'combobox', 'image', 'listbox', 'switch'], JSON.stringify(result.kinds));
  assert.deepEqual(result.ignored, [], 'every change was taken');
  assert.deepEqual(result.wrong, [], 'every control reads as asked');
  assert.equal(result.undo, result.count);
  const applied = await controls();
  assert.equal(Object.keys(applied).filter((id) => applied[id] !== before[id]).length, result.count, 'the page itself shows every change');
  assert.equal(await firefox.driver.executeScript('return document.querySelectorAll(\'[role="listbox"].Popup:not([hidden])\').length'), 0, 'no popup left open');
  assert.deepEqual(await inPage('return window.AsgApply.revert(window.__undo);'), []);
  assert.deepEqual(await controls(), before, 'Undo restores every control');
});

test('Firefox: apply.js: a control the page refuses or that cannot be read is named, and left as it was', async () => {
  await plainPage('/widgets/classic-aria-and-images.html');
  const result = await inPage(`const box = document.querySelector('[role="checkbox"][data-fixture-id]');
    box.setAttribute('aria-disabled', 'true');
    const img = document.querySelector('img.ImageBox[data-fixture-id]');
    img.setAttribute('src', '/assets/img/checkbox_partial.png');
    const list = document.querySelector('[role="listbox"].List[data-fixture-id]');
    const wasBox = box.getAttribute('aria-checked');
    const wasList = list.querySelector('[aria-selected="true"]').textContent;
    const done = await window.AsgApply.apply([
      { el: box, want: wasBox === 'true' ? 'off' : 'on', name: 'refused box' },
      { el: img, want: 'off', name: 'unknown picture' },
      { el: list, want: 'Not an option', name: 'missing option' },
      { el: null, want: 'on', name: 'no element' },
    ]);
    return {
      ignored: done.ignored, undo: done.undo.length,
      box: box.getAttribute('aria-checked') === wasBox,
      img: img.getAttribute('src'),
      list: list.querySelector('[aria-selected="true"]').textContent === wasList,
    };`);
  assert.deepEqual(result.ignored, ['refused box', 'unknown picture', 'missing option', 'no element']);
  assert.equal(result.undo, 0);
  assert.equal(result.box, true);
  assert.equal(result.img, '/assets/img/checkbox_partial.png');
  assert.equal(result.list, true);
});

test('Firefox: apply.js: Autotask radio items choose Integration Vendor and its picker; Undo chooses Custom again', async () => {
  await plainPage('/widgets/current-ui-api-user-radio-items.html');
  const before = await controls();
  const ignored = await inPage(`const [radio, picker] = ['vendor-radio', 'vendor'].map((id) => document.querySelector('[data-fixture-id="' + id + '"]'));
    const result = await window.AsgApply.apply([{ el: radio, want: 'on', name: 'radio' }, { el: picker, want: 'Rhipe - Cloud Services', name: 'vendor' }]);
    window.__undo = result.undo;
    return result.ignored;`);
  assert.deepEqual(ignored, []);
  const applied = await controls();
  assert.match(applied['vendor-radio'], /\bChecked\b/);
  assert.match(applied['custom-radio'], /\bUnchecked\b/);
  assert.equal(applied.vendor, 'Rhipe - Cloud Services');
  assert.deepEqual(await inPage('return window.AsgApply.revert(window.__undo);'), []);
  assert.deepEqual(await controls(), before);
});
