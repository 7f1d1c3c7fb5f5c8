// Several integrations on one Autotask (issue 22): a fresh copy of the
// API-only level is nobody's until the admin says which integration it is
// for. The panel asks, listing every built-in profile (the engine's
// `offer.choices`); the answer is remembered for that level on the host, and
// from then on the level is judged by the chosen profile, named in the
// panel's title, while another level on the same host keeps its own.
// tests/firefox/choose-profile.test.mjs is the Firefox counterpart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { HOST_KEY } from './scenarios.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const FRESH = 'Copy of API User (system) (API-only)';
const browser = useBrowser();
const worker = () => browser.context.serviceWorkers()[0];
const stored = () => worker().evaluate((key) => chrome.storage.local.get(key).then((all) => all[key] ?? null), HOST_KEY);
const forget = () => worker().evaluate((key) => chrome.storage.local.remove(key), HOST_KEY);

async function open(page, path) {
  await page.goto(`${AUTOTASK}${path}`);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-asg-page'), null, { timeout: 10_000 });
}

test('a fresh copy asks which integration it is for, and the choice is remembered for that level', () =>
  browser.withPage(async (page) => {
    await forget();
    await open(page, '/security-level/classic-fresh-copy.html');
    const offer = page.getByTestId('asg-offer');
    await offer.waitFor();
    assert.match(await offer.textContent(), /fresh copy.*Which integration is it for/s);
    // Asked, not judged: no marks, no checklist.
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-asg-bound')), 'no');
    assert.equal(await page.locator('[data-asg]').count(), 0);
    const choices = page.getByTestId('asg-choices').getByRole('button');
    const names = await choices.allTextContents();
    assert.ok(names.length >= 8, `every built-in profile is offered: ${names.join(' | ')}`);
    assert.ok(names[0].startsWith('rhipe PRISM Connect'), 'the active profile first');
    assert.ok(names.some((n) => n.startsWith('Guardz')), names.join(' | '));

    // By keyboard: the admin tabs to Guardz's choice and presses Enter.
    const guardz = page.getByTestId('asg-choice-guardz');
    await guardz.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('asg-panel');
    await panel.waitFor();
    assert.match(await panel.locator('h2').first().textContent(), /Guardz/);
    // Guardz's verdict on this page (tests/vendor_profiles.rs): 5 of 58.
    await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-summary') === '5/58');
    assert.deepEqual((await stored()).levelProfiles, { [FRESH]: 'guardz' });

    // Remembered: the same level opened again is judged by Guardz without asking.
    await open(page, '/security-level/classic-fresh-copy.html');
    await page.getByTestId('asg-panel').waitFor();
    assert.equal(await page.getByTestId('asg-offer').count(), 0);
    assert.match(await page.getByTestId('asg-panel').locator('h2').first().textContent(), /Guardz/);
    await forget();
  }));

test('two integrations\' levels on one host: each judged by its own profile, each named in the panel', () =>
  browser.withPage(async (page) => {
    await worker().evaluate(([key, name]) => chrome.storage.local.set({ [key]: { levelProfiles: { [name]: 'timezest' } } }), [HOST_KEY, FRESH]);
    await open(page, '/security-level/classic-fresh-copy.html');
    await page.getByTestId('asg-panel').waitFor();
    assert.match(await page.getByTestId('asg-panel').locator('h2').first().textContent(), /TimeZest/);
    // TimeZest's verdict on the fixture (tests/vendor_profiles.rs): 4 of 36.
    await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-summary') === '4/36');
    // rhipe's own level, on the same host, stays rhipe's.
    await open(page, '/security-level/classic-all-correct.html');
    await page.getByTestId('asg-panel').waitFor();
    assert.match(await page.getByTestId('asg-panel').locator('h2').first().textContent(), /rhipe PRISM Connect/);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-asg-summary') === '55/55');
    await forget();
  }));
