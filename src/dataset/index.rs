//! The lookups a dataset builds beside its graph: nodes by id, kind and name; rows by id; edges by
//! node and kind, by kind, by the row they cite and by the nodes they name.
//!
//! Every index is built once, from the finished graph or as the loader adds nodes, and never
//! changes: the dataset gives out only shared references.

use std::collections::BTreeMap;

use hashbrown::hash_table::{Entry, HashTable};
use petgraph::{
    graph::{DiGraph, EdgeIndex, NodeIndex},
    visit::EdgeRef,
    Direction,
};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

use super::{
    facts::{Edge, Id, Node, Row, RowId},
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
    pub(crate) rows: RowIndex,
    /// The data nodes that stand for any data (`stands_for: any-data`), in the order added.
    pub(crate) any_data: Vec<NodeIndex>,
}

impl Index {
    /// The index of a graph and rows the loader made before (a compiled dataset): the loader's own,
    /// which adds the nodes and rows in this order.
    pub(crate) fn rebuild(graph: &DiGraph<Node, Edge>, rows: &[Row]) -> Index {
        let mut index = Index::default();
        index.by_id.reserve(graph.node_count());
        for node in graph.node_indices() {
            index.add_node(node, &graph[node]);
        }
        index.rows.reserve(rows, rows.len());
        for (i, row) in rows.iter().enumerate() {
            index.rows.insert(rows, &row.id, RowId::new(i));
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

/// Each row's number by its id. Only the numbers are held, not the ids: a row's id is read from
/// the rows themselves (`rows`, given to every call), so two million rows cost four bytes each
/// here rather than a second handle on each id.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowIndex(HashTable<RowId>);

impl RowIndex {
    fn hash(id: &str) -> u64 {
        FxBuildHasher.hash_one(id)
    }

    /// The hash of the row numbered `row`; a number with no row (there is none in the index)
    /// hashes as nothing in particular.
    fn hash_of(rows: &[Row], row: RowId) -> u64 {
        rows.get(row.index()).map_or(0, |r| Self::hash(&r.id))
    }

    fn is(rows: &[Row], row: RowId, id: &str) -> bool {
        rows.get(row.index()).is_some_and(|r| r.id == id)
    }

    pub(crate) fn reserve(&mut self, rows: &[Row], more: usize) {
        self.0.reserve(more, |&r| Self::hash_of(rows, r));
    }

    /// The number of the row whose id is `id`.
    pub(crate) fn get(&self, rows: &[Row], id: &str) -> Option<RowId> {
        self.0
            .find(Self::hash(id), |&r| Self::is(rows, r, id))
            .copied()
    }

    /// Makes `id` name `row` (which need not be in `rows` yet); returns the row it named before.
    pub(crate) fn insert(&mut self, rows: &[Row], id: &str, row: RowId) -> Option<RowId> {
        let found = self.0.entry(
            Self::hash(id),
            |&r| Self::is(rows, r, id),
            |&r| Self::hash_of(rows, r),
        );
        match found {
            Entry::Occupied(mut taken) => Some(std::mem::replace(taken.get_mut(), row)),
            Entry::Vacant(free) => {
                free.insert(row);
                None
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
    /// Groups the `(key, item)` pairs that `pairs` gives, with keys below `keys`, keeping their
    /// order within a key. `pairs` is walked twice (to count, then to place) rather than the pairs
    /// collected: at two million edges a list of pairs would be as large as the groups.
    pub(crate) fn build<I>(keys: usize, pairs: impl Fn() -> I) -> Groups<T>
    where
        I: Iterator<Item = (usize, T)>,
    {
        let mut starts = vec![0u32; keys + 1];
        for (key, _) in pairs() {
            starts[key + 1] += 1;
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next: Vec<u32> = starts[..keys].to_vec();
        let mut items = vec![T::default(); starts[keys] as usize];
        for (key, item) in pairs() {
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
        let edges = || graph.edge_indices().map(|e| (e, &graph[e]));
        // A node named twice by one edge (a basis that is also a scope) is one mention: each is
        // kept where the edge first names it (an edge names a handful of nodes, so looking back
        // costs less than a list per edge, and a node's group holds each edge once either way).
        let naming = || {
            edges().flat_map(|(e, w)| {
                w.named()
                    .enumerate()
                    .filter(move |&(i, n)| !w.named().take(i).any(|m| m == n))
                    .map(move |(_, n)| (n.index(), e))
            })
        };
        let (outgoing, incoming) = Adjacency::both(graph);
        Facts {
            outgoing,
            incoming,
            edges_by_kind: Groups::build(EdgeKind::ALL.len(), || {
                edges().map(|(e, w)| (w.kind as usize, e))
            }),
            edges_by_row: Groups::build(rows, || {
                edges().map(|(e, w)| (w.provenance.row.index(), e))
            }),
            nodes_by_row: Groups::build(rows, || {
                graph
                    .node_indices()
                    .map(|n| (graph[n].provenance.row.index(), n))
            }),
            naming: Groups::build(graph.node_count(), naming),
        }
    }
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

    /// Grouped by `(node, kind)` in one counting pass over the edges, which come in edge order: no
    /// list of all edges is sorted, or held beside the adjacency while it is built.
    fn build(graph: &DiGraph<Node, Edge>, dir: Direction) -> Adjacency {
        let kinds = EdgeKind::ALL.len();
        let by_node_kind = Groups::build(graph.node_count() * kinds, || {
            graph.edge_references().map(|e| {
                let (node, other) = match dir {
                    Direction::Outgoing => (e.source(), e.target()),
                    Direction::Incoming => (e.target(), e.source()),
                };
                (
                    node.index() * kinds + e.weight().kind as usize,
                    (e.id(), other),
                )
            })
        });
        let Groups { starts, items } = by_node_kind;
        let mut kind_of = Vec::with_capacity(items.len());
        // invariant: `starts` has one entry more than its keys (`Groups::build`), and a kind's
        // number (`kind as usize`) is its place in `EdgeKind::ALL`, both listed in one order by
        // the `kinds!` macro, so `key % kinds` names the kind the key was made of.
        for key in 0..starts.len() - 1 {
            let count = (starts[key + 1] - starts[key]) as usize;
            kind_of.extend(std::iter::repeat_n(EdgeKind::ALL[key % kinds], count));
        }
        Adjacency {
            starts: starts.iter().step_by(kinds).map(|&s| s as usize).collect(),
            entries: items,
            kinds: kind_of,
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
