// The options page: choose the active profile, import one (checked by the
// engine in the worker; a bad file changes nothing and says why, in place),
// export the active one, reset. Everything lives in extension storage; a
// setting pushed by policy (storage.managed) is shown and cannot be changed
// here. Words come from _locales.
import { el } from '../common/dom.js';
import { MSG } from '../common/messages.js';
import { showProfiles } from './profile-list.js';

(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  // The largest profile the engine takes (src/profile.rs: MAX_BYTES).
  const PROFILE_MAX_BYTES = 256 * 1024;
  const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);

  async function ask(type, extra = {}) {
    const answer = await api.runtime.sendMessage({ type, ...extra });
    if (!answer) throw new Error(t('optionsNoAnswer'));
    return answer;
  }

  const say = (text) => { $('options-status').textContent = text; };
  function showError(text) {
    $('options-error').textContent = text;
    $('options-error').hidden = !text;
  }

  async function render() {
    const state = await ask(MSG.optionsState);
    if (state.error) throw new Error(state.error);
    const select = $('options-profile');
    const profiles = [...state.builtIns];
    if (state.custom && state.custom.id) profiles.push({ ...state.custom, custom: true });
    select.replaceChildren(...profiles.map((p) => el('option', { value: p.id },
      p.custom ? t('optionsCustomProfileName', p.name, p.version) : t('optionsProfileName', p.name, p.version))));
    if (!profiles.some((p) => p.id === state.active)) {
      select.append(el('option', { value: state.active }, t('optionsUnknownProfile', state.active)));
    }
    select.value = state.active;
    const active = profiles.find((p) => p.id === state.active);
    $('options-profile-about').textContent = active ? active.description || '' : '';
    select.disabled = state.managed.activeProfile;
    $('options-managed-profile').hidden = !state.managed.activeProfile;
    $('options-import').disabled = state.managed.customProfile;
    $('options-managed-custom').hidden = !state.managed.customProfile;
    if (state.custom && state.custom.error) showError(t('optionsManagedCustomError', state.custom.error));
    showProfiles({
      list: $('options-profiles'), filter: $('options-profiles-filter'), count: $('options-profiles-count'), none: $('options-profiles-none'),
    }, profiles, state.active, t);
    await renderHosts();
  }

  $('options-profile').addEventListener('change', async (event) => {
    showError('');
    await ask(MSG.setProfile, { id: event.target.value });
    say(t('optionsSaved'));
    await render();
  });

  $('options-import').addEventListener('change', async (event) => {
    const input = event.target;
    const [file] = input.files;
    if (!file) return;
    say('');
    showError('');
    let answer;
    try {
      // Not read at all past the limit (the engine would refuse it anyway).
      if (file.size > PROFILE_MAX_BYTES) answer = { error: t('optionsImportTooLarge', file.name) };
      else answer = await ask(MSG.importProfile, { file: file.name, text: await file.text() });
    } catch (err) {
      answer = { error: String((err && err.message) || err) };
    }
    input.value = '';
    if (answer.error) {
      showError(t('optionsImportFailed', answer.error));
      return;
    }
    say(t('optionsImported', answer.profile.name, answer.profile.version));
    await render();
  });

  $('options-export').addEventListener('click', async () => {
    const { file, text, error } = await ask(MSG.exportProfile);
    if (error) return showError(error);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = el('a', { href: url, download: file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(t('optionsExported', file));
  });

  // Reset forgets everything: it asks first, in the page.
  $('options-reset').addEventListener('click', () => {
    $('options-reset-ask').hidden = false;
    $('options-reset').setAttribute('aria-expanded', 'true');
    $('options-reset-cancel').focus();
  });
  const closeResetAsk = () => {
    $('options-reset-ask').hidden = true;
    $('options-reset').setAttribute('aria-expanded', 'false');
    $('options-reset').focus();
  };
  $('options-reset-cancel').addEventListener('click', closeResetAsk);
  $('options-reset-ask').addEventListener('keydown', (event) => { if (event.key === 'Escape') closeResetAsk(); });
  $('options-reset-confirm').addEventListener('click', async () => {
    closeResetAsk();
    showError('');
    await ask(MSG.resetSettings);
    say(t('optionsResetDone'));
    await render();
  });

  // What is remembered for each Autotask host, each with "Forget".
  const HOST_FIELDS = ['level', 'levelProfiles', 'chosenLevels', 'chosenUsers', 'verifiedNames', 'contractNames', 'contractIds', 'dateFormat', 'invoice'];
  async function renderHosts() {
    const { hosts } = await ask(MSG.hostsState);
    const list = $('options-hosts');
    list.replaceChildren(...(hosts || []).map((h) => {
      const facts = el('dl');
      for (const field of HOST_FIELDS) {
        const value = h.settings[field];
        // Which integration each level is for: "level → profile".
        const pairs = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).map(([k, v]) => `${k} → ${v}`) : null;
        const text = pairs ? pairs.join('; ') : Array.isArray(value) ? value.join('; ') : value;
        if (!text) continue;
        facts.append(el('dt', null, t(`optionsHost_${field}`)), el('dd', null, String(text)));
      }
      const forget = el('button', {
        type: 'button', class: 'danger', testid: 'options-forget-host', 'aria-label': t('optionsForgetHostNamed', h.host),
        onclick: async () => {
          await ask(MSG.forgetHost, { host: h.host });
          say(t('optionsForgotHost', h.host));
          await renderHosts();
          document.getElementById('hosts-heading').focus();
        },
      }, t('optionsForgetHost'));
      return el('li', { testid: 'options-host', 'data-host': h.host }, el('h3', null, h.host), facts, forget);
    }));
    $('options-hosts-none').hidden = list.childElementCount > 0;
  }

  // The profile format and the help page, inside the extension.
  $('options-help').href = api.runtime.getURL('welcome/welcome.html');
  $('options-format-link').href = api.runtime.getURL('docs/profile-format.md');

  render().catch((err) => showError(String((err && err.message) || err)));
})();
