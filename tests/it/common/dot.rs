//! A strict reader of the DOT that `lineage::present::diagram::to_dot` writes, so that every diagram
//! is checked on a machine without Graphviz. It reads only the subset our writer emits, and rejects
//! anything else, even where Graphviz would accept it:
//!
//! - `digraph NAME { ... }`, with `subgraph NAME { ... }` blocks inside; braces balanced, nothing after;
//! - statements, each ending in `;`: `graph [...]`, `node [...]`, `edge [...]`, `name=value`,
//!   `"node" [...]` and `"from" -> "to" [...]`; every edge joins nodes that the document declares;
//! - attribute lists `[name=value, ...]`, each name once; a value is bare (a name or a number, never a
//!   keyword), double-quoted, or, for `label`, an HTML-like label of `TABLE`, `TR`, `TD`, `FONT` and
//!   `BR` elements, properly nested;
//! - in a double-quoted string, only the escapes `\\`, `\"` and `\n`; `&` only to start an entity
//!   (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#N;`); never `<` or `>`; `{`, `}` and `|` only in a shown
//!   control character (`\\u{1b}`);
//! - printable ASCII, spaces and line breaks: no tabs, no carriage returns, no comments.

use std::collections::BTreeSet;

/// What a document declares.
#[derive(Debug, Default)]
pub struct Shape {
    /// Node ids, as written between the quotes.
    pub nodes: BTreeSet<String>,
    /// Edges as (tail, head).
    pub edges: Vec<(String, String)>,
}

/// Reads `dot`; the error says where, and what was expected there.
pub fn check(dot: &str) -> Result<Shape, String> {
    let tokens = lex(dot).map_err(|(at, e)| format!("{}: {e}", position(dot, at)))?;
    let mut parser = Parser {
        tokens,
        next: 0,
        shape: Shape::default(),
    };
    parser
        .graph()
        .map_err(|(at, e)| format!("{}: {e}", position(dot, at)))?;
    for (tail, head) in &parser.shape.edges {
        for end in [tail, head] {
            if !parser.shape.nodes.contains(end) {
                return Err(format!(
                    "the edge \"{tail}\" -> \"{head}\" joins \"{end}\", which no node statement declares"
                ));
            }
        }
    }
    Ok(parser.shape)
}

fn position(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("line {line}, column {column}")
}

#[derive(Debug, PartialEq)]
enum Token {
    /// A name or a number, written bare.
    Bare(String),
    /// A double-quoted string's text, escapes as written.
    Quoted(String),
    /// An HTML-like label's text, without its outer `<` and `>`.
    Html(String),
    /// One of `{ } [ ] = ; ,` or `->`.
    Punct(&'static str),
}

type Error = (usize, String);

const KEYWORDS: [&str; 6] = ["digraph", "edge", "graph", "node", "strict", "subgraph"];

fn lex(text: &str) -> Result<Vec<(usize, Token)>, Error> {
    if let Some(at) = text
        .bytes()
        .position(|b| b != b'\n' && !(b' '..=b'~').contains(&b))
    {
        let c = text[at..].chars().next().unwrap_or_default();
        return Err((
            at,
            format!("{c:?}: only printable ASCII, spaces and line breaks"),
        ));
    }
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let token = match bytes[at] {
            b' ' | b'\n' => {
                at += 1;
                continue;
            }
            b'"' => {
                let (end, body) = quoted(text, at)?;
                at = end;
                Token::Quoted(body)
            }
            b'<' => {
                let (end, body) = html(text, at)?;
                at = end;
                Token::Html(body)
            }
            b'-' if bytes.get(at + 1) == Some(&b'>') => {
                at += 2;
                Token::Punct("->")
            }
            b'{' | b'}' | b'[' | b']' | b'=' | b';' | b',' => {
                at += 1;
                Token::Punct(match bytes[start] {
                    b'{' => "{",
                    b'}' => "}",
                    b'[' => "[",
                    b']' => "]",
                    b'=' => "=",
                    b';' => ";",
                    _ => ",",
                })
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
                    at += 1;
                }
                Token::Bare(text[start..at].to_string())
            }
            b if b.is_ascii_digit() || b == b'.' || b == b'-' => {
                at = number(text, at)?;
                Token::Bare(text[start..at].to_string())
            }
            _ => return Err((at, format!("unexpected `{}`", &text[at..=at]))),
        };
        tokens.push((start, token));
    }
    Ok(tokens)
}

