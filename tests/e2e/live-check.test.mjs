// The live API check, end to end: every stand-in user through the
// extension's check page in Chromium (the worker runs the Rust check), with
// the findings each must give; what reached the stand-in (how many requests,
// how many at once, where credentials went, no 401 retried); and after each
// run no storage area, console output or report holding the secret or the
// username.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startApiStandin, USERS, INTEGRATION_CODE, HOSTS as API_HOSTS, FOREIGN_HOST, ZONE_HOST, LOOKUP_HOST } from './api-standin.mjs';
import { launch } from './browser.mjs';
import { DOCUMENTED_SHAPE, expectDocumentedShape, LIVE_CASES, echoIn, expectLive } from './scenarios.mjs';
import { serveStatic, startServer } from './server.mjs';
import { fileURLToPath } from 'node:url';

// A fresh secret per run, shaped like Autotask's (25 characters).
const SECRET = `Zq7${randomBytes(16).toString('base64url').slice(0, 20)}$x`;
// For the users whose errors echo it: with the characters that need escaping.
const ECHO_SECRET = `E"c\\h%2B+${randomBytes(9).toString('base64url')}`;

const CHECK_TIMEOUT = 30_000;

let fixtures;
let standin;
let browser;
let worker;
let extensionId;
const workerConsole = [];
before(async () => {
  fixtures = await startServer();
  standin = await startApiStandin(SECRET);
  browser = await launch(fixtures.port, Object.fromEntries(API_HOSTS.map((h) => [h, standin.port])));
  worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  extensionId = new URL(worker.url()).host;
  browser.context.on('console', (msg) => workerConsole.push(msg.text()));
  // The worker's console reaches this list (else the secret check below would prove nothing).
  await worker.evaluate(() => console.log('asg-console-probe'));
  for (let i = 0; i < 50 && !workerConsole.includes('asg-console-probe'); i += 1) await new Promise((r) => setTimeout(r, 20));
  assert.ok(workerConsole.includes('asg-console-probe'), 'the worker console is not observed');
});
after(async () => {
  await browser?.close();
  await standin?.close();
  await fixtures?.close();
});

/** Runs the check for one stand-in user on the extension's page; returns what the page shows. */
async function runCheck(username, { code = INTEGRATION_CODE, secret = SECRET } = {}) {
  standin.reset();
  const page = await browser.context.newPage();
  const consoleText = [];
  page.on('console', (msg) => consoleText.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => consoleText.push(`pageerror: ${err.message}`));
  // Every message the worker sends the page (progress, then the result with
  // the report JSON and its Markdown), recorded as it arrives.
  await page.addInitScript(() => {
    const connect = chrome.runtime.connect.bind(chrome.runtime);
    globalThis.asgTestMessages = [];
    chrome.runtime.connect = (...args) => {
      const port = connect(...args);
      port.onMessage.addListener((msg) => globalThis.asgTestMessages.push(JSON.stringify(msg)));
      return port;
    };
  });
  try {
    await page.goto(`chrome-extension://${extensionId}/check/check.html`);
    await page.getByTestId('live-username').fill(username);
    await page.getByTestId('live-secret').fill(secret);
    await page.getByTestId('live-code').fill(code);
    const startedAt = Date.now();
    await page.getByTestId('live-run').click();
    const status = page.getByTestId('live-status');
    await status.and(page.locator('[data-state]')).waitFor({ timeout: CHECK_TIMEOUT });
    const endedAt = Date.now();
    const state = await status.getAttribute('data-state');
    const shown = await page.evaluate(() => {
      const q = (id) => document.querySelector(`[data-testid="${id}"]`);
      return {
        summary: q('live-report').getAttribute('data-asg-summary'),
        passes: q('live-report').getAttribute('data-passes'),
        results: Object.fromEntries([...q('live-results').children].map((li) => [li.dataset.rule, { outcome: li.dataset.asg, text: li.textContent }])),
        steps: Object.fromEntries([...q('live-steps').children].map((li) => [li.dataset.testid.replace('live-step-', ''), li.dataset.state])),
        markdown: q('live-markdown').textContent,
        report: q('live-report').textContent,
        messages: globalThis.asgTestMessages.join('\n'),
        bodyText: document.body.innerText,
        usernameField: q('live-username').value,
        secretField: q('live-secret').value,
        html: document.documentElement.outerHTML,
      };
    });
    return { username, state, startedAt, endedAt, statusText: await status.textContent(), ...shown, console: consoleText, requests: standin.requests, maxInFlight: standin.maxInFlight };
  } finally {
    await page.close();
  }
}

