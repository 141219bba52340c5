//! Writing a file so that nothing is lost or exposed: the one way answers, reports and diagrams reach
//! a file (`-o`, `.output`, `.once`, `.dot`).
//!
//! A target is checked first ([`check_target`]): it must not be a folder, nor a file the user may not
//! write (as the shell's `>` refuses it), nor one of the command's own inputs ([`Inputs`], compared by
//! device and inode, never by spelling). A symbolic link is followed to the file it names, as `>`
//! does. Then [`write_to`] creates a temporary file exclusively, with an unpredictable name
//! (`.lineage-XXXXXX.tmp`, whatever the target's name) in the target's folder, at mode 0600 while it
//! is written, registered for removal if a signal ends the process ([`crate::signals`]); gives it the
//! target's mode and owner (or, for a new file, the usual `0666 & !umask`); and renames it over the
//! target. The target is either the whole answer or untouched. A device or a pipe (`/dev/stdout`) is
//! written in place.

use std::{
    fs::{self, File, Metadata},
    io::{self, Write},
    path::{Path, PathBuf},
};

use crate::{dataset::model::Manifest, present::output::OutputError, signals::Temporary};

/// How many symbolic links are followed before a target is taken to be a loop (as Linux does).
const MAX_LINKS: usize = 40;

/// The files a command reads, which none of its outputs may replace: each with what it is, for the
/// message (`the script being run`).
#[derive(Debug, Clone, Default)]
pub struct Inputs(Vec<(String, PathBuf)>);

impl Inputs {
    /// Adds one input.
    pub fn add(&mut self, what: impl Into<String>, path: impl Into<PathBuf>) {
        self.0.push((what.into(), path.into()));
    }

    /// Every file of the dataset in folder `dir`: its manifest, its data files and its snapshot.
    pub fn add_dataset(&mut self, dir: &Path, manifest: &Manifest) {
        self.add("the dataset's manifest", dir.join("manifest.json"));
        for file in &manifest.files {
            self.add("a data file of the dataset", dir.join(file));
        }
        self.add("the dataset's snapshot", dir.join(&manifest.snapshot));
    }

    /// The input that `meta` (a target's metadata) is, if any.
    fn find(&self, meta: &Metadata) -> Option<&str> {
        self.0
            .iter()
            .find(|(_, path)| fs::metadata(path).is_ok_and(|m| same_file(&m, meta)))
            .map(|(what, _)| what.as_str())
    }
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len()
        && a.modified().ok() == b.modified().ok()
        && a.created().ok() == b.created().ok()
}

/// A checked target: where the answer goes, and what is there now.
#[derive(Debug)]
pub struct Target {
    /// The path as the user named it, for messages.
    named: PathBuf,
    /// The file it names once symbolic links are followed: what is replaced.
    real: PathBuf,
    /// What is there now: `None` for a new file.
    existing: Option<Metadata>,
    /// A device, a pipe or a stream the process holds: written in place, never replaced.
    in_place: bool,
}

/// Checks that `path` may receive an answer: see the module's documentation.
pub fn check_target(path: &Path, inputs: &Inputs) -> Result<Target, OutputError> {
    let write = |error| OutputError::Write {
        path: path.to_path_buf(),
        error,
    };
    // A stream the process holds (`/dev/stdout`, `/proc/self/fd/1`, whatever it leads to) is written
    // in place, at its end: it names an open file, not a file to replace.
    if is_stream(path) {
        return stream_target(path, inputs);
    }
    let real = follow_links(path).map_err(write)?;
    let existing = match fs::metadata(&real) {
        Ok(meta) => Some(meta),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            None
        }
        Err(e) => return Err(write(e)),
    };
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(OutputError::IsFolder {
                path: path.to_path_buf(),
            });
        }
        if let Some(what) = inputs.find(meta) {
            return Err(OutputError::IsInput {
                path: path.to_path_buf(),
                what: what.to_string(),
            });
        }
        // A device or a pipe is written in place (opening a pipe here would wait for a reader).
        if !meta.is_file() {
            return Ok(Target::at(path, real, existing, true));
        }
        // Opened for writing without truncating: what the shell's `>` would be refused.
        if let Err(e) = fs::OpenOptions::new().write(true).open(&real) {
            return Err(match e.kind() {
                io::ErrorKind::PermissionDenied => OutputError::ReadOnly {
                    path: path.to_path_buf(),
                },
                _ => write(e),
            });
        }
    }
    let folder = folder_of(&real);
    if !folder.is_dir() {
        return Err(OutputError::NoFolder {
            path: path.to_path_buf(),
            folder,
        });
    }
    // The folder must take a new file: a probe, created exclusively and removed at once.
    if let Err(e) = temporary(&folder) {
        return Err(match e.kind() {
            io::ErrorKind::PermissionDenied => OutputError::FolderReadOnly {
                path: path.to_path_buf(),
                folder,
            },
            _ => write(e),
        });
    }
    Ok(Target::at(path, real, existing, false))
}

