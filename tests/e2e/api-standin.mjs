// A local stand-in for the Autotask REST API, over HTTPS with a throwaway
// self-signed certificate, for the live API check's tests. It answers as
// public API clients record Autotask answering (docs/autotask-api.md):
// entityInformation wrapped in `info` with the access levels as names, and
// errors as 500s with Autotask's texts. `standin.shape = 'documented'`
// switches entityInformation to the documentation's flat shape with numbers.
// The browser maps webservices.autotask.net (the zone lookup), the zone host
// and a foreign look-alike host to it. It records every request (headers
// included) so a test can count them, see how many ran at once, and prove
// where credentials went.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LOOKUP_HOST = 'webservices.autotask.net';
export const ZONE_HOST = 'webservices5.autotask.net';
// What the "outside" user's zone lookup names: looks like Autotask, is not.
export const FOREIGN_HOST = 'webservices5.autotask.net.evil.example';
export const HOSTS = [LOOKUP_HOST, ZONE_HOST, FOREIGN_HOST];
export const INTEGRATION_CODE = 'ASGTESTINTEGRATIONCODE0001';
export const ENTITIES = ['Companies', 'Contracts', 'Services', 'ContractServices'];
const SLOW_MS = 12_000; // past the check's 10 s timeout
const LATENCY_MS = 150;
const PERMISSION_ERROR = 'The logged in Resource does not have the adequate permissions to query this entity type.';
const LEVELS = { None: 0, All: 1, Restricted: 2 };

// One user per case. `access` overrides entityInformation per entity:
// [query, update] as userAccessFor* names; `flags` overrides its
// canQuery / canCreate / canUpdate. `echo` makes a read's permission error
// (or, with `plain`, the credentials check's bare 500) repeat the UserName
// and Secret headers: `raw` as they are, `escaped` JSON-escaped inside the
// text (`\"`), `unicode` as `\u0022`-style escapes in the JSON itself,
// `percent` percent-encoded. An echoing user accepts any secret.
export const USERS = {
  good: { username: 'GoodUser0000001' },
  wrongSecret: { username: 'WrongSecret0001', secretDiffers: true },
  locked: { username: 'LockedUser00001', locked: true },
  unknown: { username: 'UnknownUser0001', unknown: true },
  badCode: { username: 'BadCodeUser0001', codeDiffers: true },
  // Autotask's bare answer to a bad code (some clients record only this).
  badCodeBare: { username: 'BadCodeBare0001', codeDiffers: 'Something went wrong' },
  noContracts: { username: 'NoContracts0001', access: { Contracts: ['None', 'None'], ContractServices: ['None', 'None'] } },
  restrictedServices: { username: 'RestrictedSvc01', access: { Services: ['Restricted', 'None'] }, refuseQuery: ['Services'] },
  // The permission text starts the same and ends another way.
  permissionOther: {
    username: 'PermissionEnd01', refuseQuery: ['Companies'],
    permission: 'The logged in Resource does not have the adequate permissions to query this entity Company.',
  },
  // The user may do all, the entity refuses an operation for everyone.
  entityRefuses: {
    username: 'EntityRefuses01', access: { Contracts: ['all', 'ALL'] },
    flags: { Contracts: { canUpdate: false }, ContractServices: { canQuery: false } },
  },
  echoRaw: { username: 'Echo"Raw\\%+01', echo: 'raw' },
  echoEscaped: { username: 'Echo"Esc\\%+01', echo: 'escaped' },
  echoUnicode: { username: 'Echo"Uni\\%+01', echo: 'unicode' },
  echoPercent: { username: 'Echo"Pct\\%+01', echo: 'percent' },
  echoPlain: { username: 'Echo"Plain\\%+1', echo: 'percent', plain: true },
  nearThreshold: { username: 'NearLimit000001', used: 7_500 },
  slow: { username: 'SlowUser0000001', slow: 'Services/entityInformation' },
  malformed: { username: 'Malformed000001', malformed: 'Companies/entityInformation' },
  outside: { username: 'OutsideZone0001', zoneUrl: `https://${FOREIGN_HOST}/atservicesrest/` },
  redirect: { username: 'Redirect0000001', redirect: 'ThresholdInformation' },
  // A proxy's or a failing server's HTML error page, mid-check.
  htmlError: { username: 'HtmlError000001', htmlError: 'Contracts/entityInformation' },
  // The connection is reset partway through the answer (status and headers
  // sent, the body cut). A reset before any byte is not used: on a reused
  // keep-alive connection Chromium itself resends an idempotent GET (seen:
  // four arrivals for one fetch), which is the browser's doing, not the check's.
  reset: { username: 'ResetConn000001', reset: 'Services/query' },
};
const byName = new Map(Object.values(USERS).map((u) => [u.username.toLowerCase(), u]));

