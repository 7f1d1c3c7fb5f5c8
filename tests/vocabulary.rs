//! The check vocabulary and profile format 2, natively: fixture-style
//! (profile + snapshot -> results). A format 1 profile (the rhipe profile
//! as it shipped before format 2, tests/format1/) still loads and judges
//! every API user and contract page exactly as its format 2 conversion
//! does; format 2 rules are data with clear errors; an API user is judged
//! by the profile whose Integration Vendor it has.

use autotask_setup_guard::bind::{BoundBy, Context};
use autotask_setup_guard::pages;
use autotask_setup_guard::profile::{self, Profile};
use autotask_setup_guard::recognize;
use autotask_setup_guard::report::{self, Report};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::verify::Outcome;
use serde_json::{json, Value};

const FORMAT1_RHIPE: &str = include_str!("format1/rhipe-prism-connect.json");

fn snapshot(v: Value) -> Snapshot {
    Snapshot::from_json(&v.to_string()).expect("a valid snapshot")
}

/// A New API User page; `vendor` in its Integration Vendor list.
fn api_user(vendor: &str, email: &str, locked: bool, level: &str) -> Snapshot {
    let c = |h: u32, kind: &str, label: &str, path: &str, extra: Value| {
        let mut o = json!({"handle": h, "kind": kind, "label": label, "path": [path]});
        if let (Value::Object(o), Value::Object(e)) = (&mut o, extra) {
            o.extend(e);
        }
        o
    };
    snapshot(
        json!({"seq": 1, "lang": "en", "title": "New API User", "headings": ["New API User"],
            "sections": ["General", "Credentials", "API Tracking Identifier"], "controls": [
            c(0, "text", "First Name", "General", json!({"value": "Sync"})),
            c(1, "text", "Last Name", "General", json!({"value": "User"})),
            c(2, "text", "Email Address", "General", json!({"value": email})),
            c(3, "checkbox", "Active", "General", json!({"checked": true})),
            c(4, "checkbox", "Locked", "General", json!({"checked": locked})),
            c(5, "select", "Security Level", "General", json!({"value": level})),
            c(6, "text", "Username (Key)", "Credentials", json!({"value": "K7Q2M9X4T1B8Z3P"})),
            c(7, "secret", "Password (Secret)", "Credentials", json!({"filled": true})),
            c(8, "radio", "Integration Vendor", "API Tracking Identifier", json!({"checked": true})),
            c(9, "select", "", "API Tracking Identifier", json!({"value": vendor})),
            c(10, "radio", "Custom (Internal Integration)", "API Tracking Identifier", json!({"checked": false})),
        ]}),
    )
}

fn contract(kind: &str, period: &str, start: &str, end: &str) -> Snapshot {
    snapshot(
        json!({"seq": 1, "url": "https://ww5.autotask.net/Mvc/Contracts/ContractNew.mvc", "lang": "en",
            "title": "New Contract", "headings": ["New Contract"], "sections": ["General"], "controls": [
            {"handle": 0, "kind": "text", "label": "Contract Name", "value": "Acme cloud", "path": ["General"]},
            {"handle": 1, "kind": "select", "label": "Contract Type", "value": kind, "path": ["General"],
                "options": ["Time & Materials", "Recurring Service"]},
            {"handle": 2, "kind": "select", "label": "Period Type", "value": period, "path": ["General"]},
            {"handle": 3, "kind": "text", "label": "Start Date", "value": start, "path": ["General"]},
            {"handle": 4, "kind": "text", "label": "Contract End Date", "value": end, "path": ["General"]},
        ]}),
    )
}

/// What a person sees of one result: rule, outcome, controls, found, Apply.
type Seen = (String, Outcome, Vec<u32>, String, Option<String>);

fn seen(r: &Report) -> Vec<Seen> {
    r.results
        .iter()
        .map(|x| {
            let apply = r
                .marks
                .iter()
                .find(|m| x.handles == [m.handle])
                .and_then(|m| m.apply.clone());
            (
                x.rule.clone(),
                x.outcome,
                x.handles.clone(),
                x.found.clone(),
                apply,
            )
        })
        .collect()
}

