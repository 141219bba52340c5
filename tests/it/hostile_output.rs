//! Hostile input, round two, "data lost or exposed" (issue 13): every way an answer reaches a file
//! (`-o` of `ask`, `run` and `export`, `.output`, `.once`, `.dot`, `export json`) and the REPL's
//! history. Nothing an answer is written over is lost unless the user could have overwritten it with
//! the shell's `>`; no output replaces an input; a temporary file is never predictable, never
//! readable by others, and never outlives its process; what was answered is never lost.
//!
//! Every case runs in a folder of its own (`TempDir`), with relative paths, so that the messages
//! (snapshotted) name no temporary folder. Cases that need a user who is not root run the binary as
//! `nobody` through `setpriv` when the tests run as root (CI does), or directly otherwise.

#![cfg(unix)]

use std::{
    fs,
    os::unix::fs::{MetadataExt, PermissionsExt},
    path::{Path, PathBuf},
    process::Command as Process,
    time::Duration,
};

use assert_cmd::Command;

use crate::common::{root, run, Outcome, TempDir};

const BIN: &str = env!("CARGO_BIN_EXE_lineage");

/// `lineage` run in `dir`, without colour and without history.
fn in_dir(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LINEAGE_HISTORY", "/dev/null")
        .env_remove("LINEAGE_TEST_PAUSE_BEFORE_RENAME_MS");
    cmd
}

/// `dir` with a copy of the mini fixture in `D/` and a script `s.lq`.
fn workspace(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    copy_dir(&root().join("tests/fixtures/mini"), &dir.join("D"));
    dir.write("s.lq", "list purposes\n");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("fixture") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Every file under `dir`, with its bytes: to show that a refused command changed nothing.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable") {
            let path = entry.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("meta");
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                all.push((path.clone(), fs::read(&path).expect("read")));
            } else {
                all.push((path.clone(), Vec::new()));
            }
        }
    }
    all.sort();
    all
}

/// Temporary files left in `dir` (none should ever be).
fn strays(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".lineage-") || n.contains(".tmp"))
        .collect()
}

/// Refused with exit 2; returns stderr.
fn refused(outcome: &Outcome) -> String {
    assert_eq!(
        outcome.code,
        Some(2),
        "exit code; stderr: {}",
        outcome.stderr
    );
    outcome.stderr.clone()
}

// ----- outputs that are inputs -----

/// `-o` naming any input of the command, however spelled, is refused and the input is intact.
#[test]
fn an_output_that_is_an_input_is_refused_however_it_is_spelled() {
    let cases: &[(&str, &[&str])] = &[
        ("script", &["run", "s.lq", "-o", "s.lq"]),
        ("script, ./", &["run", "s.lq", "-o", "./s.lq"]),
        ("script, via ..", &["run", "s.lq", "-o", "D/../s.lq"]),
        ("script, via //", &["run", "./s.lq", "-o", ".//s.lq"]),
        ("script, symlink", &["run", "s.lq", "-o", "link.lq"]),
        ("script, hard link", &["run", "s.lq", "-o", "hard.lq"]),
        (
            "script, link to it is run",
            &["run", "link.lq", "-o", "s.lq"],
        ),
        (
            "script, keep going",
            &["run", "s.lq", "--keep-going", "-o", "s.lq"],
        ),
        (
            "manifest, export dot",
            &["--data", "D", "export", "dot", "-o", "D/manifest.json"],
        ),
        (
            "manifest, export mermaid",
            &["--data", "D", "export", "mermaid", "-o", "D/manifest.json"],
        ),
        (
            "manifest, spelled",
            &["--data", "D/", "export", "dot", "-o", "D/./manifest.json"],
        ),
        (
            "manifest, absolute folder",
            &["--data", "ABS", "export", "dot", "-o", "D/manifest.json"],
        ),
        (
            "data file, ask",
            &["--data", "D", "ask", "list purposes", "-o", "D/notice.json"],
        ),
        (
            "data file, run",
            &["--data", "D", "run", "s.lq", "-o", "D/notice.json"],
        ),
        (
            "snapshot, ask",
            &["--data", "D", "ask", "list purposes", "-o", "D/source.txt"],
        ),
        (
            "snapshot, dot format",
            &[
                "--data",
                "D",
                "ask",
                "list purposes",
                "-f",
                "dot",
                "-o",
                "D/source.txt",
            ],
        ),
        (
            "snapshot, symlink",
            &["--data", "D", "ask", "list purposes", "-o", "snap-link"],
        ),
        ("regime file", &["run", "r.lq", "-o", "R.json"]),
        ("regime file, spelled", &["run", "r.lq", "-o", "./R.json"]),
        (
            "regime file, by parameter",
            &["run", "r2.lq", "--param", "REG=R.json", "-o", "R.json"],
        ),
    ];
    let mut messages = String::new();
    for (what, args) in cases {
        let dir = workspace("input");
        std::os::unix::fs::symlink("s.lq", dir.join("link.lq")).expect("symlink");
        std::os::unix::fs::symlink("D/source.txt", dir.join("snap-link")).expect("symlink");
        fs::hard_link(dir.join("s.lq"), dir.join("hard.lq")).expect("hard link");
        fs::copy(root().join("data/regimes/gdpr.json"), dir.join("R.json")).expect("regime");
        dir.write("r.lq", ".regime R.json\nlist bases\n");
        dir.write("r2.lq", ".regime $REG\nlist bases\n");
        let abs = dir.join("D").display().to_string();
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "ABS" { abs.as_str() } else { a })
            .collect();
        let before = contents(&dir);
        let outcome = run(in_dir(&dir).args(&args));
        let stderr = refused(&outcome);
        assert!(
            stderr.contains("writing there would destroy it"),
            "{what}: {stderr}"
        );
        assert_eq!(contents(&dir), before, "{what}: an input changed");
        assert!(strays(&dir).is_empty(), "{what}: {:?}", strays(&dir));
        messages.push_str(&format!("{what}: {stderr}"));
    }
    insta::assert_snapshot!(messages);
}

