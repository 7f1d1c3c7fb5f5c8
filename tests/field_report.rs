//! The structure report from the field (docs/field-reports.md): nothing
//! personal in it (scanned), every label and heading kept, each kept
//! security level page replayed to the verdict the extension gave, bad
//! input refused with a sentence.
#![cfg(feature = "checker")]

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::field_report::{self, MAX_BYTES};
use autotask_setup_guard::{profile, reading, report, snapshot};
use serde_json::{json, Value};
use std::fs;

/// The report of a format 2 snapshot, judged as the extension judges it.
fn build(snapshot: &Value, context: &str) -> String {
    let text = snapshot.to_string();
    let page = snapshot::page_from_json(&text).expect("a format 2 snapshot");
    let snap = reading::read(&page);
    let ctx = Context::from_json(context).expect("a context");
    let profile = profile::find(&ctx.profile).expect("the default profile");
    let verdict = report::check(profile, &snap, &ctx);
    field_report::build(&page, &snap, &verdict, profile, &ctx, "9.9.9")
}

/// The checker's replay, with the live verdict the report carries as `live`.
fn replay(text: &str) -> Value {
    let mut r: Value =
        serde_json::from_str(&field_report::replay(text).expect("a replayable report"))
            .expect("JSON");
    let report: Value = serde_json::from_str(text).expect("the report is JSON");
    r["live"] = report["verdict"].clone();
    r
}

/// A page of the kind support meets: an API user filled with a person's
/// details, a list of people, a person as a dropdown option, a filled
/// secret, free text and addresses with tokens.
fn personal_page() -> Value {
    let mut texts = Vec::new();
    let mut controls = Vec::new();
    let mut at = 0;
    let mut next = || {
        at += 1;
        at
    };
    let mut text = |t: &str, extra: Value, at: u32| {
        let mut v = json!({"text": t, "at": at, "block": at, "group": at, "look": "div.Row"});
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        texts.push(v);
    };
    text(
        "Edit API User - Peter Parker",
        json!({"heading": true, "look": "h1."}),
        next(),
    );
    text(
        "General",
        json!({"heading": true, "look": "div.SubHeading"}),
        next(),
    );
    let fields: [(&str, &str, &str); 7] = [
        ("First Name", "text", "Jonathan"),
        ("Last Name", "text", "Smithers"),
        ("Email Address", "text", "jonathan.smithers@contoso.com"),
        ("Mobile Phone", "text", "+1 (555) 123-4567"),
        ("Password (Secret)", "text", "S3cr3tValue!x9"),
        (
            "Notes",
            "text",
            "Call Maria Gonzalez about invoice 99812 first",
        ),
        ("Username (Key)", "text", "KeyValue7Q"),
    ];
    for (handle, (label, kind, value)) in fields.iter().enumerate() {
        let row = next();
        text(
            label,
            json!({"of": handle, "block": row, "group": row}),
            next(),
        );
        controls.push(
            json!({"handle": handle, "at": next(), "kind": kind, "value": value,
            "block": row, "group": row}),
        );
    }
    let row = next();
    text(
        "Security Level",
        json!({"of": 60, "block": row, "group": row}),
        next(),
    );
    controls.push(json!({"handle": 60, "at": next(), "kind": "select", "value": "Finance Desk Level",
        "options": ["Administrator", "Rhipe Integration", "Finance Desk Level"], "block": row, "group": row}));
    let row = next();
    text(
        "Primary Resource",
        json!({"of": 7, "block": row, "group": row}),
        next(),
    );
    controls.push(
        json!({"handle": 7, "at": next(), "kind": "select", "value": "Peter Parker",
        "options": ["Maria Gonzalez", "Peter Parker", "None"], "block": row, "group": row}),
    );
    text(
        "Resources",
        json!({"heading": true, "look": "div.SubHeading"}),
        next(),
    );
    // A list of people: a header row, then one row per person with a box.
    let cell = |row: u32, cell: u32| json!({"grid": 9, "row": row, "cell": cell, "cells": 4});
    for (c, h) in ["Resource", "Email", "Phone"].iter().enumerate() {
        text(
            h,
            merge(cell(0, c as u32 + 1), json!({"heading": true})),
            next(),
        );
    }
    let people = [
        (
            "Maria Gonzalez",
            "maria.gonzalez@contoso.com",
            "555-987-6543",
        ),
        ("Li Wei", "li.wei@fabrikam.example", "(020) 7946 0958"),
    ];
    for (r, (name, mail, phone)) in people.iter().enumerate() {
        let r = r as u32 + 1;
        controls.push(merge(
            json!({"handle": 10 + r, "at": next(), "kind": "checkbox", "checked": r == 1,
            "block": 100 + r, "group": 100 + r}),
            cell(r, 0),
        ));
        text(name, cell(r, 1), next());
        text(mail, cell(r, 2), next());
        text(phone, cell(r, 3), next());
    }
    text("Last changed by Peter Parker on 3 May", json!({}), next());
    text(
        "https://ww5.autotask.net/Autotask/Home.aspx?token=abcDEF1234567890xyz",
        json!({"link": true}),
        next(),
    );
    text("Save & Close", json!({"link": true}), next());
    json!({
        "format": 2, "seq": 4, "lang": "en",
        "url": "https://ww5.autotask.net/Mvc/Admin/ApiUser.mvc/Edit/29684001?userId=29684001&token=secretTOKEN123",
        "title": "Edit API User - Peter Parker - Autotask",
        "texts": texts, "controls": controls,
    })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(o), Some(e)) = (a.as_object_mut(), b.as_object()) {
        o.extend(e.clone());
    }
    a
}

