//! Every built-in profile on the fixture pages, natively, on exactly what the
//! extension's eyes read there (`tests/snapshots/`, kept in step with
//! `extension/content/snapshot.js` by `tests/e2e/snapshots.test.mjs`).
//!
//! rhipe's expectations are the fixture pairs themselves (the same ones the
//! extension is held to in Chromium and Firefox). Crayon's and Sync 365's are
//! counted by hand below, rule by rule, from each page's states (the pair's
//! `read` map).

use autotask_setup_guard::bind::Context;
use autotask_setup_guard::profile::{self, Severity};
use autotask_setup_guard::report;
use autotask_setup_guard::snapshot::Snapshot;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;

struct Kept {
    snapshot: Snapshot,
    /// Handle → the page's `data-fixture-id`.
    ids: BTreeMap<u64, String>,
}

fn kept(name: &str) -> Kept {
    let path = format!("{}/tests/snapshots/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("a kept snapshot is JSON");
    let ids = v["fixtureIds"]
        .as_object()
        .expect("fixtureIds")
        .iter()
        .map(|(h, id)| {
            (
                h.parse().expect("a handle"),
                id.as_str().unwrap().to_string(),
            )
        })
        .collect();
    Kept {
        snapshot: Snapshot::from_json(&v["snapshot"].to_string()).expect("a well-formed snapshot"),
        ids,
    }
}

/// The report as JSON, for a profile; `choose` judges the page's level as the
/// admin's "Check against <profile>" does (its name fits only rhipe's hint).
fn check(profile_id: &str, kept: &Kept, choose: bool) -> Value {
    let p = profile::find(profile_id).expect("a built-in profile");
    let first = report::check(p, &kept.snapshot, &Context::default());
    let level = first.recognition.level_name.clone().unwrap_or_default();
    let ctx = if choose {
        json!({"profile": profile_id, "chosenLevels": [level]})
    } else {
        json!({"profile": profile_id})
    };
    let ctx = Context::from_json(&ctx.to_string()).expect("a context");
    serde_json::to_value(report::check(p, &kept.snapshot, &ctx)).expect("a report")
}

/// Fixture id → outcome, for every mark.
fn marks(report: &Value, kept: &Kept) -> BTreeMap<String, String> {
    report["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .map(|m| {
            let handle = m["handle"].as_u64().unwrap();
            let id = kept
                .ids
                .get(&handle)
                .unwrap_or_else(|| panic!("mark on handle {handle} with no fixture id"));
            (id.clone(), m["outcome"].as_str().unwrap().to_string())
        })
        .collect()
}

fn summary(report: &Value) -> String {
    match &report["summary"] {
        Value::Null => "none".into(),
        s => format!("{}/{}", s["passed"], s["total"]),
    }
}

const SECURITY_LEVEL_PAIRS: &[&str] = &[
    "classic-all-correct",
    "classic-collapsed-sections",
    "classic-deviations",
    "classic-fresh-copy",
    "classic-guide-literal",
    "classic-label-variants",
    "classic-missing-section",
    "classic-positional-labels",
    "classic-unbound",
    "current-ui-unreadable",
    "current-ui",
    "hostile-labels",
];

