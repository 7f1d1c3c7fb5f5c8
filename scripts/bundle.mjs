// The JavaScript that needs bundling, as esbuild IIFE bundles (esbuild pinned
// exactly in package.json). The sources are ES modules, so the import graph
// is in the files themselves; only contexts that cannot load modules get a
// bundle: content scripts (no module support), the worker (a classic script:
// wasm-bindgen's no-modules glue is importScripts'ed in Chrome's worker and
// listed before it in Firefox's event page) and the checker page (opened
// from file://, where browsers refuse module scripts). The extension's own
// pages load their modules directly. Not minified: reviewers (AMO) read the
// shipped code; paths in the bundle's comments are relative to the
// repository, so a copy elsewhere builds the same bytes.
import { buildSync } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const COMMON = {
  absWorkingDir: root,
  bundle: true,
  format: 'iife',
  // Chrome 156 and Firefox 142 (the manifest's floors) read all of ES2022 as is.
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  write: true,
};

/** Entry (repository path) → file under each browser's folder. */
export const EXTENSION_BUNDLES = {
  'extension/content/content.js': 'content/content.js',
  'extension/background.js': 'background.js',
};

/** The checker page's one script. */
export const CHECKER_BUNDLES = { 'www/checker.js': 'checker.js' };

// One module alone, its exports as a page global, for tests that put it in
// a page of their own (tests/e2e/reading, slices, apply, snapshots; bench):
// built into dist/harness/, never into a package.
export const HARNESS = {
  'extension/content/snapshot.js': ['snapshot.js', 'AsgSnapshot'],
  'extension/content/apply.js': ['apply.js', 'AsgApply'],
};

export function bundle(entries, outDir) {
  for (const [entry, out] of Object.entries(entries)) {
    buildSync({ ...COMMON, entryPoints: [join(root, entry)], outfile: join(outDir, out) });
  }
}

export function bundleHarness(outDir) {
  for (const [entry, [out, name]] of Object.entries(HARNESS)) {
    buildSync({
      ...COMMON,
      stdin: { contents: `import { ${name} } from './${entry}';\nglobalThis.${name} = ${name};\n`, resolveDir: root, sourcefile: `harness/${out}` },
      outfile: join(outDir, out),
    });
  }
}
