//! Loading a dataset folder: read, parse, validate, build the graph.
//!
//! Loading happens in two phases, and each reports every problem it finds, not just the first:
//! 1. **shape**: each file is read, checked to be UTF-8 and deserialised (malformed JSON, wrong types,
//!    unknown or missing fields, unknown kinds);
//! 2. **meaning**: only when every file has the right shape, the values are checked together (ids,
//!    references, the kinds at an edge's ends, row anchors, quotes).
//!
//! Every problem names the file, line, column and field. Nothing here panics on any input.

use std::{
    collections::HashMap,
    path::{Component, Path, PathBuf},
    sync::Arc,
};

use rustc_hash::FxHashMap;

use petgraph::{
    algo::toposort,
    graph::NodeIndex,
    visit::{EdgeFiltered, EdgeRef},
    Direction,
};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::{
    dataset::compiled::{Held, Store},
    dataset::error::{one_of, LoadError, LoadErrorKind, LoadErrors},
    dataset::facts::{Alias, Classed, EdgeMore, Id, LegalBasis, Node, Provenance, RowId, Text},
    dataset::files::{Files, ReadError},
    dataset::find::RowFinder,
    dataset::index::Index,
    dataset::locate::{locate, JsonPath},
    dataset::model::{
        DataFile, EdgeKind, LegalBasisDef, Manifest, NodeDef, NodeKind, ProvenanceDef,
    },
    dataset::raw::{RawEdge, RawFile, Str},
    dataset::snapshot::{self, Found, Quotes, SnapshotError, SnapshotSource},
    dataset::{AppliedBasis, Dataset, Edge, Parts, Row, Section},
    diagnostic::{Diagnostic, Location},
    names::{did_you_mean, normalize},
};

/// The manifest's fixed name in every dataset folder.
pub const MANIFEST: &str = "manifest.json";

/// The data format version this build reads.
pub const FORMAT: u32 = 1;

/// Loads and validates the dataset in `files`.
pub fn load(files: &Files) -> Result<Dataset, LoadErrors> {
    load_with(files, true)
}

/// Loads and validates the dataset in `files`; a large one from its compiled form when
/// `may_compile` and there is one (`compiled`), else compiled after.
fn load_with(files: &Files, may_compile: bool) -> Result<Dataset, LoadErrors> {
    let mut texts = Texts::default();
    files
        .check_folder()
        .map_err(|why| one(not_a_folder(files, why)))?;

    let manifest_file = texts.read(files, MANIFEST).map_err(|e| one(*e))?;
    let manifest: Manifest = texts.parse(manifest_file).map_err(|e| one(*e))?;
    let mut problems = Problems::default();
    check_manifest(&manifest, manifest_file, &mut problems);
    problems.finish(&texts)?;

    // The snapshot's text moves into the dataset, shared (answers quote it without copying): it is
    // never held twice, and made shared now, while little else is held, not once the graph is.
    let snapshot_file = read_snapshot(files, &manifest, manifest_file, &mut texts)?.map(|file| {
        let text = std::mem::take(&mut texts.files[file].text);
        (file, Arc::<str>::from(text))
    });
    let read = read_data_files(files, &manifest, &mut texts);
    let data_files: Vec<usize> = read
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    let own_text = snapshot_file.as_ref().ok().map(|(f, text)| (*f, &**text));
    let given = snapshot_file.as_ref().map(|(_, text)| &**text);
    let hash = || texts.hash_files(manifest_file, &data_files, own_text);
    let bytes = texts.files.iter().map(|f| f.text.len()).sum::<usize>();
    let bytes = bytes + own_text.map_or(0, |(_, text)| text.len());
    // A large dataset compiled before is read back when its files hash as they did (`compiled`).
    // Its content hash is then needed first, to name it.
    let compiling: Option<(Store, String)> = Store::for_files(files, bytes)
        .filter(|_| may_compile && own_text.is_some())
        .map(|store| (store, finish_hash(hash(), &read_companions(files))));
    if let Some(compiled) = compiling.as_ref().and_then(|(s, hash)| s.read(hash)) {
        // The files' text is not needed once the compiled form is known good.
        drop(texts);
        if let (Some(held), Ok((_, text)), Some((_, hash))) =
            (compiled.held(), snapshot_file, compiling)
        {
            return Ok(from_held(held, manifest, files, text, hash));
        }
        // Only a fault of this build: it cannot read what it wrote (the file's digest was checked).
        return load_with(files, false);
    }
    // The content hash is computed beside the parsing and checking, which need no part of it.
    let (hashed, built) = std::thread::scope(|scope| {
        // Where no thread can be started, or the files are small, the hash is computed after.
        let apart = (compiling.is_none() && bytes >= HASHED_APART).then(std::thread::Builder::new);
        let hashing = apart.map(|thread| thread.spawn_scoped(scope, hash));
        let built = build(&texts, read, (&manifest, manifest_file), given);
        (hashing.and_then(|h| h.ok()?.join().ok()), built)
    });
    let built = built?;
    let (store, content_hash) = match compiling {
        Some((store, known)) => (Some(store), known),
        None => (
            None,
            finish_hash(hashed.unwrap_or_else(hash), &read_companions(files)),
        ),
    };
    drop(texts);
    let (snapshot, quotes) = match (snapshot_file, built.stand_in) {
        (Ok((_, text)), _) => (text, Quotes::Verified),
        (Err(_), Some((text, quotes))) => (Arc::from(text), quotes),
        // invariant: `build` makes a stand-in exactly where there is no snapshot.
        (Err(_), None) => unreachable!("a stand-in where the snapshot is absent"),
    };
    if let (Some(store), Quotes::Verified) = (&store, &quotes) {
        store.write(&content_hash, &built.sections, &built.rows, &built.graph);
    }
    Ok(Dataset::from_parts(Parts {
        manifest,
        origin: files.label(),
        snapshot,
        quotes,
        content_hash,
        sections: built.sections,
        rows: built.rows,
        graph: built.graph,
        index: Some(built.index),
    }))
}

/// The dataset compiled before from files that hash as these do (`content_hash`): its parts as
/// the full load made them; the index is rebuilt beside the facts.
fn from_held(
    held: Held,
    manifest: Manifest,
    files: &Files,
    snapshot: Arc<str>,
    content_hash: String,
) -> Dataset {
    Dataset::from_parts(Parts {
        manifest,
        origin: files.label(),
        snapshot,
        quotes: Quotes::Verified,
        content_hash,
        sections: held.sections,
        rows: held.rows,
        graph: held.graph,
        index: None,
    })
}

/// What phase 2 made of a dataset: everything but its snapshot's own text, and a stand-in for a
/// snapshot found nowhere.
struct Built {
    sections: Vec<Section>,
    rows: Vec<Row>,
    graph: petgraph::graph::DiGraph<Node, Edge>,
    index: Index,
    stand_in: Option<(String, Quotes)>,
}

/// Phase 1's parsing, then phase 2, over the data files `read`: `snapshot` is the notice's text,
/// or the snapshot that was found nowhere.
fn build(
    texts: &Texts,
    read: Vec<Read>,
    (manifest, manifest_file): (&Manifest, usize),
    snapshot: Result<&str, &Absent>,
) -> Result<Built, LoadErrors> {
    let data = parse_data_files(texts, read)?;
    let (stand_in_text, quotes, anchors) = match snapshot {
        Ok(_) => (String::new(), None, None),
        Err(absent) => {
            let (text, quotes, anchors) = stand_in(absent, &data);
            (text, Some(quotes), anchors)
        }
    };
    let text = snapshot.unwrap_or(&stand_in_text);
    let displays = texts.files.iter().map(|f| f.display.clone()).collect();
    let mut builder = Builder::new(text, displays);
    builder.anchors = anchors;
    builder.reserve(&data);
    for (file, parsed) in &data {
        builder.sections(*file, parsed);
    }
    builder.close_row_spans();
    // Nodes and edges move into the graph: a large dataset is not held twice.
    let mut all_edges = Vec::with_capacity(data.len());
    for (file, parsed) in data {
        builder.nodes(file, parsed.nodes);
        all_edges.push((file, parsed.edges));
    }
    builder.check_region_codes(manifest, manifest_file);
    for (file, edges) in all_edges {
        builder.edges(file, edges);
    }
    builder.check_includes_cycles();
    builder.check_basis_scopes();
    builder.check_disclosed_data();
    let Builder {
        problems,
        sections,
        rows,
        graph,
        index,
        ..
    } = builder;
    problems.finish(texts)?;
    Ok(Built {
        sections,
        rows,
        graph,
        index,
        stand_in: quotes.map(|q| (stand_in_text, q)),
    })
}

/// Files of this many bytes together have their content hash computed on a second thread.
const HASHED_APART: usize = 1 << 20;

/// A data file read (its number), or why it could not be.
type Read = Result<usize, Box<LoadError>>;

/// Phase 1, first half: every data file the manifest lists, read.
fn read_data_files(files: &Files, manifest: &Manifest, texts: &mut Texts) -> Vec<Read> {
    let read = manifest.files.iter().map(|name| texts.read(files, name));
    read.collect()
}

/// Phase 1, second half: every data file read, parsed (its strings borrowed from its text), or
/// every file's problem, in the order the manifest lists them.
fn parse_data_files(
    texts: &Texts,
    read: Vec<Read>,
) -> Result<Vec<(usize, RawFile<'_>)>, LoadErrors> {
    let mut diagnostics = Vec::new();
    let mut data = Vec::new();
    for file in read {
        match file.and_then(|file| Ok((file, texts.parse_data(file)?))) {
            Ok(parsed) => data.push(parsed),
            Err(d) => diagnostics.push(*d),
        }
    }
    if diagnostics.is_empty() {
        Ok(data)
    } else {
        Err(LoadErrors(diagnostics))
    }
}

/// For a snapshot found nowhere: the stand-in text quotes are checked against, what to tell users,
/// and where each row starts in the stand-in.
fn stand_in(
    (source, looked_in): &Absent,
    data: &[(usize, RawFile)],
) -> (String, Quotes, Option<Vec<usize>>) {
    let (text, starts) = snapshot::stand_in(data);
    let quotes = Quotes::Unverified {
        source: source.clone(),
        looked_in: looked_in.clone(),
    };
    (text, quotes, Some(starts))
}

