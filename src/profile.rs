//! Integration profiles: the rules as data. A profile names the controls an
//! integration needs and why; everything it does not name is judged against
//! the "No Permission" baseline.

use crate::checks::{read_quote, read_rules, read_severity, read_source, Check, CheckRule};
use crate::json::{self, Obj};
use crate::normalize::norm;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

pub use crate::checks::Severity;

/// The profile format this engine writes; format 1 files are still read
/// (converted on read: docs/profile-format.md, "Format 1").
pub const FORMAT: u32 = 2;

/// The built-in profiles, in the order they are offered (the first is the
/// default): each is the file `src/profiles/ID.json`, whose `id` is ID. The
/// one list of them. The wasm engines do not carry their texts: the build
/// ships the files beside the engine (`profiles/ID.json` in the extension
/// and the checker page), and the worker or the checker page hands them to
/// it (`provide`) after it starts; each is parsed only when first needed, so
/// a check parses the active profile alone. Native builds (the tests, the
/// fuzzer) and the live check (feature `embedded-profiles`) carry the texts.
macro_rules! built_in_profiles {
    ($($id:literal),+ $(,)?) => {
        /// The built-in profiles' ids, in the order they are offered.
        pub const BUILT_IN: &[&str] = &[$($id),+];
        #[cfg(any(not(target_arch = "wasm32"), feature = "embedded-profiles"))]
        const EMBEDDED: &[&str] = &[$(include_str!(concat!("profiles/", $id, ".json"))),+];
    };
}

built_in_profiles!(
    "rhipe-prism-connect",
    "crayon-billing-sync",
    "sync-365",
    "cow-warranty-sync",
    "msp360-managed-backup",
    "guardz",
    "timezest",
    "rewst",
);

#[derive(Debug, Clone)]
pub struct Profile {
    pub format: u32,
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub sources: Vec<Source>,
    pub security_level: SecurityLevelRules,
    /// The API user page's rules; without them API user pages are not judged.
    pub api_user: Option<ApiUserRules>,
    /// The contract the integration bills into; `None` when the profile
    /// does not judge contracts.
    pub contract: Option<ContractRules>,
    /// What the live API check needs; `None`: the profile says nothing of the API.
    pub api: Option<ApiNeeds>,
}

/// What the integration needs of its API user: the rules (data for the
/// check vocabulary, `checks`) and the Integration Vendor names its guide
/// gives.
#[derive(Debug, Clone)]
pub struct ApiUserRules {
    /// The Integration Vendor names that bind an API user to the profile;
    /// the first is the one "Apply" chooses.
    pub vendors: Vec<String>,
    pub rules: Vec<CheckRule>,
}

/// The contract rules, judged in order by the check vocabulary.
#[derive(Debug, Clone)]
pub struct ContractRules {
    pub rules: Vec<CheckRule>,
}

/// What the live API check needs of the API, per entity (format 2's `api`).
#[derive(Debug, Clone)]
pub struct ApiNeeds {
    pub entities: Vec<EntityNeed>,
}

#[derive(Debug, Clone)]
pub struct EntityNeed {
    pub entity: String,
    pub query: bool,
    pub create: bool,
    pub update: bool,
    /// The security level setting that grants this access, as an instruction.
    pub setting: String,
    pub why: String,
}

/// The live check sends two requests per entity after the zone lookup and
/// the budget, and at most 12 in all.
pub const MAX_ENTITIES: usize = 5;

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityLevelRules {
    /// Which level names belong to the integration.
    pub name_hint: NameHint,
    /// Why a control the profile does not name must stay at No Permission.
    pub baseline_why: String,
    /// The sections judged, each with the controls it names.
    pub sections: Vec<SectionRules>,
}

