// What the admin sees besides the marks: the checklist panel, its findings
// and their links to the controls, the offer on an unbound level, and the
// toolbar state. All through the built extension in Chromium.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const browser = useBrowser();

// Console errors and warnings of every page opened here: the extension adds none.
const noise = [];

async function open(path) {
  const page = await browser.context.newPage();
  page.on('console', (msg) => { if (['error', 'warning'].includes(msg.type())) noise.push(`${path}: ${msg.text()}`); });
  page.on('pageerror', (err) => noise.push(`${path}: ${err.message}`));
  await page.goto(`${AUTOTASK}${path}`);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-asg-page'), null, { timeout: 10_000 });
  return page;
}

// The toolbar badge of the tab showing `page`, read in the extension's worker.
async function badgeOf(page) {
  const worker = browser.context.serviceWorkers()[0];
  const url = page.url();
  return worker.evaluate(async (u) => {
    const [tab] = (await chrome.tabs.query({})).filter((t) => t.url === u);
    return { text: await chrome.action.getBadgeText({ tabId: tab.id }), title: await chrome.action.getTitle({ tabId: tab.id }) };
  }, url);
}

// The worker answers the page before it updates the toolbar: wait (up to 3 s)
// for the badge to settle on what is expected, then compare.
async function expectBadge(page, want) {
  let have;
  for (let tries = 0; tries < 30; tries++) {
    have = await badgeOf(page);
    if (Object.keys(want).every((k) => have[k] === want[k])) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(Object.fromEntries(Object.keys(want).map((k) => [k, have[k]])), want);
}

test('the checklist shows per-section progress and one sentence per finding', async () => {
  const page = await open('/security-level/classic-deviations.html');
  const panel = page.getByTestId('asg-panel');
  await panel.waitFor();
  assert.equal(await panel.getByTestId('asg-summary').textContent(), '50/55');
  const sections = await panel.getByTestId('asg-section').allTextContents();
  assert.equal(sections.length, 11);
  assert.equal(sections[0], 'CONTRACTS6/7');
  assert.equal(sections[10], 'WEB SERVICES API0/2');
  const findings = await panel.getByTestId('asg-finding').all();
  assert.equal(findings.length, 5);
  const texts = await Promise.all(findings.map((f) => f.textContent()));
  assert.ok(texts.some((x) => x.includes('Set "Contract Visibility (for contracts you have access to)" to Full (now Limited)')
    && x.includes('refuses to query or update contracts')), texts.join('\n'));
  assert.ok(texts.some((x) => x.includes('Turn on "Can login to Web Services API')), texts.join('\n'));
  await expectBadge(page, { text: '5', title: '5 settings to change on this page' });
  await page.close();
});

test('a finding takes the keyboard to its control', async () => {
  const page = await open('/security-level/classic-deviations.html');
  const finding = page.getByTestId('asg-finding').filter({ hasText: 'Allow impersonation' });
  await finding.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.fixtureId === 'wsapi-impersonation');
  // The scroll is smooth: it must end with the control in view.
  await page.waitForFunction(() => {
    const box = document.activeElement.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }, null, { timeout: 3_000 });
  await page.close();
});

test('minimising the panel is remembered across pages', async () => {
  const page = await open('/security-level/classic-deviations.html');
  await page.getByTestId('asg-minimize').click();
  assert.equal(await page.getByTestId('asg-minimize').getAttribute('aria-expanded'), 'false');
  await page.reload();
  await page.getByTestId('asg-panel').waitFor();
  assert.equal(await page.getByTestId('asg-minimize').getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByTestId('asg-finding').first().isVisible(), false);
  await page.getByTestId('asg-minimize').click();
  assert.equal(await page.getByTestId('asg-finding').first().isVisible(), true);
  await page.close();
});

test('an unbound level gets only the offer; accepting it binds the level on this host', async () => {
  const page = await open('/security-level/classic-unbound.html');
  const html = page.locator('html');
  assert.equal(await html.getAttribute('data-asg-bound'), 'no');
  assert.equal(await page.locator('[data-asg]').count(), 0);
  const offer = page.getByTestId('asg-offer');
  assert.match(await offer.textContent(), /"Finance Team" is not checked against rhipe PRISM Connect/);
  await expectBadge(page, { text: '–' });
  await offer.getByTestId('asg-offer-accept').click();
  await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-bound') === 'yes');
  assert.ok(await page.locator('[data-asg]').count() > 0);
  await page.getByTestId('asg-panel').waitFor();
  await page.close();
});

test('a finding in a collapsed section opens the section with its own toggle', async () => {
  const page = await open('/security-level/classic-collapsed-sections.html');
  const control = page.locator('[data-fixture-id="contracts-view"]');
  assert.equal(await control.isVisible(), false, 'the section starts collapsed');
  await page.getByTestId('asg-finding').filter({ hasText: 'Set "Contracts (View)" to All' }).click();
  await page.waitForFunction(() => document.activeElement?.dataset.fixtureId === 'contracts-view');
  assert.equal(await control.isVisible(), true);
  await page.close();
});

test('the toolbar shows the judged iframe of the current UI shell, not the shell', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${AUTOTASK}/shell/security-level-in-iframe.html`);
  const form = page.frames().find((f) => f !== page.mainFrame());
  await form.waitForFunction(() => document.documentElement.hasAttribute('data-asg-summary'), null, { timeout: 10_000 });
  await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-page') === 'unrecognized');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await expectBadge(page, { text: '5', title: '5 settings to change on this page' });
  await page.close();
});

test('page text that reads like markup is shown as text, never run', async () => {
  const page = await open('/security-level/hostile-labels.html');
  const finding = page.getByTestId('asg-finding').filter({ hasText: 'Allow impersonation' });
  assert.match(await finding.textContent(), /Allow impersonation <img src=x onerror="window.__pwned=1"> of resources/);
  const overlayImages = await page.evaluate(() => document.querySelector('asg-overlay').shadowRoot.querySelectorAll('img, b').length);
  assert.equal(overlayImages, 0, 'no element from the page in the overlay');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

test('no console errors or warnings on any page opened above', () => {
  assert.deepEqual(noise, []);
});
