use std::{
    io::{self, Write},
    process::ExitCode,
};

use clap::Parser;
use lineage::cli::{run, Cli, Failure};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match run(cli, &mut out) {
        Ok(code) => code,
        Err(Failure::Invalid(diagnostics)) => {
            let count = diagnostics.0.len();
            let noun = if count == 1 { "error" } else { "errors" };
            eprint!("{diagnostics}");
            eprintln!("\nlineage: the dataset is not valid ({count} {noun})");
            ExitCode::from(2)
        }
        Err(Failure::Query(diagnostic)) => {
            eprint!("{diagnostic}");
            ExitCode::from(2)
        }
        Err(Failure::Script(errors)) => {
            for e in &errors {
                eprint!("{e}");
            }
            let noun = if errors.len() == 1 { "error" } else { "errors" };
            eprintln!("lineage: the script failed ({} {noun})", errors.len());
            ExitCode::from(2)
        }
        Err(Failure::Output(message)) => {
            eprintln!("lineage: {message}");
            ExitCode::from(2)
        }
        // A closed pipe (`lineage check | head`) is the reader's choice, not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            let _ = io::stderr().write_all(
                format!(
                    "lineage: cannot write the answer: {}\n",
                    lineage::dataset::files::describe_io(&e)
                )
                .as_bytes(),
            );
            ExitCode::from(2)
        }
    }
}
