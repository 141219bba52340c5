//! The command line: one definition of every flag, used for parsing and for `--help`.

use std::{
    collections::BTreeMap,
    fmt,
    io::{self, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::dsar::documents::Audience;

use crate::{
    dataset::export::{write_export, write_folder},
    dataset::files::{describe_io, Files},
    dataset::load::load,
    dataset::summary::Summary,
    dataset::Dataset,
    diagnostic::{shorten, Diagnostic, Diagnostics},
    input::{read_text_file, InputError, MAX_SCRIPT_BYTES},
    present::atomic::write_with,
    present::diagram::{to_dot, to_mermaid, Diagram},
    present::escape::terminal_json,
    present::format::{self, Format},
    present::output::{
        answer_text, check_target, graphviz, write_checked, Inputs, OutputError, Picture,
    },
    present::render::{Options, Rendered},
    query::lex::MAX_PARAM_BYTES,
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

    /// Fit tables to N columns [default: the terminal's width (or COLUMNS); 100 in a pipe or a file]
    #[arg(long, value_name = "N", global = true, value_parser = parse_width)]
    pub width: Option<usize>,

    /// Show the notice's text as its snapshot holds it, without repairing lost punctuation
    #[arg(long, global = true)]
    pub raw_text: bool,

    /// Answer from the version in force on DATE (YYYY-MM-DD): the latest recorded on or before it,
    /// among the dataset folders of `--data DIR` (or DIR's siblings); see docs/VERSIONS.md
    #[arg(long, value_name = "DATE", global = true, value_parser = parse_date)]
    pub as_of: Option<String>,

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
    Ask(AskArgs),
    /// Run a script of questions (`queries/dsar/gdpr-art15.lq`) and print its report
    ///
    /// Stops at the first error, naming the file and line, with exit code 2 and no report;
    /// `--keep-going` runs everything and lists every error at the end.
    Run(RunArgs),
    /// Validate a dataset and summarise it: counts per kind, derived edges, aliases, quote coverage
    ///
    /// Exits 0 when the dataset is valid, and 2 with every problem listed when it is not.
    Check {
        /// How to print the summary
        #[arg(long, value_parser = format::SUMMARY.parser(), default_value_t = Format::Text)]
        format: Format,
    },
    /// Export the whole dataset: a diagram of the map, the dataset, or for other tools a property
    /// graph, a record of processing activities, DPV Turtle; see docs/EXPORTS.md
    Export(ExportArgs),
    /// Report where the notice's own statements pull against each other; see docs/LINT.md
    ///
    /// Exits 0 when there is no finding, 1 when there are findings, 2 on an error.
    Lint(LintArgs),
    /// The facts two versions of a notice state differently: added, removed and changed, each
    /// with its rows in each version; see docs/VERSIONS.md
    ///
    /// Exits 0 when no fact changed, 1 when some did, 2 on an error.
    Diff(DiffArgs),
    /// Print a shell completion script: `lineage completions bash > /etc/bash_completion.d/lineage`
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff): `lineage man > lineage.1 && man ./lineage.1`
    Man,
}

// The arguments of the larger subcommands. Their help is on the `Command` variants: a doc comment here
// would be a second one.
#[derive(Debug, Args)]
pub struct AskArgs {
    // The help text is an attribute, not a doc comment: rustdoc would read `<data>` as HTML.
    #[arg(help = "The question, e.g. \"who may receive <data> and under which basis\"")]
    pub query: String,
    /// How to print the answer
    #[arg(long, short = 'f', value_parser = format::ANSWER.parser(), default_value_t = Format::Table)]
    pub format: Format,
    /// With `--format dot`: render the diagram with Graphviz
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<Picture>,
    /// Write the answer to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Set a parameter used as `$NAME` in the query
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// Omit the header row (table and CSV)
    #[arg(long)]
    pub no_headers: bool,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// How to print the findings
    #[arg(long, short = 'f', value_parser = format::LINT.parser(), default_value_t = Format::Table)]
    pub format: Format,
    /// Write the findings to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Omit the header row (table and CSV)
    #[arg(long)]
    pub no_headers: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The script: one query or directive per line; see docs/DSAR.md
    pub file: PathBuf,
    /// Set `$NAME` for the script (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// How to print the report
    #[arg(long, short = 'f', value_parser = format::REPORT.parser(), default_value_t = Format::Markdown)]
    pub format: Format,
    /// Show each question above its answer
    #[arg(long)]
    pub echo: bool,
    /// Run every line even after an error; list all errors at the end
    #[arg(long)]
    pub keep_going: bool,
    /// Write the report to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Record when the report was made (otherwise the same request gives byte-identical output)
    #[arg(long)]
    pub timestamp: bool,
    /// Whom to write for: counsel's annex (the report), the requester's letter, or both
    #[arg(long, value_enum, default_value_t = crate::dsar::documents::Audience::Counsel)]
    pub audience: crate::dsar::documents::Audience,
    /// The date the answer is given on, YYYY-MM-DD (default: today, UTC); the letter carries it
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::dsar::documents::parse_date)]
    pub date: Option<String>,
    /// With `--audience both`: write counsel's annex to FILE (atomically)
    #[arg(long, value_name = "FILE")]
    pub annex: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older version's dataset folder
    pub old: PathBuf,
    /// The newer version's dataset folder
    pub new: PathBuf,
    /// How to print the changes
    #[arg(long, short = 'f', value_parser = format::DIFF.parser(), default_value_t = Format::Table)]
    pub format: Format,
    /// With `--format dot`: render the diagram with Graphviz
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<Picture>,
    /// Write the changes to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Omit the header row (table and CSV)
    #[arg(long)]
    pub no_headers: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub what: Export,
    /// Write to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With `dot`: render the diagram with Graphviz
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<Picture>,
    /// With `ropa`: whose columns (the UK ICO's template, or the French CNIL's register) [default: ico]
    #[arg(long, value_enum)]
    pub template: Option<RopaTemplate>,
    /// With `ropa`: CSV, or an Excel workbook (`xlsx`, written to a file with `-o`) [default: csv]
    #[arg(long, value_enum)]
    pub sheet: Option<RopaSheet>,
}

