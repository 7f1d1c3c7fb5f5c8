// The live API check on the checker page: the same form as the extension's
// page, but the engine calls the API from this page directly. Browsers
// usually refuse that (Autotask sends no CORS headers); the engine then
// says to use the extension. The live check is its own wasm (global
// `asg_live`), loaded the first time the form is used: checking a saved
// page never pays for it.
/* global asg_live */
import { liveForm } from '../extension/check/live-form.js';
import LIVE_WORDS from 'asg-words:live,outcome_';
import { bytesOfBase64, loadScript } from './load.js';

(() => {
  'use strict';
  // The extension's own English words for the form (bundled from
  // _locales/en by scripts/bundle.mjs), and this page's one more.
  const WORDS = {
    ...LIVE_WORDS,
    liveNoEngine: 'The live check could not be loaded ($1); reload the page and try again.',
  };
  const t = (key, ...subs) => (WORDS[key] || key).replace(/\$(\d)/g, (_, i) => subs[i - 1] ?? '');

  let liveReady = null;
  function liveEngine() {
    if (!liveReady) {
      liveReady = (async () => {
        await loadScript('engine/asg_live.js');
        if (location.protocol === 'file:') {
          // As for the page engine (checker.js): no fetch of a file: URL.
          await loadScript('engine/asg_live_wasm_bytes.js');
          const bytes = bytesOfBase64(globalThis.ASG_LIVE_WASM_BASE64);
          delete globalThis.ASG_LIVE_WASM_BASE64;
          await asg_live({ module_or_path: bytes });
        } else {
          await asg_live({ module_or_path: new URL('engine/asg_live_bg.wasm', document.baseURI) });
        }
      })();
      // A failed load is tried again on the next check rather than cached.
      liveReady.catch(() => { liveReady = null; });
    }
    return liveReady;
  }

  liveForm({
    t,
    slot: document.querySelector('[data-live-form]'),
    heading: 'h3',
    async run(fields, onProgress) {
      try {
        await liveEngine();
      } catch (err) {
        throw new Error(t('liveNoEngine', String((err && err.message) || err)));
      }
      const input = JSON.stringify({
        username: fields.username,
        integrationCode: fields.integrationCode,
        direct: true,
        checkedAt: new Date().toISOString(),
      });
      const out = await asg_live.liveCheck(input, fields.secret, (p) => onProgress(JSON.parse(p)));
      return JSON.parse(out);
    },
  });
})();
