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
    io::{self, BufRead, IsTerminal, Write},
    path::PathBuf,
};

use rustyline::{error::ReadlineError, history::FileHistory, CompletionType, Config, Editor};

pub use session::{Control, Origin, Session};

use crate::{
    lines::{is_incomplete, join_continued, logical_lines},
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
    let ok = if stdin.is_terminal() {
        interactive(&mut session, history)?
    } else {
        let stdout = io::stdout();
        let stderr = io::stderr();
        let (mut out, mut err) = (stdout.lock(), stderr.lock());
        let mut piped = || -> io::Result<()> {
            // A continued query is reported at the line where it starts.
            for item in logical_lines(stdin.lock().lines()) {
                let (start, line) = item?;
                if session.run_line(&line, &Origin::new("<stdin>", start), &mut out, &mut err)?
                    == Control::Quit
                {
                    break;
                }
            }
            Ok(())
        };
        let result = piped();
        // Whatever ended the input (its end, `.quit`, bytes that are not text), what was answered
        // reaches its `.output` file.
        session.close_output(&mut out, &mut err)?;
        result?;
        session.errors == 0
    };
    Ok(ok)
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
    println!(
        "lineage {} · {}: \"{}\" ({}, as of {})",
        env!("CARGO_PKG_VERSION"),
        m.name,
        terminal(&m.title),
        terminal(&m.publisher),
        m.as_of
    );
    println!("Ask a question, `.help` for examples, `.quit` to leave.");
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
        let Some(line) = read_query(editor)? else {
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

/// One query, continued lines joined; `None` at Ctrl-D. Ctrl-C clears the line.
fn read_query(editor: &mut Editor<LineHelper, FileHistory>) -> io::Result<Option<String>> {
    let mut line = loop {
        match editor.readline(PROMPT) {
            Ok(line) => break line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => return Ok(None),
            Err(e) => return Err(io::Error::other(e)),
        }
    };
    while is_incomplete(&line) {
        match editor.readline(CONTINUATION) {
            Ok(next) => line = join_continued(&line, &next),
            Err(ReadlineError::Interrupted) => return Ok(Some(String::new())),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        }
    }
    Ok(Some(line))
}