function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'asg-api-cert-'));
  try {
    execFileSync('/usr/bin/openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '1', '-subj', `/CN=${LOOKUP_HOST}`,
      '-addext', `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')},IP:127.0.0.1`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const json = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const errors = (res, status, text) => json(res, status, { errors: [text] });

// What an echoing server puts in its text, and the JSON body it sends.
function echoBody(form, prefix, username, secret) {
  const said = (v) => ({ raw: v, unicode: v, escaped: JSON.stringify(v), percent: encodeURIComponent(v) })[form];
  const text = `${prefix} (UserName ${said(username)}, Secret ${said(secret)})`;
  if (form !== 'unicode') return JSON.stringify({ errors: [text] });
  const u = (v) => [...v].map((c) => (/[A-Za-z0-9 ]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
  return `{"errors":["${u(text)}"]}`;
}

/** Starts the stand-in; every good user's secret is `secret`. */
export async function startApiStandin(secret) {
  const log = [];
  const options = { shape: 'recorded' };
  let inFlight = 0;
  let maxInFlight = 0;
  const timers = new Set();

  function route(req, res, url) {
    const host = (req.headers.host || '').split(':')[0];
    const path = url.pathname.replace(/^\/atservicesrest\/v1\.0\//i, '');
    if (host === LOOKUP_HOST && path.toLowerCase() === 'zoneinformation') {
      const user = byName.get((url.searchParams.get('user') || '').toLowerCase());
      // What Autotask answers a name it does not know (seen in public reports).
      if (!user || user.unknown) return errors(res, 500, 'Zone information could not be determined');
      return json(res, 200, {
        zoneName: 'Autotask Zone 5',
        url: user.zoneUrl || `https://${ZONE_HOST}/atservicesrest/`,
        webUrl: 'https://ww5.autotask.net/',
        ci: 5,
      });
    }
    if (host !== ZONE_HOST) return errors(res, 404, 'not found');
    const user = byName.get(String(req.headers.username || '').toLowerCase());
    if (!user || user.unknown) return errors(res, 500, 'Something went wrong');
    // Wrong secret and locked look the same from outside: 401, no body.
    const secretOk = user.echo ? Boolean(req.headers.secret) : req.headers.secret === (user.secretDiffers ? `${secret}-other` : secret);
    if (user.locked || !secretOk) {
      res.writeHead(401, { 'Cache-Control': 'no-store' });
      return res.end();
    }
    if (user.codeDiffers || req.headers.apiintegrationcode !== INTEGRATION_CODE) {
      return errors(res, 500, typeof user.codeDiffers === 'string' ? user.codeDiffers : 'IntegrationCode is invalid.');
    }
    const echoed = (prefix) => echoBody(user.echo, prefix, String(req.headers.username), String(req.headers.secret));
    if (user.echo && user.plain && path === 'ThresholdInformation') {
      // A bare text body, not JSON.
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(`Something went wrong: user=${encodeURIComponent(req.headers.username)}&secret=${encodeURIComponent(req.headers.secret)}`);
    }
    const slow = user.slow && path === user.slow;
    const answer = () => {
      if (res.destroyed) return;
      if (user.malformed === path) return json(res, 200, '{"name":"Companies","canQuery":tru');
      if (user.htmlError === path) {
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end('<!DOCTYPE html><html><head><title>500 - Internal server error.</title></head><body><h1>Server Error</h1></body></html>');
      }
      if (user.reset === path) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '400' });
        res.write('{"items":[{"id":29682801');
        return setTimeout(() => res.socket?.destroy(), 50);
      }
      if (user.redirect === path) {
        res.writeHead(302, { Location: `https://${FOREIGN_HOST}/atservicesrest/v1.0/${path}` });
        return res.end();
      }
      if (path === 'ThresholdInformation') {
        return json(res, 200, {
          externalRequestThreshold: 10_000,
          requestThresholdTimeframe: 60,
          currentTimeframeRequestCount: user.used ?? 120,
        });
      }
      const [entity, what] = path.split('/');
      if (!ENTITIES.includes(entity)) return errors(res, 404, 'not found');
      const [query, update] = (user.access && user.access[entity]) || ['All', 'All'];
      const flags = { canCreate: true, canDelete: entity !== 'Companies', canQuery: true, canUpdate: true, ...(user.flags || {})[entity] };
      if (what === 'entityInformation') {
        const level = (name) => (options.shape === 'documented' ? LEVELS[name[0].toUpperCase() + name.slice(1).toLowerCase()] : name);
        const info = {
          name: entity, ...flags,
          userAccessForCreate: level(update), userAccessForDelete: level('None'),
          userAccessForQuery: level(query), userAccessForUpdate: level(update),
          hasUserDefinedFields: entity === 'Companies', supportsWebhookCallouts: entity === 'Companies',
        };
        return json(res, 200, options.shape === 'documented' ? info : { info });
      }
      if (what === 'query') {
        let search;
        try { search = JSON.parse(url.searchParams.get('search') || ''); } catch { search = null; }
        if (!search || !Array.isArray(search.filter)) return errors(res, 500, 'A filter is required.');
        // Autotask often answers a missing permission with 500 and this text.
        if (user.echo && entity === 'Services') return json(res, 500, echoed(PERMISSION_ERROR));
        if (query.toLowerCase() === 'none' || !flags.canQuery || (user.refuseQuery || []).includes(entity)) {
          return errors(res, 500, user.permission || PERMISSION_ERROR);
        }
        return json(res, 200, {
          items: [{ id: 29682801, ...(entity === 'Companies' ? { companyName: 'Contoso' } : {}) }],
          pageDetails: { count: 1, requestCount: 500, prevPageUrl: null, nextPageUrl: null },
        });
      }
      return errors(res, 404, 'not found');
    };
    // Entity calls take a little while, as real ones do, so that requests
    // sent together are seen together (the concurrency the tests count).
    const delay = slow ? SLOW_MS : path.includes('/') ? LATENCY_MS : 0;
    if (!delay) return answer();
    const timer = setTimeout(() => { timers.delete(timer); answer(); }, delay);
    timers.add(timer);
    return undefined;
  }

  const server = createServer(makeCertificate(), (req, res) => {
    const url = new URL(req.url, 'https://standin');
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const entry = {
      at: Date.now(), method: req.method, host: (req.headers.host || '').split(':')[0],
      path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers },
      status: null, bytes: 0,
    };
    log.push(entry);
    // A request counts as in flight until its answer is handed over (the
    // client cannot have it before `end`), or its connection is gone.
    let counted = true;
    const done = () => {
      if (counted) { counted = false; inFlight -= 1; }
      if (entry.status === null) entry.status = res.headersSent ? res.statusCode : 0;
    };
    const end = res.end.bind(res);
    const write = res.write.bind(res);
    const count = (chunk) => { if (chunk && typeof chunk !== 'function') entry.bytes += Buffer.byteLength(chunk); };
    res.write = (chunk, ...rest) => { count(chunk); return write(chunk, ...rest); };
    res.end = (...args) => {
      count(args[0]);
      entry.status = res.statusCode;
      done();
      return end(...args);
    };
    res.on('close', done);
    try {
      route(req, res, url);
    } catch {
      res.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    /** The requests since the last `reset`, oldest first. */
    get requests() { return log.slice(); },
    get maxInFlight() { return maxInFlight; },
    /** 'recorded' (the default) or 'documented': how entityInformation answers. */
    get shape() { return options.shape; },
    set shape(value) { options.shape = value; },
    reset() {
      log.length = 0;
      maxInFlight = inFlight;
    },
    close: () => new Promise((resolve) => {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
