//! A structure report from the field (docs/field-reports.md): the page's
//! format 2 snapshot reduced to what Autotask's own interface says, and the
//! engine's verdict, safe to hand over.
//!
//! Kept by allowlist: a text run is kept when it is a text the engine knows
//! (section names, labels, columns, options, titles of the page kinds and the
//! profile) or a section heading, label or column header of this page that
//! matches no personal-data pattern and does not read like a person's name;
//! every other run becomes its kind and length. A text field's value never
//! leaves: only its length and shape (letters `x`, digits `0`), except a date
//! in a date field and a level name the profile itself names. Patterns are
//! looked for through percent-encoding and HTML entities too (decode, then
//! scrub: the idea of `redact.rs`), and what was withheld is counted.

use crate::bind::{self, Context};
use crate::checks::Check;
use crate::dates::Format;
use crate::normalize::{norm, normed_matches};
use crate::profile::{Expect, Profile};
use crate::reading::Page;
use crate::report::Report;
use crate::snapshot::{ControlKind, Snapshot};
use crate::verify::{Outcome, Summary};
use serde::Serialize;

/// This shape's version (`structureReport` in the JSON).
pub const FORMAT: u32 = 1;
/// The most a report holds; a larger page reports its first part.
pub const MAX_BYTES: usize = 1 << 20;

/// What a report never holds (said in every report; docs/field-reports.md lists it).
pub const NEVER: &str = "field values (only length and shape), ids, query values, cookies, the host, e-mail addresses, phone numbers, addresses, long numbers, tokens, names, options the engine does not know, free text";

// The longer of two phrases first: the first one a title holds is kept.
const TITLES: [&str; 9] = [
    "New Contract Wizard",
    "Renew Contract",
    "New API User",
    "Edit API User",
    "Add API User",
    "New Contract",
    "Edit Contract",
    "Security Level",
    "Autotask",
];

const OTHER_KNOWN: [&str; 14] = [
    "No Permission",
    "Full Permission",
    "None",
    "No",
    "Yes",
    "All",
    "Mine",
    "Full",
    "Limited",
    "Name",
    "Description",
    "View",
    "Add",
    "Edit",
];

