//! The New / Edit API User page (docs/autotask-pages.md §3): recognised by the labels and
//! sections a person reads, and judged against the profile's `api_user`
//! rules. The secret is never read: the snapshot says only whether its field
//! is filled, and nothing here copies a control's value into a report except
//! the texts a person reads on the page (names, the level, the vendor).

use super::security_level::NOT_JUDGED_TITLE;
use super::{marks_each, offer, sections_of, tpl, Judgement, Message, Page, PageKind, Recognition};
use crate::bind::{BoundBy, Context, API_LEVEL_TO_COPY};
use crate::normalize::{label_matches, norm};
use crate::profile::{ApiUserRules, Profile};
use crate::snapshot::{Control, ControlKind, Snapshot};
use crate::verify::{Outcome, RuleResult};
use serde::Serialize;

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
        let v = verify(profile, rules, &fields, ctx);
        let results: Vec<RuleResult> = v.judged.iter().map(|j| j.result.clone()).collect();
        let marks = marks_each(v.judged.iter().map(|j| (&j.result, j.apply.clone())));
        Judgement {
            bound_by: Some(by),
            sections: sections_of(SECTIONS, &results),
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
    if user.has_vendor(&rules.vendor) {
        return Some(BoundBy::Vendor);
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

/// The sections results are grouped under, in page order.
pub const GENERAL: &str = "General";
pub const CREDENTIALS: &str = "Credentials";
pub const TRACKING: &str = "API Tracking Identifier";
pub const SECTIONS: [&str; 3] = [GENERAL, CREDENTIALS, TRACKING];

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

/// Characters Autotask refuses in "Username (Key)" (docs/autotask-pages.md §3).
const USERNAME_REFUSED: &str = "@();:[]|\\\"";

/// Local parts and domains of addresses nobody reads.
const NOBODY_LOCAL: [&str; 9] = [
    "noreply",
    "donotreply",
    "dontreply",
    "nobody",
    "nowhere",
    "null",
    "devnull",
    "blackhole",
    "mailerdaemon",
];
const NOBODY_DOMAINS: [&str; 5] = [".invalid", ".test", ".example", ".localhost", "example.com"];

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
    let (present, missing): (Vec<&str>, Vec<&str>) = [CREDENTIALS, TRACKING]
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
    email: Vec<&'a Control>,
    active: Vec<&'a Control>,
    locked: Vec<&'a Control>,
    level: Vec<&'a Control>,
    username: Vec<&'a Control>,
    secret: Vec<&'a Control>,
    vendor_radio: Vec<&'a Control>,
    vendor: Vec<&'a Control>,
    /// Whether the page says it makes a new user ("New API User", "Add API User").
    pub is_new: bool,
}

fn labelled<'a>(snap: &'a Snapshot, name: &str, kinds: &[ControlKind]) -> Vec<&'a Control> {
    let names = [name.to_string()];
    snap.controls
        .iter()
        .filter(|c| kinds.contains(&c.kind) && label_matches(&c.label, &names))
        .collect()
}

const TEXT: &[ControlKind] = &[ControlKind::Text];
const BOX: &[ControlKind] = &[ControlKind::Checkbox];
const SELECT: &[ControlKind] = &[ControlKind::Select];

