//! Any bytes as a single-file save: the property tests' invariants, on raw input.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::mhtml_bytes(data);
});
