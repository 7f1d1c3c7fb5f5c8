//! The New / Edit API User page (docs/autotask-pages.md §3): recognised by the labels and
//! sections a person reads, and judged against the profile's `api_user`
//! rules. The secret is never read: the snapshot says only whether its field
//! is filled, and nothing here copies a control's value into a report except
//! the texts a person reads on the page (names, the level, the vendor).

use super::security_level::NOT_JUDGED_TITLE;
use super::{marks_each, offer, sections_of, tpl, Judgement, Message, Page, PageKind, Recognition};
use crate::bind::{BoundBy, Context};
use crate::checks::eval::{self, is_built_in, labelled, Env, Judge, Judged};
use crate::checks::{Check, CheckRule, RuleResult};
use crate::normalize::{label_matches, norm};
use crate::profile::{ApiUserRules, Profile};
use crate::snapshot::{Control, ControlKind, Snapshot};
use serde::Serialize;

pub use crate::checks::eval::read_by_nobody;

pub const KIND: PageKind = PageKind("api-user");

pub struct ApiUser;
pub static PAGE: ApiUser = ApiUser;

impl Page for ApiUser {
    fn kind(&self) -> PageKind {
        KIND
    }

    fn name(&self) -> &'static str {
        "API user"
    }

    fn recognize(&self, snap: &Snapshot, base: &Recognition) -> Option<Recognition> {
        let api = recognize(snap)?;
        Some(Recognition {
            kind: KIND,
            sections_found: api.sections_found,
            sections_missing: api.sections_missing,
            level_name: None,
            user_name: Fields::read(snap).user_name(),
            reason: api.reason,
            ..base.clone()
        })
    }

    fn judge(
        &self,
        profile: &Profile,
        snap: &Snapshot,
        ctx: &Context,
        rec: &Recognition,
    ) -> Judgement {
        let fields = Fields::read(snap);
        let p = &profile.name;
        let name = rec.user_name.clone().filter(|n| !n.is_empty());
        let object = name.clone().map(|n| ("API user", n));
        let bound = profile
            .api_user
            .as_ref()
            .and_then(|rules| Some((bind(profile, &fields, ctx)?, rules)));
        let Some((by, rules)) = bound else {
            let text = match &name {
                Some(n) => tpl("The API user \"%\" is not checked against %.", &[n, p]),
                None => tpl("This API user is not checked against %: choose its Integration Vendor, or fill in its name to check it.", &[p]),
            };
            let choose = name.map(|n| Message::new("choose-user", Some(n), None));
            return Judgement {
                offer: Some(offer(
                    text,
                    tpl("Check against %", &[p]),
                    choose,
                    NOT_JUDGED_TITLE,
                )),
                object,
                ..Judgement::default()
            };
        };
        let v = verify(profile, rules, snap, &fields, ctx);
        let results: Vec<RuleResult> = v.judged.iter().map(|j| j.result.clone()).collect();
        let marks = marks_each(v.judged.iter().map(|j| (&j.result, j.apply.clone())));
        Judgement {
            bound_by: Some(by),
            sections: sections_of(sections(), &results),
            marks,
            results,
            confirm_level: v.confirm_level,
            confirm_before_save: v.confirm_before_save,
            next_step: Some(
                "Next: save this API user (keep its secret), then create or mark the contract.",
            ),
            save_intro: super::save_intro("API user", profile),
            object,
            ..Judgement::default()
        }
    }
}

/// Why an API user is judged, or `None` if it is not: its Integration Vendor
/// is the profile's, its security level is the remembered one, or the admin
/// chose it.
pub fn bind(profile: &Profile, user: &Fields, ctx: &Context) -> Option<BoundBy> {
    let rules = profile.api_user.as_ref()?;
    if ctx.judge_any_level {
        return Some(BoundBy::Chosen);
    }
    if rules.vendors.iter().any(|v| user.has_vendor(v)) {
        return Some(BoundBy::Vendor);
    }
    // A user of a level the admin gave to an integration is that integration's.
    if let Some(id) = user
        .level()
        .and_then(|l| ctx.level_profile(&l).map(str::to_string))
    {
        return (id == profile.id).then_some(BoundBy::Remembered);
    }
    let level = user.level().map(|l| norm(&l));
    if level.is_some() && ctx.remembered_level.as_deref().map(norm) == level {
        return Some(BoundBy::Remembered);
    }
    let name = norm(&user.user_name()?);
    ctx.chosen_users
        .iter()
        .any(|u| norm(u) == name)
        .then_some(BoundBy::Chosen)
}

