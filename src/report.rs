//! One page's verdict: recognition, binding, results, summary and the marks
//! the content script draws. The same shape serves the extension and the
//! checker page.

use crate::api_user::{self, ConfirmBeforeSave};
use crate::bind::{self, BoundBy, Context};
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
    /// An API user's security level that the panel asks the admin to confirm
    /// as the integration's (nothing is remembered for this host yet).
    pub confirm_level: Option<String>,
    /// The question the save guard asks before letting a save through.
    pub confirm_before_save: Option<ConfirmBeforeSave>,
}

pub fn check(profile: &Profile, snap: &Snapshot, ctx: &Context) -> Report {
    let recognition = recognize::recognize(snap);
    let page = recognition.kind;
    let mut confirm_level = None;
    let mut confirm_before_save = None;
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
        _ => (None, Vec::new()),
    };
    let marks = judged
        .iter()
        .flat_map(|(r, apply)| {
            let apply = apply.clone().filter(|_| r.handles.len() == 1);
            r.handles.iter().map(move |&handle| Mark {
                handle,
                outcome: r.outcome,
                apply: apply.clone(),
            })
        })
        .collect();
    let results: Vec<RuleResult> = judged.into_iter().map(|(r, _)| r).collect();
    let summary = bound_by.map(|_| Summary::of(&results));
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
        sections: section_summaries(profile, page, &results),
        recognition,
        results,
        marks,
        advice,
        confirm_level,
        confirm_before_save,
    }
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
