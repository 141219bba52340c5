//! Versions of the X notice over time (issue 16, part 3): the datasets of the recorded versions, the
//! facts `lineage diff` finds between each pair the notice library's README describes, and
//! `--as-of`, which answers from the version in force on a date.

use std::fs;

use lineage::versions::diff::{diff, Change, Key};

use crate::common::{dataset_at, lineage, run, skip_or_fail, TempDir};

/// The versions encoded beside the seed (`data/x-2023`, the 2023-10-18 text), oldest first.
const VERSIONS: [&str; 7] = [
    "data/x-2022-07-11",
    "data/x-2023-09-20",
    "data/x-2023-09-25",
    "data/x-2023-11-10",
    "data/x-2024-05-23",
    "data/x-2024-07-25",
    "data/x-2026-06-29",
];

/// The changes from `old` to `new`, each as `change kind key`, in the diff's order.
fn changes(old: &str, new: &str) -> Vec<String> {
    diff(&dataset_at(old), &dataset_at(new))
        .changes
        .iter()
        .map(|c| {
            let key = match &c.key {
                Key::Node(id) => format!("node {id}"),
                Key::Edge { from, kind, to } => format!("{kind} {from} -> {to}"),
            };
            format!("{} {key}", c.change.as_str())
        })
        .collect()
}

#[test]
fn every_version_names_its_snapshot_and_holds_no_copy_of_it() {
    for dir in VERSIONS {
        let ds = dataset_at(dir);
        let source = ds.manifest().snapshot_source.as_ref().expect(dir);
        assert_eq!(source.archive, "OpenTermsArchive/pga-versions", "{dir}");
        assert_eq!(source.sha256.len(), 64, "{dir}");
        let date = &dir["data/x-".len()..];
        assert_eq!(ds.manifest().as_of, date, "{dir}");
        assert_eq!(ds.manifest().snapshot, format!("x/x-{date}.txt"), "{dir}");
        let copies: Vec<_> = fs::read_dir(crate::common::root().join(dir))
            .expect(dir)
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".json"))
            .collect();
        assert!(copies.is_empty(), "{dir} holds {copies:?}");
        if !ds.quotes().verified() {
            skip_or_fail(
                &format!("the text of {dir} (x/x-{date}.txt) is in no notice library"),
                "that its quotes are verbatim in its version's text",
            );
        }
    }
}

#[test]
fn the_rebrand_changes_names_only() {
    // 2022-07-11 → 2023-09-20: "rebrand only: Twitter → X, Tweets → posts, Retweets → reposts".
    let found = changes("data/x-2022-07-11", "data/x-2023-09-20");
    insta::assert_snapshot!(found.join("\n"));
    assert!(
        found.iter().all(|c| c.starts_with("changed node ")),
        "{found:?}"
    );
    let ds = diff(
        &dataset_at("data/x-2022-07-11"),
        &dataset_at("data/x-2023-09-20"),
    );
    for c in &ds.changes {
        let (old, new) = (c.old.as_ref().expect("old"), c.new.as_ref().expect("new"));
        let old: Vec<&String> = old.says.values().collect();
        let new: Vec<&String> = new.says.values().collect();
        let rebranded = old[0].replace("Twitter", "X");
        assert_eq!(&rebranded, new[0]);
    }
}

#[test]
fn the_identity_verification_row_is_added_on_2023_09_25() {
    let found = changes("data/x-2023-09-20", "data/x-2023-09-25");
    assert!(found.iter().all(|c| c.starts_with("added ")), "{found:?}");
    assert!(found.contains(&"added node identity-verification".to_string()));
    assert!(found.contains(&"added has-basis identity-verification -> consent".to_string()));
    assert!(found.contains(&"added node au10tix".to_string()));
    insta::assert_snapshot!(found.join("\n"));
}

