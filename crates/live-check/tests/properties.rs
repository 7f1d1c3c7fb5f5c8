//! Property tests of the live check: whatever the Autotask API answers, in
//! whatever order, the check ends within its bounds and keeps the username
//! and the secret out of everything it reports. The invariants themselves
//! live in `invariants/`, shared with the fuzz target `api_answers`.
// proptest's random source does not build for wasm32 (cargo test --target wasm32-unknown-unknown).
#![cfg(not(target_arch = "wasm32"))]

mod invariants;
#[path = "../../../tests/common/proptest.rs"]
mod shared;

use proptest::prelude::*;
use serde_json::Value;
use shared::{any_json, config};

/// The live check's answer step over a whole run (`crates/live-check/src/autotask_api.rs`):
/// any status and body, plausible or not, in any order within a batch.
mod api_answers {
    use super::invariants::{api_bytes, api_run, api_run_as, echo_forms, API_USER};
    use super::*;
    use asg_live_check::autotask_api::Answer;

    /// Bodies near what Autotask sends, with the values varied, and junk.
    fn body() -> impl Strategy<Value = String> {
        let zone_url = prop_oneof![
            Just("https://webservices5.autotask.net/atservicesrest/".to_string()),
            Just(format!("https://{API_USER}.autotask.net/")),
            Just(format!("https://evil.example/{API_USER}/")),
            "[a-z:/.%]{0,30}",
        ];
        prop_oneof![
            zone_url.prop_map(|u| serde_json::json!({ "zoneName": "Zone", "url": u }).to_string()),
            (any::<u64>(), any::<u64>()).prop_map(|(limit, used)| serde_json::json!({
                "externalRequestThreshold": limit % 20_000,
                "currentTimeframeRequestCount": used % 30_000,
            })
            .to_string()),
            (level(), level(), flag(), flag(), any::<bool>()).prop_map(|(q, u, cq, cu, nested)| {
                let mut info =
                    serde_json::json!({ "userAccessForQuery": q, "userAccessForUpdate": u });
                for (name, value) in [("canQuery", cq), ("canUpdate", cu)] {
                    if let Some(value) = value {
                        info[name] = value;
                    }
                }
                if nested {
                    serde_json::json!({ "info": info })
                } else {
                    info
                }
                .to_string()
            }),
            (0usize..3).prop_map(|n| serde_json::json!({
                "items": vec![serde_json::json!({ "id": 1 }); n],
                "pageDetails": { "count": n },
            })
            .to_string()),
            prop_oneof![
                Just("Zone information could not be determined".to_string()),
                Just("IntegrationCode is invalid.".to_string()),
                Just("does not have the adequate permissions".to_string()),
                Just(format!("Unable to find user {API_USER} (resource)")),
                ".{0,40}",
            ]
            .prop_map(|e| serde_json::json!({ "errors": [e] }).to_string()),
            Just("<!DOCTYPE html><html><body>500</body></html>".to_string()),
            any_json().prop_map(|v| v.to_string()),
            ".{0,60}",
        ]
    }

    /// A `userAccessFor*` value: the documented numbers, the names in any
    /// case (as Autotask sends them), and what is neither.
    fn level() -> impl Strategy<Value = Value> {
        prop_oneof![
            (0u64..4).prop_map(Value::from),
            (0usize..3, any::<bool>()).prop_map(|(i, upper)| {
                let name = ["None", "All", "Restricted"][i];
                Value::from(if upper {
                    name.to_uppercase()
                } else {
                    name.to_lowercase()
                })
            }),
            Just(Value::from("All")),
            Just(Value::from("1")),
            Just(Value::from(1.5)),
            Just(Value::Null),
            "[A-Za-z]{0,8}".prop_map(Value::from),
        ]
    }

