//! Signals: a temporary file never outlives an interrupted process, and Ctrl-C does not end a REPL
//! session.
//!
//! [`install`] starts one thread that waits for SIGINT, SIGTERM and SIGHUP (no code runs inside a
//! signal handler but the flag-setting of `signal-hook`). On SIGTERM or SIGHUP, and on SIGINT outside
//! an interactive session, the thread removes every temporary file or folder still registered
//! ([`Temporary`]) and then ends the process as the signal would have ended it. In an interactive
//! session ([`keep_session`]) SIGINT only sets a flag that [`take_interrupt`] reads: the answer being
//! computed is finished and the session goes on, with its history and its pending `.output`. A
//! session's pending `.output` is registered too ([`on_end`]): a signal that ends the process writes
//! it first.

use std::{
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, Ordering},
        Mutex, OnceLock,
    },
};

use signal_hook::{
    consts::{SIGHUP, SIGINT, SIGTERM},
    iterator::Signals,
    low_level::emulate_default_handler,
};

/// The temporary files and folders that exist now, to remove if a signal ends the process.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Whether SIGINT is a request to the interactive session rather than an end.
static KEEP_SESSION: AtomicBool = AtomicBool::new(false);
/// Whether SIGINT arrived while the session was kept.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static INSTALLED: OnceLock<bool> = OnceLock::new();
/// What to save before a signal ends the process: a session's pending `.output`.
type LastWords = Box<dyn Fn() + Send>;
static LAST_WORDS: Mutex<Option<LastWords>> = Mutex::new(None);

/// Starts watching for signals, once per process. Returns whether the watch is on: if the system
/// refuses (it should not), temporaries are still removed on every ordinary path, and the file
/// they hold is readable by its owner only.
pub fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return false;
        };
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if signal == SIGINT && KEEP_SESSION.load(Ordering::SeqCst) {
                        INTERRUPTED.store(true, Ordering::SeqCst);
                        continue;
                    }
                    if let Some(save) = lock(&LAST_WORDS).take() {
                        save();
                    }
                    remove_temporaries();
                    // Ends the process as the signal's default action would.
                    let _ = emulate_default_handler(signal);
                }
            })
            .is_ok()
    })
}

/// In an interactive session, SIGINT (Ctrl-C while an answer is computed) no longer ends the process.
pub fn keep_session(on: bool) {
    if on {
        install();
    }
    KEEP_SESSION.store(on, Ordering::SeqCst);
}

/// Whether Ctrl-C arrived since the last call.
pub fn take_interrupt() -> bool {
    INTERRUPTED.swap(false, Ordering::SeqCst)
}

/// Sets (or, with `None`, clears) what to save if a signal ends the process: it runs on the
/// watcher thread, before the temporaries are removed.
pub fn on_end(save: Option<LastWords>) {
    if save.is_some() {
        install();
    }
    *lock(&LAST_WORDS) = save;
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn remove_temporaries() {
    for path in lock(&TEMPORARIES).iter() {
        // A folder still being written may gain a file while it is removed: try again.
        for _ in 0..3 {
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
            if removed.is_ok() || !path.exists() {
                break;
            }
        }
    }
}

/// A temporary file or folder registered for removal on a signal, for as long as this value lives.
#[derive(Debug)]
pub struct Temporary(PathBuf);

impl Temporary {
    /// Registers `path` (before anything is written to it).
    pub fn register(path: &Path) -> Self {
        install();
        lock(&TEMPORARIES).push(path.to_path_buf());
        Temporary(path.to_path_buf())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let mut list = lock(&TEMPORARIES);
        if let Some(at) = list.iter().position(|p| p == &self.0) {
            list.swap_remove(at);
        }
    }
}
