//! Where answers go: an answer in any format (the text renderers and the diagrams), running Graphviz
//! to turn a diagram into a picture, and writing files atomically.

use std::{
    fmt,
    io::{self, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

pub use super::atomic::{check_target, write_checked, Inputs};

use clap::ValueEnum;

use crate::{
    answer::Answer,
    dataset::files::describe_io,
    dataset::Dataset,
    present::diagram::{to_dot, to_mermaid, Diagram},
    present::format::Format,
    present::render::{render, Options, DEFAULT_WIDTH},
};

/// The narrowest and widest `--width` accepted.
pub const WIDTHS: std::ops::RangeInclusive<usize> = 20..=1000;

/// How wide tables are: `--width` when given; else, when the output is a terminal, `COLUMNS` when it
/// holds a width, else the terminal's own width; else (a pipe, a file, `-o FILE`)
/// [`DEFAULT_WIDTH`], so a file's bytes do not depend on the terminal it was written from.
pub fn table_width(flag: Option<usize>, to_terminal: bool) -> usize {
    let terminal = || {
        let columns = std::env::var("COLUMNS").ok();
        let size = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
        (columns, size)
    };
    let (columns, size) = if to_terminal && flag.is_none() {
        terminal()
    } else {
        (None, None)
    };
    resolve_width(flag, to_terminal, columns.as_deref(), size)
}

/// [`table_width`] from what it found: the flag, whether the output is a terminal, `COLUMNS`, and the
/// terminal's width. A `COLUMNS` that is no number in [`WIDTHS`] is passed over.
pub fn resolve_width(
    flag: Option<usize>,
    to_terminal: bool,
    columns: Option<&str>,
    size: Option<usize>,
) -> usize {
    let fits = |w: &usize| WIDTHS.contains(w);
    let from_terminal = || {
        let columns = columns.and_then(|c| c.trim().parse::<usize>().ok());
        columns
            .filter(fits)
            .or(size.map(|s| s.clamp(*WIDTHS.start(), *WIDTHS.end())))
    };
    match flag {
        Some(width) => width,
        None if to_terminal => from_terminal().unwrap_or(DEFAULT_WIDTH),
        None => DEFAULT_WIDTH,
    }
}

/// The answer in `format`: a text renderer's, or a diagram of the facts behind it (which needs the
/// dataset). `text`, which answers do not take, is the table.
///
/// A diagram's labels have the snapshot's lost punctuation repaired, like a table's text, unless
/// `options.raw_text` (see [`crate::present::repair`]).
pub fn answer_text(ds: &Dataset, answer: &Answer, format: Format, options: &Options) -> String {
    let diagram = || {
        let mut diagram = Diagram::of_answer(ds, answer);
        diagram.raw_text = options.raw_text;
        diagram
    };
    match format {
        Format::Dot => to_dot(ds, &diagram()),
        Format::Mermaid => to_mermaid(ds, &diagram()),
        Format::Table
        | Format::Markdown
        | Format::Csv
        | Format::Json
        | Format::Line
        | Format::Text
        | Format::Docx => render(answer, format, options),
    }
}

/// A picture format Graphviz renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Picture {
    Svg,
    Png,
    Pdf,
}

impl Picture {
    /// Its name, as `--render` takes it: `png`.
    pub fn name(self) -> &'static str {
        match self {
            Picture::Svg => "svg",
            Picture::Png => "png",
            Picture::Pdf => "pdf",
        }
    }

    /// PNG and PDF are binary, no text for a terminal; SVG is text.
    pub fn is_binary(self) -> bool {
        !matches!(self, Picture::Svg)
    }

    fn flag(self) -> &'static str {
        match self {
            Picture::Svg => "-Tsvg",
            Picture::Png => "-Tpng",
            Picture::Pdf => "-Tpdf",
        }
    }
}

/// What to say when Graphviz is not installed.
pub const INSTALL_GRAPHVIZ: &str = "Graphviz `dot` is not on PATH. Install it (Debian or Ubuntu: \
`apt-get install graphviz`; macOS: `brew install graphviz`; Windows: `winget install graphviz`), \
or write the diagram without rendering it (`-o map.dot`) and render it where Graphviz is installed.";

