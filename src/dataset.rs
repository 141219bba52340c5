//! A loaded, validated dataset: the notice's rows, and the typed graph of what they state.
//!
//! A `Dataset` can only be made by [`crate::load()`], so holding one means every reference resolves, every
//! quote is found in its row, and every edge joins nodes of the kinds its kind allows.

use std::{
    collections::{BTreeMap, HashMap},
    ops::Range,
};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::{
    model::{EdgeKind, Manifest, NodeDef, NodeKind, Provenance},
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
}

/// A validated dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub manifest: Manifest,
    /// Where it was loaded from, as named in messages.
    pub origin: String,
    /// The notice's text, which every quote is found in.
    pub snapshot: String,
    /// `sha256:` and the hex digest of the manifest, the data files and the snapshot, in load order.
    pub content_hash: String,
    pub sections: Vec<Section>,
    pub rows: Vec<Row>,
    pub graph: DiGraph<Node, Edge>,
    pub(crate) index: Index,
}

/// Lookups by id, by kind and by normalised name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub(crate) by_id: HashMap<String, NodeIndex>,
    pub(crate) by_kind: BTreeMap<NodeKind, Vec<NodeIndex>>,
    pub(crate) by_name: HashMap<String, Vec<NodeIndex>>,
    pub(crate) rows: HashMap<String, usize>,
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
    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    pub fn edge(&self, index: EdgeIndex) -> &Edge {
        &self.graph[index]
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

    /// Every normalised name and alias, with the nodes it names.
    pub fn names(&self) -> impl Iterator<Item = (&str, &[NodeIndex])> {
        self.index
            .by_name
            .iter()
            .map(|(name, nodes)| (name.as_str(), nodes.as_slice()))
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
            // invariant: the index comes from this graph's own edge_indices().
            let (from, to) = self.graph.edge_endpoints(e).expect("edge of this graph");
            (e, from, to, &self.graph[e])
        })
    }
}
