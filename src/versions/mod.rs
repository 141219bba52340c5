//! Versions of one notice over time: choosing the dataset in force on a date (`--as-of`), and the
//! facts two versions state differently (`lineage diff`, [`diff`]).
//!
//! Versions are dataset folders side by side (`data/x-2023`, `data/x-2024-05-23`, …); those of one
//! notice share the manifest's `publisher` and `title`, and each says from when its text was recorded
//! in `as_of`. The version in force on a date is the latest one recorded on or before it.

pub mod diff;
pub mod dot;

use std::{
    fmt, fs,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use crate::dataset::{files::describe_io, load::MANIFEST};

/// The dataset chosen for a date: its folder, name and `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub dir: PathBuf,
    pub name: String,
    pub as_of: String,
}

impl Chosen {
    /// The line a command prints on stderr before answering, so that the reader knows which version
    /// answered.
    pub fn announce(&self, date: &str) -> String {
        format!(
            "lineage: as of {date}, answering from `{}` ({}, recorded {})",
            self.dir.display(),
            self.name,
            self.as_of
        )
    }
}

/// Why no version could be chosen for a date. Each is refused with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOfError {
    /// `--as-of` without `--data`: `lineage --as-of 2024-06-01 ask "list purposes"`.
    NeedsFolder,
    /// `--as-of` with `diff`, which compares the two folders it is given:
    /// `lineage --as-of 2024-06-01 diff data/x-2023 data/x-2023-11-10`.
    NotForDiff,
    /// The folder cannot be listed: `lineage --data /nonexistent --as-of 2024-06-01 check`.
    Unreadable { dir: String, why: String },
    /// A folder's manifest cannot be read as one, or its `as_of` is not a date: a `manifest.json`
    /// holding `{}` beside the versions.
    BadManifest { path: String, why: String },
    /// No dataset folder there: `lineage --data tests/fixtures/versions/empty --as-of 2024-06-01 check`.
    NoVersions { dir: String },
    /// Every version was recorded after the date: `lineage --data data/x-2023 --as-of 2020-01-01 check`.
    TooEarly {
        date: String,
        earliest: String,
        as_of: String,
    },
    /// Versions of several notices, or two versions recorded the same day, are in force on the
    /// date: `lineage --data data --as-of 2025-06-01 check` (versions of two notices are in force).
    Ambiguous { date: String, choices: Vec<String> },
}

impl fmt::Display for AsOfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsOfError::NeedsFolder => write!(
                f,
                "`--as-of` chooses among dataset folders: name them with `--data DIR` (a folder of \
                 versions, or one version among its siblings)"
            ),
            AsOfError::NotForDiff => write!(
                f,
                "`diff` compares the two dataset folders it is given; `--as-of` does not apply to it"
            ),
            AsOfError::Unreadable { dir, why } => {
                write!(f, "cannot list the versions in `{dir}`: {why}")
            }
            AsOfError::BadManifest { path, why } => {
                write!(
                    f,
                    "`{path}` is not a manifest a version can be chosen by: {why}"
                )
            }
            AsOfError::NoVersions { dir } => write!(
                f,
                "`{dir}` holds no dataset folder (a folder with `{MANIFEST}`) to choose from"
            ),
            AsOfError::TooEarly {
                date,
                earliest,
                as_of,
            } => write!(
                f,
                "no version is in force on {date}: the earliest, `{earliest}`, was recorded on \
                 {as_of}"
            ),
            AsOfError::Ambiguous { date, choices } => write!(
                f,
                "several versions are in force on {date}: {}; name one of them with `--data`",
                choices
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl std::error::Error for AsOfError {}

/// Whether `text` is a date written `YYYY-MM-DD` (a month 01 to 12, a day 01 to 31).
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    if !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// What a manifest says that a choice by date needs.
#[derive(Deserialize)]
struct Head {
    publisher: String,
    title: String,
    name: String,
    as_of: String,
}

/// One version found: its folder and its manifest's head.
struct Version {
    dir: PathBuf,
    head: Head,
}

/// The version in force on `date` among the dataset folders of `data`: the latest recorded on or
/// before it. `data` is a folder of versions, or one version (its siblings are then the versions of
/// the same notice, by publisher and title).
pub fn choose(data: &Path, date: &str) -> Result<Chosen, AsOfError> {
    let (folder, notice) = if data.join(MANIFEST).is_file() {
        let own = read_head(data)?;
        let parent = match data.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (parent, Some((own.publisher, own.title)))
    } else {
        (data.to_path_buf(), None)
    };
    let mut versions = list(&folder)?;
    if let Some((publisher, title)) = &notice {
        versions.retain(|v| &v.head.publisher == publisher && &v.head.title == title);
    }
    pick(versions, &folder, date)
}

/// The latest version on or before `date`, if it is the only one of its notice and day.
fn pick(versions: Vec<Version>, folder: &Path, date: &str) -> Result<Chosen, AsOfError> {
    let Some(earliest) = versions
        .iter()
        .min_by(|a, b| a.head.as_of.cmp(&b.head.as_of))
    else {
        return Err(AsOfError::NoVersions {
            dir: folder.display().to_string(),
        });
    };
    let in_force: Vec<&Version> = versions
        .iter()
        .filter(|v| v.head.as_of.as_str() <= date)
        .collect();
    let Some(latest) = in_force.iter().map(|v| &v.head.as_of).max() else {
        return Err(AsOfError::TooEarly {
            date: date.to_string(),
            earliest: earliest.dir.display().to_string(),
            as_of: earliest.head.as_of.clone(),
        });
    };
    // The latest of each notice; more than one notice, or two versions of that day: no guess.
    let mut latest_of: Vec<&Version> = Vec::new();
    for v in &in_force {
        let same =
            |w: &&&Version| w.head.publisher == v.head.publisher && w.head.title == v.head.title;
        let newest = in_force.iter().filter(same).map(|w| &w.head.as_of).max();
        if Some(&v.head.as_of) == newest {
            latest_of.push(v);
        }
    }
    if latest_of.len() > 1 {
        return Err(AsOfError::Ambiguous {
            date: date.to_string(),
            choices: latest_of
                .iter()
                .map(|v| v.dir.display().to_string())
                .collect(),
        });
    }
    let v = latest_of[0];
    debug_assert_eq!(&v.head.as_of, latest);
    Ok(Chosen {
        dir: v.dir.clone(),
        name: v.head.name.clone(),
        as_of: v.head.as_of.clone(),
    })
}

/// Every folder of `folder` that holds a manifest, in name order.
fn list(folder: &Path) -> Result<Vec<Version>, AsOfError> {
    let unreadable = |e: std::io::Error| AsOfError::Unreadable {
        dir: folder.display().to_string(),
        why: describe_io(&e),
    };
    let mut dirs: Vec<PathBuf> = fs::read_dir(folder)
        .map_err(unreadable)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join(MANIFEST).is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| read_head(&dir).map(|head| Version { dir, head }))
        .collect()
}

fn read_head(dir: &Path) -> Result<Head, AsOfError> {
    let path = dir.join(MANIFEST);
    let bad = |why: String| AsOfError::BadManifest {
        path: path.display().to_string(),
        why,
    };
    let bytes = crate::input::read_file(&path, crate::input::MAX_SCRIPT_BYTES)
        .map_err(|e| bad(e.to_string()))?;
    let head: Head = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if !is_date(&head.as_of) {
        return Err(bad(format!(
            "its `as_of` is `{}`, not a date written YYYY-MM-DD",
            crate::diagnostic::inert(&crate::diagnostic::shorten(&head.as_of, 40))
        )));
    }
    Ok(head)
}
