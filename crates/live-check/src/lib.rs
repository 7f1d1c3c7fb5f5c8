//! The live API check as its own wasm (`asg_live`). It runs only when an
//! admin asks for it, so the page engine (the worker's and the checker's
//! everyday wasm) does not carry it: the worker loads this one lazily, and
//! the checker page only when its live check form is used. The check's
//! decisions are pure (`autotask_api`, tested natively); `api_client` sends
//! its requests with the global `fetch`.

#[cfg(target_arch = "wasm32")]
pub mod api_client;
pub mod autotask_api;
pub mod live_report_md;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// The live check of an API user against the Autotask REST API. `input`
/// (JSON): `username`, `integrationCode`, `profile`, `direct` (true on a
/// plain page, where the browser applies CORS), `checkedAt`. The secret is a
/// parameter of its own so that it is never part of a JSON text. Progress
/// (JSON) goes to `on_progress` after each step; the answer is
/// `{"report": …, "markdown": "…"}`. Bad input is refused before any request.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = liveCheck)]
pub async fn live_check(
    input: String,
    secret: String,
    on_progress: js_sys::Function,
) -> Result<String, JsValue> {
    // Panics (bugs) reach the console with a message instead of "unreachable".
    console_error_panic_hook::set_once();
    api_client::run(&input, secret, &on_progress).await
}
