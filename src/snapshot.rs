//! What the content script's "eyes" send: a plain picture of the form.
//!
//! The snapshot carries only what a person reads (labels, headings, states);
//! element ids are useless on Autotask (they change on every load), so each
//! control has a `handle` that only the sending content script can resolve.

use crate::json::{self, Obj};
use crate::reading::{self, Cell, Page, Run, Seen};

pub use crate::form::{Control, ControlKind, Snapshot};

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
    /// Format 2 (what the eyes see) is read into sections and labels by
    /// `reading`; format 1 (labels already decided) is taken as written.
    pub fn from_json(text: &str) -> json::Result<Snapshot> {
        Snapshot::from_value(&json::parse(text)?)
    }

    /// As `from_json`, from JSON already parsed.
    pub fn from_value(value: &serde_json::Value) -> json::Result<Snapshot> {
        let o = Obj::root(value)?;
        match o.opt_u32("format")? {
            None | Some(1) => {}
            Some(2) => {
                let mut snap = reading::read(&read_page(&o)?);
                snap.survey = o.opt_bool("survey")?.unwrap_or(false);
                return Ok(snap);
            }
            Some(n) => return json::error("format", format!("expected 1 or 2, found {n}")),
        }
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
            texts: Vec::new(),
            survey: false,
        })
    }
}

/// A format 2 snapshot as seen, before reading (the structure report's source).
pub fn page_from_json(text: &str) -> json::Result<Page> {
    let value = json::parse(text)?;
    let o = Obj::root(&value)?;
    match o.opt_u32("format")? {
        Some(2) => read_page(&o),
        _ => json::error("format", "expected 2"),
    }
}

fn read_page(o: &Obj) -> json::Result<Page> {
    let mut runs = Vec::new();
    for t in o.objs("texts")? {
        runs.push(Run {
            at: t.u32("at")?,
            text: t.str_or_empty("text")?,
            heading: t.opt_bool("heading")?.unwrap_or(false),
            hidden: t.opt_bool("hidden")?.unwrap_or(false),
            link: t.opt_bool("link")?.unwrap_or(false),
            block: t.opt_u32("block")?.unwrap_or(0),
            look: t.str_or_empty("look")?,
            group: t.opt_u32("group")?.unwrap_or(0),
            grid: read_cell(&t)?,
            of: t.opt_u32("of")?,
        });
    }
    let mut controls = Vec::new();
    for c in o.objs("controls")? {
        controls.push(Seen {
            at: c.u32("at")?,
            control: read_control(&c)?,
            aria_label: c.opt_str("ariaLabel")?,
            title: c.opt_str("title")?,
            block: c.opt_u32("block")?.unwrap_or(0),
            group: c.opt_u32("group")?.unwrap_or(0),
            grid: read_cell(&c)?,
        });
    }
    Ok(Page {
        seq: o.u32("seq")?,
        url: o.str_or_empty("url")?,
        lang: o.str_or_empty("lang")?,
        title: o.str_or_empty("title")?,
        runs,
        controls,
    })
}

fn read_cell(o: &Obj) -> json::Result<Option<Cell>> {
    let Some(grid) = o.opt_u32("grid")? else {
        return Ok(None);
    };
    Ok(Some(Cell {
        grid,
        row: o.opt_u32("row")?.unwrap_or(0),
        cell: o.opt_u32("cell")?,
        cells: o.opt_u32("cells")?.unwrap_or(0),
    }))
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
        ambiguous: None,
    })
}