/// A dataset named by a file, not its folder: said so, with the folder to name where the file is a
/// manifest.
fn not_a_folder(files: &Files, why: ReadError) -> LoadError {
    let kind = match why {
        ReadError::NotAFolder { folder } => LoadErrorKind::NotAFolder { folder },
        why => LoadErrorKind::CannotRead { why },
    };
    let help = match &kind {
        LoadErrorKind::NotAFolder {
            folder: Some(folder),
        } => Some(format!("name its folder instead: `--data {folder}`")),
        _ => None,
    };
    LoadError {
        diagnostic: Diagnostic::new(files.label(), kind.to_string())
            .expected("a folder that holds `manifest.json` and the files it lists")
            .help(help),
        kind,
    }
}

fn one(error: LoadError) -> LoadErrors {
    LoadErrors(vec![error])
}

/// A snapshot's source names an archive, a path and a commit, and a digest of 64 hex digits.
fn check_snapshot_source(source: &SnapshotSource, file: usize, problems: &mut Problems) {
    let path = JsonPath::root().key("snapshot_source");
    for (field, value) in [
        ("archive", &source.archive),
        ("path", &source.path),
        ("commit", &source.commit),
    ] {
        if value.trim().is_empty() {
            let kind = LoadErrorKind::EmptyField {
                field: field.to_string(),
            };
            problems.add(file, path.key(field), kind).expected("text");
        }
    }
    let digest = &source.sha256;
    if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        let kind = LoadErrorKind::InvalidDigest {
            digest: digest.clone(),
        };
        problems
            .add(file, path.key("sha256"), kind)
            .expected("64 hexadecimal digits, the SHA-256 of the snapshot's bytes");
    }
}

/// A snapshot that was not found: the one the manifest names, and every place it was looked for.
type Absent = (SnapshotSource, Vec<String>);

/// Reads the snapshot: from the dataset's folder, or, for a snapshot the dataset names by its source,
/// from the folder or a notice library. Gives its file number, or, where a named snapshot is found
/// nowhere, what was looked for and where.
fn read_snapshot(
    files: &Files,
    manifest: &Manifest,
    manifest_file: usize,
    texts: &mut Texts,
) -> Result<Result<usize, Absent>, LoadErrors> {
    let name = &manifest.snapshot;
    let Some(source) = &manifest.snapshot_source else {
        return texts.read(files, name).map(Ok).map_err(|e| {
            let kind = LoadErrorKind::Snapshot {
                name: name.clone(),
                cause: Box::new(e.kind),
            };
            let mut diagnostic = e.diagnostic;
            diagnostic.message = kind.to_string();
            one(LoadError { kind, diagnostic })
        });
    };
    let path = JsonPath::root().key("snapshot_source");
    let kind = match snapshot::find(files, name, source) {
        Ok(Found::Text { text, display }) => return Ok(Ok(texts.push(name, display, text))),
        Ok(Found::Absent { looked_in }) => return Ok(Err((source.clone(), looked_in))),
        Err(SnapshotError::WrongDigest { at, found }) => LoadErrorKind::SnapshotDigest {
            at,
            expected: source.sha256.clone(),
            found,
        },
        Err(SnapshotError::Unreadable { at, why }) => LoadErrorKind::Snapshot {
            name: at,
            cause: Box::new(LoadErrorKind::CannotRead {
                why: ReadError::Io { what: why },
            }),
        },
    };
    let mut problems = Problems::default();
    problems
        .add(manifest_file, path.key("sha256"), kind)
        .expected("the text the snapshot's source recorded, byte for byte");
    // invariant: a problem was just added, so `finish` fails.
    Err(problems.finish(texts).expect_err("one problem added"))
}

/// Files beside the data files that answers read (an access-request report reads the legal classes):
/// not loaded here, but covered by the content hash, so that two answers with one hash rest on the
/// same files.
pub const COMPANIONS: &[&str] = &["legal-classes.json"];

/// The companions the folder holds, with their bytes; one that cannot be read is left to the part
/// that reads it, which reports it.
fn read_companions(files: &Files) -> Vec<(&'static str, Vec<u8>)> {
    COMPANIONS
        .iter()
        .filter_map(|&name| files.read(name).ok().map(|bytes| (name, bytes)))
        .collect()
}

/// The text of every file read so far, kept to locate problems in.
#[derive(Default)]
struct Texts {
    files: Vec<TextFile>,
}

struct TextFile {
    name: String,
    display: String,
    text: String,
}

impl Texts {
    /// Reads a file as UTF-8 text; returns its number.
    fn read(&mut self, files: &Files, name: &str) -> Result<usize, Box<LoadError>> {
        let display = files.display(name);
        let bytes = files.read(name).map_err(|why| {
            let kind = LoadErrorKind::CannotRead { why };
            Box::new(LoadError {
                diagnostic: Diagnostic::new(&display, kind.to_string()),
                kind,
            })
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line_end = bytes[valid..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| valid + i);
            let shown = format!(
                "{before}{}",
                String::from_utf8_lossy(&bytes[valid..line_end])
            );
            let kind = LoadErrorKind::NotUtf8;
            Box::new(LoadError {
                diagnostic: Diagnostic::new(&display, kind.to_string())
                    .at(Location::of_range(&shown, before.len(), before.len() + 1))
                    .expected("UTF-8 encoded text"),
                kind,
            })
        })?;
        self.files.push(TextFile {
            name: name.to_string(),
            display,
            text,
        });
        Ok(self.files.len() - 1)
    }

    /// Keeps a text read elsewhere (a snapshot from a notice library); returns its number.
    fn push(&mut self, name: &str, display: String, text: String) -> usize {
        self.files.push(TextFile {
            name: name.to_string(),
            display,
            text,
        });
        self.files.len() - 1
    }

    /// Deserialises file `file` as a `T`.
    fn parse<T: DeserializeOwned>(&self, file: usize) -> Result<T, Box<LoadError>> {
        let TextFile { display, text, .. } = &self.files[file];
        parse_json(display, text)
    }

    /// Deserialises data file `file`, its strings borrowed from its text; where that fails, as
    /// the format's [`DataFile`], whose error says where and why.
    fn parse_data(&self, file: usize) -> Result<RawFile<'_>, Box<LoadError>> {
        let TextFile { display, text, .. } = &self.files[file];
        if let Ok(raw) = serde_json::from_str(text) {
            return Ok(raw);
        }
        parse_json::<DataFile>(display, text).map(RawFile::from_owned)
    }

    /// The digest of every file that makes up the dataset, in load order, so far: the manifest, the
    /// data files, the snapshot (given apart, as `(file, text)`: its text has moved out of `self`).
    /// [`finish_hash`] adds the companions.
    fn hash_files(
        &self,
        manifest: usize,
        data: &[usize],
        snapshot: Option<(usize, &str)>,
    ) -> Sha256 {
        let mut hasher = Sha256::new();
        let text = |file: usize| {
            let TextFile { name, text, .. } = &self.files[file];
            (name.as_bytes(), text.as_bytes())
        };
        let files = std::iter::once(manifest)
            .chain(data.iter().copied())
            .map(text)
            .chain(snapshot.map(|(file, t)| (self.files[file].name.as_bytes(), t.as_bytes())));
        for (name, bytes) in files {
            hash_part(&mut hasher, name, bytes);
        }
        hasher
    }
}

/// One file in the content hash: its name and its bytes, each after its length.
fn hash_part(hasher: &mut Sha256, name: &[u8], bytes: &[u8]) {
    for part in [name, bytes] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
}

/// The content hash: the files' digest ([`Texts::hash_files`]) with the companions after them.
fn finish_hash(mut hasher: Sha256, companions: &[(&str, Vec<u8>)]) -> String {
    for (name, bytes) in companions {
        hash_part(&mut hasher, name.as_bytes(), bytes);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Deserialises JSON `text` (from the file shown as `display`) as a `T`, or says where and why not:
/// the line, column and field, what was expected, and the nearest valid names.
pub fn parse_json<T: DeserializeOwned>(display: &str, text: &str) -> Result<T, Box<LoadError>> {
    if text.starts_with('\u{feff}') {
        return Err(byte_order_mark(display, text));
    }
    // Fast path: tracking the path costs more than parsing, and is only needed to report an error.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|error| {
        let path = error.path().to_string();
        (Some(path), error.into_inner())
    });
    let value = value.and_then(|value| de.end().map(|()| value).map_err(|e| (None, e)));
    value.map_err(|(path, inner)| {
        // serde_path_to_error writes `?` for the part of a path it could not tell.
        let path = path.map(|p| p.replace(".?", "").replace('?', ""));
        let kind = json_problem::<T>(text, &inner, path.as_deref());
        let whole = path.as_deref().is_none_or(|p| p.is_empty() || p == ".");
        if let (true, LoadErrorKind::InvalidType { .. }) = (whole, &kind) {
            return not_an_object(display, text);
        }
        let (expected, help) = match &kind {
            LoadErrorKind::UnknownField {
                field: found,
                expected,
            }
            | LoadErrorKind::UnknownKind {
                found, expected, ..
            }
            | LoadErrorKind::UnknownVariant { found, expected } => (
                Some(one_of(expected)),
                did_you_mean(found, expected.iter().copied()),
            ),
            LoadErrorKind::InvalidType { expected, .. }
            | LoadErrorKind::InvalidValue { expected, .. }
            | LoadErrorKind::InvalidLength { expected, .. } => (Some(expected.clone()), None),
            LoadErrorKind::Other { expected, .. } => (expected.clone(), None),
            _ => (None, None),
        };
        let mut d = Diagnostic::new(display, kind.to_string())
            .at(Location::of_line_column(text, inner.line(), inner.column()))
            .help(help);
        if let Some(path) = path.filter(|p| !p.is_empty() && p != ".") {
            d = d.field(path);
        }
        if let Some(expected) = expected {
            d = d.expected(expected);
        }
        Box::new(LoadError {
            kind,
            diagnostic: d,
        })
    })
}

