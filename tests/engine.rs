//! The engine on snapshots, natively: every outcome of the results
//! definition, recognition, binding, and refusal of malformed input.

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::profile::{self, Profile};
use autotask_setup_guard::recognize::{PageKind, SECURITY_SECTIONS};
use autotask_setup_guard::report::{self, Report};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::verify::Outcome;
use serde_json::{json, Value};

fn rhipe() -> &'static Profile {
    profile::find("rhipe-prism-connect").expect("the built-in profile parses")
}

/// A security level page's snapshot: its name, its sections, its controls.
struct Page {
    name: String,
    sections: Vec<&'static str>,
    controls: Vec<Value>,
    lang: &'static str,
}

impl Page {
    fn named(name: &str) -> Page {
        Page {
            name: name.into(),
            sections: SECURITY_SECTIONS.to_vec(),
            controls: vec![],
            lang: "en",
        }
    }

    /// The page as the profile wants it: one control per named rule, set right.
    fn correct() -> Page {
        Page::named("Rhipe Integration")
            .checkbox("CONTRACTS", "Can modify Service/Bundle on contract charges", Some(true))
            .select("CONTRACTS", "Contracts", Some("View"), "All", &["All", "Organizations", "None"])
            .select("CONTRACTS", "Contracts", Some("Add"), "No", &["Yes", "No"])
            .select("CONTRACTS", "Contract Visibility (for contracts you have access to)", None, "Full", &["Full", "Limited", "None"])
            .select("CRM", "Customer & Cancelation", None, "All", &["All", "My Territories", "Mine", "None"])
            .select("CRM", "Vendor & Partners", None, "None", &["All", "My Territories", "Mine", "None"])
            .checkbox("ADMIN", "Products, Services, & Inventory", Some(true))
            .checkbox("ADMIN", "Resources/Users (HR)", Some(false))
            .checkbox("WEB SERVICES API", "Can login to Web Services API (Access to version 1.6 & later is limited to API User security levels)", Some(true))
            .checkbox("WEB SERVICES API", "Allow impersonation of resources with this security level", Some(false))
    }

    fn checkbox(mut self, section: &str, label: &str, checked: Option<bool>) -> Page {
        let handle = self.controls.len() + 1;
        self.controls.push(json!({"handle": handle, "kind": "checkbox", "label": label, "path": [section], "checked": checked}));
        self
    }

    fn select(
        mut self,
        section: &str,
        label: &str,
        column: Option<&str>,
        value: &str,
        options: &[&str],
    ) -> Page {
        let handle = self.controls.len() + 1;
        self.controls.push(
            json!({"handle": handle, "kind": "select", "label": label, "column": column,
            "path": [section], "value": value, "options": options}),
        );
        self
    }

    fn without_section(mut self, section: &str) -> Page {
        self.sections.retain(|s| *s != section);
        self.controls.retain(|c| c["path"][0] != section);
        self
    }

    fn set(mut self, label_start: &str, key: &str, value: Value) -> Page {
        let c = self
            .controls
            .iter_mut()
            .find(|c| c["label"].as_str().unwrap().starts_with(label_start))
            .expect("the control exists in the page");
        c[key] = value;
        self
    }

    fn check_named(mut self, name: &str) -> Report {
        self.name = name.into();
        self.check()
    }

    fn check(&self) -> Report {
        report::check(rhipe(), &self.snapshot(), &Context::default())
    }

    fn snapshot(&self) -> Snapshot {
        let mut controls = vec![
            json!({"handle": 0, "kind": "text", "label": "Name", "path": ["General"], "value": self.name}),
        ];
        controls.extend(self.controls.iter().cloned());
        let mut sections = vec!["General"];
        sections.extend(&self.sections);
        let snap = json!({"seq": 1, "lang": self.lang, "sections": sections, "controls": controls});
        Snapshot::from_json(&snap.to_string()).expect("a well-formed snapshot")
    }
}

