//! Issue 14, the forms counsel's questions needed facts for (`src/query/eval/parties.rs`,
//! `docs/DATA_FORMAT.md` "Who a source is, and the role a recipient acts in"): every third-party
//! source together, processors in the broad sense, the categories sold or shared; and the phrasings
//! of the issue read on the first try, with the cases where a rule must not fire. Nothing is written
//! to disk.

use std::sync::OnceLock;

use lineage::{
    present::format::Format,
    present::render::{render, Options},
    query::ask,
    Dataset,
};
use serde_json::Value;

use crate::common::{dataset_at, no_params, x2023};

fn parties() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| dataset_at("tests/fixtures/source-parties"))
}

use crate::common::{answer_json as json, linkedin, mini};

fn text(ds: &Dataset, query: &str) -> String {
    let answer = ask(ds, query, &no_params()).unwrap_or_else(|e| panic!("{query}: {e}"));
    render(&answer, Format::Text, &Options::default())
}

fn refusal(ds: &Dataset, query: &str) -> String {
    match ask(ds, query, &no_params()) {
        Ok(_) => panic!("{query}: answered"),
        Err(e) => e.to_string(),
    }
}

/// The ids of the nodes in column `key` of every row.
fn ids(answer: &Value, key: &str) -> Vec<String> {
    answer["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r[key][0]["id"].as_str().expect("a node").to_string())
        .collect()
}

/// What an answer says, without the question's echo or how it was read.
fn substance(answer: &Value) -> Vec<&Value> {
    [
        "form",
        "columns",
        "rows",
        "notes",
        "not_stated",
        "truncated",
    ]
    .iter()
    .map(|k| &answer[*k])
    .collect()
}

/// `plain` is answered as `reading` (shown as understood), with `reading`'s own answer.
fn reads_as(ds: &Dataset, plain: &str, reading: &str) -> Value {
    let answer = json(ds, plain);
    assert_eq!(answer["understood_as"], reading, "{plain}");
    let strict = json(ds, reading);
    assert_eq!(strict.get("understood_as"), None, "{reading} is strict");
    assert_eq!(substance(&answer), substance(&strict), "{plain}");
    answer
}

#[test]
fn third_parties_are_every_source_whose_party_is_a_third_party() {
    let answer = json(parties(), "what comes from third parties");
    assert_eq!(answer["form"], "from-third-parties");
    assert_eq!(answer.get("understood_as"), None);
    assert_eq!(
        ids(&answer, "source"),
        ["list-partners", "third-parties-we-work-with"]
    );
    let first = &answer["rows"][0]["evidence"];
    assert_eq!(first[0]["fact"], "source-party");
    assert_eq!(
        first[0]["derived"],
        "partners are companies other than Acme, its sister companies and the data subject"
    );
    assert_eq!(first[1]["fact"], "collected-from");
    let second = &answer["rows"][1]["evidence"][0];
    assert_eq!(second["fact"], "source-party");
    assert_eq!(second.get("derived"), None, "stated by the notice");
    assert_eq!(
        answer["not_stated"],
        serde_json::json!(["whether these sources are third parties: ad networks"])
    );
    assert_eq!(
        answer["notes"],
        serde_json::json!(["the sources of the controller's own corporate group are not counted as third parties here; ask `what comes from \"our sister companies\"` for what they provide"])
    );
    // The data subject's and the affiliates' data are not there.
    let shown = text(parties(), "what comes from third parties");
    assert!(!shown.contains("Email address"), "{shown}");
    assert!(shown.contains("derived: the tool's reading"), "{shown}");
}

#[test]
fn third_parties_in_counsels_words() {
    for plain in [
        "what do you get from third parties",
        "What do you get from third parties?",
        "what do we receive from third parties",
    ] {
        reads_as(parties(), plain, "what comes from third parties");
    }
    for strict in [
        "what data comes from third parties",
        "what information is collected from third parties",
        "which data is obtained from other third parties",
    ] {
        assert_eq!(
            json(parties(), strict)["form"],
            "from-third-parties",
            "{strict}"
        );
    }
}

#[test]
fn a_source_named_third_parties_something_is_that_source() {
    // Must not fire: the words go on after "third parties".
    let answer = json(parties(), "what comes from third parties we work with");
    assert_eq!(answer["form"], "from-source");
    assert_eq!(
        answer["resolved"][0]["node"]["id"],
        "third-parties-we-work-with"
    );
}

#[test]
fn third_parties_on_a_dataset_that_records_no_party_say_not_stated() {
    let answer = json(mini(), "what comes from third parties");
    assert_eq!(answer["rows"], serde_json::json!([]));
    let not_stated = answer["not_stated"].as_array().expect("not_stated");
    assert_eq!(not_stated[0], "a source that is a third party");
    let answer = json(mini(), "who are the processors");
    assert_eq!(answer["rows"], serde_json::json!([]));
    assert_eq!(
        answer["not_stated"],
        serde_json::json!(["a recipient that acts as a processor"])
    );
}

#[test]
fn processors_are_named_processors_and_recipients_acting_as_processors() {
    let answer = json(parties(), "who are the processors");
    assert_eq!(answer["form"], "processors");
    // Ad buyers act as controllers: never listed.
    assert_eq!(
        ids(&answer, "recipient"),
        ["our-vendors", "mailcorp", "cloud-hosts"]
    );
    let details: Vec<&str> = answer["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["details"].as_str().expect("text"))
        .collect();
    assert_eq!(
        details,
        [
            "acts as a processor: stated by the notice",
            "named processor",
            "acts as a processor: derived (the tool's reading; the evidence says why)",
        ]
    );
    let hosts = &answer["rows"][2]["evidence"][0];
    assert_eq!(hosts["fact"], "acts-as");
    assert_eq!(
        hosts["derived"],
        "hosting is a service done for Acme; the notice does not say the hosts act on its behalf"
    );
    let shown = text(parties(), "who are the processors");
    assert!(
        shown.contains("s-1*: hosting is a service done for Acme"),
        "{shown}"
    );
    for plain in ["who are your processors", "Who are the processors?"] {
        assert_eq!(json(parties(), plain)["form"], "processors", "{plain}");
    }
}

#[test]
fn processors_and_third_parties_on_both_datasets() {
    let x = json(x2023(), "who are the processors");
    let mut found = ids(&x, "recipient");
    found.sort();
    assert_eq!(
        found,
        [
            "au10tix",
            "measurement-data-processors",
            "our-service-providers"
        ]
    );
    let li = json(linkedin(), "who are the processors");
    assert_eq!(ids(&li, "recipient"), ["third-party-service-providers"]);
    let x = json(x2023(), "what comes from third parties");
    let mut sources = ids(&x, "source");
    sources.dedup();
    assert_eq!(
        sources,
        [
            "third-party-services-that-integrate-x-content",
            "advertisers-and-other-ad-partners"
        ]
    );
    assert_eq!(
        x["not_stated"],
        serde_json::json!([
            "whether these sources are third parties: Vendors who provide services on our behalf"
        ])
    );
    let li = json(linkedin(), "what do you get from third parties");
    assert_eq!(li["understood_as"], "what comes from third parties");
    let mut sources = ids(&li, "source");
    sources.dedup();
    assert_eq!(
        sources,
        [
            "customers-and-partners",
            "your-organization",
            "sites-and-services-of-others",
            "advertising-partners-vendors-and-publishers",
            "ads-customers"
        ]
    );
}

#[test]
fn categories_sold_or_shared_is_the_sale_and_sharing_form() {
    for ds in [x2023(), linkedin()] {
        let answer = json(ds, "categories of personal information sold or shared");
        let strict = json(ds, "sale and sharing of any data");
        assert_eq!(substance(&answer), substance(&strict));
        let sold = json(ds, "categories of personal data sold");
        assert_eq!(sold["form"], "sale");
        assert_eq!(sold["rows"], serde_json::json!([]));
    }
    // Must not fire: a category of that name is asked as written.
    let message = refusal(
        mini(),
        "categories of personal information sold to advertisers",
    );
    assert_eq!(
        message.lines().next(),
        Some("unknown name `personal information sold`"),
        "{message}"
    );
}

#[test]
fn a_name_for_a_category_and_its_item_reads_as_the_category_where_it_covers() {
    for plain in [
        "who may receive device signals",
        "who gets my device signals",
        "what are my device signals used for",
    ] {
        let answer = json(parties(), plain);
        let reading = answer["understood_as"]
            .as_str()
            .expect("read in plain words");
        assert!(
            reading.ends_with("\"Device Signals\""),
            "{plain}: {reading}"
        );
        assert_eq!(
            answer["understood_because"],
            "`device signals` names the data category Device Signals and the data item Device signals, which it contains: read as the data category",
            "{plain}"
        );
        let strict = json(parties(), reading);
        assert_eq!(substance(&answer), substance(&strict), "{plain}");
    }
    let shown = text(parties(), "who gets my device signals");
    assert!(
        shown.contains(
            "understood as: `who may receive \"Device Signals\"` (`device signals` names"
        ),
        "{shown}"
    );
    // The category's answer holds the item's own route (item-level).
    let answer = json(parties(), "who may receive device signals");
    assert_eq!(ids(&answer, "recipient"), ["mailcorp"]);
    // On x-2023 (a category and an item differ only in case).
    let answer = reads_as(
        x2023(),
        "who receives my payment information",
        "who may receive \"Payment Information\"",
    );
    assert!(answer["understood_because"]
        .as_str()
        .expect("why")
        .starts_with("`payment information` names the data category Payment Information"));
}

#[test]
fn a_name_for_two_things_neither_covering_the_other_is_still_refused() {
    // Two items, neither in the other: both whole questions offered.
    let message = refusal(parties(), "who may receive email address");
    assert!(
        message.starts_with("`email address` is ambiguous"),
        "{message}"
    );
    // A category and its item, but a question whose answer about the category does not hold the
    // item's (the sources of the item are its own): refused.
    let message = refusal(parties(), "sources of device signals");
    assert!(
        message.starts_with("`device signals` is ambiguous"),
        "{message}"
    );
    // Written exactly as one of them: that one, no reading.
    let answer = json(parties(), "who may receive \"Device signals\"");
    assert_eq!(answer.get("understood_as"), None);
    assert_eq!(answer["resolved"][0]["node"]["id"], "device-signals");
}

#[test]
fn a_country_the_notice_states_only_a_part_of_is_refused_with_each_region() {
    // "US" is never read as California: no answer, each region the dataset names offered.
    let asked = |q: &str| crate::common::run(crate::common::lineage().args(["ask", q]));
    let outcome = asked("what differs between EU and US users");
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    insta::assert_snapshot!("us_is_not_california", outcome.stderr);
    assert!(outcome
        .stderr
        .contains("`what differs between EU and \"us-ca\" users` or `what differs between EU and \"other\" users`"));
    let outcome = asked("who may receive any data in US");
    assert_eq!((outcome.code, outcome.stdout.as_str()), (Some(2), ""));
    assert!(outcome.stderr.starts_with("error: unknown region `US`"));
    // Must not fire: a word no region's name holds keeps the plain unknown-region error.
    let outcome = asked("compare bases in eu and USA");
    assert!(
        outcome
            .stderr
            .contains("= expected: a region: `eu`, `efta`, `uk`, `eea`, `us-ca`, `other`"),
        "{}",
        outcome.stderr
    );
}
