// The snapshot read in slices (content/snapshot.js takeInSlices, used by the
// content script's debounced checks) reads exactly what the one-go snapshot
// reads, and gives up rather than mix two states of the page.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { fixtures } from './fixtures.mjs';
import { enlarged } from '../../bench/pages.mjs';

// Not an Autotask host: the extension leaves the page alone.
const INTRANET = 'https://intranet.example.com';
const SNAPSHOT_JS = fileURLToPath(new URL('../../dist/harness/snapshot.js', import.meta.url));
const browser = useBrowser();

const pages = fixtures.filter(({ spec }) => spec.frame !== 'iframe');

test('sliced snapshots equal one-go snapshots, element for element', async () => {
  const page = await browser.context.newPage();
  try {
    for (const { url } of pages) {
      await page.goto(INTRANET + url);
      await page.addScriptTag({ path: SNAPSHOT_JS });
      const same = await page.evaluate(async () => {
        const whole = globalThis.AsgSnapshot.take(document, 7);
        // A zero budget pauses after every step: the most slices there can be.
        let slices = 0;
        const sliced = await globalThis.AsgSnapshot.takeInSlices(document, 7, 0, () => true, () => { slices++; });
        return {
          snapshot: JSON.stringify(whole.snapshot) === JSON.stringify(sliced.snapshot),
          elements: whole.elements.length === sliced.elements.length && whole.elements.every((el, i) => el === sliced.elements[i]),
          slices,
          elements: document.getElementsByTagName('*').length,
        };
      });
      assert.ok(same.snapshot && same.elements, `${url}: sliced and whole snapshots differ`);
      // The eyes' walk yields every 400 nodes (NODES_PER_STEP) and once after
      // it: a zero budget must pause at every one of those steps.
      const least = Math.max(2, Math.floor(same.elements / 400));
      assert.ok(same.slices >= least, `${url}: ${same.slices} slices for ${same.elements} elements`);
    }
  } finally {
    await page.close();
  }
});

test('a sliced snapshot that is no longer valid after a pause returns nothing', async () => {
  const page = await browser.context.newPage();
  try {
    await page.route(`${INTRANET}/x10.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: enlarged(9) }));
    await page.goto(`${INTRANET}/x10.html`);
    await page.addScriptTag({ path: SNAPSHOT_JS });
    const result = await page.evaluate(async () => {
      let changed = false;
      // The page changes after the first slice, before the snapshot goes on.
      const box = document.querySelector('input[type=checkbox]');
      const observer = new MutationObserver(() => { changed = true; });
      observer.observe(document.documentElement, { subtree: true, attributes: true });
      let slices = 0;
      const sliced = await globalThis.AsgSnapshot.takeInSlices(document, 1, 0, () => !changed, () => {
        if (++slices === 1) box.toggleAttribute('checked');
      });
      observer.disconnect();
      return { sliced, changed, slices };
    });
    assert.equal(result.changed, true);
    assert.ok(result.slices < 50, `went on for ${result.slices} slices after the change`);
    assert.equal(result.sliced, null, 'a snapshot spanning a change of the page was returned');
  } finally {
    await page.close();
  }
});