/// Words of Autotask's interface: a Title Case text holding one is no person's name.
const UI_WORDS: &str = " access account accounts active add address admin all allow analytics api approve article articles attachment attachments base billing block bundle can cancelation cancellation categories category charge charges client code codes companies company configuration contact contacts contract contracts custom customer dashboard dashboards date delete department desk document documents edit email end expense expenses feature features field fields fixed folder folders group groups hours identifier integration inventory invoice invoices item items key knowledge knowledgebase last level levels livereports locked materials mobile module name new notes notifications object opportunities opportunity order orders other partner partners password period permission permissions phone portal price primary product products project projects purchase queue queues quote quotes recurring renew report reports resource resources retainer role roles rules sales secret security service services settings start status survey surveys system task tasks team teams territories territory ticket tickets time timesheets tracking type user username users vendor vendors view visibility web webhooks wizard workflow ";

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Text runs (and control texts) withheld as their kind and length.
    pub texts: u32,
    /// Text field values withheld (length and shape only).
    pub values: u32,
    /// Options withheld (a name in a list, an option the engine does not know).
    pub options: u32,
    pub email: u32,
    pub phone: u32,
    pub url: u32,
    pub number: u32,
    pub token: u32,
    pub name: u32,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Said {
    Kept(String),
    /// Withheld: its length in characters.
    Length(usize),
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Text {
    at: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    withheld: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<usize>,
    /// A withheld text without lower-case letters (the reader compares that).
    #[serde(skip_serializing_if = "no")]
    upper: bool,
    #[serde(skip_serializing_if = "no")]
    heading: bool,
    #[serde(skip_serializing_if = "no")]
    hidden: bool,
    #[serde(skip_serializing_if = "no")]
    link: bool,
    block: u32,
    group: u32,
    look: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cells: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    of: Option<u32>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Ctl {
    handle: u32,
    at: u32,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filled: Option<bool>,
    #[serde(skip_serializing_if = "no")]
    disabled: bool,
    #[serde(skip_serializing_if = "no")]
    hidden: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    /// The chosen option, by its place in `options`, when its text is withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    value_option: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_shape: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<Said>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<Said>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aria_label: Option<Said>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Said>,
    block: u32,
    group: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cells: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Res {
    rule: String,
    section: String,
    control: Option<String>,
    column: Option<String>,
    handles: Vec<u32>,
    outcome: Outcome,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Verdict {
    page: &'static str,
    bound: bool,
    bound_by: Option<bind::BoundBy>,
    summary: Option<Summary>,
    passes: bool,
    sections_found: Vec<String>,
    sections_missing: Vec<String>,
    results: Vec<Res>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Ctx {
    today: Option<String>,
    date_format: Option<String>,
    invoice: Option<String>,
    /// Whether a level was remembered for the host (its name is not kept).
    remembered_level: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Cut {
    /// Items from this place in page order on are left out.
    from_at: u32,
    texts: usize,
    controls: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    structure_report: u32,
    extension: &'a str,
    engine: &'static str,
    profile: [&'a str; 2],
    path: String,
    query_keys: Vec<String>,
    lang: String,
    title: Option<&'static str>,
    title_length: usize,
    context: Ctx,
    verdict: Verdict,
    withheld: Counts,
    never: &'static str,
    truncated: Option<Cut>,
}

fn no(b: &bool) -> bool {
    !*b
}

/// The texts the engine knows, normalised.
struct Known<'p> {
    texts: Vec<String>,
    profile: &'p Profile,
}

impl Known<'_> {
    fn new(profile: &Profile) -> Known<'_> {
        let mut all: Vec<&str> = Vec::new();
        let structure = crate::autotask::structure();
        for a in &structure.security_areas {
            all.push(&a.heading);
            all.extend(a.spellings.iter().map(String::as_str));
        }
        all.extend(crate::recognize::SAVE_LABELS);
        for (heading, labels) in &structure.api_user_sections {
            all.push(heading);
            all.extend(labels.iter().map(String::as_str));
        }
        for field in &structure.contract_fields {
            all.extend(field.iter().map(String::as_str));
        }
        all.extend(TITLES);
        all.extend(OTHER_KNOWN);
        use crate::api_user as u;
        all.extend([
            u::FIRST_NAME,
            u::LAST_NAME,
            u::EMAIL,
            u::ACTIVE,
            u::LOCKED,
            u::SECURITY_LEVEL,
            u::USERNAME,
            u::SECRET,
            u::VENDOR_RADIO,
            u::CUSTOM_RADIO,
            bind::API_LEVEL_TO_COPY,
        ]);
        for s in &profile.security_level.sections {
            all.push(&s.heading);
            all.extend(s.aliases.iter().map(String::as_str));
            for r in &s.rules {
                all.push(&r.control);
                all.extend(r.aliases.iter().map(String::as_str));
                all.extend(r.column.as_deref());
                if let Expect::Value(v) = &r.expect {
                    all.push(v);
                }
            }
        }
        all.extend(
            profile
                .security_level
                .name_hint
                .exact
                .iter()
                .map(String::as_str),
        );
        let rules = profile.api_user.iter().flat_map(|a| &a.rules);
        for r in rules.chain(profile.contract.iter().flat_map(|k| &k.rules)) {
            all.push(&r.control);
            all.extend(r.aliases.iter().map(String::as_str));
            if let Check::Value(v) = &r.check {
                all.push(v);
            }
        }
        if let Some(a) = &profile.api_user {
            all.extend(a.vendors.iter().map(String::as_str));
        }
        Known {
            texts: all.into_iter().map(norm).collect(),
            profile,
        }
    }

    fn knows(&self, text: &str) -> bool {
        let n = norm(text);
        self.texts.iter().any(|k| normed_matches(&n, k))
    }

    /// A level name the profile names (its hint, a copy of the API level) or a built-in one.
    fn level(&self, text: &str) -> bool {
        crate::pages::security_level::bind(self.profile, Some(text), &Context::default()).is_some()
            || text.to_ascii_lowercase().contains("(system)")
    }
}

/// Which personal-data pattern `text` matches, read as is, percent-decoded
/// and with HTML entities decoded.
pub fn personal(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let views = [
        b.to_vec(),
        crate::redact::percent_decode(b, true),
        crate::redact::html_decode(b),
    ];
    views
        .iter()
        .find_map(|v| pattern(&String::from_utf8_lossy(v)))
}

fn pattern(t: &str) -> Option<&'static str> {
    let lower = t.to_ascii_lowercase();
    if lower.contains("://")
        || lower.contains("www.")
        || (lower.contains('?') && lower.contains('='))
    {
        return Some("url");
    }
    for word in t.split(|c: char| c.is_ascii_whitespace() || "<>()[],;\"'".contains(c)) {
        if let Some((a, b)) = word.split_once('@') {
            if !a.is_empty() && b.contains('.') {
                return Some("email");
            }
        }
        let alnum = word
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .count();
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if alnum >= 16 && alnum == word.chars().count() && digits > 0 && digits < alnum {
            return Some("token");
        }
    }
    // Phone numbers: 7 or more digits with only phone punctuation between.
    let (mut run, mut longest, mut plain) = (0, 0, 0);
    let mut max_plain = 0;
    for c in t.chars() {
        if c.is_ascii_digit() {
            run += 1;
            plain += 1;
            longest = longest.max(run);
            max_plain = max_plain.max(plain);
        } else if " -().+/".contains(c) && run > 0 {
            plain = 0;
        } else {
            run = 0;
            plain = 0;
        }
        if c == '/' {
            // A date (01/05/2027) is no phone number.
            run = 0;
        }
    }
    if longest >= 7 {
        return Some("phone");
    }
    if max_plain >= 5 {
        return Some("number");
    }
    None
}

/// Whether a text holds what reads like a person's name: two or more
/// capitalised words in a row, none of them a word of Autotask's interface.
pub fn name_like(text: &str) -> bool {
    let mut run = 0;
    for w in text.split_whitespace() {
        let mut chars = w.chars();
        let first_up = chars
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || !c.is_ascii());
        let rest: String = chars.collect();
        let bare: String = w
            .chars()
            .filter(|c| letter(*c))
            .collect::<String>()
            .to_ascii_lowercase();
        let name = first_up
            && rest.chars().all(|c| letter(c) || "-'.".contains(c))
            && (rest.chars().any(|c| c.is_ascii_lowercase()) || rest.chars().count() <= 1)
            && !UI_WORDS.contains(&format!(" {bare} "));
        run = if name { run + 1 } else { 0 };
        if run >= 2 {
            return true;
        }
    }
    false
}

// ASCII only, and any other character a letter: Unicode's tables would
// cost the wasm (see normalize.rs), and only ever keep less.
fn letter(c: char) -> bool {
    c.is_ascii_alphabetic() || !c.is_ascii()
}

fn letter_or_digit(c: char) -> bool {
    letter(c) || c.is_ascii_digit()
}

fn date_shaped(v: &str) -> bool {
    let v = v.trim();
    (6..=10).contains(&v.len())
        && v.chars().all(|c| c.is_ascii_digit() || "/-.".contains(c))
        && v.chars().filter(|c| !c.is_ascii_digit()).count() == 2
}

/// A value's shape: letters `x`/`X`, digits `0`, the rest as is (short values only).
fn shape(v: &str) -> Option<String> {
    (v.chars().count() <= 80).then(|| {
        v.chars()
            .map(|c| match c {
                c if c.is_ascii_uppercase() => 'X',
                c if c.is_ascii_digit() => '0',
                c if c.is_ascii_whitespace() => ' ',
                c if c.is_ascii_punctuation() => c,
                _ => 'x',
            })
            .collect()
    })
}

struct Builder<'a> {
    known: Known<'a>,
    /// Normalised texts that are a label, a column or a section of this page.
    roles: Vec<String>,
    counts: Counts,
    _snap: &'a Snapshot,
}

impl Builder<'_> {
    fn count(&mut self, kind: &'static str) {
        let c = &mut self.counts;
        match kind {
            "email" => c.email += 1,
            "phone" => c.phone += 1,
            "url" => c.url += 1,
            "number" => c.number += 1,
            "token" => c.token += 1,
            "name" => c.name += 1,
            _ => {}
        }
    }

    /// The text kept, or why it is withheld.
    fn judge(&mut self, text: &str, role: bool) -> Result<String, &'static str> {
        if !text.chars().any(letter_or_digit) {
            return Ok(text.to_string());
        }
        if let Some(kind) = personal(text) {
            self.count(kind);
            return Err(kind);
        }
        if self.known.knows(text) {
            return Ok(text.to_string());
        }
        if role || self.roles.contains(&norm(text)) {
            if name_like(text) {
                self.count("name");
                return Err("name");
            }
            return Ok(text.to_string());
        }
        Err("")
    }

    /// Whether `text` would be kept (nothing counted).
    fn keeps(&self, text: &str) -> bool {
        !text.chars().any(letter_or_digit)
            || (personal(text).is_none()
                && (self.known.knows(text)
                    || (self.roles.contains(&norm(text)) && !name_like(text))))
    }

    fn said(&mut self, text: &str, role: bool) -> Said {
        match self.judge(text, role) {
            Ok(t) => Said::Kept(t),
            Err(_) => {
                self.counts.texts += 1;
                Said::Length(text.chars().count())
            }
        }
    }
}

