//! Where a dataset's snapshot comes from, and what the loader checks quotes against.
//!
//! A dataset either holds its notice's text (`"snapshot": "source.txt"` in its folder), or names a text
//! it must not copy: `snapshot_source` records the archive, the path and the commit it was recorded
//! at, and its SHA-256. Such a text is looked for in the dataset folder, then in the notice libraries
//! ([`libraries`]). Found, it must have the recorded digest; not found, the dataset still loads, but
//! its quotes are not verified, and [`Quotes::Unverified`] says so wherever it matters.
//!
//! Without the text, the loader checks quotes against a stand-in ([`stand_in`]): each row's anchor
//! followed by the quotes that cite it. Every later step keeps working on byte ranges, and the answers
//! show the dataset's quotes; `lineage check` and `describe` of a row say plainly that they are not
//! verified.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    files::{Files, ReadError},
    raw::RawFile,
};

/// The environment variable that names more notice libraries, as a list of folders (`:`-separated on
/// Unix, `;` on Windows).
pub const LIBRARIES_VAR: &str = "LINEAGE_NOTICES";

/// A notice library beside a checkout: `shared/notices/` in the dataset folder or any folder above it.
const LIBRARY_BESIDE: &str = "shared/notices";

crate::dataset::model::object_only!(serialize: SnapshotSource);

/// A snapshot the dataset names but does not hold: where it was recorded, and its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct SnapshotSource {
    /// The archive that recorded the text (e.g. a repository, `owner/name`).
    pub archive: String,
    /// The text's path inside the archive.
    pub path: String,
    /// The archive's commit (or version) the text was recorded at.
    pub commit: String,
    /// The lowercase hex SHA-256 of the text's bytes.
    pub sha256: String,
}

impl SnapshotSource {
    /// `archive, path @ commit (sha256 …)`, as messages name it.
    pub fn describe(&self) -> String {
        format!(
            "{}, `{}` @ {} (sha256 {})",
            self.archive, self.path, self.commit, self.sha256
        )
    }
}

/// Whether the quotes of a loaded dataset were checked against the notice's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quotes {
    /// Every quote, anchor and description was found in the notice's text.
    Verified,
    /// The text was not found: quotes were checked only against each other.
    Unverified {
        /// The snapshot the dataset names.
        source: SnapshotSource,
        /// Every place the text was looked for, as messages name them.
        looked_in: Vec<String>,
    },
}

impl Quotes {
    pub fn verified(&self) -> bool {
        matches!(self, Quotes::Verified)
    }

    /// The one line a command prints on stderr before answering from a dataset `name` whose quotes
    /// are not verified; `None` when they are.
    pub fn warning(&self, name: &str) -> Option<String> {
        match self {
            Quotes::Verified => None,
            Quotes::Unverified { source, .. } => Some(format!(
                "warning: the quotes of `{name}` are not verified: the notice's text ({}) was not \
                 found; `lineage check` says where it was looked for",
                source.describe()
            )),
        }
    }
}

/// The snapshot as found: its text and where it was read, or the places it was looked for in vain.
pub(crate) enum Found {
    Text { text: String, display: String },
    Absent { looked_in: Vec<String> },
}

/// Why a referenced snapshot cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// A text was found under the snapshot's name, but it is not the recorded one.
    WrongDigest { at: String, found: String },
    /// A text was found, but could not be read or is not UTF-8.
    Unreadable { at: String, why: String },
}

/// Looks for the text of a referenced snapshot named `name`: in the dataset's own files, then in each
/// library. Only a text with the recorded digest is accepted.
pub(crate) fn find(
    files: &Files,
    name: &str,
    source: &SnapshotSource,
) -> Result<Found, SnapshotError> {
    let mut looked_in = Vec::new();
    match files.read(name) {
        Ok(bytes) => return accept(bytes, files.display(name), source),
        Err(ReadError::OutsideFolder) => {}
        Err(_) => looked_in.push(files.display(name)),
    }
    for library in libraries(files) {
        let path = library.join(name);
        let display = path.display().to_string();
        match Files::dir(&library).read(name) {
            Ok(bytes) => return accept(bytes, display, source),
            Err(ReadError::Io { .. }) => looked_in.push(display),
            Err(why) => {
                return Err(SnapshotError::Unreadable {
                    at: display,
                    why: why.to_string(),
                })
            }
        }
    }
    Ok(Found::Absent { looked_in })
}

fn accept(bytes: Vec<u8>, at: String, source: &SnapshotSource) -> Result<Found, SnapshotError> {
    let found = sha256_hex(&bytes);
    if !found.eq_ignore_ascii_case(source.sha256.trim()) {
        return Err(SnapshotError::WrongDigest { at, found });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Found::Text { text, display: at }),
        Err(_) => Err(SnapshotError::Unreadable {
            at,
            why: "the text is not UTF-8".to_string(),
        }),
    }
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The notice libraries, in the order they are searched: the folders of [`LIBRARIES_VAR`], then
/// `shared/notices/` in the dataset folder or the nearest folder above it that has one.
pub fn libraries(files: &Files) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::env::var_os(LIBRARIES_VAR)
        .map(|list| std::env::split_paths(&list).collect())
        .unwrap_or_default();
    found.retain(|p| !p.as_os_str().is_empty());
    if let Files::Dir(dir) = files {
        if let Some(beside) = beside(dir) {
            found.push(beside);
        }
    }
    found
}

fn beside(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    dir.ancestors()
        .map(|a| a.join(LIBRARY_BESIDE))
        .find(|library| library.is_dir())
}

/// A text that holds every anchor and quote of the data files: each row's anchor, then the quotes and
/// descriptions that cite the row, one per line. Gives the text and where each row starts, in the
/// order the rows are listed.
pub(crate) fn stand_in(data: &[(usize, RawFile)]) -> (String, Vec<usize>) {
    let mut cited: HashMap<&str, Vec<&str>> = HashMap::new();
    for (_, file) in data {
        for node in &file.nodes {
            let row = node.provenance.row.as_str();
            let quotes =
                std::iter::once(node.provenance.quote.as_str()).chain(node.description.as_deref());
            for quote in quotes {
                cited.entry(row).or_default().push(quote);
            }
            for alias in &node.aliases {
                let row = alias.provenance.row.as_str();
                cited.entry(row).or_default().push(&alias.provenance.quote);
            }
            let party = node.source_party.as_ref().map(|c| &c.provenance);
            for classed in party
                .into_iter()
                .chain(node.acts_as.as_ref().map(|c| &c.provenance))
            {
                cited
                    .entry(classed.row.as_str())
                    .or_default()
                    .push(&classed.quote);
            }
        }
        for edge in &file.edges {
            let row = &*edge.provenance.row;
            cited.entry(row).or_default().push(&edge.provenance.quote);
        }
    }
    let mut text = String::new();
    let mut starts = Vec::new();
    for (_, file) in data {
        for row in file.sections.iter().flat_map(|s| &s.rows) {
            starts.push(text.len());
            text.push_str(&row.anchor);
            text.push('\n');
            let quotes = cited.remove(&*row.id).unwrap_or_default();
            let mut seen = std::collections::HashSet::new();
            for quote in quotes.into_iter().filter(|q| seen.insert(*q)) {
                text.push_str(quote);
                text.push('\n');
            }
        }
    }
    (text, starts)
}
