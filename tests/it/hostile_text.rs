//! Hostile text and validation gaps (issue 13, "Terminal injection" and "Unclear messages and
//! validation gaps").
//!
//! The fixture `tests/fixtures/hostile` holds hostile text (an ANSI colour, BEL, CR, an OSC 8
//! hyperlink, the C1 control U+009B, direction overrides and isolates, zero-width characters, DEL,
//! a byte-order mark) in every string field the format has: the manifest's title, publisher and
//! source URL, the regions it declares, section and row titles, every node field, aliases, quotes,
//! descriptions, notes, reasons, qualifiers, periods and derivations. Every command, in every format,
//! prints none of it raw: the only control characters that reach a terminal are line breaks and, in
//! CSV, the tabs that are data there.
//!
//! Each validation gap gets one clear message, located where it applies, with exit code 2.

use std::{collections::BTreeMap, path::Path};

use lineage::{
    dataset::{files::Files, load::load},
    dsar::script::{run as run_script, RunOptions},
    present::{escape::is_invisible, format::Format, output::answer_text, render::Options},
    query::ask,
    repl::{complete::LineHelper, Origin, Session},
    Dataset,
};

use crate::common::{dataset_at, lineage, no_params, root, run, Outcome, TempDir};

const HOSTILE: &str = "tests/fixtures/hostile";

/// Hostile text as a script or a user types it: every kind of invisible character the fixture has.
const TYPED: &str =
    "\u{1b}[31mX\u{7}\r\u{1b}]8;;http://evil.example/\u{7}L\u{1b}]8;;\u{7}\u{9b}2J\u{202e}R\u{200b}\u{2066}";

/// Every character that would act on a terminal, with where it is: line breaks are allowed, and
/// tabs where `tabs` says the format holds them as data.
fn raw_controls(text: &str, tabs: bool) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|&(_, c)| is_invisible(c) && c != '\n' && !(tabs && c == '\t'))
        .collect()
}

#[track_caller]
fn assert_inert(what: &str, text: &str) {
    assert_inert_with(what, text, false);
}

#[track_caller]
fn assert_inert_with(what: &str, text: &str, tabs: bool) {
    let raw = raw_controls(text, tabs);
    if let Some(&(at, c)) = raw.first() {
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i);
        panic!(
            "{what}: {} raw control characters, the first {c:?} at byte {at}: {:?}",
            raw.len(),
            &text[from..at]
        );
    }
}

fn hostile() -> Dataset {
    dataset_at(HOSTILE)
}

/// Questions that between them show every node, edge and row of the fixture, and every field.
const QUESTIONS: &[&str] = &[
    "list purposes",
    "list data",
    "list regions",
    "list recipients",
    "list sources",
    "list categories",
    "list bases",
    "describe thing",
    "describe multi-line",
    "describe ansi",
    "describe basis",
    "describe someone",
    "describe fn",
    "describe zone",
    "describe grp",
    "describe src",
    "describe ctl",
    "describe aim",
    "describe guard",
    "describe access",
    "describe dpa",
    "describe auto",
    "describe abroad",
    "describe boss",
    "describe r1",
    "describe r2",
    "describe s",
    "who may receive \"cat\" and under which basis",
    "who may receive thing",
    "who may receive \"cat\" and under which basis in zz",
    "who may receive \"cat\" and under which basis in elsewhere",
    "why does someone receive \"cat\"",
    "what does someone receive",
    "who processes thing",
    "purposes of thing",
    "purposes of any data",
    "purposes of thing in zz",
    "purposes with basis basis",
    "sources of thing",
    "what comes from src",
    "retention of thing",
    "basis of purpose",
    "interests of purpose",
    "what data does purpose use",
    "path from thing to someone",
];

/// Every format an answer can be printed in.
const ANSWER_FORMATS: &[Format] = &[
    Format::Table,
    Format::Markdown,
    Format::Csv,
    Format::Json,
    Format::Line,
    Format::Dot,
    Format::Mermaid,
];

#[test]
fn every_answer_in_every_format_is_inert() {
    let ds = hostile();
    let mut cases = 0;
    for question in QUESTIONS {
        let answer = ask(&ds, question, &no_params())
            .unwrap_or_else(|e| panic!("{question}: {}", e.to_diagnostic("query", question)));
        for &format in ANSWER_FORMATS {
            for headers in [true, false] {
                let options = Options {
                    headers,
                    ..Options::default()
                };
                let text = answer_text(&ds, &answer, format, &options);
                assert_inert_with(
                    &format!("{question} as {}", format.name()),
                    &text,
                    format == Format::Csv,
                );
                cases += 1;
            }
        }
    }
    assert_eq!(cases, QUESTIONS.len() * ANSWER_FORMATS.len() * 2);
}

/// The answers do show the hostile text, escaped: it is not dropped.
#[test]
fn hostile_text_is_shown_escaped_not_dropped() {
    let ds = hostile();
    let answer = ask(&ds, "describe thing", &no_params()).expect("answers");
    let table = answer_text(&ds, &answer, Format::Table, &Options::default());
    assert!(table.contains("\\u{1b}[31mrow-one"), "{table}");
    let json = answer_text(&ds, &answer, Format::Json, &Options::default());
    assert!(json.contains("\\u001b[31mrow-one"), "{json}");
    assert!(json.contains("\\u202e"), "{json}");
}

