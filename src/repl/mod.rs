//! The REPL: `lineage` with no arguments, or `lineage repl`.
//!
//! In a terminal, rustyline edits the line: history across sessions ([`history`]: mode 0600, each
//! question appended as it is asked; a line that starts with a space is not kept), Ctrl-R search, hints from history, and Tab completion of keywords,
//! dot-commands and every name and alias of the loaded dataset. When stdin is not a terminal there is
//! no prompt and no banner: `lineage < questions.txt` prints only answers (and errors on stderr).
//!
//! A query continues on the next line when its line ends with `\` or leaves a quote open; the
//! continuation prompt is `   ...> `.

pub mod complete;
pub mod history;
pub mod session;

use std::{
    io::{self, IsTerminal, Write},
    path::PathBuf,
};

use rustyline::{error::ReadlineError, history::FileHistory, CompletionType, Config, Editor};

pub use session::{Control, Origin, Session};

use crate::{
    input::{bounded_lines, MAX_SCRIPT_BYTES},
    lines::{logical_lines, Continued},
    present::escape::terminal,
};
use complete::LineHelper;
use history::History;

pub const PROMPT: &str = "lineage> ";
pub const CONTINUATION: &str = "   ...> ";

/// Where history is kept: `$LINEAGE_HISTORY`, else `lineage/history` in the user's data directory.
pub fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LINEAGE_HISTORY") {
        return Some(PathBuf::from(path));
    }
    dirs::data_dir().map(|dir| dir.join("lineage").join("history"))
}

/// Runs the session on stdin: interactively in a terminal, as a script otherwise.
/// Returns whether every line succeeded.
pub fn run(mut session: Session, history: bool) -> io::Result<bool> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return interactive(&mut session, history);
    }
    let (stdout, stderr) = (io::stdout(), io::stderr());
    run_piped(
        &mut session,
        stdin.lock(),
        &mut stdout.lock(),
        &mut stderr.lock(),
    )
}

/// Runs the session on `input`, as `lineage < questions.txt` does: answers to `out`, errors to `err`,
/// no prompt. Each line is read up to a cap ([`MAX_SCRIPT_BYTES`]): a device like `/dev/zero` ends
/// with an error, never an exhausted memory. Returns whether every line succeeded; an error is only a
/// failure to write.
pub fn run_piped(
    session: &mut Session,
    input: impl io::BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let answered = piped_lines(session, input, out, err);
    // Whatever ended the input (its end, `.quit`, bytes that are not text, a failed write), what was
    // answered reaches its `.output` file.
    let closed = session.close_output(out, err);
    answered?;
    closed?;
    Ok(session.errors == 0)
}

/// The lines of `input`, run one by one until the input ends, `.quit`, or a failed write.
fn piped_lines(
    session: &mut Session,
    input: impl io::BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    // A continued query is reported at the line where it starts.
    for item in logical_lines(bounded_lines(input, MAX_SCRIPT_BYTES)) {
        let (start, line) = match item {
            Ok(item) => item,
            Err(e) => {
                session.errors += 1;
                write!(err, "{}", e.to_diagnostic("<stdin>"))?;
                continue;
            }
        };
        if session.run_line(&line, &Origin::new("<stdin>", start), out, err)? == Control::Quit {
            break;
        }
    }
    Ok(())
}

fn interactive(session: &mut Session, history: bool) -> io::Result<bool> {
    let config = Config::builder()
        .history_ignore_space(true)
        .history_ignore_dups(true)
        .map_err(io::Error::other)?
        .completion_type(CompletionType::List)
        .max_history_size(history::RECALLED)
        .map_err(io::Error::other)?
        .auto_add_history(false)
        .build();
    let mut editor: Editor<LineHelper, FileHistory> =
        Editor::with_config(config).map_err(io::Error::other)?;
    editor.set_helper(Some(LineHelper::new(&session.dataset)));
    let mut history = if history {
        open_history(&mut editor)
    } else {
        None
    };
    let m = &session.dataset.manifest();
    // `println!` would panic on a closed or full stdout: a failed write is an error like any other.
    writeln!(
        io::stdout(),
        "lineage {} · {}: \"{}\" ({}, as of {})\nAsk a question, `.help` for examples, `.quit` to leave.",
        env!("CARGO_PKG_VERSION"),
        m.name,
        terminal(&m.title),
        terminal(&m.publisher),
        m.as_of
    )?;
    // Ctrl-C while an answer is computed does not end the session.
    crate::signals::keep_session(true);
    let result = ask_lines(session, &mut editor, &mut history);
    // However the session ended, what was answered reaches its `.output` file.
    let closed = session.close_output(&mut io::stdout(), &mut io::stderr());
    crate::signals::keep_session(false);
    result?;
    closed?;
    Ok(session.errors == 0)
}

/// The history file, its entries loaded into the editor; or none, said once on stderr.
fn open_history(editor: &mut Editor<LineHelper, FileHistory>) -> Option<History> {
    let path = history_path()?;
    match History::open(&path) {
        Ok(Some((history, entries))) => {
            for entry in entries {
                let _ = editor.add_history_entry(entry);
            }
            Some(history)
        }
        Ok(None) => None,
        Err(e) => {
            eprintln!("lineage: {e}");
            None
        }
    }
}

/// Reads and answers lines until `.quit` or Ctrl-D.
fn ask_lines(
    session: &mut Session,
    editor: &mut Editor<LineHelper, FileHistory>,
    history: &mut Option<History>,
) -> io::Result<()> {
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let mut counter = 0usize;
    loop {
        let Some(line) = read_query(editor, session, counter + 1)? else {
            return Ok(());
        };
        if line.trim().is_empty() {
            continue;
        }
        // `history_ignore_space` drops lines that start with a space: those are not saved either.
        if editor.add_history_entry(line.as_str()).unwrap_or(false) {
            if let Some(history) = history.as_mut() {
                history.append(&line, &mut stderr.lock());
            }
        }
        counter += 1;
        let (mut out, mut err) = (stdout.lock(), stderr.lock());
        let before = session.dataset.content_hash().to_string();
        crate::signals::take_interrupt();
        let control =
            session.run_line(&line, &Origin::new("input", counter), &mut out, &mut err)?;
        out.flush()?;
        if crate::signals::take_interrupt() {
            writeln!(
                err,
                "lineage: Ctrl-C does not stop a question being answered; `.quit` or Ctrl-D leaves"
            )?;
        }
        if session.dataset.content_hash() != before {
            editor.set_helper(Some(LineHelper::new(&session.dataset)));
        }
        if control == Control::Quit {
            return Ok(());
        }
    }
}

/// One query, continued lines joined as scripts join them and never longer than the cap (past it,
/// the query is dropped with an error); `None` at Ctrl-D. Ctrl-C clears the line, or drops a query
/// being continued.
fn read_query(
    editor: &mut Editor<LineHelper, FileHistory>,
    session: &mut Session,
    number: usize,
) -> io::Result<Option<String>> {
    let line = loop {
        match editor.readline(PROMPT) {
            Ok(line) => break line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => return Ok(None),
            Err(e) => return Err(io::Error::other(e)),
        }
    };
    let mut query = Continued::new(number, line);
    while query.is_incomplete() {
        match editor.readline(CONTINUATION) {
            Ok(next) => {
                if let Err(e) = query.push(&next) {
                    session.errors += 1;
                    write!(io::stderr(), "{}", e.to_diagnostic("input"))?;
                    return Ok(Some(String::new()));
                }
            }
            Err(ReadlineError::Interrupted) => return Ok(Some(String::new())),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        }
    }
    Ok(Some(query.into_text()))
}
