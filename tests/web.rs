//! The engine's JavaScript face, run as wasm in real browsers (Chromium and
//! Firefox, through `wasm-bindgen-test-runner`: scripts/test.sh): what the
//! worker and the checker page call must answer the same there as natively.
#![cfg(target_arch = "wasm32")]

use autotask_setup_guard::profile::{file_of, BUILT_IN};
use autotask_setup_guard::recognize::SECURITY_SECTIONS;
use autotask_setup_guard::{
    add_built_in_profile, check_page, engine_version, list_profiles, panel_markdown,
    validate_profile,
};
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The built-in profiles' files, as the build ships them beside the wasm
/// (which carries none of them): given to the engine as the worker gives them.
const FILES: [(&str, &str); 8] = [
    (
        "rhipe-prism-connect.json",
        include_str!("../src/profiles/rhipe-prism-connect.json"),
    ),
    (
        "crayon-billing-sync.json",
        include_str!("../src/profiles/crayon-billing-sync.json"),
    ),
    (
        "sync-365.json",
        include_str!("../src/profiles/sync-365.json"),
    ),
    (
        "cow-warranty-sync.json",
        include_str!("../src/profiles/cow-warranty-sync.json"),
    ),
    (
        "msp360-managed-backup.json",
        include_str!("../src/profiles/msp360-managed-backup.json"),
    ),
    ("guardz.json", include_str!("../src/profiles/guardz.json")),
    (
        "timezest.json",
        include_str!("../src/profiles/timezest.json"),
    ),
    ("rewst.json", include_str!("../src/profiles/rewst.json")),
];

/// Gives the engine every built-in profile (again: the same text is taken once).
fn loaded() {
    for (file, text) in FILES {
        add_built_in_profile(file, text.to_string()).expect("a built-in profile's own file");
    }
}

#[wasm_bindgen_test]
fn the_wasm_takes_its_built_in_profiles_as_files() {
    let names: Vec<String> = BUILT_IN.iter().map(|id| file_of(id)).collect();
    assert_eq!(names, FILES.map(|(file, _)| file.to_string()));
    loaded();
    let (message, code) =
        message_and_code(add_built_in_profile("sync-365.json", "{}".to_string()).unwrap_err());
    assert_eq!(code, "profile");
    assert!(message.contains("already given"), "{message}");
    let (message, code) =
        message_and_code(add_built_in_profile("acme.json", "{}".to_string()).unwrap_err());
    assert_eq!(code, "profile");
    assert!(
        message.contains("not one of this engine's built-in profiles"),
        "{message}"
    );
}

fn snapshot(login_on: bool, name: &str) -> String {
    let controls = json!([
        {"handle": 0, "kind": "text", "label": "Name", "value": name},
        {"handle": 1, "kind": "checkbox", "label": "Can login to Web Services API (Access to version 1.6 & later is limited to API User security levels)", "path": ["WEB SERVICES API"], "checked": login_on},
        {"handle": 2, "kind": "checkbox", "label": "Allow impersonation of resources with this security level", "path": ["WEB SERVICES API"], "checked": false}
    ]);
    json!({"seq": 7, "lang": "en", "sections": *SECURITY_SECTIONS, "controls": controls})
        .to_string()
}

fn check(snap: &str) -> Value {
    loaded();
    let report = check_page(snap, "{}", None).expect("the engine accepts a well-formed snapshot");
    serde_json::from_str(&report).expect("the report is JSON")
}

#[wasm_bindgen_test]
fn reports_version_and_the_rhipe_profile() {
    assert_eq!(engine_version(), env!("CARGO_PKG_VERSION"));
    loaded();
    let profiles: Value =
        serde_json::from_str(&list_profiles().expect("built-in profiles parse")).unwrap();
    assert_eq!(profiles[0]["id"], "rhipe-prism-connect");
}

#[wasm_bindgen_test]
fn login_off_fails_and_is_marked() {
    let report = check(&snapshot(false, "Rhipe Integration"));
    assert_eq!(report["page"], "security-level");
    assert_eq!(report["seq"], 7);
    assert_eq!(report["bound"], true);
    let marks = report["marks"].as_array().unwrap();
    assert!(
        marks.contains(&json!({"handle": 1, "outcome": "fail", "apply": "on"})),
        "{marks:?}"
    );
    assert!(
        marks.contains(&json!({"handle": 2, "outcome": "pass", "apply": null})),
        "{marks:?}"
    );
    assert_eq!(report["passes"], false);
}

#[wasm_bindgen_test]
fn another_teams_level_is_not_judged() {
    let report = check(&snapshot(false, "Finance Team"));
    assert_eq!(report["bound"], false);
    assert_eq!(report["marks"], json!([]));
    assert_eq!(report["summary"], Value::Null);
}

/// An engine error as JavaScript sees it: an `Error`'s message and its `code`.
fn message_and_code(err: wasm_bindgen::JsValue) -> (String, String) {
    let code = js_sys::Reflect::get(&err, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    let error: js_sys::Error = wasm_bindgen::JsCast::unchecked_into(err);
    (String::from(error.message()), code)
}

#[wasm_bindgen_test]
fn malformed_input_is_an_error_not_a_panic() {
    let err = check_page("{\"seq\": \"seven\"}", "{}", None).unwrap_err();
    assert_eq!(
        message_and_code(err),
        (
            "snapshot: field `seq`: expected a whole number, found a text".to_string(),
            "snapshot".to_string()
        )
    );
    assert!(check_page("<html>", "{}", None).is_err());
}

#[wasm_bindgen_test]
fn a_custom_profile_is_validated_with_its_line_and_judges_pages() {
    let err = validate_profile("mine.json", "{\n  \"format\": 3\n}").unwrap_err();
    assert_eq!(
        message_and_code(err),
        (
            "mine.json: field `format`: expected 1 or 2, the formats this engine reads; found 3 (line 2)"
                .to_string(),
            "profile".to_string()
        )
    );
    let mine = include_str!("../src/profiles/sync-365.json")
        .replace("\"id\": \"sync-365\"", "\"id\": \"acme\"")
        .replace(
            "\"contains\": [\"sync 365\", \"sync365\"]",
            "\"contains\": [\"rhipe\"]",
        );
    let about: Value =
        serde_json::from_str(&validate_profile("mine.json", &mine).unwrap()).unwrap();
    assert_eq!(about[0]["id"], "acme");
    let snap = snapshot(true, "Rhipe Integration");
    let report: Value =
        serde_json::from_str(&check_page(&snap, "{}", Some(mine.clone())).unwrap()).unwrap();
    assert_eq!(report["profile"]["id"], "acme");
    let md = panel_markdown(&snap, "{}", Some(mine), "2026-11-27T10:00:00Z").unwrap();
    assert!(md.contains("- Profile: Sync 365 1.2.0 (acme)"), "{md}");
    assert!(md.contains("- Checked: 2026-11-27T10:00:00Z"), "{md}");
}
