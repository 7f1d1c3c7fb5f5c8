//! Autotask Setup Guard's engine. This file only converts and forwards
//! between JavaScript and the pure modules below; no rule lives here.

pub mod autotask;
pub mod bind;
pub mod checks;
pub mod dates;
pub mod field_report;
pub mod form;
pub mod incremental;
pub mod journey;
pub mod json;
pub mod locate;
pub mod md_text;
// Both the checker page and the panel export Markdown reports.
pub mod markdown;
// The checker page's extras: the extension's worker is built without them.
#[cfg(feature = "checker")]
pub mod mhtml;
pub mod normalize;
pub mod pages;
pub mod profile;
pub mod reading;
pub mod recognize;
pub mod redact;
pub mod report;
pub mod snapshot;
pub mod verify;
pub mod version;

// The page kinds' modules, where they were before `pages/` (older paths keep working).
pub use pages::{api_user, contract};
pub use version::ENGINE_VERSION;

use serde::Serialize;
// The exports are behind the default feature `exports`: crates/live-check
// uses this crate's pure parts without them (they would link the whole page
// engine into its wasm).
use wasm_bindgen::prelude::*;

// Values cross the boundary as JSON text, read by `json` (exact field errors)
// and written by serde_json: one format on both sides keeps the wasm small.
fn to_js<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|e| coded("internal", &e.to_string()))
}

/// An error for JavaScript: an `Error` whose `code` says what was refused
/// (`snapshot`, `context`, `profile`, `unknown-profile`, `field-report`,
/// `internal`, or an MHTML code such as `cut-off`), and whose message is
/// the sentence to show (docs/messages.md).
// Not generic, and kept out of line: one copy in the wasm.
#[inline(never)]
fn coded(code: &str, message: &str) -> JsValue {
    #[cfg(target_arch = "wasm32")]
    {
        let error = js_sys::Error::new(message);
        // Setting a property on a fresh Error cannot fail.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
        error.into()
    }
    // Native builds (tests) never hand a value to JavaScript.
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = code;
        JsValue::from_str(message)
    }
}

fn refused(what: &'static str, err: json::FieldError) -> JsValue {
    coded(what, &format!("{what}: {err}"))
}

/// Panics (bugs) reach the console with a message instead of "unreachable".
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = installPanicHook))]
pub fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

#[cfg_attr(feature = "exports", wasm_bindgen(js_name = engineVersion))]
pub fn engine_version() -> String {
    ENGINE_VERSION.to_string()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileInfo<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    description: &'a str,
    /// The guides the rules come from, for the options page's list.
    sources: Vec<SourceInfo<'a>>,
    /// How many rules judge the security level (a matrix cell is one).
    level_rules: usize,
}

#[derive(Serialize)]
struct SourceInfo<'a> {
    title: &'a str,
    url: Option<&'a str>,
}

/// Gives the engine one built-in profile's file (`profiles/ID.json` beside
/// the engine; `file` is its name, such as `rhipe-prism-connect.json`): the
/// worker and the checker page give each once, after the engine starts and
/// before its first check. The wasm carries none of them (src/profile.rs).
/// A file that is not one of the engine's built-ins, or a second, different
/// text for one, is refused (code `profile`).
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = addBuiltInProfile))]
pub fn add_built_in_profile(file: &str, text: String) -> Result<(), JsValue> {
    profile::provide(file, text).map_err(|e| coded("profile", &e))
}

/// The built-in profiles: id, name, version, description, sources
/// (`{title, url}`) and `levelRules` (how many rules judge the level).
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = listProfiles))]
pub fn list_profiles() -> Result<String, JsValue> {
    let all = profile::built_in().map_err(|e| coded("profile", &e.to_string()))?;
    let infos: Vec<ProfileInfo> = all.into_iter().map(info).collect();
    to_js(&infos)
}

fn info(p: &profile::Profile) -> ProfileInfo<'_> {
    ProfileInfo {
        id: &p.id,
        name: &p.name,
        version: &p.version,
        description: &p.description,
        sources: p
            .sources
            .iter()
            .map(|s| SourceInfo {
                title: &s.title,
                url: s.url.as_deref(),
            })
            .collect(),
        level_rules: p
            .security_level
            .sections
            .iter()
            .map(|s| s.rules.len())
            .sum(),
    }
}

/// Checks an imported or managed profile's text: `[{id, name, version,
/// description, sources, levelRules}]`, or the error naming the field and its line.
#[cfg(not(feature = "checker"))]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = validateProfile))]
pub fn validate_profile(file: &str, text: &str) -> Result<String, JsValue> {
    let p = profile::parse_custom(file, text).map_err(|e| coded("profile", &e.to_string()))?;
    // A list of one: the same shape (and code) as `listProfiles`.
    to_js(&vec![info(&p)])
}

