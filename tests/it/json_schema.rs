//! The JSON answer document (`--format json`) against its schema, `docs/answer.schema.json`:
//!
//! - the JSON answer to every query of `queries/examples.lq` and of every ```lq block of
//!   `docs/QUERY_LANGUAGE.md` validates, and so do a `describe` of every node, row and section, a
//!   `list` of every kind, and every answer inside the access-request reports of `queries/dsar/`;
//! - the "### JSON" section of `docs/QUERY_LANGUAGE.md` and the schema name the same fields, the
//!   section names every value the schema enumerates, and its example validates;
//! - the schema rejects wrong documents.
//!
//! Validation uses the `jsonschema` crate, built without its default features: it never fetches a
//! schema over the network (the draft 2020-12 meta-schema is bundled in the crate).

use std::collections::{BTreeMap, BTreeSet};

use jsonschema::Validator;
use lineage::{
    dsar::script::{run, RunOptions},
    present::format::Format,
    present::render::{render, Options},
    query::{ask, ast::LIST_WORDS},
    Dataset,
};
use serde_json::{json, Value};

use crate::common::{dataset_at, doc_examples, examples, read, x2023};

const SCHEMA: &str = "docs/answer.schema.json";
const DOC: &str = "docs/QUERY_LANGUAGE.md";

fn schema() -> Value {
    serde_json::from_str(&read(SCHEMA)).unwrap_or_else(|e| panic!("{SCHEMA} is not JSON: {e}"))
}

/// The validator of the schema, which must itself be a valid draft 2020-12 schema.
fn validator() -> Validator {
    let schema = schema();
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("{SCHEMA} is not a valid JSON Schema: {e}");
    }
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{SCHEMA}: {e}"))
}