/// A grid position as the four optional fields (grid, row, cell, cells).
type Place = (Option<u32>, Option<u32>, Option<u32>, Option<u32>);

fn grid_of(g: Option<crate::reading::Cell>) -> Place {
    match g {
        None => (None, None, None, None),
        Some(c) => (Some(c.grid), Some(c.row), c.cell, Some(c.cells)),
    }
}

fn kind_word(k: ControlKind) -> &'static str {
    match k {
        ControlKind::Checkbox => "checkbox",
        ControlKind::Radio => "radio",
        ControlKind::Select => "select",
        ControlKind::Text => "text",
        ControlKind::Secret => "secret",
    }
}

/// The page's path, each part that matches a pattern withheld, and its query's keys.
fn path_of(url: &str, counts: &mut Counts) -> (String, Vec<String>) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.find('/').map_or("/", |i| &path[i..]);
    let mut out = Vec::new();
    for part in path.split('/') {
        match pattern(part) {
            Some(_) => {
                counts.number += 1;
                out.push("…");
            }
            None => out.push(part),
        }
    }
    let keys = query
        .split('&')
        .map(|p| p.split('=').next().unwrap_or_default())
        .filter(|k| !k.is_empty() && k.len() <= 40 && pattern(k).is_none())
        .map(str::to_string)
        .collect();
    (out.join("/"), keys)
}

