// Every renderer: one page state in, one markup out. See README.md for what
// each one varies and how to add one.
import * as aria from './renderers/aria.mjs';
import * as classicTable from './renderers/classic-table.mjs';
import * as currentUi from './renderers/current-ui.mjs';
import * as definitionList from './renderers/definition-list.mjs';
import * as divGrid from './renderers/div-grid.mjs';
import * as imageCheckbox from './renderers/image-checkbox.mjs';
import * as nestedFrames from './renderers/nested-frames.mjs';
import * as wrappedLabels from './renderers/wrapped-labels.mjs';
// Written blind (issue 14): four developers who never saw the engine or the renderers above.
import * as webforms from './renderers/webforms.mjs';
import * as spaSwitch from './renderers/spa-switch.mjs';
import * as decorated from './renderers/decorated.mjs';
import * as rowHeaders from './renderers/row-headers.mjs';

export const RENDERERS = [currentUi, classicTable, divGrid, definitionList, aria, imageCheckbox, nestedFrames, wrappedLabels,
  webforms, spaSwitch, decorated, rowHeaders];

/** `{ html, frames?, formPath? }` for a state: the top document, the frames beside it, which one holds the form. */
export function render(renderer, state) {
  const out = state.kind === 'api-user' ? renderer.apiUser(state) : renderer.level(state);
  return { frames: {}, formPath: null, ...out };
}

/** Whether a renderer can show a state at all (a native checkbox is always on or off). */
export const canShow = (renderer, state) => (state.needs ?? []).every((n) => renderer.shows?.[n]);

/** The HTML of the document that holds the form (what "Save Frame As" gives). */
export const formHtml = (doc) => (doc.formPath ? doc.frames[doc.formPath] : doc.html);

/**
 * The state a renderer's real Chromium save (MHTML) still holds: a renderer
 * whose collapsed areas the save leaves out (`saves.dropsCollapsed`) keeps
 * their headings and loses their controls, so the oracle judges that.
 */
export function savedState(renderer, state) {
  if (!renderer.saves?.dropsCollapsed || state.kind !== 'security-level') return state;
  const saved = structuredClone(state);
  for (const s of saved.sections) if (s.collapsed) s.blocks = [];
  return saved;
}
