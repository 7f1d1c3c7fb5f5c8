//! The setup journey: which steps an integration's setup has, in which
//! order, and where the admin is, from what the extension has verified on
//! one Autotask host — never from what the admin ticks.
//!
//! The worker hands the host's record as it is stored (`docs/messages.md`):
//! the remembered names and a `journal` of the last verdict of each judged
//! object and of the live check. A record from an older release, or one a
//! page's script filled with nonsense, reads as "nothing verified": a step is
//! never shown done on evidence that cannot be read.

use crate::json::{self, Obj};
use crate::md_text::esc;
use crate::pages::{tpl, Recognition};
use crate::verify::{Outcome, RuleResult, Summary};
use serde::Serialize;
use serde_json::Value;

/// What the journey needs of a profile (built from it by the caller, so the
/// journey does not depend on the profile's format).
#[derive(Debug, Clone)]
pub struct Plan {
    pub profile_id: String,
    pub profile_name: String,
    pub profile_version: String,
    /// The name the profile suggests for the copied level ("Rhipe Integration").
    pub level_name: Option<String>,
    /// The Integration Vendor the API user must name, when the profile has API-user rules.
    pub vendor: Option<String>,
    /// Whether the integration needs a contract (the profile has contract rules).
    pub contract: bool,
    /// Whether the profile has a live check of the API user.
    pub live_check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    NotStarted,
    InProgress,
    Done,
    /// Outside Autotask (the vendor's portal): the extension cannot see it.
    NotVerifiable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    CopyLevel,
    LevelPermissions,
    Contract,
    ApiUser,
    LiveCheck,
    Connect,
}

impl StepId {
    /// The journal key a step's verdict is kept under (a page kind, or the live check).
    fn journal_key(self) -> Option<&'static str> {
        match self {
            StepId::LevelPermissions => Some("security-level"),
            StepId::Contract => Some("contract"),
            StepId::ApiUser => Some("api-user"),
            StepId::LiveCheck => Some("live-check"),
            StepId::CopyLevel | StepId::Connect => None,
        }
    }
}

/// One finding kept with a verdict: a rule id, its control and outcome (no
/// page text beyond the judged control's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: String,
    pub control: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: StepId,
    pub title: String,
    pub state: StepState,
    /// The object's name as verified (a level, a contract, an API user).
    pub object: Option<String>,
    /// When the verdict behind the state was reached (ISO 8601, as stored).
    pub at: Option<String>,
    /// Findings still open (in progress) or none.
    pub open: usize,
    pub findings: Vec<Finding>,
    /// What to do next, in the admin's words.
    pub todo: String,
    /// Where, as Autotask's menu path.
    pub place: String,
    /// A path on the admin's own Autotask host where it is known (the caller
    /// prefixes the host; the journey never sees it).
    pub path: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Journey {
    #[serde(rename = "profileId")]
    pub profile_id: String,
    pub profile: String,
    pub version: String,
    pub steps: Vec<Step>,
    /// The first step that is not done: where the admin is.
    pub next: Option<StepId>,
    pub done: usize,
    /// Steps the extension can verify (all but the vendor's portal).
    pub total: usize,
}

/// Bounds on what a stored journal entry may hold: a record is the page's to
/// influence (names), so nothing unbounded is read back.
const MAX_FINDINGS: usize = 50;
const MAX_TEXT: usize = 256;

