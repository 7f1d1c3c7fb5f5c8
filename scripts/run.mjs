// The run command's last step: serves the demo Autotask page and the checker
// page on localhost, proves the built extension judges the demo in headless
// Chromium, and says how to open both with the extension loaded.
// `--once` stops after the proof instead of serving until Ctrl-C.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTS as API_HOSTS, INTEGRATION_CODE, USERS, startApiStandin } from '../tests/e2e/api-standin.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { stateLines, walkJourney } from '../tests/e2e/journey-walk.mjs';
import { serveStatic, startServer } from '../tests/e2e/server.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const WWW = join(REPO, 'dist', 'www');
const EXTENSION = resolve(REPO, 'dist', 'chrome');
const DEMO_PATH = '/security-level/classic-deviations.html';
const DEMO_PORT = Number(process.env.ASG_DEMO_PORT ?? 8443);
const CHECKER_PORT = Number(process.env.ASG_CHECKER_PORT ?? 8080);
// Opens the demo page with the extension and reads what it concluded.
async function proveDemo(port) {
  const browser = await launch(port);
  try {
    const page = await browser.context.newPage();
    await page.goto(`https://ww5.autotask.net${DEMO_PATH}`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-asg-summary'), null, { timeout: 15_000 });
    return await page.evaluate(() => {
      const count = {};
      for (const el of document.querySelectorAll('[data-asg]')) count[el.dataset.asg] = (count[el.dataset.asg] ?? 0) + 1;
      return { summary: document.documentElement.dataset.asgSummary, count };
    });
  } finally {
    await browser.close();
  }
}

const once = process.argv.includes('--once');
let demo;
let checker;
try {
  demo = await startServer(DEMO_PORT);
  checker = await serveStatic(WWW, CHECKER_PORT);
} catch (err) {
  console.error(`run: could not listen on 127.0.0.1:${DEMO_PORT} and :${CHECKER_PORT} (${err.code ?? err.message}). ` +
    'Stop whatever uses them, or set ASG_DEMO_PORT / ASG_CHECKER_PORT.');
  process.exit(1);
}

const verdict = await proveDemo(demo.port);
const counts = Object.entries(verdict.count).map(([k, v]) => `${v} ${k}`).join(', ');
console.log(`run: the built extension judged the demo security level: ${verdict.summary} passed (${counts})`);

// The whole setup journey on the demo host (tests/e2e/journey-walk.mjs):
// list page, level, contract, API user, and the live check against a local
// stand-in for the Autotask API (a demo user and secret made up here).
async function proveJourney(port) {
  const secret = `demo-${Math.random().toString(36).slice(2)}-secret`;
  const standin = await startApiStandin(secret);
  const browser = await launch(port, Object.fromEntries(API_HOSTS.map((h) => [h, standin.port])));
  try {
    const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker');
    const id = new URL(worker.url()).host;
    return await walkJourney(browser.context, id, { username: USERS.good.username, secret, code: INTEGRATION_CODE });
  } finally {
    await browser.close();
    await standin.close();
  }
}
const journey = await proveJourney(demo.port);
const last = journey.seen[journey.seen.length - 1][1];
console.log(`run: the setup journey on the demo host, after the list, the level, the contract (through the New Contract Wizard), the API user and the live check:`);
for (const line of stateLines(last)) console.log(`  ${line}`);
console.log('run: the setup report (Markdown, as "Copy setup report" gives it):');
console.log(journey.markdown.replace(/^/gm, '    '));
console.log(`
Checker page:  http://localhost:${CHECKER_PORT}/
Demo Autotask security level page (HTTPS, self-signed, served as ww5.autotask.net):
  chromium --user-data-dir=$(mktemp -d) \\
    --host-resolver-rules="MAP ww5.autotask.net 127.0.0.1:${DEMO_PORT}" --ignore-certificate-errors \\
    --load-extension=${EXTENSION} \\
    https://ww5.autotask.net${DEMO_PATH}
  The other pages of the setup on the same host: https://ww5.autotask.net/lists/levels.html (the Security
  Levels list), https://ww5.autotask.net/lists/resources.html (the Resources list),
  https://ww5.autotask.net/api-user/classic-new-correct.html (an API user),
  https://ww5.autotask.net/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard.html (the New Contract
  Wizard: accept the offer, Next, Finish) and
  https://ww5.autotask.net/contract/new-wrong-type.html (a contract page: mark it in the panel).
  The toolbar popup shows the setup's steps on that host.
Firefox: about:debugging > This Firefox > Load Temporary Add-on > ${join(REPO, 'dist', 'firefox', 'manifest.json')}
  (map ww5.autotask.net to 127.0.0.1 in /etc/hosts and use port ${DEMO_PORT} in the address).
`);

if (once) {
  await demo.close();
  await checker.close();
} else {
  console.log('Serving until Ctrl-C.');
  process.on('SIGINT', async () => {
    await demo.close();
    await checker.close();
    process.exit(0);
  });
}
