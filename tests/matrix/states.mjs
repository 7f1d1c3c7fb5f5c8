// The named states of the matrix, and seeded random ones.
import {
  apiUser, baselineOf, clone, controlsOf, fullPermission, grantedOf, GUIDE_LITERAL, level, noPermission,
  RHIPE_NEEDS, section, spell, SPELLINGS, titleCase, VENDORS,
} from './model.mjs';

const named = (id, state, ctx = {}) => ({ id, state, ctx });
// The extension remembers the level after a verified save; API user pages are judged with it.
export const REMEMBERED = { rememberedLevel: 'Rhipe Integration' };

/** One wrong value for a control: a needed one not set, or an unneeded one granted. */
export function deviate(control) {
  if (control.kind === 'checkbox') return !control.value;
  if (control.value !== baselineOf(control.options)) return baselineOf(control.options);
  return control.options.find((o) => o !== control.value && o !== baselineOf(control.options));
}

export function levelStates() {
  const out = [];
  out.push(named('all-correct', level()));
  out.push(named('fresh-copy', (() => {
    // Everything granted but impersonation, which API-only levels do not support.
    const s = fullPermission(level({ name: 'Copy of API User (system) (API-only)' }));
    for (const { control } of controlsOf(s)) if (control.id === 'wsapi.impersonation') control.value = false;
    return s;
  })()));
  out.push(named('guide-literal', level({ values: GUIDE_LITERAL })));
  for (const { control } of controlsOf(level())) {
    const s = level();
    const c = controlsOf(s).find((x) => x.control.id === control.id).control;
    c.value = deviate(c);
    out.push(named(`deviation:${control.id}`, s));
  }
  for (const heading of ['TIMESHEETS', 'CRM']) {
    const s = level();
    section(s, heading).missing = true;
    out.push(named(`missing:${heading}`, s));
  }
  const collapsed = level();
  for (const h of ['CRM', 'PROJECTS', 'OTHER']) section(collapsed, h).collapsed = true;
  out.push(named('collapsed', collapsed));
  const collapsedWrong = clone(collapsed);
  controlsOf(collapsedWrong).find((c) => c.control.id === 'crm.prospects').control.value = 'Mine';
  controlsOf(collapsedWrong).find((c) => c.control.id === 'other.password').control.value = true;
  out.push(named('collapsed-with-deviations', collapsedWrong));
  out.push(named('unbound', level({ name: 'Finance Team' })));
  out.push(named('unbound-checker', level({ name: 'Finance Team' }), { judgeAnyLevel: true }));
  out.push(named('system-level', level({ name: 'API User (system) (API-only)' })));
  const variants = Math.max(...Object.values(SPELLINGS).map((v) => v.length));
  for (let k = 1; k <= variants; k++) out.push(named(`spelling-${k}`, spell(level(), k)));
  // A checkbox whose state the page does not show as on or off: never a pass.
  const unreadable = level();
  controlsOf(unreadable).find((c) => c.control.id === 'other.webhooks').control.value = null;
  unreadable.needs = ['unreadable'];
  out.push(named('unreadable:other.webhooks', unreadable));
  // "Contracts" is then both the area's name and its matrix row's name.
  out.push(named('title-case-headings', titleCase(level())));
  return out;
}

export function apiUserStates() {
  return [
    named('api-correct', apiUser(), REMEMBERED),
    named('api-correct-nothing-remembered', apiUser(), {}),
    named('api-locked', apiUser({ locked: true }), REMEMBERED),
    named('api-inactive', apiUser({ active: false }), REMEMBERED),
    named('api-system-level', apiUser({ level: 'API User (system) (API-only)' }), REMEMBERED),
    named('api-custom-tracking', apiUser({ tracking: 'custom' }), REMEMBERED),
    named('api-other-vendor', apiUser({ vendor: 'Sync 365' }), {}),
    named('api-no-secret', apiUser({ secretFilled: false }), REMEMBERED),
    named('api-edit', apiUser({ mode: 'edit', title: 'Edit API User', secretFilled: false }), REMEMBERED),
    named('api-add-title', apiUser({ title: 'Add API User' }), REMEMBERED),
    named('api-noreply', apiUser({ email: 'noreply@contoso-msp.com' }), REMEMBERED),
    named('api-bad-key', apiUser({ username: 'rhipe@prism(1)' }), REMEMBERED),
  ];
}

export const allStates = () => [...levelStates(), ...apiUserStates()];

// ------------------------------------------------------------ random states

/** mulberry32: a small seeded generator, so a failing case can be run again. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Rhipe Integration', 'PRISM sync', 'Crayon API', 'Finance Team', 'Copy of API User (system) (API-only)', 'Helpdesk Level 2', 'rhipe integration'];

/** A random state: a level (values, missing and collapsed areas, spelling) or an API user. */
export function randomState(random) {
  const pickOne = (list) => list[Math.floor(random() * list.length)];
  if (random() < 0.2) {
    const u = apiUser({
      locked: random() < 0.3,
      active: random() < 0.85,
      level: pickOne(['Rhipe Integration', 'API User (system) (API-only)', 'Rhipe Integration']),
      tracking: pickOne(['vendor', 'vendor', 'custom']),
      vendor: pickOne(VENDORS),
      secretFilled: random() < 0.8,
      email: pickOne(['it-admin@contoso-msp.com', 'noreply@contoso-msp.com', 'not-an-address']),
    });
    return { state: u, ctx: random() < 0.7 ? REMEMBERED : {} };
  }
  const s = random() < 0.3 ? noPermission(level()) : level();
  s.name = pickOne(NAMES);
  for (const { control } of controlsOf(s)) {
    const roll = random();
    if (roll < 0.08) control.value = control.kind === 'checkbox' ? true : grantedOf(control.options);
    else if (roll < 0.12 && control.kind === 'select') control.value = pickOne(control.options);
    else if (roll < 0.15 && control.id in RHIPE_NEEDS) control.value = deviate(control);
  }
  for (const sec of s.sections) {
    if (random() < 0.04) sec.missing = true;
    else if (random() < 0.15) sec.collapsed = true;
  }
  spell(s, Math.floor(random() * 3));
  return { state: s, ctx: random() < 0.15 ? { judgeAnyLevel: true } : {} };
}
