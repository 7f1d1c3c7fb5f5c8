//! Label and heading comparison the way a person reads them: case, spacing,
//! non-breaking spaces, `&` versus "and", commas and a trailing colon or
//! required-field star do not make two labels different.

/// The comparable form of a label or heading.
pub fn norm(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => spaced.push_str(" and "),
            ',' | '*' | '|' => spaced.push(' '),
            c if c.is_whitespace() => spaced.push(' '),
            // Nobody sees a zero-width space, joiner, word joiner, BOM or soft hyphen.
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            // ASCII folding only: Unicode case tables would cost ~10 KB of
            // wasm, and the pages we read are English.
            c => spaced.push(c.to_ascii_lowercase()),
        }
    }
    let trimmed = spaced.trim_end().trim_end_matches(':');
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(spelling(word));
    }
    out
}

/// One word as the guides spell it differently (docs/autotask-pages.md §7,
/// "Customer & Cancelation / Cancellation / Cancellations"): one spelling.
fn spelling(word: &str) -> &str {
    match word {
        "cancellation" | "cancellations" | "cancelations" => "cancelation",
        w => w,
    }
}

/// Whether a page label names the same thing as one of `names`.
///
/// A page label may carry an explanation in parentheses after the name
/// ("Can login to Web Services API (Access to version 1.6 & later …)"),
/// so a name also matches a label that continues with " (".
pub fn label_matches(page_label: &str, names: &[String]) -> bool {
    let page = norm(page_label);
    names.iter().any(|name| normed_matches(&page, &norm(name)))
}

/// `label_matches` over texts already passed through `norm`: a page of
/// thousands of controls normalises each label once, not once per rule.
pub fn normed_matches(page: &str, want: &str) -> bool {
    !want.is_empty()
        && (page == want
            || page
                .strip_prefix(want)
                .is_some_and(|rest| rest.starts_with(" (")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ampersand_spacing_case_and_nbsp_do_not_matter() {
        assert_eq!(
            norm("Products,\u{a0}Services, &  Inventory:"),
            norm("products services and inventory")
        );
        assert_eq!(
            norm("Ca\u{200b}n\u{a0}create Web\u{ad}hooks"),
            norm("can create webhooks")
        );
        assert_eq!(
            norm("DOCUMENTS & KNOWLEDGEBASE"),
            "documents and knowledgebase"
        );
    }

    #[test]
    fn the_guides_spellings_of_cancelation_are_one_label() {
        let want = norm("Customer & Cancelation");
        for spelling in [
            "Customer & Cancellation",
            "Customer & Cancellations",
            "customer and cancelations:",
        ] {
            assert_eq!(norm(spelling), want, "{spelling}");
        }
        assert_ne!(norm("Customer & Cancel"), want);
    }

    #[test]
    fn a_parenthesised_suffix_matches_but_another_word_does_not() {
        let login = names(&["Can login to Web Services API"]);
        assert!(label_matches(
            "Can login to Web Services API (Access to version 1.6 & later is limited)",
            &login
        ));
        assert!(!label_matches("Can login to Web Services API v2", &login));
        assert!(!label_matches("", &names(&[""])));
    }
}
