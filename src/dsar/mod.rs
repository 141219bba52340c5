//! Access requests: a script of questions and directives (`lineage run`), the regime whose statutory
//! items it answers (the law as data), and the report it becomes.

pub mod regime;
pub mod report;
pub mod script;