#[test]
fn rhipe_natively_gives_what_each_fixture_pair_states() {
    for name in SECURITY_LEVEL_PAIRS {
        let name = format!("security-level/{name}");
        let kept = kept(&name);
        let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let spec: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let report = check("rhipe-prism-connect", &kept, false);
        assert_eq!(report["page"], spec["page"], "{name}");
        let bound = if report["bound"] == true { "yes" } else { "no" };
        assert_eq!(bound, spec["bound"].as_str().unwrap_or("no"), "{name}");
        assert_eq!(
            summary(&report),
            spec["summary"].as_str().unwrap_or("none"),
            "{name}"
        );
        let want: BTreeMap<String, String> = spec["marks"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(marks(&report, &kept), want, "{name}");
    }
}

/// A profile's verdict on a page: its summary and every mark that is not `pass`.
fn expect(profile_id: &str, page: &str, want_summary: &str, not_pass: &[(&str, &str)]) {
    let kept = kept(&format!("security-level/{page}"));
    let report = check(profile_id, &kept, true);
    assert_eq!(report["bound"], true, "{profile_id} on {page}");
    assert_eq!(report["profile"]["id"], profile_id);
    assert_eq!(summary(&report), want_summary, "{profile_id} on {page}");
    let got: BTreeMap<String, String> = marks(&report, &kept)
        .into_iter()
        .filter(|(_, outcome)| outcome != "pass")
        .collect();
    let want: BTreeMap<String, String> = not_pass
        .iter()
        .map(|(id, outcome)| (id.to_string(), outcome.to_string()))
        .collect();
    assert_eq!(got, want, "{profile_id} on {page}");
    // Every control on the page is judged (marked) by every profile.
    assert_eq!(
        marks(&report, &kept).len(),
        kept.ids.len(),
        "{profile_id} on {page}"
    );
}

// Crayon's guide states the Inventory Products columns but only its
// screenshot the levels: those four rules are inferred advice (`warn`),
// never counted.
const PRODUCTS_OFF: [(&str, &str); 4] = [
    ("inventory-products-view", "warn"),
    ("inventory-products-add", "warn"),
    ("inventory-products-edit", "warn"),
    ("inventory-products-delete", "warn"),
];

#[test]
fn crayon_billing_sync_on_the_fixture_pages() {
    // 12 named rules, 6 of them inferred advice. rhipe's correct page has
    // Crayon's two internal cost boxes off (they fail) and Inventory
    // Products at None (4 warnings, not counted: 55 - 4 = 51); Customer &
    // Cancellation = All is in both guides: 49 of 51 pass.
    let mut all_correct = vec![
        ("contracts-internal-costs", "fail"),
        ("other-internal-cost", "fail"),
    ];
    all_correct.extend(PRODUCTS_OFF);
    expect(
        "crayon-billing-sync",
        "classic-all-correct",
        "49/51",
        &all_correct,
    );

    // Contract Visibility = Limited is inferred advice too (55 - 5 = 50);
    // login and the two internal cost boxes off fail; three baseline
    // controls above None.
    let mut deviations = vec![
        ("contracts-internal-costs", "fail"),
        ("other-internal-cost", "fail"),
        ("wsapi-login", "fail"),
        ("contract-visibility", "warn"),
        ("crm-vendors", "excess"),
        ("crm-companies-view", "excess"),
        ("wsapi-impersonation", "excess"),
    ];
    deviations.extend(PRODUCTS_OFF);
    expect(
        "crayon-billing-sync",
        "classic-deviations",
        "44/50",
        &deviations,
    );

    // The current UI: 57 controls, Visibility and the four Products rules
    // warn (52 counted); Service/Bundle and the internal cost boxes off;
    // Approve & Post, Companies View and Webhooks above the baseline.
    let mut current = vec![
        ("contracts-service-bundle", "fail"),
        ("contracts-internal-costs", "fail"),
        ("other-internal-cost", "fail"),
        ("contract-visibility", "warn"),
        ("contracts-approve-post", "excess"),
        ("crm-companies-view", "excess"),
        ("other-webhooks", "excess"),
    ];
    current.extend(PRODUCTS_OFF);
    expect("crayon-billing-sync", "current-ui", "46/52", &current);
}

#[test]
fn sync_365_on_the_fixture_pages() {
    // 19 named rules. On every page: Contracts Add = No, Accounts & Contacts
    // and Contracts & Un-Posting off, and Companies (the guide's Accounts)
    // Add = No fail; Companies Edit and Inventory Products View at None are
    // advice (`warn`, not counted). The pages have no Contacts, Items or
    // Product Notes row and no Service Desk object matrix: those 7 rules are
    // incomplete (counted, never passed). classic pages: 55 controls + 7 = 62
    // results, 2 of them warnings: total 60.
    let base = [
        ("contracts-add", "fail"),
        ("admin-accounts", "fail"),
        ("admin-contracts", "fail"),
        ("crm-companies-add", "fail"),
        ("crm-companies-edit", "warn"),
        ("inventory-products-view", "warn"),
    ];
    // 55 - 4 fail - 2 warn passed.
    expect("sync-365", "classic-all-correct", "49/60", &base);

    let mut deviations = base.to_vec();
    deviations.extend([
        ("contract-visibility", "fail"),
        ("wsapi-login", "fail"),
        ("crm-vendors", "excess"),
        ("crm-companies-view", "excess"),
        ("wsapi-impersonation", "excess"),
    ]);
    // 55 - 6 fail - 3 excess - 2 warn passed.
    expect("sync-365", "classic-deviations", "44/60", &deviations);

    let mut current = base.to_vec();
    current.extend([
        ("contract-visibility", "fail"),
        ("contracts-service-bundle", "fail"),
        ("contracts-approve-post", "excess"),
        ("crm-companies-view", "excess"),
        ("other-webhooks", "excess"),
    ]);
    // 57 controls: 57 - 6 fail - 3 excess - 2 warn passed of 57 + 7 - 2.
    expect("sync-365", "current-ui", "46/62", &current);
}

#[test]
fn every_inferred_rule_is_advice_and_every_rule_cites_a_source() {
    let all = profile::built_in().expect("built-in profiles parse");
    let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "rhipe-prism-connect",
            "crayon-billing-sync",
            "sync-365",
            "cow-warranty-sync",
            "msp360-managed-backup",
            "guardz",
            "timezest",
            "rewst"
        ]
    );
    for p in all {
        for rule in p.security_level.sections.iter().flat_map(|s| &s.rules) {
            assert!(
                p.sources.iter().any(|s| s.id == rule.source),
                "{}: {}",
                p.id,
                rule.id
            );
            if rule.inferred {
                assert_eq!(rule.severity, Severity::Warn, "{}: {}", p.id, rule.id);
            }
        }
    }
}

