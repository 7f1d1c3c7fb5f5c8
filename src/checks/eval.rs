//! Evaluating the vocabulary on a page: the one `find_control` decision,
//! one small evaluate function per check, and the one result builder.
//! Dates are read in the admin's own format (`dates.rs`); "today" is the
//! admin's date from the context, never a clock read here.

use super::{tpl, Check, CheckRule, Outcome, RuleResult, Severity};
use crate::bind::API_LEVEL_TO_COPY;
use crate::dates::{num, Date, Format, FORMATS};
use crate::form::{Control, ControlKind, Snapshot};
use crate::normalize::{label_matches, norm};

/// How many controls carry a rule's label: the decision every rule starts with.
pub enum Found<'c> {
    None,
    One(&'c Control),
    Many(Vec<&'c Control>),
}

/// The one decision on the controls that carry a label: none, exactly one
/// (judged), or several (nothing is assumed: which one counts is not clear).
pub fn find_control(candidates: Vec<&Control>) -> Found<'_> {
    match candidates.as_slice() {
        [] => Found::None,
        [one] => Found::One(one),
        _ => Found::Many(candidates),
    }
}

/// The controls of these kinds whose label is one of `names`.
pub fn labelled<'c>(
    snap: &'c Snapshot,
    names: &[String],
    kinds: &[ControlKind],
) -> Vec<&'c Control> {
    snap.controls
        .iter()
        .filter(|c| kinds.contains(&c.kind) && label_matches(&c.label, names))
        .collect()
}

impl Check {
    /// Whether this check reads a date.
    pub fn is_date(&self) -> bool {
        matches!(
            self,
            Check::FirstOfMonth | Check::CoversUsage | Check::AfterToday { .. }
        )
    }

    /// The kinds of control this check reads.
    pub fn kinds(&self) -> &'static [ControlKind] {
        match self {
            Check::Checked(_) => &[ControlKind::Checkbox, ControlKind::Radio],
            Check::Value(_) => &[ControlKind::Select, ControlKind::Text],
            Check::Level | Check::Vendor => &[ControlKind::Select],
            Check::Secret => &[ControlKind::Secret, ControlKind::Text],
            _ => &[ControlKind::Text],
        }
    }
}

/// What the checks need besides the control: the context of this page.
#[derive(Default)]
pub struct Env<'a> {
    pub profile_name: &'a str,
    /// The level remembered for the integration on this host.
    pub remembered_level: Option<&'a str>,
    /// The Integration Vendor names the profile accepts (the first is set by Apply).
    pub vendors: &'a [String],
    /// The page makes a new object (a new API user: its secret is judged).
    pub is_new: bool,
    /// The object is saved already (a saved contract's type is fixed).
    pub existing: bool,
    /// Controls Autotask fixes once the object is saved: (label, the
    /// object's name) (src/autotask/structure.json).
    pub fixed_once_saved: &'a [(String, String)],
    /// The date format dates are read in, when known.
    pub format: Option<Format>,
    pub today: Option<Date>,
    /// The latest start date that covers the first usage synced.
    pub latest_start: Option<Date>,
    /// Which invoice the first sync takes, in words.
    pub invoice_words: &'a str,
}

impl Env<'_> {
    fn show(&self, d: Date) -> String {
        d.format(self.format.unwrap_or(Format::YearMonthDay))
    }

    /// What the check wants, as the result's `expected` says it.
    fn expected(&self, check: &Check) -> String {
        match check {
            Check::Checked(on) => word(*on).into(),
            Check::Value(v) => v.clone(),
            Check::Filled | Check::Secret => "filled".into(),
            Check::Email => "a well-formed address".into(),
            Check::Key => "filled, allowed characters only".into(),
            Check::Level => self.remembered_level.map_or_else(
                || tpl("the level made for %", &[self.profile_name]),
                str::to_string,
            ),
            Check::Vendor => self.vendors.first().cloned().unwrap_or_default(),
            Check::FirstOfMonth => "the 1st of a month".into(),
            Check::CoversUsage => match self.latest_start {
                Some(l) => tpl("on or before %", &[&self.show(l)]),
                None => "on or before the first day of the first usage period synced".into(),
            },
            Check::AfterToday { .. } => match self.today {
                Some(t) => tpl("after %", &[&self.show(t)]),
                None => "after today".into(),
            },
        }
    }
}

