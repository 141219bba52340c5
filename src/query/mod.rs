//! The query language (`docs/QUERY_LANGUAGE.md`): text → tokens → statement → answer.
//!
//! - [`lex`] splits a query into words and quoted names, with spans;
//! - [`parse`] recognises the question and resolves its names against the dataset;
//! - [`eval`] answers it from the graph, every row with its evidence.

pub mod ast;
pub mod counsel;
pub mod error;
pub mod eval;
pub mod lex;
pub mod parse;

use std::collections::BTreeMap;

pub use ast::{Canonical, Statement};
pub use error::{QueryError, QueryErrorKind};

use crate::{answer::Answer, dataset::Dataset};

/// Parses and answers one query.
pub fn ask(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Result<Answer, QueryError> {
    let (statement, understood) = understand(ds, query, params)?;
    let mut answer = eval::eval(ds, &statement, query);
    answer.understood_as = understood;
    Ok(answer)
}

/// The statement a query asks: as written, or else as [`counsel`] reads its plain words (with the
/// question it was read as).
fn understand(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Result<(Statement, Option<String>), QueryError> {
    match parse::parse(ds, query, params) {
        Ok(statement) => Ok((statement, None)),
        Err(strict) => {
            let reading = counsel::understand(ds, query, params, strict)?;
            Ok((reading.statement, Some(reading.question)))
        }
    }
}

/// Parses and answers one query in a context (a script's `.given`); returns the statement too, for
/// what follows it (`.rights`).
pub fn ask_with(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
    context: &eval::Context,
) -> Result<(Statement, Answer), QueryError> {
    let (statement, understood) = understand(ds, query, params)?;
    let mut answer = eval::eval_with(ds, &statement, query, context);
    answer.understood_as = understood;
    Ok((statement, answer))
}

/// The words questions are made of, for completion.
pub const KEYWORDS: &[&str] = &[
    "who",
    "may",
    "receive",
    "what",
    "does",
    "why",
    "purposes",
    "of",
    "is",
    "used",
    "for",
    "data",
    "use",
    "basis",
    "with",
    "based",
    "on",
    "sources",
    "where",
    "come",
    "from",
    "comes",
    "retention",
    "how",
    "long",
    "kept",
    "processes",
    "processors",
    "path",
    "to",
    "describe",
    "list",
    "and",
    "under",
    "which",
    "in",
    "shared",
    "recipients",
    "categories",
    "bases",
    "controls",
    "safeguards",
    "regions",
    "interests",
    "footnotes",
    "sections",
    "rows",
    "items",
    "groups",
    "conditions",
    "settings",
];
