//! The page kinds, each behind one trait (`Page`): how it is recognised,
//! which of its objects is the integration's, how it is judged, its marks,
//! its checklist sections and its offer. `recognize.rs` asks the registry in
//! order and `report.rs` asks the chosen kind for its judgement: neither
//! knows any kind by name. Adding a kind is one module here and its line in
//! `REGISTRY` (docs/adding-a-page-kind.md).

pub mod api_user;
pub mod contract;
pub mod foreign;
pub mod lists;
pub mod no_access;
pub mod security_level;

use crate::bind::{BoundBy, Context};
use crate::checks::{Outcome, RuleResult, Summary};
use crate::profile::Profile;
use crate::snapshot::Snapshot;
use serde::Serialize;

pub use crate::checks::tpl;

/// A page kind as the report and the page's `data-asg-page` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PageKind(pub &'static str);

// Named like the enum they replace, so that callers testing for a kind read as before.
#[allow(non_upper_case_globals)]
impl PageKind {
    pub const SecurityLevel: PageKind = security_level::KIND;
    pub const ApiUser: PageKind = api_user::KIND;
    pub const Contract: PageKind = contract::KIND;
    pub const Unrecognized: PageKind = PageKind("unrecognized");
    pub const UnsupportedLanguage: PageKind = foreign::KIND;

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// How a page's kind was decided (the report's `recognition`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recognition {
    pub kind: PageKind,
    /// Known sections of the page's kind found (the security areas, or an
    /// API user's "Credentials" and "API Tracking Identifier"), canonically spelled.
    pub sections_found: Vec<String>,
    /// Known sections of the page's kind not found.
    pub sections_missing: Vec<String>,
    pub controls: usize,
    /// The security level's name, read from its "Name" field.
    pub level_name: Option<String>,
    /// An API user's name as the page shows it ("First Last").
    pub user_name: Option<String>,
    /// One sentence on how the kind was decided.
    pub reason: String,
}

impl Recognition {
    /// This description, as a page of `kind` for `reason`. Out of line: every
    /// kind calls it, and one copy keeps the wasm small.
    #[inline(never)]
    pub fn as_kind(&self, kind: PageKind, reason: String) -> Recognition {
        Recognition {
            kind,
            reason,
            ..self.clone()
        }
    }
}

/// One page kind.
pub trait Page: Sync {
    fn kind(&self) -> PageKind;
    /// The kind as a person names it (the checker page shows it).
    fn name(&self) -> &'static str;
    /// `base` is what every page is described by (see `recognize`); `Some`
    /// is this kind's recognition of the page.
    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition>;
    /// Binding, rules, marks and sections of a page recognised as this kind.
    fn judge(
        &self,
        profile: &Profile,
        snap: &Snapshot,
        ctx: &Context,
        rec: &Recognition,
    ) -> Judgement;
    /// Whether a survey (`Snapshot::survey`: a page without controls read
    /// only for its address, language, title and first headings) may be
    /// this kind but is too little to judge it: the report then asks for the
    /// whole page (`Report::look_closer`).
    fn needs_whole_page(&self, _survey: &Snapshot) -> bool {
        false
    }
}

/// The kinds, in the order they are tried: the first that recognises a page
/// names it. A page in another language is known by its `lang` first, and by
/// its foreign words only when no kind read it.
pub static REGISTRY: [&dyn Page; 8] = [
    &foreign::BY_LANGUAGE,
    &security_level::PAGE,
    &api_user::PAGE,
    &contract::PAGE,
    &no_access::PAGE,
    &lists::LEVELS,
    &lists::RESOURCES,
    &foreign::BY_WORDS,
];

pub fn find(kind: PageKind) -> Option<&'static dyn Page> {
    REGISTRY.iter().copied().find(|p| p.kind() == kind)
}

/// A message the content script sends to the worker (it adds `host`); see
/// docs/messages.md.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Message {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Message {
    pub fn new(kind: &'static str, name: Option<String>, id: Option<String>) -> Message {
        Message { kind, name, id }
    }
}

/// The offer on an object the extension does not judge.
#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    pub text: String,
    /// The button's label; null: no button (nothing to remember it by).
    pub accept: Option<String>,
    /// Sent on accept.
    pub message: Option<Message>,
    /// The toolbar's tooltip while the offer shows.
    pub title: &'static str,
    /// The profiles the admin may choose from (a fresh copy of the API-only
    /// level: which integration is it for?), each with the message that
    /// remembers the choice; left out when the offer asks nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The offer asks which profile the object is for (`choices` filled in
    /// by `choices`, which sees every profile).
    #[serde(skip)]
    pub ask_profile: bool,
}

/// One profile an offer lets the admin choose.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Sent when chosen: `choose-level-profile` with the level's name and this id.
    pub message: Message,
}

/// The profiles a level may be for: every profile (built-in, or imported)
/// that judges a security level, in the order given, each once, for a
/// level named `name`.
pub fn choices<'a>(all: impl IntoIterator<Item = &'a Profile>, name: &str) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for p in all {
        if p.security_level.sections.is_empty() || out.iter().any(|c| c.id == p.id) {
            continue;
        }
        out.push(Choice {
            id: p.id.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            message: Message::new(
                "choose-level-profile",
                Some(name.to_string()),
                Some(p.id.clone()),
            ),
        });
    }
    out
}

