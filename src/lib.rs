//! `lineage`: question a company's privacy notice as a graph, with the notice's rows behind every answer.
//!
//! The stages, each a module with one job:
//! - [`files`] reads a dataset folder, or the dataset embedded in the binary;
//! - [`model`] is the shape of the files (`docs/DATA_FORMAT.md`);
//! - [`load`](mod@load) checks them and builds a [`dataset::Dataset`]: a typed petgraph graph with indexes;
//! - [`query`] parses a question against the dataset and answers it as an [`answer::Answer`];
//! - [`render`], [`diagram`] and [`output`] print answers: tables, Markdown, CSV, JSON, DOT, Mermaid;
//! - [`repl`] is the interactive session; [`script`], [`regime`] and [`report`] turn scripts into
//!   access-request reports; [`export`] writes a dataset back out; [`summary`] is `lineage check`;
//! - [`diagnostic`], [`locate`] and [`names`] make errors people can act on.
//!
//! No name of any company's purposes, categories or recipients appears in this crate: everything it
//! knows about a notice comes from the dataset.

pub mod answer;
pub mod cli;
pub mod dataset;
pub mod diagnostic;
pub mod diagram;
pub mod export;
pub mod files;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod output;
pub mod query;
pub mod regime;
pub mod relation;
pub mod render;
pub mod repl;
pub mod report;
pub mod script;
pub mod summary;

pub use dataset::Dataset;
pub use files::Files;
pub use load::load;
