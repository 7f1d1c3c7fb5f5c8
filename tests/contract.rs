//! The contract page natively, with the clock fixed: recognition, binding,
//! each contract rule, and the dates across month ends, year ends and
//! 29 February in all four date formats.

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::dates::{Date, Format, FORMATS};
use autotask_setup_guard::profile;
use autotask_setup_guard::recognize::PageKind;
use autotask_setup_guard::report::{self, Report};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::verify::Outcome;
use serde_json::{json, Value};

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("a real date")
}

/// A contract page: type, period, start and end as the page shows them.
struct Page {
    url: String,
    title: String,
    controls: Vec<Value>,
}

impl Page {
    fn new(kind: &str, period: &str, start: &str, end: &str) -> Page {
        Page {
            url: "https://ww5.autotask.net/Mvc/Contracts/ContractNew.mvc".into(),
            title: "New Contract".into(),
            controls: vec![
                json!({"handle": 0, "kind": "text", "label": "Contract Name", "value": "Acme cloud", "path": ["General"]}),
                json!({"handle": 1, "kind": "select", "label": "Contract Type", "value": kind, "path": ["General"],
                    "options": ["Time & Materials", "Fixed Price", "Recurring Service"]}),
                json!({"handle": 2, "kind": "select", "label": "Contract Period Type", "value": period, "path": ["General"],
                    "options": ["Monthly", "Quarterly", "Semi-Annually", "Yearly"]}),
                json!({"handle": 3, "kind": "text", "label": "Start Date", "value": start, "path": ["General"]}),
                json!({"handle": 4, "kind": "text", "label": "End Date", "value": end, "path": ["General"]}),
            ],
        }
    }

    fn good() -> Page {
        Page::new("Recurring Service", "Monthly", "2027-02-01", "2028-01-31")
    }

    fn edit(mut self, id: &str) -> Page {
        self.url =
            format!("https://ww5.autotask.net/contracts/views/contractView.asp?contractID={id}");
        self.title = "Edit Contract".into();
        self
    }

    fn hint(mut self, handle: usize, hint: &str) -> Page {
        self.controls[handle]["hint"] = json!(hint);
        self
    }

    fn snapshot(&self) -> Snapshot {
        let v = json!({"seq": 1, "url": self.url, "lang": "en", "title": self.title,
            "headings": [self.title], "sections": ["General"], "controls": self.controls});
        Snapshot::from_json(&v.to_string()).expect("a valid snapshot")
    }
}

fn marked(today: &str) -> Value {
    json!({"contractMarked": true, "today": today})
}

fn check(page: &Page, ctx: Value) -> Report {
    let ctx = Context::from_json(&ctx.to_string()).expect("a valid context");
    report::check(profile::find("").expect("profile"), &page.snapshot(), &ctx)
}

fn outcome(r: &Report, rule: &str) -> Outcome {
    r.results
        .iter()
        .find(|x| x.rule == rule)
        .unwrap_or_else(|| panic!("no result for {rule}: {:?}", r.results))
        .outcome
}

fn message(r: &Report, rule: &str) -> String {
    r.results
        .iter()
        .find(|x| x.rule == rule)
        .map(|x| x.message.clone())
        .unwrap_or_default()
}

fn mark(r: &Report, handle: u32) -> Option<(Outcome, Option<String>)> {
    r.marks
        .iter()
        .find(|m| m.handle == handle)
        .map(|m| (m.outcome, m.apply.clone()))
}

// ---- dates ----

