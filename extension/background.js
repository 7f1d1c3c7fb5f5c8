// The background worker: owns the Rust engine. Chrome may stop this worker
// after ~30 s idle, so the listener is registered synchronously at top level,
// the wasm is loaded lazily inside the handler, and anything worth keeping
// lives in extension storage, never only in wasm memory.
//
// This file is the worker bundle's entry (scripts/bundle.mjs: an IIFE, so
// one classic script serves Chrome's worker and Firefox's event page).
import { COMMAND, FRAME_GONE_PORT, LIVE_PORT, MSG, PORT, TAB } from './common/messages.js';
import { noCounts } from './common/outcomes.js';
import { engine, liveEngine, reportsEngine } from './background/engines.js';
import { HOST_PREFIX, LIMITS, STORAGE_VERSION, hostKey, migrate, readMigrated, verifiedOf, withItem } from './background/storage.js';
import { withLevelProfile } from './background/level-profiles.js';
import { afterWizardCheck, endWizard, forgetWizard, keptWizard } from './background/wizard.js';

// The engine's glue is a classic script (wasm-bindgen's no-modules target) so
// that one build serves Chrome's worker (importScripts), Firefox's event page
// (listed before this file in background.scripts) and the checker page.
// The reports (global `asg_reports`) and the live API check (`asg_live`)
// are wasm of their own: their glue is read here, because a service worker
// may import scripts only while it starts, but each wasm is compiled only
// when first needed (background/engines.js).
const importsStart = performance.now();
// The built-in profiles are data beside the engine, not in its wasm
// (src/profile.rs): profiles/built-in.js (global ASG_PROFILES, [file,
// text] pairs) is imported with the glue, and handed to the engine once it
// runs; the engine parses each only when a check first needs it.
if (typeof wasm_bindgen === 'undefined') importScripts('engine/asg.js', 'engine/asg_reports.js', 'engine/asg_live.js', 'profiles/built-in.js');
/* global wasm_bindgen, asg_reports, asg_live */
// Where a cold start's time goes, as User Timing entries in the worker
// (DevTools shows them; bench/run.mjs reads them): recorded once per
// worker start, so they never pile up.
performance.measure('asg:worker-imports', { start: importsStart, end: performance.now() });

const api = globalThis.browser ?? globalThis.chrome;
const AUTOTASK = ['https://*.autotask.net/*'];
const t = (key, ...subs) => api.i18n.getMessage(key, subs);
// Which of a message's two forms a count takes (_locales has key_one and key_other).
const form = (n) => (n === 1 ? 'one' : 'other');

// The engines (background/engines.js), each loaded once per worker start
// on its first use. The first check after a start also parses the profile
// it judges with (once per engine instance, src/profile.rs): measured apart
// from the checks after it.
let firstCheck = true;

// What is remembered for one Autotask host (see the design's "Which objects
// are judged"), in this release's shape (background/storage.js migrates
// what an earlier one stored before it is read).
async function hostSettings(host) {
  const key = hostKey(host);
  return (await readMigrated(api.storage.local, [key]))[key] || {};
}

// The largest custom profile the engine takes (src/profile.rs: MAX_BYTES).
const PROFILE_MAX_BYTES = 256 * 1024;

// Host records are written one at a time, each on the one before (a
// read, a wait and a write of the whole record would otherwise lose a
// change made meanwhile). `change(settings)` gives the fields to set.
const hostWrites = new Map();
function updateHost(host, change) {
  const key = hostKey(host);
  const write = (hostWrites.get(key) || Promise.resolve()).then(async () => {
    const settings = await hostSettings(host);
    const changes = typeof change === 'function' ? await change(settings) : change;
    if (!changes) return;
    await api.storage.local.set({ [key]: { ...settings, ...changes, touched: Date.now() }, storageVersion: STORAGE_VERSION });
    if (!Object.keys(settings).length) await forgetOldHosts(key);
  });
  const tail = write.catch(() => {});
  hostWrites.set(key, tail);
  tail.then(() => { if (hostWrites.get(key) === tail) hostWrites.delete(key); });
  return write;
}