/// In the REPL (piped), `.output`, `.once` and `.dot` naming an input of the session are refused
/// when named; answers stay on stdout and every input is intact.
#[test]
fn repl_outputs_that_are_inputs_are_refused_when_named() {
    let cases: &[(&str, &str)] = &[
        (
            ".output manifest",
            ".output D/manifest.json\nlist purposes\n",
        ),
        (
            ".output data file",
            ".output D/notice.json\nlist purposes\n",
        ),
        (
            ".output snapshot",
            ".output \"D/source.txt\"\nlist purposes\n",
        ),
        (".once manifest", ".once D/manifest.json\nlist purposes\n"),
        (
            ".once data file, spelled",
            ".once D/../D/notice.json\nlist purposes\n",
        ),
        (".dot snapshot", "list purposes\n.dot D/source.txt\n"),
        (".once on the script being read", ".read once.lq\n"),
        (".output on the script being read", ".read output.lq\n"),
        (".output on an outer script", ".read outer.lq\n"),
        (
            ".data, then its manifest",
            ".data E\n.output E/manifest.json\nlist purposes\n",
        ),
    ];
    let mut messages = String::new();
    for (what, input) in cases {
        let dir = workspace("repl-input");
        copy_dir(&root().join("tests/fixtures/mini"), &dir.join("E"));
        dir.write("once.lq", ".once once.lq\nlist purposes\n");
        dir.write("output.lq", ".output output.lq\nlist purposes\n.output\n");
        dir.write("outer.lq", ".read inner.lq\n");
        dir.write("inner.lq", ".output outer.lq\nlist purposes\n.output\n");
        let before = contents(&dir);
        let outcome = run(in_dir(&dir).args(["--data", "D"]).write_stdin(*input));
        let stderr = refused(&outcome);
        assert!(
            stderr.contains("writing there would destroy it"),
            "{what}: {stderr}"
        );
        assert!(
            outcome.stdout.contains("Running the service"),
            "{what}: the answer is on stdout: {}",
            outcome.stdout
        );
        assert_eq!(contents(&dir), before, "{what}: an input changed");
        messages.push_str(&format!("{what}:\n{stderr}"));
    }
    insta::assert_snapshot!(messages);
}

/// Outputs beside the inputs, or into a copy of them, are not refused: only the inputs are.
#[test]
fn outputs_beside_the_inputs_are_written() {
    let dir = workspace("beside");
    for (args, file) in [
        (
            vec!["--data", "D", "ask", "list purposes", "-o", "D/answer.md"],
            "D/answer.md",
        ),
        (vec!["run", "s.lq", "-o", "s.md"], "s.md"),
        (
            vec!["--data", "D", "export", "dot", "-o", "D/map.dot"],
            "D/map.dot",
        ),
        (
            vec!["ask", "list bases", "-o", "D/manifest.json.bak"],
            "D/manifest.json.bak",
        ),
    ] {
        let outcome = run(in_dir(&dir).args(&args));
        assert_eq!(outcome.code, Some(0), "{args:?}: {}", outcome.stderr);
        assert!(dir.join(file).is_file(), "{file}");
    }
}

// ----- atomic writes -----

/// The old temporary name was `.NAME.lineage-PID.tmp`: a symbolic link planted there made the write
/// go through it. Now the name is unpredictable and created exclusively: a planted link is never
/// followed, and the file it points at is intact.
#[test]
fn a_symlink_planted_at_the_old_temporary_name_is_not_followed() {
    let dir = TempDir::new("planted");
    let victim = dir.write("victim.txt", "precious\n");
    let target = dir.join("answer.md");
    let planted = dir.join(format!(".answer.md.lineage-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).expect("symlink");
    lineage::present::output::write_atomic(&target, b"the answer\n").expect("written");
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious\n");
    assert_eq!(fs::read_to_string(&target).expect("answer"), "the answer\n");
    assert!(fs::symlink_metadata(&planted)
        .expect("still there")
        .file_type()
        .is_symlink());
}

/// The same through the binary: links planted at every name the old scheme could have chosen for
/// the next few processes are not followed.
#[test]
fn planted_symlinks_beside_the_target_are_never_followed() {
    let dir = TempDir::new("planted-bin");
    let victim = dir.write("victim.txt", "precious\n");
    for pid in 0..200 {
        let name = format!(".answer.md.lineage-{}.tmp", std::process::id() + pid);
        std::os::unix::fs::symlink(&victim, dir.join(name)).expect("symlink");
    }
    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "answer.md"]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious\n");
    assert!(fs::read_to_string(dir.join("answer.md"))
        .expect("answer")
        .contains("Consent"));
}

/// A target whose name is as long as a name may be (255 bytes) is written: the temporary's name is
/// not the target's with something appended.
#[test]
fn a_target_name_at_name_max_is_written() {
    for len in [1, 100, 200, 240, 250, 254, 255] {
        let dir = TempDir::new("name-max");
        let name = "a".repeat(len);
        let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", &name]));
        assert_eq!(outcome.code, Some(0), "{len}: {}", outcome.stderr);
        assert!(dir.join(&name).is_file(), "{len}");
        assert_eq!(dir.names(), vec![name], "{len}: nothing else is left");
    }
}

/// A name over 255 bytes is refused by the system, with one line and exit 2.
#[test]
fn a_target_name_over_name_max_is_one_clear_error() {
    let dir = TempDir::new("name-over");
    let name = "a".repeat(256);
    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", &name]));
    let stderr = refused(&outcome);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("lineage: cannot write `aaaa"),
        "{stderr}"
    );
    assert!(dir.names().is_empty());
}

