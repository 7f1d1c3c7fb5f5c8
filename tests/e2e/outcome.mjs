// What the extension wrote on a frame, and how it differs from a fixture
// pair's expectation (tests/fixtures/README.md). Shared by the tests that
// judge fixture pairs.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

const APPEAR_MS = 10_000; // the extension must have judged the page by then
const STABLE_MS = 1_000; // no change in the marks for this long = settled

// Runs in the page: what the extension wrote on this frame.
export function readOutcome() {
  const html = document.documentElement;
  const marks = {};
  const strays = [];
  for (const el of document.querySelectorAll('[data-asg]')) {
    if (el.dataset.fixtureId) marks[el.dataset.fixtureId] = el.dataset.asg;
    else strays.push(`<${el.localName}> "${(el.labels?.[0] ?? el).textContent.trim().slice(0, 60)}" = ${el.dataset.asg}`);
  }
  // The element the panel points at (the list pages), and the notice's words.
  const points = [...document.querySelectorAll('[data-asg-point]')].map((el) => el.dataset.fixtureId || `<${el.localName}>`);
  const overlay = document.querySelector('asg-overlay');
  const notice = overlay && overlay.shadowRoot && overlay.shadowRoot.querySelector('[data-testid="asg-notice"]');
  return {
    page: html.getAttribute('data-asg-page'),
    bound: html.getAttribute('data-asg-bound'),
    summary: html.getAttribute('data-asg-summary'),
    marks,
    strays,
    points,
    notice: notice ? notice.textContent : null,
  };
}

// Runs in the page: every data-asg-* attribute anywhere in this frame.
export function readAsgAttributes() {
  return [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes]
    .filter((attr) => attr.name.startsWith('data-asg'))
    .map((attr) => `<${el.localName}> ${attr.name}="${attr.value}"`));
}

// Polls until data-asg-page is set and nothing changed for STABLE_MS.
export async function settle(frame) {
  const start = Date.now();
  let last;
  let changedAt = start;
  for (;;) {
    const now = Date.now();
    const seen = JSON.stringify(await frame.evaluate(readOutcome));
    if (seen !== last) [last, changedAt] = [seen, now];
    const outcome = JSON.parse(last);
    if ((outcome.page && now - changedAt >= STABLE_MS) || now - start >= APPEAR_MS + STABLE_MS) return outcome;
    await sleep(100);
  }
}

const show = (value) => (value == null ? 'none' : JSON.stringify(value));

// What differs between a fixture's expectation and the settled frame, one line each.
export async function differences(frame, spec, where) {
  const got = await settle(frame);
  const want = { page: spec.page, bound: spec.bound ?? null, summary: spec.summary ?? null, marks: spec.marks ?? {} };
  const lines = [];
  for (const key of ['page', 'bound', 'summary']) {
    if (want[key] !== got[key]) lines.push(`data-asg-${key}: expected ${show(want[key])}, found ${show(got[key])}`);
  }
  const unmarked = Object.keys(want.marks).filter((id) => !(id in got.marks));
  if (unmarked.length) lines.push(`no data-asg on ${unmarked.length} of ${Object.keys(want.marks).length} expected controls: ${unmarked.join(', ')}`);
  for (const [id, mark] of Object.entries(want.marks)) {
    if (id in got.marks && got.marks[id] !== mark) lines.push(`${id}: expected data-asg=${mark}, found ${show(got.marks[id])}`);
  }
  for (const [id, mark] of Object.entries(got.marks)) {
    if (!(id in want.marks)) lines.push(`${id}: expected no data-asg, found ${mark}`);
  }
  for (const stray of got.strays) lines.push(`data-asg on a control that must not be judged: ${stray}`);
  // Pointing (tests/fixtures/README.md): the one element with data-asg-point, or none.
  const point = spec.point ?? null;
  if (JSON.stringify(got.points) !== JSON.stringify(point === null ? [] : [point])) {
    lines.push(`data-asg-point: expected ${show(point)}, found ${show(got.points)}`);
  }
  if (spec.notice && !(got.notice || '').includes(spec.notice)) {
    lines.push(`the notice: expected it to say ${show(spec.notice)}, found ${show(got.notice)}`);
  }
  return lines.map((line) => `${where}: ${line}`);
}

export function assertNone(lines) {
  assert.ok(lines.length === 0, `\n  ${lines.join('\n  ')}`);
}
