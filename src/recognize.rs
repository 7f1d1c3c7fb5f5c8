//! Which Autotask page is this? Decided by the text a person reads: the
//! security areas' headings, never by markup or ids.

use crate::pages::REGISTRY;
use crate::snapshot::Snapshot;

pub use crate::pages::security_level::{MIN_SECURITY_SECTIONS, SECURITY_SECTIONS};
pub use crate::pages::{PageKind, Recognition};

/// The buttons that save an edit page (docs/autotask-pages.md §2), and the
/// New Contract Wizard's Finish, its save (§7); the save guard stops these,
/// only ever on a judged object that does not pass.
pub const SAVE_LABELS: [&str; 4] = ["Save", "Save & Close", "Save & New", "Finish"];

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