/// The structure report of `page` (read into `snap` and judged in
/// `report` with `ctx`), as JSON text of at most `MAX_BYTES`.
pub fn build(
    page: &Page,
    snap: &Snapshot,
    report: &Report,
    profile: &Profile,
    ctx: &Context,
    extension: &str,
) -> String {
    let mut roles: Vec<String> = Vec::new();
    for c in &snap.controls {
        if c.ambiguous.is_none() && !c.label.is_empty() {
            roles.push(norm(&c.label));
        }
        if let Some(col) = &c.column {
            roles.push(norm(col));
            roles.extend(col.split(' ').map(norm));
        }
    }
    roles.extend(snap.sections.iter().map(|s| norm(s)));
    let mut b = Builder {
        known: Known::new(profile),
        roles,
        counts: Counts::default(),
        _snap: snap,
    };
    let mut looks: Vec<&str> = Vec::new();
    let mut texts = Vec::with_capacity(page.runs.len());
    for r in &page.runs {
        let look = match looks.iter().position(|l| *l == r.look) {
            Some(i) => i,
            None => {
                looks.push(&r.look);
                looks.len() - 1
            }
        };
        let mut t = Text {
            at: r.at,
            heading: r.heading,
            hidden: r.hidden,
            link: r.link,
            block: r.block,
            group: r.group,
            look: look as u32, // ok: fewer looks than runs
            of: r.of,
            ..Text::default()
        };
        (t.grid, t.row, t.cell, t.cells) = grid_of(r.grid);
        match b.judge(&r.text, r.of.is_some() || r.heading) {
            Ok(kept) => t.text = Some(kept),
            Err(why) => {
                // A heading that names the page's kind keeps that name alone.
                let phrase = TITLES
                    .iter()
                    .find(|p| r.heading && norm(&r.text).contains(&norm(p)));
                if let Some(p) = phrase {
                    t.text = Some(p.to_string());
                } else {
                    b.counts.texts += 1;
                    t.withheld = Some(match why {
                        "" if r.heading => "heading",
                        "" if r.link => "link",
                        "" => "text",
                        other => other,
                    });
                    t.length = Some(r.text.chars().count());
                    t.upper = !r.text.chars().any(|c| c.is_ascii_lowercase());
                }
            }
        }
        texts.push(t);
    }
    let mut controls = Vec::with_capacity(page.controls.len());
    for (seen, read) in page.controls.iter().zip(&snap.controls) {
        let c = &seen.control;
        let mut out = Ctl {
            handle: c.handle,
            at: seen.at,
            kind: kind_word(read.kind),
            checked: c.checked,
            filled: read.filled,
            disabled: c.disabled,
            hidden: c.hidden,
            block: seen.block,
            group: seen.group,
            ..Ctl::default()
        };
        (out.grid, out.row, out.cell, out.cells) = grid_of(seen.grid);
        let level_field = matches!(
            norm(&read.label).as_str(),
            "name" | "security level name" | "security level"
        );
        for o in &c.options {
            let keep = b.known.knows(o) || (level_field && b.known.level(o));
            if !keep {
                b.counts.options += 1;
            }
            out.options.push(if keep {
                Said::Kept(o.clone())
            } else {
                Said::Length(o.chars().count())
            });
        }
        if let Some(v) = read
            .value
            .as_deref()
            .filter(|_| read.kind != ControlKind::Secret)
        {
            let structure = crate::autotask::structure();
            let dates = structure
                .contract_field("Start Date")
                .iter()
                .chain(structure.contract_field("End Date"));
            let date_field = dates.map(|d| norm(d)).any(|d| d == norm(&read.label));
            let keep = v.trim().is_empty()
                || (date_field && date_shaped(v))
                || (read.kind == ControlKind::Select && b.known.knows(v))
                || (level_field && b.known.level(v));
            if keep {
                out.value = Some(v.to_string());
            } else {
                if let Some(kind) = personal(v) {
                    b.count(kind);
                }
                let at = c.options.iter().position(|o| o == v);
                if read.kind == ControlKind::Select && at.is_some() {
                    out.value_option = at;
                } else {
                    b.counts.values += 1;
                    out.value_length = Some(v.chars().count());
                    out.value_shape = shape(v);
                }
            }
        }
        if let Some(h) = &c.hint {
            out.hint = Some(if Format::in_text(h).is_some() {
                Said::Kept(h.clone())
            } else {
                b.said(h, false)
            });
        }
        let own = |t: &String| !read.label.is_empty() && norm(t) == norm(&read.label);
        if let Some(a) = &seen.aria_label {
            out.aria_label = Some(b.said(a, own(a)));
        }
        if let Some(a) = &seen.title {
            out.title = Some(b.said(a, own(a)));
        }
        controls.push(out);
    }
    let (path, query_keys) = path_of(&page.url, &mut b.counts);
    let results = report
        .results
        .iter()
        .map(|r| Res {
            rule: r.rule.clone(),
            section: if b.keeps(&r.section) {
                r.section.clone()
            } else {
                String::new()
            },
            control: b.keeps(&r.control).then(|| r.control.clone()),
            column: r
                .column
                .clone()
                .filter(|c| b.known.knows(c) || b.roles.contains(&norm(c))),
            handles: r.handles.clone(),
            outcome: r.outcome,
        })
        .collect();
    let title = TITLES
        .iter()
        .copied()
        .find(|p| norm(&page.title).contains(&norm(p)));
    let head = Head {
        structure_report: FORMAT,
        extension,
        engine: crate::version::ENGINE_VERSION,
        profile: [profile.id.as_str(), profile.version.as_str()],
        path,
        query_keys,
        lang: page.lang.chars().take(20).collect(),
        title,
        title_length: page.title.chars().count(),
        context: Ctx {
            today: ctx.today.clone(),
            date_format: ctx.date_format.clone(),
            invoice: ctx.invoice.clone(),
            remembered_level: ctx.remembered_level.is_some(),
        },
        verdict: Verdict {
            page: report.page.as_str(),
            bound: report.bound,
            bound_by: report.bound_by,
            summary: report.summary,
            passes: report.passes,
            sections_found: report.recognition.sections_found.clone(),
            sections_missing: report.recognition.sections_missing.clone(),
            results,
        },
        withheld: b.counts,
        never: NEVER,
        truncated: None,
    };
    assemble(head, texts, controls)
}

