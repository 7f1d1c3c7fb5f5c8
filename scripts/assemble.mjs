// Lays out dist/chrome, dist/firefox and dist/www from one manifest source
// (extension/manifest.json) and the engines built into target/asg-engine
// (the extension's), target/asg-engine-checker (the checker page's),
// target/asg-reports (the extension's reports, loaded when one is needed) and
// target/asg-live (the live API check's, which both use).
// Chrome gets the service worker; Firefox the event page and its gecko id.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipDir } from './zip.mjs';
import { bundle, bundleHarness, CHECKER_BUNDLES, EXTENSION_BUNDLES } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const engine = join(root, 'target', 'asg-engine');
const checkerEngine = join(root, 'target', 'asg-engine-checker');
const liveEngine = join(root, 'target', 'asg-live');
const reportsEngine = join(root, 'target', 'asg-reports');
const source = JSON.parse(readFileSync(join(root, 'extension', 'manifest.json'), 'utf8'));
// Cargo.toml is the one place the version is written.
const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

// The built-in profiles are data beside the engine, not in its wasm
// (src/profile.rs): every src/profiles/*.json (the *.api.json parts are the
// live check's, compiled into its own wasm), as [file name, text] pairs in
// one classic script, profiles/built-in.js (global ASG_PROFILES). The
// worker imports it with the engine's glue when it starts (one file read,
// no fetch: eight fetches of small files cost a cold start about 30 ms),
// Firefox's event page lists it, the checker page loads it (from file://
// too, where nothing can be fetched). The engine takes exactly the profiles
// of its own list (tests/profiles.rs holds that list to these files).
const profilesDir = join(root, 'src', 'profiles');
export const PROFILE_FILES = readdirSync(profilesDir).filter((f) => f.endsWith('.json') && !f.endsWith('.api.json')).sort();

function copyProfiles(out) {
  const dir = join(out, 'profiles');
  mkdirSync(dir, { recursive: true });
  const texts = PROFILE_FILES.map((file) => [file, readFileSync(join(profilesDir, file), 'utf8')]);
  writeFileSync(join(dir, 'built-in.js'),
    `// The built-in profiles' files (src/profiles/), for the engine: [file name, text].\nglobalThis.ASG_PROFILES = ${JSON.stringify(texts)};\n`);
}

export function manifestFor(browser) {
  const m = structuredClone(source);
  m.version = version;
  if (browser === 'chrome') {
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else {
    delete m.background.service_worker;
    delete m.minimum_chrome_version; // Firefox's floor is gecko.strict_min_version
    // Firefox reads managed storage from a native manifest that policy
    // installs (see the README's "Managed settings"), not from a schema here.
    delete m.storage;
  }
  return m;
}

async function copyExtension(browser) {
  const out = join(dist, browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // The extension's pages load their modules as they are (common/ holds
  // what they import); the content scripts and the worker are bundles.
  for (const part of ['common', 'popup', 'options', 'check', 'welcome', '_locales', 'icons']) {
    cpSync(join(root, 'extension', part), join(out, part), { recursive: true });
  }
  mkdirSync(join(out, 'content'));
  for (const part of ['marks.css', 'main-world.js']) cpSync(join(root, 'extension', 'content', part), join(out, 'content', part));
  await bundle(EXTENSION_BUNDLES, out);
  // The options page links the profile format, which is part of the package.
  mkdirSync(join(out, 'docs'));
  cpSync(join(root, 'docs', 'profile-format.md'), join(out, 'docs', 'profile-format.md'));
  if (browser === 'chrome') cpSync(join(root, 'extension', 'managed_schema.json'), join(out, 'managed_schema.json'));
  cpSync(engine, join(out, 'engine'), { recursive: true });
  cpSync(reportsEngine, join(out, 'engine'), { recursive: true });
  cpSync(liveEngine, join(out, 'engine'), { recursive: true });
  copyProfiles(out);
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(browser), null, 2) + '\n');
}

async function copyChecker() {
  const out = join(dist, 'www');
  rmSync(out, { recursive: true, force: true });
  // Its script is one bundle (the extension's eyes and live form included);
  // the page's other files are copied as they are.
  cpSync(join(root, 'www'), out, { recursive: true, filter: (src) => !src.endsWith('.js') });
  await bundle(CHECKER_BUNDLES, out);
  cpSync(join(root, 'extension', 'icons', 'icon-32.png'), join(out, 'icon.png'));
  cpSync(checkerEngine, join(out, 'engine'), { recursive: true });
  cpSync(liveEngine, join(out, 'engine'), { recursive: true });
  copyProfiles(out);
  // Opened from file://, the page cannot fetch a .wasm (browsers refuse
  // file: fetches), so it also gets the bytes as base64 in a classic script,
  // loaded only there (the live check's only when its form is used).
  const wasm = readFileSync(join(checkerEngine, 'asg_bg.wasm')).toString('base64');
  writeFileSync(join(out, 'engine', 'asg_wasm_bytes.js'),
    `// The engine's wasm as base64, for the checker opened from file:// only.\nglobalThis.ASG_WASM_BASE64 = '${wasm}';\n`);
  const live = readFileSync(join(liveEngine, 'asg_live_bg.wasm')).toString('base64');
  writeFileSync(join(out, 'engine', 'asg_live_wasm_bytes.js'),
    `// The live check's wasm as base64, for the checker opened from file:// only.\nglobalThis.ASG_LIVE_WASM_BASE64 = '${live}';\n`);
}

/** The store package's file name for a browser (Chrome's also serves Edge). */
export const packageName = (browser) => `autotask-setup-guard-${browser}-${version}.zip`;

// The store packages: exactly the unpacked folders, zipped. Older versions'
// zips are removed so that dist/ holds one package per browser.
function packageExtensions() {
  for (const old of readdirSync(dist).filter((f) => /^autotask-setup-guard-.*\.zip$/.test(f))) {
    rmSync(join(dist, old));
  }
  for (const browser of ['chrome', 'firefox']) zipDir(join(dist, browser), join(dist, packageName(browser)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await copyExtension('chrome');
  await copyExtension('firefox');
  await copyChecker();
  rmSync(join(dist, 'harness'), { recursive: true, force: true });
  await bundleHarness(join(dist, 'harness'));
  packageExtensions();
  console.log(`assembled dist/chrome, dist/firefox, dist/www and the packages ${packageName('chrome')}, ${packageName('firefox')} (version ${version})`);
}
