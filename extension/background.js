// The background worker: owns the Rust engine. Chrome may stop this worker
// after ~30 s idle, so the listener is registered synchronously at top level,
// the wasm is loaded lazily inside the handler, and anything worth keeping
// lives in extension storage, never only in wasm memory.
// The engine's glue is a classic script (wasm-bindgen's no-modules target) so
// that one build serves Chrome's worker (importScripts), Firefox's event page
// (listed before this file in background.scripts) and the checker page.
if (typeof wasm_bindgen === 'undefined') importScripts('engine/asg.js');
/* global wasm_bindgen */

const api = globalThis.browser ?? globalThis.chrome;

let engineReady = null;
function engine() {
  if (!engineReady) {
    engineReady = wasm_bindgen({ module_or_path: api.runtime.getURL('engine/asg_bg.wasm') })
      .then(() => wasm_bindgen.installPanicHook());
    // A failed load is tried again on the next message rather than cached.
    engineReady.catch(() => { engineReady = null; });
  }
  return engineReady;
}

// What is remembered for one Autotask host (see the design's "Which objects are judged").
async function contextFor(host) {
  const key = `host:${host}`;
  const stored = await api.storage.local.get(['profile', key]);
  const remembered = stored[key] || {};
  return {
    profile: stored.profile || '',
    rememberedLevel: remembered.level || null,
    chosenLevels: remembered.chosenLevels || [],
  };
}

async function showOnToolbar(sender, report) {
  const tabId = sender && sender.tab && sender.tab.id;
  if (tabId === undefined || !report.bound || !report.summary) return;
  const open = report.summary.total - report.summary.passed;
  await api.action.setBadgeBackgroundColor({ tabId, color: open ? '#cf222e' : '#1a7f37' });
  await api.action.setBadgeText({ tabId, text: open ? String(open) : '✓' });
}

const handlers = {
  async 'check-page'(msg, sender) {
    await engine();
    const context = await contextFor(String(msg.host || ''));
    // The engine speaks JSON text both ways (see src/lib.rs).
    const report = JSON.parse(wasm_bindgen.checkPage(JSON.stringify(msg.snapshot), JSON.stringify(context)));
    await showOnToolbar(sender, report).catch(() => {});
    return { report };
  },
};

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const handler = msg && handlers[msg.type];
  if (!handler) return false;
  handler(msg, sender).then(sendResponse, (err) => sendResponse({ error: String((err && err.message) || err) }));
  return true;
});