/// A built-in profile's file text, for "Export".
#[cfg(not(feature = "checker"))]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = builtInProfileText))]
pub fn built_in_profile_text(id: &str) -> Result<String, JsValue> {
    profile::built_in_text(id)
        .map(str::to_string)
        .ok_or_else(|| coded("unknown-profile", &format!("unknown profile \"{id}\"")))
}

/// The date formats the engine reads (`MM/dd/yyyy`, …): the worker checks
/// a format the panel sends against this list, so JavaScript keeps no copy.
#[cfg(not(feature = "checker"))]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = dateFormats))]
pub fn date_formats() -> Result<String, JsValue> {
    let names: Vec<&str> = dates::FORMATS.iter().map(|f| f.as_str()).collect();
    to_js(&names)
}

/// Whether a page with no form control is judged from a survey (its
/// address, language, title and first headings, no text runs and no
/// controls: `AsgSnapshot.survey`) instead of a snapshot of the whole page,
/// which on every other Autotask page (a ticket, a dashboard list) is work
/// for nothing. True while every page kind that can recognise a page
/// without controls decides from those alone: no-access (its address, or
/// a denial in its title or headings) and unsupported-language (its
/// `lang`, or foreign words in its title or headings); every judged kind
/// needs controls. A kind that reads more of a page without controls (the
/// list pages read their rows) says so in `Page::needs_whole_page`, and the
/// report then asks for the whole page (`lookCloser`); tests/engine.rs holds
/// the two survey-only kinds to this.
pub const SURVEY_WITHOUT_CONTROLS: bool = true;

/// What the content script needs before any report: the labels of save
/// buttons, normalised (see `normalize::norm`), for the synchronous save
/// guard, and whether a page without controls is judged from a survey.
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = guardConfig))]
pub fn guard_config() -> Result<String, JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct GuardConfig {
        save_labels: Vec<String>,
        survey_without_controls: bool,
    }
    to_js(&GuardConfig {
        save_labels: recognize::SAVE_LABELS
            .iter()
            .map(|l| normalize::norm(l))
            .collect(),
        survey_without_controls: SURVEY_WITHOUT_CONTROLS,
    })
}

/// Judges one snapshot (JSON): `context` (JSON) says the profile and what is
/// remembered; `profile_text`, when given and not empty, is a custom
/// profile's file (imported or pushed by policy) to judge with instead.
/// Returns the report as JSON.
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = checkPage))]
pub fn check_page(
    snapshot: &str,
    context: &str,
    profile_text: Option<String>,
) -> Result<String, JsValue> {
    to_js(&checked(snapshot, context, profile_text.as_deref())?)
}

/// The last snapshot read for each frame (src/incremental.rs), for
/// the extension's frames only (the checker page has none: not exported there),
/// `recheckFrame`. One engine instance runs on one thread (a worker), so
/// the lock is never contended; a worker started again starts empty.
static KEPT: std::sync::Mutex<incremental::Kept> = std::sync::Mutex::new(incremental::Kept::new());

fn kept() -> std::sync::MutexGuard<'static, incremental::Kept> {
    // A panic cannot leave the list half-changed in a way that matters: at worst
    // a frame's page sends its whole snapshot again.
    KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// As `checkPage`, and keeps the snapshot read as `frame`'s (a key the
/// worker makes per frame and page), so that the page's next look can send
/// only the states that changed (`recheckFrame`).
#[cfg_attr(all(feature = "exports", not(feature = "checker")), wasm_bindgen(js_name = checkFrame))]
pub fn check_frame(
    frame: &str,
    snapshot: &str,
    context: &str,
    profile_text: Option<String>,
) -> Result<String, JsValue> {
    let snap = snapshot::Snapshot::from_json(snapshot).map_err(|e| refused("snapshot", e))?;
    let ctx = bind::Context::from_json(context).map_err(|e| refused("context", e))?;
    let report = report_of(&snap, &ctx, profile_text.as_deref())?;
    kept().keep(frame, snap);
    to_js(&report)
}

/// Judges `frame`'s kept snapshot with `changes` (JSON: `{base, seq,
/// controls: [{handle, checked?, value?, filled?}]}`) applied, as
/// `checkPage` would judge the whole page sent again. With no snapshot to
/// apply them to (a worker started since, a change lost on the way), the
/// error's code is `no-base`: the page then sends the whole snapshot.
#[cfg_attr(all(feature = "exports", not(feature = "checker")), wasm_bindgen(js_name = recheckFrame))]
pub fn recheck_frame(
    frame: &str,
    changes: &str,
    context: &str,
    profile_text: Option<String>,
) -> Result<String, JsValue> {
    let changes = incremental::Changes::from_json(changes).map_err(|e| refused("changes", e))?;
    let ctx = bind::Context::from_json(context).map_err(|e| refused("context", e))?;
    let mut kept = kept();
    let Some(snap) = kept.apply(frame, &changes) else {
        return Err(coded(
            "no-base",
            "no snapshot of this frame is kept to apply the changes to; send the whole snapshot",
        ));
    };
    to_js(&report_of(snap, &ctx, profile_text.as_deref())?)
}

