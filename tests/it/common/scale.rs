//! Large generated datasets, for the cost tests (`tests/it/hostile_cost.rs`) and the scale benchmark
//! (`benches/scale.rs`, which includes this file by path): every kind of hub a question may meet.
//!
//! [`generated`] with `items` data items holds, besides the items themselves:
//! - 100 categories, each item in one (`i % 100`), and one hub category every item is in;
//! - 200 purposes, each item used for three of them (`(7i + 13k) % 200`, on a basis with a qualifier
//!   `q<k>`), and one hub purpose every item is used for (its basis stated for one region);
//! - a recipient per purpose (`discloses-to`), each category shared with a recipient
//!   (`may-be-shared-with`), a hub recipient that the hub purpose and hub category reach, and a
//!   processor of every hundredth item;
//! - a hub item that includes every tenth item (`includes`), a cell that stands for any data, used
//!   for purpose 0;
//! - ten sources, one per ten categories, and a hub source of every tenth item; a retention per
//!   category, and the hub category's for the hub purpose.
//!
//! Every name is invented (`Item 17`, `Purpose 3`); every quote is found in its row.
//!
//! [`with_missing_quotes`] builds a small dataset over a large snapshot whose quotes are not found.

// The bench uses some functions, the tests others.
#![allow(dead_code)]

use std::fmt::Write;

use lineage::Files;

/// The number of categories, purposes and sources of [`generated`].
pub const CATEGORIES: usize = 100;
pub const PURPOSES: usize = 200;
pub const SOURCES: usize = 10;

const SNAPSHOT: &str = "Generated notice. Row one: an item. Row two: a purpose. \
    Row three: a recipient. Row four: a category. Row five: a source.";

const SECTIONS: &str = r#"{"sections": [{"id": "s", "title": "S", "rows": [
    {"id": "r1", "title": "one", "anchor": "Row one:"},
    {"id": "r2", "title": "two", "anchor": "Row two:"},
    {"id": "r3", "title": "three", "anchor": "Row three:"},
    {"id": "r4", "title": "four", "anchor": "Row four:"},
    {"id": "r5", "title": "five", "anchor": "Row five:"}]}]"#;

fn manifest(name: &str) -> String {
    format!(
        r#"{{"format": 1, "name": "{name}", "publisher": "Gen", "title": "Generated",
        "source_url": "https://example.com", "as_of": "2024-01-01", "snapshot": "source.txt",
        "files": ["notice.json"]}}"#
    )
}

const ITEM: &str = r#""provenance": {"row": "r1", "quote": "an item"}"#;
const PURPOSE: &str = r#""provenance": {"row": "r2", "quote": "a purpose"}"#;
const RECIPIENT: &str = r#""provenance": {"row": "r3", "quote": "a recipient"}"#;
const CATEGORY: &str = r#""provenance": {"row": "r4", "quote": "a category"}"#;
const SOURCE: &str = r#""provenance": {"row": "r5", "quote": "a source"}"#;

/// A JSON array being written: entries separated by commas.
struct List {
    text: String,
    empty: bool,
}

impl List {
    fn new() -> List {
        List {
            text: String::new(),
            empty: true,
        }
    }

    fn push(&mut self, args: std::fmt::Arguments) {
        if !self.empty {
            self.text.push_str(",\n");
        }
        self.empty = false;
        self.text.write_fmt(args).expect("a string");
    }
}

/// The generated dataset's files: `manifest.json`, `source.txt` and `notice.json`.
pub fn generated_files(items: usize) -> Vec<(String, Vec<u8>)> {
    let mut nodes = List::new();
    let mut edges = List::new();
    add_items(&mut nodes, &mut edges, items);
    add_purposes(&mut nodes, &mut edges);
    add_categories(&mut nodes, &mut edges);
    let notice = format!(
        "{SECTIONS},\n\"nodes\": [{}],\n\"edges\": [{}]}}",
        nodes.text, edges.text
    );
    vec![
        ("manifest.json".into(), manifest("generated").into_bytes()),
        ("source.txt".into(), SNAPSHOT.as_bytes().to_vec()),
        ("notice.json".into(), notice.into_bytes()),
    ]
}

/// The generated dataset, in memory.
pub fn generated(items: usize) -> Files {
    Files::memory(generated_files(items))
}

