// The files the checker page is given in its tests, one set for both
// browsers (tests/e2e/checker.test.mjs in Chromium, tests/firefox/checker.test.mjs
// in Firefox): the fixture pages, saves as Chrome writes them (MHTML with
// frames, "Webpage, Complete"), bad files, and what the checker's report
// must map back to.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const WWW = join(REPO, 'dist/www');
export const FIXTURES = join(REPO, 'tests/fixtures');
export const VERSION = readFileSync(join(REPO, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
export const AUTOTASK = 'https://ww5.autotask.net';
export const fixturePath = (name) => join(FIXTURES, `${name}.html`);
export const fixtureHtml = (name) => readFileSync(fixturePath(name), 'utf8');
export const fixtureSpec = (name) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
// Every security level fixture there is, whoever added it.
export const LEVEL_FIXTURES = readdirSync(join(FIXTURES, 'security-level'))
  .filter((file) => file.endsWith('.html'))
  .sort()
  .map((file) => `security-level/${file.slice(0, -'.html'.length)}`);

// API user and contract pages, given to the checker as saved.
export const SAVED_KINDS = ['api-user/classic-new-correct', 'api-user/classic-new-deviations', 'api-user/current-ui-new', 'api-user/classic-edit',
  'contract/new-all-correct', 'contract/existing-correct', 'contract/new-wrong-type'];

export const summaryOf = (report) => (report.summary ? `${report.summary.passed}/${report.summary.total}` : null);

/**
 * Runs in the checker page: the data-fixture-id of every element the
 * checker's snapshot of `text` holds, by handle. The checker's marks are
 * mapped to fixture ids by this, in the test: the product never reads
 * data-fixture-id.
 */
export function snapshotIds(text) {
  const doc = new DOMParser().parseFromString(text, 'text/html');
  return globalThis.AsgSnapshot.take(doc, 1).elements.map((el) => el.dataset.fixtureId ?? null);
}

/** The checker's marks by fixture id, from the ids snapshotIds gave and its report. */
export function marksByFixtureId(ids, report) {
  const marks = {};
  const strays = [];
  for (const { handle, outcome } of report.marks) {
    if (ids[handle]) marks[ids[handle]] = outcome;
    else strays.push(`handle ${handle} = ${outcome}`);
  }
  return { marks, strays };
}

// Quoted-printable as Chrome writes it: `=` as =3D, bytes outside printable
// ASCII as =XX, lines of at most 76 characters joined by soft breaks.
export function quotedPrintable(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const bytes = Buffer.from(line, 'utf8');
    let current = '';
    for (const [i, b] of bytes.entries()) {
      const last = i === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      const piece = plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (current.length + piece.length > 75) {
        out.push(`${current}=`);
        current = '';
      }
      current += piece;
    }
    out.push(current);
  }
  return out.join('\r\n');
}

export const BOUNDARY = '----MultipartBoundary--Q3mX8vRk2pLw9TnB7cYd1sEfH4gJ6aZu----';

// A single-file save like Chrome's: the shell page, the form as its frame's
// own part, a stylesheet and an image.
export function mhtmlSave({ withForm = true, closed = true } = {}) {
  const shell = fixtureHtml('shell/security-level-in-iframe')
    .replace('src="/security-level/classic-deviations.html"', 'src="cid:frame-7C1F0E3B9A@mhtml.blink"');
  const parts = [
    ['text/html', 'quoted-printable', 'https://ww5.autotask.net/Mvc/Framework/Navigation.mvc/Landing', quotedPrintable(shell), '<frame-3D0A1B2C4E@mhtml.blink>'],
    ['text/css', 'quoted-printable', 'cid:css-5E6F@mhtml.blink', quotedPrintable('body { font: 12px Arial; }\n[data-slot="iframe"] { height: 100%; }')],
    withForm && ['text/html', 'quoted-printable', 'https://ww5.autotask.net/Autotask/AutotaskExtend/SecurityLevels/SecurityLevel.aspx?securityLevelID=29682885', quotedPrintable(fixtureHtml('security-level/classic-deviations')), '<frame-7C1F0E3B9A@mhtml.blink>'],
    ['image/png', 'base64', 'https://ww5.autotask.net/images/logo.png', randomBytes(300).toString('base64').replace(/.{76}/g, '$&\r\n')],
  ].filter(Boolean);
  let out = 'From: <Saved by Blink>\r\n'
    + 'Snapshot-Content-Location: https://ww5.autotask.net/Mvc/Framework/Navigation.mvc/Landing\r\n'
    + 'Subject: Autotask\r\nDate: Tue, 5 May 2026 09:12:44 -0000\r\nMIME-Version: 1.0\r\n'
    + `Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="${BOUNDARY}"\r\n\r\n\r\n`;
  for (const [type, encoding, location, body, id] of parts) {
    out += `--${BOUNDARY}\r\nContent-Type: ${type}\r\n${id ? `Content-ID: ${id}\r\n` : ''}`
      + `Content-Transfer-Encoding: ${encoding}\r\nContent-Location: ${location}\r\n\r\n${body}\r\n`;
  }
  if (closed) out += `--${BOUNDARY}--\r\n`;
  return out;
}


/** Each kind of bad file: [name, content, the message it must get]. */
export const badFiles = () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
  return [
    ['notes.txt', 'Security level for rhipe: CONTRACTS, CRM, ADMIN.\nAsk Jordan about the API user.\n', /"notes\.txt" is text but not a web page\. Give the file the browser saved/],
    ['dashboard.html', fixtureHtml('other/home-dashboard'), /"dashboard\.html" is not a page the checker knows: Only \d+ of the 11 security areas found.* save that page\./],
    ['level.html', Buffer.concat([Buffer.from('MZ'), randomBytes(1000), Buffer.alloc(50), randomBytes(1000)]), /"level\.html" is not a saved web page: it holds binary data, not text\. Save the page again/],
    ['screenshot.html', png, /"screenshot\.html" is an image \(PNG\)\. A screenshot cannot be checked: save the page itself instead\./],
    ['empty.html', '', /"empty\.html" is empty \(0 bytes\)\. Save the page again/],
    ['truncated.mhtml', mhtmlSave().slice(0, -200), /"truncated\.mhtml" is cut off/],
  ];
};

