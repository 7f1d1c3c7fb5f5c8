// The toolbar popup: this tab's state and its findings by outcome, "Show
// panel", the live check, Options and help, and a way to grant access to
// Autotask sites when the browser holds it back. Words come from _locales.
import { COMMAND, MSG, TAB } from '../common/messages.js';
import { el } from '../common/dom.js';
import { FINDINGS } from '../common/outcomes.js';
import { setupSteps, setupSummary } from '../common/setup-view.js';

(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const AUTOTASK = ['https://*.autotask.net/*'];
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
  // Which of a message's two forms a count takes (_locales has key_one and key_other).
  const form = (n) => (n === 1 ? 'one' : 'other');

  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);

  async function activeTab() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    return tab;
  }

  // This tab's frames as the worker recorded them (background.js: updateToolbar).
  async function tabState(tab) {
    if (!tab) return { text: t('titleNothingToCheck'), frames: [] };
    const key = `tab:${tab.id}`;
    const frames = Object.values((await api.storage.session.get(key))[key] || {});
    const judged = frames.filter((f) => f.bound);
    const open = judged.reduce((n, f) => n + f.open, 0);
    let text;
    if (judged.length) text = open ? t(`titleFindings_${form(open)}`, String(open)) : t('titlePasses');
    // The engine's words for the offer (background.js keeps them per frame).
    else if (frames.some((f) => f.offered && f.offerTitle)) text = frames.find((f) => f.offered && f.offerTitle).offerTitle;
    else text = frames.length ? t('titleNothingToCheck') : t('popupNotAutotask');
    return { text, frames, judged };
  }

  function showCounts(judged) {
    const total = Object.fromEntries(FINDINGS.map((o) => [o, 0]));
    for (const f of judged || []) for (const o of FINDINGS) total[o] += (f.counts && f.counts[o]) || 0;
    let any = false;
    for (const o of FINDINGS) {
      const item = $(`popup-count-${o}`);
      item.textContent = t(`popupCount_${o}_${form(total[o])}`, String(total[o]));
      item.hidden = total[o] === 0;
      any = any || total[o] > 0;
    }
    $('popup-counts').hidden = !any;
  }

  // The active tab's Autotask host, or '' (the popup may read an Autotask
  // tab's address: the extension's host permission covers it).
  function autotaskHost(tab) {
    try {
      const url = new URL(tab && tab.url ? tab.url : '');
      return url.protocol === 'https:' && url.hostname.endsWith('.autotask.net') ? url.host : '';
    } catch {
      return '';
    }
  }

  // The setup journey on this host: its steps and the setup report to copy.
  let setup = null;
  async function renderSetup(host) {
    if (!host) return;
    const answer = await api.runtime.sendMessage({ type: MSG.setupJourney, host, checkedAt: new Date().toLocaleString() });
    if (!answer || answer.error || !answer.report) return;
    setup = answer;
    $('setup-title').textContent = t('setupTitle', answer.report.profile.name);
    $('setup-progress').textContent = setupSummary(t, answer.report);
    $('setup-slot').replaceChildren(setupSteps({ el, t, journey: answer.report, host }));
    $('popup-setup').hidden = false;
  }
  async function copySetup(format) {
    if (!setup) return;
    const text = format === 'md' ? setup.markdown : `${JSON.stringify(setup.report, null, 2)}\n`;
    try {
      await navigator.clipboard.writeText(text);
      $('setup-copied').textContent = t('setupCopied');
    } catch {
      $('setup-copied').textContent = t('reportCopyFailed');
    }
  }
  $('setup-copy-md').addEventListener('click', () => { copySetup('md'); });
  $('setup-copy-json').addEventListener('click', () => { copySetup('json'); });

  async function render() {
    const granted = await api.permissions.contains({ origins: AUTOTASK });
    $('popup-access').hidden = granted;
    if (!granted) {
      $('popup-state').textContent = t('titleNoAccess');
      return;
    }
    const tab = await activeTab();
    const state = await tabState(tab);
    $('popup-state').textContent = state.text;
    renderSetup(autotaskHost(tab)).catch(() => {});
    showCounts(state.judged);
    $('popup-show-panel').hidden = !state.frames.some((f) => f.bound || f.offered);
  }

  // The keyboard shortcut as the browser has it now (the admin may have changed it).
  async function showShortcut() {
    if (!api.commands || !api.commands.getAll) return;
    const command = (await api.commands.getAll()).find((c) => c.name === COMMAND.showPanel);
    if (!command || !command.shortcut) return;
    $('popup-shortcut').textContent = t('popupShortcut', command.shortcut);
    $('popup-shortcut').hidden = false;
  }

  $('popup-grant').addEventListener('click', async () => {
    await api.permissions.request({ origins: AUTOTASK });
    render();
  });
  $('popup-show-panel').addEventListener('click', async () => {
    const tab = await activeTab();
    if (tab) await api.tabs.sendMessage(tab.id, { type: TAB.showPanel }).catch(() => {});
    window.close();
  });
  // The live API check runs on its own extension page, in a tab of its own.
  $('popup-live-check').addEventListener('click', async () => {
    // Opened from an Autotask tab: the result goes into that host's setup journey.
    const host = autotaskHost(await activeTab());
    const query = host ? `?host=${encodeURIComponent(host)}` : '';
    await api.tabs.create({ url: api.runtime.getURL(`check/check.html${query}`) });
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
      await api.tabs.sendMessage(target.tabId, { type: TAB.structureReport }, { frameId: target.frameId }).catch(() => {});
    }
    window.close();
  });
  $('popup-options').addEventListener('click', async () => {
    await api.runtime.openOptionsPage();
    window.close();
  });
  $('popup-help').addEventListener('click', async () => {
    await api.tabs.create({ url: api.runtime.getURL('welcome/welcome.html') });
    window.close();
  });
  render();
  showShortcut().catch(() => {});
})();