impl<'a> Fields<'a> {
    pub fn read(snap: &'a Snapshot) -> Fields<'a> {
        let tracking = [TRACKING.to_string()];
        let selects_in_tracking: Vec<&Control> = snap
            .controls
            .iter()
            .filter(|c| c.kind == ControlKind::Select)
            .filter(|c| c.path.iter().any(|p| label_matches(p, &tracking)))
            .collect();
        // The vendor list sits beside its radio: labelled like it, or not at
        // all; the only list of its section when the page has the section.
        let vendor = if selects_in_tracking.is_empty() {
            labelled(snap, VENDOR_RADIO, SELECT)
        } else {
            selects_in_tracking
        };
        let page_title = norm(&format!("{} {}", snap.title, snap.headings.join(" ")));
        Fields {
            first: labelled(snap, FIRST_NAME, TEXT),
            last: labelled(snap, LAST_NAME, TEXT),
            email: labelled(snap, EMAIL, TEXT),
            active: labelled(snap, ACTIVE, BOX),
            locked: labelled(snap, LOCKED, BOX),
            level: labelled(snap, SECURITY_LEVEL, SELECT),
            username: labelled(snap, USERNAME, TEXT),
            // A field labelled like the secret is the secret, whatever its kind.
            secret: labelled(snap, SECRET, &[ControlKind::Secret, ControlKind::Text]),
            vendor_radio: labelled(snap, VENDOR_RADIO, &[ControlKind::Radio]),
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
        self.secret.iter().any(|c| match c.kind {
            ControlKind::Secret => c.filled == Some(true),
            _ => c.value.as_ref().is_some_and(|v| !v.is_empty()),
        })
    }
}

/// One judged rule and the state "Apply" may set on its control.
pub struct Judged {
    pub result: RuleResult,
    pub apply: Option<String>,
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

struct Rule<'r> {
    id: &'static str,
    section: &'static str,
    control: &'static str,
    source: Option<&'r str>,
}

impl Rule<'_> {
    // Called for every outcome of every rule: kept out of line, or each call
    // site would carry its own copy (several KB of wasm).
    #[inline(never)]
    fn result(
        &self,
        handle: Option<u32>,
        outcome: Outcome,
        expected: &str,
        found: &str,
        message: String,
    ) -> Judged {
        Judged {
            result: RuleResult {
                rule: self.id.into(),
                section: self.section.into(),
                control: self.control.into(),
                column: None,
                handles: handle.into_iter().collect(),
                outcome,
                expected: expected.into(),
                found: found.into(),
                message,
                source: self.source.map(str::to_string),
            },
            apply: None,
        }
    }

    /// The one control for this rule, or the `incomplete` result saying why not.
    fn single<'c>(&self, list: &[&'c Control], expected: &str) -> Result<&'c Control, Box<Judged>> {
        match list {
            [one] => Ok(*one),
            [] => Err(Box::new(self.result(
                None,
                Outcome::Incomplete,
                expected,
                "not found",
                format!(
                    "\"{}\" could not be found on this page; check by hand that it is {expected}.",
                    self.control
                ),
            ))),
            many => {
                let mut j = self.result(
                    None,
                    Outcome::Incomplete,
                    expected,
                    &format!("{} controls with this label", many.len()),
                    format!(
                        "{} controls carry the label \"{}\"; which one counts is not clear, so nothing is assumed. Check by hand that it is {expected}.",
                        many.len(),
                        self.control
                    ),
                );
                j.result.handles = many.iter().map(|c| c.handle).collect();
                Err(Box::new(j))
            }
        }
    }

    fn unreadable(&self, c: &Control, expected: &str) -> Judged {
        self.result(
            Some(c.handle),
            Outcome::Incomplete,
            expected,
            "unreadable",
            format!(
                "Could not read \"{}\"; check by hand that it is {expected}.",
                self.control
            ),
        )
    }
}

/// Judges a recognised API user page bound to the profile.
pub fn verify(profile: &Profile, rules: &ApiUserRules, f: &Fields, ctx: &Context) -> Verdict {
    let src = Some(rules.source.as_str());
    let mut judged = Vec::new();
    for (id, control) in [
        ("user-first-name", FIRST_NAME),
        ("user-last-name", LAST_NAME),
    ] {
        let rule = Rule {
            id,
            section: GENERAL,
            control,
            source: None,
        };
        let list = if control == FIRST_NAME {
            &f.first
        } else {
            &f.last
        };
        judged.push(filled(
            &rule,
            list,
            "Autotask requires it, and it names the API user in its lists.",
        ));
    }
    judged.extend(email(
        &Rule {
            id: "user-email",
            section: GENERAL,
            control: EMAIL,
            source: src,
        },
        &f.email,
        rules,
    ));
    for (id, control, want) in [
        ("user-active", ACTIVE, true),
        ("user-locked", LOCKED, false),
    ] {
        let rule = Rule {
            id,
            section: GENERAL,
            control,
            source: src,
        };
        let list = if want { &f.active } else { &f.locked };
        judged.push(checkbox(&rule, list, want, &rules.status_why));
    }
    let (level, confirm_level) = security_level(profile, f, ctx);
    judged.push(level);
    judged.push(username(&f.username));
    let secret_rule = Rule {
        id: "credentials-secret",
        section: CREDENTIALS,
        control: SECRET,
        source: src,
    };
    if f.is_new {
        judged.push(secret(&secret_rule, f, &rules.secret_why));
    }
    let radio = Rule {
        id: "tracking-integration-vendor",
        section: TRACKING,
        control: VENDOR_RADIO,
        source: src,
    };
    judged.push(checkbox(&radio, &f.vendor_radio, true, &rules.vendor_why));
    judged.push(vendor(&f.vendor, rules));
    // Pushed in page order: General, Credentials, API Tracking Identifier.
    let confirm_before_save = f.secret_filled().then(|| ConfirmBeforeSave {
        id: "secret-stored".into(),
        message: format!(
            "Have you stored the \"{SECRET}\" somewhere safe? {} Copy it now, then save.",
            rules.secret_why
        ),
    });
    Verdict {
        judged,
        confirm_level,
        confirm_before_save,
    }
}

