//! What must hold for any answers the Autotask API gives, over a whole
//! live check. Shared by the property tests (`tests/properties.rs`,
//! generated answers) and the fuzz target `api_answers` (`fuzz/`, raw
//! bytes): each function runs the check on outside data and panics only when
//! an invariant is broken (a panic inside the check is a failure too).
#![allow(dead_code)] // each user takes the part it needs

use autotask_setup_guard::verify::Outcome;
use std::collections::HashSet;

/// The username and secret every API run uses unless told otherwise; both
/// must stay out of the report.
pub const API_USER: &str = "PropUser7Q";
pub const API_SECRET: &str = "Pr0p\"Se\\cr%et+9";

/// The browser's URL parser, as far as the check needs it: `https://host/path`
/// split into its parts, anything else refused.
fn parse_url(text: &str) -> Option<asg_live_check::autotask_api::UrlParts> {
    let rest = text.strip_prefix("https://")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    Some(asg_live_check::autotask_api::UrlParts {
        protocol: "https:".into(),
        hostname: host.to_ascii_lowercase(),
        pathname: if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
        ..Default::default()
    })
}

/// One whole live check as `api_run_as`, with `API_USER` and `API_SECRET`.
pub fn api_run(
    answers: &[asg_live_check::autotask_api::Answer],
    order: &[u8],
) -> asg_live_check::autotask_api::LiveReport {
    api_run_as(API_USER, API_SECRET, answers, order)
}

/// One whole live check, each request answered in turn from `answers`
/// (cycled; a 200 with `{}` once they run out) and each batch's answers
/// handed back in an order picked by `order`. Checks: it ends, at most
/// `MAX_REQUESTS` requests, at most `MAX_PARALLEL` at once, the summary
/// adds up, every rule is there once, no rule passes whose request was not
/// answered with 200, no access rule passes unless the answer says "All"
/// (or 1) and its entity allows the operation, no read passes of an entity
/// that refuses queries, and neither the username nor the secret is in the
/// report or its Markdown in any form.
pub fn api_run_as(
    user: &str,
    secret: &str,
    answers: &[asg_live_check::autotask_api::Answer],
    order: &[u8],
) -> asg_live_check::autotask_api::LiveReport {
    use asg_live_check::autotask_api::{Answer, Check, Input, MAX_PARALLEL, MAX_REQUESTS};
    let input = Input::from_json(
        &serde_json::json!({
            "username": user,
            "integrationCode": "CODE1",
            "checkedAt": "2026-11-27T10:00:00Z",
        })
        .to_string(),
    )
    .expect("valid input");
    let mut check = Check::new(input, secret).expect("the check starts");
    let mut next = 0;
    let mut sent = 0;
    // The addresses answered with 200, with the body of each.
    let mut ok: Vec<(String, String)> = Vec::new();
    for round in 0.. {
        assert!(round <= MAX_REQUESTS, "the check does not end");
        let batch = check.next_batch();
        if batch.is_empty() {
            break;
        }
        assert!(
            batch.len() <= MAX_PARALLEL,
            "{} requests at once",
            batch.len()
        );
        sent += batch.len();
        assert!(sent <= MAX_REQUESTS, "{sent} requests");
        assert!(batch
            .iter()
            .all(|r| r.credentials != r.url.contains("zoneInformation")));
        let shift = order.get(round).copied().unwrap_or(0) as usize % batch.len();
        let mut batch = batch;
        batch.rotate_left(shift);
        for request in batch {
            let answer = if next < answers.len() {
                answers[next].clone()
            } else {
                Answer::Http {
                    status: 200,
                    body: "{}".into(),
                }
            };
            next += 1;
            if let Answer::Http { status: 200, body } = &answer {
                ok.push((request.url.clone(), body.clone()));
            }
            check.answer(request.id, answer, &parse_url);
        }
    }
    assert!(check.done(), "no request is pending and the check is over");
    let report = check.report();
    assert_eq!(report.requests, sent);
    assert!(report.requests_with_credentials <= sent);
    let judged: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.outcome != Outcome::Warn)
        .collect();
    assert_eq!(
        report.summary.total,
        judged.len(),
        "total counts every result that is not a warn"
    );
    assert_eq!(
        report.summary.passed,
        judged.iter().filter(|r| r.outcome == Outcome::Pass).count()
    );
    assert_eq!(report.passes, report.summary.passed == report.summary.total);
    let mut rules = HashSet::new();
    for r in &report.results {
        assert!(rules.insert(r.rule.as_str()), "{} twice", r.rule);
        assert!(!r.message.is_empty(), "{} has no words", r.rule);
        if r.outcome != Outcome::Pass {
            continue;
        }
        let answered = |end: &str| ok.iter().find(|(u, _)| u.ends_with(end)).map(|(_, b)| b);
        let entity = |prefix: &str| {
            r.rule
                .strip_prefix(prefix)
                .map(|e| e.split('-').next().unwrap_or(e).to_string())
        };
        let proven = match r.rule.as_str() {
            "zone-lookup" => answered("zoneInformation").is_some(),
            "credentials" | "request-budget" => answered("/ThresholdInformation").is_some(),
            _ => match (entity("access-"), entity("read-")) {
                (Some(e), _) => {
                    let op = r.rule.rsplit('-').next().unwrap_or_default();
                    let body = answered(&format!("/{e}/entityInformation"));
                    assert!(
                        body.is_none_or(|b| grants(b, op)),
                        "{} passes though the answer does not grant it: {body:?}",
                        r.rule
                    );
                    body.is_some()
                }
                (_, Some(e)) => {
                    let info = answered(&format!("/{e}/entityInformation"));
                    assert!(
                        info.is_none_or(|b| entity_allows(b, "query") != Some(false)),
                        "{} passes though the entity refuses queries",
                        r.rule
                    );
                    answered(&format!("/{e}/query")).is_some()
                }
                _ => false,
            },
        };
        assert!(proven, "{} passes without a 200 answer", r.rule);
    }
    assert_eq!(rules.len(), 13, "every rule of the profile's needs, once");
    let markdown = asg_live_check::live_report_md::render(&report);
    let json = serde_json::to_string(&report).expect("the report serializes");
    for (what, value) in [("username", user), ("secret", secret)] {
        assert_nowhere(value, &[&json, &markdown], what);
        for r in &report.results {
            assert_nowhere(value, &[&r.found, &r.message, &r.expected], what);
        }
    }
    report
}

