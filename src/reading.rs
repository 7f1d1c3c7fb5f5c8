//! Reading a page as a person does (snapshot format 2, docs/snapshot-format.md).
//!
//! The eyes send what is seen, in page order: text runs and controls with
//! the hints a reader uses. This module decides, from text and order alone,
//! which text is a section heading, which text labels which control, and
//! which column a matrix cell belongs to; the rest of the engine then works
//! on the `Snapshot` it produces, as for a format 1 snapshot.

use crate::form::{Control, ControlKind, Snapshot};
use crate::normalize::norm;

/// One text run as seen: its text and a reader's hints.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub at: u32,
    pub text: String,
    /// h1–h6, legend, th, b/strong, or a Heading/Title/Header class.
    pub heading: bool,
    pub hidden: bool,
    /// The text of a link or button ("No Permission | Full Permission").
    pub link: bool,
    /// The innermost block holding it: texts of one block share a line.
    pub block: u32,
    /// How its block is marked (opaque; only compared for equality): two
    /// headings marked alike, a section's and the next area's, share it.
    pub look: String,
    /// The nearest block that holds more than this item.
    pub group: u32,
    pub grid: Option<Cell>,
    /// The control whose explicit label this text is (`for`, wrapping
    /// `label`, `aria-labelledby`, or the control's own content).
    pub of: Option<u32>,
}

/// Where an item sits in a table or div grid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub grid: u32,
    pub row: u32,
    /// Cell position in its row (a table's cells count their colspan).
    pub cell: Option<u32>,
    /// How many cell positions the row has.
    pub cells: u32,
}

/// One control as seen: its state and its hints, no label yet.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub at: u32,
    /// Kind, state, handle, hidden, disabled, hint: as the engine uses them.
    pub control: Control,
    pub aria_label: Option<String>,
    pub title: Option<String>,
    pub block: u32,
    pub group: u32,
    pub grid: Option<Cell>,
}

/// A format 2 snapshot, before reading.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub seq: u32,
    pub url: String,
    pub lang: String,
    pub title: String,
    pub runs: Vec<Run>,
    pub controls: Vec<Seen>,
}

const MAX_HEADINGS: usize = 20;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Run(usize),
    Control(usize),
}

/// Why a label was given, best first (docs/snapshot-format.md).
struct Labels {
    label: Vec<Option<String>>,
    ambiguous: Vec<Option<String>>,
    /// Runs taken as some control's label or a row's name.
    taken: Vec<bool>,
}

/// Reads `page` into the snapshot the engine judges.
pub fn read(page: &Page) -> Snapshot {
    // Plain loops rather than iterator chains, here and below: each chain
    // is its own code in the wasm, which has a size budget.
    let runs = page.runs.len();
    let mut normed = Vec::with_capacity(runs);
    // Page order: by `at`, runs numbered before controls. Every sort here is
    // of u64 keys, so the wasm carries one sort.
    let mut keys: Vec<u64> = Vec::with_capacity(runs + page.controls.len());
    for (i, r) in page.runs.iter().enumerate() {
        normed.push(norm(&r.text));
        keys.push(pair(r.at, i));
    }
    for (i, c) in page.controls.iter().enumerate() {
        keys.push(pair(c.at, runs + i));
    }
    keys.sort_unstable();
    let mut stream: Vec<Item> = Vec::with_capacity(keys.len());
    for k in keys {
        let i = low(k);
        stream.push(if i < runs {
            Item::Run(i)
        } else {
            Item::Control(i - runs)
        });
    }
    let rows = Rows::of(page, &normed);
    let labels = label_controls(page, &normed, &stream, &rows);
    let sections = find_sections(page, &normed, &stream, &labels.taken);
    let mut starts = vec![None; page.runs.len()];
    for (k, &r) in sections.iter().enumerate() {
        starts[r] = Some(k);
    }
    let mut section_of = vec![None; page.controls.len()];
    let mut current: Option<usize> = None;
    for item in &stream {
        match *item {
            Item::Run(r) => current = starts[r].or(current),
            Item::Control(c) => section_of[c] = current,
        }
    }
    let mut columns = Vec::with_capacity(page.controls.len());
    for i in 0..page.controls.len() {
        columns.push(rows.column(page, &normed, i));
    }
    let mut section_texts = Vec::new();
    for &r in &sections {
        section_texts.push(page.runs[r].text.clone());
    }
    // The page's headings, for its title and language: the first few.
    let mut headings: Vec<String> = Vec::new();
    for r in &page.runs {
        if r.heading && !r.link && !r.hidden && headings.len() < MAX_HEADINGS {
            headings.push(r.text.clone());
        }
    }
    let mut controls = Vec::with_capacity(page.controls.len());
    for (i, seen) in page.controls.iter().enumerate() {
        let mut c = seen.control.clone();
        c.label = labels.label[i].clone().unwrap_or_default();
        c.ambiguous = labels.ambiguous[i].clone();
        c.column = columns[i].clone();
        if let Some(k) = section_of[i] {
            c.path.push(section_texts[k].clone());
        }
        secret_by_label(&mut c);
        controls.push(c);
    }
    Snapshot {
        seq: page.seq,
        url: page.url.clone(),
        lang: page.lang.clone(),
        title: page.title.clone(),
        headings,
        sections: section_texts,
        controls,
        texts: visible_texts(page),
        survey: false,
    }
}

