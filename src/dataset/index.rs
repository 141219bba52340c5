//! The lookups a dataset builds beside its graph: nodes by id, kind and name; rows by id; edges by
//! node and kind, by kind, by the row they cite and by the nodes they name.
//!
//! Every index is built once, from the finished graph or as the loader adds nodes, and never
//! changes: the dataset gives out only shared references.

use std::collections::BTreeMap;

use petgraph::{
    graph::{DiGraph, EdgeIndex, NodeIndex},
    visit::EdgeRef,
    Direction,
};
use rustc_hash::FxHashMap;

use super::{
    facts::{Edge, Id, Node, RowId},
    model::{EdgeKind, NodeKind, StandsFor},
};
use crate::names::normalize;

/// Lookups by id, by kind and by normalised name, filled as the loader adds nodes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Keys share their text with the nodes' own ids.
    pub(crate) by_id: FxHashMap<Id, NodeIndex>,
    pub(crate) by_kind: BTreeMap<NodeKind, Vec<NodeIndex>>,
    pub(crate) by_name: FxHashMap<String, Vec<NodeIndex>>,
    /// Keys share their text with the rows' own ids.
    pub(crate) rows: FxHashMap<Id, RowId>,
    /// The data nodes that stand for any data (`stands_for: any-data`), in the order added.
    pub(crate) any_data: Vec<NodeIndex>,
}

impl Index {
    /// The index of a graph and rows the loader made before (a compiled dataset): the loader's own,
    /// which adds the nodes and rows in this order.
    pub(crate) fn rebuild(graph: &DiGraph<Node, Edge>, rows: &[super::facts::Row]) -> Index {
        let mut index = Index::default();
        index.by_id.reserve(graph.node_count());
        for node in graph.node_indices() {
            index.add_node(node, &graph[node]);
        }
        index.rows.reserve(rows.len());
        for (i, row) in rows.iter().enumerate() {
            index.rows.insert(row.id.clone(), RowId::new(i));
        }
        index
    }

    pub(crate) fn add_node(&mut self, index: NodeIndex, node: &Node) {
        self.by_id.insert(node.id.clone(), index);
        self.by_kind.entry(node.kind).or_default().push(index);
        if node.stands_for == Some(StandsFor::AnyData) {
            self.any_data.push(index);
        }
        let names = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        for name in names {
            let entry = self.by_name.entry(normalize(name)).or_default();
            if !entry.contains(&index) {
                entry.push(index);
            }
        }
    }
}

/// Items grouped by a small key (a node, a row, a kind): each group is a slice, in the order the
/// items were given. Two flat vectors, whatever the number of groups.
#[derive(Debug, Clone, Default)]
pub(crate) struct Groups<T> {
    /// Where each key's items start in `items`; one more than there are keys.
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Groups<T> {
    /// Groups `pairs` of `(key, item)` with keys below `keys`, keeping their order within a key.
    pub(crate) fn build(keys: usize, pairs: &[(usize, T)]) -> Groups<T> {
        let mut starts = vec![0u32; keys + 1];
        for &(key, _) in pairs {
            starts[key + 1] += 1;
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next: Vec<u32> = starts[..keys].to_vec();
        let mut items = vec![T::default(); pairs.len()];
        for &(key, item) in pairs {
            items[next[key] as usize] = item;
            next[key] += 1;
        }
        Groups { starts, items }
    }

    /// The items of `key`, or none for a key out of range.
    pub(crate) fn of(&self, key: usize) -> &[T] {
        match (self.starts.get(key), self.starts.get(key + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// The facts of a dataset by what they are about: built once the graph is complete.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// The edges leaving each node, by kind.
    pub(crate) outgoing: Adjacency,
    /// The edges entering each node, by kind.
    pub(crate) incoming: Adjacency,
    /// Every edge, by kind.
    pub(crate) edges_by_kind: Groups<EdgeIndex>,
    /// The edges citing each row.
    pub(crate) edges_by_row: Groups<EdgeIndex>,
    /// The nodes citing each row (by their own provenance, not their aliases').
    pub(crate) nodes_by_row: Groups<NodeIndex>,
    /// The edges naming each node other than as an end: as group, basis, region, condition or scope.
    pub(crate) naming: Groups<EdgeIndex>,
}

impl Facts {
    pub(crate) fn build(graph: &DiGraph<Node, Edge>, rows: usize) -> Facts {
        let edges: Vec<(EdgeIndex, &Edge)> = graph.edge_indices().map(|e| (e, &graph[e])).collect();
        let by_kind: Vec<(usize, EdgeIndex)> =
            edges.iter().map(|&(e, w)| (w.kind as usize, e)).collect();
        let by_row: Vec<(usize, EdgeIndex)> = edges
            .iter()
            .map(|&(e, w)| (w.provenance.row.index(), e))
            .collect();
        let mut naming: Vec<(usize, EdgeIndex)> = Vec::new();
        for &(e, w) in &edges {
            let start = naming.len();
            naming.extend(w.named().map(|n| (n.index(), e)));
            // A node named twice by one edge (a basis that is also a scope) is one mention.
            let mine = &mut naming[start..];
            mine.sort_unstable();
            let unique = dedup_len(mine);
            naming.truncate(start + unique);
        }
        let nodes_by_row: Vec<(usize, NodeIndex)> = graph
            .node_indices()
            .map(|n| (graph[n].provenance.row.index(), n))
            .collect();
        let (outgoing, incoming) = Adjacency::both(graph);
        Facts {
            outgoing,
            incoming,
            edges_by_kind: Groups::build(EdgeKind::ALL.len(), &by_kind),
            edges_by_row: Groups::build(rows, &by_row),
            nodes_by_row: Groups::build(rows, &nodes_by_row),
            naming: Groups::build(graph.node_count(), &naming),
        }
    }
}

/// Moves the distinct items of a sorted slice to its front; returns how many there are.
fn dedup_len<T: PartialEq + Copy>(sorted: &mut [T]) -> usize {
    let mut unique = 0;
    for i in 0..sorted.len() {
        if unique == 0 || sorted[i] != sorted[unique - 1] {
            sorted[unique] = sorted[i];
            unique += 1;
        }
    }
    unique
}

/// Each node's edges of one direction, grouped by kind: a question walks only the edges of the kind it
/// follows, and never allocates to do so.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    /// Where each node's entries start in `entries`; one more than there are nodes.
    starts: Vec<usize>,
    /// Every edge as `(edge, the other end)`, sorted by node, then kind, then edge.
    entries: Vec<(EdgeIndex, NodeIndex)>,
    /// The kind of each entry, beside it.
    kinds: Vec<EdgeKind>,
}

/// A graph this large has its two adjacencies built at once, on two threads.
const BUILT_APART: usize = 100_000;

impl Adjacency {
    /// The outgoing and the incoming adjacency of `graph`.
    fn both(graph: &DiGraph<Node, Edge>) -> (Adjacency, Adjacency) {
        let outgoing = || Adjacency::build(graph, Direction::Outgoing);
        if graph.edge_count() < BUILT_APART {
            return (outgoing(), Adjacency::build(graph, Direction::Incoming));
        }
        std::thread::scope(|scope| {
            // Where no thread can be started, one is built after the other.
            let apart = std::thread::Builder::new().spawn_scoped(scope, outgoing);
            let incoming = Adjacency::build(graph, Direction::Incoming);
            let built = apart.ok().and_then(|h| h.join().ok());
            (built.unwrap_or_else(outgoing), incoming)
        })
    }

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

    pub(crate) fn of(&self, node: NodeIndex, kind: EdgeKind) -> &[(EdgeIndex, NodeIndex)] {
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
