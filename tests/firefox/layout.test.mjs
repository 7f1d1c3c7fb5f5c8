// The dock in Firefox, as tests/e2e/layout.test.mjs in Chromium, from the
// same lists (tests/e2e/scenarios.mjs): at 1280×720 and 1920×1080, on each
// kind of judged page and on the offer, the overlay covers no control the
// setup guide names; the dock minimises on a passing page, gives up its
// column on a failing one, stays hidden per page until "Show panel"; the
// offer stays clickable; the shortcut is declared and listened for; "Learn
// more" links; no two badges overlap.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture } from '../e2e/fixtures.mjs';
import {
  BADGE_PAGES, HOST_KEY, LAYOUT_PAGES as PAGES, LAYOUT_SIZES as SIZES, NEXT_STEP, badgeBoxes, coveredControls,
  expectUncovered, overlapping, profileWithLinks,
} from '../e2e/scenarios.mjs';
import { enterFrame, framesBelow, inAddon, part, setViewport, useFirefox, waitFor } from './firefox.mjs';

const firefox = useFirefox();
const run = (fn, ...args) => firefox.driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
const dock = () => firefox.driver.executeScript('return document.documentElement.getAttribute("data-asg-dock")');
const visible = (el) => firefox.driver.executeScript('return arguments[0].checkVisibility()', el);
const inOverlay = (body, ...args) => firefox.driver.executeScript(`const root = document.querySelector('asg-overlay').shadowRoot; ${body}`, ...args);
const waitPart = (testid, what = testid) => waitFor(() => part(firefox.driver, testid), what);

// Stores what the admin remembered, opens the page, and enters the frame the add-on judges.
async function open({ name, remember }) {
  const { driver } = firefox;
  await inAddon(driver, 'const [k, v] = arguments; await browser.storage.local.set({ [k]: v, hiddenPages: [] });', HOST_KEY, remember);
  await driver.get(firefox.url(fixture(name).url));
  const bound = () => driver.executeScript('return ["yes", "no"].includes(document.documentElement.getAttribute("data-asg-bound"))');
  return waitFor(async () => {
    await driver.switchTo().defaultContent();
    if (await bound()) return { path: [] };
    for (const [path] of await framesBelow(driver)) {
      await enterFrame(driver, path);
      if (await bound()) return { path };
    }
    await driver.switchTo().defaultContent();
    return null;
  }, `${name} judged`);
}

describe('the dock covers no control the guide names', () => {
  const totals = [];
  for (const size of SIZES) {
    for (const spec of PAGES) {
      test(`Firefox: ${size.width}×${size.height} ${spec.name}`, async () => {
        await setViewport(firefox.driver, size);
        await open(spec);
        await waitPart(spec.shows);
        // The dock settles (a passing page minimises itself) before measuring.
        await sleep(300);
        const first = await run(coveredControls, false);
        const scrolled = await run(coveredControls, true);
        expectUncovered(size, spec, first, scrolled, totals);
      });
    }
  }
  test('Firefox: counts', (t) => {
    assert.equal(totals.length, SIZES.length * PAGES.length, 'every page was measured');
    for (const line of totals) t.diagnostic(line);
  });
});

