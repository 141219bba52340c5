//! `data-in-no-category`: data a purpose uses, or a processor receives, that the notice places in no
//! category although it sorts data into categories; `categories-differ-in-recipients`: an item the
//! notice itself places in two categories whose category-level recipients differ.

use petgraph::graph::NodeIndex;

use super::{names, order, rows, Finding, Kind};
use crate::{
    dataset::model::{EdgeKind, NodeKind},
    relation::{Cite, Reach, Relations},
};

pub(super) fn data_in_no_category(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    if ds.edges_of_kind(EdgeKind::InCategory).is_empty() {
        return Vec::new();
    }
    let categories: Vec<Cite> = ds
        .nodes_of_kind(NodeKind::Category)
        .iter()
        .map(|&c| Cite::Node(c))
        .collect();
    let mut items: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Data).to_vec();
    items.sort_by_key(|&i| order(ds, i));
    let mut out = Vec::new();
    for item in items {
        if rel.stands_for_any(item) || !rel.categories_of(item).is_empty() {
            continue;
        }
        // Listed by name in a sharing statement (its own or a container's): it is in the table.
        let wholes = rel.wholes(item);
        if wholes
            .iter()
            .any(|(w, _)| !ds.out_edges(*w, EdgeKind::MayBeSharedWith).is_empty())
        {
            continue;
        }
        let mut used: Vec<Cite> = Vec::new();
        for u in rel.uses(Some(item)) {
            if matches!(u.reach, Reach::Stated | Reach::Container(_)) {
                for &c in &u.cites {
                    if !used.contains(&c) {
                        used.push(c);
                    }
                }
            }
        }
        let processors = ds.out_edges(item, EdgeKind::ProcessedBy);
        used.extend(processors.iter().map(|&(e, _)| Cite::Edge(e)));
        if used.is_empty() {
            continue;
        }
        let text = format!(
            "\"{}\" is used or processed ({}), and no data category of the notice ({}) lists it",
            ds.node(item).name,
            rows(ds, &used),
            rows(ds, &categories)
        );
        out.push(Finding {
            kind: Kind::DataInNoCategory,
            subjects: vec![item],
            text,
            one_side: used,
            other_side: categories.clone(),
        });
    }
    out
}

/// The recipients the category-level statements list for a category, with those statements.
fn listed(rel: &Relations, category: NodeIndex) -> (Vec<NodeIndex>, Vec<Cite>) {
    let shared = rel.dataset().out_edges(category, EdgeKind::MayBeSharedWith);
    let mut recipients: Vec<NodeIndex> = shared.iter().map(|&(_, r)| r).collect();
    recipients.sort();
    recipients.dedup();
    (
        recipients,
        shared.iter().map(|&(e, _)| Cite::Edge(e)).collect(),
    )
}

pub(super) fn categories_differ(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let mut items: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Data).to_vec();
    items.sort_by_key(|&i| order(ds, i));
    let mut out = Vec::new();
    for item in items {
        // Only the notice's own placements: a derived one is the tool's reading.
        let placed: Vec<_> = ds
            .out_edges(item, EdgeKind::InCategory)
            .iter()
            .filter(|&&(e, _)| ds.edge(e).derived.is_none())
            .copied()
            .collect();
        for (i, &(ea, a)) in placed.iter().enumerate() {
            for &(eb, b) in &placed[i + 1..] {
                if a == b || nested(rel, a, b) {
                    continue;
                }
                if let Some(f) = differ(rel, item, (ea, a), (eb, b)) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// Whether one category includes the other.
fn nested(rel: &Relations, a: NodeIndex, b: NodeIndex) -> bool {
    rel.wholes(a).iter().any(|(w, _)| *w == b) || rel.wholes(b).iter().any(|(w, _)| *w == a)
}

type Placement = (petgraph::graph::EdgeIndex, NodeIndex);

fn differ(rel: &Relations, item: NodeIndex, a: Placement, b: Placement) -> Option<Finding> {
    let ds = rel.dataset();
    let (ra, ca) = listed(rel, a.1);
    let (rb, cb) = listed(rel, b.1);
    if ra.is_empty() || rb.is_empty() || ra == rb {
        return None;
    }
    let only = |x: &[NodeIndex], y: &[NodeIndex]| -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = x.iter().copied().filter(|r| !y.contains(r)).collect();
        v.sort_by_key(|&r| order(ds, r));
        v
    };
    let (only_a, only_b) = (only(&ra, &rb), only(&rb, &ra));
    let side = |only: &[NodeIndex]| {
        if only.is_empty() {
            "none".to_string()
        } else {
            names(ds, only)
        }
    };
    let one: Vec<Cite> = [Cite::Edge(a.0)].into_iter().chain(ca).collect();
    let other: Vec<Cite> = [Cite::Edge(b.0)].into_iter().chain(cb).collect();
    let text = format!(
        "\"{}\" is placed in \"{}\" ({}) and in \"{}\" ({}), whose sharing statements list different recipients: only for \"{}\": {}; only for \"{}\": {}",
        ds.node(item).name,
        ds.node(a.1).name,
        rows(ds, &[Cite::Edge(a.0)]),
        ds.node(b.1).name,
        rows(ds, &[Cite::Edge(b.0)]),
        ds.node(a.1).name,
        side(&only_a),
        ds.node(b.1).name,
        side(&only_b),
    );
    Some(Finding {
        kind: Kind::CategoriesDifferInRecipients,
        subjects: vec![item, a.1, b.1],
        text,
        one_side: one,
        other_side: other,
    })
}
