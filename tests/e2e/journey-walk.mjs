// The whole setup on the demo host, walked as an admin walks it: the
// Security Levels list, the level (first with findings, then set right), the
// contract (marked in the panel), the API user (its level confirmed in the
// panel), and the live check against the API stand-in opened from the
// popup's host. After each step, what the popup's Setup section shows.
// The contract is made through the New Contract Wizard's two pages.
// Shared by tests/e2e/journey.test.mjs (which asserts each state) and
// scripts/run.mjs (which prints the final state: the README's run command).

export const DEMO_HOST = 'ww5.autotask.net';
export const AUTOTASK = `https://${DEMO_HOST}`;

const attr = (page, name, value, timeout = 15_000) => page.waitForFunction(
  ([n, v]) => document.documentElement.getAttribute(n) === v, [name, value], { timeout });

// A real mouse click on a wizard's toolbar button (the save guard stops
// Playwright's own click at its pointerdown, as it would a person's).
async function pressToolbar(page, text) {
  const box = await page.locator(`.Button2:has(.Text2:text-is("${text}"))`).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

// The worker has written this step's verdict into the demo host's journal.
async function journaled(context, step) {
  const worker = context.serviceWorkers()[0];
  for (let i = 0; i < 50; i++) {
    const found = await worker.evaluate(([key, s]) => chrome.storage.local.get(key)
      .then((all) => Object.values((all[key] || {}).journal || {}).some((j) => j && j[s])), [`host:${DEMO_HOST}`, step]);
    if (found) return;
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  throw new Error(`the journal has no ${step} verdict`);
}

/** What the popup's Setup section shows for the tab `autotask`: per step id, its state and words. */
export async function popupSetup(popup, autotask) {
  // The popup reads the active tab: the Autotask page, brought to the front.
  await autotask.bringToFront();
  await popup.reload();
  await popup.getByTestId('setup-steps').waitFor({ timeout: 10_000 });
  return popup.evaluate(() => ({
    title: document.querySelector('[data-testid="setup-title"]').textContent,
    progress: document.querySelector('[data-testid="setup-progress"]').textContent,
    steps: Object.fromEntries([...document.querySelectorAll('li[data-testid^="setup-step-"]')].map((li) => [
      li.dataset.testid.slice('setup-step-'.length),
      {
        state: li.dataset.state,
        current: li.getAttribute('aria-current') === 'step',
        text: li.querySelector('[data-testid="setup-step-state"]').textContent,
        todo: (li.querySelector('.step-todo') || { textContent: '' }).textContent,
        link: (li.querySelector('[data-testid="setup-step-link"]') || { href: null }).href,
      },
    ])),
  }));
}

/**
 * Walks the journey; `live` is `{username, secret, code}` of a stand-in user.
 * Returns `{seen: [[what, popupSetup]], markdown, json}`: the popup after
 * each step, and the setup report as the popup's buttons copy it.
 */
export async function walkJourney(context, extensionId, live) {
  const autotask = await context.newPage();
  let popup;
  const openPopup = async () => {
    popup = await context.newPage();
    // The popup's copies land here (the clipboard itself needs a person).
    await popup.addInitScript(() => {
      globalThis.asgCopied = [];
      navigator.clipboard.writeText = async (text) => { globalThis.asgCopied.push(text); };
    });
    await popup.goto(`chrome-extension://${extensionId}/popup/popup.html`);
  };
  await openPopup();
  const seen = [];
  try {
    const look = async (what) => { seen.push([what, await popupSetup(popup, autotask)]); };

    await autotask.goto(`${AUTOTASK}/lists/levels.html`);
    await attr(autotask, 'data-asg-page', 'security-level-list');
    await autotask.locator('[data-asg-point]').waitFor();
    await look('the Security Levels list');

    await autotask.goto(`${AUTOTASK}/security-level/classic-deviations.html`);
    await attr(autotask, 'data-asg-summary', '50/55');
    await look('the level, with findings');

    await autotask.goto(`${AUTOTASK}/security-level/classic-all-correct.html`);
    await attr(autotask, 'data-asg-summary', '55/55');
    await look('the level, set right');

    // The contract, made as Autotask makes one: through the New Contract
    // Wizard (the offer accepted on its first page, Next, Finish on the
    // last), recorded in the journey when Finish goes through.
    await autotask.goto(`${AUTOTASK}/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard.html`);
    await autotask.getByTestId('asg-offer-accept').click();
    await attr(autotask, 'data-asg-summary', '4/4');
    await pressToolbar(autotask, 'Next');
    await autotask.waitForURL(/Billing\.html$/);
    await attr(autotask, 'data-asg-summary', '5/5');
    await pressToolbar(autotask, 'Finish');
    await autotask.waitForFunction(() => (window.__saves || []).includes('Finish'));
    await journaled(context, 'contract');
    await look('the contract, marked and passing');

    await autotask.goto(`${AUTOTASK}/lists/resources.html`);
    await attr(autotask, 'data-asg-page', 'resource-list');
    await autotask.locator('[data-asg-point]').waitFor();

    await autotask.goto(`${AUTOTASK}/api-user/classic-new-correct.html`);
    await attr(autotask, 'data-asg-summary', '9/10');
    await autotask.getByTestId('asg-confirm-level-yes').click();
    await attr(autotask, 'data-asg-summary', '10/10');
    await look('the API user');

    // The live check, opened from the popup on the Autotask tab.
    await autotask.bringToFront();
    await popup.reload();
    await popup.getByTestId('setup-steps').waitFor();
    const [check] = await Promise.all([context.waitForEvent('page'), popup.getByTestId('popup-live-check').click()]);
    await check.waitForLoadState();
    const opened = check.url();
    await check.getByTestId('live-username').fill(live.username);
    await check.getByTestId('live-secret').fill(live.secret);
    await check.getByTestId('live-code').fill(live.code);
    await check.getByTestId('live-run').click();
    await check.getByTestId('live-status').and(check.locator('[data-state]')).waitFor({ timeout: 30_000 });
    const liveSummary = await check.getByTestId('live-report').getAttribute('data-asg-summary');
    await check.close();
    // The popup closes itself once it has opened the check: open it again.
    if (popup.isClosed()) await openPopup();
    await look('the live check');

    await popup.getByTestId('setup-copy-md').click();
    await popup.getByTestId('setup-copy-json').click();
    await popup.getByTestId('setup-copied').filter({ hasText: /./ }).waitFor();
    const [markdown, json] = await popup.evaluate(() => globalThis.asgCopied);
    return { seen, markdown, json, opened, liveSummary };
  } finally {
    if (popup && !popup.isClosed()) await popup.close();
    await autotask.close();
  }
}

/** The final state, as the run command prints it: one line per step. */
export function stateLines(setup) {
  return [`${setup.title}: ${setup.progress}`,
    ...Object.entries(setup.steps).map(([id, s], n) => `  ${n + 1}. ${id}: ${s.text}`)];
}
