// The vendors' profiles (issue 22) on the renderer matrix's page model, for
// the checker page's batched snapshot path: the cases both browsers judge
// (tests/e2e/vendor-profiles.test.mjs in Chromium, tests/firefox/
// vendor-profiles.test.mjs in Firefox) and how an answer becomes a failure.
// The page: the model's (with the Contacts, Inventory Items and Product Notes
// rows Sync 365's guide sets), plus the SERVICE DESK object matrix that
// MSP360's, Guardz's and Sync 365's guides describe: 100 controls. The states: all correct for that vendor, the
// fresh copy of "API User (system) (API-only)", one deviation per rule. The
// expected counts are the ones worked out by hand in tests/vendor_profiles.rs
// (the same page, read natively with its labels given).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineOf, controlsOf, fullPermission, level, section } from './model.mjs';
import { canShow, formHtml, render, RENDERERS } from './renderers.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const profileOf = (id) => JSON.parse(readFileSync(join(REPO, `src/profiles/${id}.json`), 'utf8'));

const cell = (id, options) => ({ id, kind: 'select', options, value: baselineOf(options) });
const ALL_MINE_NONE = ['All', 'Mine', 'None'];
const YES_NO = ['Yes', 'No'];
// Rows and columns as MSP360's guide lists them ("Tickets: View - Mine, Add -
// Yes, Edit - No, Delete - None", "Tikcet Notes: Edit - None, Delete - None", …).
const serviceDeskMatrix = () => ({
  type: 'matrix', title: 'Object Permissions', columns: ['View', 'Add', 'Edit', 'Delete'], rows: [
    { name: 'Tickets', cells: [cell('servicedesk.tickets.view', ['All', 'My Queues', 'Mine', 'None']), cell('servicedesk.tickets.add', YES_NO), cell('servicedesk.tickets.edit', ALL_MINE_NONE), cell('servicedesk.tickets.delete', ALL_MINE_NONE)] },
    { name: 'Ticket Notes', cells: [{ kind: 'text', text: 'see above' }, { kind: 'text', text: 'see above' }, cell('servicedesk.ticket-notes.edit', ALL_MINE_NONE), cell('servicedesk.ticket-notes.delete', ALL_MINE_NONE)] },
    ...['service-calls', 'charges', 'expenses'].map((row) => ({
      name: { 'service-calls': 'Service Calls', charges: 'Charges', expenses: 'Expenses' }[row],
      cells: [cell(`servicedesk.${row}.view`, ALL_MINE_NONE), cell(`servicedesk.${row}.add`, YES_NO), cell(`servicedesk.${row}.edit`, ALL_MINE_NONE), cell(`servicedesk.${row}.delete`, ALL_MINE_NONE)],
    })),
  ],
});

/** The model's page with the Service Desk matrix: 100 controls, every one at its baseline, then `values`. */
function page(name, values) {
  const s = level({ name, values: {} });
  section(s, 'SERVICE DESK').blocks.unshift(serviceDeskMatrix());
  for (const { control } of controlsOf(s)) {
    if (control.id in values) {
      const v = values[control.id];
      assert.ok(control.kind === 'checkbox' ? typeof v === 'boolean' : control.options.includes(v), `${control.id}: ${v}`);
      control.value = v;
    }
  }
  return s;
}

function freshCopy() {
  const s = fullPermission(page('Copy of API User (system) (API-only)', {}));
  for (const { control } of controlsOf(s)) if (control.id === 'wsapi.impersonation') control.value = false;
  return s;
}