/// The JSON text: the head, then texts and controls in page order up to the
/// size bound (the cut is said in `truncated`).
fn assemble(mut head: Head, texts: Vec<Text>, controls: Vec<Ctl>) -> String {
    let item = |v: Result<String, serde_json::Error>| v.unwrap_or_default();
    let texts: Vec<(u32, String)> = texts
        .iter()
        .map(|t| (t.at, item(serde_json::to_string(t))))
        .collect();
    let controls: Vec<(u32, String)> = controls
        .iter()
        .map(|c| (c.at, item(serde_json::to_string(c))))
        .collect();
    let room = MAX_BYTES.saturating_sub(item(serde_json::to_string(&head)).len() + 4096);
    let total: usize = texts
        .iter()
        .chain(&controls)
        .map(|(_, s)| s.len() + 2)
        .sum();
    let mut cut = u32::MAX;
    if total > room {
        let mut ats: Vec<(u32, usize)> = texts
            .iter()
            .chain(&controls)
            .map(|(a, s)| (*a, s.len() + 2))
            .collect();
        ats.sort_unstable();
        let mut used = 0;
        for (at, len) in ats {
            used += len;
            if used > room {
                cut = at;
                break;
            }
        }
        head.truncated = Some(Cut {
            from_at: cut,
            texts: texts.len(),
            controls: controls.len(),
        });
    }
    let list = |items: &[(u32, String)]| {
        let kept: Vec<&str> = items
            .iter()
            .filter(|(a, _)| *a < cut)
            .map(|(_, s)| s.as_str())
            .collect();
        kept.join(",\n")
    };
    let mut out = item(serde_json::to_string(&head));
    out.pop();
    out.push_str(",\n\"texts\": [\n");
    out.push_str(&list(&texts));
    out.push_str("\n],\n\"controls\": [\n");
    out.push_str(&list(&controls));
    out.push_str("\n]}\n");
    out
}

