//! Chrome's single-file save ("Webpage, Single File", `.mhtml`): a MIME
//! `multipart/related` message (RFC 2557) whose parts are the page, each of
//! its frames (its own `text/html` part) and their resources.
//!
//! Only the HTML parts are returned, in file order, each with its
//! `Content-Location`, decoded from quoted-printable or base64 and from its
//! charset into UTF-8, as one buffer: `location NUL html NUL` per part (a
//! NUL in a part becomes U+FFFD, as an HTML parser reads it). A part that
//! declared UTF-8 (or nothing) is passed through unvalidated: the caller's
//! decoder replaces any invalid sequence. Nothing here looks inside the
//! HTML. A file that ends before its closing boundary is refused whole: a
//! cut-off form could read as a different verdict.
//!
//! Written over bytes with plain loops, and errors are codes (the checker
//! page words them): the engine's wasm has a size budget.

/// Why a file could not be read as MHTML. The checker page turns each into
/// a sentence saying what to do; `code` is how it crosses to JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The file does not start with MIME headers.
    NotMhtml,
    /// A MIME file, but neither multipart nor a web page.
    NotAPage,
    /// Multipart without a boundary: its parts cannot be told apart.
    NoBoundary,
    /// The file stops before its first part (or inside its headers).
    NoParts,
    /// The file stops before its closing boundary.
    CutOff,
    /// No `text/html` part at all.
    NoHtml,
    /// An HTML part's base64 is damaged.
    BadBase64,
}

impl Error {
    pub fn code(self) -> &'static str {
        match self {
            Error::NotMhtml => "not-mhtml",
            Error::NotAPage => "not-a-page",
            Error::NoBoundary => "no-boundary",
            Error::NoParts => "no-parts",
            Error::CutOff => "cut-off",
            Error::NoHtml => "no-html",
            Error::BadBase64 => "bad-base64",
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
use Error::*;

/// The HTML parts of an MHTML file, in file order: `location NUL html NUL`
/// for each, in UTF-8.
pub fn html_parts(data: &[u8]) -> Result<Vec<u8>> {
    let data = if data.starts_with(b"\xEF\xBB\xBF") {
        &data[3..]
    } else {
        data
    };
    // A MIME message starts with a header line: `Name: value`, the name
    // made of letters, digits and `-`.
    let first = line_at(data, 0).map(|(line, _)| line).unwrap_or_default();
    let colon = first.iter().position(|&b| b == b':').unwrap_or(0);
    if colon == 0
        || !first[..colon]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        return Err(NotMhtml);
    }
    // No blank line after the headers: the file stops inside them.
    let (head, body) = head_body(data).ok_or(NoParts)?;
    let content_type = header(head, b"content-type");
    let mut out = Vec::new();
    if is_html(content_type) {
        // A single-part message: the page alone.
        decode(&mut out, head, body)?;
        return Ok(out);
    }
    if !(content_type.len() >= 10 && content_type[..10].eq_ignore_ascii_case(b"multipart/")) {
        return Err(if content_type.is_empty() {
            NotMhtml
        } else {
            NotAPage
        });
    }
    let boundary = param(content_type, b"boundary")
        .filter(|b| !b.is_empty())
        .ok_or(NoBoundary)?;
    let n = boundary.len() + 2;
    // Where the current part starts; `None` before the first delimiter.
    let mut start: Option<usize> = None;
    let mut pos = 0;
    loop {
        let Some((line, next)) = line_at(body, pos) else {
            return Err(if start.is_none() { NoParts } else { CutOff });
        };
        // A delimiter line: `--boundary`, or `--boundary--` to close.
        if line.len() >= n && line.starts_with(b"--") && &line[2..n] == boundary {
            let closing = line[n..].starts_with(b"--");
            if trim(&line[n + if closing { 2 } else { 0 }..]).is_empty() {
                if let Some(s) = start {
                    // The line break before a delimiter belongs to the delimiter.
                    let mut part = &body[s..pos.max(s)];
                    for brk in [b'\n', b'\r'] {
                        if part.last() == Some(&brk) {
                            part = &part[..part.len() - 1];
                        }
                    }
                    // A part without a blank line after its headers has no body.
                    if let Some((head, content)) = head_body(part) {
                        if is_html(header(head, b"content-type")) {
                            decode(&mut out, head, content)?;
                        }
                    }
                }
                if closing {
                    break;
                }
                start = Some(next);
            }
        }
        pos = next;
    }
    if out.is_empty() {
        return Err(NoHtml);
    }
    Ok(out)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if !is_space(*first) {
            break;
        }
        s = rest;
    }
    while let [rest @ .., last] = s {
        if !is_space(*last) {
            break;
        }
        s = rest;
    }
    s
}

