//! Every DSAR script runs on every dataset of the repository (issue 12): each answer row is cited,
//! nothing of one notice appears in another's report, and each dataset survives an export round trip.
//! The GDPR Art. 15 report on LinkedIn's notice answers from that notice's own statements.

use std::fs;

use lineage::{dataset::model::NodeKind, names::normalize};
use serde_json::Value;

use crate::common::{dataset_at, lineage, root, run, TempDir};

/// Every folder of `data/` with a manifest.
fn datasets() -> Vec<String> {
    let mut dirs: Vec<String> = fs::read_dir(root().join("data"))
        .expect("data/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("manifest.json").is_file())
        .map(|p| format!("data/{}", p.file_name().expect("name").to_string_lossy()))
        .collect();
    dirs.sort();
    dirs
}

fn scripts() -> Vec<String> {
    let mut scripts: Vec<String> = fs::read_dir(root().join("queries/dsar"))
        .expect("queries/dsar")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "lq"))
        .map(|p| {
            format!(
                "queries/dsar/{}",
                p.file_name().expect("name").to_string_lossy()
            )
        })
        .collect();
    scripts.sort();
    scripts
}

fn report(dataset: &str, script: &str) -> Value {
    let out = run(lineage().args([
        "--data",
        dataset,
        "run",
        script,
        "--param",
        "region=eu",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, Some(0), "{dataset} {script}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("a JSON report")
}

/// Whether two dataset folders are versions of one notice (the same publisher and title): their
/// names are then each other's own.
fn same_notice(a: &str, b: &str) -> bool {
    let (a, b) = (dataset_at(a), dataset_at(b));
    (&a.manifest().publisher, &a.manifest().title) == (&b.manifest().publisher, &b.manifest().title)
}

/// The names of a dataset that only that notice would write: long names of its own facts (not the
/// law's words: bases, regions, group headings).
fn own_names(dir: &str) -> Vec<String> {
    let ds = dataset_at(dir);
    let mut names = Vec::new();
    for node in ds.graph().node_weights() {
        if matches!(
            node.kind,
            NodeKind::Basis | NodeKind::Region | NodeKind::Group
        ) {
            continue;
        }
        let all = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        names.extend(all.map(|n| normalize(n)).filter(|n| n.len() >= 16));
    }
    names
}

/// An answer's text in the pieces a name may lie in, each normalised and padded with spaces: a name
/// never spans the `;` between two names of a list, a JSON string's quotes or a line break (else
/// "data about your location; information that …" would read as another notice's "location information").
fn apart(text: &str) -> Vec<String> {
    text.split([';', '"', '\n', '|'])
        .map(|piece| format!(" {} ", normalize(piece)))
        .collect()
}

#[test]
fn every_script_runs_on_every_dataset_cited_and_apart() {
    let dirs = datasets();
    assert!(dirs.len() >= 2, "{dirs:?}");
    for dir in &dirs {
        // What this notice writes itself may of course appear in its answers.
        let own_text = format!(" {} ", normalize(dataset_at(dir).snapshot()));
        // Nor are the law's own words (a regime's "direct marketing") another notice's.
        let law: String = ["gdpr", "ccpa"]
            .iter()
            .map(|r| {
                std::fs::read_to_string(root().join(format!("data/regimes/{r}.json")))
                    .expect("a regime")
            })
            .map(|t| format!(" {} ", normalize(&t)))
            .collect();
        let others: Vec<String> = dirs
            .iter()
            .filter(|d| !same_notice(d, dir))
            .flat_map(|d| own_names(d))
            .filter(|n| !own_text.contains(&format!(" {n} ")))
            .filter(|n| !law.contains(&format!(" {n} ")))
            .collect();
        assert!(!others.is_empty(), "{dir}: nothing to look for");
        for script in scripts() {
            let report = report(dir, &script);
            let mut rows = 0;
            for section in report["sections"].as_array().expect("sections") {
                for entry in section["entries"].as_array().expect("entries") {
                    let Some(answer) = entry.get("answer") else {
                        continue;
                    };
                    for row in answer["rows"].as_array().expect("rows") {
                        rows += 1;
                        let cited = row["evidence"].as_array().is_some_and(|e| !e.is_empty());
                        assert!(
                            cited,
                            "{dir} {script}: an uncited row in `{}`",
                            answer["query"]
                        );
                    }
                }
            }
            assert!(rows > 50, "{dir} {script}: only {rows} rows");
            let text = apart(&report.to_string());
            for name in &others {
                assert!(
                    !text.iter().any(|t| t.contains(&format!(" {name} "))),
                    "{dir} {script}: `{name}` of another notice"
                );
            }
        }
    }
}

#[test]
fn every_dataset_survives_an_export_round_trip() {
    for dir in datasets() {
        let tmp = TempDir::new("every-dataset-export");
        let out_dir = tmp.join("exported");
        let out = run(lineage()
            .args(["--data", &dir, "export", "json", "-o"])
            .arg(&out_dir));
        assert_eq!(out.code, Some(0), "{dir}: {}", out.stderr);
        let again = run(lineage().args(["check", "--data"]).arg(&out_dir));
        assert_eq!(again.code, Some(0), "{dir}: {}", again.stderr);
    }
}

/// Issue 12's test of done: the GDPR Art. 15 report on LinkedIn's notice answers each statutory item
/// from that notice's own statements, with gaps only where it is silent.
#[test]
fn the_gdpr_report_on_the_linkedin_notice_answers_from_it() {
    let report = report("data/linkedin-eu-2025-02", "queries/dsar/gdpr-art15.lq");
    let status = |item: &str| -> (String, Vec<String>) {
        let all = report["completeness"].as_array().expect("completeness");
        let c = all.iter().find(|c| c["item"]["id"] == item).expect("item");
        let gaps = c["not_stated"].as_array().expect("gaps");
        let gaps = gaps
            .iter()
            .map(|g| g.as_str().expect("text").to_string())
            .collect();
        (c["status"].as_str().expect("status").to_string(), gaps)
    };
    for item in [
        "15-1-a", "15-1-c", "15-1-d", "15-1-e", "15-1-f", "15-1-g", "15-1-h", "15-2", "bases",
    ] {
        assert_eq!(status(item), ("answered".to_string(), vec![]), "{item}");
    }
    // 15(1)(d): the notice states retention criteria, tied to no particular data; 15(1)(g): the
    // Privacy Policy's "Data We Collect" and the items whose names say where they come from.
    // Where it is silent: it puts its data in no category.
    let (b, gaps) = status("15-1-b");
    assert_eq!(b, "not-stated");
    assert!(gaps[0].starts_with("the notice places these items in no category:"));
}

/// A notice with no sharing table (LinkedIn's names its recipients in prose and reaches them through
/// purposes) gets no flag: there is no table for a route to disagree with.
#[test]
fn a_notice_without_a_sharing_table_flags_nothing() {
    let out = run(lineage().args([
        "--data",
        "data/linkedin-eu-2025-02",
        "ask",
        "--format",
        "json",
        "who may receive any data",
    ]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let answer: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let rows = answer["rows"].as_array().expect("rows");
    assert!(rows.len() > 10, "{} rows", rows.len());
    assert!(
        !out.stdout.contains("flag:"),
        "a flag on a notice without a sharing table"
    );
}

/// Every example question of `queries/` asked of every dataset: it is answered, each row cited and
/// nothing of another notice in it, or it is refused with one clear message (the examples name the X
/// notice's facts, which another notice does not have) and exit code 2, never a panic.
#[test]
fn every_example_on_every_dataset_is_answered_cited_or_refused_clearly() {
    let dirs = datasets();
    for dir in &dirs {
        let own_text = format!(" {} ", normalize(dataset_at(dir).snapshot()));
        // Nor are the law's own words (a regime's "direct marketing") another notice's.
        let law: String = ["gdpr", "ccpa"]
            .iter()
            .map(|r| {
                std::fs::read_to_string(root().join(format!("data/regimes/{r}.json")))
                    .expect("a regime")
            })
            .map(|t| format!(" {} ", normalize(&t)))
            .collect();
        let others: Vec<String> = dirs
            .iter()
            .filter(|d| !same_notice(d, dir))
            .flat_map(|d| own_names(d))
            .filter(|n| !own_text.contains(&format!(" {n} ")))
            .filter(|n| !law.contains(&format!(" {n} ")))
            .collect();
        let (mut answered, mut refused) = (0, 0);
        for question in crate::common::examples() {
            let out = run(lineage().args(["--data", dir, "ask", "--format", "json", &question]));
            if out.code == Some(2) {
                assert_eq!(out.stdout, "", "{dir}: `{question}`: no partial answer");
                assert!(
                    out.stderr.contains("error: "),
                    "{dir}: `{question}`: {}",
                    out.stderr
                );
                refused += 1;
                continue;
            }
            // 1: answered, with no rows (the notice is silent on it).
            assert!(
                matches!(out.code, Some(0 | 1)),
                "{dir}: `{question}`: {}",
                out.stderr
            );
            answered += 1;
            let answer: Value = serde_json::from_str(&out.stdout).expect("JSON");
            for row in answer["rows"].as_array().expect("rows") {
                if answer["form"] == "list" || answer["form"] == "describe" {
                    continue;
                }
                let cited = row["evidence"].as_array().is_some_and(|e| !e.is_empty());
                assert!(cited, "{dir}: `{question}`: an uncited row");
            }
            let text = apart(&out.stdout);
            for name in &others {
                assert!(
                    !text.iter().any(|t| t.contains(&format!(" {name} "))),
                    "{dir}: `{question}`: `{name}`"
                );
            }
        }
        assert!(
            answered > 5,
            "{dir}: only {answered} answered, {refused} refused"
        );
    }
}

/// `docs/DATA_FORMAT.md`'s examples from the datasets ("The general model in the two datasets") are
/// facts of those datasets, as their files write them: each JSON excerpt under "`data/<name>` (…):" is
/// a node or an edge of that dataset.
#[test]
fn the_data_format_examples_from_each_dataset_are_its_facts() {
    let doc = fs::read_to_string(root().join("docs/DATA_FORMAT.md")).expect("DATA_FORMAT.md");
    let start = doc
        .find("## The general model in the two datasets")
        .expect("the section");
    let end = start
        + doc[start..]
            .find("\n## Validation")
            .expect("the next section");
    let section = &doc[start..end];
    let mut checked = 0;
    let mut dataset: Option<String> = None;
    let mut block: Option<String> = None;
    for line in section.lines() {
        if let Some(text) = block.as_mut() {
            if line == "```" {
                let ds = dataset.take().expect("a dataset named before the block");
                let facts = facts_of(&ds);
                let excerpt: Value =
                    serde_json::from_str(&format!("[{text}]")).expect("JSON excerpt");
                for fact in excerpt.as_array().expect("facts") {
                    assert!(facts.contains(fact), "{ds}: not a fact of it: {fact}");
                    checked += 1;
                }
                block = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if line == "```json" {
            block = Some(String::new());
        } else if let Some(rest) = line.strip_prefix("`data/") {
            dataset = Some(format!("data/{}", &rest[..rest.find('`').expect("name")]));
        }
    }
    assert!(checked >= 15, "{checked} examples");
}

/// Every node and edge of a dataset, as its files write them.
fn facts_of(dir: &str) -> Vec<Value> {
    let read = |file: &str| -> Value {
        let text = fs::read_to_string(root().join(dir).join(file)).expect("file");
        serde_json::from_str(&text).expect("JSON")
    };
    let manifest = read("manifest.json");
    let mut facts = Vec::new();
    for file in manifest["files"].as_array().expect("files") {
        let data = read(file.as_str().expect("file name"));
        for key in ["nodes", "edges"] {
            if let Some(list) = data[key].as_array() {
                facts.extend(list.iter().cloned());
            }
        }
    }
    facts
}

/// The audits of issue 16 work on every dataset of the repository: `lint` exits 0 (no finding) or 1
/// (findings) with every finding cited on both sides, the what-if questions answer, and a dataset
/// compared with itself has no fact changes.
#[test]
fn lint_what_if_and_diff_work_on_every_dataset() {
    for dataset in datasets() {
        let lint = run(lineage().args(["--data", &dataset, "lint", "--format", "json"]));
        assert!(
            matches!(lint.code, Some(0 | 1)),
            "{dataset} lint: {:?} {}",
            lint.code,
            lint.stderr
        );
        let answer: Value = serde_json::from_str(&lint.stdout).expect("lint JSON");
        let rows = answer["rows"].as_array().expect("rows");
        assert_eq!(
            lint.code == Some(1),
            !rows.is_empty(),
            "{dataset}: exit code and findings"
        );
        for finding in rows {
            let one_side = finding["one_side"].as_array().expect("one_side");
            assert!(
                !one_side.is_empty(),
                "{dataset}: a finding without rows: {finding}"
            );
            for side in ["one_side", "other_side"] {
                for cite in finding[side].as_array().expect("a side") {
                    assert!(
                        cite["row"].is_string() && cite["quote"].is_string(),
                        "{dataset}: {cite}"
                    );
                }
            }
        }
        let region = dataset_at(&dataset)
            .nodes_of_kind(NodeKind::Region)
            .first()
            .map(|&n| dataset_at(&dataset).node(n).id.clone());
        let mut questions = vec!["what if I withdraw consent".to_string()];
        if let Some(region) = region {
            questions.push(format!("what if I am in {region}"));
        }
        for q in questions {
            let out = run(lineage().args(["--data", &dataset, "ask", &q]));
            assert_eq!(out.code, Some(0), "{dataset} `{q}`: {}", out.stderr);
            assert!(
                !out.stdout.trim().is_empty(),
                "{dataset} `{q}`: empty answer"
            );
        }
        let diff = run(lineage().args(["diff", &dataset, &dataset]));
        assert_eq!(
            diff.code,
            Some(0),
            "{dataset} diff with itself: {}",
            diff.stderr
        );
        assert!(
            diff.stdout.contains("no fact changes"),
            "{dataset}: {}",
            diff.stdout
        );
    }
}
