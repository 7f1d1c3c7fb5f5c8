// The worker's three wasm engines, each compiled and instantiated once per
// worker start, on its first use (the promise is kept; a failed load is
// tried again on the next use rather than cached):
// - the page engine (global `wasm_bindgen`, engine/asg_bg.wasm): every
//   check of every Autotask frame waits for it, so it holds only what a
//   check needs (src/lib.rs);
// - the reports (global `asg_reports`, engine/asg_reports_bg.wasm,
//   crates/reports): the journal, the live check's verdict, the setup
//   report, the panel's Markdown and the structure report, which run only on
//   a verdict or when the admin asks;
// - the live check (global `asg_live`, engine/asg_live_bg.wasm,
//   crates/live-check), only when a live check runs.
// Their glue scripts are imported by background.js while the worker starts
// (a service worker may import scripts only then); only the wasm is lazy.
// Where a cold start's time goes is kept as User Timing entries in the
// worker (DevTools shows them; bench/run.mjs reads them), once per start.
/* global wasm_bindgen, asg_reports, asg_live, ASG_PROFILES */

const api = globalThis.browser ?? globalThis.chrome;

// The wasm compiled as its bytes arrive; a browser that will not stream an
// extension file (no application/wasm type) compiles the whole file.
async function compileEngine(url) {
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url));
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
    }
  }
  return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
}

// One engine: its wasm compiled, instantiated through its glue, its panic
// hook set and the built-in profiles handed over through the export named
// by `profiles` (each wasm keeps its own copy; they are parsed only when
// first needed, src/profile.rs).
// `measures` names the User Timing entries of its compile, instantiation and
// profiles handed over.
// `.started()` on the returned function: whether a load was begun (and not
// failed), for work that is only worth doing on a running engine.
function loader(glue, file, { profiles, measures }) {
  let ready = null;
  const load = () => {
    if (!ready) {
      ready = (async () => {
        const start = performance.now();
        const module = await compileEngine(api.runtime.getURL(file));
        const compiled = performance.now();
        const g = glue();
        await g({ module_or_path: module });
        if (g.installPanicHook) g.installPanicHook(); // the reports set theirs at the start
        const instantiated = performance.now();
        if (profiles) for (const [name, text] of ASG_PROFILES) g[profiles](name, text);
        if (measures) {
          const [compile, instantiate, given] = measures;
          performance.measure(compile, { start, end: compiled });
          performance.measure(instantiate, { start: compiled, end: instantiated });
          performance.measure(given, { start: instantiated, end: performance.now() });
        }
        return g;
      })();
      ready.catch(() => { ready = null; });
    }
    return ready;
  };
  load.started = () => ready;
  return load;
}

// The page engine (bench/run.mjs reads its entries).
export const engine = loader(() => wasm_bindgen, 'engine/asg_bg.wasm', {
  profiles: 'addBuiltInProfile', measures: ['asg:wasm-compile', 'asg:wasm-instantiate', 'asg:profiles-given'],
});
// The reports: their start is measured apart.
export const reportsEngine = loader(() => asg_reports, 'engine/asg_reports_bg.wasm', {
  profiles: 'takeBuiltInProfile', measures: ['asg:reports-compile', 'asg:reports-instantiate', 'asg:reports-profiles-given'],
});
// The live check carries its profiles compiled in.
export const liveEngine = loader(() => asg_live, 'engine/asg_live_bg.wasm', {});