/// The columns of `export ropa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RopaTemplate {
    /// The UK Information Commissioner's documentation template
    Ico,
    /// The French CNIL's register of processing activities
    Cnil,
}

/// What `export ropa` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RopaSheet {
    /// Comma-separated values, formula-safe
    Csv,
    /// An Excel workbook
    Xlsx,
}

/// What `lineage export` writes: the subject, not only its format (`json` is a dataset folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Export {
    /// The whole map as a Graphviz DOT diagram
    Dot,
    /// The whole map as a Mermaid flowchart
    Mermaid,
    /// The dataset itself, in canonical form, into a new folder (`-o DIR`)
    Json,
    /// A property graph into a new folder (`-o DIR`): nodes and relationships as CSV (Neo4j's
    /// importer headers) and the schema script Kuzu and LadybugDB run; see docs/EXPORTS.md
    Graph,
    /// A record of processing activities (GDPR Art. 30): `--template ico|cnil`, `--sheet csv|xlsx`
    Ropa,
    /// RDF (Turtle) with the W3C Data Privacy Vocabulary, each fact with its row and quote
    Ttl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

fn parse_width(text: &str) -> Result<usize, String> {
    let range = crate::present::output::WIDTHS;
    match text.parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(format!(
            "a width is a number of columns from {} to {}",
            range.start(),
            range.end()
        )),
    }
}

/// How answers are shown, from the global flags: `--width` and `--raw-text`.
#[derive(Debug, Clone, Copy)]
struct View {
    width: Option<usize>,
    raw_text: bool,
}

impl View {
    /// The layout options for output that goes to `file`, or to stdout.
    fn options(self, file: Option<&Path>, headers: bool) -> Options {
        let to_terminal = file.is_none() && io::IsTerminal::is_terminal(&io::stdout());
        Options {
            width: crate::present::output::table_width(self.width, to_terminal),
            headers,
            raw_text: self.raw_text,
        }
    }