#[derive(Debug, Clone, Default)]
pub struct NameHint {
    /// Names suggested by the vendor's guide; the first is offered to the admin.
    pub exact: Vec<String>,
    /// Words that, anywhere in a level's name, mark it as the integration's.
    pub contains: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SectionRules {
    pub heading: String,
    pub aliases: Vec<String>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    /// The control's label (or its row's name in a matrix).
    pub control: String,
    pub aliases: Vec<String>,
    /// The matrix column, for a cell of a permission matrix.
    pub column: Option<String>,
    pub expect: Expect,
    /// Why the integration needs this state, in words for the admin.
    pub why: String,
    /// The id of one of the profile's sources.
    pub source: String,
    /// What a rule not met is: `fail` (blocks the page) or `warn` (advice).
    pub severity: Severity,
    /// The source does not say this exactly; the profile infers it (always `warn`).
    pub inferred: bool,
    /// The source's own words for this rule, verbatim (format 2's `quote`).
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    Checked(bool),
    Value(String),
}

impl Rule {
    /// The label and its aliases, for matching.
    pub fn names(&self) -> Vec<String> {
        std::iter::once(self.control.clone())
            .chain(self.aliases.iter().cloned())
            .collect()
    }
}

impl SectionRules {
    /// The heading, the spellings the page structure knows for it
    /// (src/autotask/structure.json) and the profile's own aliases.
    pub fn names(&self) -> Vec<String> {
        let mut names = crate::autotask::structure().spellings_of(&self.heading);
        names.extend(self.aliases.iter().cloned());
        names
    }
}

/// Why a profile was refused: the file, the field and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub file: String,
    pub field: String,
    pub message: String,
    /// The field's line in the text (a syntax error says its own in `message`).
    pub line: Option<usize>,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() || self.field == "." {
            write!(f, "{}: {}", self.file, self.message)?;
        } else {
            write!(f, "{}: field `{}`: {}", self.file, self.field, self.message)?;
        }
        match self.line {
            Some(line) => write!(f, " (line {line})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ProfileError {}

/// Reads and validates one profile; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Profile, ProfileError> {
    let value = json::parse(text).map_err(|e| ProfileError::new(file, e))?;
    read_profile(&value).map_err(|e| {
        let line = crate::locate::line_of(text, &e.field);
        ProfileError {
            line,
            ..ProfileError::new(file, e)
        }
    })
}

impl ProfileError {
    fn new(file: &str, e: json::FieldError) -> ProfileError {
        ProfileError {
            file: file.to_string(),
            field: e.field,
            message: e.message,
            line: None,
        }
    }
}

fn read_profile(value: &serde_json::Value) -> json::Result<Profile> {
    let o = Obj::root(value)?;
    let format = o.u32("format")?;
    if format != 1 && format != FORMAT {
        return json::error(
            "format",
            format!("expected 1 or {FORMAT}, the formats this engine reads; found {format}"),
        );
    }
    o.only(&[
        "format",
        "id",
        "name",
        "version",
        "description",
        "sources",
        "security_level",
        "api_user",
        "contract",
        if format == 1 { "format" } else { "api" },
    ])?;
    let id = o.str("id")?;
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return json::error(
            "id",
            format!("expected lowercase letters, digits and '-', found \"{id}\""),
        );
    }
    let sources = o
        .objs("sources")?
        .iter()
        .map(|s| {
            s.only(&["id", "title", "url"])?;
            Ok(Source {
                id: s.str("id")?,
                title: s.str("title")?,
                url: s.opt_str("url")?,
            })
        })
        .collect::<json::Result<Vec<_>>>()?;
    if sources.is_empty() {
        return json::error("sources", "expected at least one source");
    }
    let source_ids: HashSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let mut ids = HashSet::new();
    let security_level =
        read_security_level(&o.obj("security_level")?, &source_ids, format, &mut ids)?;
    let (api_user, contract, api) = if format == 1 {
        let api_user = match o.opt_obj("api_user")? {
            Some(a) => Some(format1::api_user(&a, &source_ids)?),
            None => None,
        };
        let contract = match o.opt_obj("contract")? {
            Some(c) => Some(format1::contract(&c, &source_ids)?),
            None => None,
        };
        (api_user, contract, None)
    } else {
        let api_user = match o.opt_obj("api_user")? {
            Some(a) => Some(read_api_user(&a, &source_ids, &mut ids)?),
            None => None,
        };
        let contract = match o.opt_obj("contract")? {
            Some(c) => {
                c.only(&["rules"])?;
                Some(ContractRules {
                    rules: read_rules(&c, "rules", &source_ids, &mut ids)?,
                })
            }
            None => None,
        };
        let api = match o.opt_obj("api")? {
            Some(a) => {
                a.only(&["entities"])?;
                Some(ApiNeeds {
                    entities: read_entities(&a)?,
                })
            }
            None => None,
        };
        (api_user, contract, api)
    };
    Ok(Profile {
        format,
        id,
        name: o.str("name")?,
        version: o.str("version")?,
        description: o.str_or_empty("description")?,
        security_level,
        api_user,
        contract,
        api,
        sources,
    })
}

/// Format 2's `api_user`: `{vendors, rules}`. A `vendor` rule needs a vendor name.
fn read_api_user(
    o: &Obj,
    sources: &HashSet<&str>,
    ids: &mut HashSet<String>,
) -> json::Result<ApiUserRules> {
    o.only(&["vendors", "rules"])?;
    let vendors = o.strs("vendors")?;
    if let Some(i) = vendors.iter().position(|v| v.trim().is_empty()) {
        return json::error(
            &format!("{}.vendors[{i}]", o.path),
            "expected a vendor name, found an empty text",
        );
    }
    let rules = read_rules(o, "rules", sources, ids)?;
    if vendors.is_empty() {
        if let Some(i) = rules.iter().position(|r| r.check == Check::Vendor) {
            return json::error(
                &format!("{}.rules[{i}].check", o.path),
                "a \"vendor\" check needs the Integration Vendor's name in `vendors`",
            );
        }
    }
    Ok(ApiUserRules { vendors, rules })
}

/// The live check's entities (`{entity, query, create, update, setting,
/// why}`), at most `MAX_ENTITIES`; each name goes into a request path.
pub fn read_entities(o: &Obj) -> json::Result<Vec<EntityNeed>> {
    let mut entities = Vec::new();
    for e in o.objs("entities")? {
        e.only(&["entity", "query", "create", "update", "setting", "why"])?;
        let entity = e.str("entity")?;
        // The name goes into a request path: letters only, as Autotask's are.
        if !entity.bytes().all(|b| b.is_ascii_alphabetic()) {
            return json::error(&e.path, "entity: expected letters only");
        }
        entities.push(EntityNeed {
            entity,
            query: e.opt_bool("query")?.unwrap_or(false),
            create: e.opt_bool("create")?.unwrap_or(false),
            update: e.opt_bool("update")?.unwrap_or(false),
            setting: e.str("setting")?,
            why: e.str("why")?,
        });
    }
    if entities.is_empty() || entities.len() > MAX_ENTITIES {
        let path = if o.path.is_empty() {
            "entities".to_string()
        } else {
            format!("{}.entities", o.path)
        };
        return json::error(&path, format!("expected 1 to {MAX_ENTITIES} entities"));
    }
    Ok(entities)
}

/// Format 1's fixed shapes, converted on read into format 2's rules (the
/// same rule ids, controls and reasons).
mod format1 {
    use super::{ApiUserRules, ContractRules};
    use crate::checks::{read_source, Check, CheckRule, Severity};
    use crate::json::{self, Obj};
    use std::collections::HashSet;

