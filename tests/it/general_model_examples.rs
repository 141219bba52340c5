//! Data at three levels (issue 12, point 4): a legal category, the company's item, and the examples
//! the notice gives inside it. A question about an example resolves to what contains it, and says so.

use serde_json::Value;

use crate::common::{lineage, run};

const FIXTURE: &str = "tests/fixtures/three-levels";

fn answer(question: &str) -> Value {
    let out = run(lineage().args(["--data", FIXTURE, "ask", "--format", "json", question]));
    assert_eq!(out.code, Some(0), "{question}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON answer")
}

fn texts(value: &Value) -> Vec<String> {
    let list = value.as_array().expect("a list");
    list.iter()
        .map(|v| v.as_str().expect("text").to_string())
        .collect()
}

const NOTE: &str =
    "`email address` is part of `Contact details` (row p): what the notice states of \
                    `Contact details` applies to `email address` too";

#[test]
fn an_example_is_used_for_what_its_container_is_used_for_and_the_answer_says_so() {
    let answer = answer("purposes of email address");
    let rows = answer["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["purpose"][0]["name"], "Providing the service");
    assert_eq!(texts(&answer["notes"]), [NOTE]);
}

#[test]
fn an_example_reaches_the_recipients_of_its_containers_category() {
    let answer = answer("who may receive email address");
    let rows = answer["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["recipient"][0]["name"], "Delivery partners");
    let cited: Vec<&str> = rows[0]["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| e["row"].as_str().expect("row"))
        .collect();
    assert_eq!(
        cited,
        ["p", "c", "r"],
        "the part, the category and the sharing, each cited"
    );
    assert!(texts(&answer["notes"]).contains(&NOTE.to_string()));
}

#[test]
fn the_container_itself_gets_no_such_note() {
    let answer = answer("purposes of contact details");
    assert!(texts(&answer["notes"]).is_empty());
}
