// The scenarios both browsers run: one list, iterated by Chromium's tests
// (tests/e2e/*, Playwright) and Firefox's (tests/firefox/*, geckodriver),
// each with its own driver. A scenario is data: the fixture page, what the
// extension remembers for the host first, what must come out (the fixture
// pair's JSON, a live check's findings), and the admin's actions (which
// save control, pressed how). Test names come from here too, the same in
// both browsers (Firefox's start "Firefox: "), so that
// tests/coverage/coverage.test.mjs pairs them without a word in
// tests/firefox/coverage.json.
import assert from 'node:assert/strict';
import { fixtures } from './fixtures.mjs';

export const HOST_KEY = 'host:ww5.autotask.net';

// ------------------------------------------------------------ fixture pairs

/**
 * What the extension must remember for the fixture host before a pair is
 * judged (tests/fixtures/README.md): a contract pair's `remember` (the
 * host's settings, whole), an API user pair's `rememberedLevel`, and nothing
 * for the rest. The value of HOST_KEY in storage.local, or null for none.
 */
export function hostSettings(spec) {
  if (spec.remember) return spec.remember;
  if (spec.rememberedLevel) return { level: spec.rememberedLevel };
  return null;
}

/** A pair's test name: what the page must show, and what is remembered. */
export const pairTitle = ({ name, spec }) => `${name}: ${[spec.page, spec.bound && `bound=${spec.bound}`, spec.summary,
  spec.rememberedLevel && `remembered ${spec.rememberedLevel}`].filter(Boolean).join(' ')}`;

/**
 * Every fixture pair, with the Chromium file that judges it: api-user.test.mjs
 * and contract.test.mjs judge theirs one at a time (their remembered
 * settings are per host), security-level.test.mjs the rest, four at a time.
 * Firefox judges them all in pairs.test.mjs.
 */
export const PAIRS = fixtures.map((fx) => ({
  ...fx,
  title: pairTitle(fx),
  remember: hostSettings(fx.spec),
  chromium: fx.name.startsWith('api-user/') ? 'api-user' : fx.spec.remember ? 'contract' : 'security-level',
}));

// Checks of the list itself, run with each browser's pairs.
export const PAIR_LIST_CHECKS = {
  'there are pairs for both UI generations': () => {
    const users = PAIRS.filter((p) => p.name.startsWith('api-user/'));
    assert.ok(users.some((fx) => fx.name.includes('classic')) && users.some((fx) => fx.name.includes('current-ui')));
  },
  'there is a pair for every rule': () => {
    const contracts = PAIRS.filter((p) => p.name.startsWith('contract/'));
    assert.ok(contracts.length >= 15, `only ${contracts.length} contract pairs`);
  },
};

// --------------------------------------------------------- the save guard

/**
 * Each kind of save control on tests/fixtures/guard/save-controls.html, and
 * how an admin uses it: `click` (a real pointer click in the middle of the
 * element) or `enter` (focus the field, press Enter).
 */
export const SAVE_CONTROLS = [
  { kind: 'input type=submit', click: '[data-save="input-submit"]' },
  { kind: 'button type=submit', click: '[data-save="button-submit"]' },
  { kind: 'a href=javascript:', click: '[data-save="link"]' },
  { kind: '.Button2 acting on mousedown', click: '[data-save="div-mousedown"]' },
  { kind: '.Button2 acting on click', click: '[data-save="div-click"]' },
  { kind: 'inline onclick calling form.submit()', click: '[data-save="inline-onclick"]' },
  { kind: 'Enter in a field', enter: '#level input[type="text"]' },
].map((c) => ({ ...c, title: `${c.kind}: blocked with the dialog; Cancel saves nothing; Save anyway saves once; Fix for me then Save saves` }));

// ------------------------------------------------------------ Apply / Undo