    /// `canQuery` / `canUpdate`: absent, a boolean, or something else.
    fn flag() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            2 => Just(None),
            3 => any::<bool>().prop_map(|b| Some(Value::from(b))),
            1 => Just(Some(Value::from("false"))),
            1 => Just(Some(Value::from(0))),
        ]
    }

    fn answer() -> impl Strategy<Value = Answer> {
        let status = prop_oneof![
            4 => Just(200u16),
            1 => Just(401u16),
            1 => Just(403u16),
            1 => Just(429u16),
            2 => Just(500u16),
            1 => any::<u16>(),
        ];
        prop_oneof![
            8 => (status, body()).prop_map(|(status, body)| Answer::Http { status, body }),
            1 => Just(Answer::Redirect),
            1 => Just(Answer::Timeout),
            1 => Just(Answer::Network),
        ]
    }

    proptest! {
        #![proptest_config(config(400))]

        #[test]
        fn any_answers_keep_the_live_checks_invariants(
            answers in prop::collection::vec(answer(), 0..14),
            order in prop::collection::vec(any::<u8>(), 0..8),
        ) {
            api_run(&answers, &order);
        }

        #[test]
        fn any_bytes_as_answers_never_panic(data in prop::collection::vec(any::<u8>(), 0..300)) {
            api_bytes(&data);
        }
    }

    /// A username or secret as the check accepts them: a distinctive start
    /// (so that no fixed text of the report holds it by chance), at least
    /// one character that needs escaping, then any printable ASCII.
    fn credential() -> impl Strategy<Value = String> {
        (
            "[A-Z][0-9]{2}[a-z][0-9]{2}",
            prop::sample::select(vec!['"', '\\', '%', '+']),
            "[!-~]{0,10}",
        )
            .prop_map(|(start, special, rest)| format!("{start}{special}{rest}"))
    }

    /// `value` as an echo has it: as is, JSON-escaped inside the text,
    /// percent-encoded in either case, in capitals.
    fn echoed(value: &str, form: u8) -> String {
        let percent = |upper: bool| -> String {
            value
                .bytes()
                .map(|b| match (b.is_ascii_alphanumeric(), upper) {
                    (true, _) => (b as char).to_string(),
                    (false, true) => format!("%{b:02X}"),
                    (false, false) => format!("%{b:02x}"),
                })
                .collect()
        };
        match form % 5 {
            0 => value.to_string(),
            1 => serde_json::to_string(value).expect("a string serializes"),
            2 => percent(true),
            3 => percent(false),
            _ => value.to_ascii_uppercase(),
        }
    }

    /// A JSON text with every character but letters and digits as `\\u`
    /// escapes: what some servers send, decoding to the same text.
    fn unicode_json(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            }
        }
        out.push('"');
        out
    }

    /// Answers that echo the username and the secret in every place a text
    /// is read from: error texts (as JSON, `\\u`-escaped JSON, plain text),
    /// the zone address, the access values.
    fn echoing(user: String, secret: String) -> impl Strategy<Value = Answer> {
        let status = prop_oneof![
            Just(200u16),
            Just(401u16),
            Just(403u16),
            Just(404u16),
            Just(429u16),
            Just(500u16),
            Just(503u16),
        ];
        let lead = prop_oneof![
            Just("The logged in Resource does not have the adequate permissions "),
            Just("Something went wrong "),
            Just("IntegrationCode is invalid for "),
            Just("Unable to find user "),
            Just("Zone information could not be determined for "),
            Just(""),
        ];
        (
            status,
            lead,
            any::<u8>(),
            any::<u8>(),
            0u8..6,
            "[ -~é€]{0,12}",
        )
            .prop_map(move |(status, lead, uf, sf, place, tail)| {
                let text = format!("{lead}{} {}{tail}", echoed(&user, uf), echoed(&secret, sf));
                let body = match place {
                    0 => serde_json::json!({ "errors": [text] }).to_string(),
                    1 => format!(r#"{{"errors":[{}]}}"#, unicode_json(&text)),
                    2 => text,
                    3 => serde_json::json!({
                        "url": format!("https://webservices5.autotask.net/{}/", echoed(&user, uf))
                    })
                    .to_string(),
                    4 => serde_json::json!({ "info": {
                        "canQuery": text.clone(),
                        "userAccessForQuery": text,
                        "userAccessForUpdate": echoed(&secret, sf),
                    } })
                    .to_string(),
                    _ => serde_json::json!({ "message": text }).to_string(),
                };
                Answer::Http { status, body }
            })
    }

    /// A whole run for a random username and secret whose answers echo both.
    fn echo_run() -> impl Strategy<Value = (String, String, Vec<Answer>, Vec<u8>)> {
        (credential(), credential()).prop_flat_map(|(user, secret)| {
            let good = prop_oneof![
                1 => Just(Answer::Http {
                    status: 200,
                    body: r#"{"url":"https://webservices5.autotask.net/atservicesrest/"}"#.into(),
                }),
                1 => Just(Answer::Http {
                    status: 200,
                    body: r#"{"externalRequestThreshold":10000,"currentTimeframeRequestCount":1}"#.into(),
                }),
            ];
            let answers = prop::collection::vec(
                prop_oneof![3 => echoing(user.clone(), secret.clone()), 1 => good],
                0..14,
            );
            (
                Just(user),
                Just(secret),
                answers,
                prop::collection::vec(any::<u8>(), 0..8),
            )
        })
    }

    proptest! {
        #![proptest_config(config(300))]

        /// Echoed in any form, in any text read from any answer, neither the
        /// username nor the secret reaches the report or its Markdown
        /// (`api_run_as` checks every form in every field).
        #[test]
        fn echoed_credentials_survive_nowhere((user, secret, answers, order) in echo_run()) {
            api_run_as(&user, &secret, &answers, &order);
        }

        /// The scrubber itself, on any value (non-ASCII too, which the check
        /// refuses to send) echoed in any form inside any text.
        #[test]
        fn the_scrubber_leaves_no_form_of_a_value(
            value in "[A-Z][0-9]{2}[a-z][ -~é€ß]{1,12}",
            before in "[ -~é]{0,20}",
            after in "[ -~é]{0,20}",
            form in 0u8..6,
        ) {
            let echo = match form {
                5 => unicode_json(&value).trim_matches('"').to_string(),
                f => echoed(&value, f),
            };
            let r = autotask_setup_guard::redact::Redactor::new(&value, "Q00q00-unused");
            let out = r.scrub(&format!("{before}{echo}{after}")).to_ascii_lowercase();
            for f in echo_forms(&value) {
                prop_assert!(!out.contains(&f), "{f} in {out}");
            }
        }
    }

    /// The generator reaches a passing run: the invariants are not only
    /// checked on runs that stop at the first step.
    #[test]
    fn right_answers_pass_every_rule() {
        let ok = |body: serde_json::Value| Answer::Http {
            status: 200,
            body: body.to_string(),
        };
        let info = ok(serde_json::json!({ "userAccessForQuery": 1, "userAccessForUpdate": 1 }));
        let row = ok(serde_json::json!({ "items": [{ "id": 1 }], "pageDetails": { "count": 1 } }));
        let mut answers = vec![
            ok(serde_json::json!({ "url": "https://webservices5.autotask.net/atservicesrest/" })),
            ok(
                serde_json::json!({ "externalRequestThreshold": 10000, "currentTimeframeRequestCount": 1 }),
            ),
        ];
        answers.extend(std::iter::repeat_n(info, 4));
        answers.extend(std::iter::repeat_n(row, 4));
        let report = api_run(&answers, &[]);
        assert!(report.passes);
        assert_eq!((report.summary.passed, report.requests), (13, 10));
    }

    /// Server texts that echo the username reach the report without it.
    #[test]
    fn a_username_echoed_by_the_server_is_taken_out() {
        let http = |status: u16, body: serde_json::Value| Answer::Http {
            status,
            body: body.to_string(),
        };
        let zone = http(
            200,
            serde_json::json!({ "url": format!("https://evil.example/{API_USER}/") }),
        );
        let report = api_run(&[zone], &[]);
        assert!(
            report.results[0].found.contains("(the username)"),
            "{:?}",
            report.results[0]
        );
        let refused = http(
            500,
            serde_json::json!({ "errors": [format!("No user {API_USER} (resource)")] }),
        );
        let zone = http(
            200,
            serde_json::json!({ "url": "https://webservices5.autotask.net/atservicesrest/" }),
        );
        let report = api_run(&[zone, refused], &[]);
        let credentials = report
            .results
            .iter()
            .find(|r| r.rule == "credentials")
            .expect("a credentials result");
        assert!(
            credentials
                .message
                .contains("No user (the username) (resource)"),
            "{}",
            credentials.message
        );
    }
}
