//! The logical lines of a script or a piped session: one query or dot-command per item, with the line
//! number it starts on. A line ending in `\` or leaving a quote open continues on the next. Shared by
//! `lineage run` (scripts), the REPL's piped mode and `.read`.
//!
//! Joining costs time linear in the input: the quote state is carried from line to line, never
//! recomputed over the joined text, and a joined query may not grow past [`MAX_JOINED_BYTES`]; the cap
//! is checked before each line is added, so continued lines never build a larger text.

use std::fmt;

use crate::input::LineError;

/// The longest text continued lines may make: the longest query (`query::lex::MAX_QUERY_BYTES`, which
/// is checked to be the same).
pub const MAX_JOINED_BYTES: usize = 64 * 1024;

/// Where a text stands after some of it is read: inside a quote (and which character closes it), and
/// whether the last character was a `\` inside a quote, which escapes the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Scan {
    open: Option<char>,
    escaped: bool,
}

impl Scan {
    fn feed(mut self, text: &str) -> Scan {
        for c in text.chars() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            match (self.open, c) {
                (Some(_), '\\') => self.escaped = true,
                (None, '"') => self.open = Some('"'),
                (None, '\u{201c}') => self.open = Some('\u{201d}'),
                (Some(close), c) if c == close => self.open = None,
                _ => {}
            }
        }
        self
    }
}

use crate::diagnostic::{Diagnostic, Location};

/// The byte-order mark some editors write at the start of a UTF-8 file ("UTF-8 with BOM"): an
/// invisible character that no query or dot-command starts with.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// The message for line `number` of `file` that starts with [`BYTE_ORDER_MARK`]: said so, rather than
/// "unknown question `\u{feff}sources`".
pub fn byte_order_mark(file: &str, number: usize, line: &str) -> Diagnostic {
    let mut at = Location::of_range(line, 0, BYTE_ORDER_MARK.len_utf8());
    at.line = number;
    Diagnostic::new(
        file,
        "the line starts with a byte-order mark (U+FEFF), an invisible character",
    )
    .at(at)
    .expected("a query or a dot-command")
    .help(Some(
        "save the file as UTF-8 without a byte-order mark (\"UTF-8\", not \"UTF-8 with BOM\")"
            .to_string(),
    ))
}

/// A line is incomplete, and continues on the next, when it ends with a backslash or leaves a quote
/// open.
pub fn is_incomplete(text: &str) -> bool {
    ends_continued(text) || Scan::default().feed(text).open.is_some()
}

fn ends_continued(text: &str) -> bool {
    text.trim_end().ends_with('\\')
}

/// Why the logical lines stopped or skipped a line: the line it happened at, and what happened.
#[derive(Debug)]
pub struct LinesError {
    pub line: usize,
    pub kind: LinesErrorKind,
}

#[derive(Debug)]
pub enum LinesErrorKind {
    /// The input itself: a line too long, not UTF-8, or unreadable.
    Input(LineError),
    /// Continued lines would make a query longer than [`MAX_JOINED_BYTES`]: 2,000 lines of
    /// `list purposes \` and more.
    JoinedTooLong { start: usize },
}

impl fmt::Display for LinesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            LinesErrorKind::Input(e) => e.fmt(f),
            LinesErrorKind::JoinedTooLong { start } => write!(
                f,
                "the query continued from line {start} is longer than {MAX_JOINED_BYTES} bytes, the limit"
            ),
        }
    }
}

impl LinesError {
    /// What the input should have been, for the message's `= expected:` line.
    pub fn expected(&self) -> String {
        match &self.kind {
            LinesErrorKind::Input(LineError::TooLong { cap }) => {
                format!("at most {cap} bytes in a line")
            }
            LinesErrorKind::Input(LineError::NotText) => "UTF-8 text".to_string(),
            LinesErrorKind::Input(LineError::Io(_)) => "readable input".to_string(),
            LinesErrorKind::JoinedTooLong { .. } => {
                format!("at most {MAX_JOINED_BYTES} bytes in a query, continued lines included")
            }
        }
    }

    /// The error as a message located at `name:line`.
    pub fn to_diagnostic(&self, name: &str) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic::new(format!("{name}:{}", self.line), self.to_string())
            .expected(self.expected())
    }

    /// Whether lines still follow: only a line that is not UTF-8 is skipped; any other error ends
    /// the input.
    pub fn is_final(&self) -> bool {
        !matches!(self.kind, LinesErrorKind::Input(LineError::NotText))
    }
}

/// The queries and commands of a text, one per item with the line number it starts on: continued
/// lines are joined, and a query still open at the end is given as it stands (a final `\` dropped).
/// After an error that [`LinesError::is_final`], there are no more items.
pub fn logical_lines<I>(lines: I) -> LogicalLines<I::IntoIter>
where
    I: IntoIterator<Item = Result<String, LineError>>,
{
    LogicalLines {
        lines: lines.into_iter(),
        number: 0,
        done: false,
    }
}

/// The logical lines of a text held in memory.
pub fn text_lines(
    text: &str,
) -> LogicalLines<impl Iterator<Item = Result<String, LineError>> + '_> {
    logical_lines(text.lines().map(|l| Ok(l.to_string())))
}

pub struct LogicalLines<I> {
    lines: I,
    number: usize,
    done: bool,
}

/// A query being continued: the line it starts on, its text so far, and the scan of that text.
/// Scripts, piped input and the terminal's continuation prompt all join lines with it.
pub struct Continued {
    start: usize,
    text: String,
    scan: Scan,
}

