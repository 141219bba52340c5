//! A dataset: its files on disk ([`files`], [`model`]), loading and checking them ([`load`](mod@load),
//! [`locate`]), the validated [`Dataset`] itself with its compact [`facts`] and the indexes beside
//! them, and what is made from it without a question ([`summary`] for `lineage check`, [`export`]
//! for `lineage export json`).
//!
//! A loaded, validated dataset: the notice's rows, and the typed graph of what they state.
//!
//! A `Dataset` can only be made by [`crate::dataset::load()`], so holding one means every reference resolves, every
//! quote is found in its row, and every edge joins nodes of the kinds its kind allows.

pub mod compiled;
pub mod error;
pub mod export;
pub mod facts;
pub mod files;
mod find;
mod index;
pub mod legal_basis;
pub mod load;
pub mod locate;
pub mod model;
mod raw;
mod shape;
pub mod snapshot;
pub mod summary;

use std::sync::Arc;

use petgraph::{
    graph::{DiGraph, EdgeIndex, NodeIndex},
    visit::EdgeRef,
    Direction,
};

pub use self::facts::{AppliedBasis, Edge, Node, Provenance, Row, RowId, Section};
use self::snapshot::Quotes;
use self::{
    index::{Facts, Index},
    model::{EdgeKind, Manifest, NodeKind, OtherRegionDef},
};
use crate::names::normalize;

/// A validated dataset.
///
/// Its fields are private: everything is reached through methods, so the graph and the indexes built
/// beside it can never disagree. A handle: cloning it shares the one dataset (nothing in it ever
/// changes once loaded), so that an answer whose rows are made only when written
/// ([`crate::answer::Rows`]) can hold on to what it reads them from.
#[derive(Clone)]
pub struct Dataset {
    held: Arc<Held>,
}

impl std::ops::Deref for Dataset {
    type Target = Held;
    fn deref(&self) -> &Held {
        &self.held
    }
}

impl std::fmt::Debug for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.held, f)
    }
}

/// What a [`Dataset`] holds; reached only through the dataset's methods.
#[derive(Debug)]
pub struct Held {
    manifest: Manifest,
    /// Where it was loaded from, as named in messages.
    origin: String,
    /// The notice's text, which every quote is found in (a stand-in when its quotes are unverified);
    /// shared, so that an answer's quotes are slices of it rather than copies.
    snapshot: Arc<str>,
    /// Whether the quotes were checked against the notice's own text.
    quotes: Quotes,
    /// `sha256:` and the hex digest of the manifest, the data files and the snapshot, in load order,
    /// then the companion files answers read (`load::COMPANIONS`).
    content_hash: String,
    sections: Vec<Section>,
    rows: Vec<Row>,
    graph: DiGraph<Node, Edge>,
    index: Index,
    facts: Facts,
}

/// What the loader hands over once every check has passed.
pub(crate) struct Parts {
    pub(crate) manifest: Manifest,
    pub(crate) origin: String,
    pub(crate) snapshot: Arc<str>,
    pub(crate) quotes: Quotes,
    pub(crate) content_hash: String,
    pub(crate) sections: Vec<Section>,
    pub(crate) rows: Vec<Row>,
    pub(crate) graph: DiGraph<Node, Edge>,
    /// `None`: rebuilt from the graph and rows (a compiled dataset), beside the facts.
    pub(crate) index: Option<Index>,
}