/// A numeral: `-?(digits(.digits*)?|.digits)`.
fn number(text: &str, start: usize) -> Result<usize, Error> {
    let bytes = text.as_bytes();
    let mut at = start;
    if bytes[at] == b'-' {
        at += 1;
    }
    let digits = |at: &mut usize| {
        let from = *at;
        while *at < bytes.len() && bytes[*at].is_ascii_digit() {
            *at += 1;
        }
        *at - from
    };
    let whole = digits(&mut at);
    let mut fraction = 0;
    if at < bytes.len() && bytes[at] == b'.' {
        at += 1;
        fraction = digits(&mut at);
    }
    if whole + fraction == 0 {
        return Err((start, "a number without digits".to_string()));
    }
    if at < bytes.len() && (bytes[at].is_ascii_alphabetic() || bytes[at] == b'_') {
        return Err((at, "a number runs into a name".to_string()));
    }
    Ok(at)
}

/// An entity at the start of `rest` (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#N;`): its length.
fn entity(rest: &str) -> Option<usize> {
    for named in ["&amp;", "&lt;", "&gt;", "&quot;"] {
        if rest.starts_with(named) {
            return Some(named.len());
        }
    }
    let digits = rest.strip_prefix("&#")?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0 && digits[n..].starts_with(';')).then_some(2 + n + 1)
}

/// A shown control character after an escaped backslash: `u{1b}`; its length.
fn shown_control(rest: &str) -> Option<usize> {
    let hex = rest.strip_prefix("u{")?;
    let n = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
    (n > 0 && hex[n..].starts_with('}')).then_some(2 + n + 1)
}

/// A double-quoted string from `start` (its opening quote): where it ends, and its text.
fn quoted(text: &str, start: usize) -> Result<(usize, String), Error> {
    let bytes = text.as_bytes();
    let mut at = start + 1;
    loop {
        match bytes.get(at) {
            None => return Err((start, "this string is not closed".to_string())),
            Some(b'"') => return Ok((at + 1, text[start + 1..at].to_string())),
            Some(b'\\') => match bytes.get(at + 1) {
                Some(b'\\') => {
                    at += 2;
                    at += shown_control(&text[at..]).unwrap_or(0);
                }
                Some(b'"' | b'n') => at += 2,
                _ => {
                    return Err((
                        at,
                        "a backslash that is not `\\\\`, `\\\"` or `\\n`".to_string(),
                    ))
                }
            },
            Some(b'&') => match entity(&text[at..]) {
                Some(n) => at += n,
                None => return Err((at, "`&` that does not start an entity".to_string())),
            },
            Some(b'\n') => return Err((at, "a raw line break in a string".to_string())),
            Some(&b @ (b'<' | b'>' | b'{' | b'}' | b'|')) => {
                return Err((
                    at,
                    format!("a raw `{}` in a string (our writer escapes it)", b as char),
                ))
            }
            Some(_) => at += 1,
        }
    }
}

/// An HTML-like label from `start` (its opening `<`): where it ends, and its text.
fn html(text: &str, start: usize) -> Result<(usize, String), Error> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'<' => depth += 1,
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    let body = &text[start + 1..at];
                    html_body(body, start + 1)?;
                    return Ok((at + 1, body.to_string()));
                }
            }
            b'\n' => return Err((at, "a raw line break in an HTML-like label".to_string())),
            _ => {}
        }
        at += 1;
    }
    Err((start, "this HTML-like label is not closed".to_string()))
}

const TAGS: [&str; 5] = ["TABLE", "TR", "TD", "FONT", "BR"];

/// The elements and text of an HTML-like label, properly nested; `offset` is where it starts.
fn html_body(body: &str, offset: usize) -> Result<(), Error> {
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let rest = &body[at..];
        if let Some(tag) = rest.strip_prefix('<') {
            let end = tag
                .find('>')
                .ok_or((offset + at, "a tag that is not closed".to_string()))?;
            let tag = &tag[..end];
            if let Some(name) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(opened) if opened == name => {}
                    Some(opened) => {
                        return Err((
                            offset + at,
                            format!("`</{name}>` while `<{opened}>` is open"),
                        ))
                    }
                    None => return Err((offset + at, format!("`</{name}>` closes nothing"))),
                }
            } else {
                let (tag, closed) = match tag.strip_suffix('/') {
                    Some(tag) => (tag, true),
                    None => (tag, false),
                };
                let name = tag.split(' ').next().unwrap_or_default();
                if !TAGS.contains(&name) {
                    return Err((offset + at, format!("an unknown tag `<{tag}>`")));
                }
                if (name == "BR") != closed {
                    return Err((
                        offset + at,
                        format!("`<{name}>` must be self-closing exactly when it is `BR`"),
                    ));
                }
                for attribute in tag.split(' ').skip(1) {
                    let value = attribute
                        .split_once('=')
                        .and_then(|(name, value)| {
                            (!name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase()))
                                .then_some(value)
                        })
                        .and_then(|v| v.strip_prefix('"'))
                        .and_then(|v| v.strip_suffix('"'))
                        .filter(|v| !v.contains(['"', '&']));
                    if value.is_none() {
                        return Err((
                            offset + at,
                            format!("an attribute that is not NAME=\"value\": `{attribute}`"),
                        ));
                    }
                }
                if !closed {
                    open.push(name);
                }
            }
            at += 1 + end + 1;
        } else if rest.starts_with('&') {
            at += entity(rest)
                .ok_or((offset + at, "`&` that does not start an entity".to_string()))?;
        } else if let Some(c @ ('>' | '"')) = rest.chars().next() {
            return Err((offset + at, format!("a raw `{c}` in the text of a label")));
        } else {
            at += 1;
        }
    }
    match open.last() {
        Some(name) => Err((offset + body.len(), format!("`<{name}>` is not closed"))),
        None => Ok(()),
    }
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    next: usize,
    shape: Shape,
}