/// So many visible texts a snapshot keeps for the list pages (their rows and
/// buttons), each at most `MAX_TEXT_LEN` bytes: a list of levels or resources
/// is a few hundred; a 16,000-row matrix does not copy itself.
pub const MAX_TEXTS: usize = 2000;
const MAX_TEXT_LEN: usize = 200;

fn visible_texts(page: &Page) -> Vec<String> {
    page.runs
        .iter()
        .filter(|r| !r.hidden && !r.text.trim().is_empty() && r.text.len() <= MAX_TEXT_LEN)
        .take(MAX_TEXTS)
        .map(|r| r.text.trim().to_string())
        .collect()
}

/// A text field labelled like a password is a secret: its value is dropped.
fn secret_by_label(c: &mut Control) {
    let label = c.label.to_ascii_lowercase();
    if c.kind == ControlKind::Text && (label.contains("password") || label.contains("secret")) {
        c.kind = ControlKind::Secret;
        c.filled = Some(c.value.take().is_some_and(|v| !v.is_empty()));
    }
}

/// The grid rows of the page, read once: a page of 16,000 rows costs one
/// pass, not one walk back over earlier rows per row.
struct Rows {
    /// Every row by (grid, row), sorted by that key. Sorted vectors, not
    /// hash maps: the wasm has a size budget.
    rows: Vec<((u32, u32), Row)>,
}

#[derive(Default)]
struct Row {
    runs: Vec<usize>,
    controls: Vec<usize>,
    cells: u32,
    /// Cells holding a control, ascending.
    control_cells: Vec<u64>,
    /// The first run of each cell that holds text and no control, by cell.
    texts: Vec<(u32, usize)>,
    /// The row's name: its first text cell, when before every control.
    name: Option<(u32, usize)>,
    /// A first text cell that reads like an area's name ("Contracts"): the
    /// row's name only when the row sits under column headers (a matrix row).
    area_named: Option<(u32, usize)>,
    /// The nearest earlier row of the grid that reads as column headers.
    header: Option<u32>,
    layout: bool,
}

impl Row {
    fn finish(&mut self, page: &Page, normed: &[String]) {
        let mut cells: Vec<u64> = Vec::new();
        for &c in &self.controls {
            if let Some(cell) = page.controls[c].grid.and_then(|g| g.cell) {
                cells.push(u64::from(cell));
            }
        }
        cells.sort_unstable();
        let before = cells.len();
        cells.dedup();
        // A cell holding several controls is a box of the page's layout (a
        // section beside its heading), not a cell of a grid. So is one that
        // holds a control and a text of its own beside it ("[x] Can login
        // …" under a "Feature Access" title): a grid's control cell holds
        // the control alone, its name is in the row's name cell.
        self.layout = cells.len() < before;
        let mut keys: Vec<u64> = Vec::new();
        for &r in &self.runs {
            let run = &page.runs[r];
            let Some(cell) = run.grid.and_then(|g| g.cell) else {
                continue;
            };
            if run.link || normed[r].is_empty() {
                continue;
            }
            if cells.binary_search(&u64::from(cell)).is_ok() {
                self.layout |= run.of.is_none();
                continue;
            }
            keys.push(pair(cell, r));
        }
        keys.sort_unstable();
        let mut texts: Vec<(u32, usize)> = Vec::new();
        for k in keys {
            if texts.last().is_none_or(|&(c, _)| c != high(k)) {
                texts.push((high(k), low(k)));
            }
        }
        self.name = match (texts.first(), cells.first()) {
            _ if self.layout => None,
            (Some(&(cell, r)), Some(&first)) if u64::from(cell) < first => Some((cell, r)),
            _ => None,
        };
        // A section's heading beside its content is no row's name (decided
        // once the row's header is known: a matrix row may be named so).
        if let Some((_, r)) = self.name {
            if page.runs[r].heading && is_section_name(&normed[r]) {
                self.area_named = self.name.take();
            }
        }
        self.control_cells = cells;
        self.texts = texts;
    }

