// End-to-end: the built extension on contract pages. Every pair under
// tests/fixtures/contract/ is judged with what its `remember` says the admin
// chose for the host (marked contracts, date format, invoice), one at a time
// because those choices are per host. Then the panel's own flows and the
// save guard, in Chromium. Dates in the pages are filled relative to today by
// the fixture server, so no result depends on the day the tests run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';
import { fixture } from './fixtures.mjs';
import { PAIRS, PAIR_LIST_CHECKS } from './scenarios.mjs';
import { assertNone, differences } from './outcome.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const HOST_KEY = 'host:ww5.autotask.net';
const browser = useBrowser();

const worker = () => browser.context.serviceWorkers()[0];
// What the extension remembers for the test host: replaced whole.
const remember = (settings) => worker().evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [HOST_KEY, settings]);
const remembered = () => worker().evaluate((key) => chrome.storage.local.get(key).then((all) => all[key] || {}), HOST_KEY);

async function open(name, settings) {
  const { url, spec } = fixture(name);
  await remember(settings ?? spec.remember ?? {});
  const page = await browser.context.newPage();
  await page.goto(AUTOTASK + url);
  return page;
}

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });
const saves = (page) => page.evaluate(() => window.__saves.slice());
const SAVE = 'button:text-is("Save")';
const SAVE_CLOSE = 'button:text-is("Save & Close")';

// A real mouse click at the control. (Playwright's own click() checks that
// its pointerdown reached the element, and the guard stops exactly that.)
async function mouseClick(page, selector) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

// The admin's local date in MM/dd/yyyy, `months` months from this month's 1st.
function firstOfMonth(months) {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() + months, 1);
  return `${String(d.getMonth() + 1).padStart(2, '0')}/01/${d.getFullYear()}`;
}

describe('contract fixture pairs', { concurrency: 1 }, () => {
  const check = 'there is a pair for every rule';
  test(check, PAIR_LIST_CHECKS[check]);
  for (const { name, spec, title } of PAIRS.filter((p) => p.chromium === 'contract')) {
    test(title, async () => {
      const page = await open(name);
      try {
        assertNone(await differences(page.mainFrame(), spec, name));
      } finally {
        await page.close();
      }
    });
  }
});

