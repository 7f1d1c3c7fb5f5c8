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

export const RENDERERS = [currentUi, classicTable, divGrid, definitionList, aria, imageCheckbox, nestedFrames, wrappedLabels];

/** `{ html, frames?, formPath? }` for a state: the top document, the frames beside it, which one holds the form. */
export function render(renderer, state) {
  const out = state.kind === 'api-user' ? renderer.apiUser(state) : renderer.level(state);
  return { frames: {}, formPath: null, ...out };
}

/** Whether a renderer can show a state at all (a native checkbox is always on or off). */
export const canShow = (renderer, state) => (state.needs ?? []).every((n) => renderer.shows?.[n]);

/** The HTML of the document that holds the form (what "Save Frame As" gives). */
export const formHtml = (doc) => (doc.formPath ? doc.frames[doc.formPath] : doc.html);
