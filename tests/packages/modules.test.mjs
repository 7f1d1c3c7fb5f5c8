// The JavaScript's shape, as facts a grep can check (docs/architecture.md,
// "The JavaScript side"): every file is a module whose imports resolve, the
// import graph has no cycle, no content script module hands anything to
// another through a global, and the manifest loads the content script as
// the one bundle, not as files in an order.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Scripts the browser loads alone, outside any bundle or module graph.
const STANDALONE = new Set(['extension/content/main-world.js']);

function sources(dir) {
  const out = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}

const FILES = [...sources('extension'), ...sources('www')];
const text = (file) => readFileSync(join(ROOT, file), 'utf8');
// Relative imports only: a bare specifier (asg-words:) is the bundler's.
const importsOf = (file) => [...text(file).matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)]
  .map((m) => relative(ROOT, normalize(join(ROOT, dirname(file), m[1]))));

test('every import resolves to a file of the repository', () => {
  const broken = FILES.flatMap((file) => importsOf(file).filter((to) => !existsSync(join(ROOT, to))).map((to) => `${file} → ${to}`));
  assert.deepEqual(broken, []);
});

test('the import graph has no cycle', () => {
  const state = new Map();
  const cycles = [];
  const visit = (file, path) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const to of importsOf(file)) visit(to, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of FILES) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('no content script module sets a global; each is reached from the bundle\'s entry', () => {
  const content = sources('extension/content').filter((f) => !STANDALONE.has(f));
  const setters = content.flatMap((file) => [...text(file).matchAll(/(?:globalThis|window|self)\.(\w+)\s*=(?!=)/g)].map((m) => `${file}: ${m[1]}`));
  assert.deepEqual(setters, [], 'content script modules share nothing through globals');
  const reached = new Set();
  const walk = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    importsOf(file).forEach(walk);
  };
  walk('extension/content/content.js');
  assert.deepEqual(content.filter((f) => !reached.has(f)), [], 'modules the bundle leaves out');
});

test('the manifest loads one content script bundle in the extension\'s world', () => {
  const manifest = JSON.parse(text('extension/manifest.json'));
  const isolated = manifest.content_scripts.filter((cs) => cs.world !== 'MAIN');
  assert.deepEqual(isolated.map((cs) => cs.js), [['content/content.js']]);
});