/// The journey of `plan` on a host whose stored record is `record` (JSON
/// text; empty or `null` for a host never seen).
pub fn journey(plan: &Plan, record: &str) -> json::Result<Journey> {
    let value = if record.trim().is_empty() {
        Value::Null
    } else {
        json::parse(record)?
    };
    let empty = serde_json::Map::new();
    let rec = value.as_object().unwrap_or(&empty);
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= MAX_TEXT)
            .map(str::to_string)
    };
    // Each profile keeps its own journal on a host (see `journal_after`).
    let journal = rec
        .get("journal")
        .and_then(|j| j.get(&plan.profile_id))
        .and_then(Value::as_object);
    let entry = |key: &str| {
        journal
            .and_then(|j| j.get(key))
            .and_then(|v| read_entry(v).ok())
    };

    let mut steps = Vec::new();
    let level_entry = entry("security-level");
    // A copy exists once a level is known for this host: remembered by a
    // save, chosen in the panel, or verified.
    let known_level = text(rec.get("level"))
        .or_else(|| {
            rec.get("chosenLevels")
                .and_then(Value::as_array)
                .and_then(|l| text(l.last()))
        })
        .or_else(|| level_entry.as_ref().and_then(|e| e.name.clone()));
    let suggested = plan
        .level_name
        .as_deref()
        .unwrap_or("a name for the integration");
    steps.push(Step {
        id: StepId::CopyLevel,
        title: "Copy the API-only security level".into(),
        state: if known_level.is_some() { StepState::Done } else { StepState::NotStarted },
        object: known_level.clone(),
        // Verified when the copy's own page was first judged, if it was.
        at: known_level
            .as_ref()
            .and(level_entry.as_ref())
            .and_then(|e| e.at.clone()),
        open: 0,
        findings: Vec::new(),
        todo: tpl(
            "On the Security Levels list, right-click \"API User (system) (API-only)\" and choose \"Copy Security Level\" (or its menu button > \"Copy\"); name the copy \"%\".",
            &[suggested],
        ),
        place: LEVELS_MENU.into(),
        path: None,
    });
    steps.push(judged_step(
        StepId::LevelPermissions,
        "Set the copied level's permissions",
        &tpl(
            "Open the copy%, press \"No Permission\" on every section, then switch on what % needs; the panel marks each one.",
            &[
                &known_level
                    .as_deref()
                    .map(|n| tpl(" (\"%\")", &[n]))
                    .unwrap_or_default(),
                &plan.profile_name,
            ],
        ),
        LEVELS_MENU,
        None,
        level_entry,
    ));
    if plan.contract {
        steps.push(judged_step(
            StepId::Contract,
            "Create the Recurring Service contract",
            "Create a Recurring Services contract (New > Recurring Services Contract), Monthly, starting on the 1st of a month before the first usage to sync; accept the panel's offer to check it.",
            "Contracts > New Contract",
            None,
            entry("contract"),
        ));
    }
    if let Some(vendor) = &plan.vendor {
        steps.push(judged_step(
            StepId::ApiUser,
            "Create the API user",
            &tpl(
                "On the Resources list, click \"+ New\" > \"New API User\": choose the copied level, Integration Vendor \"%\", leave Active on and Locked off, generate the username and secret and keep the secret safe.",
                &[vendor],
            ),
            "Admin > Resources (Users) > + New > New API User",
            Some("/Mvc/AdministrationSetup/ApiUser.mvc/NewApiUser"),
            entry("api-user"),
        ));
    }
    if plan.live_check {
        steps.push(judged_step(
            StepId::LiveCheck,
            "Check the API user against Autotask",
            "Open the extension's live check and sign in with the API user's username, secret and integration code: it asks Autotask what this user can do.",
            "The extension's toolbar menu > Live check",
            None,
            entry("live-check"),
        ));
    }
    steps.push(Step {
        id: StepId::Connect,
        title: tpl("Connect %", &[&plan.profile_name]),
        state: StepState::NotVerifiable,
        object: None,
        at: None,
        open: 0,
        findings: Vec::new(),
        todo: tpl(
            "Enter the API user's username and secret in %; the extension cannot see that site, so this step is yours to confirm.",
            &[&plan.profile_name],
        ),
        place: plan.profile_name.clone(),
        path: None,
    });

    let verifiable = steps.iter().filter(|s| s.state != StepState::NotVerifiable);
    let total = verifiable.clone().count();
    let done = verifiable.filter(|s| s.state == StepState::Done).count();
    let next = steps
        .iter()
        .find(|s| s.state != StepState::Done && s.state != StepState::NotVerifiable)
        .map(|s| s.id);
    Ok(Journey {
        profile_id: plan.profile_id.clone(),
        profile: plan.profile_name.clone(),
        version: plan.profile_version.clone(),
        steps,
        next,
        done,
        total,
    })
}

const LEVELS_MENU: &str =
    "Admin > Account Settings & Users > Resources/Users > Security > Security Levels";

/// The last verdict of one object (or of the live check), as stored.
#[derive(Debug, Clone, Default)]
struct Entry {
    name: Option<String>,
    passes: bool,
    open: usize,
    at: Option<String>,
    findings: Vec<Finding>,
}

