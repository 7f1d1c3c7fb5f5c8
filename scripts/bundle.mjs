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
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// `import WORDS from 'asg-words:live,outcome_'`: the extension's English
// interface words (_locales/en) whose keys start with one of the prefixes,
// as {key: text} with `$1`-style substitutions, for a page without the
// browser's i18n (the checker). One source of words, no copy to drift.
const localeWords = {
  name: 'asg-words',
  setup(build) {
    build.onResolve({ filter: /^asg-words:/ }, (args) => ({ path: args.path.slice('asg-words:'.length), namespace: 'asg-words' }));
    build.onLoad({ filter: /.*/, namespace: 'asg-words' }, (args) => {
      const prefixes = args.path.split(',');
      const file = join(root, 'extension', '_locales', 'en', 'messages.json');
      const all = JSON.parse(readFileSync(file, 'utf8'));
      const words = {};
      for (const [key, { message, placeholders }] of Object.entries(all)) {
        if (!prefixes.some((p) => key.startsWith(p))) continue;
        words[key] = message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name) => {
          const p = placeholders && placeholders[name.toLowerCase()];
          return p ? p.content : whole;
        });
      }
      return { contents: JSON.stringify(words, Object.keys(words).sort()), loader: 'json', watchFiles: [file] };
    });
  },
};

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
  plugins: [localeWords],
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

// Plugins need esbuild's asynchronous API.
export async function bundle(entries, outDir) {
  for (const [entry, out] of Object.entries(entries)) {
    await build({ ...COMMON, entryPoints: [join(root, entry)], outfile: join(outDir, out) });
  }
}

export async function bundleHarness(outDir) {
  for (const [entry, [out, name]] of Object.entries(HARNESS)) {
    await build({
      ...COMMON,
      stdin: { contents: `import { ${name} } from './${entry}';\nglobalThis.${name} = ${name};\n`, resolveDir: root, sourcefile: `harness/${out}` },
      outfile: join(outDir, out),
    });
  }
}
