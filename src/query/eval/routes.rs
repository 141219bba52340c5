//! `every route from <source> to <recipient>` and `recipients reachable from <source>`: how data
//! from a source may reach a recipient, following the notice's statements in the direction data
//! flows, whatever way each edge is stored.
//!
//! The steps a route may take (`docs/QUERY_LANGUAGE.md`, "Routes from a source"):
//!
//! | from | by | to |
//! | --- | --- | --- |
//! | a source | `collected-from` | the data or category it provides |
//! | a category a source provides | `in-category`, walked back | the items the same row names in it (as `what comes from <source>` reads that row) |
//! | a data item | `in-category` | its categories |
//! | a data item or category | `used-for` | a purpose |
//! | a data item or category | `may-be-shared-with`, `processed-by` | a recipient |
//! | a purpose | `discloses-to` | a recipient (an edge that names its data carries only data within or containing it) |
//! | a recipient | `includes` | a recipient named inside it |
//!
//! The walks keep no strings: node indices, stamps and flat vectors; cells are built only for the
//! rows shown, at the end.

use petgraph::graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap;

use std::{
    cell::OnceCell,
    sync::{Arc, OnceLock},
};

use super::{
    cells::{evidence_list, new_evidence, new_node_ref},
    col, Eval, EVIDENCE, LENGTH, PATH, RECIPIENT, SOURCE,
};
use crate::{
    answer::{Cell, Column, NodeRef, Row, RowSource, Rows, Str},
    dataset::{
        facts::RowId,
        model::{EdgeKind, NodeKind},
        Dataset,
    },
    query::ast::Named,
    relation::{Cite, Region, Relations},
};

const THROUGH: Column = col("through", "Through");

/// The edge kinds data leaves a node of `kind` by, in the notice's direction of flow (besides the
/// walk back from a source's category to the items its row names).
fn flow_kinds(kind: NodeKind) -> &'static [EdgeKind] {
    match kind {
        NodeKind::Source => &[EdgeKind::CollectedFrom],
        NodeKind::Data => &[
            EdgeKind::InCategory,
            EdgeKind::UsedFor,
            EdgeKind::MayBeSharedWith,
            EdgeKind::ProcessedBy,
        ],
        NodeKind::Category => &[EdgeKind::UsedFor, EdgeKind::MayBeSharedWith],
        NodeKind::Purpose => &[EdgeKind::DisclosesTo],
        NodeKind::Recipient => &[EdgeKind::Includes],
        _ => &[],
    }
}

/// The routes a walk found: how many in all, and the first `keep` of each length (in edges), each
/// as its nodes, flat.
struct Found {
    total: u64,
    keep: usize,
    by_length: Vec<Vec<NodeIndex>>,
    /// The search took [`MAX_ROUTE_STEPS`] steps and stopped: `total` is a lower bound.
    stopped: bool,
}

/// The most steps `every route from` takes (a step: one next node considered). Past it the search
/// stops and the answer says so, with the routes found: only a hostile notice (recipients that
/// include one another in a lattice, whose routes double with each level) comes near it: Q3 of the
/// benchmark's org map, every route of 2,171 counted, takes about a millisecond.
pub const MAX_ROUTE_STEPS: u64 = 50_000_000;

impl Found {
    fn record(&mut self, path: &[NodeIndex], last: NodeIndex) {
        self.total += 1;
        let edges = path.len();
        if self.by_length.len() <= edges {
            self.by_length.resize_with(edges + 1, Vec::new);
        }
        let bucket = &mut self.by_length[edges];
        if bucket.len() / (edges + 1) < self.keep {
            bucket.extend_from_slice(path);
            bucket.push(last);
        }
    }

    /// The routes kept, shortest first, then in the order found; at most `keep`.
    fn routes(&self) -> impl Iterator<Item = &[NodeIndex]> {
        self.by_length
            .iter()
            .enumerate()
            .filter(|(edges, _)| *edges > 0)
            .flat_map(|(edges, flat)| flat.chunks(edges + 1))
            .take(self.keep)
    }
}

/// Marks a node once per expansion, without clearing: a stamp per node.
struct Stamps {
    marks: Vec<u32>,
    now: u32,
}

