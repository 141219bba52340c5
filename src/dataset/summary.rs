//! What `lineage check` reports about a valid dataset: counts, derived nodes, edges and aliases, quote
//! coverage.

use std::{collections::BTreeMap, fmt, ops::Range};

use serde::Serialize;

use crate::{
    dataset::model::{EdgeKind, NodeKind},
    dataset::{
        snapshot::{Quotes, SnapshotSource},
        Dataset, Section,
    },
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub name: String,
    pub title: String,
    pub publisher: String,
    pub source_url: String,
    pub as_of: String,
    pub origin: String,
    /// The bytes of the notice's text; 0 when it was not found.
    pub snapshot_bytes: usize,
    /// Where the snapshot was recorded, for a dataset that names it rather than holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_source: Option<SnapshotSource>,
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
    /// Whether the quotes were checked against the notice's own text; `false` when the snapshot the
    /// dataset names by its source was not found (then `quotes_checked` counts quotes checked only
    /// against the dataset's own rows, and coverage is not measured).
    pub quotes_verified: bool,
    /// Where the snapshot was looked for, when it was not found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub snapshot_looked_in: Vec<String>,
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
        let counts = Counts::of(dataset);
        let quotes_checked = counts.quotes.len() + dataset.rows().len();
        let (quotes_verified, snapshot_looked_in) = match dataset.quotes() {
            Quotes::Verified => (true, Vec::new()),
            Quotes::Unverified { looked_in, .. } => (false, looked_in.clone()),
        };
        let sections = if quotes_verified {
            coverage(dataset, &counts.quotes)
        } else {
            Vec::new()
        };
        let m = &dataset.manifest();
        Summary {
            name: m.name.clone(),
            title: m.title.clone(),
            publisher: m.publisher.clone(),
            source_url: m.source_url.clone(),
            as_of: m.as_of.clone(),
            origin: dataset.origin().to_string(),
            snapshot_bytes: if quotes_verified {
                dataset.snapshot().len()
            } else {
                0
            },
            snapshot_source: m.snapshot_source.clone(),
            content_hash: dataset.content_hash().to_string(),
            node_total: dataset.node_count(),
            derived_nodes: counts.derived_nodes,
            nodes: counts.nodes,
            edge_total: dataset.edge_count(),
            derived_total: counts.edges.values().map(|c| c.derived).sum(),
            edges: counts.edges,
            aliases: counts.aliases,
            derived_aliases: counts.derived_aliases,
            quotes_checked,
            quotes_verified,
            snapshot_looked_in,
            sections,
        }
    }
}

/// The counts of a dataset, and every quote it checks with the row it cites.
struct Counts {
    nodes: BTreeMap<&'static str, usize>,
    derived_nodes: usize,
    edges: BTreeMap<&'static str, EdgeCount>,
    aliases: usize,
    derived_aliases: usize,
    /// Where each quote checked is in the snapshot (a description: its first place in its row).
    quotes: Vec<Range<usize>>,
}

impl Counts {
    fn of(dataset: &Dataset) -> Self {
        let zero = EdgeCount {
            total: 0,
            derived: 0,
        };
        let mut counts = Counts {
            nodes: NodeKind::ALL
                .iter()
                .map(|&kind| (kind.as_str(), dataset.nodes_of_kind(kind).len()))
                .collect(),
            derived_nodes: 0,
            edges: EdgeKind::ALL.iter().map(|k| (k.as_str(), zero)).collect(),
            aliases: 0,
            derived_aliases: 0,
            quotes: Vec::new(),
        };
        for (_, node) in dataset.nodes() {
            counts.derived_nodes += usize::from(node.derived.is_some());
            let quotes = &mut counts.quotes;
            quotes.push(node.provenance.quote_span());
            if let Some(description) = &node.description {
                let row = dataset.cited_row(&node.provenance);
                let at = dataset.row_text(row).find(description.as_str());
                let start = row.span().start + at.unwrap_or(0);
                let end = start + at.map_or(0, |_| description.len());
                quotes.push(start..end);
            }
            if let Some(legal_basis) = &node.legal_basis {
                quotes.push(legal_basis.provenance.quote_span());
            }
            for classed in node.source_party.iter().chain(&node.acts_as) {
                quotes.push(classed.provenance.quote_span());
            }
            for alias in &node.aliases {
                counts.aliases += 1;
                counts.derived_aliases += usize::from(alias.derived.is_some());
                quotes.push(alias.provenance.quote_span());
            }
        }
        for (_, _, _, edge) in dataset.edges() {
            let quotes = &mut counts.quotes;
            quotes.push(edge.provenance.quote_span());
            // invariant: every edge kind was inserted above.
            let count = counts
                .edges
                .get_mut(edge.kind.as_str())
                .expect("all kinds listed");
            count.total += 1;
            count.derived += usize::from(edge.derived.is_some());
        }
        counts
    }
}

