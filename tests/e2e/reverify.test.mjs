// Re-verify after a change (docs/messages.md, src/incremental.rs): a box
// ticked or an option chosen sends only the states that changed
// (recheck-page), and the verdict is the one the whole page gives; a change
// of the page's structure sends the whole page (check-page); a worker
// started again keeps no snapshot, so the page is asked for the whole one and
// the verdict is still right. Messages are counted from outside the product:
// a listener this test adds to the worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const PAGE = `${AUTOTASK}/security-level/classic-all-correct.html`;
const browser = useBrowser();

const worker = async () => browser.context.serviceWorkers()[0] ?? browser.context.waitForEvent('serviceworker');

// The checks the worker receives from now on: their type and what they carry.
async function record() {
  await (await worker()).evaluate(() => {
    globalThis.__asgChecks = [];
    if (globalThis.__asgRecording) return;
    globalThis.__asgRecording = true;
    chrome.runtime.onMessage.addListener((msg) => {
      if (msg && (msg.type === 'check-page' || msg.type === 'recheck-page')) {
        globalThis.__asgChecks.push({
          type: msg.type,
          changes: typeof msg.changes === 'string' ? JSON.parse(msg.changes).controls : null,
          controls: typeof msg.snapshot === 'string' ? JSON.parse(msg.snapshot).controls.length : null,
        });
      }
    });
  });
}
const checks = async () => (await worker()).evaluate(() => globalThis.__asgChecks);

const summaryIs = (page, value) => page.waitForFunction(
  (v) => document.documentElement.getAttribute('data-asg-summary') === v, value, { timeout: 15_000 });
const markOf = (page, id) => page.getAttribute(`[data-fixture-id="${id}"]`, 'data-asg');

test('a toggle sends only the changed state and gets the verdict of the whole page; a new text sends the whole page; a restarted worker asks for the whole page', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(PAGE);
    await summaryIs(page, '55/55');
    await record();

    // A judged box switched off: one change, the verdict of the whole page.
    await page.click('[data-fixture-id="wsapi-login"]');
    await summaryIs(page, '54/55');
    assert.equal(await markOf(page, 'wsapi-login'), 'fail');
    let seen = await checks();
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].type, 'recheck-page');
    assert.equal(seen[0].changes.length, 1, JSON.stringify(seen[0].changes));
    assert.equal(seen[0].changes[0].checked, false);

    // An option chosen, then the box back on: the page passes again.
    await page.selectOption('[data-fixture-id="contracts-view"]', { label: 'None' });
    await summaryIs(page, '53/55');
    await page.click('[data-fixture-id="wsapi-login"]');
    await page.selectOption('[data-fixture-id="contracts-view"]', { label: 'All' });
    await summaryIs(page, '55/55');
    seen = await checks();
    assert.ok(seen.every((c) => c.type === 'recheck-page'), JSON.stringify(seen));
    assert.ok(seen.some((c) => c.changes.some((ch) => ch.value === 'None')), 'the option chosen is a change of value');

    // A new text on the page is a change of its structure: the whole page.
    await record();
    await page.evaluate(() => document.querySelector('form').append(Object.assign(document.createElement('p'), { textContent: 'Edited by the admin.' })));
    await page.click('[data-fixture-id="wsapi-login"]');
    await summaryIs(page, '54/55');
    seen = await checks();
    assert.ok(seen.some((c) => c.type === 'check-page' && c.controls > 50), `the whole page after the new text: ${JSON.stringify(seen)}`);

    // The worker stopped (as the browser stops an idle one): the next toggle's
    // changes have nothing to apply to, so the whole page follows.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const old = await worker();
    const gone = new Promise((resolve) => old.once('close', resolve));
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([gone, page.waitForTimeout(5_000)]);
    await cdp.detach();
    // Woken by the extension's own page, so that the recording starts before the page's next check.
    const id = new URL(old.url()).host;
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${id}/popup/popup.html`);
    await record();
    await popup.close();
    await page.click('[data-fixture-id="wsapi-login"]');
    await summaryIs(page, '55/55');
    assert.equal(await markOf(page, 'wsapi-login'), 'pass');
    seen = await checks();
    assert.deepEqual(seen.map((c) => c.type), ['recheck-page', 'check-page'], JSON.stringify(seen));
  } finally {
    await page.close();
  }
});