fn outcome_of(report: &Report, control_start: &str) -> Outcome {
    report
        .results
        .iter()
        .find(|r| r.control.starts_with(control_start))
        .unwrap_or_else(|| panic!("no result for {control_start}: {:#?}", report.results))
        .outcome
}

fn summary(report: &Report) -> (usize, usize) {
    let s = report.summary.expect("a bound page has a summary");
    (s.passed, s.total)
}

#[test]
fn the_page_as_the_profile_wants_it_passes_every_rule() {
    let report = Page::correct().check();
    assert_eq!(report.page, PageKind::SecurityLevel);
    assert!(report.bound);
    assert_eq!(summary(&report), (10, 10));
    assert!(report.passes);
    assert_eq!(report.marks.len(), 10);
    assert!(report.marks.iter().all(|m| m.outcome == Outcome::Pass));
}

#[test]
fn a_named_control_in_the_wrong_state_fails_with_what_to_change_and_why() {
    let report = Page::correct()
        .set("Can login", "checked", json!(false))
        .check();
    assert_eq!(outcome_of(&report, "Can login"), Outcome::Fail);
    assert_eq!(summary(&report), (9, 10));
    assert!(!report.passes);
    let login = report
        .results
        .iter()
        .find(|r| r.rule == "wsapi-login")
        .unwrap();
    assert!(
        login
            .message
            .starts_with("Turn on \"Can login to Web Services API"),
        "{}",
        login.message
    );
    assert!(login.message.contains("cannot log in"), "{}", login.message);
}

#[test]
fn the_guide_followed_literally_fails_on_contract_visibility_with_the_reason() {
    let report = Page::correct()
        .set("Contract Visibility", "value", json!("None"))
        .set("Contracts", "value", json!("None"))
        .check();
    let visibility = report
        .results
        .iter()
        .find(|r| r.rule == "contracts-visibility")
        .unwrap();
    assert_eq!(visibility.outcome, Outcome::Fail);
    assert_eq!(
        (visibility.expected.as_str(), visibility.found.as_str()),
        ("Full", "None")
    );
    assert!(
        visibility
            .message
            .contains("refuses to query or update contracts"),
        "{}",
        visibility.message
    );
    assert_eq!(summary(&report), (8, 10));
}

#[test]
fn an_unnamed_control_above_no_permission_is_excess() {
    let report = Page::correct()
        .set("Allow impersonation", "checked", json!(true))
        .set("Vendor & Partners", "value", json!("Mine"))
        .check();
    assert_eq!(outcome_of(&report, "Allow impersonation"), Outcome::Excess);
    assert_eq!(outcome_of(&report, "Vendor & Partners"), Outcome::Excess);
    assert_eq!(summary(&report), (8, 10));
}

#[test]
fn an_unreadable_control_is_incomplete_and_blocks_the_pass() {
    let report = Page::correct()
        .set("Resources/Users", "checked", Value::Null)
        .check();
    assert_eq!(outcome_of(&report, "Resources/Users"), Outcome::Incomplete);
    assert_eq!(summary(&report), (9, 10));
    assert!(!report.passes);
}

#[test]
fn a_missing_named_control_is_incomplete_and_unmarked() {
    let mut page = Page::correct();
    page.controls
        .retain(|c| c["label"] != "Products, Services, & Inventory");
    let report = page.check();
    let missing = report
        .results
        .iter()
        .find(|r| r.rule == "admin-products-services-inventory")
        .unwrap();
    assert_eq!(missing.outcome, Outcome::Incomplete);
    assert!(missing.handles.is_empty());
    assert_eq!(summary(&report), (9, 10));
}

#[test]
fn a_page_missing_a_whole_section_can_never_pass() {
    // INVENTORY names no rule: its absence must still count.
    let report = Page::correct().without_section("INVENTORY").check();
    assert_eq!(summary(&report), (10, 11));
    assert!(!report.passes);
    let report = Page::correct().without_section("WEB SERVICES API").check();
    assert_eq!(report.page, PageKind::SecurityLevel);
    // The section itself plus its named rule, both incomplete.
    assert_eq!(summary(&report), (8, 10));
}