fn add_items(nodes: &mut List, edges: &mut List, items: usize) {
    for i in 0..items {
        nodes.push(format_args!(
            r#"{{"id": "i{i}", "kind": "data", "name": "Item {i}", {ITEM}}}"#
        ));
        for k in 0..3 {
            let p = (i * 7 + k * 13) % PURPOSES;
            edges.push(format_args!(
                r#"{{"kind": "used-for", "from": "i{i}", "to": "p{p}", "bases": [{{"basis": "b", "qualifier": "q{k}"}}], {ITEM}}}"#
            ));
        }
        edges.push(format_args!(
            r#"{{"kind": "used-for", "from": "i{i}", "to": "hub-purpose", "bases": [{{"basis": "b"}}], "conditions": ["cond"], {ITEM}}}"#
        ));
        let c = i % CATEGORIES;
        edges.push(format_args!(
            r#"{{"kind": "in-category", "from": "i{i}", "to": "c{c}", {ITEM}}}"#
        ));
        edges.push(format_args!(
            r#"{{"kind": "in-category", "from": "i{i}", "to": "hub-category", {ITEM}}}"#
        ));
        if i % 10 == 0 {
            edges.push(format_args!(
                r#"{{"kind": "includes", "from": "hub-item", "to": "i{i}", {ITEM}}}"#
            ));
            edges.push(format_args!(
                r#"{{"kind": "collected-from", "from": "hub-source", "to": "i{i}", {SOURCE}}}"#
            ));
        }
        if i % 100 == 0 {
            edges.push(format_args!(
                r#"{{"kind": "processed-by", "from": "i{i}", "to": "processor", {ITEM}}}"#
            ));
        }
    }
    nodes.push(format_args!(
        r#"{{"id": "hub-item", "kind": "data", "name": "Hub item", {ITEM}}}"#
    ));
    nodes.push(format_args!(
        r#"{{"id": "any", "kind": "data", "name": "Any item", "stands_for": "any-data", "derived": "generated", {ITEM}}}"#
    ));
    edges.push(format_args!(
        r#"{{"kind": "used-for", "from": "any", "to": "p0", "bases": [{{"basis": "b"}}], {ITEM}}}"#
    ));
    nodes.push(format_args!(
        r#"{{"id": "cond", "kind": "condition", "name": "Generated condition", {ITEM}}}"#
    ));
    nodes.push(format_args!(
        r#"{{"id": "processor", "kind": "recipient", "party": "named", "role": "processor", "name": "Generated processor", {RECIPIENT}}}"#
    ));
}

fn add_purposes(nodes: &mut List, edges: &mut List) {
    nodes.push(format_args!(
        r#"{{"id": "b", "kind": "basis", "name": "Generated basis", {PURPOSE}}}"#
    ));
    nodes.push(format_args!(
        r#"{{"id": "reg", "kind": "region", "name": "Generated region", "codes": ["gr"], {PURPOSE}}}"#
    ));
    for p in 0..PURPOSES {
        nodes.push(format_args!(
            r#"{{"id": "p{p}", "kind": "purpose", "name": "Purpose {p}", {PURPOSE}}}"#
        ));
        nodes.push(format_args!(
            r#"{{"id": "q{p}", "kind": "recipient", "party": "category", "name": "Recipient {p}", {RECIPIENT}}}"#
        ));
        edges.push(format_args!(
            r#"{{"kind": "has-basis", "from": "p{p}", "to": "b", {PURPOSE}}}"#
        ));
        edges.push(format_args!(
            r#"{{"kind": "discloses-to", "from": "p{p}", "to": "q{p}", {PURPOSE}}}"#
        ));
    }
    nodes.push(format_args!(
        r#"{{"id": "hub-purpose", "kind": "purpose", "name": "Hub purpose", {PURPOSE}}}"#
    ));
    nodes.push(format_args!(
        r#"{{"id": "hub-recipient", "kind": "recipient", "party": "category", "name": "Hub recipient", {RECIPIENT}}}"#
    ));
    edges.push(format_args!(
        r#"{{"kind": "has-basis", "from": "hub-purpose", "to": "b", "regions": ["reg"], {PURPOSE}}}"#
    ));
    edges.push(format_args!(
        r#"{{"kind": "discloses-to", "from": "hub-purpose", "to": "hub-recipient", {PURPOSE}}}"#
    ));
}

fn add_categories(nodes: &mut List, edges: &mut List) {
    for c in 0..CATEGORIES {
        nodes.push(format_args!(
            r#"{{"id": "c{c}", "kind": "category", "name": "Category {c}", {CATEGORY}}}"#
        ));
        let q = c * 2;
        edges.push(format_args!(
            r#"{{"kind": "may-be-shared-with", "from": "c{c}", "to": "q{q}", {CATEGORY}}}"#
        ));
        edges.push(format_args!(
            r#"{{"kind": "retained-for", "from": "c{c}", "to": "p{q}", "period": "a while", {CATEGORY}}}"#
        ));
    }
    nodes.push(format_args!(
        r#"{{"id": "hub-category", "kind": "category", "name": "Hub category", {CATEGORY}}}"#
    ));
    edges.push(format_args!(
        r#"{{"kind": "may-be-shared-with", "from": "hub-category", "to": "hub-recipient", {CATEGORY}}}"#
    ));
    edges.push(format_args!(
        r#"{{"kind": "retained-for", "from": "hub-category", "to": "hub-purpose", "period": "a while", {CATEGORY}}}"#
    ));
    for s in 0..SOURCES {
        nodes.push(format_args!(
            r#"{{"id": "s{s}", "kind": "source", "name": "Source {s}", {SOURCE}}}"#
        ));
        for c in (s..CATEGORIES).step_by(SOURCES) {
            edges.push(format_args!(
                r#"{{"kind": "collected-from", "from": "s{s}", "to": "c{c}", {SOURCE}}}"#
            ));
        }
    }
    nodes.push(format_args!(
        r#"{{"id": "hub-source", "kind": "source", "name": "Hub source", {SOURCE}}}"#
    ));
}