describe('contract panel and save guard', { concurrency: 1 }, () => {
  test('an unmarked contract gets the offer; marking it judges it, remembers its name, and it stays marked', async () => {
    const page = await open('contract/unmarked');
    try {
      await page.getByTestId('asg-offer-accept').click();
      await summaryIs(page, '5/5');
      assert.deepEqual((await remembered()).contractNames, ['Acme Cloud (PRISM)']);
      await page.reload();
      await summaryIs(page, '5/5');
      assert.equal(await page.locator('html').getAttribute('data-asg-bound'), 'yes');
    } finally {
      await page.close();
    }
  });

  test('a new contract with no name yet is judged once marked on its page', async () => {
    const page = await open('contract/new-all-correct', {});
    try {
      await page.fill('[data-fixture-id="start"]', '');
      await page.getByLabel('Contract Name').fill('');
      await sleep(1_500); // the re-check after an edit comes within a second
      await page.getByTestId('asg-offer-accept').click();
      // Empty Start Date: both start rules incomplete.
      await summaryIs(page, '3/5');
      assert.deepEqual((await remembered()).contractNames, []);
    } finally {
      await page.close();
    }
  });

  test('the invoice choice moves the latest start date that works, and is remembered', async () => {
    const page = await open('contract/start-this-month');
    try {
      await summaryIs(page, '4/4');
      const latest = page.getByTestId('asg-latest-start');
      assert.equal(await latest.getAttribute('data-date'), firstOfMonth(-1));
      assert.equal(await page.getByTestId('asg-invoice').inputValue(), 'most-recent');
      // By keyboard: the arrow key changes the choice, and the page re-checks.
      await page.getByTestId('asg-invoice').focus();
      await page.keyboard.press('ArrowDown');
      await summaryIs(page, '5/5');
      assert.equal(await page.getByTestId('asg-latest-start').getAttribute('data-date'), firstOfMonth(0));
      assert.equal(await page.locator('[data-fixture-id="start"]').getAttribute('data-asg'), 'pass');
      assert.equal((await remembered()).invoice, 'next');
      // The redrawn panel keeps the keyboard on the choice.
      assert.equal(await page.evaluate(() => document.querySelector('asg-overlay').shadowRoot.activeElement?.dataset.testid), 'asg-invoice');
    } finally {
      await page.close();
    }
  });

  test('an ambiguous date asks for the date format; the answer is remembered for the host', async () => {
    const page = await open('contract/ambiguous-date');
    try {
      await summaryIs(page, '2/5');
      await page.getByTestId('asg-date-question').waitFor();
      // The question is the panel's, asked once; the findings point to it.
      assert.equal(await page.getByTestId('asg-date-question').count(), 1);
      assert.equal(await page.getByTestId('asg-finding').filter({ hasText: 'Which date format' }).count(), 0, 'not repeated in the findings');
      assert.ok(await page.getByTestId('asg-finding').filter({ hasText: 'Choose your date format in the panel' }).count() >= 1);
      await page.getByTestId('asg-date-format').selectOption('dd/MM/yyyy');
      await summaryIs(page, '4/5');
      assert.equal((await remembered()).dateFormat, 'dd/MM/yyyy');
      await page.getByTestId('asg-date-format').selectOption('MM/dd/yyyy');
      await summaryIs(page, '5/5');
      assert.equal(await page.getByTestId('asg-date-question').count(), 0);
    } finally {
      await page.close();
    }
  });

  test('a date format shown by the page is used and not asked', async () => {
    const page = await open('contract/format-dd-mm-yyyy');
    try {
      await summaryIs(page, '5/5');
      assert.match(await page.getByTestId('asg-date-format-page').textContent(), /dd\/MM\/yyyy/);
      assert.equal(await page.getByTestId('asg-date-format').count(), 0);
    } finally {
      await page.close();
    }
  });

  test('save guard: a wrong type is stopped; Cancel saves nothing; Save anyway saves once; Fix for me then Save saves', async () => {
    const page = await open('contract/new-wrong-type');
    try {
      await summaryIs(page, '4/5');
      const modal = page.getByTestId('asg-modal');
      await mouseClick(page, SAVE);
      await modal.waitFor();
      assert.match(await modal.getByTestId('asg-modal-finding').first().textContent(), /Set "Contract Type" to Recurring Service/);
      await page.getByTestId('asg-modal-cancel').click();
      await modal.waitFor({ state: 'detached' });
      await sleep(300);
      assert.deepEqual(await saves(page), [], 'Cancel saves nothing');

      await mouseClick(page, SAVE);
      await modal.waitFor();
      await page.getByTestId('asg-modal-save-anyway').click();
      await page.waitForFunction(() => window.__saves.length > 0);
      await sleep(300);
      assert.deepEqual(await saves(page), ['Save'], 'Save anyway saves exactly once');

      await mouseClick(page, SAVE);
      await modal.waitFor();
      await page.getByTestId('asg-modal-fix').click();
      await summaryIs(page, '5/5');
      assert.equal(await page.locator('[data-fixture-id="type"] option:checked').textContent(), 'Recurring Service');
      await mouseClick(page, SAVE);
      await page.waitForFunction(() => window.__saves.length > 1);
      await sleep(300);
      assert.equal(await modal.count(), 0, 'a passing contract saves without the dialog');
      assert.deepEqual(await saves(page), ['Save', 'Save']);
    } finally {
      await page.close();
    }
  });

  test('save guard: an existing contract of another type says to create a new one, with nothing to apply', async () => {
    const page = await open('contract/existing-wrong-type');
    try {
      await summaryIs(page, '4/5');
      assert.equal(await page.getByTestId('asg-apply').count(), 0, 'no Apply: the type cannot change');
      await mouseClick(page, SAVE_CLOSE);
      const modal = page.getByTestId('asg-modal');
      await modal.waitFor();
      assert.match(await modal.textContent(), /create a new Recurring Service contract/);
      await page.getByTestId('asg-modal-cancel').click();
      await sleep(300);
      assert.deepEqual(await saves(page), []);
    } finally {
      await page.close();
    }
  });

  test('save guard: warnings alone never block (End Date in 30 days)', async () => {
    const page = await open('contract/end-soon');
    try {
      await summaryIs(page, '4/4');
      await mouseClick(page, SAVE);
      await page.waitForFunction(() => window.__saves.length > 0);
      assert.equal(await page.getByTestId('asg-modal').count(), 0);
      assert.deepEqual(await saves(page), ['Save']);
    } finally {
      await page.close();
    }
  });

  test('save guard: an unmarked contract is never guarded', async () => {
    const page = await open('contract/unmarked');
    try {
      await page.getByTestId('asg-offer').waitFor();
      await page.selectOption('[data-fixture-id="type"]', 'Fixed Price');
      await sleep(500);
      await mouseClick(page, SAVE);
      await page.waitForFunction(() => window.__saves.length > 0);
      assert.equal(await page.getByTestId('asg-modal').count(), 0);
    } finally {
      await page.close();
    }
  });
});