/// Why `document` fails the schema, one line per error; empty when it validates.
fn errors(validator: &Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

/// The JSON answer to `query`, as `lineage ask --format json` prints it.
fn answer_json(ds: &Dataset, query: &str, origin: &str) -> Value {
    let answer = ask(ds, query, &BTreeMap::new())
        .unwrap_or_else(|e| panic!("{}", e.to_diagnostic(origin, query)));
    let text = render(&answer, Format::Json, &Options::default());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{query}: the JSON does not parse: {e}"))
}

/// Checks one answer document: it validates, and each row has exactly the keys of `columns` (which
/// the schema cannot say).
fn check_answer(validator: &Validator, what: &str, document: &Value) {
    let errors = errors(validator, document);
    assert!(
        errors.is_empty(),
        "the JSON answer to `{what}` does not match {SCHEMA}:\n{}",
        errors.join("\n")
    );
    let keys: BTreeSet<&str> = document["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["key"].as_str().expect("key"))
        .collect();
    for (i, row) in document["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .enumerate()
    {
        let row_keys: BTreeSet<&str> = row
            .as_object()
            .expect("row")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            row_keys, keys,
            "`{what}`: row {i} has other fields than the columns"
        );
    }
}

/// The answers inside the access-request reports: the scripts of `queries/dsar/`, with the
/// parameters their docs use.
fn report_answers(ds: &Dataset) -> Vec<(String, Value)> {
    let runs: &[(&str, &[(&str, &str)])] = &[
        ("queries/dsar/gdpr-art15.lq", &[("region", "eu")]),
        ("queries/dsar/gdpr-art15.lq", &[("region", "us-ca")]),
        (
            "queries/dsar/gdpr-art15.lq",
            &[("region", "uk"), ("consents", "no consent")],
        ),
        ("queries/dsar/ccpa-right-to-know.lq", &[]),
    ];
    let mut answers = Vec::new();
    for &(script, params) in runs {
        let options = RunOptions {
            params: params
                .iter()
                .map(|&(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            echo: false,
            keep_going: false,
            timestamp: None,
        };
        let (report, errors) = run(ds, script, &read(script), options);
        assert!(errors.is_empty(), "{script} {params:?}: {errors:?}");
        let json = report.to_json();
        for section in json["sections"].as_array().expect("sections") {
            for entry in section["entries"].as_array().expect("entries") {
                if let Some(answer) = entry.get("answer") {
                    let question = entry["question"].as_str().unwrap_or_default();
                    answers.push((format!("{script} {params:?}: {question}"), answer.clone()));
                }
            }
        }
    }
    answers
}

#[test]
fn every_answer_matches_the_schema() {
    let ds = x2023();
    let validator = validator();
    let examples = examples();
    let doc_queries = doc_examples(&read(DOC));
    assert!(examples.len() >= 30, "only {} examples", examples.len());
    assert!(
        doc_queries.len() >= 40,
        "only {} doc examples",
        doc_queries.len()
    );

    let mut forms = BTreeSet::new();
    let mut checked = 0;
    let mut check = |what: &str, document: &Value| {
        check_answer(&validator, what, document);
        forms.insert(document["form"].as_str().unwrap_or_default().to_string());
        checked += 1;
    };
    for query in &examples {
        check(query, &answer_json(ds, query, "queries/examples.lq"));
    }
    for query in &doc_queries {
        check(query, &answer_json(ds, query, DOC));
    }
    // Every node, row and section described, and every kind listed: the `describe` and `list`
    // forms have the most varied cells.
    let mut more: Vec<String> = Vec::new();
    more.extend(ds.nodes().map(|(_, n)| format!("describe \"{}\"", n.id)));
    more.extend(ds.rows().iter().map(|r| format!("describe {}", r.id)));
    more.extend(ds.sections().iter().map(|s| format!("describe {}", s.id)));
    more.extend(LIST_WORDS.iter().map(|(word, _)| format!("list {word}")));
    for query in &more {
        check(query, &answer_json(ds, query, "the embedded dataset"));
    }
    let reports = report_answers(ds);
    assert!(reports.len() >= 20, "only {} report answers", reports.len());
    for (what, document) in &reports {
        check(what, document);
    }
    println!(
        "{checked} answers validated: {} from queries/examples.lq, {} from {DOC}, {} describe and list, {} inside reports",
        examples.len(),
        doc_queries.len(),
        more.len(),
        reports.len()
    );

    // Every form the schema names is exercised.
    let schema = schema();
    let named: BTreeSet<String> = schema["properties"]["form"]["enum"]
        .as_array()
        .expect("form enum")
        .iter()
        .map(|f| f.as_str().expect("form").to_string())
        .collect();
    assert_eq!(forms, named, "the forms answered and the forms of {SCHEMA}");
}

/// Every node kind can appear in an answer: the schema names each, and `describe` and `list` on the
/// fixtures, which hold the kinds the X notice has not, validate.
#[test]
fn every_node_kind_matches_the_schema() {
    let schema = schema();
    let kinds: Vec<&str> = schema["$defs"]["node"]["properties"]["kind"]["enum"]
        .as_array()
        .expect("kind enum")
        .iter()
        .map(|k| k.as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, lineage::dataset::model::NodeKind::NAMES);
    let validator = validator();
    for fixture in [
        "tests/fixtures/art15",
        "tests/fixtures/three-levels",
        "tests/fixtures/mini",
    ] {
        let ds = crate::common::dataset_at(fixture);
        let mut queries: Vec<String> = ds
            .nodes()
            .map(|(_, n)| format!("describe \"{}\"", n.id))
            .collect();
        queries.extend(LIST_WORDS.iter().map(|(word, _)| format!("list {word}")));
        for query in &queries {
            check_answer(&validator, query, &answer_json(&ds, query, fixture));
        }
    }
}

/// The answers about the general-model fixtures validate too: they fill what the X dataset never
/// does (a reason for sharing, conditions on collection, the `item-level` route, data used and kept
/// at the level of a category).
#[test]
fn the_general_model_fixture_answers_match_the_schema() {
    const FIXTURE: &str = "tests/fixtures/data-levels";
    let validator = validator();
    let ds = dataset_at(FIXTURE);
    let mut queries: Vec<String> = [
        "who may receive any data and under which basis",
        "who may receive User Data",
        "who may receive Session length",
        "what does Research partners receive",
        "what does Measurement partners receive",
        "why may Hosting vendors receive Display name",
        "purposes of any data",
        "purposes of Display name",
        "sources of any data",
        "what comes from Partners",
        "retention of any data",
        "retention of Contact email",
        "sharing matrix",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    queries.extend(ds.nodes().map(|(_, n)| format!("describe \"{}\"", n.id)));
    for query in &queries {
        check_answer(&validator, query, &answer_json(&ds, query, FIXTURE));
    }
    // Categories inside categories: every node asked about in each recipient and data form.
    const NESTED: &str = "tests/fixtures/data-levels-nested";
    let ds = dataset_at(NESTED);
    for (_, n) in ds.nodes() {
        let id = &n.id;
        let mut queries = vec![format!("describe \"{id}\"")];
        match n.kind.as_str() {
            "data" | "category" => queries.extend([
                format!("who may receive \"{id}\" and under which basis"),
                format!("purposes of \"{id}\""),
                format!("retention of \"{id}\""),
                format!("sources of \"{id}\""),
            ]),
            "recipient" => queries.push(format!("what does \"{id}\" receive")),
            _ => {}
        }
        for query in &queries {
            check_answer(&validator, query, &answer_json(&ds, query, NESTED));
        }
    }
}

// ----- the documentation against the schema -----

/// The "### JSON" section of the query-language doc: from its heading to the next heading.
fn json_section(doc: &str) -> String {
    let mut lines = doc.lines().skip_while(|l| l.trim() != "### JSON");
    let heading = lines.next();
    assert!(heading.is_some(), "{DOC} has no \"### JSON\" section");
    let mut inside_code = false;
    let mut section = Vec::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            inside_code = !inside_code;
        }
        if !inside_code && line.starts_with('#') {
            break;
        }
        section.push(line);
    }
    section.join("\n")
}

/// The first cell of a Markdown table line (`| a | b |` gives `a`); `\|` does not end a cell.
fn first_cell(line: &str) -> &str {
    let rest = line.trim().trim_start_matches('|');
    let bytes = rest.as_bytes();
    let end = (0..bytes.len())
        .find(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .unwrap_or(rest.len());
    rest[..end].trim()
}

/// The field names in the first column of the section's field tables: the tables whose first
/// heading is `field`. A cell names its fields in backquotes (`` `only_for`? ``) or bare; `?`
/// marks an optional field.
fn doc_fields(section: &str) -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    let mut lines = section.lines().peekable();
    while let Some(line) = lines.next() {
        if !line.trim_start().starts_with('|') {
            continue;
        }
        // A table: its header, then its separator and rows up to the first line that is not a row.
        let is_field_table = first_cell(line).eq_ignore_ascii_case("field");
        while let Some(row) = lines.next_if(|l| l.trim_start().starts_with('|')) {
            let cell = first_cell(row);
            if !is_field_table || cell.chars().all(|c| matches!(c, '-' | ':' | ' ')) {
                continue;
            }
            let names: Vec<&str> = if cell.contains('`') {
                cell.split('`').skip(1).step_by(2).collect()
            } else {
                vec![cell]
            };
            for name in names {
                let name = name.trim().trim_end_matches('?');
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{DOC}, \"### JSON\": `{cell}` in the first column of a field table is not a field name"
                );
                fields.insert(name.to_string());
            }
        }
    }
    fields
}

/// Every property of every object of the schema, with where it is (`/$defs/basis/properties/governs`),
/// and every `enum` of the schema, with where it is.
fn walk<'v>(
    value: &'v Value,
    at: &str,
    properties: &mut Vec<(String, String, &'v Value)>,
    enums: &mut Vec<(String, &'v Vec<Value>)>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{key}");
                if key == "properties" {
                    for (name, property) in child.as_object().expect("properties is an object") {
                        properties.push((name.clone(), format!("{here}/{name}"), property));
                    }
                }
                if key == "enum" {
                    enums.push((here.clone(), child.as_array().expect("enum is an array")));
                }
                walk(child, &here, properties, enums);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{at}/{i}"), properties, enums);
            }
        }
        _ => {}
    }
}