// Past LIMITS.hosts, the records touched longest ago go, those without a
// saved level first.
async function forgetOldHosts(current) {
  const all = await api.storage.local.get(null);
  const hosts = Object.keys(all).filter((k) => k.startsWith(HOST_PREFIX) && k !== current);
  if (hosts.length < LIMITS.hosts) return;
  const order = (k) => [all[k].level ? 1 : 0, all[k].touched || 0];
  hosts.sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
  await api.storage.local.remove(hosts.slice(0, hosts.length - LIMITS.hosts + 1));
}

// A name remembered by the admin's choice: refused when longer than any
// Autotask name (a page's script could otherwise fill storage).
function nameFrom(msg, field = 'name') {
  const name = String(msg[field] || '').trim();
  return name.length > LIMITS.nameLength ? '' : name;
}

// Settings an MSP pushed by policy (storage.managed; see the README's
// "Managed settings"). Firefox without a managed manifest rejects: none then.
async function managedSettings() {
  try {
    return (await api.storage.managed.get(['activeProfile', 'customProfile'])) || {};
  } catch {
    return {};
  }
}

// The active profile: policy first, then the options page's choice, then the
// engine's default (''). A custom profile (imported, or pushed by policy)
// is judged from its text; the engine checks that text every time.
async function activeProfile() {
  const [managed, local] = await Promise.all([managedSettings(), api.storage.local.get(['profile', 'customProfile'])]);
  let custom = local.customProfile || null;
  if (typeof managed.customProfile === 'string' && managed.customProfile) {
    await engine();
    try {
      const [about] = JSON.parse(wasm_bindgen.validateProfile('policy', managed.customProfile));
      custom = { ...about, text: managed.customProfile, managed: true };
    } catch (err) {
      custom = { error: String((err && err.message) || err), managed: true };
    }
  }
  const id = (typeof managed.activeProfile === 'string' && managed.activeProfile) || local.profile || '';
  return {
    id,
    custom,
    customText: custom && custom.text && custom.id === id ? custom.text : null,
    managed: { activeProfile: Boolean(managed.activeProfile), customProfile: Boolean(managed.customProfile) },
  };
}

// A page's snapshot as the engine reads it: the JSON text the content
// script wrote once (docs/messages.md); anything else is refused.
function snapshotOf(msg) {
  if (typeof msg.snapshot !== 'string') throw new Error('the snapshot must come as JSON text');
  return msg.snapshot;
}

// What a page check is judged with: what is remembered for its host, the
// admin's local date (the engine reads no clock), and a new contract marked
// on this page before it had a name or an id.
async function pageContext(msg, sender) {
  const [{ context, profileText }, wizard] = await Promise.all([contextFor(String(msg.host || '')), keptWizard(api, sender)]);
  return {
    context: { ...context, today: typeof msg.today === 'string' ? msg.today : null, contractMarked: msg.marked === true, wizard },
    profileText,
  };
}

// The host's record goes to the engine as it is stored: the engine reads
// what it needs from it (src/bind.rs, Context::from_json).
async function contextFor(host) {
  const [active, remembered] = await Promise.all([activeProfile(), hostSettings(host)]);
  return {
    context: { profile: active.customText ? '' : active.id, host: remembered },
    // An imported profile that is not the active one is still one a level may be for.
    profileText: active.customText || (active.id && active.custom && active.custom.text) || null,
  };
}

// A verdict into the host's journal (src/journey.rs decides what changes; an
// unchanged verdict writes nothing). A journal the engine cannot read is
// replaced by one holding this verdict.
// The write is queued at once (a setup report asked for next waits for it)
// and loads the reports' engine inside the queue.
function writeJournal(host, verdict, at) {
  const text = JSON.stringify(verdict);
  return updateHost(host, async (settings) => {
    const reports = await reportsEngine();
    let next;
    try {
      next = reports.journalAfter(JSON.stringify(settings.journal ?? null), text, at);
    } catch {
      next = reports.journalAfter('', text, at);
    }
    return next ? { journal: JSON.parse(next) } : null;
  });
}

