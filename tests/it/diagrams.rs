//! Diagrams: every DOT we produce is well formed, and real Graphviz accepts it with exit 0 and no
//! warnings; hostile names stay inside their strings; a small diagram is pinned as a snapshot.
//!
//! The strict reader of `common::dot` checks every diagram everywhere. Where Graphviz's `dot` is not
//! installed, the steps that run it are skipped, each test saying so in one line on stderr; `.ci/run`
//! installs Graphviz and sets `LINEAGE_REQUIRE_TOOLS`, so that there a missing `dot` fails instead.

use std::{
    fs,
    io::Write,
    process::{Command, Stdio},
};

use lineage::{
    present::diagram::{to_dot, to_mermaid, Diagram},
    query::ask,
};

use crate::common::{dataset_at, dot, examples, graphviz_runs, lineage, no_params, TempDir};

/// Reads DOT as `common::dot` does; panics, saying where, unless it is the DOT our writer writes.
fn well_formed(dot: &str, what: &str) {
    if let Err(e) = dot::check(dot) {
        panic!("the DOT of {what}: {e}");
    }
}

/// Renders DOT with real Graphviz; returns its stderr. Panics when `dot` fails. Call it only where
/// `graphviz_runs`.
fn graphviz(dot: &str, what: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("Graphviz `dot` does not start: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("dot reads");
    let output = child.wait_with_output().expect("dot runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "dot failed on {what}: {stderr}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("<svg"),
        "no SVG for {what}"
    );
    stderr
}

#[test]
fn graphviz_accepts_the_whole_map_without_warnings() {
    let ds = dataset_at("data/x-2023");
    let dot = to_dot(&ds, &Diagram::map(&ds));
    well_formed(&dot, "the whole map");
    assert!(dot.is_ascii(), "DOT output is plain ASCII");
    if graphviz_runs("that Graphviz draws the whole map without warnings (its syntax was checked)")
    {
        assert_eq!(graphviz(&dot, "the whole map"), "");
    }
}

#[test]
fn graphviz_accepts_the_answer_to_every_example_query() {
    let ds = dataset_at("data/x-2023");
    let mut diagrams = Vec::new();
    for query in examples() {
        let answer = ask(&ds, &query, &no_params()).expect("answers");
        let dot = to_dot(&ds, &Diagram::of_answer(&ds, &answer));
        well_formed(&dot, &format!("`{query}`"));
        diagrams.push((query, dot));
    }
    if graphviz_runs(&format!(
        "that Graphviz draws the answers to the {} example questions without warnings (their syntax was checked)",
        diagrams.len()
    )) {
        for (query, dot) in &diagrams {
            assert_eq!(graphviz(dot, query), "", "warnings for `{query}`");
        }
    }
}

#[test]
fn node_ids_come_from_dataset_ids() {
    let ds = dataset_at("data/x-2023");
    let answer = ask(&ds, "who may receive Location Data", &no_params()).expect("answers");
    let dot = to_dot(&ds, &Diagram::of_answer(&ds, &answer));
    assert!(
        dot.contains("\"category:location-data\" -> \"recipient:law-enforcement-and-others\""),
        "{dot}"
    );
    assert!(dot.contains(
        "\"data:location-information\" -> \"purpose:sharing-data-with-our-service-providers\""
    ));
    // Derived edges are dashed, marked with the number of their reason in the legend, and say why
    // when hovered.
    assert!(
        dot.contains("*3 derived: the purpose's name says the data is shared with our"),
        "{dot}"
    );
    assert!(dot.contains("\"purpose:sharing-data-with-our-service-providers\" -> \"recipient:our-service-providers\" [color=\"#555555\", fontcolor=\"#555555\", label=\"discloses-to *3\", tooltip=\"derived: the purpose's name says the data is shared with our service providers, a recipient of table 3\", style=dashed]"), "{dot}");
}

#[test]
fn hostile_names_render_and_stay_inside_their_strings() {
    let ds = dataset_at("tests/fixtures/hostile");
    let map = to_dot(&ds, &Diagram::map(&ds));
    well_formed(&map, "the hostile map");
    assert!(map.is_ascii());
    let answer = ask(
        &ds,
        "who may receive \"cat\" and under which basis",
        &no_params(),
    )
    .expect("answers");
    let dot = to_dot(&ds, &Diagram::of_answer(&ds, &answer));
    well_formed(&dot, "a hostile answer");
    if graphviz_runs(
        "that Graphviz draws the hostile map and a hostile answer without warnings (their syntax was checked)",
    ) {
        assert_eq!(graphviz(&map, "the hostile map"), "");
        assert_eq!(graphviz(&dot, "a hostile answer"), "");
    }
    // Every line of the DOT is a statement of ours: no name opened a new statement or subgraph.
    for line in dot.lines() {
        let line = line.trim();
        let ours = line.starts_with('"')
            || line.starts_with("subgraph ")
            || line.starts_with("graph [")
            || line.starts_with("node [")
            || line.starts_with("edge [")
            || line.starts_with("label=")
            || line.starts_with("rank=")
            || line == "}"
            || line.starts_with("digraph ");
        assert!(ours, "unexpected DOT line: {line}");
    }
    let mermaid = to_mermaid(&ds, &Diagram::map(&ds));
    for line in mermaid.lines().filter(|l| l.contains("[\"")) {
        let label =
            &line[line.find("[\"").expect("label") + 2..line.rfind("\"]").expect("label end")];
        assert!(
            !label.contains('"') && !label.contains(']'),
            "a label breaks out: {line}"
        );
    }
}

#[test]
fn a_small_diagram() {
    let ds = dataset_at("tests/fixtures/mini");
    insta::assert_snapshot!(to_dot(&ds, &Diagram::map(&ds)));
}

#[test]
fn a_small_mermaid_diagram() {
    let ds = dataset_at("tests/fixtures/mini");
    let answer = ask(
        &ds,
        "who may receive Device location and under which basis",
        &no_params(),
    )
    .expect("answers");
    insta::assert_snapshot!(to_mermaid(&ds, &Diagram::of_answer(&ds, &answer)));
}

#[test]
fn export_dot_renders_to_png_through_graphviz() {
    if !graphviz_runs(
        "that `export dot --render png` and `ask --format dot --render svg` run Graphviz",
    ) {
        return;
    }
    let dir = TempDir::new("render");
    let png = dir.join("map.png");
    let output = lineage()
        .args(["export", "dot", "--render", "png", "-o"])
        .arg(&png)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = fs::read(&png).expect("png written");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    let svg = lineage()
        .args([
            "ask",
            "who may receive Location Data and under which basis",
            "--format",
            "dot",
            "--render",
            "svg",
        ])
        .output()
        .expect("runs");
    assert_eq!(svg.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&svg.stdout).contains("Our service providers"));
}

#[test]
fn render_without_graphviz_says_how_to_install_it() {
    let empty = TempDir::new("empty-path");
    let output = lineage()
        .env("PATH", &empty)
        .args(["export", "dot", "--render", "svg"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Graphviz `dot` is not on PATH")
            && stderr.contains("apt-get install graphviz")
            && stderr.contains("-o map.dot"),
        "{stderr}"
    );
}

#[test]
fn repl_mode_dot_and_dot_command() {
    let dir = TempDir::new("repl-dot");
    let file = dir.join("last.dot");
    let input = format!(
        "retention of Selfie\n.dot {}\n.mode dot\nwho processes Selfie\n",
        file.display()
    );
    let output = lineage().write_stdin(input).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("digraph lineage {"), "{stdout}");
    let written = fs::read_to_string(&file).expect(".dot wrote the last answer");
    assert!(
        written.contains("\"data:selfie\" -> \"purpose:identity-verification\""),
        "{written}"
    );
    well_formed(&written, ".dot output");
    if graphviz_runs("that Graphviz draws what `.dot` wrote (its syntax was checked)") {
        assert_eq!(graphviz(&written, ".dot output"), "");
    }
}
