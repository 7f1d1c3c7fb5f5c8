//! Which Autotask page is this? Decided by the text a person reads: the
//! security areas' headings, never by markup or ids.

use crate::api_user;
use crate::normalize::norm;
use crate::snapshot::{ControlKind, Snapshot};
use serde::Serialize;

/// The security areas of a Security Level page, in page order (docs/autotask-pages.md §1).
pub const SECURITY_SECTIONS: [&str; 11] = [
    "CONTRACTS",
    "CRM",
    "INVENTORY",
    "PROJECTS",
    "SERVICE DESK",
    "DOCUMENTS & KNOWLEDGEBASE",
    "TIMESHEETS",
    "REPORTS",
    "ADMIN",
    "OTHER",
    "WEB SERVICES API",
];

/// The buttons that save an edit page (docs/autotask-pages.md §2); the save guard stops these.
pub const SAVE_LABELS: [&str; 3] = ["Save", "Save & Close", "Save & New"];

/// How many of the security areas must be present to call the page a
/// security level: enough that a stray "Reports" heading elsewhere is not
/// taken for one, few enough that a page missing a section is still judged
/// (and fails for it) instead of being ignored.
const MIN_SECURITY_SECTIONS: usize = 6;

/// Words that mark an Autotask page in a language we do not read yet.
const FOREIGN_MARKERS: [&str; 8] = [
    "sicherheitsstufe",
    "niveau de sécurité",
    "nivel de seguridad",
    "livello di sicurezza",
    "beveiligingsniveau",
    "verträge",
    "contrats",
    "contratos",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    SecurityLevel,
    ApiUser,
    Contract,
    Unrecognized,
    UnsupportedLanguage,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::SecurityLevel => "security-level",
            PageKind::ApiUser => "api-user",
            PageKind::Contract => "contract",
            PageKind::Unrecognized => "unrecognized",
            PageKind::UnsupportedLanguage => "unsupported-language",
        }
    }
}

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

pub fn recognize(snap: &Snapshot) -> Recognition {
    let page_sections: Vec<String> = snap.sections.iter().map(|s| norm(s)).collect();
    let (found, missing): (Vec<&str>, Vec<&str>) = SECURITY_SECTIONS
        .iter()
        .partition(|known| section_present(&page_sections, known));
    let mut rec = Recognition {
        kind: PageKind::Unrecognized,
        sections_found: found.iter().map(|s| s.to_string()).collect(),
        sections_missing: missing.iter().map(|s| s.to_string()).collect(),
        controls: snap.controls.len(),
        level_name: level_name(snap),
        user_name: None,
        reason: String::new(),
    };
    let lang = snap.lang.trim().to_ascii_lowercase();
    if !lang.is_empty() && lang != "en" && !lang.starts_with("en-") {
        rec.kind = PageKind::UnsupportedLanguage;
        rec.reason = format!(
            "The page is in language \"{}\"; only English Autotask pages are supported yet.",
            snap.lang.trim()
        );
    } else if found.len() >= MIN_SECURITY_SECTIONS {
        rec.kind = PageKind::SecurityLevel;
        rec.reason = format!(
            "{} of the {} security areas found.",
            found.len(),
            SECURITY_SECTIONS.len()
        );
    } else if let Some(api) = api_user::recognize(snap) {
        rec.kind = PageKind::ApiUser;
        rec.sections_found = api.sections_found;
        rec.sections_missing = api.sections_missing;
        rec.level_name = None;
        rec.user_name = api_user::Fields::read(snap).user_name();
        rec.reason = api.reason;
    } else if crate::contract::looks_like(snap) {
        rec.kind = PageKind::Contract;
        rec.reason = "A contract's Start Date and End Date fields found.".into();
    } else if looks_foreign(snap) {
        rec.kind = PageKind::UnsupportedLanguage;
        rec.reason = "The page's headings are not in English; only English Autotask pages are supported yet.".into();
    } else {
        rec.reason = format!(
            "Only {} of the {} security areas found (at least {} needed); not a page this profile knows.",
            found.len(),
            SECURITY_SECTIONS.len(),
            MIN_SECURITY_SECTIONS
        );
    }
    rec
}

/// Whether a known area is among the page's section headings.
pub fn section_present(page_sections_normed: &[String], known: &str) -> bool {
    let want = norm(known);
    page_sections_normed.contains(&want)
}

fn looks_foreign(snap: &Snapshot) -> bool {
    let text = norm(&format!(
        "{} {} {}",
        snap.title,
        snap.headings.join(" "),
        snap.sections.join(" ")
    ));
    FOREIGN_MARKERS.iter().any(|m| text.contains(m))
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
