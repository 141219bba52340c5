//! Hostile input, round two (issue 13), part A: parameters that grow without bound, output that
//! cannot be written (a closed pipe, a full device), inputs that never end (`/dev/zero`, FIFOs,
//! devices behind symlinks), `.read` chains that fan out, and line continuations that join in
//! quadratic time. Every case checks the exit code and the exact message (snapshotted where a user
//! sees it), that nothing reached stdout that should not, and that it ends quickly.
//! `docs/ROBUSTNESS.md` lists each class with its test.

use std::{
    collections::BTreeMap,
    fs,
    path::Path,
    process::{Command as Process, Stdio},
    time::{Duration, Instant},
};

use lineage::{
    lines::{logical_lines, MAX_JOINED_BYTES},
    query::{lex::lex, lex::MAX_PARAM_BYTES, QueryErrorKind},
};

use crate::common::{lineage, root, run, Outcome, TempDir};

// ----- helpers -----

/// The binary, run from the repository with stdin, stdout and stderr as given.
fn binary() -> Process {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_lineage"));
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

/// `args`, with stdout a pipe whose reading end is closed before the binary writes: `lineage … | head -0`.
/// Returns the exit code and stderr.
fn into_closed_pipe(args: &[&str], stdin: Option<&Path>) -> (Option<i32>, String) {
    let mut cmd = binary();
    cmd.args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(match stdin {
            Some(path) => Stdio::from(fs::File::open(path).expect("stdin file")),
            None => Stdio::null(),
        });
    let mut child = cmd.spawn().expect("lineage runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("lineage ends");
    (
        output.status.code(),
        String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
    )
}

/// `args > /dev/full`; `None` (and a one-line note) where there is no `/dev/full`.
fn into_full_device(args: &[&str], stdin: Option<&Path>) -> Option<(Option<i32>, String)> {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full here; not checked: a full device");
        return None;
    }
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    let output = binary()
        .args(args)
        .stdout(full)
        .stdin(match stdin {
            Some(path) => Stdio::from(fs::File::open(path).expect("stdin file")),
            None => Stdio::null(),
        })
        .output()
        .expect("lineage runs");
    Some((
        output.status.code(),
        String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
    ))
}

/// Runs `cmd`, which must end within `seconds` (in a debug build).
fn timed(cmd: &mut assert_cmd::Command, seconds: u64) -> Outcome {
    let start = Instant::now();
    let outcome = run(cmd.timeout(Duration::from_secs(30)));
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(seconds),
        "took {took:?}; stderr: {}",
        outcome.stderr
    );
    outcome
}

/// The message with the temporary folder's path replaced by `[TMP]`.
fn tidy(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[TMP]")
}

/// One line of a table of cases for a snapshot: the case, its exit code and its stderr.
fn case(name: &str, outcome: &Outcome, dir: &Path) -> String {
    format!(
        "## {name}\nexit: {:?}\n{}\n",
        outcome.code,
        tidy(&outcome.stderr, dir).trim_end()
    )
}

