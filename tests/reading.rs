//! The engine reads each security level fixture as a person does: every
//! judged control's section, label, column and state as the fixture's `read`
//! map says ("SECTION / label [column] = state"), on the page as the eyes
//! see it (`tests/snapshots/`, kept equal to the live page by
//! `tests/e2e/snapshots.test.mjs`).

use autotask_setup_guard::snapshot::{ControlKind, Snapshot};
use serde_json::Value;
use std::fs;

fn line(c: &autotask_setup_guard::snapshot::Control) -> String {
    let state = match c.kind {
        ControlKind::Checkbox | ControlKind::Radio => match c.checked {
            None => "?".to_string(),
            Some(true) => "on".into(),
            Some(false) => "off".into(),
        },
        _ => format!(
            "{}{}",
            c.value.as_deref().unwrap_or("?"),
            if c.kind == ControlKind::Select && c.options.is_empty() {
                " (options unknown)"
            } else {
                ""
            }
        ),
    };
    let column = c
        .column
        .as_ref()
        .map(|col| format!(" [{col}]"))
        .unwrap_or_default();
    let hidden = if c.hidden { " (hidden)" } else { "" };
    format!(
        "{} / {}{column} = {state}{hidden}",
        c.path.join(" / "),
        c.label
    )
}

#[test]
fn every_kept_security_level_page_reads_as_its_read_map_says() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/tests/snapshots/security-level");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in fs::read_dir(&dir).expect("the kept snapshots") {
        let path = entry.expect("a kept snapshot").path();
        let kept: Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("readable")).expect("JSON");
        let name = kept["fixture"]
            .as_str()
            .expect("the fixture's name")
            .to_string();
        let spec: Value = serde_json::from_str(
            &fs::read_to_string(format!("{root}/tests/fixtures/{name}.json"))
                .expect("the fixture pair"),
        )
        .expect("JSON");
        let Some(read) = spec["read"].as_object() else {
            continue;
        };
        let snap =
            Snapshot::from_json(&kept["snapshot"].to_string()).expect("a well-formed snapshot");
        let ids = kept["fixtureIds"].as_object().expect("fixtureIds");
        let mut seen = 0;
        for (handle, id) in ids {
            let id = id.as_str().expect("an id");
            let handle: u32 = handle.parse().expect("a handle");
            let Some(c) = snap.controls.iter().find(|c| c.handle == handle) else {
                problems.push(format!("{name} {id}: no control"));
                continue;
            };
            match read.get(id).and_then(Value::as_str) {
                Some(want) if want == line(c) => seen += 1,
                Some(want) => problems.push(format!(
                    "{name} {id}:\n      expected {want}\n      found    {}",
                    line(c)
                )),
                None => problems.push(format!("{name}: {id} read but not in \"read\"")),
            }
        }
        if seen != read.len() {
            problems.push(format!(
                "{name}: {seen} of the {} controls of \"read\" read right",
                read.len()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} kept pages have a read map");
    assert!(problems.is_empty(), "\n  {}", problems.join("\n  "));
}

// ---------------------------------------------------------------------------
// Small format 2 streams, one per way the renderer matrix (tests/matrix/)
// found the reading wrong: each stays fixed without a browser.

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::profile;
use autotask_setup_guard::report::{self, Report};
use serde_json::{json, Map};

/// A page as the eyes send it, built item by item in page order.
#[derive(Default)]
struct Stream {
    texts: Vec<Value>,
    controls: Vec<Value>,
    at: u32,
    block: u32,
}

impl Stream {
    fn item(&mut self, mut v: Value) -> Value {
        let o = v.as_object_mut().expect("an object");
        o.insert("at".into(), json!(self.at));
        self.at += 1;
        if !o.contains_key("block") {
            self.block += 1;
            o.insert("block".into(), json!(self.block));
        }
        v
    }
    /// A text run: `extra` adds hints (heading, group, grid, row, cell, cells, of).
    fn text(&mut self, text: &str, extra: Value) -> &mut Self {
        let mut v = json!({ "text": text });
        merge(&mut v, extra);
        let v = self.item(v);
        self.texts.push(v);
        self
    }
    /// A control; returns its handle.
    fn control(&mut self, kind: &str, extra: Value) -> u32 {
        let handle = self.controls.len() as u32;
        let mut v = json!({ "kind": kind, "handle": handle, "options": [], "path": [] });
        merge(&mut v, extra);
        let v = self.item(v);
        self.controls.push(v);
        handle
    }
    fn json(&self) -> String {
        json!({ "format": 2, "seq": 1, "url": "", "lang": "en", "title": "",
                "texts": self.texts, "controls": self.controls })
        .to_string()
    }
    fn read(&self) -> Snapshot {
        Snapshot::from_json(&self.json()).expect("a well-formed stream")
    }
    fn check(&self, ctx: Context) -> Report {
        let p = profile::find("").expect("the default profile");
        report::check(p, &self.read(), &ctx)
    }
}

fn merge(v: &mut Value, extra: Value) {
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        let e: Map<String, Value> = e;
        o.extend(e);
    }
}

