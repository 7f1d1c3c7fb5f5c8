//! One page's verdict: recognition, binding, results, summary and the marks
//! the content script draws. The same shape serves the extension and the
//! checker page.

use crate::bind::{self, BoundBy, Context};
use crate::contract;
use crate::profile::Profile;
use crate::recognize::{self, PageKind, Recognition};
use crate::snapshot::Snapshot;
use crate::verify::{self, Outcome, RuleResult, Summary};
use serde::Serialize;

/// Version of the report's JSON shape.
pub const REPORT_FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRef {
    pub id: String,
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionSummary {
    pub heading: String,
    pub passed: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub handle: u32,
    pub outcome: Outcome,
    /// The state "Apply" must set ("on", "off" or an option's text), for a
    /// control that must change and whose target is known.
    pub apply: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub format: u32,
    pub engine: String,
    pub profile: ProfileRef,
    /// The snapshot this report answers.
    pub seq: u32,
    pub page: PageKind,
    pub recognition: Recognition,
    /// Whether this object belongs to the integration (and so is judged).
    pub bound: bool,
    pub bound_by: Option<BoundBy>,
    pub summary: Option<Summary>,
    pub passes: bool,
    pub sections: Vec<SectionSummary>,
    pub results: Vec<RuleResult>,
    pub marks: Vec<Mark>,
    /// Sentences for the admin that are not rules (never counted).
    pub advice: Vec<String>,
    /// On a contract page: its name and id, the date format, the invoice
    /// choice and the latest start date that works; null elsewhere.
    pub contract: Option<contract::ContractInfo>,
}

pub fn check(profile: &Profile, snap: &Snapshot, ctx: &Context) -> Report {
    let recognition = recognize::recognize(snap);
    let page = recognition.kind;
    // A profile without contract rules recognises a contract but never judges it.
    let contract_check = match (page, &profile.contract) {
        (PageKind::Contract, Some(rules)) => Some(contract::verify(profile, rules, snap, ctx)),
        _ => None,
    };
    let bound_by = match (page, &contract_check) {
        (PageKind::SecurityLevel, _) => {
            bind::security_level(profile, recognition.level_name.as_deref(), ctx)
        }
        (PageKind::Contract, Some(check)) => {
            bind::contract(check.info.name.as_deref(), check.info.id.as_deref(), ctx)
        }
        _ => None,
    };
    let (results, contract_apply, contract_info) = match contract_check {
        Some(check) => (
            if bound_by.is_some() {
                check.results
            } else {
                Vec::new()
            },
            check.apply,
            Some(check.info),
        ),
        None if bound_by.is_some() => (verify::security_level(profile, snap), Vec::new(), None),
        None => (Vec::new(), Vec::new(), None),
    };
    let summary = bound_by.map(|_| Summary::of(&results));
    let mut marks: Vec<Mark> = results
        .iter()
        .flat_map(|r| {
            let apply = (matches!(r.outcome, Outcome::Fail | Outcome::Excess)
                && r.handles.len() == 1)
                .then(|| r.expected.clone());
            r.handles.iter().map(move |&handle| Mark {
                handle,
                outcome: r.outcome,
                apply: apply.clone(),
            })
        })
        .collect();
    if page == PageKind::Contract {
        marks = contract_marks(&results, &contract_apply);
    }
    let advice = advice(profile, &recognition);
    Report {
        format: REPORT_FORMAT,
        engine: crate::ENGINE_VERSION.to_string(),
        profile: ProfileRef {
            id: profile.id.clone(),
            name: profile.name.clone(),
            version: profile.version.clone(),
        },
        seq: snap.seq,
        page,
        bound: bound_by.is_some(),
        bound_by,
        passes: summary.is_some_and(|s| s.passes()),
        summary,
        sections: if page == PageKind::Contract {
            contract_sections(&results)
        } else {
            section_summaries(profile, &results)
        },
        recognition,
        results,
        marks,
        advice,
        contract: contract_info,
    }
}

/// One mark per control: two rules judge the Start Date, and the control
/// shows the worse of their outcomes. "Apply" sets only what the contract
/// rules allow (the type of a new contract).
fn contract_marks(results: &[RuleResult], apply: &[(u32, String)]) -> Vec<Mark> {
    let rank = |o: Outcome| match o {
        Outcome::Pass => 0,
        Outcome::Warn => 1,
        Outcome::Incomplete => 2,
        Outcome::Excess => 3,
        Outcome::Fail => 4,
    };
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

fn contract_sections(results: &[RuleResult]) -> Vec<SectionSummary> {
    if results.is_empty() {
        return Vec::new();
    }
    let sum = Summary::of(results);
    vec![SectionSummary {
        heading: contract::SECTION.to_string(),
        passed: sum.passed,
        total: sum.total,
    }]
}

/// A built-in "(system)" level cannot be saved: say how to make the copy.
fn advice(profile: &Profile, rec: &Recognition) -> Vec<String> {
    let Some(name) = rec.level_name.as_deref() else {
        return Vec::new();
    };
    if rec.kind != PageKind::SecurityLevel || !name.to_ascii_lowercase().contains("(system)") {
        return Vec::new();
    }
    let suggested = profile
        .security_level
        .name_hint
        .exact
        .first()
        .map(|n| format!(" Name the copy \"{n}\"."))
        .unwrap_or_default();
    vec![format!(
        "\"{name}\" is a built-in level: Autotask does not save changes to it. In Admin > Account Settings & Users > Resources/Users > Security Levels, right-click \"{}\" and choose Copy Security Level, then set up the copy for {}.{suggested}",
        bind::API_LEVEL_TO_COPY,
        profile.name
    )]
}

fn section_summaries(profile: &Profile, results: &[RuleResult]) -> Vec<SectionSummary> {
    if results.is_empty() {
        return Vec::new();
    }
    profile
        .security_level
        .sections
        .iter()
        .map(|s| {
            let mine: Vec<RuleResult> = results
                .iter()
                .filter(|r| r.section == s.heading)
                .cloned()
                .collect();
            let sum = Summary::of(&mine);
            SectionSummary {
                heading: s.heading.clone(),
                passed: sum.passed,
                total: sum.total,
            }
        })
        .collect()
}
