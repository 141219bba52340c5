//! Counsel's own words (issue 14): the corpus of questions written the way privacy counsel write them
//! (`tests/counsel/corpus.tsv`), each asked as typed and compared with the answer it must give.
//!
//! Each question is classified:
//! - `understood`: it answers, and its answer (rows, notes, what is not stated, truncation) is the
//!   canonical query's; for a `REFUSE:` line, it is refused and the message offers every whole
//!   question the marker quotes in backticks;
//! - `refused`: an error where an answer (or the clarifying refusal) was expected;
//! - `misleading`: an answer, but not the canonical one, or any answer to a `NO-FORM:` or `REFUSE:`
//!   question;
//! - `no-form`: a `NO-FORM:` question that is refused, as it should be until the language has a form.
//!
//! The test prints the figures (`cargo test counsel -- --nocapture`) and holds a ratchet:
//! `tests/counsel/known.tsv` lists every question not understood today, with its class. A question
//! outside the list that is not understood fails the test (a regression), and so does a listed
//! question whose class changed (one now understood must leave the list, so the list stays exact and
//! shrinks as issue 14 is built). Nothing is written to disk.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use lineage::{
    present::format::Format,
    present::render::{render, Options},
    query::ask,
    Dataset,
};
use serde_json::Value;

use crate::common::{dataset_at, no_params, read, x2023};

/// The datasets the corpus may name.
const DATASETS: &[&str] = &["x-2023", "linkedin-eu-2025-02"];

/// What a corpus line expects.
#[derive(Debug)]
enum Expected {
    /// The answer of this query, in today's language.
    Query(String),
    /// The language has no form yet; what the answer must contain.
    NoForm,
    /// The question is ambiguous: a refusal that offers each of these whole questions.
    Refuse(Vec<String>),
}

/// One question of the corpus.
struct Question {
    id: String,
    dataset: String,
    text: String,
    expected: Expected,
}

/// The classes, in the order of the summary.
const CLASSES: &[&str] = &["understood", "refused", "misleading", "no-form"];

/// The snippets of a `REFUSE:` marker written in backticks: the whole questions it must offer.
fn backticked(marker: &str) -> Vec<String> {
    marker
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// The corpus, checked for shape: four fields, ids `c001`… in order, known datasets.
fn corpus() -> Vec<Question> {
    let text = read("tests/counsel/corpus.tsv");
    let mut questions = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "corpus.tsv:{}: four fields: {line}", n + 1);
        let id = fields[0].to_string();
        assert_eq!(
            id,
            format!("c{:03}", questions.len() + 1),
            "corpus.tsv:{}: ids in order",
            n + 1
        );
        assert!(DATASETS.contains(&fields[1]), "corpus.tsv:{}", n + 1);
        let expected = if let Some(what) = fields[3].strip_prefix("NO-FORM: ") {
            assert!(!what.trim().is_empty(), "{id}: NO-FORM says what is needed");
            Expected::NoForm
        } else if let Some(what) = fields[3].strip_prefix("REFUSE: ") {
            let offers = backticked(what);
            assert!(
                !offers.is_empty(),
                "{id}: REFUSE names the questions to offer"
            );
            Expected::Refuse(offers)
        } else {
            Expected::Query(fields[3].to_string())
        };
        questions.push(Question {
            id,
            dataset: fields[1].to_string(),
            text: fields[2].to_string(),
            expected,
        });
    }
    questions
}

/// The dataset a corpus line names, loaded once.
fn dataset(name: &str) -> &'static Dataset {
    static LINKEDIN: OnceLock<Dataset> = OnceLock::new();
    match name {
        "x-2023" => x2023(),
        "linkedin-eu-2025-02" => LINKEDIN.get_or_init(|| dataset_at("data/linkedin-eu-2025-02")),
        other => panic!("unknown dataset {other}"),
    }
}

/// What asking gave: the answer as JSON, or the error message.
fn asked(ds: &Dataset, query: &str) -> Result<Value, String> {
    match ask(ds, query, &no_params()) {
        Ok(answer) => Ok(
            serde_json::from_str(&render(&answer, Format::Json, &Options::default()))
                .expect("JSON answer"),
        ),
        Err(e) => Err(e.to_diagnostic("corpus", query).to_string()),
    }
}