/// An offer; its button only when accepting sends something.
pub fn offer(text: String, accept: String, message: Option<Message>, title: &'static str) -> Offer {
    Offer {
        text,
        accept: message.is_some().then_some(accept),
        message,
        title,
        choices: Vec::new(),
        ask_profile: false,
    }
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

/// An element of the page the panel points at (an outline and a short text
/// beside it; nothing is clicked), found by its visible text.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The element's visible text, as the page shows it (compared normalised).
    pub text: String,
    /// The short text shown beside it.
    pub say: String,
    /// What the panel says when no element shows that text.
    pub missing: String,
}

/// What a kind says of one page; `Default` is "recognised, not judged".
#[derive(Default)]
pub struct Judgement {
    pub bound_by: Option<BoundBy>,
    pub results: Vec<RuleResult>,
    pub marks: Vec<Mark>,
    pub sections: Vec<SectionSummary>,
    pub advice: Vec<String>,
    pub offer: Option<Offer>,
    pub notice: Option<String>,
    /// What the guard's `saved()` sends once a judged object is saved.
    pub on_save: Option<Message>,
    /// The panel stays open when the page passes (its choices change the verdict).
    pub stay_open: bool,
    /// This verdict is of the object remembered for the host: the worker keeps it.
    pub verifies_remembered: bool,
    pub confirm_level: Option<String>,
    pub confirm_before_save: Option<api_user::ConfirmBeforeSave>,
    pub contract: Option<contract::ContractInfo>,
    /// The panel's next step once the judged object passes.
    pub next_step: Option<&'static str>,
    /// The save dialog's first sentence on a judged object that does not pass.
    pub save_intro: Option<String>,
    /// The Markdown report's line naming the object: (what, its name).
    pub object: Option<(&'static str, String)>,
    /// The Markdown report's verdict when nothing was judged.
    pub not_judged: Option<String>,
    /// An element of the page to point at (the list pages).
    pub point: Option<Point>,
    /// A page of a form spread over several pages (a wizard).
    pub steps: Option<Steps>,
}

/// A page of a form spread over several pages (a wizard): what the worker
/// keeps for the tab until the form is finished or cancelled, and the
/// buttons that end it. The object's journal verdict is written at the
/// finish, not on every page (`Report::finish_journal`).
#[derive(Debug, Clone, Serialize)]
pub struct Steps {
    /// Handed back as the context's `wizard` on the form's next page.
    pub keep: contract::wizard::Keep,
    /// The buttons that finish the form (guarded as a save is; normalised).
    pub finish: Vec<String>,
    /// The buttons that abandon it (never guarded; what is kept goes).
    pub cancel: Vec<String>,
}

impl Judgement {
    /// A notice instead of a panel; nothing judged.
    #[inline(never)]
    pub fn notice(text: &str) -> Judgement {
        Judgement {
            notice: Some(text.to_string()),
            ..Judgement::default()
        }
    }
}

/// One mark per control of each result, with what Apply sets on it (only
/// for a result about one control).
pub fn marks_each<'r>(
    judged: impl IntoIterator<Item = (&'r RuleResult, Option<String>)>,
) -> Vec<Mark> {
    judged
        .into_iter()
        .flat_map(|(r, apply)| {
            let apply = apply.filter(|_| r.handles.len() == 1);
            r.handles.iter().map(move |&handle| Mark {
                handle,
                outcome: r.outcome,
                apply: apply.clone(),
            })
        })
        .collect()
}

/// Each heading's passed/total, in the order given; none when nothing was judged.
pub fn sections_of<'h>(
    headings: impl IntoIterator<Item = &'h str>,
    results: &[RuleResult],
) -> Vec<SectionSummary> {
    if results.is_empty() {
        return Vec::new();
    }
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

/// The save dialog's first sentence for an object ("security level", …).
pub fn save_intro(object: &str, profile: &Profile) -> Option<String> {
    Some(tpl(
        "Saving now keeps this % different from what % needs:",
        &[object, &profile.name],
    ))
}

/// The profile an object on this page belongs to, when several
/// integrations share one Autotask (each with its own level and API user):
/// the active profile when it binds the object itself; otherwise the first
/// other built-in profile that claims it (a level by its name hint, an API
/// user by its Integration Vendor); otherwise the active one. `rec` is the
/// page's recognition, made once for the whole check.
pub fn owner<'a>(
    active: &'a Profile,
    all: impl IntoIterator<Item = &'a Profile>,
    snap: &Snapshot,
    rec: &Recognition,
    ctx: &Context,
) -> &'a Profile {
    if rec.kind == PageKind::SecurityLevel {
        security_level::owner(active, all, rec.level_name.as_deref(), ctx)
    } else if rec.kind == PageKind::ApiUser {
        api_user::owner(active, all, snap, ctx)
    } else {
        active
    }
}
