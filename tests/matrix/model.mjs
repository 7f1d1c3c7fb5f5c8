// The page model: what a person sees on an Autotask security level page and
// on a New / Edit API User page, with no markup at all. Renderers turn one
// state into many markups; the oracle predicts the verdict from the state.
//
// Built from the public record (facts about Autotask's pages and the vendor
// guides), not from this project's fixture pages: the eleven security areas
// in page order, each with its controls, the CRM matrix with read-only cells
// ("see above", "not applicable"), the label spellings different guides use.

// Option lists as Autotask shows them ([doc] where known, [guess] otherwise).
const OPT = {
  contractsView: ['All', 'Organizations', 'None'],
  yesNo: ['Yes', 'No'],
  visibility: ['Full', 'Limited', 'None'],
  approvePost: ['All', 'None', 'Where I am Account Manager', 'Where I am Project Lead'],
  territory: ['All', 'My Territories', 'Mine', 'None'],
  allMineNone: ['All', 'Mine', 'None'],
  allNone: ['All', 'None'],
  tickets: ['All', 'My Queues', 'Mine', 'None'],
};

const box = (id, label) => ({ id, kind: 'checkbox', label, value: false });
const pick = (id, label, options) => ({ id, kind: 'select', label, options, value: baselineOf(options) });
const cell = (id, options) => ({ id, kind: 'select', options, value: baselineOf(options) });
const text = (t) => ({ kind: 'text', text: t });

/** The option that means "no permission": "None", else "No", else null. */
export function baselineOf(options) {
  return options.find((o) => o === 'None') ?? options.find((o) => o === 'No') ?? null;
}

/** The option that grants most: the first one ("All", "Yes", "Full"). */
export const grantedOf = (options) => options[0];