/// What an answer says, without the question's echo, its title or how its names were written.
fn substance(answer: &Value) -> Vec<&Value> {
    ["columns", "rows", "notes", "not_stated", "truncated"]
        .iter()
        .map(|k| &answer[*k])
        .collect()
}

/// One line on what an answer is: its form and the names it read.
fn gist(answer: &Value) -> String {
    let names: Vec<String> = answer["resolved"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| format!("{:?}->{}", r["text"], r["node"]["id"]))
        .collect();
    format!(
        "answered {} [{}], {} rows",
        answer["form"],
        names.join(", "),
        answer["rows"].as_array().map_or(0, Vec::len)
    )
}

/// The class of one question, and what it gave (for the list of those not understood).
fn classify(q: &Question) -> (&'static str, String) {
    let ds = dataset(&q.dataset);
    let got = asked(ds, &q.text);
    let what = match &got {
        Ok(answer) => gist(answer),
        Err(message) => format!("error: {}", message.lines().next().unwrap_or_default()),
    };
    // What the corpus expects must itself be an answer: the canonical query, and each whole
    // question a clarifying refusal must offer.
    let answers = |query: &str| {
        asked(ds, query).unwrap_or_else(|e| panic!("{}: `{query}` does not answer:\n{e}", q.id))
    };
    match &q.expected {
        Expected::Refuse(offers) => offers.iter().for_each(|o| drop(answers(o))),
        Expected::Query(_) | Expected::NoForm => {}
    }
    let class = match (&q.expected, got) {
        (Expected::Query(canonical), Ok(answer)) => {
            if substance(&answer) == substance(&answers(canonical)) {
                "understood"
            } else {
                "misleading"
            }
        }
        (Expected::Query(canonical), Err(_)) => {
            answers(canonical);
            "refused"
        }
        (Expected::NoForm, Ok(_)) | (Expected::Refuse(_), Ok(_)) => "misleading",
        (Expected::NoForm, Err(_)) => "no-form",
        (Expected::Refuse(offers), Err(message)) => {
            if offers.iter().all(|o| message.contains(o.as_str())) {
                "understood"
            } else {
                "refused"
            }
        }
    };
    (class, what)
}

/// The ratchet: the ids not understood today, with their class (`id<TAB>class<TAB>reason`).
fn known() -> BTreeMap<String, String> {
    read("tests/counsel/known.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            assert!(fields.len() >= 2, "known.tsv: {l}");
            assert!(
                CLASSES[1..].contains(&fields[1]),
                "known.tsv: unknown class: {l}"
            );
            (fields[0].to_string(), fields[1].to_string())
        })
        .collect()
}

#[test]
fn counsel_corpus() {
    let questions = corpus();
    assert!(questions.len() >= 150, "only {} questions", questions.len());
    let on_linkedin = questions
        .iter()
        .filter(|q| q.dataset == "linkedin-eu-2025-02")
        .count();
    assert!(on_linkedin >= 30, "only {on_linkedin} on LinkedIn");

    let known = known();
    let mut counts: BTreeMap<&str, usize> = CLASSES.iter().map(|c| (*c, 0)).collect();
    let mut wrong = Vec::new();
    let mut details = Vec::new();
    for q in &questions {
        let (class, what) = classify(q);
        *counts.get_mut(class).expect("a class") += 1;
        if class != "understood" {
            details.push(format!("{}\t{class}\t{}\t{what}", q.id, q.text));
        }
        let listed = known.get(&q.id).map_or("understood", String::as_str);
        if class != listed {
            wrong.push(format!(
                "{} [{}] {:?}: {class}, known.tsv says {listed}",
                q.id, q.dataset, q.text
            ));
        }
    }
    for id in known.keys() {
        assert!(
            questions.iter().any(|q| &q.id == id),
            "known.tsv names {id}, which is not in the corpus"
        );
    }

    let total = questions.len();
    println!("not understood (id, class, question, what it gave):");
    for line in &details {
        println!("  {line}");
    }
    println!("counsel corpus: {total} questions ({on_linkedin} on linkedin-eu-2025-02)");
    for class in CLASSES {
        println!("  {class:<11} {:>4}", counts[class]);
    }
    println!(
        "  first-try share: {}/{total} = {:.1}%",
        counts["understood"],
        100.0 * counts["understood"] as f64 / total as f64
    );
    assert!(
        wrong.is_empty(),
        "{} questions differ from tests/counsel/known.tsv (a regression, or progress: update the \
         list):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
