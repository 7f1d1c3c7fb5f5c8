//! The engine's version, stamped on every report. Its own module so that
//! the core never reads the crate root (lib.rs is only the wasm binding).

pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
