//! The live API check's decisions, natively: the zone address rule over the
//! parts a URL parser gives, and whole checks driven with canned answers
//! (what is sent, in what batches, with or without credentials, and the
//! findings each answer makes).

use asg_live_check::autotask_api::{
    needs_for, parse_needs, secret_problem, zone_base, Answer, Check, Input, LiveReport, Request,
    UrlParts, MAX_PARALLEL, MAX_REQUESTS,
};
use asg_live_check::live_report_md;
use autotask_setup_guard::verify::Outcome;

const ZONE: &str = "https://webservices5.autotask.net/atservicesrest/";
/// Shaped like an Autotask secret, with the characters that need escaping.
const SECRET: &str = r#"x$9#Lm2@Qp7*Z"r4!T\n6&W%v8+K"#;

fn parts(protocol: &str, host: &str, port: &str, path: &str) -> UrlParts {
    UrlParts {
        protocol: protocol.into(),
        hostname: host.into(),
        port: port.into(),
        pathname: path.into(),
        ..UrlParts::default()
    }
}

/// Stands in for the browser's parser on the plain addresses these tests
/// use (`https://host/path`); the real parser is tested in tests/web.rs.
fn plain_parse(text: &str) -> Option<UrlParts> {
    let (scheme, rest) = text.split_once("://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    Some(parts(&format!("{scheme}:"), host, "", &format!("/{path}")))
}

#[test]
fn zone_accepts_an_https_host_under_autotask_net() {
    let ok = parts(
        "https:",
        "webservices5.autotask.net",
        "",
        "/atservicesrest/",
    );
    assert_eq!(zone_base(&ok).as_deref(), Ok(ZONE));
    let no_slash = parts(
        "https:",
        "webservices14.autotask.net",
        "",
        "/ATServicesRest",
    );
    assert_eq!(
        zone_base(&no_slash).as_deref(),
        Ok("https://webservices14.autotask.net/ATServicesRest/")
    );
    assert!(zone_base(&parts("https:", "autotask.net", "443", "/")).is_ok());
}

#[test]
fn zone_refuses_anything_else() {
    let base = parts(
        "https:",
        "webservices5.autotask.net",
        "",
        "/atservicesrest/",
    );
    let cases: Vec<(UrlParts, &str)> = vec![
        (
            UrlParts {
                protocol: "http:".into(),
                ..base.clone()
            },
            "https",
        ),
        (
            UrlParts {
                hostname: "evil.com".into(),
                ..base.clone()
            },
            "autotask.net",
        ),
        (
            UrlParts {
                hostname: "autotask.net.evil.com".into(),
                ..base.clone()
            },
            "autotask.net",
        ),
        (
            UrlParts {
                hostname: "evilautotask.net".into(),
                ..base.clone()
            },
            "autotask.net",
        ),
        // What a parser makes of a look-alike with a Cyrillic "а".
        (
            UrlParts {
                hostname: "webservices5.xn--utotask-2fg.net".into(),
                ..base.clone()
            },
            "autotask.net",
        ),
        (
            UrlParts {
                hostname: "webservices5..autotask.net".into(),
                ..base.clone()
            },
            "autotask.net",
        ),
        (
            UrlParts {
                hostname: "webservices5.autotask.net.".into(),
                ..base.clone()
            },
            "autotask.net",
        ),
        (
            UrlParts {
                username: "user".into(),
                ..base.clone()
            },
            "user name",
        ),
        (
            UrlParts {
                password: "pw".into(),
                ..base.clone()
            },
            "user name",
        ),
        (
            UrlParts {
                port: "8443".into(),
                ..base.clone()
            },
            "port",
        ),
        (
            UrlParts {
                search: "?x=1".into(),
                ..base.clone()
            },
            "query",
        ),
        (
            UrlParts {
                hash: "#.autotask.net".into(),
                ..base.clone()
            },
            "query",
        ),
        (
            UrlParts {
                pathname: "/atservicesrest/../x/".into(),
                ..base.clone()
            },
            "path",
        ),
        (
            UrlParts {
                pathname: "/a%2f/".into(),
                ..base.clone()
            },
            "path",
        ),
        (
            UrlParts {
                pathname: "//evil.com/".into(),
                ..base.clone()
            },
            "path",
        ),
    ];
    for (p, why) in cases {
        let refused = zone_base(&p).expect_err(&format!("{p:?} must be refused"));
        assert!(refused.contains(why), "{p:?}: {refused}");
    }
}

fn input(user: &str) -> Input {
    Input::from_json(&format!(
        r#"{{"username":"{user}","integrationCode":"CODE1","profile":"","checkedAt":"2026-11-27T10:00:00Z"}}"#
    ))
    .expect("valid input")
}

fn ok(body: &str) -> Answer {
    Answer::Http {
        status: 200,
        body: body.to_string(),
    }
}

fn status(code: u16, body: &str) -> Answer {
    Answer::Http {
        status: code,
        body: body.to_string(),
    }
}

const ZONE_ANSWER: &str = r#"{"zoneName":"Autotask Zone 5","url":"https://webservices5.autotask.net/atservicesrest/","webUrl":"https://ww5.autotask.net/","ci":5}"#;
const BUDGET_OK: &str = r#"{"externalRequestThreshold":10000,"requestThresholdTimeframe":60,"currentTimeframeRequestCount":120}"#;
const ONE_ROW: &str = r#"{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,"prevPageUrl":null,"nextPageUrl":null}}"#;
const PERMISSION: &str = r#"{"errors":["The logged in Resource does not have the adequate permissions to query this entity type."]}"#;

fn info(query: u8, update: u8) -> String {
    format!(
        r#"{{"name":"X","canCreate":true,"canDelete":true,"canQuery":true,"canUpdate":true,"userAccessForCreate":1,"userAccessForDelete":0,"userAccessForQuery":{query},"userAccessForUpdate":{update},"hasUserDefinedFields":false,"supportsWebhookCallouts":false}}"#
    )
}

/// What a run sent, batch by batch.
struct Run {
    batches: Vec<Vec<Request>>,
    report: LiveReport,
}

impl Run {
    fn sent(&self) -> Vec<&Request> {
        self.batches.iter().flatten().collect()
    }
    fn outcome(&self, rule: &str) -> Outcome {
        self.find(rule).outcome
    }
    fn find(&self, rule: &str) -> &autotask_setup_guard::verify::RuleResult {
        self.report
            .results
            .iter()
            .find(|r| r.rule == rule)
            .unwrap_or_else(|| panic!("no result {rule}"))
    }
}

/// Drives a check; `respond` answers each request by its address.
fn drive(user: &str, respond: impl Fn(&Request) -> Answer) -> Run {
    let mut check = Check::new(input(user), SECRET).expect("check starts");
    let mut batches = Vec::new();
    loop {
        let batch = check.next_batch();
        if batch.is_empty() {
            break;
        }
        assert!(batch.len() <= MAX_PARALLEL, "batch of {}", batch.len());
        for r in &batch {
            check.answer(r.id, respond(r), &plain_parse);
        }
        batches.push(batch);
        assert!(batches.len() <= MAX_REQUESTS, "runaway check");
    }
    assert!(check.done());
    Run {
        batches,
        report: check.report(),
    }
}

fn good(r: &Request) -> Answer {
    let path = r.url.rsplit("/v1.0/").next().unwrap_or_default();
    if r.url.ends_with("zoneInformation") {
        ok(ZONE_ANSWER)
    } else if path == "ThresholdInformation" {
        ok(BUDGET_OK)
    } else if path.ends_with("/entityInformation") {
        ok(&info(1, 1))
    } else if path.ends_with("/query") {
        ok(ONE_ROW)
    } else {
        status(404, r#"{"errors":["not found"]}"#)
    }
}

#[test]
fn a_good_user_passes_every_check_in_ten_requests() {
    let run = drive("GoodUser0000001", good);
    let sent = run.sent();
    assert_eq!(sent.len(), 10);
    assert!(sent.len() <= MAX_REQUESTS);
    // The lookup alone goes without credentials, to the fixed lookup host.
    assert_eq!(
        sent[0].url,
        "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation"
    );
    assert_eq!(sent[0].query, vec![("user", "GoodUser0000001".to_string())]);
    assert!(!sent[0].credentials);
    assert!(sent[1..]
        .iter()
        .all(|r| r.credentials && r.url.starts_with(ZONE)));
    assert_eq!(sent[1].url, format!("{ZONE}v1.0/ThresholdInformation"));
    assert_eq!(
        run.batches.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![1, 1, 3, 1, 3, 1]
    );
    let search = &sent[6].query[0];
    assert_eq!(search.0, "search");
    assert!(search.1.contains("\"MaxRecords\":1") && search.1.contains("\"filter\""));
    // zone, credentials, budget, 6 access rules (query for 4, update for 2), 4 reads.
    assert_eq!(
        (run.report.summary.passed, run.report.summary.total),
        (13, 13)
    );
    assert!(run.report.passes);
    assert_eq!(run.report.requests, 10);
    assert_eq!(run.report.requests_with_credentials, 9);
    assert_eq!(
        run.report.zone.as_deref(),
        Some("https://webservices5.autotask.net/atservicesrest")
    );
}

#[test]
fn a_401_is_never_retried_and_stops_the_check() {
    let run = drive("WrongSecret0001", |r| {
        if r.url.ends_with("ThresholdInformation") {
            status(401, "")
        } else {
            good(r)
        }
    });
    assert_eq!(run.sent().len(), 2, "the lookup and one credentialed call");
    let creds = run.find("credentials");
    assert_eq!(creds.outcome, Outcome::Fail);
    assert!(creds
        .message
        .contains("wrong secret, or the user is locked; Autotask does not say which"));
    assert_eq!(run.outcome("zone-lookup"), Outcome::Pass);
    for rule in ["request-budget", "access-Contracts-query", "read-Services"] {
        assert_eq!(run.outcome(rule), Outcome::Incomplete, "{rule}");
    }
    assert_eq!(
        (run.report.summary.passed, run.report.summary.total),
        (1, 13)
    );
    assert!(run.report.advice.iter().any(|a| a.contains("5 minutes")));
}

#[test]
fn a_401_in_the_middle_stops_every_later_request() {
    let run = drive("LockedLater0001", |r| {
        if r.url.ends_with("Contracts/entityInformation") {
            status(401, "")
        } else {
            good(r)
        }
    });
    // lookup, budget, the first access batch of three; nothing after.
    assert_eq!(run.sent().len(), 5);
    assert_eq!(run.outcome("access-Contracts-query"), Outcome::Fail);
    assert_eq!(run.outcome("read-Companies"), Outcome::Incomplete);
}

#[test]
fn a_zone_outside_autotask_gets_no_credentials() {
    let run = drive("OutsideZone0001", |r| {
        if r.url.ends_with("zoneInformation") {
            ok(r#"{"url":"https://webservices5.autotask.net.evil.example/atservicesrest/"}"#)
        } else {
            good(r)
        }
    });
    assert_eq!(run.sent().len(), 1);
    assert_eq!(run.report.requests_with_credentials, 0);
    let zone = run.find("zone-lookup");
    assert_eq!(zone.outcome, Outcome::Fail);
    assert!(
        zone.message.contains("not under autotask.net")
            && zone.message.contains("no credentials were sent")
    );
    assert_eq!(run.report.zone, None);
}

#[test]
fn an_unknown_user_stops_at_the_lookup() {
    for answer in [
        status(
            500,
            r#"{"errors":["Zone information could not be determined"]}"#,
        ),
        ok(r#"{"url":null}"#),
    ] {
        let a = answer.clone();
        let run = drive("UnknownUser0001", move |r| {
            if r.url.ends_with("zoneInformation") {
                a.clone()
            } else {
                good(r)
            }
        });
        assert_eq!(run.sent().len(), 1);
        let zone = run.find("zone-lookup");
        assert_eq!(zone.outcome, Outcome::Fail);
        assert!(
            zone.message
                .contains("does not know the Username (Key) entered as an API user"),
            "{}",
            zone.message
        );
    }
}

#[test]
fn a_bad_integration_code_says_whose_code_it_is() {
    let run = drive("BadCodeUser0001", |r| {
        if r.url.ends_with("ThresholdInformation") {
            status(500, r#"{"errors":["IntegrationCode is invalid."]}"#)
        } else {
            good(r)
        }
    });
    assert_eq!(run.sent().len(), 2);
    let creds = run.find("credentials");
    assert_eq!(creds.outcome, Outcome::Fail);
    assert!(
        creds.message.contains("Integration Vendor")
            && creds.message.contains("Custom (Internal Integration)")
    );
}

#[test]
fn no_contract_access_points_to_contract_visibility_and_skips_those_reads() {
    let run = drive("NoContracts0001", |r| {
        if r.url.contains("/Contracts/entityInformation")
            || r.url.contains("/ContractServices/entityInformation")
        {
            ok(&info(0, 0))
        } else {
            good(r)
        }
    });
    assert_eq!(run.sent().len(), 8, "no read is tried without query access");
    let c = run.find("access-Contracts-query");
    assert_eq!(c.outcome, Outcome::Fail);
    assert_eq!(c.found, "None");
    assert!(c.message.contains("Contract Visibility"), "{}", c.message);
    assert_eq!(run.outcome("access-ContractServices-update"), Outcome::Fail);
    assert_eq!(run.outcome("read-Contracts"), Outcome::Incomplete);
    assert_eq!(run.outcome("read-Companies"), Outcome::Pass);
    assert_eq!(
        (run.report.summary.passed, run.report.summary.total),
        (7, 13)
    );
}

#[test]
fn a_permission_error_names_the_setting_that_grants_it() {
    let run = drive("RestrictedSvc01", |r| {
        if r.url.contains("/Services/entityInformation") {
            ok(&format!(r#"{{"info":{}}}"#, info(2, 0)))
        } else if r.url.contains("/Services/query") {
            status(500, PERMISSION)
        } else {
            good(r)
        }
    });
    let access = run.find("access-Services-query");
    assert_eq!(
        (access.outcome, access.found.as_str()),
        (Outcome::Fail, "Restricted")
    );
    let read = run.find("read-Services");
    assert_eq!(read.outcome, Outcome::Fail);
    assert!(read.message.contains("adequate permissions"));
    assert!(
        read.message.contains("Products, Services, & Inventory"),
        "{}",
        read.message
    );
}

#[test]
fn past_half_the_budget_is_a_warning_that_does_not_count() {
    let run = drive("NearLimit000001", |r| {
        if r.url.ends_with("ThresholdInformation") {
            ok(
                r#"{"externalRequestThreshold":10000,"requestThresholdTimeframe":60,"currentTimeframeRequestCount":7500}"#,
            )
        } else {
            good(r)
        }
    });
    let b = run.find("request-budget");
    assert_eq!(b.outcome, Outcome::Warn);
    assert_eq!(b.found, "7500 of 10000 (75 %)");
    assert_eq!(
        (run.report.summary.passed, run.report.summary.total),
        (12, 12)
    );
    assert!(run.report.passes);
}

#[test]
fn timeouts_redirects_and_malformed_answers_are_findings() {
    let run = drive("Mixed0000000001", |r| {
        if r.url.contains("/Services/entityInformation") {
            Answer::Timeout
        } else if r.url.contains("/Companies/entityInformation") {
            ok(r#"{"name":"Companies","canQuery":tru"#)
        } else if r.url.contains("/Contracts/query") {
            Answer::Redirect
        } else {
            good(r)
        }
    });
    assert_eq!(run.sent().len(), 10, "nothing is retried");
    let t = run.find("access-Services-query");
    assert_eq!(
        (t.outcome, t.found.as_str()),
        (Outcome::Incomplete, "no answer")
    );
    let m = run.find("access-Companies-query");
    assert_eq!(
        (m.outcome, m.found.as_str()),
        (Outcome::Incomplete, "unreadable answer")
    );
    assert_eq!(run.find("read-Contracts").found, "a redirect");
    assert!(!run.report.passes);
}

#[test]
fn a_page_blocked_by_cors_is_told_to_use_the_extension() {
    let mut check = Check::new(
        Input::from_json(r#"{"username":"GoodUser0000001","integrationCode":"C","direct":true}"#)
            .unwrap(),
        SECRET,
    )
    .unwrap();
    let batch = check.next_batch();
    check.answer(batch[0].id, Answer::Network, &plain_parse);
    assert!(check.next_batch().is_empty());
    let report = check.report();
    assert!(
        report.results[0].message.contains("extension"),
        "{}",
        report.results[0].message
    );
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    for (json, why) in [
        (r#"{"username":"","integrationCode":"C"}"#, "Username"),
        (r#"{"username":"a b","integrationCode":"C"}"#, "Username"),
        (
            r#"{"username":"u","integrationCode":""}"#,
            "integration code",
        ),
        (
            r#"{"username":"u","integrationCode":"C","secret":"x"}"#,
            "unknown field",
        ),
        (
            r#"{"username":"u","integrationCode":"C","profile":"nope"}"#,
            "",
        ),
    ] {
        let refused = Input::from_json(json)
            .and_then(|i| Check::new(i, SECRET))
            .err();
        let refused = refused.unwrap_or_else(|| panic!("{json} must be refused"));
        assert!(refused.contains(why), "{json}: {refused}");
    }
    assert!(secret_problem("").is_some());
    assert!(secret_problem("has space").is_some());
    assert!(secret_problem("x$9#Lm2@Qp7*Zr4!Tn6&Wv8^K").is_none());
}

#[test]
fn the_api_needs_are_data_with_clear_errors() {
    let needs = needs_for("rhipe-prism-connect").expect("built in");
    let names: Vec<&str> = needs.entities.iter().map(|e| e.entity.as_str()).collect();
    assert_eq!(
        names,
        ["Companies", "Contracts", "Services", "ContractServices"]
    );
    let bad = parse_needs(r#"{"format":1,"profile":"p","entities":[{"entity":"Con/tracts","setting":"s","why":"w"}]}"#)
        .unwrap_err();
    assert!(bad.to_string().contains("letters only"), "{bad}");
    let typo = parse_needs(r#"{"format":1,"profile":"p","entities":[],"extra":1}"#).unwrap_err();
    assert!(typo.to_string().contains("unknown field"), "{typo}");
}

#[test]
fn the_markdown_report_leads_with_the_verdict_and_escapes_outside_text() {
    let run = drive("WrongSecret0001", |r| {
        if r.url.ends_with("ThresholdInformation") {
            status(401, "")
        } else {
            good(r)
        }
    });
    let md = live_report_md::render(&run.report);
    assert!(md.starts_with("# Autotask Setup Guard: live API check\n\n**1/13 checks pass: 1 fail, 11 incomplete.**"), "{md}");
    assert!(md.contains("## What to change"));
    assert!(md.contains("wrong secret, or the user is locked; Autotask does not say which"));
    assert!(
        md.contains("| Credentials | API user | accepted | 401 Unauthorized | fail |"),
        "{md}"
    );

    // A quoted server error cannot inject Markdown.
    let run = drive("GoodUser0000001", |r| {
        if r.url.contains("/Services/query") {
            status(500, r#"{"errors":["[x](https://evil) <b>|"]}"#)
        } else {
            good(r)
        }
    });
    let md = live_report_md::render(&run.report);
    assert!(md.contains(r"\[x\](https\://evil) \<b\>\|"), "{md}");
}

/// entityInformation as public clients record it: wrapped in `info`, the
/// access levels as names.
fn recorded(query: &str, update: &str, flags: &str) -> String {
    format!(
        r#"{{"info":{{"name":"X","canCreate":true,"canDelete":false,"canQuery":true,"canUpdate":true,{flags}"userAccessForCreate":"All","userAccessForDelete":"None","userAccessForQuery":{query},"userAccessForUpdate":{update},"hasUserDefinedFields":false,"supportsWebhookCallouts":false}}}}"#
    )
}

/// A run where every entityInformation answers `body`.
fn with_info(body: &str) -> Run {
    let body = body.to_string();
    drive("GoodUser0000001", move |r| {
        if r.url.ends_with("/entityInformation") {
            ok(&body)
        } else {
            good(r)
        }
    })
}

#[test]
fn access_names_in_any_case_and_the_documented_numbers_are_read() {
    for (query, update, found) in [
        (r#""All""#, r#""all""#, "All"),
        (r#"" ALL ""#, "1", "All"),
        (r#""Restricted""#, r#""RESTRICTED""#, "Restricted"),
        ("2", r#""restricted""#, "Restricted"),
        (r#""None""#, "0", "None"),
    ] {
        let run = with_info(&recorded(query, update, ""));
        for rule in ["access-Contracts-query", "access-Contracts-update"] {
            let r = run.find(rule);
            assert_eq!(r.found, found, "{query}/{update}: {rule}");
            let expected = if found == "All" {
                Outcome::Pass
            } else {
                Outcome::Fail
            };
            assert_eq!(r.outcome, expected, "{query}/{update}: {rule}");
        }
    }
    // The flat, documented shape is still read.
    assert!(with_info(&info(1, 1)).report.passes);
}

#[test]
fn an_access_value_that_is_not_a_level_is_incomplete_never_a_pass() {
    for value in [
        r#""Partial""#,
        r#""1""#,
        "3",
        "-1",
        "1.0",
        "true",
        "null",
        r#"["All"]"#,
        r#"{"level":"All"}"#,
        r#""""#,
    ] {
        let run = with_info(&recorded(value, value, ""));
        let r = run.find("access-Companies-query");
        assert_eq!(r.outcome, Outcome::Incomplete, "{value}: {r:?}");
        assert!(r.message.contains("could not be checked"), "{}", r.message);
        assert!(!run.report.passes);
    }
    // A missing field, too.
    let run = with_info(r#"{"info":{"name":"X","canQuery":true}}"#);
    assert_eq!(run.find("access-Services-query").found, "missing");
    assert_eq!(run.outcome("access-Services-query"), Outcome::Incomplete);
}

#[test]
fn an_entity_that_refuses_an_operation_fails_it_whatever_the_users_access() {
    let run = drive("EntityRefuses01", |r| {
        if r.url.contains("/Contracts/entityInformation") {
            ok(&recorded(r#""All""#, r#""All""#, r#""canUpdate":false,"#)
                .replace(r#""canUpdate":true,"#, ""))
        } else if r.url.contains("/ContractServices/entityInformation") {
            ok(&recorded(r#""All""#, r#""All""#, "")
                .replace(r#""canQuery":true"#, r#""canQuery":"False""#))
        } else if r.url.contains("/Companies/entityInformation") {
            ok(&recorded(r#""All""#, r#""All""#, "")
                .replace(r#""canQuery":true"#, r#""canQuery":1"#))
        } else if r.url.contains("/entityInformation") {
            ok(&recorded(r#""All""#, r#""All""#, ""))
        } else {
            good(r)
        }
    });
    let update = run.find("access-Contracts-update");
    assert_eq!(
        (update.outcome, update.found.as_str()),
        (Outcome::Fail, "canUpdate false")
    );
    assert!(
        update.message.contains("for every user") && update.message.contains("canUpdate is false"),
        "{}",
        update.message
    );
    assert_eq!(run.outcome("access-Contracts-query"), Outcome::Pass);
    assert_eq!(run.outcome("access-ContractServices-query"), Outcome::Fail);
    assert_eq!(run.outcome("access-ContractServices-update"), Outcome::Pass);
    // Nobody may query ContractServices: the read is not tried.
    let read = run.find("read-ContractServices");
    assert_eq!(
        (read.outcome, read.found.as_str()),
        (Outcome::Incomplete, "not tried")
    );
    assert!(read.message.contains("refuses queries for everyone"));
    assert!(!run
        .sent()
        .iter()
        .any(|r| r.url.ends_with("ContractServices/query")));
    // A flag that is neither true nor false cannot be judged.
    let odd = run.find("access-Companies-query");
    assert_eq!(odd.outcome, Outcome::Incomplete, "{odd:?}");
    assert!(odd.message.contains("canQuery"), "{}", odd.message);
}

/// A run where the credentials call answers `answer`.
fn at_credentials(answer: Answer) -> Run {
    drive("GoodUser0000001", move |r| {
        if r.url.ends_with("ThresholdInformation") {
            answer.clone()
        } else {
            good(r)
        }
    })
}

#[test]
fn error_answers_as_clients_record_them_map_to_what_to_change() {
    // A 401 is the same with an empty body, a text body or JSON.
    for body in [
        "",
        "Unauthorized",
        r#"{"errors":["Unauthorized"]}"#,
        "<html>401</html>",
    ] {
        let run = at_credentials(status(401, body));
        let c = run.find("credentials");
        assert_eq!(c.outcome, Outcome::Fail, "{body}");
        assert!(c.message.contains("wrong secret, or the user is locked"));
        assert_eq!(run.sent().len(), 2, "{body}: stopped");
    }
    // A bare "Something went wrong", as JSON or as text: the code first, then the user.
    for body in [
        r#"{"errors":["Something went wrong"]}"#,
        "Something went wrong",
    ] {
        let run = at_credentials(status(500, body));
        let c = run.find("credentials");
        assert_eq!(c.outcome, Outcome::Fail, "{body}");
        assert!(
            c.message
                .contains("integration code (ApiIntegrationCode) first")
                && c.message.contains("Custom (Internal Integration)")
                && c.message.contains("Active"),
            "{}",
            c.message
        );
        assert_eq!(run.sent().len(), 2, "{body}: stopped");
    }
    // The zone lookup's answers for an unknown or blank user.
    for body in [
        r#"{"errors":["Zone information could not be determined"]}"#,
        r#"{"errors":["Something went wrong"]}"#,
    ] {
        let run = drive("UnknownUser0001", |r| {
            if r.url.ends_with("zoneInformation") {
                status(500, body)
            } else {
                good(r)
            }
        });
        assert!(run
            .find("zone-lookup")
            .message
            .contains("does not know the Username (Key)"));
    }
    // The permission text by its start, whatever its end and status.
    for (code, text) in [
        (500, "The logged in Resource does not have the adequate permissions to query this entity type."),
        (500, "The logged in Resource does not have the adequate permissions to delete this entity timeEntryType."),
        (500, "the logged in resource does not have the adequate permissions"),
        (403, ""),
    ] {
        let body = if text.is_empty() {
            String::new()
        } else {
            serde_json::json!({ "errors": [text] }).to_string()
        };
        let run = drive("RestrictedSvc01", |r| {
            if r.url.contains("/Services/query") {
                status(code, &body)
            } else {
                good(r)
            }
        });
        let read = run.find("read-Services");
        assert_eq!(read.outcome, Outcome::Fail, "{text}");
        assert!(
            read.message.contains("lack of permission")
                && read.message.contains("Products, Services, & Inventory"),
            "{}",
            read.message
        );
    }
    // A server fault no rule explains cannot be judged; it is not a failure of the user.
    for body in [r#"{"errors":["Object reference not set"]}"#, "", "{}"] {
        let run = drive("GoodUser0000001", |r| {
            if r.url.contains("/Services/query") {
                status(503, body)
            } else {
                good(r)
            }
        });
        assert_eq!(run.outcome("read-Services"), Outcome::Incomplete, "{body}");
    }
}

/// Every form of `value` an echo may take, lowercased.
fn echo_forms(value: &str) -> Vec<String> {
    let json = serde_json::to_string(value).unwrap();
    let unicode: String = value
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
        unicode,
        percent,
    ]
    .into_iter()
    .map(|f| f.to_ascii_lowercase())
    .collect()
}

#[test]
fn echoed_credentials_are_removed_after_decoding_in_every_form() {
    const USER: &str = r#"Echo"U\s%+1"#;
    let unicode = |v: &str| -> String {
        v.chars()
            .map(|c| match c.is_ascii_alphanumeric() || c == ' ' {
                true => c.to_string(),
                false => format!("\\u{:04x}", c as u32),
            })
            .collect()
    };
    let pct = |v: &str| -> String {
        v.bytes()
            .map(|b| match b.is_ascii_alphanumeric() {
                true => (b as char).to_string(),
                false => format!("%{b:02X}"),
            })
            .collect()
    };
    let text = |said: &dyn Fn(&str) -> String| {
        format!(
            "The logged in Resource does not have the adequate permissions (user {}, secret {})",
            said(USER),
            said(SECRET)
        )
    };
    let bodies = [
        serde_json::json!({ "errors": [text(&|v| v.to_string())] }).to_string(),
        serde_json::json!({ "errors": [text(&|v| serde_json::to_string(v).unwrap())] }).to_string(),
        format!(r#"{{"errors":["{}"]}}"#, unicode(&text(&|v| v.to_string()))),
        serde_json::json!({ "errors": [text(&pct)] }).to_string(),
        serde_json::json!({ "errors": [text(&|v| pct(v).to_ascii_lowercase())] }).to_string(),
        serde_json::json!({ "errors": [text(&|v| v.to_uppercase())] }).to_string(),
    ];
    for body in &bodies {
        let body = body.clone();
        let input = Input::from_json(
            &serde_json::json!({ "username": USER, "integrationCode": "C" }).to_string(),
        )
        .unwrap();
        let mut check = Check::new(input, SECRET).unwrap();
        loop {
            let batch = check.next_batch();
            if batch.is_empty() {
                break;
            }
            for r in batch {
                let answer = if r.url.contains("/Services/query") {
                    status(500, &body)
                } else {
                    good(&r)
                };
                check.answer(r.id, answer, &plain_parse);
            }
        }
        let report = check.report();
        let read = report
            .results
            .iter()
            .find(|r| r.rule == "read-Services")
            .unwrap();
        assert!(
            read.found.contains("[secret removed]") && read.found.contains("(the username)"),
            "{body}: {}",
            read.found
        );
        let shown = [
            serde_json::to_string(&report).unwrap(),
            live_report_md::render(&report),
            read.message.clone(),
        ];
        for value in [USER, SECRET] {
            for form in echo_forms(value) {
                for s in &shown {
                    assert!(!s.to_ascii_lowercase().contains(&form), "{form} in {s}");
                }
            }
        }
    }
}

#[test]
fn a_zone_address_holding_the_username_is_refused() {
    let run = drive("webservices5", |r| {
        if r.url.ends_with("zoneInformation") {
            ok(ZONE_ANSWER)
        } else {
            good(r)
        }
    });
    let zone = run.find("zone-lookup");
    assert_eq!(zone.outcome, Outcome::Fail);
    assert!(
        zone.message.contains("holds the user name or the secret"),
        "{}",
        zone.message
    );
    assert_eq!(run.report.requests_with_credentials, 0);
}

#[test]
fn a_profile_without_api_needs_is_refused_clearly() {
    let input =
        Input::from_json(r#"{"username":"u","integrationCode":"C","profile":"sync-365"}"#).unwrap();
    let refused = Check::new(input, SECRET).err().expect("refused");
    assert!(
        refused.contains("\"sync-365\" says nothing about the API")
            && refused.contains("rhipe-prism-connect"),
        "{refused}"
    );
    for secret in ["", "has space", "é-not-ascii", &"x".repeat(257)] {
        let input = Input::from_json(r#"{"username":"u","integrationCode":"C"}"#).unwrap();
        assert!(Check::new(input, secret).is_err(), "{secret}");
    }
}
