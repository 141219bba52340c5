//! The peers' benchmark maps (`lineage-bench/1`, `../shared/bench/README.md`) as datasets, and the
//! answers reduced to the benchmark's canonical rows, for `benches/peers.rs` (which includes this
//! file by path) and `tests/it/bench_convert.rs`.
//!
//! A map's nodes and edges become a dataset whose generated snapshot has one row per node and one
//! per edge (`[n17] source src-000: Web signup form.`, `[e5] item-0001 used_for purp-007 on consent
//! in eu.`): every node and edge cites its own row, with a quote found in it. The mapping:
//!
//! | map | dataset |
//! | --- | --- |
//! | `source`, `data_item`, `data_category`, `purpose`, `recipient` | `source`, `data`, `category`, `purpose`, `recipient` (a category of recipients) |
//! | `legal_basis` (`basis:consent`) | `basis` (`basis-consent`) |
//! | `collects` | `collected-from` (source → data) |
//! | `in_category` | `in-category` |
//! | `used_for` (basis, region) | `used-for`, `bases: [basis]`; region `eu` → `regions: ["eu"]`, `global` → no region (stated without one) |
//! | `shares_with` | `discloses-to` (purpose → recipient) |
//! | `disclosed_to` | `may-be-shared-with` (category → recipient) |
//!
//! Ids become slugs (`item:0001` → `item-0001`); the map's ids come back in the canonical rows.

// The bench uses some functions, the test others.
#![allow(dead_code)]

use std::{
    collections::{BTreeSet, HashMap},
    fmt::Write,
};

use lineage::answer::{Answer, Cell};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// A `lineage-bench/1` map.
#[derive(Deserialize)]
pub struct Map {
    pub format: String,
    pub bench_targets: Targets,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

/// The nodes the four questions ask about.
#[derive(Deserialize, Clone)]
pub struct Targets {
    pub q1_category: String,
    pub q2_item: String,
    pub q3_source: String,
    pub q3_recipient: String,
    pub q3_max_len: usize,
}

#[derive(Deserialize)]
pub struct MapNode {
    pub id: String,
    pub kind: String,
    pub label: String,
}

#[derive(Deserialize)]
pub struct MapEdge {
    pub from: String,
    pub to: String,
    pub kind: String,
    #[serde(default)]
    pub attrs: Attrs,
}

#[derive(Deserialize, Default)]
pub struct Attrs {
    pub basis: Option<String>,
    pub region: Option<String>,
}

/// A map converted: the dataset's files, and the map's id of each dataset id (a basis node's is
/// its value, `consent`, as the canonical rows write it).
pub struct Converted {
    pub files: Vec<(String, Vec<u8>)>,
    pub map_id: HashMap<String, String>,
    pub targets: Targets,
}

impl Converted {
    /// Q1 as a question: the recipients of the category, with their bases.
    pub fn q1(&self) -> String {
        format!(
            "who may receive \"{}\" and under which basis",
            slug(&self.targets.q1_category)
        )
    }

    /// Q2 as a question: the purposes of the item, with their bases.
    pub fn q2(&self) -> String {
        format!("purposes of \"{}\"", slug(&self.targets.q2_item))
    }

    /// Q3 as a question: every route from the source to the recipient, of at most `q3_max_len`
    /// steps.
    pub fn q3(&self) -> String {
        format!(
            "every route from \"{}\" to \"{}\" up to {} steps",
            slug(&self.targets.q3_source),
            slug(&self.targets.q3_recipient),
            self.targets.q3_max_len
        )
    }

    /// Q4 as a question: the recipients data from each source may reach.
    pub fn q4(&self) -> String {
        "recipients reachable from every source".to_string()
    }

