//! One page's verdict: recognition, binding, results, summary and the marks
//! the content script draws. The same shape serves the extension and the
//! checker page.

use crate::api_user::{self, ConfirmBeforeSave};
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

/// A profile source that a result cites (`RuleResult::source` is its id),
/// for a "Learn more" link to it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
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
    /// An API user's security level that the panel asks the admin to confirm
    /// as the integration's (nothing is remembered for this host yet).
    pub confirm_level: Option<String>,
    /// The question the save guard asks before letting a save through.
    pub confirm_before_save: Option<ConfirmBeforeSave>,
    /// On a contract page: its name and id, the date format, the invoice
    /// choice and the latest start date that works; null elsewhere.
    pub contract: Option<contract::ContractInfo>,
    /// Why the panel offers a structure report (docs/field-reports.md):
    /// `unrecognized-form` (not a page the engine knows, but a form with
    /// labelled controls) or `unreadable-control` (a judged control could
    /// not be read); null otherwise.
    pub structure_offer: Option<&'static str>,
    /// The profile's sources that the results cite and that have a link, in
    /// the profile's order (left out when none has: the built-in profiles'
    /// sources have none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
}

/// How many labelled controls make an unknown page look like an admin form.
const FORM_CONTROLS: usize = 4;

pub fn check(profile: &Profile, snap: &Snapshot, ctx: &Context) -> Report {
    let recognition = recognize::recognize(snap);
    let page = recognition.kind;
    let mut confirm_level = None;
    let mut confirm_before_save = None;
    let mut contract_info = None;
    let mut contract_apply = Vec::new();
    let (bound_by, judged): (Option<BoundBy>, Vec<(RuleResult, Option<String>)>) = match page {
        PageKind::SecurityLevel => {
            let by = bind::security_level(profile, recognition.level_name.as_deref(), ctx);
            let results = if by.is_some() {
                verify::security_level(profile, snap)
            } else {
                Vec::new()
            };
            // Apply sets what the rule expects, when that is one control's state.
            let judged = results
                .into_iter()
                .map(|r| {
                    let apply = (matches!(r.outcome, Outcome::Fail | Outcome::Excess)
                        && r.handles.len() == 1)
                        .then(|| r.expected.clone());
                    (r, apply)
                })
                .collect();
            (by, judged)
        }
        PageKind::ApiUser => {
            let fields = api_user::Fields::read(snap);
            let by = bind::api_user(profile, &fields, ctx);
            match (by, profile.api_user.as_ref()) {
                (Some(by), Some(rules)) => {
                    let v = api_user::verify(profile, rules, &fields, ctx);
                    confirm_level = v.confirm_level;
                    confirm_before_save = v.confirm_before_save;
                    let judged = v.judged.into_iter().map(|j| (j.result, j.apply)).collect();
                    (Some(by), judged)
                }
                _ => (None, Vec::new()),
            }
        }
        // A profile without contract rules recognises a contract but never judges it.
        PageKind::Contract => match &profile.contract {
            Some(rules) => {
                let check = contract::verify(profile, rules, snap, ctx);
                let by = bind::contract(check.info.name.as_deref(), check.info.id.as_deref(), ctx);
                contract_info = Some(check.info);
                let judged = if by.is_some() {
                    contract_apply = check.apply;
                    check.results.into_iter().map(|r| (r, None)).collect()
                } else {
                    Vec::new()
                };
                (by, judged)
            }
            None => (None, Vec::new()),
        },
        _ => (None, Vec::new()),
    };
    let results: Vec<RuleResult> = judged.iter().map(|(r, _)| r.clone()).collect();
    let marks = if page == PageKind::Contract {
        contract_marks(&results, &contract_apply)
    } else {
        judged
            .iter()
            .flat_map(|(r, apply)| {
                let apply = apply.clone().filter(|_| r.handles.len() == 1);
                r.handles.iter().map(move |&handle| Mark {
                    handle,
                    outcome: r.outcome,
                    apply: apply.clone(),
                })
            })
            .collect()
    };
    let summary = bound_by.map(|_| Summary::of(&results));
    let unreadable = results.iter().any(|r| {
        r.outcome == Outcome::Incomplete
            && !r.handles.is_empty()
            && (r.found == "unreadable" || r.found == "ambiguous label")
    });
    let labelled = snap
        .controls
        .iter()
        .filter(|c| !c.label.trim().is_empty())
        .count();
    let structure_offer = if page == PageKind::Unrecognized && labelled >= FORM_CONTROLS {
        Some("unrecognized-form")
    } else if unreadable {
        Some("unreadable-control")
    } else {
        None
    };
    let advice = advice(profile, &recognition);
    let sources = profile
        .sources
        .iter()
        .filter(|s| s.url.is_some())
        .filter(|s| {
            results
                .iter()
                .any(|r| r.source.as_deref() == Some(s.id.as_str()))
        })
        .map(|s| SourceRef {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
        })
        .collect();
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
            section_summaries(profile, page, &results)
        },
        recognition,
        results,
        marks,
        advice,
        confirm_level,
        confirm_before_save,
        contract: contract_info,
        structure_offer,
        sources,
    }
}

/// One mark per control: two rules judge the Start Date, and the control
/// shows the worse of their outcomes. "Apply" sets only what the contract
/// rules allow (the type of a new contract).
fn contract_marks(results: &[RuleResult], apply: &[(u32, String)]) -> Vec<Mark> {
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

fn section_summaries(
    profile: &Profile,
    page: PageKind,
    results: &[RuleResult],
) -> Vec<SectionSummary> {
    if results.is_empty() {
        return Vec::new();
    }
    let headings: Vec<&str> = match page {
        PageKind::ApiUser => api_user::SECTIONS.to_vec(),
        _ => profile
            .security_level
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect(),
    };
    headings
        .into_iter()
        .map(|heading| {
            let mine: Vec<RuleResult> = results
                .iter()
                .filter(|r| r.section == heading)
                .cloned()
                .collect();
            let sum = Summary::of(&mine);
            SectionSummary {
                heading: heading.to_string(),
                passed: sum.passed,
                total: sum.total,
            }
        })
        .collect()
}