/// The line starting at `pos` without its line break, and where the next
/// line starts; `None` at the end of `data`.
fn line_at(data: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    if pos >= data.len() {
        return None;
    }
    let mut end = pos;
    while end < data.len() && data[end] != b'\n' {
        end += 1;
    }
    let next = (end + 1).min(data.len());
    if end > pos && data[end - 1] == b'\r' {
        end -= 1;
    }
    Some((&data[pos..end], next))
}

/// The header block and the body, split at the first blank line; `None`
/// when there is none.
fn head_body(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut pos = 0;
    loop {
        let (line, next) = line_at(data, pos)?;
        if line.is_empty() {
            return Some((&data[..pos], &data[next..]));
        }
        pos = next;
    }
}

/// The value of header `name` in a header block, folded lines included
/// (their line breaks count as white space); empty when absent.
fn header<'a>(head: &'a [u8], name: &[u8]) -> &'a [u8] {
    let mut pos = 0;
    while let Some((line, next)) = line_at(head, pos) {
        let n = name.len();
        if line.len() > n && line[n] == b':' && line[..n].eq_ignore_ascii_case(name) {
            let mut end = next;
            while let Some((more, after)) = line_at(head, end) {
                if !more.starts_with(b" ") && !more.starts_with(b"\t") {
                    break;
                }
                end = after;
            }
            return trim(&head[pos + n + 1..end]);
        }
        pos = next;
    }
    &[]
}

/// The value up to the first `;` (a media type), and what follows it.
fn split_semicolon(value: &[u8]) -> (&[u8], &[u8]) {
    let at = value.iter().position(|&b| b == b';').unwrap_or(value.len());
    (&value[..at], &value[(at + 1).min(value.len())..])
}

fn is_html(content_type: &[u8]) -> bool {
    let media = trim(split_semicolon(content_type).0);
    media.eq_ignore_ascii_case(b"text/html") || media.eq_ignore_ascii_case(b"application/xhtml+xml")
}

/// A parameter of a header value (`boundary="…"`, `charset=utf-8`).
fn param<'a>(value: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut rest = split_semicolon(value).1;
    while !rest.is_empty() {
        let (p, next) = split_semicolon(rest);
        rest = next;
        let Some(eq) = p.iter().position(|&b| b == b'=') else {
            continue;
        };
        if trim(&p[..eq]).eq_ignore_ascii_case(name) {
            let v = trim(&p[eq + 1..]);
            return Some(match v {
                [b'"', inner @ .., b'"'] => inner,
                _ => v,
            });
        }
    }
    None
}

