//! Rules → results, one definition for every page (design: "Results").
//!
//! Each rule ends as exactly one outcome. A named rule not met is `fail`; a
//! control the profile does not name but that grants something is `excess`;
//! a control that was expected but is missing, unreadable or ambiguous is
//! `incomplete`, so a page the engine cannot fully read never passes.

use crate::checks::eval::{find_control, Found};
use crate::normalize::{norm, normed_matches};
use crate::profile::{Expect, Profile, Rule, SectionRules, Severity};
use crate::snapshot::{Control, ControlKind, Snapshot};

pub use crate::checks::{Outcome, RuleResult, Summary};

/// Judges a recognised security level page against the profile.
pub fn security_level(profile: &Profile, snap: &Snapshot) -> Vec<RuleResult> {
    let page_sections: Vec<String> = snap.sections.iter().map(|s| norm(s)).collect();
    let sections = &profile.security_level.sections;
    let section_names: Vec<Vec<String>> = sections.iter().map(|s| normed(&s.names())).collect();
    // Each control belongs to the innermost judged section around it, so no
    // control is judged (and marked) twice when sections nest.
    let owner: Vec<Option<usize>> = snap
        .controls
        .iter()
        .map(|c| {
            if !matches!(c.kind, ControlKind::Checkbox | ControlKind::Select) {
                return None;
            }
            c.path.iter().rev().find_map(|p| {
                let p = norm(p);
                section_names
                    .iter()
                    .position(|names| names.iter().any(|n| normed_matches(&p, n)))
            })
        })
        .collect();
    let labels: Vec<String> = snap.controls.iter().map(|c| norm(&c.label)).collect();
    let mut results = Vec::new();
    for (si, section) in sections.iter().enumerate() {
        let present = section_names[si].iter().any(|n| page_sections.contains(n));
        if !present {
            results.push(missing_section(section));
            results.extend(
                section
                    .rules
                    .iter()
                    .map(|r| missing_control(section, r, "its section is missing")),
            );
            continue;
        }
        let controls: Vec<usize> = (0..snap.controls.len())
            .filter(|&i| owner[i] == Some(si))
            .collect();
        let mut claimed = vec![false; controls.len()];
        for rule in &section.rules {
            let names = normed(&rule.names());
            let column = rule.column.as_deref().map(norm);
            let matches: Vec<usize> = (0..controls.len())
                .filter(|&k| {
                    let i = controls[k];
                    !claimed[k]
                        && rule_matches(&names, column.as_deref(), &snap.controls[i], &labels[i])
                })
                .collect();
            for &k in &matches {
                claimed[k] = true;
            }
            results.push(named(
                section,
                rule,
                find_control(
                    matches
                        .iter()
                        .map(|&k| &snap.controls[controls[k]])
                        .collect(),
                ),
            ));
        }
        for (k, &i) in controls.iter().enumerate() {
            if !claimed[k] {
                results.push(baseline(profile, section, &snap.controls[i]));
            }
        }
    }
    results
}

fn normed(names: &[String]) -> Vec<String> {
    names.iter().map(|n| norm(n)).collect()
}

/// `names` and `column` as `norm` gives them; `label` is the control's, normed.
fn rule_matches(names: &[String], column: Option<&str>, control: &Control, label: &str) -> bool {
    let column_ok = match (column, &control.column) {
        (Some(want), Some(have)) => want == norm(have),
        (Some(_), None) => false,
        (None, _) => true,
    };
    column_ok && names.iter().any(|n| normed_matches(label, n))
}

fn display_name(rule: &Rule) -> String {
    match &rule.column {
        Some(col) => format!("{} ({})", rule.control, col),
        None => rule.control.clone(),
    }
}

fn control_name(c: &Control) -> String {
    match &c.column {
        Some(col) => format!("{} ({})", c.label.trim(), col.trim()),
        None => c.label.trim().to_string(),
    }
}

fn expected_text(expect: &Expect) -> String {
    match expect {
        Expect::Checked(true) => "on".into(),
        Expect::Checked(false) => "off".into(),
        Expect::Value(v) => v.clone(),
    }
}

/// The state as the page shows it, or `None` when it could not be read.
fn found_text(c: &Control) -> Option<String> {
    match c.kind {
        ControlKind::Checkbox | ControlKind::Radio => c
            .checked
            .map(|on| if on { "on" } else { "off" }.to_string()),
        _ => c.value.as_ref().map(|v| v.trim().to_string()),
    }
}

fn missing_section(section: &SectionRules) -> RuleResult {
    RuleResult {
        rule: "section".into(),
        section: section.heading.clone(),
        control: section.heading.clone(),
        column: None,
        handles: vec![],
        outcome: Outcome::Incomplete,
        expected: "present".into(),
        found: "not found".into(),
        message: format!(
            "The section \"{}\" was not found on this page, so its permissions could not be checked. Open the section, or check that this is the whole security level page.",
            section.heading
        ),
        source: None,
        quote: None,
        inferred: false,
    }
}

fn missing_control(section: &SectionRules, rule: &Rule, why_missing: &str) -> RuleResult {
    RuleResult {
        rule: rule.id.clone(),
        section: section.heading.clone(),
        control: display_name(rule),
        column: rule.column.clone(),
        handles: vec![],
        outcome: Outcome::Incomplete,
        expected: expected_text(&rule.expect),
        found: "not found".into(),
        message: format!(
            "\"{}\" could not be found ({why_missing}); it must be {}: {}",
            display_name(rule),
            expected_text(&rule.expect),
            rule.why
        ),
        source: Some(rule.source.clone()),
        quote: rule.quote.clone(),
        inferred: rule.inferred,
    }
}

