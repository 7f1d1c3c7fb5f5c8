//! Re-verify after a change (src/incremental.rs): a frame's kept snapshot
//! with only the changed states sent gives the very report the whole page
//! sent again gives, over random toggles of every kept page; and a change
//! with nothing to apply it to is refused, so the page sends the whole page.
// proptest's random source does not build for wasm32 (cargo test --target wasm32-unknown-unknown).
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/proptest.rs"]
mod shared;

use autotask_setup_guard::incremental::{Change, Changes, Kept, MAX_FRAMES};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::{check_frame, check_page, recheck_frame};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::fs;

/// The snapshots the eyes took of the fixture pages (tests/snapshots/).
fn kept_snapshots() -> Vec<(String, Value)> {
    let dir = format!(
        "{}/tests/snapshots/security-level",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut out: Vec<(String, Value)> = fs::read_dir(&dir)
        .expect("tests/snapshots/security-level")
        .map(|e| e.expect("a file").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let doc: Value =
                serde_json::from_str(&fs::read_to_string(&p).expect("readable")).expect("JSON");
            (p.display().to_string(), doc["snapshot"].clone())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 10, "the kept snapshots are gone from {dir}");
    out
}

/// A secret named only by its label (the eyes saw a text field), beside a box.
fn secret_page() -> Value {
    json!({
        "format": 2, "seq": 1, "url": "", "lang": "en", "title": "Edit Security Level",
        "texts": [
            {"text": "Security Level Name", "at": 0, "block": 1, "group": 1},
            {"text": "Password", "at": 2, "block": 2, "group": 2},
            {"text": "Can login to Web Services API", "at": 5, "block": 3, "group": 3}
        ],
        "controls": [
            {"handle": 0, "at": 1, "kind": "text", "value": "Rhipe Integration", "block": 1, "group": 1},
            {"handle": 1, "at": 3, "kind": "text", "value": "", "block": 2, "group": 2},
            {"handle": 2, "at": 4, "kind": "checkbox", "checked": false, "block": 3, "group": 3}
        ]
    })
}

const CONTEXT: &str = r#"{"judgeAnyLevel": true, "today": "2026-12-04"}"#;

/// One random change of a control's state, as the page would send it.
#[derive(Debug, Clone)]
enum Edit {
    Checked(Option<bool>),
    Value(Option<String>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => any::<bool>().prop_map(|b| Edit::Checked(Some(b))),
        1 => Just(Edit::Checked(None)),
        2 => prop_oneof![Just("All".to_string()), Just("None".to_string()), Just(String::new()), "[a-z ]{0,8}"]
            .prop_map(|v| Edit::Value(Some(v))),
        1 => Just(Edit::Value(None)),
    ]
}

/// Applies `edits` (control index, edit) to `doc` as a whole new snapshot
/// would show them, and as the changes the page sends.
fn step(doc: &mut Value, seq: u32, edits: &[(prop::sample::Index, Edit)]) -> Changes {
    let base = doc["seq"].as_u64().expect("seq") as u32;
    doc["seq"] = json!(seq);
    let controls = doc["controls"].as_array_mut().expect("controls");
    let mut changes = Vec::new();
    for (index, e) in edits {
        let n = controls.len();
        let c = &mut controls[index.index(n)];
        let handle = c["handle"].as_u64().expect("handle") as u32;
        let (checked, value) = match e {
            Edit::Checked(b) => {
                c["checked"] = json!(b);
                (Some(*b), None)
            }
            Edit::Value(v) => {
                c["value"] = json!(v);
                (None, Some(v.clone()))
            }
        };
        changes.push(Change {
            handle,
            checked,
            value,
            filled: None,
        });
    }
    Changes {
        base,
        seq,
        controls: changes,
    }
}

fn changes_json(c: &Changes) -> String {
    let controls: Vec<Value> = c
        .controls
        .iter()
        .map(|ch| {
            let mut o = json!({ "handle": ch.handle });
            if let Some(b) = ch.checked {
                o["checked"] = json!(b);
            }
            if let Some(v) = &ch.value {
                o["value"] = json!(v);
            }
            o
        })
        .collect();
    json!({ "base": c.base, "seq": c.seq, "controls": controls }).to_string()
}

proptest! {
    #![proptest_config(shared::config(48))]

    /// Over random toggles, one step after another, the kept snapshot with
    /// the changes applied is judged exactly as the whole page sent again.
    #[test]
    fn a_recheck_gives_the_report_the_whole_page_gives(
        page in 0usize..13,
        steps in prop::collection::vec(prop::collection::vec((any::<prop::sample::Index>(), edit()), 0..4), 1..5),
    ) {
        let pages = kept_snapshots();
        let (name, mut doc) = if page < pages.len() { pages[page].clone() } else { ("secret page".into(), secret_page()) };
        let frame = format!("property:{name}:{steps:?}");
        let first = check_frame(&frame, &doc.to_string(), CONTEXT, None).expect("the page is judged");
        prop_assert_eq!(&first, &check_page(&doc.to_string(), CONTEXT, None).expect("the page is judged"));
        for (i, edits) in steps.iter().enumerate() {
            let changes = step(&mut doc, 10 + i as u32, edits);
            let whole = check_page(&doc.to_string(), CONTEXT, None).expect("the page is judged");
            let again = recheck_frame(&frame, &changes_json(&changes), CONTEXT, None).expect("the changes are applied");
            prop_assert_eq!(again, whole, "{} after step {}", name, i);
        }
    }
}

#[test]
fn a_secret_named_by_its_label_keeps_only_whether_it_is_filled() {
    let mut doc = secret_page();
    let frame = "secret:one";
    check_frame(frame, &doc.to_string(), CONTEXT, None).expect("judged");
    doc["seq"] = json!(2);
    doc["controls"][1]["value"] = json!("hunter2-very-secret");
    let whole = check_page(&doc.to_string(), CONTEXT, None).expect("judged");
    let again = recheck_frame(
        frame,
        r#"{"base":1,"seq":2,"controls":[{"handle":1,"value":"hunter2-very-secret"}]}"#,
        CONTEXT,
        None,
    )
    .expect("applied");
    assert_eq!(again, whole);
    assert!(
        !again.contains("hunter2"),
        "the secret's value is in the report"
    );
}

fn snap(seq: u32) -> Snapshot {
    let (_, doc) = kept_snapshots().remove(0);
    let mut s = Snapshot::from_json(&doc.to_string()).expect("a snapshot");
    s.seq = seq;
    s
}

fn toggle(base: u32, seq: u32, handle: u32) -> Changes {
    Changes {
        base,
        seq,
        controls: vec![Change {
            handle,
            checked: Some(Some(true)),
            value: None,
            filled: None,
        }],
    }
}

#[test]
fn changes_with_nothing_to_apply_them_to_are_refused_and_the_frame_forgotten() {
    let mut kept = Kept::new();
    // A worker started again: nothing kept.
    assert!(kept.apply("tab:1", &toggle(1, 2, 0)).is_none());
    kept.keep("tab:1", snap(1));
    // A change lost on the way: another base than the kept seq.
    assert!(kept.apply("tab:1", &toggle(5, 6, 0)).is_none());
    assert!(
        kept.apply("tab:1", &toggle(1, 2, 0)).is_none(),
        "the frame is forgotten after a refusal"
    );
    kept.keep("tab:1", snap(1));
    // A handle the kept page does not have.
    assert!(kept.apply("tab:1", &toggle(1, 2, 999_999)).is_none());
    kept.keep("tab:1", snap(1));
    let applied = kept.apply("tab:1", &toggle(1, 2, 0)).expect("applied");
    assert_eq!(applied.seq, 2);
    assert!(
        kept.apply("tab:1", &toggle(2, 3, 0)).is_some(),
        "each change follows the last"
    );
}

#[test]
fn frames_are_forgotten_by_tab_and_the_oldest_first() {
    let mut kept = Kept::new();
    for i in 0..MAX_FRAMES + 3 {
        kept.keep(&format!("{i}:0:t"), snap(1));
    }
    assert_eq!(kept.len(), MAX_FRAMES);
    assert!(
        kept.apply("0:0:t", &toggle(1, 2, 0)).is_none(),
        "the oldest went first"
    );
    assert!(kept
        .apply(&format!("{}:0:t", MAX_FRAMES + 2), &toggle(1, 2, 0))
        .is_some());
    kept.forget(&format!("{}:", MAX_FRAMES + 2));
    assert!(kept
        .apply(&format!("{}:0:t", MAX_FRAMES + 2), &toggle(2, 3, 0))
        .is_none());
}

#[test]
fn malformed_changes_are_refused_with_their_field() {
    for (text, field) in [
        (r#"{"seq":2,"controls":[]}"#, "base"),
        (
            r#"{"base":1,"seq":2,"controls":[{"handle":-1}]}"#,
            "controls[0].handle",
        ),
        (
            r#"{"base":1,"seq":2,"controls":[{"handle":1,"checked":"yes"}]}"#,
            "controls[0].checked",
        ),
        (
            r#"{"base":1,"seq":2,"controls":[{"handle":1,"label":"x"}]}"#,
            "controls[0].label",
        ),
        ("[]", ""),
    ] {
        let err = Changes::from_json(text).expect_err(text);
        assert_eq!(err.field, field, "{text}: {err}");
    }
}
