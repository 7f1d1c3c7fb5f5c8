//! Any bytes as a snapshot (judged as any level): the property tests' invariants, on raw input.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        invariants::snapshot_text(text);
    }
});