fn filled(rule: &Rule, list: &[&Control], why: &str) -> Judged {
    let c = match rule.single(list, "filled") {
        Ok(c) => c,
        Err(j) => return *j,
    };
    match c.value.as_deref().map(str::trim) {
        None => rule.unreadable(c, "filled"),
        Some("") => rule.result(
            Some(c.handle),
            Outcome::Fail,
            "filled",
            "empty",
            format!("Fill in \"{}\": {why}", rule.control),
        ),
        Some(_) => rule.result(
            Some(c.handle),
            Outcome::Pass,
            "filled",
            "filled",
            format!("\"{}\" is filled.", rule.control),
        ),
    }
}

/// Whether an address is shaped like one: `local@domain.tld`, nothing else.
fn well_formed(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !address
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control() || "<>,;\"".contains(c))
        && !domain.contains('@')
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
}

/// An address obviously read by no one: no-reply and the like.
pub fn read_by_nobody(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    let Some((local, domain)) = lower.split_once('@') else {
        return false;
    };
    let local: String = local
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    NOBODY_LOCAL.iter().any(|n| local == *n)
        || local.contains("noreply")
        || local.contains("donotreply")
        || NOBODY_DOMAINS
            .iter()
            .any(|d| domain == d.trim_start_matches('.') || domain.ends_with(d))
}

fn email(rule: &Rule, list: &[&Control], rules: &ApiUserRules) -> Vec<Judged> {
    let c = match rule.single(list, "a well-formed address") {
        Ok(c) => c,
        Err(j) => return vec![*j],
    };
    let Some(address) = c.value.as_deref().map(str::trim) else {
        return vec![rule.unreadable(c, "a well-formed address")];
    };
    let h = Some(c.handle);
    if address.is_empty() {
        return vec![rule.result(
            h,
            Outcome::Fail,
            "a well-formed address",
            "empty",
            format!("Fill in \"{EMAIL}\". {}", rules.email_why),
        )];
    }
    if !well_formed(address) {
        return vec![rule.result(
            h,
            Outcome::Fail,
            "a well-formed address",
            address,
            format!(
                "\"{address}\" is not a well-formed email address (name@domain.tld). {}",
                rules.email_why
            ),
        )];
    }
    let mut out = vec![rule.result(
        h,
        Outcome::Pass,
        "a well-formed address",
        address,
        format!("\"{EMAIL}\" is a well-formed address."),
    )];
    if read_by_nobody(address) {
        let warn = Rule {
            id: "user-email-read",
            ..*rule
        };
        out.push(warn.result(
            h,
            Outcome::Warn,
            "an address someone reads",
            address,
            format!(
                "\"{address}\" looks like an address nobody reads. {}",
                rules.email_why
            ),
        ));
    }
    out
}

fn checkbox(rule: &Rule, list: &[&Control], want: bool, why: &str) -> Judged {
    let word = |on: bool| if on { "on" } else { "off" };
    let c = match rule.single(list, word(want)) {
        Ok(c) => c,
        Err(j) => return *j,
    };
    match c.checked {
        None => rule.unreadable(c, word(want)),
        Some(on) if on == want => rule.result(
            Some(c.handle),
            Outcome::Pass,
            word(want),
            word(on),
            format!("\"{}\" is {}, as needed.", rule.control, word(want)),
        ),
        Some(on) => {
            let verb = if want { "Turn on" } else { "Turn off" };
            let mut j = rule.result(
                Some(c.handle),
                Outcome::Fail,
                word(want),
                word(on),
                format!("{verb} \"{}\". {why}", rule.control),
            );
            j.apply = Some(word(want).into());
            j
        }
    }
}

fn is_built_in(level: &str) -> bool {
    level.to_ascii_lowercase().contains("(system)")
}

