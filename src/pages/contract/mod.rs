//! The contract the integration bills into (docs/autotask-pages.md §5): recognising a New or
//! Edit Contract page and judging it against the profile's contract rules.
//! Dates are read in the admin's own format (`dates.rs`); "today" is the
//! admin's local date from the context, never a clock read here.

use super::{offer, tpl, Judgement, Mark, Message, Page, PageKind, Recognition, SectionSummary};
use crate::bind::{BoundBy, Context};
use crate::dates::{num, Date, Format, FORMATS};
use crate::normalize::{label_matches, norm};
use crate::profile::{ContractRule, ContractRules, Profile};
use crate::snapshot::{Control, ControlKind, Snapshot};
use crate::verify::{Outcome, RuleResult, Summary};
use serde::Serialize;

pub const KIND: PageKind = PageKind("contract");

pub struct Contract;
pub static PAGE: Contract = Contract;

impl Page for Contract {
    fn kind(&self) -> PageKind {
        KIND
    }

    fn name(&self) -> &'static str {
        "Contract"
    }

    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        looks_like(snap).then(|| {
            base.as_kind(
                KIND,
                "A contract's Start Date and End Date fields found.".into(),
            )
        })
    }

    // A profile without contract rules recognises a contract but never judges it.
    fn judge(
        &self,
        profile: &Profile,
        snap: &Snapshot,
        ctx: &Context,
        _rec: &Recognition,
    ) -> Judgement {
        let Some(rules) = &profile.contract else {
            return Judgement::default();
        };
        let check = verify(profile, rules, snap, ctx);
        let by = bind(check.info.name.as_deref(), check.info.id.as_deref(), ctx);
        let (name, id) = (check.info.name.clone(), check.info.id.clone());
        let mut j = Judgement {
            bound_by: by,
            contract: Some(check.info),
            ..Judgement::default()
        };
        // Marked (or marked again once saved): remembered by its name and the id in its address.
        let choose = Message::new("choose-contract", name, id);
        if by.is_none() {
            let p = &profile.name;
            j.offer = Some(offer(
                tpl(
                    "Is this the contract % bills into? Only that contract is checked.",
                    &[p],
                ),
                tpl("This is the % contract", &[p]),
                Some(choose),
                "This contract is not marked as the integration's: the page offers to check it",
            ));
            return j;
        }
        j.marks = marks(&check.results, &check.apply);
        if !check.results.is_empty() {
            let sum = Summary::of(&check.results);
            j.sections = vec![SectionSummary {
                heading: SECTION.to_string(),
                passed: sum.passed,
                total: sum.total,
            }];
        }
        j.results = check.results;
        j.on_save = Some(choose);
        j.stay_open = true;
        j.next_step = Some("Next: save this contract; then the setup in Autotask is done.");
        j.save_intro = super::save_intro("contract", profile);
        j
    }
}

/// Why a contract is judged, or `None`: only one the admin marked as the
/// integration's (by its id in the address or its name), or any contract on
/// the checker page.
pub fn bind(name: Option<&str>, id: Option<&str>, ctx: &Context) -> Option<BoundBy> {
    if ctx.judge_any_level || ctx.contract_marked {
        return Some(BoundBy::Chosen);
    }
    let by_id = id.is_some_and(|id| ctx.contract_ids.iter().any(|k| k.trim() == id.trim()));
    let name = name.map(norm).filter(|n| !n.is_empty());
    let by_name = name.is_some_and(|n| ctx.contract_names.iter().any(|k| norm(k) == n));
    (by_id || by_name).then_some(BoundBy::Remembered)
}

/// One mark per control: two rules judge the Start Date, and the control
/// shows the worse of their outcomes. "Apply" sets only what the contract
/// rules allow (the type of a new contract).
fn marks(results: &[RuleResult], apply: &[(u32, String)]) -> Vec<Mark> {
    let rank = Outcome::rank;
    let mut marks: Vec<Mark> = Vec::new();
    for r in results {
        for &handle in &r.handles {
            match marks.iter_mut().find(|m| m.handle == handle) {
                Some(m) if rank(r.outcome) > rank(m.outcome) => m.outcome = r.outcome,
                Some(_) => {}
                None => marks.push(Mark {
                    handle,
                    outcome: r.outcome,
                    apply: None,
                }),
            }
        }
    }
    for m in &mut marks {
        if m.outcome == Outcome::Fail {
            m.apply = apply
                .iter()
                .find(|(h, _)| *h == m.handle)
                .map(|(_, v)| v.clone());
        }
    }
    marks
}

