// @ts-check
// The wire schema: every message between the page's content scripts, the
// worker and the extension's pages, named once. Senders and handlers use
// these constants, never a bare string, so a renamed or misspelt type is a
// build-time (import) error rather than a message nobody answers.
// docs/messages.md says who sends each, who answers, and its fields;
// tests/packages/messages.test.mjs fails on a type written anywhere else.

/**
 * Runtime messages to the worker (`runtime.sendMessage`); the worker answers
 * each with its reply or `{error}`.
 */
export const MSG = Object.freeze({
  checkPage: 'check-page',
  recheckPage: 'recheck-page',
  panelReport: 'panel-report',
  structureReport: 'structure-report',
  frameVerdict: 'frame-verdict',
  frameFix: 'frame-fix',
  guardConfig: 'guard-config',
  rememberLevel: 'remember-level',
  chooseLevel: 'choose-level',
  chooseLevelProfile: 'choose-level-profile',
  chooseUser: 'choose-user',
  chooseContract: 'choose-contract',
  contractOptions: 'contract-options',
  setupJourney: 'setup-journey',
  wizardEnd: 'wizard-end',
  // Only from the extension's own pages (the worker checks the sender).
  optionsState: 'options-state',
  setProfile: 'set-profile',
  importProfile: 'import-profile',
  exportProfile: 'export-profile',
  hostsState: 'hosts-state',
  forgetHost: 'forget-host',
  resetSettings: 'reset-settings',
});

/** Messages to a tab's content scripts (`tabs.sendMessage`); no answer. */
export const TAB = Object.freeze({
  frameVerdict: 'asg-frame-verdict',
  frameFix: 'asg-frame-fix',
  showPanel: 'asg-show-panel',
  structureReport: 'asg-structure-report',
});

/** The manifest's `commands` (a keyboard shortcut), as the worker and pages name them. */
export const COMMAND = Object.freeze({ showPanel: 'show-panel' });

/**
 * A frame going away (pagehide) tells the worker over this port: one post
 * `{token}`, no answer awaited (an unanswered message from an unloading
 * page is logged by Firefox as an error, whatever catches it).
 */
export const FRAME_GONE_PORT = 'frame-gone';

/** The live check's port (`runtime.connect({name})`) and its messages. */
export const LIVE_PORT = 'live-check';
export const PORT = Object.freeze({
  start: 'start',
  progress: 'progress',
  result: 'result',
  error: 'error',
});

// The shapes, for `// @ts-check` and for readers. `Snapshot` is
// docs/snapshot-format.md, `Report` docs/report-format.md. `host` is the
// page's `location.host`; `today` the admin's local date (yyyy-mm-dd): the
// engine reads no clock. `marked`: the admin marked this page's new
// contract as the integration's. A Name is at most 256 characters.
/**
 * @typedef {object} Snapshot
 * @typedef {object} Report
 * @typedef {{state: 'pass' | 'fail' | 'off', report?: Report}} Verdict
 * (a PageCheck's snapshot is a Snapshot as JSON text)
 * @typedef {{host: string, snapshot: string, today: string, marked: boolean}} PageCheck
 *
 * @typedef {(
 *   | {type: 'check-page', token?: string} & PageCheck
 *   | {type: 'recheck-page', token: string, changes: string, host: string, today: string, marked: boolean}
 *   | {type: 'panel-report', checkedAt: string} & PageCheck
 *   | {type: 'structure-report'} & PageCheck
 *   | {type: 'frame-verdict', token: string, verdict: Verdict}
 *   | {type: 'frame-fix', target: string}
 *   | {type: 'guard-config'}
 *   | {type: 'remember-level', host: string, name: string}
 *   | {type: 'choose-level', host: string, name: string}
 *   | {type: 'choose-user', host: string, name: string}
 *   | {type: 'choose-contract', host: string, name?: string, id?: string}
 *   | {type: 'contract-options', host: string, dateFormat?: string | null, invoice?: 'most-recent' | 'next'}
 *   | {type: 'setup-journey', host: string, checkedAt: string}
 *   | {type: 'wizard-end', host: string, finished: boolean}
 *   | {type: 'options-state'}
 *   | {type: 'set-profile', id: string}
 *   | {type: 'import-profile', file: string, text: string}
 *   | {type: 'export-profile'}
 *   | {type: 'hosts-state'}
 *   | {type: 'forget-host', host: string}
 *   | {type: 'reset-settings'}
 * )} WorkerMessage
 *
 * @typedef {(
 *   | {type: 'asg-frame-verdict', token: string, verdict: Verdict}
 *   | {type: 'asg-frame-fix', target: string}
 *   | {type: 'asg-show-panel'}
 *   | {type: 'asg-structure-report'}
 * )} TabMessage
 *
 * @typedef {(
 *   | {type: 'start', username: string, integrationCode: string, secret: string, host?: string}
 *   | {type: 'progress', progress: {steps: Array<{id: string, title: string, state: string, outcome?: string}>}}
 *   | {type: 'result', report: Report, markdown: string}
 *   | {type: 'error', error: string}
 * )} PortMessage
 */