fn ctx(v: Value) -> Context {
    Context::from_json(&v.to_string()).expect("a context")
}

#[test]
fn a_format_1_profile_loads_and_judges_as_its_format_2_conversion() {
    let old = profile::parse("rhipe-prism-connect.json", FORMAT1_RHIPE).expect("format 1 loads");
    let new = profile::find("rhipe-prism-connect").expect("built in");
    assert_eq!((old.format, new.format), (1, 2));
    assert!(
        old.api.is_none() && new.api.is_some(),
        "format 1 has no api section"
    );
    let remembered = ctx(
        json!({"rememberedLevel": "Rhipe Integration", "today": "2027-03-04",
        "contractNames": ["Acme cloud"]}),
    );
    let pages = [
        api_user(
            "Rhipe - Cloud Services",
            "it@contoso.com",
            false,
            "Rhipe Integration",
        ),
        api_user(
            "Other vendor",
            "noreply@contoso.com",
            true,
            "API User (system) (API-only)",
        ),
        api_user("", "not an address", false, ""),
        contract("Recurring Service", "Monthly", "2027-02-01", "2028-01-31"),
        contract("Time & Materials", "Yearly", "2027-02-15", "2027-03-10"),
        contract("Recurring Service", "Monthly", "15/02/2027", "2026-01-01"),
    ];
    // The checker's context: every page judged, whatever is remembered.
    let any = ctx(
        json!({"judgeAnyLevel": true, "rememberedLevel": "Rhipe Integration", "today": "2027-03-04"}),
    );
    for (i, snap) in pages.iter().enumerate() {
        for context in [remembered.clone(), Context::default(), any.clone()] {
            let a = report::check(&old, snap, &context);
            let b = report::check(new, snap, &context);
            assert_eq!(seen(&a), seen(&b), "page {i}");
            assert_eq!((a.bound, a.passes), (b.bound, b.passes), "page {i}");
        }
    }
    // And the judging is real: the deviations fail with Apply's target.
    let r = report::check(new, &pages[1], &any);
    let by = |id: &str| seen(&r).into_iter().find(|s| s.0 == id).expect(id);
    assert_eq!(by("user-locked").1, Outcome::Fail);
    assert_eq!(by("user-locked").4.as_deref(), Some("off"));
    assert_eq!(by("user-email-read").1, Outcome::Warn);
    assert_eq!(
        by("tracking-vendor").4.as_deref(),
        Some("Rhipe - Cloud Services")
    );
    assert_eq!(
        by("user-security-level").4.as_deref(),
        Some("Rhipe Integration")
    );
    let r = report::check(new, &pages[4], &any);
    let by = |id: &str| seen(&r).into_iter().find(|s| s.0 == id).expect(id);
    assert_eq!(by("contract-type").4.as_deref(), Some("Recurring Service"));
    assert_eq!(by("contract-period").1, Outcome::Warn);
    assert_eq!(by("contract-start-day").1, Outcome::Fail);
    assert_eq!(by("contract-end").1, Outcome::Warn);
}

/// A small format 2 profile: the given API user and contract rules.
fn format2(api_user: Value, contract: Value) -> String {
    json!({"format": 2, "id": "mine", "name": "Mine", "version": "1",
        "sources": [{"id": "g", "title": "The guide"}],
        "security_level": {"baseline_why": "Not used.", "sections": [{"heading": "CRM"}]},
        "api_user": api_user, "contract": contract})
    .to_string()
}

fn parse(text: &str) -> Result<Profile, String> {
    profile::parse("mine.json", text).map_err(|e| e.to_string())
}