#[test]
fn two_controls_with_a_named_label_are_ambiguous_not_guessed() {
    let report = Page::correct()
        .checkbox("ADMIN", "Products, Services & Inventory", Some(true))
        .check();
    let r = report
        .results
        .iter()
        .find(|r| r.rule == "admin-products-services-inventory")
        .unwrap();
    assert_eq!(r.outcome, Outcome::Incomplete);
    assert_eq!(r.handles.len(), 2);
}

#[test]
fn a_select_without_none_or_no_is_incomplete_unless_named() {
    let report = Page::correct()
        .select(
            "PROJECTS",
            "Project Access Level",
            None,
            "Mine",
            &["All", "Mine"],
        )
        .check();
    assert_eq!(
        outcome_of(&report, "Project Access Level"),
        Outcome::Incomplete
    );
}

#[test]
fn label_variants_match_the_same_rule() {
    let report = Page::named("Rhipe Integration")
        .checkbox(
            "CONTRACTS",
            "Can modify Service/Bundle on contract changes",
            Some(true),
        )
        .select(
            "CRM",
            "Customer\u{a0}&\u{a0}Cancellation:",
            None,
            "all",
            &["All", "None"],
        )
        .check();
    assert_eq!(
        outcome_of(&report, "Can modify Service/Bundle"),
        Outcome::Pass
    );
    assert_eq!(outcome_of(&report, "Customer"), Outcome::Pass);
}

#[test]
fn only_the_integrations_levels_are_judged() {
    for (name, bound) in [
        ("Rhipe Integration", true),
        ("PRISM sync", true),
        ("Crayon billing", true),
        // A fresh copy is nobody's yet: the panel asks which integration it is for.
        ("Copy of API User (system) (API-only)", false),
        ("API User (system) (API-only)", false),
        ("Finance Team", false),
    ] {
        let report = Page::correct()
            .set("Can login", "checked", json!(false))
            .check_named(name);
        assert_eq!(report.bound, bound, "{name}");
        assert_eq!(report.marks.is_empty(), !bound, "{name}");
        assert_eq!(report.summary.is_some(), bound, "{name}");
    }
}

