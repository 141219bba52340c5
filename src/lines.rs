//! The logical lines of a script or a piped session: one query or dot-command per item, with the line
//! number it starts on. A line ending in `\` or leaving a quote open continues on the next. Shared by
//! `lineage run` (scripts), the REPL's piped mode and `.read`.

use std::io;

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
    if text.trim_end().ends_with('\\') {
        return true;
    }
    let mut open: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (open, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (None, '"') => open = Some('"'),
            (None, '\u{201c}') => open = Some('\u{201d}'),
            (Some(close), c) if c == close => open = None,
            _ => {}
        }
    }
    open.is_some()
}

/// The queries and commands of a text, one per item with the line number it starts on: continued
/// lines are joined, and a query still open at the end is given as it stands (a final `\` dropped).
pub fn logical_lines<I>(lines: I) -> LogicalLines<I::IntoIter>
where
    I: IntoIterator<Item = io::Result<String>>,
{
    LogicalLines {
        lines: lines.into_iter(),
        number: 0,
    }
}

pub struct LogicalLines<I> {
    lines: I,
    number: usize,
}

impl<I: Iterator<Item = io::Result<String>>> Iterator for LogicalLines<I> {
    type Item = io::Result<(usize, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut pending: Option<(usize, String)> = None;
        loop {
            match self.lines.next() {
                Some(Ok(line)) => {
                    self.number += 1;
                    let (start, text) = match pending.take() {
                        Some((start, head)) => (start, join_continued(&head, &line)),
                        None => (self.number, line),
                    };
                    if !is_incomplete(&text) {
                        return Some(Ok((start, text)));
                    }
                    pending = Some((start, text));
                }
                Some(Err(e)) => return Some(Err(e)),
                None => {
                    return pending
                        .map(|(start, text)| Ok((start, text.trim_end_matches('\\').to_string())));
                }
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
}
