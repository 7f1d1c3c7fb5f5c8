// The panel never lies over a control the setup guide tells the admin to
// press: at 1280×720 and 1920×1080, on each kind of judged page and on the
// offer, every "No Permission" / "Full Permission" link and every Save the
// page has is what `elementFromPoint` finds at its centre, with the page at
// its first scroll position and with each control scrolled to the middle of
// the window. Then the dock's own states: minimised once the page passes
// (its one line the next step), hidden per page, shown again by "Show
// panel" (the popup's button and the keyboard shortcut both send it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { fixture } from './fixtures.mjs';
import {
  BADGE_PAGES, HOST_KEY, LAYOUT_PAGES as PAGES, LAYOUT_SIZES as SIZES, NEXT_STEP, badgeBoxes, coveredControls as covered,
  expectUncovered, overlapping, profileWithLinks,
} from './scenarios.mjs';

const AUTOTASK = 'https://ww5.autotask.net';
const browser = useBrowser();
const worker = () => browser.context.serviceWorkers()[0];

async function open(page, { name, remember }) {
  await worker().evaluate(([key, value]) => chrome.storage.local.set({ [key]: value, hiddenPages: [] }), [HOST_KEY, remember]);
  await page.goto(AUTOTASK + fixture(name).url);
  // The form may be in a frame of a shell page: the frame the extension judges.
  for (let tries = 0; tries < 100; tries++) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(() => ['yes', 'no'].includes(document.documentElement.getAttribute('data-asg-bound'))).catch(() => false)) {
        return frame;
      }
    }
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  throw new Error(`${name}: never judged`);
}

describe('the dock covers no control the guide names', { concurrency: 1 }, () => {
  const totals = [];
  for (const size of SIZES) {
    for (const spec of PAGES) {
      test(`${size.width}×${size.height} ${spec.name}`, () => browser.withPage(async (page) => {
        await page.setViewportSize(size);
        const frame = await open(page, spec);
        await frame.getByTestId(spec.shows).waitFor();
        // The dock settles (a passing page minimises itself) before measuring.
        await new Promise((resolve) => { setTimeout(resolve, 300); });
        const first = await frame.evaluate(covered, false);
        const scrolled = await frame.evaluate(covered, true);
        expectUncovered(size, spec, first, scrolled, totals);
      }));
    }
  }
  test('counts', (t) => { for (const line of totals) t.diagnostic(line); });
});

describe('the dock', { concurrency: 1 }, () => {
  const dockOf = (frame) => frame.evaluate(() => document.documentElement.getAttribute('data-asg-dock'));

  test('a page that passes minimises the panel to one line: the next step', () => browser.withPage(async (page) => {
    const frame = await open(page, PAGES[1]);
    const panel = frame.getByTestId('asg-panel');
    await panel.and(frame.locator('[data-state="min"]')).waitFor();
    assert.equal(await dockOf(frame), 'min');
    assert.match(await frame.getByTestId('asg-next').textContent(), NEXT_STEP);
    assert.equal(await frame.getByTestId('asg-next').isVisible(), true);
    assert.equal(await frame.getByTestId('asg-section').first().isVisible(), false);
    // Opened by the admin, it stays open on this page.
    await frame.getByTestId('asg-minimize').click();
    assert.equal(await dockOf(frame), 'open');
    assert.equal(await frame.getByTestId('asg-section').first().isVisible(), true);
  }));

  test('a failing page opens the panel, and the page gives up the column it takes', () => browser.withPage(async (page) => {
    await page.setViewportSize(SIZES[0]);
    const frame = await open(page, PAGES[0]);
    await frame.getByTestId('asg-panel').and(frame.locator('[data-state="open"]')).waitFor();
    const [panelLeft, pageRight] = await frame.evaluate(() => [
      document.querySelector('asg-overlay').shadowRoot.querySelector('[data-testid="asg-panel"]').getBoundingClientRect().left,
      document.body.getBoundingClientRect().right]);
    assert.ok(pageRight <= panelLeft + 0.5, `the page ends (${pageRight}) where the panel begins (${panelLeft})`);
  }));

  test('hidden on a page it stays hidden there (marks stay); Show panel brings it back and focuses it', () => browser.withPage(async (page) => {
    const frame = await open(page, PAGES[0]);
    await frame.getByTestId('asg-hide').click();
    await frame.getByTestId('asg-panel').waitFor({ state: 'detached' });
    assert.equal(await dockOf(frame), null);
    assert.ok(await frame.locator('[data-asg="fail"]').count() > 0, 'the marks stay');
    await page.reload();
    await frame.page().waitForFunction(() => document.documentElement.getAttribute('data-asg-summary') === '50/55');
    await new Promise((resolve) => { setTimeout(resolve, 300); });
    assert.equal(await page.getByTestId('asg-panel').count(), 0, 'still hidden after a reload');
    // The popup's "Show panel" and the shortcut both ask the worker's tab message.
    await worker().evaluate(async (url) => {
      const [tab] = (await chrome.tabs.query({})).filter((t) => t.url === url);
      await globalThis.asgShowPanelIn(tab.id);
    }, page.url());
    await page.getByTestId('asg-panel').and(page.locator('[data-state="open"]')).waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('asg-overlay').shadowRoot.activeElement?.dataset.testid), 'asg-panel');
    assert.equal(await page.evaluate(() => document.activeElement.localName), 'asg-overlay');
    const stored = await worker().evaluate(() => chrome.storage.local.get('hiddenPages'));
    assert.deepEqual(stored.hiddenPages, [], 'shown again: no longer remembered as hidden');
  }));

  test('the offer stays docked and clickable, and can be hidden too', () => browser.withPage(async (page) => {
    await page.setViewportSize(SIZES[0]);
    const frame = await open(page, PAGES[2]);
    const accept = frame.getByTestId('asg-offer-accept');
    await accept.waitFor();
    assert.equal(await dockOf(frame), 'small');
    const box = await accept.boundingBox();
    const hit = await frame.evaluate(([x, y]) => {
      const host = document.elementFromPoint(x, y);
      return host && host.shadowRoot ? host.shadowRoot.elementFromPoint(x, y)?.dataset.testid : null;
    }, [box.x + box.width / 2, box.y + box.height / 2]);
    assert.equal(hit, 'asg-offer-accept');
    await frame.getByTestId('asg-hide').click();
    await frame.getByTestId('asg-offer').waitFor({ state: 'detached' });
    assert.equal(await dockOf(frame), null);
  }));

  test('the keyboard shortcut is declared, and the worker sends it to the page', async () => {
    const commands = await worker().evaluate(() => chrome.commands.getAll());
    const command = commands.find((c) => c.name === 'show-panel');
    assert.ok(command, `commands: ${JSON.stringify(commands)}`);
    assert.equal(command.description, 'Show and focus the checklist panel');
    assert.equal(command.shortcut, 'Alt+Shift+G');
    const listens = await worker().evaluate(() => chrome.commands.onCommand.hasListeners());
    assert.equal(listens, true, 'the worker listens for the shortcut');
  });
});

