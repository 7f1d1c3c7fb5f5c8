// The standalone checker page: a saved Autotask page in, the extension's
// verdict out. It runs the extension's own eyes (snapshot.js) over the saved
// page parsed into an inert document, and the same engine (wasm) loaded directly
// under this page's own CSP. Rust decides and words every finding; this file
// reads files, draws with DOM APIs and textContent only (a saved page is
// hostile input: never innerHTML), and words only the page's own interface.
/* global wasm_bindgen */
// The page bundle's entry (scripts/bundle.mjs: an IIFE, so that the page
// also works opened from file://, where browsers refuse module scripts).
import { AsgSnapshot } from '../extension/content/snapshot.js';
import { el } from '../extension/common/dom.js';
import { BLOCKING } from '../extension/common/outcomes.js';
import { bytesOfBase64, loadScript } from './load.js';
import { parseInSlices, rest } from './parse.js';
import './live-check.js';

// The checker's eyes, reachable from the page for the test harness too
// (tests/matrix/browser-side.mjs judges rendered HTML with them, as this page does).
globalThis.AsgSnapshot = AsgSnapshot;

const MAX_BYTES = 25 * 1024 * 1024;
// HTML files looked at from one drop (a page and the frames saved beside it).
const MAX_CANDIDATES = 40;
// The checker judges whatever level or contract it is given: someone opened it
// to have it checked. The contract's date rules count from the reader's local date.
const localToday = (d = new Date()) => [d.getFullYear(), d.getMonth() + 1, d.getDate()]
  .map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');
const CONTEXT = JSON.stringify({ judgeAnyLevel: true, today: localToday() });
// What the extension would do with the level on its own (nothing remembered or chosen).
const EXTENSION_CONTEXT = JSON.stringify({});
const PAGE_NAME = /\.(mhtml|mht|html?|xhtml)$/i;
const MHTML_NAME = /\.(mhtml|mht)$/i;
const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'multipart/related', 'message/rfc822', 'application/x-mimearchive']);
const SAVE_AGAIN = 'Save the page again from the browser (Chrome or Edge: Ctrl+S, "Webpage, Single File") and give the new file.';
// A page whose object the engine judges, or offers to: a setup page (the
// others are only named, by the engine's `pageName`).
const judgeable = (report) => report.judged || Boolean(report.offer);

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

// A file the checker cannot use, with what to do about it.
class FileProblem extends Error {}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const megabytes = (n) => (n / (1024 * 1024)).toFixed(1);

// ---------------------------------------------------------------- the engine

// The built-in profiles are data beside the engine, not in its wasm: one
// classic script, profiles/built-in.js ([file, text] pairs), which loads
// from file:// too (where nothing can be fetched).
async function builtInProfiles() {
  await loadScript('profiles/built-in.js');
  const texts = globalThis.ASG_PROFILES;
  delete globalThis.ASG_PROFILES;
  return texts;
}

async function loadEngine() {
  const profiles = builtInProfiles();
  // Not left unhandled while the wasm loads; awaited below.
  profiles.catch(() => {});
  if (location.protocol === 'file:') {
    // Browsers refuse to fetch a file: URL, so the build ships the wasm as
    // base64 in a classic script as well; over http(s) the .wasm is fetched.
    await loadScript('engine/asg_wasm_bytes.js');
    const bytes = bytesOfBase64(globalThis.ASG_WASM_BASE64);
    delete globalThis.ASG_WASM_BASE64;
    await wasm_bindgen({ module_or_path: bytes });
  } else {
    await wasm_bindgen({ module_or_path: new URL('engine/asg_bg.wasm', document.baseURI) });
  }
  wasm_bindgen.installPanicHook();
  for (const [file, text] of await profiles) wasm_bindgen.addBuiltInProfile(file, text);
}

// -------------------------------------------------------------- the intake

const state = {
  run: 0, // the latest check; an older one still working gives up
  seq: 0, // snapshot numbers, as the content script counts them
  current: null, // { report, reportJson, markdown, name }
};

