//! `path from <a> to <b>`: simple directed routes through the graph, bounded.

use petgraph::{
    graph::{EdgeIndex, NodeIndex},
    visit::EdgeRef,
    Direction,
};

use super::{Eval, EVIDENCE, LENGTH, PATH};
use crate::{
    answer::{Cell, Row},
    query::ast::Named,
    relation::Cite,
};

/// The longest route `path from` follows, in edges.
pub const MAX_PATH_EDGES: usize = 6;
/// The most routes `path from` lists; past it the answer is marked truncated.
pub const MAX_PATHS: usize = 100;
/// The most steps `path from` takes while searching; past it the answer is marked truncated.
pub const MAX_PATH_STEPS: usize = 1_000_000;

impl Eval<'_> {
    pub(super) fn path(&mut self, from: &Named, to: &Named) {
        self.resolve(from);
        self.resolve(to);
        let columns = [LENGTH, PATH, EVIDENCE];
        let title = format!(
            "Routes from {} to {}",
            self.label(from.node),
            self.label(to.node)
        );
        self.start("path", title, &columns);
        let mut paths = self.paths(from.node, to.node);
        if paths.is_empty() && !self.answer.truncated {
            paths = self.paths(to.node, from.node);
            if !paths.is_empty() {
                self.answer.notes.push(format!(
                    "no route leads from `{}` to `{}`; these lead the other way",
                    self.name(from.node),
                    self.name(to.node)
                ));
            }
        }
        paths.sort_by_key(|p| p.len());
        for path in paths {
            let mut text = String::new();
            for (i, &edge) in path.iter().enumerate() {
                let (a, b) = self.ds.ends(edge);
                if i == 0 {
                    text.push_str(self.name(a));
                }
                text.push_str(&format!(
                    " -[{}]-> {}",
                    self.ds.edge(edge).kind,
                    self.name(b)
                ));
            }
            let row = vec![
                Cell::Number(path.len() as u64),
                Cell::Text(text),
                self.cells.evidence(
                    &path.iter().map(|&e| Cite::Edge(e)).collect::<Vec<_>>(),
                    &[],
                ),
            ];
            self.answer.rows.push(Row(row));
        }
        if self.answer.truncated {
            self.answer.notes.push(format!(
                "truncated: at most {MAX_PATHS} routes of at most {MAX_PATH_EDGES} edges are listed"
            ));
        } else {
            self.answer.notes.push(format!(
                "routes of at most {MAX_PATH_EDGES} edges, shortest first"
            ));
        }
    }

    /// Simple directed paths from `from` to `to`, bounded in length, count and search steps.
    fn paths(&mut self, from: NodeIndex, to: NodeIndex) -> Vec<Vec<EdgeIndex>> {
        let mut found = Vec::new();
        let mut stack: Vec<(NodeIndex, Vec<EdgeIndex>, Vec<NodeIndex>)> =
            vec![(from, Vec::new(), vec![from])];
        let mut steps = 0usize;
        while let Some((node, edges, visited)) = stack.pop() {
            steps += 1;
            if steps > MAX_PATH_STEPS || found.len() >= MAX_PATHS {
                self.answer.truncated = true;
                break;
            }
            if node == to && !edges.is_empty() {
                found.push(edges);
                continue;
            }
            if edges.len() >= MAX_PATH_EDGES {
                continue;
            }
            let mut next: Vec<(EdgeIndex, NodeIndex)> = self
                .ds
                .graph()
                .edges_directed(node, Direction::Outgoing)
                .map(|e| (e.id(), e.target()))
                .collect();
            next.sort_unstable();
            for (edge, target) in next.into_iter().rev() {
                if visited.contains(&target) || !self.carries_any(edge, &visited) {
                    continue;
                }
                let mut edges = edges.clone();
                edges.push(edge);
                let mut visited = visited.clone();
                visited.push(target);
                stack.push((target, edges, visited));
            }
        }
        found
    }

    /// Whether a route through `visited` may take `edge`: a `discloses-to` edge that names its data
    /// carries only that data, so the route must have passed through data within it, or containing
    /// it.
    fn carries_any(&self, edge: EdgeIndex, visited: &[NodeIndex]) -> bool {
        let named = self.ds.edge(edge).data();
        named.is_empty()
            || visited.iter().any(|&v| {
                named.iter().any(|&n| {
                    self.rel.placed_in(v, n).is_some() || self.rel.placed_in(n, v).is_some()
                })
            })
    }
}