// An Autotask host as the live check page names it (the tab it was opened from).
const autotaskHost = (host) => (/^[a-z0-9.-]+\.autotask\.net(:\d+)?$/i.test(host) ? host.toLowerCase() : '');

// The contract settings the panel may store for a host; anything else is
// refused. The date formats are the engine's (`dateFormats`), not a copy.
const INVOICES = ['most-recent', 'next'];

// The toolbar shows the tab's state over all its frames (the current UI puts
// the form in an iframe of a shell page): kept in session storage, because
// the worker itself may be gone between two messages.
const tabKey = (tabId) => `tab:${tabId}`;
// One update at a time: a shell and its nested frames report at once, and
// two read-modify-writes of the tab's record would lose one frame's state.
let toolbarQueue = Promise.resolve();
function showOnToolbar(sender, report) {
  toolbarQueue = toolbarQueue.then(() => updateToolbar(sender, report)).catch(() => {});
  return toolbarQueue;
}
// The toolbar's words for a tab whose frames offer a check: the engine's,
// of the first frame with an offer (a tab has one form frame but in a rare shell).
const offerTitle = (states) => (states.find((s) => s.offered && s.offerTitle) || {}).offerTitle || t('titleNothingToCheck');

async function updateToolbar(sender, report) {
  const tabId = sender && sender.tab && sender.tab.id;
  if (tabId === undefined) return;
  const key = tabKey(tabId);
  const frames = (await api.storage.session.get(key))[key] || {};
  // The popup shows this page's findings by outcome.
  const counts = noCounts();
  for (const r of report.bound ? report.results || [] : []) if (r.outcome in counts) counts[r.outcome]++;
  frames[sender.frameId || 0] = {
    page: report.page,
    bound: report.bound,
    offered: !report.judged && Boolean(report.offer),
    // The offer's own words for the toolbar (the engine's, by page kind).
    offerTitle: (!report.judged && report.offer && report.offer.title) || null,
    open: report.summary ? report.summary.total - report.summary.passed : 0,
    // Which frame the popup's structure report is of: the one with the form.
    controls: report.recognition.controls,
    counts,
  };
  await api.storage.session.set({ [key]: frames });
  const states = Object.values(frames);
  const judged = states.filter((s) => s.bound);
  const open = judged.reduce((n, s) => n + s.open, 0);
  let text = '';
  let title = t('titleNothingToCheck');
  if (judged.length) {
    text = open ? String(open) : '✓';
    title = open ? t(`titleFindings_${form(open)}`, String(open)) : t('titlePasses');
  } else if (states.some((s) => s.offered)) {
    text = '–';
    title = offerTitle(states);
  }
  await api.action.setBadgeBackgroundColor({ tabId, color: open ? '#cf222e' : '#1a7f37' });
  await api.action.setBadgeText({ tabId, text });
  await api.action.setTitle({ tabId, title });
}

// Without access to Autotask sites nothing can be checked: say so on the
// toolbar for every tab; the popup offers to grant it.
async function showAccess() {
  const granted = await api.permissions.contains({ origins: AUTOTASK });
  await api.action.setBadgeText({ text: granted ? '' : '!' });
  await api.action.setTitle({ title: api.i18n.getMessage(granted ? 'actionTitle' : 'titleNoAccess') });
}