/** Apply then Undo on a page with findings: every control set, then every one put back. */
export const APPLY_UNDO = [
  { title: 'classic UI: Apply makes the level pass, Undo restores it exactly', path: '/security-level/classic-deviations.html' },
  { title: 'current UI: Apply clicks the widgets and pickers, Undo restores them exactly', path: '/security-level/current-ui.html' },
  { title: 'current UI in the shell: Apply and Undo inside the iframe', path: '/shell/current-ui-in-iframe.html', frame: 'iframe' },
];

/**
 * Runs in the page: every judged control's state, by fixture id, as the
 * page's own DOM has it (native inputs, Autotask's widgets, ARIA widgets
 * and image checkboxes).
 */
export function readControls() {
  const out = {};
  const text = (n) => (n ? n.textContent.trim() : null);
  for (const el of document.querySelectorAll('[data-fixture-id]')) {
    const box = el.closest('.Checkbox2');
    const picker = el.closest('.SingleItemSelector2, .SingleDataSelector2');
    const role = el.getAttribute('role');
    out[el.dataset.fixtureId] = el.type === 'checkbox' || el.type === 'radio' ? el.checked
      : el.tagName === 'SELECT' ? el.options[el.selectedIndex].textContent.trim()
      : el.tagName === 'IMG' ? el.getAttribute('src')
      : el.matches('.RadioButtonItem') ? el.className
      : box ? el.classList.contains('Checked') || box.classList.contains('Checked')
      : picker ? text(picker.querySelector('.Text'))
      : role === 'listbox' ? text(el.querySelector('[aria-selected="true"]'))
      : role === 'combobox' ? (el.tagName === 'INPUT' ? el.value : text(el.querySelector('.Value')))
      : el.hasAttribute('aria-checked') ? el.getAttribute('aria-checked') : null;
  }
  return out;
}

// In the page: a change for every control with a fixture id, to a state it is not in.
export function everyChange() {
  const changes = [];
  for (const el of document.querySelectorAll('[data-fixture-id]')) {
    const now = globalThis.AsgApply.readState(el);
    if (now === null) continue;
    const options = el.getAttribute('role') === 'listbox' ? [...el.querySelectorAll('[role="option"]')]
      : el.getAttribute('role') === 'combobox' ? [...document.getElementById(el.getAttribute('aria-controls')).querySelectorAll('[role="option"]')]
      : el.tagName === 'SELECT' ? [...el.options] : null;
    const want = options ? options.map((o) => o.textContent.trim()).find((t) => t !== now) : now === 'on' ? 'off' : 'on';
    if (el.matches('.RadioButtonItem, [role="radio"], input[type="radio"]') && want === 'off') continue;
    changes.push({ el, want, name: el.dataset.fixtureId });
  }
  return changes;
}

// -------------------------------------------------------- the live check

/**
 * Every stand-in user (tests/e2e/api-standin.mjs) through the extension's
 * check page, and what the run must give. `expectLive` holds a run (as each
 * browser's `runCheck` returns it) to its case; each browser then adds its
 * own secret scan (what it can observe: see each live-check.test.mjs).
 *   user: the USERS key; echo: the run uses the secret whose echoes the
 *   stand-in sends back; state, summary, passes: what the page shows;
 *   requests: how many reached the stand-in; maxInFlight: exactly that many
 *   at once; credentialed: how many carried the secret; steps: each step's
 *   state; results: rule -> [outcome, ...patterns its text must match];
 *   once: path endings asked exactly once (nothing retried);
 *   noMarkup: rules whose text quotes no HTML; refusal: the status and
 *   body length of request 1; within: the run ends within this many ms.
 */
