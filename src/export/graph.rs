//! `lineage export graph`: the map as a property graph, for databases that hold maps too large for
//! one machine. Three CSV files and a schema script:
//!
//! - `nodes.csv`: one line per node, keyed by its dataset id;
//! - `edges.csv`: one line per edge of the dataset, as the notice states it (or as the dataset reads
//!   it, marked `derived`);
//! - `may_receive.csv`: one line per route by which data may reach a recipient, as `lineage ask "who
//!   may receive <data> and under which basis"` computes it, from every data item and category;
//! - `schema.cypher`: the tables and the `COPY FROM` statements that Kuzu (and its fork LadybugDB)
//!   run from the folder.
//!
//! The headers are those Neo4j's importer reads (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`,
//! `:TYPE`); Kuzu reads the same files by column position (`HEADER=true`).

use petgraph::graph::NodeIndex;

use super::{cite_reasons, cite_rows, cited, csv_record, NOT_STATED};
use crate::{
    dataset::{facts::Node, model::NodeKind, Dataset},
    relation::{Disclosure, Reach, Relations, Route},
};

/// The folder's files, by name, in the order they are written.
pub fn export(ds: &Dataset) -> Vec<(String, Vec<u8>)> {
    vec![
        ("nodes.csv".to_string(), nodes(ds).into_bytes()),
        ("edges.csv".to_string(), edges(ds).into_bytes()),
        ("may_receive.csv".to_string(), may_receive(ds).into_bytes()),
        ("schema.cypher".to_string(), SCHEMA.as_bytes().to_vec()),
    ]
}

/// The Kuzu (and LadybugDB) schema and load script, run from the export's folder.
pub const SCHEMA: &str = "\
// Written by `lineage export graph`. Run from this folder, e.g. in Python:
//   import kuzu; c = kuzu.Connection(kuzu.Database(\"map.kuzu\"))
//   for s in open(\"schema.cypher\").read().split(\";\\n\"): s.strip() and c.execute(s)
// Empty fields load as NULL. Lists (bases, regions, conditions, rows, ...) are ids joined by `;`.
CREATE NODE TABLE Node(id STRING, label STRING, kind STRING, name STRING, legal_basis STRING, legal_basis_derived STRING, row STRING, section STRING, quote STRING, stated STRING, derived STRING, PRIMARY KEY(id));
CREATE REL TABLE Edge(FROM Node TO Node, type STRING, kind STRING, row STRING, section STRING, quote STRING, stated STRING, derived STRING, grp STRING, bases STRING, qualifier STRING, regions STRING, conditions STRING, period STRING, only_for STRING, only_sharing_with STRING, data STRING, reason STRING);
CREATE REL TABLE MayReceive(FROM Node TO Node, type STRING, route STRING, via STRING, bases STRING, overridden STRING, basis_note STRING, conditions STRING, reach STRING, rows STRING, stated STRING, derived STRING);
COPY Node FROM 'nodes.csv' (HEADER=true, PARALLEL=false);
COPY Edge FROM 'edges.csv' (HEADER=true, PARALLEL=false);
COPY MayReceive FROM 'may_receive.csv' (HEADER=true, PARALLEL=false);
";

