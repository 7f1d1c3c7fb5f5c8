// Small helpers the renderers share: escaping, and the page shell. Nothing
// here decides markup a renderer is judged by.

export const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `data-fixture-id`: for the tests only (marks by model id); the product never reads it. */
export const fid = (id) => (id ? ` data-fixture-id="${esc(id)}"` : '');

/** A whole document. `head` goes into <head> after the title. */
export function page({ title, body, head = '' }) {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${esc(title)}</title>\n${head}</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

/** The level page's window title, as Autotask shows it. */
export const levelTitle = () => 'Edit Security Level';

/** A fake secret of Autotask's length (25), only ever shown in test pages. */
export const FAKE_SECRET = 'Fk3$9qLm*2Zt#7Rw8Yp@4Nc6V';

/** A counter for element ids a renderer needs (for=, aria-labelledby). */
export function ids(prefix) {
  let n = 0;
  return () => `${prefix}${(++n).toString(36)}`;
}

// Autotask-like ids: z + 32 hex digits, different per element (never select by id).
export function zids(seed = 1) {
  let x = seed >>> 0 || 1;
  return () => {
    let out = 'z';
    for (let i = 0; i < 4; i++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      out += x.toString(16).padStart(8, '0');
    }
    return out;
  };
}