/** What every run must hold, whatever the user. */
async function assertSecretKept(run, secret = SECRET) {
  const stores = await worker.evaluate(async () => JSON.stringify(await Promise.all(
    ['local', 'session', 'sync'].map((area) => chrome.storage[area].get(null)))));
  assert.equal(run.secretField, '', 'the secret field is emptied after the check');
  // The secret and the username, in any form an echo takes, are nowhere.
  for (const [what, value] of [['secret', secret], ['username', run.username]]) {
    for (const [where, text] of [
      ['extension storage', stores], ['the Markdown report', run.markdown], ['the report shown', run.report],
      ['the worker\'s messages (report JSON included)', run.messages],
      ['the page text', run.bodyText], ['the page markup', run.html], ['the page console', run.console.join('\n')],
      ['the worker console', workerConsole.join('\n')],
    ]) assert.equal(echoIn(text, value), undefined, `the ${what} is in ${where}`);
  }
  assert.deepEqual(run.console.filter((line) => /^(error|warning|pageerror)/.test(line)), [], 'console errors on the check page');
  // The username stays only in its own input field (its value, not in the
  // markup), so that the admin can run the check again.
  assert.equal(run.usernameField, run.username, 'the username field keeps what was typed');
  assert.match(run.messages, /"type":"result".*"page":"api-live-check"/, 'the report message was not recorded');
  // At the stand-in: bounded, never more than three at once, credentials
  // only to the zone, the secret never in an address, no 401 retried.
  assert.ok(run.requests.length <= 12, `${run.requests.length} requests`);
  assert.ok(run.maxInFlight <= 3, `${run.maxInFlight} requests at once`);
  for (const r of run.requests) {
    if (r.headers.secret !== undefined) assert.equal(r.host, ZONE_HOST, `credentials sent to ${r.host}`);
    assert.ok(!JSON.stringify(r.query).includes(secret) && !r.path.includes(secret), 'the secret is in an address');
    assert.notEqual(r.host, FOREIGN_HOST, 'a request reached the foreign zone');
  }
  const lookup = run.requests[0];
  assert.equal(lookup.host, LOOKUP_HOST);
  assert.equal(lookup.headers.secret, undefined, 'the zone lookup carries no credentials');
  assert.equal(lookup.headers.username, undefined);
  const refused = run.requests.findIndex((r) => r.status === 401);
  if (refused >= 0) {
    const later = run.requests.filter((r, i) => i !== refused && r.at >= run.requests[refused].at && r.headers.secret !== undefined);
    assert.deepEqual(later.map((r) => r.path), [], 'requests with credentials after a 401');
  }
}

// The cases both browsers run (scenarios.mjs), with Chromium's secret scan.
for (const c of LIVE_CASES) {
  test(c.title, async () => {
    const secret = c.echo ? ECHO_SECRET : SECRET;
    const run = await runCheck(USERS[c.user].username, { secret });
    expectLive(run, c, { secret, username: USERS[c.user].username, code: INTEGRATION_CODE });
    await assertSecretKept(run, secret);
  });
}

test(DOCUMENTED_SHAPE.title, () => expectDocumentedShape({
  standin, runCheck, usernameOf: (user) => USERS[user].username, assertSecretKept,
}));

// Policy cannot be set on this shared machine (it is system-wide), so the
// worker's managed storage is stood in for in the worker itself (as in
// options.test.mjs): what the worker then does is real.
async function withPolicy(policy, local, fn) {
  await worker.evaluate(async ([p, l]) => {
    globalThis.__realManaged = chrome.storage.managed.get;
    chrome.storage.managed.get = async () => p;
    await chrome.storage.local.set({ profile: l });
  }, [policy, local]);
  try {
    return await fn();
  } finally {
    await worker.evaluate(async () => {
      chrome.storage.managed.get = globalThis.__realManaged;
      await chrome.storage.local.remove('profile');
    });
  }
}

