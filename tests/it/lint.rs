//! `lineage lint` (issue 16, part 1; `docs/LINT.md`): where the notice's own statements pull against
//! each other. Every kind fires on `tests/fixtures/lint/disagrees` and stays silent on
//! `tests/fixtures/lint/agrees`, which makes every comparison a kind makes but where the rows agree;
//! the findings on the X notice are golden (each read against the notice, docs/LINT.md), and they
//! are exactly the answers' flags (docs/FLAGS.md) plus what the other kinds compare. Exit 1 with
//! findings, 0 without, 2 on bad input. Nothing is written outside a temporary folder.

use lineage::{
    lint::{lint, Kind},
    present::format::Format,
    present::render::{render, Options},
    query::ask,
};
use serde_json::Value;

use crate::common::{dataset_at, lineage, no_params, piped, run, x2023, TempDir};

const DISAGREES: &str = "tests/fixtures/lint/disagrees";
const AGREES: &str = "tests/fixtures/lint/agrees";

/// The kind of each finding, in order.
fn kinds_of(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).expect("JSON");
    v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["kind"].as_str().expect("kind").to_string())
        .collect()
}

#[test]
fn every_kind_fires_where_the_rows_disagree() {
    let out = run(lineage().args(["--data", DISAGREES, "lint", "--format", "json"]));
    assert_eq!(out.code, Some(1), "findings exit 1; stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
    let kinds = kinds_of(&out.stdout);
    for kind in Kind::ALL {
        assert!(kinds.iter().any(|k| k == kind.id()), "{} fires", kind.id());
    }
    assert_eq!(
        kinds.len(),
        12,
        "two routes, two purposes without a legitimate-interests summary, and one finding of each other kind"
    );
    let table = run(lineage().args(["--data", DISAGREES, "--width", "120", "lint"]));
    assert_eq!(table.code, Some(1));
    insta::assert_snapshot!("lint_disagrees_table", table.stdout);
}

#[test]
fn every_kind_is_silent_where_the_rows_agree() {
    let ds = dataset_at(AGREES);
    assert_eq!(lint(&ds), Vec::new(), "no finding where the rows agree");
    let out = run(lineage().args(["--data", AGREES, "lint"]));
    assert_eq!(
        out.code,
        Some(0),
        "no finding exits 0; stderr: {}",
        out.stderr
    );
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("lint_agrees_table", out.stdout);
}

/// Each finding cites rows on both sides (or says the other side is the notice's silence), and
/// every quote it cites is in the snapshot.
#[test]
fn every_finding_cites_both_sides() {
    for ds in [x2023(), &dataset_at(DISAGREES)] {
        for f in lint(ds) {
            assert!(!f.one_side.is_empty(), "{}: one side cited", f.text);
            let silence = f.kind == Kind::InterestsNotStated;
            assert_eq!(f.other_side.is_empty(), silence, "{}: other side", f.text);
        }
    }
}

/// The findings on the X 2023 notice, each read against the notice (docs/LINT.md lists them, with
/// why each stands): three routes, three items in no category, one item in two categories,
/// retention stated for the identity-verification items only, and one purpose on legitimate
/// interests that no published summary names.
#[test]
fn the_x_notice_findings() {
    let out = run(lineage().args(["lint", "--format", "markdown"]));
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    insta::assert_snapshot!("lint_x2023_markdown", out.stdout);
    let kinds: Vec<&str> = lint(x2023()).iter().map(|f| f.kind.id()).collect();
    assert_eq!(
        kinds,
        [
            "route-not-in-sharing-table",
            "route-not-in-sharing-table",
            "route-not-in-sharing-table",
            "data-in-no-category",
            "data-in-no-category",
            "data-in-no-category",
            "categories-differ-in-recipients",
            "retention-for-some-data-only",
            "legitimate-interests-without-summary",
        ]
    );
}

/// A route finding is exactly a flag of `not listed` (docs/FLAGS.md): each finding's item and
/// recipient are on a flagged row of `who may receive any data`, and there are as many findings as
/// FLAGS.md lists such flags (three).
#[test]
fn route_findings_are_the_flags() {
    let ds = x2023();
    let answer = ask(ds, "who may receive any data", &no_params()).expect("answers");
    let csv = render(&answer, Format::Csv, &Options::default());
    let flagged: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains("not list this recipient"))
        .collect();
    let routes: Vec<_> = lint(ds)
        .into_iter()
        .filter(|f| f.kind == Kind::RouteNotInSharingTable)
        .collect();
    assert_eq!(routes.len(), 3);
    for f in &routes {
        let (data, recipient) = (&ds.node(f.subjects[0]).name, &ds.node(f.subjects[1]).name);
        assert!(
            flagged
                .iter()
                .any(|l| l.contains(data.as_str()) && l.contains(recipient.as_str())),
            "{data} to {recipient} is flagged"
        );
    }
}

