//! The live API check's hands (wasm only): sends what `autotask_api::Check`
//! asks for with the global `fetch` and hands back what came. It runs in the Chrome
//! service worker, which has no `window`: timers come from the global scope.
//!
//! The secret lives in this function's memory for one check: it goes only
//! into the `Secret` header of requests to the validated zone; answers go to
//! the engine as they came, where every text read from them is scrubbed of
//! it. Every copy is wiped on every way out (`Wiped`), early errors included.

use crate::autotask_api::{self, Answer, Check, Input, Request, UrlParts};
use autotask_setup_guard::redact::Wiped;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, RequestCache, RequestCredentials, RequestInit, RequestRedirect,
    Response, ResponseType,
};

#[wasm_bindgen]
extern "C" {
    // The global functions, present in a window and in a worker alike.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Promise;
}

/// The browser's URL parser over `text`.
pub fn parse_url(text: &str) -> Option<UrlParts> {
    let url = web_sys::Url::new(text).ok()?;
    Some(UrlParts {
        protocol: url.protocol(),
        username: url.username(),
        password: url.password(),
        hostname: url.hostname(),
        port: url.port(),
        pathname: url.pathname(),
        search: url.search(),
        hash: url.hash(),
    })
}

/// The zone base a zone address gives, or why it is refused (for tests of
/// the real parser on tricky inputs).
pub fn zone_base(text: &str) -> Result<String, String> {
    parse_url(text)
        .ok_or_else(|| "it is not an address".to_string())
        .and_then(|p| autotask_api::zone_base(&p))
}

struct Creds<'a> {
    username: &'a str,
    code: &'a str,
    secret: &'a str,
}

/// Runs one check; `on_progress` gets the progress as JSON after each step.
/// Returns `{"report": …, "markdown": "…"}` as JSON.
pub async fn run(input: &str, secret: String, on_progress: &Function) -> Result<String, JsValue> {
    // Wiped when this function's future ends, however it ends.
    let secret = Wiped::new(secret);
    let input = Input::from_json(input).map_err(|e| JsValue::from_str(&e))?;
    let (username, code) = (input.username.clone(), input.integration_code.clone());
    let creds = Creds {
        username: &username,
        code: &code,
        secret: secret.as_str(),
    };
    let mut check = Check::new(input, secret.as_str()).map_err(|e| JsValue::from_str(&e))?;
    loop {
        let batch = check.next_batch();
        if batch.is_empty() {
            break;
        }
        progress(on_progress, &check);
        for (id, answer) in all_of(&batch, &creds).await {
            check.answer(id, answer, &parse_url);
        }
    }
    progress(on_progress, &check);
    let report = check.report();
    let markdown = crate::live_report_md::render(&report);
    #[derive(serde::Serialize)]
    struct Out<'a> {
        report: &'a autotask_api::LiveReport,
        markdown: &'a str,
    }
    serde_json::to_string(&Out {
        report: &report,
        markdown: &markdown,
    })
    .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Sends a batch at once and waits for every answer (each request ends in
/// an answer: failures are answers too). A plain poll over the batch: no
/// executor or promise machinery beyond the fetches' own.
async fn all_of(batch: &[Request], creds: &Creds<'_>) -> Vec<(usize, Answer)> {
    type Pending<'a> = Pin<Box<dyn Future<Output = (usize, Answer)> + 'a>>;
    let mut pending: Vec<Pending> = batch
        .iter()
        .map(|r| Box::pin(async move { (r.id, send(r, creds).await) }) as Pending)
        .collect();
    let mut answers = Vec::with_capacity(batch.len());
    poll_fn(|cx| {
        pending.retain_mut(|f| match f.as_mut().poll(cx) {
            Poll::Ready(answer) => {
                answers.push(answer);
                false
            }
            Poll::Pending => true,
        });
        if pending.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    answers
}

fn progress(on_progress: &Function, check: &Check) {
    if let Ok(json) = serde_json::to_string(&check.progress()) {
        // A closed page cannot stop the check; its answer is simply dropped.
        let _ = on_progress.call1(&JsValue::NULL, &JsValue::from_str(&json));
    }
}

/// One request, never redirected, cut off after `TIMEOUT_MS`.
async fn send(request: &Request, creds: &Creds<'_>) -> Answer {
    let Ok(controller) = AbortController::new() else {
        return Answer::Network;
    };
    let timed_out = Rc::new(RefCell::new(false));
    let abort = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        Closure::once_into_js(move || {
            *timed_out.borrow_mut() = true;
            controller.abort();
        })
    };
    let timer = set_timeout(abort.unchecked_ref(), autotask_api::TIMEOUT_MS as i32);
    let answer = match fetch(request, creds, &controller).await {
        Err(_) if *timed_out.borrow() => Answer::Timeout,
        Err(_) => Answer::Network,
        Ok(answer) => answer,
    };
    clear_timeout(&timer);
    answer
}

async fn fetch(
    request: &Request,
    creds: &Creds<'_>,
    controller: &AbortController,
) -> Result<Answer, JsValue> {
    // The browser's URL encodes the query (never by hand).
    let url = web_sys::Url::new(&request.url)?;
    for (k, v) in &request.query {
        url.search_params().append(k, v);
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_redirect(RequestRedirect::Manual);
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    if request.credentials {
        let headers = Headers::new()?;
        headers.set("ApiIntegrationCode", creds.code)?;
        headers.set("UserName", creds.username)?;
        headers.set("Secret", creds.secret)?;
        headers.set("Content-Type", "application/json")?;
        init.set_headers(&headers);
    }
    let req = web_sys::Request::new_with_str_and_init(&url.href(), &init)?;
    let response: Response = JsFuture::from(global_fetch(&req)).await?.dyn_into()?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Answer::Redirect);
    }
    let status = response.status();
    let body = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok(Answer::Http { status, body })
}