/// A target that is a symbolic link is written through, as the shell's `>` writes: the link stays,
/// and the file it names gets the answer; a dangling link creates the file it names; a loop of links
/// is one clear error.
#[test]
fn symlinked_targets_are_written_through_and_loops_refused() {
    let dir = TempDir::new("links");
    dir.write("real.md", "old\n");
    std::os::unix::fs::symlink("real.md", dir.join("link.md")).expect("symlink");
    std::os::unix::fs::symlink("link.md", dir.join("link2.md")).expect("symlink");
    std::os::unix::fs::symlink("missing.md", dir.join("dangling.md")).expect("symlink");
    std::os::unix::fs::symlink("loop-b", dir.join("loop-a")).expect("symlink");
    std::os::unix::fs::symlink("loop-a", dir.join("loop-b")).expect("symlink");
    fs::create_dir(dir.join("sub")).expect("sub");
    std::os::unix::fs::symlink("sub", dir.join("sublink")).expect("symlink");

    for link in ["link.md", "link2.md"] {
        let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", link]));
        assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
        assert!(fs::symlink_metadata(dir.join(link))
            .expect("link")
            .file_type()
            .is_symlink());
        assert!(fs::read_to_string(dir.join("real.md"))
            .expect("real")
            .contains("Consent"));
        fs::write(dir.join("real.md"), "old\n").expect("reset");
    }
    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "dangling.md"]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(fs::read_to_string(dir.join("missing.md"))
        .expect("created")
        .contains("Consent"));

    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "sublink/a.md"]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(dir.join("sub/a.md").is_file());

    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "loop-a"]));
    insta::assert_snapshot!(refused(&outcome), @"lineage: cannot write `loop-a`: too many levels of symbolic links\n");
    assert!(strays(&dir).is_empty());
}

/// Whatever the failure, no temporary file is left and the target is as it was.
#[test]
fn a_failed_write_leaves_no_temporary_and_the_target_intact() {
    let dir = TempDir::new("failed");
    dir.write("keep.md", "old\n");
    fs::create_dir(dir.join("folder")).expect("folder");
    let cases: &[(&str, &[&str])] = &[
        (
            "no such folder",
            &["ask", "list bases", "-o", "nowhere/a.md"],
        ),
        ("a folder", &["ask", "list bases", "-o", "folder"]),
        (
            "a folder, trailing slash",
            &["ask", "list bases", "-o", "folder/"],
        ),
        ("the current folder", &["ask", "list bases", "-o", "."]),
        (
            "a file as a folder",
            &["ask", "list bases", "-o", "keep.md/a.md"],
        ),
        (
            "a bad query",
            &["ask", "list nothing at all", "-o", "keep.md"],
        ),
        ("run, bad script", &["run", "nope.lq", "-o", "keep.md"]),
        ("export, a folder", &["export", "dot", "-o", "folder"]),
        (
            "render needs dot",
            &["export", "mermaid", "--render", "svg", "-o", "keep.md"],
        ),
    ];
    let mut messages = String::new();
    for (what, args) in cases {
        let before = contents(&dir);
        let outcome = run(in_dir(&dir).args(*args));
        let stderr = refused(&outcome);
        assert_eq!(contents(&dir), before, "{what}");
        assert!(strays(&dir).is_empty(), "{what}");
        assert!(strays(&dir.join("folder")).is_empty(), "{what}");
        if !what.starts_with("a bad") && !what.starts_with("run,") {
            messages.push_str(&format!("{what}: {stderr}"));
        }
    }
    insta::assert_snapshot!(messages);
}

// ----- modes and write-protected targets -----

/// An existing file keeps its mode: a 0600 file stays 0600 (it came back 0644).
#[test]
fn an_existing_target_keeps_its_mode() {
    for before in [
        0o600, 0o640, 0o644, 0o660, 0o664, 0o666, 0o700, 0o755, 0o604,
    ] {
        let dir = TempDir::new("mode");
        let target = dir.write("answer.md", "old\n");
        set_mode(&target, before);
        let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "answer.md"]));
        assert_eq!(outcome.code, Some(0), "{before:o}: {}", outcome.stderr);
        assert_eq!(mode(&target), before, "mode {before:o} was not kept");
        assert!(fs::read_to_string(&target)
            .expect("answer")
            .contains("Consent"));
    }
}

/// A new file gets the usual mode, `0666 & !umask`: not the temporary's 0600.
#[test]
fn a_new_target_gets_the_usual_mode() {
    for (umask, expected) in [
        ("022", 0o644),
        ("077", 0o600),
        ("002", 0o664),
        ("027", 0o640),
        ("000", 0o666),
    ] {
        let dir = TempDir::new("umask");
        let status = Process::new("sh")
            .current_dir(&*dir)
            .env("LINEAGE_HISTORY", "/dev/null")
            .args([
                "-c",
                &format!("umask {umask}; exec \"$0\" ask 'list bases' -o new.md"),
                BIN,
            ])
            .status()
            .expect("sh runs");
        assert!(status.success(), "umask {umask}");
        assert_eq!(mode(&dir.join("new.md")), expected, "umask {umask}");
    }
}

/// Root replacing another user's file leaves it that user's, with its mode.
#[test]
fn a_replaced_file_keeps_its_owner_where_the_system_allows() {
    if !is_root() {
        crate::common::skip("not running as root", "a replaced file keeps its owner");
        return;
    }
    let dir = TempDir::new("owner");
    let target = dir.write("theirs.md", "old\n");
    std::os::unix::fs::chown(&target, Some(65534), Some(65534)).expect("chown");
    set_mode(&target, 0o640);
    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "theirs.md"]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    let meta = fs::metadata(&target).expect("target");
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(mode(&target), 0o640);
}

fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `lineage ARGS` as a user who is not root: directly when the tests are not root, through
/// `setpriv` as `nobody` when they are. `None` (and a `skipped:` line) when neither is possible.
fn as_user(dir: &Path, args: &[&str], stdin: Option<&str>) -> Option<Outcome> {
    let mut cmd = if is_root() {
        let setpriv = Process::new("setpriv").arg("--version").output();
        if !setpriv.is_ok_and(|o| o.status.success()) {
            crate::common::skip_or_fail(
                "running as root without `setpriv`",
                "write-protected targets are refused",
            );
            return None;
        }
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        cmd
    } else {
        Command::new(BIN)
    };
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LINEAGE_HISTORY", "/dev/null")
        .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    Some(run(&mut cmd))
}

