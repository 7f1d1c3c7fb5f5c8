// The benchmark's pages: fixtures as they are, and synthetic ones made from
// the full security level fixture by repeating every section's content with
// fresh labels and ids (the level's own named controls stay unique, so the
// page is still judged as a security level).
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../tests/fixtures/', import.meta.url);
export const BASE = 'security-level/classic-all-correct';

const fixtureHtml = (name) => readFileSync(new URL(`${name}.html`, FIXTURES), 'utf8');

// `copies` extra copies of each section's content inside that section.
export function enlarged(copies) {
  const html = fixtureHtml(BASE);
  return html.replace(/(<div class="Content">)([\s\S]*?)(\n {8}<\/div>\n {6}<\/div>)/g, (all, open, body, close) => {
    let out = body;
    for (let k = 1; k <= copies; k++) {
      out += body
        .replace(/ data-fixture-id="[^"]*"/g, '')
        .replace(/\b(id|for|name)="(z[0-9a-f]{32})"/g, `$1="$2c${k}"`)
        .replace(/(<label[^>]*>)([^<]+)(<\/label>)/g, `$1Copy ${k} of $2$3`)
        .replace(/(<td class="RowName">)([^<]+)(<\/td>)/g, `$1Copy ${k} of $2$3`);
    }
    return open + out + close;
  });
}

// A ticket's detail page, as the classic UI shows one inside the shell's
// frame: a header, the ticket's fields as label and text, a toolbar of
// buttons and an activity feed of notes; no form control (a synthetic page,
// not a capture). None of ours (the content script runs in every frame of
// every Autotask page, this one too): its row says what such a page pays.
// tests/fixtures/other/ticket-detail.html is this page with 60 notes.
export function ticketPage(notes = 120) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const fields = [['Status', 'In Progress'], ['Priority', 'Medium'], ['Queue', 'Level II Support'], ['Issue Type', 'Email'],
    ['Sub-Issue Type', 'Outlook'], ['Source', 'Phone'], ['Due Date', '01/14/2026 5:00 PM'], ['Organization', 'Harbor Dental Group'],
    ['Contact', 'Dana Whitfield'], ['Primary Resource', 'Jordan Miller'], ['Contract', 'Managed Services - Gold'], ['Work Type', 'Remote Support']];
  const feed = Array.from({ length: notes }, (_, i) => `
        <div class="ActivityItem"><div class="Heading"><span class="Author">${i % 2 ? 'Jordan Miller' : 'Dana Whitfield'}</span>
          <span class="When">01/${String(10 + (i % 5)).padStart(2, '0')}/2026 ${1 + (i % 11)}:${String(i % 60).padStart(2, '0')} PM</span></div>
          <div class="Body"><p>${esc(`Note ${i + 1}: called the customer, Outlook still prompts for the password after the profile was rebuilt; checked the mailbox rules and the licence, cleared the cached credentials and asked them to restart.`)}</p>
          <p>Time worked: ${(i % 4) * 15 + 15} minutes. <a href="#n${i}">Reply</a> <a href="#e${i}">Edit</a></p></div></div>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ticket T20260112.0041 - Autotask</title>
<style>body{font:12px Arial,sans-serif;margin:0}.Toolbar button{margin:4px}.Fields{display:grid;grid-template-columns:160px 1fr;gap:2px 8px;padding:8px}
.Label{color:#666}.ActivityItem{border-top:1px solid #ddd;padding:6px 8px}.ActivityItem .Heading{font-weight:bold}</style></head>
<body>
  <div class="PageHeader"><h1>T20260112.0041 - Outlook keeps asking for password</h1></div>
  <div class="Toolbar"><button type="button">Edit</button><button type="button">New Note</button><button type="button">New Time Entry</button>
    <button type="button">Forward/Modify</button><button type="button">Copy</button><button type="button">Print</button></div>
  <div class="Fields">${fields.map(([k, v]) => `<div class="Label">${k}</div><div class="Value">${esc(v)}</div>`).join('')}</div>
  <h2>Description</h2><p>Since Monday Outlook asks for the password every few minutes on three workstations at the front desk.</p>
  <h2>Activity</h2><div class="Activity">${feed}</div>
</body></html>`;
}

// Each page: a name, its address, and (for synthetic ones) its markup.
export const PAGES = [
  { name: 'security level (fixture)', path: `/${BASE}.html` },
  { name: 'security level x10 (synthetic)', path: '/bench/x10.html', html: () => enlarged(9) },
  { name: 'security level ~3,000 controls', path: '/bench/x52.html', html: () => enlarged(51) },
  { name: '10,000 unrelated checkboxes', path: '/hostile/unrelated-checkboxes.html' },
  // A level with a table of unrelated rows (name, checkbox, dropdown) at
  // doubling sizes, so the snapshot's cost per 1,000 controls shows whether
  // it grows linearly. axe-core is left out (minutes on these pages), so is the
  // re-verify after a toggle, and each is checked at most 3 times.
  ...[1000, 2000, 4000, 8000, 16000].map((rows) => ({
    name: `table of ${rows.toLocaleString('en')} rows`,
    path: `/hostile/table-rows.html?rows=${rows}`,
    series: rows,
    axe: false,
    toggles: false,
    runs: 3,
  })),
  // Not a page of ours: what the content script costs there (see benchTicket in run.mjs).
  { name: 'ticket page (none of ours)', path: '/bench/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&TicketID=41', html: () => ticketPage(), ticket: true },
  // The New API User page, judged against the level the extension remembers
  // for the host (as after the admin checked the level); the toggle is Locked.
  {
    name: 'API user page (fixture)',
    path: '/api-user/classic-new-correct.html',
    rememberedLevel: 'Rhipe Integration',
    toggle: 'input[data-fixture-id="locked"]',
  },
];