fn control(snap: &Snapshot, handle: u32) -> &autotask_setup_guard::snapshot::Control {
    snap.controls
        .iter()
        .find(|c| c.handle == handle)
        .expect("the control")
}

/// A grid position: grid, row, cell, row width.
fn at(grid: u32, row: u32, cell: u32, cells: u32) -> Value {
    json!({ "grid": grid, "row": row, "cell": cell, "cells": cells })
}

fn with(mut a: Value, b: Value) -> Value {
    merge(&mut a, b);
    a
}

const SEL: &[&str] = &["All", "Organizations", "None"];
const YES_NO: &[&str] = &["Yes", "No"];

/// A matrix whose row holds read-only cells past its header's columns
/// ("not applicable"): the controls still get the header text above them.
#[test]
fn a_matrix_row_wider_than_its_header_keeps_its_columns() {
    let mut s = Stream::default();
    s.text("CONTRACTS", json!({ "heading": true }));
    s.text("View", at(1, 0, 1, 3)).text("Add", at(1, 0, 2, 3));
    s.text("Contracts", at(1, 1, 0, 5));
    let view = s.control(
        "select",
        with(at(1, 1, 1, 5), json!({ "value": "All", "options": SEL })),
    );
    let add = s.control(
        "select",
        with(at(1, 1, 2, 5), json!({ "value": "No", "options": YES_NO })),
    );
    s.text("not applicable", at(1, 1, 3, 5))
        .text("not applicable", at(1, 1, 4, 5));
    let snap = s.read();
    for (h, col) in [(view, "View"), (add, "Add")] {
        let c = control(&snap, h);
        assert_eq!(c.label, "Contracts");
        assert_eq!(c.column.as_deref(), Some(col));
        assert_eq!(c.path, ["CONTRACTS"]);
    }
}

/// A `<thead>` with two empty leading cells (an icon column, then the row
/// names) and a trailing "Notes" column; a row named "Contracts" in a
/// `<th scope=row>` (heading-like, spelled like the area) with read-only
/// cells past the header: the row keeps its name and its columns by
/// position, and neither "Contracts" nor "Notes" starts an area.
#[test]
fn a_header_with_a_corner_and_a_notes_column_lines_cells_up_by_position() {
    let mut s = Stream::default();
    s.text("CONTRACTS", json!({ "heading": true, "look": "h2." }));
    let th = |v: Value| with(v, json!({ "heading": true, "look": "th." }));
    s.text("View", th(at(1, 0, 2, 5)))
        .text("Add", th(at(1, 0, 3, 5)))
        .text("Notes", th(at(1, 0, 4, 5)));
    s.text("Contracts", th(at(1, 1, 1, 7)));
    let view = s.control(
        "select",
        with(at(1, 1, 2, 7), json!({ "value": "All", "options": SEL })),
    );
    let add = s.control(
        "select",
        with(at(1, 1, 3, 7), json!({ "value": "No", "options": YES_NO })),
    );
    s.text("not applicable", at(1, 1, 4, 7))
        .text("not applicable", at(1, 1, 5, 7));
    s.text(
        "Other Permissions",
        json!({ "heading": true, "look": "h3." }),
    );
    let boxed = s.control("checkbox", json!({ "checked": false, "group": 50 }));
    s.text("Can modify contract Internal Costs", json!({ "group": 50 }));
    let snap = s.read();
    for (h, col) in [(view, "View"), (add, "Add")] {
        let c = control(&snap, h);
        assert_eq!(
            (c.label.as_str(), c.column.as_deref()),
            ("Contracts", Some(col))
        );
        assert_eq!(c.path, ["CONTRACTS"]);
    }
    assert_eq!(control(&snap, boxed).path, ["CONTRACTS"]);
}