// What follows a page's verdict, however it was judged (the whole snapshot
// or the changes since the last): the toolbar, the remembered level and
// names, the journal, the wizard's kept pages; then the page's answer.
async function afterCheck(msg, sender, report) {
  // The page gets its verdict first; the toolbar follows (it is not on the page's path).
  showOnToolbar(sender, report).catch(() => {});
  const host = String(msg.host || '');
  if (report.verifiesRemembered) {
    // The remembered level, as verified now (after a save, when the page comes back).
    await updateHost(host, { verified: { summary: report.summary, passes: report.passes } });
  }
  // A bound object that passes: its names are verified, kept in the remembered lists.
  const names = [report.recognition.levelName, report.recognition.userName, report.contract && report.contract.name]
    .filter((n) => typeof n === 'string' && n && n.length <= LIMITS.nameLength);
  if (host && report.bound && report.passes && names.length) {
    await updateHost(host, (settings) => {
      const known = settings.verifiedNames || [];
      if (names.every((n) => known.includes(n))) return null;
      return { verifiedNames: [...new Set([...known, ...names])].slice(-LIMITS.names) };
    });
  }
  // The setup journey's journal: this object's verdict, the last one winning.
  // Not on the verdict's path: the reports' engine it needs may still be
  // loading; the write is queued now, and the setup journey waits for it.
  if (host && report.journal) writeJournal(host, report.journal, new Date().toISOString()).catch(() => {});
  await afterWizardCheck(api, sender, report);
  return { report };
}

// Where the engine keeps a frame's last snapshot: its tab, its frame and the
// page's own token (a new page in the frame has a new one); none for a
// sender that is no tab's frame or names no token.
function frameKey(msg, sender) {
  const tab = sender && sender.tab && sender.tab.id;
  if (typeof tab !== 'number' || typeof msg.token !== 'string' || !msg.token) return '';
  return `${tab}:${sender.frameId || 0}:${msg.token}`;
}

// A tab closed or loading another page: its frames' kept snapshots go too
// (only if the engine is running: a stopped one keeps nothing).
function forgetTabFrames(tabId) {
  const running = engine.started();
  if (running) running.then((g) => g.forgetFrames(`${tabId}:`)).catch(() => {});
}

