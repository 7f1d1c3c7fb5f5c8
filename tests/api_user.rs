//! The API user page, natively: recognition, binding, every rule's outcomes,
//! the confirmations the panel and the guard ask, and that no report ever
//! carries the secret.

use autotask_setup_guard::bind::{BoundBy, Context};
use autotask_setup_guard::profile;
use autotask_setup_guard::recognize::PageKind;
use autotask_setup_guard::report::{self, Report};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::verify::Outcome;
use serde_json::{json, Value};

const VENDOR: &str = "Rhipe - Cloud Services";

/// A New API User page's snapshot, as the eyes send it.
struct User {
    heading: &'static str,
    controls: Vec<Value>,
}

impl User {
    /// Everything as the profile wants it, the level remembered as "Rhipe Integration".
    fn correct() -> User {
        User {
            heading: "New API User",
            controls: vec![],
        }
        .text("General", "First Name", "PRISM")
        .text("General", "Last Name", "Connect")
        .text("General", "Email Address", "it-alerts@contoso.com")
        .checkbox("General", "Active", true)
        .checkbox("General", "Locked", false)
        .select("General", "Security Level", "Rhipe Integration")
        .text("Credentials", "Username (Key)", "K7Q2M9X4T1B8Z3P")
        .secret(true)
        .radio("Integration Vendor", true)
        .select("API Tracking Identifier", "", VENDOR)
        .radio("Custom (Internal Integration)", false)
    }

    fn push(mut self, c: Value) -> User {
        let mut c = c;
        c["handle"] = json!(self.controls.len());
        self.controls.push(c);
        self
    }
    fn text(self, section: &str, label: &str, value: &str) -> User {
        self.push(json!({"kind": "text", "label": label, "path": [section], "value": value}))
    }
    fn checkbox(self, section: &str, label: &str, on: bool) -> User {
        self.push(json!({"kind": "checkbox", "label": label, "path": [section], "checked": on}))
    }
    fn select(self, section: &str, label: &str, value: &str) -> User {
        self.push(json!({"kind": "select", "label": label, "path": [section], "value": value}))
    }
    fn radio(self, label: &str, on: bool) -> User {
        self.push(json!({"kind": "radio", "label": label, "path": ["API Tracking Identifier"], "checked": on}))
    }
    fn secret(self, filled: bool) -> User {
        self.push(json!({"kind": "secret", "label": "Password (Secret)", "path": ["Credentials"], "filled": filled}))
    }

    fn set(mut self, label: &str, key: &str, value: Value) -> User {
        let c = self
            .controls
            .iter_mut()
            .find(|c| c["label"] == label)
            .expect("the control exists");
        c[key] = value;
        self
    }

    fn without(mut self, label: &str) -> User {
        self.controls.retain(|c| c["label"] != label);
        self
    }

    fn snapshot(&self) -> Snapshot {
        let snap = json!({"seq": 3, "lang": "en", "title": self.heading, "headings": [self.heading],
            "sections": ["General", "Credentials", "API Tracking Identifier"], "controls": self.controls});
        Snapshot::from_json(&snap.to_string()).expect("a well-formed snapshot")
    }

    fn check_with(&self, ctx: &str) -> Report {
        let ctx = Context::from_json(ctx).expect("a well-formed context");
        report::check(profile::find("").unwrap(), &self.snapshot(), &ctx)
    }

    fn check(&self) -> Report {
        self.check_with(r#"{"rememberedLevel": "Rhipe Integration"}"#)
    }
}

fn result<'r>(report: &'r Report, rule: &str) -> &'r autotask_setup_guard::verify::RuleResult {
    report
        .results
        .iter()
        .find(|r| r.rule == rule)
        .unwrap_or_else(|| panic!("no result {rule}: {:#?}", report.results))
}

fn outcome(report: &Report, rule: &str) -> Outcome {
    result(report, rule).outcome
}

fn summary(report: &Report) -> (usize, usize) {
    let s = report.summary.expect("a bound page has a summary");
    (s.passed, s.total)
}

#[test]
fn the_page_as_the_profile_wants_it_passes_every_rule() {
    let report = User::correct().check();
    assert_eq!(report.page, PageKind::ApiUser);
    assert_eq!(report.bound_by, Some(BoundBy::Vendor));
    assert_eq!(summary(&report), (10, 10), "{:#?}", report.results);
    assert!(report.passes);
    assert_eq!(
        report.recognition.user_name.as_deref(),
        Some("PRISM Connect")
    );
    let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        ["General", "Credentials", "API Tracking Identifier"]
    );
    assert_eq!(report.confirm_level, None);
}

#[test]
fn recognised_by_its_labels_not_by_a_stray_password_field() {
    let login_form = User {
        heading: "Sign in",
        controls: vec![],
    }
    .text("", "Username", "me")
    .secret(true);
    assert_eq!(login_form.check().page, PageKind::Unrecognized);
    // Without the key's label it is no API user page, whatever else it has.
    assert_eq!(
        User::correct().without("Username (Key)").check().page,
        PageKind::Unrecognized
    );
    // A missing ordinary field is judged incomplete, not a different page.
    let report = User::correct().without("Last Name").check();
    assert_eq!(report.page, PageKind::ApiUser);
    assert_eq!(outcome(&report, "user-last-name"), Outcome::Incomplete);
    assert!(!report.passes);
}

