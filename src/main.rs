use std::{
    io::{self, Write},
    process::ExitCode,
};

use clap::Parser;
use lineage::{
    cli::{parse_failure, run, Cli},
    present::escape::terminal_lines,
};

/// mimalloc: answers and loads build many small values (cells, evidence, facts), which the system
/// allocator spends a third to half of the time on once a large dataset has fragmented its heap
/// (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return parse_failure(&error),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match run(cli, &mut out) {
        Ok(code) => code,
        // A closed pipe (`lineage check | head`) is the reader's choice, not an error.
        Err(failure) if failure.is_closed_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            // With stderr closed too, the exit code is all that is left to say it failed.
            // Every message is made inert: a path or a name it quotes cannot drive the terminal.
            write!(io::stderr(), "{}", terminal_lines(&failure.to_string())).ok();
            ExitCode::from(2)
        }
    }
}
