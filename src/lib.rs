//! `lineage`: question a company's privacy notice as a graph, with the notice's rows behind every answer.
//!
//! The stages, each a folder with one job:
//! - [`dataset`] reads a dataset folder (or the copy embedded in the binary), checks it, and builds a
//!   [`Dataset`]: a typed petgraph graph with indexes; it also summarises and exports it;
//! - [`relation`] computes what the notice states as typed facts (uses, disclosures, basis statements);
//! - [`query`] parses a question against the dataset and answers it from those facts as an
//!   [`answer::Answer`];
//! - [`present`] prints answers: tables, Markdown, CSV, JSON, DOT, Mermaid; and writes files;
//! - [`dsar`] turns scripts into access-request reports, with the law as data;
//! - [`repl`] is the interactive session; [`lines`] cuts scripts and piped input into questions;
//!   [`dot_commands`] is the one table of the REPL's commands and the scripts' directives;
//! - [`input`] reads what a user names (regular files only, never more than a cap);
//! - [`diagnostic`] and [`names`] make errors people can act on.
//!
//! No name of any company's purposes, categories or recipients appears in this crate: everything it
//! knows about a notice comes from the dataset.

pub mod answer;
pub mod cli;
pub mod dataset;
pub mod diagnostic;
pub mod dot_commands;
pub mod dsar;
pub mod export;
pub mod input;
pub mod lines;
pub mod lint;
pub mod names;
pub mod present;
pub mod query;
pub mod relation;
pub mod repl;
pub mod signals;
pub mod versions;

pub use dataset::{files::Files, load::load, Dataset};