#[cfg(feature = "checker")]
/// Reads a structure report back into the snapshot it stands for: each
/// withheld text as a stand-in of its length (`x`, or `X` when it had no
/// lower-case letter), each withheld value as its shape. Refuses anything
/// that is not a whole report of this format, with a sentence that says why.
pub fn snapshot_of(text: &str) -> Result<(serde_json::Value, String), String> {
    if text.len() > MAX_BYTES + 64 * 1024 {
        return Err(format!(
            "The file is {} KB; a structure report is at most {} KB, so this is not one (or it was changed).",
            text.len() / 1024,
            MAX_BYTES / 1024
        ));
    }
    let mut value = crate::json::parse(text).map_err(|e| {
        if e.message.contains("EOF") {
            "The structure report is cut off (it ends before its last part): copy or download it again, whole.".to_string()
        } else {
            format!("This file is not a structure report: it is {e}.")
        }
    })?;
    let o = value
        .as_object()
        .ok_or("This file is not a structure report: it holds no JSON object.")?;
    match o.get("structureReport").and_then(|v| v.as_u64()) {
        Some(n) if n == u64::from(FORMAT) => {}
        Some(n) => {
            return Err(format!(
                "This structure report is of format {n}; this checker reads format {FORMAT}. Use the checker of the extension's version."
            ))
        }
        None if o.contains_key("results") => {
            return Err("This is a verdict report (the panel's or the checker's JSON), not a structure report: use \"Copy a structure report\" instead.".into())
        }
        None => return Err("This JSON file is not a structure report (it has no \"structureReport\" format field).".into()),
    }
    let profile = o
        .get("profile")
        .and_then(|p| p.get(0))
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .to_string();
    let stand_in =
        |len: u64, upper: bool| (if upper { "X" } else { "x" }).repeat(len.min(4096) as usize);
    let fill = |v: &mut serde_json::Value| {
        if let Some(n) = v.as_u64() {
            *v = stand_in(n, false).into();
        }
    };
    let path = o
        .get("path")
        .and_then(|v| v.as_str())
        .unwrap_or("/")
        .to_string();
    let keys: Vec<String> = o
        .get("queryKeys")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|k| k.as_str())
                .map(|k| format!("{k}=0"))
                .collect()
        })
        .unwrap_or_default();
    let url = if keys.is_empty() {
        path
    } else {
        format!("{path}?{}", keys.join("&"))
    };
    let title = o
        .get("title")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let lang = o.get("lang").cloned().unwrap_or_default();
    let mut texts = value
        .get_mut("texts")
        .map(std::mem::take)
        .unwrap_or_default();
    let mut controls = value
        .get_mut("controls")
        .map(std::mem::take)
        .unwrap_or_default();
    for t in texts.as_array_mut().into_iter().flatten() {
        let Some(t) = t.as_object_mut() else { continue };
        if !t.contains_key("text") {
            let len = t.get("length").and_then(|v| v.as_u64()).unwrap_or(1);
            let upper = t.get("upper").and_then(|v| v.as_bool()).unwrap_or(false);
            t.insert("text".into(), stand_in(len.max(1), upper).into());
        }
        if let Some(l) = t.get("look").cloned() {
            t.insert("look".into(), l.to_string().into());
        }
    }
    for c in controls.as_array_mut().into_iter().flatten() {
        let Some(c) = c.as_object_mut() else { continue };
        for key in ["hint", "ariaLabel", "title"] {
            if let Some(v) = c.get_mut(key) {
                fill(v);
            }
        }
        if let Some(list) = c.get_mut("options").and_then(|v| v.as_array_mut()) {
            list.iter_mut().for_each(&fill);
        }
        if !c.contains_key("value") {
            let chosen = c
                .get("valueOption")
                .and_then(|v| v.as_u64())
                .and_then(|i| c.get("options").and_then(|l| l.get(i as usize)).cloned());
            let shaped = c.get("valueShape").cloned().filter(|v| v.is_string());
            let length: Option<serde_json::Value> = c
                .get("valueLength")
                .and_then(|v| v.as_u64())
                .map(|n| stand_in(n, false).into());
            if let Some(v) = chosen.or(shaped).or(length) {
                c.insert("value".into(), v);
            }
        }
    }
    let snapshot = serde_json::json!({
        "format": 2, "seq": 1, "url": url, "lang": lang, "title": title,
        "texts": texts, "controls": controls,
    });
    Ok((snapshot, profile))
}

