//! The live check of an API user against the Autotask REST API, as pure
//! decisions: which request comes next, whether a zone address may receive
//! credentials, and what each answer means for the integration. The wasm
//! client (`api_client`) only sends what `Check` asks for and hands back
//! what came; so the whole flow (request counts, the 401 stop, the refusal
//! of a foreign zone) is tested natively.
//!
//! Requests say only whether they carry credentials. Answers arrive as
//! Autotask sent them: every text taken from one is decoded (JSON) first and
//! then scrubbed of the secret and the username (`redact`), before it can
//! reach a result. The check's copies of the secret are wiped when it is
//! dropped.

use autotask_setup_guard::json::{self, Obj};
use autotask_setup_guard::profile::{self, Profile};
use autotask_setup_guard::redact::{self, Redactor};
use autotask_setup_guard::report::ProfileRef;
use autotask_setup_guard::verify::{Outcome, RuleResult, Summary};
use serde::Serialize;
use serde_json::Value;

/// Version of the live check report's JSON shape.
pub const LIVE_REPORT_FORMAT: u32 = 1;
/// The zone lookup, the only request without credentials ([doc] docs/autotask-pages.md §4).
pub const LOOKUP_URL: &str = "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation";
/// No check sends more requests than this.
pub const MAX_REQUESTS: usize = 12;
/// Autotask allows three concurrent threads per endpoint and integration.
pub const MAX_PARALLEL: usize = 3;
/// How long one request may take before it is a finding.
pub const TIMEOUT_MS: u32 = 10_000;
/// Server texts quoted in a finding are cut to this many characters.
const QUOTE_MAX: usize = 200;

/// What one integration needs from the API, per entity: its profile's
/// `api` section (format 2; docs/profile-format.md).
#[derive(Debug, Clone)]
pub struct ApiNeeds {
    pub profile: String,
    pub entities: Vec<EntityNeed>,
}

pub use autotask_setup_guard::profile::EntityNeed;

/// Reads a separate API needs file as format 1 profiles had them beside
/// the profile (`<id>.api.json`: `{format: 1, profile, entities}`); format 2
/// profiles carry the same entities in their `api` section.
pub fn parse_needs(text: &str) -> json::Result<ApiNeeds> {
    let value = json::parse(text)?;
    let o = Obj::root(&value)?;
    o.only(&["format", "profile", "entities"])?;
    if o.u32("format")? != 1 {
        return json::error("format", "expected 1");
    }
    Ok(ApiNeeds {
        entities: profile::read_entities(&o)?,
        profile: o.str("profile")?,
    })
}

/// The API needs of a built-in profile (its `api` section).
pub fn needs_for(profile_id: &str) -> Result<ApiNeeds, String> {
    let all = profile::built_in().map_err(|e| e.to_string())?;
    if let Some(p) = all.iter().find(|p| p.id == profile_id) {
        if let Some(api) = &p.api {
            return Ok(ApiNeeds {
                profile: p.id.clone(),
                entities: api.entities.clone(),
            });
        }
    }
    let known: Vec<&str> = all
        .iter()
        .filter(|p| p.api.is_some())
        .map(|p| p.id.as_str())
        .collect();
    Err(format!(
        "The live check knows what the API must allow only for {}; the active profile \"{profile_id}\" says nothing about the API.",
        known.join(", ")
    ))
}

/// What the person asked for; the secret travels separately.
#[derive(Debug, Clone)]
pub struct Input {
    pub username: String,
    pub integration_code: String,
    pub profile: String,
    /// Run from a plain page (the checker), where the browser applies CORS.
    pub direct: bool,
    pub checked_at: String,
}

impl Input {
    pub fn from_json(text: &str) -> Result<Input, String> {
        let value = json::parse(text).map_err(|e| e.to_string())?;
        let read = || -> json::Result<Input> {
            let o = Obj::root(&value)?;
            o.only(&[
                "username",
                "integrationCode",
                "profile",
                "direct",
                "checkedAt",
            ])?;
            Ok(Input {
                username: o.str_or_empty("username")?.trim().to_string(),
                integration_code: o.str_or_empty("integrationCode")?.trim().to_string(),
                profile: o.str_or_empty("profile")?,
                direct: o.opt_bool("direct")?.unwrap_or(false),
                checked_at: o.str_or_empty("checkedAt")?,
            })
        };
        let input = read().map_err(|e| e.to_string())?;
        input.problem().map_or(Ok(input), Err)
    }

