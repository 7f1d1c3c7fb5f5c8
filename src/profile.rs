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