/// Forgets the kept snapshots of every frame whose key starts with `prefix`.
#[cfg_attr(all(feature = "exports", not(feature = "checker")), wasm_bindgen(js_name = forgetFrames))]
pub fn forget_frames(prefix: &str) {
    kept().forget(prefix);
}

fn checked(
    snapshot: &str,
    context: &str,
    profile_text: Option<&str>,
) -> Result<report::Report, JsValue> {
    let snap = snapshot::Snapshot::from_json(snapshot).map_err(|e| refused("snapshot", e))?;
    let ctx = bind::Context::from_json(context).map_err(|e| refused("context", e))?;
    report_of(&snap, &ctx, profile_text)
}

/// `judged`'s report alone: one copy of `judged` in the wasm for every export that wants only it.
#[inline(never)]
fn report_of(
    snap: &snapshot::Snapshot,
    ctx: &bind::Context,
    profile_text: Option<&str>,
) -> Result<report::Report, JsValue> {
    judged(snap, ctx, profile_text, |_, report| report)
}

/// Recognises the page once, chooses the profile it is judged by (the
/// custom one when given, else the built-in one that owns the object:
/// `pages::owner`) and hands both to `then`.
fn judged<T>(
    snap: &snapshot::Snapshot,
    ctx: &bind::Context,
    profile_text: Option<&str>,
    then: impl FnOnce(&profile::Profile, report::Report) -> T,
) -> Result<T, JsValue> {
    let recognition = recognize::recognize(snap);
    // An imported profile is the active one when the context names it (or
    // names none); otherwise it is one more profile an object may belong to.
    let custom = match profile_text.filter(|t| !t.is_empty()) {
        Some(text) => Some(
            profile::parse_custom("custom profile", text)
                .map_err(|e| coded("profile", &e.to_string()))?,
        ),
        None => None,
    };
    let active = match &custom {
        Some(c) if ctx.profile.is_empty() || ctx.profile == c.id => c,
        _ => profile::find(&ctx.profile).map_err(|e| coded("unknown-profile", &e))?,
    };
    // The others are parsed only if the page's object may be theirs.
    let all = || candidates(custom.as_ref());
    let profile = pages::owner(active, all(), snap, &recognition, ctx);
    let name = recognition.level_name.clone().unwrap_or_default();
    let mut report = report::judge(profile, snap, ctx, recognition);
    if let Some(offer) = report.offer.as_mut().filter(|o| o.ask_profile) {
        // The active profile first: the likeliest answer.
        offer.choices = pages::choices(std::iter::once(active).chain(all()), &name);
    }
    Ok(then(profile, report))
}

/// The imported profile (if any), then the built-in ones, parsed as reached.
fn candidates(custom: Option<&profile::Profile>) -> impl Iterator<Item = &profile::Profile> {
    let shorter = |p: &'static profile::Profile| -> &profile::Profile { p };
    custom.into_iter().chain(profile::built_ins().map(shorter))
}

/// The structure report of one format 2 snapshot (docs/field-reports.md),
/// judged as `checkPage` judges it; `extension` is the extension's version.
// Exported by crates/reports (its own wasm, loaded when needed), not by the page engines.
pub fn structure_report(
    snapshot: &str,
    context: &str,
    profile_text: Option<String>,
    extension: &str,
) -> Result<String, JsValue> {
    let page = snapshot::page_from_json(snapshot).map_err(|e| refused("snapshot", e))?;
    let snap = reading::read(&page);
    let ctx = bind::Context::from_json(context).map_err(|e| refused("context", e))?;
    judged(&snap, &ctx, profile_text.as_deref(), |profile, report| {
        field_report::build(&page, &snap, &report, profile, &ctx, extension)
    })
}

/// The checker's replay of a structure report (JSON text): what the engine
/// reads from it, its verdict, and how that compares with the live verdict
/// the report carries. A file that is not a whole report of this format is
/// refused with a sentence saying why.
#[cfg(feature = "checker")]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = replayStructureReport))]
pub fn replay_structure_report(text: &str) -> Result<String, JsValue> {
    field_report::replay(text).map_err(|e| coded("field-report", &e))
}

