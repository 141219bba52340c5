//! Order and noise (issue 12, point 11): answers follow the notice's order, not the alphabet; a
//! column that says nothing is left out (a notice without group headings gets no "Listed under"
//! column, in any format; one with them keeps it).

use serde_json::Value;

use crate::common::{lineage, run};

fn keys(dataset: Option<&str>, question: &str) -> Vec<String> {
    let mut cmd = lineage();
    if let Some(dir) = dataset {
        cmd.args(["--data", dir]);
    }
    let out = run(cmd.args(["ask", "--format", "json", question]));
    assert_eq!(out.code, Some(0), "{question}: {}", out.stderr);
    let answer: Value = serde_json::from_str(&out.stdout).expect("JSON answer");
    let columns = answer["columns"].as_array().expect("columns");
    columns
        .iter()
        .map(|c| c["key"].as_str().expect("key").to_string())
        .collect()
}

#[test]
fn a_notice_without_group_headings_has_no_group_column() {
    for question in [
        "purposes of device location",
        "what data does running the service use",
    ] {
        let columns = keys(Some("tests/fixtures/mini"), question);
        assert!(
            !columns.contains(&"group".to_string()),
            "{question}: {columns:?}"
        );
    }
    let table = run(lineage().args([
        "--data",
        "tests/fixtures/mini",
        "ask",
        "purposes of device location",
    ]));
    assert!(!table.stdout.contains("Listed under"), "{}", table.stdout);
    assert!(
        !table.stdout.contains("no group heading"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_notice_with_group_headings_keeps_the_column() {
    let columns = keys(None, "purposes of location information");
    assert!(columns.contains(&"group".to_string()), "{columns:?}");
}

/// Rows and the items inside a cell come in the order the notice states them: "Sending newsletters"
/// (row b-2) before "Preventing fraud" (b-3), "Postal address" before "Order history".
#[test]
fn answers_follow_the_notices_order() {
    let out = run(lineage().args([
        "--data",
        "tests/fixtures/no-region",
        "ask",
        "--format",
        "csv",
        "purposes of any data",
    ]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "purpose,data,basis,conditions,evidence\n\
         Delivering orders,Postal address; Order history,Performance of a contract,none stated,b-1\n\
         Sending newsletters,Email address,Consent,none stated,b-2\n\
         Preventing fraud,Order history,Legitimate interests for northland,none stated,b-3\n"
    );
}