const handlers = {
  async [MSG.checkPage](msg, sender) {
    // The storage reads overlap the engine's compile on a cold start.
    const contextStart = performance.now();
    const [, { context, profileText }] = await Promise.all([engine(), pageContext(msg, sender)]);
    const engineStart = performance.now();
    // The engine speaks JSON text both ways (see src/lib.rs). A frame that
    // names itself (its token) has its snapshot kept for its re-verifies.
    const snapshot = snapshotOf(msg);
    const frame = frameKey(msg, sender);
    const ctx = JSON.stringify(context);
    const report = JSON.parse(frame
      ? wasm_bindgen.checkFrame(frame, snapshot, ctx, profileText || '')
      : wasm_bindgen.checkPage(snapshot, ctx, profileText || ''));
    if (firstCheck) {
      firstCheck = false;
      performance.measure('asg:first-wait', { start: contextStart, end: engineStart });
      performance.measure('asg:first-engine', { start: engineStart, end: performance.now() });
    }
    return afterCheck(msg, sender, report);
  },
  // A re-verify: the states that changed since the frame's last snapshot
  // (docs/messages.md). `{full: true}` when the engine keeps no snapshot of
  // the frame to apply them to (this worker started since): the page then
  // sends the whole snapshot.
  async [MSG.recheckPage](msg, sender) {
    const [, { context, profileText }] = await Promise.all([engine(), pageContext(msg, sender)]);
    const frame = frameKey(msg, sender);
    if (!frame || typeof msg.changes !== 'string') throw new Error('a re-verify needs the frame\'s token and its changes as JSON text');
    let text;
    try {
      text = wasm_bindgen.recheckFrame(frame, msg.changes, JSON.stringify(context), profileText || '');
    } catch (err) {
      if (err && err.code === 'no-base') return { full: true };
      throw err;
    }
    return afterCheck(msg, sender, JSON.parse(text));
  },
  // Finish or Cancel went through on a wizard's page (background/wizard.js).
  async [MSG.wizardEnd](msg, sender) {
    await endWizard(api, sender, msg, writeJournal);
    return { ok: true };
  },
  // The setup journey of the active profile on a host (the popup): the setup
  // report in Markdown and JSON, whose steps (with their states) the popup draws.
  async [MSG.setupJourney](msg) {
    const host = String(msg.host || '');
    if (!host) return { error: 'a host is needed' };
    const reports = await reportsEngine();
    // A journal write still queued for the host lands first.
    await hostWrites.get(hostKey(host));
    const [active, record] = await Promise.all([activeProfile(), hostSettings(host)]);
    return JSON.parse(reports.setupJourney(active.customText ? '' : active.id, active.customText || '',
      JSON.stringify(record), String(msg.checkedAt || '')));
  },
  // The panel's "Copy / Download" report: the same shapes as the checker page's.
  async [MSG.panelReport](msg, sender) {
    const [, reports, { context, profileText }] = await Promise.all([engine(), reportsEngine(), pageContext(msg, sender)]);
    const [snapshot, ctx] = [snapshotOf(msg), JSON.stringify(context)];
    return {
      report: JSON.parse(wasm_bindgen.checkPage(snapshot, ctx, profileText || '')),
      markdown: reports.panelMarkdown(snapshot, ctx, profileText || '', String(msg.checkedAt || '')),
    };
  },
  // The structure report of a page (docs/field-reports.md): judged as a
  // check is, reduced by the engine to what is safe to hand over.
  async [MSG.structureReport](msg, sender) {
    const [reports, { context, profileText }] = await Promise.all([reportsEngine(), pageContext(msg, sender)]);
    const text = reports.structureReport(snapshotOf(msg), JSON.stringify(context), profileText || '',
      api.runtime.getManifest().version);
    return { text };
  },
  // A frame's verdict on its object, for the tab's other frames (a Save in
  // a shell page's toolbar saves the form in its iframe), and "Fix for me"
  // pressed in one frame for the form in another.
  async [MSG.frameVerdict](msg, sender) {
    toTab(sender, { type: TAB.frameVerdict, token: String(msg.token || ''), verdict: msg.verdict });
    return { ok: true };
  },
  async [MSG.frameFix](msg, sender) {
    toTab(sender, { type: TAB.frameFix, target: String(msg.target || '') });
    return { ok: true };
  },
  async [MSG.guardConfig]() {
    await engine();
    return JSON.parse(wasm_bindgen.guardConfig());
  },
  // A bound level was saved: it is the integration's level on this host.
  async [MSG.rememberLevel](msg) {
    const host = String(msg.host || '');
    const name = nameFrom(msg);
    if (!host || !name) return { error: 'a level name (at most 256 characters) and a host are needed' };
    // With the id of the profile that judged it: the level is that integration's.
    await updateHost(host, (settings) => {
      const levelProfiles = msg.id ? withLevelProfile(settings.levelProfiles, name, msg.id, verifiedOf(settings)) : null;
      return levelProfiles ? { level: name, levelProfiles } : { level: name };
    });
    return { ok: true };
  },
  // "Which integration is this level for?": the profile the admin chose.
  async [MSG.chooseLevelProfile](msg) {
    const host = String(msg.host || '');
    const name = nameFrom(msg);
    if (!host || !name) return { error: 'a level name (at most 256 characters) and a host are needed' };
    let levelProfiles = null;
    await updateHost(host, (settings) => {
      levelProfiles = withLevelProfile(settings.levelProfiles, name, msg.id, verifiedOf(settings));
      return levelProfiles && { levelProfiles };
    });
    return levelProfiles ? { ok: true } : { error: 'a profile id is needed' };
  },
  // "Check against <profile>" on a level the engine did not bind by itself.
  async [MSG.chooseLevel](msg) {
    const host = String(msg.host || '');
    const name = nameFrom(msg);
    if (!host || !name) return { error: 'a level name (at most 256 characters) and a host are needed' };
    await updateHost(host, (settings) => {
      const chosenLevels = withItem(settings.chosenLevels, name, verifiedOf(settings));
      // With the profile's id (the engine's message): the level is that integration's.
      const levelProfiles = msg.id ? withLevelProfile(settings.levelProfiles, name, msg.id, verifiedOf(settings)) : null;
      return levelProfiles ? { chosenLevels, levelProfiles } : { chosenLevels };
    });
    return { ok: true };
  },
  // "Check against <profile>" on an API user (by its name) the engine did not bind.
  async [MSG.chooseUser](msg) {
    const host = String(msg.host || '');
    const name = nameFrom(msg);
    if (!host || !name) return { error: 'a user name (at most 256 characters) and a host are needed' };
    await updateHost(host, (settings) => ({ chosenUsers: withItem(settings.chosenUsers, name, verifiedOf(settings)) }));
    return { ok: true };
  },
  // "This is the integration's contract", or a marked contract was saved:
  // remembered by its name and by the id in its address, whichever it has.
  async [MSG.chooseContract](msg) {
    const host = String(msg.host || '');
    if (!host) return { error: 'a host is needed' };
    const [name, id] = [nameFrom(msg), nameFrom(msg, 'id')];
    await updateHost(host, (settings) => ({
      contractNames: withItem(settings.contractNames, name, verifiedOf(settings)),
      contractIds: withItem(settings.contractIds, id, verifiedOf(settings)),
    }));
    return { ok: true };
  },
  // The panel's contract choices for this host: the date format, the invoice.
  async [MSG.contractOptions](msg) {
    const host = String(msg.host || '');
    const changes = {};
    if ('dateFormat' in msg) {
      if (msg.dateFormat !== null) {
        await engine();
        if (!JSON.parse(wasm_bindgen.dateFormats()).includes(msg.dateFormat)) return { error: 'unknown date format' };
      }
      changes.dateFormat = msg.dateFormat;
    }
    if ('invoice' in msg) {
      if (!INVOICES.includes(msg.invoice)) return { error: 'unknown invoice choice' };
      changes.invoice = msg.invoice;
    }
    if (!host) return { error: 'a host is needed' };
    await updateHost(host, changes);
    return { ok: true };
  },
  // The options page (only extension pages may ask for these).
  async [MSG.optionsState](msg, sender) {
    onlyExtensionPages(sender);
    await engine();
    const active = await activeProfile();
    const builtIns = JSON.parse(wasm_bindgen.listProfiles());
    return {
      builtIns,
      active: active.id || builtIns[0].id,
      custom: active.custom && { ...active.custom, text: undefined },
      managed: active.managed,
    };
  },
  async [MSG.setProfile](msg, sender) {
    onlyExtensionPages(sender);
    await api.storage.local.set({ profile: String(msg.id || '') });
    return { ok: true };
  },
  // Validated by the engine first: a bad file changes nothing.
  async [MSG.importProfile](msg, sender) {
    onlyExtensionPages(sender);
    await engine();
    const file = String(msg.file || 'profile.json');
    const text = String(msg.text || '');
    // The engine refuses a profile over its size limit with its own message;
    // a text far beyond it is not even handed over.
    if (text.length > 4 * PROFILE_MAX_BYTES) return { error: api.i18n.getMessage('optionsImportTooLarge', [file]) };
    let about;
    try {
      [about] = JSON.parse(wasm_bindgen.validateProfile(file, text));
    } catch (err) {
      return { error: String((err && err.message) || err) };
    }
    await api.storage.local.set({ customProfile: { ...about, file, text }, profile: about.id });
    return { ok: true, profile: about };
  },
  async [MSG.exportProfile](msg, sender) {
    onlyExtensionPages(sender);
    await engine();
    const active = await activeProfile();
    const id = active.id || JSON.parse(wasm_bindgen.listProfiles())[0].id;
    const text = active.customText || wasm_bindgen.builtInProfileText(id);
    return { file: `${id}.json`, text };
  },
  // What is remembered for each Autotask host, for the options page to show and forget.
  async [MSG.hostsState](msg, sender) {
    onlyExtensionPages(sender);
    await migrate(api.storage.local);
    const all = await api.storage.local.get(null);
    const hosts = Object.keys(all).filter((k) => k.startsWith(HOST_PREFIX)).sort()
      .map((k) => ({ host: k.slice(HOST_PREFIX.length), settings: all[k] || {} }));
    return { hosts };
  },
  // Forgets one host's record, and the pages where the panel was hidden on it.
  async [MSG.forgetHost](msg, sender) {
    onlyExtensionPages(sender);
    const host = String(msg.host || '');
    if (!host) return { error: 'a host is needed' };
    await Promise.all([migrate(api.storage.local), ...hostWrites.values()]);
    await api.storage.local.remove(hostKey(host));
    const { hiddenPages } = await api.storage.local.get('hiddenPages');
    if (Array.isArray(hiddenPages)) {
      await api.storage.local.set({ hiddenPages: hiddenPages.filter((p) => typeof p === 'string' && !p.startsWith(`${host}/`)) });
    }
    return { ok: true };
  },
  // Everything the extension stored: profiles, the panel's state and every host's records.
  async [MSG.resetSettings](msg, sender) {
    onlyExtensionPages(sender);
    await Promise.all([migrate(api.storage.local), ...hostWrites.values()]);
    await api.storage.local.clear();
    return { ok: true };
  },
};