#[test]
fn an_inferred_rule_not_met_is_advice_that_says_so() {
    let kept = kept("security-level/classic-deviations");
    let report = check("crayon-billing-sync", &kept, true);
    let visibility = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "contracts-visibility")
        .expect("the visibility result");
    assert_eq!(visibility["outcome"], "warn");
    assert!(
        visibility["message"]
            .as_str()
            .unwrap()
            .starts_with("Set \"Contract Visibility (for contracts you have access to)\" to Full (now Limited) (advice: inferred"),
        "{}",
        visibility["message"]
    );
    // Advice never makes the guard's "Fix for me" change a control.
    let handle = &visibility["handles"][0];
    let mark = report["marks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| &m["handle"] == handle)
        .unwrap();
    assert_eq!(mark["apply"], Value::Null);
}

#[test]
fn a_profile_error_names_the_field_and_its_line() {
    let good: Value = serde_json::from_str(include_str!("../src/profiles/sync-365.json")).unwrap();
    type Spoil = fn(&mut Value);
    // Each spoils one field; `marker` is text found only on the line the
    // error must name (for a missing field: the line of the object's "{"
    // before the marker).
    let cases: [(Spoil, &str, &str, &str); 4] = [
        (
            |v| v["security_level"]["sections"][0]["rules"][2]["severity"] = json!("error"),
            "security_level.sections[0].rules[2].severity",
            "expected \"fail\" or \"warn\"",
            "\"severity\": \"error\"",
        ),
        (
            |v| v["security_level"]["sections"][1]["rules"][0]["inferred"] = json!(true),
            "security_level.sections[1].rules[0].inferred",
            "an inferred rule must have \"severity\": \"warn\"",
            "\"inferred\": true",
        ),
        (
            |v| v["security_level"]["sections"][8]["rules"][1]["colour"] = json!("red"),
            "security_level.sections[8].rules[1].colour",
            "unknown field",
            "\"colour\"",
        ),
        (
            |v| {
                v["security_level"]["sections"][10]["rules"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("why");
            },
            "security_level.sections[10].rules[0].why",
            "missing; expected a text",
            "\"Can login to Web Services API\"",
        ),
    ];
    for (spoil, field, message, marker) in cases {
        let mut v = good.clone();
        spoil(&mut v);
        let text = serde_json::to_string_pretty(&v).unwrap();
        let err = profile::parse("mine.json", &text).unwrap_err();
        assert_eq!(err.field, field);
        assert!(err.message.starts_with(message), "{}", err.message);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains(marker)).unwrap();
        let at = if message.starts_with("missing") {
            (0..at).rev().find(|&i| lines[i].trim() == "{").unwrap()
        } else {
            at
        };
        let line = at + 1;
        assert_eq!(err.line, Some(line), "{field}");
        assert_eq!(
            err.to_string(),
            format!("mine.json: field `{field}`: {} (line {line})", err.message)
        );
    }
    // A syntax error keeps serde_json's own line and column.
    let err = profile::parse("mine.json", "{\n  \"format\": 1,\n  oops\n}").unwrap_err();
    assert_eq!(err.line, None);
    assert!(
        err.to_string()
            .starts_with("mine.json: not valid JSON at line 3, column 3"),
        "{err}"
    );
}

#[test]
fn the_format_page_example_is_a_valid_profile_and_lists_every_built_in() {
    let doc = include_str!("../docs/profile-format.md");
    let start = doc.find("```json\n").expect("an example") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("the example's end");
    let example =
        profile::parse("profile-format.md", &doc[start..end]).expect("the example parses");
    assert_eq!(example.id, "example-sync");
    assert_eq!(example.format, profile::FORMAT);
    for p in profile::built_in().unwrap() {
        assert!(
            doc.contains(&format!("| `{}` {}", p.id, p.version)),
            "docs/profile-format.md does not list {} {}",
            p.id,
            p.version
        );
    }
}

