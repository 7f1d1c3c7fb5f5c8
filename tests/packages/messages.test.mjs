// One wire schema (docs/messages.md): every message type is named in
// extension/common/messages.js and written nowhere else. A file that sends
// or handles a message by a bare string, or a type the schema does not
// name, fails here, saying where; so does a named type nobody handles.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { COMMAND, LIVE_PORT, MSG, PORT, TAB } from '../../extension/common/messages.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA = 'extension/common/messages.js';
const NAMED = new Set([...Object.values(MSG), ...Object.values(TAB), ...Object.values(PORT), ...Object.values(COMMAND), LIVE_PORT]);

function sources(dir) {
  const out = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.m?js$/.test(entry.name) && path !== SCHEMA) out.push(path);
  }
  return out;
}

// Where a message's type is written: `type: '…'`, `.type === '…'` (or
// !==), a handler named by a string, options' `ask('…')`, a port's name.
const PLACES = [
  /\btype\s*:\s*(['"`])([^'"`]*)\1/g,
  /\.type\s*[!=]==?\s*(['"`])([^'"`]*)\1/g,
  /^\s*(?:async\s+)?(['"])([a-z]+(?:-[a-z]+)+)\1\s*\(/gm,
  /\bask\(\s*(['"`])([^'"`]*)\1/g,
  /\bname\s*(?::|[!=]==?)\s*(['"`])([^'"`]*)\1/g,
];
// Values in those places that are not messages: DOM and file types.
const looksLikeMessage = (value) => NAMED.has(value) || /^[a-z]+(?:-[a-z]+)+$/.test(value);

/** Each bare message string in `text`, with its line. */
function bareMessages(text) {
  const found = [];
  for (const place of PLACES) {
    for (const m of text.matchAll(place)) {
      if (!looksLikeMessage(m[2])) continue;
      found.push({ line: text.slice(0, m.index).split('\n').length, value: m[2] });
    }
  }
  return found;
}

test('the scanner finds a bare message type, and not a DOM type', () => {
  assert.deepEqual(bareMessages("api.runtime.sendMessage({ type: 'check-page' });").map((f) => f.value), ['check-page']);
  assert.deepEqual(bareMessages("if (msg.type === 'asg-new-thing') go();").map((f) => f.value), ['asg-new-thing']);
  assert.deepEqual(bareMessages("const handlers = {\n  async 'forget-host'(msg) {}\n};").map((f) => f.value), ['forget-host']);
  assert.deepEqual(bareMessages("api.runtime.connect({ name: 'live-check' });").map((f) => f.value), ['live-check']);
  assert.deepEqual(bareMessages("el('button', { type: 'button' }); if (event.type === 'click') x(); new Blob([], { type: 'application/json' });"), []);
});

test('no file sends or handles a message by a bare string', () => {
  const files = [...sources('extension'), ...sources('www')];
  assert.ok(files.length > 10, 'the sources were found');
  const bare = files.flatMap((file) => bareMessages(readFileSync(join(ROOT, file), 'utf8'))
    .map((f) => `${file}:${f.line}: '${f.value}' (${NAMED.has(f.value) ? 'use its constant' : 'not in messages.js'})`));
  assert.deepEqual(bare, [], `use the constants of ${SCHEMA} (and add a new type there and to docs/messages.md)`);
});

test('every named message has a handler, and every handler a name', () => {
  const text = (file) => readFileSync(join(ROOT, file), 'utf8');
  const worker = text('extension/background.js');
  const handled = [...worker.matchAll(/^ {2}async \[MSG\.(\w+)\]\(/gm)].map((m) => m[1]).sort();
  assert.deepEqual(handled, Object.keys(MSG).sort(), 'the worker handles exactly the runtime messages');
  const content = text('extension/content/content.js');
  for (const key of Object.keys(TAB)) assert.match(content, new RegExp(`msg\\.type === TAB\\.${key}\\b`), `content.js listens for TAB.${key}`);
  const page = text('extension/check/check.js');
  for (const key of Object.keys(PORT)) {
    assert.ok(worker.includes(`PORT.${key}`) && page.includes(`PORT.${key}`), `both ends of the live-check port use PORT.${key}`);
  }
  const manifest = JSON.parse(text('extension/manifest.json'));
  assert.deepEqual(Object.keys(manifest.commands).sort(), Object.values(COMMAND).sort(), 'COMMAND names the manifest\'s commands');
  const doc = text('docs/messages.md');
  for (const value of NAMED) assert.ok(doc.includes(`\`${value}\``), `docs/messages.md describes '${value}'`);
});

