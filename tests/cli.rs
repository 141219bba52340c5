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