/// The profile an API user belongs to (see `pages::owner`): the active one
/// when it binds the user; otherwise the first of `all` whose Integration
/// Vendor the user has (a "CyberDrain B.V." user is judged by COW's profile
/// while rhipe's is active); otherwise the active one.
pub fn owner<'a>(
    active: &'a Profile,
    all: impl IntoIterator<Item = &'a Profile>,
    snap: &Snapshot,
    ctx: &Context,
) -> &'a Profile {
    let fields = Fields::read(snap);
    if bind(active, &fields, ctx).is_some() {
        return active;
    }
    let mut all = all.into_iter();
    if let Some(id) = fields
        .level()
        .and_then(|l| ctx.level_profile(&l).map(str::to_string))
    {
        return all.find(|p| p.id == id).unwrap_or(active);
    }
    all.filter(|p| p.id != active.id)
        .find(|p| {
            p.api_user
                .as_ref()
                .is_some_and(|a| a.vendors.iter().any(|v| fields.has_vendor(v)))
        })
        .unwrap_or(active)
}

/// The section of a result whose control the structure does not place.
const GENERAL: &str = "General";

/// The sections results are grouped under, in page order (src/autotask/structure.json).
pub fn sections() -> impl Iterator<Item = &'static str> {
    let s = crate::autotask::structure();
    s.api_user_sections.iter().map(|(h, _)| h.as_str())
}

pub const FIRST_NAME: &str = "First Name";
pub const LAST_NAME: &str = "Last Name";
pub const EMAIL: &str = "Email Address";
pub const ACTIVE: &str = "Active";
pub const LOCKED: &str = "Locked";
pub const SECURITY_LEVEL: &str = "Security Level";
pub const USERNAME: &str = "Username (Key)";
pub const SECRET: &str = "Password (Secret)";
pub const VENDOR_RADIO: &str = "Integration Vendor";
pub const CUSTOM_RADIO: &str = "Custom (Internal Integration)";

/// What a person reads on the page; both credential labels are required
/// (no other Autotask page has them), and most of the rest.
const MARKERS: [&str; 8] = [
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    SECURITY_LEVEL,
    USERNAME,
    SECRET,
    VENDOR_RADIO,
    CUSTOM_RADIO,
];
const MIN_MARKERS: usize = 6;

/// Why a page is an API user page: the markers found, and the sections.
pub struct Recognized {
    pub sections_found: Vec<String>,
    pub sections_missing: Vec<String>,
    pub reason: String,
}

fn has_label(snap: &Snapshot, name: &str) -> bool {
    let names = [name.to_string()];
    snap.controls
        .iter()
        .any(|c| label_matches(&c.label, &names))
}

/// `Some` when the snapshot is an API user page.
pub fn recognize(snap: &Snapshot) -> Option<Recognized> {
    // An edit page need not show the secret's field at all (the secret is
    // never shown again, docs/autotask-pages.md §3): its title says what it is.
    let titled = norm(&format!("{} {}", snap.title, snap.headings.join(" "))).contains("api user");
    if !has_label(snap, USERNAME) || !(has_label(snap, SECRET) || titled) {
        return None;
    }
    let found = MARKERS.iter().filter(|m| has_label(snap, m)).count();
    if found < MIN_MARKERS {
        return None;
    }
    let page: Vec<String> = snap.sections.iter().map(|s| norm(s)).collect();
    let (present, missing): (Vec<&String>, Vec<&String>) = crate::autotask::structure()
        .api_user_headings
        .iter()
        .partition(|s| page.contains(&norm(s)));
    Some(Recognized {
        sections_found: present.iter().map(|s| s.to_string()).collect(),
        sections_missing: missing.iter().map(|s| s.to_string()).collect(),
        reason: format!(
            "{found} of the {} API user fields found, among them \"{USERNAME}\" and {}.",
            MARKERS.len(),
            if has_label(snap, SECRET) {
                ["\"", SECRET, "\""].concat()
            } else {
                "a title naming an API user page".to_string()
            }
        ),
    })
}