describe('Learn more', { concurrency: 1 }, () => {
  test('each finding links to its rule\'s source, when the profile gives the source a link', () => browser.withPage(async (page) => {
    const custom = profileWithLinks(readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8'));
    await worker().evaluate((values) => chrome.storage.local.set(values), custom);
    try {
      const frame = await open(page, PAGES[0]);
      await frame.getByTestId('asg-finding').first().waitFor();
      const links = await frame.getByTestId('asg-learn-more').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('aria-label')]));
      // A finding on a control the profile does not name (its baseline) cites no source.
      const findings = await frame.getByTestId('asg-finding').count();
      assert.ok(links.length >= 1 && links.length <= findings, `${links.length} links for ${findings} findings`);
      const beside = await frame.getByTestId('asg-learn-more').evaluateAll((as) => as.every((a) => a.previousElementSibling?.dataset.testid === 'asg-finding'));
      assert.ok(beside, 'each link sits beside its finding');
      for (const [href, label] of links) {
        assert.match(href, /^https:\/\/docs\.example\.org\/[a-z-]+$/);
        assert.match(label, /^Learn more: /);
      }
    } finally {
      await worker().evaluate(() => chrome.storage.local.remove(['customProfile', 'profile']));
    }
    // The built-in rhipe profile links only its sources that have an address (its guide): none is made up.
    const rhipe = JSON.parse(readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8'));
    const addresses = rhipe.sources.map((s) => s.url).filter(Boolean);
    await browser.withPage(async (again) => {
      const frame = await open(again, PAGES[0]);
      await frame.getByTestId('asg-finding').first().waitFor();
      const hrefs = await frame.getByTestId('asg-learn-more').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.every((h) => addresses.includes(h)), hrefs.join(' '));
    });
  }));
});

// A badge marks one control: two badges on top of each other (a contract's
// Start and End Date, close together) hide one of the two outcomes.
describe('outcome badges', { concurrency: 1 }, () => {
  for (const spec of BADGE_PAGES) {
    test(`no two badges overlap: ${spec.name}`, () => browser.withPage(async (page) => {
      await page.setViewportSize(SIZES[0]);
      const frame = await open(page, spec);
      await frame.getByTestId('asg-panel').waitFor();
      await new Promise((resolve) => { setTimeout(resolve, 300); });
      const boxes = await frame.evaluate(badgeBoxes);
      assert.ok(boxes.length >= 2, `${spec.name}: at least two badges (${boxes.length})`);
      const overlaps = overlapping(boxes);
      assert.deepEqual(overlaps, [], `${spec.name}: badges drawn over each other`);
    }));
  }
});
