//! Scripted DSAR answers: the GDPR Art. 15 and CCPA right-to-know scripts, run as counsel run them.
//!
//! The golden reports are the reviewed answers: for an EU requester, a California requester, and one
//! scoped to a category. Every statutory item has its section, and no section is empty: it holds
//! answers, or names what the notice does not state.

use std::path::Path;

use serde_json::Value;

use crate::common::{self, lineage, Outcome, TempDir};

/// `lineage run` with `args`.
fn run(args: &[&str]) -> Outcome {
    common::run(lineage().arg("run").args(args))
}

fn report(args: &[&str]) -> String {
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(args);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
    stdout
}

const GDPR: &str = "queries/dsar/gdpr-art15.lq";
const CCPA: &str = "queries/dsar/ccpa-right-to-know.lq";

#[test]
fn gdpr_for_an_eu_requester() {
    insta::assert_snapshot!(report(&[
        GDPR,
        "--param",
        "region=eu",
        "--format",
        "markdown"
    ]));
}

#[test]
fn gdpr_for_a_california_requester() {
    insta::assert_snapshot!(report(&[
        GDPR,
        "--param",
        "region=us-ca",
        "--format",
        "markdown"
    ]));
}

#[test]
fn gdpr_scoped_to_one_category() {
    insta::assert_snapshot!(report(&[
        GDPR,
        "--param",
        "region=eu",
        "--param",
        "data=Location Data"
    ]));
}

#[test]
fn ccpa_for_a_california_requester() {
    insta::assert_snapshot!(report(&[CCPA, "--format", "markdown"]));
}

#[test]
fn ccpa_scoped_to_one_category() {
    insta::assert_snapshot!(report(&[CCPA, "--param", "data=Location Data"]));
}

#[test]
fn gdpr_as_json() {
    let text = report(&[GDPR, "--param", "region=eu", "--format", "json"]);
    let json: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        json["header"]["parameters"],
        "consents = not recorded; data = any data; region = eu"
    );
    insta::assert_snapshot!(text);
}

/// Every item of the regime has a section, and every section holds answers with rows or named gaps.
fn assert_complete(args: &[&str], items: usize) {
    let text = report(&[args, &["--format", "json"]].concat());
    let json: Value = serde_json::from_str(&text).expect("json");
    let sections = json["sections"].as_array().expect("sections");
    let completeness = json["completeness"].as_array().expect("completeness");
    assert_eq!(completeness.len(), items, "{args:?}");
    for item in completeness {
        let id = item["item"]["id"].as_str().expect("id");
        let section = sections
            .iter()
            .find(|s| s["item"]["id"] == id)
            .unwrap_or_else(|| panic!("{args:?}: no section for {id}"));
        let entries = section["entries"].as_array().expect("entries");
        assert!(!entries.is_empty(), "{args:?}: section {id} is empty");
        let has_rows = entries.iter().any(|e| {
            e["answer"]["rows"]
                .as_array()
                .is_some_and(|r| !r.is_empty())
        });
        let named = section["not_stated"]
            .as_array()
            .is_some_and(|g| !g.is_empty());
        assert!(
            has_rows || named,
            "{args:?}: section {id} neither answers nor names a gap"
        );
        if item["status"] != "answered" {
            assert!(
                named,
                "{args:?}: {id} is {} without saying what is missing",
                item["status"]
            );
        }
    }
}

#[test]
fn every_section_is_present_and_not_empty() {
    assert_complete(&[GDPR, "--param", "region=eu"], 10);
    assert_complete(&[GDPR, "--param", "region=us-ca"], 10);
    assert_complete(
        &[
            GDPR,
            "--param",
            "region=uk",
            "--param",
            "data=Location Data",
        ],
        10,
    );
    assert_complete(&[CCPA], 7);
    assert_complete(&[CCPA, "--param", "data=Precise location data"], 7);
}

#[test]
fn the_gaps_counsel_expect_are_named() {
    let text = report(&[GDPR, "--param", "region=eu"]);
    let completeness = &text[text.find("## Completeness").expect("completeness section")..];
    for gap in [
        "no retention period for the other 31 items",
        "the notice states no supervisory authorities",
        "the notice states no automated decision-making",
        "the notice states no transfers",
    ] {
        assert!(completeness.contains(gap), "not named: {gap}");
    }
}

