//! The reports wasm's JavaScript face in real browsers (scripts/test.sh's
//! wasm suites): what the worker calls on it answers as the engine's own
//! functions do, with the built-in profiles handed over as the worker
//! hands them, and bad input is an error with a code, never a panic.
#![cfg(target_arch = "wasm32")]

use asg_reports::{add_built_in_profile, journal_after, live_verdict, setup_journey};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RHIPE: &str = include_str!("../../../src/profiles/rhipe-prism-connect.json");

fn code_of(err: wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(&err, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_setup_report_is_made_from_a_handed_over_profile() {
    add_built_in_profile("rhipe-prism-connect.json", RHIPE.to_string()).unwrap();
    let out: Value = serde_json::from_str(
        &setup_journey("rhipe-prism-connect", None, "", "2026-12-03 06:00").unwrap(),
    )
    .unwrap();
    let md = out["markdown"].as_str().unwrap();
    assert!(md.starts_with("# Autotask setup: "), "{md}");
    assert!(md.contains("2026-12-03 06:00"), "{md}");
    // Nothing checked yet on this host: every step is still to do.
    let steps = out["report"]["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    assert_eq!(out["report"]["done"], 0);
}

#[wasm_bindgen_test]
fn a_profile_not_handed_over_or_bad_input_is_refused_with_a_code() {
    let err = setup_journey("no-such-profile", None, "", "").unwrap_err();
    assert_eq!(code_of(err), "unknown-profile");
    let err = add_built_in_profile("not-a-built-in.json", "{}".into()).unwrap_err();
    assert_eq!(code_of(err), "profile");
    assert_eq!(
        code_of(journal_after("", "{\"key\": 7}", "2026-12-03T06:00:00Z").unwrap_err()),
        "journal"
    );
    assert_eq!(code_of(live_verdict("{}").unwrap_err()), "journal");
}
