//! Routes from a source (issue 17, Q3 and Q4; `docs/QUERY_LANGUAGE.md`, "Routes from a source"):
//! `every route from <source> to <recipient> [up to <n> steps] [limit <n>]` and `recipients
//! reachable from <source>|every source [limit <n>]`.
//!
//! Exact answers on `tests/fixtures/routes`, a neutral notice whose every route is known: You and
//! Our bookshop partners provide Contact details, whose row names Name and Email address (not
//! Delivery notes, placed in the category by another row); Contact details may be shared with
//! Couriers and payment firms, which includes Couriers and Payment firms; Delivering orders passes
//! only Name to Couriers (an edge that names its data); Email address is used for Newsletter in two
//! rows (parallel statements: one step), and Newsletter is sent by Our mailing service; Your browser
//! provides Usage data, which reaches no recipient. Golden answers on the X notice; refusals
//! snapshotted, exit 2, nothing written.

use std::sync::OnceLock;

use lineage::{
    answer::{Answer, Cell},
    present::format::Format,
    present::render::{render, Options, TEXT_FORMATS},
    query::{ask, ast::Canonical, parse::parse},
    Dataset,
};

use crate::common::{dataset_at, lineage, no_params, root, run, x2023, TempDir};

const FIXTURE: &str = "tests/fixtures/routes";

fn fixture() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| dataset_at(FIXTURE))
}

fn answer(ds: &Dataset, query: &str) -> Answer {
    ask(ds, query, &no_params()).unwrap_or_else(|e| panic!("{}", e.to_diagnostic("test", query)))
}

fn markdown(ds: &Dataset, query: &str) -> String {
    render(&answer(ds, query), Format::Markdown, &Options::default())
}

/// The ids of the nodes in column `key` of each row.
fn ids(answer: &Answer, key: &str) -> Vec<Vec<String>> {
    let at = answer
        .columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or_else(|| panic!("no column {key}"));
    answer
        .rows
        .iter()
        .map(|row| match &row.0[at] {
            Cell::Nodes(nodes) => nodes.iter().map(|n| n.id.to_string()).collect(),
            other => panic!("not nodes: {other:?}"),
        })
        .collect()
}

/// The rows each row's evidence cites, in order.
fn evidence_rows(answer: &Answer) -> Vec<Vec<String>> {
    answer
        .rows
        .iter()
        .map(|row| match row.0.last() {
            Some(Cell::Evidence(evidence)) => evidence.iter().map(|e| e.row.to_string()).collect(),
            other => panic!("not evidence: {other:?}"),
        })
        .collect()
}

