//! Answers that read well (issue 14, part D): tables fit the width asked for (`--width`, or the
//! terminal's), words stay whole, a column the same on every row is stated once, repeated long notes
//! become markers, large answers lead with a summary, the snapshot's lost punctuation is repaired for
//! people (and `--raw-text` shows it as it is), and a binary picture never goes to a terminal.

use std::{path::Path, process::Command};

use unicode_width::UnicodeWidthStr;

use crate::common::{lineage, run, Outcome};

const LINKEDIN: &str = "data/linkedin-eu-2025-02";

/// Answers of both datasets: (name for the snapshot, dataset folder or none, question).
const ANSWERS: [(&str, Option<&str>, &str); 4] = [
    (
        "x_receive",
        None,
        "who may receive Location Data and under which basis",
    ),
    ("x_bases", None, "basis of every purpose in uk"),
    ("x_describe", None, "describe li-3"),
    ("linkedin_purposes", Some(LINKEDIN), "purposes of any data"),
];

fn ask(data: Option<&str>, args: &[&str]) -> Outcome {
    let mut cmd = lineage();
    if let Some(dir) = data {
        cmd.args(["--data", dir]);
    }
    run(cmd.args(args))
}

/// A line wider than `width` is allowed only where one word is wider than its column: then the
/// line holds a cut word (`…`) or the table's minimum widths.
fn assert_fits(text: &str, width: usize, what: &str) {
    for line in text.lines() {
        assert!(
            line.width() <= width,
            "{what}: wider than {width}: {line:?}"
        );
    }
}

#[test]
fn tables_fit_80_120_and_200_columns() {
    for (name, data, question) in ANSWERS {
        for width in [80, 120, 200] {
            let w = width.to_string();
            let out = ask(data, &["--width", &w, "ask", question]);
            assert_eq!(out.code, Some(0), "{name} {width}: {}", out.stderr);
            assert_fits(&out.stdout, width, name);
            insta::assert_snapshot!(format!("{name}_{width}"), out.stdout);
        }
    }
}

#[test]
fn a_pipe_gets_the_default_width_whatever_columns_says() {
    let question = ["ask", "basis of every purpose in uk"];
    let plain = run(lineage().args(question));
    let columns = run(lineage().args(question).env("COLUMNS", "60"));
    assert_eq!(plain.stdout, columns.stdout);
    assert_fits(&plain.stdout, 100, "default");
    // `--width` holds for a pipe and for `-o FILE`.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answer.txt");
    let out = run(lineage()
        .args(["--width", "80", "ask", "basis of every purpose in uk", "-o"])
        .arg(&file));
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
    let written = std::fs::read_to_string(&file).expect("written");
    assert_eq!(
        written,
        run(lineage().args(["ask", "basis of every purpose in uk", "--width", "80"])).stdout
    );
    assert_fits(&written, 80, "file");
}

#[test]
fn a_width_out_of_range_is_refused() {
    for bad in ["5", "0", "1001", "wide"] {
        let out = run(lineage().args(["ask", "list bases", "--width", bad]));
        assert_eq!(out.code, Some(2), "{bad}");
        assert_eq!(out.stdout, "");
        let message = out.stderr.replace(&format!("'{bad}'"), "'N'");
        insta::assert_snapshot!("width_out_of_range", message);
    }
}

#[test]
fn lost_punctuation_is_repaired_for_people_and_raw_text_shows_the_snapshot() {
    let shown = run(lineage().args(["ask", "describe li-3"])).stdout;
    let raw = run(lineage().args(["ask", "describe li-3", "--raw-text"])).stdout;
    assert!(
        shown.contains("X's business") && !shown.contains('â'),
        "{shown}"
    );
    assert!(shown.contains("summary – Measuring"), "{shown}");
    assert!(raw.contains("Xâs business"), "{raw}");
    let markdown = run(lineage().args(["ask", "describe li-3", "-f", "markdown"])).stdout;
    assert!(markdown.contains("X's business") && !markdown.contains('â'));
    // JSON and CSV carry the notice's text as it is, with or without the flag.
    for format in ["json", "csv"] {
        let plain = run(lineage().args(["ask", "describe li-3", "-f", format])).stdout;
        let flagged = run(lineage().args(["ask", "describe li-3", "-f", format, "--raw-text"]));
        assert!(plain.contains("Xâs business"), "{format}");
        assert_eq!(plain, flagged.stdout, "{format}");
    }
}

