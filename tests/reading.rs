//! The engine reads each security level fixture as a person does: every
//! judged control's section, label, column and state as the fixture's `read`
//! map says ("SECTION / label [column] = state"), on the page as the eyes
//! see it (`tests/snapshots/`, kept equal to the live page by
//! `tests/e2e/snapshots.test.mjs`).

use autotask_setup_guard::snapshot::{ControlKind, Snapshot};
use serde_json::Value;
use std::fs;

fn line(c: &autotask_setup_guard::snapshot::Control) -> String {
    let state = match c.kind {
        ControlKind::Checkbox | ControlKind::Radio => match c.checked {
            None => "?".to_string(),
            Some(true) => "on".into(),
            Some(false) => "off".into(),
        },
        _ => format!(
            "{}{}",
            c.value.as_deref().unwrap_or("?"),
            if c.kind == ControlKind::Select && c.options.is_empty() {
                " (options unknown)"
            } else {
                ""
            }
        ),
    };
    let column = c
        .column
        .as_ref()
        .map(|col| format!(" [{col}]"))
        .unwrap_or_default();
    let hidden = if c.hidden { " (hidden)" } else { "" };
    format!(
        "{} / {}{column} = {state}{hidden}",
        c.path.join(" / "),
        c.label
    )
}

#[test]
fn every_kept_security_level_page_reads_as_its_read_map_says() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/tests/snapshots/security-level");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in fs::read_dir(&dir).expect("the kept snapshots") {
        let path = entry.expect("a kept snapshot").path();
        let kept: Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("readable")).expect("JSON");
        let name = kept["fixture"]
            .as_str()
            .expect("the fixture's name")
            .to_string();
        let spec: Value = serde_json::from_str(
            &fs::read_to_string(format!("{root}/tests/fixtures/{name}.json"))
                .expect("the fixture pair"),
        )
        .expect("JSON");
        let Some(read) = spec["read"].as_object() else {
            continue;
        };
        let snap =
            Snapshot::from_json(&kept["snapshot"].to_string()).expect("a well-formed snapshot");
        let ids = kept["fixtureIds"].as_object().expect("fixtureIds");
        let mut seen = 0;
        for (handle, id) in ids {
            let id = id.as_str().expect("an id");
            let handle: u32 = handle.parse().expect("a handle");
            let Some(c) = snap.controls.iter().find(|c| c.handle == handle) else {
                problems.push(format!("{name} {id}: no control"));
                continue;
            };
            match read.get(id).and_then(Value::as_str) {
                Some(want) if want == line(c) => seen += 1,
                Some(want) => problems.push(format!(
                    "{name} {id}:\n      expected {want}\n      found    {}",
                    line(c)
                )),
                None => problems.push(format!("{name}: {id} read but not in \"read\"")),
            }
        }
        if seen != read.len() {
            problems.push(format!(
                "{name}: {seen} of the {} controls of \"read\" read right",
                read.len()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} kept pages have a read map");
    assert!(problems.is_empty(), "\n  {}", problems.join("\n  "));
}