#[test]
fn a_page_full_of_personal_data_leaves_none_of_it_in_the_report() {
    let text = build(&personal_page(), "{}");
    let lower = text.to_ascii_lowercase();
    let never = [
        "jonathan",
        "smithers",
        "contoso",
        "fabrikam",
        "maria",
        "gonzalez",
        "peter",
        "parker",
        "li wei",
        "555",
        "123-4567",
        "987-6543",
        "7946",
        "s3cr3t",
        "99812",
        "token=",
        "keyvalue7",
        "abcdef1234567890",
        "secrettoken",
        "29684001",
        "ww5",
        "autotask.net",
        "https",
        "finance desk",
        "administrator",
        "last changed",
    ];
    for word in never {
        assert!(
            !lower.contains(word),
            "the report holds \"{word}\":\n{text}"
        );
    }
    let v: Value = serde_json::from_str(&text).expect("the report is JSON");
    let kept: Vec<&str> = v["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .filter_map(|t| t["text"].as_str())
        .collect();
    for label in [
        "General",
        "First Name",
        "Last Name",
        "Email Address",
        "Mobile Phone",
        "Password (Secret)",
        "Notes",
        "Security Level",
        "Primary Resource",
        "Resources",
        "Resource",
        "Email",
        "Phone",
        "Save & Close",
        "Username (Key)",
        "Edit API User",
    ] {
        assert!(kept.contains(&label), "\"{label}\" is not kept: {kept:?}");
    }
    let w = &v["withheld"];
    assert!(w["email"].as_u64() >= Some(2), "{w}");
    assert!(w["phone"].as_u64() >= Some(2), "{w}");
    assert!(w["url"].as_u64() >= Some(1), "{w}");
    assert!(w["name"].as_u64() >= Some(2), "{w}");
    assert!(w["options"].as_u64() >= Some(3), "{w}");
    assert!(w["values"].as_u64() >= Some(4), "{w}");
    assert_eq!(v["path"], "/Mvc/Admin/ApiUser.mvc/Edit/…");
    assert_eq!(v["queryKeys"], json!(["userId", "token"]));
    assert_eq!(v["structureReport"], 1);
    assert_eq!(v["extension"], "9.9.9");
    // The secret: its field is known to be filled, nothing more.
    let secret = &v["controls"][4];
    assert_eq!(secret["kind"], "secret");
    assert_eq!(secret["filled"], true);
    assert!(
        secret.get("valueShape").is_none() && secret.get("valueLength").is_none(),
        "{secret}"
    );
    // "None" is Autotask's own option and stays; the people are lengths.
    assert_eq!(v["controls"][8]["options"], json!([14, 12, "None"]));
    assert_eq!(v["controls"][8]["valueOption"], 1);
    assert_eq!(v["verdict"]["page"], "api-user");
}

#[test]
fn the_values_shape_survives_for_the_rules_and_the_replay_says_what_it_cannot_judge() {
    let text = build(&personal_page(), "{}");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        v["controls"][2]["valueShape"],
        "xxxxxxxx.xxxxxxxx@xxxxxxx.xxx"
    );
    let r = replay(&text);
    assert_eq!(r["live"]["page"], r["report"]["page"]);
    assert!(r["read"]
        .as_array()
        .expect("read")
        .iter()
        .any(|c| c["label"] == "Email Address"));
}

