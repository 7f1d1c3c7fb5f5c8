// What the extension must remember for the fixture host before a fixture
// pair is judged (tests/fixtures/README.md): a contract pair's `remember`
// (the host's settings, whole), an API user pair's `rememberedLevel`, and
// nothing for the rest. One definition for the Chromium and Firefox runs.
export const HOST_KEY = 'host:ww5.autotask.net';

/** The value of HOST_KEY in storage.local for this pair, or null for none. */
export function hostSettings(spec) {
  if (spec.remember) return spec.remember;
  if (spec.rememberedLevel) return { level: spec.rememberedLevel };
  return null;
}
