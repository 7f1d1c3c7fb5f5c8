//! The form as the engine judges it: a page read into sections, labelled
//! controls and their states (`Snapshot`). Both the wire formats
//! (`snapshot.rs`) and the reader of format 2 (`reading.rs`) produce it;
//! it imports nothing, so neither depends on the other through it.

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
    /// The page's visible texts in page order (a list's rows, its buttons),
    /// bounded (`reading::MAX_TEXTS`); only format 2 snapshots carry them.
    pub texts: Vec<String>,
    /// The content script sent a survey (address, language, title, first
    /// headings) of a page without controls, not the whole page.
    pub survey: bool,
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
    /// Why the control's label could not be decided (two texts of the same
    /// rank disagree): the control is then judged `incomplete`, never guessed.
    pub ambiguous: Option<String>,
}