test('the live check uses the profile a policy sets, before the options page\'s choice', async () => {
  // Chosen on the options page alone, Sync 365 has no API needs: refused.
  await withPolicy({}, 'sync-365', async () => {
    const run = await runCheck(USERS.good.username);
    assert.equal(run.state, 'refused');
    assert.match(run.statusText, /active profile "sync-365" says nothing about the API/);
    assert.equal(run.requests.length, 0);
  });
  // A policy naming rhipe wins over that choice.
  await withPolicy({ activeProfile: 'rhipe-prism-connect' }, 'sync-365', async () => {
    const run = await runCheck(USERS.good.username);
    assert.equal(run.state, 'done', run.statusText);
    assert.equal(run.summary, '13/13');
    assert.match(run.markdown, /- Profile: rhipe PRISM Connect .* \(rhipe-prism-connect\)/);
    await assertSecretKept(run);
  });
  // And a policy naming another profile wins over rhipe chosen locally.
  await withPolicy({ activeProfile: 'crayon-billing-sync' }, 'rhipe-prism-connect', async () => {
    const run = await runCheck(USERS.good.username);
    assert.equal(run.state, 'refused');
    assert.match(run.statusText, /active profile "crayon-billing-sync"/);
    assert.equal(run.requests.length, 0);
  });
});

test('bad input is refused on the page before anything is sent', async () => {
  const run = await runCheck('has space', {});
  assert.equal(run.state, 'refused');
  assert.match(run.statusText, /Username \(Key\)/);
  assert.equal(run.requests.length, 0);
});

test('one check at a time: a second page is told to wait, and the limit of three holds', async () => {
  standin.reset();
  const [first, second] = [await browser.context.newPage(), await browser.context.newPage()];
  try {
    for (const page of [first, second]) {
      await page.goto(`chrome-extension://${extensionId}/check/check.html`);
      await page.getByTestId('live-secret').fill(SECRET);
      await page.getByTestId('live-code').fill(INTEGRATION_CODE);
    }
    await first.getByTestId('live-username').fill(USERS.slow.username);
    await second.getByTestId('live-username').fill(USERS.good.username);
    await first.getByTestId('live-run').click();
    await first.getByTestId('live-step-threshold').and(first.locator('[data-state="done"]')).waitFor();
    await second.getByTestId('live-run').click();
    const busy = second.getByTestId('live-status');
    await busy.and(second.locator('[data-state="refused"]')).waitFor({ timeout: 5_000 });
    assert.match(await busy.textContent(), /Another live check is running/);
    await first.getByTestId('live-status').and(first.locator('[data-state="done"]')).waitFor({ timeout: CHECK_TIMEOUT });
    assert.ok(standin.requests.every((r) => r.query.user !== USERS.good.username && r.headers.username !== USERS.good.username));
    assert.ok(standin.maxInFlight <= 3);
  } finally {
    await first.close();
    await second.close();
  }
});

test('the popup opens the live check page', async () => {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${extensionId}/popup/popup.html`);
    const [opened] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.getByTestId('popup-live-check').click(),
    ]);
    await opened.waitForLoadState();
    assert.equal(new URL(opened.url()).pathname, '/check/check.html');
    assert.match(await opened.getByTestId('live-form').textContent(), /Integration Vendor/);
    await opened.close();
  } finally {
    if (!popup.isClosed()) await popup.close();
  }
});

test('the checker page tries directly and, refused by the browser (CORS), says to use the extension', async () => {
  const www = await serveStatic(fileURLToPath(new URL('../../dist/www/', import.meta.url)));
  standin.reset();
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (['error', 'warning'].includes(msg.type())) problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  try {
    await page.goto(`http://127.0.0.1:${www.port}/`);
    await page.getByTestId('engine-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 10_000 });
    await page.getByTestId('live-username').fill(USERS.good.username);
    await page.getByTestId('live-secret').fill(SECRET);
    await page.getByTestId('live-code').fill(INTEGRATION_CODE);
    await page.getByTestId('live-run').click();
    await page.getByTestId('live-status').and(page.locator('[data-state]')).waitFor({ timeout: CHECK_TIMEOUT });
    const zone = page.locator('[data-testid="live-results"] [data-rule="zone-lookup"]');
    assert.equal(await zone.getAttribute('data-asg'), 'incomplete');
    assert.match(await zone.textContent(), /did not let this page call the Autotask API.*from the Setup Guard extension/);
    assert.equal(await page.getByTestId('live-secret').inputValue(), '');
    assert.ok(!(await page.content()).includes(SECRET));
    // The lookup went out (no credentials); the browser withheld its answer, so nothing followed.
    assert.equal(standin.requests.length, 1);
    assert.equal(standin.requests[0].headers.secret, undefined);
    // The only console lines are the browser's own CORS refusal.
    assert.ok(problems.length > 0 && problems.every((p) => /CORS|ERR_FAILED/.test(p)), problems.join('\n'));
    assert.ok(!problems.join('\n').includes(SECRET));
  } finally {
    await page.close();
    await www.close();
  }
});
