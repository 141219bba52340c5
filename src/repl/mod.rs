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
    io::{self, BufRead, IsTerminal, Write},
    path::{Path, PathBuf},
};

use rustyline::{error::ReadlineError, history::FileHistory, CompletionType, Config, Editor};

pub use session::{Control, Origin, Session};

use crate::{
    lines::{is_incomplete, join_continued, logical_lines},
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
    let ok = if stdin.is_terminal() {
        interactive(&mut session, history)?
    } else {
        let stdout = io::stdout();
        let stderr = io::stderr();
        let (mut out, mut err) = (stdout.lock(), stderr.lock());
        // A continued query is reported at the line where it starts.
        for item in logical_lines(stdin.lock().lines()) {
            let (start, line) = item?;
            if session.run_line(&line, &Origin::new("<stdin>", start), &mut out, &mut err)?
                == Control::Quit
            {
                break;
            }
        }
        session.close_output(&mut err)?;
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
    println!(
        "lineage {} · {}: \"{}\" ({}, as of {})",
        env!("CARGO_PKG_VERSION"),
        m.name,
        terminal(&m.title),
        terminal(&m.publisher),
        m.as_of
    );
    println!("Ask a question, `.help` for examples, `.quit` to leave.");
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let mut counter = 0usize;
    loop {
        let mut line = match editor.readline(PROMPT) {
            Ok(line) => line,
            // Ctrl-C clears the line; Ctrl-D leaves.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(io::Error::other(e)),
        };
        while is_incomplete(&line) {
            match editor.readline(CONTINUATION) {
                Ok(next) => line = join_continued(&line, &next),
                Err(ReadlineError::Interrupted) => {
                    line.clear();
                    break;
                }
                Err(ReadlineError::Eof) => break,
                Err(e) => return Err(io::Error::other(e)),
            }
        }
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
