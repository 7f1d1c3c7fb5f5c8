// Module hooks for names.mjs: `node:test` becomes a recorder that keeps each
// test's name (inside its describe blocks) and runs no test and no hook, so
// that a browser test file can be listed without starting a browser.
const RECORDER = 'asg-coverage:node-test';

const SOURCE = `
const names = (globalThis.__asgTestNames ??= []);
const stack = [];
const nameOf = (args) => (typeof args[0] === 'string' ? args[0] : (typeof args[0] === 'function' && args[0].name) || '<anonymous>');
function record(...args) { names.push([...stack, nameOf(args)].join(' › ')); return Promise.resolve(); }
function group(...args) {
  const fn = args.find((a) => typeof a === 'function');
  stack.push(nameOf(args));
  try { if (fn) fn({}); } finally { stack.pop(); }
  return Promise.resolve();
}
const hook = () => {};
for (const f of [record, group]) { f.skip = f; f.only = f; f.todo = f; }
export const test = record;
export const it = record;
export const describe = group;
export const suite = group;
export const before = hook;
export const after = hook;
export const beforeEach = hook;
export const afterEach = hook;
export const mock = {};
export const run = () => { throw new Error('run() is not recorded'); };
export default record;
`;

export async function resolve(specifier, context, next) {
  if (specifier === 'node:test' || specifier === 'test') return { url: RECORDER, shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url === RECORDER) return { format: 'module', source: SOURCE, shortCircuit: true };
  return next(url, context);
}
