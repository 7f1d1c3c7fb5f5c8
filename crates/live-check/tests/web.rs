//! The live check's browser half, run as wasm in real browsers (Chromium
//! and Firefox, through `wasm-bindgen-test-runner`: scripts/test.sh): the
//! zone rule over the browser's own URL parser.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The zone rule over the browser's own URL parser, on addresses built to
/// fool a hand-written one.
#[wasm_bindgen_test]
fn the_zone_address_is_judged_on_the_real_parser() {
    use asg_live_check::api_client::zone_base;
    let ok = [
        (
            "https://webservices5.autotask.net/atservicesrest/",
            "https://webservices5.autotask.net/atservicesrest/",
        ),
        (
            "HTTPS://WebServices5.AutoTask.NET:443/atservicesrest",
            "https://webservices5.autotask.net/atservicesrest/",
        ),
        // A backslash is a slash to the parser: the host stays Autotask's.
        (
            "https:\\\\webservices5.autotask.net\\atservicesrest\\",
            "https://webservices5.autotask.net/atservicesrest/",
        ),
    ];
    for (text, base) in ok {
        assert_eq!(zone_base(text).as_deref(), Ok(base), "{text}");
    }
    let refused = [
        "https://evil.com#.autotask.net",
        "https://evil.com/?.autotask.net",
        "https://autotask.net.evil.com/",
        "https://user@evil.com@webservices5.autotask.net/",
        "https://user:pw@webservices5.autotask.net/",
        "http://webservices5.autotask.net/atservicesrest/",
        "https://webservices5.autotask.net:8443/atservicesrest/",
        "https://webservices5.autotask.net\\@evil.com/",
        "https://evil.com\\.autotask.net/",
        // Cyrillic "а" in "autotask": the parser makes it punycode.
        "https://webservices5.\u{0430}utotask.net/",
        "https://webservices5.autotask.net./",
        "javascript:alert(1)//.autotask.net",
        "//webservices5.autotask.net/",
        "",
    ];
    for text in refused {
        assert!(
            zone_base(text).is_err(),
            "{text:?} must be refused, got {:?}",
            zone_base(text)
        );
    }
}