const SECTIONS = () => [
  {
    heading: 'CONTRACTS',
    blocks: [
      // Read-only cells past the header's columns: the row has more cells than
      // its header row (held-out pages lost their columns on such rows).
      { type: 'matrix', title: 'Object Permissions', columns: ['View', 'Add'], rows: [
        { name: 'Contracts', cells: [cell('contracts.view', OPT.contractsView), cell('contracts.add', OPT.yesNo), text('not applicable'), text('not applicable')] },
      ] },
      { type: 'fields', items: [pick('contracts.visibility', 'Contract Visibility (for contracts you have access to)', OPT.visibility)] },
      { type: 'fields', title: 'Other Permissions', items: [
        box('contracts.service-bundle', 'Can modify Service/Bundle on contract charges'),
        box('contracts.internal-costs', 'Can modify contract Internal Costs'),
        box('contracts.invoices', 'Can create invoices from Ticket and Won Quote Wizard'),
        pick('contracts.approve-post', 'Can Approve & Post', OPT.approvePost),
      ] },
    ],
  },
  {
    heading: 'CRM',
    blocks: [
      { type: 'fields', title: 'Organization & Contact Access', items: [
        pick('crm.customer', 'Customer & Cancelation', OPT.territory),
        pick('crm.vendors', 'Vendor & Partners', OPT.territory),
        pick('crm.prospects', 'Prospects, Leads, & Dead', OPT.territory),
      ] },
      { type: 'matrix', title: 'Object Permissions (for companies you have access to)', columns: ['View', 'Add', 'Edit', 'Delete'], rows: [
        { name: 'Companies', cells: [cell('crm.companies.view', OPT.territory), cell('crm.companies.add', OPT.yesNo), cell('crm.companies.edit', OPT.territory), cell('crm.companies.delete', OPT.territory)] },
        // Sync 365's guide sets "Contacts | Add - Yes" [one]; the row's other
        // cells are a guess (contacts are seen with their companies: "see above").
        { name: 'Contacts', cells: [text('see above'), cell('crm.contacts.add', OPT.yesNo), cell('crm.contacts.edit', OPT.territory), cell('crm.contacts.delete', OPT.territory)] },
        { name: 'Opportunities & Quotes', cells: [cell('crm.opportunities.view', OPT.territory), cell('crm.opportunities.add', OPT.yesNo), cell('crm.opportunities.edit', OPT.territory), cell('crm.opportunities.delete', OPT.territory)] },
        { name: 'Sales Orders', cells: [cell('crm.sales-orders.view', OPT.territory), cell('crm.sales-orders.add', OPT.yesNo), cell('crm.sales-orders.edit', OPT.territory), text('not applicable')] },
        { name: 'Configuration Items & Subscriptions', cells: [cell('crm.cis.view', OPT.territory), cell('crm.cis.add', OPT.yesNo), cell('crm.cis.edit', OPT.territory), cell('crm.cis.delete', OPT.territory)] },
        { name: 'Notes', cells: [text('see above'), cell('crm.notes.add', OPT.yesNo), cell('crm.notes.edit', OPT.territory), cell('crm.notes.delete', OPT.territory)] },
        { name: 'To-Dos', cells: [text('see above'), cell('crm.todos.add', OPT.yesNo), cell('crm.todos.edit', OPT.territory), cell('crm.todos.delete', OPT.territory)] },
        { name: 'Attachments', cells: [text('see above'), cell('crm.attachments.add', OPT.yesNo), text('not applicable'), cell('crm.attachments.delete', OPT.territory)] },
      ] },
      { type: 'fields', title: 'Feature Access', items: [
        box('crm.merge', 'Can merge Organizations'),
        box('crm.export', 'Can export Organizations and Contacts'),
      ] },
    ],
  },
  {
    heading: 'INVENTORY',
    blocks: [
      { type: 'matrix', title: 'Object Permissions', columns: ['View', 'Add', 'Edit', 'Delete'], rows: [
        // Sync 365's guide: "Items | View - All", "Products | View - All",
        // "Product notes edit | Add - Yes, Edit - All" [one]; the option lists
        // beyond those values are a guess, as are the Product Notes' View cell.
        { name: 'Inventory Items', cells: [cell('inventory.items.view', OPT.allNone), cell('inventory.items.add', OPT.yesNo), cell('inventory.items.edit', OPT.allNone), cell('inventory.items.delete', OPT.allNone)] },
        { name: 'Products', cells: [cell('inventory.products.view', OPT.allNone), cell('inventory.products.add', OPT.yesNo), cell('inventory.products.edit', OPT.allNone), cell('inventory.products.delete', OPT.allNone)] },
        { name: 'Product Notes', cells: [text('see above'), cell('inventory.product-notes.add', OPT.yesNo), cell('inventory.product-notes.edit', OPT.allNone), cell('inventory.product-notes.delete', OPT.allNone)] },
      ] },
      { type: 'fields', title: 'Other Permissions', items: [
        box('inventory.transfer', 'Can transfer inventory between locations'),
        box('inventory.receive', 'Can receive Purchase Orders'),
      ] },
    ],
  },
  {
    heading: 'PROJECTS',
    blocks: [{ type: 'fields', items: [
      pick('projects.access', 'Project Access', OPT.allMineNone),
      box('projects.create', 'Can create Projects'),
      box('projects.schedules', 'Can edit Project Schedules'),
      box('projects.financials', 'Can view Project Financials'),
    ] }],
  },
  {
    heading: 'SERVICE DESK',
    blocks: [{ type: 'fields', items: [
      pick('servicedesk.tickets', 'Ticket Access', OPT.tickets),
      pick('servicedesk.calls', 'Service Calls', OPT.allMineNone),
      box('servicedesk.create', 'Can create Tickets'),
      box('servicedesk.delete', 'Can delete Tickets'),
      box('servicedesk.forward', 'Can forward Tickets to other Queues'),
    ] }],
  },
  {
    heading: 'DOCUMENTS & KNOWLEDGEBASE',
    blocks: [{ type: 'fields', items: [
      pick('documents.access', 'Documents', OPT.allNone),
      pick('documents.kb', 'Knowledgebase Articles', OPT.allNone),
      box('documents.publish', 'Can publish Knowledgebase Articles to the Client Portal'),
    ] }],
  },
  {
    heading: 'TIMESHEETS',
    blocks: [{ type: 'fields', items: [
      pick('timesheets.access', 'Timesheet Access', OPT.allMineNone),
      box('timesheets.approve', 'Can approve Timesheets'),
      box('timesheets.expenses', 'Can approve Expense Reports'),
    ] }],
  },
  {
    heading: 'REPORTS',
    blocks: [{ type: 'fields', items: [
      pick('reports.livereports', 'LiveReports', OPT.allMineNone),
      box('reports.dashboards', 'Can view Analytics Dashboards'),
      box('reports.warehouse', 'Can access the Data Warehouse'),
    ] }],
  },
  {
    heading: 'ADMIN',
    blocks: [{ type: 'fields', title: 'Feature Access', items: [
      box('admin.products', 'Products, Services, & Inventory'),
      box('admin.resources', 'Resources/Users (HR)'),
      box('admin.contracts', 'Contracts & Un-Posting'),
      box('admin.cis', 'Configuration Items'),
      box('admin.organization', 'Your Organization'),
      box('admin.kaseya', 'Kaseya Integrations'),
      box('admin.accounts', 'Accounts & Contacts'),
    ] }],
  },
  {
    heading: 'OTHER',
    blocks: [{ type: 'fields', items: [
      box('other.password', 'Not required to change password (password does not expire)'),
      box('other.internal-cost', 'Can View Internal Cost and Sensitive Data'),
      pick('other.mobile', 'Mobile App Access', OPT.yesNo),
      box('other.webhooks', 'Can create Webhooks'),
    ] }],
  },
  {
    heading: 'WEB SERVICES API',
    blocks: [
      { type: 'fields', title: 'Feature Access', items: [
        box('wsapi.login', 'Can login to Web Services API (Access to version 1.6 & later is limited to API User security levels)'),
      ] },
      { type: 'fields', title: 'Resource Impersonation', items: [
        box('wsapi.impersonation', 'Allow impersonation of resources with this security level'),
      ] },
    ],
  },
];