describe('the dock', () => {
  test('Firefox: a page that passes minimises the panel to one line: the next step', async () => {
    await open(PAGES[1]);
    await waitFor(async () => (await (await waitPart('asg-panel')).getAttribute('data-state')) === 'min', 'the panel minimised');
    assert.equal(await dock(), 'min');
    const next = await part(firefox.driver, 'asg-next');
    assert.match(await next.getAttribute('textContent'), NEXT_STEP);
    assert.equal(await visible(next), true);
    assert.equal(await visible(await part(firefox.driver, 'asg-section')), false);
    // Opened by the admin, it stays open on this page.
    await (await part(firefox.driver, 'asg-minimize')).click();
    assert.equal(await dock(), 'open');
    assert.equal(await visible(await part(firefox.driver, 'asg-section')), true);
  });

  test('Firefox: a failing page opens the panel, and the page gives up the column it takes', async () => {
    await setViewport(firefox.driver, SIZES[0]);
    await open(PAGES[0]);
    await waitFor(async () => (await (await waitPart('asg-panel')).getAttribute('data-state')) === 'open', 'the panel open');
    const [panelLeft, pageRight] = await inOverlay(`return [root.querySelector('[data-testid="asg-panel"]').getBoundingClientRect().left,
      document.body.getBoundingClientRect().right];`);
    assert.ok(pageRight <= panelLeft + 0.5, `the page ends (${pageRight}) where the panel begins (${panelLeft})`);
  });

  test('Firefox: hidden on a page it stays hidden there (marks stay); Show panel brings it back and focuses it', async () => {
    const { driver } = firefox;
    await open(PAGES[0]);
    await (await waitPart('asg-hide')).click();
    await waitFor(async () => !(await part(driver, 'asg-panel')), 'the panel gone');
    assert.equal(await dock(), null);
    assert.ok((await driver.findElements({ css: '[data-asg="fail"]' })).length > 0, 'the marks stay');
    await driver.navigate().refresh();
    await waitFor(async () => (await driver.executeScript('return document.documentElement.getAttribute("data-asg-summary")')) === '50/55', 'judged again');
    await sleep(300);
    assert.equal(await part(driver, 'asg-panel'), null, 'still hidden after a reload');
    // The popup's "Show panel" and the shortcut both ask the event page's tab message.
    await inAddon(driver, `const [tab] = (await browser.tabs.query({})).filter((t) => t.url === arguments[0]);
      await (await browser.runtime.getBackgroundPage()).asgShowPanelIn(tab.id);`, await driver.getCurrentUrl());
    await waitFor(async () => (await (await waitPart('asg-panel')).getAttribute('data-state')) === 'open', 'the panel open');
    assert.equal(await inOverlay('return root.activeElement && root.activeElement.dataset.testid;'), 'asg-panel');
    assert.equal(await driver.executeScript('return document.activeElement.localName'), 'asg-overlay');
    const stored = await inAddon(driver, 'return browser.storage.local.get("hiddenPages");');
    assert.deepEqual(stored.hiddenPages, [], 'shown again: no longer remembered as hidden');
  });

  test('Firefox: the offer stays docked and clickable, and can be hidden too', async () => {
    await setViewport(firefox.driver, SIZES[0]);
    await open(PAGES[2]);
    const accept = await waitPart('asg-offer-accept');
    assert.equal(await dock(), 'small');
    const hit = await firefox.driver.executeScript(`const box = arguments[0].getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      const host = document.elementFromPoint(x, y);
      return host && host.shadowRoot ? host.shadowRoot.elementFromPoint(x, y)?.dataset.testid : null;`, accept);
    assert.equal(hit, 'asg-offer-accept');
    await (await part(firefox.driver, 'asg-hide')).click();
    await waitFor(async () => !(await part(firefox.driver, 'asg-offer')), 'the offer gone');
    assert.equal(await dock(), null);
  });

  // Firefox's events have no hasListeners(), and WebDriver's key actions go
  // to the page, never to the browser's shortcuts (tests/firefox/coverage.json):
  // the declaration is checked here; what its listener calls, asgShowPanelIn,
  // is the "Show panel" test above.
  test('Firefox: the keyboard shortcut is declared', async () => {
    const commands = await inAddon(firefox.driver, 'return browser.commands.getAll();');
    const command = commands.find((c) => c.name === 'show-panel');
    assert.ok(command, `commands: ${JSON.stringify(commands)}`);
    assert.equal(command.description, 'Show and focus the checklist panel');
    assert.equal(command.shortcut, 'Alt+Shift+G');
  });
});

describe('Learn more', () => {
  test('Firefox: each finding links to its rule\'s source, when the profile gives the source a link', async () => {
    const { driver } = firefox;
    const custom = profileWithLinks(readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8'));
    const links = () => inOverlay(`return [...root.querySelectorAll('[data-testid="asg-learn-more"]')].map((a) => [a.getAttribute('href'), a.getAttribute('aria-label'),
      a.previousElementSibling && a.previousElementSibling.dataset.testid]);`);
    await inAddon(driver, 'await browser.storage.local.set(arguments[0]);', custom);
    try {
      await open(PAGES[0]);
      await waitPart('asg-finding');
      const found = await links();
      // A finding on a control the profile does not name (its baseline) cites no source.
      const findings = await inOverlay('return root.querySelectorAll(\'[data-testid="asg-finding"]\').length;');
      assert.ok(found.length >= 1 && found.length <= findings, `${found.length} links for ${findings} findings`);
      for (const [href, label, beside] of found) {
        assert.match(href, /^https:\/\/docs\.example\.org\/[a-z-]+$/);
        assert.match(label, /^Learn more: /);
        assert.equal(beside, 'asg-finding', 'each link sits beside its finding');
      }
    } finally {
      await inAddon(driver, 'await browser.storage.local.remove(["customProfile", "profile"]);');
    }
    // The built-in rhipe profile links only its sources that have an address (its guide): none is made up.
    const rhipe = JSON.parse(readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8'));
    const addresses = rhipe.sources.map((s) => s.url).filter(Boolean);
    await open(PAGES[0]);
    await waitPart('asg-finding');
    const hrefs = (await links()).map(([href]) => href);
    assert.ok(hrefs.every((h) => addresses.includes(h)), hrefs.join(' '));
  });
});

describe('outcome badges', () => {
  for (const spec of BADGE_PAGES) {
    test(`Firefox: no two badges overlap: ${spec.name}`, async () => {
      await setViewport(firefox.driver, SIZES[0]);
      await open(spec);
      await waitPart('asg-panel');
      await sleep(300);
      const boxes = await run(badgeBoxes);
      assert.ok(boxes.length >= 2, `${spec.name}: at least two badges (${boxes.length})`);
      assert.deepEqual(overlapping(boxes), [], `${spec.name}: badges drawn over each other`);
    });
  }
});
