//! Finds where a value sits in a JSON text, given its path (`edges[3].to`).
//!
//! serde reports positions for its own errors only. Errors found after deserialising (a dangling
//! reference, a duplicate id) know the path of the offending value; this module turns that path back into
//! a byte range so the message can name the line and column. It runs only when there is an error to
//! report, on text that serde_json has already accepted.

use std::fmt;

/// One step of a path into a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// The deepest path kept: the data format nests no deeper (a deeper step is dropped, and the path then
/// names the value that holds it).
const MAX_DEPTH: usize = 8;

/// A path into a JSON document, such as `edges[3].provenance.quote`. It lives inline, without heap
/// allocation: the loader makes one for every value it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonPath {
    segs: [Option<Seg>; MAX_DEPTH],
    len: usize,
}

impl Default for JsonPath {
    fn default() -> Self {
        Self::root()
    }
}

impl JsonPath {
    pub fn root() -> Self {
        JsonPath {
            segs: [None; MAX_DEPTH],
            len: 0,
        }
    }

    fn push(&self, seg: Seg) -> Self {
        let mut path = *self;
        if path.len < MAX_DEPTH {
            path.segs[path.len] = Some(seg);
            path.len += 1;
        }
        path
    }

    pub fn key(&self, key: &'static str) -> Self {
        self.push(Seg::Key(key))
    }

    pub fn index(&self, index: usize) -> Self {
        self.push(Seg::Index(index))
    }

    /// The steps of the path, outermost first.
    pub fn segs(&self) -> impl Iterator<Item = Seg> + '_ {
        self.segs[..self.len].iter().flatten().copied()
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segs().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => write!(f, "{key}")?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The byte range of the value at `path`, or of the deepest value on the way to it that exists.
pub fn locate(text: &str, path: &JsonPath) -> (usize, usize) {
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    cursor.skip_ws();
    for seg in path.segs() {
        let start = cursor.pos;
        let found = match seg {
            Seg::Key(key) => cursor.enter_key(key),
            Seg::Index(index) => cursor.enter_index(index),
        };
        if !found {
            cursor.pos = start;
            break;
        }
    }
    let start = cursor.pos;
    let end = cursor.skip_value().unwrap_or(start);
    (start, end.max(start))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Moves past one string; returns the raw contents between the quotes.
    fn skip_string(&mut self) -> Option<&[u8]> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        self.pos += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.pos += 2,
                b'"' => {
                    let raw = &self.bytes[start..self.pos];
                    self.pos += 1;
                    return Some(raw);
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    /// Moves past one value; returns where it ended.
    fn skip_value(&mut self) -> Option<usize> {
        self.skip_ws();
        match self.peek()? {
            b'"' => {
                self.skip_string()?;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Some(self.pos);
                }
                loop {
                    if open == b'{' {
                        self.skip_ws();
                        self.skip_string()?;
                        self.skip_ws();
                        if self.peek() != Some(b':') {
                            return None;
                        }
                        self.pos += 1;
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b if b == close => {
                            self.pos += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
        Some(self.pos)
    }

    /// At an object, moves to the value of `key`.
    fn enter_key(&mut self, key: &str) -> bool {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return false;
        }
        self.pos += 1;
        loop {
            self.skip_ws();
            let Some(name) = self.skip_string() else {
                return false;
            };
            let matched = name == key.as_bytes();
            self.skip_ws();
            if self.peek() != Some(b':') {
                return false;
            }
            self.pos += 1;
            self.skip_ws();
            if matched {
                return true;
            }
            if self.skip_value().is_none() {
                return false;
            }
            self.skip_ws();
            if self.peek() != Some(b',') {
                return false;
            }
            self.pos += 1;
        }
    }

    /// At an array, moves to its element `index`.
    fn enter_index(&mut self, index: usize) -> bool {
        self.skip_ws();
        if self.peek() != Some(b'[') {
            return false;
        }
        self.pos += 1;
        for _ in 0..index {
            if self.skip_value().is_none() {
                return false;
            }
            self.skip_ws();
            if self.peek() != Some(b',') {
                return false;
            }
            self.pos += 1;
        }
        self.skip_ws();
        !matches!(self.peek(), None | Some(b']'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, path: &JsonPath) -> &'a str {
        let (start, end) = locate(text, path);
        &text[start..end]
    }

    #[test]
    fn finds_nested_values() {
        let text =
            r#"{ "nodes": [ {"id": "a"}, {"id": "b", "x": [1, {"y": "z"}]} ], "edges": [] }"#;
        let root = JsonPath::root();
        assert_eq!(at(text, &root.key("nodes").index(1).key("id")), r#""b""#);
        assert_eq!(
            at(text, &root.key("nodes").index(1).key("x").index(1)),
            r#"{"y": "z"}"#
        );
        assert_eq!(at(text, &root.key("edges")), "[]");
    }

    #[test]
    fn a_missing_step_stops_at_the_deepest_value_found() {
        let text = r#"{"nodes": [{"id": "a"}]}"#;
        let path = JsonPath::root().key("nodes").index(0).key("name");
        let (start, _) = locate(text, &path);
        assert_eq!(&text[start..start + 1], "{");
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        let text = r#"{"a": "x\"y", "b": 2}"#;
        assert_eq!(at(text, &JsonPath::root().key("b")), "2");
    }

    #[test]
    fn paths_display_like_field_accessors() {
        let path = JsonPath::root().key("edges").index(3).key("to");
        assert_eq!(path.to_string(), "edges[3].to");
    }
}
