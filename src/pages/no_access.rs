//! The page Autotask shows when the admin's own login may not open a page
//! (docs/autotask-pages.md §2: `/Mvc/Security/Authorization.mvc/Failure`,
//! [one]). Said as such, so the admin is not told "unrecognised" on a page
//! that only an administrator can open. Nothing is judged.
//!
//! How sure: the address is from one public source; its text is not known.
//! So the address decides, and a page without any control whose title or
//! headings deny access is taken for it too [guess]; a form never is.

use super::{Judgement, Page, PageKind, Recognition};
use crate::bind::Context;
use crate::normalize::norm;
use crate::profile::Profile;
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
        Some(base.as_kind(KIND, reason.into()))
    }

    fn judge(&self, _: &Profile, _: &Snapshot, _: &Context, _: &Recognition) -> Judgement {
        Judgement::notice("Your own login cannot open this page; an administrator must.")
    }
}

#[cfg(test)]
mod tests {
    use crate::bind::Context;
    use crate::profile;
    use crate::report;
    use crate::snapshot::{Control, Snapshot};

    fn check(snap: &Snapshot) -> report::Report {
        let rhipe = profile::find("").expect("the default profile");
        report::check(rhipe, snap, &Context::default())
    }

    #[test]
    fn the_address_decides_in_any_case_and_with_a_query() {
        let snap = Snapshot {
            url: "https://ww5.autotask.net/Mvc/Security/Authorization.MVC/Failure?x=1".into(),
            ..Snapshot::default()
        };
        let r = check(&snap);
        assert_eq!(r.page.as_str(), "no-access");
        assert_eq!(
            r.notice.as_deref(),
            Some("Your own login cannot open this page; an administrator must.")
        );
        assert!(!r.judged && r.offer.is_none() && r.marks.is_empty());
    }

    #[test]
    fn a_denial_heading_counts_only_on_a_page_without_a_form() {
        let mut snap = Snapshot {
            url: "https://ww5.autotask.net/Autotask/Other.aspx".into(),
            headings: vec!["Access Denied".into()],
            ..Snapshot::default()
        };
        assert_eq!(check(&snap).page.as_str(), "no-access");
        snap.controls.push(Control {
            label: "Name".into(),
            ..Control::default()
        });
        assert_eq!(check(&snap).page.as_str(), "unrecognized");
        // The same address's path anywhere but in the path is not it.
        let elsewhere = Snapshot {
            url: "https://ww5.autotask.net/x?next=/Mvc/Security/Authorization.mvc/Failure".into(),
            ..Snapshot::default()
        };
        assert_eq!(check(&elsewhere).page.as_str(), "unrecognized");
    }
}
