//! The New Contract Wizard and the renewal wizard (docs/autotask-pages.md
//! §7): a new contract is not an edit page but a wizard whose fields are
//! spread over several pages, ended by Finish. Recognised by its address
//! (`/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard`, `…/RenewContractWizard`,
//! [one]), also when the current UI's shell names it in `view-data`, and by
//! what its pages show (its title, or Next / Finish beside a contract's
//! fields) [guess: nobody public shows its markup].
//!
//! Each page is judged with the profile's contract rules as its fields
//! appear: a field on no page yet is "not yet seen", never failed. What was
//! read on an earlier page comes back in the context (`Context::wizard`,
//! kept by the worker for the tab until Finish or Cancel) and is judged
//! again with this page's, unmarked (its control is not on this page). The
//! contract's type is the wizard that was opened: read from the page's title
//! or the menu choice it shows; a page that shows neither asks the admin to
//! confirm it, never assumes it.

use super::super::{offer, tpl, Judgement, Message, SectionSummary, Steps};
use super::{bind, field, find, marks, verify, END, NAME, PERIOD, START, TYPE};
use crate::bind::{BoundBy, Context};
use crate::checks::{Outcome, RuleResult, Summary};
use crate::normalize::{label_matches, norm};
use crate::profile::{ContractRules, Profile};
use crate::snapshot::{Control, ControlKind, Snapshot};
use serde::Serialize;

/// Which wizard a page belongs to, and how that was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wizard {
    New(By),
    Renew(By),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Address,
    Title,
    Buttons,
}

impl Wizard {
    pub fn word(self) -> &'static str {
        match self {
            Wizard::New(_) => "new",
            Wizard::Renew(_) => "renew",
        }
    }

    pub fn reason(self) -> &'static str {
        match self {
            Wizard::New(By::Address) => "The address is Autotask's New Contract Wizard.",
            Wizard::Renew(By::Address) => "The address is Autotask's contract renewal wizard.",
            Wizard::New(By::Title) => "The page's title names the New Contract Wizard.",
            Wizard::Renew(By::Title) => "The page's title names the contract renewal wizard.",
            Wizard::New(By::Buttons) | Wizard::Renew(By::Buttons) => {
                "A contract's fields with a wizard's Next and Finish buttons found."
            }
        }
    }
}

const NEW_PATH: &str = "/mvc/contracts/newcontractwizard.mvc/newcontractwizard";
const RENEW_PATH: &str = "/renewcontractwizard";
/// The buttons that end the wizard, normalised (`normalize::norm`).
const FINISH: &str = "finish";
const CANCEL: &str = "cancel";
/// Texts a wizard's pages show beside Next (normalised).
const STEP_BUTTONS: [&str; 3] = ["finish", "previous", "back"];

/// The contract types (docs/autotask-pages.md §5) as a page may name them,
/// normalised, with the name the profile's rule uses.
const TYPES: [(&str, &[&str]); 6] = [
    (
        "Recurring Service",
        &["recurring services", "recurring service"],
    ),
    (
        "Time & Materials",
        &["time and materials", "time and material", "t and m"],
    ),
    ("Fixed Price", &["fixed price"]),
    ("Block Hours", &["block hours", "block hour"]),
    ("Retainer", &["retainer"]),
    ("Per Ticket", &["per ticket", "incident"]),
];

/// The page's path, lowercased, and that of the inner page the current UI's
/// shell names in its `view-data` (base64 of `{"url": …}`, facts §7).
pub fn paths(url: &str) -> Vec<String> {
    let mut out = vec![path_of(url)];
    if let Some(inner) = view_data_url(url) {
        out.push(path_of(&inner));
    }
    out
}

fn path_of(url: &str) -> String {
    let no_query = url.split(['?', '#']).next().unwrap_or_default();
    let path = match no_query.find("://") {
        Some(i) => no_query[i + 3..]
            .find('/')
            .map_or("", |j| &no_query[i + 3 + j..]),
        None => no_query,
    };
    let mut p = path.to_ascii_lowercase();
    while p.ends_with('/') {
        p.pop();
    }
    if let Some(stripped) = p.strip_suffix("/index") {
        p = stripped.to_string();
    }
    p
}