/// A file that starts with a UTF-8 byte-order mark, which JSON does not allow: said so, at its first
/// character.
fn byte_order_mark(display: &str, text: &str) -> Box<LoadError> {
    let kind = LoadErrorKind::ByteOrderMark;
    let bom = '\u{feff}'.len_utf8();
    Box::new(LoadError {
        diagnostic: Diagnostic::new(display, kind.to_string())
            .at(Location::of_range(text, 0, bom))
            .expected("JSON text that starts with `{`")
            .help(Some(
                "save the file as UTF-8 without a byte-order mark (\"UTF-8\", not \"UTF-8 with BOM\")"
                    .to_string(),
            )),
        kind,
    })
}

/// A file whose JSON is a whole value of another type than an object (an array, a string, a
/// number): said so, at its first character, with what the file must be.
fn not_an_object(display: &str, text: &str) -> Box<LoadError> {
    let start = text.len() - text.trim_start().len();
    let found = match text.as_bytes().get(start) {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "`null`",
        _ => "a number",
    };
    let kind = LoadErrorKind::NotAnObject { found };
    let end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    Box::new(LoadError {
        diagnostic: Diagnostic::new(display, kind.to_string())
            .at(Location::of_range(text, start, end))
            .expected("one JSON object, `{ \"field\": value, … }`, whose fields have their names"),
        kind,
    })
}

/// What is wrong with a file that serde_json refused: malformed JSON in the parser's own words, or
/// the shape's problem as a kind (see [`super::shape`]); an unknown variant at a `kind` is an
/// unknown node or edge kind.
fn json_problem<T: DeserializeOwned>(
    text: &str,
    error: &serde_json::Error,
    path: Option<&str>,
) -> LoadErrorKind {
    use serde_json::error::Category;
    let parser_words = || {
        // serde_json adds the position it also reports apart (line and column): leave it out.
        let mut what = error.to_string();
        if let Some(i) = what.rfind(" at line ") {
            what.truncate(i);
        }
        what
    };
    if !matches!(error.classify(), Category::Data) {
        return LoadErrorKind::Syntax {
            what: parser_words(),
        };
    }
    match super::shape::why_not::<T>(text) {
        Some((LoadErrorKind::UnknownVariant { found, expected }, _))
            if path.is_some_and(|p| p.ends_with("kind")) =>
        {
            let of = if path.is_some_and(|p| p.starts_with("edges")) {
                "edge"
            } else {
                "node"
            };
            LoadErrorKind::UnknownKind {
                of,
                found,
                expected,
            }
        }
        Some((kind, _)) => kind,
        // The file is valid JSON too deep to read as a tree (the parser's own limit): its problem
        // cannot be typed, so the parser's words are all there is.
        None => {
            let words = parser_words();
            match words.split_once(", expected ") {
                Some((what, expected)) => LoadErrorKind::Other {
                    what: what.to_string(),
                    expected: Some(expected.to_string()),
                },
                None => LoadErrorKind::Other {
                    what: words,
                    expected: None,
                },
            }
        }
    }
}

/// A problem found in phase 2, located by file and JSON path until it is rendered.
struct Problem {
    file: usize,
    path: JsonPath,
    kind: LoadErrorKind,
    expected: Option<String>,
    help: Option<String>,
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, file: usize, path: JsonPath, kind: LoadErrorKind) -> &mut Problem {
        self.0.push(Problem {
            file,
            path,
            kind,
            expected: None,
            help: None,
        });
        // invariant: pushed just above.
        self.0.last_mut().expect("just pushed")
    }

    /// Renders every problem, in file order and then in the order they appear in each file.
    fn finish(self, texts: &Texts) -> Result<(), LoadErrors> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut located: Vec<(usize, usize, LoadError)> = self
            .0
            .into_iter()
            .map(|p| {
                let TextFile { display, text, .. } = &texts.files[p.file];
                let (start, end) = locate(text, &p.path);
                let mut d = Diagnostic::new(display, p.kind.to_string())
                    .at(Location::of_range(text, start, end))
                    .field(p.path.to_string())
                    .help(p.help);
                d.expected = p.expected;
                let error = LoadError {
                    kind: p.kind,
                    diagnostic: d,
                };
                (p.file, start, error)
            })
            .collect();
        located.sort_by_key(|&(file, start, _)| (file, start));
        Err(LoadErrors(located.into_iter().map(|(_, _, e)| e).collect()))
    }
}

impl Problem {
    fn expected(&mut self, expected: impl Into<String>) -> &mut Self {
        self.expected = Some(expected.into());
        self
    }

    fn help(&mut self, help: Option<String>) -> &mut Self {
        self.help = help;
        self
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

const SLUG: &str = "a slug: lower-case letters, digits and single inner hyphens";

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize, max: u32| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    parts.len() == 3
        && number(parts[0], 4, 9999)
        && number(parts[1], 2, 12)
        && number(parts[2], 2, 31)
}

fn check_manifest(manifest: &Manifest, file: usize, problems: &mut Problems) {
    let root = JsonPath::root();
    if let Some(source) = &manifest.snapshot_source {
        check_snapshot_source(source, file, problems);
    }
    if manifest.format != FORMAT {
        problems
            .add(
                file,
                root.key("format"),
                LoadErrorKind::UnsupportedFormat {
                    found: manifest.format,
                },
            )
            .expected(format!("format version {FORMAT}"));
    }
    if !is_slug(&manifest.name) {
        problems
            .add(
                file,
                root.key("name"),
                LoadErrorKind::InvalidDatasetName {
                    name: manifest.name.clone(),
                },
            )
            .expected(SLUG);
    }
    if !is_date(&manifest.as_of) {
        problems
            .add(
                file,
                root.key("as_of"),
                LoadErrorKind::InvalidDate {
                    date: manifest.as_of.clone(),
                },
            )
            .expected("a date written YYYY-MM-DD");
    }
    for (field, value) in [
        ("publisher", &manifest.publisher),
        ("title", &manifest.title),
        ("source_url", &manifest.source_url),
        ("snapshot", &manifest.snapshot),
    ] {
        if value.trim().is_empty() {
            problems
                .add(
                    file,
                    root.key(field),
                    LoadErrorKind::EmptyField {
                        field: field.to_string(),
                    },
                )
                .expected("text");
        }
    }
    check_file_list(manifest, file, problems);
}

/// The manifest lists at least one data file, each once, and neither itself nor the snapshot.
fn check_file_list(manifest: &Manifest, file: usize, problems: &mut Problems) {
    let root = JsonPath::root();
    if manifest.files.is_empty() {
        problems
            .add(file, root.key("files"), LoadErrorKind::NoDataFiles)
            .expected("at least one file name");
    }
    let mut seen = HashMap::new();
    let snapshot = spelled(&manifest.snapshot);
    for (i, name) in manifest.files.iter().enumerate() {
        let path = root.key("files").index(i);
        let spelling = spelled(name);
        if spelling == Path::new(MANIFEST) || spelling == snapshot {
            problems
                .add(
                    file,
                    path,
                    LoadErrorKind::NotADataFile { name: name.clone() },
                )
                .expected("the name of a JSON data file");
        } else if let Some(first) = seen.insert(spelling, i) {
            problems
                .add(
                    file,
                    path,
                    LoadErrorKind::ListedTwice { name: name.clone() },
                )
                .help(Some(match manifest.files[first] == *name {
                    true => format!("first listed at files[{first}]"),
                    false => format!(
                        "first listed at files[{first}] as `{}`, the same file",
                        manifest.files[first]
                    ),
                }));
        }
    }
}

/// A file name as the folder sees it, so that two spellings of one file (`a.json`, `./a.json`,
/// `sub//a.json`) compare equal.
fn spelled(name: &str) -> PathBuf {
    Path::new(name)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// An edge's references, resolved to nodes.
struct ResolvedEdge {
    from: NodeIndex,
    to: NodeIndex,
    /// The row the edge cites, if it is a row of the dataset.
    row: Option<RowId>,
    provenance: Provenance,
    group: Option<NodeIndex>,
    bases: Vec<AppliedBasis>,
    regions: Vec<NodeIndex>,
    conditions: Vec<NodeIndex>,
    only_for: Vec<NodeIndex>,
    only_sharing_with: Vec<NodeIndex>,
    data: Vec<NodeIndex>,
}

/// Where a node or edge was defined, compactly: the file number and its index in the file's list.
#[derive(Clone, Copy)]
struct At {
    file: u32,
    index: u32,
}

impl At {
    fn new(file: usize, index: usize) -> Self {
        // Files and list entries are counted far below u32::MAX (files are at most 1 GiB).
        At {
            file: u32::try_from(file).unwrap_or(u32::MAX),
            index: u32::try_from(index).unwrap_or(u32::MAX),
        }
    }

    fn file(self) -> usize {
        self.file as usize
    }

    fn path(self, list: &'static str) -> JsonPath {
        JsonPath::root().key(list).index(self.index as usize)
    }
}

/// A row's claim on its id: the first row listed with the same id, and where the row is in its file
/// (its section's number there as `file`, its own as `index`).
struct RowClaim {
    first: RowId,
    section: At,
}

/// A problem found while the graph is borrowed, reported once the borrow ends.
struct Deferred {
    site: At,
    path: JsonPath,
    kind: LoadErrorKind,
    expected: String,
    help: String,
}

/// One `has-basis` edge limited by `only_for` or `only_sharing_with`, checked against the graph.
struct Scope<'g> {
    graph: &'g petgraph::graph::DiGraph<Node, Edge>,
    site: At,
    purpose: NodeIndex,
    basis: NodeIndex,
}

impl Scope<'_> {
    fn id(&self, node: NodeIndex) -> &str {
        &self.graph[node].id
    }

    fn ids(&self, mut nodes: Vec<NodeIndex>) -> String {
        nodes.sort();
        nodes.dedup();
        let ids: Vec<String> = nodes.iter().map(|&n| format!("`{}`", self.id(n))).collect();
        ids.join(", ")
    }

    /// The `i`th item of `only_for` must be used for the purpose on this basis.
    fn unused_item(&self, i: usize, item: NodeIndex) -> Option<Deferred> {
        let mut other_bases = Vec::new();
        for e in self.graph.edges_connecting(item, self.purpose) {
            if e.weight().kind == EdgeKind::UsedFor {
                for b in &e.weight().bases {
                    if b.basis == self.basis {
                        return None;
                    }
                    other_bases.push(b.basis);
                }
            }
        }
        let (item_id, purpose) = (self.id(item), self.id(self.purpose));
        let help = if other_bases.is_empty() {
            format!("no `used-for` edge links `{item_id}` to `{purpose}`")
        } else {
            let others = self.ids(other_bases);
            format!("`{item_id}` is used for `{purpose}` on {others} only")
        };
        Some(Deferred {
            site: self.site,
            path: self.site.path("edges").key("only_for").index(i),
            kind: LoadErrorKind::OnlyForNotUsed {
                item: item_id.to_string(),
                purpose: purpose.to_string(),
                basis: self.id(self.basis).to_string(),
            },
            expected: format!(
                "only items with a `used-for` edge to `{purpose}` whose `bases` include `{}`",
                self.id(self.basis)
            ),
            help,
        })
    }