fn mkfifo(path: &Path) {
    let status = Process::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A folder holding every kind of file that is not a regular file, each behind a symlink too:
/// `(name, path)` pairs.
fn not_regular_files(dir: &TempDir) -> Vec<(&'static str, std::path::PathBuf)> {
    let fifo = dir.join("fifo");
    mkfifo(&fifo);
    fs::create_dir(dir.join("folder")).expect("folder");
    let links = [
        ("zero-link", "/dev/zero"),
        ("null-link", "/dev/null"),
        ("fifo-link", "fifo"),
        ("folder-link", "folder"),
    ];
    for (link, target) in links {
        std::os::unix::fs::symlink(target, dir.join(link)).expect("symlink");
    }
    vec![
        ("/dev/zero", "/dev/zero".into()),
        ("/dev/null", "/dev/null".into()),
        ("a FIFO", fifo),
        ("a folder", dir.join("folder")),
        ("a symlink to /dev/zero", dir.join("zero-link")),
        ("a symlink to /dev/null", dir.join("null-link")),
        ("a symlink to a FIFO", dir.join("fifo-link")),
        ("a symlink to a folder", dir.join("folder-link")),
        ("a dangling symlink", {
            let path = dir.join("dangling-link");
            std::os::unix::fs::symlink(dir.join("nowhere"), &path).expect("symlink");
            path
        }),
    ]
}

// ----- 1. parameters are capped, and so is the query they expand into -----

fn params(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn expansion_stops_at_the_cap_before_building_the_text() {
    let big = "x".repeat(MAX_PARAM_BYTES);
    let half = "y".repeat(MAX_PARAM_BYTES / 2);
    let cases: Vec<(String, BTreeMap<String, String>, Option<QueryErrorKind>)> = vec![
        // Used once, a value at the cap passes the cap with the rest of the query.
        (
            "purposes of $a".into(),
            params(&[("a", big.clone())]),
            Some(QueryErrorKind::ExpandedTooLong),
        ),
        // Twice half the cap, plus the query's own words.
        (
            "purposes of $a $a".into(),
            params(&[("a", half.clone())]),
            Some(QueryErrorKind::ExpandedTooLong),
        ),
        // 64 KiB of `$a`, each a kilobyte: 32 MiB if expanded.
        (
            "$a ".repeat(MAX_PARAM_BYTES / 3),
            params(&[("a", "z".repeat(1024))]),
            Some(QueryErrorKind::ExpandedTooLong),
        ),
        // Short values used often stay under the cap: the query's own errors come first.
        (
            "purposes of $a $a".into(),
            params(&[("a", "q".into())]),
            None,
        ),
        ("$".into(), params(&[]), Some(QueryErrorKind::LoneDollar)),
        (
            "purposes of $".into(),
            params(&[("a", "q".into())]),
            Some(QueryErrorKind::LoneDollar),
        ),
        (
            "purposes of $ $a".into(),
            params(&[("a", "q".into())]),
            Some(QueryErrorKind::LoneDollar),
        ),
        (
            "purposes of $b".into(),
            params(&[("a", "q".into())]),
            Some(QueryErrorKind::UnknownParameter { name: "b".into() }),
        ),
        (
            "purposes of $$".into(),
            params(&[]),
            Some(QueryErrorKind::UnknownParameter { name: "$".into() }),
        ),
    ];
    for (query, params, expected) in cases {
        let start = Instant::now();
        let result = lex(&query, &params);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{}",
            &query[..20.min(query.len())]
        );
        match expected {
            Some(kind) => assert_eq!(
                result.expect_err("refused").kind,
                kind,
                "{}",
                &query[..20.min(query.len())]
            ),
            None => {
                let tokens = result.expect("lexes");
                let total: usize = tokens.iter().map(|t| t.text.len()).sum();
                assert!(total <= lineage::query::lex::MAX_QUERY_BYTES);
            }
        }
    }
}

#[test]
fn a_script_that_doubles_a_parameter_forty_times_stops_at_the_cap() {
    let dir = TempDir::new("param-doubling");
    let mut script = String::from(".param a x\n");
    script.push_str(&".param a $a$a\n".repeat(40));
    script.push_str(".title $a\n");
    assert_eq!(script.len(), 11 + 14 * 40 + 10);
    let path = dir.write("double.lq", &script);
    let outcome = timed(lineage().arg("run").arg(&path), 5);
    assert_eq!(outcome.stdout, "");
    // Keep going: every later doubling is refused too, and the last value stays under the cap.
    let outcome2 = timed(lineage().arg("run").arg("--keep-going").arg(&path), 5);
    insta::assert_snapshot!(
        "param_doubling",
        format!(
            "{}{}",
            case("run", &outcome, &dir),
            case(
                "run --keep-going (first lines)",
                &Outcome {
                    code: outcome2.code,
                    stdout: String::new(),
                    stderr: outcome2
                        .stderr
                        .lines()
                        .take(8)
                        .collect::<Vec<_>>()
                        .join("\n"),
                },
                &dir
            )
        )
    );
    assert_eq!(outcome2.code, Some(2));
}

#[test]
fn parameter_values_over_the_cap_are_refused_everywhere() {
    let dir = TempDir::new("param-cap");
    let big = "v".repeat(MAX_PARAM_BYTES + 1);
    let at_cap = "v".repeat(MAX_PARAM_BYTES);
    let script = dir.write("p.lq", format!(".param a {big}\nlist purposes\n"));
    let default = dir.write("d.lq", format!(".default a {big}\nlist purposes\n"));
    let ok = dir.write("ok.lq", format!(".param a {at_cap}\n.param b short\n"));
    let mut report = String::new();
    let runs: Vec<(&str, Outcome)> = vec![
        (
            "repl .param",
            run(lineage().write_stdin(format!(".param a {big}\n.param\n"))),
        ),
        (
            "repl .param quoted",
            run(lineage().write_stdin(format!(".param a \"{big}\"\n"))),
        ),
        ("run .param", run(lineage().arg("run").arg(&script))),
        ("run .default", run(lineage().arg("run").arg(&default))),
        (
            "ask --param",
            run(lineage()
                .args(["ask", "list purposes", "--param"])
                .arg(format!("a={big}"))),
        ),
        (
            "run --param",
            run(lineage()
                .arg("run")
                .arg(&ok)
                .arg("--param")
                .arg(format!("a={big}"))),
        ),
    ];
    for (name, outcome) in &runs {
        assert_eq!(outcome.code, Some(2), "{name}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{name}");
        assert!(
            !outcome.stderr.contains(&big[..100]),
            "{name}: the value is not echoed"
        );
        report.push_str(&case(name, outcome, &dir));
    }
    insta::assert_snapshot!("param_cap", report);
    // A value at the cap is accepted.
    let outcome = run(lineage().arg("run").arg(&ok));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
}

#[test]
fn expanded_queries_over_the_cap_are_refused_everywhere() {
    let dir = TempDir::new("expanded");
    let value = "w".repeat(40_000);
    let script = dir.write("x.lq", format!(".param a {value}\npurposes of $a $a\n"));
    let directive = dir.write("t.lq", format!(".param a {value}\n.title $a $a\n"));
    let many = format!("purposes of {}\n", "$a ".repeat(20_000));
    let runs: Vec<(&str, Outcome)> = vec![
        (
            "ask",
            run(lineage()
                .args(["ask", "purposes of $a $a", "--param"])
                .arg(format!("a={value}"))),
        ),
        (
            "repl",
            run(lineage().write_stdin(format!(".param a {value}\npurposes of $a $a\n"))),
        ),
        (
            "repl, many uses",
            timed(
                lineage().write_stdin(format!(".param a {}\n{many}", "k".repeat(1000))),
                5,
            ),
        ),
        ("run", run(lineage().arg("run").arg(&script))),
        (
            "run, a directive",
            run(lineage().arg("run").arg(&directive)),
        ),
    ];
    let mut report = String::new();
    for (name, outcome) in &runs {
        assert_eq!(outcome.code, Some(2), "{name}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{name}");
        report.push_str(&case(name, outcome, &dir));
    }
    // The excerpt under the message is cut: the long query is not printed whole.
    assert!(report.len() < 8_000, "{}", report.len());
    insta::assert_snapshot!("expanded_cap", report);
}

#[test]
fn a_lone_dollar_and_unknown_parameters_are_located() {
    let dir = TempDir::new("dollar");
    let script = dir.write("s.lq", "list purposes\npurposes of $\n");
    let runs: Vec<(&str, Outcome)> = vec![
        ("ask $", run(lineage().args(["ask", "$"]))),
        (
            "ask purposes of $",
            run(lineage().args(["ask", "purposes of $"])),
        ),
        (
            "ask unknown, none set",
            run(lineage().args(["ask", "purposes of $data"])),
        ),
        (
            "ask unknown, one set",
            run(lineage().args(["ask", "purposes of $dat", "--param", "data=x"])),
        ),
        ("repl $", run(lineage().write_stdin("$\n"))),
        ("run $", run(lineage().arg("run").arg(&script))),
        (
            "ask --param without =",
            run(lineage().args(["ask", "list purposes", "--param", "a"])),
        ),
        (
            "ask --param =value",
            run(lineage().args(["ask", "list purposes", "--param", "=v"])),
        ),
    ];
    let mut report = String::new();
    for (name, outcome) in &runs {
        assert_eq!(outcome.code, Some(2), "{name}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{name}");
        report.push_str(&case(name, outcome, &dir));
    }
    insta::assert_snapshot!("dollar", report);
}

// ----- 2. output that cannot be written -----

/// Every command that prints, with what it needs on stdin.
fn printing_commands(dir: &TempDir) -> Vec<(String, Vec<String>, Option<std::path::PathBuf>)> {
    let script = dir.write("s.lq", "list purposes\n");
    let piped = dir.write("in.txt", "list purposes\n.show\n.help\n");
    let strs = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut commands = vec![
        ("--help".to_string(), strs(&["--help"]), None),
        ("-h".into(), strs(&["-h"]), None),
        ("--version".into(), strs(&["--version"]), None),
        ("help".into(), strs(&["help"]), None),
        ("ask --help".into(), strs(&["ask", "--help"]), None),
        ("man".into(), strs(&["man"]), None),
        ("check".into(), strs(&["check"]), None),
        (
            "check --format json".into(),
            strs(&["check", "--format", "json"]),
            None,
        ),
        ("ask".into(), strs(&["ask", "list purposes"]), None),
        (
            "ask --format json".into(),
            strs(&["ask", "list purposes", "--format", "json"]),
            None,
        ),
        ("export dot".into(), strs(&["export", "dot"]), None),
        ("export mermaid".into(), strs(&["export", "mermaid"]), None),
        (
            "run".into(),
            vec!["run".into(), script.display().to_string()],
            None,
        ),
        ("piped repl".into(), strs(&["repl"]), Some(piped)),
    ];
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        commands.push((
            format!("completions {shell}"),
            strs(&["completions", shell]),
            None,
        ));
    }
    commands
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let dir = TempDir::new("closed-pipe");
    for (name, args, stdin) in printing_commands(&dir) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stderr) = into_closed_pipe(&args, stdin.as_deref());
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(stderr, "", "{name}: nothing on stderr");
    }
}

