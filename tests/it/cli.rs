//! The command line, run as a user runs it: the real binary, its stdout, stderr and exit code.

use crate::common::{lineage, piped, Outcome, TempDir};

#[test]
fn check_summarises_the_embedded_dataset() {
    let output = lineage().arg("check").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    insta::assert_snapshot!(String::from_utf8(output.stdout).expect("utf-8"));
}

#[test]
fn check_works_from_any_folder_with_no_flags() {
    let output = lineage()
        .current_dir(std::env::temp_dir())
        .arg("check")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("x-2023 is valid"));
}

#[test]
fn check_of_the_data_folder_matches_the_embedded_copy() {
    let embedded = lineage()
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    let folder = lineage()
        .args(["check", "--format", "json", "--data", "data/x-2023"])
        .output()
        .expect("runs");
    let embedded: serde_json::Value = serde_json::from_slice(&embedded.stdout).expect("json");
    let folder: serde_json::Value = serde_json::from_slice(&folder.stdout).expect("json");
    assert_eq!(embedded["content_hash"], folder["content_hash"]);
    assert_eq!(embedded["nodes"], folder["nodes"]);
    assert_eq!(folder["origin"], "data/x-2023");
}

#[test]
fn check_json_is_a_stable_document() {
    let output = lineage()
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    insta::assert_json_snapshot!(summary);
}

#[test]
fn no_arguments_with_empty_stdin_is_an_empty_session() {
    let output = lineage().write_stdin("").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_mistyped_command_exits_2_with_a_suggestion() {
    let output = lineage().arg("chek").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unrecognized subcommand 'chek'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("similar subcommand exists: 'check'"),
        "{stderr}"
    );
}