#[test]
fn every_kept_security_level_page_replays_to_the_extensions_verdict() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut checked = 0;
    for entry in
        fs::read_dir(format!("{root}/tests/snapshots/security-level")).expect("kept snapshots")
    {
        let path = entry.expect("an entry").path();
        let kept: Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("readable")).expect("JSON");
        let name = path.display().to_string();
        for context in [
            "{}",
            r#"{"judgeAnyLevel": true}"#,
            r#"{"rememberedLevel": "Finance Team"}"#,
        ] {
            let text = build(&kept["snapshot"], context);
            let r = replay(&text);
            assert_eq!(
                r["same"], true,
                "{name} with {context}: {}",
                r["differences"]
            );
            assert_eq!(r["report"]["summary"], r["live"]["summary"], "{name}");
            assert_eq!(r["report"]["page"], r["live"]["page"], "{name}");
            // No field's value: the description is free text.
            assert!(
                !text.contains("Copied from"),
                "{name}: the description is in the report"
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} kept pages");
}

#[test]
fn a_page_larger_than_the_bound_reports_its_first_part_and_says_so() {
    let mut page = personal_page();
    let texts = page["texts"].as_array_mut().expect("texts");
    for i in 0..40_000u32 {
        texts.push(json!({"text": format!("Unrelated row text number {i} of a long list"), "at": 10_000 + i,
            "block": 10_000 + i, "group": 1, "look": "div.Row"}));
    }
    let text = build(&page, "{}");
    assert!(text.len() <= MAX_BYTES, "{} bytes", text.len());
    let v: Value = serde_json::from_str(&text).expect("JSON, whole");
    assert!(
        v["truncated"]["fromAt"].as_u64().is_some(),
        "{}",
        v["truncated"]
    );
    assert!(v["truncated"]["texts"].as_u64() > Some(40_000));
    // The first part still replays: the controls come first on this page.
    assert_eq!(replay(&text)["live"]["page"], "api-user");
}

#[test]
fn bad_input_is_refused_with_a_sentence() {
    let good = build(&personal_page(), "{}");
    let cases = [
        (
            "<html><body>saved page</body></html>".to_string(),
            "not a structure report",
        ),
        (
            good.chars()
                .take(good.chars().count() / 2)
                .collect::<String>(),
            "cut off",
        ),
        (
            good.replacen("\"structureReport\":1", "\"structureReport\":7", 1),
            "format 7",
        ),
        (
            r#"{"format": 1, "results": [], "page": "security-level"}"#.to_string(),
            "verdict report",
        ),
        (
            r#"{"something": "else"}"#.to_string(),
            "not a structure report",
        ),
        (" ".repeat(MAX_BYTES + 70 * 1024), "at most"),
    ];
    for (text, says) in cases {
        let err = field_report::replay(&text)
            .err()
            .unwrap_or_else(|| panic!("accepted: {}", &text[..80.min(text.len())]));
        assert!(err.contains(says), "\"{err}\" does not say \"{says}\"");
        assert!(err.ends_with('.'), "\"{err}\"");
    }
}

#[test]
fn patterns_and_names_are_told_from_interface_texts() {
    use field_report::{name_like, personal};
    for (t, kind) in [
        ("mail jane.doe@example.org now", "email"),
        ("+44 20 7946 0958", "phone"),
        ("see https://x.example/a", "url"),
        ("/Home.aspx?sessionId=abc", "url"),
        ("Account 1234567", "phone"),
        ("id 98765", "number"),
        ("key a1b2c3d4e5f6g7h8i9j0", "token"),
        ("jane%40example.org", "email"),
        ("jane&#64;example.org", "email"),
    ] {
        assert_eq!(personal(t), Some(kind), "{t}");
    }
    for t in [
        "Contract Visibility (for contracts you have access to)",
        "01/05/2027",
        "Save & Close",
        "CRM",
    ] {
        assert_eq!(personal(t), None, "{t}");
    }
    assert!(name_like("Maria Gonzalez") && name_like("Li Wei") && name_like("Anne-Marie O'Neil"));
    for t in [
        "Primary Resource",
        "Contract Type",
        "Email Address",
        "SERVICE DESK",
        "Can login",
        "Notes",
    ] {
        assert!(!name_like(t), "{t}");
    }
}
