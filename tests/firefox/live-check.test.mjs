// The live API check in Firefox, against the same stand-in and with the same
// expectations as tests/e2e/live-check.test.mjs in Chromium: every stand-in
// user through the add-on's check page (the event page runs the Rust
// check), the request counts, how many at once, where credentials went, no
// 401 retried; and after each run no storage area, console output or report
// holding the secret or the username. The hosts are reached through the
// test proxy (firefox.mjs), as Chromium maps them.
//
// Not here: Chromium's record of every port message from the worker to the
// page (an init script wraps runtime.connect). WebDriver classic has no init
// script, and a script it runs in an add-on page works on Xray views of the
// page's objects, so a wrapper it sets on browser.runtime is not the one the
// page calls (measured: nothing recorded). What those messages carry is what
// the page shows and the report holds, both checked here; the messages
// themselves are checked in Chromium.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { FOREIGN_HOST, HOSTS as API_HOSTS, INTEGRATION_CODE, LOOKUP_HOST, USERS, ZONE_HOST, startApiStandin } from '../e2e/api-standin.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { consoleText, extensionUrl, inAddon, useFirefox, waitFor } from './firefox.mjs';

const SECRET = `Zq7${randomBytes(16).toString('base64url').slice(0, 20)}$x`;
const CHECK_TIMEOUT = 30_000;
let standin;
const firefox = useFirefox(async () => {
  standin = await startApiStandin(SECRET);
  return { routes: Object.fromEntries(API_HOSTS.map((h) => [h, standin.port])) };
});
after(() => standin?.close());

const byId = (id) => firefox.driver.findElement({ css: `[data-testid="${id}"]` });

async function openForm() {
  await firefox.driver.get(extensionUrl('check/check.html'));
  await waitFor(() => byId('live-run'), 'the form');
}

async function fill(username, secret, code) {
  for (const [id, text] of [['live-username', username], ['live-secret', secret], ['live-code', code]]) {
    const field = await byId(id);
    await field.clear();
    await field.sendKeys(text);
  }
}

/** Runs the check for one stand-in user on the add-on's page; returns what the page shows. */
async function runCheck(username, { code = INTEGRATION_CODE, secret = SECRET } = {}) {
  standin.reset();
  await openForm();
  await fill(username, secret, code);
  await (await byId('live-run')).click();
  await waitFor(async () => (await (await byId('live-status')).getAttribute('data-state')), 'the check to end', CHECK_TIMEOUT);
  const shown = await firefox.driver.executeScript(`const q = (id) => document.querySelector('[data-testid="' + id + '"]');
    return {
      state: q('live-status').getAttribute('data-state'),
      statusText: q('live-status').textContent,
      summary: q('live-report').getAttribute('data-asg-summary'),
      passes: q('live-report').getAttribute('data-passes'),
      results: Object.fromEntries([...q('live-results').children].map((li) => [li.dataset.rule, { outcome: li.dataset.asg, text: li.textContent }])),
      steps: Object.fromEntries([...q('live-steps').children].map((li) => [li.dataset.testid.replace('live-step-', ''), li.dataset.state])),
      markdown: q('live-markdown').textContent,
      report: q('live-report').textContent,
      bodyText: document.body.innerText,
      usernameField: q('live-username').value,
      secretField: q('live-secret').value,
      html: document.documentElement.outerHTML,
    };`);
  return { username, ...shown, requests: standin.requests, maxInFlight: standin.maxInFlight };
}

