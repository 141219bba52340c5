//! Every output format, in one enum, and which of them each command accepts.
//!
//! A command's list drives its `--format` parsing, the possible values `--help`, completions and the
//! man page show (each with its line of help), clap's error for a value it does not accept, and the
//! REPL's `.mode`.

use std::fmt;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// A form lineage prints: an answer, a report or a dataset summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table fitted to the terminal's width (or `--width`); long cells wrap at spaces.
    Table,
    /// A GitHub table (an answer) or a document (a report), to paste into a memo or a letter.
    Markdown,
    /// RFC 4180 CSV; cells that look like formulas are made inert.
    Csv,
    /// A stable JSON document, for scripts.
    Json,
    /// One `heading = value` line per field, rows separated by a blank line.
    Line,
    /// A Graphviz DOT diagram of the facts behind an answer.
    Dot,
    /// A Mermaid flowchart of the facts behind an answer.
    Mermaid,
    /// Plain text for a terminal (`check`'s summary).
    Text,
    /// A Word document (a report's letter or annex), written to a file.
    Docx,
}

impl Format {
    /// The name commands and `.mode` take.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Line => "line",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::Text => "text",
            Format::Docx => "docx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The formats one command accepts, in the order its `--help` lists them, each with its line of
/// help there (an empty line: none).
#[derive(Debug, Clone, Copy)]
pub struct Accepts(&'static [(Format, &'static str)]);

/// An answer: `lineage ask --format`, and the REPL's `.mode`.
pub const ANSWER: Accepts = Accepts(&[
    (
        Format::Table,
        "A table that fits the terminal (or --width N)",
    ),
    (Format::Markdown, "A Markdown table, to paste into a memo"),
    (Format::Csv, "CSV for spreadsheets (formula-safe)"),
    (Format::Json, "JSON with a stable schema, for scripts"),
    (Format::Line, "One `field = value` per line"),
    (
        Format::Dot,
        "A Graphviz DOT diagram of the facts behind the answer",
    ),
    (
        Format::Mermaid,
        "A Mermaid flowchart of the facts behind the answer",
    ),
]);

/// The findings of `lineage lint --format`.
pub const LINT: Accepts = Accepts(&[
    (
        Format::Table,
        "A table that fits the terminal (or --width N)",
    ),
    (Format::Markdown, "A Markdown table, to paste into a memo"),
    (Format::Csv, "CSV for spreadsheets (formula-safe)"),
    (Format::Json, "JSON with a stable schema, for scripts"),
    (Format::Line, "One `field = value` per line"),
]);

/// A report: `lineage run --format`.
pub const REPORT: Accepts = Accepts(&[
    (Format::Markdown, "Ready to paste into a response letter"),
    (Format::Json, "The same content, structured"),
    (Format::Table, "Tables for a terminal"),
    (Format::Csv, "One CSV block per answer"),
    (
        Format::Docx,
        "A Word document with headings, tables and the date (needs -o FILE)",
    ),
]);

/// The changes between two versions: `lineage diff --format`.
pub const DIFF: Accepts = Accepts(&[
    (
        Format::Table,
        "A table that fits the terminal (or --width N)",
    ),
    (Format::Markdown, "A Markdown table, to paste into a memo"),
    (Format::Csv, "CSV for spreadsheets (formula-safe)"),
    (Format::Json, "JSON with a stable schema, for scripts"),
    (
        Format::Dot,
        "A Graphviz DOT diagram of the changes on the map",
    ),
]);

/// A dataset's summary: `lineage check --format`.
pub const SUMMARY: Accepts = Accepts(&[(Format::Text, ""), (Format::Json, "")]);

impl Accepts {
    /// The accepted format called `name`, in any case (`.mode JSON`).
    pub fn get(self, name: &str) -> Option<Format> {
        self.0
            .iter()
            .map(|&(format, _)| format)
            .find(|format| format.name().eq_ignore_ascii_case(name))
    }

    /// The names, for a message: `table, markdown, csv or json`.
    pub fn list(self) -> String {
        let names: Vec<&str> = self.0.iter().map(|(format, _)| format.name()).collect();
        match names.split_last() {
            Some((last, init)) if !init.is_empty() => format!("{} or {last}", init.join(", ")),
            _ => names.join(""),
        }
    }

    /// The clap parser of a `--format` that takes these formats.
    pub fn parser(self) -> impl TypedValueParser<Value = Format> {
        let values = self.0.iter().map(|&(format, help)| {
            let value = PossibleValue::new(format.name());
            if help.is_empty() {
                value
            } else {
                value.help(help)
            }
        });
        // The possible values have already admitted the name.
        PossibleValuesParser::new(values)
            .try_map(move |name: String| self.get(&name).ok_or("not an accepted format"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_a_sentence_and_names_match_in_any_case() {
        assert_eq!(
            ANSWER.list(),
            "table, markdown, csv, json, line, dot or mermaid"
        );
        assert_eq!(SUMMARY.list(), "text or json");
        assert_eq!(ANSWER.get("DOT"), Some(Format::Dot));
        assert_eq!(REPORT.get("line"), None);
    }
}