    /// Whether a person reads this row as the grid's column headers.
    fn is_header(&self, page: &Page) -> bool {
        if !self.controls.is_empty() {
            return false;
        }
        let all_heading =
            !self.texts.is_empty() && self.texts.iter().all(|&(_, r)| page.runs[r].heading);
        let first_empty = self.texts.iter().all(|(cell, _)| *cell != 0);
        // A title over the name column alone (an area's `<th>`) names no
        // column: headers sit over the controls' cells.
        let over_controls = self.texts.iter().any(|(cell, _)| *cell != 0);
        (all_heading && over_controls)
            || (self.texts.len() >= 2 && (self.cells >= 3 || first_empty))
    }

    /// Whether a text cell that is no control's explicit label lies between
    /// the row's name and `cell`.
    fn text_between(&self, page: &Page, from: u32, cell: u32) -> bool {
        let start = self.texts.partition_point(|(c, _)| *c <= from);
        self.texts[start..]
            .iter()
            .take_while(|(c, _)| *c < cell)
            .any(|&(_, r)| page.runs[r].of.is_none())
    }
}

impl Rows {
    fn of(page: &Page, normed: &[String]) -> Rows {
        let mut keys: Vec<u64> = Vec::new();
        let grids = page.runs.iter().map(|r| r.grid);
        for g in grids.chain(page.controls.iter().map(|c| c.grid)).flatten() {
            keys.push(pair(g.grid, g.row as usize));
        }
        keys.sort_unstable();
        keys.dedup();
        let mut rows = Rows { rows: Vec::new() };
        for k in keys {
            rows.rows.push(((high(k), low(k) as u32), Row::default())); // ok: from u32
        }
        for (i, r) in page.runs.iter().enumerate() {
            if let Some(g) = r.grid {
                if let Some(row) = rows.get_mut(g) {
                    row.runs.push(i);
                    row.cells = row.cells.max(g.cells);
                }
            }
        }
        for (i, c) in page.controls.iter().enumerate() {
            if let Some(g) = c.grid {
                if let Some(row) = rows.get_mut(g) {
                    row.controls.push(i);
                    row.cells = row.cells.max(g.cells);
                }
            }
        }
        // Rows are sorted by grid, then row: one pass finds each row's header.
        let mut last: Option<(u32, u32)> = None;
        for ((grid, r), row) in rows.rows.iter_mut() {
            row.finish(page, normed);
            row.header = last.filter(|(g, _)| g == grid).map(|(_, h)| h);
            if row.header.is_some() && row.name.is_none() {
                row.name = row.area_named;
            }
            if row.is_header(page) {
                last = Some((*grid, *r));
            } else if last.is_some_and(|(g, _)| g != *grid) {
                last = None;
            }
        }
        rows
    }

    fn find(&self, key: (u32, u32)) -> Option<usize> {
        self.rows.binary_search_by_key(&key, |(k, _)| *k).ok()
    }

    fn get_mut(&mut self, g: Cell) -> Option<&mut Row> {
        let at = self.find((g.grid, g.row))?;
        self.rows.get_mut(at).map(|(_, row)| row)
    }

    fn get(&self, key: (u32, u32)) -> Option<&Row> {
        self.find(key)
            .and_then(|at| self.rows.get(at))
            .map(|(_, row)| row)
    }

    fn row_of(&self, g: Option<Cell>) -> Option<&Row> {
        g.and_then(|g| self.get((g.grid, g.row)))
    }

