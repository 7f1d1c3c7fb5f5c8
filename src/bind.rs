//! Which objects are judged (design: "Which objects are judged"): only the
//! integration's own, so the admin's other levels are never marked or blocked.

use crate::json::{self, Obj};
use crate::normalize::norm;
use crate::profile::Profile;
use serde::Serialize;

/// The level every integration guide says to copy.
pub const API_LEVEL_TO_COPY: &str = "API User (system) (API-only)";

/// What the extension remembers for this Autotask host.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The profile to judge with; empty for the default.
    pub profile: String,
    /// The level name remembered for this host after a verified save.
    pub remembered_level: Option<String>,
    /// Level names the admin chose with "Check against <profile>".
    pub chosen_levels: Vec<String>,
    /// API users (by name) the admin chose with "Check against <profile>".
    pub chosen_users: Vec<String>,
    /// Judge whatever level the page shows: the checker page, where someone
    /// opened a saved page precisely to have it checked.
    pub judge_any_level: bool,
    /// Contracts the admin marked as the integration's on this host: by name
    /// and by the id in the page's address.
    pub contract_names: Vec<String>,
    pub contract_ids: Vec<String>,
    /// The admin marked the contract on this page before it had a name or id
    /// (a new contract): judged until the page is left.
    pub contract_marked: bool,
    /// The admin's local date, `yyyy-MM-dd` (the engine never reads a clock).
    pub today: Option<String>,
    /// The date format the admin gave for this host (`MM/dd/yyyy`, …).
    pub date_format: Option<String>,
    /// Which invoice the first sync takes: `most-recent` (default) or `next`.
    pub invoice: Option<String>,
}

impl Context {
    /// Reads `{profile, rememberedLevel, chosenLevels, chosenUsers, judgeAnyLevel,
    /// contractNames, contractIds, contractMarked, today, dateFormat, invoice}`
    /// (all optional).
    pub fn from_json(text: &str) -> json::Result<Context> {
        let value = json::parse(text)?;
        let o = Obj::root(&value)?;
        Ok(Context {
            profile: o.str_or_empty("profile")?,
            remembered_level: o.opt_str("rememberedLevel")?,
            chosen_levels: o.strs("chosenLevels")?,
            chosen_users: o.strs("chosenUsers")?,
            judge_any_level: o.opt_bool("judgeAnyLevel")?.unwrap_or(false),
            contract_names: o.strs("contractNames")?,
            contract_ids: o.strs("contractIds")?,
            contract_marked: o.opt_bool("contractMarked")?.unwrap_or(false),
            today: o.opt_str("today")?,
            date_format: o.opt_str("dateFormat")?,
            invoice: o.opt_str("invoice")?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BoundBy {
    Remembered,
    Chosen,
    NameHint,
    FreshCopy,
    /// An API user whose Integration Vendor is the profile's vendor.
    Vendor,
}

/// Why a security level with this name is judged, or `None` if it is not.
pub fn security_level(profile: &Profile, name: Option<&str>, ctx: &Context) -> Option<BoundBy> {
    if ctx.judge_any_level {
        return Some(BoundBy::Chosen);
    }
    let name = norm(name?);
    if name.is_empty() {
        return None;
    }
    let same = |other: &String| norm(other) == name;
    if ctx.remembered_level.as_ref().is_some_and(same) {
        return Some(BoundBy::Remembered);
    }
    if ctx.chosen_levels.iter().any(same) {
        return Some(BoundBy::Chosen);
    }
    let hint = &profile.security_level.name_hint;
    if hint.exact.iter().any(same) || hint.contains.iter().any(|w| name.contains(&norm(w))) {
        return Some(BoundBy::NameHint);
    }
    // A fresh copy keeps the original's name behind a prefix [guess]: "Copy of …".
    let copy = norm(API_LEVEL_TO_COPY);
    if name != copy && name.contains(&copy) {
        return Some(BoundBy::FreshCopy);
    }
    None
}

/// Why an API user is judged, or `None` if it is not: its Integration Vendor
/// is the profile's, its security level is the remembered one, or the admin
/// chose it.
pub fn api_user(
    profile: &Profile,
    user: &crate::api_user::Fields,
    ctx: &Context,
) -> Option<BoundBy> {
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

/// Why a contract is judged, or `None`: only one the admin marked as the
/// integration's (by its id in the address or its name), or any contract on
/// the checker page.
pub fn contract(name: Option<&str>, id: Option<&str>, ctx: &Context) -> Option<BoundBy> {
    if ctx.judge_any_level || ctx.contract_marked {
        return Some(BoundBy::Chosen);
    }
    let by_id = id.is_some_and(|id| ctx.contract_ids.iter().any(|k| k.trim() == id.trim()));
    let name = name.map(norm).filter(|n| !n.is_empty());
    let by_name = name.is_some_and(|n| ctx.contract_names.iter().any(|k| norm(k) == n));
    (by_id || by_name).then_some(BoundBy::Remembered)
}
