//! The setup journey's state machine: which steps, in which order, what a
//! stored verdict makes of each, and what moves a step back.

use autotask_setup_guard::journey::{journey, setup_markdown, Plan, StepId, StepState};
use serde_json::json;

fn rhipe() -> Plan {
    Plan {
        profile_id: "rhipe-prism-connect".into(),
        profile_name: "rhipe PRISM Connect".into(),
        profile_version: "1.0.0".into(),
        level_name: Some("Rhipe Integration".into()),
        vendor: Some("Rhipe - Cloud Services".into()),
        contract: true,
        live_check: true,
    }
}

fn states(record: &serde_json::Value) -> Vec<(StepId, StepState)> {
    let j = journey(&rhipe(), &record.to_string()).expect("a record is read");
    j.steps.iter().map(|s| (s.id, s.state)).collect()
}

fn verdict(name: &str, passes: bool, open: u32) -> serde_json::Value {
    json!({ "name": name, "passes": passes, "open": open, "at": "2026-12-02T06:00:00Z" })
}

#[test]
fn a_host_never_seen_has_every_step_not_started_in_the_guides_order() {
    let j = journey(&rhipe(), "").unwrap();
    let ids: Vec<_> = j.steps.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            StepId::CopyLevel,
            StepId::LevelPermissions,
            StepId::Contract,
            StepId::ApiUser,
            StepId::LiveCheck,
            StepId::Connect
        ]
    );
    assert!(j.steps[..5]
        .iter()
        .all(|s| s.state == StepState::NotStarted));
    assert_eq!(j.steps[5].state, StepState::NotVerifiable);
    assert_eq!((j.done, j.total, j.next), (0, 5, Some(StepId::CopyLevel)));
    assert!(
        j.steps[0].todo.contains("\"Rhipe Integration\""),
        "{}",
        j.steps[0].todo
    );
    assert!(j.steps[3].todo.contains("Rhipe - Cloud Services"));
    assert_eq!(
        j.steps[3].path,
        Some("/Mvc/AdministrationSetup/ApiUser.mvc/NewApiUser")
    );
}

#[test]
fn a_profile_without_contract_or_api_rules_has_no_such_steps() {
    let plan = Plan {
        contract: false,
        vendor: None,
        live_check: false,
        ..rhipe()
    };
    let j = journey(&plan, "null").unwrap();
    let ids: Vec<_> = j.steps.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [StepId::CopyLevel, StepId::LevelPermissions, StepId::Connect]
    );
    assert_eq!(j.total, 2);
}

#[test]
fn a_remembered_level_means_the_copy_exists_and_its_verdict_decides_the_next_step() {
    let rec = json!({ "level": "Rhipe Integration" });
    let got = states(&rec);
    assert_eq!(got[0], (StepId::CopyLevel, StepState::Done));
    assert_eq!(got[1], (StepId::LevelPermissions, StepState::NotStarted));

    let rec = json!({
        "level": "Rhipe Integration",
        "journal": { "security-level": {
            "name": "Rhipe Integration", "passes": false, "open": 3, "at": "2026-12-02T06:00:00Z",
            "findings": [
                { "id": "crm-customer-cancelation", "control": "Customer & Cancelation", "outcome": "fail" },
                { "id": "baseline", "control": "Tickets", "outcome": "excess" },
                { "id": "x", "control": "y", "outcome": "pass" }
            ]
        } }
    });
    let j = journey(&rhipe(), &rec.to_string()).unwrap();
    let level = &j.steps[1];
    assert_eq!(level.state, StepState::InProgress);
    assert_eq!(level.open, 3);
    assert_eq!(level.findings.len(), 2, "passes are not findings");
    assert_eq!(j.next, Some(StepId::LevelPermissions));
}

#[test]
fn a_step_verified_and_then_changed_goes_back_to_in_progress() {
    let mut rec = json!({ "level": "Rhipe Integration", "journal": {
        "security-level": verdict("Rhipe Integration", true, 0),
        "contract": verdict("PRISM Connect", true, 0),
    } });
    assert_eq!(states(&rec)[1].1, StepState::Done);
    assert_eq!(states(&rec)[2].1, StepState::Done);
    // The page was checked again after a change: the last verdict wins.
    rec["journal"]["security-level"] = verdict("Rhipe Integration", false, 1);
    assert_eq!(states(&rec)[1].1, StepState::InProgress);
    assert_eq!(states(&rec)[2].1, StepState::Done);
}

