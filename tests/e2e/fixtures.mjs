// The fixture pairs under tests/fixtures/: every X.json with the page it
// judges (its `url`, or X.html). See tests/fixtures/README.md.
import { readdirSync, readFileSync } from 'node:fs';

export const FIXTURES = new URL('../fixtures/', import.meta.url);

export const fixtures = readdirSync(FIXTURES, { recursive: true })
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const name = file.slice(0, -'.json'.length);
    const spec = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
    return { name, spec, url: spec.url ?? `/${name}.html` };
  });

export const fixture = (name) => fixtures.find((fx) => fx.name === name);
