//! `processor-not-in-recipient-categories`: a named party the notice says processes data for it,
//! which no recipient category of the category-level sharing statements includes (through the
//! recipient hierarchy, with the dataset's placements). Silent on a notice without such statements.

use petgraph::graph::NodeIndex;

use super::{order, rows, Finding, Kind};
use crate::{
    dataset::model::{EdgeKind, NodeKind, Party},
    relation::{Cite, Relations},
};

pub(super) fn processors_not_in_categories(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let shared = ds.edges_of_kind(EdgeKind::MayBeSharedWith);
    if shared.is_empty() {
        return Vec::new();
    }
    let mut listed: Vec<NodeIndex> = shared.iter().map(|&e| ds.ends(e).1).collect();
    listed.sort();
    listed.dedup();
    let listed_cites: Vec<Cite> = shared.iter().map(|&e| Cite::Edge(e)).collect();
    let mut recipients: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Recipient).to_vec();
    recipients.sort_by_key(|&r| order(ds, r));
    let mut out = Vec::new();
    for r in recipients {
        let node = ds.node(r);
        let processes = ds.in_edges(r, EdgeKind::ProcessedBy);
        let is_processor = node.role.as_deref() == Some("processor") || !processes.is_empty();
        if node.party != Some(Party::Named) || !is_processor {
            continue;
        }
        if listed.iter().any(|&l| rel.listed_covers(l, r)) {
            continue;
        }
        let mut one = vec![Cite::Node(r)];
        one.extend(processes.iter().map(|&(e, _)| Cite::Edge(e)));
        let text = format!(
            "\"{}\" processes data for the notice's author ({}), and no recipient the sharing statements list ({}) is, or includes, it",
            node.name,
            rows(ds, &one),
            rows(ds, &listed_cites)
        );
        out.push(Finding {
            kind: Kind::ProcessorNotInRecipientCategories,
            subjects: vec![r],
            text,
            one_side: one,
            other_side: listed_cites.clone(),
        });
    }
    out
}