/// A heading line holding more than the area's name ("CRM (?) · Full
/// Permission"): the "·" beside it, marked like it, starts no area.
#[test]
fn a_letterless_text_on_a_headings_line_starts_no_area() {
    let mut s = Stream::default();
    let h4 = json!({ "heading": true, "look": "h4.area", "block": 7 });
    s.text("CRM", h4.clone());
    s.text("(?)", with(h4.clone(), json!({ "link": true })));
    s.text("·", h4.clone());
    s.text("Full Permission", with(h4, json!({ "link": true })));
    s.text("Ca\u{200b}n merge Organizations", json!({ "group": 60 }));
    let merge = s.control("checkbox", json!({ "checked": false, "group": 60 }));
    let snap = s.read();
    assert_eq!(control(&snap, merge).path, ["CRM"]);
    assert_eq!(snap.sections, ["CRM"]);
}

/// ARIA table rows: every `columnheader` is its own text (cells are read
/// apart even when inline), heading-like; the row's controls get them.
#[test]
fn aria_table_rows_get_their_column_headers() {
    let mut s = Stream::default();
    s.text("CRM", json!({ "heading": true }));
    for (k, col) in ["View", "Add", "Edit", "Delete"].iter().enumerate() {
        s.text(
            col,
            with(
                at(4, 0, k as u32 + 1, 5),
                json!({ "heading": true, "block": 90 }),
            ),
        );
    }
    s.text("Notes", with(at(4, 1, 0, 5), json!({ "block": 91 })));
    s.text("see above", with(at(4, 1, 1, 5), json!({ "block": 91 })));
    let mut handles = Vec::new();
    for cell in 2..5 {
        handles.push(s.control(
            "select",
            with(
                at(4, 1, cell, 5),
                json!({ "value": "None", "options": SEL, "block": 91 }),
            ),
        ));
    }
    let snap = s.read();
    for (h, col) in handles.iter().zip(["Add", "Edit", "Delete"]) {
        let c = control(&snap, *h);
        assert_eq!(
            (c.label.as_str(), c.column.as_deref()),
            ("Notes", Some(col))
        );
    }
}

/// A definition list: the term (`dt`, not a heading) labels the control in
/// the `dd` after it, though each sits in its own block, and a checkbox's
/// term too: a list that starts with a text and ends with a control pairs
/// each text with the control after it.
#[test]
fn a_definition_lists_term_labels_the_control_after_it() {
    let mut s = Stream::default();
    s.text("Edit Security Level", json!({ "heading": true }));
    s.text("Name", json!({ "group": 7 }));
    let name = s.control("text", json!({ "value": "Rhipe Integration", "group": 7 }));
    s.text("Active", json!({ "group": 7 }));
    let active = s.control("checkbox", json!({ "checked": true, "group": 7 }));
    s.text("CONTRACTS", json!({ "heading": true }));
    s.text(
        "Can modify Service/Bundle on contract charges",
        json!({ "group": 8 }),
    );
    let bundle = s.control("checkbox", json!({ "checked": true, "group": 8 }));
    s.text("Can modify contract Internal Costs", json!({ "group": 8 }));
    let costs = s.control("checkbox", json!({ "checked": false, "group": 8 }));
    let snap = s.read();
    assert_eq!(control(&snap, name).label, "Name");
    assert_eq!(control(&snap, active).label, "Active");
    // Not the next term, though a checkbox's label is usually after it.
    assert_eq!(
        control(&snap, bundle).label,
        "Can modify Service/Bundle on contract charges"
    );
    let c = control(&snap, costs);
    assert_eq!(
        (c.label.as_str(), c.path.as_slice()),
        (
            "Can modify contract Internal Costs",
            &["CONTRACTS".to_string()][..]
        )
    );
    let rec = autotask_setup_guard::recognize::recognize(&snap);
    assert_eq!(rec.level_name.as_deref(), Some("Rhipe Integration"));
}

/// "(o) Integration Vendor [list]": the radio owns the text after it; the
/// list beside it is not made ambiguous by that text (it has no label of
/// its own here), and neither is the radio.
#[test]
fn a_radio_owns_the_text_after_it_over_the_list_beside_it() {
    let mut s = Stream::default();
    s.text("API Tracking Identifier", json!({ "heading": true }));
    let radio = s.control("radio", json!({ "checked": true, "group": 3 }));
    s.text("Integration Vendor", json!({ "group": 3 }));
    let list = s.control(
        "select",
        json!({ "value": "Rhipe - Cloud Services", "options": [], "group": 3 }),
    );
    let snap = s.read();
    let r = control(&snap, radio);
    assert_eq!(
        (r.label.as_str(), r.ambiguous.as_deref()),
        ("Integration Vendor", None)
    );
    let l = control(&snap, list);
    assert_eq!(l.ambiguous, None);
    assert_ne!(l.label, "Integration Vendor");
    assert_eq!(l.path, ["API Tracking Identifier"]);
}

