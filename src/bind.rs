//! What the extension remembers for a host (the context of a check) and the
//! ways an object is bound to the integration (design: "Which objects are
//! judged"). Each page kind binds its own objects (`pages::*::bind`).

use crate::json::{self, Obj};
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
