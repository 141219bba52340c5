//! Issue 18: `lineage export graph`, `ropa` and `ttl`. Each export of a small fixture is pinned
//! (snapshots), its refusals are exact, and nothing is written where it is refused. The round trips
//! through the real engines (Kuzu, openpyxl, pyoxigraph) are the Python oracles under
//! `tests/oracle/`: run here on a small fixture where the packages are installed (one `skipped:`
//! line where they are not), and by `.ci/run` on every dataset of `data/`.

use std::{fs, process::Command as Process};

use crate::common::{lineage, root, run, skip_or_fail, TempDir};

const MINI: &str = "tests/fixtures/mini";

fn read(path: &std::path::Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ----- export graph -----

#[test]
fn graph_export_writes_nodes_edges_routes_and_a_schema() {
    let tmp = TempDir::new("graph");
    let dir = tmp.join("graph");
    let out = run(lineage()
        .args(["--data", MINI, "export", "graph", "-o"])
        .arg(&dir));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", ""));
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["edges.csv", "may_receive.csv", "nodes.csv", "schema.cypher"]
    );
    assert_eq!(tmp.names(), ["graph"], "no temporary folder is left");
    for name in ["nodes.csv", "edges.csv", "may_receive.csv", "schema.cypher"] {
        insta::assert_snapshot!(format!("graph_mini_{name}"), read(&dir.join(name)));
    }
}

#[test]
fn graph_export_needs_a_folder() {
    let out = run(lineage().args(["--data", MINI, "export", "graph"]));
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    insta::assert_snapshot!(out.stderr, @"lineage: `export graph` writes a folder of CSV files: give it with `-o DIR`");
}

#[test]
fn graph_export_never_writes_into_a_folder_that_exists() {
    let tmp = TempDir::new("graph-exists");
    tmp.write("keep.txt", "mine");
    let out = run(lineage()
        .args(["--data", MINI, "export", "graph", "-o"])
        .arg(&*tmp));
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    let said = out.stderr.replace(&tmp.display().to_string(), "DIR");
    insta::assert_snapshot!(said, @"lineage: `DIR` already exists: export into a new folder");
    assert_eq!(tmp.names(), ["keep.txt"]);
    assert_eq!(read(&tmp.join("keep.txt")), "mine");
}

// ----- export ropa -----

#[test]
fn ropa_has_a_row_per_purpose_and_data_with_each_template_and_its_coverage() {
    for template in ["ico", "cnil"] {
        let out = run(lineage().args(["--data", MINI, "export", "ropa", "--template", template]));
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!(out.stderr, "");
        insta::assert_snapshot!(format!("ropa_mini_{template}"), out.stdout);
    }
    let default = run(lineage().args(["--data", MINI, "export", "ropa"]));
    let ico = run(lineage().args(["--data", MINI, "export", "ropa", "--template", "ico"]));
    assert_eq!(default.stdout, ico.stdout, "ico is the default");
}

#[test]
fn ropa_workbook_is_written_atomically_and_is_the_same_each_time() {
    let tmp = TempDir::new("ropa-xlsx");
    let mut bytes = Vec::new();
    for name in ["a.xlsx", "b.xlsx"] {
        let path = tmp.join(name);
        let out = run(lineage()
            .args(["--data", MINI, "export", "ropa", "--sheet", "xlsx", "-o"])
            .arg(&path));
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", ""));
        bytes.push(fs::read(&path).expect("the workbook"));
    }
    assert!(bytes[0].starts_with(b"PK\x03\x04"), "an XLSX file is a zip");
    assert_eq!(bytes[0], bytes[1], "no timestamp: the same bytes each time");
    assert_eq!(
        tmp.names(),
        ["a.xlsx", "b.xlsx"],
        "no temporary file is left"
    );
}

#[test]
fn ropa_options_belong_to_ropa() {
    for (args, option) in [
        (["export", "dot", "--template", "cnil"], "--template"),
        (["export", "mermaid", "--sheet", "xlsx"], "--sheet"),
    ] {
        let out = run(lineage().args(["--data", MINI]).args(args));
        assert_eq!(out.code, Some(2));
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!("lineage: `{option}` is an option of `export ropa`\n")
        );
    }
}

// ----- export ttl -----