/// Questions whose errors quote hostile text back: the name typed, a parameter, a region.
#[test]
fn errors_that_quote_hostile_text_are_inert() {
    let ds = hostile();
    let params = BTreeMap::from([("p".to_string(), TYPED.to_string())]);
    let questions = [
        format!("describe {TYPED}"),
        format!("describe \"{TYPED}\""),
        format!("who may receive {TYPED}"),
        format!("purposes of thing in {TYPED}"),
        format!("purposes of thing in \"{TYPED}\""),
        format!("who may receive \"cat\" and under which basis where basis is {TYPED}"),
        format!("{TYPED} of thing"),
        format!("purposes of ${TYPED}"),
        "purposes of $p".to_string(),
        format!("purposes of thing {TYPED}"),
        format!("path from thing to {TYPED}"),
        format!("describe \"{TYPED}"),
        // A name of the dataset, misspelt: the suggestion quotes a hostile name.
        "describe Zone \u{1b}[31mregio".to_string(),
        "describe Alias".to_string(),
    ];
    for question in &questions {
        let error = match ask(&ds, question, &params) {
            Ok(_) => continue,
            Err(error) => error,
        };
        let shown = error.to_diagnostic("query", question).to_string();
        assert_inert(&format!("the error for {question:?}"), &shown);
    }
}

/// The binary's own paths (argument parsing, `main`'s printing of failures) for `ask` and `run`.
#[test]
fn the_binary_prints_answers_reports_and_failures_inert() {
    let dir = TempDir::new("hostile-script");
    let script = dir.write(
        "s.lq",
        format!(".title {TYPED}\n.regime gdpr\n.section 15-1-a\npurposes of thing\n.gap {TYPED}\ndescribe \"{TYPED}\"\n"),
    );
    for format in ["markdown", "json", "table", "csv"] {
        let outcome = run(lineage()
            .args([
                "--data",
                HOSTILE,
                "run",
                "--keep-going",
                "--echo",
                "--format",
                format,
            ])
            .arg(&script));
        assert_eq!(outcome.code, Some(2), "{format}: {}", outcome.stderr);
        assert_inert_with(
            &format!("run as {format}"),
            &outcome.stdout,
            format == "csv",
        );
        assert_inert(&format!("run as {format}, stderr"), &outcome.stderr);
    }
    for format in ["table", "markdown", "csv", "json", "line", "dot", "mermaid"] {
        let outcome = run(lineage().args([
            "--data",
            HOSTILE,
            "ask",
            "describe thing",
            "--format",
            format,
        ]));
        assert_eq!(outcome.code, Some(0), "{format}: {}", outcome.stderr);
        assert_inert_with(
            &format!("ask as {format}"),
            &outcome.stdout,
            format == "csv",
        );
    }
}

#[test]
fn check_and_exports_are_inert() {
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["export", "dot"],
        &["export", "mermaid"],
    ] {
        let outcome = run(lineage().args(["--data", HOSTILE]).args(args));
        assert_eq!(outcome.code, Some(0), "{args:?}: {}", outcome.stderr);
        assert_inert(&format!("{args:?}"), &outcome.stdout);
        assert_inert(&format!("{args:?} on stderr"), &outcome.stderr);
    }
}

/// Runs `lines` in a REPL session on the hostile dataset; gives stdout and stderr.
fn session(lines: &[&str]) -> (String, String) {
    let mut session = Session::new(hostile());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    for (i, line) in lines.iter().enumerate() {
        session
            .run_line(line, &Origin::new("<stdin>", i + 1), &mut out, &mut err)
            .expect("writes to memory");
    }
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (text(out), text(err))
}

#[test]
fn repl_commands_are_inert() {
    let param = format!(".param x {TYPED}");
    let unknown_param = format!(".param {TYPED}");
    let mode = format!(".mode {TYPED}");
    let command = format!(".{TYPED}");
    let read = format!(".read /nonexistent/{TYPED}");
    let open = format!(".data /nonexistent/{TYPED}");
    let once = format!(".once /nonexistent/{TYPED}/x");
    let echoed = format!("describe \"{TYPED}\"");
    let cases: Vec<Vec<&str>> = vec![
        vec![".show"],
        vec![&param, ".param"],
        vec![&param, ".show"],
        vec![&param, ".param list"],
        vec![&unknown_param],
        vec![".help"],
        vec![".help who"],
        vec![&mode],
        vec![&command],
        vec![&read],
        vec![&open],
        vec![&once, "list data"],
        vec![".echo on", &echoed, "describe thing"],
        vec![".mode csv", "describe thing"],
        vec![".mode json", "describe thing"],
        vec![".mode line", "describe thing"],
        vec![".mode markdown", "describe thing"],
        vec![".mode mermaid", "describe thing"],
        vec![".mode dot", "describe thing"],
        vec![".given consent", "who may receive thing"],
    ];
    for lines in &cases {
        let (out, err) = session(lines);
        let tabs = lines.contains(&".mode csv");
        assert_inert_with(&format!("stdout of {lines:?}"), &out, tabs);
        assert_inert(&format!("stderr of {lines:?}"), &err);
    }
    let (out, _) = session(&[".show"]);
    assert!(out.contains("\\u{1b}[31mtitle"), "{out}");
    assert!(out.contains("\\u{1b}]8;;https://evil.example/"), "{out}");
    let (out, _) = session(&[&param, ".param"]);
    assert_eq!(
        out,
        "$x = \\u{1b}[31mX\\u{7}\\r\\u{1b}]8;;http://evil.example/\\u{7}L\\u{1b}]8;;\\u{7}\\u{9b}2J\\u{202e}R\\u{200b}\\u{2066}\n"
    );
}