/// A node kind as a label: `automated-decision` is `AutomatedDecision`.
pub fn label(kind: NodeKind) -> String {
    kind.as_str()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// A kebab-case name as a relationship type: `used-for` is `USED_FOR`.
fn rel_type(kind: &str) -> String {
    kind.replace('-', "_").to_ascii_uppercase()
}

fn stated(derived: bool) -> String {
    if derived { "derived" } else { "stated" }.to_string()
}

fn nodes(ds: &Dataset) -> String {
    let mut out = csv_record(&fields(&[
        "id:ID",
        ":LABEL",
        "kind",
        "name",
        "legal_basis",
        "legal_basis_derived",
        "row",
        "section",
        "quote",
        "stated",
        "derived",
    ]));
    for (_, node) in ds.nodes() {
        out += &csv_record(&node_fields(ds, node));
    }
    out
}

fn node_fields(ds: &Dataset, node: &Node) -> Vec<String> {
    let (row, section, quote) = cited(ds, &node.provenance);
    let (kind, kind_derived) = match &node.legal_basis {
        Some(lb) => (
            lb.kind.to_string(),
            lb.derived.as_deref().unwrap_or_default().to_string(),
        ),
        None => (String::new(), String::new()),
    };
    vec![
        node.id.to_string(),
        format!("Node;{}", label(node.kind)),
        node.kind.to_string(),
        node.name.clone(),
        kind,
        kind_derived,
        row,
        section,
        quote,
        stated(node.derived.is_some()),
        node.derived.as_deref().unwrap_or_default().to_string(),
    ]
}

fn fields(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn edges(ds: &Dataset) -> String {
    let mut out = csv_record(&fields(&[
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "kind",
        "row",
        "section",
        "quote",
        "stated",
        "derived",
        "group",
        "bases",
        "qualifier",
        "regions",
        "conditions",
        "period",
        "only_for",
        "only_sharing_with",
        "data",
        "reason",
    ]));
    let ids = |nodes: &[NodeIndex]| {
        nodes
            .iter()
            .map(|&n| ds.node(n).id.to_string())
            .collect::<Vec<_>>()
            .join(";")
    };
    let text =
        |t: &Option<crate::dataset::facts::Text>| t.as_deref().unwrap_or_default().to_string();
    for (_, from, to, edge) in ds.edges() {
        let (row, section, quote) = cited(ds, &edge.provenance);
        let bases: Vec<NodeIndex> = edge.bases.iter().map(|b| b.basis).collect();
        out += &csv_record(&[
            ds.node(from).id.to_string(),
            ds.node(to).id.to_string(),
            rel_type(edge.kind.as_str()),
            edge.kind.to_string(),
            row,
            section,
            quote,
            stated(edge.derived.is_some()),
            text(&edge.derived),
            edge.group
                .map(|g| ds.node(g).id.to_string())
                .unwrap_or_default(),
            ids(&bases),
            text(&edge.qualifier().cloned()),
            ids(&edge.regions),
            ids(edge.conditions()),
            text(&edge.period().cloned()),
            ids(edge.only_for()),
            ids(edge.only_sharing_with()),
            ids(edge.data()),
            text(&edge.reason().cloned()),
        ]);
    }
    out
}

fn may_receive(ds: &Dataset) -> String {
    let mut out = csv_record(&fields(&[
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "route",
        "via",
        "bases",
        "overridden",
        "basis_note",
        "conditions",
        "reach",
        "rows",
        "stated",
        "derived",
    ]));
    let rel = Relations::new(ds, None);
    for kind in [NodeKind::Data, NodeKind::Category] {
        for &data in ds.nodes_of_kind(kind) {
            for d in rel.disclosures(Some(data)) {
                out += &csv_record(&route_fields(ds, data, &d));
            }
        }
    }
    out
}

/// One route as a line: from the data asked about to the recipient.
fn route_fields(ds: &Dataset, asked: NodeIndex, d: &Disclosure) -> Vec<String> {
    let id = |n: NodeIndex| ds.node(n).id.to_string();
    let join = |nodes: Vec<NodeIndex>| nodes.into_iter().map(id).collect::<Vec<_>>().join(";");
    let via = match d.route {
        Route::CategoryLevel(n) | Route::ItemLevel(n) | Route::Purpose(n) => id(n),
        Route::Processor => String::new(),
    };
    let governing = d.bases.iter().filter(|b| b.governs()).map(|b| b.basis);
    let overridden = d.bases.iter().filter(|b| !b.governs()).map(|b| b.basis);
    let mut reasons = route_reasons(ds, asked, d);
    reasons.extend(cite_reasons(ds, &d.cites));
    vec![
        id(asked),
        id(d.recipient),
        "MAY_RECEIVE".to_string(),
        d.route.name().to_string(),
        via,
        join(governing.collect()),
        join(overridden.collect()),
        if d.bases.is_empty() { NOT_STATED } else { "" }.to_string(),
        join(d.conditions.clone()),
        reach(ds, d.reach),
        cite_rows(ds, &d.cites).join(";"),
        stated(!reasons.is_empty()),
        reasons.join("; "),
    ]
}

fn reach(ds: &Dataset, reach: Reach) -> String {
    let id = |n: NodeIndex| ds.node(n).id.to_string();
    match reach {
        Reach::Stated => "stated".to_string(),
        Reach::Container(n) => format!("container:{}", id(n)),
        Reach::AnyData(n) => format!("any-data:{}", id(n)),
        Reach::Category(n) => format!("category:{}", id(n)),
    }
}

/// Why a route is the tool's reading rather than one statement of the notice.
pub fn route_reasons(ds: &Dataset, asked: NodeIndex, d: &Disclosure) -> Vec<String> {
    let id = |n: NodeIndex| ds.node(n).id.to_string();
    let mut reasons = Vec::new();
    if let Route::Purpose(purpose) = d.route {
        reasons.push(format!(
            "the data is used for `{}`, which discloses to the recipient",
            id(purpose)
        ));
    }
    match d.reach {
        Reach::Stated => {}
        Reach::Container(n) => reasons.push(format!("the item is part of `{}`", id(n))),
        Reach::AnyData(n) => reasons.push(format!("`{}` stands for any data", id(n))),
        Reach::Category(n) => reasons.push(format!("the item falls in the category `{}`", id(n))),
    }
    if d.data != asked {
        reasons.push(format!(
            "the route carries `{}`, which a question about `{}` reaches",
            id(d.data),
            id(asked)
        ));
    }
    reasons
}