impl Dataset {
    /// Only the loader makes a dataset, from parts it has checked.
    pub(crate) fn from_parts(parts: Parts) -> Dataset {
        let Parts {
            manifest,
            origin,
            snapshot,
            quotes,
            content_hash,
            sections,
            rows,
            graph,
            index,
        } = parts;
        let rows = exact(rows);
        let (facts, index) = match index {
            Some(index) => (Facts::build(&graph, rows.len()), index),
            None => std::thread::scope(|scope| {
                let rebuilt = std::thread::Builder::new()
                    .spawn_scoped(scope, || Index::rebuild(&graph, &rows))
                    .ok();
                let facts = Facts::build(&graph, rows.len());
                let index = match rebuilt.map(|r| r.join()) {
                    Some(Ok(index)) => index,
                    Some(Err(panic)) => std::panic::resume_unwind(panic),
                    // No thread could be started: here, after.
                    None => Index::rebuild(&graph, &rows),
                };
                (facts, index)
            }),
        };
        let held = Held {
            manifest,
            origin,
            snapshot,
            quotes,
            content_hash,
            sections,
            rows,
            graph,
            index,
            facts,
        };
        Dataset {
            held: Arc::new(held),
        }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The regions a question may name that the notice does not mention (the manifest's
    /// `other_regions`).
    pub fn other_regions(&self) -> &[OtherRegionDef] {
        &self.manifest.other_regions
    }

    /// The region node a code names (a region's `codes`), if any.
    pub fn region_by_code(&self, code: &str) -> Option<NodeIndex> {
        self.nodes_of_kind(NodeKind::Region)
            .iter()
            .copied()
            .find(|&r| self.node(r).codes.iter().any(|c| c == code))
    }

    /// Where the dataset was loaded from, as messages name it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The notice's text, which every quote is found in.
    pub fn snapshot(&self) -> &str {
        &self.snapshot
    }

    /// The notice's text, shared: an answer quotes slices of it without copying them.
    pub fn shared_snapshot(&self) -> &Arc<str> {
        &self.snapshot
    }

    /// Whether the quotes were checked against the notice's own text, or only against a stand-in
    /// made of the dataset's own anchors and quotes (its snapshot was not found).
    pub fn quotes(&self) -> &Quotes {
        &self.quotes
    }

    /// `sha256:` and the hex digest of the manifest, the data files and the snapshot, in load order,
    /// then the companion files answers read (`load::COMPANIONS`).
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// The notice's sections, in document order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every row of the notice, in document order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The rows of a section.
    pub fn rows_of(&self, section: &Section) -> &[Row] {
        &self.rows[section.rows.clone()]
    }

    /// The graph, read-only.
    pub fn graph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    pub fn edge(&self, index: EdgeIndex) -> &Edge {
        &self.graph[index]
    }

    /// Every node, in the order the dataset states them.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph
            .node_indices()
            .map(move |index| (index, &self.graph[index]))
    }

    /// The two ends of an edge: `(from, to)`.
    pub fn ends(&self, edge: EdgeIndex) -> (NodeIndex, NodeIndex) {
        // invariant: every EdgeIndex a caller holds comes from this dataset's graph.
        self.graph.edge_endpoints(edge).expect("edge of this graph")
    }

    /// The two ends of an edge index that may not be of this dataset (one kept from another load).
    pub fn try_ends(&self, edge: EdgeIndex) -> Option<(NodeIndex, NodeIndex)> {
        self.graph.edge_endpoints(edge)
    }

    /// The node with this id.
    pub fn node_by_id(&self, id: &str) -> Option<NodeIndex> {
        self.index.by_id.get(id).copied()
    }

    /// The nodes of one kind, in the order the dataset states them.
    pub fn nodes_of_kind(&self, kind: NodeKind) -> &[NodeIndex] {
        self.index.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// The data nodes that stand for any data (`stands_for: any-data`): a question about some
    /// data counts their statements too. Kept by the index, so no question scans every node.
    pub fn any_data_nodes(&self) -> &[NodeIndex] {
        &self.index.any_data
    }

    /// The nodes whose name or an alias normalises like `name` (case and punctuation ignored).
    pub fn nodes_named(&self, name: &str) -> &[NodeIndex] {
        self.index
            .by_name
            .get(&normalize(name))
            .map_or(&[], Vec::as_slice)
    }

    /// The row with this id.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.row_id(id).map(|r| &self.rows[r.index()])
    }

    /// The number of the row with this id.
    pub fn row_id(&self, id: &str) -> Option<RowId> {
        self.index.rows.get(&self.rows, id)
    }

    /// The row a fact cites.
    pub fn cited_row(&self, provenance: &Provenance) -> &Row {
        &self.rows[provenance.row.index()]
    }

    /// A fact's quote: text found verbatim in the row it cites.
    pub fn quote(&self, provenance: &Provenance) -> &str {
        &self.snapshot[provenance.quote_span()]
    }

    /// The edges citing a row, in the order the dataset states them.
    pub fn edges_citing(&self, row: RowId) -> &[EdgeIndex] {
        self.facts.edges_by_row.of(row.index())
    }

    /// The nodes whose own provenance cites a row, in the order the dataset states them.
    pub fn nodes_citing(&self, row: RowId) -> &[NodeIndex] {
        self.facts.nodes_by_row.of(row.index())
    }

    /// The edges that name `node` other than as an end (as their group, a basis, a region, a
    /// condition or a scope), each once, in the order the dataset states them.
    pub fn edges_naming(&self, node: NodeIndex) -> &[EdgeIndex] {
        self.facts.naming.of(node.index())
    }

    /// Every edge of a kind, in the order the dataset states them.
    pub fn edges_of_kind(&self, kind: EdgeKind) -> &[EdgeIndex] {
        self.facts.edges_by_kind.of(kind as usize)
    }

    /// The section a row belongs to.
    pub fn section_of(&self, row: &Row) -> &Section {
        &self.sections[row.section()]
    }

    /// The row's text in the snapshot.
    pub fn row_text(&self, row: &Row) -> &str {
        &self.snapshot[row.span()]
    }

    /// Edges in the order the dataset states them.
    pub fn edges(&self) -> impl Iterator<Item = (EdgeIndex, NodeIndex, NodeIndex, &Edge)> {
        self.graph.edge_indices().map(move |e| {
            let (from, to) = self.ends(e);
            (e, from, to, &self.graph[e])
        })
    }

    /// The edges of `kind` leaving `node`, with the node each leads to, in the order the dataset
    /// states them.
    pub fn out_edges(&self, node: NodeIndex, kind: EdgeKind) -> &[(EdgeIndex, NodeIndex)] {
        self.facts.outgoing.of(node, kind)
    }

    /// The edges of `kind` entering `node`, with the node each comes from, in the order the dataset
    /// states them.
    pub fn in_edges(&self, node: NodeIndex, kind: EdgeKind) -> &[(EdgeIndex, NodeIndex)] {
        self.facts.incoming.of(node, kind)
    }

    /// Every edge that touches `node`, either way: `(edge, outgoing, the other end)`, in the order
    /// the dataset states them.
    pub fn edges_at(&self, node: NodeIndex) -> Vec<(EdgeIndex, bool, NodeIndex)> {
        let mut out: Vec<(EdgeIndex, bool, NodeIndex)> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .map(|e| (e.id(), true, e.target()))
            .chain(
                self.graph
                    .edges_directed(node, Direction::Incoming)
                    .map(|e| (e.id(), false, e.source())),
            )
            .collect();
        out.sort_unstable();
        out
    }
}

/// `v` with no room to spare: a loader's vector grown by doubling may hold room for nearly twice
/// its elements, and a shrink in place is not always done by the allocator (mimalloc keeps a block
/// that would only halve). Moved into one of its exact size when more than an eighth is spare.
fn exact<T>(v: Vec<T>) -> Vec<T> {
    if v.capacity() - v.len() <= v.len() / 8 {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.extend(v);
    out
}
