//! Errors in a query: what is wrong, the span it is about, what was expected, and the nearest names.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Location};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Byte range in the query; the caret goes under it.
    pub span: Range<usize>,
    pub expected: Option<String>,
    pub help: Option<String>,
}

impl QueryError {
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        QueryError {
            message: message.into(),
            span,
            expected: None,
            help: None,
        }
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The error as a diagnostic about `query`, which came from `origin` (`query`, a script's name).
    pub fn to_diagnostic(&self, origin: &str, query: &str) -> Diagnostic {
        self.to_diagnostic_at(origin, 1, query)
    }

    /// The same, for a query that starts on line `line` of a script.
    pub fn to_diagnostic_at(&self, origin: &str, line: usize, query: &str) -> Diagnostic {
        let mut location = Location::of_range(query, self.span.start, self.span.end);
        location.line += line.saturating_sub(1);
        let mut d = Diagnostic::new(origin, &self.message)
            .at(location)
            .help(self.help.clone());
        d.expected = self.expected.clone();
        d
    }
}
