//! The kinds about published legitimate-interests summaries: `legitimate-interests-without-summary`
//! (a purpose rests on a basis of the kind legitimate interests, stated for it, and no summary the
//! notice publishes names it or a purpose that includes it) and `summary-without-legitimate-
//! interests` (a summary states something about a purpose that rests on no such basis in any
//! region). Which sections are summaries is the dataset's word (a section's `kind`), never a name;
//! a dataset that marks none has not said, and both kinds are silent on it.

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap;

use super::{bases::interest_bases, names, order, rows, Finding, Kind};
use crate::{
    dataset::{
        model::{NodeKind, SECTION_LI_SUMMARIES},
        Dataset, RowId,
    },
    relation::{BasisStatement, Cite, Relations},
};

/// The summaries the notice publishes, indexed once: the purposes their statements name, and one
/// fact of each summary row to cite it by.
struct Summaries {
    /// Each purpose a summary row's facts name (as an end of an edge, or a node the row
    /// introduces), with those facts, in the dataset's order.
    naming: FxHashMap<NodeIndex, Vec<Cite>>,
    /// One fact of each summary row that states any (the first naming a purpose, else its first),
    /// in the notice's order: the summaries the notice does publish.
    published: Vec<Cite>,
}

impl Summaries {
    /// The summaries of the sections the dataset marks as such; `None` when it marks none.
    fn index(ds: &Dataset) -> Option<Summaries> {
        let sections = ds.sections().iter();
        let marked: Vec<_> = sections
            .filter(|s| s.kind.as_deref() == Some(SECTION_LI_SUMMARIES))
            .collect();
        if marked.is_empty() {
            return None;
        }
        let mut naming: FxHashMap<NodeIndex, Vec<Cite>> = FxHashMap::default();
        let mut published = Vec::new();
        for id in marked
            .into_iter()
            .flat_map(|s| s.rows.clone().map(RowId::new))
        {
            let is_purpose = |n: NodeIndex| ds.node(n).kind == NodeKind::Purpose;
            let edges = ds.edges_citing(id).iter().map(|&e| {
                let (from, to) = ds.ends(e);
                let ends = [from, to].into_iter().filter(|&n| is_purpose(n));
                (Cite::Edge(e), ends.collect::<Vec<_>>())
            });
            let nodes = ds.nodes_citing(id).iter().map(|&n| {
                let ends = if is_purpose(n) { vec![n] } else { Vec::new() };
                (Cite::Node(n), ends)
            });
            let facts: Vec<(Cite, Vec<NodeIndex>)> = edges.chain(nodes).collect();
            for (cite, purposes) in &facts {
                for &p in purposes {
                    let cites = naming.entry(p).or_default();
                    if !cites.contains(cite) {
                        cites.push(*cite);
                    }
                }
            }
            let first = facts.iter().find(|(_, p)| !p.is_empty()).or(facts.first());
            published.extend(first.map(|(cite, _)| *cite));
        }
        Some(Summaries { naming, published })
    }
}

pub(super) fn summaries(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let (Some(summaries), li) = (Summaries::index(ds), interest_bases(rel)) else {
        return Vec::new();
    };
    if li.is_empty() || summaries.published.is_empty() {
        return Vec::new();
    }
    let mut out = without_summary(rel, &li, &summaries);
    out.extend(without_interests(rel, &li, &summaries));
    out
}

