//! The command line: one definition of every flag, used for parsing and for `--help`.

use std::{
    io::{self, Write},
    path::PathBuf,
    process::ExitCode,
};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::{
    dataset::files::{describe_io, Files},
    dataset::load::load,
    dataset::summary::Summary,
    diagnostic::{Diagnostic, Diagnostics},
    present::diagram::{to_dot, to_mermaid, Diagram},
    present::output::{answer_text, graphviz, write_atomic, OutputFormat, Picture},
    present::render::Options,
    query::ask,
};

const EXAMPLES: &str = "\
Examples:
  lineage                           open the REPL on the embedded dataset
  lineage < questions.txt           answer the questions in a file, one per line
  lineage ask \"who may receive <data> and under which basis\"
  lineage ask \"purposes of <data>\" --format markdown -o answer.md
  lineage ask \"describe t1-r05\"          everything one row of the notice states
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

    /// Keep no history of this REPL session (for privileged matters)
    #[arg(long, global = true)]
    pub no_history: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the interactive REPL (the default); with stdin not a terminal, answer its lines
    Repl,
    /// Ask one question; see docs/QUERY_LANGUAGE.md
    ///
    /// Exits 0 when answered, 1 when the answer is empty, 2 on an error.
    Ask {
        // The help text is an attribute, not a doc comment: rustdoc would read `<data>` as HTML.
        #[arg(help = "The question, e.g. \"who may receive <data> and under which basis\"")]
        query: String,
        /// How to print the answer
        #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// With `--format dot`: render the diagram with Graphviz
        #[arg(long, value_enum, value_name = "FORMAT")]
        render: Option<Picture>,
        /// Write the answer to FILE (atomically) instead of stdout
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Set a parameter used as `$NAME` in the query
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// Omit the header row (table and CSV)
        #[arg(long)]
        no_headers: bool,
    },
    /// Run a script of questions (`queries/dsar/gdpr-art15.lq`) and print its report
    ///
    /// Stops at the first error, naming the file and line, with exit code 2 and no report;
    /// `--keep-going` runs everything and lists every error at the end.
    Run {
        /// The script: one query or directive per line; see docs/DSAR.md
        file: PathBuf,
        /// Set `$NAME` for the script (repeatable)
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// How to print the report
        #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Show each question above its answer
        #[arg(long)]
        echo: bool,
        /// Run every line even after an error; list all errors at the end
        #[arg(long)]
        keep_going: bool,
        /// Write the report to FILE (atomically) instead of stdout
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Record when the report was made (otherwise the same request gives byte-identical output)
        #[arg(long)]
        timestamp: bool,
    },
    /// Validate a dataset and summarise it: counts per kind, derived edges, aliases, quote coverage
    ///
    /// Exits 0 when the dataset is valid, and 2 with every problem listed when it is not.
    Check {
        /// How to print the summary
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Export the whole dataset: a diagram of the map
    Export {
        /// What to export
        #[arg(value_enum)]
        what: Export,
        /// Write to FILE (atomically) instead of stdout
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// With `dot`: render the diagram with Graphviz
        #[arg(long, value_enum, value_name = "FORMAT")]
        render: Option<Picture>,
    },
    /// Print a shell completion script: `lineage completions bash > /etc/bash_completion.d/lineage`
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff): `lineage man > lineage.1 && man ./lineage.1`
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Ready to paste into a response letter
    Markdown,
    /// The same content, structured
    Json,
    /// Tables for a terminal
    Table,
    /// One CSV block per answer
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Export {
    /// The whole map as a Graphviz DOT diagram
    Dot,
    /// The whole map as a Mermaid flowchart
    Mermaid,
    /// The dataset itself, in canonical form, into a new folder (`-o DIR`)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

/// Why a command did not answer.
#[derive(Debug)]
pub enum Failure {
    /// The dataset did not load: every problem, for stderr.
    Invalid(Diagnostics),
    /// The question could not be asked (a syntax error, an unknown name).
    Query(Box<Diagnostic>),
    /// A script failed: every error, in order.
    Script(Vec<Diagnostic>),
    /// The answer could not be written where asked.
    Output(String),
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
    let command = cli.command.unwrap_or(Command::Repl);
    match command {
        Command::Repl => {
            let dataset = load(&files).map_err(Failure::Invalid)?;
            let ok = crate::repl::run(crate::repl::Session::new(dataset), !cli.no_history)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Run {
            file,
            params,
            format,
            echo,
            keep_going,
            output,
            timestamp,
        } => {
            let dataset = load(&files).map_err(Failure::Invalid)?;
            let name = file.display().to_string();
            let text = std::fs::read(&file)
                .map_err(|e| Failure::Output(format!("cannot read `{name}`: {}", describe_io(&e))))
                .and_then(|bytes| {
                    String::from_utf8(bytes)
                        .map_err(|_| Failure::Output(format!("`{name}` is not UTF-8 text")))
                })?;
            let options = crate::dsar::script::RunOptions {
                params: params.into_iter().collect(),
                echo,
                keep_going,
                timestamp: timestamp.then(now_utc),
            };
            let (report, errors) = crate::dsar::script::run(&dataset, &name, &text, options);
            if !errors.is_empty() && !keep_going {
                return Err(Failure::Script(errors));
            }
            let format = match format {
                ReportFormat::Markdown => crate::present::render::Format::Markdown,
                ReportFormat::Json => crate::present::render::Format::Json,
                ReportFormat::Table => crate::present::render::Format::Table,
                ReportFormat::Csv => crate::present::render::Format::Csv,
            };
            let text = report.render(format, &Options::default());
            deliver(text.as_bytes(), output.as_deref(), out)?;
            if errors.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Script(errors))
            }
        }
        Command::Export {
            what,
            output,
            render,
        } => {
            let dataset = load(&files).map_err(Failure::Invalid)?;
            let map = || Diagram::map(&dataset);
            let text = match what {
                Export::Json => {
                    let Some(dir) = output else {
                        return Err(Failure::Output(
                            "`export json` writes a dataset folder: give it with `-o DIR`".into(),
                        ));
                    };
                    crate::dataset::export::write_export(&dataset, &dir)
                        .map_err(Failure::Output)?;
                    return Ok(ExitCode::SUCCESS);
                }
                Export::Dot => to_dot(&dataset, &map()),
                Export::Mermaid => to_mermaid(&dataset, &map()),
            };
            let bytes = picture(text, what == Export::Dot, render)?;
            deliver(&bytes, output.as_deref(), out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            use clap_complete::Shell as S;
            let shell = match shell {
                Shell::Bash => S::Bash,
                Shell::Zsh => S::Zsh,
                Shell::Fish => S::Fish,
                Shell::Elvish => S::Elvish,
                Shell::Powershell => S::PowerShell,
            };
            clap_complete::generate(shell, &mut Cli::command(), "lineage", out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ask {
            query,
            format,
            render,
            output,
            params,
            no_headers,
        } => {
            let dataset = load(&files).map_err(Failure::Invalid)?;
            let params = params.into_iter().collect();
            let answer = ask(&dataset, &query, &params)
                .map_err(|e| Failure::Query(Box::new(e.to_diagnostic("query", &query))))?;
            let options = Options {
                headers: !no_headers,
                ..Options::default()
            };
            let text = answer_text(&dataset, &answer, format, &options);
            let bytes = picture(text, format == OutputFormat::Dot, render)?;
            deliver(&bytes, output.as_deref(), out)?;
            Ok(if answer.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Check { format } => {
            let dataset = load(&files).map_err(Failure::Invalid)?;
            let summary = Summary::of(&dataset);
            match format {
                CheckFormat::Text => out.write_all(summary.to_text().as_bytes())?,
                CheckFormat::Json => {
                    let json = serde_json::to_string_pretty(&summary).map_err(io::Error::from)?;
                    writeln!(out, "{}", crate::present::escape::terminal_json(&json))?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The bytes to deliver: the text itself, or the picture Graphviz renders from DOT text.
fn picture(text: String, is_dot: bool, render: Option<Picture>) -> Result<Vec<u8>, Failure> {
    match render {
        None => Ok(text.into_bytes()),
        Some(_) if !is_dot => Err(Failure::Output(
            "`--render` draws DOT diagrams: use it with `dot`".into(),
        )),
        Some(picture) => graphviz(&text, picture).map_err(Failure::Output),
    }
}

/// Writes the answer to FILE atomically, or to stdout.
fn deliver(
    bytes: &[u8],
    file: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match file {
        Some(path) => write_atomic(path, bytes).map_err(Failure::Output),
        None => {
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The current time in UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