#[test]
fn ask_answers_with_exit_0_on_stdout_only() {
    let output = lineage()
        .args(["ask", "who may receive Location Data and under which basis"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(stdout
        .starts_with("Who may receive Location Data (data category), and under which basis\n"));
    assert!(
        stdout.lines().all(|l| l.chars().count() <= 100),
        "a line is wider than 100 columns"
    );
}

#[test]
fn ask_with_an_empty_answer_exits_1() {
    let output = lineage()
        .args(["ask", "retention of Location Data"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("not stated by this notice"), "{stdout}");
}

#[test]
fn ask_with_an_unknown_name_exits_2_with_the_message_on_stderr() {
    let output = lineage()
        .args(["ask", "who may receive Locaton Dat"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stderr), @r#"
    error: unknown name `Locaton Dat`
     --> query:1:17
      |
    1 | who may receive Locaton Dat
      |                 ^^^^^^^^^^^
      = expected: a data item or data category
      = help: did you mean: `who may receive "Location Data"`?
    "#);
}

#[test]
fn ask_json_is_parseable_and_names_are_exact() {
    let output = lineage()
        .args([
            "ask",
            "who may receive Location Data and under which basis",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json on stdout");
    assert_eq!(answer["form"], "who-may-receive");
    assert_eq!(answer["resolved"][0]["node"]["name"], "Location Data");
    assert!(answer["rows"]
        .as_array()
        .is_some_and(|rows| rows.len() == 10));
}

#[test]
fn ask_writes_the_answer_to_a_file_atomically() {
    let dir = TempDir::new("ask");
    let file = dir.join("answer.md");
    let output = lineage()
        .args(["ask", "purposes of Selfie", "--format", "markdown", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let text = std::fs::read_to_string(&file).expect("answer written");
    assert!(
        text.starts_with("**Purposes of Selfie (data item)**"),
        "{text}"
    );
    assert_eq!(dir.names(), ["answer.md"], "temporary files left");
}

#[test]
fn ask_to_an_unwritable_path_exits_2_and_writes_nothing() {
    let output = lineage()
        .args([
            "ask",
            "purposes of Selfie",
            "-o",
            "/nonexistent-dir/answer.md",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "lineage: cannot write `/nonexistent-dir/answer.md`: `/nonexistent-dir` is not a folder that exists"
        ),
        "{stderr}"
    );
}

#[test]
fn ask_takes_parameters() {
    let output = lineage()
        .args([
            "ask",
            "sources of $data",
            "--param",
            "data=Location information",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout), @r#"
    source,category,quotes,evidence
    You or your devices,Location Data,"“You or your devices, for example, through your use of our services”",t2-r7
    "#);
}

#[test]
fn a_piped_session_prints_only_answers() {
    let Outcome {
        code,
        stdout,
        stderr,
    } = piped("# a comment\n.mode csv\nsources of Location information\n\nretention of Selfie\n");
    assert_eq!(code, Some(0));
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout, @r#"
    source,category,quotes,evidence
    You or your devices,Location Data,"“You or your devices, for example, through your use of our services”",t2-r7
    data,purpose,period,evidence
    Selfie,Identify verification for safety & security and general verification,deleted soon after we receive verification/processing result,t1-r20
    "#);
}

#[test]
fn a_piped_session_goes_on_after_an_error_and_exits_2() {
    let Outcome {
        code,
        stdout,
        stderr,
    } = piped(".mode line\nwho may receive Locaton Dat\n.frobnicate\nretention of Selfie\n");
    assert_eq!(code, Some(2), "errors make the session's exit code 2");
    assert!(
        stdout.contains("Retention = deleted soon after"),
        "the session went on: {stdout}"
    );
    insta::assert_snapshot!(stderr, @r#"
    error: unknown name `Locaton Dat`
     --> <stdin>:2:17
      |
    2 | who may receive Locaton Dat
      |                 ^^^^^^^^^^^
      = expected: a data item or data category
      = help: did you mean: `who may receive "Location Data"`?
    error: unknown command `.frobnicate`
      --> <stdin>:3
       = expected: a command listed by `.help`
    "#);
}

#[test]
fn dot_commands_in_a_piped_session() {
    let dir = TempDir::new("dot-commands");
    let script = dir.write("inner.lq", "retention of Selfie\n");
    let out_file = dir.join("all.csv");
    let input = format!(
        ".param d Selfie\n.headers off\n.mode csv\n.output {}\nwho processes $d\n.read {}\n.output\n.echo on\n.show\n",
        out_file.display(),
        script.display()
    );
    let Outcome {
        code,
        stdout,
        stderr,
    } = piped(&input);
    assert_eq!(code, Some(0), "{stderr}");
    let written = std::fs::read_to_string(&out_file).expect(".output file");
    assert!(written.starts_with("Au10tix,Selfie,processor"), "{written}");
    assert!(
        written.contains("Selfie,Identify verification"),
        "the .read answer went to the file too: {written}"
    );
    assert!(!written.contains("source,"), "headers are off: {written}");
    assert!(stdout.starts_with(".show\n    dataset: x-2023"), "{stdout}");
    assert!(stdout.contains(" parameters: $d = Selfie"), "{stdout}");
}

#[test]
fn a_script_that_reads_itself_stops_with_an_error() {
    let dir = TempDir::new("loop");
    let script = dir.join("loop.lq");
    dir.write("loop.lq", format!(".read {}\n", script.display()));
    let Outcome { code, stderr, .. } = piped(&format!(".read {}\n", script.display()));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("is nested 16 deep: does a script read itself?"),
        "{stderr}"
    );
}

#[test]
fn a_failed_data_switch_keeps_the_current_dataset() {
    let Outcome { code, stdout, stderr } = piped(".data tests/fixtures/broken/duplicate-id\nretention of Selfie\n.data tests/fixtures/mini\nlist purposes\n");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "error: `.data tests/fixtures/broken/duplicate-id` failed; still using x-2023"
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("deleted soon after"),
        "x-2023 still answers: {stdout}"
    );
    assert!(
        stdout.contains("loaded mini (tests/fixtures/mini)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Showing ads"),
        "the new dataset answers: {stdout}"
    );
}

#[test]
fn help_gives_an_example_of_every_question_with_real_names() {
    let Outcome { code, stdout, .. } = piped(".help\n");
    assert_eq!(code, Some(0));
    for form in [
        "who may receive",
        "what does",
        "why does",
        "purposes of",
        "what data does",
        "basis of",
        "interests of",
        "purposes with basis",
        "sources of",
        "what comes from",
        "retention of",
        "who processes",
        "path from",
        "describe",
        "list purposes",
        " in eu",
        "where basis is",
    ] {
        assert!(stdout.contains(form), "no example of `{form}`:\n{stdout}");
    }
    let Outcome { stdout, .. } =
        piped("who may receive Online Activity and under which basis in eu\n");
    assert!(
        stdout.contains("Who may receive Online Activity"),
        "the help's first example answers"
    );
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let output = lineage()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("lineage"),
            "{shell}"
        );
    }
    let output = lineage().arg("man").output().expect("runs");
    let man = String::from_utf8_lossy(&output.stdout);
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq") || man.contains(".TH lineage"),
        "{man}"
    );
    let output = lineage().arg("--help").output().expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Examples:"));
}
