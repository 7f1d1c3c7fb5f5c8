//! Several integrations on one Autotask (issue 22): each level is judged by
//! the profile whose name hint its name matches, whichever profile is active.

use autotask_setup_guard::check_page;
use autotask_setup_guard::recognize::SECURITY_SECTIONS;
use serde_json::{json, Value};

/// A security level page named `name`: every section, one checkbox.
fn level(name: &str) -> String {
    let mut sections = vec!["General"];
    sections.extend(SECURITY_SECTIONS.iter());
    json!({"seq": 1, "lang": "en", "sections": sections, "controls": [
        {"handle": 0, "kind": "text", "label": "Name", "path": ["General"], "value": name},
        {"handle": 1, "kind": "checkbox", "label": "Can login to Web Services API", "path": ["WEB SERVICES API"], "checked": true},
    ]})
    .to_string()
}

fn judged_by(name: &str, context: Value) -> (String, bool) {
    let out = check_page(&level(name), &context.to_string(), None).expect("the page is judged");
    let report: Value = serde_json::from_str(&out).expect("a report");
    (
        report["profile"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        report["bound"] == true,
    )
}

#[test]
fn two_integrations_levels_on_one_host_are_each_judged_by_their_own_profile() {
    let rhipe_active = json!({"profile": "rhipe-prism-connect"});
    assert_eq!(
        judged_by("Rhipe Integration", rhipe_active.clone()),
        ("rhipe-prism-connect".into(), true)
    );
    assert_eq!(
        judged_by("Guardz API access", rhipe_active.clone()),
        ("guardz".into(), true)
    );
    assert_eq!(
        judged_by("TimeZest", rhipe_active.clone()),
        ("timezest".into(), true)
    );
    // The other way round: with TimeZest active, rhipe's level is rhipe's.
    let timezest_active = json!({"profile": "timezest"});
    assert_eq!(
        judged_by("Rhipe Integration", timezest_active.clone()),
        ("rhipe-prism-connect".into(), true)
    );
    assert_eq!(
        judged_by("TimeZest", timezest_active),
        ("timezest".into(), true)
    );
}

#[test]
fn a_level_no_profile_names_stays_with_the_active_profile_and_unbound() {
    let (id, bound) = judged_by(
        "Helpdesk technicians",
        json!({"profile": "rhipe-prism-connect"}),
    );
    assert_eq!((id.as_str(), bound), ("rhipe-prism-connect", false));
}

#[test]
fn what_the_admin_chose_for_the_active_profile_wins_over_another_profiles_name() {
    // A level named like Guardz's, chosen in the panel while rhipe is active: rhipe's.
    let ctx = json!({"profile": "rhipe-prism-connect", "chosenLevels": ["Guardz API access"]});
    assert_eq!(
        judged_by("Guardz API access", ctx),
        ("rhipe-prism-connect".into(), true)
    );
}

const FRESH: &str = "Copy of API User (system) (API-only)";

fn report_of(name: &str, context: Value, custom: Option<String>) -> Value {
    let out = check_page(&level(name), &context.to_string(), custom).expect("the page is judged");
    serde_json::from_str(&out).expect("a report")
}

/// A built-in profile's file as if an admin imported it under another id.
fn imported(from: &str, id: &str, name: &str) -> String {
    let text = autotask_setup_guard::profile::built_in_text(from).expect("a built-in");
    let mut v: Value = serde_json::from_str(text).unwrap();
    v["id"] = json!(id);
    v["name"] = json!(name);
    v.to_string()
}

#[test]
fn a_fresh_copy_is_asked_which_integration_it_is_for_not_bound() {
    let report = report_of(FRESH, json!({"profile": "timezest"}), None);
    assert_eq!(report["bound"], false, "asked, not judged");
    assert!(report["marks"].as_array().unwrap().is_empty());
    let offer = &report["offer"];
    assert!(offer["text"]
        .as_str()
        .unwrap()
        .contains("Which integration"));
    let choices = offer["choices"]
        .as_array()
        .expect("the profiles to choose from");
    let ids: Vec<&str> = choices.iter().map(|c| c["id"].as_str().unwrap()).collect();
    // Every built-in profile, the active one first, each once.
    assert_eq!(ids[0], "timezest");
    let built_in = autotask_setup_guard::profile::built_in().unwrap();
    assert_eq!(ids.len(), built_in.len());
    for p in built_in {
        assert!(ids.contains(&p.id.as_str()), "{} offered", p.id);
    }
    for c in choices {
        assert!(!c["name"].as_str().unwrap().is_empty());
        assert_eq!(
            c["message"],
            json!({"type": "choose-level-profile", "name": FRESH, "id": c["id"]})
        );
    }
}

#[test]
fn an_imported_profile_is_one_of_the_choices_while_a_built_in_is_active() {
    let custom = imported("guardz", "our-psa-sync", "Our PSA sync");
    let report = report_of(
        FRESH,
        json!({"profile": "rhipe-prism-connect"}),
        Some(custom.clone()),
    );
    assert_eq!(report["bound"], false);
    assert_eq!(report["profile"]["id"], "rhipe-prism-connect");
    let ids: Vec<&str> = report["offer"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(&ids[..2], ["rhipe-prism-connect", "our-psa-sync"]);
    // Chosen: judged by the imported profile, though rhipe's is active.
    let chosen = report_of(
        FRESH,
        json!({"profile": "rhipe-prism-connect", "host": {"levelProfiles": {FRESH: "our-psa-sync"}}}),
        Some(custom),
    );
    assert_eq!(
        (chosen["profile"]["id"].as_str(), chosen["bound"].as_bool()),
        (Some("our-psa-sync"), Some(true))
    );
}

#[test]
fn the_choice_is_remembered_per_level_and_each_level_keeps_its_own_profile() {
    // One host: rhipe's level by its name, a fresh copy the admin gave to
    // Guardz, another level saved for TimeZest; rhipe is active.
    let host = json!({"levelProfiles": {FRESH: "guardz", "Scheduling API": "timezest"}});
    let ctx = json!({"profile": "rhipe-prism-connect", "host": host});
    let judged = |name: &str| {
        let r = report_of(name, ctx.clone(), None);
        (
            r["profile"]["id"].as_str().unwrap().to_string(),
            r["bound"] == true,
            r["offer"].is_null(),
        )
    };
    assert_eq!(
        judged("Rhipe Integration"),
        ("rhipe-prism-connect".into(), true, true)
    );
    assert_eq!(judged(FRESH), ("guardz".into(), true, true));
    assert_eq!(judged("Scheduling API"), ("timezest".into(), true, true));
    // A level given to one profile is never judged by another, even one whose name hint it matches.
    let ctx = json!({"profile": "rhipe-prism-connect", "host": {"levelProfiles": {"Rhipe Integration": "sync-365"}}});
    let r = report_of("Rhipe Integration", ctx, None);
    assert_eq!(
        (r["profile"]["id"].as_str(), r["bound"].as_bool()),
        (Some("sync-365"), Some(true))
    );
}

#[test]
fn a_saved_level_is_remembered_with_the_profile_that_judged_it() {
    let ctx =
        json!({"profile": "rhipe-prism-connect", "host": {"levelProfiles": {FRESH: "guardz"}}});
    let r = report_of(FRESH, ctx, None);
    assert_eq!(
        r["onSave"],
        json!({"type": "remember-level", "name": FRESH, "id": "guardz"})
    );
}

#[test]
fn a_choice_of_a_profile_that_is_gone_asks_again() {
    let ctx = json!({"profile": "rhipe-prism-connect", "host": {"levelProfiles": {FRESH: "no-such-profile"}}});
    let r = report_of(FRESH, ctx, None);
    assert_eq!(r["bound"], false);
    assert!(!r["offer"]["choices"].as_array().unwrap().is_empty());
}