fn route(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_route_from_a_source_to_a_recipient() {
    let a = answer(fixture(), "every route from You to Couriers");
    assert_eq!(a.form, "routes");
    // Shortest first. Email address reaches Delivering orders, but the edge to Couriers carries
    // Name only; Delivery notes is not named by the row that states the source.
    assert_eq!(
        ids(&a, "path"),
        [
            route(&[
                "you",
                "contact-details",
                "couriers-and-payment-firms",
                "couriers"
            ]),
            route(&[
                "you",
                "contact-details",
                "name",
                "delivering-orders",
                "couriers"
            ]),
        ]
    );
    assert_eq!(
        evidence_rows(&a),
        [
            route(&["src-1", "s-1", "s-1"]),
            route(&["src-1", "src-1", "p-1", "s-2"])
        ]
    );
    assert!(!a.truncated);
    assert_eq!(
        a.notes[0],
        "2 routes in all; shortest first, then in the notice's order"
    );
    assert!(a.notes[2].contains("reads the row that states the source"));
    // Two parallel statements of one step are one route, citing both.
    let mail = answer(fixture(), "every route from you to \"mailing-service\"");
    assert_eq!(
        ids(&mail, "path"),
        [route(&[
            "you",
            "contact-details",
            "email-address",
            "newsletter",
            "mailing-service"
        ])]
    );
    assert_eq!(
        evidence_rows(&mail),
        [route(&["src-1", "src-1", "p-2", "p-3", "s-3"])]
    );
    insta::assert_snapshot!(
        "routes_fixture",
        markdown(fixture(), "every route from You to Couriers")
    );
}

#[test]
fn a_limit_on_rows_or_steps_is_said() {
    let a = answer(fixture(), "every route from you to couriers limit 1");
    assert_eq!(a.rows.len(), 1);
    assert!(a.truncated, "a limit that cuts rows says so");
    assert_eq!(
        a.notes[0],
        "2 routes in all; the first is shown (`limit 1`); shortest first, then in the notice's order"
    );
    let a = answer(fixture(), "every route from you to couriers up to 3 steps");
    assert_eq!(a.rows.len(), 1);
    assert!(!a.truncated, "a bound on steps is the question, not a cut");
    assert_eq!(a.notes[0], "1 route in all, of at most 3 steps");
    let a = answer(fixture(), "every route from you to couriers limit 5");
    assert_eq!((a.rows.len(), a.truncated), (2, false));
}

#[test]
fn no_route_is_not_stated() {
    let a = answer(fixture(), "every route from Your browser to Couriers");
    assert!(a.rows.is_empty());
    assert_eq!(
        a.not_stated,
        ["a route by which data from `Your browser` reaches `Couriers`"]
    );
    let dir = TempDir::new("routes-none");
    let out = run(lineage()
        .current_dir(&dir)
        .arg("--data")
        .arg(root().join(FIXTURE))
        .args(["ask", "every route from Your browser to Couriers"]));
    assert_eq!(out.code, Some(1), "answered with no rows: {}", out.stderr);
    assert!(out.stdout.contains(
        "not stated by this notice: a route by which data from `Your browser` reaches `Couriers`"
    ));
    assert!(dir.names().is_empty(), "nothing written");
}

#[test]
fn recipients_reachable_from_a_source_and_from_every_source() {
    let a = answer(fixture(), "recipients reachable from you");
    assert_eq!(a.form, "reachable");
    assert_eq!(
        ids(&a, "recipient"),
        [
            route(&["couriers-and-payment-firms"]),
            route(&["couriers"]),
            route(&["payment-firms"]),
            route(&["mailing-service"]),
        ]
    );
    assert_eq!(
        ids(&a, "through"),
        [
            route(&["contact-details"]),
            route(&["contact-details", "couriers-and-payment-firms"]),
            route(&["contact-details", "couriers-and-payment-firms"]),
            route(&["contact-details", "email-address", "newsletter"]),
        ]
    );
    assert_eq!(a.notes[0], "4 recipients in all");
    let every = answer(fixture(), "recipients reachable from every source");
    let sources: Vec<Vec<String>> = ids(&every, "source");
    assert_eq!(sources.len(), 8, "Your browser reaches no recipient");
    assert!(sources.iter().all(|s| s[0] != "your-browser"));
    assert_eq!(every.notes[0], "8 source and recipient pairs in all");
    let cut = answer(fixture(), "recipients reachable from all sources limit 3");
    assert_eq!((cut.rows.len(), cut.truncated), (3, true));
    assert_eq!(
        cut.notes[0],
        "8 source and recipient pairs in all; the first 3 are shown (`limit 3`)"
    );
    let none = answer(fixture(), "recipients reachable from your browser");
    assert!(none.rows.is_empty());
    assert_eq!(
        none.not_stated,
        ["a recipient that data from this source reaches"]
    );
    assert_eq!(none.notes[0], "0 recipients in all");
    insta::assert_snapshot!(
        "reachable_fixture",
        markdown(fixture(), "recipients reachable from you")
    );
}

/// A route through a `discloses-to` edge that names its data is found by both forms alike: the
/// recipient reached only through it has the route that carries the named data.
#[test]
fn both_forms_agree_on_every_pair() {
    let ds = fixture();
    let every = answer(ds, "recipients reachable from every source");
    let pairs: Vec<(String, String)> = ids(&every, "source")
        .into_iter()
        .zip(ids(&every, "recipient"))
        .map(|(s, r)| (s[0].clone(), r[0].clone()))
        .collect();
    for source in ["you", "bookshop-partners", "your-browser"] {
        for recipient in [
            "couriers-and-payment-firms",
            "couriers",
            "payment-firms",
            "mailing-service",
        ] {
            let q = format!("every route from \"{source}\" to \"{recipient}\"");
            let routes = answer(ds, &q).rows.len();
            let pair = (source.to_string(), recipient.to_string());
            assert_eq!(routes > 0, pairs.contains(&pair), "{q}");
        }
    }
}

#[test]
fn counsel_wording_and_canonical_forms() {
    let ds = fixture();
    for (asked, canonical) in [
        (
            "how can data from You reach Couriers",
            r#"every route from "you" to "couriers""#,
        ),
        (
            "How could personal data from our bookshop partners reach Payment firms",
            r#"every route from "bookshop-partners" to "payment-firms""#,
        ),
        (
            "all routes from you to couriers up to 4 edges limit 10",
            r#"every route from "you" to "couriers" up to 4 steps limit 10"#,
        ),
        (
            "which recipients can data from you reach",
            r#"recipients reachable from "you""#,
        ),
        (
            "recipients reachable from each source limit 2",
            "recipients reachable from every source limit 2",
        ),
    ] {
        let statement = parse(ds, asked, &no_params()).unwrap_or_else(|e| panic!("{asked}: {e}"));
        let printed = Canonical(&statement, ds).to_string();
        assert_eq!(printed, canonical, "{asked}");
        let again = parse(ds, &printed, &no_params()).expect("the canonical form parses");
        assert_eq!(again, statement, "{printed}");
    }
}

#[test]
fn bad_route_questions_are_refused() {
    let dir = TempDir::new("routes-refused");
    let mut messages = String::new();
    for query in [
        "every route from you to couriers limit 0",
        "every route from you to couriers limit many",
        "every route from you to couriers up to steps",
        "every route from you to couriers up to 4",
        "every route from you",
        "every route from Newsletter to Couriers",
        "recipients reachable from Couriers",
        "every route from you to couriers in eu",
        "recipients reachable from you limit 99999999999",
    ] {
        let out = run(lineage()
            .current_dir(&dir)
            .arg("--data")
            .arg(root().join(FIXTURE))
            .args(["ask", query]));
        assert_eq!(out.code, Some(2), "{query}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{query}: no partial answer");
        messages.push_str(&format!("$ {query}\n{}\n", out.stderr));
    }
    assert!(dir.names().is_empty(), "nothing written");
    insta::assert_snapshot!("routes_refused", messages);
}

/// Golden answers on the X notice: one question of each form.
#[test]
fn the_x_notice_answers() {
    let ds = x2023();
    insta::assert_snapshot!(
        "routes_x",
        markdown(
            ds,
            "every route from \"you-if-you-purchase-advertising-services\" to \"our-service-providers\""
        )
    );
    insta::assert_snapshot!(
        "reachable_x",
        markdown(
            ds,
            "recipients reachable from \"you-if-you-purchase-advertising-services\""
        )
    );
    // Derived steps carry their reason in JSON too.
    let json: serde_json::Value = serde_json::from_str(&render(
        &answer(
            ds,
            "recipients reachable from \"you-if-you-purchase-advertising-services\"",
        ),
        Format::Json,
        &Options::default(),
    ))
    .expect("JSON");
    assert!(json.to_string().contains("\"derived\":\"Au10tix acts as"));
}

/// `.help` shows both forms with the dataset's names; completion offers what may follow a route
/// question, and `.help forms` lists the forms of the keyword table.
#[test]
fn help_and_completion_know_the_forms() {
    let out = crate::common::piped(".help\n.help forms\n");
    assert_eq!(out.code, Some(0));
    assert!(out
        .stdout
        .contains("every route from You or your devices to Au10tix"));
    assert!(out
        .stdout
        .contains("recipients reachable from You or your devices"));
    assert!(out.stdout.contains(
        "every|all route|routes from <source> to <recipient> up to <number> step|steps|edge|edges limit <number>"
    ));
    let next =
        lineage::query::keywords::next(&["every", "route", "from", "\"name\"", "to", "\"name\""]);
    assert!(next.words.contains("limit") && next.words.contains("up"));
    let next = lineage::query::keywords::next(&["recipients", "reachable", "from"]);
    assert!(next.words.contains("every") && next.words.contains("any"));
    assert_eq!(next.slots, vec![lineage::query::keywords::Slot::Source]);
}

/// A notice whose recipients include one another in a lattice of `levels` levels (each level two
/// recipients that both include the next level's one): the routes from the source double with each
/// level. Written into `dir`.
fn lattice(dir: &std::path::Path, levels: usize) {
    let mut snapshot = String::from("A generated notice.\n");
    let (mut rows, mut nodes, mut edges) = (Vec::new(), Vec::new(), Vec::new());
    let mut row = |id: &str, text: &str| {
        snapshot.push_str(&format!("[{id}] {text}.\n"));
        rows.push(format!(
            r#"{{"id": "{id}", "title": "{id}", "anchor": "[{id}]"}}"#
        ));
        format!(r#""provenance": {{"row": "{id}", "quote": "{text}"}}"#)
    };
    let p = row("s", "source s");
    nodes.push(format!(
        r#"{{"id": "s", "kind": "source", "name": "Source s", {p}}}"#
    ));
    let p = row("c", "category c");
    nodes.push(format!(
        r#"{{"id": "c", "kind": "category", "name": "Category c", {p}}}"#
    ));
    let p = row("sc", "s gives c");
    edges.push(format!(
        r#"{{"kind": "collected-from", "from": "s", "to": "c", {p}}}"#
    ));
    for level in 0..=levels {
        let names = if level == 0 || level == levels {
            vec![format!("r{level}")]
        } else {
            vec![format!("a{level}"), format!("b{level}")]
        };
        for name in &names {
            let p = row(name, &format!("recipient {name}"));
            nodes.push(format!(
                r#"{{"id": "{name}", "kind": "recipient", "name": "Recipient {name}", "party": "category", {p}}}"#
            ));
        }
    }
    let p = row("cr", "c shared with r0");
    edges.push(format!(
        r#"{{"kind": "may-be-shared-with", "from": "c", "to": "r0", {p}}}"#
    ));
    let at = |level: usize| -> Vec<String> {
        if level == 0 || level == levels {
            vec![format!("r{level}")]
        } else {
            vec![format!("a{level}"), format!("b{level}")]
        }
    };
    for level in 0..levels {
        for from in at(level) {
            for to in at(level + 1) {
                let id = format!("{from}-{to}");
                let p = row(&id, &format!("{from} includes {to}"));
                edges.push(format!(
                    r#"{{"kind": "includes", "from": "{from}", "to": "{to}", {p}}}"#
                ));
            }
        }
    }
    let data = format!(
        "{{\"sections\": [{{\"id\": \"all\", \"title\": \"All\", \"rows\": [{}]}}], \"nodes\": [{}], \"edges\": [{}]}}",
        rows.join(",\n"),
        nodes.join(",\n"),
        edges.join(",\n")
    );
    std::fs::write(dir.join("notice.json"), data).expect("written");
    std::fs::write(dir.join("source.txt"), snapshot).expect("written");
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"format": 1, "name": "lattice", "publisher": "Generated", "title": "A lattice",
            "source_url": "https://example.com/lattice", "as_of": "2024-01-01",
            "snapshot": "source.txt", "files": ["notice.json"]}"#,
    )
    .expect("written");
}

