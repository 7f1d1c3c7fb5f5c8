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
