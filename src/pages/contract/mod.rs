//! The contract the integration bills into (docs/autotask-pages.md §5): recognising a New or
//! Edit Contract page and judging it against the profile's contract rules.
//! Dates are read in the admin's own format (`dates.rs`); "today" is the
//! admin's local date from the context, never a clock read here.

use super::{offer, tpl, Judgement, Mark, Message, Page, PageKind, Recognition, SectionSummary};
use crate::bind::{BoundBy, Context};
use crate::checks::eval::{labelled, Env, Judge};
use crate::checks::{Outcome, RuleResult, Summary};
use crate::dates::{Date, Format, FORMATS};
use crate::normalize::{label_matches, norm};
use crate::profile::{ContractRules, Profile};
use crate::snapshot::{Control, ControlKind, Snapshot};
use serde::Serialize;

pub mod wizard;

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

    // A wizard's page first: it need not show both dates on one page.
    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        if let Some(w) = wizard::which(snap) {
            return Some(base.as_kind(KIND, w.reason().into()));
        }
        if edit_popup(snap) {
            return Some(base.as_kind(
                KIND,
                "The address is Autotask's Edit Contract window (Contract.mvc/Edit).".into(),
            ));
        }
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
        if let Some(w) = wizard::which(snap) {
            return wizard::judge(w, profile, rules, snap, ctx);
        }
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
                heading: crate::autotask::structure().contract_section.clone(),
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
#[inline(never)]
pub(crate) fn marks(results: &[RuleResult], apply: &[(u32, String)]) -> Vec<Mark> {
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

/// A contract field's labels by its usual one (src/autotask/structure.json).
pub(crate) fn field(label: &str) -> &'static [String] {
    crate::autotask::structure().contract_field(label)
}

pub(crate) const NAME: &str = "Contract Name";
pub(crate) const TYPE: &str = "Contract Type";
pub(crate) const PERIOD: &str = "Contract Period Type";
pub(crate) const START: &str = "Start Date";
pub(crate) const END: &str = "End Date";
/// The Edit Contract window's path (docs/autotask-pages.md §7, [one]); it
/// opens as a popup window (`workspace=False`).
const EDIT_PATH: &str = "/mvc/contracts/contract.mvc/edit";
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
    /// The date formats the engine reads, for the panel's choice (the
    /// engine is their one source).
    pub date_formats: Vec<&'static str>,
}

pub struct Check {
    pub results: Vec<RuleResult>,
    pub info: ContractInfo,
    /// What "Apply" may set: (handle, option text).
    pub apply: Vec<(u32, String)>,
}

pub(crate) fn find<'a>(snap: &'a Snapshot, label: &str) -> Vec<&'a Control> {
    let names = field(label);
    snap.controls
        .iter()
        .filter(|c| c.kind != ControlKind::Secret && label_matches(&c.label, names))
        .collect()
}

/// A contract page shows a Start Date and an End Date, and says it is a
/// contract (Contract Name / Type / Period Type field, or its title).
pub fn looks_like(snap: &Snapshot) -> bool {
    let has = |label: &str| !find(snap, label).is_empty();
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

/// The page's path, lowercased, from its address or, in the current UI's
/// shell, the inner page's address its `view-data` names.
pub(crate) fn edit_popup(snap: &Snapshot) -> bool {
    wizard::paths(&snap.url)
        .iter()
        .any(|p| p.contains(EDIT_PATH))
}

fn existing(snap: &Snapshot) -> bool {
    let edit_title = std::iter::once(&snap.title)
        .chain(&snap.headings)
        .any(|t| norm(t).contains("edit contract"));
    let type_locked = find(snap, TYPE).iter().any(|c| c.disabled);
    id(snap).is_some() || edit_title || type_locked || edit_popup(snap)
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

/// The labels a rule's control goes by: its own, its aliases, and the
/// spellings the page structure knows for it (src/autotask/structure.json).
pub(crate) fn names_of(rule: &crate::checks::CheckRule) -> Vec<String> {
    let mut names = rule.names();
    let own = [rule.control.clone()];
    for field in &crate::autotask::structure().contract_fields {
        if field.iter().any(|l| label_matches(l, &own)) {
            names.extend(field.iter().cloned());
        }
    }
    names
}

// Out of line: the edit page and the wizard share one copy in the wasm.
#[inline(never)]
pub fn verify(profile: &Profile, rules: &ContractRules, snap: &Snapshot, ctx: &Context) -> Check {
    let remembered = ctx.date_format.as_deref().and_then(Format::parse);
    let from_page = page_format(snap);
    let format = from_page.or(remembered);
    let today = ctx.today.as_deref().and_then(Date::parse_iso);
    let invoice = Invoice::from_context(ctx.invoice.as_deref());
    let existing = existing(snap);
    let latest = today.map(|t| invoice.latest_start(t));
    let env = Env {
        profile_name: &profile.name,
        existing,
        fixed_once_saved: &crate::autotask::structure().fixed_once_saved,
        format,
        today,
        latest_start: latest,
        invoice_words: invoice.words(),
        ..Env::default()
    };
    let mut judge = Judge::new(env, true);
    for rule in &rules.rules {
        let mut candidates: Vec<&Control> = labelled(snap, &names_of(rule), rule.check.kinds());
        // A date field's time box beside it (`.DateAndTimeEditor`, facts
        // §7) carries the same label: one showing a time of day is no date.
        if rule.check.is_date() && candidates.len() > 1 {
            candidates.retain(|c| !c.value.as_deref().is_some_and(is_time_of_day));
        }
        judge.rule(
            rule,
            &crate::autotask::structure().contract_section,
            candidates,
        );
    }
    let show = |d: Date| d.format(format.unwrap_or(Format::YearMonthDay));
    let info = ContractInfo {
        name: name(snap),
        id: id(snap),
        existing,
        invoice,
        today: today.map(|t| t.format(Format::YearMonthDay)),
        latest_start: latest.map(show),
        date_format: format.map(|f| f.as_str().to_string()),
        date_format_from: if from_page.is_some() {
            Some("page")
        } else if remembered.is_some() {
            Some("remembered")
        } else {
            None
        },
        ask_date_format: judge.ask_format,
        date_formats: FORMATS.iter().map(|f| f.as_str()).collect(),
    };
    let mut apply = Vec::new();
    let mut results = Vec::new();
    for j in judge.judged {
        if let (Some(value), [handle]) = (j.apply, j.result.handles.as_slice()) {
            apply.push((*handle, value));
        }
        results.push(j.result);
    }
    Check {
        results,
        info,
        apply,
    }
}

/// "12:00 AM", "9:30", "17:45:00": a time of day, never a date.
pub(crate) fn is_time_of_day(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    let t = t
        .strip_suffix("am")
        .or_else(|| t.strip_suffix("pm"))
        .unwrap_or(&t)
        .trim_end();
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}