#[test]
fn the_whole_setup_done_leaves_only_the_vendors_portal() {
    let rec = json!({ "level": "Rhipe Integration", "journal": {
        "security-level": verdict("Rhipe Integration", true, 0),
        "contract": verdict("PRISM Connect", true, 0),
        "api-user": verdict("PRISM API", true, 0),
        "live-check": { "passes": true, "open": 0, "at": "2026-12-02T06:10:00Z" },
    } });
    let j = journey(&rhipe(), &rec.to_string()).unwrap();
    assert_eq!((j.done, j.total, j.next), (5, 5, None));
    assert_eq!(j.steps[3].object.as_deref(), Some("PRISM API"));
    assert_eq!(j.steps[4].at.as_deref(), Some("2026-12-02T06:10:00Z"));
}

#[test]
fn evidence_that_cannot_be_read_is_no_evidence() {
    for bad in [
        json!({ "journal": { "security-level": { "name": "L", "open": 0 } } }), // no outcome
        json!({ "journal": { "security-level": { "name": "L", "passes": "yes" } } }),
        json!({ "journal": { "security-level": "done" } }),
        json!({ "journal": ["security-level"] }),
        json!({ "journal": { "security-level": { "passes": true, "open": -1 } } }),
        // A "pass" still counting open findings is not a pass.
        json!({ "journal": { "security-level": { "passes": true, "open": 2 } } }),
    ] {
        let got = states(&bad);
        assert_ne!(got[1].1, StepState::Done, "{bad}");
    }
    // An over-long name (a page's script filling storage) is not read back.
    let long = "x".repeat(300);
    let j = journey(&rhipe(), &json!({ "level": long }).to_string()).unwrap();
    assert_eq!(j.steps[0].state, StepState::NotStarted);
    // Not JSON at all: a clear error, not a panic.
    let err = journey(&rhipe(), "{not json").unwrap_err();
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

#[test]
fn the_setup_report_names_objects_and_findings_and_nothing_else() {
    let rec = json!({
        "level": "Rhipe Integration",
        // Fields a record must never carry; if one did, the report still holds nothing of it.
        "secret": "Zq7$Kp2!mW9#xR4@tY6&vB3*", "username": "api7Q2@example.com", "zone": "https://webservices5.autotask.net",
        "journal": {
            "security-level": { "name": "Rhipe Integration", "passes": false, "open": 1, "at": "2026-12-02T06:00:00Z",
                "findings": [{ "id": "crm-customer-cancelation", "control": "Customer & Cancelation", "outcome": "fail" }] },
            "api-user": verdict("PRISM API", true, 0),
        }
    });
    let j = journey(&rhipe(), &rec.to_string()).unwrap();
    let md = setup_markdown(&j, "2026-12-02 06:30");
    assert!(
        md.starts_with("# Autotask setup: rhipe PRISM Connect\n"),
        "{md}"
    );
    assert!(md.contains("2 of 5 steps verified"), "{md}");
    assert!(
        md.contains("**Set the copied level's permissions**: in progress · \"Rhipe Integration\""),
        "{md}"
    );
    assert!(
        md.contains("   - fail · Customer & Cancelation (`crm-customer-cancelation`)\n"),
        "{md}"
    );
    assert!(
        md.contains("3. **Create the Recurring Service contract**: not started\n   Next: "),
        "{md}"
    );
    assert!(
        md.contains("**Create the API user**: done · \"PRISM API\""),
        "{md}"
    );
    for never in [
        "Zq7",
        "api7Q2",
        "example",
        "webservices5",
        "autotask\\.net",
        "autotask.net",
    ] {
        assert!(!md.contains(never), "{never} in {md}");
    }
    let json = serde_json::to_string(&j).unwrap();
    for never in ["Zq7", "api7Q2", "webservices5"] {
        assert!(!json.contains(never), "{never} in {json}");
    }
}