function setStatus(text, kind, pageKind) {
  const status = $('file-status');
  status.textContent = text;
  status.dataset.state = kind;
  delete status.dataset.outcome;
  if (pageKind) status.dataset.pageKind = pageKind;
  else delete status.dataset.pageKind;
}

function setProgress(fraction, text) {
  const box = $('progress-box');
  if (fraction == null) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  $('progress').value = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  $('progress-text').textContent = text;
}

// Reads a file with progress events; `onProgress(fraction)`.
function readBytes(file, onProgress) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => { if (e.lengthComputable && e.total) onProgress(e.loaded / e.total); };
    reader.onload = () => resolve(new Uint8Array(reader.result));
    reader.onerror = () => reject(new FileProblem(`"${file.name}" could not be read (${reader.error ? reader.error.name : 'unknown error'}). If it is in a synced or network folder, copy it to this computer first.`));
    reader.readAsArrayBuffer(file);
  });
}

const startsWith = (bytes, ...sig) => sig.every((b, i) => bytes[i] === b);

// What a file holds, from its first bytes: 'mhtml', 'html', or a FileProblem.
function sniff(bytes, name) {
  const binary = [
    [[0x25, 0x50, 0x44, 0x46], 'is a PDF. A printed page does not keep the form\'s settings in a readable way: save the page itself instead.'],
    [[0x50, 0x4b, 0x03, 0x04], 'is a ZIP archive (or an Office document). Unpack it and give the .mhtml or .html file inside.'],
    [[0x89, 0x50, 0x4e, 0x47], 'is an image (PNG). A screenshot cannot be checked: save the page itself instead.'],
    [[0xff, 0xd8, 0xff], 'is an image (JPEG). A screenshot cannot be checked: save the page itself instead.'],
    [[0x47, 0x49, 0x46, 0x38], 'is an image (GIF). A screenshot cannot be checked: save the page itself instead.'],
    [[0x1f, 0x8b], 'is compressed (gzip). Unpack it and give the .mhtml or .html file inside.'],
  ];
  for (const [sig, what] of binary) {
    if (startsWith(bytes, ...sig)) throw new FileProblem(`"${name}" ${what} ${SAVE_AGAIN}`);
  }
  const utf16 = startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff);
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) control++;
  if (!utf16 && (head.includes(0) || control > head.length / 20)) {
    throw new FileProblem(`"${name}" is not a saved web page: it holds binary data, not text. ${SAVE_AGAIN}`);
  }
  // MHTML starts with MIME headers; a web page with markup.
  const start = new TextDecoder('latin1').decode(bytes.subarray(0, 2048)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  const headers = start.split(/\r?\n\r?\n/)[0];
  if (/^[A-Za-z][A-Za-z0-9-]*:/.test(start) && (/^(mime-version|content-type)\s*:/im.test(headers) || MHTML_NAME.test(name))) return 'mhtml';
  return 'html';
}

// The text of a saved HTML file: its BOM, else its <meta charset>, else UTF-8.
function decodeHtml(bytes) {
  let label = 'utf-8';
  if (startsWith(bytes, 0xff, 0xfe)) label = 'utf-16le';
  else if (startsWith(bytes, 0xfe, 0xff)) label = 'utf-16be';
  else if (!startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    const meta = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i);
    if (meta) label = meta[1];
  }
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const looksLikeHtml = (text) => /<(!doctype\s+html|html|head|body|div|table|form|section|main|iframe|input|select|span|p)[\s>/]/i.test(text.slice(0, 1 << 20));