#[test]
fn ttl_is_dpv_turtle_with_each_fact_cited() {
    let out = run(lineage().args(["--data", MINI, "export", "ttl"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("ttl_mini", out.stdout);
}

/// The DPV terms an export uses: every `dpv:` and `eu-gdpr:` name in the Turtle, outside strings.
fn dpv_terms_in(turtle: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for line in turtle.lines().filter(|l| !l.starts_with('@')) {
        // Strings hold the notice's text, which may say anything.
        let code: String = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        for word in code.split([' ', ',', ';']) {
            let word = word.trim_end_matches('.');
            if word.starts_with("dpv:") || word.starts_with("eu-gdpr:") {
                terms.push(word.to_string());
            }
        }
    }
    terms.sort();
    terms.dedup();
    terms
}

#[test]
fn every_dpv_term_the_exports_use_is_in_the_dpv_release() {
    let list = fs::read_to_string(root().join("tests/oracle/dpv-terms.txt")).expect("the list");
    let known: Vec<&str> = list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut used = Vec::new();
    for dataset in [
        MINI,
        "data/x-2023",
        "data/linkedin-eu-2025-02",
        "tests/fixtures/interests-and-kinds",
    ] {
        let out = run(lineage().args(["--data", dataset, "export", "ttl"]));
        assert_eq!(out.code, Some(0), "{dataset}: {}", out.stderr);
        used.extend(dpv_terms_in(&out.stdout));
    }
    used.sort();
    used.dedup();
    let unknown: Vec<&String> = used
        .iter()
        .filter(|t| !known.contains(&t.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "not in tests/oracle/dpv-terms.txt: {unknown:?}"
    );
    assert!(used.len() >= 15, "the exports use the vocabulary: {used:?}");
    assert!(
        used.iter().any(|t| t.starts_with("eu-gdpr:A6-1-")),
        "bases whose kind the dataset states map to the GDPR extension"
    );
}

// ----- the round trips through real engines -----

/// The oracles and the Python package each needs.
const ORACLES: &[(&str, &str)] = &[
    ("graph_kuzu.py", "kuzu"),
    ("ropa_openpyxl.py", "openpyxl"),
    ("ttl_oxigraph.py", "pyoxigraph"),
];

/// The Python packages that do not import here (all of them without `python3`).
fn missing_packages() -> Vec<&'static str> {
    ORACLES
        .iter()
        .map(|&(_, package)| package)
        .filter(|package| {
            !Process::new("python3")
                .args(["-c", &format!("import {package}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect()
}

/// Whether the oracles can run: where a package is missing, one `skipped:` line says what was not
/// checked (a failure under `LINEAGE_REQUIRE_TOOLS`, which `.ci/run` sets).
fn oracles_can_run() -> bool {
    let missing = missing_packages();
    if !missing.is_empty() {
        skip_or_fail(
            &format!(
                "the Python packages {} are not installed (`pip install kuzu==0.11.3 openpyxl==3.1.5 pyoxigraph==0.5.13`)",
                missing.join(", ")
            ),
            "the round trips of `export graph`, `ropa` and `ttl` through Kuzu, openpyxl and pyoxigraph",
        );
    }
    missing.is_empty()
}

#[test]
fn the_engines_of_the_round_trips_are_installed() {
    // The round trips themselves take seconds: they are the heavy test below.
    oracles_can_run();
}

#[test]
#[ignore = "heavy: each oracle asks hundreds of questions per dataset (seconds in a debug build)"]
fn every_export_loads_into_its_engine_with_the_same_answers() {
    if !oracles_can_run() {
        return;
    }
    let binary = env!("CARGO_BIN_EXE_lineage");
    let mut datasets = vec![MINI.to_string()];
    for entry in fs::read_dir(root().join("data")).expect("data/") {
        let path = entry.expect("entry").path();
        if path.join("manifest.json").is_file() {
            datasets.push(path.display().to_string());
        }
    }
    datasets.sort();
    for dataset in &datasets {
        for (script, _) in ORACLES {
            let output = Process::new("python3")
                .arg(root().join("tests/oracle").join(script))
                .args([binary, dataset.as_str()])
                .current_dir(root())
                .output()
                .expect("python3 runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "{script} on {dataset}: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                stdout.contains(", same"),
                "{script} compared nothing: {stdout}"
            );
            // The questions compared and their row counts, in the CI log.
            let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), stdout.as_bytes());
        }
    }
}
