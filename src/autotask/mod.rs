//! The structure of the Autotask pages, as data (`structure.json`): the
//! security areas and their spellings, the API user page's sections and
//! labels, the contract's fields. Read once; the reader (`reading.rs`), the
//! recognisers and the page kinds all take their names from here, so a
//! profile states only what its integration needs.

use crate::checks::{read_rules, CheckRule};
use crate::json::{self, Obj};
use crate::normalize::norm;
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

fn read(text: &str) -> json::Result<Structure> {
    let value = json::parse(text)?;
    let o = Obj::root(&value)?;
    o.only(&["about", "security_level", "api_user", "contract"])?;
    let level = o.obj("security_level")?;
    level.only(&["areas"])?;
    let mut security_areas = Vec::new();
    for a in level.objs("areas")? {
        a.only(&["heading", "spellings"])?;
        security_areas.push(Area {
            heading: a.str("heading")?,
            spellings: a.strs("spellings")?,
        });
    }
    let user = o.obj("api_user")?;
    user.only(&["sections", "rules_about", "rules"])?;
    let api_user_rules = read_rules(&user, "rules", &HashSet::new(), &mut HashSet::new())?;
    let mut api_user_sections = Vec::new();
    let mut api_user_headings = Vec::new();
    for s in user.objs("sections")? {
        s.only(&["heading", "on_page", "labels"])?;
        let heading = s.str("heading")?;
        if s.opt_bool("on_page")?.unwrap_or(true) {
            api_user_headings.push(heading.clone());
        }
        api_user_sections.push((heading, s.strs("labels")?));
    }
    let contract = o.obj("contract")?;
    contract.only(&["section", "fields", "fixed_once_saved"])?;
    let mut contract_fields = Vec::new();
    if let Some((fields, path)) = contract.value("fields") {
        let serde_json::Value::Array(lists) = fields else {
            return json::error(&path, "expected a list of label lists");
        };
        for (i, list) in lists.iter().enumerate() {
            let labels: Option<Vec<String>> = list
                .as_array()
                .and_then(|l| l.iter().map(|v| v.as_str().map(str::to_string)).collect());
            match labels {
                Some(l) if !l.is_empty() => contract_fields.push(l),
                _ => return json::error(&format!("{path}[{i}]"), "expected a list of labels"),
            }
        }
    }
    let mut fixed_once_saved = Vec::new();
    for f in contract.objs("fixed_once_saved")? {
        f.only(&["label", "object"])?;
        fixed_once_saved.push((f.str("label")?, f.str("object")?));
    }
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
        contract_section: contract.str("section")?,
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
    fn a_broken_structure_is_refused_with_its_field() {
        let err = read(r#"{"security_level": {"areas": [{"heading": 1}]}}"#).unwrap_err();
        assert_eq!(err.field, "security_level.areas[0].heading");
    }
}