/// The entityInformation fields, wrapped in `info` or flat.
fn info_of(body: &str) -> Option<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    match v.get("info") {
        Some(inner) if inner.is_object() => Some(inner.clone()),
        _ => v.is_object().then_some(v),
    }
}

/// `can<Op>` as the answer gives it (`None`: not said).
fn entity_allows(body: &str, op: &str) -> Option<bool> {
    let mut flag = String::from("can");
    flag.push_str(&op[..1].to_ascii_uppercase());
    flag.push_str(&op[1..]);
    match info_of(body)?.get(&flag)? {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => Some(!s.trim().eq_ignore_ascii_case("false")),
        _ => None,
    }
}

/// Whether an entityInformation answer grants `op` to the user: All (or 1),
/// and the entity does not refuse it.
fn grants(body: &str, op: &str) -> bool {
    let field = format!("userAccessFor{}{}", op[..1].to_ascii_uppercase(), &op[1..]);
    let level = info_of(body).and_then(|i| i.get(&field).cloned());
    let all = match level {
        Some(serde_json::Value::Number(n)) => n.as_u64() == Some(1),
        Some(serde_json::Value::String(s)) => s.trim().eq_ignore_ascii_case("all"),
        _ => false,
    };
    all && entity_allows(body, op) != Some(false)
}

/// The forms a value is echoed in: as is, JSON-escaped, `\u`-escaped,
/// percent-encoded (lowercased: matched in any case).
pub fn echo_forms(value: &str) -> Vec<String> {
    let json = serde_json::to_string(value).expect("a string serializes");
    let escaped: String = value
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_string(),
            false => format!("\\u{:04x}", c as u32),
        })
        .collect();
    let percent: String = value
        .bytes()
        .map(|b| match b.is_ascii_alphanumeric() {
            true => (b as char).to_string(),
            false => format!("%{b:02x}"),
        })
        .collect();
    [
        value.to_string(),
        json[1..json.len() - 1].to_string(),
        escaped,
        percent,
    ]
    .into_iter()
    .map(|f| f.to_ascii_lowercase())
    .collect()
}

/// Neither `value` nor any of its echo forms is in any of `texts`, also
/// once Markdown's backslash escapes are taken off.
fn assert_nowhere(value: &str, texts: &[&str], what: &str) {
    let forms = echo_forms(value);
    for text in texts {
        let plain = text.replace('\\', "");
        for seen in [text.to_ascii_lowercase(), plain.to_ascii_lowercase()] {
            for form in &forms {
                assert!(
                    !seen.contains(form.as_str()),
                    "the {what} ({form}) is in: {text}"
                );
            }
        }
    }
}

/// Raw bytes as a run: per answer, a kind byte, a status (two bytes), a
/// length byte and that many bytes of body; the first bytes pick the orders.
pub fn api_bytes(data: &[u8]) {
    use asg_live_check::autotask_api::Answer;
    let (order, mut rest) = data.split_at(data.len().min(8));
    let mut answers = Vec::new();
    while let [kind, hi, lo, len, tail @ ..] = rest {
        let n = (*len as usize).min(tail.len());
        let body = String::from_utf8_lossy(&tail[..n]).into_owned();
        rest = &tail[n..];
        answers.push(match kind % 8 {
            0 => Answer::Redirect,
            1 => Answer::Timeout,
            2 => Answer::Network,
            _ => Answer::Http {
                status: u16::from_be_bytes([*hi, *lo]) % 600,
                body,
            },
        });
    }
    api_run(&answers, order);
}
