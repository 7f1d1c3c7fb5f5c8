//! An Autotask page in a language the engine does not read yet: told by the
//! document's `lang` before anything else, or by its foreign words when no
//! kind recognised it. Never judged: a notice says so.

use super::{Judgement, Page, PageKind, Recognition};
use crate::bind::Context;
use crate::normalize::norm;
use crate::profile::Profile;
use crate::snapshot::Snapshot;

pub const KIND: PageKind = PageKind("unsupported-language");

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

pub struct Foreign {
    /// By the `lang` attribute (tried first) or by the page's words (last).
    by_language: bool,
}
pub static BY_LANGUAGE: Foreign = Foreign { by_language: true };
pub static BY_WORDS: Foreign = Foreign { by_language: false };

impl Page for Foreign {
    fn kind(&self) -> PageKind {
        KIND
    }

    fn name(&self) -> &'static str {
        "Autotask in a language not supported yet"
    }

    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        let reason = if self.by_language {
            let lang = snap.lang.trim().to_ascii_lowercase();
            if lang.is_empty() || lang == "en" || lang.starts_with("en-") {
                return None;
            }
            format!(
                "The page is in language \"{}\"; only English Autotask pages are supported yet.",
                snap.lang.trim()
            )
        } else {
            let text = norm(&format!(
                "{} {} {}",
                snap.title,
                snap.headings.join(" "),
                snap.sections.join(" ")
            ));
            if !FOREIGN_MARKERS.iter().any(|m| text.contains(m)) {
                return None;
            }
            "The page's headings are not in English; only English Autotask pages are supported yet."
                .into()
        };
        Some(base.as_kind(KIND, reason))
    }

    fn judge(&self, _: &Profile, _: &Snapshot, _: &Context, _: &Recognition) -> Judgement {
        Judgement::notice(
            "Setup Guard reads English Autotask pages only, for now: this page was not checked.",
        )
    }
}
