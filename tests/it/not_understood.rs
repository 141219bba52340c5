//! Issue 14, "When a question is not understood": every error for a question not understood offers
//! whole questions (each asked here, and each answers), the parser never answers after reading only
//! the beginning of a line, the did-you-mean for names offers no absurd matches, one keyword table
//! drives the parser and Tab completion, and the phrasebook's questions answer.
//!
//! Nothing is written to disk: questions are asked through the library, and a few through the binary
//! for the exit code.

use std::sync::OnceLock;

use lineage::{
    names::nearest_names,
    query::{
        ask,
        keywords::{self, PHRASEBOOK},
        parse::{parse, parse_traced},
        QueryError,
    },
    repl::complete::LineHelper,
    Dataset,
};

use crate::common::{dataset_at, examples, lineage, no_params, read, run, script_lines, x2023};

fn linkedin() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| dataset_at("data/linkedin-eu-2025-02"))
}

/// The error `query` gives (it must not parse).
fn refused(ds: &Dataset, query: &str) -> QueryError {
    match parse(ds, query, &no_params()) {
        Ok(statement) => panic!("`{query}` was answered: {statement:?}"),
        Err(e) => e,
    }
}

/// The message as users see it, after checking that it offers at least one whole question and that
/// each one answers on `ds`.
fn message(ds: &Dataset, query: &str) -> String {
    let e = refused(ds, query);
    assert!(!e.suggestions().is_empty(), "`{query}` offers no question");
    for s in e.suggestions() {
        if let Err(e) = ask(ds, s, &no_params()) {
            panic!("`{query}` offers `{s}`, which does not answer: {e}");
        }
    }
    let text = e.to_diagnostic("query", query).to_string();
    let help = text.lines().last().unwrap_or_default();
    for s in e.suggestions() {
        assert!(help.contains(&format!("`{s}`")), "{text}");
    }
    text
}

/// Mistyped and garbled questions on X's notice.
const ON_X: &[&str] = &[
    "whom may receive Location Data",
    "who may recieve Location Data",
    "who may receive Location",
    "who may receive locaton data",
    "who may receive Adress book data",
    "who may receive Inferrences",
    "purposes of Paymnet Information",
    "describe Location Data please",
    "show everything about Direct Messages",
    "who may receive sell",
    "is my data safe",
    "who may receive",
    "what do you share with advertisers",
    "list every purpose",
    "what about my messages",
    "gibberish words here",
    "who may receive Payment Information for how long",
    "the purposes of the processing",
    "which purposes rely on Consent",
    "how long do you keep my Selfie",
    "purposes of Location Data and for how long",
    "what does Au10tix receive and why",
    "what does Location Data receive",
    "who may receive Au10tix",
    "basis of Location Data",
    "retention of",
    "sharing matrx",
    "list purpsoes",
    "descibe Location Data",
    "whta does Au10tix receive",
    "path from Location Data",
    "path form Location Data to Au10tix",
    "what comes from Location Data",
    "how long is",
    "where does Location Data come",
    "purposes of Location Data in mars",
    "tell me about Direct Messages",
    "who may receive \"Location\"",
    "$",
    "\"Location Data\"",
    "who may receive Location Data and under which cheese",
    "categories of Location Data in eu",
];

/// The same on LinkedIn's notice.
const ON_LINKEDIN: &[&str] = &[
    "who may receive verificaton data",
    "who may recieve Verification data",
    "purposes of Verfication data",
    "what do you share with Microsoft",
    "who may receive Microsoft",
    "descrbe Microsoft",
    "how long is Verification data stored for ever",
    "list purpoces",
    "who may receive Verification data please",
    "what are my rights",
    "where is my data transferred",
    "can I delete my data",
];

#[test]
fn every_question_not_understood_offers_whole_questions_that_answer() {
    for (name, ds, questions) in [
        ("x-2023", x2023(), ON_X),
        ("linkedin", linkedin(), ON_LINKEDIN),
    ] {
        let report: Vec<String> = questions
            .iter()
            .map(|q| format!("## {q}\n{}", message(ds, q)))
            .collect();
        insta::assert_snapshot!(format!("not_understood_{name}"), report.join("\n"));
    }
}

