//! What `lineage check` reports about a valid dataset: counts, derived nodes, edges and aliases, quote
//! coverage.

use std::{collections::BTreeMap, fmt::Write as _};

use serde::Serialize;

use crate::{
    dataset::model::{EdgeKind, NodeKind},
    dataset::Dataset,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub name: String,
    pub title: String,
    pub publisher: String,
    pub source_url: String,
    pub as_of: String,
    pub origin: String,
    pub snapshot_bytes: usize,
    pub content_hash: String,
    pub nodes: BTreeMap<&'static str, usize>,
    pub node_total: usize,
    /// Nodes that are the dataset's reading rather than the notice's statement (they carry `derived`).
    pub derived_nodes: usize,
    pub edges: BTreeMap<&'static str, EdgeCount>,
    pub edge_total: usize,
    pub derived_total: usize,
    pub aliases: usize,
    pub derived_aliases: usize,
    /// Every quote, description and anchor checked against the snapshot (all were found, or the
    /// dataset would not have loaded).
    pub quotes_checked: usize,
    pub sections: Vec<SectionCoverage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EdgeCount {
    pub total: usize,
    pub derived: usize,
}

/// How much of a section's text the dataset's quotes cover: a rough guide to what is encoded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionCoverage {
    pub id: String,
    pub title: String,
    pub rows: usize,
    /// Non-space characters of the section inside at least one quote, per mille of its non-space text.
    pub covered_permille: u32,
}

impl Summary {
    pub fn of(dataset: &Dataset) -> Summary {
        let mut nodes = BTreeMap::new();
        for &kind in NodeKind::ALL {
            nodes.insert(kind.as_str(), dataset.nodes_of_kind(kind).len());
        }
        let mut edges: BTreeMap<&'static str, EdgeCount> = EdgeKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str(),
                    EdgeCount {
                        total: 0,
                        derived: 0,
                    },
                )
            })
            .collect();
        let mut quotes = Vec::new();
        let mut aliases = 0;
        let mut derived_aliases = 0;
        let mut derived_nodes = 0;
        for node in dataset.graph().node_weights() {
            derived_nodes += usize::from(node.derived.is_some());
            quotes.push((&node.provenance.row, node.provenance.quote.as_str()));
            if let Some(description) = &node.description {
                quotes.push((&node.provenance.row, description.as_str()));
            }
            for alias in &node.aliases {
                aliases += 1;
                derived_aliases += usize::from(alias.derived.is_some());
                quotes.push((&alias.provenance.row, alias.provenance.quote.as_str()));
            }
        }
        for (_, _, _, edge) in dataset.edges() {
            quotes.push((&edge.provenance.row, edge.provenance.quote.as_str()));
            // invariant: every edge kind was inserted above.
            let count = edges.get_mut(edge.kind.as_str()).expect("all kinds listed");
            count.total += 1;
            count.derived += usize::from(edge.derived.is_some());
        }
        let quotes_checked = quotes.len() + dataset.rows().len();

        // Mark the snapshot's bytes covered by the first occurrence of each quote within its row.
        let mut covered = vec![false; dataset.snapshot().len()];
        for (row, quote) in quotes {
            if let Some(row) = dataset.row(row) {
                if let Some(at) = dataset.row_text(row).find(quote) {
                    let start = row.span.start + at;
                    covered[start..start + quote.len()].fill(true);
                }
            }
        }
        for row in dataset.rows() {
            let start = row.span.start;
            covered[start..start + row.anchor.len()].fill(true);
        }
        let sections = dataset
            .sections()
            .iter()
            .map(|section| {
                let (mut total, mut inside) = (0u64, 0u64);
                for row in &dataset.rows()[section.rows.clone()] {
                    for (i, c) in dataset.row_text(row).char_indices() {
                        if !c.is_whitespace() {
                            total += 1;
                            inside += u64::from(covered[row.span.start + i]);
                        }
                    }
                }
                SectionCoverage {
                    id: section.id.clone(),
                    title: section.title.clone(),
                    rows: section.rows.len(),
                    covered_permille: (inside * 1000).checked_div(total).unwrap_or(0) as u32,
                }
            })
            .collect();

        let m = &dataset.manifest();
        Summary {
            name: m.name.clone(),
            title: m.title.clone(),
            publisher: m.publisher.clone(),
            source_url: m.source_url.clone(),
            as_of: m.as_of.clone(),
            origin: dataset.origin().to_string(),
            snapshot_bytes: dataset.snapshot().len(),
            content_hash: dataset.content_hash().to_string(),
            node_total: dataset.graph().node_count(),
            derived_nodes,
            nodes,
            edge_total: dataset.graph().edge_count(),
            derived_total: edges.values().map(|c| c.derived).sum(),
            edges,
            aliases,
            derived_aliases,
            quotes_checked,
            sections,
        }
    }

    /// The summary as counsel read it. Text from the dataset is made inert for the terminal.
    pub fn to_text(&self) -> String {
        let inert = crate::diagnostic::inert;
        let mut out = String::new();
        let w = &mut out;
        // Writing to a String cannot fail.
        let _ = writeln!(w, "{} is valid: \"{}\"", self.name, inert(&self.title));
        let _ = writeln!(w);
        let _ = writeln!(w, "  publisher     {}", inert(&self.publisher));
        let _ = writeln!(w, "  source        {}", inert(&self.source_url));
        let _ = writeln!(w, "  as of         {}", self.as_of);
        let _ = writeln!(w, "  loaded from   {}", inert(&self.origin));
        let _ = writeln!(w, "  snapshot      {} bytes", self.snapshot_bytes);
        let _ = writeln!(w, "  content hash  {}", self.content_hash);
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "Nodes: {} ({} derived)",
            self.node_total, self.derived_nodes
        );
        for kind in NodeKind::ALL.iter().map(|k| k.as_str()) {
            let count = self.nodes.get(kind).copied().unwrap_or(0);
            let _ = writeln!(w, "  {kind:<20}{count:>6}");
        }
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "Edges: {} ({} derived)",
            self.edge_total, self.derived_total
        );
        let _ = writeln!(w, "  {:<20}{:>6}{:>9}", "kind", "edges", "derived");
        for kind in EdgeKind::ALL.iter().map(|k| k.as_str()) {
            let count = self.edges.get(kind).copied().unwrap_or(EdgeCount {
                total: 0,
                derived: 0,
            });
            let _ = writeln!(w, "  {kind:<20}{:>6}{:>9}", count.total, count.derived);
        }
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "Aliases: {} ({} derived)",
            self.aliases, self.derived_aliases
        );
        let _ = writeln!(
            w,
            "Quotes: {} checked, every one found verbatim in the row it cites",
            self.quotes_checked
        );
        let _ = writeln!(w);
        let _ = writeln!(w, "Snapshot text covered by quotes, per section:");
        let _ = writeln!(w, "  {:<24}{:>6}{:>10}", "section", "rows", "covered");
        for s in &self.sections {
            let percent = format!("{}.{}%", s.covered_permille / 10, s.covered_permille % 10);
            let _ = writeln!(w, "  {:<24}{:>6}{:>10}", inert(&s.id), s.rows, percent);
        }
        out
    }
}
