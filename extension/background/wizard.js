// What a wizard's earlier pages showed, kept for the tab until Finish or
// Cancel (src/pages/contract/wizard.rs decides what; this file only keeps
// it). In session storage, keyed by tab: the worker may be stopped between
// two pages, and nothing of it outlives the browser session. Which frame
// kept it is noted, so that the frame leaving the wizard (a page of another
// kind) drops it, while the shell around the wizard's iframe does not.
const key = (tabId) => `wizard:${tabId}`;
const tabOf = (sender) => (sender && sender.tab ? sender.tab.id : undefined);

// One change at a time per tab: a check and the Finish that follows it
// must not write over each other.
let queue = Promise.resolve();
const serial = (work) => {
  const next = queue.then(work);
  queue = next.catch(() => {});
  return next;
};

/** What is kept for the sender's tab (the context's `wizard`), or null. */
export async function keptWizard(api, sender) {
  const tabId = tabOf(sender);
  if (tabId === undefined) return null;
  const stored = (await api.storage.session.get(key(tabId)))[key(tabId)];
  return stored && stored.keep && typeof stored.keep === 'object' ? stored.keep : null;
}

/** After a check: keep a wizard page's state; a non-wizard page in the frame that kept it drops it. */
export function afterWizardCheck(api, sender, report) {
  const tabId = tabOf(sender);
  if (tabId === undefined) return Promise.resolve();
  const frameId = sender.frameId || 0;
  return serial(async () => {
    if (report.wizard && report.wizard.keep) {
      await api.storage.session.set({ [key(tabId)]: { frameId, keep: report.wizard.keep, journal: report.finishJournal || null } });
      return;
    }
    const stored = (await api.storage.session.get(key(tabId)))[key(tabId)];
    if (stored && stored.frameId === frameId) await api.storage.session.remove(key(tabId));
  });
}

/**
 * Finish (`finished`) or Cancel went through on a wizard's page: what was
 * kept goes; at Finish the contract's verdict as it stood is written into
 * the host's journal (`writeJournal(host, verdict, at)`), as a saved contract's is.
 */
export function endWizard(api, sender, msg, writeJournal) {
  const tabId = tabOf(sender);
  if (tabId === undefined) return Promise.resolve();
  return serial(async () => {
    const stored = (await api.storage.session.get(key(tabId)))[key(tabId)];
    await api.storage.session.remove(key(tabId));
    const host = String(msg.host || '');
    if (msg.finished === true && host && stored && stored.journal && stored.keep && stored.keep.accepted) {
      await writeJournal(host, stored.journal, new Date().toISOString());
    }
  });
}

/** A closed tab's state goes with it. */
export function forgetWizard(api, tabId) {
  return api.storage.session.remove(key(tabId));
}
