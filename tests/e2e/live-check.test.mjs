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
import { serveStatic, startServer } from './server.mjs';
import { fileURLToPath } from 'node:url';

// A fresh secret per run, shaped like Autotask's (25 characters).
const SECRET = `Zq7${randomBytes(16).toString('base64url').slice(0, 20)}$x`;
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
    await page.getByTestId('live-run').click();
    const status = page.getByTestId('live-status');
    await status.and(page.locator('[data-state]')).waitFor({ timeout: CHECK_TIMEOUT });
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
    return { username, state, statusText: await status.textContent(), ...shown, console: consoleText, requests: standin.requests, maxInFlight: standin.maxInFlight };
  } finally {
    await page.close();
  }
}

/** What every run must hold, whatever the user. */
async function assertSecretKept(run) {
  const stores = await worker.evaluate(async () => JSON.stringify(await Promise.all(
    ['local', 'session', 'sync'].map((area) => chrome.storage[area].get(null)))));
  assert.ok(!stores.includes(SECRET), 'the secret is in extension storage');
  assert.ok(!run.markdown.includes(SECRET), 'the secret is in the Markdown report');
  assert.ok(!run.html.includes(SECRET), 'the secret is on the page after the check');
  assert.equal(run.secretField, '', 'the secret field is emptied after the check');
  assert.ok(!run.console.join('\n').includes(SECRET), 'the secret is in the page console');
  assert.ok(!workerConsole.join('\n').includes(SECRET), 'the secret is in console output');
  assert.deepEqual(run.console.filter((line) => /^(error|warning|pageerror)/.test(line)), [], 'console errors on the check page');
  // The username is kept out of the same places. It stays only in its own
  // input field (its value, not in the markup), so that the admin can run
  // the check again; the page's text, markup, report and Markdown lack it.
  const user = run.username.toLowerCase();
  assert.equal(run.usernameField, run.username, 'the username field keeps what was typed');
  assert.match(run.messages, /"type":"result".*"page":"api-live-check"/, 'the report message was not recorded');
  assert.ok(!run.messages.includes(SECRET), 'the secret is in a message from the worker');
  for (const [where, text] of [
    ['extension storage', stores], ['the Markdown report', run.markdown], ['the report shown', run.report],
    ['the worker\'s messages (report JSON included)', run.messages],
    ['the page text', run.bodyText], ['the page markup', run.html], ['the page console', run.console.join('\n')],
    ['the worker console', workerConsole.join('\n')],
  ]) assert.ok(!text.toLowerCase().includes(user), `the username is in ${where}`);
  // At the stand-in: bounded, never more than three at once, credentials
  // only to the zone, the secret never in an address, no 401 retried.
  assert.ok(run.requests.length <= 12, `${run.requests.length} requests`);
  assert.ok(run.maxInFlight <= 3, `${run.maxInFlight} requests at once`);
  for (const r of run.requests) {
    if (r.headers.secret !== undefined) assert.equal(r.host, ZONE_HOST, `credentials sent to ${r.host}`);
    assert.ok(!JSON.stringify(r.query).includes(SECRET) && !r.path.includes(SECRET), 'the secret is in an address');
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

const credentialed = (run) => run.requests.filter((r) => r.headers.secret !== undefined);

test('a good user passes every check: 10 requests, at most 3 at once, the right headers', async () => {
  const run = await runCheck(USERS.good.username);
  assert.equal(run.state, 'done', run.statusText);
  assert.equal(run.summary, '13/13');
  assert.equal(run.passes, 'true');
  assert.equal(run.requests.length, 10);
  assert.equal(run.maxInFlight, 3, 'the access and read steps run three at once');
  assert.deepEqual(Object.values(run.steps), ['done', 'done', 'done', 'done']);
  assert.ok(Object.values(run.results).every((r) => r.outcome === 'pass'));
  for (const r of credentialed(run)) {
    assert.equal(r.headers.secret, SECRET);
    assert.equal(r.headers.username, USERS.good.username);
    assert.equal(r.headers.apiintegrationcode, INTEGRATION_CODE);
    assert.equal(r.headers['content-type'], 'application/json');
  }
  assert.equal(run.requests[0].query.user, USERS.good.username);
  const search = JSON.parse(run.requests.find((r) => r.path.endsWith('/Companies/query')).query.search);
  assert.equal(search.MaxRecords, 1);
  await assertSecretKept(run);
});

for (const [name, user] of [['wrong secret', USERS.wrongSecret], ['locked', USERS.locked]]) {
  test(`${name}: 401 is reported as "wrong secret or locked", never retried, and stops the check`, async () => {
    const run = await runCheck(user.username);
    assert.equal(run.summary, '1/13');
    assert.equal(run.results.credentials.outcome, 'fail');
    assert.match(run.results.credentials.text, /wrong secret, or the user is locked; Autotask does not say which/);
    assert.equal(run.requests.length, 2);
    assert.equal(credentialed(run).length, 1, 'exactly one attempt with the secret');
    assert.equal(run.results['read-Companies'].outcome, 'incomplete');
    assert.deepEqual(run.steps, { zone: 'done', threshold: 'done', access: 'skipped', reads: 'skipped' });
    await assertSecretKept(run);
  });
}

test('unknown user: the zone lookup finds none, nothing else is sent', async () => {
  const run = await runCheck(USERS.unknown.username);
  assert.equal(run.results['zone-lookup'].outcome, 'fail');
  assert.match(run.results['zone-lookup'].text, /does not know the Username \(Key\) entered as an API user/);
  assert.equal(run.requests.length, 1);
  assert.equal(credentialed(run).length, 0);
  await assertSecretKept(run);
});

test('bad integration code: says whose code it is', async () => {
  const run = await runCheck(USERS.badCode.username);
  assert.equal(run.results.credentials.outcome, 'fail');
  assert.match(run.results.credentials.text, /integration code \(ApiIntegrationCode\)/);
  assert.match(run.results.credentials.text, /Integration Vendor.*Custom \(Internal Integration\)/);
  assert.equal(run.requests.length, 2);
  await assertSecretKept(run);
});

test('no contract visibility: Contracts and ContractServices fail, pointing at Contract Visibility', async () => {
  const run = await runCheck(USERS.noContracts.username);
  assert.equal(run.summary, '7/13');
  for (const rule of ['access-Contracts-query', 'access-Contracts-update', 'access-ContractServices-query', 'access-ContractServices-update']) {
    assert.equal(run.results[rule].outcome, 'fail', rule);
    assert.match(run.results[rule].text, /Contract Visibility \(for contracts you have access to\)" to Full/, rule);
  }
  assert.equal(run.results['read-Contracts'].outcome, 'incomplete');
  assert.equal(run.results['read-Companies'].outcome, 'pass');
  assert.equal(run.requests.length, 8, 'no read is tried without query access');
  await assertSecretKept(run);
});

test('restricted services: the permission error is mapped to the setting that grants it', async () => {
  const run = await runCheck(USERS.restrictedServices.username);
  assert.equal(run.summary, '11/13');
  assert.equal(run.results['access-Services-query'].outcome, 'fail');
  assert.match(run.results['access-Services-query'].text, /\(Restricted\)/);
  assert.equal(run.results['read-Services'].outcome, 'fail');
  assert.match(run.results['read-Services'].text, /adequate permissions.*Products, Services, & Inventory/);
  await assertSecretKept(run);
});

test('near the threshold: a warning that does not count against the user', async () => {
  const run = await runCheck(USERS.nearThreshold.username);
  assert.equal(run.results['request-budget'].outcome, 'warn');
  assert.match(run.results['request-budget'].text, /7500 of 10000 \(75 %\)/);
  assert.equal(run.summary, '12/12');
  assert.equal(run.passes, 'true');
  await assertSecretKept(run);
});

test('slow answer: a timeout is a finding, not retried, and the rest still runs', async () => {
  const started = Date.now();
  const run = await runCheck(USERS.slow.username);
  assert.ok(Date.now() - started < 25_000);
  assert.equal(run.results['access-Services-query'].outcome, 'incomplete');
  assert.match(run.results['access-Services-query'].text, /did not answer within 10 seconds/);
  assert.equal(run.results['read-Services'].outcome, 'pass');
  assert.equal(run.requests.filter((r) => r.path.endsWith('/Services/entityInformation')).length, 1);
  assert.equal(run.summary, '12/13');
  await assertSecretKept(run);
});

test('malformed JSON: the answer is a finding', async () => {
  const run = await runCheck(USERS.malformed.username);
  assert.equal(run.results['access-Companies-query'].outcome, 'incomplete');
  assert.match(run.results['access-Companies-query'].text, /could not be read/);
  assert.equal(run.requests.length, 10);
  await assertSecretKept(run);
});

test('a 500 with an HTML error page mid-check: incomplete, saying so, not retried, the rest still runs', async () => {
  const run = await runCheck(USERS.htmlError.username);
  assert.equal(run.state, 'done', run.statusText);
  for (const rule of ['access-Contracts-query', 'access-Contracts-update']) {
    assert.equal(run.results[rule].outcome, 'incomplete', rule);
    assert.match(run.results[rule].text, /status 500 and an error page instead of the API's JSON/, rule);
    assert.ok(!run.results[rule].text.includes('<'), 'the HTML is not quoted');
  }
  assert.equal(run.results['read-Contracts'].outcome, 'pass');
  assert.equal(run.requests.filter((r) => r.path.endsWith('/Contracts/entityInformation')).length, 1, 'retried');
  assert.equal(run.requests.length, 10);
  assert.equal(run.summary, '11/13');
  await assertSecretKept(run);
});

test('a connection reset partway through an answer: incomplete, saying the connection broke, not retried', async () => {
  const run = await runCheck(USERS.reset.username);
  assert.equal(run.state, 'done', run.statusText);
  assert.equal(run.results['read-Services'].outcome, 'incomplete');
  assert.match(run.results['read-Services'].text, /connection broke before an answer came/);
  assert.equal(run.requests.filter((r) => r.path.endsWith('/Services/query')).length, 1, 'retried');
  assert.equal(run.requests.length, 10);
  assert.equal(run.summary, '12/13');
  await assertSecretKept(run);
});

test('a zone outside autotask.net is refused before any credential leaves', async () => {
  const run = await runCheck(USERS.outside.username);
  assert.equal(run.results['zone-lookup'].outcome, 'fail');
  assert.match(run.results['zone-lookup'].text, /not under autotask\.net; no credentials were sent/);
  assert.equal(run.requests.length, 1);
  assert.equal(credentialed(run).length, 0);
  assert.ok(run.requests.every((r) => !JSON.stringify(r.headers).includes(SECRET)));
  await assertSecretKept(run);
});

test('a redirect is never followed', async () => {
  const run = await runCheck(USERS.redirect.username);
  assert.equal(run.results.credentials.outcome, 'incomplete');
  assert.match(run.results.credentials.text, /redirect, which this check never follows/);
  assert.equal(run.requests.length, 2);
  await assertSecretKept(run);
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
