//! The New Contract Wizard natively, with the clock fixed: recognition by
//! address (any case, `/Index`, the shell's `view-data`) and by what its
//! pages show, the rules judged as their fields appear page by page, what an
//! earlier page showed carried to the next (as the worker keeps it), the
//! type read from the title or asked, and the Edit Contract window.

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::profile;
use autotask_setup_guard::report::{self, Report};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::verify::Outcome;
use serde_json::{json, Value};

const WIZARD: &str =
    "https://ww5.autotask.net/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard";
const TODAY: &str = "2027-03-10";

fn snap(url: &str, title: &str, texts: &[&str], controls: Vec<Value>) -> Snapshot {
    let v = json!({"seq": 1, "url": url, "lang": "en", "title": title, "headings": [title],
        "sections": [], "controls": controls});
    let mut s = Snapshot::from_json(&v.to_string()).expect("a valid snapshot");
    s.texts = texts.iter().map(|t| t.to_string()).collect();
    s
}

fn text(handle: u32, label: &str, value: &str) -> Value {
    json!({"handle": handle, "kind": "text", "label": label, "value": value, "path": []})
}

fn select(handle: u32, label: &str, value: &str) -> Value {
    json!({"handle": handle, "kind": "select", "label": label, "value": value, "path": [],
        "options": ["Monthly", "Quarterly", "Yearly", "Recurring Service", "Time & Materials"]})
}

/// Page 1: name and dates. Page 2: the period.
fn page1(title: &str, start: &str) -> Snapshot {
    snap(
        WIZARD,
        title,
        &["Previous", "Next", "Finish", "Cancel"],
        vec![
            text(0, "Contract Name", "Acme Cloud (PRISM)"),
            text(1, "Start Date", start),
            text(2, "End Date", "2028-02-29"),
        ],
    )
}

fn page2(period: &str) -> Snapshot {
    snap(
        WIZARD,
        "New Contract Wizard - Recurring Services Contract",
        &["Previous", "Next", "Finish", "Cancel"],
        vec![select(0, "Contract Period Type", period)],
    )
}

fn check(s: &Snapshot, ctx: Value) -> Report {
    let ctx = Context::from_json(&ctx.to_string()).expect("a valid context");
    report::check(profile::find("").expect("profile"), s, &ctx)
}

fn marked() -> Value {
    json!({"contractMarked": true, "today": TODAY})
}

fn outcome(r: &Report, rule: &str) -> (Outcome, String) {
    let x = r
        .results
        .iter()
        .find(|x| x.rule == rule)
        .unwrap_or_else(|| panic!("no result for {rule}: {:?}", r.results));
    (x.outcome, x.found.clone())
}

fn summary(r: &Report) -> String {
    r.summary
        .map(|s| format!("{}/{}", s.passed, s.total))
        .unwrap_or_default()
}

/// The context of the next page: what the worker keeps from this report.
fn next_ctx(r: &Report) -> Value {
    let keep =
        serde_json::to_value(r.wizard.as_ref().expect("a wizard page").keep.clone()).expect("keep");
    json!({"today": TODAY, "wizard": keep})
}

#[test]
fn the_wizard_is_recognised_by_address_in_any_case_with_index_and_in_the_shell() {
    let controls = vec![text(0, "Contract Name", "x")];
    for url in [
        WIZARD.to_string(),
        "https://ww5.autotask.net/mvc/contracts/newcontractwizard.mvc/newcontractwizard/Index?x=1".into(),
        "https://ww5.autotask.net/Mvc/Contracts/NewContractWizard.mvc/RenewContractWizard?contractId=7".into(),
        format!(
            "https://ww5.autotask.net/AutotaskOnyx/LandingPage?view=x&view-data={}",
            "eyJ1cmwiOiJodHRwczovL3d3NS5hdXRvdGFzay5uZXQvTXZjL0NvbnRyYWN0cy9OZXdDb250cmFjdFdpemFyZC5tdmMvTmV3Q29udHJhY3RXaXphcmQifQ%3D%3D"
        ),
    ] {
        let r = check(&snap(&url, "", &[], controls.clone()), json!({}));
        assert_eq!(r.page.as_str(), "contract", "{url}");
        assert!(r.wizard.is_some(), "{url}: a wizard page");
        assert!(r.offer.is_some() && !r.judged, "{url}: offered, not judged");
    }
}