#[test]
fn names_and_email_must_be_filled_and_the_email_well_formed() {
    let report = User::correct()
        .set("First Name", "value", json!(" "))
        .check();
    assert_eq!(outcome(&report, "user-first-name"), Outcome::Fail);
    for bad in [
        "",
        "it-alerts",
        "it alerts@contoso.com",
        "a@b",
        "a@@b.com",
        "a@contoso.c0m",
        "a@.com",
    ] {
        let report = User::correct()
            .set("Email Address", "value", json!(bad))
            .check();
        assert_eq!(outcome(&report, "user-email"), Outcome::Fail, "{bad:?}");
        assert_eq!(summary(&report), (9, 10), "{bad:?}");
    }
    let report = User::correct()
        .set("Email Address", "value", Value::Null)
        .check();
    assert_eq!(outcome(&report, "user-email"), Outcome::Incomplete);
}

#[test]
fn an_address_nobody_reads_warns_without_blocking() {
    for nobody in [
        "noreply@contoso.com",
        "No-Reply@contoso.com",
        "do_not_reply@contoso.com",
        "api@example.com",
        "x@contoso.invalid",
    ] {
        let report = User::correct()
            .set("Email Address", "value", json!(nobody))
            .check();
        assert_eq!(outcome(&report, "user-email"), Outcome::Pass, "{nobody}");
        let warn = result(&report, "user-email-read");
        assert_eq!(warn.outcome, Outcome::Warn, "{nobody}");
        assert!(warn.message.contains("notifications"), "{}", warn.message);
        assert!(report.passes, "a warn never blocks: {nobody}");
        // The control's last mark is the warning, so the page shows it.
        let last = report.marks.iter().rev().find(|m| m.handle == 2).unwrap();
        assert_eq!(last.outcome, Outcome::Warn);
    }
    for someone in [
        "it-alerts@contoso.com",
        "replyto@contoso.com",
        "nora@contoso.com",
    ] {
        let report = User::correct()
            .set("Email Address", "value", json!(someone))
            .check();
        assert!(
            report.results.iter().all(|r| r.rule != "user-email-read"),
            "{someone}"
        );
    }
}

#[test]
fn active_on_and_locked_off_with_apply() {
    let report = User::correct()
        .set("Active", "checked", json!(false))
        .set("Locked", "checked", json!(true))
        .check();
    assert_eq!(outcome(&report, "user-active"), Outcome::Fail);
    assert_eq!(outcome(&report, "user-locked"), Outcome::Fail);
    assert!(result(&report, "user-locked")
        .message
        .contains("Locked unchecked"));
    let apply: Vec<(u32, Option<&str>)> = report
        .marks
        .iter()
        .filter(|m| m.outcome == Outcome::Fail)
        .map(|m| (m.handle, m.apply.as_deref()))
        .collect();
    assert_eq!(apply, [(3, Some("on")), (4, Some("off"))]);
    let unread = User::correct()
        .set("Active", "checked", Value::Null)
        .check();
    assert_eq!(outcome(&unread, "user-active"), Outcome::Incomplete);
}

#[test]
fn a_built_in_level_fails_with_the_reason_even_when_remembered_elsewhere() {
    for level in [
        "API User (system) (API-only)",
        "API User (system) Can't Read Costs (API-only)",
        "Administrator (system)",
    ] {
        for ctx in [r#"{"rememberedLevel": "Rhipe Integration"}"#, "{}"] {
            let report = User::correct()
                .set("Security Level", "value", json!(level))
                .check_with(ctx);
            let r = result(&report, "user-security-level");
            assert_eq!(r.outcome, Outcome::Fail, "{level} {ctx}");
            assert!(
                r.message.contains("full access, far beyond"),
                "{}",
                r.message
            );
            assert_eq!(report.confirm_level, None);
        }
    }
    let report = User::correct()
        .set(
            "Security Level",
            "value",
            json!("API User (system) (API-only)"),
        )
        .check();
    let mark = report
        .marks
        .iter()
        .find(|m| m.outcome == Outcome::Fail)
        .unwrap();
    assert_eq!(
        mark.apply.as_deref(),
        Some("Rhipe Integration"),
        "Apply picks the remembered level"
    );
}

#[test]
fn another_level_than_the_remembered_one_fails() {
    let report = User::correct()
        .set("Security Level", "value", json!("Finance API"))
        .check();
    let r = result(&report, "user-security-level");
    assert_eq!(
        (r.outcome, r.expected.as_str(), r.found.as_str()),
        (Outcome::Fail, "Rhipe Integration", "Finance API")
    );
}

