//! Hostile input: whatever arrives, `lineage` answers or refuses with one clear error and exit 2; it
//! never panics, never prints a partial answer, never leaves a half-written file.
//!
//! `docs/ROBUSTNESS.md` lists each class of bad input with the test that covers it.

use std::{fs, os::unix::fs::FileTypeExt, path::Path};

use lineage::{dataset::export::export, load, Files};
use petgraph::graph::NodeIndex;

use crate::common::{assert_refused, lineage, root, run, x2023, TempDir};

/// A copy of the mini fixture whose data file is `notice`.
fn dataset_with(name: &str, notice: &[u8]) -> TempDir {
    let dir = TempDir::new(name);
    let mini = root().join("tests/fixtures/mini");
    for file in ["manifest.json", "source.txt"] {
        fs::copy(mini.join(file), dir.join(file)).expect("copy");
    }
    dir.write("notice.json", notice);
    dir
}

#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn a_100_mb_data_file_is_refused_clearly() {
    let mut notice = vec![b' '; 100 * 1024 * 1024];
    notice.extend_from_slice(b"{ not json");
    let dir = dataset_with("big", &notice);
    let outcome = run(lineage().args(["check", "--data"]).arg(&dir));
    assert_refused(&outcome, "key must be a string");
    assert!(
        outcome.stderr.contains("notice.json:1:104857603"),
        "{}",
        outcome.stderr
    );
}

#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn a_dataset_of_a_million_nodes_loads() {
    let dir = TempDir::new("million");
    fs::write(
        dir.join("source.txt"),
        "Generated notice. Row one: an item.",
    )
    .expect("source");
    fs::write(
        dir.join("manifest.json"),
        r#"{"format": 1, "name": "million", "publisher": "Gen", "title": "A million nodes",
            "source_url": "https://example.com", "as_of": "2024-01-01", "snapshot": "source.txt",
            "files": ["notice.json"]}"#,
    )
    .expect("manifest");
    let mut notice = String::from(
        r#"{"sections": [{"id": "s", "title": "S", "rows": [{"id": "r1", "title": "one", "anchor": "Row one:"}]}], "nodes": ["#,
    );
    for i in 0..1_000_000 {
        if i > 0 {
            notice.push(',');
        }
        notice.push_str(&format!(
            r#"{{"id": "n{i}", "kind": "data", "name": "Item {i}", "provenance": {{"row": "r1", "quote": "an item"}}}}"#
        ));
    }
    notice.push_str("]}");
    fs::write(dir.join("notice.json"), notice).expect("notice");
    let ds = load(&Files::dir(dir.to_path_buf())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ds.graph().node_count(), 1_000_000);
    assert_eq!(ds.nodes_named("item 999999").len(), 1);
}

#[test]
fn a_1_mb_query_is_refused() {
    // Too long for a command-line argument (the system refuses it), so it comes through stdin and a script.
    let query = format!("who may receive {}\n", "x".repeat(1024 * 1024));
    let outcome = run(lineage().write_stdin(query.clone()));
    assert_refused(&outcome, "the query is too long (1048592 bytes)");
    let dir = TempDir::new("long-query");
    fs::write(dir.join("long.lq"), &query).expect("script");
    assert_refused(
        &run(lineage().arg("run").arg(dir.join("long.lq"))),
        "the query is too long",
    );
}