// By hand (tests/vendor_profiles.rs has the arithmetic per profile): all
// correct N/N, a fail rule off (N-1)/N, a warn rule off (N-1)/(N-1), the fresh
// copy. Area sizes: CONTRACTS 7, CRM 31, INVENTORY 13, PROJECTS 4, SERVICE
// DESK 23, DOCUMENTS 3, TIMESHEETS 3, REPORTS 3, ADMIN 7, OTHER 4, WEB
// SERVICES API 2 = 100. On the fresh copy every baseline control is excess but
// impersonation (off: a pass), so freshExcess = judged - named rules - 1.
export const CASES = [
  {
    profile: 'cow-warranty-sync', name: 'COW Warranty Permissions', total: 100, fresh: '7/100', freshExcess: 93,
    rules: { 'crm-customer-cancelation': ['crm.customer', 'All'], 'crm-cis-view': ['crm.cis.view', 'All'], 'crm-cis-edit': ['crm.cis.edit', 'All'], 'inventory-products-view': ['inventory.products.view', 'All'], 'admin-configuration-items': ['admin.cis', true], 'wsapi-login': ['wsapi.login', true] },
  },
  {
    profile: 'msp360-managed-backup', name: 'MSP360 Managed Backup', total: 100, fresh: '9/100', freshExcess: 89,
    rules: { 'contracts-view': ['contracts.view', 'All'], 'contracts-add': ['contracts.add', 'Yes'], 'contracts-visibility': ['contracts.visibility', 'Full'], 'crm-customer-cancelation': ['crm.customer', 'All'], 'crm-vendors-partners': ['crm.vendors', 'All'], 'crm-prospects': ['crm.prospects', 'All'], 'servicedesk-tickets-view': ['servicedesk.tickets.view', 'Mine'], 'servicedesk-tickets-add': ['servicedesk.tickets.add', 'Yes'], 'servicedesk-service-calls-view': ['servicedesk.service-calls.view', 'Mine'], 'wsapi-login': ['wsapi.login', true] },
  },
  {
    profile: 'guardz', name: 'Guardz API', total: 100, fresh: '9/100', freshExcess: 91,
    rules: { 'crm-customer-cancelation': ['crm.customer', 'All'], 'crm-vendors-partners': ['crm.vendors', 'All'], 'crm-prospects': ['crm.prospects', 'All'], 'servicedesk-tickets-view': ['servicedesk.tickets.view', 'All'], 'servicedesk-tickets-add': ['servicedesk.tickets.add', 'Yes'], 'servicedesk-tickets-edit': ['servicedesk.tickets.edit', 'All'], 'admin-kaseya-integrations': ['admin.kaseya', true], 'wsapi-login': ['wsapi.login', true] },
  },
  {
    // CRM, PROJECTS and SERVICE DESK are not judged (Full Permission in the guide): 42 results.
    profile: 'timezest', name: 'TimeZest', total: 42, fresh: '5/42', freshExcess: 37,
    rules: { 'admin-your-organization': ['admin.organization', true], 'admin-resources-users': ['admin.resources', true], 'other-password-never-expires': ['other.password', true], 'wsapi-login': ['wsapi.login', true] },
  },
  {
    // CONTRACTS, CRM, INVENTORY, REPORTS, WEB SERVICES API judged: 7 + 31 + 13 + 3 + 2 = 56.
    profile: 'rewst', name: 'Rewst Automation', total: 56, fresh: '8/56', freshExcess: 48,
    rules: { 'contracts-view': ['contracts.view', 'All'], 'contracts-visibility': ['contracts.visibility', 'Full'], 'crm-customer-cancelation': ['crm.customer', 'All'], 'crm-companies-view': ['crm.companies.view', 'All'], 'crm-companies-add': ['crm.companies.add', 'Yes'], 'crm-companies-edit': ['crm.companies.edit', 'All'], 'wsapi-login': ['wsapi.login', true] },
  },
  {
    // 12 rules (6 fail, 6 inferred advice), every area judged: fresh 12 named + impersonation pass.
    profile: 'crayon-billing-sync', name: 'Crayon Billing Sync', total: 100, fresh: '13/100', freshExcess: 87,
    rules: { 'contracts-service-bundle': ['contracts.service-bundle', true], 'contracts-internal-costs': ['contracts.internal-costs', true], 'contracts-view': ['contracts.view', 'All'], 'contracts-visibility': ['contracts.visibility', 'Full'], 'crm-customer-cancelation': ['crm.customer', 'All'], 'inventory-products-view': ['inventory.products.view', 'All'], 'inventory-products-add': ['inventory.products.add', 'Yes'], 'inventory-products-edit': ['inventory.products.edit', 'All'], 'inventory-products-delete': ['inventory.products.delete', 'All'], 'admin-products-services-inventory': ['admin.products', true], 'other-internal-cost': ['other.internal-cost', true], 'wsapi-login': ['wsapi.login', true] },
  },
  {
    // 19 rules (11 fail, 8 advice), every area judged: fresh 19 named + impersonation pass.
    profile: 'sync-365', name: 'Sync 365 API', total: 100, fresh: '20/100', freshExcess: 80,
    rules: { 'contracts-view': ['contracts.view', 'All'], 'contracts-add': ['contracts.add', 'Yes'], 'contracts-service-bundle': ['contracts.service-bundle', true], 'contracts-visibility': ['contracts.visibility', 'Full'], 'crm-customer-cancelation': ['crm.customer', 'All'], 'crm-accounts-add': ['crm.companies.add', 'Yes'], 'crm-accounts-edit': ['crm.companies.edit', 'All'], 'crm-contacts-add': ['crm.contacts.add', 'Yes'], 'inventory-items-view': ['inventory.items.view', 'All'], 'inventory-products-view': ['inventory.products.view', 'All'], 'inventory-product-notes-add': ['inventory.product-notes.add', 'Yes'], 'inventory-product-notes-edit': ['inventory.product-notes.edit', 'All'], 'servicedesk-tickets-view': ['servicedesk.tickets.view', 'All'], 'servicedesk-tickets-add': ['servicedesk.tickets.add', 'Yes'], 'servicedesk-tickets-edit': ['servicedesk.tickets.edit', 'All'], 'admin-accounts-contacts': ['admin.accounts', true], 'admin-products-services-inventory': ['admin.products', true], 'admin-contracts-unposting': ['admin.contracts', true], 'wsapi-login': ['wsapi.login', true] },
  },
];