// The pages in one file: [{ html, location, from }], `from` naming the file.
async function pagesOf(entry, progress) {
  const { file, path } = entry;
  if (file.size > MAX_BYTES) {
    throw new FileProblem(`"${file.name}" is ${megabytes(file.size)} MB; the checker reads files up to ${megabytes(MAX_BYTES)} MB. A saved security level page is far smaller: save only that page (Ctrl+S, "Webpage, Single File"), not a folder, a recording or an archive.`);
  }
  if (file.size === 0) throw new FileProblem(`"${file.name}" is empty (0 bytes). ${SAVE_AGAIN}`);
  const bytes = await readBytes(file, (f) => progress(f * 0.6, `Reading ${file.name}: ${megabytes(f * file.size)} of ${megabytes(file.size)} MB`));
  progress(0.6, `Reading ${file.name}: done`);
  await nextTask();
  const kind = sniff(bytes, file.name);
  if (kind === 'mhtml') {
    progress(0.65, `Unpacking the single-file save ${file.name}`);
    await nextTask();
    let joined;
    try {
      joined = wasm_bindgen.mhtmlHtmlParts(bytes);
    } catch (err) {
      throw new FileProblem(mhtmlProblem(String(err && err.message ? err.message : err), file.name));
    }
    const fields = new TextDecoder('utf-8').decode(joined).split('\0');
    const pages = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      pages.push({ html: fields[i + 1], location: fields[i], from: path, mhtml: true });
    }
    return pages;
  }
  const html = decodeHtml(bytes);
  if (!looksLikeHtml(html)) {
    throw new FileProblem(`"${file.name}" is text but not a web page. Give the file the browser saved from the Autotask page (.mhtml or .html).`);
  }
  return [{ html, location: '', from: path, mhtml: false }];
}

function mhtmlProblem(code, name) {
  const text = {
    'not-mhtml': 'is not a readable single-file save: it does not start with MIME headers.',
    'not-a-page': 'is a MIME file that holds no web page.',
    'no-boundary': 'is a damaged single-file save: its parts cannot be told apart.',
    'no-parts': 'is cut off: it ends before the saved page starts (the save or the copy did not finish).',
    'cut-off': 'is cut off: it ends before its last part is complete (the save or the copy did not finish), so the page in it may be incomplete.',
    'no-html': 'holds no web page (no text/html part).',
    'bad-base64': 'is damaged: a page in it is not valid base64.',
  }[code] || `could not be unpacked (${code}).`;
  return `"${name}" ${text} ${SAVE_AGAIN}`;
}

// Which of the given files to check, best first: the saved pages, those
// not inside a folder first (a complete save's frames sit in its _files).
function candidates(entries) {
  if (entries.length === 1) return entries;
  const pages = entries.filter(({ file }) => PAGE_NAME.test(file.name) || PAGE_TYPES.has(file.type));
  const depth = (path) => path.split('/').length;
  return pages
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => depth(a.entry.path) - depth(b.entry.path) || a.order - b.order)
    .map(({ entry }) => entry)
    .slice(0, MAX_CANDIDATES);
}

// The longest stretch the page gives the parser or the eyes before it
// answers input again (and the progress bar moves).
const SLICE_MS = 8;
// Snapshot and verdict of one page, as the extension would take them: the
// page parsed and read in slices (the engine's call is the one block left);
// null when a newer file was given meanwhile. `progress(f)` hears how far
// the parse and the reading are, from 0 to 1.
async function judge(page, stillValid, progress) {
  const doc = await parseInSlices(page.html, stillValid, (f) => progress(f * 0.7));
  if (!doc) return null;
  const taken = await AsgSnapshot.takeInSlices(doc, ++state.seq, SLICE_MS, stillValid, () => progress(0.85), rest);
  if (!taken) return null;
  const { snapshot } = taken;
  const snapshotJson = JSON.stringify(snapshot);
  const reportJson = wasm_bindgen.checkPage(snapshotJson, CONTEXT);
  const report = JSON.parse(reportJson);
  const frame = doc.querySelector('[data-slot="iframe"] iframe');
  return {
    page,
    report,
    snapshotJson,
    shellFrame: frame ? frame.getAttribute('src') || '' : null,
    title: (doc.title || '').trim(),
  };
}

// ---------------------------------------------------- a structure report

// The most a structure report file may be (the report's own bound, 1 MB, and room).
const MAX_REPORT_BYTES = 1024 * 1024 + 64 * 1024;

