//! Retention criteria (issue 12, point 8): a notice that states how long it keeps data as criteria
//! ("as long as your account is open") rather than as a period for a purpose records them as
//! `retention` statements, tied to the data they name through `retained-under`, or to no data when
//! the statement words its own scope. `retention of` and the Art. 15(1)(d) item answer from them.

use serde_json::Value;

use crate::common::{lineage, run};

const FIXTURE: &str = "tests/fixtures/retention-statements";

fn answer(question: &str) -> Value {
    let out = run(lineage().args(["--data", FIXTURE, "ask", "--format", "json", question]));
    assert_eq!(out.code, Some(0), "{question}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON answer")
}

/// Each row as (data, retention, the rows of its evidence).
fn rows(answer: &Value) -> Vec<(String, String, Vec<String>)> {
    answer["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let data = match &r["data"] {
                Value::String(s) => s.clone(),
                Value::Array(nodes) => nodes[0]["name"].as_str().expect("name").to_string(),
                other => panic!("data cell {other}"),
            };
            let evidence = r["evidence"].as_array().expect("evidence");
            (
                data,
                r["period"].as_str().expect("period").to_string(),
                evidence
                    .iter()
                    .map(|e| e["row"].as_str().expect("row").to_string())
                    .collect(),
            )
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("text").to_string())
        .collect()
}

const UNTIED: &str = "as the statement words it (tied to no data of this dataset)";

#[test]
fn a_statement_tied_to_an_item_answers_for_it_and_the_untied_ones_follow() {
    let a = answer("retention of Payment records");
    assert_eq!(
        rows(&a),
        [
            (
                "Payment records".to_string(),
                "kept for six years after the payment, as tax law requires".to_string(),
                vec!["ret".to_string(), "ret".to_string()],
            ),
            (
                UNTIED.to_string(),
                "We keep your personal data for as long as your account is open".to_string(),
                vec!["ret".to_string()],
            ),
            (
                UNTIED.to_string(),
                "Backups are overwritten within 90 days".to_string(),
                vec!["ret".to_string()],
            ),
        ]
    );
    // No purpose is invented for a statement: the cell says the notice states none.
    assert_eq!(
        a["rows"][0]["purpose"]["not_stated"],
        "no purpose is stated for this retention"
    );
    assert!(strings(&a["not_stated"]).is_empty(), "{}", a["not_stated"]);
}

#[test]
fn an_example_reaches_the_statement_of_its_containers_category_with_the_path_cited() {
    let a = answer("retention of display name");
    let r = rows(&a);
    assert_eq!(r[0].0, "Account data");
    assert_eq!(
        r[0].1, "If you close your account: we keep Account data for 30 days",
        "the context the notice gives comes first"
    );
    // includes (row p), in-category (row c), retained-under and the statement (row ret).
    assert_eq!(r[0].2, ["p", "c", "ret", "ret"]);
    assert_eq!(r.len(), 3, "the tied statement and the two untied ones");
    assert!(strings(&a["notes"])
        .iter()
        .any(|n| n.contains("`display name` is part of `Profile details` (row p)")));
}

#[test]
fn items_no_statement_covers_are_named_when_some_are_tied() {
    let a = answer("retention of any data");
    let r = rows(&a);
    let data: Vec<&str> = r.iter().map(|(d, ..)| d.as_str()).collect();
    assert_eq!(
        data,
        ["Account data", "Payment records", UNTIED, UNTIED],
        "each statement edge once"
    );
    assert_eq!(
        strings(&a["not_stated"]),
        ["the notice ties no retention period or retention statement to the other item: Support messages"]
    );
}

#[test]
fn an_item_with_only_untied_statements_gets_them_and_no_list_of_every_item() {
    let a = answer("retention of Support messages");
    let data: Vec<String> = rows(&a).into_iter().map(|(d, ..)| d).collect();
    assert_eq!(data, [UNTIED, UNTIED]);
    assert!(strings(&a["not_stated"]).is_empty(), "{}", a["not_stated"]);
}

#[test]
fn retention_statements_are_listed_in_notice_order_and_described_with_their_data() {
    let a = answer("list retention");
    let names: Vec<String> = a["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["name"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(
        names,
        [
            "We keep your personal data for as long as your account is open",
            "kept for six years after the payment, as tax law requires",
            "we keep Account data for 30 days",
            "Backups are overwritten within 90 days",
        ]
    );
    let d = answer("describe six-years");
    let text = d.to_string();
    assert!(text.contains("retained-under"), "{text}");
    assert!(text.contains("Payment records"), "{text}");
}

#[test]
fn the_art15_report_answers_15_1_d_from_the_criteria_and_names_what_they_leave_out() {
    let out = run(lineage().args([
        "--data",
        FIXTURE,
        "run",
        "queries/dsar/gdpr-art15.lq",
        "--param",
        "region=eu",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON report");
    let item = report["completeness"]
        .as_array()
        .expect("completeness")
        .iter()
        .find(|c| c["item"]["id"] == "15-1-d")
        .expect("15(1)(d)")
        .clone();
    assert_eq!(item["status"], "partly-answered");
    assert_eq!(
        strings(&item["not_stated"]),
        ["the notice ties no retention period or retention statement to the other item: Support messages"]
    );
}
