// Parsing a saved page without holding the checker page (checker.js). Both
// functions are self-contained: the tests run their source in a page.

// A pause between slices: a message to ourselves, a task queued behind the
// page's own timers and input. Not scheduler.yield (the eyes' pause on a
// live page), whose continuations go before other tasks: the page's timers
// would not run until the whole file is read.
export function rest() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}

// A saved page as an inert document, parsed in slices with a pause between
// them. DOMParser takes a page in one go: a 20 MB export held the page for
// over 5 s. A document made by createHTMLDocument has no browsing context,
// so, as with DOMParser, its scripts never run and nothing it names is
// loaded; its parser is fed with write() a piece at a time, which builds
// the same tree (tests/e2e/checker.test.mjs compares the two). Resolves to
// null when `stillValid()` turns false (a newer file was given). `fixed`,
// for tests only, cuts every piece to that many characters.
export async function parseInSlices(html, stillValid, onProgress, fixed = 0, pause = rest) {
  // How long one write may hold the page (ms), and the first piece of text;
  // later pieces are sized from how long the last one took.
  const SLICE_MS = 8;
  const FIRST_PIECE = 64 * 1024;
  const doc = document.implementation.createHTMLDocument('');
  doc.open();
  let piece = fixed || FIRST_PIECE;
  for (let at = 0; at < html.length;) {
    let end = Math.min(html.length, at + piece);
    // A piece never ends inside a surrogate pair or between CR and LF.
    const last = html.charCodeAt(end - 1);
    if (end < html.length && ((last >= 0xd800 && last <= 0xdbff) || last === 13)) end += 1;
    const start = performance.now();
    doc.write(html.slice(at, end));
    const took = performance.now() - start;
    at = end;
    // At most twice the last piece: a page's heavy part may come late.
    if (!fixed) piece = Math.max(4096, Math.min(piece * 2, Math.round((piece * SLICE_MS) / Math.max(took, 0.1))));
    if (at < html.length) {
      onProgress(at / html.length);
      await pause();
      if (!stillValid()) return null;
    }
  }
  doc.close();
  return doc;
}
