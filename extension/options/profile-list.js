// @ts-check
// The options page's list of profiles (built-in and imported): each with its
// description, its sources (the guides, linked) and how many rules judge the
// security level, and a filter box, since there will be many. Words come
// from _locales; every text from a profile is put in as text.
import { el } from '../common/dom.js';

/**
 * @typedef {{ id: string, name: string, version: string, description?: string,
 *   sources?: { title: string, url?: string | null }[], levelRules?: number, custom?: boolean }} ProfileAbout
 */

/** Whether `p` matches every word of `query` (name, id, description or a source's title), case aside. */
export function matches(p, query) {
  const words = String(query || '').toLowerCase().split(/\s+/).filter(Boolean);
  const hay = [p.name, p.id, p.description || '', ...(p.sources || []).map((s) => s.title)].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

// A link only to an https address: anything else is shown as text.
const safeUrl = (url) => {
  try {
    return url && new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
};

/**
 * Draws `profiles` into `list` and wires `filter` to it; `count` says how
 * many show (a polite live region), `none` shows when none does.
 * @param {{ list: HTMLElement, filter: HTMLInputElement, count: HTMLElement, none: HTMLElement }} parts
 * @param {ProfileAbout[]} profiles
 * @param {string} active the active profile's id
 * @param {(key: string, ...subs: any[]) => string} t
 */
export function showProfiles({ list, filter, count, none }, profiles, active, t) {
  const items = profiles.map((p) => {
    const sources = (p.sources || []).map((s) => {
      const url = safeUrl(s.url);
      return el('li', {}, url ? el('a', { href: url, target: '_blank', rel: 'noopener' }, s.title) : s.title);
    });
    const item = el('li', { class: 'profile', testid: 'options-profile-item', 'data-profile': p.id },
      el('h3', {}, p.custom ? t('optionsCustomProfileName', p.name, p.version) : t('optionsProfileName', p.name, p.version),
        p.id === active ? el('span', { class: 'badge' }, t('optionsProfileActive')) : null),
      p.description ? el('p', { class: 'about' }, p.description) : null,
      typeof p.levelRules === 'number' ? el('p', { class: 'rules' }, t('optionsProfileRules', String(p.levelRules))) : null,
      sources.length ? el('p', { class: 'sources-label' }, t('optionsProfileSources')) : null,
      sources.length ? el('ul', { class: 'sources', testid: 'options-profile-sources' }, sources) : null);
    return { p, item };
  });
  list.replaceChildren(...items.map(({ item }) => item));
  const apply = () => {
    let shown = 0;
    for (const { p, item } of items) {
      item.hidden = !matches(p, filter.value);
      if (!item.hidden) shown++;
    }
    count.textContent = t('optionsProfilesCount', String(shown), String(items.length));
    none.hidden = shown > 0;
  };
  filter.oninput = apply;
  apply();
}
