//! The query language (`docs/QUERY_LANGUAGE.md`): text → tokens → statement → answer.
//!
//! - [`lex`] splits a query into words and quoted names, with spans;
//! - [`parse`] recognises the question and resolves its names against the dataset;
//! - [`eval`] answers it from the graph, every row with its evidence.

pub mod ast;
pub mod counsel;
pub mod covering;
pub mod error;
pub mod eval;
pub mod keywords;
pub mod lex;
pub mod parse;
pub mod region_parts;
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
    let (statement, understood) = understand(ds, query, params)?;
    let mut answer = eval::eval(ds, &statement, query);
    (answer.understood_as, answer.understood_because) = split(understood);
    Ok(answer)
}

/// The question a plain question was read as, and why the reading chose what it did (none for a
/// question that parses as written).
type Understood = Option<(String, Option<String>)>;

/// The statement a query asks: as written, or else as [`counsel`] reads its plain words (with the
/// question it was read as); a question understood neither way is an error that offers the whole
/// questions nearest to it ([`suggest`]).
fn understand(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Result<(Statement, Understood), QueryError> {
    let strict = match parse::parse_strict(ds, query, params) {
        Ok(statement) => return Ok((statement, None)),
        Err(strict) => strict,
    };
    match counsel::understand(ds, query, params, strict) {
        Ok(reading) => Ok((reading.statement, Some((reading.question, reading.because)))),
        // Several readings: the refusal already names each whole question.
        Err(e) if matches!(e.kind, QueryErrorKind::Readings { .. }) => Err(e),
        // Not understood in plain words either: the whole questions nearest to it.
        Err(e) => Err(suggest::with_suggestions(ds, query, params, e)),
    }
}

/// The question a plain question was read as, and why the reading chose what it did.
fn split(understood: Understood) -> (Option<String>, Option<String>) {
    match understood {
        Some((question, because)) => (Some(question), because),
        None => (None, None),
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
    (answer.understood_as, answer.understood_because) = split(understood);
    Ok((statement, answer))
}