export const LIVE_CASES = [
  {
    title: 'a good user passes every check: 10 requests, at most 3 at once, the right headers',
    user: 'good', state: 'done', summary: '13/13', passes: 'true', requests: 10, maxInFlight: 3, allPass: true, headers: true,
    steps: { zone: 'done', threshold: 'done', access: 'done', reads: 'done' },
  },
  ...[['wrong secret', 'wrongSecret'], ['locked', 'locked']].map(([name, user]) => ({
    title: `${name}: 401 is reported as "wrong secret or locked", never retried, and stops the check`,
    user, summary: '1/13', requests: 2, credentialed: 1, refusal: [401, 0],
    results: { credentials: ['fail', /wrong secret, or the user is locked; Autotask does not say which/], 'read-Companies': ['incomplete'] },
    steps: { zone: 'done', threshold: 'done', access: 'skipped', reads: 'skipped' },
  })),
  {
    title: 'unknown user: the zone lookup finds none, nothing else is sent',
    user: 'unknown', requests: 1, credentialed: 0,
    results: { 'zone-lookup': ['fail', /does not know the Username \(Key\) entered as an API user/] },
  },
  {
    title: 'bad integration code: says whose code it is',
    user: 'badCode', requests: 2,
    results: { credentials: ['fail', /integration code \(ApiIntegrationCode\)/, /Integration Vendor.*Custom \(Internal Integration\)/] },
  },
  {
    title: 'no contract visibility: Contracts and ContractServices fail, pointing at Contract Visibility',
    user: 'noContracts', summary: '7/13', requests: 8,
    results: {
      ...Object.fromEntries(['access-Contracts-query', 'access-Contracts-update', 'access-ContractServices-query', 'access-ContractServices-update']
        .map((rule) => [rule, ['fail', /Contract Visibility \(for contracts you have access to\)" to Full/]])),
      'read-Contracts': ['incomplete'],
      'read-Companies': ['pass'],
    },
  },
  {
    title: 'restricted services: the permission error is mapped to the setting that grants it',
    user: 'restrictedServices', summary: '11/13',
    results: { 'access-Services-query': ['fail', /\(Restricted\)/], 'read-Services': ['fail', /adequate permissions.*Products, Services, & Inventory/] },
  },
  {
    title: 'the permission text with another ending is still a missing permission, mapped to its setting',
    user: 'permissionOther', summary: '12/13',
    results: { 'read-Companies': ['fail', /lack of permission \(The logged in Resource .* entity Company\.\)/, /Organization & Contact Access/] },
  },
  {
    title: 'bad integration code answered with a bare "Something went wrong": the code is named first',
    user: 'badCodeBare', requests: 2,
    results: { credentials: ['fail', /Something went wrong.*integration code \(ApiIntegrationCode\) first/, /Integration Vendor.*Custom \(Internal Integration\)/] },
  },
  {
    title: 'an entity that refuses an operation for everyone fails it, though the user\'s access is "All"',
    user: 'entityRefuses', state: 'done', summary: '10/13', requests: 9,
    results: {
      'access-Contracts-query': ['pass'],
      'access-Contracts-update': ['fail', /refuses to update Contracts through the API for every user .*canUpdate is false/],
      'access-ContractServices-query': ['fail', /canQuery false.*refuses to query ContractServices/],
      'access-ContractServices-update': ['pass'],
      'read-ContractServices': ['incomplete'],
    },
  },
  ...[['as is', 'echoRaw'], ['JSON-escaped in the text', 'echoEscaped'], ['as \\u escapes in the JSON', 'echoUnicode'], ['percent-encoded', 'echoPercent']]
    .map(([form, user]) => ({
      title: `an error that echoes the secret and the username ${form}: neither reaches anything shown`,
      user, echo: true, state: 'done', status: { '/Services/query': 500 },
      results: { 'read-Services': ['fail', /lack of permission/, /\(UserName "?\(the username\)"?, Secret "?\[secret removed\]"?\)/] },
    })),
  {
    title: 'a bare-text 500 that echoes both percent-encoded at the credentials step: neither is shown',
    user: 'echoPlain', echo: true,
    results: { credentials: ['fail', /Something went wrong/] },
  },
  {
    title: 'near the threshold: a warning that does not count against the user',
    user: 'nearThreshold', summary: '12/12', passes: 'true',
    results: { 'request-budget': ['warn', /7500 of 10000 \(75 %\)/] },
  },
  {
    title: 'slow answer: a timeout is a finding, not retried, and the rest still runs',
    user: 'slow', summary: '12/13', within: 25_000, once: ['/Services/entityInformation'],
    results: { 'access-Services-query': ['incomplete', /did not answer within 10 seconds/], 'read-Services': ['pass'] },
  },
  {
    title: 'malformed JSON: the answer is a finding',
    user: 'malformed', requests: 10,
    results: { 'access-Companies-query': ['incomplete', /could not be read/] },
  },
  {
    title: 'a 500 with an HTML error page mid-check: incomplete, saying so, not retried, the rest still runs',
    user: 'htmlError', state: 'done', summary: '11/13', requests: 10, once: ['/Contracts/entityInformation'],
    noMarkup: ['access-Contracts-query', 'access-Contracts-update'],
    results: {
      'access-Contracts-query': ['incomplete', /status 500 and an error page instead of the API's JSON/],
      'access-Contracts-update': ['incomplete', /status 500 and an error page instead of the API's JSON/],
      'read-Contracts': ['pass'],
    },
  },
  {
    title: 'a connection reset partway through an answer: incomplete, saying the connection broke, not retried',
    user: 'reset', state: 'done', summary: '12/13', requests: 10, once: ['/Services/query'],
    results: { 'read-Services': ['incomplete', /connection broke before an answer came/] },
  },
  {
    title: 'a zone outside autotask.net is refused before any credential leaves',
    user: 'outside', requests: 1, credentialed: 0,
    results: { 'zone-lookup': ['fail', /not under autotask\.net; no credentials were sent/] },
  },
  {
    title: 'a redirect is never followed',
    user: 'redirect', requests: 2,
    results: { credentials: ['incomplete', /redirect, which this check never follows/] },
  },
];

/** The documented response shape (flat, numbers) must give these verdicts, as the recorded one does. */
export const DOCUMENTED_SHAPE = {
  title: 'the documented shape (flat, numbers) gives the same verdicts as the recorded one',
  users: [['good', '13/13'], ['noContracts', '7/13'], ['restrictedServices', '11/13'], ['entityRefuses', '10/13']],
};

/** A value as it may be echoed: as is, JSON-escaped, \u-escaped, percent-encoded (lowercased). */
/**
 * The documented-shape case, as either browser runs it: the stand-in answers
 * in the documented flat shape for each user, then goes back to the recorded one.
 */
export async function expectDocumentedShape({ standin, runCheck, usernameOf, assertSecretKept }) {
  standin.shape = 'documented';
  try {
    for (const [user, summary] of DOCUMENTED_SHAPE.users) {
      const run = await runCheck(usernameOf(user));
      assert.equal(run.summary, summary, user);
      const info = run.requests.find((r) => r.path.endsWith('/Companies/entityInformation'));
      assert.equal(info.status, 200);
      await assertSecretKept(run);
    }
  } finally {
    standin.shape = 'recorded';
  }
}

export function echoForms(value) {
  const u = [...value].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
  const pct = [...value].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
  return [...new Set([value, JSON.stringify(value).slice(1, -1), u, encodeURIComponent(value), pct])].map((f) => f.toLowerCase());
}
/** Where in `text` a form of `value` is, if anywhere. */
export const echoIn = (text, value) => echoForms(value).find((f) => text.toLowerCase().includes(f));

export const credentialed = (run) => run.requests.filter((r) => r.headers.secret !== undefined);

/**
 * Holds `run` (state, statusText, summary, passes, results, steps,
 * requests, maxInFlight, startedAt, endedAt) to the case `c`. `secrets`:
 * { secret, username, code } the run typed, for the header checks.
 */
export function expectLive(run, c, secrets) {
  if (c.state) assert.equal(run.state, c.state, run.statusText);
  if (c.summary) assert.equal(run.summary, c.summary);
  if (c.passes) assert.equal(run.passes, c.passes);
  if (c.requests !== undefined) assert.equal(run.requests.length, c.requests, `requests: ${run.requests.map((r) => r.path).join(' ')}`);
  if (c.maxInFlight !== undefined) assert.equal(run.maxInFlight, c.maxInFlight, 'requests at once');
  if (c.credentialed !== undefined) assert.equal(credentialed(run).length, c.credentialed, 'requests carrying the secret');
  if (c.credentialed === 0) assert.ok(run.requests.every((r) => !JSON.stringify(r.headers).includes(secrets.secret)), 'the secret in a header');
  if (c.steps) assert.deepEqual(run.steps, c.steps);
  if (c.allPass) assert.ok(Object.values(run.results).every((r) => r.outcome === 'pass'), JSON.stringify(run.results));
  for (const [rule, [outcome, ...patterns]] of Object.entries(c.results ?? {})) {
    assert.equal(run.results[rule]?.outcome, outcome, rule);
    for (const pattern of patterns) assert.match(run.results[rule].text, pattern, rule);
  }
  for (const rule of c.noMarkup ?? []) assert.ok(!run.results[rule].text.includes('<'), `${rule}: the HTML is quoted`);
  for (const ending of c.once ?? []) assert.equal(run.requests.filter((r) => r.path.endsWith(ending)).length, 1, `${ending}: retried`);
  for (const [ending, status] of Object.entries(c.status ?? {})) {
    assert.equal(run.requests.find((r) => r.path.endsWith(ending))?.status, status, `${ending}: the stand-in's answer`);
  }
  if (c.refusal) assert.deepEqual([run.requests[1].status, run.requests[1].bytes], c.refusal, 'a 401 with an empty body, not JSON');
  if (c.within) assert.ok(run.endedAt - run.startedAt < c.within, `the check took ${run.endedAt - run.startedAt} ms`);
  if (c.headers) {
    for (const r of credentialed(run)) {
      assert.equal(r.headers.secret, secrets.secret);
      assert.equal(r.headers.username, secrets.username);
      assert.equal(r.headers.apiintegrationcode, secrets.code);
      assert.equal(r.headers['content-type'], 'application/json');
    }
    assert.equal(run.requests[0].query.user, secrets.username);
    assert.equal(JSON.parse(run.requests.find((r) => r.path.endsWith('/Companies/query')).query.search).MaxRecords, 1);
  }
}

// -------------------------------------------------- the structure report

/** A fixture pair's structure report test, in both browsers. */
export const fieldReportTitle = (name) => `${name}: report, replay in the checker, fixture pair`;

/**
 * Runs in the add-on (Chromium's worker, a Firefox add-on page): what the
 * popup's button does for the tab at `href`: the frame with the most
 * controls opens the preview of its structure report.
 */
export async function askStructureReport(href) {
  const api = globalThis.browser ?? globalThis.chrome;
  const [tab] = await api.tabs.query({ url: href.split('#')[0] });
  const key = `tab:${tab.id}`;
  const frames = Object.entries((await api.storage.session.get(key))[key] || {});
  frames.sort(([, a], [, b]) => (b.controls || 0) - (a.controls || 0));
  await api.tabs.sendMessage(tab.id, { type: 'asg-structure-report' }, { frameId: Number(frames[0][0]) });
}

const verdictSummary = (v) => (v.summary ? `${v.summary.passed}/${v.summary.total}` : null);

/** A pair's structure report (its text) carries the extension's verdict, and nothing of the host or the fixture. */
export function expectFieldReport(text, spec, name, host = 'ww5.autotask.net') {
  assert.ok(text.length <= 1024 * 1024, `${name}: ${text.length} bytes`);
  const report = JSON.parse(text);
  assert.equal(report.structureReport, 1);
  assert.equal(report.verdict.page, spec.page, `${name}: the report's verdict is not the extension's`);
  assert.equal(verdictSummary(report.verdict), spec.summary ?? null, name);
  assert.ok(!text.includes(host.split('.')[0]) && !text.includes('fixture'), `${name}: the host or a test id is in the report`);
  return report;
}

/**
 * The checker's replay of a pair's report, as read from the page
 * (`explained`, `same`: the replay's data-explained / data-same; `live`:
 * replay-live's data-summary; `kind`: page-kind's data-kind; `why`: the
 * differences listed): the extension's verdict, read as the extension read it.
 */
export function expectReplay({ explained, same, live, kind, why }, spec, name) {
  assert.equal(explained, 'true', `${name}: the checker reads it otherwise: ${why}`);
  if (spec.page === 'security-level' || !spec.bound) assert.equal(same, 'true', `${name}: ${why}`);
  assert.equal(live, spec.summary ?? '', name);
  assert.equal(kind, spec.page, name);
}

/** A pair made from a report holds no fixture id of the original page. */
// A page the engine knows by its address alone cannot be made again from its
// report at another address (the fixture's `byAddress` says why), nor a page
// bound only by the name the admin accepted it under, which a report never
// holds (`byAcceptedName`: a wizard's pages, whose contract has no id yet).
export const madePairApplies = (spec) => !spec.byAddress && !spec.byAcceptedName;
export const expectMadePair = (pair) => assert.ok(!pair.html.includes('data-fixture-id="' + 'crm'), 'no fixture ids of the original page');

/** Bad structure reports made from a good one's `text`: [file, body, what the checker must say]. */
export const badFieldReports = (text) => [
  ['not-json.json', 'this is not JSON {', 'not a structure report'],
  ['other-version.json', text.replace('"structureReport": 1', '"structureReport": 2').replace('"structureReport":1', '"structureReport":2'), 'format 2'],
  ['truncated.json', text.slice(0, Math.floor(text.length / 2)), 'cut off'],
  ['too-big.json', ' '.repeat(1200 * 1024), 'at most 1 MB'],
];

// ------------------------------------------- the keyboard around the dialog

/** Each way the save dialog closes (its test names: `${how}: ${FOCUS_BACK}`), by its button's testid (none: Escape). */
export const DIALOG_CLOSES = { Escape: null, Cancel: 'asg-modal-cancel', 'Save anyway': 'asg-modal-save-anyway', 'Fix for me': 'asg-modal-fix' };
export const FOCUS_BACK = 'the focus goes back to the Save that opened the dialog';

/** Runs in the page: what has the keyboard focus; inside the overlay, its control's testid. */
export function focusedControl() {
  const el = document.activeElement;
  if (el && el.shadowRoot) return `overlay:${el.shadowRoot.activeElement?.dataset.testid ?? 'none'}`;
  return el ? (el.dataset.save ? `save:${el.dataset.save}` : el.localName) : 'none';
}

/** What the dialog says on a level one setting off, and on the API user pair with six. */
export const DIALOG_WORDS = {
  level: { heading: '1 setting is not as the integration needs', intro: /this security level/ },
  apiUser: {
    path: '/api-user/classic-new-deviations.html', summary: '4/10', remember: { level: 'Rhipe Integration' },
    heading: '6 settings are not as the integration needs', intro: /^Saving now keeps this API user different/,
    outcomes: ['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'warn'],
  },
};

// -------------------------------------------- the dock and what it covers

export const LAYOUT_SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];

/** One page of each kind, with what the admin remembered for the host, and what the overlay shows there. */
export const LAYOUT_PAGES = [
  { name: 'security-level/classic-deviations', remember: {}, shows: 'asg-panel' },
  { name: 'security-level/classic-all-correct', remember: {}, shows: 'asg-panel' },
  { name: 'security-level/classic-unbound', remember: {}, shows: 'asg-offer' },
  { name: 'security-level/current-ui', remember: {}, shows: 'asg-panel' },
  { name: 'api-user/classic-new-deviations', remember: { level: 'Rhipe Integration' }, shows: 'asg-panel' },
  { name: 'contract/new-wrong-type', remember: { contractNames: ['Acme Cloud (PRISM)'] }, shows: 'asg-panel' },
  { name: 'contract/unmarked', remember: {}, shows: 'asg-offer' },
];

/** Pages whose badges could lie on each other (a contract's Start and End Date, close together). */
export const BADGE_PAGES = [
  { name: 'contract/ambiguous-date', remember: { contractNames: ['Acme Cloud (PRISM)'] } },
  { name: 'contract/format-yyyy-mm-dd', remember: { contractNames: ['Acme Cloud (PRISM)'] } },
  { name: 'security-level/classic-deviations', remember: {} },
];

/** The minimised panel's one line on a passing level. */
export const NEXT_STEP = /^Next: save this level, then create the API user with it\.$/;

/**
 * Runs in the page: each control the guide names, and whether the overlay
 * covers its centre (null: not laid out, so nothing can cover it).
 */
export function coveredControls(scroll) {
  const GUIDE = /^(no permission|full permission|save( & (close|new))?)$/i;
  const name = (el) => (el.tagName === 'INPUT' ? el.value : el.textContent).replace(/\s+/g, ' ').trim();
  const controls = [...document.querySelectorAll('a, button, input[type="submit"], input[type="button"], .Button2, [role="button"]')]
    .filter((el) => GUIDE.test(name(el)) && !el.closest('[data-asg-ui]'));
  return controls.map((el) => {
    if (scroll) el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) return { name: name(el), covered: null };
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return { name: name(el), covered: null };
    const hit = document.elementFromPoint(x, y);
    return { name: name(el), covered: !(hit && (hit === el || el.contains(hit))), hit: hit ? hit.localName : null };
  });
}

/** Runs in the page: the overlay's badges that are drawn, as boxes. */
export function badgeBoxes() {
  return [...document.querySelector('asg-overlay').shadowRoot.querySelectorAll('.badge')]
    .map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0)
    .map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom }));
}

/** Pairs of boxes that overlap. */
export function overlapping(boxes) {
  const out = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push([a, b]);
  }));
  return out;
}