/** Every control of a level state, in page order, with where it sits. */
export function controlsOf(state) {
  const out = [];
  for (const section of state.sections) {
    for (const block of section.blocks) {
      if (block.type === 'matrix') {
        for (const row of block.rows) {
          row.cells.forEach((c, i) => {
            if (c.kind !== 'text') out.push({ control: c, section, label: row.name, column: block.columns[i] });
          });
        }
      } else {
        for (const c of block.items) out.push({ control: c, section, label: c.label, column: null });
      }
    }
  }
  return out;
}

export function findControl(state, id) {
  const hit = controlsOf(state).find((c) => c.control.id === id);
  if (!hit) throw new Error(`no control ${id} in the model`);
  return hit.control;
}

/** Sets a control by id to a value (option text or true/false); returns the state. */
export function set(state, id, value) {
  const c = findControl(state, id);
  if (c.kind === 'checkbox' ? typeof value !== 'boolean' : !c.options.includes(value)) {
    throw new Error(`${id}: ${JSON.stringify(value)} is not a state of this control`);
  }
  c.value = value;
  return state;
}

/** "No Permission" on every section: every control at its baseline. */
export function noPermission(state) {
  for (const { control } of controlsOf(state)) control.value = control.kind === 'checkbox' ? false : baselineOf(control.options);
  return state;
}

/** "Full Permission" on every section: every control at its most. */
export function fullPermission(state) {
  for (const { control } of controlsOf(state)) control.value = control.kind === 'checkbox' ? true : grantedOf(control.options);
  return state;
}

// What PRISM Connect needs (rhipe's guide and Autotask's help on contract
// visibility): the state "all correct" sets these and leaves the rest at No Permission.
export const RHIPE_NEEDS = {
  'contracts.service-bundle': true,
  'contracts.view': 'All',
  'contracts.visibility': 'Full',
  'crm.customer': 'All',
  'admin.products': true,
  'wsapi.login': true,
};