/// A file the user may not write is refused, as the shell's `>` refuses it (it was silently
/// replaced); so is a new file in a folder the user may not write.
#[test]
fn a_write_protected_target_is_refused() {
    let dir = TempDir::new("protected");
    set_mode(&dir, 0o755);
    let cases: &[(&str, u32, &[&str])] = &[
        (
            "0444, ask",
            0o444,
            &["ask", "list bases", "-o", "locked.md"],
        ),
        (
            "0400, ask",
            0o400,
            &["ask", "list bases", "-o", "locked.md"],
        ),
        (
            "0644 of root, ask",
            0o644,
            &["ask", "list bases", "-o", "locked.md"],
        ),
        (
            "0444, export dot",
            0o444,
            &["export", "dot", "-o", "locked.md"],
        ),
        (
            "0444, export mermaid",
            0o444,
            &["export", "mermaid", "-o", "locked.md"],
        ),
        (
            "0444, through a link",
            0o444,
            &["ask", "list bases", "-o", "locked-link"],
        ),
        (
            "new file, folder of root",
            0o444,
            &["ask", "list bases", "-o", "new.md"],
        ),
    ];
    let mut messages = String::new();
    for (what, file_mode, args) in cases {
        let target = dir.write("locked.md", "precious\n");
        set_mode(&target, *file_mode);
        let _ = std::os::unix::fs::symlink("locked.md", dir.join("locked-link"));
        let Some(outcome) = as_user(&dir, args, None) else {
            return;
        };
        if is_root() || *file_mode != 0o644 || what.starts_with("new") {
            let stderr = refused(&outcome);
            messages.push_str(&format!("{what}: {stderr}"));
        }
        assert_eq!(
            fs::read_to_string(&target).expect("intact"),
            "precious\n",
            "{what}"
        );
        assert_eq!(mode(&target), *file_mode, "{what}");
        assert!(!dir.join("new.md").exists(), "{what}");
        assert!(strays(&dir).is_empty(), "{what}");
        set_mode(&target, 0o644);
    }
    if is_root() {
        insta::assert_snapshot!(messages);
    }
}

/// Root may replace a write-protected file, as the shell's `>` lets root: it is replaced, and keeps
/// its mode.
#[test]
fn root_replaces_a_write_protected_file_and_keeps_its_mode() {
    if !is_root() {
        crate::common::skip("not running as root", "root replaces a 0444 file");
        return;
    }
    let dir = TempDir::new("root-protected");
    let target = dir.write("locked.md", "old\n");
    set_mode(&target, 0o444);
    let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", "locked.md"]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(mode(&target), 0o444);
    assert!(fs::read_to_string(&target)
        .expect("answer")
        .contains("Consent"));
}

/// In the REPL, `.output`, `.once` and `.dot` to a folder, a missing folder, a write-protected file
/// or a folder the user may not write are refused when named: the answers stay on stdout.
#[test]
fn repl_targets_are_checked_when_named() {
    let dir = TempDir::new("repl-targets");
    set_mode(&dir, 0o755);
    fs::create_dir(dir.join("folder")).expect("folder");
    let locked = dir.write("locked.md", "precious\n");
    set_mode(&locked, 0o444);
    let cases: &[(&str, &str)] = &[
        (".output a folder", ".output folder\nlist bases\n"),
        (".output the current folder", ".output .\nlist bases\n"),
        (
            ".output a missing folder",
            ".output nowhere/a.md\nlist bases\n",
        ),
        (
            ".output a write-protected file",
            ".output locked.md\nlist bases\n",
        ),
        (
            ".output a folder the user may not write",
            ".output new.md\nlist bases\n",
        ),
        (".once a folder", ".once folder\nlist bases\n"),
        (
            ".once a write-protected file",
            ".once locked.md\nlist bases\n",
        ),
        (".dot a folder", "list bases\n.dot folder\n"),
        (
            ".dot a write-protected file",
            "list bases\n.dot locked.md\n",
        ),
    ];
    let mut messages = String::new();
    for (what, input) in cases {
        let Some(outcome) = as_user(&dir, &[], Some(input)) else {
            return;
        };
        let stderr = refused(&outcome);
        assert!(
            outcome.stdout.contains("Consent"),
            "{what}: answer on stdout"
        );
        assert_eq!(fs::read_to_string(&locked).expect("intact"), "precious\n");
        assert!(!dir.join("new.md").exists(), "{what}");
        assert!(
            strays(&dir).is_empty() && strays(&dir.join("folder")).is_empty(),
            "{what}"
        );
        messages.push_str(&format!("{what}:\n{stderr}"));
    }
    insta::assert_snapshot!(messages);
}

/// A refused `.output` keeps the output that was open: its answers are written when it closes.
#[test]
fn a_refused_output_keeps_the_open_one() {
    let dir = TempDir::new("keep-open");
    fs::create_dir(dir.join("folder")).expect("folder");
    let outcome =
        run(in_dir(&dir).write_stdin(".output a.md\nlist bases\n.output folder\nlist purposes\n"));
    refused(&outcome);
    let written = fs::read_to_string(dir.join("a.md")).expect("a.md written");
    assert!(
        written.contains("Consent") && written.contains("Purpose"),
        "{written}"
    );
    assert_eq!(outcome.stdout, "");
}

// ----- what was answered is never lost -----

/// `.output` is written whatever ends the input: its end, `.quit`, bytes that are not UTF-8.
#[test]
fn a_pending_output_is_written_however_the_input_ends() {
    let cases: &[(&str, &[u8])] = &[
        ("end of input", b".output a.md\nlist bases\n"),
        ("end without a newline", b".output a.md\nlist bases"),
        (".quit", b".output a.md\nlist bases\n.quit\nlist purposes\n"),
        (
            "invalid UTF-8",
            b".output a.md\nlist bases\n\xff\xfe bad\nlist purposes\n",
        ),
        (
            "invalid UTF-8 in a continued line",
            b".output a.md\nlist bases\nlist \\\n\xc3\x28\n",
        ),
        (
            "a failing query",
            b".output a.md\nlist bases\nlist nothing\n",
        ),
    ];
    for (what, input) in cases {
        let dir = TempDir::new("pending");
        let outcome = run(in_dir(&dir).write_stdin(*input));
        let written =
            fs::read_to_string(dir.join("a.md")).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(written.contains("Consent"), "{what}: {written}");
        assert!(strays(&dir).is_empty(), "{what}");
        assert!(
            !outcome.stdout.contains("Consent"),
            "{what}: sent to the file, not stdout"
        );
    }
}