/// The format 2 snapshot a structure report stands for (each withheld text
/// a stand-in of its length), for `scripts/fixture-from-report.mjs`.
#[cfg(feature = "checker")]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = structureSnapshot))]
pub fn structure_snapshot(text: &str) -> Result<String, JsValue> {
    field_report::snapshot_of(text)
        .map(|(snapshot, _)| snapshot.to_string())
        .map_err(|e| coded("field-report", &e))
}

/// The HTML parts of a single-file save (MHTML): the page and each of its
/// frames, in file order, as UTF-8 `location NUL html NUL location NUL html
/// NUL …`. A file that is not MHTML, or is cut off, is refused with the
/// error's code (`mhtml::Error::code`: `cut-off`, `not-mhtml`, …).
#[cfg(feature = "checker")]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = mhtmlHtmlParts))]
pub fn mhtml_html_parts(data: &[u8]) -> Result<Vec<u8>, JsValue> {
    mhtml::html_parts(data).map_err(|e| coded(e.code(), e.code()))
}

/// The report for one snapshot (as `checkPage` gives it) in Markdown, for a
/// support ticket, with where the page came from: the file's name, the
/// frame's address, when it was checked (each may be empty).
#[cfg(feature = "checker")]
#[cfg_attr(feature = "exports", wasm_bindgen(js_name = reportMarkdown))]
pub fn report_markdown(
    snapshot: &str,
    context: &str,
    file: &str,
    location: &str,
    checked_at: &str,
) -> Result<String, JsValue> {
    let about = markdown::About {
        file,
        location,
        checked_at,
    };
    Ok(markdown::render(&checked(snapshot, context, None)?, &about))
}

/// The panel's Markdown report of a live page, judged as `checkPage` does
/// (the worker takes the JSON report from `checkPage`). The page's address
/// is left out on purpose: a report carries nothing from the page beyond the
/// judged controls and the level's name.
// Exported by crates/reports (its own wasm, loaded when needed), not by the page engines.
pub fn panel_markdown(
    snapshot: &str,
    context: &str,
    profile_text: Option<String>,
    checked_at: &str,
) -> Result<String, JsValue> {
    let report = checked(snapshot, context, profile_text.as_deref())?;
    let about = markdown::About {
        checked_at,
        ..markdown::About::default()
    };
    Ok(markdown::render(&report, &about))
}

/// The journal of a host with one verdict written in (`journey::journal_after`):
/// `journal` is the host record's `journal` as stored (or empty), `verdict`
/// a report's `journal` or `liveVerdict`'s, `at` when it was reached. The
/// new journal as JSON, or "" when it already holds this verdict.
// Exported by crates/reports (its own wasm, loaded when needed), not by the page engines.
pub fn journal_after(journal: &str, verdict: &str, at: &str) -> Result<String, JsValue> {
    let v = journey::verdict_from_json(verdict).map_err(|e| refused("journal", e))?;
    match journey::journal_after(journal, &v, at).map_err(|e| refused("journal", e))? {
        Some(j) => Ok(j),
        None => Ok(String::new()),
    }
}

/// The live check's verdict for the journal, from its report (JSON):
/// `{verdict, at}`; only the outcome per rule and the date are taken.
// Exported by crates/reports (its own wasm, loaded when needed), not by the page engines.
pub fn live_verdict(report: &str) -> Result<String, JsValue> {
    #[derive(Serialize)]
    struct Out {
        verdict: journey::Verdict,
        at: String,
    }
    let (verdict, at) = journey::live_verdict(report).map_err(|e| refused("journal", e))?;
    to_js(&Out { verdict, at })
}

/// The setup journey of the active profile on one host: `{markdown,
/// report}`: the setup report as Markdown and as JSON, whose `steps` (each
/// with its state, object, date, findings, what to do and where) the popup
/// draws. `record` is the host's record as stored (JSON, or
/// empty); `profile_text` a custom profile's file when one is active.
// Exported by crates/reports (its own wasm, loaded when needed), not by the page engines.
pub fn setup_journey(
    profile_id: &str,
    profile_text: Option<String>,
    record: &str,
    checked_at: &str,
) -> Result<String, JsValue> {
    let custom;
    let profile = match profile_text.as_deref().filter(|t| !t.is_empty()) {
        Some(text) => {
            custom = profile::parse_custom("custom profile", text)
                .map_err(|e| coded("profile", &e.to_string()))?;
            &custom
        }
        None => profile::find(profile_id).map_err(|e| coded("unknown-profile", &e))?,
    };
    let j =
        journey::journey(&journey::plan_of(profile), record).map_err(|e| refused("journal", e))?;
    #[derive(Serialize)]
    struct Out<'a> {
        markdown: String,
        report: journey::SetupReport<'a>,
    }
    to_js(&Out {
        markdown: journey::setup_markdown(&j, checked_at),
        report: journey::setup_report(&j, checked_at),
    })
}