    /// The `i`th recipient of `only_sharing_with` must receive disclosures from the purpose.
    fn undisclosed_recipient(&self, i: usize, recipient: NodeIndex) -> Option<Deferred> {
        let disclosed: Vec<NodeIndex> = self
            .graph
            .edges_directed(self.purpose, Direction::Outgoing)
            .filter(|e| e.weight().kind == EdgeKind::DisclosesTo)
            .map(|e| e.target())
            .collect();
        if disclosed.contains(&recipient) {
            return None;
        }
        let purpose = self.id(self.purpose);
        let help = if disclosed.is_empty() {
            format!("`{purpose}` has no `discloses-to` edge")
        } else {
            format!("`{purpose}` discloses to {} only", self.ids(disclosed))
        };
        Some(Deferred {
            site: self.site,
            path: self.site.path("edges").key("only_sharing_with").index(i),
            kind: LoadErrorKind::OnlySharingNotDisclosed {
                purpose: purpose.to_string(),
                recipient: self.id(recipient).to_string(),
            },
            expected: format!("only recipients with a `discloses-to` edge from `{purpose}`"),
            help,
        })
    }
}

/// The compact provenance of a node and of each of its aliases, once checked.
struct NodeCites {
    node: Provenance,
    aliases: Vec<Provenance>,
    legal_basis: Option<Provenance>,
    source_party: Option<Provenance>,
    acts_as: Option<Provenance>,
}

/// Phase 2: checks the parsed files together and builds the dataset.
struct Builder<'a> {
    snapshot: &'a str,
    /// Every file's name as shown in messages, by file number.
    displays: Vec<String>,
    problems: Problems,
    sections: Vec<Section>,
    rows: Vec<Row>,
    /// Rows whose anchor was not found: quotes citing them are not checked, to avoid a cascade.
    broken_rows: Vec<bool>,
    /// Where each section id was first used: the number of rows before it, and its path.
    section_sites: FxHashMap<String, (usize, JsonPath)>,
    /// Each row's first row of the same id, and where it is in its file (section and row numbers).
    row_claims: Vec<RowClaim>,
    /// Whether no two rows share an id (then a row found by its id needs no index).
    rows_unique: bool,
    /// The row last looked up by its id.
    recent_row: usize,
    /// The nodes last looked up by their ids, the latest first.
    recent_nodes: [Option<NodeIndex>; 4],
    /// Where the previous row's anchor was found: the next one is searched from there.
    cursor: usize,
    /// How many quotes not in their row were searched for in the whole snapshot.
    whole_searches: usize,
    /// How many row anchors were not found (each costs searches of the whole snapshot).
    anchor_misses: usize,
    /// Each row's quote searches, indexed once they read the row too often.
    finder: RowFinder,
    /// How many unknown ids and rows were given "did you mean".
    suggested: std::cell::Cell<usize>,
    /// Where each row starts in a stand-in snapshot (one made of the dataset's own anchors and
    /// quotes), in the order rows are listed; `None` for the notice's own text, searched for anchors.
    anchors: Option<Vec<usize>>,
    graph: petgraph::graph::DiGraph<Node, Edge>,
    index: Index,
    /// Every text facts repeat (reasons, qualifiers, periods), held once.
    texts: rustc_hash::FxHashSet<Text>,
    /// Where each node of the graph was defined, by node index.
    node_sites: Vec<At>,
    /// The legal-basis kinds the regimes list, for `legal_basis`.
    legal_basis_kinds: Vec<String>,
    /// Where each edge was defined, by its identity: kind, ends and row number.
    /// (An unknown row is reported apart, and counts as one row here.)
    edge_sites: FxHashMap<(EdgeKind, NodeIndex, NodeIndex, Option<RowId>), At>,
}

impl<'a> Builder<'a> {
    fn new(snapshot: &'a str, displays: Vec<String>) -> Self {
        Builder {
            snapshot,
            displays,
            problems: Problems::default(),
            sections: Vec::new(),
            rows: Vec::new(),
            broken_rows: Vec::new(),
            section_sites: FxHashMap::default(),
            row_claims: Vec::new(),
            rows_unique: true,
            recent_row: 0,
            recent_nodes: [None; 4],
            cursor: 0,
            whole_searches: 0,
            anchor_misses: 0,
            finder: RowFinder::default(),
            suggested: std::cell::Cell::new(0),
            anchors: None,
            graph: Default::default(),
            index: Index::default(),
            texts: Default::default(),
            node_sites: Vec::new(),
            legal_basis_kinds: super::legal_basis::known_kinds()
                .into_iter()
                .map(|k| k.id)
                .collect(),
            edge_sites: FxHashMap::default(),
        }
    }

    /// Room for every row, node and edge of the data files, made once.
    fn reserve(&mut self, data: &[(usize, RawFile)]) {
        let count = |f: fn(&RawFile) -> usize| data.iter().map(|(_, d)| f(d)).sum::<usize>();
        let rows = count(|d| d.sections.iter().map(|s| s.rows.len()).sum());
        let (nodes, edges) = (count(|d| d.nodes.len()), count(|d| d.edges.len()));
        self.rows.reserve(rows);
        self.broken_rows.reserve(rows);
        self.row_claims.reserve(rows);
        self.index.rows.reserve(&self.rows, rows);
        self.index.by_id.reserve(nodes);
        self.node_sites.reserve(nodes);
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(edges);
        self.edge_sites.reserve(edges);
    }

    fn check_id(&mut self, file: usize, path: &JsonPath, id: &str, what: &'static str) -> bool {
        if is_slug(id) {
            return true;
        }
        self.problems
            .add(
                file,
                *path,
                LoadErrorKind::InvalidId {
                    what,
                    id: id.to_string(),
                },
            )
            .expected(SLUG);
        false
    }

    fn sections(&mut self, file: usize, parsed: &RawFile) {
        for (s, section) in parsed.sections.iter().enumerate() {
            let path = JsonPath::root().key("sections").index(s);
            self.check_id(file, &path.key("id"), &section.id, "section");
            self.claim_section_id(file, path.key("id"), &section.id);
            self.check_section_kind(file, &path, section.kind.as_deref());
            let first = self.rows.len();
            for (r, row) in section.rows.iter().enumerate() {
                let path = path.key("rows").index(r);
                let number = RowId::new(self.rows.len());
                // The last row of an id is the one its id names (its claim goes to the first).
                let id = Id::from(row.id.to_string());
                let earlier = self.index.rows.insert(&self.rows, &id, number);
                self.rows_unique &= earlier.is_none();
                if self.check_id(file, &path.key("id"), &row.id, "row") {
                    self.claim_row_id(file, path.key("id"), &row.id, earlier);
                }
                let start = self.find_anchor(file, path.key("anchor"), &row.anchor);
                let first_of_id = earlier.map_or(number, |e| self.row_claims[e.index()].first);
                self.row_claims.push(RowClaim {
                    first: first_of_id,
                    section: At::new(s, r),
                });
                self.broken_rows.push(start.is_none());
                let start = start.unwrap_or(self.cursor);
                let section = self.sections.len();
                self.rows
                    .push(Row::new(id, &row.title, &row.anchor, section, start..start));
            }
            self.sections.push(Section {
                id: section.id.to_string(),
                title: section.title.to_string(),
                kind: section.kind.as_deref().map(str::to_string),
                rows: first..self.rows.len(),
            });
        }
    }

    /// A section's `kind`, when given: one the format lists.
    fn check_section_kind(&mut self, file: usize, path: &JsonPath, kind: Option<&str>) {
        use crate::dataset::model::SECTION_KINDS;
        let Some(kind) = kind.filter(|k| !SECTION_KINDS.contains(k)) else {
            return;
        };
        let help = did_you_mean(kind, SECTION_KINDS.iter().copied());
        self.problems
            .add(
                file,
                path.key("kind"),
                LoadErrorKind::UnknownSectionKind {
                    kind: kind.to_string(),
                },
            )
            .expected(format!("one of {}", SECTION_KINDS.join(", ")))
            .help(help);
    }

    /// Section and row ids share one namespace, so evidence ids are unambiguous: the first use of an
    /// id claims it. A section's claim: the id's first use so far, by a section or a row (only a
    /// row whose id is a slug claims it).
    fn claim_section_id(&mut self, file: usize, path: JsonPath, id: &str) {
        let row = is_slug(id)
            .then(|| self.index.rows.get(&self.rows, id))
            .flatten();
        if !self.duplicate_row_id(file, path, id, row) {
            let at = (self.rows.len(), path);
            self.section_sites.entry(id.to_string()).or_insert(at);
        }
    }

    /// A row's claim (its id a slug), where `earlier` is the last row before it with that id.
    fn claim_row_id(&mut self, file: usize, path: JsonPath, id: &str, earlier: Option<RowId>) {
        self.duplicate_row_id(file, path, id, earlier);
    }

