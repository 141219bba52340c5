//! The REPL: `lineage` with no arguments, or `lineage repl`.
//!
//! In a terminal, rustyline edits the line: history across sessions (mode 0600; a line that starts
//! with a space is not kept), Ctrl-R search, hints from history, and Tab completion of keywords,
//! dot-commands and every name and alias of the loaded dataset. When stdin is not a terminal there is
//! no prompt and no banner: `lineage < questions.txt` prints only answers (and errors on stderr).
//!
//! A query continues on the next line when its line ends with `\` or leaves a quote open; the
//! continuation prompt is `   ...> `.

pub mod complete;
pub mod session;

use std::{
    fs,
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
};

use rustyline::{error::ReadlineError, history::FileHistory, CompletionType, Config, Editor};

pub use session::{Control, Origin, Session};

use crate::{
    input::{bounded_lines, MAX_SCRIPT_BYTES},
    lines::{logical_lines, Continued},
    present::escape::terminal,
};
use complete::LineHelper;

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
    // What was answered into an `.output` file is written even when stdout or the input failed.
    let closed = session.close_output(err);
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
        .auto_add_history(false)
        .build();
    let mut editor: Editor<LineHelper, FileHistory> =
        Editor::with_config(config).map_err(io::Error::other)?;
    editor.set_helper(Some(LineHelper::new(&session.dataset)));
    let history_file = if history { history_path() } else { None };
    if let Some(path) = &history_file {
        prepare_history(path);
        // A missing or unreadable history is not worth stopping for: the session starts empty.
        let _ = editor.load_history(path);
    }
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
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let mut counter = 0usize;
    loop {
        let line = match editor.readline(PROMPT) {
            Ok(line) => line,
            // Ctrl-C clears the line; Ctrl-D leaves.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        };
        let line = continue_query(&mut editor, line, session, counter + 1)?;
        if line.trim().is_empty() {
            continue;
        }
        // `history_ignore_space` drops lines that start with a space.
        let _ = editor.add_history_entry(line.as_str());
        counter += 1;
        let (mut out, mut err) = (stdout.lock(), stderr.lock());
        let before = session.dataset.content_hash().to_string();
        let control =
            session.run_line(&line, &Origin::new("input", counter), &mut out, &mut err)?;
        out.flush()?;
        if session.dataset.content_hash() != before {
            editor.set_helper(Some(LineHelper::new(&session.dataset)));
        }
        if control == Control::Quit {
            break;
        }
    }
    session.close_output(&mut io::stderr())?;
    if let Some(path) = &history_file {
        if let Err(e) = editor.save_history(path) {
            let path = terminal(&path.display().to_string());
            eprintln!("lineage: could not save history to {path}: {e}");
        }
        restrict(path);
    }
    Ok(session.errors == 0)
}

/// The rest of a query whose first line is `line`, read at the continuation prompt while it is
/// incomplete, joined as scripts join it, and never longer than the cap (past it, the query is
/// dropped with an error). Ctrl-C drops the query; Ctrl-D ends it as it stands.
fn continue_query(
    editor: &mut Editor<LineHelper, FileHistory>,
    line: String,
    session: &mut Session,
    number: usize,
) -> io::Result<String> {
    let mut query = Continued::new(number, line);
    while query.is_incomplete() {
        match editor.readline(CONTINUATION) {
            Ok(next) => {
                if let Err(e) = query.push(&next) {
                    session.errors += 1;
                    write!(io::stderr(), "{}", e.to_diagnostic("input"))?;
                    return Ok(String::new());
                }
            }
            Err(ReadlineError::Interrupted) => return Ok(String::new()),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        }
    }
    Ok(query.into_text())
}

/// Creates the history folder, and the file with mode 0600 before anything is written to it.
fn prepare_history(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = fs::create_dir_all(dir);
    }
    if !path.exists() {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let _ = options.open(path);
    }
    restrict(path);
}

/// History holds what counsel asked about: only its owner may read it.
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}
