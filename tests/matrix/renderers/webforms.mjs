// A legacy ASP.NET WebForms page, as a developer of 2008 would write it from
// what a person sees on Autotask: nested layout tables, <font> and <span>
// styling, labels in their own <td> padded with &nbsp;, checkboxes as
// ASP.NET renders <asp:CheckBox>: <span><input type=checkbox><label for>
// with the text AFTER the box; an area is a table row whose one bold cell
// spans the columns, its rows collapsed by `style="display:none"` on the
// <tr>s (a classic "expand/collapse" script); the matrix a nested table
// whose header row is bold plain cells. Ids are ASP.NET's `ctl00_…` chains.
import { esc, fid, levelTitle, page, FAKE_SECRET } from '../html.mjs';

export const name = 'webforms';

function ctlIds() {
  let n = 0;
  return (tag) => `ctl00_cphMain_${tag}${String(++n).padStart(3, '0')}`;
}

const pad = (t) => `&nbsp;&nbsp;${esc(t)}&nbsp;`;

function select(id, c, attrs = '') {
  const opts = c.options.map((o) => `<option value="${esc(o)}"${o === c.value ? ' selected="selected"' : ''}>${esc(o)}</option>`).join('');
  return `<select name="${id.replace(/_/g, '$')}" id="${id}"${attrs}${fid(c.id)}>${opts}</select>`;
}

function checkbox(id, c, text) {
  // <asp:CheckBox Text="…" TextAlign="Right">: the box, then its label.
  return `<span class="wfChk"><input id="${id}" type="checkbox" name="${id.replace(/_/g, '$')}"${c.value ? ' checked="checked"' : ''}${fid(c.id)} /><label for="${id}">${esc(text)}</label></span>`;
}

function rowStyle(collapsed) {
  return collapsed ? ' style="display:none"' : '';
}

function matrix(block, next, collapsed) {
  const head = block.columns.map((c) => `<td class="wfMxHd" align="center"><font face="Tahoma" size="1"><b>${esc(c)}</b></font></td>`).join('');
  const rows = block.rows.map((r, k) => {
    const cells = r.cells.map((c) => (c.kind === 'text'
      ? `<td align="center"><font color="#808080" size="1"><i>${esc(c.text)}</i></font></td>`
      : `<td align="center">${select(next('ddl'), c)}</td>`)).join('');
    return `<tr bgcolor="${k % 2 ? '#ffffff' : '#f3f3f3'}"><td class="wfMxRow" nowrap="nowrap">${pad(r.name)}</td>${cells}</tr>`;
  }).join('\n');
  return `<tr${rowStyle(collapsed)}><td colspan="3">${block.title ? `<font face="Tahoma" size="2"><b><u>${esc(block.title)}</u></b></font>` : ''}
<table border="0" cellpadding="2" cellspacing="0" width="100%">
<tr><td>&nbsp;</td>${head}</tr>
${rows}
</table></td></tr>`;
}

function fields(block, next, collapsed) {
  const out = [];
  if (block.title) out.push(`<tr${rowStyle(collapsed)}><td colspan="3" class="wfSub"><font face="Tahoma" size="2"><b><u>${esc(block.title)}</u></b></font></td></tr>`);
  for (const c of block.items) {
    if (c.kind === 'checkbox') {
      out.push(`<tr${rowStyle(collapsed)}><td width="20">&nbsp;</td><td colspan="2">${checkbox(next('chk'), c, c.label)}</td></tr>`);
    } else {
      out.push(`<tr${rowStyle(collapsed)}><td width="20">&nbsp;</td><td class="wfLbl" width="45%"><span class="wfLblTxt">${pad(c.label)}</span></td><td>${select(next('ddl'), c)}</td></tr>`);
    }
  }
  return out.join('\n');
}

function area(s, next) {
  if (s.missing) return '';
  const head = `<tr bgcolor="#d6e4f2"><td colspan="2" class="wfGrp"><font face="Verdana" size="2" color="#1f3f66"><b>${esc(s.heading)}</b></font></td>`
    + `<td align="right"><a href="javascript:__doPostBack('${next('lnkNone')}','')">No Permission</a>&nbsp;|&nbsp;<a href="javascript:__doPostBack('${next('lnkFull')}','')">Full Permission</a>&nbsp;<a href="#" onclick="return wfToggle(this)"><img src="/images/${s.collapsed ? 'plus' : 'minus'}.gif" alt="" border="0"/></a></td></tr>`;
  const body = s.blocks.map((b) => (b.type === 'matrix' ? matrix(b, next, s.collapsed) : fields(b, next, s.collapsed))).join('\n');
  return `${head}\n${body}\n<tr><td colspan="3"><img src="/images/spacer.gif" height="6" alt=""/></td></tr>`;
}

const SCRIPT = `<script type="text/javascript">
function wfToggle(a){var tr=a.parentNode.parentNode;var r=tr.nextSibling;while(r){if(r.nodeType==1){if(r.getElementsByClassName('wfGrp').length)break;r.style.display=r.style.display=='none'?'':'none';}r=r.nextSibling;}return false;}
function __doPostBack(t,a){return false;}
</script>`;