impl Stamps {
    fn new(nodes: usize) -> Stamps {
        Stamps {
            marks: vec![0; nodes],
            now: 0,
        }
    }

    /// A new round: no node is marked.
    fn next(&mut self) {
        if self.now == u32::MAX {
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.now = 0;
        }
        self.now += 1;
    }

    /// Marks `node`; whether it was not marked in this round.
    fn mark(&mut self, node: NodeIndex) -> bool {
        let m = &mut self.marks[node.index()];
        let fresh = *m != self.now;
        *m = self.now;
        fresh
    }
}

impl Eval<'_> {
    /// Every step data may take from `at`, having come from `prev` (the node before it on the
    /// route): each edge and the node it leads to, in the dataset's order within each kind.
    fn flow_steps(
        &self,
        prev: Option<NodeIndex>,
        at: NodeIndex,
        visit: &mut impl FnMut(EdgeIndex, NodeIndex),
    ) {
        let ds = self.ds;
        let kind = ds.node(at).kind;
        for &edge_kind in flow_kinds(kind) {
            for &(edge, next) in ds.out_edges(at, edge_kind) {
                if edge_kind != EdgeKind::DisclosesTo || self.carries(edge, prev) {
                    visit(edge, next);
                }
            }
        }
        if kind == NodeKind::Category {
            if let Some(source) = prev.filter(|&p| ds.node(p).kind == NodeKind::Source) {
                for &(placed, item) in ds.in_edges(at, EdgeKind::InCategory) {
                    if self.row_names(source, at, placed) {
                        visit(placed, item);
                    }
                }
            }
        }
    }

    /// Whether one node's data lies within the other's or contains it, for [`carries`].
    fn placed(&self) -> impl Fn(NodeIndex, NodeIndex) -> bool + '_ {
        |d, n| self.rel.placed_in(d, n).is_some() || self.rel.placed_in(n, d).is_some()
    }

    fn carries(&self, edge: EdgeIndex, prev: Option<NodeIndex>) -> bool {
        carries(self.ds, &self.placed(), edge, prev)
    }

    fn row_names(&self, source: NodeIndex, category: NodeIndex, placed: EdgeIndex) -> bool {
        row_names(self.ds, source, category, placed)
    }

    fn route_cites(&self, route: &[NodeIndex]) -> Vec<Cite> {
        route_cites(self.ds, &self.placed(), route)
    }

    /// Whether some step of the route walks from a source's category back to an item its row
    /// names.
    fn walks_back(&self, route: &[NodeIndex]) -> bool {
        route.windows(3).any(|w| {
            self.ds.node(w[0]).kind == NodeKind::Source
                && self.ds.node(w[1]).kind == NodeKind::Category
                && self.ds.node(w[2]).kind == NodeKind::Data
        })
    }
}

// ----- the evidence of a route: what the rows made only when written read too -----

/// Whether one node's data lies within the other's or contains it (either way round).
type Placed<'p> = &'p dyn Fn(NodeIndex, NodeIndex) -> bool;

/// Whether the row of the `in-category` edge `placed` states that `source` provides `category`:
/// the item it places there is data of the category from that source.
fn row_names(ds: &Dataset, source: NodeIndex, category: NodeIndex, placed: EdgeIndex) -> bool {
    let row = ds.edge(placed).provenance.row;
    ds.in_edges(category, EdgeKind::CollectedFrom)
        .iter()
        .any(|&(e, s)| s == source && ds.edge(e).provenance.row == row)
}

/// Whether a `discloses-to` edge carries the data a route brings to its purpose from `prev`: every
/// edge that names no data does; one that names data, only data within it or containing it.
fn carries(ds: &Dataset, placed: Placed, edge: EdgeIndex, prev: Option<NodeIndex>) -> bool {
    let named = ds.edge(edge).data();
    named.is_empty() || prev.is_some_and(|d| named.iter().any(|&n| placed(d, n)))
}