fn load_dir(dir: &std::path::Path) -> Dataset {
    lineage::load(&lineage::Files::dir(dir.to_path_buf())).unwrap_or_else(|e| panic!("{e}"))
}

/// Routes that double with each level (2^11 from r0 to r12) are counted exactly, and a limit shows
/// the first.
#[test]
fn a_lattice_of_recipients_is_counted_exactly() {
    let dir = TempDir::new("routes-lattice");
    lattice(&dir, 12);
    let ds = load_dir(&dir);
    let a = answer(&ds, "every route from s to r12 limit 3");
    assert_eq!(a.rows.len(), 3);
    assert!(a.truncated);
    assert_eq!(
        a.notes[0],
        "2048 routes in all; the first 3 are shown (`limit 3`); shortest first, then in the notice's order"
    );
    let every = answer(&ds, "recipients reachable from s");
    assert_eq!(every.rows.len(), 2 + 2 * 11, "r0, a1…b11 and r12 once each");
}

/// A lattice of 40 levels has 2^39 routes: the search stops after `MAX_ROUTE_STEPS` and says so,
/// rather than hang; the recipients are still each reached once.
#[test]
#[ignore = "heavy: 50 million steps (about 10 s in a debug build)"]
fn a_lattice_too_wide_to_walk_stops_and_says_so() {
    let dir = TempDir::new("routes-lattice-40");
    lattice(&dir, 40);
    let ds = load_dir(&dir);
    let start = std::time::Instant::now();
    let a = answer(&ds, "every route from s to r40 limit 5");
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
    assert!(a.truncated);
    assert!(
        a.notes[0].starts_with("at least ")
            && a.notes[0].contains(&format!(
                "the search stopped after {} steps",
                lineage::query::eval::MAX_ROUTE_STEPS
            )),
        "{}",
        a.notes[0]
    );
    assert_eq!(a.rows.len(), 5);
    let every = answer(&ds, "recipients reachable from s");
    assert_eq!(every.rows.len(), 2 + 2 * 39);
}