#[test]
fn the_wizard_is_recognised_by_its_title_or_its_buttons_without_the_address() {
    let elsewhere = "https://ww5.autotask.net/Somewhere/Else.aspx";
    let field = vec![text(0, "Start Date", "2027-02-01")];
    for (title, texts) in [
        ("New Contract Wizard", vec![]),
        ("New Recurring Services Contract", vec![]),
        ("Contract", vec!["Previous", "Next", "Finish", "Cancel"]),
    ] {
        let r = check(&snap(elsewhere, title, &texts, field.clone()), json!({}));
        assert_eq!(r.page.as_str(), "contract", "{title}");
        assert!(r.wizard.is_some(), "{title}");
    }
    // A contract edit page with Save is no wizard; a page with Next but no contract is none either.
    let edit = snap(
        elsewhere,
        "New Contract",
        &["Save", "Cancel"],
        vec![text(0, "Start Date", "x"), text(1, "End Date", "y")],
    );
    assert!(check(&edit, json!({})).wizard.is_none());
    let other = snap(
        elsewhere,
        "Ticket",
        &["Next", "Finish"],
        vec![text(0, "Title", "x")],
    );
    assert_eq!(check(&other, json!({})).page.as_str(), "unrecognized");
}

#[test]
fn fields_are_judged_as_they_appear_and_a_later_page_shows_the_earlier_ones() {
    let one = check(
        &page1(
            "New Contract Wizard - Recurring Services Contract",
            "2027-02-01",
        ),
        marked(),
    );
    assert!(one.judged);
    assert_eq!(outcome(&one, "contract-type").0, Outcome::Pass);
    assert_eq!(outcome(&one, "contract-start-day").0, Outcome::Pass);
    assert_eq!(outcome(&one, "contract-end").0, Outcome::Pass);
    // The period is on the next page: not yet seen, a warning-rule, never a failure.
    assert_eq!(
        outcome(&one, "contract-period"),
        (Outcome::Warn, "not yet seen".into())
    );
    assert!(one.journal.is_none(), "a wizard's page writes no journal");
    assert!(one.finish_journal.is_some());

    // Page 2 alone knows nothing of page 1: with the kept state, it judges all.
    let two = check(&page2("Monthly"), next_ctx(&one));
    assert!(two.judged, "accepted on page 1, judged on page 2");
    assert_eq!(summary(&two), "5/5");
    let start = two
        .results
        .iter()
        .find(|r| r.rule == "contract-start-day")
        .expect("start");
    assert!(start.handles.is_empty(), "not on this page: unmarked");
    assert!(
        start.message.starts_with("Read on an earlier page"),
        "{}",
        start.message
    );
    assert_eq!(two.marks.len(), 1, "only the period is on page 2");
    let fin = two.finish_journal.as_ref().expect("the verdict at Finish");
    assert!(fin.passes && fin.name.as_deref() == Some("Acme Cloud (PRISM)"));
}

#[test]
fn wrong_states_fail_on_the_page_that_shows_them_and_are_kept() {
    let one = check(
        &page1(
            "New Contract Wizard - Recurring Services Contract",
            "2027-02-15",
        ),
        marked(),
    );
    assert_eq!(outcome(&one, "contract-start-day").0, Outcome::Fail);
    let two = check(&page2("Quarterly"), next_ctx(&one));
    assert_eq!(outcome(&two, "contract-period").0, Outcome::Warn);
    assert_eq!(
        outcome(&two, "contract-start-day").0,
        Outcome::Fail,
        "kept from page 1"
    );
    assert!(!two.passes);
}

#[test]
fn the_type_is_read_from_the_title_and_asked_when_not_shown() {
    let tm = check(
        &page1(
            "New Contract Wizard - Time & Materials Contract",
            "2027-02-01",
        ),
        marked(),
    );
    assert_eq!(outcome(&tm, "contract-type").0, Outcome::Fail);
    assert!(
        tm.results[0].message.contains("cancel it"),
        "{}",
        tm.results[0].message
    );
    let plain = check(&page1("New Contract Wizard", "2027-02-01"), marked());
    assert_eq!(
        outcome(&plain, "contract-type"),
        (Outcome::Incomplete, "not shown".into())
    );
    assert!(!plain.passes, "never assumed recurring");
    // A type shown on page 1 is kept for page 2, whose title says nothing.
    let one = check(
        &page1("New Recurring Services Contract", "2027-02-01"),
        marked(),
    );
    let mut p2 = page2("Monthly");
    p2.title = "New Contract Wizard".into();
    p2.headings = vec![p2.title.clone()];
    assert_eq!(
        outcome(&check(&p2, next_ctx(&one)), "contract-type").0,
        Outcome::Pass
    );
}

