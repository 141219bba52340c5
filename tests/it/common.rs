//! What the test modules share: the repository and its datasets, the example questions, the
//! `lineage` binary run as a user runs it, temporary folders, and the tools that the Rust toolchain
//! does not bring.

pub mod dot;

use std::{
    collections::BTreeMap,
    ffi::OsStr,
    fs,
    io::Write,
    ops::Deref,
    path::{Path, PathBuf},
    process::{Command as Process, Stdio},
    sync::{
        atomic::{AtomicUsize, Ordering},
        OnceLock,
    },
};

use assert_cmd::Command;
use lineage::{
    dataset::{model::EdgeKind, Edge, Provenance},
    load, Dataset, Files,
};
use petgraph::graph::{EdgeIndex, NodeIndex};

// ----- the repository -----

/// The repository: the folder of `Cargo.toml`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository, as text.
pub fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The embedded X 2023 dataset, loaded once for the whole run: tests only read it.
pub fn x2023() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| load(&Files::embedded()).unwrap_or_else(|e| panic!("{e}")))
}

/// The neutral fixture `tests/fixtures/mini`, loaded once for the whole run.
pub fn mini() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| dataset_at("tests/fixtures/mini"))
}

/// LinkedIn's European notice (`data/linkedin-eu-2025-02`), loaded once for the whole run.
pub fn linkedin() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| dataset_at("data/linkedin-eu-2025-02"))
}

/// The JSON answer to `query`, parsed; a question that is not answered fails the test.
pub fn answer_json(ds: &Dataset, query: &str) -> serde_json::Value {
    use lineage::present::{
        format::Format,
        render::{render, Options},
    };
    let answer =
        lineage::query::ask(ds, query, &no_params()).unwrap_or_else(|e| panic!("{query}: {e}"));
    serde_json::from_str(&render(&answer, Format::Json, &Options::default())).expect("JSON")
}

/// A dataset folder of the repository (`data/x-2023`, `tests/fixtures/mini`), loaded afresh.
pub fn dataset_at(dir: &str) -> Dataset {
    load(&Files::dir(root().join(dir))).unwrap_or_else(|e| panic!("{dir}: {e}"))
}

/// No `$NAME` parameters.
pub fn no_params() -> BTreeMap<String, String> {
    BTreeMap::new()
}

/// The queries of an `.lq` file: one per line, without comments and blank lines.
pub fn script_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// The lines of the ```lq blocks of a Markdown document.
pub fn doc_examples(markdown: &str) -> Vec<String> {
    let mut examples = Vec::new();
    let mut inside = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside && line.trim() == "```lq";
            continue;
        }
        if inside && !line.trim().is_empty() {
            examples.push(line.trim().to_string());
        }
    }
    examples
}

/// The questions of `queries/examples.lq`, in order.
pub fn examples() -> Vec<String> {
    script_lines(&read("queries/examples.lq"))
}

// ----- the facts of a dataset -----

/// The id of the row a fact cites.
pub fn row_of<'a>(ds: &'a Dataset, provenance: &Provenance) -> &'a str {
    &ds.cited_row(provenance).id
}

/// The edges of `kind` that cite row `row`, with their ends, in the dataset's order, leaving out
/// those in `skip` (the completeness tests' mutations). Read through the dataset's index of facts
/// by row.
pub fn row_edges<'a>(
    ds: &'a Dataset,
    kind: EdgeKind,
    row: &str,
    skip: &std::collections::HashSet<EdgeIndex>,
) -> Vec<(NodeIndex, NodeIndex, &'a Edge)> {
    let Some(id) = ds.row_id(row) else {
        return Vec::new();
    };
    ds.edges_citing(id)
        .iter()
        .filter(|e| ds.edge(**e).kind == kind && !skip.contains(e))
        .map(|&e| {
            let (from, to) = ds.ends(e);
            (from, to, ds.edge(e))
        })
        .collect()
}

// ----- the binary -----

/// `lineage`, run from the repository as a user runs it, without colour.
pub fn lineage() -> Command {
    let mut cmd = Command::cargo_bin("lineage").expect("binary built");
    // No compiled datasets written to the user's cache folder: the tests of them ask for one.
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env("LINEAGE_CACHE", "off");
    cmd
}

/// What one run of `lineage` gave.
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to the end. Whatever the input, `lineage` prints UTF-8 and never panics.
pub fn run(cmd: &mut Command) -> Outcome {
    let output = cmd.output().expect("lineage runs");
    let outcome = Outcome {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 on stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
    };
    assert!(
        !outcome.stderr.contains("panicked"),
        "a panic: {}",
        outcome.stderr
    );
    outcome
}

/// `lineage` with `input` piped in, as `lineage < questions.txt`.
pub fn piped(input: &str) -> Outcome {
    run(lineage().write_stdin(input))
}

/// Refused: exit 2, nothing on stdout, and `says` on stderr.
pub fn assert_refused(outcome: &Outcome, says: &str) {
    assert_eq!(
        outcome.code,
        Some(2),
        "exit code; stderr: {}",
        outcome.stderr
    );
    assert_eq!(outcome.stdout, "", "no partial answer");
    assert!(
        outcome.stderr.contains(says),
        "expected `{says}` in: {}",
        outcome.stderr
    );
}

// ----- temporary folders -----

/// An empty folder of one test's own, removed with what it holds when dropped. The tests share one
/// process, so every folder gets a number of its own as well as a name.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("lineage-test-{}-{n}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        TempDir(dir)
    }

    /// Writes `contents` to the file `name` in the folder; returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    }

    /// The names of the files in the folder, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .expect("temp dir readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<OsStr> for TempDir {
    fn as_ref(&self) -> &OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

// ----- tools and files the repository does not bring -----

/// Whether Graphviz's `dot` runs here. When it does not, the calling test skips what needs it and
/// says so in one line on stderr, naming what was `not_checked`; where `LINEAGE_REQUIRE_TOOLS` is
/// set (`.ci/run` sets it), a missing `dot` fails the test instead.
pub fn graphviz_runs(not_checked: &str) -> bool {
    static RUNS: OnceLock<bool> = OnceLock::new();
    let runs = *RUNS.get_or_init(|| {
        Process::new("dot")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    });
    if !runs {
        skip_or_fail("Graphviz `dot` is not installed", not_checked);
    }
    runs
}

/// Says in one line what a test did not check because of how it runs (not as root, say): no tool
/// installs that, so it is never made a failure.
pub fn skip(why: &str, not_checked: &str) {
    let line = format!("skipped: {why}; not checked: {not_checked}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Says in one line on stderr what was skipped and why, or fails where `LINEAGE_REQUIRE_TOOLS` is set:
/// for a tool that is not installed, or a file outside the repository that is not here (a notice's
/// text in `../shared`).
pub fn skip_or_fail(why: &str, not_checked: &str) {
    if std::env::var_os("LINEAGE_REQUIRE_TOOLS").is_some_and(|v| !v.is_empty() && v != "0") {
        panic!("{why}, and LINEAGE_REQUIRE_TOOLS is set; not checked: {not_checked}");
    }
    // Straight to stderr, not through `eprintln!`, which the test harness captures: the line is
    // seen in a plain `cargo test`.
    let line = format!("skipped: {why}; not checked: {not_checked}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
