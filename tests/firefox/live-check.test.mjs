// The live API check in Firefox, against the same stand-in and with the same
// cases as tests/e2e/live-check.test.mjs in Chromium (tests/e2e/scenarios.mjs
// LIVE_CASES, one list for both browsers): every stand-in
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
import { DOCUMENTED_SHAPE, expectDocumentedShape, LIVE_CASES, echoIn, expectLive } from '../e2e/scenarios.mjs';
import { serveStatic } from '../e2e/server.mjs';
import { consoleText, extensionUrl, inAddon, useFirefox, waitFor } from './firefox.mjs';

const SECRET = `Zq7${randomBytes(16).toString('base64url').slice(0, 20)}$x`;
// For the users whose errors echo it: with the characters that need escaping.
const ECHO_SECRET = `E"c\\h%2B+${randomBytes(9).toString('base64url')}`;
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
  const startedAt = Date.now();
  await (await byId('live-run')).click();
  await waitFor(async () => (await (await byId('live-status')).getAttribute('data-state')), 'the check to end', CHECK_TIMEOUT);
  const endedAt = Date.now();
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
  return { username, startedAt, endedAt, ...shown, requests: standin.requests, maxInFlight: standin.maxInFlight };
}

/** What every run must hold, whatever the user. */
async function assertSecretKept(run, secret = SECRET) {
  const stores = await inAddon(firefox.driver, `return JSON.stringify(await Promise.all(
    ['local', 'session', 'sync'].map((area) => browser.storage[area].get(null))));`);
  const consoles = await consoleText(firefox.driver);
  assert.equal(run.secretField, '', 'the secret field is emptied after the check');
  assert.equal(run.usernameField, run.username, 'the username field keeps what was typed');
  // The secret and the username, in any form an echo takes, are nowhere.
  for (const [what, value] of [['secret', secret], ['username', run.username]]) {
    for (const [where, text] of [
      ['extension storage', stores], ['the Markdown report', run.markdown], ['the report shown', run.report],
      ['the page text', run.bodyText], ['the page markup', run.html], ['console output (pages and the event page)', consoles],
    ]) assert.equal(echoIn(text, value), undefined, `the ${what} is in ${where}`);
  }
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

// The cases both browsers run (scenarios.mjs), with Firefox's secret scan.
for (const c of LIVE_CASES) {
  test(`Firefox: ${c.title}`, async () => {
    const secret = c.echo ? ECHO_SECRET : SECRET;
    const run = await runCheck(USERS[c.user].username, { secret });
    expectLive(run, c, { secret, username: USERS[c.user].username, code: INTEGRATION_CODE });
    await assertSecretKept(run, secret);
  });
}

test(`Firefox: ${DOCUMENTED_SHAPE.title}`, () => expectDocumentedShape({
  standin, runCheck, usernameOf: (user) => USERS[user].username, assertSecretKept,
}));

test('Firefox: bad input is refused on the page before anything is sent', async () => {
  const run = await runCheck('has space');
  assert.equal(run.state, 'refused');
  assert.match(run.statusText, /Username \(Key\)/);
  assert.equal(run.requests.length, 0);
});

test('Firefox: one check at a time: a second page is told to wait, and the limit of three holds', async () => {
  const { driver } = firefox;
  standin.reset();
  const back = await driver.getWindowHandle();
  const tabs = [];
  try {
    for (const username of [USERS.slow.username, USERS.good.username]) {
      await driver.switchTo().newWindow('tab');
      tabs.push(await driver.getWindowHandle());
      await openForm();
      await fill(username, SECRET, INTEGRATION_CODE);
    }
    await driver.switchTo().window(tabs[0]);
    await (await byId('live-run')).click();
    await waitFor(async () => (await (await byId('live-step-threshold')).getAttribute('data-state')) === 'done', 'the first check under way');
    await driver.switchTo().window(tabs[1]);
    await (await byId('live-run')).click();
    await waitFor(async () => (await (await byId('live-status')).getAttribute('data-state')) === 'refused', 'the second page refused', 5_000);
    assert.match(await (await byId('live-status')).getAttribute('textContent'), /Another live check is running/);
    await driver.switchTo().window(tabs[0]);
    await waitFor(async () => (await (await byId('live-status')).getAttribute('data-state')) === 'done', 'the first check done', CHECK_TIMEOUT);
    assert.ok(standin.requests.every((r) => r.query.user !== USERS.good.username && r.headers.username !== USERS.good.username));
    assert.ok(standin.maxInFlight <= 3);
  } finally {
    for (const tab of tabs) {
      await driver.switchTo().window(tab);
      await driver.close();
    }
    await driver.switchTo().window(back);
  }
});

test('Firefox: the popup opens the live check page', async () => {
  const { driver } = firefox;
  await driver.get(extensionUrl('popup/popup.html'));
  const before = await driver.getAllWindowHandles();
  await (await byId('popup-live-check')).click();
  const opened = await waitFor(async () => (await driver.getAllWindowHandles()).find((h) => !before.includes(h)), 'a new tab');
  await driver.switchTo().window(opened);
  try {
    await waitFor(async () => new URL(await driver.getCurrentUrl()).pathname === '/check/check.html', 'the live check page');
    assert.match(await (await waitFor(() => byId('live-form'), 'the form')).getAttribute('textContent'), /Integration Vendor/);
  } finally {
    // The popup may close itself (in a tab, that tab): keep one tab open.
    const others = (await driver.getAllWindowHandles()).filter((h) => h !== opened);
    if (others.length) {
      await driver.close();
      await driver.switchTo().window(others[0]);
    }
  }
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