/// A page's API user fields, each as the controls carrying its label.
pub struct Fields<'a> {
    first: Vec<&'a Control>,
    last: Vec<&'a Control>,
    level: Vec<&'a Control>,
    secret: Vec<&'a Control>,
    vendor_radio: Vec<&'a Control>,
    vendor: Vec<&'a Control>,
    /// Whether the page says it makes a new user ("New API User", "Add API User").
    pub is_new: bool,
}

fn labelled_as<'a>(snap: &'a Snapshot, name: &str, kinds: &[ControlKind]) -> Vec<&'a Control> {
    labelled(snap, &[name.to_string()], kinds)
}

const TEXT: &[ControlKind] = &[ControlKind::Text];
const SELECT: &[ControlKind] = &[ControlKind::Select];

impl<'a> Fields<'a> {
    pub fn read(snap: &'a Snapshot) -> Fields<'a> {
        // The section that holds the vendor's radio and list.
        let tracking = [section_of(VENDOR_RADIO).to_string()];
        let selects_in_tracking: Vec<&Control> = snap
            .controls
            .iter()
            .filter(|c| c.kind == ControlKind::Select)
            .filter(|c| c.path.iter().any(|p| label_matches(p, &tracking)))
            .collect();
        // The vendor list sits beside its radio: labelled like it, or not at
        // all; the only list of its section when the page has the section.
        let vendor = if selects_in_tracking.is_empty() {
            labelled_as(snap, VENDOR_RADIO, SELECT)
        } else {
            selects_in_tracking
        };
        let page_title = norm(&format!("{} {}", snap.title, snap.headings.join(" ")));
        Fields {
            first: labelled_as(snap, FIRST_NAME, TEXT),
            last: labelled_as(snap, LAST_NAME, TEXT),
            level: labelled_as(snap, SECURITY_LEVEL, SELECT),
            // A field labelled like the secret is the secret, whatever its kind.
            secret: labelled_as(snap, SECRET, &[ControlKind::Secret, ControlKind::Text]),
            vendor_radio: labelled_as(snap, VENDOR_RADIO, &[ControlKind::Radio]),
            vendor,
            // "New API User"; the window title of the same page reads "Add
            // API User" (docs/autotask-pages.md §7), its address NewApiUser.
            is_new: page_title.contains("new api user")
                || page_title.contains("add api user")
                || snap.url.to_ascii_lowercase().contains("/newapiuser"),
        }
    }

    fn one_text(list: &[&Control]) -> Option<String> {
        match list {
            [one] => one.value.as_ref().map(|v| v.trim().to_string()),
            _ => None,
        }
    }

    /// "First Last", as a person reads the user's name; empty when unnamed.
    pub fn user_name(&self) -> Option<String> {
        let name = [Self::one_text(&self.first), Self::one_text(&self.last)]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!name.is_empty()).then_some(name)
    }

    /// The security level chosen, as shown.
    pub fn level(&self) -> Option<String> {
        Self::one_text(&self.level).filter(|s| !s.is_empty())
    }

    /// Whether "Integration Vendor" is chosen with exactly this vendor.
    pub fn has_vendor(&self, vendor: &str) -> bool {
        matches!(self.vendor_radio.as_slice(), [r] if r.checked == Some(true))
            && Self::one_text(&self.vendor).is_some_and(|v| norm(&v) == norm(vendor))
    }

    /// Whether the secret's field holds something (never what).
    pub fn secret_filled(&self) -> bool {
        self.secret.iter().any(|c| eval::secret_filled(c))
    }