    /// Reports `id` used again at `path` if a section or a row (`row`, a later row of its id) used
    /// it first; gives whether it did.
    fn duplicate_row_id(
        &mut self,
        file: usize,
        path: JsonPath,
        id: &str,
        row: Option<RowId>,
    ) -> bool {
        // Claims in the order made: a section's before the rows it holds.
        let by_section = self.section_sites.get(id).map(|&(at, p)| ((at, 0), p));
        let by_row = row.map(|r| {
            let first = self.row_claims[r.index()].first;
            let site = self.row_claims[first.index()].section;
            let p = JsonPath::root().key("sections").index(site.file());
            let p = p.key("rows").index(site.index as usize).key("id");
            ((first.index(), 1), p)
        });
        let first = match (by_section, by_row) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
            (a, b) => a.or(b).map(|x| x.1),
        };
        let Some(first) = first else {
            return false;
        };
        let help = format!("first used at {first}");
        self.problems
            .add(
                file,
                path,
                LoadErrorKind::DuplicateRowId { id: id.to_string() },
            )
            .help(Some(help));
        true
    }

    fn find_anchor(&mut self, file: usize, path: JsonPath, anchor: &str) -> Option<usize> {
        // White space alone would be found at any space: no place where a row starts.
        if anchor.trim().is_empty() {
            self.problems
                .add(file, path, LoadErrorKind::EmptyAnchor)
                .expected("text copied from where the row starts in the snapshot");
            return None;
        }
        if let Some(starts) = &self.anchors {
            // invariant: the stand-in has one start per row listed, in this order.
            let start = *starts.get(self.rows.len()).expect("one start per row");
            self.cursor = start + anchor.len();
            return Some(start);
        }
        // An anchor not found costs a few reads of the whole snapshot: after `WHOLE_SEARCHES` of
        // them, the anchors left are not searched for, so that many of them are refused in time.
        if self.anchor_misses >= WHOLE_SEARCHES {
            if self.anchor_misses == WHOLE_SEARCHES {
                self.anchor_misses += 1;
                self.problems
                    .add(file, path, LoadErrorKind::AnchorNotSearched)
                    .expected("text copied verbatim from where the row starts in the snapshot")
                    .help(Some(format!(
                        "{WHOLE_SEARCHES} row anchors before it were not found: fix them first; \
                         the anchors of the rows after this one were not searched for either"
                    )));
            }
            return None;
        }
        if let Some(i) = self.snapshot[self.cursor..].find(anchor) {
            self.cursor += i + anchor.len().max(1);
            return Some(self.cursor - anchor.len().max(1));
        }
        self.anchor_misses += 1;
        let problem = if self.snapshot.contains(anchor) {
            self.problems
                .add(file, path, LoadErrorKind::AnchorOutOfOrder)
                .expected("rows listed in the order the snapshot has them")
        } else {
            self.problems
                .add(file, path, LoadErrorKind::AnchorNotFound)
                .expected("text copied verbatim from where the row starts in the snapshot")
        };
        problem.help = mismatch_help(self.snapshot, anchor);
        None
    }

    /// A row runs to the next row whose anchor was found; a row whose anchor was not found keeps an
    /// empty span, and the quotes citing it are not checked.
    fn close_row_spans(&mut self) {
        let mut end = self.snapshot.len();
        for i in (0..self.rows.len()).rev() {
            if self.broken_rows[i] {
                continue;
            }
            let start = self.rows[i].span().start;
            self.rows[i].end_at(end);
            end = start;
        }
    }

    /// Checks that `quote` is found inside the span of row `row_id`; returns where it starts in the
    /// snapshot (its first place in the row).
    fn check_quote(
        &mut self,
        file: usize,
        path: &JsonPath,
        row_id: &str,
        quote: &str,
        what: &'static str,
    ) -> Option<usize> {
        let row = self.row_of(row_id)?;
        self.check_quote_in(file, path, (row, row_id), quote, what)
    }

    /// The number of the row with this id. Facts are mostly listed in the order of the rows they
    /// cite: where every row's id is its own, the row last looked up and the one after it are
    /// tried before the index.
    fn row_of(&mut self, id: &str) -> Option<RowId> {
        if self.rows_unique {
            let guesses = [self.recent_row, self.recent_row + 1];
            if let Some(&at) = guesses
                .iter()
                .find(|&&at| self.rows.get(at).is_some_and(|r| r.id == id))
            {
                self.recent_row = at;
                return Some(RowId::new(at));
            }
        }
        let found = self.index.rows.get(&self.rows, id);
        if let Some(row) = found {
            self.recent_row = row.index();
        }
        found
    }

    /// The node with this id. Edges are mostly listed by their ends: the few nodes last looked up
    /// are tried before the index (node ids are unique, and no node is added once edges are read).
    fn node_of(&mut self, id: &str) -> Option<NodeIndex> {
        let recent = self.recent_nodes.iter().flatten();
        if let Some(&hit) = recent.clone().find(|&&n| self.graph[n].id == id) {
            return Some(hit);
        }
        let found = self.index.by_id.get(id).copied();
        if found.is_some() {
            self.recent_nodes.rotate_right(1);
            self.recent_nodes[0] = found;
        }
        found
    }

    /// [`Self::check_quote`] in the row numbered `row`, whose id is `row_id`.
    fn check_quote_in(
        &mut self,
        file: usize,
        path: &JsonPath,
        (row, row_id): (RowId, &str),
        quote: &str,
        what: &'static str,
    ) -> Option<usize> {
        if self.broken_rows[row.index()] {
            return None;
        }
        if quote.trim().is_empty() {
            let kind = if quote.is_empty() {
                LoadErrorKind::EmptyText { what }
            } else {
                LoadErrorKind::BlankText { what }
            };
            self.problems
                .add(file, *path, kind)
                .expected("text copied verbatim from the row");
            return None;
        }
        let span = self.rows[row.index()].span();
        let text = &self.snapshot[span.clone()];
        if let Some(at) = self.finder.find(row.index(), text, quote) {
            return Some(span.start + at);
        }
        self.not_in_row(file, path, (row_id, text), quote, what);
        None
    }

    /// The problem with a quote that is not in its row `(row_id, text)`: found in another row, found
    /// only in another Unicode normalisation, or where it stops matching.
    fn not_in_row(
        &mut self,
        file: usize,
        path: &JsonPath,
        (row_id, text): (&str, &str),
        quote: &str,
        what: &'static str,
    ) {
        // Each quote not in its row costs a few searches of the whole snapshot: only the first
        // `WHOLE_SEARCHES` get them, so that a dataset of many such quotes is refused in time.
        self.whole_searches += 1;
        let elsewhere = if self.whole_searches > WHOLE_SEARCHES {
            Some(Some(format!(
                "the rest of the snapshot was not searched for it: {WHOLE_SEARCHES} texts \
                 before it were not in their rows either"
            )))
        } else {
            self.snapshot.find(quote).map(|at| {
                let found_in = self.rows.iter().find(|r| r.span().contains(&at));
                found_in.map(|r| format!("the text is found in row `{}`", r.id))
            })
        };
        if let Some(help) = elsewhere {
            self.problems
                .add(
                    file,
                    *path,
                    LoadErrorKind::NotInRow {
                        what,
                        row: row_id.to_string(),
                    },
                )
                .expected(format!("text copied verbatim from row `{row_id}`"))
                .help(help);
        } else if let Some(forms) = normalisation_differs(text, quote) {
            self.problems
                .add(file, *path, LoadErrorKind::NormalisationDiffers { what, forms })
                .expected(format!("text copied verbatim from row `{row_id}`"))
                .help(Some(
                    "copy the text from the snapshot: it looks the same, but its accents are encoded otherwise".to_string(),
                ));
        } else {
            let help = mismatch_help(text, quote);
            self.problems
                .add(file, *path, LoadErrorKind::NotFound { what })
                .expected(format!("text copied verbatim from row `{row_id}`"))
                .help(help);
        }
    }

    /// Checks a fact's provenance, and gives its compact form: the row's number and the quote's
    /// place in the snapshot. Where the check failed, the load fails too, and the place given is
    /// never read.
    fn check_provenance(
        &mut self,
        file: usize,
        path: &JsonPath,
        prov: &ProvenanceDef,
    ) -> Provenance {
        self.check_provenance_at(file, path, (&prov.row, &prov.quote))
            .0
    }

    /// [`Self::check_provenance`] of a `(row, quote)`, with the row's number where it is a row of the
    /// dataset.
    fn check_provenance_at(
        &mut self,
        file: usize,
        path: &JsonPath,
        (row_id, quote): (&str, &str),
    ) -> (Provenance, Option<RowId>) {
        let Some(row) = self.row_of(row_id) else {
            let help = self
                .may_suggest()
                .then(|| did_you_mean(row_id, self.rows.iter().map(|r| r.id.as_str())))
                .flatten();
            self.problems
                .add(
                    file,
                    path.key("row"),
                    LoadErrorKind::UnknownRow {
                        row: row_id.to_string(),
                    },
                )
                .expected("the id of a row in a section")
                .help(help);
            return (Provenance::new(RowId::new(0), 0..0), None);
        };
        let at = self.check_quote_in(file, &path.key("quote"), (row, row_id), quote, "quote");
        let span = at.map_or(0..0, |start| start..start + quote.len());
        (Provenance::new(row, span), Some(row))
    }

    /// The text, held once for every fact that repeats it.
    fn intern(&mut self, text: Option<&str>) -> Option<Text> {
        let text = text?;
        if let Some(held) = self.texts.get(text) {
            return Some(held.clone());
        }
        let held: Text = Text::from(text);
        self.texts.insert(held.clone());
        Some(held)
    }

    fn check_text(&mut self, file: usize, path: JsonPath, text: Option<&str>, what: &'static str) {
        if text.is_some_and(|t| t.trim().is_empty()) {
            self.problems
                .add(file, path, LoadErrorKind::EmptyText { what })
                .expected("text, or no field at all");
        }
    }

    fn nodes(&mut self, file: usize, nodes: Vec<NodeDef>) {
        for (n, node) in nodes.into_iter().enumerate() {
            let path = JsonPath::root().key("nodes").index(n);
            let cites = self.check_node(file, &path, &node);
            let id_ok = self.check_id(file, &path.key("id"), &node.id, "node");
            if let Some(&first) = self.index.by_id.get(node.id.as_str()) {
                let first = self.node_sites[first.index()];
                let help = format!(
                    "first defined in {} at {}",
                    self.file_label(first.file()),
                    first.path("nodes")
                );
                self.problems
                    .add(
                        file,
                        path.key("id"),
                        LoadErrorKind::DuplicateNode {
                            id: node.id.clone(),
                        },
                    )
                    .expected("an id used by no other node")
                    .help(Some(help));
                continue;
            }
            if id_ok {
                self.node_sites.push(At::new(file, n));
                let node = self.held(node, cites);
                let index = self.graph.add_node(node);
                self.index.add_node(index, &self.graph[index]);
            }
        }
    }

    /// Region codes (region nodes' `codes`, the manifest's `other_regions`): slugs, each naming one
    /// region, none another region's id.
    fn check_region_codes(&mut self, manifest: &Manifest, manifest_file: usize) {
        let regions = self
            .index
            .by_kind
            .get(&NodeKind::Region)
            .cloned()
            .unwrap_or_default();
        let mut taken: FxHashMap<String, String> = regions
            .iter()
            .map(|&r| (self.graph[r].id.to_string(), self.graph[r].id.to_string()))
            .collect();
        for &r in &regions {
            let site = self.node_sites[r.index()];
            let owner = self.graph[r].id.to_string();
            for (c, code) in self.graph[r].codes.clone().iter().enumerate() {
                let path = site.path("nodes").key("codes").index(c);
                self.claim_code(site.file(), path, code, &owner, &mut taken);
            }
        }
        for (i, other) in manifest.other_regions.iter().enumerate() {
            let path = JsonPath::root().key("other_regions").index(i);
            if other.name.trim().is_empty() {
                self.problems
                    .add(manifest_file, path.key("name"), LoadErrorKind::EmptyName)
                    .expected("the name answers show for the region");
            }
            let code = &other.code;
            self.claim_code(manifest_file, path.key("code"), code, code, &mut taken);
        }
        self.check_other_region_words(&regions, manifest, manifest_file);
    }

    /// The name and aliases of a region the notice does not mention are its own: no region node, nor
    /// another such region, is written the same way.
    fn check_other_region_words(
        &mut self,
        regions: &[NodeIndex],
        manifest: &Manifest,
        manifest_file: usize,
    ) {
        // Each word's region: a node (`None`) or the `other_regions` entry, and its id or code.
        let mut words: FxHashMap<String, (Option<usize>, String)> = FxHashMap::default();
        for &r in regions {
            let node = &self.graph[r];
            let names = [node.id.to_string(), node.name.clone()].into_iter();
            let names = names
                .chain(node.aliases.iter().map(|a| a.name.clone()))
                .chain(node.codes.iter().cloned());
            for name in names {
                let owner = (None, node.id.to_string());
                words.entry(normalize(&name)).or_insert(owner);
            }
        }
        for (i, other) in manifest.other_regions.iter().enumerate() {
            let path = JsonPath::root().key("other_regions").index(i);
            let aliases = other.aliases.iter().enumerate();
            let aliases = aliases.map(|(a, alias)| (path.key("aliases").index(a), alias));
            for (at, word) in std::iter::once((path.key("name"), &other.name)).chain(aliases) {
                let key = normalize(word);
                match words.get(&key) {
                    Some((owner, by)) if *owner != Some(i) => {
                        let kind = LoadErrorKind::RegionNameTaken {
                            name: word.clone(),
                            by: by.clone(),
                        };
                        self.problems
                            .add(manifest_file, at, kind)
                            .expected("words that name no other region");
                    }
                    _ => {
                        words.insert(key, (Some(i), other.code.clone()));
                    }
                }
            }
        }
    }

    /// Records that `code` names the region `owner`, or reports why it cannot.
    fn claim_code(
        &mut self,
        file: usize,
        path: JsonPath,
        code: &str,
        owner: &str,
        taken: &mut FxHashMap<String, String>,
    ) {
        if !self.check_id(file, &path, code, "region code") {
            return;
        }
        if let Some(by) = taken.get(code) {
            let kind = LoadErrorKind::RegionCodeTaken {
                code: code.to_string(),
                by: by.clone(),
            };
            self.problems
                .add(file, path, kind)
                .expected("a code that names no other region")
                .help(Some(format!(
                    "remove it here, or from `{by}`: one code, one region"
                )));
            return;
        }
        taken.insert(code.to_string(), owner.to_string());
    }

    fn file_label(&self, file: usize) -> &str {
        &self.displays[file]
    }

    /// Checks a node on its own; gives the compact provenance of the node and of each alias.
    fn check_node(&mut self, file: usize, path: &JsonPath, node: &NodeDef) -> NodeCites {
        if node.name.trim().is_empty() {
            self.problems
                .add(file, path.key("name"), LoadErrorKind::EmptyName)
                .expected("the name in the notice's own wording");
        }
        self.check_kind_fields(file, path, node);
        self.check_text(file, path.key("note"), node.note.as_deref(), "note");
        self.check_text(
            file,
            path.key("derived"),
            node.derived.as_deref(),
            "reason for deriving",
        );
        self.check_text(file, path.key("role"), node.role.as_deref(), "role");
        let provenance = self.check_provenance(file, &path.key("provenance"), &node.provenance);
        if let Some(description) = &node.description {
            let row = node.provenance.row.clone();
            self.check_quote(
                file,
                &path.key("description"),
                &row,
                description,
                "description",
            );
        }
        let mut aliases = Vec::with_capacity(node.aliases.len());
        for (a, alias) in node.aliases.iter().enumerate() {
            let path = path.key("aliases").index(a);
            if alias.name.trim().is_empty() {
                self.problems
                    .add(file, path.key("name"), LoadErrorKind::EmptyAlias)
                    .expected("another way the notice writes the name");
            }
            self.check_text(
                file,
                path.key("derived"),
                alias.derived.as_deref(),
                "reason",
            );
            aliases.push(self.check_provenance(file, &path.key("provenance"), &alias.provenance));
        }
        let legal_basis = node
            .legal_basis
            .as_ref()
            .map(|lb| self.check_legal_basis(file, &path.key("legal_basis"), lb));
        let source_party = node.source_party.as_ref().map(|c| {
            let path = path.key("source_party");
            self.check_classed(
                file,
                &path,
                ("party", &c.party),
                c.derived.as_deref(),
                &c.provenance,
            )
        });
        let acts_as = node.acts_as.as_ref().map(|c| {
            let path = path.key("acts_as");
            self.check_classed(
                file,
                &path,
                ("role", &c.role),
                c.derived.as_deref(),
                &c.provenance,
            )
        });
        NodeCites {
            node: provenance,
            aliases,
            legal_basis,
            source_party,
            acts_as,
        }
    }

    /// The fields only some kinds of node take, and those a kind needs.
    fn check_kind_fields(&mut self, file: usize, path: &JsonPath, node: &NodeDef) {
        let kind = node.kind;
        let only = |field: &'static str, allowed: NodeKind, present: bool| {
            (present && kind != allowed).then_some((field, allowed))
        };
        let misplaced = [
            only("stands_for", NodeKind::Data, node.stands_for.is_some()),
            only("delegated", NodeKind::Basis, node.delegated.is_some()),
            only("legal_basis", NodeKind::Basis, node.legal_basis.is_some()),
            only("party", NodeKind::Recipient, node.party.is_some()),
            only(
                "role",
                NodeKind::Recipient,
                node.role.is_some() && kind != NodeKind::Contact,
            ),
            only("mark", NodeKind::Condition, node.mark.is_some()),
            only("codes", NodeKind::Region, !node.codes.is_empty()),
            only(
                "source_party",
                NodeKind::Source,
                node.source_party.is_some(),
            ),
            only("acts_as", NodeKind::Recipient, node.acts_as.is_some()),
        ];
        for (field, allowed) in misplaced.into_iter().flatten() {
            self.problems
                .add(
                    file,
                    path.key(field),
                    LoadErrorKind::FieldNotForNode {
                        field,
                        kind: kind.to_string(),
                    },
                )
                .expected(format!("`{field}` only on `{allowed}` nodes"));
        }
        if kind == NodeKind::Recipient && node.party.is_none() {
            self.problems
                .add(file, path.key("kind"), LoadErrorKind::RecipientNeedsParty)
                .expected("`party`: \"category\" or \"named\"");
        }
        if node.stands_for.is_some() && node.derived.is_none() {
            self.problems
                .add(
                    file,
                    path.key("stands_for"),
                    LoadErrorKind::StandsForNeedsDerived,
                )
                .expected("`derived`: why the node is read this way");
        }
    }

    /// A `legal_basis`: a kind the regimes list, its provenance, and its reason when derived.
    fn check_legal_basis(
        &mut self,
        file: usize,
        path: &JsonPath,
        legal_basis: &LegalBasisDef,
    ) -> Provenance {
        if !self.legal_basis_kinds.contains(&legal_basis.kind) {
            let kinds = &self.legal_basis_kinds;
            let help = did_you_mean(&legal_basis.kind, kinds.iter().map(String::as_str));
            let expected = format!("a legal-basis kind a regime lists: {}", kinds.join(", "));
            self.problems
                .add(
                    file,
                    path.key("kind"),
                    LoadErrorKind::UnknownLegalBasis {
                        kind: legal_basis.kind.clone(),
                    },
                )
                .expected(expected)
                .help(help);
        }
        self.check_text(
            file,
            path.key("derived"),
            legal_basis.derived.as_deref(),
            "reason for deriving",
        );
        self.check_provenance(file, &path.key("provenance"), &legal_basis.provenance)
    }

    /// A source's party or a recipient's role (`field` and its value): a value the format lists, its
    /// provenance, and its reason when derived.
    fn check_classed(
        &mut self,
        file: usize,
        path: &JsonPath,
        (field, value): (&'static str, &str),
        derived: Option<&str>,
        provenance: &ProvenanceDef,
    ) -> Provenance {
        let (known, kind) = if field == "party" {
            let kind = LoadErrorKind::UnknownSourceParty {
                party: value.to_string(),
            };
            (crate::dataset::model::SOURCE_PARTIES, kind)
        } else {
            let kind = LoadErrorKind::UnknownRecipientRole {
                role: value.to_string(),
            };
            (crate::dataset::model::RECIPIENT_ROLES, kind)
        };
        if !known.contains(&value) {
            let help = did_you_mean(value, known.iter().copied());
            self.problems
                .add(file, path.key(field), kind)
                .expected(format!("one of {}", known.join(", ")))
                .help(help);
        }
        self.check_text(file, path.key("derived"), derived, "reason for deriving");
        self.check_provenance(file, &path.key("provenance"), provenance)
    }

    /// The node as the dataset holds it: provenance checked and made compact, texts held once.
    fn held(&mut self, node: NodeDef, cites: NodeCites) -> Node {
        let aliases = node.aliases.into_iter().zip(cites.aliases);
        let aliases = aliases
            .map(|(alias, provenance)| Alias {
                name: alias.name,
                provenance,
                derived: self.intern(alias.derived.as_deref()),
            })
            .collect();
        Node {
            id: Id::from(node.id),
            kind: node.kind,
            name: node.name,
            description: node.description,
            aliases,
            note: node.note,
            provenance: cites.node,
            derived: self.intern(node.derived.as_deref()),
            stands_for: node.stands_for,
            delegated: node.delegated,
            legal_basis: node
                .legal_basis
                .zip(cites.legal_basis)
                .map(|(lb, provenance)| LegalBasis {
                    kind: Text::from(lb.kind),
                    provenance,
                    derived: self.intern(lb.derived.as_deref()),
                }),
            party: node.party,
            role: node.role,
            mark: node.mark,
            codes: node.codes.into(),
            source_party: node
                .source_party
                .zip(cites.source_party)
                .map(|(c, provenance)| Classed {
                    value: Text::from(c.party),
                    provenance,
                    derived: self.intern(c.derived.as_deref()),
                }),
            acts_as: node
                .acts_as
                .zip(cites.acts_as)
                .map(|(c, provenance)| Classed {
                    value: Text::from(c.role),
                    provenance,
                    derived: self.intern(c.derived.as_deref()),
                }),
        }
    }

    /// Whether an unknown id or row gets "did you mean": only the first [`SUGGESTED`] do, since each
    /// compares it with every id of the dataset, and a large dataset of many unknown references would
    /// take too long to be refused.
    fn may_suggest(&self) -> bool {
        let count = self.suggested.get() + 1;
        self.suggested.set(count);
        count <= SUGGESTED
    }

    /// Resolves a node reference, reporting an unknown id or a node of the wrong kind.
    fn resolve(
        &mut self,
        file: usize,
        path: JsonPath,
        id: &str,
        kinds: Option<&[NodeKind]>,
    ) -> Option<NodeIndex> {
        let Some(index) = self.node_of(id) else {
            let candidates = || -> Vec<&str> {
                match kinds {
                    Some(kinds) => kinds
                        .iter()
                        .flat_map(|k| self.index.by_kind.get(k).into_iter().flatten())
                        .map(|&i| self.graph[i].id.as_str())
                        .collect(),
                    None => self.graph.node_weights().map(|n| n.id.as_str()).collect(),
                }
            };
            let help = self
                .may_suggest()
                .then(|| did_you_mean(id, candidates()))
                .flatten();
            let expected = match kinds {
                Some(kinds) => format!("the id of a {} node", or_list(kinds)),
                None => "the id of a node".to_string(),
            };
            self.problems
                .add(
                    file,
                    path,
                    LoadErrorKind::UnknownNode { id: id.to_string() },
                )
                .expected(expected)
                .help(help);
            return None;
        };
        let kind = self.graph[index].kind;
        if let Some(kinds) = kinds {
            if !kinds.contains(&kind) {
                self.problems
                    .add(
                        file,
                        path,
                        LoadErrorKind::WrongNodeKind {
                            id: id.to_string(),
                            kind: kind.to_string(),
                        },
                    )
                    .expected(format!("the id of a {} node", or_list(kinds)));
                return None;
            }
        }
        Some(index)
    }

    fn edges(&mut self, file: usize, edges: Vec<RawEdge>) {
        for (e, edge) in edges.into_iter().enumerate() {
            let path = JsonPath::root().key("edges").index(e);
            let Some(resolved) = self.check_edge(file, &path, &edge) else {
                continue;
            };
            let key = (edge.kind, resolved.from, resolved.to, resolved.row);
            if let Some(&first) = self.edge_sites.get(&key) {
                let help = format!(
                    "the same edge is at {} in {}",
                    first.path("edges"),
                    self.file_label(first.file())
                );
                self.problems
                    .add(
                        file,
                        path,
                        LoadErrorKind::DuplicateEdge {
                            kind: edge.kind,
                            row: edge.provenance.row.to_string(),
                        },
                    )
                    .expected("one edge per kind, ends and row")
                    .help(Some(help));
                continue;
            }
            self.edge_sites.insert(key, At::new(file, e));
            let more = EdgeMore {
                qualifier: self.intern(edge.qualifier()),
                conditions: resolved.conditions.into(),
                period: self.intern(edge.period()),
                only_for: resolved.only_for.into(),
                only_sharing_with: resolved.only_sharing_with.into(),
                data: resolved.data.into(),
                reason: self.intern(edge.reason()),
            };
            let weight = Edge::new(
                edge.kind,
                resolved.provenance,
                self.intern(edge.derived()),
                resolved.group,
                resolved.bases.into(),
                resolved.regions.into(),
                more,
            );
            self.graph.add_edge(resolved.from, resolved.to, weight);
        }
    }

    fn check_edge(&mut self, file: usize, path: &JsonPath, edge: &RawEdge) -> Option<ResolvedEdge> {
        let from = self.resolve(file, path.key("from"), &edge.from, Some(edge.kind.ends().0));
        let to = self.resolve(file, path.key("to"), &edge.to, edge.kind.ends().1);
        let self_loop = match (from, to) {
            (Some(f), Some(t)) => self.check_ends(file, path, edge, f, t),
            _ => false,
        };
        self.check_fields_allowed(file, path, edge);
        self.check_text(
            file,
            path.key("derived"),
            edge.derived(),
            "reason for deriving",
        );
        self.check_text(file, path.key("qualifier"), edge.qualifier(), "qualifier");
        self.check_text(file, path.key("period"), edge.period(), "period");
        let (row_id, quote) = (&edge.provenance.row, &edge.provenance.quote);
        let (provenance, row) =
            self.check_provenance_at(file, &path.key("provenance"), (row_id, quote));
        if let (Some(reason), Some(row)) = (edge.reason(), row) {
            self.check_quote_in(file, &path.key("reason"), (row, row_id), reason, "reason");
        }

        let group = edge
            .group
            .as_ref()
            .and_then(|g| self.resolve(file, path.key("group"), g, Some(&[NodeKind::Group])));
        let bases = self.resolve_bases(file, path, edge);
        let mut list = |field: &'static str, ids: Option<&[Str]>, kinds: &[NodeKind]| {
            self.resolve_list(file, path.key(field), ids, kinds)
        };
        let regions = list("regions", edge.regions.as_deref(), &[NodeKind::Region]);
        let conditions = list(
            "conditions",
            edge.conditions(),
            &[NodeKind::Condition, NodeKind::Control],
        );
        let only_for = list("only_for", edge.only_for(), &[NodeKind::Data]);
        let only_sharing_with = list(
            "only_sharing_with",
            edge.only_sharing_with(),
            &[NodeKind::Recipient],
        );
        let data = list("data", edge.data(), &[NodeKind::Data, NodeKind::Category]);
        self.check_scopes_not_empty(file, path, edge);
        // A self-loop is reported once, here: it does not enter the graph to show up again as a cycle.
        if self_loop {
            return None;
        }
        Some(ResolvedEdge {
            from: from?,
            to: to?,
            row,
            provenance,
            group,
            bases,
            regions,
            conditions,
            only_for,
            only_sharing_with,
            data,
        })
    }

    /// Reports an edge from a node to itself, or between nodes of different kinds where the kind of
    /// edge wants the same kind at both ends. Returns whether the edge is a self-loop.
    fn check_ends(
        &mut self,
        file: usize,
        path: &JsonPath,
        edge: &RawEdge,
        from: NodeIndex,
        to: NodeIndex,
    ) -> bool {
        let kind = edge.kind;
        if from == to {
            self.problems
                .add(
                    file,
                    path.key("to"),
                    LoadErrorKind::SelfLoop {
                        kind,
                        id: edge.to.to_string(),
                    },
                )
                .expected("an edge between two different nodes");
            return true;
        }
        let (fk, tk) = (self.graph[from].kind, self.graph[to].kind);
        if kind.same_kind_ends() && fk != tk {
            self.problems
                .add(
                    file,
                    path.key("to"),
                    LoadErrorKind::EndsOfDifferentKinds {
                        kind,
                        from: fk.to_string(),
                        to: tk.to_string(),
                    },
                )
                .expected(format!("a `{fk}` node, like the `from` end"));
        }
        false
    }

    /// Each optional field an edge carries must be one its kind of edge allows.
    fn check_fields_allowed(&mut self, file: usize, path: &JsonPath, edge: &RawEdge) {
        let kind = edge.kind;
        for field in edge.present_fields() {
            if kind.fields().contains(&field) {
                continue;
            }
            let allowed: Vec<String> = kind
                .fields()
                .iter()
                .map(|f| format!("`{}`", f.as_str()))
                .collect();
            let expected = if allowed.is_empty() {
                format!("no optional fields on a `{kind}` edge")
            } else {
                format!("one of {}", allowed.join(", "))
            };
            self.problems
                .add(
                    file,
                    path.key(field.as_str()),
                    LoadErrorKind::FieldNotForEdge {
                        field: field.as_str(),
                        kind,
                    },
                )
                .expected(expected);
        }
    }

    fn resolve_bases(&mut self, file: usize, path: &JsonPath, edge: &RawEdge) -> Vec<AppliedBasis> {
        let mut bases = Vec::new();
        for (b, applied) in edge.bases.iter().flatten().enumerate() {
            let bpath = path.key("bases").index(b);
            self.check_text(
                file,
                bpath.key("qualifier"),
                applied.qualifier.as_deref(),
                "qualifier",
            );
            if let Some(basis) = self.resolve(
                file,
                bpath.key("basis"),
                &applied.basis,
                Some(&[NodeKind::Basis]),
            ) {
                bases.push(AppliedBasis {
                    basis,
                    qualifier: self.intern(applied.qualifier.as_deref()),
                });
            }
        }
        bases
    }

    /// `only_for: []` would limit a basis to nothing: say "no field at all" instead.
    fn check_scopes_not_empty(&mut self, file: usize, path: &JsonPath, edge: &RawEdge) {
        for (field, list) in [
            ("only_for", edge.only_for()),
            ("only_sharing_with", edge.only_sharing_with()),
            ("data", edge.data()),
        ] {
            if list.is_some_and(<[Str]>::is_empty) {
                self.problems
                    .add(
                        file,
                        path.key(field),
                        LoadErrorKind::EmptyField {
                            field: field.to_string(),
                        },
                    )
                    .expected("at least one id, or no field at all");
            }
        }
    }

    fn resolve_list(
        &mut self,
        file: usize,
        path: JsonPath,
        ids: Option<&[Str]>,
        kinds: &[NodeKind],
    ) -> Vec<NodeIndex> {
        let mut resolved = Vec::new();
        for (i, id) in ids.into_iter().flatten().enumerate() {
            if let Some(index) = self.resolve(file, path.index(i), id, Some(kinds)) {
                if resolved.contains(&index) {
                    self.problems
                        .add(
                            file,
                            path.index(i),
                            LoadErrorKind::ListedTwice {
                                name: id.to_string(),
                            },
                        )
                        .expected("each id once");
                } else {
                    resolved.push(index);
                }
            }
        }
        resolved
    }

    /// A basis limited to some data or some sharing must rest on what the dataset states: each item
    /// in `only_for` is used for the purpose on that basis, and the purpose discloses to each
    /// recipient in `only_sharing_with`.
    fn check_basis_scopes(&mut self) {
        let mut found = Vec::new();
        for edge in self.graph.edge_indices() {
            let weight = &self.graph[edge];
            if weight.kind != EdgeKind::HasBasis
                || weight.only_for().is_empty() && weight.only_sharing_with().is_empty()
            {
                continue;
            }
            // invariant: the index comes from this graph's own edge_indices().
            let (purpose, basis) = self.graph.edge_endpoints(edge).expect("edge of this graph");
            let row = Some(weight.provenance.row);
            let Some(&site) = self
                .edge_sites
                .get(&(EdgeKind::HasBasis, purpose, basis, row))
            else {
                continue;
            };
            let scope = Scope {
                graph: &self.graph,
                site,
                purpose,
                basis,
            };
            for (i, &item) in weight.only_for().iter().enumerate() {
                found.extend(scope.unused_item(i, item));
            }
            for (i, &recipient) in weight.only_sharing_with().iter().enumerate() {
                found.extend(scope.undisclosed_recipient(i, recipient));
            }
        }
        for problem in found {
            self.problems
                .add(problem.site.file(), problem.path, problem.kind)
                .expected(problem.expected)
                .help(Some(problem.help));
        }
    }

    /// The data a `discloses-to` edge names must be used for its purpose: itself, an item or
    /// category that contains it, or a part of it has a `used-for` edge to the purpose.
    fn check_disclosed_data(&mut self) {
        let mut found = Vec::new();
        for edge in self.graph.edge_indices() {
            let weight = &self.graph[edge];
            if weight.kind != EdgeKind::DisclosesTo || weight.data().is_empty() {
                continue;
            }
            // invariant: the index comes from this graph's own edge_indices().
            let (purpose, recipient) = self.graph.edge_endpoints(edge).expect("edge of this graph");
            let key = (
                EdgeKind::DisclosesTo,
                purpose,
                recipient,
                Some(weight.provenance.row),
            );
            let Some(&site) = self.edge_sites.get(&key) else {
                continue;
            };
            let users: Vec<NodeIndex> = self
                .graph
                .edges_directed(purpose, Direction::Incoming)
                .filter(|e| e.weight().kind == EdgeKind::UsedFor)
                .map(|e| e.source())
                .collect();
            for (i, &data) in weight.data().iter().enumerate() {
                let related = |dir| data_closure(&self.graph, data, dir);
                let used = [Direction::Outgoing, Direction::Incoming]
                    .into_iter()
                    .any(|dir| related(dir).iter().any(|n| users.contains(n)));
                if used {
                    continue;
                }
                let id = |n: NodeIndex| format!("`{}`", self.graph[n].id);
                let purpose_id = self.graph[purpose].id.to_string();
                let help = if users.is_empty() {
                    format!("no `used-for` edge leads to `{purpose_id}`")
                } else {
                    let names: Vec<String> = users.iter().map(|&n| id(n)).collect();
                    format!("`{purpose_id}` uses {}", names.join(", "))
                };
                found.push(Deferred {
                    site,
                    path: site.path("edges").key("data").index(i),
                    kind: LoadErrorKind::DisclosedDataNotUsed {
                        data: self.graph[data].id.to_string(),
                        purpose: purpose_id.clone(),
                    },
                    expected: format!(
                        "data with a `used-for` edge to `{purpose_id}`, data inside it, or data that contains it"
                    ),
                    help,
                });
            }
        }
        for problem in found {
            self.problems
                .add(problem.site.file(), problem.path, problem.kind)
                .expected(problem.expected)
                .help(Some(problem.help));
        }
    }

    /// `includes` means "is a part of": a cycle would make something a part of itself.
    fn check_includes_cycles(&mut self) {
        // Only `includes` edges can make a cycle (a self-loop never enters the graph): without one,
        // there is nothing to walk.
        let any = self
            .graph
            .edge_weights()
            .any(|e| e.kind == EdgeKind::Includes);
        if !any {
            return;
        }
        let includes =
            EdgeFiltered::from_fn(&self.graph, |e| e.weight().kind == EdgeKind::Includes);
        if let Err(cycle) = toposort(&includes, None) {
            let id = self.graph[cycle.node_id()].id.clone();
            let site = self
                .edge_sites
                .iter()
                .filter(|((kind, from, _, _), _)| {
                    *kind == EdgeKind::Includes && *from == cycle.node_id()
                })
                .map(|(_, &at)| at)
                .min_by_key(|at| (at.file, at.index));
            if let Some(site) = site {
                self.problems
                    .add(
                        site.file(),
                        site.path("edges"),
                        LoadErrorKind::IncludesCycle { id: id.to_string() },
                    )
                    .expected("parts that are never a part of themselves");
            }
        }
    }
}