#[test]
fn a_full_device_is_exit_2_and_one_line() {
    let dir = TempDir::new("full-device");
    let mut report = String::new();
    for (name, args, stdin) in printing_commands(&dir) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let Some((code, stderr)) = into_full_device(&args, stdin.as_deref()) else {
            return;
        };
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        report.push_str(&format!("{name}: {stderr}"));
    }
    insta::assert_snapshot!("full_device", report);
}

// ----- 3. only regular files are read, and never more than a cap -----

#[test]
fn scripts_that_are_not_regular_files_are_refused_before_reading() {
    let dir = TempDir::new("script-kinds");
    let mut report = String::new();
    for (name, path) in not_regular_files(&dir) {
        let outcome = timed(lineage().arg("run").arg(&path), 5);
        assert_eq!(outcome.code, Some(2), "{name}");
        assert_eq!(outcome.stdout, "", "{name}");
        report.push_str(&case(name, &outcome, &dir));
    }
    insta::assert_snapshot!("run_not_regular", report);
}

#[test]
fn read_of_a_file_that_is_not_regular_is_refused_and_the_session_goes_on() {
    let dir = TempDir::new("read-kinds");
    let mut report = String::new();
    for (name, path) in not_regular_files(&dir) {
        let input = format!(".read {}\n.mode csv\nlist sections\n", path.display());
        let outcome = timed(lineage().write_stdin(input), 5);
        assert_eq!(outcome.code, Some(2), "{name}");
        assert!(
            outcome.stdout.starts_with("id,name"),
            "{name}: the session went on: {}",
            outcome.stdout
        );
        report.push_str(&case(name, &outcome, &dir));
    }
    insta::assert_snapshot!("read_not_regular", report);
}