// The guide followed to the letter: No Permission, then only what it names
// (it leaves Contracts View and Contract Visibility out).
export const GUIDE_LITERAL = {
  'contracts.service-bundle': true,
  'crm.customer': 'All',
  'admin.products': true,
  'wsapi.login': true,
};

/** A security level page; `name` is the level's Name field. */
export function level({ name = 'Rhipe Integration', values = RHIPE_NEEDS } = {}) {
  const state = {
    kind: 'security-level',
    name,
    description: '',
    active: true,
    sections: SECTIONS().map((s) => ({ ...s, collapsed: false, missing: false })),
  };
  for (const [id, value] of Object.entries(values)) set(state, id, value);
  return state;
}

// Spellings people write for the same label or heading (facts: label
// spellings across guides). Each entry: the model's text → the others.
export const SPELLINGS = {
  'Customer & Cancelation': ['Customer & Cancellation', 'Customer & Cancellations'],
  'Can modify Service/Bundle on contract charges': ['Can modify Service/Bundle on contract changes'],
  'Products, Services, & Inventory': ['Products, Services & Inventory'],
  'Organization & Contact Access': ['Account & Contact Access', 'Company & Contact Access'],
  'DOCUMENTS & KNOWLEDGEBASE': ['DOCUMENTS & KNOWLEDGE BASE'],
  'Can login to Web Services API (Access to version 1.6 & later is limited to API User security levels)': ['Can login to Web Services API'],
};

/** Writes label and heading variant `k` (0 = the model's own) wherever it applies. */
export function spell(state, k) {
  if (!k) return state;
  const pickVariant = (t) => (SPELLINGS[t] ? SPELLINGS[t][(k - 1) % SPELLINGS[t].length] : t);
  for (const section of state.sections) {
    section.heading = pickVariant(section.heading);
    for (const block of section.blocks) {
      if (block.title) block.title = pickVariant(block.title);
      if (block.type === 'fields') for (const c of block.items) c.label = pickVariant(c.label);
    }
  }
  state.spelling = k;
  return state;
}

const SMALL = new Set(['and', 'of', 'to']);
/** Area headings as a title ("Service Desk", "Web Services API"), as a page styled uppercase by CSS holds them. */
export function titleCase(state) {
  for (const s of state.sections) {
    s.heading = s.heading.split(' ').map((w) => (['CRM', 'API', '&'].includes(w) ? w : SMALL.has(w.toLowerCase()) ? w.toLowerCase() : w[0] + w.slice(1).toLowerCase())).join(' ');
  }
  return state;
}

export function section(state, heading) {
  const s = state.sections.find((x) => x.heading === heading);
  if (!s) throw new Error(`no section ${heading}`);
  return s;
}

// ------------------------------------------------------------ the API user

export const API_LEVELS = [
  'API User (system) (API-only)',
  "API User (system) Can't Read Costs (API-only)",
  'Rhipe Integration',
];
export const VENDORS = ['', 'Acme Sync Tools', 'Rhipe - Cloud Services', 'Sync 365'];

/**
 * An API user page as a person sees it. `tracking` is which radio of the API
 * Tracking Identifier is chosen ('vendor' = "Integration Vendor", 'custom' =
 * "Custom (Internal Integration)", null = neither). `secretFilled` only says
 * whether the "Password (Secret)" field holds something.
 */
export function apiUser(over = {}) {
  return {
    kind: 'api-user',
    mode: 'new', // 'new' (New API User) or 'edit'
    title: 'New API User',
    first: 'PRISM',
    last: 'Connect',
    email: 'it-admin@contoso-msp.com',
    active: true,
    locked: false,
    levels: API_LEVELS,
    level: 'Rhipe Integration',
    username: 'rhipeprism7Q2kX',
    secretFilled: true,
    tracking: 'vendor',
    vendors: VENDORS,
    vendor: 'Rhipe - Cloud Services',
    ...over,
  };
}

export const clone = (state) => structuredClone(state);