#[test]
fn each_format_reads_month_ends_year_ends_and_29_february() {
    let cases = [
        (
            date(2027, 1, 31),
            ["01/31/2027", "31/01/2027", "2027-01-31", "31.01.2027"],
        ),
        (
            date(2027, 4, 30),
            ["04/30/2027", "30/04/2027", "2027-04-30", "30.04.2027"],
        ),
        (
            date(2027, 2, 28),
            ["02/28/2027", "28/02/2027", "2027-02-28", "28.02.2027"],
        ),
        (
            date(2028, 2, 29),
            ["02/29/2028", "29/02/2028", "2028-02-29", "29.02.2028"],
        ),
        (
            date(2026, 12, 31),
            ["12/31/2026", "31/12/2026", "2026-12-31", "31.12.2026"],
        ),
        (
            date(2027, 1, 1),
            ["01/01/2027", "01/01/2027", "2027-01-01", "01.01.2027"],
        ),
    ];
    for (want, texts) in cases {
        for (format, text) in FORMATS.into_iter().zip(texts) {
            assert_eq!(
                Date::parse(text, format),
                Some(want),
                "{text} as {}",
                format.as_str()
            );
            assert_eq!(want.format(format), text);
        }
    }
    // Days that do not exist are refused, never rolled over.
    for (format, text) in
        FORMATS
            .into_iter()
            .zip(["02/29/2027", "29/02/2027", "2027-02-29", "29.02.2027"])
    {
        assert_eq!(Date::parse(text, format), None, "{text}");
    }
    for (format, text) in
        FORMATS
            .into_iter()
            .zip(["04/31/2027", "31/04/2027", "2027-04-31", "31.04.2027"])
    {
        assert_eq!(Date::parse(text, format), None, "{text}");
    }
    // Single digits are read, other separators and two-digit years are not.
    assert_eq!(
        Date::parse("2/1/2027", Format::MonthDayYear),
        Some(date(2027, 2, 1))
    );
    assert_eq!(Date::parse("02-01-2027", Format::MonthDayYear), None);
    assert_eq!(Date::parse("02/01/27", Format::MonthDayYear), None);
}

#[test]
fn arithmetic_across_month_and_year_ends() {
    assert_eq!(date(2027, 1, 15).first_of_month(-1), date(2026, 12, 1));
    assert_eq!(date(2027, 1, 1).first_of_month(0), date(2027, 1, 1));
    assert_eq!(date(2026, 12, 31).first_of_month(1), date(2027, 1, 1));
    assert_eq!(date(2028, 3, 1).first_of_month(-1), date(2028, 2, 1));
    assert_eq!(date(2028, 2, 28).add_days(1), date(2028, 2, 29));
    assert_eq!(date(2027, 2, 28).add_days(1), date(2027, 3, 1));
    assert_eq!(date(2026, 12, 31).add_days(1), date(2027, 1, 1));
    assert_eq!(date(2027, 3, 1).days() - date(2026, 12, 31).days(), 60);
}

#[test]
fn a_date_without_a_known_format_is_read_only_when_every_reading_agrees() {
    assert_eq!(Date::parse_any("01/05/2027"), None, "1 May or 5 January");
    assert_eq!(
        Date::parse_any("01/01/2027"),
        Some(date(2027, 1, 1)),
        "the same either way"
    );
    assert_eq!(
        Date::parse_any("13/05/2027"),
        Some(date(2027, 5, 13)),
        "only dd/MM reads it"
    );
    assert_eq!(Date::parse_any("2027-05-01"), Some(date(2027, 5, 1)));
    assert_eq!(Date::parse_any("01.05.2027"), Some(date(2027, 5, 1)));
    assert_eq!(Date::parse_any("May 1, 2027"), None);
}

#[test]
fn a_format_is_taken_from_a_hint_only_when_it_names_exactly_one() {
    assert_eq!(Format::in_text("mm/dd/yyyy"), Some(Format::MonthDayYear));
    assert_eq!(
        Format::in_text("Start Date (DD/MM/YYYY)"),
        Some(Format::DayMonthYear)
    );
    assert_eq!(
        Format::in_text("e.g. yyyy-mm-dd"),
        Some(Format::YearMonthDay)
    );
    assert_eq!(Format::in_text("TT.MM.JJJJ"), None);
    assert_eq!(
        Format::in_text("dd.mm.yyyy"),
        Some(Format::DayMonthYearDots)
    );
    assert_eq!(Format::in_text("m/d/yyyy"), Some(Format::MonthDayYear));
    assert_eq!(Format::in_text("mm/dd/yyyy or dd/mm/yyyy"), None);
    assert_eq!(Format::in_text("Start Date"), None);
}

// ---- recognition and binding ----