impl Parser {
    fn at(&self) -> usize {
        self.tokens
            .get(self.next)
            .or(self.tokens.last())
            .map_or(0, |(at, _)| *at)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn fail<T>(&self, expected: &str) -> Result<T, Error> {
        let found = match self.peek() {
            None => "the end".to_string(),
            Some(Token::Bare(s)) => format!("`{s}`"),
            Some(Token::Quoted(s)) => format!("\"{s}\""),
            Some(Token::Html(_)) => "an HTML-like label".to_string(),
            Some(Token::Punct(p)) => format!("`{p}`"),
        };
        Err((self.at(), format!("expected {expected}, found {found}")))
    }

    fn punct(&mut self, p: &'static str) -> Result<(), Error> {
        if self.peek() == Some(&Token::Punct(p)) {
            self.next += 1;
            Ok(())
        } else {
            self.fail(&format!("`{p}`"))
        }
    }

    fn keyword(&mut self, word: &str) -> Result<(), Error> {
        if matches!(self.peek(), Some(Token::Bare(w)) if w == word) {
            self.next += 1;
            Ok(())
        } else {
            self.fail(&format!("`{word}`"))
        }
    }

    /// A bare name that is not a keyword.
    fn name(&mut self, what: &str) -> Result<String, Error> {
        match self.peek() {
            Some(Token::Bare(w)) if !KEYWORDS.contains(&w.to_lowercase().as_str()) => {
                let w = w.clone();
                self.next += 1;
                Ok(w)
            }
            _ => self.fail(what),
        }
    }

    fn quoted(&mut self, what: &str) -> Result<String, Error> {
        match self.peek() {
            Some(Token::Quoted(s)) => {
                let s = s.clone();
                self.next += 1;
                Ok(s)
            }
            _ => self.fail(what),
        }
    }

    fn graph(&mut self) -> Result<(), Error> {
        self.keyword("digraph")?;
        self.name("the graph's name")?;
        self.punct("{")?;
        self.statements()?;
        self.punct("}")?;
        if self.peek().is_some() {
            return self.fail("the end after the graph's `}`");
        }
        Ok(())
    }

    fn statements(&mut self) -> Result<(), Error> {
        loop {
            match self.peek() {
                Some(Token::Punct("}")) => return Ok(()),
                Some(Token::Bare(w)) if w == "subgraph" => {
                    self.next += 1;
                    self.name("the subgraph's name")?;
                    self.punct("{")?;
                    self.statements()?;
                    self.punct("}")?;
                }
                Some(Token::Bare(w)) if ["graph", "node", "edge"].contains(&w.as_str()) => {
                    self.next += 1;
                    self.attributes()?;
                    self.punct(";")?;
                }
                Some(Token::Bare(_)) => {
                    let name = self.name("an attribute's name")?;
                    self.punct("=")?;
                    self.value(&name)?;
                    self.punct(";")?;
                }
                Some(Token::Quoted(_)) => {
                    let tail = self.quoted("a node id")?;
                    if self.peek() == Some(&Token::Punct("->")) {
                        self.next += 1;
                        let head = self.quoted("the id of the edge's head")?;
                        self.shape.edges.push((tail, head));
                    } else {
                        self.shape.nodes.insert(tail);
                    }
                    self.attributes()?;
                    self.punct(";")?;
                }
                _ => return self.fail("a statement or `}`"),
            }
        }
    }

    fn attributes(&mut self) -> Result<(), Error> {
        self.punct("[")?;
        let mut seen = BTreeSet::new();
        loop {
            let at = self.at();
            let name = self.name("an attribute's name")?;
            if !seen.insert(name.clone()) {
                return Err((at, format!("the attribute `{name}` twice in one list")));
            }
            self.punct("=")?;
            self.value(&name)?;
            match self.peek() {
                Some(Token::Punct(",")) => self.next += 1,
                Some(Token::Punct("]")) => {
                    self.next += 1;
                    return Ok(());
                }
                _ => return self.fail("`,` or `]`"),
            }
        }
    }

    fn value(&mut self, attribute: &str) -> Result<(), Error> {
        match self.peek() {
            Some(Token::Quoted(_)) => {
                self.next += 1;
                Ok(())
            }
            Some(Token::Html(_)) if attribute == "label" => {
                self.next += 1;
                Ok(())
            }
            _ => self.name(&format!("a value for `{attribute}`")).map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    const GOOD: &str = r##"digraph lineage {
  graph [rankdir=LR, nodesep=0.12, label="a \"quoted\" name\nand a &lt;tag&gt; &#8217; \\u{1b}"];
  node [fontname="Helvetica", margin="0.08,0.04"];
  subgraph cluster_1 {
    label="Data"; style="rounded,dashed"; fontsize=12;
    rank=same;
    "data:a" [label="A", shape=box];
    "data:b" [label="B &amp; C", shape=box];
  }
  "data:a" -> "data:b" [color="#555555", style=dashed, dir=back];
  subgraph cluster_legend {
    "legend" [shape=plaintext, label=<<TABLE BORDER="0"><TR><TD ALIGN="LEFT"><FONT COLOR="#555555">x &amp; y<BR ALIGN="LEFT"/>\u{7}</FONT></TD></TR></TABLE>>];
  }
}
"##;

    #[test]
    fn the_reader_accepts_what_our_writer_writes() {
        let shape = check(GOOD).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shape.nodes.len(), 3);
        assert_eq!(shape.edges, [("data:a".to_string(), "data:b".to_string())]);
    }

    #[test]
    fn the_reader_rejects_what_our_writer_never_writes() {
        let cases = [
            (
                "  rank=same;\n",
                "  rank=same\n",
                "line 7, column 5: expected `;`",
            ),
            (
                "rank=same;",
                "rank=same; }",
                "expected the end after the graph's `}`",
            ),
            (
                "digraph lineage {",
                "digraph lineage {{",
                "expected a statement or `}`",
            ),
            ("label=\"A\"", "label=\"A\\tB\"", "a backslash that is not"),
            ("label=\"A\"", "label=\"A<B\"", "a raw `<` in a string"),
            ("label=\"A\"", "label=\"A{B\"", "a raw `{` in a string"),
            (
                "label=\"A\"",
                "label=\"A & B\"",
                "`&` that does not start an entity",
            ),
            ("label=\"A\"", "label=\"Ä\"", "only printable ASCII"),
            ("label=\"A\"", "label=\"A\tB\"", "only printable ASCII"),
            (
                "label=\"A\"",
                "label=\"A",
                "line 7, column 36: a raw line break in a string",
            ),
            (
                "shape=box];\n    \"data:b\"",
                "shape=node];\n    \"data:b\"",
                "a value for `shape`",
            ),
            (
                "shape=box];\n    \"data:b\"",
                "shape=box, shape=box];\n    \"data:b\"",
                "`shape` twice",
            ),
            (
                "\"data:a\" -> \"data:b\"",
                "\"data:a\" -> \"data:c\"",
                "which no node statement declares",
            ),
            (
                "\"data:a\" -> \"data:b\" [",
                "\"data:a\" -> \"data:b\"; [",
                "expected `[`",
            ),
            (
                "</FONT></TD>",
                "</TD></FONT>",
                "`</TD>` while `<FONT>` is open",
            ),
            ("<BR ALIGN=\"LEFT\"/>", "<BR>", "self-closing"),
            ("<BR ALIGN=\"LEFT\"/>", "<B>", "an unknown tag `<B>`"),
            ("x &amp; y", "x & y", "`&` that does not start an entity"),
            ("nodesep=0.12", "nodesep=0.1.2", "expected `,` or `]`"),
            (
                "fontsize=12;",
                "fontsize=12 ; // a comment",
                "unexpected `/`",
            ),
        ];
        for (from, to, says) in cases {
            assert!(GOOD.contains(from), "{from}");
            let bad = GOOD.replacen(from, to, 1);
            match check(&bad) {
                Ok(_) => panic!("accepted: {to}"),
                Err(e) => assert!(e.contains(says), "{to}: {e}"),
            }
        }
    }
}