    /// Why these values cannot be sent, if they cannot.
    fn problem(&self) -> Option<String> {
        let header_safe = |s: &str| s.bytes().all(|b| b.is_ascii_graphic());
        if self.username.is_empty() {
            Some("Enter the API user's Username (Key).".into())
        } else if self.username.len() > 128 || !header_safe(&self.username) {
            Some(
                "The Username (Key) has spaces or characters Autotask does not use in a key."
                    .into(),
            )
        } else if self.integration_code.is_empty() {
            Some("Enter the integration code (the API Tracking Identifier).".into())
        } else if self.integration_code.len() > 128 || !header_safe(&self.integration_code) {
            Some("The integration code has spaces or characters an Autotask tracking identifier does not have.".into())
        } else {
            None
        }
    }
}

/// A secret typed for one check: refused before anything is sent when it
/// could not travel in a header.
pub fn secret_problem(secret: &str) -> Option<&'static str> {
    if secret.is_empty() {
        Some("Enter the API user's Password (Secret).")
    } else if secret.len() > 256 || !secret.bytes().all(|b| b.is_ascii_graphic()) {
        Some("The Password (Secret) has spaces or characters an Autotask secret does not have.")
    } else {
        None
    }
}

/// An address as the browser's URL parser split it (`URL`'s fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    pub protocol: String,
    pub username: String,
    pub password: String,
    pub hostname: String,
    pub port: String,
    pub pathname: String,
    pub search: String,
    pub hash: String,
}

/// Whether a zone address may receive the credentials: `https:`, a host that
/// is `autotask.net` or under it, no user name or password, the default
/// port, a plain path and nothing after it. Returns the base every other
/// request starts with (ending in `/`), or why it was refused.
pub fn zone_base(parts: &UrlParts) -> Result<String, String> {
    let host = parts.hostname.as_str();
    if parts.protocol != "https:" {
        return Err("it is not an https:// address".into());
    }
    if !parts.username.is_empty() || !parts.password.is_empty() {
        return Err("it carries a user name or password".into());
    }
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && !host.split('.').any(str::is_empty)
        && (host == "autotask.net" || host.ends_with(".autotask.net"));
    if !host_ok {
        return Err("its host is not under autotask.net".into());
    }
    if !parts.port.is_empty() && parts.port != "443" {
        return Err("it names a port other than 443".into());
    }
    let path = parts.pathname.as_str();
    let path_ok = path.starts_with('/')
        && !path.contains("//")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
    if !path_ok || path.split('/').any(|seg| seg == "..") {
        return Err("its path is not a plain path".into());
    }
    if !parts.search.is_empty() || !parts.hash.is_empty() {
        return Err("it has a query or a fragment".into());
    }
    let slash = if path.ends_with('/') { "" } else { "/" };
    Ok(format!("https://{host}{path}{slash}"))
}

/// One request the client must send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: usize,
    pub url: String,
    /// Query parameters, for the client to encode.
    pub query: Vec<(&'static str, String)>,
    /// Whether the API user's headers (integration code, user name, secret) go with it.
    pub credentials: bool,
}

