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
        "journal": { "rhipe-prism-connect": { "security-level": {
            "name": "Rhipe Integration", "passes": false, "open": 3, "at": "2026-12-02T06:00:00Z",
            "findings": [
                { "id": "crm-customer-cancelation", "control": "Customer & Cancelation", "outcome": "fail" },
                { "id": "baseline", "control": "Tickets", "outcome": "excess" },
                { "id": "x", "control": "y", "outcome": "pass" }
            ]
        } } }
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
    let mut rec = json!({ "level": "Rhipe Integration", "journal": { "rhipe-prism-connect": {
        "security-level": verdict("Rhipe Integration", true, 0),
        "contract": verdict("PRISM Connect", true, 0),
    } } });
    assert_eq!(states(&rec)[1].1, StepState::Done);
    assert_eq!(states(&rec)[2].1, StepState::Done);
    // The page was checked again after a change: the last verdict wins.
    rec["journal"]["rhipe-prism-connect"]["security-level"] =
        verdict("Rhipe Integration", false, 1);
    assert_eq!(states(&rec)[1].1, StepState::InProgress);
    assert_eq!(states(&rec)[2].1, StepState::Done);
}

#[test]
fn the_whole_setup_done_leaves_only_the_vendors_portal() {
    let rec = json!({ "level": "Rhipe Integration", "journal": { "rhipe-prism-connect": {
        "security-level": verdict("Rhipe Integration", true, 0),
        "contract": verdict("PRISM Connect", true, 0),
        "api-user": verdict("PRISM API", true, 0),
        "live-check": { "passes": true, "open": 0, "at": "2026-12-02T06:10:00Z" },
    } } });
    let j = journey(&rhipe(), &rec.to_string()).unwrap();
    assert_eq!((j.done, j.total, j.next), (5, 5, None));
    assert_eq!(j.steps[3].object.as_deref(), Some("PRISM API"));
    assert_eq!(j.steps[4].at.as_deref(), Some("2026-12-02T06:10:00Z"));
}