#[test]
fn the_seed_is_the_2023_09_25_facts_and_2023_11_10_changes_none() {
    assert_eq!(
        changes("data/x-2023-09-25", "data/x-2023"),
        Vec::<String>::new()
    );
    assert_eq!(
        changes("data/x-2023", "data/x-2023-11-10"),
        Vec::<String>::new()
    );
    let out = run(lineage().args(["diff", "data/x-2023", "data/x-2023-11-10", "--width", "100"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn the_2024_05_23_rewrite_of_identity_verification() {
    let found = changes("data/x-2023-11-10", "data/x-2024-05-23");
    insta::assert_snapshot!(found.join("\n"));
    for expected in [
        "changed node identity-verification",
        "added node hashed-government-id-number",
        "added retained-for hashed-government-id-number -> identity-verification",
        "changed retained-for selfie -> identity-verification",
    ] {
        assert!(
            found.contains(&expected.to_string()),
            "{expected}: {found:?}"
        );
    }
    let ds = diff(
        &dataset_at("data/x-2023-11-10"),
        &dataset_at("data/x-2024-05-23"),
    );
    let selfie = ds
        .changes
        .iter()
        .find(
            |c| matches!(&c.key, Key::Edge { from, kind: "retained-for", .. } if from == "selfie"),
        )
        .expect("selfie's retention");
    let new: Vec<&String> = selfie.new.as_ref().expect("new").says.values().collect();
    assert!(new[0].contains("may be kept for 30 days"), "{new:?}");
}

#[test]
fn a_sixth_legitimate_interests_summary_on_2024_07_25() {
    let found = changes("data/x-2024-05-23", "data/x-2024-07-25");
    assert_eq!(
        found,
        [
            "added node training-ml-and-ai-models",
            "added has-basis training-ml-and-ai-models -> legitimate-interests",
        ]
    );
    let out = run(lineage().args([
        "diff",
        "data/x-2024-05-23",
        "data/x-2024-07-25",
        "--format",
        "markdown",
    ]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn the_processor_is_persona_from_2026_06_29() {
    let found = changes("data/x-2024-07-25", "data/x-2026-06-29");
    insta::assert_snapshot!(found.join("\n"));
    let removed = found.iter().filter(|c| c.starts_with("removed ")).count();
    let added = found.iter().filter(|c| c.starts_with("added ")).count();
    assert_eq!((removed, added, found.len()), (6, 6, 12), "{found:?}");
    assert!(found
        .iter()
        .all(|c| c.contains("au10tix") || c.contains("persona")));
    let ds = diff(
        &dataset_at("data/x-2024-07-25"),
        &dataset_at("data/x-2026-06-29"),
    );
    assert!(ds.changes.iter().all(|c| c.change != Change::Changed));
}

#[test]
fn every_format_of_a_diff() {
    let args = ["diff", "data/x-2024-07-25", "data/x-2026-06-29", "--format"];
    for format in ["csv", "json", "dot"] {
        let out = run(lineage().args(args).arg(format));
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        insta::assert_snapshot!(format!("diff_format_{format}"), out.stdout);
    }
    let json: serde_json::Value =
        serde_json::from_str(&run(lineage().args(args).arg("json")).stdout).expect("JSON");
    let row = &json["rows"][0];
    assert_eq!(row["change"], "removed");
    assert_eq!(row["version"], "x-2024-07-25");
    assert_eq!(row["evidence"][0]["row"], "t1-r20");
    assert_eq!(
        row["evidence"][0]["quote"],
        "X shares the data with Au10tix"
    );
}

#[test]
fn a_diff_written_to_a_file_and_a_dataset_that_does_not_load() {
    let dir = TempDir::new("diff-output");
    let file = dir.join("changes.md");
    let out = run(lineage()
        .args([
            "diff",
            "data/x-2024-05-23",
            "data/x-2024-07-25",
            "-f",
            "markdown",
            "-o",
        ])
        .arg(&file));
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(1), ""),
        "{}",
        out.stderr
    );
    let written = fs::read_to_string(&file).expect("written");
    assert!(written.contains("training-ml") || written.contains("train machine learning"));
    assert_eq!(dir.names(), ["changes.md"]);

    let missing = dir.join("missing");
    let out = run(lineage().args(["diff", "data/x-2023"]).arg(&missing));
    assert_eq!((out.code, out.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!(out.stderr.replace(&*dir.to_string_lossy(), "TMP"));
    assert_eq!(dir.names(), ["changes.md"], "nothing else written");
}

// ----- --as-of -----

fn as_of(data: &str, date: &str) -> crate::common::Outcome {
    run(lineage().args([
        "--data",
        data,
        "--as-of",
        date,
        "ask",
        "list purposes",
        "-f",
        "csv",
    ]))
}

#[test]
fn as_of_a_date_answers_from_the_version_then_in_force_and_says_which() {
    for (date, chosen) in [
        ("2022-07-11", "data/x-2022-07-11"),
        ("2023-10-17", "data/x-2023-09-25"),
        ("2023-10-18", "data/x-2023"),
        ("2024-06-01", "data/x-2024-05-23"),
        ("2030-01-01", "data/x-2026-06-29"),
    ] {
        let out = as_of("data/x-2023", date);
        assert_eq!(out.code, Some(0), "{date}: {}", out.stderr);
        let said = format!("lineage: as of {date}, answering from `{chosen}`");
        assert!(out.stderr.starts_with(&said), "{date}: {}", out.stderr);
    }
    // The training purpose is named from 2024-07-25 on.
    assert!(!as_of("data", "2024-07-24")
        .stdout
        .contains("train machine learning"));
    assert!(as_of("data", "2024-07-25")
        .stdout
        .contains("train machine learning"));
}

#[test]
fn as_of_refuses_what_it_cannot_choose() {
    let early = as_of("data/x-2023", "2022-07-10");
    assert_eq!((early.code, early.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!("as_of_too_early", early.stderr);
    let both = as_of("data", "2025-06-01");
    assert_eq!((both.code, both.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!("as_of_ambiguous", both.stderr);
    let none = run(lineage().args(["--as-of", "2024-06-01", "ask", "list purposes"]));
    assert_eq!((none.code, none.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!("as_of_needs_data", none.stderr);
    let diff = run(lineage().args([
        "--as-of",
        "2024-06-01",
        "diff",
        "data/x-2023",
        "data/x-2023-11-10",
    ]));
    assert_eq!((diff.code, diff.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!("as_of_not_for_diff", diff.stderr);
    let bad = run(lineage().args(["--data", "data", "--as-of", "2024-13-01", "check"]));
    assert_eq!((bad.code, bad.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!("as_of_not_a_date", bad.stderr);

    let dir = TempDir::new("as-of");
    let out = run(lineage()
        .arg("--data")
        .arg(&*dir)
        .args(["--as-of", "2024-06-01", "check"]));
    assert_eq!((out.code, out.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!(
        "as_of_no_versions",
        out.stderr.replace(&*dir.to_string_lossy(), "TMP")
    );
    fs::create_dir(dir.join("v1")).expect("v1");
    dir.write(
        "v1/manifest.json",
        r#"{"publisher": "P", "title": "T", "name": "v1", "as_of": "June"}"#,
    );
    let out = run(lineage()
        .arg("--data")
        .arg(&*dir)
        .args(["--as-of", "2024-06-01", "check"]));
    assert_eq!((out.code, out.stdout.as_str()), (Some(2), ""));
    insta::assert_snapshot!(
        "as_of_bad_manifest",
        out.stderr.replace(&*dir.to_string_lossy(), "TMP")
    );
    assert_eq!(dir.names(), ["v1"], "nothing written");
}

#[test]
fn as_of_works_for_run_and_the_repl_too() {
    let dir = TempDir::new("as-of-run");
    let script = dir.write("q.lq", "purposes of Selfie\n");
    let out = run(lineage()
        .args([
            "--data",
            "data",
            "--as-of",
            "2023-09-24",
            "run",
            "--format",
            "json",
        ])
        .arg(&script));
    // Before 2023-09-25 the notice names no selfie: the script's question is refused.
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(2), ""),
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .starts_with("lineage: as of 2023-09-24, answering from `data/x-2023-09-20`"));
    let out = run(lineage()
        .args([
            "--data",
            "data",
            "--as-of",
            "2023-09-25",
            "run",
            "--format",
            "json",
        ])
        .arg(&script));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("t1-r20"), "{}", out.stdout);
    let repl = run(lineage()
        .args(["--data", "data/x-2023", "--as-of", "2026-07-01"])
        .write_stdin("who may receive Selfie\n"));
    assert_eq!(repl.code, Some(0), "{}", repl.stderr);
    assert!(repl.stdout.contains("Persona") && !repl.stdout.contains("Au10tix"));
    assert_eq!(dir.names(), ["q.lq"], "nothing written");
}
