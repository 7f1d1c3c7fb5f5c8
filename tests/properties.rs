//! Property tests: the engine never panics on outside data and keeps the
//! results definition on any snapshot (design: "Results"). The invariants
//! themselves live in `invariants/`, shared with the fuzz targets (`fuzz/`).
//! Case counts are kept moderate so `cargo test` stays fast; the fuzz
//! targets are the place for long runs.
// proptest's random source does not build for wasm32 (cargo test --target wasm32-unknown-unknown).
#![cfg(not(target_arch = "wasm32"))]

mod invariants;
#[path = "common/proptest.rs"]
mod shared;

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::normalize::label_matches;
use autotask_setup_guard::profile::Expect;
use autotask_setup_guard::recognize::SECURITY_SECTIONS;
use autotask_setup_guard::snapshot::{Control, ControlKind, Snapshot};
use autotask_setup_guard::verify::Outcome;
use invariants::{judged, rhipe};
use proptest::prelude::*;
use serde_json::Value;
use shared::{any_json, config};

const PROFILE: &str = include_str!("../src/profiles/rhipe-prism-connect.json");

/// Every place in a JSON document, as a path of keys and indexes.
fn places(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                here.push(Step::Key(k.clone()));
                places(child, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                here.push(Step::Index(i));
                places(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    Remove,
    AddKey(String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any_json().prop_map(Mutation::Replace),
        Just(Mutation::Remove),
        ("[a-z_]{1,8}", any_json()).prop_map(|(k, v)| Mutation::AddKey(k, v)),
    ]
}

/// A valid document with a few of its places changed.
fn mutated(doc: &Value, edits: &[(prop::sample::Index, Mutation)]) -> Value {
    let mut doc = doc.clone();
    for (pick, m) in edits {
        let mut all = Vec::new();
        places(&doc, &mut Vec::new(), &mut all);
        let path = &all[pick.index(all.len())];
        match m {
            Mutation::Replace(v) => *at(&mut doc, path) = v.clone(),
            Mutation::AddKey(k, v) => {
                if let Value::Object(o) = at(&mut doc, path) {
                    o.insert(k.clone(), v.clone());
                }
            }
            Mutation::Remove => {
                if let Some((last, parent)) = path.split_last() {
                    match (at(&mut doc, parent), last) {
                        (Value::Object(o), Step::Key(k)) => {
                            o.remove(k);
                        }
                        (Value::Array(a), Step::Index(i)) => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    doc
}

// ---- profiles

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_as_a_profile_is_refused_cleanly(text in ".{0,200}") {
        invariants::profile_text(&text);
    }

    #[test]
    fn any_json_as_a_profile_is_refused_with_its_field(v in any_json()) {
        invariants::profile_text(&v.to_string());
    }

    #[test]
    fn a_mutated_valid_profile_never_panics_and_names_the_field(
        edits in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4)
    ) {
        let doc: Value = serde_json::from_str(PROFILE).unwrap();
        invariants::profile_text(&mutated(&doc, &edits).to_string());
    }
}

// ---- snapshots

/// Texts a page may carry: the profile's own names (so rules match), the
/// security areas, near misses, markup and noise.
fn page_text() -> impl Strategy<Value = String> {
    let p = rhipe();
    let mut known: Vec<String> = SECURITY_SECTIONS.iter().map(|s| s.to_string()).collect();
    for s in &p.security_level.sections {
        known.extend(s.names());
        for r in &s.rules {
            known.extend(r.names());
            known.extend(r.column.clone());
        }
    }
    known.extend(
        [
            "None",
            "No",
            "Yes",
            "All",
            "View",
            "Add",
            "Name",
            "Rhipe Integration",
            "API User (system) (API-only)",
            "<img src=x onerror=alert(1)>",
            "<script>alert(1)</script>",
            "",
            " ",
            "crm:",
            "Contracts (extra)",
        ]
        .map(String::from),
    );
    prop_oneof![
        4 => prop::sample::select(known),
        1 => ".{0,24}",
    ]
}

fn control(handle: u32) -> impl Strategy<Value = Control> {
    (
        prop_oneof![
            4 => Just(ControlKind::Checkbox),
            4 => Just(ControlKind::Select),
            1 => Just(ControlKind::Radio),
            1 => Just(ControlKind::Text),
            1 => Just(ControlKind::Secret),
        ],
        page_text(),
        prop::option::of(page_text()),
        prop::collection::vec(page_text(), 0..3),
        prop::option::of(any::<bool>()),
        prop::option::of(page_text()),
        prop::collection::vec(page_text(), 0..4),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            move |(kind, label, column, path, checked, value, options, (disabled, hidden))| {
                Control {
                    handle,
                    kind,
                    label,
                    column,
                    path,
                    checked,
                    value,
                    options,
                    filled: None,
                    disabled,
                    hidden,
                    hint: None,
                    ambiguous: None,
                }
            },
        )
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    (
        any::<u32>(),
        prop::collection::vec(page_text(), 0..14),
        prop::collection::vec(page_text(), 0..3),
        prop::sample::select(vec!["", "en", "en-GB", "de", "fr-FR"]),
        0usize..60,
    )
        .prop_flat_map(|(seq, sections, headings, lang, n)| {
            let controls: Vec<_> = (1..=n as u32).map(control).collect();
            (controls, Just((seq, sections, headings, lang)))
        })
        .prop_map(|(controls, (seq, sections, headings, lang))| Snapshot {
            seq,
            url: String::new(),
            lang: lang.to_string(),
            title: String::new(),
            headings,
            sections,
            controls,
            texts: Vec::new(),
            survey: false,
        })
}

fn context() -> impl Strategy<Value = Context> {
    (
        any::<bool>(),
        prop::option::of(page_text()),
        prop::collection::vec(page_text(), 0..2),
    )
        .prop_map(
            |(judge_any_level, remembered_level, chosen_levels)| Context {
                profile: String::new(),
                remembered_level,
                chosen_levels,
                judge_any_level,
                ..Context::default()
            },
        )
}

/// The page as the profile wants it: every security area, one control per
/// named rule in its expected state, and the level's name.
fn correct_page() -> Snapshot {
    let p = rhipe();
    let mut controls = vec![Control {
        handle: 1,
        kind: ControlKind::Text,
        label: "Name".into(),
        value: Some("Rhipe Integration".into()),
        ..Control::default()
    }];
    for s in &p.security_level.sections {
        for r in &s.rules {
            let mut c = Control {
                handle: controls.len() as u32 + 1,
                label: r.control.clone(),
                column: r.column.clone(),
                path: vec![s.heading.clone()],
                ..Control::default()
            };
            match &r.expect {
                Expect::Checked(on) => c.checked = Some(*on),
                Expect::Value(v) => {
                    c.kind = ControlKind::Select;
                    c.value = Some(v.clone());
                    c.options = vec![v.clone(), "None".into()];
                }
            }
            controls.push(c);
        }
    }
    Snapshot {
        seq: 7,
        lang: "en".into(),
        sections: SECURITY_SECTIONS.iter().map(|s| s.to_string()).collect(),
        controls,
        ..Snapshot::default()
    }
}

fn to_json(s: &Snapshot) -> Value {
    let kind = |k: ControlKind| match k {
        ControlKind::Checkbox => "checkbox",
        ControlKind::Radio => "radio",
        ControlKind::Select => "select",
        ControlKind::Text => "text",
        ControlKind::Secret => "secret",
    };
    serde_json::json!({
        "seq": s.seq, "url": s.url, "lang": s.lang, "title": s.title,
        "headings": s.headings, "sections": s.sections,
        "controls": s.controls.iter().map(|c| serde_json::json!({
            "handle": c.handle, "kind": kind(c.kind), "label": c.label, "column": c.column,
            "path": c.path, "checked": c.checked, "value": c.value, "options": c.options,
            "filled": c.filled, "disabled": c.disabled, "hidden": c.hidden,
        })).collect::<Vec<_>>(),
    })
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_snapshot_keeps_the_results_definition(snap in snapshot(), ctx in context()) {
        judged(rhipe(), &snap, &ctx);
    }

    #[test]
    fn any_json_as_a_snapshot_never_panics(v in any_json()) {
        invariants::snapshot_text(&v.to_string());
    }

    #[test]
    fn any_text_as_a_snapshot_never_panics(text in ".{0,200}") {
        invariants::snapshot_text(&text);
    }

    #[test]
    fn a_mutated_valid_snapshot_never_panics(
        edits in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4)
    ) {
        invariants::snapshot_text(&mutated(&to_json(&correct_page()), &edits).to_string());
    }

    /// Extra controls anywhere on the right page, and rule controls taken
    /// away: a rule whose control is gone is never a pass, and the page
    /// passes only if nothing was taken away and nothing extra grants.
    #[test]
    fn a_missing_control_never_passes(
        gone in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        extra in prop::collection::vec(control(0), 0..12),
    ) {
        let mut snap = correct_page();
        let rules = snap.controls.len() - 1;
        let mut removed: Vec<String> = Vec::new();
        for g in &gone {
            let i = 1 + g.index(rules);
            if i < snap.controls.len() {
                removed.push(snap.controls.remove(i).label);
            }
        }
        // An extra control that carries a removed rule's label stands in for
        // it (the page has that control again): leave those out.
        let gone_names: Vec<String> = rhipe()
            .security_level
            .sections
            .iter()
            .flat_map(|s| s.rules.iter())
            .filter(|r| removed.contains(&r.control))
            .flat_map(|r| r.names())
            .collect();
        let base = snap.controls.len() as u32 + 100;
        for (i, mut c) in extra.into_iter().enumerate() {
            if label_matches(&c.label, &gone_names) {
                continue;
            }
            c.handle = base + i as u32;
            snap.controls.push(c);
        }
        let ctx = Context::default();
        let r = judged(rhipe(), &snap, &ctx);
        prop_assert!(r.bound, "the level is named Rhipe Integration");
        let p = rhipe();
        for s in &p.security_level.sections {
            for rule in &s.rules {
                if removed.contains(&rule.control) {
                    let x = r.results.iter().find(|x| x.rule == rule.id).unwrap();
                    prop_assert!(x.outcome != Outcome::Pass, "{} is gone but passed", rule.id);
                }
            }
        }
        if !removed.is_empty() {
            prop_assert!(!r.passes);
        }
    }
}

#[test]
fn the_generators_right_page_passes() {
    let r = judged(rhipe(), &correct_page(), &Context::default());
    assert!(
        r.passes,
        "{:?}",
        r.results
            .iter()
            .filter(|x| x.outcome != Outcome::Pass)
            .collect::<Vec<_>>()
    );
}

/// Found by `any_snapshot_keeps_the_results_definition`: a control whose
/// section headings name two security areas was judged in both, so it got
/// two marks with different outcomes.
#[test]
fn a_control_inside_nested_sections_is_judged_once_by_the_innermost() {
    let mut snap = correct_page();
    snap.controls.push(Control {
        handle: 500,
        label: "Something extra".into(),
        path: vec!["CONTRACTS".into(), "CRM".into()],
        checked: Some(true),
        ..Control::default()
    });
    let r = judged(rhipe(), &snap, &Context::default());
    let about: Vec<_> = r
        .results
        .iter()
        .filter(|x| x.handles.contains(&500))
        .collect();
    assert_eq!(about.len(), 1);
    assert_eq!(
        (about[0].section.as_str(), about[0].outcome),
        ("CRM", Outcome::Excess)
    );
}

// ---- single-file saves (the checker page's MHTML decoding)

#[cfg(feature = "checker")]
mod mhtml {
    use super::*;

    fn chrome_save(parts: &[&[u8]]) -> Vec<u8> {
        let b = "----MultipartBoundary--kZ2x9Qp4----";
        let mut out = format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://ww5.autotask.net/Mvc/Home\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"{b}\"\r\n\r\n\r\n"
        )
        .into_bytes();
        for p in parts {
            out.extend_from_slice(format!("--{b}\r\n").as_bytes());
            out.extend_from_slice(p);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{b}--\r\n").as_bytes());
        out
    }

    const SHELL: &[u8] = b"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://ww5.autotask.net/Mvc/Home\r\n\r\n<html><body><iframe src=3D\"cid:frame-2@mhtml.blink\"></ifr=\r\name></body></html>";
    const FORM: &[u8] = b"Content-Type: text/html; charset=windows-1252\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://ww5.autotask.net/Mvc/SecurityLevel/Edit\r\n\r\nPGgxPkNSTTwv\r\naDE+";
    const CSS: &[u8] = b"Content-Type: text/css\r\nContent-Location: a.css\r\n\r\nbody{color:red}";

    #[derive(Clone, Debug)]
    enum Edit {
        Cut(prop::sample::Index),
        Flip(prop::sample::Index, u8),
        Insert(prop::sample::Index, Vec<u8>),
        Delete(prop::sample::Index, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            any::<prop::sample::Index>().prop_map(Edit::Cut),
            (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
            (
                any::<prop::sample::Index>(),
                prop_oneof![
                    prop::collection::vec(any::<u8>(), 0..8),
                    prop::sample::select(vec![
                        b"\r\n".to_vec(),
                        b"=".to_vec(),
                        b"=\r\n".to_vec(),
                        b"--".to_vec(),
                        b"\r\n\r\n".to_vec(),
                        b"charset=utf-16".to_vec(),
                        b"\0".to_vec(),
                    ]),
                ]
            )
                .prop_map(|(i, b)| Edit::Insert(i, b)),
            (any::<prop::sample::Index>(), 0usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        ]
    }

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn any_bytes_as_mhtml_never_panic(data in prop::collection::vec(any::<u8>(), 0..400)) {
            invariants::mhtml_bytes(&data);
        }

        #[test]
        fn a_mutated_valid_save_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
            let mut data = chrome_save(&[SHELL, CSS, FORM]);
            invariants::mhtml_bytes(&data);
            for e in edits {
                let len = data.len().max(1);
                match e {
                    Edit::Cut(i) => data.truncate(i.index(len)),
                    Edit::Flip(i, b) => { if !data.is_empty() { let i = i.index(len); data[i] ^= b; } }
                    Edit::Insert(i, bytes) => { let i = i.index(len + 1).min(data.len()); data.splice(i..i, bytes); }
                    Edit::Delete(i, n) => { let i = i.index(len).min(data.len()); let end = (i + n).min(data.len()); data.drain(i..end); }
                }
            }
            invariants::mhtml_bytes(&data);
        }
    }

    #[test]
    fn the_unmutated_save_has_two_pages() {
        let out =
            autotask_setup_guard::mhtml::html_parts(&chrome_save(&[SHELL, CSS, FORM])).unwrap();
        assert_eq!(out.iter().filter(|&&b| b == 0).count(), 4);
    }
}

// ------------------------------------------------------------------
// Format 2 streams (docs/snapshot-format.md): what the eyes send, before
// the engine decides sections, labels and columns (src/reading.rs).

/// One item of a stream: a text run or a control, with a reader's hints.
#[derive(Debug, Clone)]
enum Item {
    Text {
        text: String,
        heading: bool,
        hidden: bool,
        link: bool,
        group: u32,
        grid: Option<(u32, u32, u32, u32)>,
        of: Option<u32>,
    },
    Control {
        kind: ControlKind,
        checked: Option<bool>,
        value: Option<String>,
        options: Vec<String>,
        group: u32,
        grid: Option<(u32, u32, u32, u32)>,
        aria_label: Option<String>,
    },
}

fn grid_place() -> impl Strategy<Value = Option<(u32, u32, u32, u32)>> {
    prop::option::weighted(0.4, (0u32..3, 0u32..4, 0u32..5, 0u32..6))
}

fn stream_item() -> impl Strategy<Value = Item> {
    let text = (
        page_text(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
        0u32..8,
        grid_place(),
        prop::option::weighted(0.1, 0u32..12),
    )
        .prop_map(
            |(text, heading, hidden, link, group, grid, of)| Item::Text {
                text,
                heading,
                hidden,
                link,
                group,
                grid,
                of,
            },
        );
    let control = (
        prop_oneof![
            4 => Just(ControlKind::Checkbox),
            4 => Just(ControlKind::Select),
            1 => Just(ControlKind::Radio),
            1 => Just(ControlKind::Text),
            1 => Just(ControlKind::Secret),
        ],
        prop::option::weighted(0.85, any::<bool>()),
        prop::option::weighted(0.85, page_text()),
        prop::collection::vec(page_text(), 0..4),
        0u32..8,
        grid_place(),
        prop::option::weighted(0.1, page_text()),
    )
        .prop_map(
            |(kind, checked, value, options, group, grid, aria_label)| Item::Control {
                kind,
                checked,
                value,
                options,
                group,
                grid,
                aria_label,
            },
        );
    prop_oneof![3 => text, 2 => control]
}

/// A stream: often a security level's skeleton (its Name and areas, each
/// followed by random items), so that pages are recognised and judged.
fn stream() -> impl Strategy<Value = Vec<Item>> {
    let heading = |text: &str| Item::Text {
        text: text.to_string(),
        heading: true,
        hidden: false,
        link: false,
        group: 0,
        grid: None,
        of: None,
    };
    let name = vec![
        Item::Text {
            text: "Name".into(),
            heading: false,
            hidden: false,
            link: false,
            group: 99,
            grid: None,
            of: None,
        },
        Item::Control {
            kind: ControlKind::Text,
            checked: None,
            value: Some("Rhipe Integration".into()),
            options: vec![],
            group: 99,
            grid: None,
            aria_label: None,
        },
    ];
    (
        any::<bool>(),
        prop::collection::vec(prop::collection::vec(stream_item(), 0..8), 11),
        prop::collection::vec(stream_item(), 0..30),
    )
        .prop_map(move |(skeleton, areas, loose)| {
            if !skeleton {
                return loose;
            }
            let mut out = name.clone();
            for (area, items) in SECURITY_SECTIONS.iter().zip(areas) {
                out.push(heading(area));
                out.extend(items);
            }
            out
        })
}

fn stream_json(items: &[Item]) -> String {
    let kind = |k: ControlKind| match k {
        ControlKind::Checkbox => "checkbox",
        ControlKind::Radio => "radio",
        ControlKind::Select => "select",
        ControlKind::Text => "text",
        ControlKind::Secret => "secret",
    };
    let place = |o: &mut serde_json::Map<String, Value>, g: &Option<(u32, u32, u32, u32)>| {
        if let Some((grid, row, cell, cells)) = *g {
            o.insert("grid".into(), grid.into());
            o.insert("row".into(), row.into());
            o.insert("cell".into(), cell.into());
            o.insert("cells".into(), cells.into());
        }
    };
    let (mut texts, mut controls) = (Vec::new(), Vec::new());
    for (at, item) in items.iter().enumerate() {
        match item {
            Item::Text {
                text,
                heading,
                hidden,
                link,
                group,
                grid,
                of,
            } => {
                let mut v = serde_json::json!({ "at": at, "text": text, "heading": heading,
                    "hidden": hidden, "link": link, "block": at, "group": group, "look": "" });
                let o = v.as_object_mut().expect("an object");
                place(o, grid);
                if let Some(of) = of {
                    o.insert("of".into(), (*of).into());
                }
                texts.push(v);
            }
            Item::Control {
                kind: k,
                checked,
                value,
                options,
                group,
                grid,
                aria_label,
            } => {
                let handle = controls.len();
                let mut v = serde_json::json!({ "at": at, "handle": handle, "kind": kind(*k),
                    "checked": checked, "value": value, "options": options, "block": at,
                    "group": group, "ariaLabel": aria_label,
                    "filled": if *k == ControlKind::Secret { Some(value.is_some()) } else { None } });
                place(v.as_object_mut().expect("an object"), grid);
                controls.push(v);
            }
        }
    }
    serde_json::json!({ "format": 2, "seq": 3, "url": "", "lang": "en", "title": "",
        "texts": texts, "controls": controls })
    .to_string()
}

proptest! {
    #![proptest_config(config(256))]

    /// Any stream reads without a panic, and its report keeps the results
    /// definition (an unreadable control never passes, an unjudged page is
    /// unmarked, a page with an incomplete never passes).
    #[test]
    fn any_format_2_stream_keeps_the_results_definition(items in stream(), ctx in context()) {
        let snap = Snapshot::from_json(&stream_json(&items)).expect("a well-formed stream is read");
        let report = judged(rhipe(), &snap, &ctx);
        for r in report.results.iter().filter(|r| r.outcome == Outcome::Pass) {
            for h in &r.handles {
                let c = snap.controls.iter().find(|c| c.handle == *h).expect("judged on the page");
                prop_assert!(c.ambiguous.is_none(), "an ambiguous control passed: {r:?}");
            }
        }
    }

    /// Making one control unreadable never turns anything into a pass: that
    /// control passes nothing, and a page that did not pass still does not.
    #[test]
    fn an_unreadable_control_is_never_turned_into_a_pass(
        items in stream(),
        ctx in context(),
        pick in any::<prop::sample::Index>(),
    ) {
        let controls: Vec<usize> = (0..items.len())
            .filter(|&i| matches!(items[i], Item::Control { .. }))
            .collect();
        prop_assume!(!controls.is_empty());
        let k = controls[pick.index(controls.len())];
        let mut blind = items.clone();
        if let Item::Control { checked, value, .. } = &mut blind[k] {
            *checked = None;
            *value = None;
        }
        let handle = controls.iter().position(|&i| i == k).expect("a control") as u32;
        let seen = Snapshot::from_json(&stream_json(&items)).expect("read");
        let unseen = Snapshot::from_json(&stream_json(&blind)).expect("read");
        let before = judged(rhipe(), &seen, &ctx);
        let after = judged(rhipe(), &unseen, &ctx);
        prop_assert!(!after.passes || before.passes, "an unreadable control made the page pass");
        for r in after.results.iter().filter(|r| r.outcome == Outcome::Pass) {
            prop_assert!(!r.handles.contains(&handle), "the unreadable control passed: {r:?}");
        }
        if after.page.as_str() == "unrecognized" {
            prop_assert!(after.results.is_empty() && after.marks.is_empty() && !after.bound);
        }
    }
}
