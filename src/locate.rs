//! Where a field sits in a JSON text: its line, for errors about a profile a
//! person wrote. `json` reports a field by its path (`a.b[2].c`); this finds
//! that path's line by walking the text once, without building values, so
//! it costs next to nothing in the wasm.

/// The 1-based line of the field at `path` (its key, or the list item's
/// first character); a path that is not in the text (a missing field) gives
/// the line of its nearest present parent. `None` for text that is not JSON.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let mut want = path;
    loop {
        let mut scan = Scan {
            b: text.as_bytes(),
            i: 0,
            want,
            found: None,
        };
        scan.value(String::new(), 0);
        if let Some(at) = scan.found {
            let before = text.as_bytes().get(..at).unwrap_or_default();
            return Some(1 + before.iter().filter(|&&c| c == b'\n').count());
        }
        if want.is_empty() {
            return None;
        }
        want = parent(want);
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``.
fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    want: &'a str,
    found: Option<usize>,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    /// The value at `self.i`, whose field (key or item) starts at `at`.
    fn value(&mut self, path: String, at: usize) {
        if self.found.is_some() {
            return;
        }
        if path == self.want {
            self.found = Some(at);
            return;
        }
        self.space();
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.space();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b'}') => {
                            self.i += 1;
                            return;
                        }
                        _ => return,
                    }
                    let key_at = self.i;
                    let key = self.string();
                    self.space();
                    if self.peek() != Some(b':') {
                        return;
                    }
                    self.i += 1;
                    let child = if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    };
                    self.value(child, key_at);
                    if self.found.is_some() {
                        return;
                    }
                    self.space();
                    if self.peek() == Some(b',') {
                        self.i += 1;
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.space();
                    match self.peek() {
                        Some(b']') => {
                            self.i += 1;
                            return;
                        }
                        None => return,
                        _ => {}
                    }
                    let item_at = self.i;
                    let before = self.i;
                    self.value(format!("{path}[{n}]"), item_at);
                    if self.found.is_some() || self.i == before {
                        return;
                    }
                    n += 1;
                    self.space();
                    if self.peek() == Some(b',') {
                        self.i += 1;
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.i += 1;
                }
            }
            None => {}
        }
    }

    /// A string at `self.i` (its opening quote), as written: keys with
    /// escapes are not decoded (no rule's key has one; such a key's error
    /// then points at its parent's line).
    fn string(&mut self) -> String {
        self.i += 1;
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => break,
                _ => self.i += 1,
            }
        }
        let raw = self.b.get(start..self.i.min(self.b.len())).unwrap_or_default();
        self.i += 1;
        String::from_utf8_lossy(raw).into_owned()
    }
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
