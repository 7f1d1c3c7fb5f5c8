//! Which Autotask page is this? Decided by the text a person reads: the
//! security areas' headings, never by markup or ids.

use crate::pages::REGISTRY;
use crate::snapshot::Snapshot;
use serde::Serialize;

pub use crate::pages::security_level::{MIN_SECURITY_SECTIONS, SECURITY_SECTIONS};
pub use crate::pages::PageKind;

/// The buttons that save an edit page (docs/autotask-pages.md §2); the save guard stops these.
pub const SAVE_LABELS: [&str; 3] = ["Save", "Save & Close", "Save & New"];

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

/// The first kind of the registry (`pages::REGISTRY`) that recognises the
/// page; "unrecognized" when none does. Every page is described by the
/// security areas it shows and its "Name" field, so an unknown page says
/// how far it was from a security level.
pub fn recognize(snap: &Snapshot) -> Recognition {
    let (found, missing, level_name) = crate::pages::security_level::survey(snap);
    let base = Recognition {
        kind: PageKind::Unrecognized,
        reason: format!(
            "Only {} of the {} security areas found (at least {} needed); not a page this profile knows.",
            found.len(),
            SECURITY_SECTIONS.len(),
            MIN_SECURITY_SECTIONS
        ),
        sections_found: found,
        sections_missing: missing,
        controls: snap.controls.len(),
        level_name,
        user_name: None,
    };
    REGISTRY
        .iter()
        .find_map(|page| page.recognize(snap, &base))
        .unwrap_or(base)
}
