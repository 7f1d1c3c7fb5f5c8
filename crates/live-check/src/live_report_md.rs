//! The live API check's report as Markdown, for a support ticket: the
//! verdict, what to change, then every check by step. Texts that came from
//! Autotask or from the form (the user name, quoted errors) are escaped.

use crate::autotask_api::LiveReport;
use autotask_setup_guard::markdown::outcome_word as word;
use autotask_setup_guard::md_text::{fill, n};
use autotask_setup_guard::verify::Outcome;

pub fn render(report: &LiveReport) -> String {
    let mut md = String::from("# Autotask Setup Guard: live API check\n\n**");
    let sum = &report.summary;
    if report.passes {
        fill(&mut md, "All % checks pass.", &[&n(sum.total)]);
    } else {
        fill(
            &mut md,
            "%/% checks pass:",
            &[&n(sum.passed), &n(sum.total)],
        );
        let mut first = true;
        for o in [Outcome::Fail, Outcome::Incomplete] {
            let count = report.results.iter().filter(|r| r.outcome == o).count();
            if count > 0 {
                fill(
                    &mut md,
                    if first { " % %" } else { ", % %" },
                    &[&n(count), word(o)],
                );
                first = false;
            }
        }
        md.push('.');
    }
    md.push_str("**\n\n");
    let zone = report.zone.as_deref().unwrap_or("not found");
    fill(&mut md, "- Zone: %\n", &[zone]);
    let p = &report.profile;
    fill(
        &mut md,
        "- Profile: % % (%)\n",
        &[&p.name, &p.version, &p.id],
    );
    fill(
        &mut md,
        "- Requests sent: % (% with credentials)\n",
        &[&n(report.requests), &n(report.requests_with_credentials)],
    );
    if !report.checked_at.is_empty() {
        fill(&mut md, "- Checked: %\n", &[&report.checked_at]);
    }
    fill(&mut md, "- Engine: %\n", &[&report.engine]);

    let open: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .collect();
    if !open.is_empty() {
        md.push_str("\n## What to change\n\n");
        for r in open {
            fill(
                &mut md,
                "- **%** % · %: %\n",
                &[word(r.outcome), &r.section, &r.control, &r.message],
            );
        }
    }
    if !report.advice.is_empty() {
        md.push_str("\n## Advice\n\n");
        for a in &report.advice {
            fill(&mut md, "- %\n", &[a]);
        }
    }
    md.push_str(
        "\n## Every check\n\n| Step | Check | Expected | Found | Result |\n|---|---|---|---|---|\n",
    );
    for r in &report.results {
        fill(
            &mut md,
            "| % | % | % | % | % |\n",
            &[
                &r.section,
                &r.control,
                &r.expected,
                &r.found,
                word(r.outcome),
            ],
        );
    }
    md.push_str("\nThe secret is never part of this report.\n");
    md
}