    /// The controls a rule of the vocabulary is judged on: the vendor list
    /// beside its radio, the secret field whatever its kind, else the
    /// controls of the check's kinds that carry the rule's label.
    fn candidates(&self, snap: &'a Snapshot, rule: &CheckRule) -> Vec<&'a Control> {
        match rule.check {
            Check::Vendor => self.vendor.clone(),
            _ => labelled(snap, &rule.names(), rule.check.kinds()),
        }
    }
}

/// What the API user page's verdict adds to the results.
pub struct Verdict {
    pub judged: Vec<Judged>,
    /// The level the panel asks the admin to confirm as the integration's.
    pub confirm_level: Option<String>,
    /// The question the save guard asks before a save.
    pub confirm_before_save: Option<ConfirmBeforeSave>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConfirmBeforeSave {
    /// `secret-stored`: the admin confirms the secret is kept somewhere safe.
    pub id: String,
    pub message: String,
}

/// The section of the page a control sits in (src/autotask/structure.json).
fn section_of(control: &str) -> &'static str {
    let names = [control.to_string()];
    crate::autotask::structure()
        .api_user_sections
        .iter()
        .find(|(_, labels)| labels.iter().any(|l| label_matches(l, &names)))
        .map_or(GENERAL, |(heading, _)| heading.as_str())
}

/// Autotask's own rules (src/autotask/structure.json) and the profile's (one
/// with the same id replaces Autotask's), in page order: by where the
/// structure places each control, the profile's order among equals.
fn page_rules(rules: &ApiUserRules) -> Vec<&CheckRule> {
    let s = crate::autotask::structure();
    let own = s
        .api_user_rules
        .iter()
        .filter(|r| !rules.rules.iter().any(|p| p.id == r.id));
    let all: Vec<&CheckRule> = own.chain(&rules.rules).collect();
    // Placed by the structure's labels in page order (no sort: the wasm
    // has a size budget); a rule whose control the structure does not
    // place comes last.
    let mut placed = vec![false; all.len()];
    let mut out = Vec::with_capacity(all.len());
    for (_, labels) in &s.api_user_sections {
        for label in labels {
            let label = [label.clone()];
            for (i, r) in all.iter().enumerate() {
                if !placed[i] && label_matches(&r.control, &label) {
                    placed[i] = true;
                    out.push(*r);
                }
            }
        }
    }
    for (i, r) in all.iter().enumerate() {
        if !placed[i] {
            out.push(*r);
        }
    }
    out
}

/// Judges a recognised API user page bound to the profile: each of the
/// profile's rules by the check vocabulary, in the profile's order.
pub fn verify(
    profile: &Profile,
    rules: &ApiUserRules,
    snap: &Snapshot,
    f: &Fields,
    ctx: &Context,
) -> Verdict {
    let remembered = ctx.remembered_level.as_deref();
    let env = Env {
        profile_name: &profile.name,
        remembered_level: remembered,
        vendors: &rules.vendors,
        is_new: f.is_new,
        ..Env::default()
    };
    let mut judge = Judge::new(env, false);
    for rule in page_rules(rules) {
        judge.rule(rule, section_of(&rule.control), f.candidates(snap, rule));
    }
    // Asked when nothing is remembered and the user has a level of its own.
    let remembered = remembered.map(str::trim).filter(|s| !s.is_empty());
    let confirm_level = match (remembered, f.level.as_slice()) {
        (None, [_]) => f.level().filter(|l| !is_built_in(l)),
        _ => None,
    };
    let secret_why = rules
        .rules
        .iter()
        .find(|r| r.check == Check::Secret)
        .map_or("", |r| r.why.as_str());
    let confirm_before_save = f.secret_filled().then(|| ConfirmBeforeSave {
        id: "secret-stored".into(),
        message: tpl(
            "Have you stored the \"%\" somewhere safe? % Copy it now, then save.",
            &[SECRET, secret_why],
        )
        .replace("  ", " "),
    });
    Verdict {
        judged: judge.judged,
        confirm_level,
        confirm_before_save,
    }
}
