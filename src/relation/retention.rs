//! Retention statements: what the notice says about how long data is kept when it states criteria
//! ("as long as the account is open") rather than a period for a purpose (`retained-for`).

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashSet;

use super::{Cite, Relations, StatedRetention};
use crate::dataset::model::{EdgeKind, NodeKind};

/// The retention statements that bear on the data a name stands for.
#[derive(Debug, Default)]
pub struct RetentionStatements {
    /// Those the notice ties to the data: through `retained-under` on an item, an item containing it,
    /// or a category it falls in. Each statement edge once.
    pub tied: Vec<StatedRetention>,
    /// The items asked about that a tied statement covers.
    pub covered: FxHashSet<NodeIndex>,
    /// The statements tied to no data at all (the notice words their scope itself), in notice order.
    pub untied: Vec<NodeIndex>,
}

impl Relations<'_> {
    /// The retention statements for the data a name stands for (`None`: every item).
    pub fn retention_statements(&self, data: Option<NodeIndex>) -> RetentionStatements {
        let mut out = RetentionStatements::default();
        let mut seen = FxHashSet::default();
        let mut tie = |out: &mut RetentionStatements, subject: NodeIndex, via: &[Cite]| {
            let edges = self.ds.out_edges(subject, EdgeKind::RetainedUnder);
            for &(edge, statement) in edges {
                if seen.insert(edge) {
                    let cites = via.iter().copied().chain([Cite::Edge(edge)]).collect();
                    out.tied.push(StatedRetention {
                        subject,
                        statement,
                        cites,
                    });
                }
            }
            !edges.is_empty()
        };
        match data {
            Some(d) if self.ds.node(d).kind == NodeKind::Category => {
                for (category, via) in self.parts(d) {
                    tie(&mut out, category, &via);
                }
            }
            None => {
                for &category in self.ds.nodes_of_kind(NodeKind::Category) {
                    tie(&mut out, category, &[]);
                }
            }
            Some(_) => {}
        }
        for member in self.members(data) {
            let mut covered = false;
            for (whole, via) in self.wholes(member.item) {
                let path: Vec<Cite> = member.cites.iter().copied().chain(via).collect();
                covered |= tie(&mut out, whole, &path);
            }
            for m in self.reaching_categories(member.item) {
                let path: Vec<Cite> = member.cites.iter().copied().chain(m.cites).collect();
                covered |= tie(&mut out, m.category, &path);
            }
            if covered {
                out.covered.insert(member.item);
            }
        }
        out.untied = self
            .ds
            .nodes_of_kind(NodeKind::Retention)
            .iter()
            .copied()
            .filter(|&s| self.ds.in_edges(s, EdgeKind::RetainedUnder).is_empty())
            .collect();
        out
    }
}
