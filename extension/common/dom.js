// @ts-check
// One way to build DOM from script, for every surface that draws (the
// panel, the structure report's preview, the popup, options, the live form
// and the checker page). Strings among the children become text nodes,
// never markup: page text and engine text are always shown as text.

/**
 * An `el(tag, props, ...children)` builder. Props: `class`, `testid`
 * (`data-testid`), `on<event>` listeners, anything else an attribute (`true`
 * is present and empty; `null`, `undefined` and `false` are left out).
 * Children are nodes or strings, nested arrays flattened, empty ones skipped.
 * `guardClick` wraps every `onclick`: the overlay's shadow root is open to
 * the page's scripts, so its buttons act only on trusted events.
 * @param {(listener: (event: Event) => void) => (event: Event) => void} [guardClick]
 */
export function elementMaker(guardClick = (listener) => listener) {
  /**
   * @param {string} tag
   * @param {Record<string, any> | null} [props]
   * @param {...any} children
   * @returns {HTMLElement}
   */
  return function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'testid') node.dataset.testid = value;
      else if (key.startsWith('on') && typeof value === 'function') {
        node.addEventListener(key.slice(2), key === 'onclick' ? guardClick(value) : value);
      } else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  };
}

/** Runs `action` only for what a person did, never for a script's synthetic event. */
export const trusted = (action) => (event) => {
  if (event.isTrusted) action(event);
};

export const el = elementMaker();
