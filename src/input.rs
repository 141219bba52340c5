//! Reading what a user names: a dataset's files, a script (`lineage run`, `.read`), a regime file, and
//! the lines of piped input. One rule for all of them: only a regular file is opened for reading (a
//! symlink counts as what it points at), a FIFO never blocks the open, and no more than a cap is read,
//! counted as the bytes arrive, so a device (`/dev/zero`) or a file that grows while it is read cannot
//! exhaust memory.

use std::{
    fs::{File, OpenOptions},
    io::{self, BufRead, Read},
    path::Path,
};

/// The largest script `lineage run` and `.read` accept, and the longest line of piped input (16 MiB).
pub const MAX_SCRIPT_BYTES: u64 = 16 << 20;

/// The largest regime file `.regime FILE` accepts (16 MiB).
pub const MAX_REGIME_BYTES: u64 = 16 << 20;

/// Why a named file could not be read.
#[derive(Debug)]
pub enum InputError {
    /// The operating system's refusal: `lineage run /nonexistent/script.lq`.
    Io(io::Error),
    /// Not a regular file: `lineage run /dev/zero`, a FIFO made by `mkfifo`, a folder.
    NotRegular { kind: &'static str },
    /// More than the cap: a 20 MiB script, or a symlink to a file that keeps growing.
    TooLarge { cap: u64, bytes: u64 },
    /// Not UTF-8 text: a script holding the bytes `ff fe`.
    NotText,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io(error) => f.write_str(&describe_io(error)),
            InputError::NotRegular { kind: "a folder" } => f.write_str("is a folder, not a file"),
            InputError::NotRegular { kind } => write!(f, "is {kind}, not a regular file"),
            InputError::TooLarge { cap, .. } => write!(f, "is larger than {cap} bytes, the limit"),
            InputError::NotText => f.write_str("is not UTF-8 text"),
        }
    }
}

impl std::error::Error for InputError {}

/// An I/O error in plain words, without the OS error number.
pub fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a folder, not a file".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// The bytes of the regular file at `path` (symlinks followed), at most `cap` of them.
pub fn read_file(path: &Path, cap: u64) -> Result<Vec<u8>, InputError> {
    let file = open_regular(path)?;
    // A file known to be too large is refused before it is read.
    let length = file.metadata().map_err(InputError::Io)?.len();
    if length > cap {
        return Err(InputError::TooLarge { cap, bytes: length });
    }
    // Room for the whole file at once (and the byte that tells it grew): a large file is not
    // copied again and again as the buffer doubles.
    let mut bytes = Vec::with_capacity(usize::try_from(length.saturating_add(1)).unwrap_or(0));
    // One byte past the cap tells a file at the cap from a larger one.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > cap {
        // It grew while it was read.
        let bytes = bytes.len() as u64;
        return Err(InputError::TooLarge { cap, bytes });
    }
    Ok(bytes)
}

/// The text of the regular file at `path`, at most `cap` bytes of UTF-8.
pub fn read_text_file(path: &Path, cap: u64) -> Result<String, InputError> {
    String::from_utf8(read_file(path, cap)?).map_err(|_| InputError::NotText)
}

/// Opens `path` for reading if, once opened, it is a regular file. The open does not wait for a
/// writer when `path` is a FIFO; the check is made on the opened handle, so the file cannot be
/// swapped between check and read.
pub fn open_regular(path: &Path) -> Result<File, InputError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(InputError::Io)?;
    let kind = file.metadata().map_err(InputError::Io)?.file_type();
    if kind.is_file() {
        Ok(file)
    } else {
        Err(InputError::NotRegular {
            kind: kind_name(&kind),
        })
    }
}

/// What a file that is not a regular file is, in plain words.
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Why a line of input could not be taken.
#[derive(Debug)]
pub enum LineError {
    /// A physical line longer than the cap: `lineage < /dev/zero`.
    TooLong { cap: u64 },
    /// A line that is not UTF-8: `printf 'list \xff\n' | lineage`.
    NotText,
    /// The input could not be read.
    Io(io::Error),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::TooLong { cap } => {
                write!(f, "the line is longer than {cap} bytes, the limit")
            }
            LineError::NotText => f.write_str("the line is not UTF-8 text"),
            LineError::Io(error) => write!(f, "cannot read the input: {}", describe_io(error)),
        }
    }
}

/// The lines of `input`, each at most `cap` bytes (without its line break), read as they arrive:
/// a longer line is an error, and ends the lines, since the rest of it cannot be told from a new line
/// without reading it all. A line that is not UTF-8 is an error too, and the next line is read.
pub fn bounded_lines<R: BufRead>(input: R, cap: u64) -> BoundedLines<R> {
    BoundedLines {
        input,
        cap,
        done: false,
    }
}

pub struct BoundedLines<R> {
    input: R,
    cap: u64,
    done: bool,
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = Result<String, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut bytes = Vec::new();
        // The line and its break: the cap, plus one byte to tell a line at the cap from a longer one,
        // plus `\r\n`.
        let limit = self.cap.saturating_add(3);
        let read = (&mut self.input).take(limit).read_until(b'\n', &mut bytes);
        match read {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) => {
                let ended = bytes.last() == Some(&b'\n');
                if ended {
                    bytes.pop();
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                    }
                }
                if bytes.len() as u64 > self.cap {
                    self.done = true;
                    return Some(Err(LineError::TooLong { cap: self.cap }));
                }
                Some(String::from_utf8(bytes).map_err(|_| LineError::NotText))
            }
            Err(e) => {
                self.done = true;
                Some(Err(LineError::Io(e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: u64) -> Vec<Result<String, String>> {
        bounded_lines(input, cap)
            .map(|l| l.map_err(|e| e.to_string()))
            .collect()
    }

    #[test]
    fn lines_are_bounded() {
        assert_eq!(
            lines(b"ab\r\ncd\nef", 4),
            [Ok("ab".into()), Ok("cd".into()), Ok("ef".into())]
        );
        assert_eq!(lines(b"abcd\n", 4), [Ok("abcd".into())]);
        assert_eq!(
            lines(b"abcde\nnext\n", 4),
            [Err("the line is longer than 4 bytes, the limit".into())]
        );
        assert_eq!(
            lines(&[b'x'; 100], 4),
            [Err("the line is longer than 4 bytes, the limit".into())]
        );
        assert_eq!(
            lines(b"a\xff\nb\n", 4),
            [Err("the line is not UTF-8 text".into()), Ok("b".into())]
        );
    }
}
