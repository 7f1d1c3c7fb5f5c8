//! What the content script's "eyes" send: a plain picture of the form.
//!
//! The snapshot carries only what a person reads (labels, headings, states);
//! element ids are useless on Autotask (they change on every load), so each
//! control has a `handle` that only the sending content script can resolve.

use crate::json::{self, Obj};

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Increases with every snapshot of one frame; a report answers one number.
    pub seq: u32,
    pub url: String,
    /// The document's `lang` attribute, as written (may be empty).
    pub lang: String,
    pub title: String,
    /// Page-level headings (title bars, h1/h2), in page order.
    pub headings: Vec<String>,
    /// The heading text of every section container found, in page order,
    /// including empty or collapsed ones.
    pub sections: Vec<String>,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ControlKind {
    #[default]
    Checkbox,
    Radio,
    Select,
    Text,
    /// A password or secret field: its value never leaves the page.
    Secret,
}

#[derive(Debug, Clone, Default)]
pub struct Control {
    pub handle: u32,
    pub kind: ControlKind,
    /// The control's own label, or its row's name in a permission matrix.
    pub label: String,
    /// The column heading when the control is a cell of a matrix.
    pub column: Option<String>,
    /// Headings of the section containers around the control, outermost first.
    pub path: Vec<String>,
    /// Checkbox or radio state; `None` when the eyes could not read it.
    pub checked: Option<bool>,
    /// Selected option text (select) or value (text); `None` when unreadable.
    pub value: Option<String>,
    /// The option texts of a select, when known.
    pub options: Vec<String>,
    /// For secret fields only: whether something is typed in.
    pub filled: Option<bool>,
    pub disabled: bool,
    /// Inside a collapsed or hidden part of the page.
    pub hidden: bool,
    /// A text field's placeholder or the hint beside it ("mm/dd/yyyy").
    pub hint: Option<String>,
}

impl ControlKind {
    fn parse(word: &str) -> Option<ControlKind> {
        Some(match word {
            "checkbox" => ControlKind::Checkbox,
            "radio" => ControlKind::Radio,
            "select" => ControlKind::Select,
            "text" => ControlKind::Text,
            "secret" => ControlKind::Secret,
            _ => return None,
        })
    }
}

impl Snapshot {
    /// Reads a snapshot sent as JSON; anything malformed is refused whole.
    pub fn from_json(text: &str) -> json::Result<Snapshot> {
        let value = json::parse(text)?;
        let o = Obj::root(&value)?;
        let controls = o
            .objs("controls")?
            .iter()
            .map(read_control)
            .collect::<json::Result<Vec<_>>>()?;
        Ok(Snapshot {
            seq: o.u32("seq")?,
            url: o.str_or_empty("url")?,
            lang: o.str_or_empty("lang")?,
            title: o.str_or_empty("title")?,
            headings: o.strs("headings")?,
            sections: o.strs("sections")?,
            controls,
        })
    }
}

fn read_control(o: &Obj) -> json::Result<Control> {
    let kind_word = o.str("kind")?;
    let Some(kind) = ControlKind::parse(&kind_word) else {
        return json::error(
            &format!("{}.kind", o.path),
            format!("expected checkbox, radio, select, text or secret; found \"{kind_word}\""),
        );
    };
    Ok(Control {
        handle: o.u32("handle")?,
        kind,
        label: o.str_or_empty("label")?,
        column: o.opt_str("column")?,
        path: o.strs("path")?,
        checked: o.opt_bool("checked")?,
        value: o.opt_str("value")?,
        options: o.strs("options")?,
        filled: o.opt_bool("filled")?,
        disabled: o.opt_bool("disabled")?.unwrap_or(false),
        hidden: o.opt_bool("hidden")?.unwrap_or(false),
        hint: o.opt_str("hint")?,
    })
}
