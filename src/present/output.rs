//! Where answers go: an answer in any format (the text renderers and the diagrams), running Graphviz
//! to turn a diagram into a picture, and writing files atomically.

use std::{
    fmt,
    io::{self, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use clap::ValueEnum;

use crate::{
    answer::Answer,
    dataset::files::describe_io,
    dataset::Dataset,
    present::diagram::{to_dot, to_mermaid, Diagram},
    present::format::Format,
    present::render::{render, Options},
};

/// The answer in `format`: a text renderer's, or a diagram of the facts behind it (which needs the
/// dataset). `text`, which answers do not take, is the table.
pub fn answer_text(ds: &Dataset, answer: &Answer, format: Format, options: &Options) -> String {
    match format {
        Format::Dot => to_dot(ds, &Diagram::of_answer(ds, answer)),
        Format::Mermaid => to_mermaid(ds, &Diagram::of_answer(ds, answer)),
        Format::Table
        | Format::Markdown
        | Format::Csv
        | Format::Json
        | Format::Line
        | Format::Text => render(answer, format, options),
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
    /// The temporary copy could not replace the file: `-o` naming a non-empty folder.
    Replace { path: PathBuf, error: io::Error },
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
/// file is either the whole answer or untouched: never half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let write = |error| OutputError::Write {
        path: path.to_path_buf(),
        error,
    };
    // A device or a pipe (`/dev/stdout`, `/dev/full`, a FIFO) is written as it is: renaming a file
    // over it would replace it.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes).and_then(|()| file.flush()))
            .map_err(write);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.lineage-{}.tmp", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .map_err(write)
        .and_then(|()| {
            std::fs::rename(&temp, path).map_err(|error| OutputError::Replace {
                path: path.to_path_buf(),
                error,
            })
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