function shell(title, inner) {
  return page({
    title,
    head: `<meta http-equiv="X-UA-Compatible" content="IE=EmulateIE7" />\n${SCRIPT}\n`,
    body: `<form name="aspnetForm" method="post" action="SecurityLevel.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2MTY2ODcyMjlkZA==" />
<table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td bgcolor="#1f3f66" height="28"><font face="Verdana" size="3" color="#ffffff"><b>&nbsp;${esc(title)}</b></font></td></tr>
<tr><td>
<table border="0" cellpadding="3" cellspacing="0"><tr>
<td><input type="submit" name="ctl00$btnSave" value="Save" id="ctl00_btnSave" /></td>
<td><input type="submit" name="ctl00$btnSaveClose" value="Save &amp; Close" id="ctl00_btnSaveClose" /></td>
<td><input type="button" value="Cancel" onclick="window.close()" /></td>
</tr></table>
</td></tr>
<tr><td>
${inner}
</td></tr></table>
</form>`,
  });
}

export function level(state) {
  const next = ctlIds();
  const tabs = `<table border="0" cellspacing="0" cellpadding="4"><tr><td bgcolor="#ffffff"><font size="2"><b>General</b></font></td><td bgcolor="#e0e0e0"><font size="2"><a href="#">LiveReports Folders</a></font></td><td bgcolor="#e0e0e0"><font size="2"><a href="#">Resources</a></font></td></tr></table>`;
  const general = `<table border="0" cellpadding="2" cellspacing="0">
<tr><td class="wfLbl">${pad('Name')}<font color="red">*</font></td><td><input name="ctl00$cphMain$txtName" type="text" value="${esc(state.name)}" maxlength="100" id="ctl00_cphMain_txtName" size="50" /></td></tr>
<tr><td class="wfLbl" valign="top">${pad('Description')}</td><td><textarea name="ctl00$cphMain$txtDescription" rows="3" cols="50" id="ctl00_cphMain_txtDescription">${esc(state.description ?? '')}</textarea></td></tr>
</table>`;
  const areas = `<table width="100%" border="0" cellpadding="2" cellspacing="0">\n${state.sections.map((s) => area(s, next)).join('\n')}\n</table>`;
  return { html: shell(levelTitle(), `${tabs}\n${general}\n<br/>\n${areas}`) };
}

export function apiUser(u) {
  const next = ctlIds();
  const text = (label, id, value, extra = '', mark = '') => `<tr><td class="wfLbl">${pad(label)}</td><td><input name="${id.replace(/_/g, '$')}" type="text" value="${esc(value)}" id="${id}"${extra}${fid(mark)} /></td></tr>`;
  const box = (label, on, mark) => `<tr><td>&nbsp;</td><td>${checkbox(next('chk'), { id: mark, value: on }, label)}</td></tr>`;
  const levelSel = select(next('ddl'), { id: 'level', options: ['', ...u.levels], value: u.level });
  const vendorSel = select(next('ddl'), { id: 'vendor', options: u.vendors, value: u.vendor });
  const radio = (label, on, mark) => {
    const id = next('rdo');
    return `<span class="wfRdo"><input id="${id}" type="radio" name="ctl00$cphMain$rblTracking" value="${esc(label)}"${on ? ' checked="checked"' : ''}${fid(mark)} /><label for="${id}">${esc(label)}</label></span>`;
  };
  const secretRow = u.mode === 'new'
    ? `<tr><td class="wfLbl">${pad('Password (Secret)')}</td><td><input name="ctl00$cphMain$txtSecret" type="password" value="${u.secretFilled ? esc(FAKE_SECRET) : ''}" id="ctl00_cphMain_txtSecret"${fid('secret')} />&nbsp;<input type="button" value="Generate Secret" /></td></tr>`
    : '';
  const inner = `<table border="0" cellpadding="2" cellspacing="0">
<tr><td colspan="2" bgcolor="#d6e4f2"><font face="Verdana" size="2"><b>General</b></font></td></tr>
${text('First Name', 'ctl00_cphMain_txtFirst', u.first, '', 'first')}
${text('Last Name', 'ctl00_cphMain_txtLast', u.last, '', 'last')}
${text('Email Address', 'ctl00_cphMain_txtEmail', u.email, '', 'email')}
${box('Active', u.active, 'active')}
${box('Locked', u.locked, 'locked')}
<tr><td class="wfLbl">${pad('Security Level')}</td><td>${levelSel}</td></tr>
<tr><td colspan="2" bgcolor="#d6e4f2"><font face="Verdana" size="2"><b>Credentials</b></font></td></tr>
${text('Username (Key)', 'ctl00_cphMain_txtKey', u.username, '', 'username')}
<tr><td>&nbsp;</td><td><input type="button" value="Generate Key" /></td></tr>
${secretRow}
<tr><td colspan="2" bgcolor="#d6e4f2"><font face="Verdana" size="2"><b>API Tracking Identifier</b></font></td></tr>
<tr><td>&nbsp;</td><td>${radio('Integration Vendor', u.tracking === 'vendor', 'vendor-radio')}&nbsp;${vendorSel}</td></tr>
<tr><td>&nbsp;</td><td>${radio('Custom (Internal Integration)', u.tracking === 'custom', null)}</td></tr>
</table>`;
  return { html: shell(u.title, inner) };
}
