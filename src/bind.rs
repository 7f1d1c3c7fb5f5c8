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
    /// Which integration each of these levels is for, (level name, profile
    /// id): the admin's answer to a fresh copy's question, and the level a
    /// save verified for a profile. Several integrations share one Autotask.
    pub level_profiles: Vec<(String, String)>,
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
    /// What the worker kept for this tab from the earlier pages of a form
    /// spread over several pages (a wizard), as the engine gave it
    /// (`Report::wizard`); read by the kind that made it.
    pub wizard: Option<Kept>,
}

/// What the worker kept for a tab from a wizard's earlier pages (the
/// report's `wizard.keep`, handed back as it was given). Read leniently:
/// anything malformed is left out, never guessed.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    pub wizard: String,
    pub accepted: bool,
    pub shown_type: Option<String>,
    pub fields: Vec<KeptField>,
}

#[derive(Debug, Clone, Default)]
pub struct KeptField {
    pub field: String,
    pub label: String,
    pub kind: String,
    pub value: String,
    pub hint: Option<String>,
}

fn kept(o: &Obj) -> Option<Kept> {
    let w = o.opt_obj("wizard").ok()??;
    let fields = w
        .objs("fields")
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            Some(KeptField {
                field: f.str("field").ok()?,
                label: f.opt_str("label").ok()?.unwrap_or_default(),
                kind: f.str("kind").ok()?,
                value: f.str("value").ok()?,
                hint: f.opt_str("hint").ok().flatten(),
            })
        })
        .collect();
    Some(Kept {
        wizard: w.opt_str("wizard").ok().flatten().unwrap_or_default(),
        accepted: w.opt_bool("accepted").ok().flatten().unwrap_or(false),
        shown_type: w.opt_str("type").ok().flatten(),
        fields,
    })
}

impl Context {
    /// Reads `{profile, judgeAnyLevel, contractMarked, today, wizard, host}`, where
    /// `host` is the host's record as the worker stores it (`level`,
    /// `chosenLevels`, `chosenUsers`, `contractNames`, `contractIds`,
    /// `dateFormat`, `invoice`, and fields this ignores), handed over as it
    /// is so that no second copy of its mapping lives in JavaScript. Without
    /// `host`, the same facts are read flat (`rememberedLevel`, `chosenLevels`,
    /// …; the checker page and the tests). All optional.
    pub fn from_json(text: &str) -> json::Result<Context> {
        let value = json::parse(text)?;
        let o = Obj::root(&value)?;
        let host = o.opt_obj("host")?;
        // A stored value of another type (written by some older release) is
        // ignored rather than refusing every check on the host.
        let text = |stored: &str, flat: &str| match &host {
            Some(h) => Ok(h.opt_str(stored).unwrap_or_default()),
            None => o.opt_str(flat),
        };
        let texts = |key: &str| match &host {
            Some(h) => Ok(h.strs(key).unwrap_or_default()),
            None => o.strs(key),
        };
        let level_profiles = match &host {
            Some(h) => h
                .opt_obj("levelProfiles")
                .ok()
                .flatten()
                .and_then(|m| m.texts().ok())
                .unwrap_or_default(),
            None => match o.opt_obj("levelProfiles")? {
                Some(m) => m.texts()?,
                None => Vec::new(),
            },
        };
        Ok(Context {
            profile: o.str_or_empty("profile")?,
            level_profiles,
            remembered_level: text("level", "rememberedLevel")?,
            chosen_levels: texts("chosenLevels")?,
            chosen_users: texts("chosenUsers")?,
            judge_any_level: o.opt_bool("judgeAnyLevel")?.unwrap_or(false),
            contract_names: texts("contractNames")?,
            contract_ids: texts("contractIds")?,
            contract_marked: o.opt_bool("contractMarked")?.unwrap_or(false),
            today: o.opt_str("today")?,
            date_format: text("dateFormat", "dateFormat")?,
            invoice: text("invoice", "invoice")?,
            // Only an object is kept state; anything else is nothing kept.
            wizard: kept(&o),
        })
    }
}

impl Context {
    /// The profile id the admin gave this level (names compare normalised).
    pub fn level_profile(&self, level: &str) -> Option<&str> {
        let level = crate::normalize::norm(level);
        self.level_profiles
            .iter()
            .find(|(name, _)| crate::normalize::norm(name) == level)
            .map(|(_, id)| id.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BoundBy {
    Remembered,
    Chosen,
    NameHint,
    /// No longer given: a fresh copy is asked which integration it is for
    /// (kept so that a stored or replayed report still reads).
    FreshCopy,
    /// An API user whose Integration Vendor is the profile's vendor.
    Vendor,
}

#[cfg(test)]
mod tests {
    use super::Context;

    #[test]
    fn the_stored_host_record_is_read_as_the_worker_keeps_it() {
        let ctx = Context::from_json(
            r#"{"profile": "sync-365", "today": "2027-03-04", "host": {"level": "Rhipe Integration",
                "chosenLevels": ["A"], "chosenUsers": ["B"], "contractNames": ["C"], "contractIds": ["7"],
                "dateFormat": "dd/MM/yyyy", "invoice": "next", "touched": 17, "verified": {"passes": true},
                "levelProfiles": {"Copy of API User (system) (API-only)": "guardz"}}}"#,
        )
        .expect("a stored record");
        assert_eq!(
            ctx.level_profile("copy of api user (system)  (api-only)"),
            Some("guardz")
        );
        assert_eq!(ctx.remembered_level.as_deref(), Some("Rhipe Integration"));
        assert_eq!(
            (ctx.chosen_levels, ctx.chosen_users),
            (vec!["A".to_string()], vec!["B".to_string()])
        );
        assert_eq!(
            (ctx.contract_names, ctx.contract_ids),
            (vec!["C".to_string()], vec!["7".to_string()])
        );
        assert_eq!(ctx.date_format.as_deref(), Some("dd/MM/yyyy"));
        assert_eq!(ctx.invoice.as_deref(), Some("next"));
        assert_eq!(
            (ctx.profile.as_str(), ctx.today.as_deref()),
            ("sync-365", Some("2027-03-04"))
        );
    }

    #[test]
    fn a_stored_value_of_another_type_is_ignored_but_a_flat_one_is_refused() {
        let ctx = Context::from_json(
            r#"{"host": {"level": 3, "chosenLevels": "x", "dateFormat": null, "levelProfiles": ["x"]}}"#,
        )
        .expect("ignored");
        assert!(
            ctx.remembered_level.is_none()
                && ctx.chosen_levels.is_empty()
                && ctx.date_format.is_none()
                && ctx.level_profiles.is_empty()
        );
        assert!(Context::from_json(r#"{"rememberedLevel": 3}"#).is_err());
    }
}