#[test]
fn a_contract_page_is_recognised_and_judged_only_when_marked() {
    let page = Page::good();
    let r = check(&page, json!({"today": "2027-03-10"}));
    assert_eq!(r.page, PageKind::Contract);
    assert!(!r.bound);
    assert!(r.results.is_empty() && r.marks.is_empty() && r.summary.is_none());
    let info = r.contract.as_ref().expect("contract info");
    assert_eq!(info.name.as_deref(), Some("Acme cloud"));
    assert!(!info.existing);
    // Marked by name, by the id in the address, or on this page.
    assert!(
        check(
            &page,
            json!({"contractNames": ["ACME  Cloud"], "today": "2027-03-10"})
        )
        .bound
    );
    let edit = Page::good().edit("29684001");
    assert!(check(&edit, json!({"contractIds": ["29684001"]})).bound);
    assert!(!check(&edit, json!({"contractIds": ["29684002"]})).bound);
    assert!(check(&page, marked("2027-03-10")).bound);
}

#[test]
fn a_page_without_both_dates_is_not_a_contract() {
    let mut page = Page::good();
    page.controls.truncate(4);
    assert_eq!(
        check(&page, marked("2027-03-10")).page,
        PageKind::Unrecognized
    );
}

// ---- the rules ----

#[test]
fn a_correct_contract_passes() {
    let r = check(&Page::good(), marked("2027-03-10"));
    assert_eq!(
        r.summary.map(|s| (s.passed, s.total)),
        Some((5, 5)),
        "{:#?}",
        r.results
    );
    assert!(r.passes);
    assert_eq!(outcome(&r, "contract-period"), Outcome::Pass);
    let info = r.contract.expect("info");
    assert_eq!(info.latest_start.as_deref(), Some("2027-02-01"));
}

#[test]
fn another_type_on_a_new_contract_fails_and_apply_selects_recurring_service() {
    let r = check(
        &Page::new("Time & Materials", "Monthly", "2027-02-01", "2028-01-31"),
        marked("2027-03-10"),
    );
    assert_eq!(outcome(&r, "contract-type"), Outcome::Fail);
    assert_eq!(
        mark(&r, 1),
        Some((Outcome::Fail, Some("Recurring Service".into())))
    );
    assert!(!r.passes);
}

#[test]
fn another_type_on_an_existing_contract_says_to_create_a_new_one() {
    let r = check(
        &Page::new("Fixed Price", "Monthly", "2027-02-01", "2028-01-31").edit("7"),
        marked("2027-03-10"),
    );
    assert_eq!(outcome(&r, "contract-type"), Outcome::Fail);
    assert!(
        message(&r, "contract-type").contains("create a new Recurring Service contract"),
        "{}",
        message(&r, "contract-type")
    );
    assert_eq!(
        mark(&r, 1),
        Some((Outcome::Fail, None)),
        "Apply cannot change a saved type"
    );
    // A locked type field says the same without an id in the address.
    let mut locked = Page::new("Fixed Price", "Monthly", "2027-02-01", "2028-01-31");
    locked.controls[1]["disabled"] = json!(true);
    let r = check(&locked, marked("2027-03-10"));
    assert!(message(&r, "contract-type").contains("create a new"));
    assert_eq!(mark(&r, 1), Some((Outcome::Fail, None)));
}

#[test]
fn a_period_other_than_monthly_is_a_warning_that_never_blocks() {
    let r = check(
        &Page::new("Recurring Service", "Yearly", "2027-02-01", "2028-01-31"),
        marked("2027-03-10"),
    );
    assert_eq!(outcome(&r, "contract-period"), Outcome::Warn);
    assert_eq!(r.summary.map(|s| (s.passed, s.total)), Some((4, 4)));
    assert!(r.passes);
    assert_eq!(mark(&r, 2), Some((Outcome::Warn, None)));
}

#[test]
fn a_start_that_is_not_a_first_fails() {
    let r = check(
        &Page::new("Recurring Service", "Monthly", "2027-01-15", "2028-01-31"),
        marked("2027-03-10"),
    );
    assert_eq!(outcome(&r, "contract-start-day"), Outcome::Fail);
    assert!(message(&r, "contract-start-day").contains("2027-01-01"));
    assert_eq!(outcome(&r, "contract-start-usage"), Outcome::Pass);
    assert_eq!(mark(&r, 3), Some((Outcome::Fail, None)));
}