/// A stream of this process as a target: only checked against the inputs.
fn stream_target(path: &Path, inputs: &Inputs) -> Result<Target, OutputError> {
    let meta = fs::metadata(path).ok();
    if let Some(what) = meta.as_ref().and_then(|m| inputs.find(m)) {
        return Err(OutputError::IsInput {
            path: path.to_path_buf(),
            what: what.to_string(),
        });
    }
    Ok(Target::at(path, path.to_path_buf(), meta, true))
}

impl Target {
    fn at(named: &Path, real: PathBuf, existing: Option<Metadata>, in_place: bool) -> Self {
        Target {
            named: named.to_path_buf(),
            real,
            existing,
            in_place,
        }
    }
}

/// Writes `bytes` to a checked target: see the module's documentation.
pub fn write_to(target: &Target, bytes: &[u8]) -> Result<(), OutputError> {
    write_with(target, |w| w.write_all(bytes))
}

/// Writes what `produce` writes to a checked target, as it is produced (through a buffer): a large
/// answer is never held whole in memory, and the target is still either the whole of it or untouched.
pub fn write_with(
    target: &Target,
    produce: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let write = |error| OutputError::Write {
        path: target.named.clone(),
        error,
    };
    if target.in_place {
        return fs::OpenOptions::new()
            .append(true)
            .open(&target.real)
            .and_then(|file| {
                let mut buffered = io::BufWriter::new(file);
                produce(&mut buffered)?;
                buffered.flush()
            })
            .map_err(write);
    }
    let mut temp = temporary(&folder_of(&target.real)).map_err(write)?;
    let registered = Temporary::register(temp.path());
    // The mode a new file gets: the temporary was created asking for 0666, less the umask.
    let new_mode = mode_of(&temp.as_file().metadata().map_err(write)?);
    set_mode(temp.as_file(), 0o600).map_err(write)?;
    {
        let mut buffered = io::BufWriter::new(&mut temp);
        produce(&mut buffered).and_then(|()| buffered.flush())
    }
    .and_then(|()| temp.as_file().sync_all())
    .map_err(write)?;
    match &target.existing {
        Some(meta) => keep_mode_and_owner(temp.as_file(), meta).map_err(write)?,
        None => set_mode(temp.as_file(), new_mode).map_err(write)?,
    }
    pause_before_rename();
    let persisted = temp.persist(&target.real);
    drop(registered);
    persisted.map_err(|e| OutputError::Replace {
        path: target.named.clone(),
        error: e.error,
    })?;
    Ok(())
}

/// Checks `path` against `inputs`, then writes `bytes` there.
pub fn write_checked(path: &Path, bytes: &[u8], inputs: &Inputs) -> Result<(), OutputError> {
    write_to(&check_target(path, inputs)?, bytes)
}

/// A new temporary file in `dir`: exclusive, unpredictable, asked for mode 0666 (less the umask).
fn temporary(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lineage-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Whether `path` names a stream of this process: `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, or
/// a link that leads into `/proc`.
fn is_stream(path: &Path) -> bool {
    let under = |p: &Path| p.starts_with("/proc") || p.starts_with("/dev/fd");
    if under(path)
        || ["/dev/stdout", "/dev/stderr"]
            .iter()
            .any(|s| path == Path::new(s))
    {
        return true;
    }
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::read_link(&at) {
            Ok(link) if under(&link) => return true,
            Ok(link) => at = folder_of(&at).join(link),
            Err(_) => return false,
        }
    }
    false
}

/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` with every symbolic link in its last component followed, as the shell's `>` would; a
/// link to a missing file names the file it would create.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut real = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&real) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&real)?;
                real = folder_of(&real).join(link);
            }
            _ => return Ok(real),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn mode_of(meta: &Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_: &Metadata) -> u32 {
    0o644
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &File, _: u32) -> io::Result<()> {
    Ok(())
}

/// Gives the new file the replaced one's owner (where the system allows it) and mode.
fn keep_mode_and_owner(file: &File, meta: &Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = file.metadata()?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
            // Only a privileged user may give a file away; anyone else keeps it, as `cp` does.
            let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
        }
    }
    set_mode(file, mode_of(meta))
}

/// In a debug build, `LINEAGE_TEST_PAUSE_BEFORE_RENAME_MS` holds a finished temporary file (or an
/// export's folder) back before it is renamed, so that tests can send a signal in that window. Release builds ignore it.
pub(crate) fn pause_before_rename() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("LINEAGE_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(10_000)));
    }
}