/// `recipients reachable from` holds each row as the route the walk found, and the disclosure forms
/// each row as the disclosure it shows, and both make their cells only when the row is read: the rows
/// read one at a time are the rows read whole, every format writes the same text either way, and
/// counting the rows or stating how many there are builds none.
#[test]
fn rows_made_when_written_are_the_rows_read_whole() {
    // Each question, and how many rows it has.
    let questions = [
        (fixture(), "recipients reachable from every source", 8),
        (fixture(), "recipients reachable from you limit 2", 2),
        (fixture(), "recipients reachable from your browser", 0),
        (x2023(), "recipients reachable from every source", 69),
        // The disclosure forms keep their disclosures and make their cells when read too: bases,
        // flags, quotes, reasons and the `.given`-free notes included.
        (
            x2023(),
            "who may receive location information and under which basis",
            7,
        ),
        (x2023(), "who may receive any data", 52),
        (x2023(), "what may advertisers receive", 22),
        (
            x2023(),
            "why may advertisers receive location information",
            1,
        ),
        (x2023(), "processors of any data", 21),
    ];
    for (ds, q, rows) in questions {
        let fresh = answer(ds, q);
        assert!(fresh.rows.is_deferred(), "{q}: rows made when read");
        let count = fresh.rows.len();
        assert!(fresh.rows.is_deferred(), "{q}: counting builds no row");
        assert_eq!(count, rows, "{q}");
        let streamed: Vec<_> = fresh.rows.stream().map(|r| r.into_owned()).collect();
        assert!(fresh.rows.is_deferred(), "{q}: a stream keeps no row");
        let whole = fresh.clone();
        assert_eq!(whole.rows.iter().count(), count, "{q}: read whole");
        assert!(!whole.rows.is_deferred() && fresh.rows.is_deferred());
        assert_eq!(streamed, *whole.rows, "{q}");
        assert_eq!(fresh, whole, "{q}");
        for format in TEXT_FORMATS {
            // Every format, the table and Markdown laid out over all rows included, reads the rows
            // one at a time: the answer's rows are still made only when read after it is written.
            let deferred = answer(ds, q);
            assert_eq!(
                render(&deferred, format, &Options::default()),
                render(&whole, format, &Options::default()),
                "{q} as {format:?}"
            );
            assert!(
                deferred.rows.is_deferred(),
                "{q} as {format:?} keeps no row"
            );
        }
    }
}