fn read_entry(v: &Value) -> json::Result<Entry> {
    let o = Obj::root(v)?;
    let bounded = |s: Option<String>| s.filter(|s| !s.is_empty() && s.len() <= MAX_TEXT);
    // An unreadable list of findings is no findings; the verdict's `passes`
    // and `open` still decide the state.
    let findings = o.objs("findings").unwrap_or_default();
    let findings = findings
        .iter()
        .take(MAX_FINDINGS)
        .filter_map(|f| {
            Some(Finding {
                id: bounded(f.opt_str("id").ok()?)?,
                control: bounded(f.opt_str("control").ok()?).unwrap_or_default(),
                outcome: bounded(f.opt_str("outcome").ok()?)?,
            })
        })
        .filter(|f| {
            matches!(
                f.outcome.as_str(),
                "fail" | "excess" | "incomplete" | "warn" | "pass"
            )
        })
        .collect::<Vec<_>>();
    // A verdict without its outcome is no evidence of anything.
    let passes = o.opt_bool("passes")?.ok_or_else(|| json::FieldError {
        field: "passes".into(),
        message: "missing".into(),
    })?;
    let counted = findings
        .iter()
        .filter(|f| f.outcome != "warn" && f.outcome != "pass")
        .count();
    let open = o.opt_u32("open")?.map(|n| n as usize).unwrap_or(counted);
    Ok(Entry {
        name: bounded(o.opt_str("name")?),
        // A "pass" that still counts open findings is not a pass.
        passes: passes && open == 0,
        open,
        at: bounded(o.opt_str("at")?),
        findings,
    })
}

fn judged_step(
    id: StepId,
    title: &str,
    todo: &str,
    place: &str,
    path: Option<&'static str>,
    entry: Option<Entry>,
) -> Step {
    debug_assert!(id.journal_key().is_some());
    let (state, e) = match entry {
        None => (StepState::NotStarted, Entry::default()),
        Some(e) if e.passes => (StepState::Done, e),
        Some(e) => (StepState::InProgress, e),
    };
    Step {
        id,
        title: title.into(),
        state,
        object: e.name,
        at: e.at,
        open: if state == StepState::Done { 0 } else { e.open },
        findings: e
            .findings
            .into_iter()
            .filter(|f| f.outcome != "pass")
            .collect(),
        todo: todo.into(),
        place: place.into(),
        path,
    }
}

fn state_word(s: StepState) -> &'static str {
    match s {
        StepState::NotStarted => "not started",
        StepState::InProgress => "in progress",
        StepState::Done => "done",
        StepState::NotVerifiable => "yours to confirm",
    }
}

/// The whole setup as Markdown, for a ticket or the vendor's onboarding:
/// each step, its object's name, verdict and findings. Nothing else from the
/// pages, and no address, username or secret (the journey never holds them).
pub fn setup_markdown(j: &Journey, checked_at: &str) -> String {
    let mut md = String::from("# Autotask setup: ");
    esc(&mut md, &j.profile);
    md.push_str("\n\nProfile ");
    esc(&mut md, &j.profile);
    md.push(' ');
    esc(&mut md, &j.version);
    md.push_str(&tpl(
        " · % of % steps verified",
        &[&j.done.to_string(), &j.total.to_string()],
    ));
    if !checked_at.is_empty() {
        md.push_str(" · ");
        esc(&mut md, checked_at);
    }
    md.push_str("\n\n");
    for (n, s) in j.steps.iter().enumerate() {
        md.push_str(&(n + 1).to_string());
        md.push_str(". **");
        esc(&mut md, &s.title);
        md.push_str("**: ");
        md.push_str(state_word(s.state));
        if let Some(name) = &s.object {
            md.push_str(" · \"");
            esc(&mut md, name);
            md.push('"');
        }
        if let Some(at) = &s.at {
            md.push_str(" · ");
            esc(&mut md, at);
        }
        if s.state == StepState::InProgress {
            md.push_str(&tpl(
                if s.open == 1 {
                    " · % finding open"
                } else {
                    " · % findings open"
                },
                &[&s.open.to_string()],
            ));
        }
        md.push('\n');
        for f in &s.findings {
            md.push_str("   - ");
            esc(&mut md, &f.outcome);
            md.push_str(" · ");
            esc(
                &mut md,
                if f.control.is_empty() {
                    &f.id
                } else {
                    &f.control
                },
            );
            md.push_str(" (`");
            md.push_str(&f.id.replace('`', "'"));
            md.push_str("`)\n");
        }
        if s.state != StepState::Done {
            md.push_str("   Next: ");
            esc(&mut md, &s.todo);
            md.push('\n');
        }
    }
    md
}

// ---------------------------------------------------------------------
// The journal: what the worker writes into a host's record.
//
// Stored as `journal: {<profile id>: {<step key>: Entry}}`, so each
// integration on one Autotask keeps its own setup (a Guardz level judged
// while rhipe is active is Guardz's verdict). The worker only stores what
// `journal_after` gives it: the merging, the bounds and "unchanged" are here.

/// The step keys a verdict is kept under, in the journey's order.
pub const STEP_KEYS: [&str; 4] = ["security-level", "contract", "api-user", "live-check"];
/// So many profiles keep a journal on one host (a host's record stays small).
const MAX_PROFILES: usize = 8;

