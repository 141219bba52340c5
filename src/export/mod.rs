//! Exports of a loaded dataset into the tools counsel and engineers already use: a property graph
//! (`graph`: CSV with a schema script for Kuzu and LadybugDB, headers for Neo4j's importer), a record
//! of processing activities (`ropa`: CSV or an Excel workbook) and the W3C Data Privacy Vocabulary
//! (`ttl`: Turtle). Each carries every fact's row and quote, and says which facts are the tool's
//! reading (`derived`, with the reason).
//!
//! Everything here is computed from the dataset and its typed facts (`relation`), never from an
//! answer; the round trips in `tests/oracle/` load each export into a real engine and compare its
//! answers with `lineage ask --format json`.

pub mod graph;
pub mod ropa;
pub mod ttl;

use crate::{
    dataset::{facts::Provenance, Dataset},
    relation::Cite,
};

/// What the notice does not answer, in every export.
pub const NOT_STATED: &str = "not stated in the notice";

/// A row of CSV: each field quoted when it holds a comma, a quote or a line break (RFC 4180), and
/// nothing else changed, for databases that read the text as it is.
pub fn csv_record(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// A provenance as exports write it: the row's id, its section's id and the quote.
pub fn cited(ds: &Dataset, provenance: &Provenance) -> (String, String, String) {
    let row = ds.cited_row(provenance);
    (
        row.id.to_string(),
        ds.section_of(row).id.clone(),
        ds.quote(provenance).to_string(),
    )
}

/// The rows a fact's evidence cites, in order, each once.
pub fn cite_rows(ds: &Dataset, cites: &[Cite]) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for cite in cites {
        let provenance = match *cite {
            Cite::Edge(e) => &ds.edge(e).provenance,
            Cite::Node(n) => &ds.node(n).provenance,
        };
        let row = ds.cited_row(provenance).id.to_string();
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    rows
}

/// The reasons of the derived facts among `cites`, each once.
pub fn cite_reasons(ds: &Dataset, cites: &[Cite]) -> Vec<String> {
    let mut reasons: Vec<String> = Vec::new();
    for cite in cites {
        let derived = match *cite {
            Cite::Edge(e) => ds.edge(e).derived.as_deref(),
            Cite::Node(n) => ds.node(n).derived.as_deref(),
        };
        if let Some(reason) = derived {
            if !reasons.iter().any(|r| r == reason) {
                reasons.push(reason.to_string());
            }
        }
    }
    reasons
}