/// Appends `location NUL html NUL` for one HTML part.
fn decode(out: &mut Vec<u8>, head: &[u8], body: &[u8]) -> Result<()> {
    utf8(out, header(head, b"content-location"), true);
    out.push(0);
    let encoding = header(head, b"content-transfer-encoding");
    let mut raw = Vec::new();
    let bytes = if encoding.eq_ignore_ascii_case(b"quoted-printable") {
        quoted_printable(&mut raw, body);
        &raw
    } else if encoding.eq_ignore_ascii_case(b"base64") {
        base64(&mut raw, body).ok_or(BadBase64)?;
        &raw
    } else {
        body
    };
    let charset = param(header(head, b"content-type"), b"charset").unwrap_or_default();
    let latin = [
        &b"iso-8859-1"[..],
        b"iso8859-1",
        b"latin1",
        b"l1",
        b"windows-1252",
        b"cp1252",
        b"us-ascii",
        b"ascii",
    ]
    .iter()
    .any(|l| charset.eq_ignore_ascii_case(l));
    utf8(out, bytes, latin);
    out.push(0);
    Ok(())
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at a line's end
/// (before optional spaces) is a soft line break; a stray `=` stays as is.
pub fn quoted_printable(out: &mut Vec<u8>, data: &[u8]) {
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        i += 1;
        if b != b'=' {
            out.push(b);
            continue;
        }
        if let (Some(hi), Some(lo)) = (
            data.get(i).and_then(|&c| hex(c)),
            data.get(i + 1).and_then(|&c| hex(c)),
        ) {
            out.push(hi << 4 | lo);
            i += 2;
            continue;
        }
        let mut j = i;
        while j < data.len() && (data[j] == b' ' || data[j] == b'\t') {
            j += 1;
        }
        if j + 1 < data.len() && data[j] == b'\r' && data[j + 1] == b'\n' {
            i = j + 2;
        } else if j < data.len() && data[j] == b'\n' {
            i = j + 1;
        } else if j == data.len() {
            i = j;
        } else {
            out.push(b'=');
        }
    }
}

/// Base64 (RFC 2045 §6.8), line breaks and spaces ignored; `None` when the
/// text holds anything else or stops mid-byte.
pub fn base64(out: &mut Vec<u8>, data: &[u8]) -> Option<()> {
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padded = false;
    for &c in data {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padded = true;
                continue;
            }
            _ if is_space(c) => continue,
            _ => return None,
        };
        if padded {
            return None;
        }
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // Leftover bits are only the zero padding of the last group.
    (bits < 6).then_some(())
}

