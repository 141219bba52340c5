//! The query language (`docs/QUERY_LANGUAGE.md`): text → tokens → statement → answer.
//!
//! - [`lex`] splits a query into words and quoted names, with spans;
//! - [`parse`] recognises the question and resolves its names against the dataset;
//! - [`eval`] answers it from the graph, every row with its evidence.

pub mod ast;
pub mod error;
pub mod eval;
pub mod keywords;
pub mod lex;
pub mod parse;
pub mod suggest;

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