/** A 20 MB page the checker does not know, and a 26 MB file past its limit. */
export function bigFiles() {
  const row = '<p class="Note">Quarterly maintenance window for the branch office network, see ticket T20260101.0001.</p>\n';
  const big = `<!doctype html><html lang="en"><head><title>Export</title></head><body>\n${row.repeat(Math.ceil((20 * 1024 * 1024) / row.length))}</body></html>`;
  return { big, huge: Buffer.alloc(26 * 1024 * 1024, 'a') };
}

/** A security level page and an API user page, each carrying `secret`. */
export function pagesWithSecret(secret) {
  const level = fixtureHtml('security-level/classic-deviations').replace('<div class="SecurityAreas">',
    `<div class="FieldRow"><label for="z9f0c">Password (Secret)</label><input type="password" id="z9f0c" value="${secret}"></div>
       <div class="FieldRow"><label for="z9f0d">API Secret</label><input type="text" id="z9f0d" value="${secret}"></div>
       <div class="SecurityAreas">`);
  const apiUser = `<!doctype html><html lang="en"><head><title>New API User</title></head><body><h1>New API User</h1>
      <fieldset><legend>Credentials</legend><label for="a">Username (Key)</label><input id="a" value="ABCDEF123456789">
      <label for="b">Password (Secret)</label><input id="b" type="password" value="${secret}"></fieldset></body></html>`;
  return { level, apiUser };
}