    fn back(&self, id: &str) -> String {
        self.map_id
            .get(id)
            .unwrap_or_else(|| panic!("{id} is no node of the map"))
            .clone()
    }
}

/// Parses a map file.
pub fn parse(json: &[u8]) -> Map {
    let map: Map = serde_json::from_slice(json).expect("a lineage-bench/1 map");
    assert_eq!(map.format, "lineage-bench/1", "the map's format");
    map
}

/// A map id as a dataset id: `[a-z0-9]` and inner `-`.
pub fn slug(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_string()
}

/// The snapshot, the sections and the facts being written.
struct Out {
    snapshot: String,
    rows: Vec<String>,
    nodes: Vec<String>,
    edges: Vec<String>,
}

impl Out {
    /// Adds a row whose text is `text`; returns the provenance that quotes it.
    fn row(&mut self, id: String, text: &str) -> String {
        writeln!(self.snapshot, "[{id}] {text}.").expect("a string");
        self.rows.push(format!(
            r#"{{"id": "{id}", "title": "{id}", "anchor": "[{id}]"}}"#
        ));
        format!(
            r#""provenance": {{"row": "{id}", "quote": {}}}"#,
            json(text)
        )
    }
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

fn node_kind(kind: &str) -> &'static str {
    match kind {
        "source" => "source",
        "data_item" => "data",
        "data_category" => "category",
        "purpose" => "purpose",
        "legal_basis" => "basis",
        "recipient" => "recipient",
        other => panic!("unknown node kind {other}"),
    }
}

/// Converts a map into a dataset's files: `manifest.json`, `source.txt`, `map.json`.
pub fn convert(map: &Map) -> Converted {
    let mut out = Out {
        snapshot: String::from("A generated data map, one row per node and per edge.\n"),
        rows: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut map_id = HashMap::new();
    let p = out.row("g".into(), "data items of the map");
    out.nodes.push(format!(
        r#"{{"id": "map-items", "kind": "group", "name": "Data items of the map", {p}}}"#
    ));
    let p = out.row("x".into(), "eu");
    out.nodes.push(format!(
        r#"{{"id": "eu", "kind": "region", "name": "EU", "codes": ["e"], {p}}}"#
    ));
    for (k, n) in map.nodes.iter().enumerate() {
        add_node(&mut out, &mut map_id, k, n);
    }
    for (k, e) in map.edges.iter().enumerate() {
        add_edge(&mut out, k, e);
    }
    let data = format!(
        "{{\"sections\": [{{\"id\": \"map\", \"title\": \"The map\", \"rows\": [\n{}]}}],\n\"nodes\": [\n{}],\n\"edges\": [\n{}]}}\n",
        out.rows.join(",\n"),
        out.nodes.join(",\n"),
        out.edges.join(",\n")
    );
    let manifest = r#"{"format": 1, "name": "bench-map", "publisher": "Generated", "title": "A generated data map",
        "source_url": "https://example.com/map", "as_of": "2024-01-01", "snapshot": "source.txt",
        "files": ["map.json"]}"#;
    Converted {
        files: vec![
            ("manifest.json".into(), manifest.as_bytes().to_vec()),
            ("source.txt".into(), out.snapshot.into_bytes()),
            ("map.json".into(), data.into_bytes()),
        ],
        map_id,
        targets: map.bench_targets.clone(),
    }
}

fn add_node(out: &mut Out, map_id: &mut HashMap<String, String>, k: usize, n: &MapNode) {
    let id = slug(&n.id);
    let kind = node_kind(&n.kind);
    let back = match n.id.strip_prefix("basis:") {
        Some(value) if kind == "basis" => value.to_string(),
        _ => n.id.clone(),
    };
    assert!(
        map_id.insert(id.clone(), back).is_none(),
        "two map ids give the slug {id}"
    );
    let p = out.row(format!("n{k}"), &format!("{} {id}: {}", n.kind, n.label));
    let party = if kind == "recipient" {
        r#""party": "category", "#
    } else {
        ""
    };
    out.nodes.push(format!(
        r#"{{"id": "{id}", "kind": "{kind}", "name": {}, {party}{p}}}"#,
        json(&n.label)
    ));
}

fn add_edge(out: &mut Out, k: usize, e: &MapEdge) {
    let (from, to) = (slug(&e.from), slug(&e.to));
    let (kind, extra, text) = match e.kind.as_str() {
        "used_for" => {
            let basis = e.attrs.basis.as_deref().expect("a used_for edge's basis");
            let region = e.attrs.region.as_deref().expect("a used_for edge's region");
            let regions = match region {
                "global" => String::new(),
                r => format!(r#", "regions": [{}]"#, json(&slug(r))),
            };
            let extra = format!(
                r#""group": "map-items", "bases": [{{"basis": "basis-{}"}}]{regions}, "#,
                slug(basis)
            );
            let text = format!("{from} used_for {to} on {basis} in {region}");
            ("used-for", extra, text)
        }
        other => {
            let kind = match other {
                "collects" => "collected-from",
                "in_category" => "in-category",
                "shares_with" => "discloses-to",
                "disclosed_to" => "may-be-shared-with",
                _ => panic!("unknown edge kind {other}"),
            };
            (kind, String::new(), format!("{from} {other} {to}"))
        }
    };
    let p = out.row(format!("e{k}"), &text);
    out.edges.push(format!(
        r#"{{"kind": "{kind}", "from": "{from}", "to": "{to}", {extra}{p}}}"#
    ));
}

/// The canonical form of a set of rows: their number, and the SHA-256 of the rows sorted, each
/// written as its fields joined by TAB and ended by LF.
pub fn canonical(rows: &BTreeSet<Vec<String>>) -> (usize, String) {
    let mut hash = Sha256::new();
    for row in rows {
        hash.update(row.join("\t").as_bytes());
        hash.update(b"\n");
    }
    let digest = hash.finalize();
    let hex = digest.iter().fold(String::new(), |mut s, b| {
        write!(s, "{b:02x}").expect("a string");
        s
    });
    (rows.len(), hex)
}

fn column(answer: &Answer, key: &str) -> usize {
    answer
        .columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or_else(|| panic!("no column {key} in {:?}", answer.columns))
}

/// The map ids of a cell's bases (none for a basis the notice does not state).
fn bases(c: &Converted, cell: &Cell) -> Vec<String> {
    match cell {
        Cell::Bases(bases) => bases.iter().map(|b| c.back(&b.basis.id)).collect(),
        Cell::NotStated(_) => vec![String::new()],
        other => panic!("not a bases cell: {other:?}"),
    }
}

fn nodes(cell: &Cell) -> Vec<&str> {
    match cell {
        Cell::Nodes(nodes) => nodes.iter().map(|n| n.id.as_str()).collect(),
        other => panic!("not a nodes cell: {other:?}"),
    }
}

/// Q1's rows from the answer to [`Converted::q1`]: `(recipient, "", "")` for a category-level
/// route, `(recipient, purpose, basis)` for each basis of a purpose route.
pub fn q1_rows(c: &Converted, answer: &Answer) -> BTreeSet<Vec<String>> {
    let (recipient, route, basis) = (
        column(answer, "recipient"),
        column(answer, "route"),
        column(answer, "basis"),
    );
    let mut rows = BTreeSet::new();
    for row in answer.rows.stream() {
        let Cell::Route { route, via } = &row.0[route] else {
            panic!("not a route cell: {:?}", row.0[route]);
        };
        for r in nodes(&row.0[recipient]) {
            match route.as_str() {
                "category-level" => {
                    rows.insert(vec![c.back(r), String::new(), String::new()]);
                }
                "purpose" => {
                    let p = c.back(&via.as_ref().expect("a purpose route's purpose").id);
                    for b in bases(c, &row.0[basis]) {
                        rows.insert(vec![c.back(r), p.clone(), b]);
                    }
                }
                other => panic!("a route the map has not: {other}"),
            }
        }
    }
    rows
}

/// Q2's rows from the answer to [`Converted::q2`]: `(purpose, basis)` for each basis.
pub fn q2_rows(c: &Converted, answer: &Answer) -> BTreeSet<Vec<String>> {
    let (purpose, basis) = (column(answer, "purpose"), column(answer, "basis"));
    let mut rows = BTreeSet::new();
    for row in answer.rows.stream() {
        for p in nodes(&row.0[purpose]) {
            for b in bases(c, &row.0[basis]) {
                rows.insert(vec![c.back(p), b]);
            }
        }
    }
    rows
}

/// Q3's rows from the answer to [`Converted::q3`]: each route as the map ids of its nodes.
pub fn q3_rows(c: &Converted, answer: &Answer) -> BTreeSet<Vec<String>> {
    let path = column(answer, "path");
    answer
        .rows
        .iter()
        .map(|row| nodes(&row.0[path]).into_iter().map(|n| c.back(n)).collect())
        .collect()
}

/// Q4's rows from the answer to [`Converted::q4`]: `(source, recipient)`.
pub fn q4_rows(c: &Converted, answer: &Answer) -> BTreeSet<Vec<String>> {
    let (source, recipient) = (column(answer, "source"), column(answer, "recipient"));
    let mut rows = BTreeSet::new();
    for row in answer.rows.stream() {
        for s in nodes(&row.0[source]) {
            for r in nodes(&row.0[recipient]) {
                rows.insert(vec![c.back(s), c.back(r)]);
            }
        }
    }
    rows
}

/// The peers' benchmark folder: `LINEAGE_BENCH_DIR`, else `shared/bench` beside the checkout (or
/// beside the folder above it, for a worktree); none when it is not there.
pub fn bench_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("LINEAGE_BENCH_DIR") {
        return Some(dir.into());
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/bench", "../../shared/bench"]
        .iter()
        .map(|p| root.join(p))
        .find(|p| p.join("gen.py").is_file())
}

/// Generates the map of `scale` (seed 1) with the peers' `gen.py` into `out`, unless it is there.
pub fn generate(bench: &std::path::Path, scale: &str, out: &std::path::Path) {
    if out.is_file() {
        return;
    }
    let status = std::process::Command::new("python3")
        .arg(bench.join("gen.py"))
        .args(["--scale", scale, "--seed", "1", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs gen.py");
    assert!(status.success(), "gen.py --scale {scale} failed");
}

/// One recorded peer result (`results/peers.jsonl`).
#[derive(Deserialize, Clone)]
pub struct PeerResult {
    pub peer: String,
    pub scale: String,
    pub query: String,
    pub status: String,
    #[serde(default)]
    pub load_s: Option<f64>,
    #[serde(default)]
    pub median_s: Option<f64>,
    #[serde(default)]
    pub result_count: Option<usize>,
    #[serde(default)]
    pub result_hash: Option<String>,
}

/// The peers' recorded results.
pub fn peer_results(bench: &std::path::Path) -> Vec<PeerResult> {
    let text = std::fs::read_to_string(bench.join("results/peers.jsonl")).expect("peers.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a peer result line"))
        .collect()
}

/// The answer every peer that ran gave to `query` at `scale`: its count and hash (they must all
/// agree).
pub fn expected(results: &[PeerResult], scale: &str, query: &str) -> Option<(usize, String)> {
    let mut answers = results
        .iter()
        .filter(|r| r.scale == scale && r.query == query && r.status == "ok")
        .map(|r| {
            (
                r.result_count.expect("a count"),
                r.result_hash.clone().expect("a hash"),
            )
        });
    let first = answers.next()?;
    for other in answers {
        assert_eq!(other, first, "the peers disagree on {scale} {query}");
    }
    Some(first)
}
