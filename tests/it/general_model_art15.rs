//! The rest of a notice that GDPR Art. 15 needs (issue 12, points 8 and 9): rights, supervisory
//! authorities, automated decision-making, transfers with their safeguards, and contacts are facts of
//! the dataset, listed and cited; the DSAR scripts name nothing of any notice, and every gap in their
//! reports is computed from the data.

use std::fs;

use lineage::{dataset::model::NodeKind, names::normalize, query::ask};
use serde_json::Value;

use crate::common::{dataset_at, lineage, no_params, root, run};

const FIXTURE: &str = "tests/fixtures/art15";

/// The GDPR Art. 15 report of `dataset` as JSON: item id → (status, what is not stated).
fn art15(dataset: &str) -> Vec<(String, String, Vec<String>)> {
    let out = run(lineage().args([
        "--data",
        dataset,
        "run",
        "queries/dsar/gdpr-art15.lq",
        "--param",
        "region=eu",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON report");
    report["completeness"]
        .as_array()
        .expect("completeness")
        .iter()
        .map(|c| {
            let gaps = c["not_stated"].as_array().expect("gaps");
            (
                c["item"]["id"].as_str().expect("id").to_string(),
                c["status"].as_str().expect("status").to_string(),
                gaps.iter()
                    .map(|g| g.as_str().expect("text").to_string())
                    .collect(),
            )
        })
        .collect()
}

fn status<'a>(report: &'a [(String, String, Vec<String>)], item: &str) -> (&'a str, &'a [String]) {
    let (_, status, gaps) = report
        .iter()
        .find(|(id, ..)| id == item)
        .expect("item in report");
    (status, gaps)
}

/// The answer to `question` on `dataset`, as the JSON counsel's scripts read.
fn answer(dataset: &str, question: &str) -> Value {
    let out = run(lineage().args(["--data", dataset, "ask", "--format", "json", question]));
    assert_eq!(out.code, Some(0), "{question}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON answer")
}

fn field(rows: &Value, key: &str) -> Vec<String> {
    let rows = rows.as_array().expect("rows");
    rows.iter()
        .map(|r| r[key].as_str().expect(key).to_string())
        .collect()
}

#[test]
fn each_new_kind_is_listed_with_its_evidence() {
    let ds = dataset_at(FIXTURE);
    for (question, names) in [
        ("list rights", vec!["Access", "Objection"]),
        ("list authorities", vec!["Harbour Data Authority"]),
        (
            "list decisions",
            vec!["automated scoring to decide whether to approve a payment plan"],
        ),
        (
            "list transfers",
            vec!["our host in a country outside the Area"],
        ),
        (
            "list contacts",
            vec!["Brightwater Ltd", "Our data protection officer"],
        ),
    ] {
        assert_eq!(
            field(&answer(FIXTURE, question)["rows"], "name"),
            names,
            "{question}"
        );
        let answer = ask(&ds, question, &no_params()).expect(question);
        assert!(answer.not_stated.is_empty(), "{question}");
        for evidence in answer.evidence() {
            let row = ds.row(&evidence.row).expect("cited row exists");
            assert!(
                ds.row_text(row).contains(evidence.quote.as_str()),
                "{question}"
            );
        }
    }
}

#[test]
fn a_transfer_is_listed_with_its_safeguards_both_cited() {
    let rows = &answer(FIXTURE, "list transfers")["rows"];
    assert_eq!(
        field(rows, "details"),
        ["safeguards: standard contractual clauses"]
    );
    let quotes = field(&rows[0]["evidence"], "quote");
    assert!(
        quotes.contains(&"under standard contractual clauses".to_string()),
        "{quotes:?}"
    );
}

#[test]
fn a_silent_notice_says_so_for_each_kind() {
    let ds = dataset_at("tests/fixtures/mini");
    for (question, says) in [
        (
            "list rights",
            "the notice states no rights of the data subject",
        ),
        (
            "list authorities",
            "the notice states no supervisory authorities",
        ),
        (
            "list decisions",
            "the notice states no automated decision-making",
        ),
        ("list transfers", "the notice states no transfers"),
        ("list contacts", "the notice states no contacts"),
    ] {
        let answer = ask(&ds, question, &no_params()).expect(question);
        assert!(answer.rows.is_empty(), "{question}");
        assert_eq!(answer.not_stated, [says], "{question}");
    }
}

#[test]
fn the_gdpr_report_answers_from_the_notice_and_computes_its_gaps() {
    let stated = art15(FIXTURE);
    for item in ["15-1-e", "15-1-f", "15-1-h", "15-2"] {
        assert_eq!(status(&stated, item), ("answered", &[][..]), "{item}");
    }
    let silent = art15("tests/fixtures/mini");
    for (item, gap) in [
        ("15-1-f", "the notice states no supervisory authorities"),
        ("15-1-h", "the notice states no automated decision-making"),
        ("15-2", "the notice states no transfers"),
    ] {
        assert_eq!(
            status(&silent, item),
            ("not-stated", &[gap.to_string()][..]),
            "{item}"
        );
    }
}

/// No script under `queries/dsar/` names a purpose, data item, category, recipient or any other fact
/// of a dataset under `data/`: the scripts run on any notice.
#[test]
fn the_dsar_scripts_name_nothing_of_any_notice() {
    let scripts: Vec<(String, String)> = fs::read_dir(root().join("queries/dsar"))
        .expect("queries/dsar")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "lq"))
        .map(|p| {
            let text = fs::read_to_string(&p).expect("script");
            (p.display().to_string(), format!(" {} ", normalize(&text)))
        })
        .collect();
    assert!(scripts.len() >= 2);
    let mut found = Vec::new();
    for entry in fs::read_dir(root().join("data")).expect("data/") {
        let dir = entry.expect("entry").path();
        if !dir.join("manifest.json").is_file() {
            continue;
        }
        let relative = dir.strip_prefix(root()).expect("inside the repo");
        let ds = dataset_at(&relative.display().to_string());
        for node in ds.graph().node_weights() {
            // The law's and the format's vocabulary, shared by every notice.
            if matches!(
                node.kind,
                NodeKind::Basis | NodeKind::Region | NodeKind::Group
            ) {
                continue;
            }
            let names = [node.id.to_string(), node.name.clone()];
            for name in names.iter().chain(node.aliases.iter().map(|a| &a.name)) {
                if crate::generic::ORDINARY_WORDS.contains(&normalize(name).as_str()) {
                    continue;
                }
                let needle = format!(" {} ", normalize(name));
                for (path, text) in &scripts {
                    if text.contains(&needle) {
                        found.push(format!("{path}: `{name}` ({} `{}`)", node.kind, node.id));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "names of a notice in the scripts:\n{}",
        found.join("\n")
    );
}
