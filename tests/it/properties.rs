//! Properties that hold for any input, checked with proptest on the embedded X 2023 dataset:
//! - parsing never panics, on any text or on any jumble of the language's own words;
//! - printing a parsed query (its canonical form) and parsing that again gives the same statement;
//! - every answer row's evidence exists in the dataset: its row, and its quote inside that row.

use std::collections::BTreeMap;

use lineage::{
    dataset::model::NodeKind,
    query::{ask, keywords::vocabulary, parse::parse, Canonical},
};
use proptest::prelude::*;

use crate::common::x2023;

fn params() -> BTreeMap<String, String> {
    BTreeMap::from([("data".to_string(), "Location Data".to_string())])
}

/// Ids of the nodes of one kind, to build queries from.
fn ids(kind: NodeKind) -> Vec<String> {
    let ds = x2023();
    ds.nodes_of_kind(kind)
        .iter()
        .map(|&n| ds.node(n).id.to_string())
        .collect()
}

/// A name as a user might write it: its id quoted, its name quoted, or its name bare in capitals.
fn name_of(kinds: &'static [NodeKind]) -> impl Strategy<Value = String> {
    let ds = x2023();
    let mut names = Vec::new();
    for &kind in kinds {
        for &n in ds.nodes_of_kind(kind) {
            let node = ds.node(n);
            names.push(format!("\"{}\"", node.id));
            names.push(format!(
                "\"{}\"",
                node.name.replace('\\', "\\\\").replace('"', "\\\"")
            ));
            // In another case only where no other node of these kinds has the same name.
            let alike = ds
                .nodes_named(&node.name)
                .iter()
                .filter(|&&m| kinds.contains(&ds.node(m).kind))
                .count();
            if alike == 1 {
                names.push(node.name.to_uppercase().replace('"', ""));
            }
        }
    }
    prop::sample::select(names)
}

const DATA: &[NodeKind] = &[NodeKind::Data, NodeKind::Category];

/// Queries of every form, with names from the dataset and optional filters.
fn query() -> impl Strategy<Value = String> {
    let form = prop_oneof![
        name_of(DATA).prop_map(|d| format!("who may receive {d} and under which basis")),
        name_of(DATA).prop_map(|d| format!("who may receive {d}")),
        name_of(&[NodeKind::Recipient]).prop_map(|r| format!("what does {r} receive")),
        (name_of(&[NodeKind::Recipient]), name_of(DATA))
            .prop_map(|(r, d)| format!("why does {r} receive {d}")),
        name_of(DATA).prop_map(|d| format!("purposes of {d}")),
        name_of(&[NodeKind::Purpose]).prop_map(|p| format!("what data does {p} use")),
        name_of(&[NodeKind::Purpose]).prop_map(|p| format!("basis of {p}")),
        name_of(&[NodeKind::Purpose]).prop_map(|p| format!("interests of {p}")),
        name_of(&[NodeKind::Basis]).prop_map(|b| format!("purposes with basis {b}")),
        name_of(DATA).prop_map(|d| format!("sources of {d}")),
        name_of(&[NodeKind::Source]).prop_map(|s| format!("what comes from {s}")),
        name_of(DATA).prop_map(|d| format!("retention of {d}")),
        name_of(DATA).prop_map(|d| format!("who processes {d}")),
        name_of(DATA).prop_map(|d| format!("categories of {d}")),
        name_of(DATA).prop_map(|d| format!("items of {d}")),
        name_of(DATA).prop_map(|d| format!("sharing matrix of {d}")),
        // Path ends may be of any kind, where names can collide: they are given by id.
        (
            prop::sample::select(ids(NodeKind::Data)),
            prop::sample::select(ids(NodeKind::Recipient))
        )
            .prop_map(|(a, b)| format!("path from \"{a}\" to \"{b}\"")),
        prop::sample::select(ids(NodeKind::Control)).prop_map(|c| format!("describe \"{c}\"")),
        Just("who may receive any data".to_string()),
        Just("list purposes".to_string()),
    ];
    let region = prop::option::of(prop::sample::select(vec![
        "eu",
        "efta",
        "uk",
        "us-ca",
        "other",
        "EU",
        "California",
    ]));
    let basis = prop::option::of(name_of(&[NodeKind::Basis]));
    (form, region, basis).prop_map(|(form, region, basis)| {
        // Filters only where the question has bases; others are left bare.
        let filterable = [
            "who may",
            "what does",
            "why does",
            "purposes of",
            "what data",
            "basis of",
        ]
        .iter()
        .any(|p| form.starts_with(p));
        let mut q = form;
        if filterable {
            if let Some(r) = region {
                q.push_str(&format!(" in {r}"));
            }
            if let Some(b) = basis {
                q.push_str(&format!(" where basis is {b}"));
            }
        }
        q
    })
}

/// A jumble of the language's own words, names and punctuation: reaches deep into the parser.
fn jumble() -> impl Strategy<Value = String> {
    let mut words: Vec<String> = vocabulary().iter().map(|w| w.to_string()).collect();
    words.extend(
        [
            "\"", "\u{201c}", "?", "$data", "$nope", "\\", "in", "where", "basis", "is", "any",
        ]
        .map(String::from),
    );
    let ds = x2023();
    for &n in ds.nodes_of_kind(NodeKind::Data).iter().take(10) {
        words.extend(ds.node(n).name.split(' ').map(String::from));
    }
    prop::collection::vec(prop::sample::select(words), 0..12).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parsing_any_text_never_panics(text in any::<String>()) {
        let _ = parse(x2023(), &text, &params());
    }

    #[test]
    fn parsing_any_jumble_of_our_words_never_panics(text in jumble()) {
        if let Ok(answer) = ask(x2023(), &text, &params()) {
            prop_assert!(!answer.title.is_empty());
        }
    }

    #[test]
    fn the_canonical_form_parses_to_the_same_statement(q in query()) {
        let ds = x2023();
        let statement = parse(ds, &q, &params()).map_err(|e| TestCaseError::fail(format!("{q}: {}", e.message())))?;
        let canonical = Canonical(&statement, ds).to_string();
        let again = parse(ds, &canonical, &params()).map_err(|e| TestCaseError::fail(format!("{canonical}: {}", e.message())))?;
        prop_assert_eq!(&again, &statement, "{} -> {}", q, canonical);
        prop_assert_eq!(Canonical(&again, ds).to_string(), canonical);
    }

    #[test]
    fn every_answer_rows_evidence_exists_in_the_dataset(q in query()) {
        let ds = x2023();
        let answer = ask(ds, &q, &params()).map_err(|e| TestCaseError::fail(format!("{q}: {}", e.message())))?;
        for e in answer.evidence() {
            let r = ds.row(&e.row).ok_or_else(|| TestCaseError::fail(format!("{q}: no row {}", e.row)))?;
            prop_assert_eq!(ds.section_of(r).id.as_str(), e.section.as_str());
            prop_assert!(ds.row_text(r).contains(e.quote.as_str()), "{}: quote not in {}", q, e.row);
            if let Some(index) = e.edge {
                let edge = ds.edge(petgraph::graph::EdgeIndex::new(index as usize));
                prop_assert_eq!(ds.cited_row(&edge.provenance).id.as_str(), e.row.as_str());
                prop_assert_eq!(ds.quote(&edge.provenance), e.quote.as_str());
            }
        }
    }
}
