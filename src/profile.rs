//! Integration profiles: the rules as data. A profile names the controls an
//! integration needs and why; everything it does not name is judged against
//! the "No Permission" baseline.

use crate::json::{self, Obj};
use crate::normalize::norm;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

/// The profile format this engine reads.
pub const FORMAT: u32 = 1;

/// The profiles shipped inside the engine, as (file name, text).
const BUILT_IN: &[(&str, &str)] = &[
    (
        "rhipe-prism-connect.json",
        include_str!("profiles/rhipe-prism-connect.json"),
    ),
    (
        "crayon-billing-sync.json",
        include_str!("profiles/crayon-billing-sync.json"),
    ),
    ("sync-365.json", include_str!("profiles/sync-365.json")),
    (
        "cow-warranty-sync.json",
        include_str!("profiles/cow-warranty-sync.json"),
    ),
    (
        "msp360-managed-backup.json",
        include_str!("profiles/msp360-managed-backup.json"),
    ),
    ("guardz.json", include_str!("profiles/guardz.json")),
    ("timezest.json", include_str!("profiles/timezest.json")),
    ("rewst.json", include_str!("profiles/rewst.json")),
];

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
}

/// What the integration needs of its API user (the vendor's words).
#[derive(Debug, Clone)]
pub struct ApiUserRules {
    /// The Integration Vendor to choose under "API Tracking Identifier".
    pub vendor: String,
    pub vendor_why: String,
    pub email_why: String,
    /// Why Active must be on and Locked off.
    pub status_why: String,
    pub secret_why: String,
    /// The id of one of the profile's sources.
    pub source: String,
}

/// The contract rules (`src/contract.rs` applies them); each with its reason.
#[derive(Debug, Clone)]
pub struct ContractRules {
    /// Contract Type, `expect` = the type's text.
    pub contract_type: ContractRule,
    /// Contract Period Type, `expect` = the period's text.
    pub period: ContractRule,
    /// Start Date on the 1st of a month.
    pub start_day: ContractRule,
    /// Start Date on or before the first usage period synced.
    pub start_usage: ContractRule,
    /// End Date after today; `warn_days` = how close is a warning.
    pub end: ContractRule,
}

#[derive(Debug, Clone, Default)]
pub struct ContractRule {
    pub expect: String,
    pub warn_days: u32,
    pub why: String,
    pub source: String,
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Fail,
    Warn,
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
    pub fn names(&self) -> Vec<String> {
        std::iter::once(self.heading.clone())
            .chain(self.aliases.iter().cloned())
            .collect()
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
    ])?;
    let format = o.u32("format")?;
    if format != FORMAT {
        return json::error(
            "format",
            format!("expected {FORMAT}, the format this engine reads; found {format}"),
        );
    }
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
    let security_level = read_security_level(&o.obj("security_level")?, &source_ids)?;
    let api_user = match o.opt_obj("api_user")? {
        Some(a) => Some(read_api_user(&a, &source_ids)?),
        None => None,
    };
    let contract = match o.opt_obj("contract")? {
        Some(c) => Some(read_contract(&c, &source_ids)?),
        None => None,
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
        sources,
    })
}

fn read_api_user(o: &Obj, sources: &HashSet<&str>) -> json::Result<ApiUserRules> {
    o.only(&[
        "vendor",
        "vendor_why",
        "email_why",
        "status_why",
        "secret_why",
        "source",
    ])?;
    let source = o.str("source")?;
    if !sources.contains(source.as_str()) {
        return json::error(
            &format!("{}.source", o.path),
            format!("expected one of the profile's sources, found \"{source}\""),
        );
    }
    let vendor = o.str("vendor")?;
    if vendor.trim().is_empty() {
        return json::error(
            &format!("{}.vendor", o.path),
            "expected a vendor name, found an empty text",
        );
    }
    Ok(ApiUserRules {
        vendor,
        vendor_why: o.str("vendor_why")?,
        email_why: o.str("email_why")?,
        status_why: o.str("status_why")?,
        secret_why: o.str("secret_why")?,
        source,
    })
}