#[test]
fn the_same_request_gives_byte_identical_output() {
    let args = [GDPR, "--param", "region=eu", "--format", "json"];
    assert_eq!(report(&args), report(&args));
    let stamped = report(&[GDPR, "--param", "region=eu", "--timestamp"]);
    assert!(
        stamped.contains("| Generated at | 20"),
        "--timestamp records the time"
    );
    assert!(!report(&[GDPR, "--param", "region=eu"]).contains("Generated at"));
}

#[test]
fn a_missing_parameter_stops_the_script_at_its_line() {
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(&[GDPR]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "", "no partial report");
    insta::assert_snapshot!(stderr, @"
    error: the script needs `--param region=...`
      --> queries/dsar/gdpr-art15.lq:14
       = expected: the requester's region, a name or code `list regions` shows
    lineage: the script failed (1 error)
    ");
}

#[test]
fn by_default_the_first_error_stops_the_run() {
    let dir = TempDir::new("first");
    let path = dir.write("first.lq", ".regime gdpr\n.section 15-1-a\nretention of Selfie\nwho may receive Locaton Dat\n.sectoin 15-1-b\n");
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(&[path.to_str().expect("utf-8 path")]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("unknown name `Locaton Dat`") && stderr.contains("first.lq:4:17"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".sectoin"),
        "stopped at the first error: {stderr}"
    );
}

#[test]
fn keep_going_runs_everything_and_reports_every_error() {
    let dir = TempDir::new("all");
    let path = dir.write("all.lq", ".regime gdpr\n.section 15-1-a\nwho may receive Locaton Dat\n.sectoin 15-1-b\nretention of Selfie\n.section 15-9\n");
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(&[path.to_str().expect("utf-8 path"), "--keep-going"]);
    assert_eq!(code, Some(2));
    assert!(
        stdout.contains("deleted soon after"),
        "the rest ran: {stdout}"
    );
    assert!(stderr.contains("unknown name `Locaton Dat`"), "{stderr}");
    assert!(
        stderr.contains("unknown directive `.sectoin`")
            && stderr.contains("did you mean `.section`?"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown item `15-9`"), "{stderr}");
    assert!(
        stderr.ends_with("lineage: the script failed (3 errors)\n"),
        "{stderr}"
    );
}

#[test]
fn a_new_regime_is_a_new_file() {
    let dir = TempDir::new("regime");
    let regime = dir.write(
        "toy.json",
        r#"{ "format": 1, "id": "toy", "name": "Toy Act", "title": "A toy regime",
             "items": [ { "id": "s1", "cite": "s. 1", "title": "the sources" } ],
             "bases": [], "rights": [] }"#,
    );
    let path = dir.write(
        "toy.lq",
        format!(
            ".regime {}\n.section s1\nsources of Selfie\n",
            regime.display()
        ),
    );
    let text = report(&[path.to_str().expect("utf-8 path")]);
    assert!(text.contains("## s. 1: the sources"), "{text}");
    assert!(text.contains("| s. 1 the sources | not stated by this notice | no source is stated for \\`Selfie\\` |"), "{text}");
    assert!(Path::new(GDPR).is_relative());
}

#[test]
fn the_requesters_consents_and_settings_flag_what_does_not_apply() {
    let without = report(&[
        GDPR,
        "--param",
        "region=eu",
        "--param",
        "data=Location Data",
        "--param",
        "consents=no consent",
    ]);
    assert!(
        without.contains("the requester has given: no consent;"),
        "{without}"
    );
    // A note many rows repeat is a marker in the table, its text once below it.
    assert!(
        without.contains("\\] rests only on consent, which the requester has not given\n"),
        "{without}"
    );
    assert!(without.contains("applies only if \"Allow additional information sharing with business partners\" is enabled; the requester has not enabled it"));
    let with = report(&[
        GDPR,
        "--param",
        "region=eu",
        "--param",
        "data=Location Data",
        "--param",
        "consents=consent, Allow additional information sharing with business partners",
    ]);
    assert!(
        !with.contains("rests only on consent") && !with.contains("applies only if"),
        "{with}"
    );
    // Not recorded: the report is the reviewed one, unflagged.
    assert!(!report(&[GDPR, "--param", "region=eu"]).contains("the requester has given"));
    let Outcome { code, stderr, .. } = run(&[
        GDPR,
        "--param",
        "region=eu",
        "--param",
        "consents=consent, Allow sharing",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`Allow sharing` is not a setting or consent of this notice"),
        "{stderr}"
    );
}