/** Every state of every case, with what it must give. */
function states() {
  const out = [];
  for (const c of CASES) {
    const p = profileOf(c.profile);
    const rules = p.security_level.sections.flatMap((s) => s.rules ?? []);
    assert.deepEqual(rules.map((r) => r.id), Object.keys(c.rules), `${c.profile}: the rules this test covers`);
    const needs = Object.fromEntries(Object.values(c.rules));
    const notPass = (list) => Object.fromEntries(list);
    out.push({ c, id: 'all-correct', state: page(c.name, needs), summary: `${c.total}/${c.total}`, named: {}, excess: 0 });
    for (const r of rules) {
      const [control, want] = c.rules[r.id];
      const wrong = { ...needs, [control]: typeof want === 'boolean' ? !want : baselineOfId(control) };
      const warn = r.severity === 'warn';
      out.push({ c, id: `deviation:${r.id}`, state: page(c.name, wrong), summary: warn ? `${c.total - 1}/${c.total - 1}` : `${c.total - 1}/${c.total}`, named: notPass([[r.id, warn ? 'warn' : 'fail']]), excess: 0 });
    }
    const freshFails = c.profile === 'msp360-managed-backup' ? [['servicedesk-tickets-view', 'fail'], ['servicedesk-service-calls-view', 'fail']] : [];
    out.push({ c, id: 'fresh-copy', state: freshCopy(), summary: c.fresh, named: notPass(freshFails), excess: c.freshExcess });
  }
  return out;
}

function baselineOfId(id) {
  const hit = controlsOf(page('x', {})).find((x) => x.control.id === id);
  return baselineOf(hit.control.options);
}

const ALL = states();

/** Every vendor state × every renderer that can show it: `{ r, s, html, ctx }` for judgeInPage. */
export function vendorCases() {
  return RENDERERS.flatMap((r) => ALL.filter((s) => canShow(r, s.state))
    .map((s) => ({ r: r.name, s, html: formHtml(render(r, s.state)), ctx: contextOf(s) })));
}

// The fresh copy is judged once the admin said which integration it is for
// (the panel's question; the host's `levelProfiles`).
function contextOf(s) {
  if (s.id !== 'fresh-copy') return { profile: s.c.profile };
  return { profile: s.c.profile, levelProfiles: { [s.state.name]: s.c.profile } };
}

/** How many vendor states `renderer` shows, for the test names. */
export const vendorCount = (renderer) => ALL.filter((s) => canShow(renderer, s.state)).length;

/** The checker's answers (`got[i]` for `cases[i]`) as failure texts by renderer name. */
export function vendorFailures(cases, got) {
  const failures = new Map(RENDERERS.map((r) => [r.name, []]));
  cases.forEach(({ r, s }, i) => {
    const g = got[i];
    const lines = [];
    if (g.error) lines.push(`error: ${g.error}`);
    const summary = g.summary ? `${g.summary.passed}/${g.summary.total}` : 'none';
    if (!g.bound) lines.push('not bound');
    if (summary !== s.summary) lines.push(`summary: want ${s.summary}, got ${summary}`);
    const named = Object.fromEntries((g.results ?? []).filter((x) => x.rule !== 'baseline' && x.outcome !== 'pass').map((x) => [x.rule, x.outcome]));
    if (JSON.stringify(named) !== JSON.stringify(s.named)) lines.push(`named rules not passing: want ${JSON.stringify(s.named)}, got ${JSON.stringify(named)}`);
    const excess = (g.results ?? []).filter((x) => x.outcome === 'excess').length;
    if (excess !== s.excess) lines.push(`excess: want ${s.excess}, got ${excess}`);
    if (lines.length) failures.get(r).push(`${s.c.profile} ${s.id}:\n    ${lines.join('\n    ')}`);
  });
  return failures;
}
