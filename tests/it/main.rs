//! The integration tests, one crate: a module per subject, and `common` for what they share (the
//! repository's datasets and example questions, the binary run as a user runs it, temporary
//! folders).

mod common;

mod answers_read_well;
mod bench_convert;
mod cli;
mod completeness;
mod completeness_linkedin;
mod counsel_corpus;
mod counsel_forms;
mod counsel_words;
mod diagrams;
mod dsar;
mod dsar_letters;
mod every_dataset;
mod exports;
mod faithful;
mod fuzz_regressions;
mod general_model_art15;
mod general_model_bases;
mod general_model_data;
mod general_model_examples;
mod general_model_noise;
mod general_model_regions;
mod general_model_retention;
mod generic;
mod hostile_cost;
mod hostile_input_a;
mod hostile_output;
mod hostile_text;
mod json_schema;
mod large_load;
mod lint;
mod loader_errors;
mod named_snapshot;
mod new_forms;
mod not_understood;
mod parser;
mod properties;
mod queries;
mod repl_pty;
mod robustness;
mod versions;
mod what_if;