#[test]
fn ten_thousand_nested_quotes_or_brackets_are_refused() {
    for query in [
        "\"".repeat(10_000),
        format!("who may receive {}", "\"".repeat(10_001)),
        format!(
            "who may receive {}{}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        format!("describe {}", "(\"".repeat(10_000)),
        "\\".repeat(10_000),
    ] {
        let outcome = run(lineage().arg("ask").arg(&query));
        assert_eq!(outcome.code, Some(2), "{}", &query[..40.min(query.len())]);
        assert_eq!(outcome.stdout, "");
        // The message and the excerpt under it are cut: no 10,000-character line.
        assert!(
            outcome.stderr.lines().all(|l| l.chars().count() <= 420),
            "{}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("did you mean"),
            "nothing is near punctuation: {}",
            outcome.stderr
        );
    }
}

#[test]
fn control_characters_and_escapes_in_names_are_inert_everywhere() {
    let hostile = ["--data", "tests/fixtures/hostile"];
    for format in ["table", "markdown", "csv", "json", "line", "dot", "mermaid"] {
        let outcome = run(lineage().args(hostile).args([
            "ask",
            "who may receive \"cat\" and under which basis",
            "--format",
            format,
        ]));
        assert_eq!(outcome.code, Some(0), "{format}: {}", outcome.stderr);
        for c in ['\u{1b}', '\u{7}', '\u{0}', '\u{202e}', '\u{200b}'] {
            assert!(!outcome.stdout.contains(c), "{format} prints a raw {:?}", c);
        }
    }
    for command in [&["check"][..], &["export", "dot"], &["export", "mermaid"]] {
        let outcome = run(lineage().args(hostile).args(command));
        assert_eq!(outcome.code, Some(0));
        assert!(!outcome.stdout.contains('\u{1b}'), "{command:?}");
    }
}

/// The fields of an RFC 4180 CSV text (quoted fields may hold commas, quotes and line breaks).
fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',' | '\n') => fields.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    fields
}

#[test]
fn formula_injection_is_neutralised_in_csv() {
    let outcome = run(lineage().args([
        "--data",
        "tests/fixtures/hostile",
        "ask",
        "who may receive \"cat\"",
        "--format",
        "csv",
    ]));
    assert_eq!(outcome.code, Some(0));
    let fields = csv_fields(&outcome.stdout);
    assert!(fields.len() > 10);
    for field in &fields {
        assert!(
            !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a formula: {field}"
        );
    }
    assert!(
        fields.iter().any(|f| f.starts_with("'@SUM(A1:A9)")),
        "{fields:?}"
    );
}

#[test]
fn unreadable_inputs_are_refused() {
    assert_refused(
        &run(lineage().args(["check", "--data", "/nonexistent/dataset"])),
        "cannot read file: no such file",
    );
    assert_refused(
        &run(lineage().args(["run", "/nonexistent/script.lq"])),
        "cannot read `/nonexistent/script.lq`: no such file",
    );
    let dir = TempDir::new("folder-as-file");
    assert_refused(
        &run(lineage().arg("run").arg(&dir)),
        "is a folder, not a file",
    );
    fs::write(dir.join("bad.lq"), b"purposes of \xff\xfe\n").expect("script");
    assert_refused(
        &run(lineage().arg("run").arg(dir.join("bad.lq"))),
        "is not UTF-8 text",
    );
}

#[test]
fn unwritable_outputs_are_refused_and_leave_no_file() {
    let outcome = run(lineage().args([
        "ask",
        "retention of Selfie",
        "-o",
        "/nonexistent/answer.txt",
    ]));
    assert_refused(
        &outcome,
        "cannot write `/nonexistent/answer.txt`: `/nonexistent` is not a folder that exists",
    );
    assert!(!Path::new("/nonexistent/answer.txt").exists());
    let outcome = run(lineage().args(["export", "json", "-o", "/nonexistent/export"]));
    assert_refused(&outcome, "cannot write `/nonexistent/export`");
}