/// How much of each section the quotes and the rows' anchors cover.
fn coverage(dataset: &Dataset, quotes: &[Range<usize>]) -> Vec<SectionCoverage> {
    // Mark the snapshot's bytes covered by each quote: its first place within its row.
    let mut covered = vec![false; dataset.snapshot().len()];
    for quote in quotes {
        covered[quote.clone()].fill(true);
    }
    for row in dataset.rows() {
        let start = row.span().start;
        covered[start..start + row.anchor.len()].fill(true);
    }
    let section = |section: &Section| {
        let (mut total, mut inside) = (0u64, 0u64);
        for row in dataset.rows_of(section) {
            for (i, c) in dataset.row_text(row).char_indices() {
                if !c.is_whitespace() {
                    total += 1;
                    inside += u64::from(covered[row.span().start + i]);
                }
            }
        }
        SectionCoverage {
            id: section.id.clone(),
            title: section.title.clone(),
            rows: section.rows.len(),
            covered_permille: (inside * 1000).checked_div(total).unwrap_or(0) as u32,
        }
    };
    dataset.sections().iter().map(section).collect()
}

impl Summary {
    /// The end of the summary for a dataset whose snapshot was not found.
    fn unverified(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inert = crate::diagnostic::inert;
        writeln!(
            f,
            "Quotes: NOT VERIFIED. The notice's text was not found, so none of the {} quotes and \
             anchors was checked against it: answers show them as the dataset writes them.",
            self.quotes_checked
        )?;
        writeln!(f, "  looked for the snapshot in:")?;
        for place in &self.snapshot_looked_in {
            writeln!(f, "    {}", inert(place))?;
        }
        writeln!(
            f,
            "  put the text in one of these places, or name a folder that holds it in {}",
            crate::dataset::snapshot::LIBRARIES_VAR
        )
    }
}

/// The summary as counsel read it. Text from the dataset is made inert for the terminal.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inert = crate::diagnostic::inert;
        writeln!(f, "{} is valid: \"{}\"", self.name, inert(&self.title))?;
        writeln!(f)?;
        writeln!(f, "  publisher     {}", inert(&self.publisher))?;
        writeln!(f, "  source        {}", inert(&self.source_url))?;
        writeln!(f, "  as of         {}", self.as_of)?;
        writeln!(f, "  loaded from   {}", inert(&self.origin))?;
        match (&self.snapshot_source, self.quotes_verified) {
            (Some(source), false) => writeln!(
                f,
                "  snapshot      NOT FOUND: {}",
                inert(&source.describe())
            )?,
            (Some(source), true) => writeln!(
                f,
                "  snapshot      {} bytes, from {}",
                self.snapshot_bytes,
                inert(&source.describe())
            )?,
            (None, _) => writeln!(f, "  snapshot      {} bytes", self.snapshot_bytes)?,
        }
        writeln!(f, "  content hash  {}", self.content_hash)?;
        writeln!(f)?;
        let (nodes, derived) = (self.node_total, self.derived_nodes);
        writeln!(f, "Nodes: {nodes} ({derived} derived)")?;
        for kind in NodeKind::ALL.iter().map(|k| k.as_str()) {
            let count = self.nodes.get(kind).copied().unwrap_or(0);
            writeln!(f, "  {kind:<20}{count:>6}")?;
        }
        writeln!(f)?;
        let (edges, derived) = (self.edge_total, self.derived_total);
        writeln!(f, "Edges: {edges} ({derived} derived)")?;
        writeln!(f, "  {:<20}{:>6}{:>9}", "kind", "edges", "derived")?;
        for kind in EdgeKind::ALL.iter().map(|k| k.as_str()) {
            let count = self.edges.get(kind).copied().unwrap_or(EdgeCount {
                total: 0,
                derived: 0,
            });
            writeln!(f, "  {kind:<20}{:>6}{:>9}", count.total, count.derived)?;
        }
        writeln!(f)?;
        let (aliases, derived) = (self.aliases, self.derived_aliases);
        writeln!(f, "Aliases: {aliases} ({derived} derived)")?;
        if !self.quotes_verified {
            return self.unverified(f);
        }
        writeln!(
            f,
            "Quotes: {} checked, every one found verbatim in the row it cites",
            self.quotes_checked
        )?;
        writeln!(f)?;
        writeln!(f, "Snapshot text covered by quotes, per section:")?;
        writeln!(f, "  {:<24}{:>6}{:>10}", "section", "rows", "covered")?;
        for s in &self.sections {
            let percent = format!("{}.{}%", s.covered_permille / 10, s.covered_permille % 10);
            writeln!(f, "  {:<24}{:>6}{:>10}", inert(&s.id), s.rows, percent)?;
        }
        Ok(())
    }
}