/// A list of lines that start with their box ("[x] A", "[x] B" in one
/// cell) pairs each box with the text after it.
#[test]
fn a_list_that_starts_with_a_box_pairs_each_box_with_the_text_after_it() {
    let mut s = Stream::default();
    let a = s.control("checkbox", json!({ "checked": true, "group": 9 }));
    s.text("Can create Tickets", json!({ "group": 9 }));
    let b = s.control(
        "select",
        json!({ "value": "None", "options": SEL, "group": 9 }),
    );
    s.text("Ticket Access", json!({ "group": 9 }));
    let snap = s.read();
    assert_eq!(control(&snap, a).label, "Can create Tickets");
    assert_eq!(control(&snap, b).label, "Ticket Access");
}

/// A "row" whose control cell also holds the control's own text is a box of
/// the layout (a sub-heading above its fields), not a grid row: the
/// sub-heading is no row name.
#[test]
fn a_sub_heading_beside_a_field_box_is_no_row_name() {
    let mut s = Stream::default();
    s.text("WEB SERVICES API", json!({ "heading": true }));
    s.text(
        "Feature Access",
        with(at(6, 0, 0, 2), json!({ "heading": true })),
    );
    let login = s.control(
        "checkbox",
        with(at(6, 0, 1, 2), json!({ "checked": true, "group": 30 })),
    );
    s.text(
        "Can login to Web Services API",
        with(at(6, 0, 1, 2), json!({ "group": 30 })),
    );
    s.text(
        "Resource Impersonation",
        with(at(6, 1, 0, 2), json!({ "heading": true })),
    );
    let imp = s.control(
        "checkbox",
        with(at(6, 1, 1, 2), json!({ "checked": false, "group": 31 })),
    );
    s.text(
        "Allow impersonation of resources with this security level",
        with(at(6, 1, 1, 2), json!({ "group": 31 })),
    );
    let snap = s.read();
    let c = control(&snap, login);
    assert_eq!(
        (c.label.as_str(), c.column.as_deref()),
        ("Can login to Web Services API", None)
    );
    assert_eq!(
        control(&snap, imp).label,
        "Allow impersonation of resources with this security level"
    );
}

/// A text taken at one rank is no candidate at the next: the field before
/// "Access" does not take the label of the field after it.
#[test]
fn a_text_taken_at_one_rank_is_no_candidate_at_the_next() {
    let mut s = Stream::default();
    let a = s.control(
        "select",
        json!({ "value": "None", "options": SEL, "group": 5 }),
    );
    s.text("Access", json!({ "group": 5 }));
    let b = s.control("text", json!({ "value": "", "group": 5 }));
    let snap = s.read();
    // `a` wants the text after it (rank 1), `b` the text before it (rank 0).
    assert_eq!(control(&snap, b).label, "Access");
    assert_ne!(control(&snap, a).label, "Access");
}

fn result<'r>(report: &'r Report, rule: &str) -> &'r autotask_setup_guard::verify::RuleResult {
    report
        .results
        .iter()
        .find(|r| r.rule == rule)
        .unwrap_or_else(|| panic!("no result {rule}"))
}

fn outcome(report: &Report, rule: &str) -> String {
    format!("{:?}", result(report, rule).outcome).to_lowercase()
}

/// A security level page with every area and a Name field; `crm` is the
/// label of CRM's first dropdown, set to All.
fn level_page(crm: &str) -> Stream {
    let mut s = Stream::default();
    let mut group = 100;
    let mut field = |s: &mut Stream, label: &str, kind: &str, extra: Value| {
        group += 1;
        s.text(label, json!({ "group": group }));
        s.control(kind, with(extra, json!({ "group": group })));
    };
    field(
        &mut s,
        "Name",
        "text",
        json!({ "value": "Rhipe Integration" }),
    );
    for &area in autotask_setup_guard::recognize::SECURITY_SECTIONS.iter() {
        s.text(area, json!({ "heading": true }));
        if area == "CRM" {
            field(
                &mut s,
                crm,
                "select",
                json!({ "value": "All", "options": ["All", "Mine", "None"] }),
            );
        }
    }
    s
}