#[test]
fn linkedin_has_no_finding() {
    let out = run(lineage().args([
        "--data",
        "data/linkedin-eu-2025-02",
        "lint",
        "--format",
        "csv",
    ]));
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "kind,about,finding,one_side,other_side\n");
}

#[test]
fn every_format_prints_the_findings_and_exits_1() {
    for format in ["table", "markdown", "json", "csv", "line"] {
        let out = run(lineage().args(["--data", DISAGREES, "lint", "--format", format]));
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        assert!(
            out.stdout.contains("basis-differs-between-sections"),
            "{format}"
        );
        assert_eq!(out.stderr, "", "{format}");
    }
    let csv = run(lineage().args(["--data", DISAGREES, "lint", "--format", "csv"]));
    insta::assert_snapshot!("lint_disagrees_csv", csv.stdout);
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = TempDir::new("lint-bad-input");
    // A file of the folder's own, so that the folder's path is known; the findings would go beside it.
    let target = dir.write("kept", "kept").with_file_name("findings.md");
    let target_arg = target.display().to_string();
    let dot = run(lineage().args(["lint", "--format", "dot", "-o", &target_arg]));
    assert_eq!(dot.code, Some(2));
    assert_eq!(dot.stdout, "");
    insta::assert_snapshot!("lint_format_dot_refused", dot.stderr);
    let missing = target
        .with_file_name("no-such-dataset")
        .display()
        .to_string();
    let gone = run(lineage().args(["--data", &missing, "lint", "-o", &target_arg]));
    assert_eq!(gone.code, Some(2));
    assert_eq!(gone.stdout, "");
    assert!(!gone.stderr.is_empty());
    assert!(!target.exists(), "nothing written");
    assert_eq!(dir.names(), ["kept"], "the folder holds only what it held");
}

#[test]
fn output_goes_to_the_file_named() {
    let dir = TempDir::new("lint-output");
    let target = dir.write("kept", "kept").with_file_name("findings.csv");
    let out = run(lineage().args([
        "--data",
        DISAGREES,
        "lint",
        "--format",
        "csv",
        "-o",
        &target.display().to_string(),
    ]));
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(&target).expect("written");
    assert!(written.starts_with("kind,about,finding,one_side,other_side\n"));
    assert_eq!(written.lines().count(), 13);
}

#[test]
fn the_repl_lints_with_dot_lint() {
    let out = piped(".lint\n.lint now\n");
    assert!(out
        .stdout
        .contains("Where the notice's own statements pull against each other"));
    assert!(out.stdout.contains("route-not-in-sharing-table"));
    insta::assert_snapshot!("lint_repl_argument_refused", out.stderr);
    let asked = run(lineage().args(["ask", "lint", "--format", "csv"]));
    assert_eq!(asked.code, Some(0), "`ask lint` answers, with rows");
    assert_eq!(asked.stdout.lines().count(), 10);
}