#[test]
fn a_regime_file_that_is_not_regular_is_refused() {
    let dir = TempDir::new("regime-kinds");
    let mut report = String::new();
    for (name, path) in not_regular_files(&dir) {
        let script = dir.write("r.lq", format!(".regime {}\n", path.display()));
        let outcome = timed(lineage().arg("run").arg(&script), 5);
        assert_eq!(outcome.code, Some(2), "{name}");
        assert_eq!(outcome.stdout, "", "{name}");
        report.push_str(&case(name, &outcome, &dir));
    }
    insta::assert_snapshot!("regime_not_regular", report);
}

/// Makes a file that is not a regular file at a path.
type MakeFile = Box<dyn Fn(&Path)>;

/// A copy of the mini fixture whose `file` is replaced by `make(path)`.
fn mini_with(dir: &TempDir, name: &str, file: &str, make: impl Fn(&Path)) -> std::path::PathBuf {
    let data = dir.join(name);
    fs::create_dir(&data).expect("dataset folder");
    for entry in ["manifest.json", "notice.json", "source.txt"] {
        fs::copy(
            root().join("tests/fixtures/mini").join(entry),
            data.join(entry),
        )
        .expect("copy");
    }
    fs::remove_file(data.join(file)).expect("remove");
    make(&data.join(file));
    data
}