/// Windows-1252's 0x80–0x9F (WHATWG: also what `iso-8859-1` and `us-ascii`
/// labels mean); the other bytes are their own code points.
const WINDOWS_1252_HIGH: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// Appends `bytes` as UTF-8: Windows-1252 transcoded when `latin`, else
/// passed through. A NUL becomes U+FFFD, so NUL can separate parts.
fn utf8(out: &mut Vec<u8>, bytes: &[u8], latin: bool) {
    for &b in bytes {
        let cp = match b {
            0 => 0xFFFD,
            0x80..=0x9F if latin => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            0x80..=0xFF if latin => u16::from(b),
            _ => {
                out.push(b);
                continue;
            }
        };
        if cp < 0x800 {
            out.extend_from_slice(&[0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]);
        } else {
            out.extend_from_slice(&[
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chrome's shape: headers (the Content-Type folded), a blank line,
    /// parts between boundary lines, CRLF line breaks, the page first and
    /// each frame its own part.
    fn chrome_save(parts: &[&[u8]], closed: bool) -> Vec<u8> {
        let b = "----MultipartBoundary--kZ2x9Qp4----";
        let mut out = format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://ww5.autotask.net/Mvc/Home\r\nSubject: Autotask\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"{b}\"\r\n\r\n\r\n"
        )
        .into_bytes();
        for p in parts {
            out.extend_from_slice(format!("--{b}\r\n").as_bytes());
            out.extend_from_slice(p);
            out.extend_from_slice(b"\r\n");
        }
        if closed {
            out.extend_from_slice(format!("--{b}--\r\n").as_bytes());
        }
        out
    }

    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).unwrap()
    }

    /// (location, html) of each part in `html_parts`'s output.
    fn split(data: &[u8]) -> std::result::Result<Vec<(String, String)>, Error> {
        let out = html_parts(data)?;
        assert_eq!(out.last(), Some(&0), "every field ends with NUL");
        let fields: Vec<&str> = text(&out[..out.len() - 1]).split('\0').collect();
        Ok(fields
            .chunks(2)
            .map(|c| (c[0].to_string(), c[1].to_string()))
            .collect())
    }

    fn qp(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        quoted_printable(&mut out, data);
        out
    }

    fn b64(data: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        base64(&mut out, data).map(|_| out)
    }

    const SHELL: &[u8] = b"Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://ww5.autotask.net/Mvc/Home\r\n\r\n<html><body><div data-slot=3D\"iframe\"><iframe src=3D\"cid:frame-2@mhtml.blink\"></ifr=\r\name></div></body></html>";
    const FORM: &[u8] = b"Content-Type: text/html\r\nContent-ID: <frame-2@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://ww5.autotask.net/Mvc/SecurityLevel/Edit?id=3D1\r\n\r\n<h1 class=3D\"x\">Edit Security Level</h1><p>Prospects, Leads, &amp; Dead =E2=80=93 caf=C3=A9</p>=\r\n<select><option selected>All</option></select>";
    const CSS: &[u8] = b"Content-Type: text/css\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://ww5.autotask.net/a.css\r\n\r\nYm9keXtjb2xvcjpyZWR9";

    #[test]
    fn every_frame_is_its_own_html_part_with_its_location() {
        let parts = split(&chrome_save(&[SHELL, CSS, FORM], true)).unwrap();
        assert_eq!(parts.len(), 2, "the stylesheet is not a page");
        assert_eq!(parts[0].0, "https://ww5.autotask.net/Mvc/Home");
        assert_eq!(
            parts[0].1,
            "<html><body><div data-slot=\"iframe\"><iframe src=\"cid:frame-2@mhtml.blink\"></iframe></div></body></html>"
        );
        // Content-Location is a header: not quoted-printable decoded.
        assert_eq!(
            parts[1].0,
            "https://ww5.autotask.net/Mvc/SecurityLevel/Edit?id=3D1"
        );
        assert_eq!(
            parts[1].1,
            "<h1 class=\"x\">Edit Security Level</h1><p>Prospects, Leads, &amp; Dead \u{2013} caf\u{e9}</p><select><option selected>All</option></select>"
        );
    }

    #[test]
    fn bare_line_feeds_and_a_base64_page_are_read_too() {
        let page: &[u8] = b"content-type: Text/HTML; charset=\"utf-8\"\r\nContent-Transfer-Encoding: BASE64\r\nContent-Location: x.html\r\n\r\nPGgxPkNSTTwv\r\naDE+";
        let file = text(&chrome_save(&[page], true)).replace("\r\n", "\n");
        let parts = split(file.as_bytes()).unwrap();
        assert_eq!(parts[0].1, "<h1>CRM</h1>");
        assert_eq!(parts[0].0, "x.html");
    }

    #[test]
    fn a_cut_off_file_is_refused_whole() {
        let full = chrome_save(&[SHELL, FORM], true);
        assert_eq!(split(&full[..full.len() - 60]), Err(CutOff));
        assert_eq!(split(&chrome_save(&[SHELL, FORM], false)), Err(CutOff));
        let headers_end = full.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        assert_eq!(split(&full[..headers_end + 6]), Err(NoParts));
        assert_eq!(split(&full[..100]), Err(NoParts), "cut inside the headers");
    }

    #[test]
    fn not_mhtml_says_what_it_is() {
        assert_eq!(split(b"<!doctype html><html></html>"), Err(NotMhtml));
        assert_eq!(split(b"<html xmlns:v=\"urn:x\">"), Err(NotMhtml));
        assert_eq!(split(b"\x89PNG\r\n\x1a\n\0\0"), Err(NotMhtml));
        assert_eq!(split(b""), Err(NotMhtml));
        assert_eq!(split(b"Subject: hello\r\n\r\nbody"), Err(NotMhtml));
        assert_eq!(
            split(b"Subject: hello"),
            Err(NoParts),
            "cut inside the headers"
        );
        assert_eq!(
            split(b"Content-Type: image/png\r\n\r\n\x89PNG"),
            Err(NotAPage)
        );
        assert_eq!(
            split(b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n"),
            Err(NoBoundary)
        );
        assert_eq!(split(&chrome_save(&[CSS], true)), Err(NoHtml));
        let damaged: &[u8] =
            b"Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPGgx*PkNS";
        assert_eq!(split(&chrome_save(&[damaged], true)), Err(BadBase64));
    }

    #[test]
    fn a_single_part_message_is_the_page() {
        let parts = split(
            b"\xEF\xBB\xBFMIME-Version: 1.0\r\nContent-Type: text/html\r\nContent-Location: a\r\n\r\n<p>x</p>",
        )
        .unwrap();
        assert_eq!(parts, vec![("a".to_string(), "<p>x</p>".to_string())]);
    }

    #[test]
    fn quoted_printable_edge_cases() {
        assert_eq!(qp(b"a=3Db=\r\nc"), b"a=bc");
        assert_eq!(qp(b"a= \t\nb"), b"ab", "soft break after spaces");
        assert_eq!(
            qp(b"50=25 =XY="),
            b"50% =XY",
            "stray = kept, final = dropped"
        );
        assert_eq!(qp(b"=c3=a9"), "\u{e9}".as_bytes(), "lower-case hex");
    }

    #[test]
    fn a_soft_break_inside_a_multi_byte_character_joins_its_bytes() {
        // Chrome breaks quoted-printable lines at 76 columns, wherever that
        // falls: "é" (C3 A9) and "–" (E2 80 93) split across two lines.
        let page: &[u8] = b"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=\r\n=A9 =E2=80=\r\n=93 x";
        let parts = split(&chrome_save(&[page], true)).unwrap();
        assert_eq!(parts[0].1, "caf\u{e9} \u{2013} x");
        // The same with bare line feeds, and a windows-1252 part beside it.
        let lf = text(&chrome_save(&[page], true)).replace("\r\n", "\n");
        let mut file = lf.into_bytes();
        let cut = file.len() - "------MultipartBoundary--kZ2x9Qp4------\n".len();
        file.truncate(cut);
        file.extend_from_slice(b"------MultipartBoundary--kZ2x9Qp4----\nContent-Type: text/html; charset=\"windows-1252\"\nContent-Transfer-Encoding: quoted-printable\n\nCustomer &amp; Cancel=\n=E9 =93x=94\n------MultipartBoundary--kZ2x9Qp4------\n");
        let parts = split(&file).unwrap();
        assert_eq!(parts[0].1, "caf\u{e9} \u{2013} x");
        assert_eq!(parts[1].1, "Customer &amp; Cancel\u{e9} \u{201c}x\u{201d}");
    }

    #[test]
    fn base64_edge_cases() {
        assert_eq!(b64(b"TWFu").unwrap(), b"Man");
        assert_eq!(b64(b"TWE=").unwrap(), b"Ma");
        assert_eq!(b64(b"TQ==\r\n").unwrap(), b"M");
        assert_eq!(
            b64(b"TQ"),
            Some(b"M".to_vec()),
            "missing padding is tolerated"
        );
        assert_eq!(b64(b"T"), None, "a lone character is not a byte");
        assert_eq!(b64(b"TQ==TQ=="), None, "nothing after padding");
        assert_eq!(b64(b"T%Q="), None);
    }

    #[test]
    fn charsets_become_utf8_and_nul_never_passes() {
        let mut latin = b"Content-Type: text/html; charset=ISO-8859-1\r\n\r\ncaf".to_vec();
        latin.extend_from_slice(&[0xE9, 0x80, 0x00]);
        let parts = split(&chrome_save(&[&latin], true)).unwrap();
        assert_eq!(parts[0].1, "caf\u{e9}\u{20ac}\u{fffd}");
        let utf: &[u8] = b"Content-Type: text/html\r\n\r\ncaf\xC3\xA9\x00";
        let parts = split(&chrome_save(&[utf], true)).unwrap();
        assert_eq!(parts[0].1, "caf\u{e9}\u{fffd}");
    }
}