    /// Refuses a binary picture for a terminal, before any work is done.
    fn check_picture(self, render: Option<Picture>, file: Option<&Path>) -> Result<(), Failure> {
        match render {
            Some(picture) if picture.is_binary() && file.is_none() => {
                if io::IsTerminal::is_terminal(&io::stdout()) {
                    return Err(Failure::BinaryToTerminal(picture));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

fn parse_date(text: &str) -> Result<String, String> {
    if crate::versions::is_date(text) {
        Ok(text.to_string())
    } else {
        Err("a date is written YYYY-MM-DD, e.g. 2024-06-01".to_string())
    }
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

/// The `--param` values, refused whole when one is longer than [`MAX_PARAM_BYTES`] (checked here,
/// not by clap, whose message would repeat the value).
fn checked_params(params: Vec<(String, String)>) -> Result<BTreeMap<String, String>, Failure> {
    if let Some((name, value)) = params.iter().find(|(_, v)| v.len() > MAX_PARAM_BYTES) {
        return Err(Failure::ParamTooLong {
            name: name.clone(),
            bytes: value.len(),
        });
    }
    Ok(params.into_iter().collect())
}

/// Why a command did not answer. `Display` is what the binary prints on stderr; every failure
/// exits 2, except a closed pipe, which is the reader's choice ([`Failure::is_closed_pipe`]).
#[derive(Debug)]
pub enum Failure {
    /// The dataset did not load; every problem: `lineage check --data tests/fixtures/broken/duplicate-id`.
    Invalid(Diagnostics),
    /// The question could not be asked (a syntax error, an unknown name): `lineage ask "who who"`.
    Query(Box<Diagnostic>),
    /// A script failed; every error, in order: `lineage run` of a script with a line `.sectoin 15-1-a`.
    Script(Vec<Diagnostic>),
    /// The script could not be read: `lineage run /nonexistent/script.lq`, a folder, `/dev/zero`, a
    /// FIFO, a file over 16 MiB, or a file holding the bytes `ff fe` (not UTF-8 text).
    ScriptUnreadable { name: String, error: InputError },
    /// A `--param` value over the cap: `lineage ask "purposes of $a" --param a=<70,000 bytes>`.
    ParamTooLong { name: String, bytes: usize },
    /// `export json` or `export graph` was given no folder to write: `lineage export json`.
    ExportNeedsFolder(Export),
    /// The dataset could not be exported: `lineage export json -o DIR` when DIR exists.
    Export(crate::dataset::export::ExportError),
    /// `--render` asked of something that is not DOT: `lineage export mermaid --render svg`.
    RenderNeedsDot,
    /// A binary picture would go to a terminal: `lineage export dot --render png` with stdout a
    /// terminal and no `-o`.
    BinaryToTerminal(Picture),
    /// Graphviz failed, or the answer's file could not be written:
    /// `lineage ask "list purposes" -o /nonexistent/answer.md`.
    Output(OutputError),
    /// Writing the answer to stdout failed: `lineage check > /dev/full`.
    Io(io::Error),
    /// No version could be chosen for `--as-of`: `lineage --data data/x-2023 --as-of 2020-01-01 check`.
    AsOf(crate::versions::AsOfError),
    /// A run's documents cannot be written as asked: `lineage run SCRIPT --audience both` without
    /// `--annex FILE`, `--format docx` without `-o`, a letter as CSV, or a bad `legal-classes.json`.
    Documents(Box<Diagnostic>),
    /// An option of `export ropa` given to another export: `lineage export dot --template cnil`.
    RopaOption(&'static str),
    /// A workbook would go to a terminal: `lineage export ropa --sheet xlsx` with stdout a terminal
    /// and no `-o`.
    WorkbookToTerminal,
    /// The workbook could not be made: a fault of the tool, never of the data.
    Workbook(String),
}

impl Failure {
    /// A closed pipe (`lineage check | head`): the reader stopped reading, which is no error.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Failure::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = |count: usize| if count == 1 { "error" } else { "errors" };
        match self {
            Failure::Invalid(diagnostics) => {
                let count = diagnostics.0.len();
                write!(f, "{diagnostics}")?;
                writeln!(
                    f,
                    "\nlineage: the dataset is not valid ({count} {})",
                    noun(count)
                )
            }
            Failure::Query(diagnostic) | Failure::Documents(diagnostic) => write!(f, "{diagnostic}"),
            Failure::Script(errors) => {
                for e in errors {
                    write!(f, "{e}")?;
                }
                let count = errors.len();
                writeln!(f, "lineage: the script failed ({count} {})", noun(count))
            }
            Failure::ScriptUnreadable {
                name,
                error: InputError::NotText,
            } => writeln!(f, "lineage: `{name}` is not UTF-8 text"),
            Failure::ScriptUnreadable { name, error } => {
                writeln!(f, "lineage: cannot read `{name}`: {error}")
            }
            Failure::ParamTooLong { name, bytes } => writeln!(
                f,
                "lineage: the value of `--param {}` is {bytes} bytes; a parameter may have at most {MAX_PARAM_BYTES}",
                crate::diagnostic::inert(&shorten(name, 40))
            ),
            Failure::ExportNeedsFolder(Export::Graph) => writeln!(
                f,
                "lineage: `export graph` writes a folder of CSV files: give it with `-o DIR`"
            ),
            Failure::ExportNeedsFolder(_) => writeln!(
                f,
                "lineage: `export json` writes a dataset folder: give it with `-o DIR`"
            ),
            Failure::Export(error) => writeln!(f, "lineage: {error}"),
            Failure::RenderNeedsDot => writeln!(
                f,
                "lineage: `--render` draws DOT diagrams: use it with `dot`"
            ),
            Failure::BinaryToTerminal(picture) => {
                let name = picture.name();
                writeln!(
                    f,
                    "lineage: {} is binary: write it to a file with -o FILE.{name}",
                    name.to_uppercase()
                )
            }
            Failure::Output(error) => writeln!(f, "lineage: {error}"),
            Failure::AsOf(error) => writeln!(f, "lineage: {error}"),
            Failure::RopaOption(option) => writeln!(
                f,
                "lineage: `{option}` is an option of `export ropa`"
            ),
            Failure::WorkbookToTerminal => writeln!(
                f,
                "lineage: an XLSX workbook is binary: write it to a file with -o FILE.xlsx"
            ),
            Failure::Workbook(why) => writeln!(
                f,
                "lineage: the workbook could not be made: {why}; please report this"
            ),
            Failure::Io(error) => {
                writeln!(
                    f,
                    "lineage: cannot write the answer: {}",
                    describe_io(error)
                )
            }
        }
    }
}

impl std::error::Error for Failure {}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

impl From<OutputError> for Failure {
    fn from(error: OutputError) -> Self {
        Failure::Output(error)
    }
}

/// Runs a parsed command line, writing answers to `out`: one function per subcommand.
pub fn run(mut cli: Cli, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    if let Some(date) = &cli.as_of {
        if matches!(cli.command, Some(Command::Diff(_))) {
            return Err(Failure::AsOf(crate::versions::AsOfError::NotForDiff));
        }
        cli.data = Some(as_of(cli.data.as_deref(), date)?);
    }
    let files = match &cli.data {
        Some(dir) => Files::dir(dir),
        None => Files::embedded(),
    };
    let view = View {
        width: cli.width,
        raw_text: cli.raw_text,
    };
    match cli.command.unwrap_or(Command::Repl) {
        Command::Repl => repl(&files, !cli.no_history, view),
        Command::Ask(args) => ask(&files, args, view, out),
        Command::Run(args) => run_script(&files, args, view, out),
        Command::Check { format } => check(&files, format, out),
        Command::Export(args) => export(&files, args, view, out),
        Command::Lint(args) => lint(&files, args, view, out),
        Command::Diff(args) => diff(args, view, out),
        Command::Completions { shell } => completions(shell, out),
        Command::Man => {
            // Rendered whole first: a failed write is then ours to report.
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            deliver(&page, None, &Inputs::default(), out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What to do when the command line does not parse, or asks for `--help` or `--version`: print what
/// clap says and exit with its code (0 for help and version, 2 for a mistake). A closed pipe ends
/// quietly; any other failed write is exit 2 and one line on stderr.
pub fn parse_failure(error: &clap::Error) -> ExitCode {
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    let written = if error.use_stderr() {
        // A usage error may quote an argument: it is made inert before it reaches the terminal.
        let text = crate::present::escape::terminal_lines(&error.render().to_string());
        write!(io::stderr(), "{text}")
    } else {
        error.print()
    };
    match written {
        Ok(()) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(code),
        Err(e) => {
            let what = match error.kind() {
                clap::error::ErrorKind::DisplayVersion => "the version",
                clap::error::ErrorKind::DisplayHelp => "the help",
                _ => "the message",
            };
            let _ = writeln!(
                io::stderr(),
                "lineage: cannot write {what}: {}",
                describe_io(&e)
            );
            ExitCode::from(2)
        }
    }
}

/// Loads the dataset a command answers from; says on stderr when its quotes are not verified.
fn dataset(files: &Files) -> Result<Dataset, Failure> {
    let dataset = load(files).map_err(|e| Failure::Invalid(e.into()))?;
    if let Some(warning) = dataset.quotes().warning(&dataset.manifest().name) {
        // The answer still goes to stdout; a closed stderr must not stop it.
        let _ = writeln!(std::io::stderr(), "{}", crate::diagnostic::inert(&warning));
    }
    Ok(dataset)
}

/// A value a one-shot command holds until the process ends, never dropped: the system takes the
/// memory back at once, where freeing a dataset of two million edges value by value took a
/// twentieth of a whole `ask` (docs/PERFORMANCE.md). Only `main`'s one command uses it: the REPL,
/// which switches datasets, drops them.
fn until_exit<T>(value: T) -> std::mem::ManuallyDrop<T> {
    std::mem::ManuallyDrop::new(value)
}

/// The folder of the version in force on `date` (`--as-of`), said on stderr.
fn as_of(data: Option<&Path>, date: &str) -> Result<PathBuf, Failure> {
    let data = data.ok_or(Failure::AsOf(crate::versions::AsOfError::NeedsFolder))?;
    let chosen = crate::versions::choose(data, date).map_err(Failure::AsOf)?;
    let _ = writeln!(
        io::stderr(),
        "{}",
        crate::diagnostic::inert(&chosen.announce(date))
    );
    Ok(chosen.dir)
}

/// `lineage diff OLD NEW`: 0 when no fact changed, 1 when some did.
fn diff(args: DiffArgs, view: View, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    view.check_picture(args.render, args.output.as_deref())?;
    let (old_files, new_files) = (Files::dir(&args.old), Files::dir(&args.new));
    let (old, new) = (dataset(&old_files)?, dataset(&new_files)?);
    let mut inputs = inputs_of(&old_files, &old);
    inputs.add_dataset(&args.new, new.manifest());
    check_output(args.output.as_deref(), &inputs)?;
    let changes = crate::versions::diff::diff(&old, &new);
    let text = if args.format == Format::Dot {
        crate::versions::dot::to_dot(&old, &new, &changes, view.raw_text)
    } else {
        let answer = crate::versions::diff::to_answer(&changes);
        let options = view.options(args.output.as_deref(), !args.no_headers);
        crate::present::render::render(&answer, args.format, &options)
    };
    let bytes = picture(text, args.format == Format::Dot, args.render)?;
    deliver(&bytes, args.output.as_deref(), &inputs, out)?;
    Ok(if changes.changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `lineage` or `lineage repl`: 0 when every line succeeded, else 2.
fn repl(files: &Files, history: bool, view: View) -> Result<ExitCode, Failure> {
    let mut session = crate::repl::Session::new(dataset(files)?);
    session.width = view.width;
    session.raw_text = view.raw_text;
    if let Files::Dir(dir) = files {
        session.data_dir = Some(dir.clone());
    }
    let ok = crate::repl::run(session, history)?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// `lineage ask`: 0 when answered, 1 when the answer is empty.
fn ask(files: &Files, args: AskArgs, view: View, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    view.check_picture(args.render, args.output.as_deref())?;
    let params = checked_params(args.params)?;
    let dataset = until_exit(dataset(files)?);
    let inputs = inputs_of(files, &dataset);
    check_output(args.output.as_deref(), &inputs)?;
    let answer = crate::query::ask(&dataset, &args.query, &params)
        .map_err(|e| Failure::Query(Box::new(e.to_diagnostic("query", &args.query))))?;
    let answer = until_exit(answer);
    let options = view.options(args.output.as_deref(), !args.no_headers);
    if args.render.is_none() && !matches!(args.format, Format::Dot | Format::Mermaid) {
        let rendered = Rendered {
            answer: &answer,
            format: args.format,
            options: &options,
        };
        deliver_rendered(&rendered, args.output.as_deref(), &inputs, out)?;
    } else {
        let text = answer_text(&dataset, &answer, args.format, &options);
        let bytes = picture(text, args.format == Format::Dot, args.render)?;
        deliver(&bytes, args.output.as_deref(), &inputs, out)?;
    }
    Ok(if answer.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `lineage lint`: the findings; exit 1 when there are any (as a linter), 0 when there are none.
fn lint(
    files: &Files,
    args: LintArgs,
    view: View,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let dataset = until_exit(dataset(files)?);
    let inputs = inputs_of(files, &dataset);
    check_output(args.output.as_deref(), &inputs)?;
    let answer = crate::query::ask(&dataset, "lint", &BTreeMap::new())
        .map_err(|e| Failure::Query(Box::new(e.to_diagnostic("query", "lint"))))?;
    let options = view.options(args.output.as_deref(), !args.no_headers);
    if matches!(args.format, Format::Dot | Format::Mermaid) {
        let text = answer_text(&dataset, &answer, args.format, &options);
        deliver(text.as_bytes(), args.output.as_deref(), &inputs, out)?;
    } else {
        let rendered = Rendered {
            answer: &answer,
            format: args.format,
            options: &options,
        };
        deliver_rendered(&rendered, args.output.as_deref(), &inputs, out)?;
    }
    Ok(if answer.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `lineage run`: the report, unless the script failed (with `--keep-going`, the report and then
/// the failure).
fn run_script(
    files: &Files,
    args: RunArgs,
    view: View,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let dataset = until_exit(dataset(files)?);
    let name = args.file.display().to_string();
    let text = read_text_file(&args.file, MAX_SCRIPT_BYTES).map_err(|error| {
        Failure::ScriptUnreadable {
            name: name.clone(),
            error,
        }
    })?;
    let mut inputs = inputs_of(files, &dataset);
    inputs.add("the script being run", &args.file);
    for regime in regime_files(&text, &args.params) {
        inputs.add("a regime file the script reads", regime);
    }
    check_documents(&args, files, &mut inputs)?;
    let options = crate::dsar::script::RunOptions {
        params: checked_params(args.params)?,
        echo: args.echo,
        keep_going: args.keep_going,
        timestamp: args.timestamp.then(now_utc),
    };
    let (report, errors) = crate::dsar::script::run(&dataset, &name, &text, options);
    if !errors.is_empty() && !args.keep_going {
        return Err(Failure::Script(errors));
    }
    let date = args
        .date
        .clone()
        .unwrap_or_else(|| now_utc()[..10].to_string());
    let ask = crate::dsar::documents::Ask {
        audience: args.audience,
        format: args.format,
        date: &date,
        dated: args.date.is_some(),
        options: &view.options(args.output.as_deref(), true),
    };
    let documents =
        crate::dsar::documents::make(report, files, &dataset, &ask).map_err(Failure::Documents)?;
    if let (Some(annex), Some(path)) = (&documents.annex, &args.annex) {
        write_checked(path, annex, &inputs)?;
    }
    deliver(&documents.main, args.output.as_deref(), &inputs, out)?;
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure::Script(errors))
    }
}

/// What `lineage run` is asked to write, checked before the script runs: the audience and its files,
/// and targets that replace no input (the dataset's `legal-classes.json` among them) and not each other.
fn check_documents(args: &RunArgs, files: &Files, inputs: &mut Inputs) -> Result<(), Failure> {
    let failed = |d: Diagnostic| Err(Failure::Documents(Box::new(d)));
    match (args.audience, &args.annex) {
        (Audience::Both, None) => {
            return failed(
                Diagnostic::new("--audience both", "the annex needs a file")
                    .expected("`--annex FILE`"),
            )
        }
        (Audience::Counsel | Audience::Requester, Some(_)) => {
            return failed(
                Diagnostic::new("--annex", "`--annex` is for `--audience both`")
                    .expected("`--audience both`, or no `--annex`"),
            )
        }
        _ if args.format == Format::Docx && args.output.is_none() => {
            return failed(
                Diagnostic::new("--format docx", "a Word document is written to a file")
                    .expected("`-o FILE`"),
            )
        }
        _ => {}
    }
    if let Files::Dir(dir) = files {
        inputs.add(
            "the dataset's legal classes",
            dir.join(crate::dsar::classes::FILE),
        );
    }
    check_output(args.output.as_deref(), inputs)?;
    if args.annex.is_some() && args.annex == args.output {
        return failed(
            Diagnostic::new("--annex", "the annex and the letter would be the same file")
                .expected("two different files for `-o` and `--annex`"),
        );
    }
    let mut with_letter = inputs.clone();
    if let Some(letter) = &args.output {
        with_letter.add("the letter this run writes (`-o`)", letter);
    }
    check_output(args.annex.as_deref(), &with_letter)
}

/// `lineage check`: the summary, as text or JSON.
fn check(files: &Files, format: Format, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let summary = Summary::of(&dataset(files)?);
    match format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&summary).map_err(io::Error::from)?;
            writeln!(out, "{}", terminal_json(&json))?;
        }
        // `check` takes text or JSON; any other format is the text.
        _ => out.write_all(summary.to_string().as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `lineage export`: the map as DOT (or a picture of it) or Mermaid, or the dataset as a folder.
fn export(
    files: &Files,
    args: ExportArgs,
    view: View,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    view.check_picture(args.render, args.output.as_deref())?;
    check_ropa_options(&args)?;
    let dataset = until_exit(dataset(files)?);
    let inputs = inputs_of(files, &dataset);
    if !matches!(args.what, Export::Json | Export::Graph) {
        check_output(args.output.as_deref(), &inputs)?;
    }
    let map = || {
        let mut map = Diagram::map(&dataset);
        map.raw_text = view.raw_text;
        map
    };
    let text = match args.what {
        Export::Json => {
            let dir = args.output.ok_or(Failure::ExportNeedsFolder(args.what))?;
            write_export(&dataset, &dir).map_err(Failure::Export)?;
            return Ok(ExitCode::SUCCESS);
        }
        Export::Graph => {
            let dir = args.output.ok_or(Failure::ExportNeedsFolder(args.what))?;
            let files = crate::export::graph::export(&dataset);
            write_folder(&dir, &files, false).map_err(Failure::Export)?;
            return Ok(ExitCode::SUCCESS);
        }
        Export::Dot => to_dot(&dataset, &map()),
        Export::Mermaid => to_mermaid(&dataset, &map()),
        Export::Ttl => crate::export::ttl::export(&dataset),
        Export::Ropa => {
            let bytes = ropa(&dataset, &args)?;
            deliver(&bytes, args.output.as_deref(), &inputs, out)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let bytes = picture(text, args.what == Export::Dot, args.render)?;
    deliver(&bytes, args.output.as_deref(), &inputs, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses `export ropa`'s options elsewhere, and a workbook for a terminal, before any work.
fn check_ropa_options(args: &ExportArgs) -> Result<(), Failure> {
    if args.what != Export::Ropa {
        if args.template.is_some() {
            return Err(Failure::RopaOption("--template"));
        }
        if args.sheet.is_some() {
            return Err(Failure::RopaOption("--sheet"));
        }
    }
    if args.sheet == Some(RopaSheet::Xlsx)
        && args.output.is_none()
        && io::IsTerminal::is_terminal(&io::stdout())
    {
        return Err(Failure::WorkbookToTerminal);
    }
    Ok(())
}

/// `lineage export ropa`: the record of processing activities, as CSV or a workbook.
fn ropa(dataset: &Dataset, args: &ExportArgs) -> Result<Vec<u8>, Failure> {
    use crate::export::ropa::{Record, Template};
    let template = match args.template {
        Some(RopaTemplate::Cnil) => Template::Cnil,
        _ => Template::Ico,
    };
    let record = Record::of(dataset, template);
    match args.sheet {
        Some(RopaSheet::Xlsx) => record
            .to_xlsx(&dataset.manifest().as_of)
            .map_err(|e| Failure::Workbook(e.to_string())),
        _ => Ok(record.to_csv().into_bytes()),
    }
}

fn completions(shell: Shell, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Elvish => S::Elvish,
        Shell::Powershell => S::PowerShell,
    };
    // The completion library panics when its writer fails (a closed pipe, a full disk): it writes
    // into memory, and the script is then written here, where a failure is an error.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lineage", &mut script);
    deliver(&script, None, &Inputs::default(), out)?;
    Ok(ExitCode::SUCCESS)
}

/// The bytes to deliver: the text itself, or the picture Graphviz renders from DOT text.
fn picture(text: String, is_dot: bool, render: Option<Picture>) -> Result<Vec<u8>, Failure> {
    match render {
        None => Ok(text.into_bytes()),
        Some(_) if !is_dot => Err(Failure::RenderNeedsDot),
        Some(picture) => Ok(graphviz(&text, picture)?),
    }
}

/// The files a command reads from the dataset: none for the embedded one.
fn inputs_of(files: &Files, dataset: &Dataset) -> Inputs {
    let mut inputs = Inputs::default();
    if let Files::Dir(dir) = files {
        inputs.add_dataset(dir, dataset.manifest());
    }
    inputs
}

/// The regime files a script names (`.regime PATH`, with `--param` values put in), which its report
/// must not replace.
fn regime_files(text: &str, params: &[(String, String)]) -> Vec<PathBuf> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix(".regime"))
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(|rest| {
            let mut rest = rest.trim().to_string();
            for (name, value) in params {
                rest = rest.replace(&format!("${name}"), value);
            }
            PathBuf::from(rest.trim_matches('"'))
        })
        .filter(|path| path.is_file())
        .collect()
}

/// Checks `-o FILE` before any work is done, so that a refused target costs nothing.
fn check_output(file: Option<&Path>, inputs: &Inputs) -> Result<(), Failure> {
    if let Some(path) = file {
        check_target(path, inputs)?;
    }
    Ok(())
}

/// Writes the answer to FILE atomically, or to stdout.
fn deliver(
    bytes: &[u8],
    file: Option<&Path>,
    inputs: &Inputs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match file {
        Some(path) => Ok(write_checked(path, bytes, inputs)?),
        None => {
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// An answer in a text format, written as it is rendered (through a buffer): to the file, whole or
/// not at all, or to `out`; the rendered text is never held whole in memory.
fn deliver_rendered(
    rendered: &Rendered,
    file: Option<&Path>,
    inputs: &Inputs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match file {
        Some(path) => Ok(write_with(&check_target(path, inputs)?, |w| {
            write!(w, "{rendered}")
        })?),
        None => {
            let mut buffered = io::BufWriter::new(out);
            write!(buffered, "{rendered}")?;
            buffered.flush()?;
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