/// The edges of one step of a route, `a` to `b` (`prev` before `a`): every edge that states it (two
/// parallel statements are one step, with both as evidence).
fn step_cites(
    ds: &Dataset,
    placed: Placed,
    prev: Option<NodeIndex>,
    (a, b): (NodeIndex, NodeIndex),
    out: &mut Vec<Cite>,
) {
    let (kind_a, kind_b) = (ds.node(a).kind, ds.node(b).kind);
    let walked_back = kind_a == NodeKind::Category
        && kind_b == NodeKind::Data
        && prev.is_some_and(|p| ds.node(p).kind == NodeKind::Source);
    if walked_back {
        for &(edge, category) in ds.out_edges(b, EdgeKind::InCategory) {
            if category == a && row_names(ds, prev.unwrap_or(a), a, edge) {
                out.push(Cite::Edge(edge));
            }
        }
        return;
    }
    for &kind in flow_kinds(kind_a) {
        // The shorter side of the step is searched: a hub has many edges of a kind.
        let (outgoing, incoming) = (ds.out_edges(a, kind), ds.in_edges(b, kind));
        let mut take = |edge: EdgeIndex| {
            if kind != EdgeKind::DisclosesTo || carries(ds, placed, edge, prev) {
                out.push(Cite::Edge(edge));
            }
        };
        if outgoing.len() <= incoming.len() {
            outgoing.iter().filter(|e| e.1 == b).for_each(|e| take(e.0));
        } else {
            incoming.iter().filter(|e| e.1 == a).for_each(|e| take(e.0));
        }
    }
}

/// The evidence of a route: the edges of each step, in order.
fn route_cites(ds: &Dataset, placed: Placed, route: &[NodeIndex]) -> Vec<Cite> {
    let mut cites = Vec::with_capacity(route.len());
    for i in 1..route.len() {
        let prev = i.checked_sub(2).map(|p| route[p]);
        step_cites(ds, placed, prev, (route[i - 1], route[i]), &mut cites);
    }
    cites
}

// ----- every route from a source to a recipient -----