/** A "Webpage, Complete" save of a level, with its folder; and one of the shell, whose form is a file of its folder. */
export function completeSaves() {
  return {
    level: fixtureHtml('security-level/classic-deviations')
      .replace('</head>', '<link rel="stylesheet" href="Edit Security Level_files/style.css">\n</head>'),
    shell: fixtureHtml('shell/security-level-in-iframe')
      .replace('src="/security-level/classic-deviations.html"', 'src="./Autotask_files/saved_resource.html"'),
    shellFrame: fixtureHtml('security-level/classic-all-correct'),
  };
}

/** Every fixture page (name and text), whoever added it. */
export function allFixturePages() {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) out.push({ name: path.slice(FIXTURES.length + 1), html: readFileSync(path, 'utf8') });
    }
  };
  walk(FIXTURES);
  return out;
}

/**
 * A page that would show whether a parse ran its scripts or loaded what it
 * names: each script, handler and image would set a flag or fetch a unique
 * address. Split across pieces at awkward places by the caller.
 */
export function activePage(tag) {
  return `<!doctype html><html lang="en"><head><title>Active</title>
<script>window.__asgRan = 'head'; try { parent.__asgRan = 'head'; } catch {}</script>
<link rel="stylesheet" href="/${tag}.css"></head>
<body onload="window.__asgRan = 'onload'"><h1>Edit Security Level</h1>
<img src="/${tag}.png" onerror="window.__asgRan = 'onerror'; try { parent.__asgRan = 'onerror'; } catch {}">
<iframe src="/${tag}-frame.html"></iframe><p>caf\u00e9 &amp; \ud83d\ude00 a\r\nb</p>
<script src="/${tag}.js"></script><script>document.title = 'ran'; try { parent.__asgRan = 'body'; } catch {}</script>
</body></html>`;
}

/**
 * Runs in the checker page: each page parsed in slices as the checker parses
 * it (its own piece sizes, and pieces of `piece` characters, 13 times that
 * on pages over 30,000 characters) against
 * DOMParser's tree of it, with the checker's own `parseInSlices` and `rest`
 * (www/parse.js; the caller writes their source into the script it runs, as
 * the page's are inside its bundle). Returns the parses whose trees differ, whether any
 * script or handler ran, and the resources fetched whose address holds `tag`.
 */
export async function slicedParses(pages, piece, tag, parseInSlices, rest) {
  const differ = [];
  for (const { name, html } of pages) {
    const want = new DOMParser().parseFromString(html, 'text/html').documentElement.outerHTML;
    // Tiny pieces split every construct somewhere; larger pages get larger ones (time).
    for (const fixed of [0, html.length < 30_000 ? piece : piece * 13]) {
      const doc = await parseInSlices(html, () => true, () => {}, fixed, rest);
      if (doc.documentElement.outerHTML !== want) differ.push(`${name} (${fixed ? `pieces of ${fixed}` : 'adaptive'})`);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const fetched = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes(tag));
  return { differ, ran: window.__asgRan ?? null, fetched };
}

/**
 * The checker's result, as tests/e2e/checker-result.test.mjs and its Firefox
 * counterparts hold it: the status line's colour by outcome (Primer's
 * light palette), the files given, and the label a bad file after a good
 * one puts on the old result.
 */
export const RESULT = {
  colour: { fail: 'rgb(207, 34, 46)', pass: 'rgb(26, 127, 55)' },
  failing: 'security-level/classic-deviations',
  passing: 'security-level/classic-all-correct',
  notAPage: ['notes.txt', 'not a page'],
  previous: /previous file, "classic-deviations\.html"/,
  viewport: { width: 1280, height: 720 },
};

/**
 * A scratch folder for one test file, made before its tests and removed
 * after: the returned function writes a file there (folders as needed) and
 * gives its path, to hand to a file input.
 */
export function useScratch(prefix = 'asg-checker-') {
  let dir;
  before(() => { dir = mkdtempSync(join(tmpdir(), prefix)); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
  return (name, content) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
}
