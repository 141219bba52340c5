//! Error messages people can act on: what is wrong, where (file, line, column, field), what was
//! expected, and the nearest valid names.
//!
//! Rendering is plain text in the style of rustc, with no colour, so it is the same in a terminal, a
//! pipe, a log and a snapshot.

use std::fmt;

use crate::present::escape::terminal;

/// One problem, located in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// The file as the user named it (`tests/fixtures/x/table.json`), or `<embedded>/...`.
    pub file: String,
    /// Where in the file, when the problem has a place.
    pub location: Option<Location>,
    /// The JSON path of the offending value (`edges[3].to`).
    pub field: Option<String>,
    pub expected: Option<String>,
    pub help: Option<String>,
}

/// A place in a text file: 1-based line and column (in characters), and the line itself for context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// How many characters to underline, at least one.
    pub width: usize,
    pub line_text: String,
}

/// The widest excerpt of a line shown under a message; longer lines are cut around the column.
const EXCERPT_CHARS: usize = 100;

/// The longest message, field, expectation or help shown: input echoed in a message is cut here.
const MESSAGE_CHARS: usize = 400;

impl Location {
    /// The location of the byte range `start..end` in `text`.
    pub fn of_range(text: &str, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].bytes().filter(|&b| b == b'\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        Location {
            line,
            column,
            width,
            line_text: text[line_start..line_end].to_string(),
        }
    }

    /// The location of a 1-based line and a 1-based byte column, as serde_json reports them.
    pub fn of_line_column(text: &str, line: usize, byte_column: usize) -> Location {
        let mut offset = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let within = byte_column.saturating_sub(1).min(l.len());
                offset += within;
                break;
            }
            offset += l.len();
        }
        Location::of_range(text, offset, offset)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Text made inert for a terminal: [`crate::present::escape::terminal`], under the name the
/// dataset stage's summary uses.
pub use crate::present::escape::terminal as inert;

/// Shortens text for a message: at most `max` characters, with `…` where it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            file: file.into(),
            location: None,
            field: None,
            expected: None,
            help: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "error: {}",
            shorten(&terminal(&self.message), MESSAGE_CHARS)
        )?;
        let Some(loc) = &self.location else {
            writeln!(f, "  --> {}", terminal(&self.file))?;
            return self.write_notes(f, "   ");
        };
        let number = loc.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(
            f,
            "{pad}--> {}:{}:{}",
            terminal(&self.file),
            loc.line,
            loc.column
        )?;
        writeln!(f, "{pad} |")?;
        let (excerpt, caret_at) = excerpt(&loc.line_text, loc.column - 1);
        let width = loc
            .width
            .min(excerpt.chars().count().saturating_sub(caret_at))
            .max(1);
        writeln!(f, "{number} | {excerpt}")?;
        writeln!(f, "{pad} | {}{}", " ".repeat(caret_at), "^".repeat(width))?;
        self.write_notes(f, &format!("{pad} "))
    }
}

impl Diagnostic {
    fn write_notes(&self, f: &mut fmt::Formatter<'_>, indent: &str) -> fmt::Result {
        if let Some(field) = &self.field {
            writeln!(
                f,
                "{indent}= field: {}",
                shorten(&terminal(field), MESSAGE_CHARS)
            )?;
        }
        if let Some(expected) = &self.expected {
            writeln!(
                f,
                "{indent}= expected: {}",
                shorten(&terminal(expected), MESSAGE_CHARS)
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(
                f,
                "{indent}= help: {}",
                shorten(&terminal(help), MESSAGE_CHARS)
            )?;
        }
        Ok(())
    }
}

/// The part of `line` to show, made inert, and the caret's position in it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let column = column.min(chars.len());
    let (from, to) = if chars.len() <= EXCERPT_CHARS {
        (0, chars.len())
    } else {
        let from = column.saturating_sub(EXCERPT_CHARS / 2);
        (from, (from + EXCERPT_CHARS).min(chars.len()))
    };
    let mut out = String::new();
    let mut caret = 0;
    if from > 0 {
        out.push_str("...");
    }
    for (i, c) in chars[from..to].iter().enumerate() {
        if from + i == column {
            caret = out.chars().count();
        }
        out.push_str(&terminal(&c.to_string()));
    }
    if from + (to - from) <= column {
        caret = out.chars().count();
    }
    if to < chars.len() {
        out.push_str("...");
    }
    (out, caret)
}

/// Every problem found in one attempt to load a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_field_and_caret() {
        let text = "{\n  \"to\": \"locaton\"\n}\n";
        let start = text.find("\"locaton\"").unwrap();
        let d = Diagnostic::new("d/x.json", "unknown node id `locaton`")
            .at(Location::of_range(text, start, start + 9))
            .field("edges[0].to")
            .help(Some("did you mean `location`?".into()));
        assert_eq!(
            d.to_string(),
            "error: unknown node id `locaton`\n \
             --> d/x.json:2:9\n  |\n2 |   \"to\": \"locaton\"\n  |         ^^^^^^^^^\n  \
             = field: edges[0].to\n  = help: did you mean `location`?\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = "x".repeat(500) + "HERE" + &"y".repeat(500);
        let (shown, caret) = excerpt(&line, 500);
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(&shown[caret..caret + 4], "HERE");
    }

    #[test]
    fn serde_columns_are_bytes_and_become_characters() {
        let text = "{\"a\": \"é\", x}";
        let loc = Location::of_line_column(text, 1, 13);
        assert_eq!(loc.column, 12);
    }
}
