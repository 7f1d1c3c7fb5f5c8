//! The worker's reports as their own wasm (`asg_reports`). What runs only
//! on a verdict or when an admin asks (the journal, the live check's
//! verdict, the setup report, the panel's Markdown report, the structure
//! report) is not in the page engine, which every check of every Autotask
//! frame waits for: the worker compiles and instantiates this one the first
//! time it is needed after a start (extension/background/engines.js). The
//! functions are the engine's own (src/lib.rs); this crate only exports
//! them, so their rules stay in one place and are tested there.

use autotask_setup_guard as engine;
use wasm_bindgen::prelude::*;

// The names differ from the page engine's (`installPanicHook`,
// `addBuiltInProfile`): a build of the whole workspace (its wasm tests)
// links both crates' exports into one wasm, where a name may be used once.

/// Panics (bugs) reach the console with a message instead of
/// "unreachable": set when the wasm is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    engine::install_panic_hook();
}

/// One built-in profile's file, as the page engine gets it
/// (`addBuiltInProfile` in src/lib.rs): the worker gives each once, after
/// this wasm starts. The reports judge and plan with the same profiles.
#[wasm_bindgen(js_name = takeBuiltInProfile)]
pub fn add_built_in_profile(file: &str, text: String) -> Result<(), JsValue> {
    engine::add_built_in_profile(file, text)
}

/// The journal of a host with one verdict written in (src/lib.rs: `journal_after`).
#[wasm_bindgen(js_name = journalAfter)]
pub fn journal_after(journal: &str, verdict: &str, at: &str) -> Result<String, JsValue> {
    engine::journal_after(journal, verdict, at)
}

/// The live check's verdict for the journal (src/lib.rs: `live_verdict`).
#[wasm_bindgen(js_name = liveVerdict)]
pub fn live_verdict(report: &str) -> Result<String, JsValue> {
    engine::live_verdict(report)
}

/// The setup journey of the active profile on one host (src/lib.rs: `setup_journey`).
#[wasm_bindgen(js_name = setupJourney)]
pub fn setup_journey(
    profile_id: &str,
    profile_text: Option<String>,
    record: &str,
    checked_at: &str,
) -> Result<String, JsValue> {
    engine::setup_journey(profile_id, profile_text, record, checked_at)
}

/// The panel's Markdown report of a live page (src/lib.rs: `panel_markdown`).
#[wasm_bindgen(js_name = panelMarkdown)]
pub fn panel_markdown(
    snapshot: &str,
    context: &str,
    profile_text: Option<String>,
    checked_at: &str,
) -> Result<String, JsValue> {
    engine::panel_markdown(snapshot, context, profile_text, checked_at)
}

/// The structure report of one format 2 snapshot (src/lib.rs: `structure_report`).
#[wasm_bindgen(js_name = structureReport)]
pub fn structure_report(
    snapshot: &str,
    context: &str,
    profile_text: Option<String>,
    extension: &str,
) -> Result<String, JsValue> {
    engine::structure_report(snapshot, context, profile_text, extension)
}