#[test]
fn a_type_control_on_a_wizard_page_is_judged_and_set_by_apply() {
    let s = snap(
        WIZARD,
        "New Contract Wizard",
        &["Next", "Cancel"],
        vec![
            select(0, "Contract Type", "Time & Materials"),
            text(1, "Contract Name", "Acme"),
        ],
    );
    let r = check(&s, marked());
    assert_eq!(outcome(&r, "contract-type").0, Outcome::Fail);
    assert_eq!(r.marks[0].apply.as_deref(), Some("Recurring Service"));
}

#[test]
fn kept_state_of_another_wizard_or_malformed_is_ignored() {
    let one = check(
        &page1("New Recurring Services Contract", "2027-02-01"),
        marked(),
    );
    let mut ctx = next_ctx(&one);
    ctx["wizard"]["wizard"] = json!("renew");
    let r = check(&page2("Monthly"), ctx);
    assert!(
        !r.judged,
        "a renewal's kept state does not mark a new contract"
    );
    for bad in [
        json!({"fields": "x"}),
        json!({"fields": [{"field": "Evil", "kind": "text", "value": "1"}]}),
        json!(3),
    ] {
        let r = check(
            &page2("Monthly"),
            json!({"today": TODAY, "wizard": bad, "contractMarked": true}),
        );
        assert_eq!(outcome(&r, "contract-start-day").1, "not yet seen");
    }
}

#[test]
fn the_edit_contract_window_is_an_existing_contract() {
    let s = snap(
        "https://ww5.autotask.net/Mvc/Contracts/Contract.mvc/Edit?contractId=29684003&workspace=False",
        "Contract",
        &["Save & Close", "Cancel"],
        vec![
            text(0, "Contract Name", "Acme"),
            select(1, "Contract Type", "Time & Materials"),
            text(2, "Start Date", "2027-02-01"),
        ],
    );
    let r = check(&s, marked());
    assert_eq!(r.page.as_str(), "contract");
    assert!(r.wizard.is_none(), "saved with Save, not a wizard");
    assert!(r.contract.as_ref().is_some_and(|c| c.existing));
    let (o, _) = outcome(&r, "contract-type");
    assert_eq!(o, Outcome::Fail);
    assert!(
        r.marks.iter().all(|m| m.apply.is_none()),
        "the type of a saved contract cannot change"
    );
}

#[test]
fn a_date_fields_time_box_is_not_taken_for_a_second_date() {
    let s = snap(
        WIZARD,
        "New Recurring Services Contract",
        &["Next"],
        vec![
            text(0, "Contract Name", "Acme"),
            text(1, "Start Date", "2027-02-01"),
            text(2, "Start Date", "12:00 AM"),
            text(3, "End Date", "2028-02-29"),
            text(4, "End Date", ""),
        ],
    );
    let r = check(&s, marked());
    assert_eq!(outcome(&r, "contract-start-day").0, Outcome::Pass);
    // An empty box beside the End Date: which one counts is not clear.
    assert_eq!(outcome(&r, "contract-end").0, Outcome::Incomplete);
}

#[test]
fn a_help_sentence_naming_a_type_is_not_the_wizards_type() {
    let page = |texts: &[&str]| {
        snap(
            WIZARD,
            "New Contract Wizard",
            texts,
            vec![
                text(0, "Contract Name", "Acme"),
                text(1, "Start Date", "2027-02-01"),
            ],
        )
    };
    let help = page(&[
        "Services can only be added to a Recurring Service contract.",
        "Next",
    ]);
    assert_eq!(
        outcome(&check(&help, marked()), "contract-type").1,
        "not shown"
    );
    for shown in [
        "Contracts > New > Recurring Services Contract",
        "Contract Type: Recurring Service",
    ] {
        let r = check(&page(&[shown, "Next"]), marked());
        assert_eq!(outcome(&r, "contract-type").0, Outcome::Pass, "{shown}");
    }
}
