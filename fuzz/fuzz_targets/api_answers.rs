//! Any bytes as the API's answers over a whole live check: the property
//! tests' invariants (request bounds, summary, no unanswered pass, no
//! username in the report), on raw input.
#![no_main]

#[path = "../../crates/live-check/tests/invariants/mod.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::api_bytes(data);
});
