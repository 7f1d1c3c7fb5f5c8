// End-to-end: the whole setup journey on the demo host in Chromium, from the
// Security Levels list to the live check against the API stand-in, with the
// popup's Setup section checked after each step, and the setup report it
// copies checked field by field and scanned for the secret, the username
// and any address.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HOSTS as API_HOSTS, INTEGRATION_CODE, USERS, ZONE_HOST, startApiStandin } from './api-standin.mjs';
import { launch } from './browser.mjs';
import { DEMO_HOST, walkJourney } from './journey-walk.mjs';
import { startServer } from './server.mjs';

const SECRET = 'Jy7#Qp2!vL9$wR4@kT6&nB3*';
let fixtures;
let standin;
let browser;
let worker;
let walk;
before(async () => {
  fixtures = await startServer();
  standin = await startApiStandin(SECRET);
  browser = await launch(fixtures.port, Object.fromEntries(API_HOSTS.map((h) => [h, standin.port])));
  worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
  const id = new URL(worker.url()).host;
  walk = await walkJourney(browser.context, id, { username: USERS.good.username, secret: SECRET, code: INTEGRATION_CODE });
});
after(async () => {
  await browser?.close();
  await standin?.close();
  await fixtures?.close();
});

const ORDER = ['copy-level', 'level-permissions', 'contract', 'api-user', 'live-check', 'connect'];
const states = (seen) => Object.fromEntries(Object.entries(seen.steps).map(([id, s]) => [id, s.state]));
const at = (what) => walk.seen.find(([w]) => w === what)[1];

test('journey: the popup shows every step in the guide\'s order, each state from what was verified, after each step', () => {
  assert.deepEqual(walk.seen.map(([what]) => what), ['the Security Levels list', 'the level, with findings', 'the level, set right',
    'the contract, marked and passing', 'the API user', 'the live check']);
  const list = at('the Security Levels list');
  assert.deepEqual(Object.keys(list.steps), ORDER);
  assert.equal(list.title, 'Setup of rhipe PRISM Connect on this Autotask');
  assert.equal(list.progress, '0 of 5 steps verified');
  assert.deepEqual(states(list), { 'copy-level': 'not-started', 'level-permissions': 'not-started', contract: 'not-started',
    'api-user': 'not-started', 'live-check': 'not-started', connect: 'not-verifiable' });
  assert.ok(list.steps['copy-level'].current, 'the first step is where the admin is');
  assert.match(list.steps['copy-level'].todo, /right-click "API User \(system\) \(API-only\)".*"Rhipe Integration"/);
  // The API user's page has a known address: a link on this host.
  assert.equal(list.steps['api-user'].link, `https://${DEMO_HOST}/Mvc/AdministrationSetup/ApiUser.mvc/NewApiUser`);

  const failing = at('the level, with findings');
  assert.equal(failing.steps['copy-level'].state, 'done');
  assert.equal(failing.steps['level-permissions'].state, 'in-progress');
  assert.equal(failing.steps['level-permissions'].text, 'In progress: 5 findings open');
  assert.ok(failing.steps['level-permissions'].current);

  const right = at('the level, set right');
  assert.equal(right.steps['level-permissions'].state, 'done');
  assert.match(right.steps['level-permissions'].text, /^Done, verified \d{4}-\d{2}-\d{2}: "Rhipe Integration"$/);
  assert.equal(right.progress, '2 of 5 steps verified');
  assert.ok(right.steps.contract.current);

  const contract = at('the contract, marked and passing');
  assert.match(contract.steps.contract.text, /^Done, verified \d{4}-\d{2}-\d{2}: "Acme Cloud \(PRISM\)"$/);
  assert.equal(contract.steps['api-user'].state, 'not-started');

  const user = at('the API user');
  assert.equal(user.steps['api-user'].state, 'done');
  assert.match(user.steps['api-user'].text, /: ".+"$/, 'done with the user\'s name');
  assert.equal(user.steps['live-check'].state, 'not-started');
  assert.ok(user.steps['live-check'].current);

  const live = at('the live check');
  assert.equal(walk.liveSummary, '13/13');
  assert.match(walk.opened, /\/check\/check\.html\?host=ww5\.autotask\.net$/, 'the popup opened the check for this host');
  assert.equal(live.steps['live-check'].state, 'done');
  assert.match(live.steps['live-check'].text, /^Done, verified \d{4}-\d{2}-\d{2}$/);
  assert.equal(live.progress, '5 of 5 steps verified');
  assert.equal(live.steps.connect.state, 'not-verifiable');
});