impl Continued {
    /// A query whose first line, `text`, is line `start`.
    pub fn new(start: usize, text: String) -> Self {
        let scan = Scan::default().feed(&text);
        Continued { start, text, scan }
    }

    /// Whether the query continues on the next line ([`is_incomplete`] of its text, without
    /// scanning it again).
    pub fn is_incomplete(&self) -> bool {
        ends_continued(&self.text) || self.scan.open.is_some()
    }

    /// The query as joined so far.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Adds the next line, as [`join_continued`] does, in time linear in the line; refused, and the
    /// text left as it was, when the text would pass [`MAX_JOINED_BYTES`].
    pub fn push(&mut self, next: &str) -> Result<(), LinesError> {
        let too_long = LinesError {
            line: self.start,
            kind: LinesErrorKind::JoinedTooLong { start: self.start },
        };
        self.join(next).map_err(|()| too_long)
    }

    fn join(&mut self, next: &str) -> Result<(), ()> {
        let head = self.text.trim_end();
        if let Some(stripped) = head.strip_suffix('\\') {
            let keep = stripped.trim_end().len();
            let next = next.trim_start();
            if keep + 1 + next.len() > MAX_JOINED_BYTES {
                return Err(());
            }
            self.text.truncate(keep);
            self.text.push(' ');
            // Only white space and one `\` were cut: inside a quote or not is unchanged, and the
            // space that follows ends any escape.
            self.scan.escaped = false;
            self.text.push_str(next);
            self.scan = self.scan.feed(next);
        } else {
            if self.text.len() + 1 + next.len() > MAX_JOINED_BYTES {
                return Err(());
            }
            self.text.push('\n');
            self.scan = self.scan.feed("\n");
            self.text.push_str(next);
            self.scan = self.scan.feed(next);
        }
        Ok(())
    }
}

impl<I: Iterator<Item = Result<String, LineError>>> Iterator for LogicalLines<I> {
    type Item = Result<(usize, String), LinesError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut pending: Option<Continued> = None;
        loop {
            let Some(item) = self.lines.next() else {
                self.done = true;
                return pending.map(|p| Ok((p.start, p.text.trim_end_matches('\\').to_string())));
            };
            self.number += 1;
            let line = match item {
                Ok(line) => line,
                Err(e) => {
                    let error = LinesError {
                        line: self.number,
                        kind: LinesErrorKind::Input(e),
                    };
                    self.done = error.is_final();
                    return Some(Err(error));
                }
            };
            let current = match pending.as_mut() {
                Some(p) => {
                    if let Err(e) = p.push(&line) {
                        self.done = true;
                        return Some(Err(e));
                    }
                    p
                }
                None => pending.insert(Continued::new(self.number, line)),
            };
            if !current.is_incomplete() {
                return pending.map(|p| Ok((p.start, p.text)));
            }
        }
    }
}

/// Joins a continued line to the next: a trailing backslash becomes a space.
pub fn join_continued(text: &str, next: &str) -> String {
    match text.trim_end().strip_suffix('\\') {
        Some(head) => format!("{} {}", head.trim_end(), next.trim_start()),
        None => format!("{text}\n{next}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation() {
        assert!(is_incomplete("who may receive \\"));
        assert!(is_incomplete("describe \"Acme"));
        assert!(is_incomplete("describe \u{201c}Acme"));
        assert!(!is_incomplete("describe \"Acme\""));
        assert!(!is_incomplete("describe \"a \\\" b\""));
        assert!(!is_incomplete("list purposes"));
        assert_eq!(
            join_continued("who may \\", "  receive x"),
            "who may receive x"
        );
        assert_eq!(join_continued("describe \"a", "b\""), "describe \"a\nb\"");
    }

    /// The incremental join gives what joining and scanning the whole text again gives.
    #[test]
    fn joining_as_it_reads_matches_joining_whole() {
        let cases: &[&[&str]] = &[
            &["who may \\", "  receive x"],
            &["describe \"a", "b\""],
            &["describe \"a \\", "b\"", "list"],
            &["describe \"a\\\\", "\"", "x"],
            &["a \\\\", "", "b"],
            &["\"x \\", " \\", "\\", "y\"", "z"],
            &["\u{201c}a", "\\", "\u{201d}", "q"],
            &["a \\", "b \\", "c"],
        ];
        for lines in cases {
            let fast: Vec<(usize, String)> = logical_lines(lines.iter().map(|l| Ok(l.to_string())))
                .map(|r| r.expect("no error"))
                .collect();
            let mut slow = Vec::new();
            let mut pending: Option<(usize, String)> = None;
            for (i, line) in lines.iter().enumerate() {
                let (start, text) = match pending.take() {
                    Some((s, head)) => (s, join_continued(&head, line)),
                    None => (i + 1, line.to_string()),
                };
                if is_incomplete(&text) {
                    pending = Some((start, text));
                } else {
                    slow.push((start, text));
                }
            }
            if let Some((s, t)) = pending {
                slow.push((s, t.trim_end_matches('\\').to_string()));
            }
            assert_eq!(fast, slow, "{lines:?}");
        }
    }

    #[test]
    fn joined_lines_stop_at_the_cap() {
        let line = format!("{} \\", "x".repeat(1000));
        let items: Vec<_> = logical_lines((0..200).map(|_| Ok(line.clone()))).collect();
        assert_eq!(items.len(), 1);
        let error = items[0].as_ref().expect_err("too long");
        assert_eq!(error.line, 1);
        assert!(error.to_string().contains("continued from line 1"));
    }
}
