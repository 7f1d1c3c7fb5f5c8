//! One page's verdict: recognition, binding, results, summary and the marks
//! the content script draws, and what the extension does with it (offer,
//! notice, what a save remembers). The same shape serves the extension and
//! the checker page. What differs by page kind comes from the kind
//! (`pages::Page::judge`); nothing here names a kind.

use crate::bind::{BoundBy, Context};
use crate::checks::{Outcome, RuleResult, Summary};
use crate::journey;
use crate::pages::api_user::ConfirmBeforeSave;
use crate::pages::{self, contract, Message, Offer, Point};
use crate::profile::Profile;
use crate::recognize::{self, PageKind, Recognition};
use crate::snapshot::Snapshot;
use serde::Serialize;

pub use crate::pages::{Mark, SectionSummary};

/// Version of the report's JSON shape.
pub const REPORT_FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRef {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// A profile source that a result cites (`RuleResult::source` is its id):
/// its title goes with the finding's quote, its address (when it has one)
/// into a "Learn more" link.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
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
    /// The kind as a person names it.
    pub page_name: &'static str,
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
    /// The page showed no control and its title or headings name a page
    /// that is judged from its texts (a list page): the content script,
    /// which sent a survey of such a page, sends the whole page instead.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub look_closer: bool,
    /// The profile's sources that the results cite, in the profile's order
    /// (left out when no result cites one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// The panel shows the checklist: the object is bound and judged.
    pub judged: bool,
    /// On an object that is not judged: the offer to check it.
    pub offer: Option<Offer>,
    /// A notice instead of a panel (a page in another language, no access).
    pub notice: Option<String>,
    /// What the save guard's `saved()` sends once a judged object is saved.
    pub on_save: Option<Message>,
    /// The panel stays open when the page passes (its choices change the verdict).
    pub stay_open: bool,
    /// The verdict is of the object remembered for the host (the worker keeps it).
    pub verifies_remembered: bool,
    /// The panel's next step once the judged object passes.
    pub next_step: Option<&'static str>,
    /// The save dialog's first sentence on a judged object that does not pass.
    pub save_intro: Option<String>,
    /// An element of the page the panel points at (an outline and a short
    /// text; nothing is clicked), or null.
    pub point: Option<Point>,
    /// The judged object's verdict as the setup journey keeps it (the worker
    /// writes it into the host's journal); null when nothing was judged.
    pub journal: Option<journey::Verdict>,
    /// A page of a form spread over several pages (a wizard): what the
    /// worker keeps for the tab, and the buttons that finish or cancel it.
    pub wizard: Option<pages::Steps>,
    /// On such a page, the object's journal verdict as it stands, which the
    /// worker writes into the journal when the form is finished (`journal`
    /// is then null: a page of a wizard is no saved object).
    pub finish_journal: Option<journey::Verdict>,
    /// The Markdown report's line naming the object, and its verdict when not judged.
    #[serde(skip)]
    pub object: Option<(&'static str, String)>,
    #[serde(skip)]
    pub not_judged: Option<String>,
}

/// How many labelled controls make an unknown page look like an admin form.
const FORM_CONTROLS: usize = 4;

/// The report of one page: recognised here, then judged.
pub fn check(profile: &Profile, snap: &Snapshot, ctx: &Context) -> Report {
    judge(profile, snap, ctx, recognize::recognize(snap))
}

/// The report of a page already recognised (`recognize::recognize`), so
/// that choosing the profile and judging share one recognition.
pub fn judge(
    profile: &Profile,
    snap: &Snapshot,
    ctx: &Context,
    recognition: Recognition,
) -> Report {
    let page = recognition.kind;
    let kind = pages::find(page);
    let j = kind
        .map(|k| k.judge(profile, snap, ctx, &recognition))
        .unwrap_or_default();
    let results = j.results;
    let summary = j.bound_by.map(|_| Summary::of(&results));
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
    let look_closer = snap.survey && pages::REGISTRY.iter().any(|k| k.needs_whole_page(snap));
    let sources = profile
        .sources
        .iter()
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
    let mut journal = journey::verdict(
        &recognition,
        &profile.id,
        j.bound_by.is_some(),
        j.contract.as_ref().and_then(|c| c.name.as_deref()),
        summary,
        &results,
    );
    let finish_journal = if j.steps.is_some() {
        journal.take()
    } else {
        None
    };
    Report {
        format: REPORT_FORMAT,
        engine: crate::version::ENGINE_VERSION.to_string(),
        profile: ProfileRef {
            id: profile.id.clone(),
            name: profile.name.clone(),
            version: profile.version.clone(),
        },
        seq: snap.seq,
        page,
        page_name: kind.map_or("Not a page this profile knows", |k| k.name()),
        bound: j.bound_by.is_some(),
        judged: j.bound_by.is_some(),
        bound_by: j.bound_by,
        passes: summary.is_some_and(|s| s.passes()),
        summary,
        sections: j.sections,
        recognition,
        results,
        marks: j.marks,
        advice: j.advice,
        confirm_level: j.confirm_level,
        confirm_before_save: j.confirm_before_save,
        contract: j.contract,
        structure_offer,
        look_closer,
        sources,
        offer: j.offer,
        notice: j.notice,
        on_save: j.on_save,
        stay_open: j.stay_open,
        verifies_remembered: j.verifies_remembered,
        next_step: j.next_step,
        save_intro: j.save_intro,
        object: j.object,
        not_judged: j.not_judged,
        point: j.point,
        journal,
        wizard: j.steps,
        finish_journal,
    }
}
