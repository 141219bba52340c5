//! Every form an answer can take, in one place: the text renderers and the diagrams, and running
//! Graphviz to turn a diagram into a picture.

use std::{
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
    present::render::{render, Format, Options},
};

/// How an answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table that fits a 100-column terminal
    Table,
    /// A Markdown table, to paste into a memo
    Markdown,
    /// CSV for spreadsheets (formula-safe)
    Csv,
    /// JSON with a stable schema, for scripts
    Json,
    /// One `field = value` per line
    Line,
    /// A Graphviz DOT diagram of the facts behind the answer
    Dot,
    /// A Mermaid flowchart of the facts behind the answer
    Mermaid,
}

impl OutputFormat {
    pub fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(|| format!("{self:?}"), |v| v.get_name().to_string())
    }
}

/// The answer in `format`.
pub fn answer_text(
    ds: &Dataset,
    answer: &Answer,
    format: OutputFormat,
    options: &Options,
) -> String {
    let text = |format| render(answer, format, options);
    match format {
        OutputFormat::Table => text(Format::Table),
        OutputFormat::Markdown => text(Format::Markdown),
        OutputFormat::Csv => text(Format::Csv),
        OutputFormat::Json => text(Format::Json),
        OutputFormat::Line => text(Format::Line),
        OutputFormat::Dot => to_dot(ds, &Diagram::of_answer(ds, answer)),
        OutputFormat::Mermaid => to_mermaid(ds, &Diagram::of_answer(ds, answer)),
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

/// Renders DOT text to a picture with Graphviz `dot`.
pub fn graphviz(dot: &str, picture: Picture) -> Result<Vec<u8>, String> {
    let mut child = match Command::new("dot")
        .arg(picture.flag())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(INSTALL_GRAPHVIZ.to_string()),
        Err(e) => return Err(format!("cannot run Graphviz `dot`: {e}")),
    };
    let writing = child.stdin.take().map(|mut stdin| {
        let dot = dot.to_string();
        std::thread::spawn(move || stdin.write_all(dot.as_bytes()))
    });
    let output = child
        .wait_with_output()
        .map_err(|e| format!("Graphviz `dot` failed: {e}"))?;
    if let Some(Ok(Err(e))) = writing.map(|w| w.join()) {
        return Err(format!("cannot send the diagram to Graphviz `dot`: {e}"));
    }
    if !output.status.success() {
        return Err(format!(
            "Graphviz `dot` could not render the diagram: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that the
/// file is either the whole answer or untouched: never half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |what: &str, e: &io::Error| {
        format!("cannot {what} `{}`: {}", path.display(), describe_io(e))
    };
    // A device or a pipe (`/dev/stdout`, `/dev/full`, a FIFO) is written as it is: renaming a file
    // over it would replace it.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes).and_then(|()| file.flush()))
            .map_err(|e| fail("write", &e));
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
        .map_err(|e| fail("write", &e))
        .and_then(|()| std::fs::rename(&temp, path).map_err(|e| fail("replace", &e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