#[test]
fn evidence_that_cannot_be_read_is_no_evidence() {
    for bad in [
        json!({ "journal": { "rhipe-prism-connect": { "security-level": { "name": "L", "open": 0 } } } }), // no outcome
        json!({ "journal": { "rhipe-prism-connect": { "security-level": { "name": "L", "passes": "yes" } } } }),
        json!({ "journal": { "rhipe-prism-connect": { "security-level": "done" } } }),
        json!({ "journal": { "rhipe-prism-connect": ["security-level"] } }),
        json!({ "journal": { "rhipe-prism-connect": { "security-level": { "passes": true, "open": -1 } } } }),
        // A "pass" still counting open findings is not a pass.
        json!({ "journal": { "rhipe-prism-connect": { "security-level": { "passes": true, "open": 2 } } } }),
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
        "journal": { "rhipe-prism-connect": {
            "security-level": { "name": "Rhipe Integration", "passes": false, "open": 1, "at": "2026-12-02T06:00:00Z",
                "findings": [{ "id": "crm-customer-cancelation", "control": "Customer & Cancelation", "outcome": "fail" }] },
            "api-user": verdict("PRISM API", true, 0),
        } }
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

// ------------------------------------------------------------- the journal

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::journey::{journal_after, live_verdict, plan_of, verdict_from_json};
use autotask_setup_guard::profile;
use autotask_setup_guard::recognize::SECURITY_SECTIONS;
use autotask_setup_guard::report;
use autotask_setup_guard::snapshot::Snapshot;

/// A security level page "Rhipe Integration" as the profile wants it, but
/// for `wsapi_login` (the Web Services API login box).
fn level_report(wsapi_login: bool) -> report::Report {
    let c = |h: u32, kind: &str, label: &str, path: &str, extra: serde_json::Value| {
        let mut v = json!({"handle": h, "kind": kind, "label": label, "path": [path]});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let sel = |opts: &[&str], value: &str| json!({"value": value, "options": opts});
    let controls = vec![
        c(0, "text", "Name", "General", json!({"value": "Rhipe Integration"})),
        c(1, "checkbox", "Can modify Service/Bundle on contract charges", "CONTRACTS", json!({"checked": true})),
        c(2, "select", "Contracts", "CONTRACTS", json!({"column": "View", "value": "All", "options": ["All", "Organizations", "None"]})),
        c(3, "select", "Contracts", "CONTRACTS", json!({"column": "Add", "value": "No", "options": ["Yes", "No"]})),
        c(4, "select", "Contract Visibility (for contracts you have access to)", "CONTRACTS", sel(&["Full", "Limited", "None"], "Full")),
        c(5, "select", "Customer & Cancelation", "CRM", sel(&["All", "My Territories", "Mine", "None"], "All")),
        c(6, "select", "Vendor & Partners", "CRM", sel(&["All", "My Territories", "Mine", "None"], "None")),
        c(7, "checkbox", "Products, Services, & Inventory", "ADMIN", json!({"checked": true})),
        c(8, "checkbox", "Resources/Users (HR)", "ADMIN", json!({"checked": false})),
        c(9, "checkbox", "Can login to Web Services API (Access to version 1.6 & later is limited to API User security levels)", "WEB SERVICES API", json!({"checked": wsapi_login})),
        c(10, "checkbox", "Allow impersonation of resources with this security level", "WEB SERVICES API", json!({"checked": false})),
    ];
    let mut sections = vec!["General"];
    sections.extend(SECURITY_SECTIONS.iter().copied());
    let snap = json!({"seq": 1, "lang": "en", "sections": sections, "controls": controls});
    let snap = Snapshot::from_json(&snap.to_string()).expect("a snapshot");
    report::check(
        profile::find("rhipe-prism-connect").unwrap(),
        &snap,
        &Context::default(),
    )
}

#[test]
fn a_judged_page_gives_its_verdict_with_rule_ids_controls_and_outcomes_only() {
    let r = level_report(false);
    assert!(r.judged, "the level is bound by its name");
    let v = r.journal.expect("a judged level has a verdict");
    assert_eq!(
        (v.key, v.profile.as_str(), v.name.as_deref()),
        (
            "security-level",
            "rhipe-prism-connect",
            Some("Rhipe Integration")
        )
    );
    assert!(!v.passes);
    assert_eq!(v.open, 1);
    assert_eq!(v.findings.len(), 1, "{:?}", v.findings);
    assert_eq!(v.findings[0].outcome, "fail");
    assert!(v.findings[0]
        .control
        .starts_with("Can login to Web Services API"));
    let v = level_report(true).journal.unwrap();
    assert!(v.passes && v.open == 0 && v.findings.is_empty());
}

#[test]
fn the_journal_keeps_the_last_verdict_per_profile_and_writes_nothing_unchanged() {
    let failing = level_report(false).journal.unwrap();
    let passing = level_report(true).journal.unwrap();
    let j1 = journal_after("", &failing, "2026-12-02T06:00:00Z")
        .unwrap()
        .expect("a first verdict is written");
    let rec = |j: &String| format!("{{\"journal\": {j}}}");
    let plan = plan_of(profile::find("rhipe-prism-connect").unwrap());
    let level = |j: &String| journey(&plan, &rec(j)).unwrap().steps[1].clone();
    assert_eq!(level(&j1).state, StepState::InProgress);
    // The same verdict again (a re-check with nothing changed): nothing to write.
    assert!(journal_after(&j1, &failing, "2026-12-02T06:05:00Z")
        .unwrap()
        .is_none());
    let j2 = journal_after(&j1, &passing, "2026-12-02T06:10:00Z")
        .unwrap()
        .unwrap();
    let done = level(&j2);
    assert_eq!(
        (done.state, done.at.as_deref()),
        (StepState::Done, Some("2026-12-02T06:10:00Z"))
    );
    assert_eq!(done.object.as_deref(), Some("Rhipe Integration"));
    // Changed again on the page: back to in progress.
    let j3 = journal_after(&j2, &failing, "2026-12-02T06:20:00Z")
        .unwrap()
        .unwrap();
    assert_eq!(level(&j3).state, StepState::InProgress);
    // Another integration's verdict on the same host leaves rhipe's alone.
    let mut guardz = passing.clone();
    guardz.profile = "guardz".into();
    let j4 = journal_after(&j2, &guardz, "2026-12-02T06:30:00Z")
        .unwrap()
        .unwrap();
    assert_eq!(level(&j4).state, StepState::Done);
    assert!(j4.contains("\"guardz\":{\"security-level\""), "{j4}");
    // A verdict handed back by the worker is read as the engine wrote it.
    let text = serde_json::to_string(&passing).unwrap();
    assert_eq!(verdict_from_json(&text).unwrap(), passing);
    for bad in [
        r#"{"key":"home","profile":"x","passes":true}"#,
        r#"{"key":"contract","passes":true}"#,
        "[]",
    ] {
        assert!(verdict_from_json(bad).is_err(), "{bad}");
    }
    // A stored journal that is not a journal is replaced, never kept as evidence.
    let j = journal_after(
        r#"{"rhipe-prism-connect": {"api-user": "done"}, "x": 3}"#,
        &passing,
        "t",
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&j).unwrap(),
        json!({"rhipe-prism-connect": {"security-level": {
        "name": "Rhipe Integration", "passes": true, "open": 0, "at": "t", "findings": []}}})
    );
}

#[test]
fn the_live_checks_verdict_takes_outcomes_and_the_date_never_the_zone_or_username() {
    let report = json!({
        "format": 1, "engine": "0.1.0", "page": "api-live-check",
        "profile": {"id": "rhipe-prism-connect", "name": "rhipe PRISM Connect", "version": "1.0.0"},
        "zone": "https://webservices5.autotask.net/atservicesrest/", "checkedAt": "2026-12-02T06:40:00.000Z",
        "requests": 10, "requestsWithCredentials": 9, "summary": {"passed": 12, "total": 13}, "passes": false,
        "steps": [],
        "results": [
            {"rule": "zone", "section": "Zone lookup", "control": "Zone of GoodUser0000001", "outcome": "pass",
             "expected": "", "found": "webservices5", "message": "", "handles": []},
            {"rule": "query-Contracts", "section": "Access", "control": "Contracts", "outcome": "fail",
             "expected": "All", "found": "None", "message": "The user GoodUser0000001 may not query Contracts at webservices5.autotask.net", "handles": []}
        ],
        "advice": ["GoodUser0000001"]
    });
    let (v, at) = live_verdict(&report.to_string()).unwrap();
    assert_eq!(
        (v.key, at.as_str(), v.passes, v.open),
        ("live-check", "2026-12-02T06:40:00.000Z", false, 1)
    );
    assert_eq!(v.findings.len(), 1);
    let text = serde_json::to_string(&v).unwrap();
    for never in ["webservices5", "autotask.net", "may not query"] {
        assert!(!text.contains(never), "{never} in {text}");
    }
    assert!(live_verdict("{}").is_err());
}

#[test]
fn the_live_check_step_is_there_exactly_for_the_profiles_the_live_check_knows() {
    // What the live check itself knows (crates/live-check reads the same
    // profiles' `api` sections): the journey's step exists for exactly those.
    let known: Vec<String> = profile::built_in()
        .unwrap()
        .iter()
        .filter(|p| p.api.is_some())
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(known, ["rhipe-prism-connect"]);
    for p in profile::built_in().unwrap() {
        let plan = plan_of(p);
        assert_eq!(plan.live_check, known.contains(&p.id), "{}", p.id);
        assert_eq!(plan.contract, p.contract.is_some());
    }
}
