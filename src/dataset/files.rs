//! Where a dataset's files come from: a folder on disk, or the copy embedded in the binary.

use crate::input::{read_file, InputError};

use std::{
    collections::BTreeMap,
    io,
    path::{Component, Path, PathBuf},
    sync::Arc,
};

pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The largest file a dataset may have (1 GiB): larger is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A place that holds a dataset's files, by their names relative to the dataset folder.
#[derive(Debug, Clone)]
pub enum Files {
    /// A folder on disk, as the user named it.
    Dir(PathBuf),
    /// The default dataset, compiled into the binary.
    Embedded,
    /// Files held in memory, by name (for tests and fuzzing).
    Memory(Arc<BTreeMap<String, Vec<u8>>>),
}

impl Files {
    /// The default dataset.
    pub fn embedded() -> Self {
        Files::Embedded
    }

    pub fn dir(path: impl Into<PathBuf>) -> Self {
        Files::Dir(path.into())
    }

    /// Files held in memory: `(name, contents)` pairs.
    pub fn memory<I, N, B>(files: I) -> Self
    where
        I: IntoIterator<Item = (N, B)>,
        N: Into<String>,
        B: Into<Vec<u8>>,
    {
        Files::Memory(Arc::new(
            files
                .into_iter()
                .map(|(n, b)| (n.into(), b.into()))
                .collect(),
        ))
    }

    /// How a file is named in messages: the path the user would open.
    pub fn display(&self, name: &str) -> String {
        match self {
            Files::Dir(dir) => dir.join(name).display().to_string(),
            Files::Embedded => format!("<embedded>/{}/{name}", embedded::NAME),
            Files::Memory(_) => format!("<memory>/{name}"),
        }
    }

    /// The folder, as named in messages.
    pub fn label(&self) -> String {
        match self {
            Files::Dir(dir) => dir.display().to_string(),
            Files::Embedded => format!("<embedded>/{}", embedded::NAME),
            Files::Memory(_) => "<memory>".to_string(),
        }
    }

    /// Reads one file. Names must stay inside the dataset folder.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, ReadError> {
        if !is_inside(name) {
            return Err(ReadError::OutsideFolder);
        }
        let io = |e: io::Error| ReadError::Io {
            what: describe_io(&e),
        };
        match self {
            Files::Dir(dir) => {
                let path = dir.join(name);
                resolves_inside(dir, &path)?;
                // Only a regular file, and never more than the cap, counted as it is read.
                read_file(&path, MAX_FILE_BYTES).map_err(|e| match e {
                    InputError::Io(e) => io(e),
                    InputError::TooLarge { bytes, .. } => ReadError::TooLarge { bytes },
                    other => ReadError::Io {
                        what: other.to_string(),
                    },
                })
            }
            Files::Embedded => embedded::FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, bytes)| bytes.to_vec())
                .ok_or(ReadError::NotEmbedded),
            Files::Memory(files) => files.get(name).cloned().ok_or(ReadError::Io {
                what: "no such file".to_string(),
            }),
        }
    }

    /// A folder named as a dataset is a folder: `--data manifest.json` names a file, and gets this
    /// rather than "not a directory" for the manifest inside it.
    pub fn check_folder(&self) -> Result<(), ReadError> {
        match self {
            Files::Dir(dir) if dir.is_file() => {
                let parent = dir.parent().map(|p| p.display().to_string());
                let folder = match parent.as_deref() {
                    _ if dir.file_name().is_none_or(|n| n != "manifest.json") => None,
                    Some("") | None => Some(".".to_string()),
                    Some(parent) => Some(parent.to_string()),
                };
                Err(ReadError::NotAFolder { folder })
            }
            _ => Ok(()),
        }
    }
}

/// A file of the folder `dir` is read only where it really is inside that folder: a data file that is
/// a symbolic link (or inside a linked folder) resolving outside it is refused before it is opened, so
/// nothing of a file outside the dataset is read or shown. A name that does not resolve (a missing
/// file) is left to the read to report.
fn resolves_inside(dir: &Path, path: &Path) -> Result<(), ReadError> {
    let (Ok(real), Ok(folder)) = (std::fs::canonicalize(path), std::fs::canonicalize(dir)) else {
        return Ok(());
    };
    if real.starts_with(&folder) {
        Ok(())
    } else {
        Err(ReadError::LinksOutside)
    }
}

/// Why a dataset's file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// `"files": ["../secret.json"]`
    OutsideFolder,
    /// A data file over [`MAX_FILE_BYTES`].
    TooLarge { bytes: u64 },
    /// A file the embedded dataset does not have.
    NotEmbedded,
    /// `--data` (or `.open`) names a file, not a folder; `folder` is the folder to name instead, when
    /// the file is a manifest.
    NotAFolder { folder: Option<String> },
    /// `"files": ["table.json"]` where `table.json` is a symbolic link to a file outside the dataset
    /// folder (`/home/me/notes.json`): nothing outside the folder is read.
    LinksOutside,
    /// The operating system's refusal, in plain words (`no such file`, `permission denied`).
    Io { what: String },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::OutsideFolder => {
                f.write_str("a file name must be a relative path inside the dataset folder")
            }
            ReadError::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes; a dataset file may have at most {MAX_FILE_BYTES}"
            ),
            ReadError::NotEmbedded => f.write_str("no such file in the embedded dataset"),
            ReadError::NotAFolder { .. } => f.write_str("is a file, not a folder"),
            ReadError::LinksOutside => f.write_str(
                "the file is a link to a file outside the dataset folder, which is not read",
            ),
            ReadError::Io { what } => f.write_str(what),
        }
    }
}

fn is_inside(name: &str) -> bool {
    !name.is_empty()
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

pub use crate::input::describe_io;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_stay_inside_the_folder() {
        assert!(is_inside("table1.json"));
        assert!(is_inside("sub/table1.json"));
        assert!(!is_inside("../secret.json"));
        assert!(!is_inside("/etc/passwd"));
        assert!(!is_inside(""));
    }
}