/// Why the engine could not use a control it read, if it could not.
#[cfg(feature = "checker")]
pub fn unread(c: &crate::snapshot::Control, page_has_sections: bool) -> Option<String> {
    if let Some(why) = &c.ambiguous {
        return Some(format!("its label is not certain: {why}"));
    }
    if c.label.trim().is_empty() {
        return Some("no text on the page labels it".into());
    }
    match c.kind {
        ControlKind::Checkbox | ControlKind::Radio if c.checked.is_none() => {
            Some("the page does not show whether it is on or off".into())
        }
        ControlKind::Select if c.value.is_none() => Some("the page shows no chosen option".into()),
        ControlKind::Secret if c.filled.is_none() => {
            Some("the page does not show whether it is filled".into())
        }
        _ if page_has_sections && c.path.is_empty() => {
            Some("it is outside every section the engine knows".into())
        }
        _ => None,
    }
}

#[cfg(feature = "checker")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadControl {
    handle: u32,
    kind: &'static str,
    label: String,
    column: Option<String>,
    section: Option<String>,
    state: String,
    unread: Option<String>,
}

#[cfg(feature = "checker")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Difference {
    rule: String,
    handles: Vec<u32>,
    live: Option<String>,
    replayed: Option<String>,
    because: &'static str,
}

#[cfg(feature = "checker")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replayed {
    report: Report,
    sections: Vec<String>,
    read: Vec<ReadControl>,
    differences: Vec<Difference>,
    /// The replay gives exactly the live verdict.
    same: bool,
    /// Every difference comes from what the report leaves out.
    explained: bool,
}