#[test]
fn format_2_rules_are_data_for_the_vocabulary() {
    let text = format2(
        json!({"vendors": ["New Name", "Old Name"], "rules": [
            {"id": "v", "control": "Integration Vendor", "check": "vendor", "why": "The guide says so.", "source": "g"},
            {"id": "l", "control": "Locked", "check": {"checked": false}, "severity": "warn", "inferred": true}]}),
        json!({"rules": [
            {"id": "t", "control": "Contract Type", "check": {"value": "Recurring Service"}},
            {"id": "e", "control": "End Date", "check": {"after-today": {"warn_days": 10}}, "why": "billing stops"}]}),
    );
    let p = parse(&text).expect("a valid format 2 profile");
    let ctx = ctx(json!({"judgeAnyLevel": true, "today": "2027-03-04", "rememberedLevel": "L"}));
    // The old vendor name passes too; a warn rule not met never blocks.
    let r = report::check(&p, &api_user("Old Name", "it@contoso.com", true, "L"), &ctx);
    let ids: Vec<&str> = r.results.iter().map(|x| x.rule.as_str()).collect();
    // Autotask's own rules come from the structure, in page order around the profile's.
    assert_eq!(
        ids,
        [
            "user-first-name",
            "user-last-name",
            "l",
            "user-security-level",
            "credentials-username",
            "v"
        ]
    );
    let outcome = |r: &Report, id: &str| r.results.iter().find(|x| x.rule == id).map(|x| x.outcome);
    assert_eq!(outcome(&r, "v"), Some(Outcome::Pass));
    assert_eq!(outcome(&r, "l"), Some(Outcome::Warn));
    assert!(r.results.iter().any(|x| x.message.contains("inferred")));
    assert!(r.passes, "{:?}", r.results);
    // Contract: labels by the structure's spellings ("Contract End Date").
    let r = report::check(
        &p,
        &contract("Recurring Service", "Yearly", "2027-02-01", "2027-03-08"),
        &ctx,
    );
    assert_eq!(outcome(&r, "t"), Some(Outcome::Pass));
    assert_eq!(outcome(&r, "e"), Some(Outcome::Warn));
    assert_eq!(r.results.len(), 2, "only the profile's contract rules");
    let info = r.contract.as_ref().expect("contract info");
    assert_eq!(
        info.date_formats,
        ["MM/dd/yyyy", "dd/MM/yyyy", "yyyy-MM-dd", "dd.MM.yyyy"]
    );
}

#[test]
fn a_bad_format_2_rule_is_refused_with_its_field() {
    let cases = [
        (
            json!({"vendors": ["V"], "rules": [{"id": "a", "control": "Active", "check": "on"}]}),
            "field `api_user.rules[0].check`: unknown check \"on\"",
        ),
        (
            json!({"vendors": ["V"], "rules": [
                {"id": "a", "control": "Active", "check": {"checked": true}},
                {"id": "b", "control": "active", "check": {"checked": false}}]}),
            "field `api_user.rules[1].check`: rule \"b\" wants it off where rule \"a\" wants it on",
        ),
        (
            json!({"rules": [{"id": "v", "control": "Integration Vendor", "check": "vendor"}]}),
            "field `api_user.rules[0].check`: a \"vendor\" check needs",
        ),
        (
            json!({"vendors": ["V"], "rules": [{"id": "a", "control": "Active", "check": {"checked": true}, "source": "nope"}]}),
            "field `api_user.rules[0].source`: expected one of the profile's sources (g)",
        ),
        (
            json!({"vendors": ["V"], "rules": [{"id": "a", "control": "Active", "check": {"checked": true}, "inferred": true}]}),
            "field `api_user.rules[0].inferred`",
        ),
    ];
    for (api_user, want) in cases {
        let err = parse(&format2(api_user, json!({"rules": []}))).expect_err("refused");
        assert!(err.starts_with(&format!("mine.json: {want}")), "{err}");
    }
    let dup = format2(
        json!({"vendors": ["V"], "rules": [{"id": "x", "control": "Active", "check": {"checked": true}}]}),
        json!({"rules": [{"id": "x", "control": "End Date", "check": "first-of-month"}]}),
    );
    assert!(parse(&dup)
        .expect_err("refused")
        .contains("\"x\" is used twice"));
    // The api section: at most five entities, names of letters only.
    let mut v: Value =
        serde_json::from_str(&format2(json!({"rules": []}), json!({"rules": []}))).expect("json");
    let e = json!({"entity": "Companies", "query": true, "setting": "s", "why": "w"});
    v["api"] = json!({"entities": [e, e, e, e, e, e]});
    let err = parse(&v.to_string()).expect_err("refused");
    assert!(
        err.contains("field `api.entities`: expected 1 to 5 entities"),
        "{err}"
    );
    // A format 2 key in a format 1 file is refused, and so is format 3.
    v["format"] = json!(3);
    assert!(parse(&v.to_string())
        .expect_err("refused")
        .contains("expected 1 or 2"));
}