#[test]
fn the_binary_prints_the_suggestion_and_exits_2() {
    let outcome = run(lineage().args(["ask", "whom may receive Location Data"]));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    insta::assert_snapshot!(outcome.stderr, @r"
    error: unknown question `whom`
     --> query:1:1
      |
    1 | whom may receive Location Data
      | ^^^^
      = expected: a question such as `who may receive <data>`, `purposes of <data>`, `describe <name>` or `list purposes`
      = help: did you mean: `who may receive Location Data`?
    ");
}

/// Point 2: a line the parser read only the beginning of is an error, never an answer.
#[test]
fn a_line_read_only_in_part_is_refused() {
    let ds = x2023();
    for query in [
        // A name, then words that are no part of the question.
        "purposes of Location Data and for how long",
        "who may receive Location Data and for how long",
        "describe Location Data please",
        "what is Location Data really",
        "list purposes please",
        "what does Au10tix receive and why",
        "who may receive everything about Direct Messages",
        // A name typed by its beginning, then more.
        "who may receive Direct Messages from friends",
        "how long is Location Data kept for ever",
        // A filter, then more.
        "who may receive Location Data in eu users",
        "purposes of Location Data where basis is Consent please",
    ] {
        let e = refused(ds, query);
        assert!(!e.suggestions().is_empty(), "{query}");
    }
}

/// `for <word>` is a region only where the dataset has that region: on a notice that names no
/// region, `for advertising` is refused, not taken for a region the notice does not mention (`in`
/// still takes any one word there, as docs/QUERY_LANGUAGE.md says).
#[test]
fn for_a_purpose_is_not_a_region_on_a_notice_without_regions() {
    let ds = dataset_at("tests/fixtures/mini");
    if !ds
        .nodes_of_kind(lineage::dataset::model::NodeKind::Region)
        .is_empty()
    {
        return;
    }
    let e = refused(&ds, "purposes of Email address for advertising");
    assert_eq!(e.message(), "unknown region `advertising`");
    assert!(parse(&ds, "purposes of Email address in northland", &no_params()).is_ok());
}

/// Point 3: the did-you-mean for names.
#[test]
fn names_are_suggested_only_when_a_person_could_have_meant_them() {
    fn names(ds: &Dataset) -> Vec<&str> {
        ds.graph()
            .node_weights()
            .flat_map(|n| {
                std::iter::once(n.name.as_str()).chain(n.aliases.iter().map(|a| a.name.as_str()))
            })
            .collect()
    }
    let x = names(x2023());
    let li = names(linkedin());
    fn near<'a>(wanted: &str, names: &[&'a str]) -> Vec<&'a str> {
        nearest_names(wanted, names.iter().copied(), 3)
    }
    // Common words are not names that look like them.
    for wanted in [
        "everything",
        "sell",
        "show",
        "about",
        "the",
        "your",
        "me",
        "share",
        "my data",
    ] {
        assert_eq!(near(wanted, &x), Vec::<&str>::new(), "{wanted} on x-2023");
        assert_eq!(
            near(wanted, &li),
            Vec::<&str>::new(),
            "{wanted} on linkedin"
        );
    }
    // True typos still match.
    assert_eq!(near("locaton data", &x).first(), Some(&"Location Data"));
    assert_eq!(near("Adress book", &x).first(), Some(&"Address book data"));
    assert_eq!(near("Inferrences", &x).first(), Some(&"Inferences"));
    assert_eq!(
        near("verificaton data", &li).first(),
        Some(&"Verification data")
    );
    assert!(near("Paymnet Information", &x).contains(&"Payment Information"));
}

/// Point 4: every keyword of the table can be completed, from its first letter, where some form
/// takes it.
#[test]
fn every_keyword_can_be_completed() {
    let helper = LineHelper::new(x2023());
    for word in keywords::vocabulary() {
        if word.len() < 2 {
            continue;
        }
        let typed = &word[..1];
        let (_, pairs) = helper.candidates(typed);
        let offered: Vec<&str> = pairs.iter().map(|p| p.display.as_str()).collect();
        // A word no form starts with is offered after the words that lead to it (checked below).
        let starts_a_form = keywords::next(&[]).words.contains(word);
        if starts_a_form {
            assert!(
                offered.contains(word),
                "`{word}` not offered for `{typed}`: {offered:?}"
            );
        }
    }
    let (_, pairs) = helper.candidates("sharing m");
    assert!(pairs.iter().any(|p| p.display == "matrix"));
}

