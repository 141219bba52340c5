//! `retention-for-some-data-only`: the notice states how long it keeps some data (a period for a
//! purpose, or a retention statement tied to data) and states none for other data it uses. Silent
//! when the notice states no retention at all, or a retention statement tied to no data (its scope
//! is in its own words, and may be all data).

use petgraph::graph::NodeIndex;

use super::{names, order, rows, Finding, Kind};
use crate::{
    dataset::model::{EdgeKind, NodeKind},
    relation::{Cite, Reach, Relations},
};

pub(super) fn retention_for_some_data_only(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let statements = rel.retention_statements(None);
    if !statements.untied.is_empty() {
        return Vec::new();
    }
    let periods: Vec<_> = ds
        .edges_of_kind(EdgeKind::RetainedFor)
        .iter()
        .copied()
        .filter(|&e| ds.edge(e).period().is_some())
        .collect();
    let mut stated: Vec<Cite> = periods.iter().map(|&e| Cite::Edge(e)).collect();
    stated.extend(
        statements
            .tied
            .iter()
            .filter_map(|t| t.cites.last().copied()),
    );
    if stated.is_empty() {
        return Vec::new();
    }
    let mut items: Vec<NodeIndex> = ds.nodes_of_kind(NodeKind::Data).to_vec();
    items.sort_by_key(|&i| order(ds, i));
    let mut kept: Vec<NodeIndex> = Vec::new();
    let mut silent: Vec<NodeIndex> = Vec::new();
    for item in items {
        if rel.stands_for_any(item) {
            continue;
        }
        let has_period = rel
            .retentions(Some(item))
            .iter()
            .any(|r| r.period.is_some());
        if has_period || statements.covered.contains(&item) {
            kept.push(item);
            continue;
        }
        let used = rel
            .uses(Some(item))
            .iter()
            .any(|u| !matches!(u.reach, Reach::AnyData(_)));
        if used {
            silent.push(item);
        }
    }
    if silent.is_empty() || kept.is_empty() {
        return Vec::new();
    }
    let text = format!(
        "the notice states how long it keeps {} ({}), and states no retention for the {} other data items it uses: {}",
        names(ds, &kept),
        rows(ds, &stated),
        silent.len(),
        names(ds, &silent)
    );
    vec![Finding {
        kind: Kind::RetentionForSomeDataOnly,
        subjects: kept,
        text,
        one_side: stated,
        other_side: silent.iter().map(|&n| Cite::Node(n)).collect(),
    }]
}
