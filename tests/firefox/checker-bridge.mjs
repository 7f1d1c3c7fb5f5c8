// The checker page (dist/www) in Firefox with a way to run judgeBatch
// (tests/matrix/browser-side.mjs) in the page's own realm, for the batched
// checker-page cases (tests/firefox/matrix.test.mjs, vendor-profiles.test.mjs).
//
// WebDriver runs a script in a sandbox over the page, where the checker's
// engine (a script-level `let wasm_bindgen`) is not visible, and the page's
// CSP (script-src 'self') refuses an inline script. So a script served from
// the checker's own origin runs judgeBatch in the page's realm, asked by a
// DOM event, its cases and answers carried as JSON on the root element.
import assert from 'node:assert/strict';
import { judgeBatch } from '../matrix/browser-side.mjs';
import { waitFor } from './firefox.mjs';

const BRIDGE = '/asg-test-bridge.js';
const bridge = `document.addEventListener('asg-test-judge', () => {
  const root = document.documentElement;
  root.dataset.asgTestOut = JSON.stringify((${judgeBatch})(JSON.parse(root.dataset.asgTestIn)));
});
document.documentElement.dataset.asgTestBridge = 'ready';`;

/**
 * Opens the checker served by `www` (tests/e2e/server.mjs serveStatic) in
 * `driver`, engine ready, with the bridge: `{ evaluate }` for judgeInPage.
 */
export async function openChecker(driver, www) {
  www.files.set(BRIDGE, bridge);
  await driver.get(`http://127.0.0.1:${www.port}/`);
  const state = await waitFor(() => driver.executeScript('return document.querySelector(\'[data-testid="engine-status"]\').dataset.state'), 'the engine status');
  assert.equal(state, 'ready', 'the checker\'s engine did not load');
  await driver.executeScript(`const s = document.createElement('script'); s.src = arguments[0]; document.head.append(s);`, BRIDGE);
  await waitFor(() => driver.executeScript('return document.documentElement.dataset.asgTestBridge === "ready"'), 'the test bridge');
  return {
    evaluate: async (fn, arg) => {
      assert.equal(fn, judgeBatch, 'the bridge runs judgeBatch only');
      const text = await driver.executeScript(`const root = document.documentElement;
        root.dataset.asgTestIn = arguments[0];
        document.dispatchEvent(new CustomEvent('asg-test-judge'));
        const out = root.dataset.asgTestOut;
        delete root.dataset.asgTestIn;
        delete root.dataset.asgTestOut;
        return out;`, JSON.stringify(arg));
      return JSON.parse(text);
    },
  };
}