#[test]
fn piped_sessions_are_inert() {
    let input = format!(
        ".show\n.param x {TYPED}\n.param\n.echo on\ndescribe \"{TYPED}\"\n.data /nonexistent/{TYPED}\nlist data\n"
    );
    let outcome = run(lineage().args(["--data", HOSTILE]).write_stdin(input));
    assert_eq!(outcome.code, Some(2));
    assert_inert("stdout", &outcome.stdout);
    assert_inert("stderr", &outcome.stderr);
}

/// A script that puts hostile text in every directive, run to a report in every format.
#[test]
fn script_reports_are_inert_in_every_format() {
    let ds = hostile();
    let script = format!(
        ".title T {TYPED}\n.regime gdpr\n.param who {TYPED}\n.param d thing\n.section 15-1-a\n\
         purposes of $d\n.gap the notice {TYPED}\n.rights\n.section 15-1-c\n\
         who may receive \"cat\" and under which basis\n.section 15-1-b\ndescribe thing\n\
         describe \"{TYPED}\"\n.{TYPED}\n.section {TYPED}\n"
    );
    for echo in [false, true] {
        let options = RunOptions {
            params: BTreeMap::from([("x".to_string(), TYPED.to_string())]),
            echo,
            keep_going: true,
            timestamp: None,
        };
        let (report, errors) = run_script(&ds, "hostile.lq", &script, options);
        assert_eq!(errors.len(), 3, "{errors:?}");
        for error in &errors {
            assert_inert("a script's error", &error.to_string());
        }
        for format in [Format::Markdown, Format::Json, Format::Table, Format::Csv] {
            let text = report.render(format, &Options::default());
            assert_inert_with(
                &format!("the report as {}", format.name()),
                &text,
                format == Format::Csv,
            );
        }
    }
}

/// Completion candidates as `(shown, inserted)`.
fn shown(pairs: &[rustyline::completion::Pair]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|p| (p.display.as_str(), p.replacement.as_str()))
        .collect()
}

#[test]
fn completion_shows_names_inert_and_inserts_ids_for_hostile_ones() {
    let ds = hostile();
    let helper = LineHelper::new(&ds);
    let typed = [
        "describe ",
        "describe A",
        "describe a",
        "describe Z",
        "describe Zone",
        "describe \"Zone",
        "describe \"",
        "describe \"A",
        "purposes of thing in E",
        "purposes of thing in \"Aw",
        "who may receive S",
        "describe \u{1b}",
        "describe \"\u{1b}[31m",
        "describe Caf",
        "describe G",
        "describe R",
        "describe I",
        "describe T",
        "describe C",
        "describe D",
        "describe Line",
        "describe He",
        "describe <",
        "describe abc",
        ".",
        ".sh",
        "wh",
    ];
    let mut offered = 0;
    for before in typed {
        let (_, pairs) = helper.candidates(before);
        for pair in &pairs {
            assert_inert(&format!("a candidate for {before:?}"), &pair.display);
            assert_inert(&format!("an insertion for {before:?}"), &pair.replacement);
            offered += 1;
        }
    }
    assert!(offered > 20, "{offered}");
    // The region named with an ANSI escape completes to its id, which resolves to it.
    let (_, pairs) = helper.candidates("describe Zone");
    let region = pairs
        .iter()
        .find(|p| p.display.starts_with("Zone \\u{1b}[31mregion"))
        .unwrap_or_else(|| panic!("{:?}", shown(&pairs)));
    assert_eq!(region.replacement, "zone");
    let (_, pairs) = helper.candidates("purposes of thing in \"Aw");
    assert_eq!(pairs.len(), 1, "{:?}", shown(&pairs));
    assert_eq!(pairs[0].replacement, "\"elsewhere\"");
    // A plain name completes to itself.
    let (_, pairs) = helper.candidates("describe Caf");
    assert_eq!(pairs[0].replacement, "\"Café ☕ データ עברית\"");
}

#[test]
fn failures_and_usage_errors_that_quote_an_argument_are_inert() {
    let dir = TempDir::new("hostile-paths");
    let missing = dir.join(format!("no-folder-{TYPED}")).join("answer.txt");
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "ask".into(),
            "list data".into(),
            "-o".into(),
            missing.clone().into(),
        ],
        vec![
            "ask".into(),
            "describe thing".into(),
            "--param".into(),
            TYPED.into(),
        ],
        vec!["ask".into(), format!("describe {TYPED}").into()],
        vec![
            "ask".into(),
            "list data".into(),
            "--format".into(),
            TYPED.into(),
        ],
        vec!["run".into(), dir.join(format!("{TYPED}.lq")).into()],
        vec![format!("--{TYPED}").into()],
        vec!["check".into(), "--data".into(), dir.join(TYPED).into()],
    ];
    for args in &cases {
        let outcome = run(lineage().args(["--data", HOSTILE]).args(args));
        assert_eq!(outcome.code, Some(2), "{args:?}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{args:?}");
        assert!(!outcome.stderr.is_empty(), "{args:?}");
        assert_inert(&format!("stderr of {args:?}"), &outcome.stderr);
    }
    assert_eq!(dir.names(), Vec::<String>::new(), "nothing was written");
}