#[test]
fn dataset_files_that_are_not_regular_are_refused() {
    let dir = TempDir::new("data-kinds");
    let symlink = |target: &'static str| {
        move |p: &Path| std::os::unix::fs::symlink(target, p).expect("symlink")
    };
    let kinds: Vec<(&str, MakeFile)> = vec![
        ("symlink to /dev/zero", Box::new(symlink("/dev/zero"))),
        ("symlink to /dev/null", Box::new(symlink("/dev/null"))),
        ("FIFO", Box::new(mkfifo)),
        (
            "folder",
            Box::new(|p: &Path| fs::create_dir(p).expect("folder")),
        ),
    ];
    let mut report = String::new();
    for file in ["notice.json", "manifest.json", "source.txt"] {
        for (kind, make) in &kinds {
            let name = format!("{file} is a {kind}");
            let data = mini_with(&dir, &name.replace(' ', "-").replace('/', "_"), file, make);
            let outcome = timed(lineage().arg("check").arg("--data").arg(&data), 5);
            assert_ne!(outcome.code, Some(0), "{name}");
            assert_eq!(outcome.stdout, "", "{name}");
            report.push_str(&case(&name, &outcome, &dir));
            // `.data` in the REPL refuses it too, and keeps the dataset it had.
            let outcome = timed(
                lineage().write_stdin(format!(".data {}\n", data.display())),
                5,
            );
            assert_eq!(outcome.code, Some(2), "{name}");
            assert!(
                outcome.stderr.contains("still using x-2023"),
                "{name}: {}",
                outcome.stderr
            );
        }
    }
    insta::assert_snapshot!("data_not_regular", report);
}

#[test]
fn stdin_that_never_ends_a_line_is_cut_at_the_cap() {
    let outcome = {
        let output = binary()
            .arg("repl")
            .stdin(fs::File::open("/dev/zero").expect("/dev/zero"))
            .output()
            .expect("runs");
        Outcome {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8"),
        }
    };
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    insta::assert_snapshot!("stdin_dev_zero", outcome.stderr);
    // The same for a long line of text, with or without a line break.
    let long = "x".repeat(lineage::input::MAX_SCRIPT_BYTES as usize + 1);
    for input in [long.clone(), format!("{long}\nlist purposes\n")] {
        let outcome = timed(lineage().write_stdin(input), 10);
        assert_eq!(outcome.code, Some(2));
        assert_eq!(
            outcome.stdout, "",
            "nothing after the line that was too long is run"
        );
        assert!(
            outcome
                .stderr
                .starts_with("error: the line is longer than 16777216 bytes, the limit"),
            "{}",
            outcome.stderr
        );
    }
}