/** Records in `totals` what was measured on one page at one size, then holds it: nothing covered. */
export function expectUncovered(size, spec, first, scrolled, totals) {
  const n = (list) => list.filter((c) => c.covered).length;
  const inView = first.filter((c) => c.covered !== null);
  const bad = [...first, ...scrolled].filter((c) => c.covered);
  totals.push(`${size.width}×${size.height} ${spec.name}: ${first.length} controls; covered at the first scroll position ${n(first)} of ${inView.length} in view; covered when each is scrolled to the middle ${n(scrolled)} of ${scrolled.length}`);
  assert.ok(first.length > 0, 'the page has controls the guide names');
  assert.ok(scrolled.every((c) => c.covered !== null), 'every control was looked at in the window');
  assert.equal(bad.length, 0, `covered by the overlay: ${bad.map((c) => `${c.name} (${c.hit})`).join(', ')}`);
}

/** A profile like the built-in rhipe one whose sources have links: "Learn more" beside its findings. */
export function profileWithLinks(text) {
  const profile = JSON.parse(text);
  profile.id = 'rhipe-with-links';
  profile.sources = profile.sources.map((s) => ({ ...s, url: `https://docs.example.org/${s.id}` }));
  return { customProfile: { id: 'rhipe-with-links', name: 'rhipe PRISM Connect', version: '1.0.0', file: 'p.json', text: JSON.stringify(profile) }, profile: 'rhipe-with-links' };
}

// ------------------------------------------------- axe on every surface

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs in the page once axe-core is loaded there: its violations, one line
 * each; `within`: a selector to check only that (our overlay on a page not ours).
 */
export async function axeViolations([tags, within]) {
  const engine = globalThis.axe ?? window.axe;
  const context = within ? document.querySelector(within) : document;
  const result = await engine.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** What the popup says for a tab with the failing level's findings (5 to change). */
export const POPUP_COUNTS = { state: '5 settings to change on this page', total: 5, kind: /must change/, shortcut: /Alt\+Shift\+G/, title: 'Autotask Setup Guard' };

/** The first-run decision for each case, and that the test browser's unpacked copy opened no tab. */
export const WELCOME_CASES = {
  store: [{ reason: 'install' }, { installType: 'normal' }, true],
  policy: [{ reason: 'install' }, { installType: 'admin' }, true],
  update: [{ reason: 'update', previousVersion: '0.0.9' }, { installType: 'normal' }, false],
  unpacked: [{ reason: 'install' }, { installType: 'development' }, false],
  temporary: [{ reason: 'install', temporary: true }, { installType: 'development' }, false],
};