/// The fixture's coverage: every string field that is free text holds hostile text (a test that
/// would pass on a fixture with hostile names only would prove little).
#[test]
fn the_hostile_fixture_has_hostile_text_in_every_free_text_field() {
    // Fields whose values are checked forms (ids, kinds, dates, slugs, file names) or references.
    const FORMS: &[&str] = &[
        "format",
        "name@manifest",
        "as_of",
        "snapshot",
        "files",
        "id",
        "kind",
        "row",
        "from",
        "to",
        "code",
        "codes",
        "party",
        "basis",
        "conditions",
        "regions",
        "group",
        "stands_for",
        "delegated",
        "only_for",
        "only_sharing_with",
        "data",
        "anchor",
    ];
    let mut fields = std::collections::BTreeSet::new();
    let mut hostile_fields = std::collections::BTreeSet::new();
    fn walk(
        value: &serde_json::Value,
        key: &str,
        fields: &mut std::collections::BTreeSet<String>,
        hostile: &mut std::collections::BTreeSet<String>,
    ) {
        match value {
            serde_json::Value::String(text) => {
                fields.insert(key.to_string());
                if text.contains('\u{1b}') || text.contains('\u{7}') {
                    hostile.insert(key.to_string());
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, key, fields, hostile);
                }
            }
            serde_json::Value::Object(members) => {
                for (k, v) in members {
                    walk(v, &format!("{key}.{k}"), fields, hostile);
                }
            }
            _ => {}
        }
    }
    for file in ["manifest.json", "notice.json"] {
        let text = std::fs::read_to_string(root().join(HOSTILE).join(file)).expect("the fixture");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        walk(&value, file, &mut fields, &mut hostile_fields);
    }
    let is_form = |key: &str| {
        let last = key.rsplit('.').next().unwrap_or(key);
        FORMS.contains(&last) || (key == "manifest.json.name") || key.ends_with("legal_basis.kind")
    };
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !is_form(f) && !hostile_fields.contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "free-text fields with no hostile text: {missing:?}"
    );
    assert!(hostile_fields.len() >= 25, "{hostile_fields:?}");
}

// ----- validation gaps -----

/// `lineage check --data <fixture>`: refused with exit 2, nothing on stdout, and the message's first
/// line and its place exactly.
#[test]
fn broken_fixtures_get_one_located_message_each() {
    let cases = [
        (
            "byte-order-mark-manifest",
            "error: the file starts with a byte-order mark (U+FEFF)",
            "manifest.json:1:1",
        ),
        (
            "byte-order-mark-data-file",
            "error: the file starts with a byte-order mark (U+FEFF)",
            "notice.json:1:1",
        ),
        (
            "manifest-is-an-array",
            "error: the file is an array, not a JSON object",
            "manifest.json:1:1",
        ),
        (
            "data-file-is-an-array",
            "error: the file is an array, not a JSON object",
            "notice.json:1:1",
        ),
        (
            "data-file-is-a-string",
            "error: the file is a string, not a JSON object",
            "notice.json:1:1",
        ),
        (
            "positional-provenance",
            "error: invalid type: sequence",
            "notice.json:22:20",
        ),
        (
            "positional-snapshot-source",
            "error: invalid type: sequence",
            "manifest.json:12:21",
        ),
        (
            "quote-blank",
            "error: the quote holds only white space",
            "notice.json:24:46",
        ),
        (
            "quote-other-normalisation",
            "error: the quote differs from the notice only in Unicode normalisation: the quote is in form NFD (decomposed), the notice's text in NFC",
            "notice.json:29:86",
        ),
        (
            "listed-twice-two-spellings",
            "error: `./notice.json` is listed twice",
            "manifest.json:9:28",
        ),
    ];
    for (fixture, message, place) in cases {
        let outcome = run(lineage()
            .args(["check", "--data"])
            .arg(format!("tests/fixtures/broken/{fixture}")));
        assert_eq!(outcome.code, Some(2), "{fixture}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{fixture}");
        let mut lines = outcome.stderr.lines();
        assert_eq!(lines.next(), Some(message), "{fixture}: {}", outcome.stderr);
        let at = lines.next().unwrap_or_default();
        assert!(
            at.ends_with(&format!("tests/fixtures/broken/{fixture}/{place}")),
            "{fixture}: {at}"
        );
        assert!(
            outcome
                .stderr
                .ends_with("lineage: the dataset is not valid (1 error)\n"),
            "{fixture}: one error, not several: {}",
            outcome.stderr
        );
    }
}

/// The mini fixture's files in memory, with `change` applied to the parsed JSON of `file`.
fn mini_with(file: &str, change: impl FnOnce(&mut serde_json::Value)) -> Files {
    let dir = root().join("tests/fixtures/mini");
    let mut files: Vec<(String, Vec<u8>)> = ["manifest.json", "notice.json", "source.txt"]
        .iter()
        .map(|n| (n.to_string(), std::fs::read(dir.join(n)).expect("mini")))
        .collect();
    let entry = files
        .iter_mut()
        .find(|(n, _)| n == file)
        .expect("a file of mini");
    let mut value: serde_json::Value = serde_json::from_slice(&entry.1).expect("JSON");
    change(&mut value);
    entry.1 = serde_json::to_vec_pretty(&value).expect("JSON");
    Files::memory(files)
}