#[test]
fn a_line_of_stdin_that_is_not_utf8_is_refused_and_the_rest_answered() {
    let outcome =
        run(lineage().write_stdin(b"list \xff\xfe purposes\n.mode csv\nlist sections\n".to_vec()));
    assert_eq!(outcome.code, Some(2));
    assert!(outcome.stdout.starts_with("id,name"), "{}", outcome.stdout);
    insta::assert_snapshot!("stdin_not_utf8", outcome.stderr);
}

#[test]
fn scripts_over_the_cap_are_refused_as_they_are_read() {
    let dir = TempDir::new("big-script");
    let cap = lineage::input::MAX_SCRIPT_BYTES as usize;
    // One comment line: the cap is on bytes, and a line of any length may be read.
    let text = format!("#{}\n", "c".repeat(cap - 1));
    let path = dir.write("big.lq", &text);
    let outcome = timed(lineage().arg("run").arg(&path), 10);
    assert_eq!(outcome.code, Some(2));
    let read = timed(
        lineage().write_stdin(format!(".read {}\n", path.display())),
        10,
    );
    assert_eq!(read.code, Some(2));
    // One byte less is read.
    fs::write(&path, &text[..cap]).expect("write");
    let ok = timed(lineage().arg("run").arg(&path), 10);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    insta::assert_snapshot!(
        "script_over_cap",
        format!(
            "{}{}",
            case("run", &outcome, &dir),
            case(".read", &read, &dir)
        )
    );
}

#[test]
fn a_symlink_to_a_regular_script_is_followed() {
    let dir = TempDir::new("symlink-ok");
    let script = dir.write("real.lq", "list purposes\n");
    let link = dir.join("link.lq");
    std::os::unix::fs::symlink(&script, &link).expect("symlink");
    let direct = run(lineage().arg("run").arg(&script));
    let linked = run(lineage().arg("run").arg(&link));
    assert_eq!(linked.code, Some(0), "{}", linked.stderr);
    assert_eq!(direct.stdout.replace("real.lq", "link.lq"), linked.stdout);
    let read = run(lineage().write_stdin(format!(".read {}\n", link.display())));
    assert_eq!(read.code, Some(0), "{}", read.stderr);
}

// ----- 4. `.read` fan-out is bounded -----

#[test]
fn a_script_that_reads_itself_four_times_stops_at_once() {
    let dir = TempDir::new("fan-out");
    let path = dir.join("fan.lq");
    dir.write(
        "fan.lq",
        format!(
            ".read {0}\n.read {0}\n.read {0}\n.read {0}\n",
            path.display()
        ),
    );
    let outcome = timed(
        lineage().write_stdin(format!(
            ".read {}\n.mode csv\nlist sections\n",
            path.display()
        )),
        5,
    );
    assert_eq!(outcome.code, Some(2));
    assert!(outcome.stdout.starts_with("id,name"), "the session goes on");
    // One error, not one per leaf of the fan-out.
    assert_eq!(
        outcome.stderr.matches("error:").count(),
        1,
        "{}",
        outcome.stderr
    );
    insta::assert_snapshot!("fan_out_self", tidy(&outcome.stderr, &dir));
}

#[test]
fn a_wide_fan_out_stops_at_the_budget_of_files() {
    let dir = TempDir::new("fan-wide");
    let leaf = dir.write("leaf.lq", "# nothing\n");
    let middle = dir.write(
        "middle.lq",
        format!(".read {}\n", leaf.display()).repeat(40),
    );
    let top = dir.write("top.lq", format!(".read {}\n", middle.display()).repeat(40));
    let outcome = timed(
        lineage().write_stdin(format!(
            ".read {}\nlist sections\n.read {}\n",
            top.display(),
            middle.display()
        )),
        10,
    );
    assert_eq!(outcome.code, Some(2));
    assert!(
        outcome.stdout.contains("Sections of the notice"),
        "the session goes on"
    );
    assert_eq!(
        outcome.stderr.matches("error:").count(),
        1,
        "{}",
        outcome.stderr
    );
    insta::assert_snapshot!("fan_out_wide", tidy(&outcome.stderr, &dir));
}