#[test]
fn the_latest_start_follows_the_invoice_choice_across_year_ends_and_february() {
    // (today, most recent, next)
    let cases = [
        (date(2027, 1, 15), date(2026, 12, 1), date(2027, 1, 1)),
        (date(2027, 1, 1), date(2026, 12, 1), date(2027, 1, 1)),
        (date(2026, 12, 31), date(2026, 11, 1), date(2026, 12, 1)),
        (date(2028, 2, 29), date(2028, 1, 1), date(2028, 2, 1)),
        (date(2028, 3, 1), date(2028, 2, 1), date(2028, 3, 1)),
        (date(2027, 3, 31), date(2027, 2, 1), date(2027, 3, 1)),
    ];
    for (today, recent, next) in cases {
        let iso = today.format(Format::YearMonthDay);
        for (invoice, latest) in [("most-recent", recent), ("next", next)] {
            let at = |start: Date| {
                let page = Page::new(
                    "Recurring Service",
                    "Monthly",
                    &start.format(Format::YearMonthDay),
                    "2030-12-31",
                );
                check(
                    &page,
                    json!({"contractMarked": true, "today": iso, "invoice": invoice}),
                )
            };
            let on = at(latest);
            assert_eq!(
                outcome(&on, "contract-start-usage"),
                Outcome::Pass,
                "{iso} {invoice}"
            );
            assert_eq!(
                on.contract.as_ref().and_then(|c| c.latest_start.clone()),
                Some(latest.format(Format::YearMonthDay))
            );
            let later = at(latest.first_of_month(1));
            assert_eq!(
                outcome(&later, "contract-start-usage"),
                Outcome::Warn,
                "{iso} {invoice}"
            );
            assert!(message(&later, "contract-start-usage")
                .contains(&latest.format(Format::YearMonthDay)));
            assert!(later.passes, "a warning never blocks");
        }
    }
    // The default is "most recent".
    let r = check(
        &Page::new("Recurring Service", "Monthly", "2027-03-01", "2030-12-31"),
        marked("2027-03-10"),
    );
    assert_eq!(outcome(&r, "contract-start-usage"), Outcome::Warn);
}

#[test]
fn the_end_date_fails_when_past_and_warns_within_60_days() {
    // (today, end, outcome)
    let cases = [
        (date(2026, 12, 31), date(2026, 12, 30), Outcome::Fail),
        (date(2026, 12, 31), date(2026, 12, 31), Outcome::Warn),
        (date(2026, 12, 31), date(2027, 3, 1), Outcome::Warn),
        (date(2026, 12, 31), date(2027, 3, 2), Outcome::Pass),
        (date(2027, 12, 31), date(2028, 2, 29), Outcome::Warn),
        (date(2027, 12, 31), date(2028, 3, 1), Outcome::Pass),
        (date(2028, 3, 1), date(2028, 2, 29), Outcome::Fail),
        (date(2027, 1, 31), date(2027, 4, 1), Outcome::Warn),
        (date(2027, 1, 31), date(2027, 4, 2), Outcome::Pass),
    ];
    for (today, end, want) in cases {
        for format in FORMATS {
            let page = Page::new(
                "Recurring Service",
                "Monthly",
                &date(2020, 1, 1).format(format),
                &end.format(format),
            );
            let r = check(
                &page,
                json!({"contractMarked": true, "today": today.format(Format::YearMonthDay),
                "dateFormat": format.as_str()}),
            );
            assert_eq!(
                outcome(&r, "contract-end"),
                want,
                "today {today:?} end {end:?} in {}",
                format.as_str()
            );
            assert_eq!(outcome(&r, "contract-start-day"), Outcome::Pass);
            assert_eq!(mark(&r, 4).map(|m| m.0), Some(want));
        }
    }
}