    /// The column of control `i`: the header text over its cell. Tolerates
    /// read-only cells ("see above") that the header row lacks, and a
    /// header row without the name column's corner cell.
    fn column(&self, page: &Page, normed: &[String], i: usize) -> Option<String> {
        let g = page.controls[i].grid?;
        let cell = g.cell?;
        let row = self.row_of(Some(g)).filter(|r| !r.layout)?;
        let header = self.get((g.grid, row.header?))?;
        let heads = header_texts(page, header, normed);
        let text_at = |c: u32| {
            heads
                .iter()
                .find(|(hc, _)| *hc == c)
                .map(|(_, t)| t.clone())
        };
        if header.cells == row.cells {
            return text_at(cell);
        }
        // Cells line up by position when every control of the row sits under
        // a header text (a header with extra leading cells, a trailing
        // "Notes" column, read-only cells past the header's columns).
        let lined_up = row
            .control_cells
            .iter()
            .all(|&c| u32::try_from(c).is_ok_and(|c| text_at(c).is_some()));
        // …and the header has a corner over the row's name (a header
        // without one is shifted: its first text sits over the names).
        let cornered = row.name.is_some_and(|(c, _)| text_at(c).is_none());
        if lined_up && cornered {
            return text_at(cell);
        }
        let nth = |cells: &[u64]| {
            (cells.len() == heads.len())
                .then(|| cells.iter().position(|&v| v == u64::from(cell)))
                .flatten()
                .map(|k| heads[k].1.clone())
        };
        // Its controls against the header's texts in order, when read-only
        // cells are extra.
        nth(&row.control_cells)
    }
}

/// The header row's texts by cell (a cell's runs joined).
fn header_texts(page: &Page, header: &Row, normed: &[String]) -> Vec<(u32, String)> {
    let mut keys: Vec<u64> = Vec::new();
    for &r in &header.runs {
        let run = &page.runs[r];
        match run.grid.and_then(|g| g.cell) {
            Some(c) if !run.link && !normed[r].is_empty() => keys.push(pair(c, r)),
            _ => {}
        }
    }
    keys.sort_unstable();
    let mut heads: Vec<(u32, String)> = Vec::new();
    for k in keys {
        let (cell, text) = (high(k), &page.runs[low(k)].text);
        match heads.last_mut() {
            Some((c, t)) if *c == cell => {
                t.push(' ');
                t.push_str(text);
            }
            _ => heads.push((cell, text.clone())),
        }
    }
    heads
}

/// A sort key of two numbers (the first sorts first); unpacked by `high`/`low`.
fn pair(high: u32, low: usize) -> u64 {
    (u64::from(high) << 32) | (low as u64 & 0xffff_ffff)
}

fn high(key: u64) -> u32 {
    (key >> 32) as u32 // ok: 32 bits
}

fn low(key: u64) -> usize {
    (key & 0xffff_ffff) as usize
}

