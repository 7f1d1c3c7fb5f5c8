// HTTPS static server for the fixture pages, on 127.0.0.1 with a throwaway
// self-signed certificate. `/csp/<path>` serves `<path>` with a strict CSP.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CSP_PREFIX = '/csp/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.js': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png',
};

function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'asg-cert-'));
  try {
    execFileSync('/usr/bin/openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '1', '-subj', '/CN=ww5.autotask.net',
      '-addext', 'subjectAltName=DNS:ww5.autotask.net,DNS:intranet.example.com,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `{{date:FORMAT:EXPR}}` in a fixture page becomes a date relative to today
// (this machine's local date, the one the browser's content script sees), so
// a page's expected result never depends on the day the tests run. EXPR is
// `today` or `month` (the 1st of this month) followed by steps such as `-1m`,
// `+14d`, `+1y`; FORMAT is MM/dd/yyyy, dd/MM/yyyy, yyyy-MM-dd or dd.MM.yyyy.
const DATE_PLACEHOLDER = /\{\{date:([^:}]+):([^}]+)\}\}/g;
export function fillDates(html, now = new Date()) {
  return html.replace(DATE_PLACEHOLDER, (whole, format, expr) => {
    const m = /^(today|month)((?:[+-]\d+[dmy])*)$/.exec(expr);
    if (!m) throw new Error(`fixture date placeholder not understood: ${whole}`);
    // Calendar arithmetic in UTC: no daylight-saving hour can move a day.
    const d = new Date(Date.UTC(now.getFullYear(), now.getMonth(), m[1] === 'month' ? 1 : now.getDate()));
    for (const [, sign, n, unit] of m[2].matchAll(/([+-])(\d+)([dmy])/g)) {
      const k = Number(sign + n);
      if (unit === 'd') d.setUTCDate(d.getUTCDate() + k);
      else if (unit === 'm') d.setUTCMonth(d.getUTCMonth() + k);
      else d.setUTCFullYear(d.getUTCFullYear() + k);
    }
    const parts = { yyyy: String(d.getUTCFullYear()).padStart(4, '0'),
      MM: String(d.getUTCMonth() + 1).padStart(2, '0'), dd: String(d.getUTCDate()).padStart(2, '0') };
    if (!['MM/dd/yyyy', 'dd/MM/yyyy', 'yyyy-MM-dd', 'dd.MM.yyyy'].includes(format)) {
      throw new Error(`fixture date format not known: ${whole}`);
    }
    return format.replace(/yyyy|MM|dd/g, (token) => parts[token]);
  });
}

async function handle(req, res, docs) {
  let path = decodeURIComponent(new URL(req.url, 'https://fixtures').pathname);
  // The browser asks every page's host for one; the fixtures have none.
  if (path === '/favicon.ico') return res.writeHead(204).end();
  if (docs.has(path)) {
    return res.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' }).end(docs.get(path));
  }
  const headers = { 'Cache-Control': 'no-store' };
  if (path.startsWith(CSP_PREFIX)) {
    path = path.slice(CSP_PREFIX.length - 1);
    headers['Content-Security-Policy'] = "script-src 'self'";
  }
  const file = normalize(join(FIXTURES, path));
  const type = TYPES[extname(file)];
  if (!file.startsWith(FIXTURES) || !type) return notFound(res);
  try {
    let body = await readFile(file);
    if (type.startsWith('text/html')) body = fillDates(body.toString('utf8'));
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
  } catch {
    notFound(res);
  }
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
}

/**
 * `.docs`: pages made by a test (path -> HTML), served before the fixtures:
 * what Playwright's routes do in Chromium, for a browser without them
 * (Firefox through geckodriver).
 */
export async function startServer(port = 0) {
  const docs = new Map();
  const server = createServer(makeCertificate(), (req, res) => {
    handle(req, res, docs).catch(() => res.destroy());
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    docs,
    port: server.address().port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

// Plain HTTP on 127.0.0.1 for a built folder (the checker page, dist/www).
// `.files`: scripts a test adds beside it (path -> JavaScript), served first.
export async function serveStatic(root, port = 0) {
  const files = new Map();
  const server = createHttpServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (files.has(path)) return res.writeHead(200, { 'Content-Type': TYPES['.js'] }).end(files.get(path));
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    const type = TYPES[extname(file)];
    try {
      if (!file.startsWith(root) || !type) throw new Error('not served');
      res.writeHead(200, { 'Content-Type': type }).end(await readFile(file));
    } catch {
      notFound(res);
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    files,
    port: server.address().port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