#[test]
fn every_rule_in_every_format_with_the_format_from_the_page_or_remembered() {
    for format in FORMATS {
        let show = |d: Date| d.format(format);
        // Today 29 February 2028: most recent = 1 January 2028.
        let page = Page::new(
            "Recurring Service",
            "Monthly",
            &show(date(2028, 1, 1)),
            &show(date(2028, 4, 28)),
        );
        let ctx =
            json!({"contractMarked": true, "today": "2028-02-29", "dateFormat": format.as_str()});
        let r = check(&page, ctx.clone());
        assert_eq!(
            outcome(&r, "contract-start-day"),
            Outcome::Pass,
            "{}",
            format.as_str()
        );
        assert_eq!(
            outcome(&r, "contract-start-usage"),
            Outcome::Pass,
            "{}",
            format.as_str()
        );
        assert_eq!(
            outcome(&r, "contract-end"),
            Outcome::Warn,
            "59 days, {}",
            format.as_str()
        );
        let info = r.contract.expect("info");
        assert_eq!(info.latest_start, Some(show(date(2028, 1, 1))));
        assert_eq!(info.date_format_from, Some("remembered"));
        // The page's own hint wins over what was remembered.
        let other = FORMATS
            .into_iter()
            .find(|f| *f != format)
            .expect("another format");
        let hinted = Page::new(
            "Recurring Service",
            "Monthly",
            &show(date(2028, 2, 1)),
            &show(date(2029, 1, 31)),
        )
        .hint(3, &format.as_str().to_lowercase());
        let r = check(
            &hinted,
            json!({"contractMarked": true, "today": "2028-02-29", "dateFormat": other.as_str()}),
        );
        let info = r.contract.clone().expect("info");
        assert_eq!(
            (info.date_format.as_deref(), info.date_format_from),
            (Some(format.as_str()), Some("page"))
        );
        assert_eq!(
            outcome(&r, "contract-start-day"),
            Outcome::Pass,
            "{}",
            format.as_str()
        );
        assert_eq!(
            outcome(&r, "contract-start-usage"),
            Outcome::Warn,
            "{}",
            format.as_str()
        );
        assert_eq!(
            outcome(&r, "contract-end"),
            Outcome::Pass,
            "{}",
            format.as_str()
        );
    }
}

#[test]
fn an_ambiguous_date_with_no_known_format_is_incomplete_with_the_question() {
    let page = Page::new("Recurring Service", "Monthly", "01/05/2027", "01/05/2030");
    let r = check(&page, marked("2027-06-10"));
    for rule in ["contract-start-day", "contract-start-usage", "contract-end"] {
        assert_eq!(outcome(&r, rule), Outcome::Incomplete, "{rule}");
        // The question is asked once, by the panel (ask_date_format); each
        // finding points to it instead of repeating it.
        assert!(
            message(&r, rule).contains("Choose your date format in the panel")
                && !message(&r, rule).contains("Which date format"),
            "{}",
            message(&r, rule)
        );
    }
    assert!(!r.passes);
    assert!(r.contract.as_ref().is_some_and(|c| c.ask_date_format));
    assert_eq!(mark(&r, 3).map(|m| m.0), Some(Outcome::Incomplete));
    // Answered: dd/MM reads 1 May (a 1st), MM/dd reads 5 January (not a 1st).
    let dd = check(
        &page,
        json!({"contractMarked": true, "today": "2027-06-10", "dateFormat": "dd/MM/yyyy"}),
    );
    assert_eq!(outcome(&dd, "contract-start-day"), Outcome::Pass);
    assert!(!dd.contract.as_ref().is_some_and(|c| c.ask_date_format));
    let mm = check(
        &page,
        json!({"contractMarked": true, "today": "2027-06-10", "dateFormat": "MM/dd/yyyy"}),
    );
    assert_eq!(outcome(&mm, "contract-start-day"), Outcome::Fail);
}