fn label_controls(page: &Page, normed: &[String], stream: &[Item], rows: &Rows) -> Labels {
    let n = page.controls.len();
    let mut labels = Labels {
        label: vec![None; n],
        ambiguous: vec![None; n],
        taken: vec![false; page.runs.len()],
    };
    // 1. Explicit: the texts that say whose label they are, or aria-label.
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut by_handle: Vec<u64> = Vec::with_capacity(n);
    for (i, c) in page.controls.iter().enumerate() {
        by_handle.push(pair(c.control.handle, i));
    }
    by_handle.sort_unstable();
    for (r, run) in page.runs.iter().enumerate() {
        let Some(h) = run.of else { continue };
        let at = by_handle.partition_point(|&k| high(k) < h);
        if let Some(&k) = by_handle.get(at).filter(|&&k| high(k) == h) {
            own[low(k)].push(r);
            labels.taken[r] = true;
        }
    }
    for (i, seen) in page.controls.iter().enumerate() {
        let mut joined = String::new();
        for &r in own[i].iter().filter(|&&r| !normed[r].is_empty()) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(&page.runs[r].text);
        }
        let from_label = (!joined.is_empty()).then_some(joined);
        let aria = seen.aria_label.clone().filter(|a| !norm(a).is_empty());
        // A <label>, aria-labelledby or own text first, then aria-label.
        labels.label[i] = from_label.or(aria);
    }
    // 2. The name cell of its grid row.
    for (i, seen) in page.controls.iter().enumerate() {
        if labels.label[i].is_some() || labels.ambiguous[i].is_some() {
            continue;
        }
        let (Some(row), Some(cell)) = (rows.row_of(seen.grid), seen.grid.and_then(|g| g.cell))
        else {
            continue;
        };
        let Some((name_cell, run)) = row.name else {
            continue;
        };
        // Another name between them (a second label/field pair on the row)
        // is this control's, not the row's; a matrix with headers has none.
        if row.text_between(page, name_cell, cell) && rows.column(page, normed, i).is_none() {
            continue;
        }
        labels.label[i] = Some(page.runs[run].text.clone());
        labels.taken[run] = true;
    }
    // 3. Neighbours on the line, the preferred side first.
    let mut position = vec![0usize; n];
    for (k, item) in stream.iter().enumerate() {
        if let Item::Control(i) = *item {
            position[i] = k;
        }
    }
    let sides = list_sides(page, normed, stream);
    for rank in 0..2 {
        // (text, control) for every control that wants that text.
        let mut wants: Vec<u64> = Vec::new();
        for (i, seen) in page.controls.iter().enumerate() {
            if labels.label[i].is_some() || labels.ambiguous[i].is_some() {
                continue;
            }
            let after_first = sides[i].unwrap_or(matches!(
                seen.control.kind,
                ControlKind::Checkbox | ControlKind::Radio
            ));
            let forward = (rank == 0) == after_first;
            if let Some(r) = neighbour(
                page,
                normed,
                stream,
                rows,
                position[i],
                forward,
                &labels.taken,
            ) {
                wants.push(pair(r as u32, i)); // ok: run counts fit u32
            }
        }
        wants.sort_unstable();
        // A text wanted by one control is its label; by several, none's.
        // But on the preferred side a checkbox or radio owns the text right
        // after it ("(o) Integration Vendor [list]"): a person reads a box's
        // label after the box, and the field beside it is that choice's
        // field, which then looks on its other side.
        let mut k = 0;
        while k < wants.len() {
            let r = high(wants[k]);
            let end = k + wants[k..].iter().take_while(|&&w| high(w) == r).count();
            let text = &page.runs[r as usize].text;
            labels.taken[r as usize] = true;
            let is_box = |w: u64| {
                matches!(
                    page.controls[low(w)].control.kind,
                    ControlKind::Checkbox | ControlKind::Radio
                )
            };
            let boxes = wants[k..end].iter().filter(|&&w| is_box(w)).count();
            for &w in &wants[k..end] {
                if end - k == 1 || (rank == 0 && boxes == 1 && is_box(w)) {
                    labels.label[low(w)] = Some(text.clone());
                } else if rank == 0 && boxes == 1 {
                    // The field tries its other side at the next rank.
                } else {
                    labels.ambiguous[low(w)] = Some(format!(
                        "the text \"{text}\" sits beside {} controls",
                        end - k
                    ));
                }
            }
            k = end;
        }
    }
    // 4. Last resort: the control's title or alt text.
    for (i, seen) in page.controls.iter().enumerate() {
        if labels.label[i].is_none() && labels.ambiguous[i].is_none() {
            labels.label[i] = seen.title.clone();
        }
    }
    labels
}

/// For each control in a list of several (one group holding texts and
/// controls in turn, such as a definition list or a cell of lines): which
/// side its text is on, read from the list itself. A list that starts with
/// a text and ends with a control pairs each text with the control after it
/// ("Name [field]", "Active [x]"); one that starts with a control and ends
/// with a text, each control with the text after it ("[x] Active"). `None`:
/// no such list, the kind decides.
fn list_sides(page: &Page, normed: &[String], stream: &[Item]) -> Vec<Option<bool>> {
    // (group, place in the stream) of every item in a group, sorted.
    let mut keys: Vec<u64> = Vec::new();
    for (k, item) in stream.iter().enumerate() {
        let group = match *item {
            Item::Run(r) if page.runs[r].link || normed[r].is_empty() => 0,
            Item::Run(r) => page.runs[r].group,
            Item::Control(c) => page.controls[c].group,
        };
        if group != 0 {
            keys.push(pair(group, k));
        }
    }
    keys.sort_unstable();
    let mut sides = vec![None; page.controls.len()];
    let mut k = 0;
    while k < keys.len() {
        let group = high(keys[k]);
        let end = k + keys[k..]
            .iter()
            .take_while(|&&key| high(key) == group)
            .count();
        let members = &keys[k..end];
        let is_text = |key: u64| matches!(stream[low(key)], Item::Run(_));
        let controls = members.iter().filter(|&&key| !is_text(key)).count();
        let first = is_text(members[0]);
        let last = is_text(members[members.len() - 1]);
        if controls >= 2 && first != last {
            for &key in members {
                if let Item::Control(c) = stream[low(key)] {
                    // Texts lead: look before first (after_first = false).
                    sides[c] = Some(last);
                }
            }
        }
        k = end;
    }
    sides
}

