//! Keeping the secret and the username out of everything the live check
//! shows. Texts taken from Autotask's answers are decoded first (JSON), then
//! scrubbed here: every copy in the forms an echo takes (as is,
//! JSON-escaped, percent-encoded; letters in any case) is replaced, and a
//! text that still holds one when read through any decoding (JSON escapes,
//! percent-encoding, `+` as space, HTML entities, Markdown escapes) is
//! withheld whole. Scrubbing can only remove, so nothing decodes back into
//! a credential.

/// Text overwritten before its memory is freed (the secret and its forms).
pub struct Wiped(String);

impl Wiped {
    pub fn new(text: String) -> Wiped {
        Wiped(text)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for Wiped {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Overwrites a string's bytes, then empties it.
pub fn wipe(text: &mut String) {
    // SAFETY: zero bytes are valid UTF-8, so the String stays valid.
    unsafe { text.as_bytes_mut().fill(0) };
    // Keeps the zeroing from being dropped as a dead store before the free.
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
    text.clear();
}

/// What a text is replaced with when a copy cannot be cut out of it.
pub const WITHHELD: &str = "(text not shown: it held the secret or the username)";

struct Needle {
    /// ASCII-lowercased: the value itself first, then its encodings.
    forms: Vec<Wiped>,
    marker: &'static str,
}

/// The values that must never be shown, in every form searched for.
pub struct Redactor {
    needles: Vec<Needle>,
}

impl Redactor {
    pub fn new(secret: &str, username: &str) -> Redactor {
        let needles = [(secret, "[secret removed]"), (username, "(the username)")]
            .into_iter()
            .filter(|(value, _)| !value.is_empty())
            .map(|(value, marker)| Needle {
                forms: forms(value),
                marker,
            })
            .collect();
        Redactor { needles }
    }

    /// `text` with every copy taken out; withheld whole if one cannot be.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for needle in &self.needles {
            for form in &needle.forms {
                out = replace_any_case(&out, form.as_str(), needle.marker);
            }
        }
        if self.holds(&out) {
            WITHHELD.to_string()
        } else {
            out
        }
    }

    /// Whether `text`, read through any decoding, holds a value.
    pub fn holds(&self, text: &str) -> bool {
        let once = [
            text.to_string(),
            unescape(text),
            percent_decode(text, false),
            percent_decode(text, true),
            html_decode(text),
        ];
        once.iter()
            .flat_map(|v| {
                [
                    v.clone(),
                    unescape(v),
                    percent_decode(v, false),
                    percent_decode(v, true),
                    html_decode(v),
                ]
            })
            .any(|view| {
                let view = view.to_ascii_lowercase();
                self.needles
                    .iter()
                    .any(|n| view.contains(n.forms[0].as_str()))
            })
    }
}

/// A value and the encodings it is echoed in, longest first after the value.
fn forms(value: &str) -> Vec<Wiped> {
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .get(1..json.len().saturating_sub(1))
        .unwrap_or_default();
    let mut found = vec![
        value.to_string(),
        json.to_string(),
        value.chars().map(escape_u).collect(),
        percent(value, |b| {
            b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b)
        }),
        percent(value, |b| b.is_ascii_alphanumeric()),
        percent(value, |b| b.is_ascii_alphanumeric() || b"-_.*".contains(&b)),
    ];
    for form in &mut found {
        form.make_ascii_lowercase();
    }
    let (first, rest) = found.split_at_mut(1);
    rest.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let mut out = vec![Wiped::new(std::mem::take(&mut first[0]))];
    for form in rest {
        if !form.is_empty() && out.iter().all(|o| o.as_str() != form.as_str()) {
            out.push(Wiped::new(std::mem::take(form)));
        } else {
            wipe(form);
        }
    }
    out
}

fn escape_u(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        return c.to_string();
    }
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| format!("\\u{u:04x}"))
        .collect()
}

fn percent(value: &str, keep: impl Fn(u8) -> bool) -> String {
    value
        .bytes()
        .map(|b| {
            if keep(b) {
                (b as char).to_string()
            } else {
                format!("%{b:02x}")
            }
        })
        .collect()
}

/// `text` with every ASCII-case-insensitive copy of `form` (lowercase) replaced.
fn replace_any_case(text: &str, form: &str, marker: &str) -> String {
    if form.is_empty() {
        return text.to_string();
    }
    // Lowercasing ASCII keeps byte offsets, so matches index `text` too.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find(form) {
        out.push_str(&text[at..at + found]);
        out.push_str(marker);
        at += found + form.len();
    }
    out.push_str(&text[at..]);
    out
}

/// Backslash escapes read as JSON does (`\uXXXX` with surrogate pairs), and
/// any other escaped character as itself (as Markdown escapes are).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u16::from_str_radix(&hex, 16) {
                    Ok(unit) if hex.len() == 4 => {
                        chars.nth(3);
                        let mut units = vec![unit];
                        // A high surrogate takes the next `\uXXXX` as its pair.
                        if (0xd800..0xdc00).contains(&unit) {
                            let next: String = chars.clone().take(6).collect();
                            if let Some(low) = next
                                .strip_prefix("\\u")
                                .and_then(|h| u16::from_str_radix(h, 16).ok())
                            {
                                units.push(low);
                                chars.nth(5);
                            }
                        }
                        out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')));
                    }
                    _ => out.push('u'),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            (b'+', _) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The entities an HTML page would use for the characters a secret may hold.
fn html_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let code = match name {
                "quot" => Some(34),
                "amp" => Some(38),
                "apos" => Some(39),
                "lt" => Some(60),
                "gt" => Some(62),
                _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                },
            };
            code.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_taken_out_and_the_rest_kept() {
        let r = Redactor::new(r#"a"b\c%d+é"#, "User1");
        for echo in [
            r#"a"b\c%d+é"#,
            r#"A"B\C%D+é"#,
            r#"a\"b\\c%d+é"#,
            r#"a\u0022b\u005cc\u0025d\u002b\u00e9"#,
            "a%22b%5Cc%25d%2B%C3%A9",
            "a%22b%5cc%25d%2b%c3%a9",
        ] {
            let out = r.scrub(&format!("before {echo} after, user1 too"));
            assert_eq!(
                out, "before [secret removed] after, (the username) too",
                "{echo}"
            );
        }
    }

    #[test]
    fn a_form_not_foreseen_withholds_the_whole_text() {
        let r = Redactor::new(r#"a"b"#, "u");
        // Half escaped, half percent-encoded, then percent-encoded again.
        assert_eq!(r.scrub(r#"x a%5C%22b y"#), WITHHELD);
        assert_eq!(r.scrub("x a&quot;b y"), WITHHELD);
        assert_eq!(r.scrub("nothing here"), "nothing here");
    }
}