fn view_data_url(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    let raw = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("view-data"))?
        .1;
    let text = percent_decode(raw);
    let bytes = base64(text.trim())?;
    let value = crate::json::parse(std::str::from_utf8(&bytes).ok()?).ok()?;
    value.get("url")?.as_str().map(str::to_string)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|&c| hex(c)),
            b.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard or URL-safe base64, padded or not; `None` on anything else.
fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn titles(snap: &Snapshot) -> String {
    norm(&tpl("% %", &[&snap.title, &snap.headings.join(" ")]))
}

/// The wizard this page is a page of, if it is one.
pub fn which(snap: &Snapshot) -> Option<Wizard> {
    let paths = paths(&snap.url);
    if paths.iter().any(|p| p.contains(NEW_PATH)) {
        return Some(Wizard::New(By::Address));
    }
    if paths
        .iter()
        .any(|p| p.contains("/mvc/contracts/") && p.contains(RENEW_PATH))
    {
        return Some(Wizard::Renew(By::Address));
    }
    let titles = titles(snap);
    let renew = titles.contains("renew");
    let wizard = if renew { Wizard::Renew } else { Wizard::New };
    let named = titles.contains("contract wizard")
        || titles.contains("contract renewal wizard")
        || titles.contains("renew contract")
        || TYPES.iter().any(|(_, names)| {
            names
                .iter()
                .any(|n| titles.contains(&tpl("new % contract", &[n])))
        });
    if named {
        return Some(wizard(By::Title));
    }
    // A contract's field beside Next and Finish (or Previous): a wizard's page.
    let texts: Vec<String> = snap.texts.iter().take(400).map(|t| norm(t)).collect();
    let next = texts.iter().any(|t| t == "next" || t == "next >");
    let step = texts.iter().any(|t| STEP_BUTTONS.contains(&t.as_str()));
    let fields = [NAME, TYPE, PERIOD, START, END];
    let contract_field = fields.iter().any(|f| !find(snap, f).is_empty());
    let says_contract = titles.contains("contract") || texts.iter().any(|t| t.contains("contract"));
    (next && step && contract_field && says_contract).then_some(wizard(By::Buttons))
}

/// The contract type the page names in its title, headings or a text that
/// speaks of a contract (the menu choice "New > Recurring Services
/// Contract", "Contract Type: …"); `None` when it names none or several.
pub fn shown_type(snap: &Snapshot) -> Option<&'static str> {
    let mut places = vec![titles(snap)];
    // Of the page's other texts, only those shaped like a menu path or a
    // field that names the type: a help sentence that mentions a type
    // ("services need a Recurring Service contract") says nothing of this one.
    places.extend(
        snap.texts
            .iter()
            .take(400)
            .map(|t| norm(t))
            .filter(|t| t.len() <= 80 && t.contains("contract"))
            .filter(|t| {
                t.contains('>')
                    || t.contains("contract type")
                    || TYPES.iter().any(|(_, names)| {
                        names.iter().any(|n| {
                            let whole = tpl("% contract", &[n]);
                            *t == whole || *t == tpl("new %", &[&whole])
                        })
                    })
            }),
    );
    let mut found: Option<&'static str> = None;
    for (name, spellings) in TYPES {
        let here = places
            .iter()
            .any(|p| spellings.iter().any(|s| contains_words(p, s)));
        if here {
            if found.is_some_and(|f| f != name) {
                return None;
            }
            found = Some(name);
        }
    }
    found
}

/// `needle` in `text` as whole words.
fn contains_words(text: &str, needle: &str) -> bool {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    tpl(" % ", &[&words]).contains(&tpl(" % ", &[needle]))
}

/// One field read on a page of the wizard, as kept for the next.
#[derive(Debug, Clone)]
struct Kept {
    /// The field's usual label (src/autotask/structure.json).
    field: String,
    label: String,
    kind: ControlKind,
    value: String,
    hint: Option<String>,
}