/// A signal that ends a piped session (SIGTERM, SIGHUP, SIGINT) writes its pending `.output` first.
#[test]
fn a_signal_that_ends_a_piped_session_writes_its_pending_output() {
    use std::io::Write as _;
    for signal in ["TERM", "HUP", "INT"] {
        let dir = TempDir::new("signal-pending");
        let mut child = Process::new(BIN)
            .current_dir(&*dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("starts");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b".output a.md\nlist bases\n.once b.md\nlist purposes\n")
            .expect("written");
        stdin.flush().expect("flushed");
        // `b.md`, written at once, says the lines were read: the session waits for more input, its
        // `.output` pending.
        for _ in 0..500 {
            if dir.join("b.md").exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            dir.join("b.md").exists(),
            "{signal}: the session did not answer"
        );
        assert!(!dir.join("a.md").exists(), "{signal}: still pending");
        Process::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill");
        let ended = child.wait().expect("ends");
        drop(stdin);
        assert!(!ended.success(), "{signal}");
        let written =
            fs::read_to_string(dir.join("a.md")).unwrap_or_else(|e| panic!("{signal}: {e}"));
        assert!(written.contains("Consent"), "{signal}: {written}");
        assert!(strays(&dir).is_empty(), "{signal}");
    }
}

/// If the `.output` file cannot be written when it closes (its folder went away), its answers go to
/// stdout with an error: nothing answered is lost. The same for `.once`.
#[test]
fn answers_that_cannot_reach_their_file_go_to_stdout() {
    for command in [".output", ".once"] {
        let ds =
            lineage::load(&lineage::Files::dir(root().join("tests/fixtures/mini"))).expect("mini");
        let dir = TempDir::new("gone");
        fs::create_dir(dir.join("sub")).expect("sub");
        let target = dir.join("sub/a.md");
        let mut session = lineage::repl::Session::new(ds);
        let origin = lineage::repl::Origin::new("test", 1);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let line = format!("{command} {}", target.display());
        session
            .run_line(&line, &origin, &mut out, &mut err)
            .expect("named");
        assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
        fs::remove_dir(dir.join("sub")).expect("folder removed");
        session
            .run_line("list purposes", &origin, &mut out, &mut err)
            .expect("asked");
        session.close_output(&mut out, &mut err).expect("closed");
        let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
        assert!(out.contains("Running the service"), "{command}: {out}");
        assert!(
            err.contains("follow on stdout") || err.contains("follows on stdout"),
            "{command}: {err}"
        );
        assert_eq!(session.errors, 1, "{command}");
    }
}

// ----- export json -----

/// A dataset whose snapshot is named like the export's data file (`./dataset.json`) or sits in a
/// subfolder exports: the snapshot is never written over the data file, and the export loads back.
#[test]
fn export_json_keeps_the_snapshot_apart_from_the_data_file() {
    let cases: &[(&str, &str, &str)] = &[
        ("./dataset.json", "dataset.json", "source.txt"),
        ("dataset.json", "dataset.json", "source.txt"),
        ("Dataset.json", "Dataset.json", "source.txt"),
        ("./././dataset.json", "dataset.json", "source.txt"),
        ("texts/source.txt", "texts/source.txt", "texts/source.txt"),
        (
            "./texts/./source.txt",
            "texts/source.txt",
            "texts/source.txt",
        ),
        ("a/b/c/notice.txt", "a/b/c/notice.txt", "a/b/c/notice.txt"),
        ("notice.txt", "notice.txt", "notice.txt"),
    ];
    let mini = root().join("tests/fixtures/mini");
    let text = fs::read(mini.join("source.txt")).expect("snapshot");
    for (snapshot, stored, exported) in cases {
        let dir = TempDir::new("export-snap");
        let data = dir.join("D");
        fs::create_dir(&data).expect("D");
        fs::copy(mini.join("notice.json"), data.join("notice.json")).expect("copy");
        let at = data.join(stored);
        fs::create_dir_all(at.parent().expect("parent")).expect("folders");
        fs::write(&at, &text).expect("snapshot");
        let manifest = fs::read_to_string(mini.join("manifest.json"))
            .expect("manifest")
            .replace("\"source.txt\"", &format!("\"{snapshot}\""));
        fs::write(data.join("manifest.json"), manifest).expect("manifest");

        let outcome = run(in_dir(&dir).args(["--data", "D", "export", "json", "-o", "E"]));
        assert_eq!(outcome.code, Some(0), "{snapshot}: {}", outcome.stderr);
        let e = dir.join("E");
        assert_eq!(
            fs::read(e.join(exported)).expect("snapshot exported"),
            text,
            "{snapshot}"
        );
        let loaded = lineage::load(&lineage::Files::dir(&e))
            .unwrap_or_else(|err| panic!("{snapshot}: {err}"));
        assert_eq!(loaded.manifest().snapshot, *exported, "{snapshot}");
        assert!(fs::read_to_string(e.join("dataset.json"))
            .expect("data")
            .contains("\"nodes\""));
        let check = run(in_dir(&dir).args(["--data", "E", "check"]));
        assert_eq!(check.code, Some(0), "{snapshot}: {}", check.stderr);
        assert!(strays(&dir).is_empty(), "{snapshot}");
    }
}

