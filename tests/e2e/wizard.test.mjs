// End-to-end: the New Contract Wizard across its pages, in Chromium (its
// pairs are judged in contract.test.mjs and security-level.test.mjs). Each
// page is a page load, as Autotask's may be: what page 1 showed is kept by
// the worker for the tab (storage.session) and judged on page 2; Finish is
// guarded as a save, Next never; Finish and Cancel drop what was kept, and
// Finish writes the contract's verdict into the setup journey.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser } from './browser.mjs';
import { HOST_KEY } from './scenarios.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const GENERAL = '/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard.html';
const NAME = 'Acme Cloud (PRISM)';
const browser = useBrowser();

const worker = () => browser.context.serviceWorkers()[0];
const remember = (settings) => worker().evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [HOST_KEY, settings]);
const remembered = () => worker().evaluate((key) => chrome.storage.local.get(key).then((all) => all[key] || {}), HOST_KEY);
// What the worker keeps of wizards, by tab.
const kept = () => worker().evaluate(() => chrome.storage.session.get(null)
  .then((all) => Object.entries(all).filter(([k]) => k.startsWith('wizard:')).map(([, v]) => v)));
const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 10_000 });
const saves = (page) => page.evaluate(() => window.__saves.slice());
const until = async (what, check) => {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`timed out: ${what}`);
};

// A real mouse click on the wizard's toolbar button (the guard stops
// Playwright's own click at its pointerdown).
async function press(page, text) {
  const box = await page.locator(`.Button2:has(.Text2:text-is("${text}"))`).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

// Page 1 with nothing remembered: the offer, accepted; then `edit` on page 1, then Next.
async function toBilling(edit) {
  await remember({});
  const page = await browser.context.newPage();
  await page.goto(AUTOTASK + GENERAL);
  await page.getByTestId('asg-offer-accept').click();
  await summaryIs(page, '4/4');
  if (edit) await edit(page);
  await press(page, 'Next');
  await page.waitForURL(/Billing\.html$/);
  return page;
}

const startOnThe15th = async (page) => {
  const start = page.locator('[data-fixture-id="start"]');
  await start.fill((await start.inputValue()).replace(/^(\d\d)\/01\//, '$1/15/'));
  // Not a 1st (fail), later than the first usage (warn): 2 of 3 counted.
  await summaryIs(page, '2/3');
};

describe('New Contract Wizard', { concurrency: 1 }, () => {
  test('wizard: Next is never blocked; a later page judges what an earlier one showed; Finish is blocked with the dialog and Save anyway goes through', async () => {
    const page = await toBilling(startOnThe15th);
    try {
      // Billing: the period here, the rest kept from page 1 (unmarked, in the checklist).
      await summaryIs(page, '3/4');
      assert.equal(await page.locator('[data-fixture-id="period"]').getAttribute('data-asg'), 'pass');
      await page.getByTestId('asg-finding').filter({ hasText: 'Read on an earlier page of the wizard' }).first().waitFor();
      assert.equal((await kept()).length, 1);
      const modal = page.getByTestId('asg-modal');
      await press(page, 'Finish');
      await modal.waitFor();
      assert.match(await modal.textContent(), /Start Date/);
      assert.deepEqual(await saves(page), [], 'the dialog holds Finish');
      await page.getByTestId('asg-modal-save-anyway').click();
      await page.waitForFunction(() => window.__saves.length > 0);
      await sleep(300);
      assert.deepEqual(await saves(page), ['Finish'], 'Save anyway finishes exactly once');
      await until('what was kept goes at Finish', async () => (await kept()).length === 0);
      const journal = (await remembered()).journal || {};
      const contract = Object.values(journal)[0]?.contract;
      assert.ok(contract && contract.passes === false && contract.name === NAME, JSON.stringify(journal));
    } finally {
      await page.close();
    }
  });

  test('wizard: a passing wizard finishes without the dialog and is recorded in the setup journey', async () => {
    const page = await toBilling();
    try {
      await summaryIs(page, '5/5');
      await press(page, 'Finish');
      await page.waitForFunction(() => window.__saves.length > 0);
      await sleep(300);
      assert.equal(await page.getByTestId('asg-modal').count(), 0);
      assert.deepEqual(await saves(page), ['Finish']);
      await until('what was kept goes at Finish', async () => (await kept()).length === 0);
      const host = await remembered();
      const contract = Object.values(host.journal || {})[0]?.contract;
      assert.ok(contract && contract.passes === true && contract.name === NAME, JSON.stringify(host.journal));
      assert.ok((host.contractNames || []).includes(NAME), 'the contract is remembered by its name');
    } finally {
      await page.close();
    }
  });

  test('wizard: Previous is never blocked, and Cancel drops what was kept', async () => {
    const page = await toBilling(startOnThe15th);
    try {
      await summaryIs(page, '3/4');
      await press(page, 'Previous');
      await page.waitForURL(/NewContractWizard\.html$/);
      // Page 1 as the server shows it again (its start on a 1st), with the period kept from Billing.
      await summaryIs(page, '5/5');
      await press(page, 'Cancel');
      await until('what was kept goes at Cancel', async () => (await kept()).length === 0);
      // The Billing page now knows nothing of page 1: offered again, not judged.
      await page.goto(`${AUTOTASK}/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard/Billing.html`);
      await page.getByTestId('asg-offer').waitFor();
      assert.equal(await page.locator('html').getAttribute('data-asg-bound'), 'no');
    } finally {
      await page.close();
    }
  });
});