/// The nearest untaken text on control `k`'s line, after it (`forward`) or
/// before it; another control in between ends the search.
fn neighbour(
    page: &Page,
    normed: &[String],
    stream: &[Item],
    rows: &Rows,
    k: usize,
    forward: bool,
    taken: &[bool],
) -> Option<usize> {
    let Item::Control(c) = stream[k] else {
        return None;
    };
    let me = &page.controls[c];
    let same_line = |r: &Run| {
        (me.group != 0 && r.group == me.group)
            || matches!((me.grid, r.grid), (Some(a), Some(b)) if a.grid == b.grid && a.row == b.row
                && rows.row_of(me.grid).is_some_and(|row| !row.layout))
    };
    let mut j = k;
    loop {
        j = if forward {
            j.checked_add(1)?
        } else {
            j.checked_sub(1)?
        };
        match *stream.get(j)? {
            Item::Control(_) => return None,
            Item::Run(r) => {
                let run = &page.runs[r];
                if run.link || normed[r].is_empty() {
                    continue;
                }
                // A heading over the line (a section's or an area's) is no
                // label, unless it shares the control's own block.
                if !same_line(run) || taken[r] || (run.heading && run.block != me.block) {
                    return None;
                }
                return Some(r);
            }
        }
    }
}

/// The section headings the reader knows (src/autotask/structure.json):
/// the security areas, their spellings, and the API user page's sections.
/// Only these start a section, so a sub-heading ("Feature Access") never ends one.
fn is_section_name(normed: &str) -> bool {
    crate::autotask::structure().is_section_name(normed)
}

/// The runs that start a section, in page order: a known section name
/// standing alone, and then any heading marked exactly like one of them
/// (an area the reader does not know ends the one before it; a sub-heading,
/// marked otherwise, does not).
fn find_sections(page: &Page, normed: &[String], stream: &[Item], taken: &[bool]) -> Vec<usize> {
    let mut blocks: Vec<u64> = Vec::new();
    for item in stream {
        match *item {
            Item::Run(r) if page.runs[r].link || normed[r].is_empty() => {}
            Item::Run(r) => blocks.push(u64::from(page.runs[r].block)),
            Item::Control(c) => blocks.push(u64::from(page.controls[c].block)),
        }
    }
    blocks.sort_unstable();
    let alone = |block: u32| {
        let block = u64::from(block);
        let from = blocks.partition_point(|&b| b < block);
        blocks[from..].iter().take_while(|&&b| b == block).count() <= 1
    };
    let free = |r: usize| {
        let run = &page.runs[r];
        !run.link && !taken[r] && run.of.is_none() && !normed[r].is_empty()
    };
    let known: Vec<usize> = (0..page.runs.len())
        .filter(|&r| {
            let run = &page.runs[r];
            free(r) && is_section_name(&normed[r]) && (run.heading || alone(run.block))
        })
        .collect();
    // Marked alike, and written alike: in capitals or not, as they are.
    let capitals = |t: &str| !t.bytes().any(|c| c.is_ascii_lowercase());
    // A text in a known heading's own block is part of that heading's line
    // ("CONTRACTS (?) · Full Permission"), and one without a letter ("·",
    // "*") names nothing: neither starts an area.
    let mut heading_blocks: Vec<u32> = known.iter().map(|&k| page.runs[k].block).collect();
    heading_blocks.sort_unstable();
    let alike = |r: usize| {
        let run = &page.runs[r];
        run.heading
            && free(r)
            && run.text.bytes().any(|c| c.is_ascii_alphabetic())
            && heading_blocks.binary_search(&run.block).is_err()
            && known.iter().any(|&k| {
                let h = &page.runs[k];
                h.heading && h.look == run.look && capitals(&h.text) == capitals(&run.text)
            })
    };
    let mut out = Vec::new();
    for item in stream {
        if let Item::Run(r) = *item {
            if known.binary_search(&r).is_ok() || (!out.is_empty() && alike(r)) {
                out.push(r);
            }
        }
    }
    out
}
