// What the matrix harnesses do in the browser: judge rendered HTML in the
// checker page (its snapshot code and engine, as www/checker.js does), and
// serve rendered pages (and the frames beside them) at a real HTTPS address.

const BATCH = 40;

// Runs in the checker page: DOMParser, the eyes, the engine; marks mapped to
// data-fixture-id here, in the test (the product never reads it).
export function judgeBatch(cases) {
  /* global AsgSnapshot, wasm_bindgen */
  return cases.map(({ html, ctx }, i) => {
    try {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const taken = AsgSnapshot.take(doc, i + 1);
      const report = JSON.parse(wasm_bindgen.checkPage(JSON.stringify(taken.snapshot), JSON.stringify(ctx)));
      const marks = {};
      for (const { handle, outcome } of report.marks ?? []) {
        const el = taken.elements?.[handle];
        marks[el?.dataset?.fixtureId ?? `(no id, handle ${handle} <${el?.localName ?? '?'}>)`] = outcome;
      }
      return {
        page: report.page,
        bound: report.bound,
        summary: report.summary,
        reason: report.recognition?.reason,
        results: (report.results ?? []).map(({ rule, section, control, column, outcome }) => ({ rule, section, control, column, outcome })),
        marks: taken.elements ? marks : undefined,
      };
    } catch (err) {
      return { error: String(err && err.message ? err.message : err) };
    }
  });
}

/**
 * Judges `cases` ({html, ctx}) in `page` (the checker page, engine ready), in
 * batches. `page.evaluate(fn, arg)` runs fn in the page: Playwright's, or
 * Firefox's bridge (tests/firefox/matrix.test.mjs).
 */
export async function judgeInPage(page, cases) {
  const out = [];
  for (let i = 0; i < cases.length; i += BATCH) {
    const batch = cases.slice(i, i + BATCH).map(({ html, ctx }) => ({ html, ctx }));
    out.push(...await page.evaluate(judgeBatch, batch));
  }
  return out;
}

/**
 * Serves rendered documents (`{html, frames}`) under `origin`/matrix/<i>/ on
 * the browser context (Playwright routes: the requests never leave the
 * browser). `url(i)` is document i's address; frames sit beside it.
 */
export async function serveRendered(context, origin, docs, prefix = 'matrix') {
  const pattern = `${origin}/${prefix}/**`;
  const handler = (route) => {
    const path = new URL(route.request().url()).pathname;
    const m = path.match(new RegExp(`^/${prefix}/(\\d+)/(.+)$`));
    const doc = m && docs[Number(m[1])];
    const body = doc && (m[2] === 'index.html' ? doc.html : doc.frames?.[m[2]]);
    if (body === undefined || body === null) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  };
  await context.route(pattern, handler);
  return {
    url: (i) => `${origin}/${prefix}/${i}/index.html`,
    close: () => context.unroute(pattern, handler),
  };
}

/** Opens the checker page (dist/www served at `url`) and waits for its engine. */
export async function openChecker(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  const status = page.locator('[data-testid="engine-status"][data-state]');
  await status.waitFor({ timeout: 10_000 });
  const state = await status.getAttribute('data-state');
  if (state !== 'ready') throw new Error(`the checker's engine did not load: ${await status.textContent()}`);
  return page;
}

/**
 * serveRendered for a browser without routes (Firefox through geckodriver):
 * the documents go into a test server's `docs` (tests/e2e/server.mjs), at
 * the same paths.
 */
export function serveRenderedOn(served, origin, docs, prefix = 'matrix') {
  const paths = [];
  docs.forEach((doc, i) => {
    for (const [name, body] of [['index.html', doc.html], ...Object.entries(doc.frames ?? {})]) {
      const path = `/${prefix}/${i}/${name}`;
      served.set(path, body);
      paths.push(path);
    }
  });
  return {
    url: (i) => `${origin}/${prefix}/${i}/index.html`,
    close: () => paths.forEach((path) => served.delete(path)),
  };
}
