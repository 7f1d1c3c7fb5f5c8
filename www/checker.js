// The standalone checker page: loads the same engine as the extension,
// directly (no page CSP here but its own). Draws only what the engine says.
/* global wasm_bindgen */

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

async function main() {
  const status = $('engine-status');
  try {
    await wasm_bindgen({ module_or_path: new URL('engine/asg_bg.wasm', document.baseURI) });
    wasm_bindgen.installPanicHook();
  } catch (err) {
    status.textContent = `The engine could not be loaded: ${err && err.message ? err.message : err}. ` +
      'Open this page from a web server or a folder that holds engine/asg_bg.wasm beside it.';
    status.dataset.state = 'error';
    return;
  }
  $('engine-version').textContent = wasm_bindgen.engineVersion();
  const list = $('profiles');
  for (const p of JSON.parse(wasm_bindgen.listProfiles())) {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = `${p.name} ${p.version}`;
    item.append(name, ` (${p.id}): ${p.description}`);
    list.append(item);
  }
  status.textContent = 'Engine ready.';
  status.dataset.state = 'ready';
}

document.addEventListener('DOMContentLoaded', main);