#[test]
fn an_imported_profile_may_not_take_a_built_in_id_and_built_ins_export_their_own_text() {
    let text = include_str!("../src/profiles/sync-365.json");
    let err = profile::parse_custom("mine.json", text).unwrap_err();
    assert_eq!(err.field, "id");
    assert_eq!(err.line, Some(3));
    assert!(err.message.contains("built-in profile"), "{}", err.message);
    let own = text.replace("\"id\": \"sync-365\"", "\"id\": \"sync-365-acme\"");
    assert_eq!(
        profile::parse_custom("mine.json", &own).unwrap().id,
        "sync-365-acme"
    );
    assert_eq!(profile::built_in_text("sync-365"), Some(text));
    assert_eq!(profile::built_in_text("nope"), None);
}

#[test]
fn an_imported_profile_over_256_kb_is_refused_with_its_size() {
    let text = include_str!("../src/profiles/sync-365.json")
        .replace("\"id\": \"sync-365\"", "\"id\": \"big\"");
    // The same profile, padded with whitespace: valid JSON, only too large.
    let big = format!("{text}{}", " ".repeat(profile::MAX_BYTES));
    let err = profile::parse_custom("big.json", &big).unwrap_err();
    assert!(
        err.to_string().starts_with("big.json: the file is "),
        "{err}"
    );
    assert!(err.to_string().contains("at most 256 KB"), "{err}");
    let fits = format!("{text}{}", " ".repeat(profile::MAX_BYTES - text.len()));
    assert_eq!(profile::parse_custom("fits.json", &fits).unwrap().id, "big");
}

#[test]
fn the_built_in_list_is_every_profile_file_and_each_id_is_its_file_name() {
    // The build ships every profile file of src/profiles/ (the `.api.json`
    // parts are the live check's) beside the engine, which takes exactly
    // those of its list: a file left out of either would be missing.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/profiles");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("src/profiles")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|f| f.ends_with(".json") && !f.ends_with(".api.json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = profile::BUILT_IN
        .iter()
        .map(|id| profile::file_of(id))
        .collect();
    listed.sort();
    assert_eq!(listed, files);
    for id in profile::BUILT_IN {
        assert_eq!(&profile::find(id).expect("a built-in profile").id, id);
    }
    assert!(profile::find("nope")
        .unwrap_err()
        .contains("known: rhipe-prism-connect, "));
}

#[test]
fn a_built_in_profile_is_given_once() {
    let text = include_str!("../src/profiles/guardz.json");
    assert_eq!(profile::provide("guardz.json", text.to_string()), Ok(()));
    let err = profile::provide("guardz.json", "{}".to_string()).unwrap_err();
    assert!(err.contains("already given"), "{err}");
    let err = profile::provide("acme.json", text.to_string()).unwrap_err();
    assert!(
        err.contains("not one of this engine's built-in profiles"),
        "{err}"
    );
}

/// Every built-in rule the guide states quotes the guide's own words; a rule
/// it is silent on is inferred advice. (A table row is quoted as its cells.)
#[test]
fn every_rule_a_guide_states_quotes_its_words() {
    for p in profile::built_in().unwrap() {
        for s in &p.security_level.sections {
            for r in &s.rules {
                if r.inferred {
                    continue;
                }
                let q = r.quote.as_deref().unwrap_or_default();
                assert!(!q.trim().is_empty(), "{}: {} quotes its guide", p.id, r.id);
                let source = p.sources.iter().find(|x| x.id == r.source).unwrap();
                assert!(
                    !source.title.starts_with("Autotask help"),
                    "{}: {} quotes a vendor's guide, not Autotask's help",
                    p.id,
                    r.id
                );
            }
        }
    }
}

/// Every quote of a profile's rules, with the rule's id.
fn quotes_of(p: &profile::Profile) -> Vec<(String, String)> {
    let level = p.security_level.sections.iter().flat_map(|s| &s.rules);
    let checks = p
        .api_user
        .iter()
        .flat_map(|a| &a.rules)
        .chain(p.contract.iter().flat_map(|c| &c.rules));
    level
        .filter_map(|r| Some((r.id.clone(), r.quote.clone()?)))
        .chain(checks.filter_map(|r| Some((r.id.clone(), r.quote.clone()?))))
        .collect()
}