/// `export json` into a folder that exists (or a link, or a file) is refused and changes nothing;
/// into a missing parent it fails and leaves nothing.
#[test]
fn export_json_refuses_what_exists_and_leaves_nothing_on_failure() {
    let dir = workspace("export-refused");
    fs::create_dir(dir.join("full")).expect("full");
    dir.write("full/keep.txt", "keep\n");
    dir.write("file.txt", "keep\n");
    std::os::unix::fs::symlink("nowhere", dir.join("dangling")).expect("symlink");
    let cases = [
        "D",
        "full",
        "file.txt",
        "dangling",
        ".",
        "nowhere/E",
        "file.txt/E",
    ];
    let mut messages = String::new();
    for target in cases {
        let before = contents(&dir);
        let outcome = run(in_dir(&dir).args(["--data", "D", "export", "json", "-o", target]));
        let stderr = refused(&outcome);
        assert_eq!(contents(&dir), before, "{target}");
        assert!(strays(&dir).is_empty(), "{target}");
        messages.push_str(&stderr);
    }
    insta::assert_snapshot!(messages);
}

/// An export's folder gets the usual mode (0777 less the umask), not the temporary folder's 0700.
#[test]
fn export_json_gets_the_usual_folder_mode() {
    for (umask, expected) in [("022", 0o755), ("077", 0o700), ("002", 0o775)] {
        let dir = TempDir::new("export-mode");
        let status = Process::new("sh")
            .current_dir(&*dir)
            .args([
                "-c",
                &format!("umask {umask}; exec \"$0\" export json -o E"),
                BIN,
            ])
            .status()
            .expect("sh runs");
        assert!(status.success(), "umask {umask}");
        assert_eq!(mode(&dir.join("E")), expected, "umask {umask}");
        assert!(strays(&dir).is_empty());
    }
}

// ----- a signal between writing and renaming -----

/// The temporary file is readable by its owner only while it is written, and a signal that ends
/// the process before the rename removes it: nothing holding the answer is left, and the target is
/// as it was.
#[test]
fn a_signal_before_the_rename_leaves_no_temporary() {
    for signal in ["TERM", "HUP", "INT"] {
        let dir = TempDir::new("signal");
        dir.write("answer.md", "old\n");
        let mut child = Process::new(BIN)
            .current_dir(&*dir)
            .env("LINEAGE_TEST_PAUSE_BEFORE_RENAME_MS", "5000")
            .args(["ask", "list bases", "-o", "answer.md"])
            .spawn()
            .expect("starts");
        let temp = wait_for_temporary(&dir);
        assert!(temp.is_some(), "{signal}: no temporary seen");
        let temp = temp.expect("seen");
        // While it is written it is 0600; finished, it has the target's mode, and holds the answer.
        assert!(
            mode(&temp) == 0o600 || mode(&temp) == 0o644,
            "{signal}: {:o}",
            mode(&temp)
        );
        let status = Process::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let ended = child.wait().expect("ends");
        assert!(!ended.success(), "{signal}: ended by the signal");
        assert!(strays(&dir).is_empty(), "{signal}: {:?}", strays(&dir));
        assert_eq!(
            fs::read_to_string(dir.join("answer.md")).expect("target"),
            "old\n"
        );
    }
}

/// The same for `export json`: the temporary folder goes, and no export is left half-made.
#[test]
fn a_signal_before_an_export_is_renamed_leaves_nothing() {
    let dir = TempDir::new("signal-export");
    let mut child = Process::new(BIN)
        .current_dir(&*dir)
        .env("LINEAGE_TEST_PAUSE_BEFORE_RENAME_MS", "5000")
        .args(["export", "json", "-o", "E"])
        .spawn()
        .expect("starts");
    let temp = wait_for_temporary(&dir).expect("a temporary folder");
    // 0700 while it is written and checked; its final mode only once it is whole.
    assert!(
        mode(&temp) == 0o700 || mode(&temp) == 0o755,
        "{:o}",
        mode(&temp)
    );
    Process::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(!child.wait().expect("ends").success());
    assert!(dir.names().is_empty(), "{:?}", dir.names());
}