/// `data` and what it is a part of (`Outgoing`: the items and categories that contain it, through
/// `includes` and `in-category`), or its parts (`Incoming`: the items inside it, a category's items
/// and sub-categories).
fn data_closure(
    graph: &petgraph::graph::DiGraph<Node, Edge>,
    data: NodeIndex,
    dir: Direction,
) -> Vec<NodeIndex> {
    let mut seen = vec![data];
    let mut i = 0;
    while i < seen.len() {
        let at = seen[i];
        for e in graph.edges_directed(at, Direction::Outgoing) {
            let kind = e.weight().kind;
            let next = match (dir, kind) {
                (Direction::Outgoing, EdgeKind::InCategory) => Some(e.target()),
                (Direction::Incoming, EdgeKind::Includes) => Some(e.target()),
                _ => None,
            };
            seen.extend(next.filter(|n| !seen.contains(n)));
        }
        for e in graph.edges_directed(at, Direction::Incoming) {
            let kind = e.weight().kind;
            let next = match (dir, kind) {
                (Direction::Outgoing, EdgeKind::Includes) => Some(e.source()),
                (Direction::Incoming, EdgeKind::InCategory) => Some(e.source()),
                _ => None,
            };
            seen.extend(next.filter(|n| !seen.contains(n)));
        }
        i += 1;
    }
    seen
}

