//! The page Autotask shows when the admin's own login may not open a page
//! (docs/autotask-pages.md §2: `/Mvc/Security/Authorization.mvc/Failure`,
//! [one]). Said as such, so the admin is not told "unrecognised" on a page
//! that only an administrator can open. Nothing is judged.
//!
//! How sure: the address is from one public source; its text is not known.
//! So the address decides, and a page without any control whose title or
//! headings deny access is taken for it too [guess]; a form never is.

use super::{Judgement, Page, PageKind};
use crate::bind::Context;
use crate::normalize::norm;
use crate::profile::Profile;
use crate::recognize::Recognition;
use crate::snapshot::Snapshot;

pub const KIND: PageKind = PageKind("no-access");

const PATH: &str = "/mvc/security/authorization.mvc/failure";

/// Sentences that deny access, normalised (`normalize::norm`).
const DENIALS: [&str; 6] = [
    "access denied",
    "not authorized",
    "not authorised",
    "do not have permission",
    "does not have permission",
    "insufficient permission",
];

pub struct NoAccess;
pub static PAGE: NoAccess = NoAccess;

impl Page for NoAccess {
    fn kind(&self) -> PageKind {
        KIND
    }

    fn name(&self) -> &'static str {
        "No access to this page"
    }

    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        let url = snap.url.to_ascii_lowercase();
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let reason = if path.contains(PATH) {
            "The address is Autotask's \"no access\" page (Authorization.mvc/Failure)."
        } else {
            let text = norm(&format!("{} {}", snap.title, snap.headings.join(" ")));
            if !snap.controls.is_empty() || !DENIALS.iter().any(|d| text.contains(d)) {
                return None;
            }
            "The page has no form, and its heading says access is denied."
        };
        Some(Recognition {
            kind: KIND,
            reason: reason.into(),
            ..base.clone()
        })
    }

    fn judge(&self, _: &Profile, _: &Snapshot, _: &Context, _: &Recognition) -> Judgement {
        Judgement {
            notice: Some("Your own login cannot open this page; an administrator must.".into()),
            ..Judgement::default()
        }
    }
}
