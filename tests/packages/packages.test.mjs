// The store packages as built by scripts/build.sh: each manifest asks for
// exactly what the extension uses, each zip holds exactly its unpacked
// folder, the icons are the sizes the stores ask for, and every interface
// word the extension shows comes from _locales.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { filesUnder, readZip } from '../../scripts/zip.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(REPO, 'dist');
const VERSION = readFileSync(join(REPO, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const AUTOTASK = 'https://*.autotask.net/*';
const manifest = (browser) => JSON.parse(readFileSync(join(DIST, browser, 'manifest.json'), 'utf8'));

// Every key that grants the extension something, and what it must be.
const GRANTS = ['permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions',
  'externally_connectable', 'web_accessible_resources', 'content_scripts'];

function grantsOf(m) {
  return {
    permissions: m.permissions,
    optional_permissions: m.optional_permissions,
    host_permissions: m.host_permissions,
    optional_host_permissions: m.optional_host_permissions,
    externally_connectable: m.externally_connectable,
    web_accessible_resources: m.web_accessible_resources,
    content_scripts: m.content_scripts.map((cs) => ({ matches: cs.matches, world: cs.world ?? 'ISOLATED' })),
  };
}

const EXPECTED_GRANTS = {
  permissions: ['storage'],
  optional_permissions: undefined,
  host_permissions: [AUTOTASK],
  optional_host_permissions: undefined,
  externally_connectable: undefined,
  web_accessible_resources: undefined,
  content_scripts: [{ matches: [AUTOTASK], world: 'ISOLATED' }, { matches: [AUTOTASK], world: 'MAIN' }],
};

for (const browser of ['chrome', 'firefox']) {
  describe(`the ${browser} build`, () => {
    test('asks for exactly storage and the Autotask hosts', () => {
      const m = manifest(browser);
      assert.deepEqual(grantsOf(m), EXPECTED_GRANTS);
      assert.deepEqual(Object.keys(m).filter((k) => GRANTS.includes(k)).sort(),
        ['content_scripts', 'host_permissions', 'permissions']);
    });

    test('carries the version from Cargo.toml', () => {
      assert.equal(manifest(browser).version, VERSION);
    });

    test(`its zip holds exactly dist/${browser}`, () => {
      const zip = readZip(join(DIST, `autotask-setup-guard-${browser}-${VERSION}.zip`));
      const files = filesUnder(join(DIST, browser));
      assert.deepEqual([...zip.keys()].sort(), files);
      for (const name of files) {
        assert.ok(zip.get(name).equals(readFileSync(join(DIST, browser, name))), `${name} differs in the zip`);
      }
    });

    test('has PNG icons of 16, 32, 48 and 128 px, each its stated size', () => {
      const { icons } = manifest(browser);
      for (const size of ['16', '32', '48', '128']) assert.ok(icons[size], `no ${size} px icon`);
      for (const [size, path] of Object.entries(icons)) {
        const png = readFileSync(join(DIST, browser, path));
        assert.equal(png.subarray(1, 4).toString(), 'PNG', `${path} is not a PNG`);
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], path);
      }
    });
  });
}

test('both have the options page; Chrome declares the managed-storage schema, Firefox (policy via a native manifest) does not', () => {
  for (const browser of ['chrome', 'firefox']) {
    assert.deepEqual(manifest(browser).options_ui, { page: 'options/options.html', open_in_tab: true }, browser);
  }
  assert.deepEqual(manifest('chrome').storage, { managed_schema: 'managed_schema.json' });
  const schema = JSON.parse(readFileSync(join(DIST, 'chrome', 'managed_schema.json'), 'utf8'));
  assert.deepEqual(Object.keys(schema.properties), ['activeProfile', 'customProfile']);
  assert.ok(Object.values(schema.properties).every((p) => p.type === 'string'));
  assert.equal(manifest('firefox').storage, undefined);
});

// The Chrome Web Store's own manifest rules (also Edge Add-ons'): the oldest
// Chrome it may install on is one the tests ran (Debian's Chromium, the
// e2e suite's), each permission asked for is used, and the listing's words
// fit the store's limits (name 75, short name 12, description 132 characters).
describe('the Chrome zip against the Web Store\'s manifest rules', () => {
  const chrome = manifest('chrome');
  const words = JSON.parse(readFileSync(join(DIST, 'chrome', '_locales', 'en', 'messages.json'), 'utf8'));
  const word = (value) => words[value.replace(/^__MSG_(.+)__$/, '$1')].message;

  test('minimum_chrome_version is the Chromium the end-to-end tests run', () => {
    assert.match(chrome.minimum_chrome_version ?? '', /^\d+$/);
    assert.equal(manifest('firefox').minimum_chrome_version, undefined, 'not in the Firefox build');
    const chromium = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
    if (chromium.status === 0) {
      const major = chromium.stdout.match(/Chromium (\d+)\./)[1];
      assert.equal(chrome.minimum_chrome_version, major, `the tests run Chromium ${major}: set minimum_chrome_version to the oldest tested`);
    }
  });

  test('every permission it asks for is used by the code', () => {
    const code = filesUnder(join(DIST, 'chrome')).filter((f) => f.endsWith('.js') && !f.startsWith('engine/'))
      .map((f) => readFileSync(join(DIST, 'chrome', f), 'utf8')).join('\n');
    assert.deepEqual(chrome.permissions, ['storage']);
    assert.match(code, /\.storage\.(local|managed)\./, 'storage');
    // The host permission: content scripts there, and the live check's calls.
    assert.ok(chrome.content_scripts.every((cs) => cs.matches.includes(AUTOTASK)));
    assert.match(readFileSync(join(REPO, 'crates', 'live-check', 'src', 'autotask_api.rs'), 'utf8'), /autotask\.net/);
  });

  test('name, short name and description fit the store\'s limits', () => {
    assert.ok(word(chrome.name).length <= 75, word(chrome.name));
    assert.ok(word(chrome.short_name).length <= 12, word(chrome.short_name));
    assert.ok(word(chrome.description).length <= 132, `${word(chrome.description).length} characters`);
  });
});