/// A judged object's verdict for the journal (the report's `journal`): the
/// step it is kept under, the object's name, and its findings (rule id,
/// control, outcome; nothing else from the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub key: &'static str,
    pub profile: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub passes: bool,
    pub open: usize,
    pub findings: Vec<Finding>,
}

fn findings_of(results: &[RuleResult]) -> Vec<Finding> {
    results
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .take(MAX_FINDINGS)
        .map(|r| Finding {
            id: r.rule.chars().take(MAX_TEXT).collect(),
            control: r.control.chars().take(MAX_TEXT).collect(),
            outcome: outcome_word(r.outcome).into(),
        })
        .collect()
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
        Outcome::Excess => "excess",
        Outcome::Incomplete => "incomplete",
        Outcome::Warn => "warn",
    }
}

/// The verdict a page's report gives the journal: only a judged object of a
/// kind the journey has a step for (`page` is the report's page kind).
pub fn verdict(
    rec: &Recognition,
    profile: &str,
    judged: bool,
    contract_name: Option<&str>,
    summary: Option<Summary>,
    results: &[RuleResult],
) -> Option<Verdict> {
    let key = *STEP_KEYS[..3].iter().find(|k| **k == rec.kind.as_str())?;
    // The object's name as its page shows it.
    let name = match key {
        "api-user" => rec.user_name.as_deref(),
        "contract" => contract_name,
        _ => rec.level_name.as_deref(),
    };
    let summary = summary.filter(|_| judged)?;
    let open = summary.total.saturating_sub(summary.passed);
    Some(Verdict {
        key,
        profile: profile.to_string(),
        name: name
            .map(str::trim)
            .filter(|n| !n.is_empty() && n.len() <= MAX_TEXT)
            .map(str::to_string),
        passes: summary.total > 0 && open == 0,
        open,
        findings: findings_of(results),
    })
}

/// The live check's verdict for the journal, from its report (JSON text, as
/// the live check gives it): its outcome per rule and its date. Never its
/// zone, username or anything an answer said: only rule ids, the
/// control each names and outcomes are taken.
pub fn live_verdict(report: &str) -> json::Result<(Verdict, String)> {
    let value = json::parse(report)?;
    let o = Obj::root(&value)?;
    let profile = o.obj("profile")?.str("id")?;
    let summary = o.obj("summary")?;
    let (passed, total) = (
        summary.u32("passed")? as usize,
        summary.u32("total")? as usize,
    );
    let mut findings = Vec::new();
    for r in o.objs("results")? {
        let outcome = r.str("outcome")?;
        let known = ["fail", "excess", "incomplete", "warn"];
        let Some(word) = known.iter().find(|w| **w == outcome) else {
            continue;
        };
        if findings.len() < MAX_FINDINGS {
            findings.push(Finding {
                id: r.str("rule")?.chars().take(MAX_TEXT).collect(),
                control: r.str_or_empty("control")?.chars().take(MAX_TEXT).collect(),
                outcome: (*word).into(),
            });
        }
    }
    let at = o.str("checkedAt")?;
    let open = total.saturating_sub(passed);
    Ok((
        Verdict {
            key: "live-check",
            profile,
            name: None,
            passes: o.opt_bool("passes")?.unwrap_or(false) && total > 0 && open == 0,
            open,
            findings,
        },
        at.chars().take(MAX_TEXT).collect(),
    ))
}

/// One step's last verdict as stored in a host's journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Stored {
    name: Option<String>,
    passes: bool,
    open: usize,
    at: Option<String>,
    findings: Vec<Finding>,
}

impl From<Entry> for Stored {
    fn from(e: Entry) -> Stored {
        Stored {
            name: e.name,
            passes: e.passes,
            open: e.open,
            at: e.at,
            findings: e.findings,
        }
    }
}