/// The one checklist section of a contract page.
pub const SECTION: &str = "Contract";

pub const NAME: &[&str] = &["Contract Name"];
pub const TYPE: &[&str] = &["Contract Type"];
pub const PERIOD: &[&str] = &["Contract Period Type", "Period Type"];
pub const START: &[&str] = &["Start Date", "Contract Start Date"];
pub const END: &[&str] = &["End Date", "Contract End Date"];
/// The query key that carries a saved contract's id in its address.
const ID_KEY: &str = "contractid";

/// Which invoice the first sync takes (chosen in the panel).
///
/// rhipe bills monthly in arrears, so an invoice holds one calendar month's
/// usage, issued after that month ends:
/// - "most recent": the invoice already issued, i.e. the usage of last
///   calendar month; its first usage record is dated the 1st of last month,
///   so the contract must start on or before the 1st of last month.
/// - "next": the invoice still to come, i.e. the usage of the current month;
///   the contract must start on or before the 1st of this month.
///
/// The vendor's guide says only "before the first usage records that will be
/// synced"; a start on that 1st covers that month's first record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Invoice {
    MostRecent,
    Next,
}

impl Invoice {
    /// The context's word; anything else is the default, "most recent".
    fn from_context(word: Option<&str>) -> Invoice {
        match word.map(str::trim) {
            Some("next") => Invoice::Next,
            _ => Invoice::MostRecent,
        }
    }

    /// The latest Start Date that still covers the first usage synced.
    pub fn latest_start(self, today: Date) -> Date {
        match self {
            Invoice::MostRecent => today.first_of_month(-1),
            Invoice::Next => today.first_of_month(0),
        }
    }

    fn words(self) -> &'static str {
        match self {
            Invoice::MostRecent => "the most recent invoice (last month's usage)",
            Invoice::Next => "the next invoice (this month's usage)",
        }
    }
}

/// What the panel needs besides the results (the report's `contract`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractInfo {
    /// The Contract Name field's text, if filled.
    pub name: Option<String>,
    /// The contract's id from the page's address (a saved contract).
    pub id: Option<String>,
    /// A saved contract: its type can no longer be changed.
    pub existing: bool,
    pub invoice: Invoice,
    /// The admin's date, `yyyy-MM-dd`, when the context gave a valid one.
    pub today: Option<String>,
    /// The latest Start Date that works for `invoice`, in `dateFormat`
    /// (`yyyy-MM-dd` when no format is known).
    pub latest_start: Option<String>,
    /// The date format the dates were read in, if known.
    pub date_format: Option<String>,
    /// Where it came from: `page` (a placeholder or hint) or `remembered`.
    pub date_format_from: Option<&'static str>,
    /// Set when a date could not be read without knowing the format: the
    /// panel asks for it.
    pub ask_date_format: bool,
}

pub struct Check {
    pub results: Vec<RuleResult>,
    pub info: ContractInfo,
    /// What "Apply" may set: (handle, option text).
    pub apply: Vec<(u32, String)>,
}

fn find<'a>(snap: &'a Snapshot, labels: &[&str]) -> Vec<&'a Control> {
    let names: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    snap.controls
        .iter()
        .filter(|c| c.kind != ControlKind::Secret && label_matches(&c.label, &names))
        .collect()
}

/// A contract page shows a Start Date and an End Date, and says it is a
/// contract (Contract Name / Type / Period Type field, or its title).
pub fn looks_like(snap: &Snapshot) -> bool {
    let has = |labels: &[&str]| !find(snap, labels).is_empty();
    let titled = std::iter::once(&snap.title)
        .chain(&snap.headings)
        .any(|t| norm(t).contains("contract"));
    has(START) && has(END) && (has(NAME) || has(TYPE) || has(PERIOD) || titled)
}