#[test]
fn the_doc_and_the_schema_name_the_same_fields() {
    let schema = schema();
    let section = json_section(&read(DOC));
    let mut properties = Vec::new();
    let mut enums = Vec::new();
    walk(&schema, "", &mut properties, &mut enums);
    let documented = doc_fields(&section);
    assert!(
        documented.len() >= 30,
        "only {} fields found in the doc's JSON tables",
        documented.len()
    );

    let mut missing = Vec::new();
    for (name, at, property) in &properties {
        if !documented.contains(name) {
            missing.push(format!(
                "the schema's field `{name}` ({at}) is not in the tables of {DOC}, \"### JSON\""
            ));
        }
        let described = property["description"]
            .as_str()
            .is_some_and(|d| !d.trim().is_empty());
        if !described {
            missing.push(format!(
                "the schema's field `{name}` ({at}) has no description"
            ));
        }
    }
    let in_schema: BTreeSet<&str> = properties
        .iter()
        .map(|(name, _, _)| name.as_str())
        .collect();
    for name in &documented {
        if !in_schema.contains(name.as_str()) {
            missing.push(format!(
                "the tables of {DOC}, \"### JSON\", name the field `{name}`, which no object of {SCHEMA} has"
            ));
        }
    }
    // The fixed value sets: every form, route, node kind, kind of fact, column key and heading.
    for (at, values) in &enums {
        for value in *values {
            let value = value.as_str().expect("enumerated values are strings");
            if !section.contains(&format!("`{value}`")) {
                missing.push(format!(
                    "the value `{value}` of {SCHEMA} ({at}) is not named in {DOC}, \"### JSON\""
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_docs_example_matches_the_schema() {
    let section = json_section(&read(DOC));
    let example: String = section
        .split("```json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("{DOC}, \"### JSON\", has no ```json example"))
        .to_string();
    let document: Value = serde_json::from_str(&example)
        .unwrap_or_else(|e| panic!("the example of {DOC}, \"### JSON\", is not JSON: {e}"));
    check_answer(&validator(), "the example of the doc", &document);
}

#[test]
fn the_schema_is_closed_and_strict() {
    let schema = schema();
    let mut objects = Vec::new();
    collect_object_schemas(&schema, "", &mut objects);
    assert!(objects.len() >= 9, "only {} object schemas", objects.len());
    for (at, object) in objects {
        assert_eq!(
            object.get("additionalProperties"),
            Some(&Value::Bool(false)),
            "{SCHEMA}{at}: an object must have `additionalProperties: false`"
        );
        let properties = object["properties"].as_object().expect("properties");
        for required in object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let required = required.as_str().expect("required names are strings");
            assert!(
                properties.contains_key(required),
                "{SCHEMA}{at}: `{required}` is required but not a property"
            );
        }
    }
}

/// The schemas of `"type": "object"`, with where they are.
fn collect_object_schemas<'v>(value: &'v Value, at: &str, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            if map.get("type") == Some(&json!("object")) {
                out.push((at.to_string(), value));
            }
            for (key, child) in map {
                if key != "properties" || !child.is_object() {
                    collect_object_schemas(child, &format!("{at}/{key}"), out);
                } else {
                    for (name, property) in child.as_object().into_iter().flatten() {
                        collect_object_schemas(property, &format!("{at}/properties/{name}"), out);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_object_schemas(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

// ----- the schema rejects wrong documents -----

#[test]
fn the_schema_rejects_wrong_documents() {
    let ds = x2023();
    let validator = validator();
    let base = answer_json(
        ds,
        "who may receive Location Data and under which basis",
        "test",
    );
    assert!(
        errors(&validator, &base).is_empty(),
        "the base answer validates"
    );
    let rows = base["rows"].as_array().expect("rows");
    let at = rows
        .iter()
        .position(|r| r["basis"].is_array())
        .expect("a row with legal bases");
    let bases = format!("/rows/{at}/basis");
    let basis = format!("{bases}/0");

    let rejects = |what: &str, change: &dyn Fn(&mut Value)| {
        let mut document = base.clone();
        change(&mut document);
        assert_ne!(document, base, "{what}: the change changed nothing");
        assert!(
            !validator.is_valid(&document),
            "{SCHEMA} accepts an answer with {what}"
        );
    };
    rejects("an extra top-level key", &|d| d["extra"] = json!(true));
    rejects("no `not_stated` array", &|d| {
        d.as_object_mut().expect("object").remove("not_stated");
    });
    rejects("a form the tool does not have", &|d| {
        d["form"] = json!("who-knows")
    });
    rejects("`truncated` as a string", &|d| d["truncated"] = json!("no"));
    rejects("a column key the tool does not have", &|d| {
        d["columns"][0]["key"] = json!("nonsense")
    });
    rejects("a row field no column has", &|d| {
        d["rows"][0]["nonsense"] = json!("x")
    });
    rejects("a bases cell that is `[]`", &|d| {
        *d.pointer_mut(&bases).expect("bases") = json!([]);
    });
    rejects("a bases cell that is a string", &|d| {
        *d.pointer_mut(&bases).expect("bases") = json!("Consent");
    });
    rejects("a basis without `governs`", &|d| {
        let object = d
            .pointer_mut(&basis)
            .expect("basis")
            .as_object_mut()
            .expect("object");
        object.remove("governs");
    });
    rejects(
        "a basis with an empty `only_for` (left out when empty)",
        &|d| {
            d.pointer_mut(&basis).expect("basis")["only_for"] = json!([]);
        },
    );
    rejects("a basis with a field the tool does not print", &|d| {
        d.pointer_mut(&basis).expect("basis")["applies"] = json!(true);
    });
    rejects("a node of an unknown kind", &|d| {
        d["rows"][0]["recipient"][0]["kind"] = json!("person")
    });
    rejects("a node without a name", &|d| {
        let node = d["rows"][0]["recipient"][0].as_object_mut().expect("node");
        node.remove("name");
    });
    rejects("a route of an unknown kind", &|d| {
        d["rows"][0]["route"]["route"] = json!("rumour")
    });
    rejects("a route without `via`", &|d| {
        d["rows"][0]["route"]
            .as_object_mut()
            .expect("route")
            .remove("via");
    });
    rejects("evidence with a field the tool does not print", &|d| {
        d["rows"][0]["evidence"][0]["page"] = json!(3);
    });
    rejects("evidence of an unknown kind of fact", &|d| {
        d["rows"][0]["evidence"][0]["fact"] = json!("hearsay");
    });
    rejects("a not-stated cell with another field", &|d| {
        d["rows"][0]["conditions"] = json!({ "not_stated": "none stated", "why": "x" });
    });
    rejects("a notes cell holding a number", &|d| {
        d["rows"][0]["notes"] = json!([1])
    });
}
