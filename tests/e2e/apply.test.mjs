// "Apply profile" and "Undo" in the checklist: Apply sets every control the
// profile names through the page's own events and never saves; Undo puts
// back exactly what Apply changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { useBrowser } from './browser.mjs';
import { APPLY_UNDO, everyChange, readControls } from './scenarios.mjs';

const browser = useBrowser();

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });

async function applyThenUndo(path, frameOf = (page) => page.mainFrame()) {
  const page = await browser.context.newPage();
  await page.goto(`https://ww5.autotask.net${path}`);
  const frame = frameOf(page);
  await frame.waitForFunction(() => document.documentElement.hasAttribute('data-asg-summary'), null, { timeout: 10_000 });
  const summaryBefore = await frame.evaluate(() => document.documentElement.dataset.asgSummary);
  const total = summaryBefore.split('/')[1];
  assert.notEqual(summaryBefore.split('/')[0], total, 'the fixture starts with findings');
  const before = await frame.evaluate(readControls);

  await frame.getByTestId('asg-apply').click();
  await frame.waitForFunction((t) => document.documentElement.dataset.asgSummary === `${t}/${t}`, total, { timeout: 10_000 });
  const applied = await frame.evaluate(readControls);
  const marks = await frame.evaluate(() => [...document.querySelectorAll('[data-asg]')].map((e) => e.dataset.asg));
  assert.ok(marks.every((m) => m === 'pass'), `every mark passes after Apply: ${marks}`);
  assert.notDeepEqual(applied, before);

  await frame.getByTestId('asg-undo').click();
  await frame.waitForFunction((s) => document.documentElement.dataset.asgSummary === s, summaryBefore, { timeout: 10_000 });
  assert.deepEqual(await frame.evaluate(readControls), before, 'Undo restores every control');
  await page.close();
}

for (const { title, path, frame } of APPLY_UNDO) {
  test(title, () => applyThenUndo(path, frame === 'iframe' ? (page) => page.frames().find((f) => f !== page.mainFrame()) : undefined));
}

test('a control the page does not let change is named and stays marked', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://ww5.autotask.net/security-level/classic-deviations.html');
  await summaryIs(page, '50/55');
  // The page locks one control (as a page may for a built-in setting).
  await page.evaluate(() => { document.querySelector('[data-fixture-id="wsapi-impersonation"]').disabled = true; });
  await summaryIs(page, '50/55');
  await page.getByTestId('asg-apply').click();
  await summaryIs(page, '54/55');
  assert.match(await page.getByTestId('asg-ignored').textContent(), /Allow impersonation of resources with this security level/);
  assert.equal(await page.getAttribute('[data-fixture-id="wsapi-impersonation"]', 'data-asg'), 'excess');
  await page.close();
});

test('widgets that act on mousedown or a later task are set; one the page refuses is named, not pretended', () =>
  browser.withPage(async (page) => {
    await page.goto('https://ww5.autotask.net/widgets/current-ui-stubborn.html');
    await summaryIs(page, '52/57');
    const before = await page.evaluate(readControls);
    await page.getByTestId('asg-apply').click();
    // Everything but the refused box: it stays on, marked, and is named to set by hand.
    await summaryIs(page, '56/57');
    const applied = await page.evaluate(readControls);
    assert.equal(applied['contracts-service-bundle'], true, 'the mousedown-only box was toggled once');
    assert.equal(applied['contract-visibility'], 'Full', 'the deferred picker shows the chosen item');
    assert.equal(applied['other-webhooks'], true, 'the refused box is as it was');
    assert.equal(await page.getAttribute('[data-fixture-id="other-webhooks"]', 'data-asg'), 'excess');
    const named = await page.getByTestId('asg-ignored').textContent();
    assert.match(named, /Can create Webhooks/);
    assert.doesNotMatch(named, /Contract Visibility|Service\/Bundle/, 'a change the page took late is not named as refused');
    const marks = await page.evaluate(() => [...document.querySelectorAll('[data-asg]:not([data-fixture-id="other-webhooks"])')].map((e) => e.dataset.asg));
    assert.ok(marks.every((m) => m === 'pass'), `every other mark passes: ${marks}`);

    await page.getByTestId('asg-undo').click();
    await summaryIs(page, '52/57');
    assert.deepEqual(await page.evaluate(readControls), before, 'Undo restores every control');
  }));

// apply.js alone (no engine, no snapshot), on a page where the extension does
// not run: every control kind set through the page's own handlers
// (tests/fixtures/assets/aria-widgets.js), read back, and put back by Undo.
const APPLY_JS = fileURLToPath(new URL('../../dist/harness/apply.js', import.meta.url));

