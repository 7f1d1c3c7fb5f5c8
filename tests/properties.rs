//! Property tests: the engine never panics on outside data and keeps the
//! results definition on any snapshot (design: "Results"). The invariants
//! themselves live in `invariants/`, shared with the fuzz targets (`fuzz/`).
//! Case counts are kept moderate so `cargo test` stays fast; the fuzz
//! targets are the place for long runs.
// proptest's random source does not build for wasm32 (wasm-pack compiles tests/).
#![cfg(not(target_arch = "wasm32"))]

mod invariants;

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::normalize::label_matches;
use autotask_setup_guard::profile::Expect;
use autotask_setup_guard::recognize::SECURITY_SECTIONS;
use autotask_setup_guard::snapshot::{Control, ControlKind, Snapshot};
use autotask_setup_guard::verify::Outcome;
use invariants::{judged, rhipe};
use proptest::prelude::*;
use serde_json::Value;

const PROFILE: &str = include_str!("../src/profiles/rhipe-prism-connect.json");

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Shrinking a failure is worth little time here; the seed is printed.
        max_shrink_iters: 256,
        // A failure prints its input; no regression files in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

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

/// The live check's answer step over a whole run (`src/autotask_api.rs`):
/// any status and body, plausible or not, in any order within a batch.
mod api_answers {
    use super::invariants::{api_bytes, api_run, api_run_as, echo_forms, API_USER};
    use super::*;
    use autotask_setup_guard::autotask_api::Answer;

    /// Bodies near what Autotask sends, with the values varied, and junk.
    fn body() -> impl Strategy<Value = String> {
        let zone_url = prop_oneof![
            Just("https://webservices5.autotask.net/atservicesrest/".to_string()),
            Just(format!("https://{API_USER}.autotask.net/")),
            Just(format!("https://evil.example/{API_USER}/")),
            "[a-z:/.%]{0,30}",
        ];
        prop_oneof![
            zone_url.prop_map(|u| serde_json::json!({ "zoneName": "Zone", "url": u }).to_string()),
            (any::<u64>(), any::<u64>()).prop_map(|(limit, used)| serde_json::json!({
                "externalRequestThreshold": limit % 20_000,
                "currentTimeframeRequestCount": used % 30_000,
            })
            .to_string()),
            (level(), level(), flag(), flag(), any::<bool>()).prop_map(|(q, u, cq, cu, nested)| {
                let mut info =
                    serde_json::json!({ "userAccessForQuery": q, "userAccessForUpdate": u });
                for (name, value) in [("canQuery", cq), ("canUpdate", cu)] {
                    if let Some(value) = value {
                        info[name] = value;
                    }
                }
                if nested {
                    serde_json::json!({ "info": info })
                } else {
                    info
                }
                .to_string()
            }),
            (0usize..3).prop_map(|n| serde_json::json!({
                "items": vec![serde_json::json!({ "id": 1 }); n],
                "pageDetails": { "count": n },
            })
            .to_string()),
            prop_oneof![
                Just("Zone information could not be determined".to_string()),
                Just("IntegrationCode is invalid.".to_string()),
                Just("does not have the adequate permissions".to_string()),
                Just(format!("Unable to find user {API_USER} (resource)")),
                ".{0,40}",
            ]
            .prop_map(|e| serde_json::json!({ "errors": [e] }).to_string()),
            Just("<!DOCTYPE html><html><body>500</body></html>".to_string()),
            any_json().prop_map(|v| v.to_string()),
            ".{0,60}",
        ]
    }

    /// A `userAccessFor*` value: the documented numbers, the names in any
    /// case (as Autotask sends them), and what is neither.
    fn level() -> impl Strategy<Value = Value> {
        prop_oneof![
            (0u64..4).prop_map(Value::from),
            (0usize..3, any::<bool>()).prop_map(|(i, upper)| {
                let name = ["None", "All", "Restricted"][i];
                Value::from(if upper {
                    name.to_uppercase()
                } else {
                    name.to_lowercase()
                })
            }),
            Just(Value::from("All")),
            Just(Value::from("1")),
            Just(Value::from(1.5)),
            Just(Value::Null),
            "[A-Za-z]{0,8}".prop_map(Value::from),
        ]
    }

