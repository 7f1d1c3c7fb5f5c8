//! The two list pages the setup starts on (docs/autotask-pages.md §1, §3):
//! the Security Levels list, where the admin copies "API User (system)
//! (API-only)", and the Resources list, where "+ New > New API User" makes
//! the API user. Nothing is judged and nothing is clicked: the panel points
//! at the page's own element (found by its visible text) and says what to do.
//!
//! How sure: no public source shows either list's address or markup (§7),
//! so both are recognised by what they show: the title or a heading names
//! the list, and the page shows the row or button a person would look for
//! (or the list's column header "Name") [guess].

use super::{tpl, Judgement, Page, PageKind, Point, Recognition};
use crate::bind::{Context, API_LEVEL_TO_COPY};
use crate::normalize::norm;
use crate::pages::security_level::hinted;
use crate::profile::Profile;
use crate::snapshot::Snapshot;

pub const LEVELS_KIND: PageKind = PageKind("security-level-list");
pub const RESOURCES_KIND: PageKind = PageKind("resource-list");

pub struct Levels;
pub static LEVELS: Levels = Levels;
pub struct Resources;
pub static RESOURCES: Resources = Resources;

/// The title and page headings, normalised, one by one.
fn titles(snap: &Snapshot) -> impl Iterator<Item = String> + '_ {
    std::iter::once(&snap.title)
        .chain(snap.headings.iter())
        .map(|t| norm(t))
}

/// The first visible text that reads as `want` (normalised), as the page shows it.
fn shown<'a>(snap: &'a Snapshot, want: &str) -> Option<&'a str> {
    let want = norm(want);
    snap.texts
        .iter()
        .find(|t| norm(t) == want)
        .map(String::as_str)
}

fn levels_titled(snap: &Snapshot) -> bool {
    titles(snap).any(|t| t == "security levels" || t.starts_with("security levels "))
}

fn resources_titled(snap: &Snapshot) -> bool {
    titles(snap).any(|t| {
        t == "resources"
            || t == "resources users"
            || t == "resources/users"
            || t.starts_with("resources ")
    })
}

fn has_name_column(snap: &Snapshot) -> bool {
    snap.headings.iter().any(|h| norm(h) == "name")
}

impl Page for Levels {
    fn kind(&self) -> PageKind {
        LEVELS_KIND
    }

    fn name(&self) -> &'static str {
        "Security Levels list"
    }

    // A list is judged from its rows, which a survey does not carry.
    fn needs_whole_page(&self, survey: &Snapshot) -> bool {
        levels_titled(survey)
    }

    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        // Not a level's own page: that one has its security areas (tried first).
        if !levels_titled(snap) {
            return None;
        }
        let row = shown(snap, API_LEVEL_TO_COPY).is_some();
        if !row && !has_name_column(snap) {
            return None;
        }
        let reason = if row {
            "The page is titled \"Security Levels\" and lists \"API User (system) (API-only)\"."
        } else {
            "The page is titled \"Security Levels\" and has a \"Name\" column."
        };
        Some(base.as_kind(LEVELS_KIND, reason.into()))
    }

    fn judge(
        &self,
        profile: &Profile,
        snap: &Snapshot,
        ctx: &Context,
        _: &Recognition,
    ) -> Judgement {
        // A level for this integration already exists: open it rather than copy again.
        let remembered = ctx
            .remembered_level
            .as_deref()
            .and_then(|name| shown(snap, name));
        // By the profile's exact names first; by a word of its hint only a
        // text that reads as a name (short, not a sentence such as a
        // description "Copied … for rhipe PRISM Connect.").
        let exact: Vec<String> = profile
            .security_level
            .name_hint
            .exact
            .iter()
            .map(|n| norm(n))
            .collect();
        let by_name = || {
            let texts = || snap.texts.iter().map(String::as_str);
            texts().find(|t| exact.contains(&norm(t))).or_else(|| {
                texts().find(|t| {
                    t.len() <= 64
                        && !t.ends_with('.')
                        && !t.to_ascii_lowercase().contains("(system)")
                        && hinted(profile, &norm(t))
                })
            })
        };
        if let Some(level) = remembered.or_else(by_name) {
            let why = if remembered.is_some() {
                "is the level remembered for this Autotask"
            } else {
                "looks like its level by its name"
            };
            let text = tpl(
                "\"%\" % for %: open it (double-click its row) and the panel checks it; there is no need for another copy.",
                &[level, why, &profile.name],
            );
            return Judgement {
                point: Some(Point {
                    text: level.to_string(),
                    say: tpl("Already %'s level: open it to check it", &[&profile.name]),
                    missing: tpl("Look for the row \"%\" in the list.", &[level]),
                }),
                ..Judgement::notice(&text)
            };
        }
        let suggested = profile
            .security_level
            .name_hint
            .exact
            .first()
            .map(|n| tpl(" Name the copy \"%\".", &[n]))
            .unwrap_or_default();
        let how = tpl(
            "Right-click \"%\" and choose \"Copy Security Level\" (or its menu button > \"Copy\").%",
            &[API_LEVEL_TO_COPY, &suggested],
        );
        match shown(snap, API_LEVEL_TO_COPY) {
            Some(row) => Judgement {
                point: Some(Point {
                    text: row.to_string(),
                    say: tpl("Copy this level for %", &[&profile.name]),
                    missing: tpl("Look for the row \"%\" in the list. %", &[API_LEVEL_TO_COPY, &how]),
                }),
                ..Judgement::notice(&tpl("To set up %: %", &[&profile.name, &how]))
            },
            None => Judgement::notice(&tpl(
                "Look for the row \"%\" in this list (it may be on another page of the list, or filtered out). %",
                &[API_LEVEL_TO_COPY, &how],
            )),
        }
    }
}