#[test]
#[ignore = "heavy: reads 64 MiB of scripts (about 5 s in a debug build)"]
fn a_fan_out_of_large_files_stops_at_the_budget_of_bytes() {
    let dir = TempDir::new("fan-bytes");
    // A 15 MiB comment, read five times: 75 MiB, over the 64 MiB budget.
    let big = dir.write("big.lq", format!("#{}\n", "c".repeat(15 << 20)));
    let top = dir.write("top.lq", format!(".read {}\n", big.display()).repeat(6));
    let outcome = timed(
        lineage().write_stdin(format!(".read {}\n", top.display())),
        20,
    );
    assert_eq!(outcome.code, Some(2));
    assert_eq!(
        outcome.stderr.matches("error:").count(),
        1,
        "{}",
        outcome.stderr
    );
    insta::assert_snapshot!("fan_out_bytes", tidy(&outcome.stderr, &dir));
}

#[test]
fn a_read_budget_is_per_read_not_per_session() {
    let dir = TempDir::new("budget-reset");
    let leaf = dir.write("leaf.lq", "# nothing\n");
    let top = dir.write("top.lq", format!(".read {}\n", leaf.display()).repeat(600));
    // Two reads of 601 files each: each under the budget of 1,000.
    let outcome = timed(
        lineage().write_stdin(format!(".read {0}\n.read {0}\n", top.display())),
        10,
    );
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
}

#[test]
fn quit_in_a_read_script_still_ends_the_session() {
    let dir = TempDir::new("read-quit");
    let script = dir.write("q.lq", ".quit\n");
    let outcome =
        run(lineage().write_stdin(format!(".read {}\nlist sections\n", script.display())));
    assert_eq!(outcome.code, Some(0));
    assert_eq!(outcome.stdout, "");
}

// ----- 5. continued lines join in linear time, up to the cap -----

#[test]
fn two_hundred_thousand_continued_lines_stop_at_the_cap_quickly() {
    let dir = TempDir::new("continued");
    let lines = "who may receive \\\n".repeat(200_000);
    let script = dir.write("c.lq", &lines);
    let runs: Vec<(&str, Outcome)> = vec![
        ("piped", timed(lineage().write_stdin(lines.clone()), 5)),
        ("run", timed(lineage().arg("run").arg(&script), 5)),
        (
            "run --keep-going",
            timed(lineage().arg("run").arg("--keep-going").arg(&script), 5),
        ),
        (
            ".read",
            timed(
                lineage().write_stdin(format!(".read {}\n", script.display())),
                5,
            ),
        ),
    ];
    let mut report = String::new();
    for (name, outcome) in &runs {
        assert_eq!(outcome.code, Some(2), "{name}");
        report.push_str(&case(name, outcome, &dir));
    }
    insta::assert_snapshot!("continued_cap", report);
}

#[test]
fn continued_lines_in_memory_cost_linear_time() {
    // In the library, without the process: 200,000 short continued lines, and 200,000 lines of an
    // open quote.
    for line in ["a \\", "\"open", "\\", " ", "\u{201c}x \\"] {
        let start = Instant::now();
        let items: Vec<_> = logical_lines(
            (0..200_000).map(|_| Ok::<_, lineage::input::LineError>(line.to_string())),
        )
        .collect();
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{line:?}: {:?}",
            start.elapsed()
        );
        assert!(items.len() <= 200_000, "{line:?}");
    }
}

