//! Each built-in profile's size and its verdict on a fresh copy of the
//! API-only level: `cargo run --example vendor_table`.
//!
//! The page is the fixture's fresh copy (`tests/snapshots/security-level/
//! classic-fresh-copy.json`: "Copy of API User (system) (API-only)" with
//! everything allowed, as the extension's eyes read it), judged once the
//! admin said which integration it is for (a fresh copy is asked first, and
//! judged by nobody until then). The counts are what an admin who copied the
//! level and changed nothing would see: the findings to fix before saving.
//! Rows print as Markdown, for a README or a note.

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::checks::Outcome;
use autotask_setup_guard::profile;
use autotask_setup_guard::report;
use autotask_setup_guard::snapshot::Snapshot;
use serde_json::{json, Value};

const FRESH: &str = "Copy of API User (system) (API-only)";

fn main() -> Result<(), String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/security-level/classic-fresh-copy.json"
    );
    let kept: Value =
        serde_json::from_str(&std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?)
            .map_err(|e| format!("{path}: {e}"))?;
    let snap = Snapshot::from_json(&kept["snapshot"].to_string()).map_err(|e| e.to_string())?;
    println!("Fresh copy of the API-only level ({} controls), judged by each built-in profile once chosen for it:\n", snap.controls.len());
    println!("| profile | version | security level rules | API user rules | unchosen | summary | fail | excess | incomplete | warn |");
    println!("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    for p in profile::built_in().map_err(|e| e.to_string())? {
        let level_rules: usize = p
            .security_level
            .sections
            .iter()
            .map(|s| s.rules.len())
            .sum();
        let user_rules = p.api_user.as_ref().map_or(0, |a| a.rules.len());
        let asked = report::check(p, &snap, &context(&p.id, false)?);
        let unchosen = if asked.bound { "judged" } else { "asked" };
        let r = report::check(p, &snap, &context(&p.id, true)?);
        let count = |o: Outcome| r.results.iter().filter(|x| x.outcome == o).count();
        let summary = r.summary.map_or("not judged".to_string(), |s| {
            format!("{}/{}", s.passed, s.total)
        });
        println!(
            "| {} (`{}`) | {} | {level_rules} | {user_rules} | {unchosen} | {summary} | {} | {} | {} | {} |",
            p.name,
            p.id,
            p.version,
            count(Outcome::Fail),
            count(Outcome::Excess),
            count(Outcome::Incomplete),
            count(Outcome::Warn),
        );
    }
    Ok(())
}

fn context(id: &str, chosen: bool) -> Result<Context, String> {
    let ctx = if chosen {
        json!({"profile": id, "levelProfiles": {FRESH: id}})
    } else {
        json!({"profile": id})
    };
    Context::from_json(&ctx.to_string()).map_err(|e| e.to_string())
}