fn word(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// One judged rule and the state "Apply" may set on its control.
pub struct Judged {
    pub result: RuleResult,
    pub apply: Option<String>,
}

/// What one check says of one control.
struct Verdict {
    outcome: Outcome,
    found: String,
    message: String,
    apply: Option<String>,
}

fn verdict(outcome: Outcome, found: &str, message: String) -> Verdict {
    Verdict {
        outcome,
        found: found.into(),
        message,
        apply: None,
    }
}

/// The rules of one page judged in order, with what they found.
pub struct Judge<'a> {
    pub env: Env<'a>,
    pub judged: Vec<Judged>,
    /// A date could not be read without knowing the date format.
    pub ask_format: bool,
    /// Results name the control as the page labels it (else as the rule does).
    pub page_labels: bool,
    /// A second finding of the rule just evaluated (an address nobody reads).
    extra: Option<Verdict>,
}

impl<'a> Judge<'a> {
    pub fn new(env: Env<'a>, page_labels: bool) -> Judge<'a> {
        Judge {
            env,
            judged: Vec::new(),
            ask_format: false,
            page_labels,
            extra: None,
        }
    }

    /// Judges `rule` on the controls that carry its label (`candidates`).
    pub fn rule(&mut self, rule: &CheckRule, section: &str, candidates: Vec<&Control>) {
        if rule.check == Check::Secret && !self.env.is_new {
            // Autotask shows a saved user's secret never again: nothing to judge.
            return;
        }
        let expected = self.env.expected(&rule.check);
        // What cannot be judged is incomplete, or a warning for an advice rule.
        let unsure = match rule.severity {
            Severity::Fail => Outcome::Incomplete,
            Severity::Warn => Outcome::Warn,
        };
        let because = because(&rule.why);
        let (handles, label, v) = match find_control(candidates) {
            Found::None => (
                Vec::new(),
                rule.control.clone(),
                verdict(
                    unsure,
                    "not found",
                    tpl(
                        "\"%\" could not be found on this page; check by hand that it is %%",
                        &[&rule.control, &expected, &because],
                    ),
                ),
            ),
            Found::Many(many) => (
                many.iter().map(|c| c.handle).collect(),
                rule.control.clone(),
                verdict(
                    unsure,
                    &tpl("% controls with this label", &[&num(many.len() as u32)]),
                    tpl(
                        "% controls carry the label \"%\"; which one counts is not clear, so nothing is assumed. Check by hand that it is %%",
                        &[&num(many.len() as u32), &rule.control, &expected, &because],
                    ),
                ),
            ),
            Found::One(c) => {
                let label = match c.label.trim() {
                    l if self.page_labels && !l.is_empty() => l.to_string(),
                    _ => rule.control.clone(),
                };
                let v = match self.evaluate(rule, c, &label, &expected) {
                    Some(v) => v,
                    None => verdict(
                        unsure,
                        "unreadable",
                        tpl(
                            "Could not read \"%\"; check by hand that it is %%",
                            &[&label, &expected, &because],
                        ),
                    ),
                };
                (vec![c.handle], label, v)
            }
        };
        self.push(rule, section, label.clone(), handles.clone(), expected, v);
        if let Some(warn) = self.extra.take() {
            let read = CheckRule {
                id: tpl("%-read", &[&rule.id]),
                ..rule.clone()
            };
            let expected = "an address someone reads".to_string();
            self.push(&read, section, label, handles, expected, warn);
        }
    }

    /// The one result builder: a verdict as the rule's result. A rule of
    /// severity `warn` not met is a warning; Apply is offered on a failure only.
    #[inline(never)]
    fn push(
        &mut self,
        rule: &CheckRule,
        section: &str,
        control: String,
        handles: Vec<u32>,
        expected: String,
        v: Verdict,
    ) {
        let outcome = match (v.outcome, rule.severity) {
            (Outcome::Fail, Severity::Warn) => Outcome::Warn,
            (o, _) => o,
        };
        let message = if rule.inferred && outcome == Outcome::Warn {
            tpl(
                "% (Advice: inferred, the source does not say it exactly.)",
                &[&v.message],
            )
        } else {
            v.message
        };
        self.judged.push(Judged {
            result: RuleResult {
                rule: rule.id.clone(),
                section: section.into(),
                control,
                column: None,
                handles,
                outcome,
                expected,
                found: v.found,
                message,
                source: rule.source.clone(),
                quote: rule.quote.clone(),
                inferred: rule.inferred,
            },
            apply: v.apply.filter(|_| outcome == Outcome::Fail),
        });
    }

    /// The check on its one control; `None` when the control cannot be read.
    fn evaluate(
        &mut self,
        rule: &CheckRule,
        c: &Control,
        label: &str,
        expected: &str,
    ) -> Option<Verdict> {
        let why = rule.why.as_str();
        if let Check::Checked(want) = rule.check {
            return Some(checked(c.checked?, want, label, why));
        }
        if rule.check == Check::Secret {
            return secret(c, label, why);
        }
        let text = c.value.as_deref()?.trim();
        let env = &self.env;
        let (mut extra, mut ask_format) = (None, false);
        let v = match &rule.check {
            Check::Value(want) => value(env, c, text, want, label, why),
            Check::Filled => filled(text, label, why),
            Check::Email => {
                let (v, nobody) = email(text, label, why);
                // Pushed after this rule's own result (see `rule`).
                extra = nobody;
                v
            }
            Check::Key => key(text, label),
            Check::Level => level(env, text, label),
            Check::Vendor => vendor(env, text, why),
            Check::FirstOfMonth | Check::CoversUsage | Check::AfterToday { .. } => {
                match read_date(text, env.format) {
                    Ok(d) => date_check(env, &rule.check, d, label, why),
                    Err(problem) => {
                        ask_format =
                            matches!(problem, DateProblem::Unreadable | DateProblem::Ambiguous);
                        verdict(
                            Outcome::Incomplete,
                            if text.is_empty() { "empty" } else { text },
                            tpl(
                                "% It must be %: %",
                                &[&problem_text(label, text, &problem), expected, why],
                            ),
                        )
                    }
                }
            }
            Check::Checked(_) | Check::Secret => return None,
        };
        self.extra = extra;
        self.ask_format |= ask_format;
        Some(v)
    }
}

/// A rule's reason after a sentence: ": why", or "." without one.
fn because(why: &str) -> String {
    if why.trim().is_empty() {
        ".".into()
    } else {
        tpl(": %", &[why])
    }
}

/// "Sentence. Why" (the why may be empty).
fn and_why(sentence: String, why: &str) -> String {
    if why.trim().is_empty() {
        sentence
    } else {
        tpl("% %", &[&sentence, why])
    }
}

fn checked(on: bool, want: bool, label: &str, why: &str) -> Verdict {
    if on == want {
        return verdict(
            Outcome::Pass,
            word(on),
            tpl("\"%\" is %, as needed.", &[label, word(want)]),
        );
    }
    let verb = if want { "Turn on" } else { "Turn off" };
    Verdict {
        apply: Some(word(want).into()),
        ..verdict(
            Outcome::Fail,
            word(on),
            and_why(tpl("% \"%\".", &[verb, label]), why),
        )
    }
}

fn value(env: &Env, c: &Control, found: &str, want: &str, label: &str, why: &str) -> Verdict {
    if norm(found) == norm(want) {
        let pass = tpl("\"%\" is %, as needed", &[label, want]);
        return verdict(Outcome::Pass, found, tpl("%%", &[&pass, &because(why)]));
    }
    let now = if found.is_empty() { "nothing" } else { found };
    let settable = c.kind == ControlKind::Select
        && !c.disabled
        && (c.options.is_empty() || c.options.iter().any(|o| norm(o) == norm(want)));
    let fixed = env
        .fixed_once_saved
        .iter()
        .find(|(l, _)| norm(l) == norm(label))
        .map(|(_, object)| object.as_str());
    if let Some(object) =
        fixed.filter(|_| env.existing || c.disabled || c.kind != ControlKind::Select)
    {
        return verdict(
            Outcome::Fail,
            found,
            tpl(
                "This is a \"%\" %, and Autotask cannot change a saved %'s \"%\": create a new % % for % instead. Why: %",
                &[found, object, object, label, want, object, env.profile_name, why],
            ),
        );
    }
    let message = if fixed.is_some() {
        and_why(
            tpl(
                "Set \"%\" to % (now %) before the first save: it cannot be changed afterwards.",
                &[label, want, now],
            ),
            why,
        )
    } else {
        tpl(
            "Set \"%\" to % (now %)%",
            &[label, want, now, &because(why)],
        )
    };
    Verdict {
        apply: settable.then(|| want.to_string()),
        ..verdict(Outcome::Fail, found, message)
    }
}

fn filled(text: &str, label: &str, why: &str) -> Verdict {
    if text.is_empty() {
        verdict(
            Outcome::Fail,
            "empty",
            tpl("Fill in \"%\"%", &[label, &because(why)]),
        )
    } else {
        verdict(Outcome::Pass, "filled", tpl("\"%\" is filled.", &[label]))
    }
}

/// Whether an address is shaped like one: `local@domain.tld`, nothing else.
pub fn well_formed(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !address
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control() || "<>,;\"".contains(c))
        && !domain.contains('@')
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Local parts and domains of addresses nobody reads.
const NOBODY_LOCAL: [&str; 9] = [
    "noreply",
    "donotreply",
    "dontreply",
    "nobody",
    "nowhere",
    "null",
    "devnull",
    "blackhole",
    "mailerdaemon",
];
const NOBODY_DOMAINS: [&str; 5] = [".invalid", ".test", ".example", ".localhost", "example.com"];

/// An address obviously read by no one: no-reply and the like.
pub fn read_by_nobody(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    let Some((local, domain)) = lower.split_once('@') else {
        return false;
    };
    let local: String = local
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    NOBODY_LOCAL.iter().any(|n| local == *n)
        || local.contains("noreply")
        || local.contains("donotreply")
        || NOBODY_DOMAINS
            .iter()
            .any(|d| domain == d.trim_start_matches('.') || domain.ends_with(d))
}

/// The address's verdict, and the warning when nobody reads it.
fn email(address: &str, label: &str, why: &str) -> (Verdict, Option<Verdict>) {
    if address.is_empty() {
        let fill = tpl("Fill in \"%\".", &[label]);
        return (verdict(Outcome::Fail, "empty", and_why(fill, why)), None);
    }
    if !well_formed(address) {
        let bad = tpl(
            "\"%\" is not a well-formed email address (name@domain.tld).",
            &[address],
        );
        return (verdict(Outcome::Fail, address, and_why(bad, why)), None);
    }
    let pass = verdict(
        Outcome::Pass,
        address,
        tpl("\"%\" is a well-formed address.", &[label]),
    );
    let nobody = read_by_nobody(address).then(|| {
        let warn = tpl("\"%\" looks like an address nobody reads.", &[address]);
        verdict(Outcome::Warn, address, and_why(warn, why))
    });
    (pass, nobody)
}

/// Characters Autotask refuses in "Username (Key)" (docs/autotask-pages.md §3).
const KEY_REFUSED: &str = "@();:[]|\\\"";

fn key(key: &str, label: &str) -> Verdict {
    if key.is_empty() {
        return verdict(
            Outcome::Fail,
            "empty",
            tpl("Fill in \"%\", or press Generate Key.", &[label]),
        );
    }
    // Each refused character once, in Autotask's order; spaces as a word.
    let mut shown: Vec<String> = KEY_REFUSED
        .chars()
        .filter(|ch| key.contains(*ch))
        .map(String::from)
        .collect();
    if key.contains(|ch: char| ch.is_ascii_whitespace()) {
        shown.push("space".into());
    }
    if shown.is_empty() {
        // The key itself is not repeated: it is half of the credentials.
        return verdict(
            Outcome::Pass,
            "filled",
            tpl("\"%\" is filled with allowed characters.", &[label]),
        );
    }
    let shown = shown.join(" ");
    verdict(
        Outcome::Fail,
        &tpl("not allowed: %", &[&shown]),
        tpl("\"%\" holds characters Autotask does not allow (%); use letters and digits, or press Generate Key.", &[label, &shown]),
    )
}

/// Whether a secret field holds something (never what).
pub fn secret_filled(c: &Control) -> bool {
    match c.kind {
        ControlKind::Secret => c.filled == Some(true),
        _ => c.value.as_ref().is_some_and(|v| !v.is_empty()),
    }
}

fn secret(c: &Control, label: &str, why: &str) -> Option<Verdict> {
    if c.kind == ControlKind::Secret && c.filled.is_none() {
        return None;
    }
    Some(if secret_filled(c) {
        verdict(
            Outcome::Pass,
            "filled",
            and_why(tpl("\"%\" is filled.", &[label]), why),
        )
    } else {
        verdict(
            Outcome::Fail,
            "empty",
            and_why(tpl("Press Generate Secret to fill \"%\".", &[label]), why),
        )
    })
}

/// A built-in level: "(system)" in its name.
pub fn is_built_in(level: &str) -> bool {
    level.to_ascii_lowercase().contains("(system)")
}

fn level(env: &Env, level: &str, label: &str) -> Verdict {
    let p = env.profile_name;
    let remembered = env
        .remembered_level
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let set_to = |v: Verdict| Verdict {
        apply: remembered.map(str::to_string),
        ..v
    };
    if level.is_empty() {
        let m = tpl("Choose the security level made for %.", &[p]);
        return set_to(verdict(Outcome::Fail, "empty", m));
    }
    if is_built_in(level) {
        let m = tpl("\"%\" is a built-in level: it gives full access, far beyond what % needs. Choose the integration's own copy of \"%\" instead.", &[level, p, API_LEVEL_TO_COPY]);
        return set_to(verdict(Outcome::Fail, level, m));
    }
    match remembered {
        Some(want) if norm(want) == norm(level) => verdict(
            Outcome::Pass,
            level,
            tpl("\"%\" is the security level made for %.", &[level, p]),
        ),
        Some(want) => set_to(verdict(
            Outcome::Fail,
            level,
            tpl(
                "Set \"%\" to \"%\" (now \"%\"), the level made for % on this Autotask.",
                &[label, want, level, p],
            ),
        )),
        None => verdict(
            Outcome::Incomplete,
            level,
            tpl("Is \"%\" the security level made for %? Confirm it in this panel and it is remembered.", &[level, p]),
        ),
    }
}

fn vendor(env: &Env, found: &str, why: &str) -> Verdict {
    let want = env.vendors.first().map(String::as_str).unwrap_or_default();
    if env.vendors.iter().any(|v| norm(v) == norm(found)) {
        return verdict(
            Outcome::Pass,
            found,
            tpl("The Integration Vendor is \"%\", as needed.", &[found]),
        );
    }
    let now = if found.is_empty() {
        "none".to_string()
    } else {
        tpl("\"%\"", &[found])
    };
    Verdict {
        apply: Some(want.to_string()),
        ..verdict(
            Outcome::Fail,
            if found.is_empty() { "empty" } else { found },
            and_why(
                tpl(
                    "Choose \"%\" as the Integration Vendor (now %).",
                    &[want, &now],
                ),
                why,
            ),
        )
    }
}

/// Why a date could not be used.
enum DateProblem {
    Empty,
    /// Does not read in the known format.
    NotInFormat(Format),
    /// No known format, and no format reads it.
    Unreadable,
    /// No known format, and two formats read it as different dates.
    Ambiguous,
}

fn read_date(text: &str, format: Option<Format>) -> Result<Date, DateProblem> {
    if text.trim().is_empty() {
        return Err(DateProblem::Empty);
    }
    match format {
        Some(f) => Date::parse(text, f).ok_or(DateProblem::NotInFormat(f)),
        None if FORMATS.iter().all(|&f| Date::parse(text, f).is_none()) => {
            Err(DateProblem::Unreadable)
        }
        None => Date::parse_any(text).ok_or(DateProblem::Ambiguous),
    }
}

fn problem_text(label: &str, text: &str, problem: &DateProblem) -> String {
    match problem {
        DateProblem::Empty => tpl("\"%\" is empty; fill it in.", &[label]),
        DateProblem::NotInFormat(f) => tpl("\"%\" shows \"%\", which is not a date in %, the date format in use. If your date format is another one, choose it in the panel.", &[label, text, f.as_str()]),
        // The question "which date format?" is the panel's, asked once
        // (ContractInfo::ask_date_format), not repeated in every date's finding.
        DateProblem::Unreadable => tpl("\"%\" shows \"%\", which is not a date in %. Choose your date format in the panel.", &[label, text, &formats_in_words()]),
        DateProblem::Ambiguous => tpl("\"%\" shows \"%\", which reads as different dates in different date formats. Choose your date format in the panel.", &[label, text]),
    }
}

/// "MM/dd/yyyy, dd/MM/yyyy, yyyy-MM-dd or dd.MM.yyyy".
fn formats_in_words() -> String {
    let names: Vec<&str> = FORMATS.iter().map(|f| f.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => tpl("% or %", &[&rest.join(", "), last]),
        _ => names.join(""),
    }
}

fn date_check(env: &Env, check: &Check, d: Date, label: &str, why: &str) -> Verdict {
    let shown = env.show(d);
    match check {
        Check::FirstOfMonth if d.day == 1 => verdict(
            Outcome::Pass,
            &shown,
            tpl("\"%\" is the 1st of a month, as needed: %", &[label, why]),
        ),
        Check::FirstOfMonth => verdict(
            Outcome::Fail,
            &shown,
            tpl(
                "Set \"%\" to the 1st of a month, such as % (now %): %",
                &[label, &env.show(d.first_of_month(0)), &shown, why],
            ),
        ),
        Check::CoversUsage => match env.latest_start {
            None => verdict(Outcome::Incomplete, &shown, tpl("Today's date is not known, so whether \"%\" is early enough could not be checked: %", &[label, why])),
            Some(l) if d <= l => verdict(Outcome::Pass, &shown, tpl("\"%\" is on or before %, the first day of the usage in %: %", &[label, &env.show(l), env.invoice_words, why])),
            Some(l) => verdict(Outcome::Warn, &shown, tpl("Set \"%\" to % or earlier (now %) if the first sync takes %: %", &[label, &env.show(l), &shown, env.invoice_words, why])),
        },
        Check::AfterToday { warn_days } => match env.today {
            None => verdict(
                Outcome::Incomplete,
                &shown,
                tpl(
                    "Today's date is not known, so \"%\" could not be checked: %",
                    &[label, why],
                ),
            ),
            // The End Date is the contract's last day: it still runs on it.
            Some(t) if d < t => verdict(
                Outcome::Fail,
                &shown,
                tpl(
                    "\"%\" (%) has passed: set a later date, because %",
                    &[label, &shown, why],
                ),
            ),
            Some(t) if d.days() - t.days() <= i64::from(*warn_days) => verdict(
                Outcome::Warn,
                &shown,
                tpl(
                    "\"%\" (%) is % days away: extend it before then, because %",
                    &[label, &shown, &num((d.days() - t.days()) as u32), why],
                ),
            ),
            Some(_) => verdict(
                Outcome::Pass,
                &shown,
                tpl(
                    "\"%\" (%) is more than % days away.",
                    &[label, &shown, &num(*warn_days)],
                ),
            ),
        },
        _ => verdict(Outcome::Incomplete, &shown, String::new()),
    }
}
