//! A dataset: its files on disk ([`files`], [`model`]), loading and checking them ([`load`](mod@load),
//! [`locate`]), the validated [`Dataset`] itself, and what is made from it without a question
//! ([`summary`] for `lineage check`, [`export`] for `lineage export json`).
//!
//! A loaded, validated dataset: the notice's rows, and the typed graph of what they state.
//!
//! A `Dataset` can only be made by [`crate::dataset::load()`], so holding one means every reference resolves, every
//! quote is found in its row, and every edge joins nodes of the kinds its kind allows.

pub mod error;
pub mod export;
pub mod files;
pub mod load;
pub mod locate;
pub mod model;
mod shape;
pub mod summary;

use std::{collections::BTreeMap, ops::Range};

use rustc_hash::FxHashMap;

use petgraph::{
    graph::{DiGraph, EdgeIndex, NodeIndex},
    visit::EdgeRef,
    Direction,
};

use crate::{
    dataset::model::{EdgeKind, Manifest, NodeDef, NodeKind, Provenance},
    names::normalize,
};

/// A node is the definition from its file, validated.
pub type Node = NodeDef;

/// A section of the notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// Its rows, as indexes into [`Dataset::rows`].
    pub rows: Range<usize>,
}

/// A row of a table, or a paragraph of a prose section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub anchor: String,
    /// Index into [`Dataset::sections`].
    pub section: usize,
    /// Byte range of the row in the snapshot: from its anchor to the next row's anchor.
    pub span: Range<usize>,
}

/// A legal basis as it applies to a `used-for` edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedBasis {
    pub basis: NodeIndex,
    pub qualifier: Option<String>,
}

/// An edge, with its references resolved to nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub kind: EdgeKind,
    pub provenance: Provenance,
    /// Why the tool reads the notice this way, when the edge is not the notice's own statement.
    pub derived: Option<String>,
    pub group: Option<NodeIndex>,
    pub bases: Vec<AppliedBasis>,
    pub qualifier: Option<String>,
    pub regions: Vec<NodeIndex>,
    pub conditions: Vec<NodeIndex>,
    pub period: Option<String>,
    /// `has-basis`: the data items the basis covers, when the notice limits it to some; empty: all.
    pub only_for: Vec<NodeIndex>,
    /// `has-basis`: the recipients whose sharing the basis covers, when the notice limits it; empty:
    /// the whole purpose.
    pub only_sharing_with: Vec<NodeIndex>,
}

/// A validated dataset.
///
/// Its fields are private: everything is reached through methods, so the graph and the indexes built
/// beside it can never disagree.
#[derive(Debug, Clone)]
pub struct Dataset {
    manifest: Manifest,
    /// Where it was loaded from, as named in messages.
    origin: String,
    /// The notice's text, which every quote is found in.
    snapshot: String,
    /// `sha256:` and the hex digest of the manifest, the data files and the snapshot, in load order.
    content_hash: String,
    sections: Vec<Section>,
    rows: Vec<Row>,
    graph: DiGraph<Node, Edge>,
    index: Index,
    /// The edges leaving each node, by kind.
    outgoing: Adjacency,
    /// The edges entering each node, by kind.
    incoming: Adjacency,
}

/// Each node's edges of one direction, grouped by kind: a question walks only the edges of the kind it
/// follows, and never allocates to do so.
#[derive(Debug, Clone, Default)]
struct Adjacency {
    /// Where each node's entries start in `entries`; one more than there are nodes.
    starts: Vec<usize>,
    /// Every edge as `(edge, the other end)`, sorted by node, then kind, then edge.
    entries: Vec<(EdgeIndex, NodeIndex)>,
    /// The kind of each entry, beside it.
    kinds: Vec<EdgeKind>,
}