/// "+ New" as the Resources list shows it; older pages say "New".
const NEW_BUTTONS: [&str; 2] = ["+ New", "New"];
const NEW_API_USER: &str = "New API User";
const ELSEWHERE: &str = "Autotask's help also names Admin > Extensions & Integrations > Other Extensions & Tools > Integration Center > the vendor > its menu > \"Add API User\".";

impl Page for Resources {
    fn kind(&self) -> PageKind {
        RESOURCES_KIND
    }

    fn name(&self) -> &'static str {
        "Resources list"
    }

    fn needs_whole_page(&self, survey: &Snapshot) -> bool {
        resources_titled(survey)
    }

    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        let titled = resources_titled(snap);
        // A resource's own form (an edit page) is not the list.
        if !titled || snap.controls.iter().filter(|c| !c.label.is_empty()).count() > 6 {
            return None;
        }
        let button = NEW_BUTTONS.iter().any(|b| shown(snap, b).is_some());
        if !button && !has_name_column(snap) {
            return None;
        }
        let reason = if button {
            "The page is titled \"Resources\" and has a \"New\" button."
        } else {
            "The page is titled \"Resources\" and has a \"Name\" column."
        };
        Some(base.as_kind(RESOURCES_KIND, reason.into()))
    }

    fn judge(&self, profile: &Profile, snap: &Snapshot, _: &Context, _: &Recognition) -> Judgement {
        let vendor = profile
            .api_user
            .as_ref()
            .and_then(|a| a.vendors.first())
            .map(|v| tpl(" with Integration Vendor \"%\"", &[v]))
            .unwrap_or_default();
        let how = tpl(
            "Click \"+ New\" and choose \"%\" to make %'s API user%.",
            &[NEW_API_USER, &profile.name, &vendor],
        );
        match NEW_BUTTONS.iter().find_map(|b| shown(snap, b)) {
            Some(button) => Judgement {
                point: Some(Point {
                    text: button.to_string(),
                    say: tpl("Then \"%\"", &[NEW_API_USER]),
                    missing: tpl(
                        "Look for \"+ New\" above the list, then \"%\". %",
                        &[NEW_API_USER, ELSEWHERE],
                    ),
                }),
                ..Judgement::notice(&how)
            },
            None => Judgement::notice(&tpl(
                "Look for \"+ New\" above the list of resources, then choose \"%\"%. %",
                &[NEW_API_USER, &vendor, ELSEWHERE],
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::bind::Context;
    use crate::profile;
    use crate::report;
    use crate::snapshot::Snapshot;

    fn check(snap: &Snapshot, ctx: &Context) -> report::Report {
        report::check(profile::find("").expect("the default profile"), snap, ctx)
    }

    fn levels(rows: &[&str]) -> Snapshot {
        Snapshot {
            title: "Security Levels".into(),
            headings: vec!["Name".into(), "Description".into()],
            texts: rows.iter().map(|r| r.to_string()).collect(),
            ..Snapshot::default()
        }
    }

    #[test]
    fn the_levels_list_points_at_the_api_only_row_with_the_name_to_give() {
        let r = check(
            &levels(&["Administrator (system)", "API User (system) (API-only)"]),
            &Context::default(),
        );
        assert_eq!(r.page.as_str(), "security-level-list");
        let p = r.point.expect("a point");
        assert_eq!(p.text, "API User (system) (API-only)");
        let notice = r.notice.unwrap();
        assert!(
            notice.contains("Copy Security Level") && notice.contains("\"Rhipe Integration\""),
            "{notice}"
        );
        assert!(!r.judged && r.marks.is_empty() && r.journal.is_none());
    }

    #[test]
    fn a_level_that_already_matches_is_pointed_at_instead() {
        let snap = levels(&["API User (system) (API-only)", "Rhipe Integration"]);
        let r = check(&snap, &Context::default());
        assert_eq!(r.point.unwrap().text, "Rhipe Integration");
        assert!(r.notice.unwrap().contains("no need for another copy"));
        let ctx = Context {
            remembered_level: Some("PRISM API only".into()),
            ..Context::default()
        };
        let r = check(
            &levels(&["API User (system) (API-only)", "PRISM API only"]),
            &ctx,
        );
        assert_eq!(r.point.unwrap().text, "PRISM API only");
    }

    #[test]
    fn a_survey_of_a_list_page_asks_for_the_whole_page() {
        // A survey: title and headings, no texts, no controls.
        let survey = Snapshot {
            title: "Security Levels".into(),
            headings: vec!["Name".into()],
            survey: true,
            ..Snapshot::default()
        };
        assert!(check(&survey, &Context::default()).look_closer);
        // The whole page is judged, and asks for nothing more.
        let r = check(
            &levels(&["API User (system) (API-only)"]),
            &Context::default(),
        );
        assert_eq!(r.page.as_str(), "security-level-list");
        assert!(!r.look_closer);
        // Another page without controls (a ticket) is judged from its survey.
        let ticket = Snapshot {
            title: "Ticket T20261202.0001".into(),
            survey: true,
            ..Snapshot::default()
        };
        assert!(!check(&ticket, &Context::default()).look_closer);
    }

    #[test]
    fn without_the_row_the_panel_says_what_to_look_for() {
        let r = check(&levels(&["Administrator (system)"]), &Context::default());
        assert_eq!(r.page.as_str(), "security-level-list");
        assert!(r.point.is_none());
        assert!(r
            .notice
            .unwrap()
            .starts_with("Look for the row \"API User (system) (API-only)\""));
        // Neither the title alone nor the row alone makes the list.
        let mut bare = levels(&[]);
        bare.headings.clear();
        assert_eq!(
            check(&bare, &Context::default()).page.as_str(),
            "unrecognized"
        );
        let mut untitled = levels(&["API User (system) (API-only)"]);
        untitled.title = "Home".into();
        assert_eq!(
            check(&untitled, &Context::default()).page.as_str(),
            "unrecognized"
        );
    }

    #[test]
    fn the_resources_list_points_at_new() {
        let snap = Snapshot {
            title: "Resources".into(),
            headings: vec!["Name".into(), "Email".into()],
            texts: vec!["+ New".into(), "Ada Lovelace".into()],
            ..Snapshot::default()
        };
        let r = check(&snap, &Context::default());
        assert_eq!(r.page.as_str(), "resource-list");
        assert_eq!(r.point.unwrap().text, "+ New");
        assert!(r.notice.unwrap().contains("\"New API User\""));
        let snap = Snapshot {
            texts: vec!["Ada Lovelace".into()],
            ..snap
        };
        let r = check(&snap, &Context::default());
        assert!(r.point.is_none());
        assert!(r.notice.unwrap().contains("Integration Center"));
    }
}