fn named(section: &SectionRules, rule: &Rule, found: Found) -> RuleResult {
    let control = match found {
        Found::None => {
            return missing_control(section, rule, "no control with this label in the section")
        }
        Found::One(one) => one,
        Found::Many(many) => {
            let mut r = missing_control(section, rule, "");
            r.handles = many.iter().map(|c| c.handle).collect();
            r.found = format!("{} controls with this label", many.len());
            r.message = format!(
                "{} controls carry the label \"{}\"; which one counts is not clear, so nothing is assumed. Check it by hand: it must be {}.",
                many.len(),
                display_name(rule),
                expected_text(&rule.expect)
            );
            return r;
        }
    };
    let expected = expected_text(&rule.expect);
    let mut result = RuleResult {
        rule: rule.id.clone(),
        section: section.heading.clone(),
        control: control_name(control),
        column: control.column.clone(),
        handles: vec![control.handle],
        outcome: Outcome::Incomplete,
        expected: expected.clone(),
        found: String::new(),
        message: String::new(),
        source: Some(rule.source.clone()),
        quote: rule.quote.clone(),
        inferred: rule.inferred,
    };
    let kind_fits = match rule.expect {
        Expect::Checked(_) => control.kind == ControlKind::Checkbox,
        Expect::Value(_) => control.kind == ControlKind::Select,
    };
    let Some(found) = found_text(control).filter(|_| kind_fits) else {
        result.found = "unreadable".into();
        result.message = format!(
            "Could not read \"{}\"; check by hand that it is {expected}: {}",
            result.control, rule.why
        );
        return result;
    };
    let met = match &rule.expect {
        Expect::Checked(want) => control.checked == Some(*want),
        Expect::Value(want) => norm(&found) == norm(want),
    };
    result.found = found;
    if met {
        result.outcome = Outcome::Pass;
        result.message = format!(
            "\"{}\" is {expected}, as needed: {}",
            result.control, rule.why
        );
    } else {
        // A warn rule is advice: not met, it never fails the page.
        result.outcome = match rule.severity {
            Severity::Fail => Outcome::Fail,
            Severity::Warn => Outcome::Warn,
        };
        let change = match &rule.expect {
            Expect::Checked(true) => format!("Turn on \"{}\"", result.control),
            Expect::Checked(false) => format!("Turn off \"{}\"", result.control),
            Expect::Value(v) => format!("Set \"{}\" to {v} (now {})", result.control, result.found),
        };
        let inferred = if rule.inferred {
            " (advice: inferred, the source does not say it exactly)"
        } else {
            ""
        };
        result.message = format!("{change}{inferred}. {}", rule.why);
    }
    result
}

/// The option that means "no permission" in a select, if it has one.
fn baseline_option(c: &Control) -> Option<&str> {
    ["none", "no"]
        .iter()
        .find_map(|want| c.options.iter().find(|o| norm(o) == *want))
        .map(|s| s.trim())
}

fn baseline(profile: &Profile, section: &SectionRules, c: &Control) -> RuleResult {
    let name = control_name(c);
    let why = &profile.security_level.baseline_why;
    let mut result = RuleResult {
        rule: "baseline".into(),
        section: section.heading.clone(),
        control: name.clone(),
        column: c.column.clone(),
        handles: vec![c.handle],
        outcome: Outcome::Incomplete,
        expected: String::new(),
        found: found_text(c).unwrap_or_else(|| "unreadable".into()),
        message: String::new(),
        source: None,
        quote: None,
        inferred: false,
    };
    if let Some(why) = &c.ambiguous {
        result.expected = "a control the page names clearly".into();
        result.found = "ambiguous label".into();
        result.message = [
            "Which control this is could not be decided (",
            why,
            "); check it by hand.",
        ]
        .concat();
        return result;
    }
    let expected = match c.kind {
        ControlKind::Checkbox => Some("off".to_string()),
        // A picker shows only its chosen text, not its options: "None" or
        // "No" is the baseline; any other text grants something (excess,
        // never a pass, so not knowing the options can't make it green).
        ControlKind::Select if c.options.is_empty() => Some(match norm(&result.found).as_str() {
            "no" => "No".to_string(),
            _ => "None".to_string(),
        }),
        _ => baseline_option(c).map(str::to_string),
    };
    let Some(expected) = expected else {
        result.expected = "None or No".into();
        result.message = format!(
            "\"{name}\" has no \"None\" or \"No\" choice and the profile does not say what it should be; check it by hand."
        );
        return result;
    };
    result.expected = expected.clone();
    if result.found == "unreadable" {
        result.message = format!("Could not read \"{name}\"; check by hand that it is {expected}.");
        return result;
    }
    if norm(&result.found) == norm(&expected) {
        result.outcome = Outcome::Pass;
        result.message = format!("\"{name}\" is {expected}, as it should be.");
    } else {
        result.outcome = Outcome::Excess;
        let change = match c.kind {
            ControlKind::Checkbox => format!("Turn off \"{name}\""),
            _ => format!("Set \"{name}\" to {expected} (now {})", result.found),
        };
        result.message = format!("{change}: {why}");
    }
    result
}