    fn rule(id: &str, control: &str, check: Check, why: &str, source: Option<&str>) -> CheckRule {
        CheckRule {
            id: id.into(),
            control: control.into(),
            aliases: Vec::new(),
            check,
            why: why.into(),
            source: source.map(str::to_string),
            severity: Severity::Fail,
            inferred: false,
            quote: None,
        }
    }

    /// `{vendor, vendor_why, email_why, status_why, secret_why, source}`.
    pub fn api_user(o: &Obj, sources: &HashSet<&str>) -> json::Result<ApiUserRules> {
        o.only(&[
            "vendor",
            "vendor_why",
            "email_why",
            "status_why",
            "secret_why",
            "source",
        ])?;
        let source = read_source(o, "source", sources)?;
        let vendor = o.str("vendor")?;
        if vendor.trim().is_empty() {
            return json::error(
                &format!("{}.vendor", o.path),
                "expected a vendor name, found an empty text",
            );
        }
        let src = Some(source.as_str());
        let (vendor_why, status_why) = (o.str("vendor_why")?, o.str("status_why")?);
        // Autotask's own rules (first and last name, level, key) come from
        // src/autotask/structure.json, as for format 2.
        let rules = vec![
            rule(
                "user-email",
                "Email Address",
                Check::Email,
                &o.str("email_why")?,
                src,
            ),
            rule(
                "user-active",
                "Active",
                Check::Checked(true),
                &status_why,
                src,
            ),
            rule(
                "user-locked",
                "Locked",
                Check::Checked(false),
                &status_why,
                src,
            ),
            rule(
                "credentials-secret",
                "Password (Secret)",
                Check::Secret,
                &o.str("secret_why")?,
                src,
            ),
            rule(
                "tracking-integration-vendor",
                "Integration Vendor",
                Check::Checked(true),
                &vendor_why,
                src,
            ),
            rule(
                "tracking-vendor",
                "Integration Vendor",
                Check::Vendor,
                &vendor_why,
                src,
            ),
        ];
        Ok(ApiUserRules {
            vendors: vec![vendor],
            rules,
        })
    }