/// Point 4: over every golden question, each keyword the parser matched is offered by completion
/// at that point (its first letter typed), and in a name slot only names of the slot's kinds are.
#[test]
fn completion_offers_each_keyword_where_the_parser_takes_it() {
    let ds = x2023();
    let helper = LineHelper::new(ds);
    let mut questions = examples();
    questions.extend(
        [
            "queries/dsar/gdpr-art15.lq",
            "queries/dsar/ccpa-right-to-know.lq",
        ]
        .iter()
        .flat_map(|f| script_lines(&read(f)))
        .filter(|l| !l.starts_with('.') && !l.contains('$')),
    );
    let mut checked = 0;
    for query in &questions {
        let (result, trace) = parse_traced(ds, query, &no_params());
        assert!(result.is_ok(), "{query}");
        // The table reads the whole question as one of its forms.
        let tokens = lineage::query::lex::lex(query, &no_params()).expect("lexed");
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| match t.kind {
                lineage::query::lex::TokenKind::Word => t.text.as_str(),
                lineage::query::lex::TokenKind::Quoted => "\"name\"",
            })
            .collect();
        assert!(
            keywords::next(&words).matched,
            "no form of the table reads `{query}`"
        );
        for (at, word) in trace {
            let typed = format!("{}{}", &query[..at], &word[..1]);
            let (_, pairs) = helper.candidates(&typed);
            assert!(
                pairs.iter().any(|p| p.display == word) || word.len() == 1,
                "`{query}`: `{word}` is not offered after `{typed}`"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} keywords checked");
    // After `who may receive`, names of data only: no recipient, no purpose.
    let (_, pairs) = helper.candidates("who may receive Au");
    assert!(
        pairs.is_empty(),
        "{:?}",
        pairs.iter().map(|p| &p.display).collect::<Vec<_>>()
    );
    let (_, pairs) = helper.candidates("what does Au");
    assert!(pairs.iter().any(|p| p.display == "Au10tix"));
}

/// Point 5: the phrasebook's questions parse and answer on both datasets, and the phrasebook in
/// docs/QUERY_LANGUAGE.md is the table's.
#[test]
fn the_phrasebook_answers() {
    assert!(PHRASEBOOK.len() >= 30);
    for ds in [x2023(), linkedin()] {
        for (_, asks) in PHRASEBOOK {
            let query = keywords::fill(asks, ds);
            if query.contains('<') {
                continue;
            }
            if let Err(e) = ask(ds, &query, &no_params()) {
                panic!("`{query}`: {}", e.to_diagnostic("query", &query));
            }
        }
    }
    let doc = read("docs/QUERY_LANGUAGE.md");
    let section = doc
        .split("## Phrasebook")
        .nth(1)
        .expect("a section Phrasebook");
    for (says, asks) in PHRASEBOOK {
        let line = format!("| {says} | `{asks}` |");
        assert!(
            section.contains(&line),
            "docs/QUERY_LANGUAGE.md lacks: {line}"
        );
    }
}

/// How often the first message leads straight to the answer counsel wanted: for each corpus question
/// that is refused, whether one of the whole questions it offers is the canonical query (the same
/// statement, names resolved to the same nodes). Printed (`cargo test --test it suggestions_lead --
/// --nocapture`), with a floor so it does not fall.
#[test]
fn suggestions_lead_to_the_canonical_answer() {
    let (mut refused_count, mut led) = (0, 0);
    for line in read("tests/counsel/corpus.tsv").lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || fields.len() != 4 {
            continue;
        }
        let (dataset, question, expected) = (fields[1], fields[2], fields[3]);
        if expected.starts_with("NO-FORM:") || expected.starts_with("REFUSE:") {
            continue;
        }
        let ds = if dataset == "x-2023" {
            x2023()
        } else {
            linkedin()
        };
        let Err(e) = parse(ds, question, &no_params()) else {
            continue;
        };
        refused_count += 1;
        let canonical = parse(ds, expected, &no_params()).expect("the canonical query parses");
        if e.suggestions()
            .iter()
            .any(|s| parse(ds, s, &no_params()).as_ref() == Ok(&canonical))
        {
            led += 1;
        }
    }
    println!(
        "refused corpus questions whose message offers the canonical query: {led}/{refused_count}"
    );
    assert!(led >= 95, "only {led} of {refused_count}");
}

/// Point 2, over every golden question: a word that is no part of it, put after any of its words,
/// is never read past: the line is refused (or, where the word makes another whole name, never
/// answered as the golden question).
#[test]
fn a_stray_word_anywhere_in_a_golden_question_is_never_skipped() {
    let ds = x2023();
    for query in examples() {
        let golden = parse(ds, &query, &no_params()).expect("golden");
        let words: Vec<&str> = query.split(' ').collect();
        for at in 1..=words.len() {
            // One stray word a place, in turn (each parse that fails builds its suggestions).
            let stray = ["zork", "please", "really"][at % 3];
            let mut changed = words.clone();
            changed.insert(at, stray);
            let changed = changed.join(" ");
            if let Ok(statement) = parse(ds, &changed, &no_params()) {
                assert_ne!(statement, golden, "`{changed}` was answered as `{query}`");
            }
        }
    }
}