#[test]
fn a_date_the_known_format_cannot_read_is_incomplete() {
    let page = Page::new("Recurring Service", "Monthly", "2027-05-01", "May 1, 2030");
    let r = check(
        &page,
        json!({"contractMarked": true, "today": "2027-06-10", "dateFormat": "MM/dd/yyyy"}),
    );
    assert_eq!(outcome(&r, "contract-start-day"), Outcome::Incomplete);
    assert!(message(&r, "contract-start-day").contains("not a date in MM/dd/yyyy"));
    assert_eq!(outcome(&r, "contract-end"), Outcome::Incomplete);
    // With no format known, a date no format reads points to the panel's question too.
    let r = check(&page, marked("2027-06-10"));
    assert_eq!(
        outcome(&r, "contract-start-day"),
        Outcome::Pass,
        "2027-05-01 reads in one way only"
    );
    assert!(message(&r, "contract-end").contains("Choose your date format in the panel"));
}

#[test]
fn missing_fields_and_a_missing_today_are_incomplete() {
    let mut page = Page::good();
    page.controls.remove(1);
    let r = check(&page, json!({"contractMarked": true}));
    assert_eq!(outcome(&r, "contract-type"), Outcome::Incomplete);
    assert_eq!(outcome(&r, "contract-start-usage"), Outcome::Incomplete);
    assert_eq!(outcome(&r, "contract-end"), Outcome::Incomplete);
    assert_eq!(outcome(&r, "contract-start-day"), Outcome::Pass);
    // Two Start Date fields: which counts is not guessed, and each start rule
    // says so with its own reason.
    let mut two_starts = Page::good();
    two_starts.controls.push(json!({"handle": 5, "kind": "text", "label": "Start Date", "value": "2027-01-01", "path": ["Billing"]}));
    let r = check(&two_starts, marked("2027-06-10"));
    assert_eq!(outcome(&r, "contract-start-day"), Outcome::Incomplete);
    assert_eq!(outcome(&r, "contract-start-usage"), Outcome::Incomplete);
    assert!(
        message(&r, "contract-start-day").contains("prorate"),
        "{}",
        message(&r, "contract-start-day")
    );
    assert!(
        message(&r, "contract-start-usage").contains("in arrears"),
        "{}",
        message(&r, "contract-start-usage")
    );
    assert_eq!(r.summary.map(|s| (s.passed, s.total)), Some((3, 5)));
    let empty = Page::new("Recurring Service", "Monthly", "", "2030-01-31");
    let r = check(&empty, marked("2027-06-10"));
    assert_eq!(outcome(&r, "contract-start-day"), Outcome::Incomplete);
    assert_eq!(outcome(&r, "contract-start-usage"), Outcome::Incomplete);
}

#[test]
fn a_bad_context_value_is_refused_or_ignored_never_guessed() {
    assert!(Context::from_json(r#"{"today": 5}"#).is_err());
    // An unknown format name is as good as none: the ambiguous date stays a question.
    let page = Page::new("Recurring Service", "Monthly", "01/05/2027", "01/05/2030");
    let r = check(
        &page,
        json!({"contractMarked": true, "today": "2027-06-10", "dateFormat": "dd-MM-yy"}),
    );
    assert_eq!(outcome(&r, "contract-start-day"), Outcome::Incomplete);
}

#[test]
fn the_report_says_what_the_extension_does_with_a_contract() {
    let page = Page::good();
    let r = check(&page, json!({"today": "2027-03-10"}));
    assert!(!r.judged && r.on_save.is_none() && r.next_step.is_none());
    let offer = r.offer.as_ref().expect("an offer on an unmarked contract");
    assert_eq!(
        offer.text,
        "Is this the contract rhipe PRISM Connect bills into? Only that contract is checked."
    );
    assert_eq!(
        offer.accept.as_deref(),
        Some("This is the rhipe PRISM Connect contract")
    );
    let message = serde_json::to_value(offer.message.as_ref().expect("a message")).unwrap();
    assert_eq!(
        message,
        json!({"type": "choose-contract", "name": "Acme cloud"})
    );
    let judged = check(&page, marked("2027-03-10"));
    assert!(judged.judged && judged.offer.is_none() && judged.stay_open);
    let saved = serde_json::to_value(judged.on_save.as_ref().expect("remembered on save")).unwrap();
    assert_eq!(
        saved,
        json!({"type": "choose-contract", "name": "Acme cloud"})
    );
    assert_eq!(judged.page_name, "Contract");
}
