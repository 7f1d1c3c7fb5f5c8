//! The Security Level page (docs/autotask-pages.md §1): recognised by its
//! security areas' headings, bound by the level's name, judged by the
//! profile's rules (`verify::security_level`).

use super::{marks_each, offer, sections_of, tpl, Judgement, Message, Page, PageKind, Recognition};
use crate::bind::{BoundBy, Context, API_LEVEL_TO_COPY};
use crate::normalize::norm;
use crate::profile::Profile;
use crate::snapshot::{ControlKind, Snapshot};
use crate::verify::{self, Outcome};
use std::sync::LazyLock;

pub const KIND: PageKind = PageKind("security-level");

/// The security areas of a Security Level page, in page order
/// (src/autotask/structure.json; docs/autotask-pages.md §1).
pub static SECURITY_SECTIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(crate::autotask::security_areas);

/// How many of the security areas must be present to call the page a
/// security level: enough that a stray "Reports" heading elsewhere is not
/// taken for one, few enough that a page missing a section is still judged
/// (and fails for it) instead of being ignored.
pub const MIN_SECURITY_SECTIONS: usize = 6;

pub struct SecurityLevel;
pub static PAGE: SecurityLevel = SecurityLevel;

impl Page for SecurityLevel {
    fn kind(&self) -> PageKind {
        KIND
    }

    fn name(&self) -> &'static str {
        "Security level"
    }

    fn recognize(&self, _snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        let found = base.sections_found.len();
        (found >= MIN_SECURITY_SECTIONS).then(|| {
            let reason = format!(
                "{found} of the {} security areas found.",
                SECURITY_SECTIONS.len()
            );
            base.as_kind(KIND, reason)
        })
    }

    fn judge(
        &self,
        profile: &Profile,
        snap: &Snapshot,
        ctx: &Context,
        rec: &Recognition,
    ) -> Judgement {
        let name = rec.level_name.as_deref().filter(|n| !n.is_empty());
        let by = bind(profile, name, ctx);
        let results = if by.is_some() {
            verify::security_level(profile, snap)
        } else {
            Vec::new()
        };
        // Apply sets what the rule expects, when that is one control's state.
        let marks = marks_each(results.iter().map(|r| {
            let apply = matches!(r.outcome, Outcome::Fail | Outcome::Excess);
            (r, apply.then(|| r.expected.clone()))
        }));
        let headings = profile
            .security_level
            .sections
            .iter()
            .map(|s| s.heading.as_str());
        let sections = sections_of(headings, &results);
        // With the profile's id: the level is this integration's from now on,
        // whatever another profile's name hint or an earlier save said.
        let choose = Message::new(
            "choose-level",
            name.map(str::to_string),
            Some(profile.id.clone()),
        );
        Judgement {
            bound_by: by,
            sections,
            marks,
            results,
            advice: advice(profile, name),
            offer: by.is_none().then(|| {
                let p = &profile.name;
                if let Some(n) = name.filter(|n| fresh_copy(n)) {
                    // Whose level it is only the admin knows: the choices
                    // (`pages::choices`) are the profiles that judge a level.
                    let mut o = offer(
                        tpl("\"%\" is a fresh copy of \"%\". Which integration is it for? It is checked against the profile you choose.", &[n, API_LEVEL_TO_COPY]),
                        String::new(),
                        None,
                        NOT_JUDGED_TITLE,
                    );
                    o.ask_profile = true;
                    return o;
                }
                let text = match name {
                    Some(n) => tpl("\"%\" is not checked against %.", &[n, p]),
                    None => tpl("This security level is not checked against %.", &[p]),
                };
                let choose = name.and(Some(choose));
                offer(text, tpl("Check against %", &[p]), choose, NOT_JUDGED_TITLE)
            }),
            // With the profile's id: the saved level is remembered as this integration's.
            on_save: by.and(name).map(|n| {
                Message::new(
                    "remember-level",
                    Some(n.to_string()),
                    Some(profile.id.clone()),
                )
            }),
            verifies_remembered: by == Some(BoundBy::Remembered),
            next_step: by.and(Some(
                "Next: save this level, then create the API user with it.",
            )),
            save_intro: by.and_then(|_| super::save_intro("security level", profile)),
            object: name.map(|n| ("Security level", n.to_string())),
            not_judged: by.is_none().then(|| match name {
                Some(n) if fresh_copy(n) => "Not judged: a fresh copy of the API-only level, not yet given an integration.".into(),
                Some(_) => tpl(
                    "Not judged: this is not one of %'s security levels.",
                    &[&profile.name],
                ),
                None => "Not judged: the security level's Name could not be read.".into(),
            }),
            ..Judgement::default()
        }
    }
}

/// The toolbar's tooltip on a level or an API user that is offered, not judged.
pub const NOT_JUDGED_TITLE: &str = "Not the integration's security level or API user: not checked";

