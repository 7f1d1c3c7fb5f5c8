// The current UI's widgets (facts: how Autotask pages are built):
// `.DetailsSection` with its heading in `.DetailsSectionHeading .Left .Text`,
// checkboxes as `.Checkbox2 > .TabIndexHack.Checked|Unchecked` with the label
// in a sibling `.LabelContainer1 .Text .PrimaryText`, dropdowns as
// `.SingleItemSelector2` pickers (chosen text shown, list hidden), matrices
// as `.Grid2` div rows. Radios: `.RadioButton .TabIndexHack.RadioButtonItem`.
// The form is in the shell's iframe, as the current UI shows it.
import { esc, fid, page, FAKE_SECRET, levelTitle } from '../html.mjs';

// The current UI's widgets react to clicks through the page's own script.
const SCRIPT = `<script>
document.addEventListener('click', function (e) {
  var box = e.target.closest && e.target.closest('.Checkbox2 .TabIndexHack');
  if (box && !box.classList.contains('Disabled')) {
    var on = box.classList.contains('Checked');
    box.classList.toggle('Checked', !on);
    box.classList.toggle('Unchecked', on);
  }
});
</script>`;

// The current UI shows the working page in an iframe of its shell (facts:
// the shell's header and side panel, main [data-slot="iframe"] > iframe).
function inShell(title, form) {
  const shell = page({
    title: 'Autotask',
    body: `<div data-slot="header"><span>Autotask</span></div>
<div data-slot="side-panel"><ul><li>Home</li><li>Admin</li></ul></div>
<main><div data-slot="iframe"><iframe src="form.html" title="${esc(title)}" style="width:100%;height:2400px;border:0"></iframe></div></main>`,
  });
  return { html: shell, frames: { 'form.html': form }, formPath: 'form.html' };
}

const label = (t) => `<div class="LabelContainer1"><div class="Text"><span class="PrimaryText">${esc(t)}</span></div></div>`;

function checkbox(c) {
  const state = c.value === null ? '' : c.value ? 'Checked' : 'Unchecked';
  return `<div class="Checkbox2"><div class="TabIndexHack ${state}" tabindex="0" style="display:inline-block;width:13px;height:13px;border:1px solid #777"${fid(c.id)}></div></div>`;
}

// `data`: a `.SingleDataSelector2`, whose list the page fetches when opened:
// only the chosen text is in the page.
function picker(c, { data = false } = {}) {
  const items = c.options.map((o) => `<div class="Item${o === c.value ? ' Selected' : ''}">${esc(o || '\u00a0')}</div>`).join('');
  return `<div class="${data ? 'SingleDataSelector2' : 'SingleItemSelector2'}" tabindex="0"${fid(c.id)}><div class="Display"><span class="DisplayText">${esc(c.value ?? '')}</span><span class="Arrow"></span></div>${data ? '' : `<div class="ItemList" style="display:none">${items}</div>`}</div>`;
}

const control = (c) => (c.kind === 'checkbox' ? checkbox(c) : picker(c));

function field(c) {
  // The checkbox before its label, the picker after it: as the current UI lays them out.
  return c.kind === 'checkbox'
    ? `<div class="EditorRow CheckboxRow">${control(c)}${label(c.label)}</div>`
    : `<div class="EditorRow">${label(c.label)}<div class="Editor">${control(c)}</div></div>`;
}

function matrix(block) {
  const head = `<div class="Grid2Row Grid2Header"><div class="Grid2Cell"></div>${block.columns.map((col) => `<div class="Grid2Cell"><span class="ColumnText">${esc(col)}</span></div>`).join('')}</div>`;
  const rows = block.rows.map((row) => `<div class="Grid2Row"><div class="Grid2Cell"><span class="RowText">${esc(row.name)}</span></div>${row.cells.map((c) => `<div class="Grid2Cell">${c.kind === 'text' ? `<span class="ReadOnlyText">${esc(c.text)}</span>` : control(c)}</div>`).join('')}</div>`).join('');
  return `<div class="SubSection"><div class="SubSectionTitle"><span>${esc(block.title)}</span></div><div class="Grid2">${head}${rows}</div></div>`;
}

function block(b) {
  if (b.type === 'matrix') return matrix(b);
  const title = b.title ? `<div class="SubSectionTitle"><span>${esc(b.title)}</span></div>` : '';
  return `<div class="SubSection">${title}${b.items.map(field).join('')}</div>`;
}

