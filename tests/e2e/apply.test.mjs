// "Apply profile" and "Undo" in the checklist: Apply sets every control the
// profile names through the page's own events and never saves; Undo puts
// back exactly what Apply changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';

const browser = useBrowser();

// Every judged control's state, by fixture id, as the page's own DOM has it:
// native inputs, Autotask's widgets, ARIA widgets and image checkboxes.
function readControls() {
  const out = {};
  const text = (n) => (n ? n.textContent.trim() : null);
  for (const el of document.querySelectorAll('[data-fixture-id]')) {
    const box = el.closest('.Checkbox2');
    const picker = el.closest('.SingleItemSelector2, .SingleDataSelector2');
    const role = el.getAttribute('role');
    out[el.dataset.fixtureId] = el.type === 'checkbox' || el.type === 'radio' ? el.checked
      : el.tagName === 'SELECT' ? el.options[el.selectedIndex].textContent.trim()
      : el.tagName === 'IMG' ? el.getAttribute('src')
      : el.matches('.RadioButtonItem') ? el.className
      : box ? el.classList.contains('Checked') || box.classList.contains('Checked')
      : picker ? text(picker.querySelector('.Text'))
      : role === 'listbox' ? text(el.querySelector('[aria-selected="true"]'))
      : role === 'combobox' ? (el.tagName === 'INPUT' ? el.value : text(el.querySelector('.Value')))
      : el.hasAttribute('aria-checked') ? el.getAttribute('aria-checked') : null;
  }
  return out;
}

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

test('classic UI: Apply makes the level pass, Undo restores it exactly', () =>
  applyThenUndo('/security-level/classic-deviations.html'));

test('current UI: Apply clicks the widgets and pickers, Undo restores them exactly', () =>
  applyThenUndo('/security-level/current-ui.html'));

test('current UI in the shell: Apply and Undo inside the iframe', () =>
  applyThenUndo('/shell/current-ui-in-iframe.html', (page) => page.frames().find((f) => f !== page.mainFrame())));

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