/// The areas a page shows and its "Name": what any page is described by
/// (an unknown page is told by how many of them it has).
pub fn survey(snap: &Snapshot) -> (Vec<String>, Vec<String>, Option<String>) {
    let page_sections: Vec<String> = snap.sections.iter().map(|s| norm(s)).collect();
    let (found, missing): (Vec<&str>, Vec<&str>) = SECURITY_SECTIONS
        .iter()
        .partition(|known| page_sections.contains(&norm(known)));
    let own = |v: Vec<&str>| v.into_iter().map(str::to_string).collect();
    (own(found), own(missing), level_name(snap))
}

/// The level's name: a text field labelled "Name" outside the security areas.
fn level_name(snap: &Snapshot) -> Option<String> {
    snap.controls
        .iter()
        .filter(|c| c.kind == ControlKind::Text)
        .filter(|c| matches!(norm(&c.label).as_str(), "name" | "security level name"))
        .find(|c| {
            !c.path
                .iter()
                .any(|p| SECURITY_SECTIONS.iter().any(|k| norm(k) == norm(p)))
        })
        .and_then(|c| c.value.clone())
        .map(|v| v.trim().to_string())
}

/// Why a security level with this name is judged, or `None` if it is not.
pub fn bind(profile: &Profile, name: Option<&str>, ctx: &Context) -> Option<BoundBy> {
    if ctx.judge_any_level {
        return Some(BoundBy::Chosen);
    }
    let name = norm(name?);
    if name.is_empty() {
        return None;
    }
    // The admin said which integration this level is for: only that one judges it.
    if let Some(id) = ctx.level_profile(&name) {
        return (id == profile.id).then_some(BoundBy::Chosen);
    }
    let same = |other: &String| norm(other) == name;
    if ctx.remembered_level.as_ref().is_some_and(same) {
        return Some(BoundBy::Remembered);
    }
    if ctx.chosen_levels.iter().any(same) {
        return Some(BoundBy::Chosen);
    }
    hinted(profile, &name).then_some(BoundBy::NameHint)
}

/// Whether a level's name is a fresh copy of the API-only level: it keeps
/// the original's name behind a prefix [guess]: "Copy of …". Every
/// integration starts from that copy, so a fresh one is nobody's yet: the
/// panel asks which integration it is for.
pub fn fresh_copy(name: &str) -> bool {
    let (name, copy) = (norm(name), norm(API_LEVEL_TO_COPY));
    name != copy && name.contains(&copy)
}

/// Whether a level's name (normalised) is one the profile's name hint names.
pub(crate) fn hinted(profile: &Profile, name: &str) -> bool {
    let hint = &profile.security_level.name_hint;
    hint.exact.iter().any(|n| norm(n) == name)
        || hint.contains.iter().any(|w| name.contains(&norm(w)))
}

/// The profile a level with this name belongs to (see `pages::owner`): the
/// one the admin gave it (`Context::level_profiles`), when it is at hand;
/// otherwise the active profile when it binds the level by what is
/// remembered, chosen or its name; otherwise the first of `all` whose name hint the level's
/// name matches (a "Guardz API" level is judged by Guardz's profile while
/// rhipe's is active); otherwise the active one. `all` is read only as far
/// as needed (built-in profiles parse lazily).
pub fn owner<'a>(
    active: &'a Profile,
    all: impl IntoIterator<Item = &'a Profile>,
    name: Option<&str>,
    ctx: &Context,
) -> &'a Profile {
    let Some(name) = name else {
        return active;
    };
    let mut all = all.into_iter();
    if let Some(id) = ctx.level_profile(name) {
        if id == active.id {
            return active;
        }
        if let Some(p) = all.find(|p| p.id == id) {
            return p;
        }
        return active;
    }
    if matches!(
        bind(active, Some(name), ctx),
        Some(BoundBy::Remembered | BoundBy::Chosen | BoundBy::NameHint)
    ) {
        return active;
    }
    let name = norm(name);
    all.find(|p| p.id != active.id && hinted(p, &name))
        .unwrap_or(active)
}

/// A built-in "(system)" level cannot be saved: say how to make the copy.
fn advice(profile: &Profile, name: Option<&str>) -> Vec<String> {
    // A copy keeps "(system)" in its name, but it is the admin's to change.
    let built_in = |n: &&str| n.to_ascii_lowercase().contains("(system)") && !fresh_copy(n);
    let Some(name) = name.filter(built_in) else {
        return Vec::new();
    };
    let suggested = profile
        .security_level
        .name_hint
        .exact
        .first()
        .map(|n| format!(" Name the copy \"{n}\"."))
        .unwrap_or_default();
    vec![format!(
        "\"{name}\" is a built-in level: Autotask does not save changes to it. In Admin > Account Settings & Users > Resources/Users > Security Levels, right-click \"{API_LEVEL_TO_COPY}\" and choose Copy Security Level, then set up the copy for {}.{suggested}",
        profile.name
    )]
}
