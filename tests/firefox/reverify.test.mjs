// tests/e2e/reverify.test.mjs in Firefox: a toggle sends only the changed
// state (recheck-page) and gets the verdict of the whole page; a new text
// sends the whole page; the event page unloaded (as Firefox unloads an idle
// one) keeps no snapshot, so the page is asked for the whole one. Messages
// are counted by a listener this test adds to the event page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inAddon, terminateBackground, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();

// The checks the event page receives from now on: their type and what they carry.
const record = () => inAddon(firefox.driver, `const bg = await browser.runtime.getBackgroundPage();
  bg.__asgChecks = [];
  if (!bg.__asgRecording) {
    bg.__asgRecording = true;
    bg.browser.runtime.onMessage.addListener((msg) => {
      if (msg && (msg.type === 'check-page' || msg.type === 'recheck-page')) {
        bg.__asgChecks.push({
          type: msg.type,
          changes: typeof msg.changes === 'string' ? JSON.parse(msg.changes).controls : null,
          controls: typeof msg.snapshot === 'string' ? JSON.parse(msg.snapshot).controls.length : null,
        });
      }
    });
  }`);
const checks = () => inAddon(firefox.driver, `const bg = await browser.runtime.getBackgroundPage();
  return JSON.parse(JSON.stringify(bg.__asgChecks));`);

const summaryIs = (value) => waitFor(async () => (await firefox.driver.executeScript(
  'return document.documentElement.getAttribute("data-asg-summary")')) === value, `data-asg-summary=${value}`, 15_000);
const el = (id) => firefox.driver.findElement({ css: `[data-fixture-id="${id}"]` });
const markOf = async (id) => (await el(id)).getAttribute('data-asg');
const choose = (id, label) => firefox.driver.executeScript(`const s = document.querySelector('[data-fixture-id="' + arguments[0] + '"]');
  s.value = [...s.options].find((o) => o.text === arguments[1]).value;
  s.dispatchEvent(new Event('change', { bubbles: true }));`, id, label);

test('Firefox: a toggle sends only the changed state and gets the verdict of the whole page; a new text sends the whole page; a restarted worker asks for the whole page', async () => {
  const { driver } = firefox;
  await driver.get(firefox.url('/security-level/classic-all-correct.html'));
  await summaryIs('55/55');
  await record();

  // A judged box switched off: one change, the verdict of the whole page.
  await (await el('wsapi-login')).click();
  await summaryIs('54/55');
  assert.equal(await markOf('wsapi-login'), 'fail');
  let seen = await checks();
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.equal(seen[0].type, 'recheck-page');
  assert.deepEqual(seen[0].changes.map((c) => c.checked), [false]);

  // An option chosen, then the box back on: the page passes again.
  await choose('contracts-view', 'None');
  await summaryIs('53/55');
  await (await el('wsapi-login')).click();
  await choose('contracts-view', 'All');
  await summaryIs('55/55');
  seen = await checks();
  assert.ok(seen.every((c) => c.type === 'recheck-page'), JSON.stringify(seen));
  assert.ok(seen.some((c) => c.changes.some((ch) => ch.value === 'None')), 'the option chosen is a change of value');

  // A new text on the page is a change of its structure: the whole page.
  await record();
  await driver.executeScript("document.querySelector('form').append(Object.assign(document.createElement('p'), { textContent: 'Edited by the admin.' }))");
  await (await el('wsapi-login')).click();
  await summaryIs('54/55');
  seen = await checks();
  assert.ok(seen.some((c) => c.type === 'check-page' && c.controls > 50), `the whole page after the new text: ${JSON.stringify(seen)}`);

  // The event page unloaded: the next toggle's changes have nothing to
  // apply to, so the whole page follows. Recording starts it again first.
  assert.equal(await terminateBackground(driver), 'stopped', 'the event page is unloaded');
  await record();
  await (await el('wsapi-login')).click();
  await summaryIs('55/55');
  assert.equal(await markOf('wsapi-login'), 'pass');
  seen = await checks();
  assert.deepEqual(seen.map((c) => c.type), ['recheck-page', 'check-page'], JSON.stringify(seen));
});