#[test]
fn an_api_user_is_judged_by_the_profile_whose_vendor_it_has() {
    let all = profile::built_in().expect("built in");
    let rhipe = profile::find("rhipe-prism-connect").expect("rhipe");
    let ctx = Context::default();
    let judged_by = |vendor: &str| {
        let snap = api_user(vendor, "it@contoso.com", false, "Some Level");
        let rec = recognize::recognize(&snap);
        let owner = pages::owner(rhipe, all.iter().copied(), &snap, &rec, &ctx);
        let r = report::judge(owner, &snap, &ctx, rec);
        (owner.id.clone(), r.bound_by)
    };
    // COW's guide names "CyberDrain B.V.", TimeZest's "TimeZest - scheduling".
    assert_eq!(
        judged_by("CyberDrain B.V."),
        ("cow-warranty-sync".to_string(), Some(BoundBy::Vendor))
    );
    assert_eq!(
        judged_by("TimeZest - scheduling"),
        ("timezest".to_string(), Some(BoundBy::Vendor))
    );
    assert_eq!(
        judged_by("Rhipe - Cloud Services"),
        ("rhipe-prism-connect".to_string(), Some(BoundBy::Vendor))
    );
    // A vendor no profile names stays with the active profile, not judged.
    assert_eq!(
        judged_by("Someone Else"),
        ("rhipe-prism-connect".to_string(), None)
    );
}

#[test]
fn every_built_in_profile_is_format_2_and_the_live_check_needs_are_rhipes() {
    for p in profile::built_in().expect("built in") {
        assert_eq!(p.format, 2, "{}", p.id);
        let text = profile::built_in_text(&p.id).expect("its text");
        assert!(
            !text.contains("\"expect\""),
            "{}: format 2 says check",
            p.id
        );
    }
    let rhipe = profile::find("rhipe-prism-connect").expect("rhipe");
    let names: Vec<&str> = rhipe
        .api
        .iter()
        .flat_map(|a| &a.entities)
        .map(|e| e.entity.as_str())
        .collect();
    assert_eq!(
        names,
        ["Companies", "Contracts", "Services", "ContractServices"]
    );
}

#[test]
fn an_object_permission_is_one_rule_with_its_cells() {
    let mut v: Value =
        serde_json::from_str(&format2(json!({"rules": []}), json!({"rules": []}))).expect("json");
    v["security_level"]["sections"][0]["rules"] = json!([{"id": "crm-ci", "control": "Configuration Items & Subscriptions",
        "cells": {"View": "All", "Edit": "All"}, "why": "The guide says so.", "source": "g"}]);
    let p = parse(&v.to_string()).expect("cells read");
    let rules: Vec<(&str, Option<&str>)> = p.security_level.sections[0]
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.column.as_deref()))
        .collect();
    assert_eq!(
        rules,
        [("crm-ci-edit", Some("Edit")), ("crm-ci-view", Some("View"))]
    );
    // Not both ways at once.
    v["security_level"]["sections"][0]["rules"][0]["column"] = json!("View");
    let err = parse(&v.to_string()).expect_err("refused");
    assert!(
        err.contains("rules[0].cells`: expected either `cells`"),
        "{err}"
    );
}