impl Eval<'_> {
    pub(super) fn routes(
        &mut self,
        source: &Named,
        recipient: &Named,
        steps: Option<u32>,
        limit: Option<u32>,
    ) {
        self.resolve(source);
        self.resolve(recipient);
        let columns = [LENGTH, PATH, EVIDENCE];
        let title = format!(
            "Every route from {} to {}",
            self.label(source.node),
            self.label(recipient.node)
        );
        self.start("routes", title, &columns);
        let max_edges = steps.map_or(usize::MAX, |n| n as usize);
        let keep = limit.map_or(usize::MAX, |n| n as usize);
        let found = self.walk_routes(source.node, recipient.node, max_edges, keep);
        let mut walked_back = false;
        for route in found.routes() {
            walked_back |= self.walks_back(route);
            let cites = self.route_cites(route);
            let row = vec![
                self.cells.count((route.len() - 1) as u64),
                self.cells.nodes(route),
                self.cells.evidence(&cites, &[]),
            ];
            self.answer.rows.push(Row(row));
        }
        self.route_notes(&found, steps, walked_back);
        if found.total == 0 {
            self.not_stated(format!(
                "a route by which data from `{}` reaches `{}`{}",
                self.name(source.node),
                self.name(recipient.node),
                steps.map_or(String::new(), |n| format!(" in at most {n} steps")),
            ));
        }
    }

    /// The notes of `every route`: how many routes there are in all, how many are shown, how they
    /// were read and ordered.
    fn route_notes(&mut self, found: &Found, steps: Option<u32>, walked_back: bool) {
        let shown = self.answer.rows.len() as u64;
        let total = found.total;
        let routes = if total == 1 { "route" } else { "routes" };
        let at_least = if found.stopped { "at least " } else { "" };
        let mut note = match steps {
            Some(n) => format!("{at_least}{total} {routes} in all, of at most {n} steps"),
            None => format!("{at_least}{total} {routes} in all"),
        };
        if found.stopped {
            note.push_str(&format!(
                ": the search stopped after {MAX_ROUTE_STEPS} steps; `up to <n> steps` asks for shorter routes"
            ));
            self.answer.truncated = true;
        }
        if shown < total {
            note.push_str(&shown_of(shown, found.keep));
            self.answer.truncated = true;
        }
        if total > 1 {
            note.push_str("; shortest first, then in the notice's order");
        }
        self.answer.notes.push(note);
        self.answer.notes.push(
            "a route follows the notice's statements in the direction data flows: collected from the source, in a category, used for a purpose, disclosed or shared with a recipient, and on to the recipients named inside it".to_string(),
        );
        if walked_back {
            self.answer.notes.push(
                "a route from a source's category to a data item reads the row that states the source as saying the items it names in that category come from it (as `what comes from <source>` lists them)".to_string(),
            );
        }
    }

    /// Every simple route from `from` to `to` of at most `max_edges` steps, depth first, without
    /// recursion: each node's next nodes once (parallel edges are one step).
    fn walk_routes(&self, from: NodeIndex, to: NodeIndex, max_edges: usize, keep: usize) -> Found {
        let mut found = Found {
            total: 0,
            keep,
            by_length: Vec::new(),
            stopped: false,
        };
        let mut steps = 0u64;
        let mut stamps = Stamps::new(self.ds.node_count());
        let mut on_path = vec![false; self.ds.node_count()];
        let mut path = vec![from];
        on_path[from.index()] = true;
        let mut pool: Vec<Vec<NodeIndex>> = Vec::new();
        let mut frames = vec![(self.next_nodes(None, from, &mut stamps, Vec::new()), 0usize)];
        while let Some((nexts, at)) = frames.last_mut() {
            let Some(&next) = nexts.get(*at) else {
                if let Some((done, _)) = frames.pop() {
                    pool.push(done);
                }
                if let Some(left) = path.pop() {
                    on_path[left.index()] = false;
                }
                continue;
            };
            *at += 1;
            steps += 1;
            if steps > MAX_ROUTE_STEPS {
                found.stopped = true;
                break;
            }
            if next == to {
                found.record(&path, to);
                continue;
            }
            if on_path[next.index()] || path.len() >= max_edges {
                continue;
            }
            let prev = path.last().copied();
            if path.len() + 1 == max_edges {
                // One step left: only a step to `to` counts, and no frame is needed.
                let mut reaches = false;
                self.flow_steps(prev, next, &mut |_, n| reaches |= n == to);
                if reaches {
                    path.push(next);
                    found.record(&path, to);
                    path.pop();
                }
                continue;
            }
            let buffer = pool.pop().unwrap_or_default();
            let nexts = self.next_nodes(prev, next, &mut stamps, buffer);
            path.push(next);
            on_path[next.index()] = true;
            frames.push((nexts, 0));
        }
        found
    }

    /// The nodes one step from `at` (each once), into `buffer`.
    fn next_nodes(
        &self,
        prev: Option<NodeIndex>,
        at: NodeIndex,
        stamps: &mut Stamps,
        mut buffer: Vec<NodeIndex>,
    ) -> Vec<NodeIndex> {
        buffer.clear();
        stamps.next();
        self.flow_steps(prev, at, &mut |_, next| {
            if stamps.mark(next) {
                buffer.push(next);
            }
        });
        buffer
    }
}

// ----- the recipients data from each source may reach -----

/// One source's walk: which nodes it reached, and from where.
struct Reach {
    stamps: Stamps,
    /// The node each reached node was first reached from.
    parent: Vec<NodeIndex>,
    /// A recipient reached by a `discloses-to` edge that names its data: the data and the purpose
    /// the route takes.
    named: FxHashMap<NodeIndex, (NodeIndex, NodeIndex)>,
    queue: Vec<NodeIndex>,
    recipients: Vec<NodeIndex>,
    /// The purposes with a `discloses-to` edge that names its data.
    naming: Vec<bool>,
}

