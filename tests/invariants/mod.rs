//! What must hold for any input, whatever it is. Shared by the property
//! tests (`tests/properties.rs`, generated inputs) and the fuzz targets
//! (`fuzz/`, raw bytes): each function takes outside data, runs the engine
//! on it and panics only when an invariant is broken (a panic inside the
//! engine is a failure too).
#![allow(dead_code)] // each user takes the part it needs

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::profile::{self, Profile};
use autotask_setup_guard::report::{self, Report};
use autotask_setup_guard::snapshot::Snapshot;
use autotask_setup_guard::verify::Outcome;
use std::collections::HashSet;

pub fn rhipe() -> &'static Profile {
    profile::find("rhipe-prism-connect").expect("the built-in profile parses")
}

/// Any text as a profile: refused with the file and (for a JSON object) the
/// field named, or accepted and usable for a check.
pub fn profile_text(text: &str) {
    match profile::parse("fuzzed.json", text) {
        Ok(p) => {
            let judged = report::check(&p, &Snapshot::default(), &Context::default());
            assert!(!judged.passes, "an empty page never passes");
        }
        Err(e) => {
            assert!(!e.message.is_empty(), "an error says what was expected");
            assert!(e.to_string().starts_with("fuzzed.json: "), "{e}");
            let is_object = serde_json::from_str::<serde_json::Value>(text)
                .map(|v| v.is_object())
                .unwrap_or(false);
            if is_object {
                assert!(!e.field.is_empty(), "a refused object names its field: {e}");
            }
        }
    }
}

/// Any text as a snapshot, judged under a context that judges any level.
pub fn snapshot_text(text: &str) {
    if let Ok(snap) = Snapshot::from_json(text) {
        let ctx = Context {
            judge_any_level: true,
            ..Context::default()
        };
        judged(rhipe(), &snap, &ctx);
    }
}

/// Judges one snapshot and checks the results definition (design:
/// "Results") on the report; returns the report for further checks.
pub fn judged(profile: &Profile, snap: &Snapshot, ctx: &Context) -> Report {
    let r = report::check(profile, snap, ctx);
    assert_eq!(r.seq, snap.seq, "a report answers its snapshot");
    let counted = r
        .results
        .iter()
        .filter(|x| x.outcome != Outcome::Warn)
        .count();
    let passed = r
        .results
        .iter()
        .filter(|x| x.outcome == Outcome::Pass)
        .count();
    match r.summary {
        Some(s) => {
            assert!(r.bound);
            assert_eq!(
                s.total, counted,
                "total counts every result that is not a warn"
            );
            assert_eq!(s.passed, passed, "passed counts the passes");
            assert!(s.passed <= s.total);
            assert_eq!(r.passes, s.passed == s.total);
        }
        None => {
            assert!(!r.passes, "an unjudged page never passes");
            assert!(
                r.results.is_empty() && r.marks.is_empty(),
                "an unjudged page is unmarked"
            );
        }
    }
    let blocking = r.results.iter().any(|x| {
        matches!(
            x.outcome,
            Outcome::Fail | Outcome::Excess | Outcome::Incomplete
        )
    });
    assert!(
        !(r.passes && blocking),
        "a page with a fail, excess or incomplete never passes"
    );

    let by_handle = |h: u32| snap.controls.iter().find(|c| c.handle == h);
    for x in &r.results {
        if x.outcome == Outcome::Pass {
            assert!(
                !x.handles.is_empty(),
                "a missing control never passes: {x:?}"
            );
            for &h in &x.handles {
                let c = by_handle(h).expect("a passing result is about a control on the page");
                assert!(
                    c.checked.is_some() || c.value.is_some(),
                    "an unreadable control never passes"
                );
            }
        }
    }
    if r.bound {
        // Every rule the profile names is judged exactly once.
        for section in &profile.security_level.sections {
            for rule in &section.rules {
                let n = r.results.iter().filter(|x| x.rule == rule.id).count();
                assert_eq!(n, 1, "rule {} judged {n} times", rule.id);
            }
        }
    }
    let handles: HashSet<u32> = snap.controls.iter().map(|c| c.handle).collect();
    for m in &r.marks {
        assert!(
            handles.contains(&m.handle),
            "a mark names a control of the snapshot"
        );
    }
    if handles.len() == snap.controls.len() {
        let mut seen = HashSet::new();
        for m in &r.marks {
            assert!(
                seen.insert(m.handle),
                "control {} has one outcome, not two",
                m.handle
            );
        }
    }
    serde_json::to_string(&r).expect("a report always serialises");
    r
}

/// Any bytes as a single-file save: refused with a code, or split into
/// `location NUL html NUL` pairs.
#[cfg(feature = "checker")]
pub fn mhtml_bytes(data: &[u8]) {
    use autotask_setup_guard::mhtml;
    match mhtml::html_parts(data) {
        Ok(out) => {
            assert_eq!(out.last(), Some(&0), "every field ends with NUL");
            let fields = out.iter().filter(|&&b| b == 0).count();
            assert!(
                fields >= 2 && fields % 2 == 0,
                "fields come in location/html pairs"
            );
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
}
