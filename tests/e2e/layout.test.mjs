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

const AUTOTASK = 'https://ww5.autotask.net';
const HOST_KEY = 'host:ww5.autotask.net';
const browser = useBrowser();
const worker = () => browser.context.serviceWorkers()[0];

const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];
// One page of each kind, with what the admin remembered for the host.
const PAGES = [
  { name: 'security-level/classic-deviations', remember: {}, shows: 'asg-panel' },
  { name: 'security-level/classic-all-correct', remember: {}, shows: 'asg-panel' },
  { name: 'security-level/classic-unbound', remember: {}, shows: 'asg-offer' },
  { name: 'security-level/current-ui', remember: {}, shows: 'asg-panel' },
  { name: 'api-user/classic-new-deviations', remember: { level: 'Rhipe Integration' }, shows: 'asg-panel' },
  { name: 'contract/new-wrong-type', remember: { contractNames: ['Acme Cloud (PRISM)'] }, shows: 'asg-panel' },
  { name: 'contract/unmarked', remember: {}, shows: 'asg-offer' },
];

// Runs in the page: each control the guide names, and whether the overlay
// covers its centre (null: not laid out, so nothing can cover it).
function covered(scroll) {
  const GUIDE = /^(no permission|full permission|save( & (close|new))?)$/i;
  const name = (el) => (el.tagName === 'INPUT' ? el.value : el.textContent).replace(/\s+/g, ' ').trim();
  const controls = [...document.querySelectorAll('a, button, input[type="submit"], input[type="button"], .Button2, [role="button"]')]
    .filter((el) => GUIDE.test(name(el)) && !el.closest('[data-asg-ui]'));
  return controls.map((el) => {
    if (scroll) el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) return { name: name(el), covered: null };
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return { name: name(el), covered: null };
    const hit = document.elementFromPoint(x, y);
    return { name: name(el), covered: !(hit && (hit === el || el.contains(hit))), hit: hit ? hit.localName : null };
  });
}

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
        const inView = first.filter((c) => c.covered !== null);
        const bad = [...first, ...scrolled].filter((c) => c.covered);
        const n = (list) => list.filter((c) => c.covered).length;
        totals.push(`${size.width}×${size.height} ${spec.name}: ${first.length} controls; covered at the first scroll position ${n(first)} of ${inView.length} in view; covered when each is scrolled to the middle ${n(scrolled)} of ${scrolled.length}`);
        assert.ok(first.length > 0, 'the page has controls the guide names');
        assert.ok(scrolled.every((c) => c.covered !== null), 'every control was looked at in the window');
        assert.equal(bad.length, 0, `covered by the overlay: ${bad.map((c) => `${c.name} (${c.hit})`).join(', ')}`);
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
    assert.match(await frame.getByTestId('asg-next').textContent(), /^Next: save this level, then create the API user with it\.$/);
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
    const profile = JSON.parse(readFileSync(new URL('../../src/profiles/rhipe-prism-connect.json', import.meta.url), 'utf8'));
    profile.id = 'rhipe-with-links';
    profile.sources = profile.sources.map((s) => ({ ...s, url: `https://docs.example.org/${s.id}` }));
    const text = JSON.stringify(profile);
    await worker().evaluate((t) => chrome.storage.local.set({
      customProfile: { id: 'rhipe-with-links', name: 'rhipe PRISM Connect', version: '1.0.0', file: 'p.json', text: t }, profile: 'rhipe-with-links' }), text);
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
    // rhipe's sources have no link: no "Learn more" is made up.
    await browser.withPage(async (again) => {
      const frame = await open(again, PAGES[0]);
      await frame.getByTestId('asg-finding').first().waitFor();
      assert.equal(await frame.getByTestId('asg-learn-more').count(), 0);
    });
  }));
});

// A badge marks one control: two badges on top of each other (a contract's
// Start and End Date, close together) hide one of the two outcomes.
describe('outcome badges', { concurrency: 1 }, () => {
  const BADGE_PAGES = [
    { name: 'contract/ambiguous-date', remember: { contractNames: ['Acme Cloud (PRISM)'] } },
    { name: 'contract/format-yyyy-mm-dd', remember: { contractNames: ['Acme Cloud (PRISM)'] } },
    { name: 'security-level/classic-deviations', remember: {} },
  ];
  for (const spec of BADGE_PAGES) {
    test(`no two badges overlap: ${spec.name}`, () => browser.withPage(async (page) => {
      await page.setViewportSize(SIZES[0]);
      const frame = await open(page, spec);
      await frame.getByTestId('asg-panel').waitFor();
      await new Promise((resolve) => { setTimeout(resolve, 300); });
      const boxes = await frame.evaluate(() => [...document.querySelector('asg-overlay').shadowRoot.querySelectorAll('.badge')]
        .map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0)
        .map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })));
      assert.ok(boxes.length >= 2, `${spec.name}: at least two badges (${boxes.length})`);
      const overlaps = [];
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([a, b]);
      }));
      assert.deepEqual(overlaps, [], `${spec.name}: badges drawn over each other`);
    }));
  }
});