    /// `{type, period, start_day, start_usage, end}`, each `{why, source}`
    /// and `expect` (type, period) or `warn_days` (end).
    pub fn contract(o: &Obj, sources: &HashSet<&str>) -> json::Result<ContractRules> {
        o.only(&["type", "period", "start_day", "start_usage", "end"])?;
        let read = |key: &str, wants: Option<&str>| -> json::Result<(Obj, String, String)> {
            let r = o.obj(key)?;
            let mut known = vec!["why", "source"];
            known.extend(wants);
            r.only(&known)?;
            let source = read_source(&r, "source", sources)?;
            let why = r.str("why")?;
            Ok((r, why, source))
        };
        let (t, why, src) = read("type", Some("expect"))?;
        let kind = rule(
            "contract-type",
            "Contract Type",
            Check::Value(t.str("expect")?),
            &why,
            Some(&src),
        );
        let (p, why, src) = read("period", Some("expect"))?;
        let mut period = rule(
            "contract-period",
            "Contract Period Type",
            Check::Value(p.str("expect")?),
            &why,
            Some(&src),
        );
        period.severity = Severity::Warn;
        let (_, why, src) = read("start_day", None)?;
        let day = rule(
            "contract-start-day",
            "Start Date",
            Check::FirstOfMonth,
            &why,
            Some(&src),
        );
        let (_, why, src) = read("start_usage", None)?;
        let usage = rule(
            "contract-start-usage",
            "Start Date",
            Check::CoversUsage,
            &why,
            Some(&src),
        );
        let (e, why, src) = read("end", Some("warn_days"))?;
        let warn_days = e.u32("warn_days")?;
        let end = rule(
            "contract-end",
            "End Date",
            Check::AfterToday { warn_days },
            &why,
            Some(&src),
        );
        Ok(ContractRules {
            rules: vec![kind, period, day, usage, end],
        })
    }
}

fn read_security_level(
    o: &Obj,
    sources: &HashSet<&str>,
    format: u32,
    rule_ids: &mut HashSet<String>,
) -> json::Result<SecurityLevelRules> {
    o.only(&["name_hint", "baseline_why", "sections"])?;
    let name_hint = match o.opt_obj("name_hint")? {
        Some(h) => {
            h.only(&["exact", "contains"])?;
            NameHint {
                exact: h.strs("exact")?,
                contains: h.strs("contains")?,
            }
        }
        None => NameHint::default(),
    };
    // Format 2 names a rule's wish `check`, as every other rule; format 1 `expect`.
    let expect_key = if format == 1 { "expect" } else { "check" };
    let mut sections = Vec::new();
    for s in o.objs("sections")? {
        s.only(&["heading", "aliases", "rules"])?;
        let mut rules = Vec::new();
        for r in s.objs("rules")? {
            r.only(&[
                "id",
                "control",
                "aliases",
                "column",
                expect_key,
                "why",
                "source",
                "severity",
                "inferred",
                if format == 1 { "id" } else { "cells" },
                if format == 1 { "id" } else { "quote" },
            ])?;
            let (severity, inferred) = read_severity(&r)?;
            let id = r.str("id")?;
            if !rule_ids.insert(id.clone()) {
                return json::error(
                    &format!("{}.id", r.path),
                    format!("expected a unique rule id; \"{id}\" is used twice"),
                );
            }
            let source = read_source(&r, "source", sources)?;
            let rule = Rule {
                id,
                control: r.str("control")?,
                aliases: r.strs("aliases")?,
                column: r.opt_str("column")?,
                expect: Expect::Checked(false),
                why: r.str("why")?,
                source,
                severity,
                inferred,
                quote: read_quote(&r)?,
            };
            // Format 2: an object permission as one rule, its matrix cells by
            // column (`"cells": {"View": "All", "Edit": "All"}`), one rule
            // per cell (`<id>-view`, `<id>-edit`).
            let cells = match r.opt_obj("cells")? {
                Some(c) if format != 1 => Some(c.texts()?),
                _ => None,
            };
            match cells {
                None => rules.push(Rule {
                    expect: read_expect(&r.obj(expect_key)?)?,
                    ..rule
                }),
                Some(cells) => {
                    if r.value(expect_key).is_some() || rule.column.is_some() || cells.is_empty() {
                        return json::error(
                            &format!("{}.cells", r.path),
                            "expected either `cells` (at least one column) or `column` and `check`",
                        );
                    }
                    for (column, value) in cells {
                        let suffix: String = norm(&column).replace(' ', "-");
                        let id = format!("{}-{suffix}", rule.id);
                        if !rule_ids.insert(id.clone()) {
                            return json::error(
                                &format!("{}.cells.{column}", r.path),
                                format!("expected a unique rule id; \"{id}\" is used twice"),
                            );
                        }
                        rules.push(Rule {
                            id,
                            column: Some(column),
                            expect: Expect::Value(value),
                            ..rule.clone()
                        });
                    }
                }
            }
        }
        refuse_contradictions(&s.path, &rules, expect_key)?;
        sections.push(SectionRules {
            heading: s.str("heading")?,
            aliases: s.strs("aliases")?,
            rules,
        });
    }
    if sections.is_empty() {
        return json::error(
            &format!("{}.sections", o.path),
            "expected at least one section",
        );
    }
    Ok(SecurityLevelRules {
        name_hint,
        baseline_why: o.str("baseline_why")?,
        sections,
    })
}

/// Two rules of one section on the same control (a shared name, the same
/// column): the second would find the control taken by the first and stay
/// `incomplete` for ever, and when they want different states no page can
/// pass. Either is a mistake in the file, so it is refused with its field.
fn refuse_contradictions(section_path: &str, rules: &[Rule], key: &str) -> json::Result<()> {
    for (j, later) in rules.iter().enumerate() {
        let names: Vec<String> = later.names().iter().map(|n| norm(n)).collect();
        let column = later.column.as_deref().map(norm);
        let earlier = rules[..j].iter().find(|r| {
            r.column.as_deref().map(norm) == column
                && r.names().iter().any(|n| names.contains(&norm(n)))
        });
        let Some(earlier) = earlier else { continue };
        let path = format!("{section_path}.rules[{j}].{key}");
        return if earlier.expect == later.expect {
            json::error(
                &path,
                format!(
                    "rule \"{}\" names the same control as rule \"{}\"; give each control one rule",
                    later.id, earlier.id
                ),
            )
        } else {
            json::error(
                &path,
                format!(
                    "rule \"{}\" wants {} where rule \"{}\" wants {} for the same control; no page could pass both",
                    later.id,
                    expect_words(&later.expect),
                    earlier.id,
                    expect_words(&earlier.expect)
                ),
            )
        };
    }
    Ok(())
}

fn expect_words(expect: &Expect) -> String {
    match expect {
        Expect::Checked(true) => "it on".into(),
        Expect::Checked(false) => "it off".into(),
        Expect::Value(v) => format!("\"{v}\""),
    }
}

/// `{"checked": true}` or `{"value": "All"}`.
fn read_expect(o: &Obj) -> json::Result<Expect> {
    o.only(&["checked", "value"])?;
    match (o.opt_bool("checked")?, o.opt_str("value")?) {
        (Some(b), None) => Ok(Expect::Checked(b)),
        (None, Some(v)) if !v.trim().is_empty() => Ok(Expect::Value(v)),
        _ => json::error(
            &o.path,
            "expected exactly one of {\"checked\": true|false} or {\"value\": \"<option text>\"}",
        ),
    }
}

/// The file a built-in profile is shipped as (`src/profiles/` and the
/// build's `profiles/`).
pub fn file_of(id: &str) -> String {
    format!("{id}.json")
}

/// One built-in profile: its text once given (or embedded), parsed once
/// when first asked for.
#[derive(Default)]
struct Slot {
    text: OnceLock<&'static str>,
    parsed: OnceLock<Result<Profile, ProfileError>>,
}

fn slots() -> &'static [Slot] {
    static SLOTS: OnceLock<Vec<Slot>> = OnceLock::new();
    SLOTS.get_or_init(|| {
        #[allow(unused_mut)]
        let mut slots: Vec<Slot> = BUILT_IN.iter().map(|_| Slot::default()).collect();
        #[cfg(any(not(target_arch = "wasm32"), feature = "embedded-profiles"))]
        for (slot, text) in slots.iter_mut().zip(EMBEDDED) {
            let _ = slot.text.set(text);
        }
        slots
    })
}

