//! Access requests: a script of questions and directives (`lineage run`), the regime whose statutory
//! items it answers (the law as data), and the report it becomes: counsel's annex, and the
//! requester's letter.

pub mod classes;
pub mod documents;
pub mod docx;
pub mod letter;
pub mod regime;
pub mod report;
pub mod script;