fn or_list(kinds: &[NodeKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| format!("`{k}`")).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// How many unknown ids and rows get "did you mean": each compares the name with every id or row.
pub const SUGGESTED: usize = 100;

/// How many texts not found in their row are searched for in the whole snapshot (to say which row
/// holds them, or where they stop matching): each such search reads the whole snapshot.
pub const WHOLE_SEARCHES: usize = 20;

/// Where `wanted` stops matching `text`: the longest prefix of it that `text` contains, and what follows.
/// Whether `quote` is in `row` once both are in Unicode normalisation form NFC (`é` as one character
/// or as `e` and a combining accent): the quote then looks like the notice's text but is not its bytes.
/// Gives how each is written (`"NFD, the notice's row NFC"`). Runs only for a quote not found.
fn normalisation_differs(row: &str, quote: &str) -> Option<&'static str> {
    use unicode_normalization::{is_nfc, UnicodeNormalization};
    let quote_nfc: String = quote.nfc().collect();
    let row_nfc: String = row.nfc().collect();
    if !row_nfc.contains(&quote_nfc) {
        return None;
    }
    Some(match (is_nfc(quote), is_nfc(row)) {
        (false, true) => "the quote is in form NFD (decomposed), the notice's text in NFC",
        (true, false) => "the quote is in form NFC (composed), the notice's text in NFD",
        _ => "the quote and the notice's text encode their accents differently",
    })
}