/// The level rule, and the level to ask the admin about when none is remembered.
fn security_level(profile: &Profile, f: &Fields, ctx: &Context) -> (Judged, Option<String>) {
    let rule = Rule {
        id: "user-security-level",
        section: GENERAL,
        control: SECURITY_LEVEL,
        source: None,
    };
    let remembered = ctx
        .remembered_level
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let expected = remembered.map_or_else(
        || format!("the level made for {}", profile.name),
        str::to_string,
    );
    let c = match rule.single(&f.level, &expected) {
        Ok(c) => c,
        Err(j) => return (*j, None),
    };
    let h = Some(c.handle);
    let Some(level) = c.value.as_deref().map(str::trim) else {
        return (rule.unreadable(c, &expected), None);
    };
    let set_to = |j: &mut Judged| j.apply = remembered.map(str::to_string);
    if level.is_empty() {
        let mut j = rule.result(
            h,
            Outcome::Fail,
            &expected,
            "empty",
            format!("Choose the security level made for {}.", profile.name),
        );
        set_to(&mut j);
        return (j, None);
    }
    if is_built_in(level) {
        let mut j = rule.result(
            h,
            Outcome::Fail,
            &expected,
            level,
            format!(
                "\"{level}\" is a built-in level: it gives full access, far beyond what {} needs. Choose the integration's own copy of \"{API_LEVEL_TO_COPY}\" instead.",
                profile.name
            ),
        );
        set_to(&mut j);
        return (j, None);
    }
    match remembered {
        Some(want) if norm(want) == norm(level) => (
            rule.result(h, Outcome::Pass, want, level, format!("\"{level}\" is the security level made for {}.", profile.name)),
            None,
        ),
        Some(want) => {
            let mut j = rule.result(
                h,
                Outcome::Fail,
                want,
                level,
                format!("Set \"{SECURITY_LEVEL}\" to \"{want}\" (now \"{level}\"), the level made for {} on this Autotask.", profile.name),
            );
            set_to(&mut j);
            (j, None)
        }
        None => (
            rule.result(
                h,
                Outcome::Incomplete,
                &expected,
                level,
                format!("Is \"{level}\" the security level made for {}? Confirm it in this panel and it is remembered.", profile.name),
            ),
            Some(level.to_string()),
        ),
    }
}

fn username(list: &[&Control]) -> Judged {
    let rule = Rule {
        id: "credentials-username",
        section: CREDENTIALS,
        control: USERNAME,
        source: None,
    };
    let expected = "filled, allowed characters only";
    let c = match rule.single(list, expected) {
        Ok(c) => c,
        Err(j) => return *j,
    };
    let Some(key) = c.value.as_deref().map(str::trim) else {
        return rule.unreadable(c, expected);
    };
    let h = Some(c.handle);
    if key.is_empty() {
        return rule.result(
            h,
            Outcome::Fail,
            expected,
            "empty",
            format!("Fill in \"{USERNAME}\", or press Generate Key."),
        );
    }
    // Each refused character once, in Autotask's order; spaces as a word.
    let mut shown: Vec<String> = USERNAME_REFUSED
        .chars()
        .filter(|ch| key.contains(*ch))
        .map(String::from)
        .collect();
    if key.contains(|ch: char| ch.is_ascii_whitespace()) {
        shown.push("space".into());
    }
    if shown.is_empty() {
        // The key itself is not repeated: it is half of the credentials.
        return rule.result(
            h,
            Outcome::Pass,
            expected,
            "filled",
            format!("\"{USERNAME}\" is filled with allowed characters."),
        );
    }
    let shown = shown.join(" ");
    rule.result(
        h,
        Outcome::Fail,
        expected,
        &format!("not allowed: {shown}"),
        format!("\"{USERNAME}\" holds characters Autotask does not allow ({shown}); use letters and digits, or press Generate Key."),
    )
}

fn secret(rule: &Rule, f: &Fields, why: &str) -> Judged {
    let c = match rule.single(&f.secret, "filled") {
        Ok(c) => c,
        Err(j) => return *j,
    };
    if c.kind == ControlKind::Secret && c.filled.is_none() {
        return rule.unreadable(c, "filled");
    }
    if f.secret_filled() {
        rule.result(
            Some(c.handle),
            Outcome::Pass,
            "filled",
            "filled",
            format!("\"{SECRET}\" is filled. {why}"),
        )
    } else {
        rule.result(
            Some(c.handle),
            Outcome::Fail,
            "filled",
            "empty",
            format!("Press Generate Secret to fill \"{SECRET}\". {why}"),
        )
    }
}

fn vendor(list: &[&Control], rules: &ApiUserRules) -> Judged {
    let rule = Rule {
        id: "tracking-vendor",
        section: TRACKING,
        control: VENDOR_RADIO,
        source: Some(&rules.source),
    };
    let want = rules.vendor.as_str();
    let c = match rule.single(list, want) {
        Ok(c) => c,
        Err(j) => return *j,
    };
    let h = Some(c.handle);
    let Some(found) = c.value.as_deref().map(str::trim) else {
        return rule.unreadable(c, want);
    };
    if norm(found) == norm(want) {
        return rule.result(
            h,
            Outcome::Pass,
            want,
            found,
            format!("The Integration Vendor is \"{want}\", as needed."),
        );
    }
    let now = if found.is_empty() {
        "none".to_string()
    } else {
        format!("\"{found}\"")
    };
    let mut j = rule.result(
        h,
        Outcome::Fail,
        want,
        if found.is_empty() { "empty" } else { found },
        format!(
            "Choose \"{want}\" as the Integration Vendor (now {now}). {}",
            rules.vendor_why
        ),
    );
    j.apply = Some(want.to_string());
    j
}