fn read_contract(o: &Obj, sources: &HashSet<&str>) -> json::Result<ContractRules> {
    o.only(&["type", "period", "start_day", "start_usage", "end"])?;
    // `wants`: the key this rule needs besides why/source, if any.
    let rule = |key: &str, wants: Option<&str>| -> json::Result<ContractRule> {
        let r = o.obj(key)?;
        let mut known = vec!["why", "source"];
        known.extend(wants);
        r.only(&known)?;
        let source = r.str("source")?;
        if !sources.contains(source.as_str()) {
            return json::error(
                &format!("{}.source", r.path),
                format!("expected one of the profile's sources, found \"{source}\""),
            );
        }
        Ok(ContractRule {
            expect: if wants == Some("expect") {
                r.str("expect")?
            } else {
                String::new()
            },
            warn_days: if wants == Some("warn_days") {
                r.u32("warn_days")?
            } else {
                0
            },
            why: r.str("why")?,
            source,
        })
    };
    Ok(ContractRules {
        contract_type: rule("type", Some("expect"))?,
        period: rule("period", Some("expect"))?,
        start_day: rule("start_day", None)?,
        start_usage: rule("start_usage", None)?,
        end: rule("end", Some("warn_days"))?,
    })
}

fn read_security_level(o: &Obj, sources: &HashSet<&str>) -> json::Result<SecurityLevelRules> {
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
    let mut rule_ids = HashSet::new();
    let mut sections = Vec::new();
    for s in o.objs("sections")? {
        s.only(&["heading", "aliases", "rules"])?;
        let mut rules = Vec::new();
        for r in s.objs("rules")? {
            r.only(&[
                "id", "control", "aliases", "column", "expect", "why", "source", "severity",
                "inferred",
            ])?;
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
            let id = r.str("id")?;
            if !rule_ids.insert(id.clone()) {
                return json::error(
                    &format!("{}.id", r.path),
                    format!("expected a unique rule id; \"{id}\" is used twice"),
                );
            }
            let source = r.str("source")?;
            if !sources.contains(source.as_str()) {
                let mut known: Vec<&str> = sources.iter().copied().collect();
                known.sort_unstable();
                return json::error(
                    &format!("{}.source", r.path),
                    format!(
                        "expected one of the profile's sources ({}), found \"{source}\"",
                        known.join(", ")
                    ),
                );
            }
            rules.push(Rule {
                id,
                control: r.str("control")?,
                aliases: r.strs("aliases")?,
                column: r.opt_str("column")?,
                expect: read_expect(&r.obj("expect")?)?,
                why: r.str("why")?,
                source,
                severity,
                inferred,
            });
        }
        refuse_contradictions(&s.path, &rules)?;
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
fn refuse_contradictions(section_path: &str, rules: &[Rule]) -> json::Result<()> {
    for (j, later) in rules.iter().enumerate() {
        let names: Vec<String> = later.names().iter().map(|n| norm(n)).collect();
        let column = later.column.as_deref().map(norm);
        let earlier = rules[..j].iter().find(|r| {
            r.column.as_deref().map(norm) == column
                && r.names().iter().any(|n| names.contains(&norm(n)))
        });
        let Some(earlier) = earlier else { continue };
        let path = format!("{section_path}.rules[{j}].expect");
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

/// The built-in profiles, parsed once.
pub fn built_in() -> Result<&'static [Profile], ProfileError> {
    static PARSED: OnceLock<Result<Vec<Profile>, ProfileError>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            BUILT_IN
                .iter()
                .map(|(file, text)| parse(file, text))
                .collect()
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// A built-in profile by id; the first built-in when `id` is empty.
pub fn find(id: &str) -> Result<&'static Profile, String> {
    let all = built_in().map_err(|e| e.to_string())?;
    if id.is_empty() {
        return all.first().ok_or_else(|| "no built-in profile".to_string());
    }
    all.iter().find(|p| p.id == id).ok_or_else(|| {
        format!(
            "unknown profile \"{id}\"; known: {}",
            all.iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// The file text of a built-in profile, for "Export"; `None` for an unknown id.
pub fn built_in_text(id: &str) -> Option<&'static str> {
    let all = built_in().ok()?;
    let i = all.iter().position(|p| p.id == id)?;
    BUILT_IN.get(i).map(|(_, text)| *text)
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
    if built_in().is_ok_and(|all| all.iter().any(|p| p.id == profile.id)) {
        return Err(ProfileError {
            file: file.to_string(),
            field: "id".into(),
            message: "a built-in profile has this id; give your profile an id of its own".into(),
            line: crate::locate::line_of(text, "id"),
        });
    }
    Ok(profile)
}