#[test]
fn a_full_disk_is_an_error_and_the_device_survives() {
    if !Path::new("/dev/full").exists() {
        eprintln!("note: no /dev/full here; skipped");
        return;
    }
    let outcome = run(lineage().args(["ask", "retention of Selfie", "-o", "/dev/full"]));
    assert_refused(
        &outcome,
        "cannot write `/dev/full`: no space left on the device",
    );
    let outcome = run(lineage().args(["export", "dot", "-o", "/dev/full"]));
    assert_refused(&outcome, "no space left on the device");
    // `lineage ask ... > /dev/full`
    let full = fs::File::create("/dev/full").expect("open /dev/full");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lineage"))
        .args(["ask", "retention of Selfie"])
        .stdout(full)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("cannot write the answer: no space left on the device"),
        "{stderr}"
    );
    let kind = fs::metadata("/dev/full").expect("/dev/full").file_type();
    assert!(kind.is_char_device(), "/dev/full was replaced");
}

#[test]
fn an_output_file_is_replaced_whole() {
    let dir = TempDir::new("replace");
    let file = dir.join("answer.txt");
    fs::write(
        &file,
        "an older, longer answer that must not survive in part ".repeat(100),
    )
    .expect("old");
    let outcome = run(lineage()
        .args(["ask", "retention of Selfie", "--format", "csv", "-o"])
        .arg(&file));
    assert_eq!(outcome.code, Some(0));
    let text = fs::read_to_string(&file).expect("answer");
    assert!(
        text.starts_with("data,purpose,period,evidence\n") && !text.contains("older"),
        "{text}"
    );
    let leftovers: Vec<_> = fs::read_dir(&dir).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

fn export_files(ds: &lineage::Dataset) -> Vec<(String, Vec<u8>)> {
    export(ds)
}

/// Exports, loads the export, exports again: the files must be byte-identical and the graphs equal.
fn assert_round_trip(files: Files, name: &str) {
    let first = load(&files).unwrap_or_else(|e| panic!("{e}"));
    let dir = TempDir::new(name);
    let out = dir.join("export");
    lineage::dataset::export::write_export(&first, &out).expect("export");
    let second = load(&Files::dir(&out)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        export_files(&first),
        export_files(&second),
        "byte-identical exports"
    );
    // Whole node definitions: `derived` and `stands_for` included.
    let nodes = |ds: &lineage::Dataset| ds.graph().node_weights().cloned().collect::<Vec<_>>();
    assert_eq!(nodes(&first), nodes(&second), "equal nodes");
    let edges = |ds: &lineage::Dataset| {
        ds.edges()
            .map(|(_, f, t, e)| {
                let ids = |list: &[NodeIndex]| -> Vec<String> {
                    list.iter().map(|&n| ds.node(n).id.to_string()).collect()
                };
                (
                    ds.node(f).id.clone(),
                    ds.node(t).id.clone(),
                    e.kind,
                    e.provenance,
                    e.derived.clone(),
                    e.bases.len(),
                    e.regions.len(),
                    e.conditions().len(),
                    ids(e.only_for()),
                    ids(e.only_sharing_with()),
                    ids(e.data()),
                    e.reason().cloned(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(edges(&first), edges(&second), "equal edges");
    assert_eq!(first.rows(), second.rows(), "equal rows");
}

#[test]
fn export_json_round_trips_the_general_model_fixture() {
    // Data at a category's level, conditions on collection, a disclosure's data and reason.
    let dir = root().join("tests/fixtures/data-levels");
    assert_round_trip(Files::dir(dir), "export-levels");
}

#[test]
fn export_json_round_trips_the_x_dataset() {
    // The X dataset uses the optional fields, so the round trip exercises them.
    let x = x2023();
    assert!(x.edges().any(|(_, _, _, e)| !e.only_for().is_empty()));
    assert!(x
        .edges()
        .any(|(_, _, _, e)| !e.only_sharing_with().is_empty()));
    assert!(x
        .graph()
        .node_weights()
        .any(|n| n.stands_for.is_some() && n.derived.is_some()));
    assert_round_trip(Files::embedded(), "export-x");
    // Through the command line too.
    let dir = TempDir::new("export-cli");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert_eq!(
        run(lineage().args(["export", "json", "-o"]).arg(&a)).code,
        Some(0)
    );
    assert_eq!(
        run(lineage()
            .args(["export", "json", "--data"])
            .arg(&a)
            .arg("-o")
            .arg(&b))
        .code,
        Some(0)
    );
    for file in ["manifest.json", "dataset.json", "source.txt"] {
        assert_eq!(
            fs::read(a.join(file)).expect("a"),
            fs::read(b.join(file)).expect("b"),
            "{file}"
        );
    }
    let outcome = run(lineage().args(["export", "json", "-o"]).arg(&a));
    assert_refused(&outcome, "already exists: export into a new folder");
}

#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn export_json_round_trips_a_large_generated_dataset() {
    let source = "Generated. Row one: an item. Row two: a purpose. Row three: a recipient.";
    let mut notice = String::from(
        r#"{"sections": [{"id": "s", "title": "S", "rows": [
            {"id": "r1", "title": "one", "anchor": "Row one:"},
            {"id": "r2", "title": "two", "anchor": "Row two:"},
            {"id": "r3", "title": "three", "anchor": "Row three:"}]}],
          "nodes": ["#,
    );
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for i in 0..20_000 {
        nodes.push(format!(r#"{{"id": "i{i}", "kind": "data", "name": "Item \"{i}\" <x>", "provenance": {{"row": "r1", "quote": "an item"}}}}"#));
    }
    nodes.push(r#"{"id": "any", "kind": "data", "name": "Any item", "stands_for": "any-data", "derived": "test", "provenance": {"row": "r1", "quote": "an item"}}"#.to_string());
    edges.push(r#"{"kind": "includes", "from": "i0", "to": "i1", "derived": "test", "provenance": {"row": "r1", "quote": "an item"}}"#.to_string());
    for p in 0..200 {
        nodes.push(format!(r#"{{"id": "p{p}", "kind": "purpose", "name": "Purpose {p}", "provenance": {{"row": "r2", "quote": "a purpose"}}}}"#));
        nodes.push(format!(r#"{{"id": "r{p}", "kind": "recipient", "party": "category", "name": "Recipient {p}", "provenance": {{"row": "r3", "quote": "a recipient"}}}}"#));
        edges.push(format!(r#"{{"kind": "discloses-to", "from": "p{p}", "to": "r{p}", "derived": "test", "provenance": {{"row": "r2", "quote": "a purpose"}}}}"#));
        // Item i is used for purpose 7i mod 200 (k = 0 below), and 143 * 7 = 1 mod 200.
        let i = 143 * p % 200;
        edges.push(format!(r#"{{"kind": "has-basis", "from": "p{p}", "to": "b", "only_for": ["i{i}"], "only_sharing_with": ["r{p}"], "provenance": {{"row": "r2", "quote": "a purpose"}}}}"#));
    }
    nodes.push(r#"{"id": "b", "kind": "basis", "name": "Basis", "provenance": {"row": "r2", "quote": "a purpose"}}"#.to_string());
    for i in 0..20_000 {
        for k in 0..3 {
            let p = (i * 7 + k * 13) % 200;
            edges.push(format!(r#"{{"kind": "used-for", "from": "i{i}", "to": "p{p}", "bases": [{{"basis": "b", "qualifier": "q{k}"}}], "provenance": {{"row": "r1", "quote": "an item"}}}}"#));
        }
    }
    notice.push_str(&nodes.join(","));
    notice.push_str(r#"], "edges": ["#);
    notice.push_str(&edges.join(","));
    notice.push_str("]}");
    let manifest = r#"{"format": 1, "name": "generated", "publisher": "Gen", "title": "Generated",
        "source_url": "https://example.com", "as_of": "2024-01-01", "snapshot": "source.txt", "files": ["notice.json"]}"#;
    let files = Files::memory([
        ("manifest.json", manifest.as_bytes().to_vec()),
        ("source.txt", source.into()),
        ("notice.json", notice.into_bytes()),
    ]);
    assert_round_trip(files, "export-large");
}
