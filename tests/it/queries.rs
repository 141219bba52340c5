//! The query language, end to end on the embedded X 2023 dataset.
//!
//! - every example in `docs/QUERY_LANGUAGE.md` answers;
//! - the answers to `queries/examples.lq`, as tables and as JSON, are golden snapshots, one per
//!   question and format (`snapshots/it__queries__examples_as_tables@001-….snap`): the reviewed
//!   answers. Change a snapshot only when the answer was wrong, and say so in the commit;
//! - the error messages users see are inline snapshots.

use lineage::{
    load,
    present::format::Format,
    present::render::{render, Options},
    query::{ask, parse::parse, Canonical},
    relation::{Reach, Relations},
    Dataset, Files,
};

use crate::common::{doc_examples, examples, no_params, read, x2023};

/// The embedded dataset, loaded afresh.
fn embedded() -> Dataset {
    load(&Files::embedded()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_example_in_the_grammar_doc_answers() {
    let ds = x2023();
    let examples = doc_examples(&read("docs/QUERY_LANGUAGE.md"));
    assert!(examples.len() >= 40, "only {} examples", examples.len());
    for query in examples {
        if let Err(e) = ask(ds, &query, &no_params()) {
            panic!("{}", e.to_diagnostic("docs/QUERY_LANGUAGE.md", &query));
        }
    }
}

#[test]
fn examples_cover_every_form() {
    let ds = x2023();
    let mut forms: Vec<&str> = examples()
        .iter()
        .map(|q| ask(ds, q, &no_params()).expect("answers").form)
        .collect();
    forms.sort_unstable();
    forms.dedup();
    assert_eq!(
        forms,
        [
            "basis-of",
            "categories-of",
            "data-for",
            "describe",
            "from-source",
            "items-of",
            "list",
            "path",
            "processors-of",
            "purposes-of",
            "purposes-with-basis",
            "reachable",
            "retention-of",
            "routes",
            "sharing-matrix",
            "sources-of",
            "what-receives",
            "who-may-receive",
            "why-receives"
        ]
    );
    assert!(examples().len() >= 30);
}

/// The answer to each question of `queries/examples.lq`, in order, rendered as `format`.
fn all_answers(ds: &Dataset, format: Format) -> Vec<(String, String)> {
    examples()
        .into_iter()
        .map(|query| {
            let answer = ask(ds, &query, &no_params())
                .unwrap_or_else(|e| panic!("{}", e.to_diagnostic("examples.lq", &query)));
            let text = render(&answer, format, &Options::default());
            (query, text)
        })
        .collect()
}

/// The words of a question, for a snapshot's name: `who-may-receive-location-data`.
fn words(query: &str) -> String {
    query
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// One snapshot per answer, named `{test}@{NNN}-{the question's words}` (numbered in the order of
/// `queries/examples.lq`), with the question in its header. Every answer is compared before the
/// test fails, so one run shows, and writes for review, every answer that changed.
fn assert_each_answer(test: &str, format: Format) {
    let mut changed = Vec::new();
    for (i, (query, text)) in all_answers(x2023(), format).into_iter().enumerate() {
        let name = format!("{test}@{:03}-{}", i + 1, words(&query));
        let same = std::panic::catch_unwind(|| {
            insta::with_settings!({ description => query.as_str(), omit_expression => true }, {
                insta::assert_snapshot!(name.clone(), text);
            });
        });
        if same.is_err() {
            changed.push(name);
        }
    }
    assert!(
        changed.is_empty(),
        "{} answers differ from their snapshots:\n{}",
        changed.len(),
        changed.join("\n")
    );
}

#[test]
fn examples_as_tables() {
    assert_each_answer("examples_as_tables", Format::Table);
}

#[test]
fn examples_as_json() {
    assert_each_answer("examples_as_json", Format::Json);
}

#[test]
fn answers_are_deterministic() {
    // Two datasets, loaded apart: nothing may depend on the order of a hash map.
    let (one, two) = (embedded(), embedded());
    assert_eq!(
        all_answers(&one, Format::Json),
        all_answers(&two, Format::Json)
    );
}

#[test]
fn every_answer_row_carries_evidence_from_the_dataset() {
    let ds = x2023();
    for query in examples() {
        let answer = ask(ds, &query, &no_params()).expect("answers");
        for e in answer.evidence() {
            let r = ds
                .row(&e.row)
                .unwrap_or_else(|| panic!("{query}: no row {}", e.row));
            assert!(
                ds.row_text(r).contains(e.quote.as_str()),
                "{query}: quote not in {}",
                e.row
            );
        }
    }
}

#[test]
fn the_done_when_answer() {
    // Counsel's question: the service providers and law enforcement, each with route, basis and
    // evidence; and, flagged, the purpose route to business partners that table 3 does not list.
    let ds = x2023();
    let answer = ask(
        ds,
        "who may receive Location Data and under which basis",
        &no_params(),
    )
    .expect("answers");
    let text = render(&answer, Format::Line, &Options::default());
    for recipient in [
        "Our service providers",
        "Law enforcement and others",
        "Our business partners",
    ] {
        assert!(text.contains(recipient), "{recipient} missing:\n{text}");
    }
    let rel = Relations::new(ds, None);
    let location = ds.node_by_id("location-data");
    let flagged: Vec<&str> = rel
        .disclosures(location)
        .iter()
        .filter(|d| !d.flags.is_empty())
        .map(|d| ds.node(d.recipient).id.as_str())
        .collect();
    assert!(flagged.contains(&"our-business-partners"), "{flagged:?}");
    assert!(!flagged.contains(&"our-service-providers"));
}

#[test]
fn canonical_form_parses_to_the_same_statement() {
    let ds = x2023();
    for query in examples() {
        let statement = parse(ds, &query, &no_params()).expect("parses");
        let canonical = Canonical(&statement, ds).to_string();
        let again =
            parse(ds, &canonical, &no_params()).unwrap_or_else(|e| panic!("{canonical}: {e:?}"));
        // Names resolve to the same nodes, and every filter survives.
        assert_eq!(Canonical(&again, ds).to_string(), canonical, "{query}");
    }
}

fn error(query: &str) -> String {
    let ds = x2023();
    match ask(ds, query, &no_params()) {
        Ok(_) => panic!("`{query}` answered"),
        Err(e) => e.to_diagnostic("query", query).to_string(),
    }
}

#[test]
fn error_messages() {
    insta::assert_snapshot!(error("who may receive Locaton Dat"), @r#"
    error: unknown name `Locaton Dat`
     --> query:1:17
      |
    1 | who may receive Locaton Dat
      |                 ^^^^^^^^^^^
      = expected: a data item or data category
      = help: did you mean: `who may receive "Location Data"`?
    "#);
    insta::assert_snapshot!(error("who may receive location"), @r#"
    error: `location` is ambiguous: it names 2 things
     --> query:1:17
      |
    1 | who may receive location
      |                 ^^^^^^^^
      = expected: one of them, by its quoted id
      = help: did you mean one of: `who may receive "Location information"` or `who may receive "Location Data"`?
    "#);
    insta::assert_snapshot!(error("describe Account controls"), @r#"
    error: `Account controls` is ambiguous: it names 2 things
     --> query:1:10
      |
    1 | describe Account controls
      |          ^^^^^^^^^^^^^^^^
      = expected: one of them, by its quoted id
      = help: did you mean one of: `describe "account-controls"` or `describe "account-controls-feature"`?
    "#);
    insta::assert_snapshot!(error("who may receive Our service providers"), @r#"
    error: `Our service providers` names a recipient ("our-service-providers")
     --> query:1:17
      |
    1 | who may receive Our service providers
      |                 ^^^^^^^^^^^^^^^^^^^^^
      = expected: a data item or data category
      = help: did you mean one of: `what does "Our service providers" receive` or `describe "Our service providers"`?
    "#);
    insta::assert_snapshot!(error("whom may receive Location Data"), @"
    error: unknown question `whom`
     --> query:1:1
      |
    1 | whom may receive Location Data
      | ^^^^
      = expected: a question such as `who may receive <data>`, `purposes of <data>`, `describe <name>` or `list purposes`
      = help: did you mean: `who may receive Location Data`?
    ");
    insta::assert_snapshot!(error("who may receive"), @"
    error: the query ends too soon
     --> query:1:16
      |
    1 | who may receive
      |                ^
      = expected: a data item or data category
      = help: did you mean: `who may receive any data`?
    ");
    insta::assert_snapshot!(error("who may receive Location Data and under which"), @r#"
    error: the query ends too soon
     --> query:1:46
      |
    1 | who may receive Location Data and under which
      |                                              ^
      = expected: `basis`, as in `and under which basis`
      = help: did you mean one of: `who may receive "Location Data"`, `describe "Location Data"`, `purposes of "Location Data"` or `retention of "Location Data"`?
    "#);
    insta::assert_snapshot!(error("purposes of Location Data in mars"), @r#"
    error: unknown region `mars`
     --> query:1:30
      |
    1 | purposes of Location Data in mars
      |                              ^^^^
      = expected: a region: `eu`, `efta`, `uk`, `eea`, `us-ca`, `other`
      = help: did you mean one of: `purposes of "Location Data"`, `describe "Location Data"`, `who may receive "Location Data"` or `retention of "Location Data"`?
    "#);
    insta::assert_snapshot!(error("sources of Location Data in eu"), @r#"
    error: this question has no legal bases to filter
     --> query:1:26
      |
    1 | sources of Location Data in eu
      |                          ^^^^^
      = expected: `in` and `where basis is` only after questions about recipients, purposes, data or bases
      = help: did you mean one of: `sources of "Location Data"`, `describe "Location Data"`, `who may receive "Location Data"` or `purposes of "Location Data"`?
    "#);
    insta::assert_snapshot!(error("describe \"Location Data"), @r#"
    error: this quoted name is not closed
     --> query:1:10
      |
    1 | describe "Location Data
      |          ^^^^^^^^^^^^^^
      = expected: a closing "
      = help: questions this dataset answers: `list data` or `list purposes`
    "#);
    insta::assert_snapshot!(error("what does Exclusion audiences receive"), @r#"
    error: `Exclusion audiences` is a purpose
     --> query:1:11
      |
    1 | what does Exclusion audiences receive
      |           ^^^^^^^^^^^^^^^^^^^
      = expected: a recipient
      = help: did you mean one of: `describe "Exclusion audiences"`, `basis of "Exclusion audiences"`, `what data does "Exclusion audiences" use` or `interests of "Exclusion audiences"`?
    "#);
    insta::assert_snapshot!(error("purposes of $data"), @"
    error: unknown parameter `$data`
     --> query:1:13
      |
    1 | purposes of $data
      |             ^^^^^
      = expected: a parameter set with `.param NAME VALUE` or `--param NAME=VALUE`
      = help: questions this dataset answers: `list data`, `list purposes` or `purposes of any data`
    ");
    insta::assert_snapshot!(error("list everything"), @"
    error: unexpected `everything`
     --> query:1:6
      |
    1 | list everything
      |      ^^^^^^^^^^
      = expected: what to list: `sources`, `data`, `items`, `categories`, `groups`, `purposes`, `bases`, `basis`, `recipients`, `processors`, `controls`, `settings`, `conditions`, `footnotes`, `safeguards`, `regions`, `rights`, `authorities`, `decisions`, `transfers`, `contacts`, `interests`, `retention`, `sections`, `rows`
      = help: questions this dataset answers: `who may receive any data`, `purposes of any data` or `list purposes`
    ");
}

#[test]
fn data_processed_with_consent_carries_consent_whatever_the_main_basis() {
    // Rows 17-19 attach consent-only data to purposes whose own basis is contractual necessity or
    // legitimate interests: every use of the item must carry Consent.
    let ds = x2023();
    let rel = Relations::new(ds, None);
    let consent = ds.node_by_id("consent").expect("consent");
    let uses: Vec<_> = rel
        .uses(ds.node_by_id("precise-location-data"))
        .into_iter()
        .filter(|u| u.reach == Reach::Stated)
        .collect();
    assert!(uses.len() >= 10);
    for u in &uses {
        assert!(
            u.bases.iter().any(|b| b.basis == consent),
            "{}",
            ds.node(u.purpose).id
        );
    }
}