test('apply.js: ARIA checkboxes, switches, comboboxes, listboxes and image checkboxes are set by the page\'s own handlers and put back by Undo', () =>
  browser.withPage(async (page) => {
    await page.goto('https://intranet.example.com/widgets/classic-aria-and-images.html');
    await page.addScriptTag({ path: APPLY_JS });
    const before = await page.evaluate(readControls);
    await page.addScriptTag({ content: `globalThis.everyChange = ${everyChange};` });
    const result = await page.evaluate(async () => {
      const changes = globalThis.everyChange();
      const kinds = {};
      for (const { el } of changes) {
        const kind = el.tagName === 'IMG' ? 'image' : el.getAttribute('role') || el.tagName.toLowerCase();
        kinds[kind] = (kinds[kind] || 0) + 1;
      }
      const done = await globalThis.AsgApply.apply(changes);
      const wrong = changes.filter(({ el, want }) => globalThis.AsgApply.readState(el) !== want).map((c) => c.name);
      window.__undo = done.undo;
      return { kinds, ignored: done.ignored, wrong, count: changes.length, undo: done.undo.length };
    });
    assert.deepEqual(Object.keys(result.kinds).sort(), ['checkbox', 'combobox', 'image', 'listbox', 'switch'], JSON.stringify(result.kinds));
    assert.deepEqual(result.ignored, [], 'every change was taken');
    assert.deepEqual(result.wrong, [], 'every control reads as asked');
    assert.equal(result.undo, result.count);
    const applied = await page.evaluate(readControls);
    assert.equal(Object.keys(applied).filter((id) => applied[id] !== before[id]).length, result.count, 'the page itself shows every change');
    assert.equal(await page.evaluate(() => document.querySelectorAll('[role="listbox"].Popup:not([hidden])').length), 0, 'no popup left open');
    const left = await page.evaluate(() => globalThis.AsgApply.revert(window.__undo));
    assert.deepEqual(left, []);
    assert.deepEqual(await page.evaluate(readControls), before, 'Undo restores every control');
  }));

test('apply.js: a control the page refuses or that cannot be read is named, and left as it was', () =>
  browser.withPage(async (page) => {
    await page.goto('https://intranet.example.com/widgets/classic-aria-and-images.html');
    await page.addScriptTag({ path: APPLY_JS });
    const result = await page.evaluate(async () => {
      const box = document.querySelector('[role="checkbox"][data-fixture-id]');
      box.setAttribute('aria-disabled', 'true');
      const img = document.querySelector('img.ImageBox[data-fixture-id]');
      img.setAttribute('src', '/assets/img/checkbox_partial.png');
      const list = document.querySelector('[role="listbox"].List[data-fixture-id]');
      const wasBox = box.getAttribute('aria-checked');
      const wasList = list.querySelector('[aria-selected="true"]').textContent;
      const done = await globalThis.AsgApply.apply([
        { el: box, want: wasBox === 'true' ? 'off' : 'on', name: 'refused box' },
        { el: img, want: 'off', name: 'unknown picture' },
        { el: list, want: 'Not an option', name: 'missing option' },
        { el: null, want: 'on', name: 'no element' },
      ]);
      return {
        ...done,
        box: box.getAttribute('aria-checked') === wasBox,
        img: img.getAttribute('src'),
        list: list.querySelector('[aria-selected="true"]').textContent === wasList,
      };
    });
    assert.deepEqual(result.ignored, ['refused box', 'unknown picture', 'missing option', 'no element']);
    assert.deepEqual(result.undo, []);
    assert.equal(result.box, true);
    assert.equal(result.img, '/assets/img/checkbox_partial.png');
    assert.equal(result.list, true);
  }));

test('apply.js: Autotask radio items choose Integration Vendor and its picker; Undo chooses Custom again', () =>
  browser.withPage(async (page) => {
    await page.goto('https://intranet.example.com/widgets/current-ui-api-user-radio-items.html');
    await page.addScriptTag({ path: APPLY_JS });
    const before = await page.evaluate(readControls);
    const done = await page.evaluate(async () => {
      const [radio, picker] = ['vendor-radio', 'vendor'].map((id) => document.querySelector(`[data-fixture-id="${id}"]`));
      const result = await globalThis.AsgApply.apply([{ el: radio, want: 'on', name: 'radio' }, { el: picker, want: 'Rhipe - Cloud Services', name: 'vendor' }]);
      window.__undo = result.undo;
      return result.ignored;
    });
    assert.deepEqual(done, []);
    const applied = await page.evaluate(readControls);
    assert.match(applied['vendor-radio'], /\bChecked\b/);
    assert.match(applied['custom-radio'], /\bUnchecked\b/);
    assert.equal(applied.vendor, 'Rhipe - Cloud Services');
    assert.deepEqual(await page.evaluate(() => globalThis.AsgApply.revert(window.__undo)), []);
    assert.deepEqual(await page.evaluate(readControls), before);
  }));
