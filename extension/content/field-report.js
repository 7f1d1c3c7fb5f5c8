// The structure report's preview and offer (docs/field-reports.md): the
// whole report as text, with "Copy" and "Download", before anything leaves
// the page; and a small offer when the engine says the page calls for one.
// Its own shadow root, apart from the panel: nothing here is shared with
// overlay.js but the way words are looked up. The report is put in as text
// (a textarea's value), never as markup.
import { elementMaker, trusted } from '../common/dom.js';

export const AsgFieldReport = (() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;
  const CSS = `
    :host { all: initial; }
    .box { position: fixed; left: 16px; bottom: 16px; z-index: 2147483646; max-width: 340px; padding: 10px 12px;
      font: 13px/1.4 system-ui, sans-serif; color: #1f2328; background: #fff; border: 1px solid #d0d7de;
      border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.2); }
    .box p { margin: 0 0 8px; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.35); display: flex;
      align-items: center; justify-content: center; font: 13px/1.4 system-ui, sans-serif; color: #1f2328; }
    .dialog { background: #fff; border-radius: 8px; padding: 16px 18px; width: min(760px, 92vw); max-height: 88vh;
      display: flex; flex-direction: column; gap: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.3); }
    .dialog h2 { margin: 0; font-size: 15px; }
    .dialog p { margin: 0; }
    textarea { width: 100%; box-sizing: border-box; height: 50vh; font: 12px/1.35 ui-monospace, monospace; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    button { font: inherit; cursor: pointer; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px; }
    .primary { background: #1f4e9c; color: #fff; border-color: #1f4e9c; }
    button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    .status { color: #59636e; }
  `;

  let host = null;
  let root = null;
  let layers = null;
  // An offer the admin dismissed stays away on this page.
  const dismissed = new Set();

  function ensureRoot() {
    if (host && host.isConnected) return;
    host = document.createElement('asg-field-report');
    host.setAttribute('data-asg-ui', '');
    root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    layers = { offer: document.createElement('div'), preview: document.createElement('div') };
    root.append(layers.offer, layers.preview);
    document.documentElement.append(host);
  }

  // Only what a person did (the page's scripts can reach an open shadow root).
  const el = elementMaker(trusted);

  function tidy() {
    if (layers && !layers.offer.childElementCount && !layers.preview.childElementCount && host) {
      host.remove();
      host = null;
    }
  }

  /** The offer, for `reason` (`unrecognized-form` or `unreadable-control`); null hides it. */
  function offer(reason, open) {
    if (!reason || dismissed.has(reason)) {
      if (layers) layers.offer.replaceChildren();
      tidy();
      return;
    }
    ensureRoot();
    const text = reason === 'unrecognized-form' ? t('fieldReportOfferForm') : t('fieldReportOfferUnreadable');
    layers.offer.replaceChildren(el('aside', { class: 'box', testid: 'asg-field-offer', 'data-reason': reason, role: 'complementary' },
      el('p', {}, text),
      el('div', { class: 'actions' },
        el('button', { class: 'primary', type: 'button', testid: 'asg-field-offer-open', onclick: open }, t('fieldReportOpen')),
        el('button', { type: 'button', testid: 'asg-field-offer-dismiss', onclick: () => { dismissed.add(reason); offer(null); } }, t('fieldReportDismiss')))));
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  function download(text) {
    const date = new Date().toISOString().slice(0, 10);
    const name = `asg-structure-report-${date}.json`;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    Object.assign(link, { href: url, download: name, hidden: true });
    link.setAttribute('data-asg-ui', '');
    document.documentElement.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  }

  /** The whole report as text; nothing leaves until "Copy" or "Download". */
  function preview(text) {
    ensureRoot();
    const opener = document.activeElement;
    const status = el('p', { class: 'status', testid: 'asg-field-status', role: 'status' });
    const area = el('textarea', { readonly: '', testid: 'asg-field-text', 'aria-labelledby': 'asg-field-title', spellcheck: 'false' });
    area.value = text;
    const close = () => {
      layers.preview.replaceChildren();
      tidy();
      if (opener && typeof opener.focus === 'function') opener.focus({ preventScroll: true });
    };
    const buttons = [
      el('button', { class: 'primary', type: 'button', testid: 'asg-field-copy', onclick: async () => {
        const done = await copy(text);
        if (!done) area.select();
        status.textContent = done ? t('fieldReportCopied') : t('fieldReportCopyFailed');
      } }, t('fieldReportCopy')),
      el('button', { type: 'button', testid: 'asg-field-download', onclick: () => {
        status.textContent = t('fieldReportDownloaded', download(text));
      } }, t('fieldReportDownload')),
      el('button', { type: 'button', testid: 'asg-field-close', onclick: close }, t('fieldReportClose')),
    ];
    const dialog = el('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'asg-field-title', testid: 'asg-field-preview' },
      el('h2', { id: 'asg-field-title' }, t('fieldReportTitle')),
      el('p', {}, t('fieldReportIntro')),
      area,
      el('div', { class: 'actions' }, ...buttons),
      status);
    dialog.addEventListener('keydown', trusted((event) => { if (event.key === 'Escape') close(); }));
    layers.preview.replaceChildren(el('div', { class: 'backdrop' }, dialog));
    buttons[0].focus();
  }

  /** A failure to build the report, said in the preview's place. */
  function failed() {
    ensureRoot();
    const node = el('aside', { class: 'box', testid: 'asg-field-failed', role: 'alert' }, t('fieldReportFailed'));
    layers.preview.replaceChildren(node);
    setTimeout(() => { node.remove(); tidy(); }, 10_000);
  }

  return { offer, preview, failed };
})();
