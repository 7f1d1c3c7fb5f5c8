// Debian's Firefox ESR, driven by geckodriver through selenium-webdriver,
// with dist/firefox installed as a temporary add-on and the test hosts
// mapped to local servers by a local proxy (see the design's "Firefox end to
// end" notes). The addresses carry no port, as in Chromium's runs: the
// extension remembers settings per `location.host`, port included.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
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
export const HOSTS = [HOST, 'intranet.example.com'];
export const ADDON_ID = 'autotask-setup-guard@asg.example.org'; // the manifest's gecko id
// A fixed moz-extension:// address (pref extensions.webextensions.uuids),
// so that a test can open the add-on's own pages.
export const ADDON_UUID = '6a3f0c2e-5b1d-4e8f-9a7c-2d4b6e8f0a1c';
export const extensionUrl = (path) => `moz-extension://${ADDON_UUID}/${path}`;

// An HTTP proxy that answers CONNECT for the hosts in `routes` only, each to
// its local port: Firefox's counterpart of Chromium's --host-resolver-rules
// MAP. Any other host is refused, so nothing leaves the machine.
async function startProxy(routes) {
  const server = createServer((req, res) => res.writeHead(405).end());
  const tunnels = new Set(); // tunnelled sockets are no longer the server's to close
  server.on('connect', (req, client, head) => {
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    const to = routes[req.url.replace(/:443$/, '')];
    if (!to) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = connect(to, '127.0.0.1', () => {
      tunnels.add(upstream);
      upstream.on('close', () => tunnels.delete(upstream));
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const drop = () => { upstream.destroy(); client.destroy(); };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: server.address().port,
    close: () => new Promise((done) => {
      tunnels.forEach((socket) => socket.destroy());
      server.closeAllConnections();
      server.close(done);
    }),
  };
}

/**
 * `routes`: { host: port } for every host the run may reach (HTTPS, on
 * 127.0.0.1); `managed`: data for the add-on's managed storage, from a
 * native manifest in this run's own HOME (~/.mozilla/managed-storage/, where
 * Firefox on Linux looks for a user's).
 */
export async function launch({ routes, managed }) {
  for (const [what, path] of [['extension', join(EXTENSION_DIR, 'manifest.json')], ['geckodriver', GECKODRIVER], ['Firefox', FIREFOX]]) {
    if (!existsSync(path)) throw new Error(`no ${what} at ${path}: run scripts/install.sh and scripts/build.sh`);
  }
  const root = mkdtempSync(join(tmpdir(), 'asg-firefox-'));
  const dirs = Object.fromEntries(['home', 'tmp', 'downloads'].map((name) => [name, join(root, name)]));
  Object.values(dirs).forEach((dir) => mkdirSync(dir));
  if (managed) {
    const dir = join(dirs.home, '.mozilla', 'managed-storage');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${ADDON_ID}.json`), JSON.stringify({ name: ADDON_ID, description: 'test policy', type: 'storage', data: managed }));
  }
  const proxy = await startProxy(routes);
  const cleanup = async () => {
    await proxy.close();
    rmSync(root, { recursive: true, force: true });
  };
  const env = { ...process.env, HOME: dirs.home, TMPDIR: dirs.tmp };

  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .setAcceptInsecureCerts(true)
    // Every https:// request goes to the local proxy; never DNS over HTTPS.
    .setPreference('network.proxy.type', 1)
    .setPreference('network.proxy.ssl', '127.0.0.1')
    .setPreference('network.proxy.ssl_port', proxy.port)
    .setPreference('network.proxy.no_proxies_on', '')
    .setPreference('network.trr.mode', 5)
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [ADDON_ID]: ADDON_UUID }))
    // Downloads go to this run's folder, with no dialog.
    .setPreference('browser.download.folderList', 2)
    .setPreference('browser.download.dir', dirs.downloads)
    .setPreference('browser.download.useDownloadDir', true)
    .setPreference('browser.download.always_ask_before_handling_new_types', false)
    .setPreference('browser.download.alwaysOpenPanel', false)
    // Quiet: no update checks, telemetry or first-run pages in a test.
    .setPreference('app.update.enabled', false)
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('toolkit.telemetry.enabled', false);
  // --allow-system-access: the add-on's own pages and the privileged
  // ("chrome") context, where a test stops the event page and reads the console.
  const service = new firefox.ServiceBuilder(GECKODRIVER).addArguments('--allow-system-access').setEnvironment(env);
  let driver;
  try {
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
    await driver.installAddon(EXTENSION_DIR, true);
  } catch (error) {
    await driver?.quit().catch(() => {});
    await cleanup();
    throw error;
  }
  return {
    driver,
    downloads: dirs.downloads,
    async close() {
      await driver.quit().catch(() => {});
      await cleanup();
    },
  };
}

/**
 * The fixture server and one Firefox for a whole test file. `more()` may
 * start further servers and give `{ routes, managed }` to add.
 */
export function useFirefox(more = async () => ({})) {
  let server;
  let running;
  before(async () => {
    server = await startServer();
    const { routes = {}, managed } = await more();
    running = await launch({ routes: { ...Object.fromEntries(HOSTS.map((h) => [h, server.port])), ...routes }, managed });
  });
  after(async () => {
    await running?.close();
    await server?.close();
  });
  return {
    get driver() { return running.driver; },
    get downloads() { return running.downloads; },
    /** Pages the fixture server serves before its files (path -> HTML; tests/e2e/server.mjs). */
    get docs() { return server.docs; },
    url: (path) => `https://${HOST}${path}`,
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

/**
 * A frame as tests/e2e/outcome.mjs reads one (`evaluate(fn)`), so that a
 * fixture pair is compared in Firefox by the very code Chromium's tests use.
 */
export const frameOf = (driver) => ({
  evaluate: (fn, arg) => driver.executeScript(`return (${fn}).apply(null, arguments)`, arg),
});

/**
 * Runs `script` (the body of an async function; `args` as `arguments`) in
 * one of the add-on's pages, opened in its own tab, and returns its result.
 * The tab the test was on stays the current one.
 */
export async function inAddon(driver, script, ...args) {
  const back = await driver.getWindowHandle();
  await driver.switchTo().newWindow('tab');
  try {
    await driver.get(extensionUrl('popup/popup.html'));
    return await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      (async function () { ${script} }).apply(null, [...arguments].slice(0, -1))
        .then((value) => done({ value }), (error) => done({ error: String(error) }));`, ...args)
      .then(({ value, error }) => {
        if (error) throw new Error(`in the add-on: ${error}`);
        return value;
      });
  } finally {
    await driver.close();
    await driver.switchTo().window(back);
  }
}

/** Runs `script` (an async function's body) in Firefox's privileged context. */
export async function privileged(driver, script, ...args) {
  await driver.setContext(firefox.Context.CHROME);
  try {
    return await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      (async function () { ${script} }).apply(null, [...arguments].slice(0, -1))
        .then((value) => done({ value }), (error) => done({ error: String(error) }));`, ...args)
      .then(({ value, error }) => {
        if (error) throw new Error(`privileged: ${error}`);
        return value;
      });
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
}

const THE_ADDON = `const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const addon = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(ADDON_ID)});`;

/** The event page's state as Firefox keeps it: 'running', 'stopped', ... */
export const backgroundState = (driver) => privileged(driver, `${THE_ADDON} return addon.backgroundState;`);

/**
 * Unloads the add-on's event page, as about:debugging's "Terminate
 * background script" does (Extension.terminateBackground), and returns the
 * state it is left in.
 */
export const terminateBackground = (driver) => privileged(driver,
  `${THE_ADDON} await addon.terminateBackground(); return addon.backgroundState;`);

/** Every console call any window (pages, the add-on's event page) made, as text. */
export const consoleText = (driver) => privileged(driver, `
  const storage = Cc['@mozilla.org/consoleAPI-storage;1'].getService(Ci.nsIConsoleAPIStorage);
  const api = storage.getEvents().map((e) => e.level + ': ' + (e.arguments || []).map(String).join(' '));
  const errors = Services.console.getMessageArray().map((m) => 'message: ' + m.message);
  return api.concat(errors).join('\\n');`);

/** The text on the system clipboard (headless Firefox keeps its own). */
export const clipboardText = (driver) => privileged(driver, `
  const trans = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
  trans.init(null);
  trans.addDataFlavor('text/plain');
  Services.clipboard.getData(trans, Services.clipboard.kGlobalClipboard);
  const data = {};
  trans.getTransferData('text/plain', data);
  return data.value.QueryInterface(Ci.nsISupportsString).data;`);

/**
 * Waits for one finished download in `dir` (no .part left) named `name`, or
 * matching `pattern` if given; returns its text and removes it.
 */
export async function downloaded(dir, name, pattern) {
  const found = await waitFor(() => {
    const files = readdirSync(dir);
    if (files.some((f) => f.endsWith('.part'))) return null;
    return files.find((f) => (pattern ? pattern.test(f) : f === name));
  }, `the download ${name} (in ${dir}: ${readdirSync(dir).join(', ')})`);
  const text = readFileSync(join(dir, found), 'utf8');
  rmSync(join(dir, found));
  return text;
}

/** A real pointer click in the middle of the element, as an admin makes it. */
export async function pointerClick(driver, element) {
  await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', element);
  await driver.actions().move({ origin: element }).click().perform();
}

/**
 * Adds `source` to the current page as a script of its own (Playwright's
 * addScriptTag): a script WebDriver runs keeps what it sets on globalThis in
 * its own sandbox, which the page's scripts and later calls do not see.
 */
export const addScript = (driver, source) => driver.executeScript(`const s = document.createElement('script');
  s.textContent = arguments[0];
  (document.head || document.documentElement).append(s);
  s.remove();`, source);

const FRAMES = { css: 'iframe, frame' };

/** Into the frame at `path` (child frame indexes from the top document). */
export async function enterFrame(driver, path) {
  await driver.switchTo().defaultContent();
  for (const i of path) await driver.switchTo().frame((await driver.findElements(FRAMES))[i]);
}

/** Every frame below the current one, depth first: [path of frame indexes, url]; the current one is left current. */
export async function framesBelow(driver, path = []) {
  const out = [];
  const count = (await driver.findElements(FRAMES)).length;
  for (let i = 0; i < count; i++) {
    await driver.switchTo().frame((await driver.findElements(FRAMES))[i]);
    out.push([[...path, i], await driver.executeScript('return location.href')]);
    out.push(...await framesBelow(driver, [...path, i]));
    await driver.switchTo().parentFrame();
  }
  return out;
}

/** Sizes the viewport (not the window) to `size`: the window grows by what its frame takes. */
export async function setViewport(driver, size) {
  await driver.manage().window().setRect(size);
  const [w, h] = await driver.executeScript('return [window.innerWidth, window.innerHeight]');
  if (w !== size.width || h !== size.height) {
    await driver.manage().window().setRect({ width: 2 * size.width - w, height: 2 * size.height - h });
  }
}

const summaryIs = (driver, value) => waitFor(async () => (await driver.executeScript(
  'return document.documentElement.getAttribute("data-asg-summary")')) === value, `data-asg-summary=${value}`);

/** The save controls page made failing ("Can login to Web Services API" off), then Save pressed: the dialog open. */
export async function openSaveDialog(firefox) {
  const { driver } = firefox;
  await driver.get(firefox.url('/guard/save-controls.html'));
  await summaryIs(driver, '55/55');
  await (await driver.findElement({ css: '[data-fixture-id="wsapi-login"]' })).click();
  await summaryIs(driver, '54/55');
  await pointerClick(driver, await driver.findElement({ css: '[data-save="input-submit"]' }));
  return waitFor(() => part(driver, 'asg-modal'), 'the dialog');
}