fn mismatch_help(text: &str, wanted: &str) -> Option<String> {
    let boundaries: Vec<usize> = wanted
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(wanted.len()))
        .collect();
    // Prefixes found in `text` form an unbroken run from the empty one: binary search its end.
    let (mut lo, mut hi) = (0, boundaries.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text.contains(&wanted[..boundaries[mid]]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let matched = &wanted[..boundaries[lo]];
    if matched.chars().count() < 3 {
        return None;
    }
    let at = text.find(matched)? + matched.len();
    // A space that is not a plain one (a no-break space) or an invisible character is written out,
    // so that the two sides never read the same.
    let visible = |c: char| {
        if (c.is_whitespace() && c != ' ') || crate::present::escape::is_invisible(c) {
            c.escape_unicode().to_string()
        } else {
            c.to_string()
        }
    };
    let tail = |s: &str| s.chars().take(12).map(visible).collect::<String>();
    let shown = matched
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(visible)
        .collect::<String>();
    Some(format!(
        "the snapshot matches up to `{shown}`, then has `{}` where this has `{}`",
        tail(&text[at..]),
        tail(&wanted[matched.len()..])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "t1-r01", "email-address", "x-2023"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "A", "-a", "a-", "a--b", "a_b", "a b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(is_date("2023-10-18"));
        for bad in ["2023-13-01", "2023-1-01", "23-10-18", "2023-10-18x", ""] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_no_break_space_is_written_out_in_the_mismatch() {
        let help = mismatch_help("other\u{a0}tools to", "other tools to");
        assert_eq!(
            help.as_deref(),
            Some("the snapshot matches up to `other`, then has `\\u{a0}tools to` where this has ` tools to`")
        );
    }

    #[test]
    fn mismatch_names_the_first_difference() {
        let help = mismatch_help("Tide charts â Wave logs", "Tide charts - Wave logs");
        assert_eq!(
            help.as_deref(),
            Some("the snapshot matches up to `Tide charts `, then has `â Wave logs` where this has `- Wave logs`")
        );
    }
}