/// Waits (up to 10 s) for a `.lineage-` temporary in `dir` that holds what it will hold.
fn wait_for_temporary(dir: &Path) -> Option<PathBuf> {
    for _ in 0..1000 {
        let found = fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".lineage-"))
            });
        if found.is_some() {
            // Give the writer a moment to reach the pause before the rename (the first seen may
            // be the probe of the folder, removed at once).
            std::thread::sleep(Duration::from_millis(300));
            let again = fs::read_dir(dir)
                .ok()?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(".lineage-"))
                });
            if again.is_some() {
                return again;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

// ----- history -----

use lineage::repl::history::{History, HistoryError};

fn open_history(path: &Path) -> Result<Option<(History, Vec<String>)>, HistoryError> {
    History::open(path)
}

/// `LINEAGE_HISTORY` naming something that is not a lineage history is refused with one message,
/// and left exactly as it was: a folder is not chmodded, a notes file is not truncated.
#[test]
fn a_history_that_is_not_ours_is_refused_and_left_alone() {
    let dir = TempDir::new("history-not-ours");
    fs::create_dir(dir.join("folder")).expect("folder");
    set_mode(&dir.join("folder"), 0o755);
    let notes: String = (0..300).map(|i| format!("note {i}\n")).collect();
    let notes_path = dir.write("notes.txt", &notes);
    set_mode(&notes_path, 0o644);
    dir.write("binary", [0xff, 0xfe, 0x00, 0x01]);
    dir.write("v1", "_HiStOrY_V2_\nlist bases\n");
    dir.write("almost", "#V2 \nlist bases\n");
    let fifo = dir.join("fifo");
    let made = Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let big = dir.join("big");
    fs::File::create(&big)
        .expect("big")
        .set_len(17 << 20)
        .expect("sparse");

    let mut cases = vec!["folder", "notes.txt", "binary", "v1", "almost", "big"];
    if made {
        cases.push("fifo");
    }
    let mut messages = String::new();
    for name in cases {
        let path = dir.join(name);
        let before = contents(&dir);
        let modes = (mode(&dir.join("folder")), mode(&notes_path));
        let error = open_history(&path)
            .err()
            .unwrap_or_else(|| panic!("{name}: accepted"));
        assert_eq!(contents(&dir), before, "{name}");
        assert_eq!(
            (mode(&dir.join("folder")), mode(&notes_path)),
            modes,
            "{name}"
        );
        messages.push_str(&format!(
            "{name}: {}\n",
            error.to_string().replace(&dir.display().to_string(), "DIR")
        ));
    }
    insta::assert_snapshot!(messages);
}

/// A missing history is created at mode 0600 with its first line (its folders too); `/dev/null` is
/// no history, quietly; an empty file is taken as ours.
#[test]
fn a_new_history_is_private_and_dev_null_is_none() {
    let dir = TempDir::new("history-new");
    let path = dir.join("a/b/history");
    let (_, entries) = open_history(&path).expect("opens").expect("a history");
    assert!(entries.is_empty());
    assert_eq!(fs::read_to_string(&path).expect("created"), "#V2\n");
    assert_eq!(mode(&path), 0o600);

    assert!(open_history(Path::new("/dev/null"))
        .expect("quiet")
        .is_none());

    let empty = dir.write("empty", "");
    let (mut history, entries) = open_history(&empty).expect("opens").expect("ours");
    assert!(entries.is_empty());
    history.append("list bases", &mut Vec::new());
    assert_eq!(
        fs::read_to_string(&empty).expect("read"),
        "#V2\nlist bases\n"
    );
}

/// A history of ours that others could read is made private; one of more than 100 entries is not
/// truncated (the 100 most recent are recalled); one of more than 1,000 is compacted to its last 100.
#[test]
fn a_long_history_is_recalled_not_truncated() {
    let dir = TempDir::new("history-long");
    let lines = |n: usize| -> String {
        std::iter::once("#V2\n".to_string())
            .chain((0..n).map(|i| format!("question {i}\n")))
            .collect()
    };
    let path = dir.write("history", lines(150));
    set_mode(&path, 0o644);
    let (_, entries) = open_history(&path).expect("opens").expect("ours");
    assert_eq!(entries.len(), 100);
    assert_eq!(entries[0], "question 50");
    assert_eq!(
        fs::read_to_string(&path).expect("kept"),
        lines(150),
        "not truncated"
    );
    assert_eq!(mode(&path), 0o600);

    let path = dir.write("long", lines(1500));
    set_mode(&path, 0o600);
    let (_, entries) = open_history(&path).expect("opens").expect("ours");
    assert_eq!(entries.len(), 100);
    assert_eq!(entries[99], "question 1499");
    let kept = fs::read_to_string(&path).expect("compacted");
    assert_eq!(kept.lines().count(), 101);
    assert_eq!(mode(&path), 0o600, "compaction keeps the mode");
}

/// Two sessions on one file keep both sessions' lines, in the order they were asked; entries with
/// new lines and backslashes come back as they were.
#[test]
fn two_sessions_on_one_history_keep_every_line() {
    let dir = TempDir::new("history-two");
    let path = dir.join("history");
    let (mut first, _) = open_history(&path).expect("opens").expect("ours");
    let (mut second, _) = open_history(&path).expect("opens").expect("ours");
    let mut err = Vec::new();
    for i in 0..50 {
        first.append(&format!("first {i}"), &mut err);
        second.append(&format!("second {i}"), &mut err);
    }
    first.append("a \\ backslash", &mut err);
    second.append("two\nlines", &mut err);
    assert!(err.is_empty());
    let (_, entries) = open_history(&path).expect("opens").expect("ours");
    assert_eq!(entries.len(), 100);
    let text = fs::read_to_string(&path).expect("history");
    assert_eq!(text.lines().count(), 103);
    assert_eq!(entries[98], "a \\ backslash");
    assert_eq!(entries[99], "two\nlines");
}

/// A history that can no longer be written (its file became a folder) is reported once; the
/// session goes on.
#[test]
fn a_history_that_cannot_be_appended_to_is_reported_once() {
    let dir = TempDir::new("history-gone");
    let path = dir.join("history");
    let (mut history, _) = open_history(&path).expect("opens").expect("ours");
    fs::remove_file(&path).expect("removed");
    fs::create_dir(&path).expect("now a folder");
    let mut err = Vec::new();
    history.append("list bases", &mut err);
    history.append("list purposes", &mut err);
    let err = String::from_utf8(err).expect("UTF-8");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("could not save history"), "{err}");
}

// ----- the REPL in a terminal -----

mod terminal {
    use std::{path::Path, process::Command, time::Duration};

    use rexpect::{process::Signal, reader::Options, session::PtySession, spawn_with_options};

    use super::{mode, set_mode, BIN};
    use crate::common::TempDir;

    fn repl(dir: &Path, history: &Path) -> PtySession {
        repl_with(dir, history, &[])
    }

    fn repl_with(dir: &Path, history: &Path, env: &[(&str, &str)]) -> PtySession {
        let mut command = Command::new(BIN);
        command.envs(env.iter().copied());
        command
            .current_dir(dir)
            .env("LINEAGE_HISTORY", history)
            .env("TERM", "xterm")
            .env("NO_COLOR", "1");
        let options = Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(true);
        spawn_with_options(command, options).expect("lineage starts in a pty")
    }

