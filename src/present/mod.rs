//! Presenting answers: text renderers (table, Markdown, CSV, JSON, line), diagrams (DOT, Mermaid) and
//! the one place answers reach a file or Graphviz; [`format`], the one list of output formats; and
//! [`escape`], the one home of text safety.
//!
//! Everything here formats what an [`crate::answer::Answer`] already holds; nothing computes facts.

pub mod atomic;
pub mod diagram;
pub mod escape;
pub mod format;
pub mod layout;
pub mod output;
pub mod render;
pub mod repair;
pub mod wrap;