function section(s) {
  if (s.missing) return '';
  const hidden = s.collapsed ? ' style="display:none"' : '';
  return `<div class="DetailsSection${s.collapsed ? ' Collapsed' : ''}">
  <div class="DetailsSectionHeading"><div class="Left"><span class="Toggle"></span><span class="Text">${esc(s.heading)}</span></div>
  <div class="Right"><div class="Button2"><div class="Text2">No Permission</div></div><div class="Button2"><div class="Text2">Full Permission</div></div></div></div>
  <div class="CollapsibleSectionContainer"${hidden}>${s.blocks.map(block).join('')}</div>
</div>`;
}

const toolbar = (buttons) => `<div class="ToolBar">${buttons.map((b) => `<div class="ToolBarItem"><div><div class="Button2 ButtonIcon2 NormalBackground"><div class="Spacer"></div><div class="Icon2"></div><div class="Text2">${esc(b)}</div></div></div></div>`).join('')}</div>`;

const textBox = (id, value, type = 'text') => `<div class="TextBox2"><input type="${type}" value="${esc(value)}"${fid(id)}></div>`;

export function level(state) {
  const body = `<div class="EntityEdit"><div class="MainContainer">
<div class="PageHeadingContainer"><div class="Title"><span class="Text">${esc(levelTitle())}</span></div></div>
${toolbar(['Save & Close', 'Save', 'Cancel'])}
<div class="SecondaryContainer">
<div class="DetailsSection"><div class="DetailsSectionHeading"><div class="Left"><span class="Text">General</span></div></div>
<div class="CollapsibleSectionContainer">
<div class="EditorRow">${label('Name')}<span class="Required Active">*</span><div class="Editor">${textBox(null, state.name)}</div></div>
<div class="EditorRow">${label('Description')}<div class="Editor"><div class="TextArea2"><textarea>${esc(state.description)}</textarea></div></div></div>
<div class="EditorRow CheckboxRow">${checkbox({ value: state.active })}${label('Active')}</div>
</div></div>
${state.sections.map(section).join('\n')}
</div></div></div>`;
  return inShell(levelTitle(), page({ title: levelTitle(), body, head: SCRIPT }));
}

function radio(id, on, text) {
  return `<div class="RadioButtonItemContainer"><div class="TabIndexHack RadioButtonItem ${on ? 'Checked' : 'Unchecked'}" tabindex="0"${fid(id)}></div>${label(text)}</div>`;
}

export function apiUser(u) {
  const title = u.title;
  const box = (id, on, t) => `<div class="EditorRow CheckboxRow">${checkbox({ id, value: on })}${label(t)}</div>`;
  const text = (id, t, value, type) => `<div class="EditorRow">${label(t)}<div class="Editor">${textBox(id, value, type)}</div></div>`;
  const sectionOf = (heading, inner) => `<div class="DetailsSection"><div class="DetailsSectionHeading"><div class="Left"><span class="Text">${esc(heading)}</span></div></div><div class="CollapsibleSectionContainer">${inner}</div></div>`;
  const vendor = picker({ id: 'vendor', options: u.vendors, value: u.vendor }, { data: true });
  const body = `<div class="${u.mode === 'new' ? 'EntityNew' : 'EntityEdit'}"><div class="MainContainer">
<div class="PageHeadingContainer"><div class="Title"><span class="Text">${esc(title)}</span></div></div>
${toolbar(['Save & Close', 'Save & New', 'Cancel'])}
<div class="SecondaryContainer">
${sectionOf('General', `${text('first', 'First Name', u.first)}${text('last', 'Last Name', u.last)}${text('email', 'Email Address', u.email)}
${box('active', u.active, 'Active')}${box('locked', u.locked, 'Locked')}
<div class="EditorRow">${label('Security Level')}<div class="Editor">${picker({ id: 'level', options: u.levels, value: u.level }, { data: true })}</div></div>`)}
${sectionOf('Credentials', `${text('username', 'Username (Key)', u.username)}<div class="Button2"><div class="Text2">Generate Key</div></div>
${text('secret', 'Password (Secret)', u.secretFilled ? FAKE_SECRET : '', 'password')}<div class="Button2"><div class="Text2">Generate Secret</div></div>`)}
${sectionOf('API Tracking Identifier', `<div class="RadioButton">
<div class="EditorRow">${radio('vendor-radio', u.tracking === 'vendor', 'Integration Vendor')}<div class="Editor">${vendor}</div></div>
<div class="EditorRow">${radio('custom-radio', u.tracking === 'custom', 'Custom (Internal Integration)')}</div>
</div>`)}
</div></div></div>`;
  return inShell(title, page({ title, body, head: SCRIPT }));
}

export const name = 'current-ui';
// A checkbox whose state is not shown: a .TabIndexHack with neither Checked nor Unchecked.
export const shows = { unreadable: true };