    /// `canQuery` / `canUpdate`: absent, a boolean, or something else.
    fn flag() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            2 => Just(None),
            3 => any::<bool>().prop_map(|b| Some(Value::from(b))),
            1 => Just(Some(Value::from("false"))),
            1 => Just(Some(Value::from(0))),
        ]
    }

    fn answer() -> impl Strategy<Value = Answer> {
        let status = prop_oneof![
            4 => Just(200u16),
            1 => Just(401u16),
            1 => Just(403u16),
            1 => Just(429u16),
            2 => Just(500u16),
            1 => any::<u16>(),
        ];
        prop_oneof![
            8 => (status, body()).prop_map(|(status, body)| Answer::Http { status, body }),
            1 => Just(Answer::Redirect),
            1 => Just(Answer::Timeout),
            1 => Just(Answer::Network),
        ]
    }

    proptest! {
        #![proptest_config(config(400))]

        #[test]
        fn any_answers_keep_the_live_checks_invariants(
            answers in prop::collection::vec(answer(), 0..14),
            order in prop::collection::vec(any::<u8>(), 0..8),
        ) {
            api_run(&answers, &order);
        }

        #[test]
        fn any_bytes_as_answers_never_panic(data in prop::collection::vec(any::<u8>(), 0..300)) {
            api_bytes(&data);
        }
    }

    /// A username or secret as the check accepts them: a distinctive start
    /// (so that no fixed text of the report holds it by chance), at least
    /// one character that needs escaping, then any printable ASCII.
    fn credential() -> impl Strategy<Value = String> {
        (
            "[A-Z][0-9]{2}[a-z][0-9]{2}",
            prop::sample::select(vec!['"', '\\', '%', '+']),
            "[!-~]{0,10}",
        )
            .prop_map(|(start, special, rest)| format!("{start}{special}{rest}"))
    }

    /// `value` as an echo has it: as is, JSON-escaped inside the text,
    /// percent-encoded in either case, in capitals.
    fn echoed(value: &str, form: u8) -> String {
        let percent = |upper: bool| -> String {
            value
                .bytes()
                .map(|b| match (b.is_ascii_alphanumeric(), upper) {
                    (true, _) => (b as char).to_string(),
                    (false, true) => format!("%{b:02X}"),
                    (false, false) => format!("%{b:02x}"),
                })
                .collect()
        };
        match form % 5 {
            0 => value.to_string(),
            1 => serde_json::to_string(value).expect("a string serializes"),
            2 => percent(true),
            3 => percent(false),
            _ => value.to_ascii_uppercase(),
        }
    }

    /// A JSON text with every character but letters and digits as `\\u`
    /// escapes: what some servers send, decoding to the same text.
    fn unicode_json(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            }
        }
        out.push('"');
        out
    }

    /// Answers that echo the username and the secret in every place a text
    /// is read from: error texts (as JSON, `\\u`-escaped JSON, plain text),
    /// the zone address, the access values.
    fn echoing(user: String, secret: String) -> impl Strategy<Value = Answer> {
        let status = prop_oneof![
            Just(200u16),
            Just(401u16),
            Just(403u16),
            Just(404u16),
            Just(429u16),
            Just(500u16),
            Just(503u16),
        ];
        let lead = prop_oneof![
            Just("The logged in Resource does not have the adequate permissions "),
            Just("Something went wrong "),
            Just("IntegrationCode is invalid for "),
            Just("Unable to find user "),
            Just("Zone information could not be determined for "),
            Just(""),
        ];
        (
            status,
            lead,
            any::<u8>(),
            any::<u8>(),
            0u8..6,
            "[ -~é€]{0,12}",
        )
            .prop_map(move |(status, lead, uf, sf, place, tail)| {
                let text = format!("{lead}{} {}{tail}", echoed(&user, uf), echoed(&secret, sf));
                let body = match place {
                    0 => serde_json::json!({ "errors": [text] }).to_string(),
                    1 => format!(r#"{{"errors":[{}]}}"#, unicode_json(&text)),
                    2 => text,
                    3 => serde_json::json!({
                        "url": format!("https://webservices5.autotask.net/{}/", echoed(&user, uf))
                    })
                    .to_string(),
                    4 => serde_json::json!({ "info": {
                        "canQuery": text.clone(),
                        "userAccessForQuery": text,
                        "userAccessForUpdate": echoed(&secret, sf),
                    } })
                    .to_string(),
                    _ => serde_json::json!({ "message": text }).to_string(),
                };
                Answer::Http { status, body }
            })
    }

    /// A whole run for a random username and secret whose answers echo both.
    fn echo_run() -> impl Strategy<Value = (String, String, Vec<Answer>, Vec<u8>)> {
        (credential(), credential()).prop_flat_map(|(user, secret)| {
            let good = prop_oneof![
                1 => Just(Answer::Http {
                    status: 200,
                    body: r#"{"url":"https://webservices5.autotask.net/atservicesrest/"}"#.into(),
                }),
                1 => Just(Answer::Http {
                    status: 200,
                    body: r#"{"externalRequestThreshold":10000,"currentTimeframeRequestCount":1}"#.into(),
                }),
            ];
            let answers = prop::collection::vec(
                prop_oneof![3 => echoing(user.clone(), secret.clone()), 1 => good],
                0..14,
            );
            (
                Just(user),
                Just(secret),
                answers,
                prop::collection::vec(any::<u8>(), 0..8),
            )
        })
    }

    proptest! {
        #![proptest_config(config(300))]

        /// Echoed in any form, in any text read from any answer, neither the
        /// username nor the secret reaches the report or its Markdown
        /// (`api_run_as` checks every form in every field).
        #[test]
        fn echoed_credentials_survive_nowhere((user, secret, answers, order) in echo_run()) {
            api_run_as(&user, &secret, &answers, &order);
        }

        /// The scrubber itself, on any value (non-ASCII too, which the check
        /// refuses to send) echoed in any form inside any text.
        #[test]
        fn the_scrubber_leaves_no_form_of_a_value(
            value in "[A-Z][0-9]{2}[a-z][ -~é€ß]{1,12}",
            before in "[ -~é]{0,20}",
            after in "[ -~é]{0,20}",
            form in 0u8..6,
        ) {
            let echo = match form {
                5 => unicode_json(&value).trim_matches('"').to_string(),
                f => echoed(&value, f),
            };
            let r = autotask_setup_guard::redact::Redactor::new(&value, "Q00q00-unused");
            let out = r.scrub(&format!("{before}{echo}{after}")).to_ascii_lowercase();
            for f in echo_forms(&value) {
                prop_assert!(!out.contains(&f), "{f} in {out}");
            }
        }
    }

    /// The generator reaches a passing run: the invariants are not only
    /// checked on runs that stop at the first step.
    #[test]
    fn right_answers_pass_every_rule() {
        let ok = |body: serde_json::Value| Answer::Http {
            status: 200,
            body: body.to_string(),
        };
        let info = ok(serde_json::json!({ "userAccessForQuery": 1, "userAccessForUpdate": 1 }));
        let row = ok(serde_json::json!({ "items": [{ "id": 1 }], "pageDetails": { "count": 1 } }));
        let mut answers = vec![
            ok(serde_json::json!({ "url": "https://webservices5.autotask.net/atservicesrest/" })),
            ok(
                serde_json::json!({ "externalRequestThreshold": 10000, "currentTimeframeRequestCount": 1 }),
            ),
        ];
        answers.extend(std::iter::repeat_n(info, 4));
        answers.extend(std::iter::repeat_n(row, 4));
        let report = api_run(&answers, &[]);
        assert!(report.passes);
        assert_eq!((report.summary.passed, report.requests), (13, 10));
    }

    /// Server texts that echo the username reach the report without it.
    #[test]
    fn a_username_echoed_by_the_server_is_taken_out() {
        let http = |status: u16, body: serde_json::Value| Answer::Http {
            status,
            body: body.to_string(),
        };
        let zone = http(
            200,
            serde_json::json!({ "url": format!("https://evil.example/{API_USER}/") }),
        );
        let report = api_run(&[zone], &[]);
        assert!(
            report.results[0].found.contains("(the username)"),
            "{:?}",
            report.results[0]
        );
        let refused = http(
            500,
            serde_json::json!({ "errors": [format!("No user {API_USER} (resource)")] }),
        );
        let zone = http(
            200,
            serde_json::json!({ "url": "https://webservices5.autotask.net/atservicesrest/" }),
        );
        let report = api_run(&[zone, refused], &[]);
        let credentials = report
            .results
            .iter()
            .find(|r| r.rule == "credentials")
            .expect("a credentials result");
        assert!(
            credentials
                .message
                .contains("No user (the username) (resource)"),
            "{}",
            credentials.message
        );
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