pub fn name(snap: &Snapshot) -> Option<String> {
    find(snap, NAME)
        .into_iter()
        .find(|c| c.kind == ControlKind::Text)
        .and_then(|c| c.value.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The `contractId` in the page's address (any case), if any.
pub fn id(snap: &Snapshot) -> Option<String> {
    let query = snap.url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case(ID_KEY))
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn existing(snap: &Snapshot) -> bool {
    let edit_title = std::iter::once(&snap.title)
        .chain(&snap.headings)
        .any(|t| norm(t).contains("edit contract"));
    let type_locked = find(snap, TYPE).iter().any(|c| c.disabled);
    id(snap).is_some() || edit_title || type_locked
}

/// The format the page itself names next to a date field, if it names one.
fn page_format(snap: &Snapshot) -> Option<Format> {
    find(snap, START)
        .into_iter()
        .chain(find(snap, END))
        .find_map(|c| {
            c.hint
                .as_deref()
                .and_then(Format::in_text)
                .or_else(|| Format::in_text(&c.label))
        })
}

/// Why a date could not be used.
enum DateProblem {
    Empty,
    /// Does not read in the known format.
    NotInFormat(Format),
    /// No known format, and no format reads it.
    Unreadable,
    /// No known format, and two formats read it as different dates.
    Ambiguous,
}

fn read_date(text: &str, format: Option<Format>) -> Result<Date, DateProblem> {
    if text.trim().is_empty() {
        return Err(DateProblem::Empty);
    }
    match format {
        Some(f) => Date::parse(text, f).ok_or(DateProblem::NotInFormat(f)),
        None if FORMATS.iter().all(|&f| Date::parse(text, f).is_none()) => {
            Err(DateProblem::Unreadable)
        }
        None => Date::parse_any(text).ok_or(DateProblem::Ambiguous),
    }
}

fn problem_text(label: &str, text: &str, problem: &DateProblem) -> String {
    match problem {
        DateProblem::Empty => tpl("\"%\" is empty; fill it in.", &[label]),
        DateProblem::NotInFormat(f) => tpl("\"%\" shows \"%\", which is not a date in %, the date format in use. If your date format is another one, choose it in the panel.", &[label, text, f.as_str()]),
        // The question "which date format?" is the panel's, asked once
        // (ContractInfo::ask_date_format), not repeated in every date's finding.
        DateProblem::Unreadable => tpl("\"%\" shows \"%\", which is not a date in MM/dd/yyyy, dd/MM/yyyy, yyyy-MM-dd or dd.MM.yyyy. Choose your date format in the panel.", &[label, text]),
        DateProblem::Ambiguous => tpl("\"%\" shows \"%\", which reads as different dates in different date formats. Choose your date format in the panel.", &[label, text]),
    }
}

struct Judge<'a> {
    format: Option<Format>,
    results: Vec<RuleResult>,
    ask_format: bool,
    profile_name: &'a str,
}

impl Judge<'_> {
    fn show(&self, d: Date) -> String {
        d.format(self.format.unwrap_or(Format::YearMonthDay))
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: &str,
        rule: &ContractRule,
        control: &str,
        handles: Vec<u32>,
        outcome: Outcome,
        expected: String,
        found: String,
        message: String,
    ) {
        self.results.push(RuleResult {
            rule: id.into(),
            section: SECTION.into(),
            control: control.into(),
            column: None,
            handles,
            outcome,
            expected,
            found,
            message,
            source: Some(rule.source.clone()),
        });
    }

    /// The one control with this label and its shown text, or the result
    /// saying why there is none (with `outcome`: incomplete, or warn for a
    /// rule that only advises).
    #[allow(clippy::too_many_arguments)]
    fn one<'s>(
        &mut self,
        snap: &'s Snapshot,
        labels: &[&str],
        kinds: &[ControlKind],
        id: &str,
        rule: &ContractRule,
        expected: &str,
        outcome: Outcome,
    ) -> Option<(&'s Control, String)> {
        let all: Vec<&Control> = find(snap, labels)
            .into_iter()
            .filter(|c| kinds.contains(&c.kind))
            .collect();
        let label = labels[0];
        let (found, message, handles) = match all.as_slice() {
            [] => (
                "not found".to_string(),
                tpl("\"%\" could not be found on this page; it must be %: %", &[label, expected, &rule.why]),
                vec![],
            ),
            [c] => match c.value.as_deref().map(str::trim) {
                Some(v) => return Some((c, v.to_string())),
                None => (
                    "unreadable".to_string(),
                    tpl("Could not read \"%\"; check by hand that it is %: %", &[label, expected, &rule.why]),
                    vec![c.handle],
                ),
            },
            many => (
                tpl("% controls with this label", &[&num(many.len() as u32)]),
                tpl("% controls carry the label \"%\"; which one counts is not clear, so nothing is assumed. Check by hand that it is %: %", &[&num(many.len() as u32), label, expected, &rule.why]),
                many.iter().map(|c| c.handle).collect(),
            ),
        };
        self.push(
            id,
            rule,
            label,
            handles,
            outcome,
            expected.into(),
            found,
            message,
        );
        None
    }

    /// A date field read in the known format, or the result(s) saying why not.
    fn date<'s>(
        &mut self,
        snap: &'s Snapshot,
        labels: &[&str],
        rules: &[(&str, &ContractRule, String)],
    ) -> Option<(&'s Control, Date)> {
        let (first_id, first_rule, first_expected) = &rules[0];
        let found = self.one(
            snap,
            labels,
            &[ControlKind::Text],
            first_id,
            first_rule,
            first_expected,
            Outcome::Incomplete,
        );
        let Some((c, text)) = found else {
            // The same reason counts against every rule on this field, each
            // with its own expectation and reason.
            for (id, rule, expected) in &rules[1..] {
                self.one(
                    snap,
                    labels,
                    &[ControlKind::Text],
                    id,
                    rule,
                    expected,
                    Outcome::Incomplete,
                );
            }
            return None;
        };
        match read_date(&text, self.format) {
            Ok(d) => Some((c, d)),
            Err(problem) => {
                if matches!(problem, DateProblem::Unreadable | DateProblem::Ambiguous) {
                    self.ask_format = true;
                }
                let found = if text.is_empty() {
                    "empty".to_string()
                } else {
                    text.clone()
                };
                for (id, rule, expected) in rules {
                    let message = tpl(
                        "% It must be %: %",
                        &[
                            &problem_text(c.label.trim(), &text, &problem),
                            expected,
                            &rule.why,
                        ],
                    );
                    self.push(
                        id,
                        rule,
                        c.label.trim(),
                        vec![c.handle],
                        Outcome::Incomplete,
                        expected.clone(),
                        found.clone(),
                        message,
                    );
                }
                None
            }
        }
    }
}