// Whether one given file is a structure report (JSON) rather than a page.
async function isReportFile(file) {
  if (/\.json$/i.test(file.name) || file.type === 'application/json') return true;
  const head = new TextDecoder('utf-8').decode(await file.slice(0, 64).arrayBuffer());
  return /^\uFEFF?\s*\{/.test(head);
}

// The replay of a structure report: what the engine reads from it, its
// verdict, and how that compares with the extension's live verdict. A bad
// file is refused by the engine with a sentence; the previous result stays.
async function checkReport(run, entry) {
  const { file, path } = entry;
  if (file.size > MAX_REPORT_BYTES) {
    finish(run, null, new FileProblem(`"${file.name}" is ${megabytes(file.size)} MB; a structure report is at most 1 MB, so this is not one. Ask for the report again (Copy or Download in the extension's preview).`));
    return;
  }
  setStatus('', 'working');
  let replay;
  try {
    const bytes = await readBytes(file, (f) => setProgress(f * 0.8, `Reading ${file.name}`));
    if (run !== state.run) return;
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    replay = JSON.parse(wasm_bindgen.replayStructureReport(text));
    // The engine has checked the report whole: its head and live verdict, as written.
    const about = JSON.parse(text);
    replay.live = about.verdict;
    for (const key of ['texts', 'controls', 'verdict']) delete about[key];
    replay.about = about;
  } catch (err) {
    const message = err instanceof FileProblem ? err.message : `"${file.name}": ${err && err.message ? err.message : err}`;
    finish(run, null, new FileProblem(message));
    return;
  }
  if (run !== state.run) return;
  setProgress(null);
  $('file-status').dataset.run = String(run);
  const { report } = replay;
  state.current = {
    report,
    reportJson: JSON.stringify(report, null, 2),
    markdown: null,
    name: `structure-${report.page}`,
  };
  drawResult(report, { from: path, location: '' }, null);
  drawReplay(replay);
  const verdict = replay.live.summary ? `${replay.live.summary.passed}/${replay.live.summary.total} rules pass` : replay.live.pageName || replay.live.page;
  setStatus(`Replayed the structure report "${path}": ${verdict} in the extension; ${replay.same ? 'the same verdict here' : replay.explained ? 'the same here, but for values the report leaves out' : 'a different reading here (see below)'}.`, 'done', report.page);
}

const BECAUSE = {
  value: 'judged live from the control\'s value, which the report leaves out',
  context: 'judged live against the level remembered for the host, whose name the report leaves out',
  reading: 'the checker reads the page differently from the extension: this is the evidence to look at',
};

function summaryText(v) {
  return v.summary ? `${v.summary.passed}/${v.summary.total}` : (v.bound ? 'judged' : 'not judged');
}

function drawReplay(replay) {
  const out = $('result');
  out.querySelector('[data-testid="export-markdown"]')?.remove();
  const { about, live, report } = replay;
  const cut = about.truncated;
  const withheld = Object.entries(about.withheld || {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';
  const box = el('section', { class: 'replay', testid: 'replay', 'data-same': String(replay.same), 'data-explained': String(replay.explained) },
    el('h3', null, 'The structure report'),
    el('dl', { class: 'facts' },
      el('dt', null, 'In the extension'),
      el('dd', { testid: 'replay-live', 'data-page': live.page, 'data-summary': live.summary ? `${live.summary.passed}/${live.summary.total}` : '' },
        `${live.pageName || live.page}, ${summaryText(live)}${live.boundBy ? ` (judged: ${live.boundBy})` : ''}`),
      el('dt', null, 'Replayed here'),
      el('dd', { testid: 'replay-here' }, `${report.pageName || report.page}, ${summaryText(report)}`),
      el('dt', null, 'Page'), el('dd', null, `${about.path || '/'}${about.queryKeys && about.queryKeys.length ? ` (query keys: ${about.queryKeys.join(', ')})` : ''}`),
      el('dt', null, 'Versions'), el('dd', null, `extension ${about.extension}, engine ${about.engine}, profile ${about.profile.join(' ')}`),
      el('dt', null, 'Left out'), el('dd', { testid: 'replay-withheld' }, withheld),
      cut ? el('dt', null, 'Cut') : null,
      cut ? el('dd', { testid: 'replay-cut' }, `The page was larger than 1 MB: only its first part is in the report (of ${cut.texts} texts and ${cut.controls} controls).`) : null),
    replay.differences.length
      ? el('ul', { testid: 'replay-differences' }, replay.differences.map((d) => el('li', { 'data-because': d.because },
        `${d.rule} (control ${d.handles.join(', ') || '–'}): ${d.live || 'not judged'} in the extension, ${d.replayed || 'not judged'} here: ${BECAUSE[d.because]}.`)))
      : el('p', { testid: 'replay-same' }, 'Same verdict as the extension gave on the live page.'),
    el('h3', null, `What the engine read (${replay.read.length} controls)`),
    el('p', null, `Sections: ${replay.sections.join(' · ') || 'none'}`),
    el('table', { testid: 'replay-read' },
      el('thead', null, el('tr', null, ['Section', 'Label', 'Column', 'Kind', 'State', 'Unread because'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', null, replay.read.map((c) => el('tr', { testid: 'read-control', 'data-handle': String(c.handle), 'data-unread': c.unread ? 'yes' : 'no' },
        el('td', null, c.section || '–'), el('td', null, c.label || '–'), el('td', null, c.column || '–'),
        el('td', null, c.kind), el('td', null, c.state), el('td', null, c.unread || ''))))));
  out.querySelector('.exports').after(box);
}

async function checkFiles(entries) {
  const run = ++state.run;
  const stale = () => run !== state.run;
  if (entries.length === 1 && await isReportFile(entries[0].file).catch(() => false)) {
    await checkReport(run, entries[0]);
    return;
  }
  const list = candidates(entries);
  if (!list.length) {
    finish(run, null, new FileProblem(`None of the ${entries.length} files is a saved web page (.mhtml, .html). Give the file the browser saved from the Autotask page.`));
    return;
  }
  setStatus('', 'working');
  const checked = [];
  let firstProblem = null;
  try {
    for (const [n, entry] of list.entries()) {
      const share = 1 / list.length;
      const progress = (f, text) => { if (!stale()) setProgress((n + f) * share, text); };
      let pages;
      try {
        pages = await pagesOf(entry, progress);
      } catch (err) {
        if (!(err instanceof FileProblem)) throw err;
        firstProblem = firstProblem || err;
        continue;
      }
      if (stale()) return;
      for (const [i, page] of pages.entries()) {
        const text = pages.length > 1
          ? `Checking page ${i + 1} of ${pages.length} in ${entry.file.name}`
          : `Checking ${entry.file.name}`;
        const within = (f) => progress(0.7 + (0.3 * (i + f)) / pages.length, text);
        within(0);
        await nextTask();
        if (stale()) return;
        const one = await judge(page, () => !stale(), within);
        if (!one) return;
        checked.push(one);
        if (judgeable(one.report)) break;
      }
      if (checked.some((c) => judgeable(c.report))) break;
    }
  } catch (err) {
    if (!stale()) finish(run, null, new FileProblem(`The check failed: ${err && err.message ? err.message : err}. Nothing was changed; try the file again, and report this if it persists.`));
    return;
  }
  if (stale()) return;
  // A setup page first; else a page the engine has a notice for (another language, no access).
  const chosen = checked.find((c) => judgeable(c.report))
    || checked.find((c) => c.report.notice);
  if (chosen) {
    finish(run, chosen, null);
    return;
  }
  if (!checked.length) {
    finish(run, null, firstProblem);
    return;
  }
  finish(run, null, new FileProblem(notRecognised(checked)), checked[0].report.page);
}

// Why nothing was checked, and what to save instead.
function notRecognised(checked) {
  const shell = checked.find((c) => c.shellFrame !== null);
  const first = checked[0];
  const name = first.page.from;
  if (shell) {
    const src = shell.shellFrame;
    if (shell.page.mhtml) {
      return `"${name}" holds Autotask's window (header and menu) but not the form in its frame. Open the security level, then save again with Ctrl+S, "Webpage, Single File"; or open the frame in its own tab and save that.`;
    }
    const beside = /^(\.\/)?[^:/?#]+_files\//i.test(src);
    if (beside) {
      return `"${name}" is Autotask's window around the form; the form itself was saved as "${src}" in the folder beside it. Drop the .html file together with its folder, or choose that frame file.`;
    }
    return `"${name}" is Autotask's window (header and menu) saved without the form: the security level is shown in a frame, and "Webpage, HTML only" does not save frames. Save the frame itself: in Firefox, right-click inside the form, This Frame > Save Frame As…; in Chrome or Edge, save as "Webpage, Single File" (.mhtml), which keeps the frame, or open the frame in its own tab and save that.${src ? ` The frame's address in this save: ${src}` : ''}`;
  }
  const reason = first.report.recognition.reason;
  return `"${name}" is not a page the checker knows: ${reason} Open the security level in Autotask (Admin > Account Settings & Users > Resources/Users > Security Levels, then the level) and save that page.`;
}

// Ends a run: either a verdict to show, or a problem to say (the previous
// verdict, its JSON and its exports stay exactly as they were).
function finish(run, chosen, problem, pageKind) {
  if (run !== state.run) return;
  setProgress(null);
  // Which check the status answers (tests wait for it to change).
  $('file-status').dataset.run = String(run);
  if (problem) {
    setStatus(problem.message, 'error', pageKind);
    // The result still shown is the previous file's: it says so.
    // (Said above it, outside it: the result itself stays as it was.)
    if (state.current && !$('result').hidden) {
      const label = el('p', { class: 'previous', testid: 'result-previous', role: 'note' },
        `The result below is for the previous file, "${state.current.from}"; the file given since was not checked.`);
      const old = document.querySelector('[data-testid="result-previous"]');
      if (old) old.replaceWith(label);
      else $('result').before(label);
    }
    return;
  }
  const { report, page } = chosen;
  const checkedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const markdown = wasm_bindgen.reportMarkdown(chosen.snapshotJson, CONTEXT, page.from, page.location, checkedAt);
  let alone = null;
  if (report.judged) {
    alone = JSON.parse(wasm_bindgen.checkPage(chosen.snapshotJson, EXTENSION_CONTEXT));
  }
  state.current = {
    report,
    reportJson: JSON.stringify(report, null, 2),
    markdown,
    name: report.recognition.levelName || report.recognition.userName || (report.contract && report.contract.name) || page.from.replace(/\.[^.]+$/, ''),
    from: page.from,
  };
  const previous = document.querySelector('[data-testid="result-previous"]');
  if (previous) previous.remove();
  drawResult(report, page, alone);
  const verdict = report.summary
    ? `${report.summary.passed}/${report.summary.total} rules pass`
    : report.pageName || report.page;
  setStatus(`Checked "${page.from}": ${verdict}.`, 'done', report.page);
  // The status's colour is the verdict's: green only for a page that passes.
  $('file-status').dataset.outcome = report.summary ? (report.passes ? 'pass' : 'fail') : 'none';
  // The keyboard and the view go to the result.
  const heading = $('result').querySelector('#result-heading');
  heading.focus({ preventScroll: true });
  $('result').scrollIntoView({ block: 'start' });
}

// --------------------------------------------------------------- the verdict

function outcomeBadge(outcome) {
  return el('span', { class: `badge ${outcome}` }, outcome);
}

function headline(report) {
  if (!judgeable(report)) return report.recognition.reason;
  if (!report.summary) {
    return report.recognition.levelName
      ? 'Not judged: this level is not one of the integration\'s.'
      : 'Not judged: the security level\'s Name could not be read from the saved page.';
  }
  const counts = {};
  for (const r of report.results) counts[r.outcome] = (counts[r.outcome] || 0) + 1;
  if (report.passes) return 'rules pass: set up as the guide asks.';
  const parts = BLOCKING.filter((o) => counts[o]).map((o) => `${counts[o]} ${o}`);
  return `rules pass: ${parts.join(', ')}.`;
}

function extensionNote(report, alone) {
  if (!alone || !report.bound) return null;
  if (alone.boundBy === 'name-hint') return 'The extension checks this level on its own: its name marks it as the integration\'s.';
  if (alone.boundBy === 'vendor') return 'The extension checks this API user on its own: its Integration Vendor is the integration\'s.';
  if (alone.bound) return null;
  // A fresh copy of the API-only level is nobody's until the admin says
  // whose: the engine's offer asks, and its sentence says so.
  if (alone.offer && Array.isArray(alone.offer.choices) && alone.offer.choices.length) return `Its panel asks first: ${alone.offer.text}`;
  return alone.offer && alone.offer.accept ? `The extension checks this only once chosen with "${alone.offer.accept}" in its panel.` : null;
}

function drawResult(report, page, alone) {
  const out = $('result');
  const passes = report.passes;
  const summary = report.summary ? `${report.summary.passed}/${report.summary.total}` : null;
  const findings = report.results.filter((r) => r.outcome !== 'pass');
  const facts = [
    ['Page', el('span', { testid: 'page-kind', 'data-kind': report.page }, report.pageName || report.page)],
    report.recognition.levelName && ['Security level', el('span', { testid: 'level-name' }, report.recognition.levelName)],
    report.recognition.userName && ['API user', el('span', { testid: 'user-name' }, report.recognition.userName)],
    report.contract && report.contract.name && ['Contract', el('span', { testid: 'contract-name' }, report.contract.name)],
    ['Recognised', report.recognition.reason],
    ['Profile', `${report.profile.name} ${report.profile.version}`],
    ['File', el('span', { testid: 'result-file' }, page.from)],
    page.location && ['Frame', el('span', { testid: 'result-frame' }, page.location)],
    extensionNote(report, alone) && ['In the extension', el('span', { testid: 'extension-note' }, extensionNote(report, alone))],
  ].filter(Boolean);

  const body = [
    el('h2', { id: 'result-heading', tabindex: '-1' }, 'Result'),
    el('p', { class: `verdict ${passes ? 'ok' : 'bad'}`, testid: 'verdict', 'data-passes': String(passes) },
      summary ? el('strong', { testid: 'summary' }, summary) : null,
      summary ? ' ' : null,
      headline(report)),
    el('dl', { class: 'facts' }, facts.map(([term, value]) => [el('dt', null, term), el('dd', null, value)])),
  ];
  if (report.advice && report.advice.length) {
    body.push(el('ul', { class: 'advice', testid: 'advice' }, report.advice.map((a) => el('li', null, a))));
  }
  if (findings.length) {
    body.push(
      el('h3', null, `To change (${findings.length})`),
      el('ol', { class: 'findings', testid: 'findings' }, findings.map((r) => el('li', { testid: 'finding', 'data-outcome': r.outcome },
        outcomeBadge(r.outcome), ' ',
        el('strong', null, `${r.section} · ${r.control}`),
        `: expected ${r.expected}, found ${r.found}.`,
        el('span', { class: 'why' }, r.message)))),
    );
  }
  body.push(el('div', { class: 'exports' },
    el('button', { type: 'button', testid: 'export-copy-markdown' }, 'Copy the report (Markdown)'),
    el('button', { type: 'button', testid: 'export-markdown' }, 'Download the report (Markdown, for a ticket)'),
    el('button', { type: 'button', testid: 'export-json' }, 'Download the report (JSON)'),
    el('span', { testid: 'export-status', role: 'status' })));
  if (report.sections.length) {
    body.push(el('h3', null, 'Every rule, by section'),
      el('p', { class: 'legend' },
        outcomeBadge('fail'), ' a setting the integration needs is wrong · ',
        outcomeBadge('excess'), ' grants more than the integration needs · ',
        outcomeBadge('incomplete'), ' not found or not readable: check by hand · ',
        outcomeBadge('warn'), ' advice, never counted'));
    for (const section of report.sections) {
      const rules = report.results.filter((r) => r.section === section.heading);
      body.push(el('section', { class: 'rules', testid: 'section', 'data-heading': section.heading },
        el('h4', null, section.heading, ' ', el('span', { class: `count ${section.passed === section.total ? 'ok' : 'bad'}`, testid: 'section-count' }, `${section.passed}/${section.total}`)),
        rules.length
          ? el('table', null,
            el('thead', null, el('tr', null, ['Result', 'Control', 'Expected', 'Found', 'Why'].map((h) => el('th', { scope: 'col' }, h)))),
            el('tbody', null, rules.map((r) => el('tr', { testid: 'rule', 'data-outcome': r.outcome, 'data-handles': r.handles.join(' ') },
              el('td', null, outcomeBadge(r.outcome)),
              el('td', null, r.control),
              el('td', null, r.expected),
              el('td', null, r.found),
              el('td', { class: 'why' }, r.message)))))
          : el('p', { class: 'empty' }, 'No control of this section to judge.')));
    }
  }
  body.push(el('details', { class: 'json' },
    el('summary', null, 'The report as JSON (format ', String(report.format), ')'),
    el('pre', { testid: 'report-json' }, state.current.reportJson)));
  out.replaceChildren(...body);
  out.hidden = false;
}

// ------------------------------------------------------------------ exports

function fileStem() {
  const date = new Date().toISOString().slice(0, 10);
  const name = state.current.name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'page';
  return `asg-report-${name}-${date}`;
}

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the download has had time to start.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function onResultClick(e) {
  const button = e.target.closest('button[data-testid]');
  if (!button || !state.current) return;
  if (button.dataset.testid === 'export-markdown' && state.current.markdown) {
    download(state.current.markdown, `${fileStem()}.md`, 'text/markdown;charset=utf-8');
  } else if (button.dataset.testid === 'export-json') {
    download(`${state.current.reportJson}\n`, `${fileStem()}.json`, 'application/json');
  } else if (button.dataset.testid === 'export-copy-markdown') {
    const said = $('result').querySelector('[data-testid="export-status"]');
    navigator.clipboard.writeText(state.current.markdown).then(
      () => { said.textContent = 'Copied.'; },
      () => { said.textContent = 'The browser did not allow copying; use Download instead.'; });
  }
}

// ----------------------------------------------------------- drag and drop

// Files from a drop, folders walked (a "complete" save's _files folder).
async function droppedEntries(dataTransfer) {
  const items = [...(dataTransfer.items || [])].filter((item) => item.kind === 'file');
  const fsEntries = items.map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (!fsEntries.length || fsEntries.some((entry) => !entry)) {
    return [...dataTransfer.files].map((file) => ({ file, path: file.name }));
  }
  const out = [];
  const walk = async (entry, depth) => {
    if (out.length >= 500) return;
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject)).catch(() => null);
      if (file) out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    } else if (entry.isDirectory && depth < 4) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject)).catch(() => []);
        if (!batch.length) break;
        for (const child of batch) await walk(child, depth + 1);
      }
    }
  };
  for (const entry of fsEntries) await walk(entry, 0);
  return out;
}

