//! A report as Markdown, for a support ticket: the verdict first, then what
//! to change and why, then every rule by section.
//!
//! Every text that comes from the page (labels, option texts, the level's
//! name, the file's name) is hostile input: it is escaped so it can never
//! become a link, an image, HTML or a table cell of its own. Built with a
//! small template filler rather than `format!`: the wasm has a size budget.

use crate::md_text::{esc, fill, n};
use crate::report::{Report, SourceRef};
use crate::verify::Outcome;

/// Where the report's page came from, as the checker page knows it; an
/// empty text is left out.
#[derive(Debug, Clone, Copy, Default)]
pub struct About<'a> {
    /// The file's name, as given.
    pub file: &'a str,
    /// The frame's address (an MHTML part's Content-Location).
    pub location: &'a str,
    /// When the check ran, as the caller writes it.
    pub checked_at: &'a str,
}

pub fn outcome_word(o: Outcome) -> &'static str {
    ["pass", "fail", "excess", "incomplete", "warn"][o as usize]
}

/// Text made inert for Markdown: on one line, no link, image, HTML, code,
/// emphasis, table cell or entity can start in it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    esc(&mut out, text);
    out
}

pub fn render(report: &Report, about: &About) -> String {
    let mut md = String::from("# Autotask Setup Guard report\n\n**");
    let profile = &report.profile;
    let rec = &report.recognition;
    // How many results have each outcome, in `Outcome`'s order.
    let mut counts = [0usize; 5];
    for r in &report.results {
        counts[r.outcome as usize] += 1;
    }
    match &report.summary {
        // Any judged page: a security level, an API user, a contract.
        Some(sum) if report.passes => {
            fill(&mut md, "All % rules pass.", &[&n(sum.total)]);
        }
        Some(sum) => {
            fill(&mut md, "%/% rules pass:", &[&n(sum.passed), &n(sum.total)]);
            let mut first = true;
            for o in [Outcome::Fail, Outcome::Excess, Outcome::Incomplete] {
                let count = counts[o as usize];
                if count > 0 {
                    let template = if first { " % %" } else { ", % %" };
                    fill(&mut md, template, &[&n(count), outcome_word(o)]);
                    first = false;
                }
            }
            md.push('.');
        }
        // The kind's own words (its name could not be read, not the integration's).
        None => fill(
            &mut md,
            "%",
            &[report
                .not_judged
                .as_deref()
                .unwrap_or("Not checked: this is not a page this profile knows.")],
        ),
    }
    md.push_str("**\n\n");
    match &report.object {
        Some((what, name)) => fill(&mut md, "- %: %", &[what, name.as_str()]),
        None => fill(&mut md, "- Page: %", &[report.page.as_str()]),
    }
    fill(
        &mut md,
        "\n- Recognition: %\n- Profile: % % (%)",
        &[&rec.reason, &profile.name, &profile.version, &profile.id],
    );
    for (template, value) in [
        ("\n- File: %", about.file),
        ("\n- Frame: %", about.location),
        ("\n- Checked: %", about.checked_at),
    ] {
        if !value.trim().is_empty() {
            fill(&mut md, template, &[value]);
        }
    }
    fill(
        &mut md,
        "\n- Engine: %, report format %\n",
        &[&report.engine, &n(report.format as usize)],
    );
    if !report.advice.is_empty() {
        md.push_str("\n## Advice\n\n");
        for a in &report.advice {
            fill(&mut md, "- %\n", &[a]);
        }
    }
    let open = report.results.len() - counts[Outcome::Pass as usize];
    if open > 0 {
        fill(&mut md, "\n## To change (%)\n", &[&n(open)]);
        for (i, r) in report
            .results
            .iter()
            .filter(|r| r.outcome != Outcome::Pass)
            .enumerate()
        {
            fill(
                &mut md,
                "\n%. **%** · % · %: expected %, found %.\n\n   %\n",
                &[
                    &n(i + 1),
                    outcome_word(r.outcome),
                    &r.section,
                    &r.control,
                    &r.expected,
                    &r.found,
                    &r.message,
                ],
            );
            if r.inferred {
                md.push_str("\n   Inferred (advice): the source does not say this exactly.\n");
            }
            if let Some(quote) = &r.quote {
                fill(&mut md, "\n   > “%”\n", &[quote]);
            }
            if let Some(id) = &r.source {
                // The cited source's title and address; its id when the
                // report does not carry it (a replayed older report).
                match report.sources.iter().find(|s| &s.id == id) {
                    Some(SourceRef {
                        title,
                        url: Some(url),
                        ..
                    }) => {
                        fill(&mut md, "\n   Source: % (%)\n", &[title, url]);
                    }
                    Some(s) => fill(&mut md, "\n   Source: %\n", &[&s.title]),
                    None => fill(&mut md, "\n   Source: %\n", &[id]),
                }
            }
        }
    }
    if !report.sections.is_empty() {
        md.push_str("\n## Every rule\n");
        for s in &report.sections {
            fill(
                &mut md,
                "\n### %: %/%\n\n",
                &[&s.heading, &n(s.passed), &n(s.total)],
            );
            let mut table = false;
            for r in report.results.iter().filter(|r| r.section == s.heading) {
                if !table {
                    md.push_str(
                        "| Result | Control | Expected | Found |\n| --- | --- | --- | --- |\n",
                    );
                    table = true;
                }
                fill(
                    &mut md,
                    "| % | % | % | % |\n",
                    &[outcome_word(r.outcome), &r.control, &r.expected, &r.found],
                );
            }
            if !table {
                md.push_str("No control of this section to judge.\n");
            }
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bind::Context;
    use crate::profile;
    use crate::report::check;
    use crate::snapshot::Snapshot;

    fn report_for(name: &str, controls: &str, any: bool) -> Report {
        let sections = r#"["CONTRACTS","CRM","INVENTORY","PROJECTS","SERVICE DESK","DOCUMENTS & KNOWLEDGEBASE","TIMESHEETS","REPORTS","ADMIN","OTHER","WEB SERVICES API"]"#;
        let snap = Snapshot::from_json(&format!(
            r#"{{"seq": 1, "sections": {sections}, "controls": [
              {{"handle": 0, "kind": "text", "label": "Name", "value": {name}, "path": []}}{controls}]}}"#
        ))
        .unwrap();
        let ctx = Context {
            judge_any_level: any,
            ..Context::default()
        };
        check(profile::find("").unwrap(), &snap, &ctx)
    }

    const CONTROLS: &str = r#",
      {"handle": 1, "kind": "checkbox", "label": "Can modify Service/Bundle on contract charges", "path": ["CONTRACTS"], "checked": true},
      {"handle": 2, "kind": "select", "label": "Contracts", "column": "View", "path": ["CONTRACTS"], "value": "All", "options": ["All", "None"]},
      {"handle": 3, "kind": "select", "label": "Contract Visibility (for contracts you have access to)", "path": ["CONTRACTS"], "value": "Limited", "options": ["Full", "Limited", "None"]},
      {"handle": 4, "kind": "select", "label": "Customer & Cancelation", "path": ["CRM"], "value": "All", "options": ["All", "None"]},
      {"handle": 5, "kind": "select", "label": "Vendor & Partners <img src=x>", "path": ["CRM"], "value": "[All](https://evil.example/)", "options": ["[All](https://evil.example/)", "None"]},
      {"handle": 6, "kind": "checkbox", "label": "Products, Services, & Inventory", "path": ["ADMIN"], "checked": true},
      {"handle": 7, "kind": "checkbox", "label": "Can login to Web Services API (Access to version 1.6 & later is limited to API User security levels)", "path": ["WEB SERVICES API"], "checked": true}"#;

    #[test]
    fn a_failing_level_lists_what_to_change_and_every_rule() {
        let md = render(
            &report_for(r#""Rhipe | Integration""#, CONTROLS, false),
            &About {
                file: "saved *page*.mhtml",
                location: "",
                checked_at: "2026-05-01 10:00",
            },
        );
        assert!(
            md.starts_with(
                "# Autotask Setup Guard report\n\n**5/7 rules pass: 1 fail, 1 excess.**\n"
            ),
            "{md}"
        );
        assert!(
            md.contains("- Security level: Rhipe \\| Integration\n"),
            "{md}"
        );
        assert!(
            md.contains("- File: saved \\*page\\*.mhtml\n- Checked: 2026-05-01 10:00\n"),
            "{md}"
        );
        assert!(!md.contains("- Frame:"), "no location given");
        assert!(md.contains("## To change (2)\n\n1. **fail** · CONTRACTS · Contract Visibility (for contracts you have access to): expected Full, found Limited.\n\n   Set \"Contract Visibility"), "{md}");
        assert!(md.contains("   Source: "), "{md}");
        // Hostile page text stays text: no tag, no link.
        assert!(md.contains("2. **excess** · CRM · Vendor & Partners \\<img src=x\\>: expected None, found \\[All\\](https\\://evil.example/)."), "{md}");
        assert!(
            !md.replace("\\<", "").contains("<img") && !md.contains("[All]("),
            "{md}"
        );
        assert!(md.contains("### CONTRACTS: 2/3\n\n| Result | Control | Expected | Found |\n| --- | --- | --- | --- |\n| pass | Can modify Service/Bundle on contract charges | on | on |\n"), "{md}");
        assert!(md.contains("| pass | Contracts (View) | All | All |\n| fail | Contract Visibility (for contracts you have access to) | Full | Limited |\n"), "{md}");
        assert_eq!(md.matches("\n### ").count(), 11, "one heading per section");
        assert!(
            md.contains("### OTHER: 0/0\n\nNo control of this section to judge.\n"),
            "{md}"
        );
    }

    #[test]
    fn a_finding_quotes_its_guide_names_the_guide_and_says_when_it_is_inferred() {
        let mut report = report_for(r#""Rhipe Integration""#, CONTROLS, false);
        let md = render(&report, &About::default());
        // Contract Visibility: rhipe's guide, quoted, with its title and address.
        assert!(md.contains("   Set \"Contract Visibility (for contracts you have access to)\" to Full (now Limited)"), "{md}");
        assert!(md.contains("\n   > “View and update contracts”\n\n   Source: rhipe PRISM Connect: Setting Up AutoTask (https\\://operations.rhipe.com/portal/en/kb/articles/setting-up-connectwise)\n"), "{md}");
        assert!(!md.contains("Inferred (advice)"), "{md}");
        // A baseline finding cites nothing.
        let excess = md.split("2. **excess**").nth(1).unwrap_or_default();
        let excess = excess.split("\n## ").next().unwrap_or_default();
        assert!(
            !excess.contains("Source:") && !excess.contains("> “"),
            "{md}"
        );
        // An inferred rule says so; a quote is page-proof text (an imported
        // profile's words are as untrusted as the page's).
        let r = report
            .results
            .iter_mut()
            .find(|r| r.outcome == Outcome::Fail)
            .unwrap();
        r.inferred = true;
        r.quote = Some("[click](https://evil.example/) <b>".into());
        let md = render(&report, &About::default());
        assert!(md.contains("\n   Inferred (advice): the source does not say this exactly.\n\n   > “\\[click\\](https\\://evil.example/) \\<b\\>”\n"), "{md}");
        // A source the report does not carry is named by its id.
        report.sources.clear();
        let md = render(&report, &About::default());
        assert!(md.contains("\n   Source: rhipe-guide\n"), "{md}");
    }

    #[test]
    fn a_passing_level_says_so_and_has_nothing_to_change() {
        let controls = CONTROLS
            .replace("\"Limited\", \"options\"", "\"Full\", \"options\"")
            .replace(
                "\"value\": \"[All](https://evil.example/)\"",
                "\"value\": \"None\"",
            );
        let md = render(
            &report_for(r#""Rhipe Integration""#, &controls, false),
            &About::default(),
        );
        assert!(md.contains("**All 7 rules pass.**"), "{md}");
        assert!(!md.contains("## To change"), "{md}");
    }

    #[test]
    fn a_page_that_is_not_judged_says_why_and_lists_no_rules() {
        let unbound = render(
            &report_for(r#""Finance Team""#, CONTROLS, false),
            &About::default(),
        );
        assert!(
            unbound.contains(
                "**Not judged: this is not one of rhipe PRISM Connect's security levels.**"
            ),
            "{unbound}"
        );
        assert!(!unbound.contains("## Every rule"), "{unbound}");
        let judged = render(
            &report_for(r#""Finance Team""#, CONTROLS, true),
            &About::default(),
        );
        assert!(judged.contains("**5/7 rules pass"), "{judged}");
    }

    #[test]
    fn escaping_keeps_text_on_one_line_and_inert() {
        assert_eq!(
            escape("  a\n|b|  <i>&amp; & c\t"),
            "a \\|b\\| \\<i\\>\\&amp; & c"
        );
        assert_eq!(
            escape("![x](y) `z` *w* _v_ ~u~"),
            "\\!\\[x\\](y) \\`z\\` \\*w\\* \\_v\\_ \\~u\\~"
        );
        assert_eq!(escape(""), "");
    }

    #[test]
    fn bare_addresses_in_page_text_cannot_become_links() {
        assert_eq!(
            escape("see https://evil.example/x, WWW.evil.example or help@evil.example"),
            "see https\\://evil.example/x, WWW\\.evil.example or help\\@evil.example"
        );
        assert_eq!(escape("Ratio 2:1 at www"), "Ratio 2:1 at www");
    }
}