/// The host's journal with `v` written in at `at` (the last verdict wins),
/// as JSON text, or `None` when the journal already holds this verdict
/// (same name, outcome and findings): the worker then writes nothing.
/// `journal` is the record's `journal` as stored (JSON text; empty or
/// `null` for none); anything unreadable in it is dropped, never kept as
/// evidence. Written piece by piece: a map type or `serde_json::Value`
/// here would cost the wasm more than the journey itself.
pub fn journal_after(journal: &str, v: &Verdict, at: &str) -> json::Result<Option<String>> {
    let old = if journal.trim().is_empty() {
        Value::Null
    } else {
        json::parse(journal)?
    };
    let mut out: Vec<(String, Vec<(&'static str, Stored)>)> = Vec::new();
    if let Some(all) = old.as_object() {
        for (profile, steps) in all.iter().take(MAX_PROFILES) {
            let Some(steps) = steps.as_object() else {
                continue;
            };
            let kept = STEP_KEYS
                .iter()
                .filter_map(|&key| Some((key, Stored::from(read_entry(steps.get(key)?).ok()?))))
                .collect();
            out.push((profile.clone(), kept));
        }
    }
    let entry = Stored {
        name: v.name.clone(),
        passes: v.passes,
        open: v.open,
        at: Some(at.chars().take(MAX_TEXT).collect::<String>()).filter(|a| !a.is_empty()),
        findings: v.findings.clone(),
    };
    let mine = match out.iter().position(|(p, _)| *p == v.profile) {
        Some(i) => i,
        None => {
            if out.len() >= MAX_PROFILES {
                // The first (oldest written) profile's journal goes.
                out.remove(0);
            }
            out.push((v.profile.clone(), Vec::new()));
            out.len() - 1
        }
    };
    let steps = &mut out[mine].1;
    match steps.iter().position(|(k, _)| *k == v.key) {
        Some(i)
            if Stored {
                at: entry.at.clone(),
                ..steps[i].1.clone()
            } == entry =>
        {
            return Ok(None)
        }
        Some(i) => steps[i].1 = entry,
        None => steps.push((v.key, entry)),
    }
    let key = |s: &mut String, k: &str| {
        s.push_str(&serde_json::to_string(k).unwrap_or_default());
        s.push(':');
    };
    let mut s = String::from("{");
    for (n, (profile, steps)) in out.iter().enumerate() {
        if n > 0 {
            s.push(',');
        }
        key(&mut s, profile);
        s.push('{');
        for (m, (k, e)) in steps.iter().enumerate() {
            if m > 0 {
                s.push(',');
            }
            key(&mut s, k);
            s.push_str(&serde_json::to_string(e).map_err(|e| json::FieldError {
                field: "journal".into(),
                message: e.to_string(),
            })?);
        }
        s.push('}');
    }
    s.push('}');
    Ok(Some(s))
}

/// The setup report as JSON: the journey, named and dated, for a ticket or
/// the vendor's onboarding (the same content as `setup_markdown`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupReport<'a> {
    pub format: u32,
    pub engine: &'static str,
    pub profile: SetupProfile<'a>,
    pub checked_at: &'a str,
    pub done: usize,
    pub total: usize,
    pub next: Option<StepId>,
    pub steps: &'a [Step],
}

#[derive(Debug, Clone, Serialize)]
pub struct SetupProfile<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub version: &'a str,
}

pub fn setup_report<'a>(j: &'a Journey, checked_at: &'a str) -> SetupReport<'a> {
    SetupReport {
        format: 1,
        engine: crate::version::ENGINE_VERSION,
        profile: SetupProfile {
            id: &j.profile_id,
            name: &j.profile,
            version: &j.version,
        },
        checked_at,
        done: j.done,
        total: j.total,
        next: j.next,
        steps: &j.steps,
    }
}

/// The journey's plan of a profile.
pub fn plan_of(p: &crate::profile::Profile) -> Plan {
    Plan {
        profile_id: p.id.clone(),
        profile_name: p.name.clone(),
        profile_version: p.version.clone(),
        level_name: p.security_level.name_hint.exact.first().cloned(),
        vendor: p.api_user.as_ref().and_then(|a| a.vendors.first().cloned()),
        contract: p.contract.is_some(),
        // The live check runs for a profile that says what the API must allow
        // (its `api` section, which crates/live-check reads).
        live_check: p.api.is_some(),
    }
}

/// A verdict as the worker hands it back (the report's `journal`, or
/// `live_verdict`'s): refused whole when any part is not what the engine wrote.
pub fn verdict_from_json(text: &str) -> json::Result<Verdict> {
    let value = json::parse(text)?;
    let o = Obj::root(&value)?;
    let key_word = o.str("key")?;
    let Some(key) = STEP_KEYS.iter().copied().find(|k| *k == key_word) else {
        return json::error(
            "key",
            format!("expected a step of the journey, found \"{key_word}\""),
        );
    };
    let entry = read_entry(&value)?;
    let profile = o.str("profile")?;
    if profile.is_empty() || profile.len() > MAX_TEXT {
        return json::error("profile", "expected a profile id");
    }
    Ok(Verdict {
        key,
        profile,
        name: entry.name,
        passes: entry.passes,
        open: entry.open,
        findings: entry.findings,
    })
}