test('journey: the setup report names each object, verdict and the live check, and holds no secret, username or address', () => {
  const report = JSON.parse(walk.json);
  assert.deepEqual(report.profile, { id: 'rhipe-prism-connect', name: 'rhipe PRISM Connect', version: report.profile.version });
  assert.match(report.profile.version, /^\d+\.\d+\.\d+$/);
  assert.equal(report.format, 1);
  assert.equal(typeof report.engine, 'string');
  assert.equal(typeof report.checkedAt, 'string');
  assert.deepEqual([report.done, report.total, report.next], [5, 5, null]);
  assert.deepEqual(report.steps.map((s) => s.id), ORDER);
  const step = Object.fromEntries(report.steps.map((s) => [s.id, s]));
  assert.deepEqual([step['copy-level'].state, step['copy-level'].object], ['done', 'Rhipe Integration']);
  assert.deepEqual([step['level-permissions'].state, step['level-permissions'].object, step['level-permissions'].open,
    step['level-permissions'].findings], ['done', 'Rhipe Integration', 0, []]);
  assert.deepEqual([step.contract.state, step.contract.object], ['done', 'Acme Cloud (PRISM)']);
  assert.equal(step['api-user'].state, 'done');
  assert.equal(typeof step['api-user'].object, 'string');
  assert.deepEqual([step['live-check'].state, step['live-check'].object, step['live-check'].open], ['done', null, 0]);
  for (const s of report.steps.slice(0, 5)) assert.match(s.at, /^\d{4}-\d{2}-\d{2}T/, `${s.id} has its date`);

  const md = walk.markdown;
  assert.ok(md.startsWith('# Autotask setup: rhipe PRISM Connect\n'), md);
  assert.match(md, /Profile rhipe PRISM Connect \d+\.\d+\.\d+ · 5 of 5 steps verified/);
  assert.match(md, /2\. \*\*Set the copied level's permissions\*\*: done · "Rhipe Integration" · \d{4}-/);
  assert.match(md, /3\. \*\*Create the Recurring Service contract\*\*: done · "Acme Cloud \(PRISM\)"/);
  assert.match(md, /5\. \*\*Check the API user against Autotask\*\*: done · \d{4}-/);
  assert.match(md, /6\. \*\*Connect rhipe PRISM Connect\*\*: yours to confirm/);

  for (const [what, text] of [['Markdown', md], ['JSON', walk.json]]) {
    for (const never of [SECRET, USERS.good.username, INTEGRATION_CODE, ZONE_HOST, DEMO_HOST, 'autotask.net', 'https://', 'http://']) {
      assert.ok(!text.includes(never), `the ${what} setup report holds ${never}`);
    }
  }
});

test('journey: the journal in storage holds verdicts only: no secret, username, integration code or zone', async () => {
  const stored = await worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
  const record = JSON.parse(stored)[`host:${DEMO_HOST}`];
  assert.deepEqual(Object.keys(record.journal), ['rhipe-prism-connect']);
  assert.deepEqual(Object.keys(record.journal['rhipe-prism-connect']).sort(), ['api-user', 'contract', 'live-check', 'security-level']);
  for (const never of [SECRET, USERS.good.username, INTEGRATION_CODE, ZONE_HOST]) {
    assert.ok(!stored.includes(never), `storage holds ${never}`);
  }
});