/** What every run must hold, whatever the user. */
async function assertSecretKept(run) {
  const stores = await inAddon(firefox.driver, `return JSON.stringify(await Promise.all(
    ['local', 'session', 'sync'].map((area) => browser.storage[area].get(null))));`);
  const consoles = await consoleText(firefox.driver);
  assert.ok(!stores.includes(SECRET), 'the secret is in extension storage');
  assert.ok(!run.markdown.includes(SECRET), 'the secret is in the Markdown report');
  assert.ok(!run.html.includes(SECRET), 'the secret is on the page after the check');
  assert.equal(run.secretField, '', 'the secret field is emptied after the check');
  assert.ok(!consoles.includes(SECRET), 'the secret is in console output (pages or the event page)');
  const user = run.username.toLowerCase();
  assert.equal(run.usernameField, run.username, 'the username field keeps what was typed');
  for (const [where, text] of [
    ['extension storage', stores], ['the Markdown report', run.markdown], ['the report shown', run.report],
    ['the page text', run.bodyText], ['the page markup', run.html], ['console output', consoles],
  ]) assert.ok(!text.toLowerCase().includes(user), `the username is in ${where}`);
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

test('Firefox: a good user passes every check: 10 requests, at most 3 at once, the right headers', async () => {
  const run = await runCheck(USERS.good.username);
  assert.equal(run.state, 'done', run.statusText);
  assert.equal(run.summary, '13/13');
  assert.equal(run.passes, 'true');
  assert.equal(run.requests.length, 10);
  assert.ok(run.maxInFlight >= 2 && run.maxInFlight <= 3, `${run.maxInFlight} at once`);
  assert.deepEqual(Object.values(run.steps), ['done', 'done', 'done', 'done']);
  assert.ok(Object.values(run.results).every((r) => r.outcome === 'pass'));
  for (const r of credentialed(run)) {
    assert.equal(r.headers.secret, SECRET);
    assert.equal(r.headers.username, USERS.good.username);
    assert.equal(r.headers.apiintegrationcode, INTEGRATION_CODE);
    assert.equal(r.headers['content-type'], 'application/json');
  }
  assert.equal(JSON.parse(run.requests.find((r) => r.path.endsWith('/Companies/query')).query.search).MaxRecords, 1);
  await assertSecretKept(run);
});

for (const [name, user] of [['wrong secret', USERS.wrongSecret], ['locked', USERS.locked]]) {
  test(`Firefox: ${name}: 401 is reported as "wrong secret or locked", never retried, and stops the check`, async () => {
    const run = await runCheck(user.username);
    assert.equal(run.summary, '1/13');
    assert.match(run.results.credentials.text, /wrong secret, or the user is locked; Autotask does not say which/);
    assert.equal(run.requests.length, 2);
    assert.equal(credentialed(run).length, 1, 'exactly one attempt with the secret');
    assert.deepEqual(run.steps, { zone: 'done', threshold: 'done', access: 'skipped', reads: 'skipped' });
    await assertSecretKept(run);
  });
}

// [user, summary or null, requests, rule → [outcome, text]]: the cases whose
// Chromium expectations are one finding each.
const CASES = [
  ['unknown', null, 1, { 'zone-lookup': ['fail', /does not know the Username \(Key\) entered as an API user/] }],
  ['badCode', null, 2, { credentials: ['fail', /integration code \(ApiIntegrationCode\)/] }],
  ['noContracts', '7/13', 8, { 'access-Contracts-update': ['fail', /Contract Visibility \(for contracts you have access to\)" to Full/], 'read-Contracts': ['incomplete', /./] }],
  ['restrictedServices', '11/13', null, { 'read-Services': ['fail', /adequate permissions.*Products, Services, & Inventory/] }],
  ['nearThreshold', '12/12', null, { 'request-budget': ['warn', /7500 of 10000 \(75 %\)/] }],
  ['slow', '12/13', null, { 'access-Services-query': ['incomplete', /did not answer within 10 seconds/], 'read-Services': ['pass', /./] }],
  ['malformed', null, 10, { 'access-Companies-query': ['incomplete', /could not be read/] }],
  ['htmlError', '11/13', 10, { 'access-Contracts-query': ['incomplete', /status 500 and an error page instead of the API's JSON/] }],
  ['reset', '12/13', 10, { 'read-Services': ['incomplete', /connection broke before an answer came/] }],
  ['outside', null, 1, { 'zone-lookup': ['fail', /not under autotask\.net; no credentials were sent/] }],
  ['redirect', null, 2, { credentials: ['incomplete', /redirect, which this check never follows/] }],
];
for (const [key, summary, requests, findings] of CASES) {
  test(`Firefox: ${key}: ${Object.entries(findings).map(([rule, [outcome]]) => `${rule} ${outcome}`).join(', ')}`, async () => {
    const run = await runCheck(USERS[key].username);
    if (summary) assert.equal(run.summary, summary);
    if (requests !== null) assert.equal(run.requests.length, requests);
    for (const [rule, [outcome, text]] of Object.entries(findings)) {
      assert.equal(run.results[rule]?.outcome, outcome, rule);
      assert.match(run.results[rule].text, text, rule);
    }
    if (['unknown', 'outside'].includes(key)) assert.equal(credentialed(run).length, 0);
    await assertSecretKept(run);
  });
}

test('Firefox: bad input is refused on the page before anything is sent', async () => {
  const run = await runCheck('has space');
  assert.equal(run.state, 'refused');
  assert.match(run.statusText, /Username \(Key\)/);
  assert.equal(run.requests.length, 0);
});

test('Firefox: the checker page tries directly and, refused by the browser (CORS), says to use the extension', async () => {
  const www = await serveStatic(fileURLToPath(new URL('../../dist/www/', import.meta.url)));
  const { driver } = firefox;
  standin.reset();
  try {
    await driver.get(`http://127.0.0.1:${www.port}/`);
    await waitFor(async () => (await (await byId('engine-status')).getAttribute('data-state')) === 'ready', 'the engine');
    await fill(USERS.good.username, SECRET, INTEGRATION_CODE);
    await (await byId('live-run')).click();
    await waitFor(async () => (await (await byId('live-status')).getAttribute('data-state')), 'the check to end', CHECK_TIMEOUT);
    const zone = await driver.findElement({ css: '[data-testid="live-results"] [data-rule="zone-lookup"]' });
    assert.equal(await zone.getAttribute('data-asg'), 'incomplete');
    assert.match(await zone.getAttribute('textContent'), /did not let this page call the Autotask API.*from the Setup Guard extension/);
    assert.equal(await (await byId('live-secret')).getAttribute('value'), '');
    assert.ok(!(await driver.getPageSource()).includes(SECRET));
    assert.ok(standin.requests.length <= 1, 'nothing followed the refused lookup');
    assert.ok(standin.requests.every((r) => r.headers.secret === undefined));
  } finally {
    await www.close();
  }
});
