//! The query language (`docs/QUERY_LANGUAGE.md`): text → tokens → statement → answer.
//!
//! - [`lex`] splits a query into words and quoted names, with spans;
//! - [`parse`] recognises the question and resolves its names against the dataset;
//! - [`eval`] answers it from the graph, every row with its evidence.

pub mod ast;
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
    let statement = parse::parse(ds, query, params)?;
    Ok(eval::eval(ds, &statement, query))
}

/// Parses and answers one query in a context (a script's `.given`); returns the statement too, for
/// what follows it (`.rights`).
pub fn ask_with(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
    context: &eval::Context,
) -> Result<(Statement, Answer), QueryError> {
    let statement = parse::parse(ds, query, params)?;
    let answer = eval::eval_with(ds, &statement, query, context);
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