/// What limits a statement, in a finding's words: the data or sharing it covers, its conditions,
/// and the notice's own words for the limit.
fn limit(ds: &Dataset, s: &BasisStatement) -> String {
    let b = &s.basis;
    let mut parts = Vec::new();
    if !b.only_for.is_empty() {
        parts.push(format!("only for {}", names(ds, &b.only_for)));
    }
    if !b.only_sharing_with.is_empty() {
        parts.push(format!(
            "only for sharing with {}",
            names(ds, &b.only_sharing_with)
        ));
    }
    if !s.conditions.is_empty() {
        parts.push(format!("under {}", names(ds, &s.conditions)));
    }
    if let Some(q) = &b.qualifier {
        parts.push(format!("in the notice's words \"{q}\""));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

/// Purposes resting on a basis of the kind legitimate interests stated for them (not through a
/// broader purpose, not a delegated basis), which no summary names, nor a purpose including them.
fn without_summary(rel: &Relations, li: &[NodeIndex], summaries: &Summaries) -> Vec<Finding> {
    let ds = rel.dataset();
    let mut purposes: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Purpose).to_vec();
    purposes.sort_by_key(|&p| order(ds, p));
    let mut out = Vec::new();
    for p in purposes {
        let on_li: Vec<BasisStatement> = rel
            .statements(p)
            .into_iter()
            .filter(|s| s.stated_for == p && s.basis.governs() && s.basis.delegation.is_none())
            .filter(|s| li.contains(&s.basis.basis))
            .collect();
        let summarised = || {
            let wholes = rel.wholes(p);
            wholes.iter().any(|(w, _)| summaries.naming.contains_key(w))
        };
        if on_li.is_empty() || summarised() {
            continue;
        }
        let bases: Vec<NodeIndex> = unique(on_li.iter().map(|s| s.basis.basis));
        let stated: Vec<String> = on_li
            .iter()
            .map(|s| format!("{}{}", rows(ds, &s.basis.cites), limit(ds, s)))
            .collect();
        let text = format!(
            "\"{}\" rests on {} ({}), and no legitimate-interests summary the notice publishes ({}) names it or a purpose that includes it",
            ds.node(p).name,
            names(ds, &bases),
            stated.join("; "),
            rows(ds, &summaries.published)
        );
        out.push(Finding {
            kind: Kind::LegitimateInterestsWithoutSummary,
            subjects: vec![p],
            text,
            one_side: on_li.iter().flat_map(|s| s.basis.cites.clone()).collect(),
            other_side: summaries.published.clone(),
        });
    }
    out
}

/// Whether the notice states, for `purpose` (or a part of it), a basis that is or may be of the
/// kind legitimate interests, or one whose kind the dataset does not give: then a summary for it
/// contradicts nothing the data can tell.
fn may_rest_on_interests(rel: &Relations, li: &[NodeIndex], purpose: NodeIndex) -> bool {
    let ds = rel.dataset();
    rel.parts(purpose).into_iter().any(|(p, _)| {
        rel.statements(p).iter().any(|s| {
            s.basis
                .resolved()
                .iter()
                .any(|b| li.contains(b) || ds.node(*b).legal_basis.is_none())
        })
    })
}

/// Each item once, in the order first met.
fn unique<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn is_derived(ds: &Dataset, cite: Cite) -> bool {
    match cite {
        Cite::Edge(e) => ds.edge(e).derived.is_some(),
        Cite::Node(n) => ds.node(n).derived.is_some(),
    }
}

/// Purposes a summary states something about, which rest on no basis of the kind legitimate
/// interests in any region (their bases all of a known other kind).
fn without_interests(rel: &Relations, li: &[NodeIndex], summaries: &Summaries) -> Vec<Finding> {
    let ds = rel.dataset();
    let mut purposes: Vec<NodeIndex> = summaries.naming.keys().copied().collect();
    purposes.sort_by_key(|&p| order(ds, p));
    let mut out = Vec::new();
    for q in purposes {
        // The notice's own statements only: a summary tied to the purpose by the dataset's
        // reading (`derived`) is no statement of the notice to disagree with.
        let said: Vec<Cite> = summaries.naming[&q]
            .iter()
            .copied()
            .filter(|&c| !is_derived(ds, c))
            .collect();
        let statements = rel.statements(q);
        if said.is_empty() || statements.is_empty() || may_rest_on_interests(rel, li, q) {
            continue;
        }
        let bases: Vec<Cite> = unique(statements.iter().flat_map(|s| s.basis.cites.clone()));
        let named: Vec<NodeIndex> = unique(statements.iter().map(|s| s.basis.basis));
        let text = format!(
            "a legitimate-interests summary ({}) states something about \"{}\", and the notice states no basis of the kind legitimate interests for it in any region (its bases: {}, {})",
            rows(ds, &said),
            ds.node(q).name,
            names(ds, &named),
            rows(ds, &bases)
        );
        out.push(Finding {
            kind: Kind::SummaryWithoutLegitimateInterests,
            subjects: vec![q],
            text,
            one_side: said,
            other_side: bases,
        });
    }
    out
}