/// Gives the engine a built-in profile's text, by its file name
/// (`rhipe-prism-connect.json`). Read once: the same text again changes
/// nothing; another text for a profile already given, or a file that is
/// not one of `BUILT_IN`, is refused with a sentence saying why.
pub fn provide(file: &str, text: String) -> Result<(), String> {
    let Some(i) = BUILT_IN.iter().position(|id| file_of(id) == file) else {
        return Err(format!(
            "\"{file}\" is not one of this engine's built-in profiles ({})",
            BUILT_IN
                .iter()
                .map(|id| file_of(id))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let slot = &slots()[i];
    if let Some(known) = slot.text.get() {
        return if *known == text {
            Ok(())
        } else {
            Err(format!(
                "{file}: this built-in profile was already given, with another text"
            ))
        };
    }
    // Kept for the engine's life (one instance per worker or page start),
    // as an embedded text would be.
    let text: &'static str = Box::leak(text.into_boxed_str());
    slot.text
        .set(text)
        .map_err(|_| format!("{file}: this built-in profile was already given"))
}

/// The built-in profile at `i` of `BUILT_IN`, parsed on first use; its `id`
/// must be its file's name.
fn parsed(i: usize) -> Result<&'static Profile, ProfileError> {
    let id = BUILT_IN[i];
    let slot = &slots()[i];
    // Not given yet: an error, not remembered (the text may still come).
    let Some(text) = slot.text.get() else {
        return Err(ProfileError {
            file: file_of(id),
            field: String::new(),
            message: format!(
                "this built-in profile was not loaded (the engine was not given profiles/{})",
                file_of(id)
            ),
            line: None,
        });
    };
    slot.parsed
        .get_or_init(|| {
            let file = file_of(id);
            let profile = parse(&file, text)?;
            if profile.id != id {
                return Err(ProfileError {
                    line: crate::locate::line_of(text, "id"),
                    file,
                    field: "id".into(),
                    message: format!(
                        "a built-in profile's id must be its file's name: expected \"{id}\", found \"{}\"",
                        profile.id
                    ),
                });
            }
            Ok(profile)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Every built-in profile, parsed (each once), in `BUILT_IN`'s order; the
/// first that cannot be read is the error.
pub fn built_in() -> Result<Vec<&'static Profile>, ProfileError> {
    (0..BUILT_IN.len()).map(parsed).collect()
}

/// The built-in profiles, each parsed only when the iteration reaches it
/// (a search that stops early parses no more); one that cannot be read is
/// left out, as `find` and `built_in` say why.
pub fn built_ins() -> impl Iterator<Item = &'static Profile> {
    (0..BUILT_IN.len()).filter_map(|i| parsed(i).ok())
}

/// A built-in profile by id; the first built-in when `id` is empty. Only
/// that profile is parsed.
pub fn find(id: &str) -> Result<&'static Profile, String> {
    let i = if id.is_empty() {
        0
    } else {
        BUILT_IN
            .iter()
            .position(|known| *known == id)
            .ok_or_else(|| format!("unknown profile \"{id}\"; known: {}", BUILT_IN.join(", ")))?
    };
    parsed(i).map_err(|e| e.to_string())
}

/// The file text of a built-in profile, for "Export"; `None` for an unknown
/// id, or one whose text the engine was not given.
pub fn built_in_text(id: &str) -> Option<&'static str> {
    let i = BUILT_IN.iter().position(|known| *known == id)?;
    slots()[i].text.get().copied()
}

/// The largest custom profile taken: the built-in ones are a few KB, and a
/// custom one is read again on every check.
pub const MAX_BYTES: usize = 256 * 1024;

/// Reads a profile a person imported (or an MSP pushed): as `parse`, at most
/// `MAX_BYTES` long, and its id must not be a built-in's, so that choosing
/// by id stays unambiguous.
pub fn parse_custom(file: &str, text: &str) -> Result<Profile, ProfileError> {
    if text.len() > MAX_BYTES {
        return Err(ProfileError {
            file: file.to_string(),
            field: String::new(),
            message: format!(
                "the file is {} KB; a profile may be at most {} KB",
                text.len().div_ceil(1024),
                MAX_BYTES / 1024
            ),
            line: None,
        });
    }
    let profile = parse(file, text)?;
    if BUILT_IN.contains(&profile.id.as_str()) {
        return Err(ProfileError {
            file: file.to_string(),
            field: "id".into(),
            message: "a built-in profile has this id; give your profile an id of its own".into(),
            line: crate::locate::line_of(text, "id"),
        });
    }
    Ok(profile)
}
