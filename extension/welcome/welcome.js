// The first-run and help page: what the extension does, where it runs, that
// it never reads secrets, and the shortcut. Words come from _locales.
import { COMMAND } from '../common/messages.js';

(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  (async () => {
    if (!api.commands || !api.commands.getAll) return;
    const command = (await api.commands.getAll()).find((c) => c.name === COMMAND.showPanel);
    if (!command || !command.shortcut) return;
    const line = document.querySelector('[data-testid="welcome-shortcut"]');
    line.textContent = t('popupShortcut', command.shortcut);
    line.hidden = false;
  })().catch(() => {});
})();