/// A dataset of `quotes` nodes whose quotes are not in its snapshot of about `snapshot_bytes`
/// bytes (plain filler text): the loader must refuse it, naming each quote, at a cost near-linear
/// in the snapshot and the quotes.
pub fn with_missing_quotes(quotes: usize, snapshot_bytes: usize) -> Files {
    Files::memory(missing_quotes_files(quotes, snapshot_bytes))
}

/// `start`, then filler text until the snapshot holds at least `bytes` bytes.
fn filler_snapshot(start: &str, bytes: usize) -> String {
    let mut snapshot = String::from(start);
    let filler = "Some words of the notice that say nothing in particular. ";
    while snapshot.len() < bytes {
        snapshot.push_str(filler);
    }
    snapshot
}

/// A notice of two rows (`Row one:`, `Row two:`) holding `nodes`.
fn two_row_notice(nodes: &List) -> String {
    format!(
        r#"{{"sections": [{{"id": "s", "title": "S", "rows": [
            {{"id": "r1", "title": "one", "anchor": "Row one:"}},
            {{"id": "r2", "title": "two", "anchor": "Row two:"}}]}}],
          "nodes": [{}]}}"#,
        nodes.text
    )
}

/// The three files of a generated dataset named `name`.
fn dataset_files(name: &str, snapshot: String, notice: String) -> Vec<(String, Vec<u8>)> {
    vec![
        ("manifest.json".to_string(), manifest(name).into_bytes()),
        ("source.txt".to_string(), snapshot.into_bytes()),
        ("notice.json".to_string(), notice.into_bytes()),
    ]
}

/// The files of [`with_missing_quotes`].
pub fn missing_quotes_files(quotes: usize, snapshot_bytes: usize) -> Vec<(String, Vec<u8>)> {
    let mut snapshot = filler_snapshot("Generated notice. Row one: an item. ", snapshot_bytes);
    snapshot.push_str("Row two: the end.");
    let mut nodes = List::new();
    nodes.push(format_args!(
        r#"{{"id": "ok", "kind": "data", "name": "Item", {ITEM}}}"#
    ));
    for n in 0..quotes {
        nodes.push(format_args!(
            r#"{{"id": "m{n}", "kind": "data", "name": "Missing {n}", "provenance": {{"row": "r1", "quote": "words of the notice that say something {n}"}}}}"#
        ));
    }
    dataset_files("missing", snapshot, two_row_notice(&nodes))
}

/// A dataset of `quotes` items whose quotes are all found, each once, at the end of one row of
/// about `row_bytes` bytes: searched for from the row's start, each would read the whole row.
pub fn quotes_at_the_end_of_a_long_row(quotes: usize, row_bytes: usize) -> Files {
    let mut snapshot = filler_snapshot("Generated notice. Row one: ", row_bytes);
    let mut nodes = List::new();
    for n in 0..quotes {
        write!(snapshot, "item {n}; ").expect("a String takes writes");
        nodes.push(format_args!(
            r#"{{"id": "i{n}", "kind": "data", "name": "Item {n}", "provenance": {{"row": "r1", "quote": "item {n};"}}}}"#
        ));
    }
    snapshot.push_str("Row two: the end.");
    Files::memory(dataset_files("long-row", snapshot, two_row_notice(&nodes)))
}

/// A dataset of `rows` rows whose anchors are not in a snapshot of about `snapshot_bytes` bytes.
pub fn missing_anchors(rows: usize, snapshot_bytes: usize) -> Files {
    let snapshot = filler_snapshot("Generated notice. Row one: an item. ", snapshot_bytes);
    let mut listed = List::new();
    listed.push(format_args!(
        r#"{{"id": "r1", "title": "one", "anchor": "Row one:"}}"#
    ));
    for n in 0..rows {
        listed.push(format_args!(
            r#"{{"id": "m{n}", "title": "missing {n}", "anchor": "Row that is not there {n}:"}}"#
        ));
    }
    let notice = format!(
        r#"{{"sections": [{{"id": "s", "title": "S", "rows": [{}]}}],
          "nodes": [{{"id": "ok", "kind": "data", "name": "Item", {ITEM}}}]}}"#,
        listed.text
    );
    Files::memory(dataset_files("anchors", snapshot, notice))
}
