// Debian's Firefox ESR, driven by geckodriver through selenium-webdriver,
// with dist/firefox installed as a temporary add-on and the Autotask host
// mapped to the local fixture server by a pref (see the design's
// "Firefox end to end" notes).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Builder } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { startServer } from '../e2e/server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EXTENSION_DIR = resolve(process.env.ASG_FIREFOX_EXTENSION_DIR ?? join(REPO, 'dist/firefox'));
// Named, so that Selenium Manager never runs (it would try to download one).
// scripts/install.sh installs it with cargo into ~/.cargo/bin.
export const GECKODRIVER = process.env.GECKODRIVER ?? join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'geckodriver');
export const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
export const HOST = 'ww5.autotask.net';

export async function launch() {
  for (const [what, path] of [['extension', join(EXTENSION_DIR, 'manifest.json')], ['geckodriver', GECKODRIVER], ['Firefox', FIREFOX]]) {
    if (!existsSync(path)) throw new Error(`no ${what} at ${path}: run scripts/install.sh and scripts/build.sh`);
  }
  const root = mkdtempSync(join(tmpdir(), 'asg-firefox-'));
  const dirs = Object.fromEntries(['home', 'tmp'].map((name) => [name, join(root, name)]));
  Object.values(dirs).forEach((dir) => mkdirSync(dir));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  const env = { ...process.env, HOME: dirs.home, TMPDIR: dirs.tmp };

  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .setAcceptInsecureCerts(true)
    // The fixture host resolves to loopback, and never through DNS over HTTPS.
    .setPreference('network.dns.localDomains', HOST)
    .setPreference('network.trr.mode', 5)
    // Quiet: no update checks, telemetry or first-run pages in a test.
    .setPreference('app.update.enabled', false)
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('toolkit.telemetry.enabled', false);
  const service = new firefox.ServiceBuilder(GECKODRIVER).setEnvironment(env);
  let driver;
  try {
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
    await driver.installAddon(EXTENSION_DIR, true);
  } catch (error) {
    await driver?.quit().catch(() => {});
    cleanup();
    throw error;
  }
  return {
    driver,
    async close() {
      await driver.quit().catch(() => {});
      cleanup();
    },
  };
}

/** The fixture server and one Firefox for a whole test file. */
export function useFirefox() {
  let server;
  let running;
  before(async () => {
    server = await startServer();
    running = await launch();
  });
  after(async () => {
    await running?.close();
    await server?.close();
  });
  return {
    get driver() { return running.driver; },
    url: (path) => `https://${HOST}:${server.port}${path}`,
  };
}

/** Polls `fn` (async) until it returns a truthy value, or fails with `what`. */
export async function waitFor(fn, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    await sleep(100);
  }
}

// Runs in the page: the overlay's part with this data-testid, or null.
export const PART = 'const host = document.querySelector("asg-overlay"); '
  + 'return host && host.shadowRoot ? host.shadowRoot.querySelector(`[data-testid="${arguments[0]}"]`) : null;';

export const part = (driver, testid) => driver.executeScript(PART, testid);
