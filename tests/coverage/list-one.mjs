// Prints, as JSON, the test names one test file declares (see names.mjs).
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(new URL('./record-hooks.mjs', import.meta.url));
const file = process.argv[2];
await import(pathToFileURL(file).href);
process.stdout.write(JSON.stringify(globalThis.__asgTestNames ?? []));