    fn at_prompt(p: &mut PtySession) {
        p.exp_string("lineage> ").expect("prompt");
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Two sessions open on one history at once: both sessions' lines are kept (the second's
    /// whole-file rewrite lost the first's).
    #[test]
    fn two_sessions_at_once_keep_both_histories() {
        let dir = TempDir::new("pty-two");
        let history = dir.join("history");
        let mut a = repl(&dir, &history);
        at_prompt(&mut a);
        let mut b = repl(&dir, &history);
        at_prompt(&mut b);
        a.send_line("list bases").expect("a asks");
        a.exp_string("Legal obligation").expect("a answered");
        at_prompt(&mut a);
        b.send_line("list purposes").expect("b asks");
        b.exp_string("rows").expect("b answered");
        at_prompt(&mut b);
        a.send_line(".quit").expect("a quits");
        a.exp_eof().expect("a exits");
        b.send_line(".quit").expect("b quits");
        b.exp_eof().expect("b exits");
        let kept = std::fs::read_to_string(&history).expect("history");
        assert!(
            kept.contains("list bases") && kept.contains("list purposes"),
            "{kept}"
        );
        assert_eq!(mode(&history), 0o600);
    }

    /// Ctrl-C (SIGINT) does not end the session: its history and its pending `.output` are kept,
    /// and it goes on answering.
    #[test]
    fn ctrl_c_keeps_the_session_its_history_and_its_output() {
        let dir = TempDir::new("pty-ctrl-c");
        let history = dir.join("history");
        let mut p = repl(&dir, &history);
        at_prompt(&mut p);
        p.send_line(".output answers.md").expect("output");
        at_prompt(&mut p);
        // SIGINT sent as the question is being answered, and again at the prompt.
        p.send_line("list bases").expect("ask");
        p.process_mut().signal(Signal::SIGINT).expect("SIGINT");
        at_prompt(&mut p);
        p.process_mut().signal(Signal::SIGINT).expect("SIGINT");
        std::thread::sleep(Duration::from_millis(200));
        p.send_line("list purposes").expect("ask again");
        at_prompt(&mut p);
        p.send_control('d').expect("ctrl-d");
        p.exp_eof().expect("exits");
        let written = std::fs::read_to_string(dir.join("answers.md")).expect("output written");
        assert!(
            written.contains("Consent") && written.contains("Purpose"),
            "{written}"
        );
        let kept = std::fs::read_to_string(&history).expect("history");
        assert!(
            kept.contains("list bases") && kept.contains("list purposes"),
            "{kept}"
        );
    }

    /// SIGINT while an answer is being written (held before its rename by the debug hook): the
    /// answer is finished, the session says so and goes on.
    #[test]
    fn ctrl_c_while_an_answer_is_written_finishes_it_and_goes_on() {
        let dir = TempDir::new("pty-ctrl-c-busy");
        let history = dir.join("history");
        let mut p = repl_with(
            &dir,
            &history,
            &[("LINEAGE_TEST_PAUSE_BEFORE_RENAME_MS", "1500")],
        );
        at_prompt(&mut p);
        p.send_line(".once a.md").expect("once");
        at_prompt(&mut p);
        p.send_line("list bases").expect("ask");
        std::thread::sleep(Duration::from_millis(700));
        p.process_mut().signal(Signal::SIGINT).expect("SIGINT");
        p.exp_string("Ctrl-C does not stop a question being answered")
            .expect("said");
        at_prompt(&mut p);
        assert!(std::fs::read_to_string(dir.join("a.md"))
            .expect("written")
            .contains("Consent"));
        p.send_line("list purposes").expect("ask again");
        p.exp_string("rows").expect("answered");
        at_prompt(&mut p);
        p.send_line(".quit").expect("quit");
        p.exp_eof().expect("exits");
        let kept = std::fs::read_to_string(&history).expect("history");
        assert!(
            kept.contains("list bases") && kept.contains("list purposes"),
            "{kept}"
        );
    }

    /// SIGHUP (the terminal closed) or SIGTERM ends an interactive session; its pending `.output`
    /// is written first, and its history is already on disk.
    #[test]
    fn a_signal_that_ends_a_terminal_session_writes_its_pending_output() {
        for signal in [Signal::SIGHUP, Signal::SIGTERM] {
            let dir = TempDir::new("pty-hup");
            let history = dir.join("history");
            let mut p = repl(&dir, &history);
            at_prompt(&mut p);
            p.send_line(".output a.md").expect("output");
            at_prompt(&mut p);
            p.send_line("list bases").expect("ask");
            at_prompt(&mut p);
            p.process_mut().signal(signal).expect("signal");
            let _ = p.exp_eof();
            for _ in 0..250 {
                if dir.join("a.md").exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let written = std::fs::read_to_string(dir.join("a.md")).expect("written");
            assert!(written.contains("Consent"), "{signal:?}: {written}");
            let kept = std::fs::read_to_string(&history).expect("history");
            assert!(kept.contains("list bases"), "{kept}");
        }
    }

    /// `LINEAGE_HISTORY` naming a folder or a notes file: said once, left alone, and the session
    /// works without history.
    #[test]
    fn a_history_that_is_not_ours_is_said_once_and_left_alone() {
        let dir = TempDir::new("pty-not-ours");
        std::fs::create_dir(dir.join("folder")).expect("folder");
        set_mode(&dir.join("folder"), 0o755);
        let notes = dir.write("notes.txt", "my notes\n");
        for (target, expected_mode) in [(dir.join("folder"), 0o755), (notes.clone(), 0o644)] {
            set_mode(&target, expected_mode);
            let mut p = repl(&dir, &target);
            p.exp_string("history is off for this session")
                .expect("said");
            at_prompt(&mut p);
            p.send_line("list bases").expect("ask");
            p.exp_string("Legal obligation").expect("answered");
            at_prompt(&mut p);
            p.send_line(".quit").expect("quit");
            p.exp_eof().expect("exits");
            assert_eq!(mode(&target), expected_mode);
        }
        assert_eq!(
            std::fs::read_to_string(&notes).expect("notes"),
            "my notes\n"
        );
    }
}

/// A device is written in place, never replaced by a rename: `/dev/null` stays a device, and
/// `/dev/stdout` gets the answer.
#[test]
fn a_device_target_is_written_in_place() {
    let dir = TempDir::new("device");
    for (target, on_stdout) in [("/dev/null", false), ("/dev/stdout", true)] {
        let outcome = run(in_dir(&dir).args(["ask", "list bases", "-o", target]));
        assert_eq!(outcome.code, Some(0), "{target}: {}", outcome.stderr);
        assert_eq!(outcome.stdout.contains("Consent"), on_stdout, "{target}");
        // Neither is replaced by a file: `/dev/null` stays a device, `/dev/stdout` a link.
        let meta = fs::symlink_metadata(target).expect("still there");
        assert!(!meta.is_file(), "{target} was replaced by a file");
    }
    assert!(dir.names().is_empty());
}
