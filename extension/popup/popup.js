// The toolbar popup: this tab's state, and a way to grant access to Autotask
// sites when the browser holds it back. Words come from _locales.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const AUTOTASK = ['https://*.autotask.net/*'];
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);

  async function tabState() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (!tab) return t('titleNothingToCheck');
    const key = `tab:${tab.id}`;
    const frames = Object.values((await api.storage.session.get(key))[key] || {});
    const judged = frames.filter((f) => f.bound);
    const open = judged.reduce((n, f) => n + f.open, 0);
    if (judged.length) return open ? t('titleFindings', String(open)) : t('titlePasses');
    if (frames.some((f) => f.page === 'security-level' || f.page === 'api-user')) return t('titleNotJudged');
    return frames.length ? t('titleNothingToCheck') : t('popupNotAutotask');
  }

  async function render() {
    const granted = await api.permissions.contains({ origins: AUTOTASK });
    $('popup-access').hidden = granted;
    $('popup-state').textContent = granted ? await tabState() : t('titleNoAccess');
  }

  $('popup-grant').addEventListener('click', async () => {
    await api.permissions.request({ origins: AUTOTASK });
    render();
  });
  // The live API check runs on its own extension page, in a tab of its own.
  $('popup-live-check').addEventListener('click', async () => {
    await api.tabs.create({ url: api.runtime.getURL('check/check.html') });
    window.close();
  });
  // "Page looks wrong? Copy a structure report": the frame holding the form
  // (the one the engine read the most controls in) opens its preview.
  async function structureFrame() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (!tab) return null;
    const key = `tab:${tab.id}`;
    const frames = Object.entries((await api.storage.session.get(key))[key] || {});
    if (!frames.length) return null;
    frames.sort(([, a], [, b]) => (b.controls || 0) - (a.controls || 0));
    return { tabId: tab.id, frameId: Number(frames[0][0]) };
  }
  const structure = $('popup-structure-report');
  structureFrame().then((target) => { structure.hidden = !target; }).catch(() => {});
  structure.addEventListener('click', async () => {
    const target = await structureFrame().catch(() => null);
    if (target) {
      await api.tabs.sendMessage(target.tabId, { type: 'asg-structure-report' }, { frameId: target.frameId }).catch(() => {});
    }
    window.close();
  });
  render();
})();
