//! The REPL's history file: read at the start of a session, and appended to, one line per question, as
//! each is asked. Appending (never rewriting the whole file) means two sessions on one file keep both
//! sessions' lines, and a session that ends by a signal keeps what it had asked.
//!
//! Only a lineage history is used: a file that is missing (created at mode 0600), empty, or that
//! starts with the `#V2` line of the history format. Anything else (a folder, a device, a notes file
//! that `LINEAGE_HISTORY` names by mistake) is refused once, and the session goes on without
//! history: the file is neither read past its first line, nor truncated, nor chmodded. The history
//! format is rustyline's: after `#V2`, one entry a line, with `\` and new lines escaped.

use std::{
    fmt,
    fs::{self, File, OpenOptions},
    io::{self, Read, Write},
    path::{Path, PathBuf},
};

/// The first line of a history file.
const HEADER: &str = "#V2";
/// How many entries a session recalls.
pub const RECALLED: usize = 100;
/// A history of more entries than this is compacted, at the start of a session, to its last
/// [`RECALLED`].
const COMPACT_ABOVE: usize = 1_000;
/// A history file larger than this is not read.
const MAX_BYTES: u64 = 16 << 20;

/// A history file that may be appended to.
#[derive(Debug)]
pub struct History {
    path: PathBuf,
    /// Whether a failed append was reported (it is, once).
    reported: bool,
}

/// Why the history file is not used. `Display` is the message, without `lineage:`.
#[derive(Debug)]
pub enum HistoryError {
    /// `LINEAGE_HISTORY` names a folder.
    Folder(PathBuf),
    /// It names a device, a pipe or a socket.
    NotAFile(PathBuf),
    /// It names a file that is not a lineage history (its first line is not `#V2`).
    NotOurs(PathBuf),
    /// It is larger than [`MAX_BYTES`].
    TooLarge(PathBuf),
    /// It cannot be read or created.
    Io(PathBuf, io::Error),
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, why) = match self {
            HistoryError::Folder(p) => (p, "it is a folder".to_string()),
            HistoryError::NotAFile(p) => (p, "it is not a regular file".to_string()),
            HistoryError::NotOurs(p) => (
                p,
                format!("it is not a lineage history (its first line is not `{HEADER}`), so it is left as it is"),
            ),
            HistoryError::TooLarge(p) => (p, format!("it is larger than {} MiB", MAX_BYTES >> 20)),
            HistoryError::Io(p, e) => (p, crate::dataset::files::describe_io(e)),
        };
        write!(
            f,
            "history is off for this session: `{}`: {why}",
            crate::present::escape::terminal(&path.display().to_string())
        )
    }
}

impl std::error::Error for HistoryError {}

impl History {
    /// Opens the history at `path` and returns the entries to recall (the last [`RECALLED`]).
    /// `/dev/null` is a quiet way to keep no history: `Ok(None)`.
    pub fn open(path: &Path) -> Result<Option<(History, Vec<String>)>, HistoryError> {
        if path == Path::new("/dev/null") {
            return Ok(None);
        }
        let io = |e| HistoryError::Io(path.to_path_buf(), e);
        let entries = match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create(path).map_err(io)?;
                Vec::new()
            }
            Err(e) => return Err(io(e)),
            Ok(meta) if meta.is_dir() => return Err(HistoryError::Folder(path.to_path_buf())),
            Ok(meta) if !meta.is_file() => return Err(HistoryError::NotAFile(path.to_path_buf())),
            Ok(meta) if meta.len() > MAX_BYTES => {
                return Err(HistoryError::TooLarge(path.to_path_buf()))
            }
            Ok(_) => read(path)?,
        };
        restrict(path);
        let entries = if entries.len() > COMPACT_ABOVE {
            compact(path, entries)
        } else {
            entries
        };
        let skip = entries.len().saturating_sub(RECALLED);
        let history = History {
            path: path.to_path_buf(),
            reported: false,
        };
        Ok(Some((history, entries.into_iter().skip(skip).collect())))
    }

    /// Appends one entry. A failure is reported on `err` once; the session goes on.
    pub fn append(&mut self, entry: &str, err: &mut dyn Write) {
        if let Err(e) = append_to(&self.path, entry) {
            if !self.reported {
                self.reported = true;
                let _ = writeln!(
                    err,
                    "lineage: could not save history to `{}`: {}",
                    crate::present::escape::terminal(&self.path.display().to_string()),
                    crate::dataset::files::describe_io(&e)
                );
            }
        }
    }
}

/// Creates the history's folder, and the file at mode 0600 with its first line.
fn create(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let mut file = private_options().create_new(true).open(path)?;
    writeln!(file, "{HEADER}")
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// The entries of a history file, or why it is not one.
fn read(path: &Path) -> Result<Vec<String>, HistoryError> {
    let io = |e| HistoryError::Io(path.to_path_buf(), e);
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_BYTES).read_to_end(&mut bytes))
        .map_err(io)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines = text.lines();
    match lines.next() {
        None => Ok(Vec::new()),
        Some(HEADER) => Ok(lines.filter(|l| !l.is_empty()).map(unescape).collect()),
        Some(_) => Err(HistoryError::NotOurs(path.to_path_buf())),
    }
}

/// History holds what counsel asked about: only its owner may read it. Only a file known to be a
/// lineage history is changed.
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 != 0) {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Rewrites a long history with its last [`RECALLED`] entries, atomically (the file keeps its mode).
/// If that fails, the history is used as it is.
fn compact(path: &Path, entries: Vec<String>) -> Vec<String> {
    let kept: Vec<String> = entries[entries.len() - RECALLED..].to_vec();
    let mut text = format!("{HEADER}\n");
    for entry in &kept {
        text.push_str(&escape(entry));
        text.push('\n');
    }
    match crate::present::output::write_atomic(path, text.as_bytes()) {
        Ok(()) => kept,
        Err(_) => entries,
    }
}

fn append_to(path: &Path, entry: &str) -> io::Result<()> {
    let mut file = private_options().append(true).create(true).open(path)?;
    let mut line = String::new();
    if file.metadata()?.len() == 0 {
        line.push_str(HEADER);
        line.push('\n');
    }
    line.push_str(&escape(entry));
    line.push('\n');
    // One write of one line: with O_APPEND, two sessions' lines do not interleave.
    file.write_all(line.as_bytes())
}

/// An entry on one line: `\` as `\\`, a new line as `\n`.
fn escape(entry: &str) -> String {
    entry.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        for entry in ["plain", "a \\ b", "two\nlines", "end\\", "\\n literal"] {
            assert_eq!(unescape(&escape(entry)), entry);
        }
    }
}
