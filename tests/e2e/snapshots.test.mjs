// The eyes' snapshots of the security level fixture pages, kept under
// tests/snapshots/ so that the native tests (tests/profiles.rs) judge every
// built-in profile on exactly what the extension sees. This test fails when
// a kept snapshot differs from what content/snapshot.js reads now;
// ASG_UPDATE_SNAPSHOTS=1 writes them anew instead (then review the diff).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { useBrowser } from './browser.mjs';
import { fixtures } from './fixtures.mjs';

// Not an Autotask host: the extension leaves the page alone.
const INTRANET = 'https://intranet.example.com';
const SNAPSHOT_JS = fileURLToPath(new URL('../../dist/harness/snapshot.js', import.meta.url));
const KEPT = new URL('../snapshots/', import.meta.url);
const browser = useBrowser();

// The security level pages, not the hostile ones (the 10,000-checkbox page's
// snapshot alone would be 3 MB): tests/profiles.rs judges each with every profile.
const pages = fixtures.filter(({ name, spec }) => name.startsWith('security-level/') && spec.page === 'security-level' && spec.frame !== 'iframe');

for (const { name, url } of pages) {
  test(`tests/snapshots/${name}.json is what the eyes read on ${url}`, async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(INTRANET + url);
      await page.addScriptTag({ path: SNAPSHOT_JS });
      const taken = await page.evaluate(() => {
        const { snapshot, elements } = globalThis.AsgSnapshot.take(document, 1);
        snapshot.url = ''; // the test server's port changes each run
        const fixtureIds = {};
        elements.forEach((el, handle) => {
          const id = el.closest('[data-fixture-id]')?.dataset.fixtureId;
          if (id) fixtureIds[handle] = id;
        });
        return { fixture: null, snapshot, fixtureIds };
      });
      taken.fixture = name;
      const file = new URL(`${name}.json`, KEPT);
      const text = `${JSON.stringify(taken, null, 1)}\n`;
      if (process.env.ASG_UPDATE_SNAPSHOTS === '1') {
        mkdirSync(dirname(fileURLToPath(file)), { recursive: true });
        writeFileSync(file, text);
      }
      assert.equal(readFileSync(file, 'utf8'), text, `${name}: the kept snapshot is stale; run with ASG_UPDATE_SNAPSHOTS=1 and review`);
    } finally {
      await page.close();
    }
  });
}