/// Why an answer did not reach Graphviz or its file. `Display` is the message, without `lineage:`.
#[derive(Debug)]
pub enum OutputError {
    /// Graphviz is not installed: `lineage export dot --render svg` with no `dot` on PATH.
    NoGraphviz,
    /// Graphviz would not start: `dot` on PATH is not executable.
    GraphvizStart(io::Error),
    /// Waiting for Graphviz failed: the system could not collect its output.
    GraphvizWait(io::Error),
    /// The diagram could not be sent to Graphviz: `dot` closed its input early.
    GraphvizInput(io::Error),
    /// Graphviz refused the diagram, with what it said on stderr: a `dot` that cannot write PDF.
    GraphvizRefused(String),
    /// The file or its temporary copy could not be written: `-o /nonexistent/answer.md`.
    Write { path: PathBuf, error: io::Error },
    /// The temporary copy could not replace the file: its folder was removed while it was written.
    Replace { path: PathBuf, error: io::Error },
    /// The target is a folder: `-o /tmp`.
    IsFolder { path: PathBuf },
    /// The target is a file the user may not write, which the shell's `>` would refuse too:
    /// `-o answer.md` when `answer.md` is mode 0444 and the user is not root.
    ReadOnly { path: PathBuf },
    /// The target's folder does not exist, or is a file: `-o nowhere/answer.md`.
    NoFolder { path: PathBuf, folder: PathBuf },
    /// The target's folder does not take new files from this user: `-o /answer.md` as a user.
    FolderReadOnly { path: PathBuf, folder: PathBuf },
    /// The target is one of the command's own inputs: `lineage run s.lq -o s.lq`.
    IsInput { path: PathBuf, what: String },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::NoGraphviz => f.write_str(INSTALL_GRAPHVIZ),
            OutputError::GraphvizStart(e) => write!(f, "cannot run Graphviz `dot`: {e}"),
            OutputError::GraphvizWait(e) => write!(f, "Graphviz `dot` failed: {e}"),
            OutputError::GraphvizInput(e) => {
                write!(f, "cannot send the diagram to Graphviz `dot`: {e}")
            }
            OutputError::GraphvizRefused(said) => {
                write!(f, "Graphviz `dot` could not render the diagram: {said}")
            }
            OutputError::Write { path, error } => {
                write!(
                    f,
                    "cannot write `{}`: {}",
                    path.display(),
                    describe_io(error)
                )
            }
            OutputError::IsFolder { path } => write!(
                f,
                "cannot write `{}`: it is a folder; name a file in it",
                path.display()
            ),
            OutputError::ReadOnly { path } => write!(
                f,
                "`{}` is not writable by this user (the shell's `>` would refuse it too): it is left \
                 as it is; make it writable or name another file",
                path.display()
            ),
            OutputError::FolderReadOnly { path, folder } => write!(
                f,
                "cannot write `{}`: the folder `{}` is not writable by this user",
                path.display(),
                folder.display()
            ),
            OutputError::NoFolder { path, folder } => write!(
                f,
                "cannot write `{}`: `{}` is not a folder that exists",
                path.display(),
                folder.display()
            ),
            OutputError::IsInput { path, what } => write!(
                f,
                "`{}` is {what}: writing there would destroy it; name another file",
                path.display()
            ),
            OutputError::Replace { path, error } => {
                write!(
                    f,
                    "cannot replace `{}`: {}",
                    path.display(),
                    describe_io(error)
                )
            }
        }
    }
}

impl std::error::Error for OutputError {}

/// Renders DOT text to a picture with Graphviz `dot`.
pub fn graphviz(dot: &str, picture: Picture) -> Result<Vec<u8>, OutputError> {
    let mut child = match Command::new("dot")
        .arg(picture.flag())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(OutputError::NoGraphviz),
        Err(e) => return Err(OutputError::GraphvizStart(e)),
    };
    let writing = child.stdin.take().map(|mut stdin| {
        let dot = dot.to_string();
        std::thread::spawn(move || stdin.write_all(dot.as_bytes()))
    });
    let output = child
        .wait_with_output()
        .map_err(OutputError::GraphvizWait)?;
    if let Some(Ok(Err(e))) = writing.map(|w| w.join()) {
        return Err(OutputError::GraphvizInput(e));
    }
    if !output.status.success() {
        return Err(OutputError::GraphvizRefused(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    Ok(output.stdout)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that the
/// file is either the whole answer or untouched: never half-written (see [`super::atomic`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_checked(path, bytes, &Inputs::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_comes_from_the_flag_then_the_terminal_else_the_default() {
        assert_eq!(resolve_width(Some(80), true, Some("120"), Some(200)), 80);
        assert_eq!(resolve_width(Some(80), false, None, None), 80);
        assert_eq!(resolve_width(None, true, Some("120"), Some(200)), 120);
        assert_eq!(resolve_width(None, true, Some("wide"), Some(200)), 200);
        assert_eq!(resolve_width(None, true, Some("5"), Some(90)), 90);
        assert_eq!(resolve_width(None, true, None, Some(10)), 20);
        assert_eq!(resolve_width(None, true, None, None), DEFAULT_WIDTH);
        // A pipe or a file: the same bytes whatever the terminal.
        assert_eq!(
            resolve_width(None, false, Some("120"), Some(200)),
            DEFAULT_WIDTH
        );
    }
}