/// The checker's replay of a structure report: what the engine reads from
/// it, its verdict on it, and every way that differs from the live verdict
/// the report carries, with the reason.
#[cfg(feature = "checker")]
pub fn replay(text: &str) -> Result<String, String> {
    use serde_json::Value;
    let (snapshot, profile_id) = snapshot_of(text)?;
    let whole: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let damaged =
        |e: String| format!("The structure report is damaged ({e}); nothing was changed.");
    let snap = Snapshot::from_value(&snapshot).map_err(|e| damaged(e.to_string()))?;
    let live = &whole["verdict"];
    let context = &whole["context"];
    let word = |v: &Value| v.as_str().map(str::to_string);
    let ctx = Context {
        judge_any_level: live["bound"]
            .as_bool()
            .ok_or_else(|| damaged("no verdict".into()))?,
        today: word(&context["today"]),
        date_format: word(&context["dateFormat"]),
        invoice: word(&context["invoice"]),
        ..Context::default()
    };
    let profile = crate::profile::find(&profile_id).map_err(|_| {
        format!("The report was judged with the profile \"{profile_id}\", which this checker does not have (a custom profile); nothing was changed.")
    })?;
    let report = crate::report::check(profile, &snap, &ctx);
    let withheld = |h: u32| {
        whole["controls"].as_array().into_iter().flatten().any(|c| {
            c["handle"].as_u64() == Some(u64::from(h))
                && (c.get("valueLength").is_some() || c.get("valueOption").is_some())
        })
    };
    let remembered = context["rememberedLevel"].as_bool().unwrap_or(false);
    let outcome = |o: Outcome| {
        let word = match o {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Excess => "excess",
            Outcome::Incomplete => "incomplete",
            Outcome::Warn => "warn",
        };
        Some(word.to_string())
    };
    let mut differences = Vec::new();
    let mut matched = vec![false; report.results.len()];
    for l in live["results"].as_array().into_iter().flatten() {
        let rule = word(&l["rule"]).unwrap_or_default();
        let handles: Vec<u32> = l["handles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h.as_u64().and_then(|h| u32::try_from(h).ok()))
            .collect();
        let found = report
            .results
            .iter()
            .enumerate()
            .position(|(i, r)| !matched[i] && r.rule == rule && r.handles == handles);
        let replayed = found.map(|i| {
            matched[i] = true;
            report.results[i].outcome
        });
        let live_outcome = word(&l["outcome"]);
        if replayed.and_then(outcome) != live_outcome {
            differences.push(Difference {
                because: if handles.iter().any(|&h| withheld(h)) {
                    "value"
                } else if remembered && rule == "user-security-level" {
                    "context"
                } else {
                    "reading"
                },
                rule,
                handles,
                live: live_outcome,
                replayed: replayed.and_then(outcome),
            });
        }
    }
    for (i, r) in report
        .results
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched[*i])
    {
        let _ = i;
        differences.push(Difference {
            rule: r.rule.clone(),
            handles: r.handles.clone(),
            live: None,
            replayed: outcome(r.outcome),
            because: if r.handles.iter().any(|&h| withheld(h)) {
                "value"
            } else {
                "reading"
            },
        });
    }
    let page_same = word(&live["page"]).as_deref() == Some(report.page.as_str())
        && live["bound"].as_bool() == Some(report.bound);
    let has_sections = !snap.sections.is_empty();
    let read = snap
        .controls
        .iter()
        .map(|c| ReadControl {
            handle: c.handle,
            kind: kind_word(c.kind),
            label: c.label.clone(),
            column: c.column.clone(),
            section: c.path.last().cloned(),
            state: match c.kind {
                ControlKind::Checkbox | ControlKind::Radio => match c.checked {
                    Some(true) => "on".into(),
                    Some(false) => "off".into(),
                    None => "?".into(),
                },
                ControlKind::Secret => match c.filled {
                    Some(true) => "filled".into(),
                    Some(false) => "empty".into(),
                    None => "?".into(),
                },
                _ => c.value.clone().unwrap_or_else(|| "?".into()),
            },
            unread: unread(c, has_sections),
        })
        .collect();
    let explained = page_same && differences.iter().all(|d| d.because != "reading");
    let same = page_same && differences.is_empty();
    let out = Replayed {
        sections: snap.sections.clone(),
        report,
        read,
        differences,
        same,
        explained,
    };
    serde_json::to_string(&out).map_err(|e| e.to_string())
}