// To every frame of the sender's tab.
function toTab(sender, msg) {
  const tabId = sender && sender.tab && sender.tab.id;
  if (tabId !== undefined) api.tabs.sendMessage(tabId, msg).catch(() => {});
}

// The tab's other frames that checked a page, one message each: a message
// to the whole tab would also reach the frame that is going away, and Firefox
// logs that unanswered copy as an error. When the top page goes, every frame
// goes with it: there is no one to tell. (Not tab.status: Chrome says
// "loading" while an iframe alone navigates.)
async function toOtherFrames(sender, msg) {
  const gone = sender.frameId || 0;
  if (gone === 0) return;
  const tabId = sender.tab.id;
  const key = tabKey(tabId);
  const frames = (await api.storage.session.get(key))[key] || {};
  for (const frameId of Object.keys(frames).map(Number)) {
    if (frameId !== gone) api.tabs.sendMessage(tabId, msg, { frameId }).catch(() => {});
  }
}

// Content scripts run in Autotask's pages: they may not change settings.
function onlyExtensionPages(sender) {
  if (!sender.url || !sender.url.startsWith(api.runtime.getURL(''))) throw new Error('not allowed from a page');
}

// The handlers, reachable from the worker's console and its tests
// (tests/e2e/faults.test.mjs calls them with what no page could send).
globalThis.handlers = handlers;

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Own keys only: a type such as 'toString' names no handler.
  const handler = msg && typeof msg.type === 'string' && Object.hasOwn(handlers, msg.type) ? handlers[msg.type] : null;
  if (!handler) return false;
  handler(msg, sender).then(sendResponse, (err) => sendResponse({ error: String((err && err.message) || err) }));
  return true;
});
// A tab that closes or starts loading a new page forgets its frames' states.
api.tabs.onRemoved.addListener((tabId) => {
  forgetTabFrames(tabId);
  api.storage.session.remove(tabKey(tabId)).catch(() => {});
  forgetWizard(api, tabId).catch(() => {});
});
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') {
    forgetTabFrames(tabId);
    api.storage.session.remove(tabKey(tabId)).catch(() => {});
  }
});
// "Show panel": the popup's button and the keyboard shortcut (manifest
// `commands`) ask the tab's frames to show, open and focus the panel.
function showPanelIn(tabId) {
  return api.tabs.sendMessage(tabId, { type: TAB.showPanel }).catch(() => {});
}
globalThis.asgShowPanelIn = showPanelIn;
if (api.commands && api.commands.onCommand) {
  api.commands.onCommand.addListener(async (command, tab) => {
    if (command !== COMMAND.showPanel) return;
    const tabId = tab && tab.id !== undefined ? tab.id : ((await api.tabs.query({ active: true, currentWindow: true }))[0] || {}).id;
    if (tabId !== undefined) await showPanelIn(tabId);
  });
}
api.permissions.onAdded.addListener(() => { showAccess().catch(() => {}); });
api.permissions.onRemoved.addListener(() => { showAccess().catch(() => {}); });
// The first-run page (welcome/welcome.html: what the extension does, where it
// runs, that it never reads secrets) opens once, on a real install. Not on
// an update, nor for a developer's unpacked or temporary copy (every test
// browser's fresh profile is one), where a tab nobody asked for is noise.
function shouldWelcome(details, self) {
  if (!details || details.reason !== 'install' || details.temporary) return false;
  return !self || self.installType !== 'development';
}
globalThis.asgShouldWelcome = shouldWelcome;
api.runtime.onInstalled.addListener(async (details) => {
  showAccess().catch(() => {});
  // What the previous release stored, in this one's shape (also done before
  // any read, should this event be missed).
  if (details && details.reason === 'update') migrate(api.storage.local).catch(() => {});
  const self = api.management && api.management.getSelf ? await api.management.getSelf().catch(() => null) : null;
  if (shouldWelcome(details, self)) api.tabs.create({ url: api.runtime.getURL('welcome/welcome.html') }).catch(() => {});
});
api.runtime.onStartup.addListener(() => { showAccess().catch(() => {}); });