impl Adjacency {
    fn build(graph: &DiGraph<Node, Edge>, dir: Direction) -> Adjacency {
        let mut all: Vec<(NodeIndex, EdgeKind, EdgeIndex, NodeIndex)> = graph
            .edge_references()
            .map(|e| match dir {
                Direction::Outgoing => (e.source(), e.weight().kind, e.id(), e.target()),
                Direction::Incoming => (e.target(), e.weight().kind, e.id(), e.source()),
            })
            .collect();
        all.sort_unstable();
        let mut starts = Vec::with_capacity(graph.node_count() + 1);
        let mut at = 0;
        for node in 0..graph.node_count() {
            starts.push(at);
            while at < all.len() && all[at].0.index() == node {
                at += 1;
            }
        }
        starts.push(all.len());
        Adjacency {
            starts,
            kinds: all.iter().map(|e| e.1).collect(),
            entries: all.into_iter().map(|e| (e.2, e.3)).collect(),
        }
    }

    fn of(&self, node: NodeIndex, kind: EdgeKind) -> &[(EdgeIndex, NodeIndex)] {
        let (Some(&from), Some(&to)) = (
            self.starts.get(node.index()),
            self.starts.get(node.index() + 1),
        ) else {
            return &[];
        };
        let kinds = &self.kinds[from..to];
        let lo = kinds.partition_point(|&k| k < kind);
        let hi = kinds.partition_point(|&k| k <= kind);
        &self.entries[from + lo..from + hi]
    }
}

/// What the loader hands over once every check has passed.
pub(crate) struct Parts {
    pub(crate) manifest: Manifest,
    pub(crate) origin: String,
    pub(crate) snapshot: String,
    pub(crate) content_hash: String,
    pub(crate) sections: Vec<Section>,
    pub(crate) rows: Vec<Row>,
    pub(crate) graph: DiGraph<Node, Edge>,
    pub(crate) index: Index,
}

/// Lookups by id, by kind and by normalised name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub(crate) by_id: FxHashMap<String, NodeIndex>,
    pub(crate) by_kind: BTreeMap<NodeKind, Vec<NodeIndex>>,
    pub(crate) by_name: FxHashMap<String, Vec<NodeIndex>>,
    pub(crate) rows: FxHashMap<String, usize>,
}

impl Index {
    pub(crate) fn add_node(&mut self, index: NodeIndex, node: &Node) {
        self.by_id.insert(node.id.clone(), index);
        self.by_kind.entry(node.kind).or_default().push(index);
        let names = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        for name in names {
            let entry = self.by_name.entry(normalize(name)).or_default();
            if !entry.contains(&index) {
                entry.push(index);
            }
        }
    }
}

impl Dataset {
    /// Only the loader makes a dataset, from parts it has checked.
    pub(crate) fn from_parts(parts: Parts) -> Dataset {
        let Parts {
            manifest,
            origin,
            snapshot,
            content_hash,
            sections,
            rows,
            graph,
            index,
        } = parts;
        let outgoing = Adjacency::build(&graph, Direction::Outgoing);
        let incoming = Adjacency::build(&graph, Direction::Incoming);
        Dataset {
            manifest,
            origin,
            snapshot,
            content_hash,
            sections,
            rows,
            graph,
            index,
            outgoing,
            incoming,
        }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Where the dataset was loaded from, as messages name it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The notice's text, which every quote is found in.
    pub fn snapshot(&self) -> &str {
        &self.snapshot
    }

    /// `sha256:` and the hex digest of the manifest, the data files and the snapshot, in load order.
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

    /// The nodes whose name or an alias normalises like `name` (case and punctuation ignored).
    pub fn nodes_named(&self, name: &str) -> &[NodeIndex] {
        self.index
            .by_name
            .get(&normalize(name))
            .map_or(&[], Vec::as_slice)
    }

    /// The row with this id.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.index.rows.get(id).map(|&i| &self.rows[i])
    }

    /// The section a row belongs to.
    pub fn section_of(&self, row: &Row) -> &Section {
        &self.sections[row.section]
    }

    /// The row's text in the snapshot.
    pub fn row_text(&self, row: &Row) -> &str {
        &self.snapshot[row.span.clone()]
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
        self.outgoing.of(node, kind)
    }

    /// The edges of `kind` entering `node`, with the node each comes from, in the order the dataset
    /// states them.
    pub fn in_edges(&self, node: NodeIndex, kind: EdgeKind) -> &[(EdgeIndex, NodeIndex)] {
        self.incoming.of(node, kind)
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