#[test]
fn with_nothing_remembered_the_panel_asks_to_confirm_the_level() {
    let report = User::correct().check_with("{}");
    assert_eq!(report.bound_by, Some(BoundBy::Vendor));
    assert_eq!(outcome(&report, "user-security-level"), Outcome::Incomplete);
    assert_eq!(report.confirm_level.as_deref(), Some("Rhipe Integration"));
    assert!(!report.passes, "an unconfirmed level never passes");
    // The answer, remembered, is the remembered level.
    let confirmed = User::correct().check_with(r#"{"rememberedLevel": "rhipe integration"}"#);
    assert!(confirmed.passes);
    assert_eq!(confirmed.confirm_level, None);
}

#[test]
fn only_the_integrations_api_user_is_judged() {
    let other = User::correct()
        .set("Integration Vendor", "checked", json!(false))
        .set("Custom (Internal Integration)", "checked", json!(true));
    let report = other.check_with("{}");
    assert_eq!(report.page, PageKind::ApiUser);
    assert!(!report.bound);
    assert!(report.results.is_empty() && report.marks.is_empty() && report.summary.is_none());
    assert!(
        report.confirm_before_save.is_none(),
        "no guard on another user"
    );
    // Another vendor in the list is not the profile's either.
    assert!(
        !User::correct()
            .set("", "value", json!("Acme Backup"))
            .check_with("{}")
            .bound
    );
    // Bound by the remembered level…
    let by_level = other.check_with(r#"{"rememberedLevel": "Rhipe Integration"}"#);
    assert_eq!(by_level.bound_by, Some(BoundBy::Remembered));
    assert_eq!(
        outcome(&by_level, "tracking-integration-vendor"),
        Outcome::Fail
    );
    assert_eq!(outcome(&by_level, "tracking-vendor"), Outcome::Pass);
    // …or by the admin's choice, by the user's name.
    let chosen = other.check_with(r#"{"chosenUsers": ["prism  CONNECT"]}"#);
    assert_eq!(chosen.bound_by, Some(BoundBy::Chosen));
}

#[test]
fn the_integration_vendor_and_its_name_with_apply() {
    let report = User::correct()
        .set("Integration Vendor", "checked", json!(false))
        .set("", "value", json!(""))
        .check();
    assert_eq!(
        outcome(&report, "tracking-integration-vendor"),
        Outcome::Fail
    );
    let vendor = result(&report, "tracking-vendor");
    assert_eq!(
        (vendor.outcome, vendor.found.as_str()),
        (Outcome::Fail, "empty")
    );
    let applies: Vec<Option<&str>> = report
        .marks
        .iter()
        .filter(|m| m.outcome == Outcome::Fail)
        .map(|m| m.apply.as_deref())
        .collect();
    assert_eq!(applies, [Some("on"), Some(VENDOR)]);
}

#[test]
fn the_username_is_filled_with_allowed_characters_and_never_repeated() {
    let report = User::correct()
        .set("Username (Key)", "value", json!(""))
        .check();
    assert_eq!(outcome(&report, "credentials-username"), Outcome::Fail);
    let report = User::correct()
        .set("Username (Key)", "value", json!("K7Q2@M9X4;T1"))
        .check();
    let r = result(&report, "credentials-username");
    assert_eq!(
        (r.outcome, r.found.as_str()),
        (Outcome::Fail, "not allowed: @ ;")
    );
    let json = serde_json::to_string(&User::correct().check()).unwrap();
    assert!(
        !json.contains("K7Q2M9X4T1B8Z3P"),
        "the key is not copied into the report"
    );
}

#[test]
fn a_new_user_needs_its_secret_and_the_save_asks_to_confirm_it_is_stored() {
    let empty = User::correct()
        .without("Password (Secret)")
        .secret(false)
        .check();
    assert_eq!(outcome(&empty, "credentials-secret"), Outcome::Fail);
    assert!(empty.confirm_before_save.is_none());
    let filled = User::correct().check();
    assert_eq!(outcome(&filled, "credentials-secret"), Outcome::Pass);
    let ask = filled.confirm_before_save.as_ref().expect("the guard asks");
    assert_eq!(ask.id, "secret-stored");
    assert!(
        ask.message.contains("never shows the secret again"),
        "{}",
        ask.message
    );
    // Editing: the secret is not shown again, so an empty field is fine…
    let mut edit = User::correct().without("Password (Secret)").secret(false);
    edit.heading = "Edit API User";
    let report = edit.check();
    assert!(report
        .results
        .iter()
        .all(|r| r.rule != "credentials-secret"));
    assert!(report.passes && report.confirm_before_save.is_none());
    // …but a secret generated anew while editing is asked about too.
    let mut regenerated = User::correct();
    regenerated.heading = "Edit API User";
    assert!(regenerated.check().confirm_before_save.is_some());
}

#[test]
fn a_secret_shown_in_a_text_field_never_reaches_the_report() {
    let secret = "s3cr3T~Value~0123456789AB";
    let report = User::correct()
        .without("Password (Secret)")
        .text("Credentials", "Password (Secret)", secret)
        .check();
    assert_eq!(outcome(&report, "credentials-secret"), Outcome::Pass);
    assert!(report.confirm_before_save.is_some());
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(secret), "{json}");
}
