//! The check vocabulary (like axe-core's checks): a rule of a profile is
//! data, `{id, control, check, why, source, severity}`, and its `check` is
//! one word of this module's small vocabulary. `eval` holds the one
//! `find_control` decision (no, one or many controls with the rule's
//! label), one evaluate function per check and the one result builder, so
//! every page kind that judges rules as data judges them alike.
//!
//! This module holds the data (what a profile says) and the results (what
//! a page gets); it reads nothing of a page, so the profile reader can use
//! it without pulling in the evaluation.

pub mod eval;

use crate::json::{self, Obj};
use crate::normalize::norm;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Excess,
    Incomplete,
    Warn,
}

impl Outcome {
    /// How bad an outcome is, for showing the worst of several on one place.
    pub fn rank(self) -> u8 {
        match self {
            Outcome::Pass => 0,
            Outcome::Warn => 1,
            Outcome::Incomplete => 2,
            Outcome::Excess => 3,
            Outcome::Fail => 4,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleResult {
    /// The profile's rule id, or `baseline` for a control the profile does not name.
    pub rule: String,
    pub section: String,
    /// The control as the page names it (or as the profile does, when missing).
    pub control: String,
    pub column: Option<String>,
    /// The controls this result is about (none when missing).
    pub handles: Vec<u32>,
    pub outcome: Outcome,
    pub expected: String,
    pub found: String,
    /// What to change and why, in one or two sentences.
    pub message: String,
    pub source: Option<String>,
    /// The source's own words for the rule (its `quote`), shown with the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The source does not say this exactly: the rule is advice (`warn`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub passed: usize,
    pub total: usize,
}

impl Summary {
    pub fn of(results: &[RuleResult]) -> Summary {
        let judged = results.iter().filter(|r| r.outcome != Outcome::Warn);
        Summary {
            passed: judged
                .clone()
                .filter(|r| r.outcome == Outcome::Pass)
                .count(),
            total: judged.count(),
        }
    }

    pub fn passes(&self) -> bool {
        self.passed == self.total
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Fail,
    Warn,
}

/// What a rule wants of its control: one word of the vocabulary
/// (docs/profile-format.md, "Checks").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A checkbox or radio is on (`true`) or off: `{"checked": true}`.
    Checked(bool),
    /// A list (or a text field) shows this text: `{"value": "All"}`.
    Value(String),
    /// A text field is not empty: `"filled"`.
    Filled,
    /// A text field holds a well-formed address; one nobody reads is a
    /// warning of its own (the rule's id + `-read`): `"email"`.
    Email,
    /// A key field is filled with characters Autotask allows: `"key"`.
    Key,
    /// A new user's secret field is filled (never read): `"secret"`.
    Secret,
    /// The security level chosen is the one remembered for the
    /// integration, never a built-in one: `"level"`.
    Level,
    /// The Integration Vendor list shows one of the profile's vendors
    /// (`api_user.vendors`): `"vendor"`.
    Vendor,
    /// A date on the 1st of a month: `"first-of-month"`.
    FirstOfMonth,
    /// A start date on or before the first usage the sync brings in; a later
    /// one is a warning (which invoice comes first is the admin's choice):
    /// `"covers-usage"`.
    CoversUsage,
    /// A date after today; a warning within `warn_days`:
    /// `{"after-today": {"warn_days": 60}}`.
    AfterToday { warn_days: u32 },
}

/// The words `check` takes as a text.
const WORDS: [(&str, Check); 8] = [
    ("filled", Check::Filled),
    ("email", Check::Email),
    ("key", Check::Key),
    ("secret", Check::Secret),
    ("level", Check::Level),
    ("vendor", Check::Vendor),
    ("first-of-month", Check::FirstOfMonth),
    ("covers-usage", Check::CoversUsage),
];

impl Check {
    /// Reads `check`: a word, or `{"checked": …}`, `{"value": …}`,
    /// `{"after-today": {"warn_days": …}}`.
    pub fn read(value: &Value, path: &str) -> json::Result<Check> {
        if let Value::String(word) = value {
            return WORDS
                .iter()
                .find(|(w, _)| w == word)
                .map(|(_, c)| c.clone())
                .map_or_else(
                    || {
                        json::error(
                            path,
                            format!(
                                "unknown check \"{word}\"; expected one of {}, or {{\"checked\": true|false}}, {{\"value\": \"<text>\"}}, {{\"after-today\": {{\"warn_days\": <days>}}}}",
                                WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(", ")
                            ),
                        )
                    },
                    Ok,
                );
        }
        let o = Obj::of(value, path.to_string())?;
        o.only(&["checked", "value", "after-today"])?;
        match (
            o.opt_bool("checked")?,
            o.opt_str("value")?,
            o.opt_obj("after-today")?,
        ) {
            (Some(b), None, None) => Ok(Check::Checked(b)),
            (None, Some(v), None) if !v.trim().is_empty() => Ok(Check::Value(v)),
            (None, None, Some(a)) => {
                a.only(&["warn_days"])?;
                Ok(Check::AfterToday {
                    warn_days: a.u32("warn_days")?,
                })
            }
            _ => json::error(
                path,
                "expected exactly one of {\"checked\": true|false}, {\"value\": \"<option text>\"} or {\"after-today\": {\"warn_days\": <days>}}",
            ),
        }
    }

    /// What this check wants, in words for an error message.
    pub fn words(&self) -> String {
        match self {
            Check::Checked(true) => "it on".into(),
            Check::Checked(false) => "it off".into(),
            Check::Value(v) => format!("\"{v}\""),
            Check::AfterToday { warn_days } => format!("after today ({warn_days} days' notice)"),
            other => WORDS
                .iter()
                .find(|(_, c)| c == other)
                .map_or_else(String::new, |(w, _)| format!("\"{w}\"")),
        }
    }

    /// Whether two checks of one control want states no page could both
    /// show (on and off; two different texts).
    fn contradicts(&self, other: &Check) -> bool {
        match (self, other) {
            (Check::Checked(a), Check::Checked(b)) => a != b,
            (Check::Value(a), Check::Value(b)) => norm(a) != norm(b),
            _ => false,
        }
    }
}

/// One rule of a page judged by the vocabulary (API user, contract).
#[derive(Debug, Clone)]
pub struct CheckRule {
    pub id: String,
    /// The control's label as the page shows it.
    pub control: String,
    /// Other spellings of the label.
    pub aliases: Vec<String>,
    pub check: Check,
    /// Why the integration needs it, in words for the admin (may be empty:
    /// the check's own message then says what to do).
    pub why: String,
    /// The id of one of the profile's sources; none for what Autotask itself requires.
    pub source: Option<String>,
    pub severity: Severity,
    /// The source does not say this exactly (always `warn`).
    pub inferred: bool,
    /// The source's own words for this rule, verbatim (format 2's `quote`).
    pub quote: Option<String>,
}

impl CheckRule {
    /// The label and its aliases.
    pub fn names(&self) -> Vec<String> {
        std::iter::once(self.control.clone())
            .chain(self.aliases.iter().cloned())
            .collect()
    }
}

/// The longest `quote` a rule may carry: a sentence or two of the guide.
pub const MAX_QUOTE_CHARS: usize = 600;

/// Reads `quote`: the guide's own words for a rule, verbatim. When given it
/// is a text that is not empty, at most MAX_QUOTE_CHARS long, and the rule
/// names the `source` it quotes.
pub fn read_quote(r: &Obj) -> json::Result<Option<String>> {
    let Some(quote) = r.opt_str("quote")? else {
        return Ok(None);
    };
    let path = format!("{}.quote", r.path);
    if quote.trim().is_empty() {
        return json::error(&path, "expected the guide's own words, found an empty text");
    }
    if quote.chars().count() > MAX_QUOTE_CHARS {
        return json::error(
            &path,
            format!("expected at most {MAX_QUOTE_CHARS} characters of the guide; quote the words for this rule only"),
        );
    }
    if r.value("source").is_none() {
        return json::error(
            &path,
            "a quote needs the rule's `source`: the document it quotes",
        );
    }
    Ok(Some(quote))
}

/// Reads `severity` and `inferred`: an inferred rule is advice.
pub fn read_severity(r: &Obj) -> json::Result<(Severity, bool)> {
    let severity = match r.opt_str("severity")?.as_deref() {
        None | Some("fail") => Severity::Fail,
        Some("warn") => Severity::Warn,
        Some(_) => {
            return json::error(
                &format!("{}.severity", r.path),
                "expected \"fail\" or \"warn\"",
            )
        }
    };
    let inferred = r.opt_bool("inferred")?.unwrap_or(false);
    if inferred && severity != Severity::Warn {
        return json::error(
            &format!("{}.inferred", r.path),
            "an inferred rule must have \"severity\": \"warn\": it is advice and never blocks a save",
        );
    }
    Ok((severity, inferred))
}

/// A source id that must be one of the profile's.
pub fn read_source(r: &Obj, key: &str, sources: &HashSet<&str>) -> json::Result<String> {
    let source = r.str(key)?;
    if !sources.contains(source.as_str()) {
        let mut known: Vec<&str> = sources.iter().copied().collect();
        known.sort_unstable();
        return json::error(
            &format!("{}.{key}", r.path),
            format!(
                "expected one of the profile's sources ({}), found \"{source}\"",
                known.join(", ")
            ),
        );
    }
    Ok(source)
}

/// Reads a list of rules (`{id, control, aliases, check, why, source,
/// severity, inferred}`) at `o.key`; ids are unique within `ids`, and two
/// rules of one control that no page could both pass are refused.
pub fn read_rules(
    o: &Obj,
    key: &str,
    sources: &HashSet<&str>,
    ids: &mut HashSet<String>,
) -> json::Result<Vec<CheckRule>> {
    let mut rules: Vec<CheckRule> = Vec::new();
    for r in o.objs(key)? {
        r.only(&[
            "id", "control", "aliases", "check", "why", "source", "severity", "inferred", "quote",
        ])?;
        let id = r.str("id")?;
        if !ids.insert(id.clone()) {
            return json::error(
                &format!("{}.id", r.path),
                format!("expected a unique rule id; \"{id}\" is used twice"),
            );
        }
        let (check, path) = r.value("check").map_or_else(
            || json::error(&format!("{}.check", r.path), "missing; expected a check"),
            Ok,
        )?;
        let check = Check::read(check, &path)?;
        let source = match r.opt_str("source")? {
            Some(_) => Some(read_source(&r, "source", sources)?),
            None => None,
        };
        let (severity, inferred) = read_severity(&r)?;
        let rule = CheckRule {
            id,
            control: r.str("control")?,
            aliases: r.strs("aliases")?,
            check,
            why: r.str_or_empty("why")?,
            source,
            severity,
            inferred,
            quote: read_quote(&r)?,
        };
        let names: Vec<String> = rule.names().iter().map(|n| norm(n)).collect();
        if let Some(earlier) = rules.iter().find(|e| {
            e.check.contradicts(&rule.check) && e.names().iter().any(|n| names.contains(&norm(n)))
        }) {
            return json::error(
                &path,
                format!(
                    "rule \"{}\" wants {} where rule \"{}\" wants {} for the same control; no page could pass both",
                    rule.id,
                    rule.check.words(),
                    earlier.id,
                    earlier.check.words()
                ),
            );
        }
        rules.push(rule);
    }
    Ok(rules)
}

/// `template` with each `%` replaced by the next of `args`: cheaper in
/// wasm than `format!` (the engine's size budget).
pub fn tpl(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut args = args.iter();
    for (i, piece) in template.split('%').enumerate() {
        if i > 0 {
            out.push_str(args.next().copied().unwrap_or_default());
        }
        out.push_str(piece);
    }
    out
}