impl Eval<'_> {
    pub(super) fn reachable(&mut self, source: Option<&Named>, limit: Option<u32>) {
        if let Some(s) = source {
            self.resolve(s);
        }
        let columns = [SOURCE, RECIPIENT, THROUGH, EVIDENCE];
        let title = match source {
            Some(s) => format!("Recipients reachable from {}", self.label(s.node)),
            None => "Recipients reachable from every source".to_string(),
        };
        self.start("reachable", title, &columns);
        let sources: Vec<NodeIndex> = match source {
            Some(s) => vec![s.node],
            None => self.ds.nodes_of_kind(NodeKind::Source).to_vec(),
        };
        let keep = limit.map_or(usize::MAX, |n| n as usize);
        let mut reach = self.new_reach();
        let mut total = 0u64;
        let mut rows = ReachRows::new(self.ds, self.rel.region());
        for &s in &sources {
            self.reach_from(s, &mut reach);
            total += reach.recipients.len() as u64;
            for &r in &reach.recipients {
                if rows.count() >= keep {
                    break;
                }
                route_into(&reach, s, r, &mut rows.nodes);
                rows.starts.push(rows.nodes.len());
            }
        }
        self.answer.rows = Rows::deferred(Arc::new(rows));
        self.reach_notes(total, keep, source.is_none());
    }

    fn reach_notes(&mut self, total: u64, keep: usize, every: bool) {
        let shown = self.answer.rows.len() as u64;
        let pairs = if every {
            "source and recipient pairs"
        } else {
            "recipients"
        };
        let mut note = format!("{total} {pairs} in all");
        if shown < total {
            note.push_str(&shown_of(shown, keep));
            self.answer.truncated = true;
        }
        self.answer.notes.push(note);
        self.answer.notes.push(
            "each row shows one route, the shortest (the first in the notice's order); `every route from <source> to <recipient>` lists them all".to_string(),
        );
        if total == 0 {
            let from = if every { "any source" } else { "this source" };
            self.not_stated(format!("a recipient that data from {from} reaches"));
        }
    }

    fn new_reach(&self) -> Reach {
        let n = self.ds.node_count();
        let mut naming = vec![false; n];
        for &e in self.ds.edges_of_kind(EdgeKind::DisclosesTo) {
            if !self.ds.edge(e).data().is_empty() {
                naming[self.ds.ends(e).0.index()] = true;
            }
        }
        Reach {
            stamps: Stamps::new(n),
            parent: vec![NodeIndex::new(0); n],
            named: FxHashMap::default(),
            queue: Vec::new(),
            recipients: Vec::new(),
            naming,
        }
    }

    /// Walks from `source` breadth first; `reach.recipients` holds the recipients reached, in the
    /// dataset's order.
    fn reach_from(&self, source: NodeIndex, reach: &mut Reach) {
        reach.stamps.next();
        reach.named.clear();
        reach.queue.clear();
        reach.recipients.clear();
        reach.stamps.mark(source);
        reach.queue.push(source);
        let mut head = 0;
        while let Some(&at) = reach.queue.get(head) {
            head += 1;
            let kind = self.ds.node(at).kind;
            let prev = (at != source).then(|| reach.parent[at.index()]);
            let Reach {
                stamps,
                parent,
                queue,
                naming,
                ..
            } = reach;
            let mut purposes_used = false;
            let mut visit = |_: EdgeIndex, next: NodeIndex| {
                purposes_used |= naming[next.index()];
                if stamps.mark(next) {
                    parent[next.index()] = at;
                    queue.push(next);
                }
            };
            if kind == NodeKind::Purpose {
                // A purpose's edges that name their data are taken from each data that uses it.
                for &(edge, next) in self.ds.out_edges(at, EdgeKind::DisclosesTo) {
                    if self.ds.edge(edge).data().is_empty() {
                        visit(edge, next);
                    }
                }
            } else {
                self.flow_steps(prev, at, &mut visit);
            }
            if purposes_used {
                self.reach_named(at, reach);
            }
        }
        let recipients = reach.queue.iter().copied();
        let recipients = recipients.filter(|&n| self.ds.node(n).kind == NodeKind::Recipient);
        reach.recipients.extend(recipients);
        reach.recipients.sort_unstable();
    }

    /// From data `at`: the recipients of its purposes' `discloses-to` edges that name data it lies
    /// within or contains.
    fn reach_named(&self, at: NodeIndex, reach: &mut Reach) {
        for &(_, purpose) in self.ds.out_edges(at, EdgeKind::UsedFor) {
            if !reach.naming[purpose.index()] {
                continue;
            }
            for &(edge, recipient) in self.ds.out_edges(purpose, EdgeKind::DisclosesTo) {
                let named = !self.ds.edge(edge).data().is_empty();
                if named && self.carries(edge, Some(at)) && reach.stamps.mark(recipient) {
                    reach.parent[recipient.index()] = purpose;
                    reach.named.insert(recipient, (at, purpose));
                    reach.queue.push(recipient);
                }
            }
        }
    }
}