pub fn verify(profile: &Profile, rules: &ContractRules, snap: &Snapshot, ctx: &Context) -> Check {
    let remembered = ctx.date_format.as_deref().and_then(Format::parse);
    let from_page = page_format(snap);
    let format = from_page.or(remembered);
    let today = ctx.today.as_deref().and_then(Date::parse_iso);
    let invoice = Invoice::from_context(ctx.invoice.as_deref());
    let existing = existing(snap);
    let mut j = Judge {
        format,
        results: Vec::new(),
        ask_format: false,
        profile_name: &profile.name,
    };
    let mut apply = Vec::new();
    let select_or_text = [ControlKind::Select, ControlKind::Text];

    // Contract Type: fixed at creation, so an existing contract of another
    // type can only be replaced.
    let r = &rules.contract_type;
    let want = r.expect.as_str();
    if let Some((c, found)) = j.one(
        snap,
        TYPE,
        &select_or_text,
        "contract-type",
        r,
        want,
        Outcome::Incomplete,
    ) {
        let label = c.label.trim().to_string();
        let (outcome, message) = if norm(&found) == norm(want) {
            (
                Outcome::Pass,
                tpl("\"%\" is %, as needed: %", &[&label, want, &r.why]),
            )
        } else if existing || c.disabled || c.kind != ControlKind::Select {
            (Outcome::Fail, tpl("This is a \"%\" contract, and Autotask cannot change a saved contract's type: create a new % contract for % instead. Why: %", &[&found, want, j.profile_name, &r.why]))
        } else {
            if c.options.is_empty() || c.options.iter().any(|o| norm(o) == norm(want)) {
                apply.push((c.handle, want.to_string()));
            }
            (Outcome::Fail, tpl("Set \"%\" to % (now %) before the first save: it cannot be changed afterwards. %", &[&label, want, if found.is_empty() { "nothing" } else { &found }, &r.why]))
        };
        j.push(
            "contract-type",
            r,
            &label,
            vec![c.handle],
            outcome,
            want.into(),
            found,
            message,
        );
    }

    // Contract Period Type: advice only.
    let r = &rules.period;
    let want = r.expect.as_str();
    if let Some((c, found)) = j.one(
        snap,
        PERIOD,
        &select_or_text,
        "contract-period",
        r,
        want,
        Outcome::Warn,
    ) {
        let label = c.label.trim().to_string();
        let (outcome, message) = if norm(&found) == norm(want) {
            (
                Outcome::Pass,
                tpl("\"%\" is %, as needed: %", &[&label, want, &r.why]),
            )
        } else {
            (
                Outcome::Warn,
                tpl("Set \"%\" to % (now %): %", &[&label, want, &found, &r.why]),
            )
        };
        j.push(
            "contract-period",
            r,
            &label,
            vec![c.handle],
            outcome,
            want.into(),
            found,
            message,
        );
    }

    // Start Date: on a 1st, and no later than the first usage synced.
    let latest = today.map(|t| invoice.latest_start(t));
    let usage_expected = match latest {
        Some(l) => tpl("on or before %", &[&j.show(l)]),
        None => "on or before the first day of the first usage period synced".into(),
    };
    let start_rules = [
        (
            "contract-start-day",
            &rules.start_day,
            "the 1st of a month".to_string(),
        ),
        (
            "contract-start-usage",
            &rules.start_usage,
            usage_expected.clone(),
        ),
    ];
    if let Some((c, start)) = j.date(snap, START, &start_rules) {
        let label = c.label.trim().to_string();
        let shown = j.show(start);
        let r = &rules.start_day;
        let (outcome, message) = if start.day == 1 {
            (
                Outcome::Pass,
                tpl(
                    "\"%\" is the 1st of a month, as needed: %",
                    &[&label, &r.why],
                ),
            )
        } else {
            (
                Outcome::Fail,
                tpl(
                    "Set \"%\" to the 1st of a month, such as % (now %): %",
                    &[&label, &j.show(start.first_of_month(0)), &shown, &r.why],
                ),
            )
        };
        j.push(
            "contract-start-day",
            r,
            &label,
            vec![c.handle],
            outcome,
            "the 1st of a month".into(),
            shown.clone(),
            message,
        );
        let r = &rules.start_usage;
        let (outcome, message) = match latest {
            None => (Outcome::Incomplete, tpl("Today's date is not known, so whether \"%\" is early enough could not be checked: %", &[&label, &r.why])),
            Some(l) if start <= l => (Outcome::Pass, tpl("\"%\" is on or before %, the first day of the usage in %: %", &[&label, &j.show(l), invoice.words(), &r.why])),
            Some(l) => (Outcome::Warn, tpl("Set \"%\" to % or earlier (now %) if the first sync takes %: %", &[&label, &j.show(l), &shown, invoice.words(), &r.why])),
        };
        j.push(
            "contract-start-usage",
            r,
            &label,
            vec![c.handle],
            outcome,
            usage_expected,
            shown,
            message,
        );
    }

    // End Date: after today, and not about to pass.
    let r = &rules.end;
    let end_expected = match today {
        Some(t) => tpl("after %", &[&j.show(t)]),
        None => "after today".into(),
    };
    if let Some((c, end)) = j.date(snap, END, &[("contract-end", r, end_expected.clone())]) {
        let label = c.label.trim().to_string();
        let shown = j.show(end);
        let (outcome, message) = match today {
            None => (
                Outcome::Incomplete,
                tpl(
                    "Today's date is not known, so \"%\" could not be checked: %",
                    &[&label, &r.why],
                ),
            ),
            // The End Date is the contract's last day: it still runs on it.
            Some(t) if end < t => (
                Outcome::Fail,
                tpl(
                    "\"%\" (%) has passed: set a later End Date, because %",
                    &[&label, &shown, &r.why],
                ),
            ),
            Some(t) if end.days() - t.days() <= i64::from(r.warn_days) => (
                Outcome::Warn,
                tpl(
                    "\"%\" (%) is % days away: extend it before then, because %",
                    &[&label, &shown, &num((end.days() - t.days()) as u32), &r.why],
                ),
            ),
            Some(_) => (
                Outcome::Pass,
                tpl(
                    "\"%\" (%) is more than % days away.",
                    &[&label, &shown, &num(r.warn_days)],
                ),
            ),
        };
        j.push(
            "contract-end",
            r,
            &label,
            vec![c.handle],
            outcome,
            end_expected,
            shown,
            message,
        );
    }

    let info = ContractInfo {
        name: name(snap),
        id: id(snap),
        existing,
        invoice,
        today: today.map(|t| t.format(Format::YearMonthDay)),
        latest_start: latest.map(|l| j.show(l)),
        date_format: format.map(|f| f.as_str().to_string()),
        date_format_from: if from_page.is_some() {
            Some("page")
        } else if remembered.is_some() {
            Some("remembered")
        } else {
            None
        },
        ask_date_format: j.ask_format,
    };
    Check {
        results: j.results,
        info,
        apply,
    }
}
