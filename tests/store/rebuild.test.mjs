// addons.mozilla.org asks for the sources of compiled code and rebuilds it:
// the repository's files, copied to another path, must build the same bytes
// as dist/ (docs/store/amo-build.md). The copy has its own target directory
// and cargo home (a cold build of the crate and its dependencies, about 40 s
// on two cores); it shares only the downloaded crates and node_modules' tools.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { filesUnder } from '../../scripts/zip.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(REPO, 'dist');
const BUILT = ['chrome', 'firefox', 'www'];

test('a copy of the repository at another path rebuilds dist/ byte for byte', { timeout: 15 * 60_000 }, () => {
  for (const dir of BUILT) assert.ok(existsSync(join(DIST, dir)), `no dist/${dir}: run scripts/build.sh first`);
  const root = mkdtempSync(join(tmpdir(), 'asg-rebuild-'));
  const copy = join(root, 'elsewhere', 'autotask-setup-guard');
  try {
    // What the repository holds (tracked files as they are in this checkout):
    // no target/, no dist/, nothing ignored.
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!existsSync(join(REPO, file))) continue; // deleted in this checkout, not yet committed
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(REPO, file), join(copy, file));
    }
    // The pinned npm tools (wasm-opt) as installed from package-lock.json.
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    // A cargo home at another path too (a reviewer's is not ours), sharing
    // this one's downloaded crates, so that no path of ours can hide in the bytes.
    const cargoHome = join(root, 'cargo-home');
    const ourCargoHome = process.env.CARGO_HOME ?? join(homedir(), '.cargo');
    mkdirSync(cargoHome);
    for (const part of ['registry', 'git', 'config.toml']) {
      if (existsSync(join(ourCargoHome, part))) symlinkSync(join(ourCargoHome, part), join(cargoHome, part));
    }
    const env = { ...process.env, CARGO_HOME: cargoHome, PATH: `${join(ourCargoHome, 'bin')}:${process.env.PATH}` };
    delete env.CARGO_TARGET_DIR;
    const started = Date.now();
    const build = spawnSync('bash', ['scripts/build.sh'], { cwd: copy, env, encoding: 'utf8' });
    assert.equal(build.status, 0, `the copy did not build:\n${build.stdout}\n${build.stderr}`);
    console.log(`# rebuilt from ${copy} in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const differ = [];
    for (const dir of BUILT) {
      const ours = filesUnder(join(DIST, dir));
      const theirs = filesUnder(join(copy, 'dist', dir));
      assert.deepEqual(theirs, ours, `dist/${dir}: the same files`);
      for (const file of ours) {
        if (!readFileSync(join(DIST, dir, file)).equals(readFileSync(join(copy, 'dist', dir, file)))) differ.push(`${dir}/${file}`);
      }
    }
    for (const zip of filesUnder(DIST).filter((f) => f.endsWith('.zip'))) {
      if (!readFileSync(join(DIST, zip)).equals(readFileSync(join(copy, 'dist', zip)))) differ.push(zip);
    }
    assert.deepEqual(differ, [], 'files whose bytes differ from dist/');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