#[test]
fn repeated_notes_become_markers_and_constant_columns_are_stated_once() {
    let question = "who may receive Location Data and under which basis";
    for format in ["table", "markdown"] {
        let text = run(lineage().args(["ask", question, "-f", format])).stdout;
        let flag = "flag: t3-r3 does not list this recipient for Location Data";
        assert_eq!(text.matches(flag).count(), 1, "{format}: {text}");
        let marker = if format == "table" {
            "| [1]"
        } else {
            "| \\[1\\] |"
        };
        assert_eq!(text.matches(marker).count(), 3, "{format}: {text}");
    }
    let json = run(lineage().args(["ask", question, "-f", "json"])).stdout;
    assert_eq!(
        json.matches("flag: t3-r3 does not list this recipient")
            .count(),
        3,
        "JSON keeps every row's full text"
    );
    let text = run(lineage().args(["ask", "basis of Personalized advertising"])).stdout;
    assert!(
        text.contains("\n\nConditions: none stated (every row)\n+---"),
        "{text}"
    );
    assert!(!text.contains("| Conditions"), "{text}");
}

#[test]
fn a_large_answer_leads_with_a_summary() {
    let text = run(lineage().args(["ask", "purposes of any data"])).stdout;
    let head: Vec<&str> = text.lines().take(4).collect();
    assert_eq!(head[2], "Summary of 80 rows:", "{text}");
    assert!(head[3].starts_with("  Purpose: Sharing data with our service providers (16), "));
    assert!(text.contains("\n  Legal basis: Consent (41), Legitimate interests (19), "));
    let small = run(lineage().args(["ask", "basis of every purpose in uk"])).stdout;
    assert!(!small.contains("Summary of"), "{small}");
    let json = run(lineage().args(["ask", "purposes of any data", "-f", "json"])).stdout;
    assert!(!json.contains("Summary of") && !json.contains("\"summary\""));
}

/// rexpect hands a terminal's bytes over one char each: they are decoded as the UTF-8 they are.
#[cfg(unix)]
fn from_terminal(text: &str) -> String {
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).expect("UTF-8 from the terminal")
}

/// `lineage` in a pseudo-terminal, to the end: what it printed and its exit code.
#[cfg(unix)]
fn in_a_terminal(dir: &Path, args: &[&str]) -> (String, i32) {
    use rexpect::{process::WaitStatus, reader::Options, spawn_with_options};
    let mut command = Command::new(env!("CARGO_BIN_EXE_lineage"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    let options = Options::new().timeout_ms(Some(20_000));
    let mut p = spawn_with_options(command, options).expect("starts in a pty");
    let text = from_terminal(&p.exp_eof().expect("ends"));
    let code = match p.process().wait().expect("exit status") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };
    (text, code)
}

#[cfg(unix)]
#[test]
fn a_binary_picture_is_refused_for_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (args, message) in [
        (
            &["ask", "describe t1-r05", "-f", "dot", "--render", "png"][..],
            "lineage: PNG is binary: write it to a file with -o FILE.png",
        ),
        (
            &["export", "dot", "--render", "pdf"][..],
            "lineage: PDF is binary: write it to a file with -o FILE.pdf",
        ),
    ] {
        let (text, code) = in_a_terminal(dir.path(), args);
        assert_eq!(code, 2, "{text}");
        assert_eq!(text.trim_end(), message);
    }
    let written = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(written, 0, "nothing written");
    // In a terminal, tables take its width unless `--width` says otherwise.
    let question = ["--width", "80", "ask", "basis of every purpose in uk"];
    let (text, code) = in_a_terminal(dir.path(), &question);
    assert_eq!(code, 0);
    assert_fits(&text.replace("\r\n", "\n"), 80, "terminal");
}

#[test]
fn a_derived_fact_says_why_in_every_format() {
    let question = "who may receive Location Data";
    let why = "the purpose's name says the data is shared with our";
    for format in ["table", "markdown", "csv", "line", "json", "dot", "mermaid"] {
        let text = run(lineage().args(["ask", question, "-f", format])).stdout;
        assert!(text.contains(why), "{format}: {text}");
    }
    let mermaid = run(lineage().args(["ask", question, "-f", "mermaid"])).stdout;
    assert!(
        mermaid.contains("subgraph derived [\"Derived: the tool's reading of the notice\"]"),
        "{mermaid}"
    );
}

#[cfg(unix)]
#[test]
fn a_terminal_session_keeps_to_its_width() {
    use rexpect::{reader::Options, spawn_with_options};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_lineage"));
    command
        .args(["--no-history", "--width", "60"])
        .current_dir(dir.path())
        .env("LINEAGE_HISTORY", dir.path().join("history"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut p = spawn_with_options(command, options).expect("starts in a pty");
    p.exp_string("lineage> ").expect("prompt");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_line("basis of every purpose in uk").expect("ask");
    let (text, _) = p.exp_regex(r"\d+ rows").expect("answered");
    p.send_line(".quit").expect("quit");
    p.exp_eof().expect("exits");
    let text = from_terminal(&text);
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with(['+', '|'])).collect();
    assert!(!table.is_empty(), "{text}");
    for line in table {
        assert!(line.trim_end().width() <= 60, "{line:?}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}
