//! Each class of broken dataset gets one exact, snapshotted message, and exit code 2.
//!
//! Every folder under `tests/fixtures/broken/` is a small dataset with one kind of mistake (or, in
//! `several-errors`, three at once: all must be reported). The snapshot is what the user sees on stderr.

use std::path::Path;

use crate::common::{lineage, root, run, Outcome};

/// `lineage check` of a dataset folder, named relative to the repository as a user would.
fn check(dataset: &Path) -> Outcome {
    let relative = dataset
        .strip_prefix(root())
        .expect("fixture inside the repo");
    run(lineage().args(["check", "--data"]).arg(relative))
}

#[test]
fn broken_datasets_get_one_clear_message_each() {
    insta::glob!("../fixtures", "broken/*/source.txt", |snapshot| {
        let dataset = snapshot.parent().expect("fixture folder");
        let Outcome {
            code,
            stdout,
            stderr,
        } = check(dataset);
        assert_eq!(code, Some(2), "exit code for {}", dataset.display());
        assert_eq!(stdout, "", "no partial answer on stdout");
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn a_valid_fixture_checks_clean() {
    let Outcome {
        code,
        stdout,
        stderr,
    } = check(&root().join("tests/fixtures/mini"));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let Outcome {
        code,
        stdout,
        stderr,
    } = check(&root().join("tests/fixtures/no-such-dataset"));
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    insta::assert_snapshot!(stderr, @r"
    error: cannot read file: no such file
      --> tests/fixtures/no-such-dataset/manifest.json

    lineage: the dataset is not valid (1 error)
    ");
}
