//! The structure of the Autotask pages, as data (`structure.json`): the
//! security areas and their spellings, the API user page's sections and
//! labels, the contract's fields. Read once; the reader (`reading.rs`), the
//! recognisers and the page kinds all take their names from here, so a
//! profile states only what its integration needs.

use crate::checks::{read_rules, CheckRule};
use crate::json::{self, Obj};
use crate::normalize::norm;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::OnceLock;

const TEXT: &str = include_str!("structure.json");

/// One security area: its heading as Autotask prints it, and other spellings seen.
#[derive(Debug, Clone)]
pub struct Area {
    pub heading: String,
    pub spellings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Structure {
    /// The security areas of a Security Level page, in page order.
    pub security_areas: Vec<Area>,
    /// The API user page's sections (heading, its labels), in page order.
    pub api_user_sections: Vec<(String, Vec<String>)>,
    /// The API user sections a page shows as headings.
    pub api_user_headings: Vec<String>,
    /// What Autotask itself requires of every API user (rules of the check vocabulary).
    pub api_user_rules: Vec<CheckRule>,
    /// The one checklist section of a contract page.
    pub contract_section: String,
    /// Each contract field's labels, its usual one first.
    pub contract_fields: Vec<Vec<String>>,
    /// Fields Autotask fixes once the object is saved: (label, the object's name).
    pub fixed_once_saved: Vec<(String, String)>,
    /// Every heading the reader takes for a section, normalised.
    pub section_names: Vec<String>,
}

impl Structure {
    /// A contract field's labels by its usual label; none for an unknown one.
    pub fn contract_field(&self, label: &str) -> &[String] {
        self.contract_fields
            .iter()
            .find(|f| f.first().is_some_and(|l| l == label))
            .map_or(&[], Vec::as_slice)
    }

    /// The spellings of a security area's heading (itself included); only
    /// itself for a heading that is no known area.
    pub fn spellings_of(&self, heading: &str) -> Vec<String> {
        let n = norm(heading);
        let mut all = vec![heading.to_string()];
        for a in &self.security_areas {
            if norm(&a.heading) == n || a.spellings.iter().any(|s| norm(s) == n) {
                all.push(a.heading.clone());
                all.extend(a.spellings.iter().cloned());
            }
        }
        all
    }

    /// Whether a normalised text is a section heading the reader knows.
    pub fn is_section_name(&self, normed: &str) -> bool {
        self.section_names.iter().any(|s| s == normed)
    }
}

/// The texts of a list (none when it is not one).
fn texts(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for t in v.as_array().into_iter().flatten() {
        out.extend(t.as_str().map(str::to_string));
    }
    out
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// Reads the built-in file plainly (its shape is checked by the tests, not
/// field by field here: the wasm has a size budget); the API user rules go
/// through the profile's rule reader, with its errors.
fn read(text_of_file: &str) -> json::Result<Structure> {
    let v = json::parse(text_of_file)?;
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let mut security_areas = Vec::new();
    for a in list(&v["security_level"]["areas"]) {
        security_areas.push(Area {
            heading: text(&a["heading"]),
            spellings: texts(&a["spellings"]),
        });
    }
    let mut api_user_sections = Vec::new();
    let mut api_user_headings = Vec::new();
    for s in list(&v["api_user"]["sections"]) {
        let heading = text(&s["heading"]);
        if s["on_page"].as_bool().unwrap_or(true) {
            api_user_headings.push(heading.clone());
        }
        api_user_sections.push((heading, texts(&s["labels"])));
    }
    let user = Obj::of(&v["api_user"], "api_user".into())?;
    let api_user_rules = read_rules(&user, "rules", &HashSet::new(), &mut HashSet::new())?;
    let contract = &v["contract"];
    let contract_fields = list(&contract["fields"]).iter().map(texts).collect();
    let fixed_once_saved = list(&contract["fixed_once_saved"])
        .iter()
        .map(|f| (text(&f["label"]), text(&f["object"])))
        .collect();
    let mut section_names = Vec::new();
    for a in &security_areas {
        section_names.push(norm(&a.heading));
        section_names.extend(a.spellings.iter().map(|s| norm(s)));
    }
    section_names.extend(api_user_headings.iter().map(|h| norm(h)));
    Ok(Structure {
        security_areas,
        api_user_sections,
        api_user_headings,
        api_user_rules,
        contract_section: text(&contract["section"]),
        contract_fields,
        fixed_once_saved,
        section_names,
    })
}

/// The structure, read once from `structure.json` (built in: a broken file
/// is a bug that the tests catch, never outside data).
pub fn structure() -> &'static Structure {
    static READ: OnceLock<Structure> = OnceLock::new();
    READ.get_or_init(|| read(TEXT).unwrap_or_else(|e| panic!("src/autotask/structure.json: {e}")))
}

/// The security areas' headings, in page order.
pub fn security_areas() -> Vec<&'static str> {
    structure()
        .security_areas
        .iter()
        .map(|a| a.heading.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_structure_file_reads_and_names_every_kind() {
        let s = read(TEXT).expect("structure.json reads");
        assert_eq!(s.security_areas.len(), 11);
        assert!(s.security_areas.iter().all(|a| !a.heading.is_empty()));
        assert_eq!(s.api_user_sections.len(), 3);
        assert_eq!(s.api_user_rules.len(), 4);
        assert_eq!(s.contract_section, "Contract");
        assert_eq!(s.contract_fields.len(), 5);
        assert_eq!(
            s.fixed_once_saved,
            [("Contract Type".to_string(), "contract".to_string())]
        );
        assert_eq!(
            s.api_user_headings,
            ["Credentials", "API Tracking Identifier"]
        );
        assert_eq!(
            s.contract_field("Start Date"),
            ["Start Date", "Contract Start Date"]
        );
        assert!(s.is_section_name(&norm("Documents & Knowledge Base")));
        assert!(!s.is_section_name(&norm("General")));
    }

    #[test]
    fn a_bad_rule_in_the_structure_is_refused_with_its_field() {
        let err =
            read(r#"{"api_user": {"rules": [{"id": "x", "control": "A", "check": "nope"}]}}"#)
                .expect_err("refused");
        assert_eq!(err.field, "api_user.rules[0].check");
    }
}
