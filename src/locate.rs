//! Where a field sits in a JSON text: its line, for errors about a profile a
//! person wrote. `json` reports a field by its path (`a.b[2].c`); this finds
//! that path's line by walking the text once, without building values, so
//! it costs next to nothing in the wasm.

/// The 1-based line of the field at `path` (its key, or the list item's
/// first character); a path that is not in the text (a missing field) gives
/// the line of its nearest present parent. Follows only the path, skipping
/// every other value, and allocates nothing: the wasm has a size budget.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let b = text.as_bytes();
    let at = follow(b, path);
    let before = b.get(..at).unwrap_or_default();
    Some(1 + before.iter().filter(|&&c| c == b'\n').count())
}

/// Where the deepest present part of `path` starts.
fn follow(b: &[u8], path: &str) -> usize {
    let mut best = 0;
    let mut i = 0;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        let key = pieces.next().unwrap_or_default();
        if !key.is_empty() {
            match member(b, space(b, i), key.as_bytes()) {
                Some((key_at, value_at)) => (best, i) = (key_at, value_at),
                None => return best,
            }
        }
        for index in pieces {
            // Paths come from `json`, so an index is digits then `]`.
            let n = index
                .bytes()
                .take_while(u8::is_ascii_digit)
                .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
            match item(b, space(b, i), n) {
                Some(item_at) => (best, i) = (item_at, item_at),
                None => return best,
            }
        }
    }
    best
}

fn space(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// In the object at `i`: where `key` starts and where its value starts.
fn member(b: &[u8], mut i: usize, key: &[u8]) -> Option<(usize, usize)> {
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = space(b, i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_at = i;
        let after = string_end(b, i);
        let name = b.get(key_at + 1..after.saturating_sub(1))?;
        i = space(b, after);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = space(b, i + 1);
        if name == key {
            return Some((key_at, i));
        }
        i = space(b, value_end(b, i));
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

/// In the list at `i`: where item `n` starts.
fn item(b: &[u8], mut i: usize, n: usize) -> Option<usize> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i = space(b, i + 1);
    for _ in 0..n {
        i = space(b, value_end(b, i));
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = space(b, i + 1);
    }
    match b.get(i) {
        None | Some(b']') => None,
        Some(_) => Some(i),
    }
}

/// Just past the string whose opening quote is at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Just past the value at `i` (a scalar ends at the next `,`, `}` or `]`).
fn value_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while let Some(c) = b.get(i) {
        match c {
            b'"' => {
                i = string_end(b, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth <= 1 => return if depth == 0 { i } else { i + 1 },
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const TEXT: &str = "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      {\"d\": true},\n      {\n        \"d\": \"x\\\"y\", \"e\": []\n      }\n    ]\n  }\n}";

    #[test]
    fn finds_keys_items_and_the_parent_of_a_missing_field() {
        assert_eq!(line_of(TEXT, ""), Some(1));
        assert_eq!(line_of(TEXT, "a"), Some(2));
        assert_eq!(line_of(TEXT, "b.c"), Some(4));
        assert_eq!(line_of(TEXT, "b.c[0].d"), Some(5));
        assert_eq!(line_of(TEXT, "b.c[1]"), Some(6));
        assert_eq!(line_of(TEXT, "b.c[1].e"), Some(7));
        assert_eq!(line_of(TEXT, "b.c[1].missing"), Some(6));
        assert_eq!(line_of(TEXT, "b.c[7]"), Some(4));
    }
}