/// An object turned into the array of its values, as serde would have read it by position.
fn positional(value: &mut serde_json::Value) {
    let serde_json::Value::Object(members) = value.take() else {
        panic!("not an object: {value}");
    };
    *value = serde_json::Value::Array(members.into_iter().map(|(_, v)| v).collect());
}

#[test]
fn no_struct_of_the_format_is_read_from_an_array_by_position() {
    type Pointer = (&'static str, &'static str, Option<serde_json::Value>);
    let region = serde_json::json!({ "code": "far", "name": "Far away", "aliases": [] });
    let source = serde_json::json!({
        "archive": "a/b", "path": "p.txt", "commit": "c", "sha256": "0".repeat(64)
    });
    let legal = serde_json::json!({
        "kind": "gdpr-6-1-a", "provenance": { "row": "p-2", "quote": "Consent" }
    });
    let cases: [Pointer; 12] = [
        ("manifest.json", "", None),
        ("manifest.json", "/other_regions/0", Some(region)),
        ("manifest.json", "/snapshot_source", Some(source)),
        ("notice.json", "", None),
        ("notice.json", "/sections/0", None),
        ("notice.json", "/sections/0/rows/0", None),
        ("notice.json", "/nodes/0", None),
        ("notice.json", "/nodes/0/provenance", None),
        ("notice.json", "/nodes/2/aliases/0", None),
        ("notice.json", "/nodes/5/legal_basis", Some(legal)),
        ("notice.json", "/edges/0", None),
        ("notice.json", "/edges/0/bases/0", None),
    ];
    for (file, pointer, insert) in cases {
        let files = mini_with(file, |json| {
            match (pointer, insert) {
                ("/other_regions/0", Some(value)) => {
                    json["other_regions"] = serde_json::json!([value])
                }
                ("/snapshot_source", Some(value)) => json["snapshot_source"] = value,
                ("/nodes/5/legal_basis", Some(value)) => json["nodes"][5]["legal_basis"] = value,
                _ => {}
            }
            positional(json.pointer_mut(pointer).expect(pointer));
        });
        let errors = match load(&files) {
            Ok(_) => panic!("{file}{pointer} as an array loaded"),
            Err(errors) => errors,
        };
        assert_eq!(errors.len(), 1, "{file}{pointer}: {errors}");
        let message = errors.0[0].diagnostic.message.as_str();
        let expected = if pointer.is_empty() {
            "the file is an array, not a JSON object"
        } else {
            "invalid type: sequence"
        };
        assert_eq!(message, expected, "{file}{pointer}: {errors}");
        let location = errors.0[0].diagnostic.location.as_ref();
        assert!(location.is_some(), "{file}{pointer}: located");
    }
}

#[test]
fn a_regime_is_read_from_objects_only() {
    let dir = TempDir::new("positional-regime");
    let cases = [
        ("array.json", "[1, \"x\", \"X\", \"t\", [], [], []]", "the file is an array, not a JSON object", (1, 1)),
        ("string.json", "\"gdpr\"", "the file is a string, not a JSON object", (1, 1)),
        ("bom.json", "\u{feff}{\"format\": 1}", "the file starts with a byte-order mark (U+FEFF)", (1, 1)),
        ("not-json.json", "<regime/>\n", "expected value", (1, 1)),
        (
            "item.json",
            "{\"format\": 1, \"id\": \"x\", \"name\": \"X\", \"title\": \"t\",\n \"items\": [[\"a\", \"b\", \"c\"]], \"bases\": [], \"rights\": []}",
            "invalid type: sequence",
            (2, 11),
        ),
        ("truncated.json", "{\"format\": 1,\n \"id\": ", "EOF while parsing a value", (2, 7)),
    ];
    for (name, text, message, (line, column)) in cases {
        let path = dir.write(name, text);
        let error =
            lineage::dsar::regime::load_regime(&path.display().to_string()).expect_err(name);
        assert_eq!(error.message, message, "{name}");
        let at = error.location.as_ref().expect("located");
        assert_eq!((at.line, at.column), (line, column), "{name}");
    }
}

