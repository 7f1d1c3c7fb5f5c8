// Frames: the current UI's shell holds several iframes, and a classic page in
// its working iframe can itself be a frameset three levels deep. The verdict
// belongs to the frame that holds the form, whatever its depth: that frame is
// judged and marked exactly like the page on its own, every other frame is
// left unjudged and unmarked, and the toolbar shows the form frame's verdict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { fixture } from './fixtures.mjs';
import { assertNone, differences, readAsgAttributes } from './outcome.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const browser = useBrowser();
const FORM = 'security-level/classic-deviations';
// The shell's address as the current UI writes it: view-data is base64 JSON
// naming the inner page (a hint the extension does not need).
const viewData = Buffer.from(JSON.stringify({ url: `${AUTOTASK}/shell/nested/classic-frameset.html` })).toString('base64');
const SHELL = `/shell/nested-frames.html?view=security-level&view-data=${encodeURIComponent(viewData)}`;

const depth = (frame) => { let n = 0; for (let f = frame.parentFrame(); f; f = f.parentFrame()) n++; return n; };

async function badgeOf(page) {
  const worker = browser.context.serviceWorkers()[0];
  return worker.evaluate(async (u) => {
    const [tab] = (await chrome.tabs.query({})).filter((t) => t.url === u);
    return { text: await chrome.action.getBadgeText({ tabId: tab.id }), title: await chrome.action.getTitle({ tabId: tab.id }) };
  }, page.url());
}

// The worker answers the page before it updates the toolbar: wait for it.
async function expectBadge(page, want) {
  let have;
  for (let tries = 0; tries < 50; tries++) {
    have = await badgeOf(page);
    if (have.text === want.text && have.title === want.title) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(have, want);
}

test('a form four frames down (shell > iframe > frameset > frameset > frameset > frame) is judged there, and only there', () =>
  browser.withPage(async (page) => {
    const { spec } = fixture(FORM);
    await page.goto(AUTOTASK + SHELL);
    const form = await (async () => {
      for (let tries = 0; tries < 100; tries++) {
        const found = page.frames().find((f) => f.url().endsWith(`/${FORM}.html`));
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the form frame never loaded');
    })();
    assert.equal(depth(form), 4, 'the form is in the innermost frame');
    assert.ok(page.frames().length >= 11, `every frame loaded (${page.frames().length})`);
    assertNone(await differences(form, spec, `${FORM} (innermost frame)`));
    for (const frame of page.frames().filter((f) => f !== form)) {
      const found = await frame.evaluate(readAsgAttributes);
      const allowed = ['<html> data-asg-page="unrecognized"'];
      assert.deepEqual(found.filter((a) => !allowed.includes(a)), [], `${frame.url()}: judged or marked`);
    }
    const [passed, total] = spec.summary.split('/').map(Number);
    await expectBadge(page, { text: String(total - passed), title: `${total - passed} ${total - passed === 1 ? "setting" : "settings"} to change on this page` });

    // The toolbar follows the form's frame: Apply there, and the tab passes.
    await form.getByTestId('asg-apply').click();
    await form.waitForFunction((t) => document.documentElement.dataset.asgSummary === `${t}/${t}`, total, { timeout: 10_000 });
    await expectBadge(page, { text: '✓', title: 'This page is set up as the integration needs' });
  }));
