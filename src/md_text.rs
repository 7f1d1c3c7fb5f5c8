//! Markdown text pieces for reports built into both engines (the live API
//! check's report is rendered in the extension's worker too, which is built
//! without the checker's `markdown` module).

/// Appends `text` made inert for Markdown: on one line, no link, image,
/// HTML, code, emphasis, table cell or entity can start in it, nor a bare
/// address that GitHub-flavoured Markdown would make a link of by itself
/// (`https://…`, `www.…`, `name@host`): their `:`, `.` and `@` are escaped.
pub fn esc(md: &mut String, text: &str) {
    let text = text.trim();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c.is_control() {
            if !md.ends_with(' ') {
                md.push(' ');
            }
            continue;
        }
        let entity = c == '&'
            && bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'#');
        let autolink = match c {
            ':' => text[i + 1..].starts_with("//"),
            '.' => i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"),
            '@' => true,
            _ => false,
        };
        if entity
            || autolink
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' | '#'
            )
        {
            md.push('\\');
        }
        md.push(c);
    }
}

/// Appends `template` with each `%` replaced by the next of `args`, escaped.
pub fn fill(md: &mut String, template: &str, args: &[&str]) {
    let mut args = args.iter();
    let mut from = 0;
    for (i, b) in template.bytes().enumerate() {
        if b == b'%' {
            md.push_str(&template[from..i]);
            esc(md, args.next().copied().unwrap_or_default());
            from = i + 1;
        }
    }
    md.push_str(&template[from..]);
}

/// A whole number in decimal.
pub fn n(n: usize) -> String {
    crate::dates::pad(n as u64, 1)
}