/// The guides' spellings (docs/autotask-pages.md §7): "Customer &
/// Cancelation", "Cancellation", "Cancellations" are one label.
#[test]
fn every_spelling_of_customer_and_cancelation_is_the_rule() {
    for spelling in [
        "Customer & Cancelation",
        "Customer & Cancellation",
        "Customer & Cancellations",
        "Customer and Cancellations:",
    ] {
        let report = level_page(spelling).check(Context::default());
        assert!(report.bound, "{spelling}: bound");
        assert_eq!(
            outcome(&report, "crm-customer-cancelation"),
            "pass",
            "{spelling}"
        );
    }
}

/// A New API User page as the current UI lays it out: each label before its
/// field, the boxes before their labels, and the vendor list right after
/// the "Integration Vendor" radio's text.
fn api_user_page(level: &str) -> Stream {
    let mut s = Stream::default();
    s.text("New API User", json!({ "heading": true }));
    let mut group = 10;
    let mut next = || {
        group += 1;
        json!({ "group": group })
    };
    s.text("General", json!({ "heading": true }));
    for (label, value) in [
        ("First Name", "PRISM"),
        ("Last Name", "Connect"),
        ("Email Address", "it-admin@contoso-msp.com"),
    ] {
        let g = next();
        s.text(label, g.clone());
        s.control("text", with(g, json!({ "value": value })));
    }
    for (label, on) in [("Active", true), ("Locked", false)] {
        let g = next();
        s.control("checkbox", with(g.clone(), json!({ "checked": on })));
        s.text(label, g);
    }
    let g = next();
    s.text("Security Level", g.clone());
    s.control("select", with(g, json!({ "value": level })));
    s.text("Credentials", json!({ "heading": true }));
    let g = next();
    s.text("Username (Key)", g.clone());
    s.control("text", with(g, json!({ "value": "rhipeprism7Q2kX" })));
    let g = next();
    s.text("Password (Secret)", g.clone());
    s.control("secret", with(g, json!({ "filled": true })));
    s.text("API Tracking Identifier", json!({ "heading": true }));
    let g = next();
    s.control("radio", with(g.clone(), json!({ "checked": true })));
    s.text("Integration Vendor", g.clone());
    s.control(
        "select",
        with(g, json!({ "value": "Rhipe - Cloud Services" })),
    );
    let g = next();
    s.control("radio", with(g.clone(), json!({ "checked": false })));
    s.text("Custom (Internal Integration)", g);
    s
}

/// The window title of the new-user page reads "Add API User" (docs/autotask-pages.md §7):
/// a new user, whose secret is judged.
#[test]
fn add_api_user_is_a_new_user() {
    let mut s = api_user_page("Rhipe Integration");
    s.texts[0]["text"] = json!("Add API User");
    let report = s.check(Context::default());
    assert_eq!(outcome(&report, "credentials-secret"), "pass");
}

/// Bound by its vendor (design: "Which objects are judged"), with nothing
/// remembered: judged, and the level is asked about, not assumed.
#[test]
fn an_api_user_with_the_profiles_vendor_is_judged_with_nothing_remembered() {
    let report = api_user_page("Rhipe Integration").check(Context::default());
    assert_eq!(report.page.as_str(), "api-user");
    assert!(report.bound, "bound by its vendor");
    assert_eq!(outcome(&report, "tracking-integration-vendor"), "pass");
    assert_eq!(outcome(&report, "tracking-vendor"), "pass");
    assert_eq!(outcome(&report, "user-security-level"), "incomplete");
    assert_eq!(report.confirm_level.as_deref(), Some("Rhipe Integration"));
}

/// On a built-in "(system)" level it is still the integration's user (its
/// vendor says so), and the level fails: judged, never left unbound.
#[test]
fn an_api_user_on_a_system_level_is_judged_and_its_level_fails() {
    let ctx = Context {
        remembered_level: Some("Rhipe Integration".into()),
        ..Context::default()
    };
    let report = api_user_page("API User (system) (API-only)").check(ctx);
    assert!(report.bound, "bound by its vendor");
    assert_eq!(outcome(&report, "user-security-level"), "fail");
    assert_eq!(outcome(&report, "tracking-vendor"), "pass");
    assert!(!report.passes);
}