#[test]
fn a_regime_file_that_is_not_json_is_located_in_it() {
    let dir = TempDir::new("regime-not-json");
    dir.write("law.json", "{\n  \"format\": 1,\n  oops\n}\n");
    dir.write("s.lq", ".regime law.json\n");
    let outcome = run(lineage().current_dir(&*dir).args(["run", "s.lq"]));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    insta::assert_snapshot!(outcome.stderr, @r"
    error: key must be a string
     --> law.json:3:3
      |
    3 |   oops
      |   ^
    lineage: the script failed (1 error)
    ");
}

#[test]
fn data_naming_a_file_says_to_name_the_folder() {
    let outcome = run(lineage().args(["check", "--data", "tests/fixtures/mini/manifest.json"]));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    insta::assert_snapshot!(outcome.stderr, @r"
    error: this is a file, not a dataset's folder (the one with `manifest.json`)
      --> tests/fixtures/mini/manifest.json
       = expected: a folder that holds `manifest.json` and the files it lists
       = help: name its folder instead: `--data tests/fixtures/mini`

    lineage: the dataset is not valid (1 error)
    ");
    let outcome = run(lineage().args([
        "--data",
        "tests/fixtures/mini/source.txt",
        "ask",
        "list data",
    ]));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    assert!(
        outcome
            .stderr
            .starts_with("error: this is a file, not a dataset's folder"),
        "{}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("help"),
        "no folder to suggest: {}",
        outcome.stderr
    );
    // In the REPL, `.data FILE` says the same, and the session keeps its dataset.
    let outcome = run(lineage()
        .args(["--data", "tests/fixtures/mini"])
        .write_stdin(".data tests/fixtures/mini/notice.json\nlist data\n"));
    assert_eq!(outcome.code, Some(2));
    assert!(outcome
        .stderr
        .contains("this is a file, not a dataset's folder"));
    assert!(
        outcome.stdout.contains("Email address"),
        "{}",
        outcome.stdout
    );
}

/// A copy of the mini fixture in `dir`, with a data file `extra.json` listed in its manifest.
fn mini_with_extra(dir: &Path) {
    let mini = root().join("tests/fixtures/mini");
    for name in ["notice.json", "source.txt"] {
        std::fs::copy(mini.join(name), dir.join(name)).expect("copied");
    }
    let manifest = std::fs::read_to_string(mini.join("manifest.json")).expect("manifest");
    let manifest = manifest.replace(
        r#""files": ["notice.json"]"#,
        r#""files": ["notice.json", "extra.json"]"#,
    );
    std::fs::write(dir.join("manifest.json"), manifest).expect("written");
}

#[cfg(unix)]
#[test]
fn a_data_file_linked_outside_the_dataset_is_refused_unread() {
    let outside = TempDir::new("outside");
    let secret = outside.write("secret.json", "{ \"secret\": \"TOPSECRET first line\" }\n");
    let dataset = TempDir::new("linked-out");
    mini_with_extra(&dataset);
    std::os::unix::fs::symlink(&secret, dataset.join("extra.json")).expect("a link");
    let outcome = run(lineage().arg("check").arg("--data").arg(&*dataset));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    assert!(!outcome.stderr.contains("TOPSECRET"), "{}", outcome.stderr);
    let first: Vec<&str> = outcome.stderr.lines().take(2).collect();
    assert_eq!(
        first[0],
        "error: cannot read file: the file is a link to a file outside the dataset folder, which is not read"
    );
    assert!(first[1].ends_with("extra.json"), "{first:?}");
    // A linked folder that leads out is refused too.
    let linked = TempDir::new("linked-folder-out");
    mini_with_extra(&linked);
    std::os::unix::fs::symlink(&*outside, linked.join("sub")).expect("a link");
    let manifest = std::fs::read_to_string(linked.join("manifest.json")).expect("manifest");
    std::fs::write(
        linked.join("manifest.json"),
        manifest.replace("\"extra.json\"", "\"sub/secret.json\""),
    )
    .expect("written");
    let outcome = run(lineage().arg("check").arg("--data").arg(&*linked));
    assert_eq!(outcome.code, Some(2));
    assert!(!outcome.stderr.contains("TOPSECRET"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("outside the dataset folder"),
        "{}",
        outcome.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_data_file_linked_inside_the_dataset_still_loads() {
    let dataset = TempDir::new("linked-in");
    mini_with_extra(&dataset);
    dataset.write("real-extra.json", "{ \"nodes\": [] }\n");
    std::os::unix::fs::symlink(dataset.join("real-extra.json"), dataset.join("extra.json"))
        .expect("a link");
    let outcome = run(lineage().arg("check").arg("--data").arg(&*dataset));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
}

#[test]
fn a_blank_quote_is_no_evidence() {
    for blank in [" ", "\t", "\n", "   \u{a0} ", "\u{3000}"] {
        let files = mini_with("notice.json", |json| {
            json["nodes"][0]["provenance"]["quote"] = blank.into();
        });
        let errors = load(&files).expect_err("a blank quote");
        assert_eq!(errors.len(), 1, "{blank:?}: {errors}");
        assert_eq!(
            errors.0[0].diagnostic.message, "the quote holds only white space",
            "{blank:?}"
        );
    }
    let files = mini_with("notice.json", |json| {
        json["nodes"][0]["provenance"]["quote"] = "".into();
    });
    let errors = load(&files).expect_err("an empty quote");
    assert_eq!(errors.0[0].diagnostic.message, "the quote is empty");
}

#[test]
fn a_file_listed_under_several_spellings_is_one_error() {
    for spelling in ["./notice.json", "././notice.json", ".//notice.json"] {
        let files = mini_with("manifest.json", |json| {
            json["files"] = serde_json::json!(["notice.json", spelling]);
        });
        let errors = load(&files).expect_err(spelling);
        assert_eq!(errors.len(), 1, "{spelling}: {errors}");
        assert_eq!(
            errors.0[0].diagnostic.message,
            format!("`{spelling}` is listed twice")
        );
        assert_eq!(
            errors.0[0].diagnostic.help.as_deref(),
            Some("first listed at files[0] as `notice.json`, the same file")
        );
    }
    let files = mini_with("manifest.json", |json| {
        json["files"] = serde_json::json!(["notice.json", "./manifest.json"]);
    });
    let errors = load(&files).expect_err("the manifest as a data file");
    assert_eq!(
        errors.0[0].diagnostic.message,
        "`./manifest.json` is not a data file"
    );
}

#[test]
fn a_quote_in_another_normalisation_form_is_refused_precisely() {
    let ds = dataset_at("tests/fixtures/mini");
    drop(ds);
    // NFD quote, NFC snapshot (the fixture); and NFC quote, NFD snapshot.
    let source =
        std::fs::read_to_string(root().join("tests/fixtures/mini/source.txt")).expect("source");
    let nfd_source = source.replace("Our vendors", "Our vendors Cafe\u{301}");
    let notice =
        std::fs::read_to_string(root().join("tests/fixtures/mini/notice.json")).expect("notice");
    let notice = notice.replace(
        r#""provenance": { "row": "s-1", "quote": "Our vendors" } }"#,
        r#""aliases": [ { "name": "Cafe", "provenance": { "row": "s-1", "quote": "Café" } } ],
      "provenance": { "row": "s-1", "quote": "Our vendors" } }"#,
    );
    let manifest =
        std::fs::read(root().join("tests/fixtures/mini/manifest.json")).expect("manifest");
    let files = Files::memory([
        ("manifest.json", manifest),
        ("notice.json", notice.into_bytes()),
        ("source.txt", nfd_source.into_bytes()),
    ]);
    let errors = load(&files).expect_err("NFC quote, NFD snapshot");
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(
        errors.0[0].diagnostic.message,
        "the quote differs from the notice only in Unicode normalisation: the quote is in form NFC (composed), the notice's text in NFD"
    );
}

#[test]
fn a_name_typed_in_another_normalisation_form_resolves() {
    let ds = hostile();
    let nfc = "purposes of \"Caf\u{e9} \u{2615} \u{30c7}\u{30fc}\u{30bf} \u{5e2}\u{5d1}\u{5e8}\u{5d9}\u{5ea}\"";
    let nfd = "purposes of \"Cafe\u{301} \u{2615} \u{30c6}\u{3099}\u{30fc}\u{30bf} \u{5e2}\u{5d1}\u{5e8}\u{5d9}\u{5ea}\"";
    let expected = ask(&ds, nfc, &no_params()).expect("NFC resolves");
    let answer = ask(&ds, nfd, &no_params()).expect("NFD resolves");
    assert_eq!(answer.rows, expected.rows);
    assert_eq!(answer.resolved[0].node, expected.resolved[0].node);
    assert!(!answer.rows.is_empty());
    // Bare, too, and in a data set written in NFD, asked in NFC.
    let bare = ask(&ds, "sources of Cafe\u{301} \u{2615} \u{30c6}\u{3099}\u{30fc}\u{30bf} \u{5e2}\u{5d1}\u{5e8}\u{5d9}\u{5ea}", &no_params());
    assert!(bare.is_ok(), "{:?}", bare.err());
}

#[test]
fn empty_quoted_names_and_lone_dollars_say_what_is_wrong() {
    let ds = dataset_at("tests/fixtures/mini");
    let cases = [
        ("who may receive \"\"", "the quotes hold no name", 16..18),
        ("who may receive \"   \"", "the quotes hold no name", 16..21),
        (
            "describe \u{201c}\u{201d}",
            "the quotes hold no name",
            9..15,
        ),
        ("purposes of \"\" in eu", "the quotes hold no name", 12..14),
        (
            "sources of $",
            "a `$` with no parameter name after it",
            11..12,
        ),
        ("$", "a `$` with no parameter name after it", 0..1),
        (
            "who may receive $ and under which basis",
            "a `$` with no parameter name after it",
            16..17,
        ),
        (
            "purposes of Email address in $",
            "a `$` with no parameter name after it",
            29..30,
        ),
    ];
    for (query, message, span) in cases {
        let error = ask(&ds, query, &no_params()).expect_err(query);
        assert_eq!(error.message(), message, "{query}");
        assert_eq!(error.span, span, "{query}");
    }
    let outcome = run(lineage().args([
        "--data",
        "tests/fixtures/mini",
        "ask",
        "who may receive \"\"",
    ]));
    assert_eq!(outcome.code, Some(2));
    insta::assert_snapshot!(outcome.stderr, @r#"
    error: the quotes hold no name
     --> query:1:17
      |
    1 | who may receive ""
      |                 ^^
      = expected: a name between the quotes, such as "Email address"
      = help: questions this dataset answers: `who may receive any data` or `list purposes`
    "#);
    let outcome = run(lineage().args(["--data", "tests/fixtures/mini", "ask", "sources of $"]));
    assert_eq!(outcome.code, Some(2));
    insta::assert_snapshot!(outcome.stderr, @"
    error: a `$` with no parameter name after it
     --> query:1:12
      |
    1 | sources of $
      |            ^
      = expected: `$NAME`, a parameter's name after the `$` (set with `.param NAME VALUE` or `--param NAME=VALUE`)
      = help: questions this dataset answers: `who may receive any data`, `purposes of any data` or `list purposes`
    ");
    // In a script, the same message, at the script's line.
    let (_, errors) = run_script(
        &ds,
        "s.lq",
        "list data\nsources of $\n",
        RunOptions {
            params: BTreeMap::new(),
            echo: false,
            keep_going: false,
            timestamp: None,
        },
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "a `$` with no parameter name after it");
    assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(2));
}

#[test]
fn a_byte_order_mark_in_a_script_or_piped_input_is_named() {
    let ds = dataset_at("tests/fixtures/mini");
    let (_, errors) = run_script(
        &ds,
        "bom.lq",
        "\u{feff}list data\n",
        RunOptions {
            params: BTreeMap::new(),
            echo: false,
            keep_going: false,
            timestamp: None,
        },
    );
    assert_eq!(errors.len(), 1);
    insta::assert_snapshot!(errors[0].to_string(), @r#"
    error: the line starts with a byte-order mark (U+FEFF), an invisible character
     --> bom.lq:1:1
      |
    1 | \u{feff}list data
      | ^
      = expected: a query or a dot-command
      = help: save the file as UTF-8 without a byte-order mark ("UTF-8", not "UTF-8 with BOM")
    "#);
    let outcome: Outcome = run(lineage()
        .args(["--data", "tests/fixtures/mini"])
        .write_stdin("\u{feff}list data\n"));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    assert!(
        outcome
            .stderr
            .starts_with("error: the line starts with a byte-order mark (U+FEFF)"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("<stdin>:1:1"), "{}", outcome.stderr);
    let dir = TempDir::new("bom-script");
    let script = dir.write("s.lq", "\u{feff}list data\n");
    let outcome = run(lineage()
        .args(["--data", "tests/fixtures/mini", "run"])
        .arg(&script));
    assert_eq!(outcome.code, Some(2));
    assert_eq!(outcome.stdout, "");
    assert!(
        outcome.stderr.contains("byte-order mark"),
        "{}",
        outcome.stderr
    );
}

/// The mini fixture with `file` replaced by `text`.
fn mini_with_text(file: &str, text: &str) -> Files {
    let dir = root().join("tests/fixtures/mini");
    Files::memory(["manifest.json", "notice.json", "source.txt"].map(|n| {
        let bytes = if n == file {
            text.as_bytes().to_vec()
        } else {
            std::fs::read(dir.join(n)).expect("mini")
        };
        (n, bytes)
    }))
}

#[test]
fn whole_files_of_another_json_type_are_refused_at_their_first_character() {
    let cases = [
        ("[]", "an array", (1, 1)),
        ("  [ {} ]", "an array", (1, 3)),
        ("3", "a number", (1, 1)),
        ("-1.5e3", "a number", (1, 1)),
        ("true", "a boolean", (1, 1)),
        ("false", "a boolean", (1, 1)),
        ("null", "`null`", (1, 1)),
        ("\n\n\"manifest\"", "a string", (3, 1)),
    ];
    for file in ["manifest.json", "notice.json"] {
        for (text, found, (line, column)) in cases {
            let errors = load(&mini_with_text(file, text)).expect_err(text);
            assert_eq!(errors.len(), 1, "{file} {text:?}: {errors}");
            let d = &errors.0[0].diagnostic;
            assert_eq!(
                d.message,
                format!("the file is {found}, not a JSON object"),
                "{file} {text:?}"
            );
            let at = d.location.as_ref().expect("located");
            assert_eq!((at.line, at.column), (line, column), "{file} {text:?}");
        }
    }
    // Not JSON at all stays a syntax error, and a byte-order mark is named before anything else.
    let errors = load(&mini_with_text("notice.json", "<nodes/>")).expect_err("not JSON");
    assert_eq!(errors.0[0].diagnostic.message, "expected value");
    let errors = load(&mini_with_text("notice.json", "\u{feff}[]")).expect_err("a BOM");
    assert_eq!(
        errors.0[0].diagnostic.message,
        "the file starts with a byte-order mark (U+FEFF)"
    );
}

#[test]
fn blank_texts_are_refused_wherever_text_is_evidence_or_a_name() {
    type Change = fn(&mut serde_json::Value);
    let cases: [(&str, Change, &str); 10] = [
        (
            "a blank anchor",
            |j| j["sections"][0]["rows"][0]["anchor"] = " ".into(),
            "the row anchor is empty or only white space",
        ),
        (
            "an empty anchor",
            |j| j["sections"][0]["rows"][0]["anchor"] = "".into(),
            "the row anchor is empty or only white space",
        ),
        (
            "a blank quote",
            |j| j["edges"][0]["provenance"]["quote"] = "\n\t".into(),
            "the quote holds only white space",
        ),
        (
            "a blank alias quote",
            |j| j["nodes"][2]["aliases"][0]["provenance"]["quote"] = " ".into(),
            "the quote holds only white space",
        ),
        (
            "a blank name",
            |j| j["nodes"][0]["name"] = "  ".into(),
            "the name is empty",
        ),
        (
            "a blank alias",
            |j| j["nodes"][2]["aliases"][0]["name"] = "\u{3000}".into(),
            "the alias is empty",
        ),
        (
            "a blank description",
            |j| j["nodes"][7]["description"] = " ".into(),
            "the description holds only white space",
        ),
        (
            "a blank note",
            |j| j["nodes"][0]["note"] = " ".into(),
            "the note is empty",
        ),
        (
            "a blank reason",
            |j| j["edges"][6]["reason"] = " ".into(),
            "the reason holds only white space",
        ),
        (
            "a blank derivation",
            |j| j["edges"][5]["derived"] = " ".into(),
            "the reason for deriving is empty",
        ),
    ];
    for (what, change, message) in cases {
        let errors = load(&mini_with("notice.json", change)).expect_err(what);
        let messages: Vec<&str> = errors
            .0
            .iter()
            .map(|e| e.diagnostic.message.as_str())
            .collect();
        assert_eq!(messages.first().copied(), Some(message), "{what}: {errors}");
    }
}
