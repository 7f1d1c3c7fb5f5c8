// Debian's Chromium, driven by playwright-core, with the built extension
// loaded and the test hosts mapped to the local fixture server.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EXTENSION_DIR = resolve(process.env.ASG_EXTENSION_DIR ?? join(REPO, 'dist/chrome'));
// ww1–ww4: further Autotask hosts, so that tests which write the host's
// remembered settings can run side by side, each on a host of its own.
export const LANE_HOSTS = ['ww1.autotask.net', 'ww2.autotask.net', 'ww3.autotask.net', 'ww4.autotask.net'];
export const HOSTS = ['ww5.autotask.net', 'intranet.example.com', ...LANE_HOSTS];

/** `more` maps further hosts to other local ports: `{ host: port }`. */
export async function launch(port, more = {}) {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no extension at ${EXTENSION_DIR}: run scripts/build.sh or set ASG_EXTENSION_DIR`);
  }
  const root = mkdtempSync(join(tmpdir(), 'asg-e2e-'));
  const dirs = Object.fromEntries(['home', 'tmp', 'profile'].map((name) => [name, join(root, name)]));
  Object.values(dirs).forEach((dir) => mkdirSync(dir));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  let context;
  try {
    context = await chromium.launchPersistentContext(dirs.profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      ignoreHTTPSErrors: true,
      env: { ...process.env, HOME: dirs.home, TMPDIR: dirs.tmp },
      // No `--disable-features=...` here: Chromium keeps only the last such
      // switch, which would silently drop Playwright's own list. Debian's
      // Chromium honours --load-extension without it.
      args: [
        `--load-extension=${EXTENSION_DIR}`,
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--host-resolver-rules=${[...HOSTS.map((host) => [host, port]), ...Object.entries(more)]
          .map(([host, to]) => `MAP ${host} 127.0.0.1:${to}`).join(', ')}`,
        '--ignore-certificate-errors',
        '--no-sandbox',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--disable-quic', '--disable-gpu',
      ],
    });
    if (context.serviceWorkers().length === 0) {
      await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => {
        throw new Error(`the extension at ${EXTENSION_DIR} did not start a service worker within 10 s`);
      });
    }
  } catch (error) {
    await context?.close();
    cleanup();
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      cleanup();
    },
  };
}

/** The fixture server and one browser for a whole test file: `.context` once started. */
export function useBrowser() {
  let server;
  let running;
  before(async () => {
    server = await startServer();
    running = await launch(server.port);
  });
  after(async () => {
    await running?.close();
    await server?.close();
  });
  return {
    get context() { return running.context; },
    /** Runs `fn` on a new page of this browser, closed after, whatever happens. */
    async withPage(fn) {
      const page = await running.context.newPage();
      try {
        await fn(page);
      } finally {
        await page.close();
      }
    },
  };
}