/// What a limit left of the rows: "; the first 20 are shown (`limit 20`)".
fn shown_of(shown: u64, limit: usize) -> String {
    match shown {
        1 => format!("; the first is shown (`limit {limit}`)"),
        n => format!("; the first {n} are shown (`limit {limit}`)"),
    }
}

/// The route by which a walk first reached `to` from `from`: its nodes, in order, after `out`'s.
fn route_into(reach: &Reach, from: NodeIndex, to: NodeIndex, out: &mut Vec<NodeIndex>) {
    let start = out.len();
    out.push(to);
    let mut at = to;
    while at != from {
        at = match reach.named.get(&at) {
            Some(&(data, purpose)) => {
                out.push(purpose);
                data
            }
            None => reach.parent[at.index()],
        };
        out.push(at);
    }
    out[start..].reverse();
}

/// The rows of `recipients reachable from`, made only when written: each row's route, as the walk
/// found it (node indices, flat), from which its cells and evidence are made when the row is read.
/// A node reference or section id is made once, the first time a row shows it, and shared by every
/// row after (a source or recipient is named in thousands of rows).
struct ReachRows {
    ds: Dataset,
    region: Option<Region>,
    /// Every row's route, one after another: source first, recipient last.
    nodes: Vec<NodeIndex>,
    /// Where each row's route begins in `nodes`, and where the last one ends.
    starts: Vec<usize>,
    /// Each node's reference, once made (a slot per node, made with the first row read).
    refs: OnceLock<Box<[OnceLock<NodeRef>]>>,
    /// Each section's id.
    sections: OnceLock<Box<[Str]>>,
}

impl ReachRows {
    fn new(ds: &Dataset, region: Option<Region>) -> ReachRows {
        ReachRows {
            ds: ds.clone(),
            region,
            nodes: Vec::new(),
            starts: vec![0],
            refs: OnceLock::new(),
            sections: OnceLock::new(),
        }
    }

    fn refs(&self, nodes: &[NodeIndex]) -> Vec<NodeRef> {
        let made = self
            .refs
            .get_or_init(|| (0..self.ds.node_count()).map(|_| OnceLock::new()).collect());
        let made = |n: NodeIndex| made[n.index()].get_or_init(|| new_node_ref(&self.ds, n));
        nodes.iter().map(|&n| made(n).clone()).collect()
    }

    fn row_and_section(&self, row: RowId) -> (Str, Str) {
        let sections = self.sections.get_or_init(|| {
            let ids = self.ds.sections().iter();
            ids.map(|s| Str::from(s.id.as_str())).collect()
        });
        let r = &self.ds.rows()[row.index()];
        let section = sections.get(r.section()).cloned().unwrap_or_default();
        (Str::from(r.id.as_str()), section)
    }
}

impl RowSource for ReachRows {
    fn count(&self) -> usize {
        self.starts.len() - 1
    }

    fn row(&self, i: usize) -> Row {
        let ds = &self.ds;
        // invariant: `Rows` asks only for rows below `count()`, and each route holds its source and
        // its recipient (`route_into` pushes both; a source is never a recipient).
        let route = &self.nodes[self.starts[i]..self.starts[i + 1]];
        // The relations are made only for a `discloses-to` edge that names its data.
        let rel = OnceCell::new();
        let placed = |d, n| {
            let rel = rel.get_or_init(|| Relations::new(ds, self.region));
            rel.placed_in(d, n).is_some() || rel.placed_in(n, d).is_some()
        };
        let cites = route_cites(ds, &placed, route);
        let row_and_section = |row| self.row_and_section(row);
        let evidence = evidence_list(&cites, |c| new_evidence(ds, c, &row_and_section));
        let last = route.len() - 1;
        Row(vec![
            Cell::Nodes(self.refs(&route[..1])),
            Cell::Nodes(self.refs(&route[last..])),
            Cell::Nodes(self.refs(&route[1..last])),
            Cell::Evidence(evidence),
        ])
    }
}
