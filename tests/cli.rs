//! The command line, run as a user runs it: the real binary, its stdout, stderr and exit code.

use assert_cmd::Command;

fn lineage() -> Command {
    let mut cmd = Command::cargo_bin("lineage").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn check_summarises_the_embedded_dataset() {
    let output = lineage().arg("check").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    insta::assert_snapshot!(String::from_utf8(output.stdout).expect("utf-8"));
}

#[test]
fn check_works_from_any_folder_with_no_flags() {
    let dir = std::env::temp_dir();
    let output = Command::cargo_bin("lineage")
        .expect("binary built")
        .current_dir(&dir)
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
fn no_arguments_summarises_the_embedded_dataset() {
    let output = lineage().output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("x-2023 is valid"));
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
        .args(["ask", "who may receive Locaton Data"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stderr), @r"
    error: unknown name `Locaton Data`
     --> query:1:17
      |
    1 | who may receive Locaton Data
      |                 ^^^^^^^^^^^^
      = expected: a data item or data category
      = help: did you mean `Location Data` or `Location information`?
    ");
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
        .is_some_and(|rows| rows.len() == 9));
}

#[test]
fn ask_writes_the_answer_to_a_file_atomically() {
    let dir = std::env::temp_dir().join(format!("lineage-ask-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
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
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
    std::fs::remove_dir_all(&dir).expect("cleanup");
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
        stderr.starts_with("lineage: cannot write `/nonexistent-dir/answer.md`: no such file"),
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