#[test]
fn continued_lines_under_the_cap_still_join() {
    let cases: &[(&str, &str)] = &[
        ("list \\\nsections\n", "Sections of the notice"),
        ("list \\\n\\\n  sections\n", "Sections of the notice"),
        (
            "describe \"t1\nr01\"\nlist sections\n",
            "Sections of the notice",
        ),
    ];
    for (input, says) in cases {
        let outcome = run(lineage().write_stdin(input.to_string()));
        assert!(
            outcome.stdout.contains(says),
            "{input:?}: {}",
            outcome.stderr
        );
    }
    // Just under the cap: a query of continued words that is refused by the parser, not the joiner.
    let words = "x \\\n".repeat((MAX_JOINED_BYTES - 100) / 2);
    let outcome = timed(lineage().write_stdin(format!("{words}x\n")), 5);
    assert_eq!(outcome.code, Some(2));
    assert!(
        !outcome.stderr.contains("continued from line"),
        "{}",
        &outcome.stderr[..200.min(outcome.stderr.len())]
    );
}

// ----- 6. the `script` fuzz target's code path, on the kept inputs -----

/// Every input under `tests/fuzz-regressions/script/` runs as the `script` fuzz target runs it: as a
/// script, and as piped REPL input in a session without its file commands. None may panic.
#[test]
fn script_fuzz_inputs_never_panic() {
    use lineage::{
        dsar::script::{run as run_script, RunOptions},
        present::{format::Format, render::Options},
        repl::{run_piped, Session},
    };
    let dir = root().join("tests/fuzz-regressions/script");
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .expect("regression folder")
        .map(|e| e.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let ds = crate::common::x2023();
    for path in inputs {
        let bytes = fs::read(&path).expect("input");
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let options = RunOptions {
                params: params(&[("data", "data".into())]),
                echo: false,
                keep_going: true,
                timestamp: None,
            };
            let (report, _errors) = run_script(ds, "fuzz.lq", text, options);
            for format in [Format::Markdown, Format::Json, Format::Table, Format::Csv] {
                let _ = report.render(format, &Options::default());
            }
        }
        let mut session = Session::new(ds.clone()).without_files();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let ok = run_piped(&mut session, bytes.as_slice(), &mut out, &mut err).expect("memory");
        let err = String::from_utf8(err).expect("UTF-8 errors");
        if path.ends_with("read-fanout.lq") {
            assert!(!ok);
            assert!(
                err.contains("`.read` is turned off in this session"),
                "{err}"
            );
        }
    }
}

// ----- 7. what was answered into `.output` is written whatever stops the input -----

#[test]
fn a_pending_output_is_written_when_the_input_fails() {
    let dir = TempDir::new("pending-output");
    let file = dir.join("answers.csv");
    let long = "x".repeat(lineage::input::MAX_SCRIPT_BYTES as usize + 1);
    let endings: Vec<(&str, Vec<u8>)> = vec![
        ("a line that is not UTF-8", b"list \xff\n".to_vec()),
        ("a line over the cap", long.into_bytes()),
        (
            "continued lines over the cap",
            "list \\\n".repeat(20_000).into_bytes(),
        ),
        ("an unclosed quote at the end", b"describe \"open".to_vec()),
    ];
    for (name, ending) in endings {
        let _ = fs::remove_file(&file);
        let mut input =
            format!(".output {}\n.mode csv\nlist sections\n", file.display()).into_bytes();
        input.extend_from_slice(&ending);
        let outcome = timed(lineage().write_stdin(input), 5);
        assert_eq!(outcome.code, Some(2), "{name}");
        let written = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(written.starts_with("id,name"), "{name}: {written}");
    }
    // Stdout full: `.help` fails to write, and the `.output` file is still written.
    let input = dir.write(
        "in.txt",
        format!(
            ".output {}\n.mode csv\nlist sections\n.help\n",
            file.display()
        ),
    );
    let _ = fs::remove_file(&file);
    if let Some((code, stderr)) = into_full_device(&["repl"], Some(&input)) {
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            stderr,
            "lineage: cannot write the answer: no space left on the device\n"
        );
        assert!(fs::read_to_string(&file)
            .expect("written")
            .starts_with("id,name"));
    }
}