/// What came back for one request.
#[derive(Debug, Clone)]
pub enum Answer {
    Http {
        status: u16,
        body: String,
    },
    /// The server answered with a redirect, which is never followed.
    Redirect,
    /// No answer within `TIMEOUT_MS`.
    Timeout,
    /// The browser refused or could not connect (no status at all).
    Network,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepId {
    Zone,
    Threshold,
    Access,
    Reads,
}

const STEPS: [(StepId, &str); 4] = [
    (StepId::Zone, "Zone lookup"),
    (StepId::Threshold, "Credentials and request budget"),
    (StepId::Access, "Access per entity"),
    (StepId::Reads, "One read per entity"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepState {
    Waiting,
    Running,
    Done,
    /// Not run, because an earlier step stopped the check.
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub id: StepId,
    pub title: &'static str,
    pub state: StepState,
    /// The worst outcome among the step's results (none before it ran).
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Zone,
    Threshold,
    Info(usize),
    Read(usize),
}

/// One live check, driven by the client: `next_batch`, send, `answer`
/// each, until `next_batch` is empty; then `report`.
pub struct Check {
    input: Input,
    profile: &'static Profile,
    needs: ApiNeeds,
    zone: Option<String>,
    step: StepId,
    queue: Vec<Kind>,
    pending: Vec<(usize, Kind)>,
    sent: usize,
    sent_with_credentials: usize,
    /// Why the check stopped early, for every rule it could not reach.
    stopped: Option<String>,
    results: Vec<RuleResult>,
    /// Per entity: whether entityInformation showed no query at all
    /// (no access, or the entity refuses queries).
    no_query: Vec<Option<NoQuery>>,
    advice: Vec<String>,
    started: bool,
    /// Scrubs every text taken from an answer; holds the secret's copies.
    redactor: Redactor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoQuery {
    /// The user's query access is None.
    Access,
    /// `canQuery` is false: nobody may query the entity.
    Entity,
}

impl Check {
    /// A check of `input`'s user with `secret`, which is refused here when it
    /// could not travel in a header; it is kept only to be scrubbed from answers.
    pub fn new(input: Input, secret: &str) -> Result<Check, String> {
        if let Some(problem) = secret_problem(secret) {
            return Err(problem.into());
        }
        let id = match input.profile.as_str() {
            "" => profile::find("")?.id.clone(),
            id => id.to_string(),
        };
        let needs = needs_for(&id)?;
        let profile = profile::find(&id)?;
        let n = needs.entities.len();
        let redactor = Redactor::new(secret, &input.username);
        Ok(Check {
            redactor,
            input,
            profile,
            needs,
            zone: None,
            step: StepId::Zone,
            queue: vec![Kind::Zone],
            pending: Vec::new(),
            sent: 0,
            sent_with_credentials: 0,
            stopped: None,
            results: Vec::new(),
            no_query: vec![None; n],
            advice: Vec::new(),
            started: false,
        })
    }

    pub fn done(&self) -> bool {
        self.started && self.pending.is_empty() && self.queue.is_empty()
    }

    /// The next requests to send together (at most `MAX_PARALLEL`); empty
    /// while answers are awaited or when the check is over.
    pub fn next_batch(&mut self) -> Vec<Request> {
        self.started = true;
        if !self.pending.is_empty() {
            return Vec::new();
        }
        if self.queue.is_empty() {
            self.advance();
        }
        let take = self
            .queue
            .len()
            .min(MAX_PARALLEL)
            .min(MAX_REQUESTS - self.sent);
        let batch: Vec<Kind> = self.queue.drain(..take).collect();
        batch
            .into_iter()
            .map(|kind| {
                let id = self.sent;
                self.sent += 1;
                self.pending.push((id, kind));
                let request = self.request(id, kind);
                if request.credentials {
                    self.sent_with_credentials += 1;
                }
                request
            })
            .collect()
    }

    /// Queues the next step's requests once a step's answers are all in.
    fn advance(&mut self) {
        if self.stopped.is_some() {
            return;
        }
        let n = self.needs.entities.len();
        match self.step {
            StepId::Zone if self.zone.is_some() => {
                self.step = StepId::Threshold;
                self.queue = vec![Kind::Threshold];
            }
            StepId::Threshold => {
                self.step = StepId::Access;
                self.queue = (0..n).map(Kind::Info).collect();
            }
            StepId::Access => {
                self.step = StepId::Reads;
                // An entity the user cannot query at all is not tried: the
                // access finding already says what to change.
                for i in 0..n {
                    let need = &self.needs.entities[i];
                    let why = match self.no_query[i] {
                        None => {
                            self.queue.push(Kind::Read(i));
                            continue;
                        }
                        Some(NoQuery::Access) => "the API user has no query access to",
                        Some(NoQuery::Entity) => "Autotask refuses queries for everyone on",
                    };
                    self.results.push(result(
                        &format!("read-{}", need.entity),
                        "Reads",
                        &need.entity,
                        Outcome::Incomplete,
                        "one record",
                        "not tried",
                        format!("Not read: {why} {} (see above).", need.entity),
                    ));
                }
            }
            _ => {}
        }
    }

    fn request(&self, id: usize, kind: Kind) -> Request {
        let zone = self.zone.as_deref().unwrap_or_default();
        let (url, query) = match kind {
            Kind::Zone => (
                LOOKUP_URL.to_string(),
                vec![("user", self.input.username.clone())],
            ),
            Kind::Threshold => (format!("{zone}v1.0/ThresholdInformation"), vec![]),
            Kind::Info(i) => (
                format!(
                    "{zone}v1.0/{}/entityInformation",
                    self.needs.entities[i].entity
                ),
                vec![],
            ),
            Kind::Read(i) => (
                format!("{zone}v1.0/{}/query", self.needs.entities[i].entity),
                vec![(
                    "search",
                    r#"{"MaxRecords":1,"filter":[{"op":"gt","field":"id","value":0}]}"#.to_string(),
                )],
            ),
        };
        Request {
            id,
            url,
            query,
            credentials: kind != Kind::Zone,
        }
    }

    /// The answer to request `id`. `parse_url` is the browser's URL parser
    /// (`None` when it refuses the text).
    pub fn answer(
        &mut self,
        id: usize,
        answer: Answer,
        parse_url: &dyn Fn(&str) -> Option<UrlParts>,
    ) {
        let Some(at) = self.pending.iter().position(|&(p, _)| p == id) else {
            return;
        };
        let (_, kind) = self.pending.remove(at);
        // After a refusal of the credentials, later answers add nothing.
        if self.stopped.is_some() && kind != Kind::Zone {
            return;
        }
        match kind {
            Kind::Zone => self.on_zone(answer, parse_url),
            Kind::Threshold => self.on_threshold(answer),
            Kind::Info(i) => self.on_info(i, answer),
            Kind::Read(i) => self.on_read(i, answer),
        }
    }

    /// A text from an answer (already decoded) as it may be shown: scrubbed
    /// of the secret and the username, on one line, cut short.
    fn shown(&self, text: &str) -> String {
        let cut = quote(&self.redactor.scrub(text));
        if self.redactor.holds(&cut) {
            redact::WITHHELD.to_string()
        } else {
            cut
        }
    }

    fn stop(&mut self, why: &str) {
        self.stopped = Some(why.to_string());
        self.queue.clear();
    }

    fn on_zone(&mut self, answer: Answer, parse_url: &dyn Fn(&str) -> Option<UrlParts>) {
        let (rule, section, control) = ("zone-lookup", "Zone lookup", "API user");
        // The username is not repeated: like the secret, it stays out of the report.
        let unknown = |found: &str| {
            result(rule, section, control, Outcome::Fail, "a zone for this user", found,
                "Autotask does not know the Username (Key) entered as an API user. Check the Username (Key) on the API user's page (Admin > Resources (Users)); a user just created can take about 5 minutes before Autotask finds it.".into())
        };
        let r = match answer {
            Answer::Http { status: 200, body } => match json_object(&body) {
                None => malformed(rule, section, control),
                Some(v) => match v.get("url").and_then(Value::as_str) {
                    None | Some("") => unknown("no zone"),
                    Some(url) => {
                        let base = parse_url(url)
                            .ok_or_else(|| "it is not an address".to_string())
                            .and_then(|p| zone_base(&p))
                            .and_then(|base| match self.redactor.holds(&base) {
                                true => Err("it holds the user name or the secret".to_string()),
                                false => Ok(base),
                            });
                        match base {
                            Ok(base) => {
                                let host = base["https://".len()..]
                                    .split('/')
                                    .next()
                                    .unwrap_or_default()
                                    .to_string();
                                self.zone = Some(base);
                                result(
                                    rule,
                                    section,
                                    control,
                                    Outcome::Pass,
                                    "a zone under autotask.net",
                                    &host,
                                    format!("Autotask knows this user; its zone is {host}."),
                                )
                            }
                            Err(why) => {
                                self.stop("the zone address was refused");
                                result(rule, section, control, Outcome::Fail, "a zone under autotask.net", &self.shown(url),
                                    format!("The zone address Autotask's lookup returned was refused because {why}; no credentials were sent. Check that webservices.autotask.net reaches Autotask itself (a proxy or DNS setting may be redirecting it)."))
                            }
                        }
                    }
                },
            },
            Answer::Http { status, body } if status >= 400 => {
                let text = error_text(&body);
                let lower = text.to_ascii_lowercase();
                if lower.contains("zone information could not be determined")
                    || lower.contains("something went wrong")
                {
                    // A blank or unknown user; some clients record the bare text.
                    unknown("no zone")
                } else {
                    self.unexplained(rule, section, control, status, &body, &text)
                }
            }
            other => failed_call(rule, section, control, other, self.input.direct),
        };
        if self.zone.is_none() && self.stopped.is_none() {
            self.stop("the zone lookup did not succeed");
        }
        self.results.push(r);
    }

    fn on_threshold(&mut self, answer: Answer) {
        match answer {
            Answer::Http { status: 200, body } => {
                self.results.push(result(
                    "credentials",
                    "Credentials",
                    "API user",
                    Outcome::Pass,
                    "accepted",
                    "accepted",
                    "Autotask accepts this user name, secret and integration code.".into(),
                ));
                self.results.push(budget(&body));
            }
            other => {
                let r = self.refused("credentials", "Credentials", "API user", other, None);
                if r.outcome != Outcome::Pass && self.stopped.is_none() {
                    self.stop("the credentials were not confirmed");
                }
                self.results.push(r);
            }
        }
    }

    fn on_info(&mut self, i: usize, answer: Answer) {
        let need = self.needs.entities[i].clone();
        let wanted: Vec<Op> = OPS
            .iter()
            .filter(|op| match op.what {
                "query" => need.query,
                "create" => need.create,
                _ => need.update,
            })
            .copied()
            .collect();
        let body = match answer {
            Answer::Http { status: 200, body } => body,
            other => {
                let first = self.refused(
                    &format!("access-{}", need.entity),
                    "Access",
                    &need.entity,
                    other,
                    Some(&need),
                );
                for op in &wanted {
                    let mut r = first.clone();
                    r.rule = format!("access-{}-{}", need.entity, op.what);
                    r.control = format!("{} ({})", need.entity, op.what);
                    r.expected = "All".into();
                    self.results.push(r);
                }
                return;
            }
        };
        // Autotask wraps the fields in `info`; the documentation shows them flat.
        let info = json_object(&body).map(|v| match v.get("info") {
            Some(inner) if inner.is_object() => inner.clone(),
            _ => v,
        });
        for op in wanted {
            let what = op.what;
            let rule = format!("access-{}-{what}", need.entity);
            let control = format!("{} ({what})", need.entity);
            let Some(info) = info.as_ref() else {
                self.results.push(malformed(&rule, "Access", &control));
                continue;
            };
            let unreadable = |field: &str, value: Option<&Value>, shown: String, expected: &str| {
                let (found, says) = match value {
                    None | Some(Value::Null) => {
                        ("missing".to_string(), "does not give".to_string())
                    }
                    Some(_) => (
                        format!("unknown value {shown}"),
                        format!("gives {shown} for"),
                    ),
                };
                result(&rule, "Access", &control, Outcome::Incomplete, "All", &found,
                    format!("Autotask's answer {says} {field} (expected {expected}), so whether the API user may {what} {} could not be checked.", need.entity))
            };
            let allowed = info.get(op.entity_flag);
            let r = match entity_flag(allowed) {
                Err(()) => {
                    let shown = self.shown_value(allowed);
                    unreadable(op.entity_flag, allowed, shown, "true or false")
                }
                Ok(Some(false)) => {
                    if what == "query" {
                        self.no_query[i] = Some(NoQuery::Entity);
                    }
                    result(&rule, "Access", &control, Outcome::Fail, "All", &format!("{} false", op.entity_flag),
                        format!("Autotask refuses to {what} {} through the API for every user of this database ({} is false), whatever the security level allows; {} needs it. No security level setting changes this: ask Autotask support why {} cannot be {}.", need.entity, op.entity_flag, self.profile.name, need.entity, op.done))
                }
                Ok(_) => {
                    let value = info.get(op.user_field);
                    match access_level(value) {
                        None => {
                            let shown = self.shown_value(value);
                            unreadable(op.user_field, value, shown, "All, Restricted or None")
                        }
                        Some("All") => result(
                            &rule,
                            "Access",
                            &control,
                            Outcome::Pass,
                            "All",
                            "All",
                            format!("The API user may {what} all {}.", need.entity),
                        ),
                        Some(found) => {
                            if what == "query" && found == "None" {
                                self.no_query[i] = Some(NoQuery::Access);
                            }
                            result(&rule, "Access", &control, Outcome::Fail, "All", found,
                                format!("The API user's {what} access to {} is {found}; {} needs All. To change it, {}. {}", need.entity, self.profile.name, need.setting, need.why))
                        }
                    }
                }
            };
            self.results.push(r);
        }
    }

    /// A JSON value from an answer, as it may be shown in a finding.
    fn shown_value(&self, value: Option<&Value>) -> String {
        match value {
            Some(Value::String(s)) => format!("\"{}\"", self.shown(s)),
            Some(Value::Number(n)) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u.to_string(),
                (_, Some(i)) => i.to_string(),
                _ => "a number".into(),
            },
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Array(_)) => "a list".into(),
            Some(Value::Object(_)) => "an object".into(),
            Some(Value::Null) | None => String::new(),
        }
    }

    fn on_read(&mut self, i: usize, answer: Answer) {
        let need = self.needs.entities[i].clone();
        let rule = format!("read-{}", need.entity);
        let r = match answer {
            Answer::Http { status: 200, body } => {
                match json_object(&body)
                    .as_ref()
                    .and_then(|v| v.get("items"))
                    .and_then(Value::as_array)
                    .map(Vec::len)
                {
                    None => malformed(&rule, "Reads", &need.entity),
                    Some(n) => result(
                        &rule,
                        "Reads",
                        &need.entity,
                        Outcome::Pass,
                        "one record",
                        if n == 0 { "no records" } else { "one record" },
                        if n == 0 {
                            format!("The query for {} works but returned no records: fine for an empty list; if there should be some, a restricted level may be hiding them.", need.entity)
                        } else {
                            format!("The API user can read {}.", need.entity)
                        },
                    ),
                }
            }
            other => self.refused(&rule, "Reads", &need.entity, other, Some(&need)),
        };
        self.results.push(r);
    }

    /// A call with credentials that did not return 200: what it means and what to change.
    fn refused(
        &mut self,
        rule: &str,
        section: &str,
        control: &str,
        answer: Answer,
        need: Option<&EntityNeed>,
    ) -> RuleResult {
        let Answer::Http { status, body } = answer else {
            return failed_call(rule, section, control, answer, self.input.direct);
        };
        let fail = |expected: &str, found: &str, message: String| {
            result(
                rule,
                section,
                control,
                Outcome::Fail,
                expected,
                found,
                message,
            )
        };
        // Matched on as decoded; only `shown` (scrubbed) may reach a result.
        let text = error_text(&body);
        let lower = text.to_ascii_lowercase();
        if status == 401 {
            // Never retried: each refused attempt counts toward a lockout.
            // The body is not read: it is often empty.
            self.stop("Autotask refused the credentials");
            self.advice.push("A new API user can take about 5 minutes before Autotask accepts it; wait that long before trying again, as repeated refused attempts can lock the user.".into());
            return fail("accepted", "401 Unauthorized",
                "Autotask refused the credentials (401): wrong secret, or the user is locked; Autotask does not say which. On the API user's page (Admin > Resources (Users)) check that Locked is off and Active is on; if it is, generate a new secret and enter it both here and in the integration.".into());
        }
        let shown = self.shown(&text);
        if lower.contains("integrationcode") || lower.contains("integration code") {
            self.stop("Autotask refused the integration code");
            return fail("accepted", &shown, format!("Autotask does not accept this integration code (ApiIntegrationCode). {CODE_HELP}"));
        }
        // "The logged in Resource does not have the adequate permissions …",
        // with several endings, usually as a 500 (the documentation says 403).
        if lower.contains("does not have the adequate permission") || status == 403 {
            let to_change = match need {
                Some(need) => format!("To change it, {}. {}", need.setting, need.why),
                None => "Check the API user's security level.".into(),
            };
            return fail(
                "allowed",
                &shown,
                format!("Autotask refused this for lack of permission ({shown}). {to_change}"),
            );
        }
        if rule == "credentials" && status >= 500 && lower.contains("something went wrong") {
            // Autotask's bare answer to an unknown user or a bad code; the
            // zone lookup found the user, so the code comes first.
            self.stop("Autotask refused the credentials");
            return fail("accepted", &shown, format!(
                "Autotask refused the credentials with \"{shown}\", its answer to an integration code it does not accept or a user it cannot use. The zone lookup found this user, so check the integration code (ApiIntegrationCode) first: {CODE_HELP} Then check that the API user is Active; a new user can take about 5 minutes before it works."
            ));
        }
        if status == 500
            && (lower.contains("user") || lower.contains("resource"))
            && rule == "credentials"
        {
            self.stop("Autotask does not know the user");
            return fail("accepted", &shown, format!(
                "Autotask does not know this API user ({shown}). Check the Username (Key); the user must be Active, and a new user can take about 5 minutes before it works."
            ));
        }
        if status == 429 {
            self.stop("Autotask's request limit was reached");
        }
        self.unexplained(rule, section, control, status, &body, &text)
    }

    /// An error answer no rule explains: a fault at Autotask (5xx) cannot
    /// be judged; anything else is a failure, quoted.
    fn unexplained(
        &self,
        rule: &str,
        section: &str,
        control: &str,
        status: u16,
        body: &str,
        text: &str,
    ) -> RuleResult {
        let shown = self.shown(text);
        if status >= 500 {
            let (found, what) =
                if text.is_empty() && json_object(body).is_none() && !body.trim().is_empty() {
                    (
                        format!("status {status}, not JSON"),
                        "an error page instead of the API's JSON".to_string(),
                    )
                } else if shown.is_empty() {
                    (format!("status {status}"), "no explanation".to_string())
                } else {
                    (format!("status {status}"), format!("\"{shown}\""))
                };
            return result(rule, section, control, Outcome::Incomplete, "status 200", &found,
                format!("Autotask answered with status {status} and {what} (a fault at Autotask or on the way to it), so this could not be checked. Try again later."));
        }
        let said = if shown.is_empty() {
            format!("status {status}")
        } else {
            format!("status {status}: {shown}")
        };
        result(
            rule,
            section,
            control,
            Outcome::Fail,
            "status 200",
            &format!("status {status}"),
            format!("Autotask answered with {said}."),
        )
    }

    /// Progress for the interface: each step's state and outcome so far.
    pub fn progress(&self) -> Progress {
        Progress {
            steps: self.steps(),
            requests: self.sent,
        }
    }

    fn steps(&self) -> Vec<StepReport> {
        let order = |s: StepId| STEPS.iter().position(|(id, _)| *id == s).unwrap_or(0);
        let current = order(self.step);
        let finished = self.done();
        STEPS
            .iter()
            .enumerate()
            .map(|(i, &(id, title))| {
                let section_results: Vec<&RuleResult> = self
                    .results
                    .iter()
                    .filter(|r| step_of(&r.section) == Some(id))
                    .collect();
                let outcome = worst(section_results.iter().map(|r| r.outcome));
                let state = if i < current || (i == current && finished) {
                    StepState::Done
                } else if i == current && self.stopped.is_none() {
                    StepState::Running
                } else if self.stopped.is_some() || finished {
                    StepState::Skipped
                } else {
                    StepState::Waiting
                };
                let state = if state == StepState::Skipped && !section_results.is_empty() {
                    StepState::Done
                } else {
                    state
                };
                StepReport {
                    id,
                    title,
                    state,
                    outcome,
                }
            })
            .collect()
    }

    /// The verdict: every rule the profile's needs make, each judged or
    /// `incomplete` because the check stopped before it.
    pub fn report(&self) -> LiveReport {
        let mut results = Vec::new();
        for (rule, section, control) in self.rules() {
            match self.results.iter().find(|r| r.rule == rule) {
                Some(r) => results.push(r.clone()),
                None => {
                    let why = self
                        .stopped
                        .as_deref()
                        .unwrap_or("the check did not reach it");
                    results.push(result(
                        &rule,
                        section,
                        &control,
                        Outcome::Incomplete,
                        "checked",
                        "not checked",
                        format!("Not checked, because {why}."),
                    ));
                }
            }
        }
        let summary = Summary::of(&results);
        LiveReport {
            format: LIVE_REPORT_FORMAT,
            engine: autotask_setup_guard::ENGINE_VERSION.to_string(),
            profile: ProfileRef {
                id: self.profile.id.clone(),
                name: self.profile.name.clone(),
                version: self.profile.version.clone(),
            },
            page: "api-live-check",
            zone: self
                .zone
                .as_deref()
                .map(|z| z.trim_end_matches('/').to_string()),
            checked_at: self.input.checked_at.clone(),
            requests: self.sent,
            requests_with_credentials: self.sent_with_credentials,
            passes: summary.passes(),
            summary,
            steps: self.steps(),
            results,
            advice: self.advice.clone(),
        }
    }

    /// Every rule, in report order.
    fn rules(&self) -> Vec<(String, &'static str, String)> {
        let mut rules = vec![
            (
                "zone-lookup".to_string(),
                "Zone lookup",
                "API user".to_string(),
            ),
            (
                "credentials".to_string(),
                "Credentials",
                "API user".to_string(),
            ),
            (
                "request-budget".to_string(),
                "Request budget",
                "Requests this hour".to_string(),
            ),
        ];
        for need in &self.needs.entities {
            for (on, what) in [(need.query, "query"), (need.update, "update")] {
                if on {
                    rules.push((
                        format!("access-{}-{what}", need.entity),
                        "Access",
                        format!("{} ({what})", need.entity),
                    ));
                }
            }
        }
        for need in &self.needs.entities {
            rules.push((
                format!("read-{}", need.entity),
                "Reads",
                need.entity.clone(),
            ));
        }
        rules
    }
}

fn step_of(section: &str) -> Option<StepId> {
    match section {
        "Zone lookup" => Some(StepId::Zone),
        "Credentials" | "Request budget" => Some(StepId::Threshold),
        "Access" => Some(StepId::Access),
        "Reads" => Some(StepId::Reads),
        _ => None,
    }
}

fn worst(outcomes: impl Iterator<Item = Outcome>) -> Option<Outcome> {
    outcomes.max_by_key(|&o| o.rank())
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub steps: Vec<StepReport>,
    pub requests: usize,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveReport {
    pub format: u32,
    pub engine: String,
    pub profile: ProfileRef,
    pub page: &'static str,
    /// The zone's base address, once validated.
    pub zone: Option<String>,
    pub checked_at: String,
    pub requests: usize,
    pub requests_with_credentials: usize,
    pub summary: Summary,
    pub passes: bool,
    pub steps: Vec<StepReport>,
    pub results: Vec<RuleResult>,
    pub advice: Vec<String>,
}

fn result(
    rule: &str,
    section: &str,
    control: &str,
    outcome: Outcome,
    expected: &str,
    found: &str,
    message: String,
) -> RuleResult {
    RuleResult {
        rule: rule.to_string(),
        section: section.to_string(),
        control: control.to_string(),
        column: None,
        handles: Vec::new(),
        outcome,
        expected: expected.to_string(),
        found: found.to_string(),
        message,
        source: None,
        quote: None,
        inferred: false,
    }
}

fn malformed(rule: &str, section: &str, control: &str) -> RuleResult {
    result(rule, section, control, Outcome::Incomplete, "a JSON answer", "unreadable answer",
        "Autotask's answer could not be read (not the JSON the API documents), so this could not be checked. Try again later; if it persists, something between this browser and Autotask is changing the answers.".into())
}

/// A request that got no usable status: timeout, redirect, network.
fn failed_call(
    rule: &str,
    section: &str,
    control: &str,
    answer: Answer,
    direct: bool,
) -> RuleResult {
    let (found, message) = match answer {
        Answer::Timeout => ("no answer", format!("Autotask did not answer within {} seconds, so this could not be checked. Autotask slows down answers once half of the hour's request budget is used; try again later.", TIMEOUT_MS / 1000)),
        Answer::Redirect => ("a redirect", "Autotask answered with a redirect, which this check never follows (credentials go only to the zone Autotask names), so this could not be checked.".to_string()),
        Answer::Network if direct => ("blocked by the browser", "The browser did not let this page call the Autotask API (Autotask does not allow it from web pages). Run the live check from the Setup Guard extension instead: its toolbar button > Live API check.".to_string()),
        Answer::Network => ("no connection", "Autotask could not be reached, or the connection broke before an answer came (no network, the address is blocked, or the connection was reset), so this could not be checked.".to_string()),
        Answer::Http { status, .. } => return result(rule, section, control, Outcome::Fail, "status 200", "unexpected status", format!("Autotask answered with status {status}.")),
    };
    result(
        rule,
        section,
        control,
        Outcome::Incomplete,
        "an answer",
        found,
        message,
    )
}

fn json_object(body: &str) -> Option<Value> {
    serde_json::from_str::<Value>(body)
        .ok()
        .filter(Value::is_object)
}

/// An error answer's text, decoded: the first of Autotask's
/// `{"errors": [...]}` (or a `message`), a short plain-text body as it is,
/// or empty (an HTML page is never read).
fn error_text(body: &str) -> String {
    if let Some(v) = json_object(body) {
        let first = v
            .get("errors")
            .and_then(Value::as_array)
            .and_then(|errors| errors.iter().find_map(Value::as_str));
        let message = || {
            ["message", "Message"]
                .iter()
                .find_map(|k| v.get(*k)?.as_str())
        };
        return first.or_else(message).unwrap_or_default().to_string();
    }
    let plain = body.trim();
    if plain.len() <= 500 && !plain.contains('<') && !plain.starts_with(['{', '[']) {
        plain.to_string()
    } else {
        String::new()
    }
}

/// What the integration code is and who has it.
const CODE_HELP: &str = "For an API user whose API Tracking Identifier is \"Integration Vendor\", the code is the vendor's own and only the vendor has it; for \"Custom (Internal Integration)\" it is the code shown on the API user's page.";

/// Server text for a finding: one line, cut short.
fn quote(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one_line = one_line.trim();
    match one_line.char_indices().nth(QUOTE_MAX) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line.to_string(),
    }
}

/// `ThresholdInformation`: the share of the hour's budget already used.
fn budget(body: &str) -> RuleResult {
    let (rule, section, control) = ("request-budget", "Request budget", "Requests this hour");
    let v = json_object(body);
    let field = |name: &str| v.as_ref().and_then(|v| v.get(name)).and_then(Value::as_u64);
    let (Some(limit), Some(used)) = (
        field("externalRequestThreshold"),
        field("currentTimeframeRequestCount"),
    ) else {
        return malformed(rule, section, control);
    };
    if limit == 0 {
        return malformed(rule, section, control);
    }
    let percent = used.saturating_mul(100) / limit;
    let found = format!("{used} of {limit} ({percent} %)");
    if used >= limit {
        result(rule, section, control, Outcome::Fail, "under 50 %", &found,
            "Autotask's hourly request budget for this database is used up: it refuses API requests until the hour is over. Another integration may be using too many requests.".into())
    } else if used.saturating_mul(2) > limit {
        result(rule, section, control, Outcome::Warn, "under 50 %", &found,
            format!("{percent} % of this hour's request budget is already used; past 50 % Autotask slows every integration down, and at 100 % it refuses requests. The budget is shared by all integrations on this database."))
    } else {
        result(
            rule,
            section,
            control,
            Outcome::Pass,
            "under 50 %",
            &found,
            format!("{percent} % of this hour's request budget is used."),
        )
    }
}

/// One operation an entity's `entityInformation` answers for.
#[derive(Debug, Clone, Copy)]
struct Op {
    what: &'static str,
    done: &'static str,
    user_field: &'static str,
    entity_flag: &'static str,
}

const OPS: [Op; 3] = [
    Op {
        what: "query",
        done: "queried",
        user_field: "userAccessForQuery",
        entity_flag: "canQuery",
    },
    Op {
        what: "create",
        done: "created",
        user_field: "userAccessForCreate",
        entity_flag: "canCreate",
    },
    Op {
        what: "update",
        done: "updated",
        user_field: "userAccessForUpdate",
        entity_flag: "canUpdate",
    },
];

/// A `userAccessFor*` value: the names Autotask sends (in any case) or the
/// documented numbers (0 None, 1 All, 2 Restricted); anything else is unknown.
fn access_level(value: Option<&Value>) -> Option<&'static str> {
    const LEVELS: [&str; 3] = ["None", "All", "Restricted"];
    match value? {
        Value::Number(n) => LEVELS.get(usize::try_from(n.as_u64()?).ok()?).copied(),
        Value::String(s) => LEVELS
            .into_iter()
            .find(|level| s.trim().eq_ignore_ascii_case(level)),
        _ => None,
    }
}

/// `canQuery` / `canCreate` / `canUpdate`: absent says nothing; a value that
/// is neither true nor false cannot be read.
fn entity_flag(value: Option<&Value>) -> Result<Option<bool>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(()),
    }
}
