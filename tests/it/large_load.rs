//! The loader made fast for datasets of millions of rows and edges (issue 17) says and builds exactly
//! what it did: a row or section id used twice names its first use, strings written with JSON
//! escapes read as the format reads them, and a file that is not read on the fast path gets the
//! format's own message.

use lineage::{load, Files};

const SNAPSHOT: &str = "Intro. First row: a quote. Second row: another quote. Third row: more.";

fn manifest() -> String {
    r#"{"format": 1, "name": "large-load", "publisher": "Example Co", "title": "A notice",
        "source_url": "https://example.com/notice", "as_of": "2024-01-01",
        "snapshot": "source.txt", "files": ["a.json", "b.json"]}"#
        .to_string()
}

/// The message `lineage check` shows for a dataset of two data files.
fn errors_of(a: &str, b: &str) -> String {
    let files = Files::memory([
        ("manifest.json", manifest()),
        ("source.txt", SNAPSHOT.to_string()),
        ("a.json", a.to_string()),
        ("b.json", b.to_string()),
    ]);
    match load(&files) {
        Ok(_) => "loaded".to_string(),
        Err(errors) => errors.to_string(),
    }
}

fn section(id: &str, rows: &[(&str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(id, anchor)| format!(r#"{{"id": "{id}", "title": "t", "anchor": "{anchor}"}}"#))
        .collect();
    format!(
        r#"{{"id": "{id}", "title": "s", "rows": [{}]}}"#,
        rows.join(", ")
    )
}

#[test]
fn an_id_used_twice_names_its_first_use_by_a_section_or_a_row() {
    // In a.json: section `s`, its rows `r1` and `s` (the section's id), and `r1` again; in
    // b.json: a section named like a row of a.json, and a row named like it and like `r1`.
    let a = format!(
        r#"{{"sections": [{}]}}"#,
        section(
            "s",
            &[("r1", "Intro"), ("s", "First row"), ("r1", "Second row")]
        )
    );
    let b = format!(
        r#"{{"sections": [{}, {}]}}"#,
        section("r1", &[]),
        section("t", &[("t", "Third row"), ("r1", "more")])
    );
    insta::assert_snapshot!("id_used_twice", errors_of(&a, &b));
}

#[test]
fn ids_that_are_not_slugs_are_refused_and_claim_nothing_as_rows() {
    // A row id that is not a slug is refused, and claims nothing: a section of that id later is
    // no second use; a section's id claims it whatever it is.
    let a = format!(
        r#"{{"sections": [{}, {}, {}]}}"#,
        section("S", &[("R", "Intro"), ("R", "First row")]),
        section("R", &[("r2", "Second row")]),
        section("S", &[("r3", "Third row")])
    );
    insta::assert_snapshot!("ids_not_slugs", errors_of(&a, "{}"));
}

fn data(edge_quote: &str, from: &str, extra: &str) -> String {
    format!(
        r#"{{"sections": [{}],
        "nodes": [
          {{"id": "some-data", "kind": "data", "name": "Some data", "provenance": {{"row": "r1", "quote": "First row"}}}},
          {{"id": "a-purpose", "kind": "purpose", "name": "A purpose", "provenance": {{"row": "r2", "quote": "Second row"}}}}
        ],
        "edges": [
          {{"kind": "used-for", "from": "{from}", "to": "a-purpose", {extra}"provenance": {{"row": "r2", "quote": "{edge_quote}"}}}}
        ]}}"#,
        section(
            "s",
            &[("r0", "Intro"), ("r1", "First row"), ("r2", "Second row")]
        )
    )
}

#[test]
fn strings_written_with_escapes_read_as_the_format_reads_them() {
    let plain = data("another quote", "some-data", "");
    let escaped = data(r"another \u0071uote", r"some\u002ddata", "");
    for a in [plain, escaped] {
        let files = Files::memory([
            ("manifest.json", manifest()),
            ("source.txt", SNAPSHOT.to_string()),
            ("a.json", a),
            ("b.json", "{}".to_string()),
        ]);
        let ds = load(&files).expect("the dataset loads");
        let (_, from, _, edge) = ds.edges().next().expect("one edge");
        assert_eq!(ds.node(from).id.as_str(), "some-data");
        assert_eq!(ds.quote(&edge.provenance), "another quote");
    }
}

#[test]
fn an_edge_the_fast_path_does_not_read_gets_the_formats_message() {
    // A field given twice, an unknown field, a list by position: each the format's own message.
    let twice = data(
        "another quote",
        "some-data",
        r#""group": null, "group": null, "#,
    );
    let unknown = data("another quote", "some-data", r#""colour": "red", "#);
    let by_position = data("another quote", "some-data", r#""bases": [["a"]], "#);
    insta::assert_snapshot!(
        "edge_shape_errors",
        [twice, unknown, by_position]
            .iter()
            .map(|a| errors_of(a, "{}"))
            .collect::<Vec<_>>()
            .join("\n---\n")
    );
}
