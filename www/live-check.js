// The live API check on the checker page: the same form as the extension's
// page, but the engine calls the API from this page directly. Browsers
// usually refuse that (Autotask sends no CORS headers); the engine then
// says to use the extension.
/* global wasm_bindgen */
import { liveForm } from '../extension/check/live-form.js';
import LIVE_WORDS from 'asg-words:live,outcome_';

(() => {
  'use strict';
  // The extension's own English words for the form (bundled from
  // _locales/en by scripts/bundle.mjs), and this page's one more.
  const WORDS = {
    ...LIVE_WORDS,
    liveNoEngine: 'The engine is not loaded yet; wait a moment and try again.',
  };
  const t = (key, ...subs) => (WORDS[key] || key).replace(/\$(\d)/g, (_, i) => subs[i - 1] ?? '');
  const engineReady = () => document.querySelector('[data-testid="engine-status"]')?.dataset.state === 'ready';

  liveForm({
    t,
    slot: document.querySelector('[data-live-form]'),
    heading: 'h3',
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