/// Crayon's own guide ("AutoTask Setup"), its security level steps as
/// docs/vendors/crayon-billing-sync.md holds them: every quote of the
/// profile is in them, word for word (spacing aside).
#[test]
fn crayon_quotes_its_own_guide_text_exactly() {
    let doc = include_str!("../docs/vendors/crayon-billing-sync.md");
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let steps: String = doc
        .lines()
        .filter_map(|l| l.strip_prefix("> "))
        .collect::<Vec<_>>()
        .join("\n");
    let guide = squeeze(&steps);
    assert!(
        guide.contains("Can View Internal Cost and Sensitive Data"),
        "{guide}"
    );
    let p = profile::find("crayon-billing-sync").unwrap();
    let quotes = quotes_of(p);
    for (rule, q) in &quotes {
        assert!(
            guide.contains(&squeeze(q)),
            "{rule}: \"{q}\" is not the guide's text"
        );
    }
    assert!(quotes.len() >= 10, "only {} quotes", quotes.len());
    let source = &p.sources[0];
    assert_eq!(
        source.url.as_deref(),
        Some("https://support-billingsync.crayon.com/hc/en-us/articles/16488281725212-AutoTask-Setup")
    );
    assert!(doc.contains(source.url.as_deref().unwrap()));
}

/// rhipe's guide, as published: every quote of its profile is in it, word
/// for word (spacing aside).
#[test]
fn rhipe_quotes_the_guide_text_exactly() {
    let path = std::env::var("ASG_RHIPE_GUIDE")
        .unwrap_or_else(|_| "/work/shared/reference/rhipe-setting-up-autotask.txt".into());
    let Ok(text) = fs::read_to_string(&path) else {
        eprintln!("note: {path} is not here; the quotes are checked where the guide's text is");
        return;
    };
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let guide = squeeze(&text);
    let mut quoted = 0;
    for (rule, q) in quotes_of(profile::find("rhipe-prism-connect").unwrap()) {
        assert!(
            guide.contains(&squeeze(&q)),
            "rhipe-prism-connect: {rule}: \"{q}\" is not the guide's text"
        );
        quoted += 1;
    }
    assert!(quoted >= 6, "only {quoted} quotes");
}

#[test]
fn a_quote_that_is_empty_too_long_or_without_its_source_is_refused_with_its_field() {
    let text = profile::built_in_text("guardz").unwrap();
    let mut v: Value = serde_json::from_str(text).unwrap();
    let i = v["security_level"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["rules"].as_array().is_some_and(|r| !r.is_empty()))
        .unwrap();
    let at = format!("security_level.sections[{i}].rules[0].quote");
    let at = at.as_str();
    v["security_level"]["sections"][i]["rules"][0]["quote"] = json!("  ");
    let err = profile::parse_custom("q.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains(at) && err.contains("empty"), "{err}");
    v["security_level"]["sections"][i]["rules"][0]["quote"] = json!("x".repeat(601));
    let err = profile::parse_custom("q.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains(at) && err.contains("600"), "{err}");
    v["security_level"]["sections"][i]["rules"][0]["quote"] = json!(7);
    let err = profile::parse_custom("q.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains(at), "{err}");
    // A check rule (the API user's) may leave out its source, but not when it quotes one.
    let mut v: Value = serde_json::from_str(profile::built_in_text("timezest").unwrap()).unwrap();
    let rule = &mut v["api_user"]["rules"][0];
    rule.as_object_mut().unwrap().remove("source");
    rule["quote"] = json!("Enter any convenient value");
    let err = profile::parse_custom("q.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("api_user.rules[0].quote") && err.contains("source"),
        "{err}"
    );
}

/// The README lists every built-in profile with its sources, as the profile
/// files cite them: a profile added, a source renamed or given an address
/// must show there too.
#[test]
fn the_readme_lists_every_built_in_profile_with_its_sources() {
    let readme = include_str!("../README.md");
    for p in profile::built_in().unwrap() {
        assert!(
            readme.contains(&format!("(`{}`", p.id)),
            "README's profile table has no row for `{}`",
            p.id
        );
        let item = format!("- `{}` ({} {}):\n", p.id, p.name, p.version);
        let at = readme
            .find(&item)
            .unwrap_or_else(|| panic!("README's source list has no \"{}\"", item.trim()));
        let rest = &readme[at + item.len()..];
        let listed: Vec<&str> = rest.lines().take_while(|l| l.starts_with("  - ")).collect();
        let want: Vec<String> = p
            .sources
            .iter()
            .map(|s| match &s.url {
                Some(url) => format!("  - {}: <{url}>", s.title),
                None => format!("  - {} (no address recorded)", s.title),
            })
            .collect();
        assert_eq!(listed, want, "README's sources of `{}`", p.id);
        for url in p.sources.iter().filter_map(|s| s.url.as_deref()) {
            assert!(url.starts_with("https://"), "{}: {url}", p.id);
        }
    }
}
