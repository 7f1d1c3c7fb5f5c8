// The extension's live API check page: the form, with the check itself run
// by the background worker (which holds the host permission, so no CORS),
// over a port that carries progress back.
import { LIVE_PORT, PORT } from '../common/messages.js';
import { liveForm } from './live-form.js';

(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  document.title = t('liveTitle');

  liveForm({
    t,
    slot: document.querySelector('[data-live-form]'),
    run(fields, onProgress) {
      return new Promise((resolve, reject) => {
        const port = api.runtime.connect({ name: LIVE_PORT });
        let settled = false;
        const settle = (fn, value) => {
          settled = true;
          port.disconnect();
          fn(value);
        };
        port.onMessage.addListener((msg) => {
          if (msg.type === PORT.progress) onProgress(msg.progress);
          else if (msg.type === PORT.result) settle(resolve, msg);
          else if (msg.type === PORT.error) settle(reject, new Error(msg.error));
        });
        port.onDisconnect.addListener(() => { if (!settled) reject(new Error(t('liveWorkerGone'))); });
        // The Autotask host the popup opened this page from (check.html?host=…):
        // the result goes into that host's setup journey.
        const host = new URLSearchParams(location.search).get('host') || '';
        port.postMessage({ type: PORT.start, ...fields, host });
      });
    },
  });
})();
