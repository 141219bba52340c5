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
pub use error::QueryError;

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
