//! The command line: one definition of every flag, used for parsing and for `--help`.

use std::{
    io::{self, Write},
    path::PathBuf,
    process::ExitCode,
};

use clap::{Parser, Subcommand, ValueEnum};

use crate::{diagnostic::Diagnostics, files::Files, load::load, summary::Summary};

const EXAMPLES: &str = "\
Examples:
  lineage check                     validate the embedded X 2023 dataset and summarise it
  lineage check --data data/x-2023  validate a dataset folder
  lineage check --format json       the same summary, for scripts";

/// Question a company's privacy notice as a graph, with the notice's rows behind every answer.
#[derive(Debug, Parser)]
#[command(name = "lineage", version, after_help = EXAMPLES)]
pub struct Cli {
    /// Load the dataset in DIR instead of the embedded one (X, 2023)
    #[arg(long, value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset and summarise it: counts per kind, derived edges, aliases, quote coverage
    ///
    /// Exits 0 when the dataset is valid, and 2 with every problem listed when it is not.
    Check {
        /// How to print the summary
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// Why a command did not answer.
#[derive(Debug)]
pub enum Failure {
    /// The dataset did not load: every problem, for stderr.
    Invalid(Diagnostics),
    /// Writing the answer failed.
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

/// Runs a parsed command line, writing answers to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let files = match &cli.data {
        Some(dir) => Files::dir(dir),
        None => Files::embedded(),
    };
    let command = cli.command.unwrap_or(Command::Check {
        format: CheckFormat::Text,
    });
    match command {
        Command::Check { format } => {
            let dataset = load(&files).map_err(Failure::Invalid)?;
            let summary = Summary::of(&dataset);
            match format {
                CheckFormat::Text => out.write_all(summary.to_text().as_bytes())?,
                CheckFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &summary).map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
