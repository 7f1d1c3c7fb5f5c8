// The live API check on the checker page: the same form as the extension's
// page, but the engine calls the API from this page directly. Browsers
// usually refuse that (Autotask sends no CORS headers); the engine then
// says to use the extension.
/* global wasm_bindgen */
import { liveForm } from '../extension/check/live-form.js';

(() => {
  'use strict';
  const WORDS = {
    outcome_pass: 'Passes', outcome_fail: 'Must change', outcome_excess: 'More than needed',
    outcome_incomplete: 'Could not check', outcome_warn: 'Advice',
    liveState_waiting: 'waiting', liveState_running: 'running…', liveState_done: 'done', liveState_skipped: 'not run',
    liveRunning: 'Checking…', liveDone_one: 'Done: $1 request sent.', liveDone_other: 'Done: $1 requests sent.',
    liveAllPass: 'All $1 checks pass.', liveSomeOpen: '$1 of $2 checks pass.',
    liveCopied: 'Copied.', liveCopyFailed: 'The browser did not allow copying; select the text below instead.',
    liveNoEngine: 'The engine is not loaded yet; wait a moment and try again.',
  };
  const t = (key, ...subs) => (WORDS[key] || key).replace(/\$(\d)/g, (_, i) => subs[i - 1] ?? '');
  const engineReady = () => document.querySelector('[data-testid="engine-status"]')?.dataset.state === 'ready';

  liveForm({
    t,
    async run(fields, onProgress) {
      if (!engineReady()) throw new Error(t('liveNoEngine'));
      const input = JSON.stringify({
        username: fields.username,
        integrationCode: fields.integrationCode,
        direct: true,
        checkedAt: new Date().toISOString(),
      });
      const out = await wasm_bindgen.liveCheck(input, fields.secret, (p) => onProgress(JSON.parse(p)));
      return JSON.parse(out);
    },
  });
})();