// The live API check (extension page check/check.html): the page sends the
// form once over a port; progress and the result come back on it. The
// secret is passed to the engine for this one check and kept nowhere else:
// not in storage, not in a log, not in a message to anyone but that page.
// One live check at a time, so that two open check pages cannot together
// exceed three requests at once (a running check keeps the worker alive).
let liveCheckRunning = false;
api.runtime.onConnect.addListener((port) => {
  // A frame of a tab going away (content.js, pagehide): its verdict no
  // longer holds for the tab's other frames.
  if (port.name === FRAME_GONE_PORT && port.sender && port.sender.tab) {
    port.onMessage.addListener((msg) => {
      if (msg && typeof msg.token === 'string') {
        toOtherFrames(port.sender, { type: TAB.frameVerdict, token: msg.token, verdict: { state: 'off' } }).catch(() => {});
      }
    });
    return;
  }
  const page = api.runtime.getURL('check/check.html');
  if (port.name !== LIVE_PORT || !port.sender || !String(port.sender.url || '').startsWith(page)) {
    port.disconnect();
    return;
  }
  let started = false;
  let open = true;
  port.onDisconnect.addListener(() => { open = false; });
  const post = (msg) => { if (open) port.postMessage(msg); };
  port.onMessage.addListener((msg) => {
    if (started || !msg || msg.type !== PORT.start) return;
    started = true;
    if (liveCheckRunning) {
      post({ type: PORT.error, error: api.i18n.getMessage('liveBusy') });
      return;
    }
    liveCheckRunning = true;
    (async () => {
      await liveEngine();
      // The same active profile as the pages: a policy's first.
      const active = await activeProfile();
      const input = JSON.stringify({
        username: String(msg.username || ''),
        integrationCode: String(msg.integrationCode || ''),
        profile: active.id || '',
        checkedAt: new Date().toISOString(),
      });
      const out = await asg_live.liveCheck(input, String(msg.secret || ''),
        (progress) => post({ type: PORT.progress, progress: JSON.parse(progress) }));
      const result = JSON.parse(out);
      // The journey's live check step, before the page hears of the result
      // (so that the popup opened next shows it): its outcome per rule and
      // its date only (never the zone, username or secret), for the
      // Autotask host the check was opened from. A failure here costs the
      // journal one entry, never the result.
      const host = autotaskHost(String(msg.host || ''));
      if (host && result.report) {
        try {
          const reports = await reportsEngine();
          const { verdict, at } = JSON.parse(reports.liveVerdict(JSON.stringify(result.report)));
          await writeJournal(host, verdict, at);
        } catch {
          // The result still goes to the page below.
        }
      }
      post({ type: PORT.result, ...result });
    })().catch((err) => post({ type: PORT.error, error: String((err && err.message) || err) }))
      .finally(() => { liveCheckRunning = false; });
  });
});