test('Chrome gets the service worker, Firefox the event page and its gecko id', () => {
  const chrome = manifest('chrome');
  const firefox = manifest('firefox');
  assert.deepEqual(chrome.background, { service_worker: 'background.js' });
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.deepEqual(firefox.background, { scripts: ['engine/asg.js', 'engine/asg_reports.js', 'engine/asg_live.js', 'profiles/built-in.js', 'background.js'] });
  assert.match(firefox.browser_specific_settings.gecko.id, /@/);
});

describe('interface words', () => {
  const messages = JSON.parse(readFileSync(join(REPO, 'extension/_locales/en/messages.json'), 'utf8'));
  const sources = filesUnder(join(REPO, 'extension'))
    .filter((f) => /\.(js|html|json)$/.test(f) && !f.startsWith('_locales/'))
    .map((f) => [f, readFileSync(join(REPO, 'extension', f), 'utf8')]);

  test('every message the code asks for is in _locales/en/messages.json', () => {
    const used = new Set();
    const patterns = [/\bt\('([A-Za-z0-9_]+)'/g, /getMessage\('([A-Za-z0-9_]+)'/g,
      /data-i18n(?:-[a-z]+)?="([A-Za-z0-9_]+)"/g, /__MSG_([A-Za-z0-9_]+)__/g, /notice\('([A-Za-z0-9_]+)'/g];
    for (const [, text] of sources) for (const re of patterns) for (const m of text.matchAll(re)) used.add(m[1]);
    // A key built from a prefix (t(`outcome_${outcome}`)) uses every key with that prefix.
    const prefixes = sources.flatMap(([, text]) => [...text.matchAll(/\bt\(`([A-Za-z0-9_]+)\$\{/g)].map((m) => m[1]));
    for (const key of Object.keys(messages)) if (prefixes.some((p) => key.startsWith(p))) used.add(key);
    const missing = [...used].filter((key) => !(key in messages));
    assert.deepEqual(missing, [], 'messages used but not defined');
    const unused = Object.keys(messages).filter((key) => !used.has(key));
    assert.deepEqual(unused, [], 'messages defined but never used');
  });

  test('no HTML page has words of its own: all come from data-i18n', () => {
    for (const [file, text] of sources.filter(([f]) => f.endsWith('.html'))) {
      const body = text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<!--[\s\S]*?-->/g, '');
      const words = [...body.matchAll(/>([^<]*[A-Za-z][^<]*)</g)].map((m) => m[1].trim()).filter(Boolean);
      assert.deepEqual(words, [], `${file} has hard-coded words`);
    }
  });

  test('every message has a description for translators', () => {
    const bare = Object.entries(messages).filter(([, m]) => !m.description).map(([k]) => k);
    assert.deepEqual(bare, []);
  });
});

// The built-in profiles are data beside the engine, not in its wasm
// (src/profile.rs): every package and the checker carry each profile file's
// text exactly, in profiles/built-in.js ([file, text] pairs), and the
// engine's wasm holds none of them (a piece of each file's text, as
// include_str! would have put it there, is not in it).
test('the built-in profiles ship as data beside the engine, not inside its wasm', () => {
  const source = join(REPO, 'src', 'profiles');
  const files = filesUnder(source).filter((f) => f.endsWith('.json') && !f.endsWith('.api.json'));
  assert.ok(files.includes('rhipe-prism-connect.json'), 'the default profile is a file');
  const pieces = files.map((file) => readFileSync(join(source, file)).subarray(200, 400));
  for (const dir of ['chrome', 'firefox', 'www']) {
    const out = join(DIST, dir);
    const script = readFileSync(join(out, 'profiles', 'built-in.js'), 'utf8');
    const texts = JSON.parse(script.slice(script.indexOf('=') + 1).trim().replace(/;$/, ''));
    assert.deepEqual(texts.map(([file]) => file), files, `${dir}: every profile`);
    for (const [file, text] of texts) assert.equal(text, readFileSync(join(source, file), 'utf8'), `${dir}: ${file}`);
    const wasm = readFileSync(join(out, 'engine', 'asg_bg.wasm'));
    files.forEach((file, i) => assert.ok(!wasm.includes(pieces[i]), `${dir}: the wasm carries ${file}'s text`));
  }
});
