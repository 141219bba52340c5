//! A dataset that names its notice's text by source (`snapshot_source`) instead of holding it: found
//! in a notice library, its quotes are verified; found nowhere, the dataset still answers, and every
//! command says that its quotes are not verified; found with another digest, it is refused.

use std::fs;

use crate::common::{lineage, root, run, TempDir};

const DATASET: &str = "tests/fixtures/named-snapshot";
const LIBRARY: &str = "tests/fixtures/notice-library";
const VAR: &str = "LINEAGE_NOTICES";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("check --format json prints JSON")
}

#[test]
fn a_named_snapshot_found_in_a_library_verifies_every_quote() {
    let out = run(lineage()
        .env(VAR, LIBRARY)
        .args(["--data", DATASET, "check", "--format", "json"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let summary = json(&out.stdout);
    assert_eq!(summary["quotes_verified"], true);
    assert_eq!(summary["snapshot_bytes"], 266);
    assert_eq!(
        summary["snapshot_source"]["archive"],
        "example/notice-archive"
    );
    assert!(summary.get("snapshot_looked_in").is_none());

    let text = run(lineage()
        .env(VAR, LIBRARY)
        .args(["--data", DATASET, "check"]));
    assert!(text.stdout.contains(
        "  snapshot      266 bytes, from example/notice-archive, `Acme/Privacy Notice.md` @ 0123456789ab"
    ));
    assert!(text
        .stdout
        .contains("every one found verbatim in the row it cites"));
}

#[test]
fn without_the_text_the_dataset_answers_and_says_its_quotes_are_not_verified() {
    let out = run(lineage().env_remove(VAR).args(["--data", DATASET, "check"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out
        .stdout
        .contains("  snapshot      NOT FOUND: example/notice-archive"));
    assert!(out.stdout.contains("Quotes: NOT VERIFIED."));
    assert!(out
        .stdout
        .contains("tests/fixtures/named-snapshot/acme/acme-2024-01-31.txt"));
    assert!(
        !out.stdout.contains("covered by quotes"),
        "no coverage without the text"
    );

    let summary = json(
        &run(lineage()
            .env_remove(VAR)
            .args(["--data", DATASET, "check", "--format", "json"]))
        .stdout,
    );
    assert_eq!(summary["quotes_verified"], false);
    assert_eq!(summary["snapshot_bytes"], 0);
    assert_eq!(summary["sections"], serde_json::json!([]));

    // The answer is the same, quotes and all; stderr says they are not verified.
    let question = [
        "--data",
        DATASET,
        "ask",
        "--format",
        "json",
        "purposes of email address",
    ];
    let verified = run(lineage().env(VAR, LIBRARY).args(question));
    let unverified = run(lineage().env_remove(VAR).args(question));
    assert_eq!(unverified.code, Some(0));
    assert_eq!(unverified.stdout, verified.stdout);
    assert_eq!(verified.stderr, "");
    assert!(
        unverified
            .stderr
            .starts_with("warning: the quotes of `named-snapshot` are not verified"),
        "{}",
        unverified.stderr
    );

    let row = run(lineage().env_remove(VAR).args([
        "--data",
        DATASET,
        "ask",
        "--format",
        "json",
        "describe p-1",
    ]));
    assert!(row
        .stdout
        .contains("not available: the notice's text was not found"));
}

#[test]
fn a_text_with_another_digest_is_refused() {
    let dir = TempDir::new("named-snapshot-digest");
    for name in ["manifest.json", "notice.json"] {
        dir.write(
            name,
            fs::read(root().join(DATASET).join(name)).expect("fixture"),
        );
    }
    fs::create_dir_all(dir.join("acme")).expect("folder");
    dir.write(
        "acme/acme-2024-01-31.txt",
        "Purpose: Running the service. Edited.",
    );
    let out = run(lineage()
        .env_remove(VAR)
        .args(["check", "--data"])
        .arg(&*dir));
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out
        .stderr
        .contains("acme-2024-01-31.txt` is not the one recorded: its sha256 is"));
    assert!(out
        .stderr
        .contains("= expected: the text the snapshot's source recorded, byte for byte"));
}

#[test]
fn a_named_snapshot_is_not_copied_by_export() {
    let dir = TempDir::new("named-snapshot-export");
    let exported = dir.join("exported");
    let out = run(lineage()
        .env(VAR, LIBRARY)
        .args(["--data", DATASET, "export", "json", "-o"])
        .arg(&exported));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut names: Vec<String> = fs::read_dir(&exported)
        .expect("exported folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["dataset.json", "manifest.json"]);
    // The library is named from the repository, where the test runs.
    let library = root().join(LIBRARY);
    let again = run(lineage()
        .env(VAR, &library)
        .args(["check", "--data"])
        .arg(&exported));
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(again.stdout.contains("every one found verbatim"));
}
