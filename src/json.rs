//! Reading JSON from outside (profiles, snapshots, remembered settings) with
//! errors that name the exact field and what was expected.
//!
//! Values are parsed once into `serde_json::Value` and read through `Obj`;
//! derived `Deserialize` impls would cost a third of the wasm size budget and
//! could only say a line and column, not which field was wrong.

use serde_json::{Map, Value};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Where, as a path: `security_level.sections[2].rules[0].source`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "field `{}`: {}", self.field, self.message)
        }
    }
}

pub type Result<T> = std::result::Result<T, FieldError>;

pub fn error<T>(field: &str, message: impl Into<String>) -> Result<T> {
    Err(FieldError {
        field: field.to_string(),
        message: message.into(),
    })
}

/// Parses JSON text; a syntax error names its line and column. A lone
/// UTF-16 surrogate escape (half of a character, as a script that cut an
/// emoji in two leaves it in page text) is read as U+FFFD, so that one bad
/// character never makes a whole snapshot unreadable.
pub fn parse(text: &str) -> Result<Value> {
    serde_json::from_str(&without_lone_surrogates(text)).map_err(|e| FieldError {
        field: String::new(),
        message: format!(
            "not valid JSON at line {}, column {}: {}",
            e.line(),
            e.column(),
            e.to_string().split(" at line ").next().unwrap_or_default()
        ),
    })
}

/// `text` with every `\\uXXXX` escape of a lone surrogate replaced by
/// `\\ufffd`; escaped pairs and every other byte stay as they are. Column
/// numbers of errors are unchanged (the replacement is as long).
fn without_lone_surrogates(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let hex = b.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut lone = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(u) if high(u) && unit(i + 6).is_some_and(low) => i += 12,
            Some(u) if high(u) || low(u) => {
                lone.push(i);
                i += 6;
            }
            // Any other escape: its next byte is never the start of one.
            _ => i += 2,
        }
    }
    if lone.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for at in lone {
        out.push_str(&text[from..at]);
        out.push_str("\\ufffd");
        from = at + 6;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One JSON object and where it sits in the document.
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub path: String,
}

impl<'a> Obj<'a> {
    pub fn root(value: &'a Value) -> Result<Obj<'a>> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: String::new(),
            }),
            other => error("", format!("expected an object, found {}", kind_of(other))),
        }
    }

    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Whether `key` is written at all, even as null (a change of state to
    /// "unreadable" is a null, an unchanged state an absent key).
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A present, non-null value.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The value at `key` as it is (`None` when absent or null), and its path:
    /// for a field that may be a text or an object.
    pub fn value(&self, key: &str) -> Option<(&'a Value, String)> {
        self.get(key).map(|v| (v, self.at(key)))
    }

    /// Every field of the object, each a text, in key order.
    pub fn texts(&self) -> Result<Vec<(String, String)>> {
        self.map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                other => error(
                    &self.at(k),
                    format!("expected a text, found {}", kind_of(other)),
                ),
            })
            .collect()
    }

    /// `value` read as an object at `path`.
    pub fn of(value: &'a Value, path: String) -> Result<Obj<'a>> {
        match value {
            Value::Object(map) => Ok(Obj { map, path }),
            other => error(
                &path,
                format!("expected an object, found {}", kind_of(other)),
            ),
        }
    }

    /// Refuses keys this reader does not know, so a typo is not silently ignored.
    pub fn only(&self, known: &[&str]) -> Result<()> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => error(
                &self.at(k),
                format!("unknown field; expected one of: {}", known.join(", ")),
            ),
            None => Ok(()),
        }
    }

    pub fn opt_str(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => error(
                &self.at(key),
                format!("expected a text, found {}", kind_of(other)),
            ),
        }
    }

    pub fn str(&self, key: &str) -> Result<String> {
        match self.opt_str(key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => error(&self.at(key), "expected a non-empty text"),
            None => error(&self.at(key), "missing; expected a text"),
        }
    }

    pub fn str_or_empty(&self, key: &str) -> Result<String> {
        Ok(self.opt_str(key)?.unwrap_or_default())
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => error(
                &self.at(key),
                format!("expected true or false, found {}", kind_of(other)),
            ),
        }
    }

    pub fn opt_u32(&self, key: &str) -> Result<Option<u32>> {
        match self.get(key) {
            None => Ok(None),
            Some(_) => self.u32(key).map(Some),
        }
    }

    pub fn u32(&self, key: &str) -> Result<u32> {
        match self.get(key) {
            Some(Value::Number(n)) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Ok(n),
                None => error(
                    &self.at(key),
                    "expected a whole number from 0 to 4294967295",
                ),
            },
            Some(other) => error(
                &self.at(key),
                format!("expected a whole number, found {}", kind_of(other)),
            ),
            None => error(&self.at(key), "missing; expected a whole number"),
        }
    }

    pub fn opt_obj(&self, key: &str) -> Result<Option<Obj<'a>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Obj {
                map,
                path: self.at(key),
            })),
            Some(other) => error(
                &self.at(key),
                format!("expected an object, found {}", kind_of(other)),
            ),
        }
    }

    pub fn obj(&self, key: &str) -> Result<Obj<'a>> {
        self.opt_obj(key)?
            .map_or_else(|| error(&self.at(key), "missing; expected an object"), Ok)
    }

    fn list(&self, key: &str) -> Result<&'a [Value]> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => error(
                &self.at(key),
                format!("expected a list, found {}", kind_of(other)),
            ),
        }
    }

    /// A list of objects (empty when absent).
    pub fn objs(&self, key: &str) -> Result<Vec<Obj<'a>>> {
        self.list(key)?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Object(map) => Ok(Obj {
                    map,
                    path: format!("{}[{i}]", self.at(key)),
                }),
                other => error(
                    &format!("{}[{i}]", self.at(key)),
                    format!("expected an object, found {}", kind_of(other)),
                ),
            })
            .collect()
    }

    /// A list of texts (empty when absent).
    pub fn strs(&self, key: &str) -> Result<Vec<String>> {
        self.list(key)?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => error(
                    &format!("{}[{i}]", self.at(key)),
                    format!("expected a text, found {}", kind_of(other)),
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_and_what_was_expected() -> Result<()> {
        let v = parse(r#"{"a": {"list": [{"n": "x"}]}}"#)?;
        let root = Obj::root(&v)?;
        let item = &root.obj("a")?.objs("list")?[0];
        assert_eq!(
            item.u32("n"),
            error("a.list[0].n", "expected a whole number, found a text")
        );
        assert!(matches!(root.only(&["b"]), Err(e) if e.message.starts_with("unknown field")));
        Ok(())
    }

    #[test]
    fn a_lone_surrogate_escape_reads_as_the_replacement_character() -> Result<()> {
        let v = parse(
            r#"{"a": "x\ud83dy", "b": "\ude00", "c": "\ud83d\ude00", "d": "\\ud83d", "e": "\ud83d\ud83d"}"#,
        )?;
        assert_eq!(v["a"], "x\u{fffd}y");
        assert_eq!(v["b"], "\u{fffd}");
        assert_eq!(v["c"], "\u{1f600}");
        assert_eq!(v["d"], "\\ud83d");
        assert_eq!(v["e"], "\u{fffd}\u{fffd}");
        Ok(())
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let err = parse("{\n  \"a\": 1,,\n  \"b\": 2\n}").err();
        assert!(
            err.as_ref()
                .is_some_and(|e| e.message.starts_with("not valid JSON at line 2")),
            "{err:?}"
        );
    }
}
