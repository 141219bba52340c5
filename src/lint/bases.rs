//! The kinds about bases: `interests-not-stated` (a purpose rests on legitimate interests and the
//! notice, which states the interests of other purposes, states none for it), `interests-without-
//! legitimate-interests` (the notice states interests for a purpose that rests on no such basis in
//! any region), and `basis-differs-between-sections` (two sections state a purpose's basis for the
//! same region, without limits, and name no basis in common).

use petgraph::graph::NodeIndex;

use super::{names, order, rows, Finding, Kind};
use crate::{
    dataset::{
        legal_basis,
        model::{EdgeKind, NodeKind},
    },
    relation::{Cite, Relations},
};

/// The basis nodes whose kind the regimes mark as legitimate interests.
pub(super) fn interest_bases(rel: &Relations) -> Vec<NodeIndex> {
    let ds = rel.dataset();
    let known = legal_basis::known_kinds();
    ds.nodes_of_kind(NodeKind::Basis)
        .iter()
        .copied()
        .filter(|&b| {
            ds.node(b)
                .legal_basis
                .as_ref()
                .is_some_and(|lb| known.iter().any(|k| *k.id == *lb.kind && k.interests))
        })
        .collect()
}

/// The `pursues` facts of a purpose, its own or a broader purpose's.
fn pursued(rel: &Relations, purpose: NodeIndex) -> Vec<Cite> {
    rel.wholes(purpose)
        .into_iter()
        .flat_map(|(p, _)| rel.dataset().out_edges(p, EdgeKind::Pursues))
        .map(|&(e, _)| Cite::Edge(e))
        .collect()
}

pub(super) fn interests(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let (li, pursues) = (interest_bases(rel), ds.edges_of_kind(EdgeKind::Pursues));
    if li.is_empty() || pursues.is_empty() {
        return Vec::new();
    }
    let mut purposes: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Purpose).to_vec();
    purposes.sort_by_key(|&p| order(ds, p));
    let mut out = Vec::new();
    for p in purposes {
        let on_li: Vec<Cite> = rel
            .statements(p)
            .iter()
            .filter(|s| s.basis.governs() && li.contains(&s.basis.basis))
            .flat_map(|s| s.basis.cites.iter().copied())
            .collect();
        let stated = pursued(rel, p);
        let name = &ds.node(p).name;
        if !on_li.is_empty() && stated.is_empty() {
            out.push(Finding {
                kind: Kind::InterestsNotStated,
                subjects: vec![p],
                text: format!(
                    "\"{name}\" rests on {} ({}), and the notice, which states the interests other purposes pursue, states none for it",
                    names(ds, &li),
                    rows(ds, &on_li)
                ),
                one_side: on_li,
                other_side: Vec::new(),
            });
        } else if on_li.is_empty() && !stated.is_empty() {
            let mut bases: Vec<Cite> = rel
                .statements(p)
                .iter()
                .flat_map(|s| s.basis.cites.iter().copied())
                .collect();
            bases.dedup();
            let text = format!(
                "the notice states interests that \"{name}\" pursues ({}), and states no basis of the kind legitimate interests for it{}",
                rows(ds, &stated),
                if bases.is_empty() { String::new() } else { format!(" (its bases: {})", rows(ds, &bases)) }
            );
            out.push(Finding {
                kind: Kind::InterestsWithoutLegitimateInterests,
                subjects: vec![p],
                text,
                one_side: stated,
                other_side: bases,
            });
        }
    }
    out
}

/// Whether two lists of regions share one (an empty list: wherever the notice applies).
fn overlap(a: &[NodeIndex], b: &[NodeIndex]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|r| b.contains(r))
}

pub(super) fn differ_between_sections(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let mut purposes: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Purpose).to_vec();
    purposes.sort_by_key(|&p| order(ds, p));
    let mut out = Vec::new();
    for p in purposes {
        // Only statements without limits: a basis for some data, some sharing, or under a
        // condition or qualifier is a scope the relations apply, not a second view of the whole.
        let plain: Vec<(usize, petgraph::graph::EdgeIndex, NodeIndex)> = ds
            .out_edges(p, EdgeKind::HasBasis)
            .iter()
            .filter(|&&(e, _)| {
                let edge = ds.edge(e);
                edge.only_for().is_empty()
                    && edge.only_sharing_with().is_empty()
                    && edge.conditions().is_empty()
                    && edge.qualifier().is_none()
            })
            .map(|&(e, b)| (ds.cited_row(&ds.edge(e).provenance).section(), e, b))
            .collect();
        let mut sections: Vec<usize> = plain.iter().map(|x| x.0).collect();
        sections.sort();
        sections.dedup();
        for (i, &s1) in sections.iter().enumerate() {
            for &s2 in &sections[i + 1..] {
                if let Some(f) = section_pair(rel, p, &plain, s1, s2) {
                    out.push(f);
                }
            }
        }
    }
    out
}

fn section_pair(
    rel: &Relations,
    p: NodeIndex,
    plain: &[(usize, petgraph::graph::EdgeIndex, NodeIndex)],
    s1: usize,
    s2: usize,
) -> Option<Finding> {
    let ds = rel.dataset();
    let side = |s: usize, other: usize| -> Vec<(petgraph::graph::EdgeIndex, NodeIndex)> {
        plain
            .iter()
            .filter(|x| x.0 == s)
            .filter(|x| {
                plain
                    .iter()
                    .filter(|y| y.0 == other)
                    .any(|y| overlap(&ds.edge(x.1).regions, &ds.edge(y.1).regions))
            })
            .map(|x| (x.1, x.2))
            .collect()
    };
    let (a, b) = (side(s1, s2), side(s2, s1));
    if a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| x.1 == y.1)) {
        return None;
    }
    let bases = |v: &[(petgraph::graph::EdgeIndex, NodeIndex)]| -> Vec<NodeIndex> {
        let mut n: Vec<NodeIndex> = v.iter().map(|x| x.1).collect();
        n.dedup();
        n
    };
    let cites = |v: &[(petgraph::graph::EdgeIndex, NodeIndex)]| -> Vec<Cite> {
        v.iter().map(|x| Cite::Edge(x.0)).collect()
    };
    let (one, other) = (cites(&a), cites(&b));
    let text = format!(
        "\"{}\" rests on {} by {} and on {} by {}, for the same region, and the two name no basis in common",
        ds.node(p).name,
        names(ds, &bases(&a)),
        rows(ds, &one),
        names(ds, &bases(&b)),
        rows(ds, &other)
    );
    Some(Finding {
        kind: Kind::BasisDiffersBetweenSections,
        subjects: vec![p],
        text,
        one_side: one,
        other_side: other,
    })
}