function setUpIntake() {
  const zone = $('drop-zone');
  const input = $('file-input');
  const choose = $('choose-file');
  choose.disabled = false;
  choose.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const files = [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
    input.value = '';
    if (files.length) checkFiles(files);
  });
  // The whole page takes a drop, so a near miss never navigates away.
  let depth = 0;
  document.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; zone.classList.add('over'); });
  document.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; zone.classList.remove('over'); } });
  document.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
  document.addEventListener('drop', async (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('over');
    if (!e.dataTransfer) return;
    const entries = await droppedEntries(e.dataTransfer);
    if (entries.length) checkFiles(entries);
  });
  $('result').addEventListener('click', onResultClick);
}

// ------------------------------------------------------------------- start

async function main() {
  const status = $('engine-status');
  try {
    await loadEngine();
  } catch (err) {
    status.textContent = `The engine could not be loaded: ${err && err.message ? err.message : err}. ` +
      'Open this page from a web server or from the folder it was built into (it needs the engine folder beside it).';
    status.dataset.state = 'error';
    return;
  }
  $('engine-version').textContent = wasm_bindgen.engineVersion();
  const list = $('profiles');
  for (const p of JSON.parse(wasm_bindgen.listProfiles())) {
    list.append(el('li', null, el('strong', null, `${p.name} ${p.version}`), ` (${p.id}): ${p.description}`));
  }
  setUpIntake();
  status.textContent = 'Engine ready.';
  status.dataset.state = 'ready';
}

document.addEventListener('DOMContentLoaded', main);
