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

/// One way a server may have encoded a text.
type Decoder = fn(&[u8]) -> Vec<u8>;

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
        let decoders: [Decoder; 5] = [
            |t| t.to_vec(),
            unescape,
            |t| percent_decode(t, false),
            |t| percent_decode(t, true),
            html_decode,
        ];
        decoders.iter().any(|first| {
            let once = first(text.as_bytes());
            decoders.iter().any(|second| {
                let view = second(&once).to_ascii_lowercase();
                self.needles.iter().any(|n| {
                    let needle = n.forms[0].as_str().as_bytes();
                    view.windows(needle.len()).any(|w| w == needle)
                })
            })
        })
    }
}

/// A value and the encodings it is echoed in, longest first after the value.
fn forms(value: &str) -> Vec<Wiped> {
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .get(1..json.len().saturating_sub(1))
        .unwrap_or_default();
    let mut escaped = String::new();
    for c in value.chars() {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            match c.is_ascii_alphanumeric() {
                true => escaped.push(c),
                false => {
                    escaped.push_str("\\u");
                    hex(&mut escaped, (*unit >> 8) as u8);
                    hex(&mut escaped, *unit as u8);
                }
            }
        }
    }
    let mut found = vec![
        value.to_string(),
        json.to_string(),
        escaped,
        percent(value, b"-_.!~*'()"),
        percent(value, b""),
        percent(value, b"-_.*"),
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

fn hex(out: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push(DIGITS[(byte >> 4) as usize] as char);
    out.push(DIGITS[(byte & 15) as usize] as char);
}

/// Percent-encoded, keeping letters, digits and `keep`.
fn percent(value: &str, keep: &[u8]) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            hex(&mut out, b);
        }
    }
    out
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

fn hex_value(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        let v = (d as char).to_digit(16)?;
        Some(n * 16 + v)
    })
}

/// UTF-8 of a code point (a lone surrogate as U+FFFD).
fn push_char(out: &mut Vec<u8>, code: u32) {
    let c = char::from_u32(code).unwrap_or('\u{fffd}');
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Backslash escapes read as JSON does (`\uXXXX`), and any other escaped
/// character as itself (as Markdown escapes are). A credential here is
/// ASCII (the check refuses others), so surrogate pairs need no joining.
fn unescape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let (b, next) = (text[i], text.get(i + 1).copied());
        i += 1;
        if b != b'\\' || next.is_none() {
            out.push(b);
            continue;
        }
        i += 1;
        match next.unwrap_or_default() {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'u' => match text.get(i..i + 4).and_then(hex_value) {
                Some(code) => {
                    push_char(&mut out, code);
                    i += 4;
                }
                None => out.push(b'u'),
            },
            other => out.push(other),
        }
    }
    out
}

pub(crate) fn percent_decode(text: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        match text.get(i + 1..i + 3).and_then(hex_value) {
            Some(decoded) if b == b'%' => {
                out.push(decoded as u8);
                i += 3;
            }
            _ => {
                out.push(if b == b'+' && plus_is_space { b' ' } else { b });
                i += 1;
            }
        }
    }
    out
}

/// The entities an HTML page would use for the characters a secret may hold.
pub(crate) fn html_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let end = text[i..].iter().take(10).position(|&b| b == b';');
        let code = match (text[i], end) {
            (b'&', Some(e)) => match &text[i + 1..i + e] {
                b"quot" => Some(34),
                b"amp" => Some(38),
                b"apos" => Some(39),
                b"lt" => Some(60),
                b"gt" => Some(62),
                [b'#', b'x' | b'X', h @ ..] => hex_value(h),
                [b'#', d @ ..] => d.iter().try_fold(0u32, |n, &c| {
                    let v = (c as char).to_digit(10)?;
                    n.checked_mul(10)?.checked_add(v)
                }),
                _ => None,
            }
            .map(|c| (c, e)),
            _ => None,
        };
        match code {
            Some((c, e)) => {
                push_char(&mut out, c);
                i += e + 1;
            }
            None => {
                out.push(text[i]);
                i += 1;
            }
        }
    }
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
