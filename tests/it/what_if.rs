//! The what-if questions (issue 16, part 2; `docs/QUERY_LANGUAGE.md`, "What if"): `what if i
//! withdraw consent [in <region>]`, `what if <setting> is off`, `what if i am in <region>`. Exact
//! answers on `tests/fixtures/audit-forms` (Sending newsletters rests only on Consent in Northmark and
//! on Legitimate interests in Southvale; Running accounts on Contract and Consent everywhere;
//! Measuring use states no basis; Sharing with partners rests on a delegated basis), golden answers
//! on the X notice, and refusals (exit 2) for what is not a setting. Nothing is written to disk.

use lineage::{
    present::format::Format,
    present::render::{render, Options},
    query::ask,
    Dataset,
};

use crate::common::{dataset_at, lineage, no_params, run, x2023};

const FIXTURE: &str = "tests/fixtures/audit-forms";
const SETTING: &str =
    "what if \"Allow additional information sharing with business partners\" is off";

fn csv(ds: &Dataset, query: &str) -> String {
    let answer = ask(ds, query, &no_params())
        .unwrap_or_else(|e| panic!("{}", e.to_diagnostic("test", query)));
    render(&answer, Format::Csv, &Options::default())
}

fn markdown(ds: &Dataset, query: &str) -> String {
    let answer = ask(ds, query, &no_params())
        .unwrap_or_else(|e| panic!("{}", e.to_diagnostic("test", query)));
    render(&answer, Format::Markdown, &Options::default())
}

/// What stops, what continues (on which basis), what is unaffected, and where the notice states
/// no basis: every use and purpose route, in each region, with its rows.
#[test]
fn withdrawing_consent_on_the_fixture() {
    let ds = dataset_at(FIXTURE);
    insta::assert_snapshot!(
        "what_if_withdraw_fixture",
        csv(&ds, "what if I withdraw consent")
    );
    let northmark = csv(&ds, "what if i withdraw consent in northmark");
    assert!(northmark.contains(
        "Northmark,Sending newsletters,purpose: Sending newsletters,Email address,Consent for northmark,stops: it rests only on consent,nm-1"
    ));
    assert!(northmark.contains("may continue on another basis the notice states: Contract"));
    assert!(
        !northmark.contains("Southvale"),
        "one region asked, one region answered"
    );
    let southvale = csv(&ds, "what if i withdraw consent in southvale");
    assert!(southvale.contains(
        "Southvale,Sending newsletters,purpose: Sending newsletters,Email address,Legitimate interests for southvale,\"unaffected: it rests on Legitimate interests, not on consent\",sv-1"
    ));
}

/// `withdrawal of consent` lists only what consent touches; `what if` adds the rest.
#[test]
fn what_if_adds_the_unaffected_rows_to_withdrawal() {
    let ds = dataset_at(FIXTURE);
    let withdrawal = csv(&ds, "withdrawal of consent");
    let what_if = csv(&ds, "what if i withdraw consent");
    for line in withdrawal.lines().skip(1) {
        assert!(what_if.contains(line), "{line}");
    }
    assert!(!withdrawal.contains("unaffected"));
    assert!(what_if.contains("unaffected"));
}

#[test]
fn a_region_on_the_fixture() {
    let ds = dataset_at(FIXTURE);
    insta::assert_snapshot!("what_if_region_fixture", csv(&ds, "what if I am in sv"));
    let elsewhere = csv(&ds, "what if i live in the Far Isles");
    assert!(elsewhere.contains("Sending newsletters,Mail vendors,not stated by this notice,Consent for northmark; Legitimate interests for southvale,its basis in the Far Isles is not stated by this notice"));
}

#[test]
fn the_x_notice_answers() {
    let ds = x2023();
    insta::assert_snapshot!("what_if_x_setting_off", markdown(ds, SETTING));
    insta::assert_snapshot!("what_if_x_us_ca", markdown(ds, "what if I am in us-ca"));
    insta::assert_snapshot!(
        "what_if_x_withdraw_eu",
        csv(ds, "what if I withdraw consent in eu")
    );
}

/// The setting stops what the notice states only with it on (the purpose it applies to, and the
/// sharing with advertisers that are not data processors), and names the measuring purpose it
/// controls without saying more; nothing else is said to stop.
#[test]
fn the_setting_stops_only_what_the_rows_put_under_it() {
    let answer = csv(x2023(), SETTING);
    let stops: Vec<&str> = answer
        .lines()
        .filter(|l| l.contains("stops: the notice states it only with"))
        .collect();
    let subjects: Vec<&str> = stops.iter().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(
        subjects,
        [
            "Additional information sharing with business partners",
            "advertisers that are not acting as data processors",
            "Our business partners"
        ]
    );
}

#[test]
fn the_forms_print_canonically() {
    for (query, canonical) in [
        ("what if I withdraw consent", "what if i withdraw consent"),
        (
            "what if the user withdraws their consent in eu",
            "what if i withdraw consent in \"eu\"",
        ),
        ("what if i am in us-ca", "what if i am in \"us-ca\""),
        (
            SETTING,
            "what if \"allow-additional-information-sharing-setting\" is off",
        ),
        ("lint", "lint"),
    ] {
        let statement = lineage::query::parse::parse(x2023(), query, &no_params())
            .unwrap_or_else(|e| panic!("{query}: {}", e.to_diagnostic("test", query)));
        assert_eq!(
            lineage::query::Canonical(&statement, x2023()).to_string(),
            canonical,
            "{query}"
        );
    }
}

#[test]
fn what_is_not_a_setting_is_refused() {
    let out = run(lineage().args(["ask", "what if \"Operating our services\" is off"]));
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    insta::assert_snapshot!("what_if_not_a_setting", out.stderr);
    let unknown = run(lineage().args(["ask", "what if \"no such setting\" is off"]));
    assert_eq!(unknown.code, Some(2));
    assert_eq!(unknown.stdout, "");
    insta::assert_snapshot!("what_if_unknown_setting", unknown.stderr);
}

#[test]
fn every_dataset_answers_the_forms() {
    for dir in ["data/linkedin-eu-2025-02", "data/x-2023"] {
        for query in ["what if i withdraw consent", "what if i am in eu"] {
            let out = run(lineage().args(["--data", dir, "ask", query, "--format", "json"]));
            assert_eq!(out.code, Some(0), "{dir}: {query}: {}", out.stderr);
        }
    }
}