#[test]
fn a_remembered_or_chosen_level_is_judged_whatever_its_name() {
    let mut page = Page::correct();
    page.name = "Sync account".into();
    let snap = page.snapshot();
    assert!(!report::check(rhipe(), &snap, &Context::default()).bound);
    let remembered = Context::from_json(r#"{"rememberedLevel": "sync ACCOUNT"}"#).unwrap();
    assert!(report::check(rhipe(), &snap, &remembered).bound);
    let chosen = Context::from_json(r#"{"chosenLevels": ["Sync account"]}"#).unwrap();
    assert!(report::check(rhipe(), &snap, &chosen).bound);
}

#[test]
fn a_page_with_few_security_areas_is_unrecognized_and_unmarked() {
    let mut page = Page::correct();
    page.sections = vec!["REPORTS", "ADMIN"];
    let report = page.check();
    assert_eq!(report.page, PageKind::Unrecognized);
    assert!(!report.bound && report.marks.is_empty() && report.summary.is_none());
    assert!(
        report.recognition.reason.contains("2 of the 11"),
        "{}",
        report.recognition.reason
    );
}

#[test]
fn a_page_in_another_language_is_not_guessed() {
    let mut page = Page::correct();
    page.lang = "de-DE";
    let report = page.check();
    assert_eq!(report.page, PageKind::UnsupportedLanguage);
    assert!(report.marks.is_empty());

    let snap = json!({"seq": 1, "title": "Sicherheitsstufe bearbeiten", "sections": ["VERTRÄGE", "CRM"], "controls": []});
    let report = report::check(
        rhipe(),
        &Snapshot::from_json(&snap.to_string()).unwrap(),
        &Context::default(),
    );
    assert_eq!(report.page, PageKind::UnsupportedLanguage);
}

#[test]
fn malformed_snapshots_are_refused_with_the_field() {
    for (text, field, expected) in [
        (
            r#"{"seq": 1, "controls": [{"handle": 1, "kind": "slider"}]}"#,
            "controls[0].kind",
            "expected checkbox, radio, select, text or secret",
        ),
        (r#"{"seq": -1}"#, "seq", "expected a whole number"),
        (
            r#"{"seq": 1, "controls": [{"handle": 1, "kind": "checkbox", "checked": "yes"}]}"#,
            "controls[0].checked",
            "expected true or false",
        ),
        (r#"[1, 2]"#, "", "expected an object"),
    ] {
        let err = Snapshot::from_json(text).unwrap_err();
        assert_eq!(err.field, field, "{text}");
        assert!(err.message.starts_with(expected), "{text}: {}", err.message);
    }
}

#[test]
fn every_built_in_profile_parses_and_cites_its_sources() {
    let all = profile::built_in().expect("built-in profiles are valid");
    assert!(all.iter().any(|p| p.id == "rhipe-prism-connect"));
    for p in all {
        for s in &p.security_level.sections {
            for r in &s.rules {
                assert!(p.sources.iter().any(|src| src.id == r.source), "{}", r.id);
            }
        }
    }
}

#[test]
fn a_malformed_profile_names_the_file_the_field_and_what_was_expected() {
    // A format 1 file (the rhipe profile as it shipped in format 1): its
    // errors name its fields as before.
    let good: Value =
        serde_json::from_str(include_str!("format1/rhipe-prism-connect.json")).unwrap();
    type Spoil = fn(&mut Value);
    let cases: [(&str, Spoil, &str, &str); 5] = [
        ("format", |v| v["format"] = json!(3), "format", "expected 1"),
        (
            "expect",
            |v| v["security_level"]["sections"][0]["rules"][0]["expect"] = json!({"checked": "on"}),
            "security_level.sections[0].rules[0].expect.checked",
            "expected true or false, found a text",
        ),
        (
            "source",
            |v| v["security_level"]["sections"][1]["rules"][0]["source"] = json!("blog"),
            "security_level.sections[1].rules[0].source",
            "expected one of the profile's sources",
        ),
        (
            "typo",
            |v| v["security_level"]["sections"][0]["rulez"] = json!([]),
            "security_level.sections[0].rulez",
            "unknown field",
        ),
        (
            "duplicate",
            |v| {
                v["security_level"]["sections"][0]["rules"][1]["id"] =
                    json!("contracts-service-bundle")
            },
            "security_level.sections[0].rules[1].id",
            "expected a unique rule id",
        ),
    ];
    for (name, spoil, field, expected) in cases {
        let mut v = good.clone();
        spoil(&mut v);
        let err = profile::parse("custom.json", &v.to_string()).unwrap_err();
        assert_eq!(err.field, field, "{name}");
        assert!(err.message.starts_with(expected), "{name}: {}", err.message);
        assert!(
            err.to_string()
                .starts_with(&format!("custom.json: field `{field}`: ")),
            "{name}: {err}"
        );
    }
    let err = profile::parse("broken.json", "{\n  \"format\": 1,\n  oops\n}").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("broken.json: not valid JSON at line 3"),
        "{err}"
    );
}

#[test]
fn a_picker_without_known_options_passes_only_at_none_or_no() {
    let report = Page::correct()
        .select("PROJECTS", "Project Access", None, "None", &[])
        .select("REPORTS", "Can run reports", None, "No", &[])
        .select("TIMESHEETS", "Approve timesheets", None, "All", &[])
        .check();
    assert_eq!(outcome_of(&report, "Project Access"), Outcome::Pass);
    assert_eq!(outcome_of(&report, "Can run reports"), Outcome::Pass);
    assert_eq!(outcome_of(&report, "Approve timesheets"), Outcome::Excess);
}

#[test]
fn the_checker_judges_any_named_level_it_is_given() {
    let mut page = Page::correct();
    page.name = "Finance Team".into();
    let snap = page.snapshot();
    let any = Context::from_json(r#"{"judgeAnyLevel": true}"#).unwrap();
    assert!(report::check(rhipe(), &snap, &any).bound);
    // Even a level whose name cannot be read.
    let mut nameless = snap.clone();
    nameless.controls.retain(|c| c.label != "Name");
    assert!(report::check(rhipe(), &nameless, &any).bound);
}

#[test]
fn marks_carry_what_apply_must_set_for_controls_that_must_change() {
    let report = Page::correct()
        .set("Can login", "checked", json!(false))
        .set("Vendor & Partners", "value", json!("Mine"))
        .check();
    let apply_of = |label: &str| {
        let r = report
            .results
            .iter()
            .find(|r| r.control.starts_with(label))
            .unwrap();
        report
            .marks
            .iter()
            .find(|m| m.handle == r.handles[0])
            .unwrap()
            .apply
            .clone()
    };
    assert_eq!(apply_of("Can login").as_deref(), Some("on"));
    assert_eq!(apply_of("Vendor & Partners").as_deref(), Some("None"));
    assert_eq!(
        apply_of("Allow impersonation"),
        None,
        "a passing control is left alone"
    );
}

#[test]
fn a_built_in_level_gets_the_copy_advice_and_is_not_judged() {
    let report = Page::correct().check_named("API User (system) (API-only)");
    assert!(!report.bound);
    assert_eq!(report.advice.len(), 1);
    assert!(report.advice[0]
        .contains("right-click \"API User (system) (API-only)\" and choose Copy Security Level"));
    assert!(report.advice[0].contains("Name the copy \"Rhipe Integration\""));
    assert!(Page::correct().check().advice.is_empty());
}

#[test]
fn the_report_says_what_the_extension_does_with_a_level() {
    use autotask_setup_guard::bind::Context;
    let rhipe = autotask_setup_guard::profile::find("").expect("the default profile");
    let snap = |name: &str| {
        let mut controls = vec![
            serde_json::json!({"handle": 0, "kind": "text", "label": "Name", "value": name, "path": []}),
        ];
        for (i, s) in SECURITY_SECTIONS.iter().enumerate() {
            controls.push(serde_json::json!({"handle": i + 1, "kind": "checkbox", "label": "View", "checked": false, "path": [s]}));
        }
        let v = serde_json::json!({"seq": 1, "url": "https://ww5.autotask.net/x", "lang": "en", "title": "Security Level",
            "headings": [], "sections": *SECURITY_SECTIONS, "controls": controls});
        autotask_setup_guard::snapshot::Snapshot::from_json(&v.to_string()).expect("a snapshot")
    };
    let other =
        autotask_setup_guard::report::check(rhipe, &snap("Finance Team"), &Context::default());
    assert!(!other.judged && other.on_save.is_none() && other.save_intro.is_none());
    let offer = other.offer.expect("an offer");
    assert_eq!(
        offer.text,
        "\"Finance Team\" is not checked against rhipe PRISM Connect."
    );
    assert_eq!(
        offer.accept.as_deref(),
        Some("Check against rhipe PRISM Connect")
    );
    let ours =
        autotask_setup_guard::report::check(rhipe, &snap("Rhipe Integration"), &Context::default());
    assert!(ours.judged && ours.offer.is_none() && !ours.stay_open);
    let saved = serde_json::to_value(ours.on_save.expect("remembered on save")).unwrap();
    assert_eq!(
        saved,
        serde_json::json!({"type": "remember-level", "name": "Rhipe Integration", "id": "rhipe-prism-connect"})
    );
    assert_eq!(ours.page_name, "Security level");
    // A level without a readable name: the offer, and no button that could remember nothing.
    let unnamed = autotask_setup_guard::report::check(rhipe, &snap(""), &Context::default());
    assert!(unnamed
        .offer
        .is_some_and(|o| o.accept.is_none() && o.message.is_none()));
}

/// A page with no control, as the walk reads it (`texts`: heading-like or
/// not) and as the content script's survey does (`AsgSnapshot.survey`: its
/// address, language, title and heading-like texts only).
fn page_without_controls(
    url: &str,
    lang: &str,
    title: &str,
    texts: &[(&str, bool)],
) -> (String, String) {
    let whole: Vec<Value> = texts
        .iter()
        .enumerate()
        .map(|(i, (text, heading))| json!({"text": text, "at": i, "heading": heading, "block": i + 1, "group": i + 1}))
        .collect();
    let headings: Vec<Value> = texts
        .iter()
        .filter(|(_, heading)| *heading)
        .enumerate()
        .map(|(i, (text, _))| json!({"text": text, "at": i, "heading": true, "block": i + 1, "group": i + 1}))
        .collect();
    let snap = |texts: Vec<Value>| {
        json!({"format": 2, "seq": 1, "url": url, "lang": lang, "title": title, "texts": texts, "controls": []})
            .to_string()
    };
    (snap(whole), snap(headings))
}

#[test]
fn a_page_without_controls_has_the_same_verdict_from_its_survey() {
    // What the content script is told (guardConfig): the case this test holds.
    let config: Value =
        serde_json::from_str(&autotask_setup_guard::guard_config().expect("config")).expect("JSON");
    assert_eq!(config["surveyWithoutControls"], true);
    let note = "Called the customer: Outlook still asks for the password; Verträge and contrats are words a note may hold.";
    let cases = [
        (
            "https://ww5.autotask.net/Mvc/Security/Authorization.mvc/Failure",
            "en",
            "Autotask",
            vec![("Error", true), (note, false)],
            "no-access",
        ),
        (
            "https://ww5.autotask.net/Mvc/Other.mvc",
            "",
            "Autotask",
            vec![("Access Denied", true), (note, false)],
            "no-access",
        ),
        (
            "https://ww5.autotask.net/x",
            "de",
            "Autotask",
            vec![("Sicherheitsstufe", true), (note, false)],
            "unsupported-language",
        ),
        (
            "https://ww5.autotask.net/x",
            "",
            "Sicherheitsstufe bearbeiten",
            vec![(note, false)],
            "unsupported-language",
        ),
        (
            "https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?TicketID=41",
            "en",
            "Ticket T20260112.0041 - Autotask",
            vec![
                ("T20260112.0041 - Outlook keeps asking for password", true),
                ("Status", false),
                ("In Progress", false),
                ("Activity", true),
                (note, false),
                ("You do not have permission to edit this note.", false),
            ],
            "unrecognized",
        ),
        // Foreign words alone in a block of their own (a section's heading to the reader).
        (
            "https://ww5.autotask.net/x",
            "",
            "Autotask",
            vec![("Verträge", false), (note, false)],
            "unrecognized",
        ),
    ];
    for (url, lang, title, texts, kind) in cases {
        let (whole, survey) = page_without_controls(url, lang, title, &texts);
        let judge = |snap: &str| -> Value {
            serde_json::from_str(
                &autotask_setup_guard::check_page(snap, "{}", None).expect("a page"),
            )
            .expect("JSON")
        };
        let (whole, survey) = (judge(&whole), judge(&survey));
        assert_eq!(whole["page"], kind, "{url} {texts:?}");
        for key in [
            "page", "judged", "bound", "notice", "offer", "marks", "results",
        ] {
            assert_eq!(survey[key], whole[key], "{key} of {url} {texts:?}");
        }
    }
}