/// What the worker keeps for the tab (the report's `wizard.keep`), and gets
/// back as the context's `wizard` on the wizard's next page.
#[derive(Debug, Clone, Serialize)]
pub struct Keep {
    /// Which wizard: `new` or `renew`.
    pub wizard: &'static str,
    /// The admin accepted the offer (or the contract is marked).
    pub accepted: bool,
    /// The contract type a page of this wizard named.
    #[serde(rename = "type")]
    pub shown_type: Option<&'static str>,
    pub fields: Vec<KeptField>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeptField {
    pub field: String,
    pub label: String,
    pub kind: &'static str,
    pub value: String,
    pub hint: Option<String>,
}

const FIELDS: [&str; 5] = [NAME, TYPE, PERIOD, START, END];
/// The longest text kept of a field.
const MAX_VALUE: usize = 256;
/// Handles of what is not on this page: kept fields, and the type its title names.
const EARLIER: u32 = u32::MAX - 64;
const TITLE: u32 = u32::MAX;

/// The fields this page shows, one control each (several: none kept).
fn here(snap: &Snapshot) -> Vec<Kept> {
    let mut out = Vec::new();
    for f in FIELDS {
        let found: Vec<&Control> = find(snap, f)
            .into_iter()
            .filter(|c| matches!(c.kind, ControlKind::Text | ControlKind::Select))
            .filter(|c| !c.value.as_deref().is_some_and(super::is_time_of_day))
            .collect();
        if let [c] = found.as_slice() {
            if let Some(v) = &c.value {
                out.push(Kept {
                    field: f.to_string(),
                    label: c.label.clone(),
                    kind: c.kind,
                    value: v.chars().take(MAX_VALUE).collect(),
                    hint: c.hint.clone(),
                });
            }
        }
    }
    out
}

/// What the worker kept for the tab (`Context::wizard`): anything malformed
/// is left out, never guessed.
struct State {
    wizard: Option<String>,
    accepted: bool,
    shown_type: Option<&'static str>,
    fields: Vec<Kept>,
}

fn state(ctx: &Context) -> State {
    let Some(k) = &ctx.wizard else {
        return State {
            wizard: None,
            accepted: false,
            shown_type: None,
            fields: Vec::new(),
        };
    };
    let fields = k
        .fields
        .iter()
        .filter_map(|f| {
            let field = FIELDS.iter().find(|n| **n == f.field)?.to_string();
            let kind = match f.kind.as_str() {
                "select" => ControlKind::Select,
                "text" => ControlKind::Text,
                _ => return None,
            };
            Some(Kept {
                label: if f.label.is_empty() {
                    field.clone()
                } else {
                    f.label.clone()
                },
                field,
                kind,
                value: f.value.chars().take(MAX_VALUE).collect(),
                hint: f.hint.clone(),
            })
        })
        .take(FIELDS.len())
        .collect();
    State {
        wizard: Some(k.wizard.clone()),
        accepted: k.accepted,
        shown_type: k
            .shown_type
            .as_deref()
            .and_then(|t| TYPES.iter().find(|(n, _)| *n == t).map(|(n, _)| *n)),
        fields,
    }
}

fn control_of(k: &Kept, handle: u32) -> Control {
    Control {
        handle,
        kind: k.kind,
        label: k.label.clone(),
        value: Some(k.value.clone()),
        hint: k.hint.clone(),
        ..Control::default()
    }
}

fn is_type_rule(rules: &ContractRules, id: &str) -> bool {
    rules
        .rules
        .iter()
        .find(|r| r.id == id)
        .is_some_and(|r| label_matches(&r.control, field(TYPE)))
}

/// One page of a wizard, judged with what earlier pages showed.
pub fn judge(
    w: Wizard,
    profile: &Profile,
    rules: &ContractRules,
    snap: &Snapshot,
    ctx: &Context,
) -> Judgement {
    let mut kept = state(ctx);
    // What another wizard kept in this tab is not this one's.
    if kept.wizard.as_deref().is_some_and(|k| k != w.word()) {
        kept = State {
            wizard: None,
            accepted: false,
            shown_type: None,
            fields: Vec::new(),
        };
    }
    let now = here(snap);
    let mut merged = snap.clone();
    let mut fields = now.clone();
    for (i, k) in kept.fields.iter().enumerate() {
        if !now.iter().any(|n| n.field == k.field) {
            merged.controls.push(control_of(k, EARLIER + i as u32));
            fields.push(k.clone());
        }
    }
    let shown = shown_type(snap).or(kept.shown_type);
    let type_control = !find(&merged, TYPE).is_empty();
    if let (false, Some(t)) = (type_control, shown) {
        merged.controls.push(Control {
            handle: TITLE,
            kind: ControlKind::Select,
            label: TYPE.into(),
            value: Some(t.into()),
            disabled: true,
            ..Control::default()
        });
    }
    let check = verify(profile, rules, &merged, ctx);
    let name = check.info.name.clone();
    let by = bind(name.as_deref(), None, ctx).or(kept.accepted.then_some(BoundBy::Chosen));
    let keep = Keep {
        wizard: w.word(),
        accepted: by.is_some(),
        shown_type: shown,
        fields: fields
            .iter()
            .map(|f| KeptField {
                field: f.field.clone(),
                label: f.label.clone(),
                kind: if f.kind == ControlKind::Select {
                    "select"
                } else {
                    "text"
                },
                value: f.value.clone(),
                hint: f.hint.clone(),
            })
            .collect(),
    };
    let mut j = Judgement {
        bound_by: by,
        contract: Some(check.info),
        steps: Some(Steps {
            keep,
            finish: vec![FINISH.into()],
            cancel: vec![CANCEL.into()],
        }),
        ..Judgement::default()
    };
    let choose = Message::new("choose-contract", name, None);
    if by.is_none() {
        let p = &profile.name;
        j.offer = Some(offer(
            tpl(
                "Is this new contract the one % bills into? Only that contract is checked, on every page of the wizard.",
                &[p],
            ),
            tpl("This is the % contract", &[p]),
            Some(choose),
            "This wizard's contract is not marked as the integration's: the page offers to check it",
        ));
        return j;
    }
    let results: Vec<RuleResult> = check
        .results
        .into_iter()
        .map(|r| from_wizard(r, rules))
        .collect();
    j.marks = marks(&results, &check.apply);
    if !results.is_empty() {
        let sum = Summary::of(&results);
        j.sections = vec![SectionSummary {
            heading: crate::autotask::structure().contract_section.clone(),
            passed: sum.passed,
            total: sum.total,
        }];
    }
    j.results = results;
    j.on_save = Some(choose);
    j.stay_open = true;
    j.next_step = Some(
        "Next: go on with the wizard; Finish is checked as a save is, with what every page showed.",
    );
    j.save_intro = super::super::save_intro("contract", profile);
    j
}

/// A result as the wizard's page says it: a field read on an earlier page
/// (unmarked: its control is not here), the type the wizard's title names,
/// a field not yet seen, or a type the pages do not show.
fn from_wizard(mut r: RuleResult, rules: &ContractRules) -> RuleResult {
    let handle = r.handles.first().copied();
    if handle == Some(TITLE) {
        r.handles.clear();
        r.control = TYPE.into();
        r.message = if r.outcome == Outcome::Pass {
            tpl(
                "The wizard makes a \"%\" contract (its page says so), as needed.",
                &[&r.found],
            )
        } else {
            tpl(
                "This wizard makes a \"%\" contract (its page says so), and the type cannot be changed after Finish: cancel it and start New > Recurring Services Contract.",
                &[&r.found],
            )
        };
        return r;
    }
    if handle.is_some_and(|h| h >= EARLIER) {
        r.handles.clear();
        r.message = tpl("Read on an earlier page of the wizard: %", &[&r.message]);
        return r;
    }
    if r.found == "not found" {
        if is_type_rule(rules, &r.rule) {
            r.found = "not shown".into();
            r.message = "This wizard does not show which contract type it makes. Confirm it is the Recurring Services Contract wizard (New > Recurring Services Contract); if it is not, cancel it and start that one: the type cannot be changed after Finish.".into();
        } else {
            r.found = "not yet seen".into();
            r.message = tpl(
                "\"%\" is not on this page of the wizard, nor on an earlier one: it is checked when it appears, before Finish.",
                &[&r.control],
            );
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_the_address_and_the_shells_view_data() {
        assert_eq!(
            paths("https://ww5.autotask.net/MVC/Contracts/NewContractWizard.mvc/NewContractWizard/Index/?a=1")[0],
            NEW_PATH
        );
        // {"url":"https://ww19.autotask.net/Mvc/Contracts/NewContractWizard.mvc/NewContractWizard"}
        let inner = "eyJ1cmwiOiJodHRwczovL3d3MTkuYXV0b3Rhc2submV0L012Yy9Db250cmFjdHMvTmV3Q29udHJhY3RXaXphcmQubXZjL05ld0NvbnRyYWN0V2l6YXJkIn0";
        let url = format!(
            "https://ww19.autotask.net/AutotaskOnyx/LandingPage?view=x&view-data={inner}%3D"
        );
        assert!(
            paths(&url).iter().any(|p| p == NEW_PATH),
            "{:?}",
            paths(&url)
        );
        assert!(base64("not base64!").is_none());
    }
}
