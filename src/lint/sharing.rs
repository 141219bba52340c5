//! `route-not-in-sharing-table`: data reaches a recipient through a purpose or a processor although
//! the category-level sharing statements for its categories do not list the recipient. The same rule
//! as the answers' flags (`docs/FLAGS.md`), so a finding is exactly a flag, with both sides cited.

use petgraph::graph::NodeIndex;

use super::{names, order, rows, Finding, Kind};
use crate::{
    dataset::model::EdgeKind,
    relation::{Cite, Flag, Relations, Route},
};

/// Where a node is introduced (its row, its quote), for the notice's order.
type Place = (usize, usize, usize);

pub(super) fn routes_not_in_sharing_table(rel: &Relations) -> Vec<Finding> {
    let ds = rel.dataset();
    let mut seen: Vec<(NodeIndex, NodeIndex, Route)> = Vec::new();
    let mut out: Vec<(Place, Place, Finding)> = Vec::new();
    for d in rel.disclosures(None) {
        if !matches!(d.route, Route::Purpose(_) | Route::Processor) {
            continue;
        }
        let key = (d.recipient, d.data, d.route);
        for flag in d.flags.iter() {
            let (subjects, silent) = match flag {
                Flag::NotListed { categories, .. } => (categories, false),
                Flag::NoStatementFor { categories } => (categories, true),
                // An item in no category is `data-in-no-category`.
                Flag::NoCategory { .. } => continue,
            };
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let other: Vec<Cite> = subjects
                .iter()
                .flat_map(|&s| ds.out_edges(s, EdgeKind::MayBeSharedWith))
                .map(|&(e, _)| Cite::Edge(e))
                .collect();
            let how = match d.route {
                Route::Purpose(p) => format!("through the purpose \"{}\"", ds.node(p).name),
                _ => "as its processor".to_string(),
            };
            let text = if silent {
                format!(
                    "\"{}\" may reach \"{}\" {how} ({}); no category-level statement lists any recipient for {}",
                    ds.node(d.data).name,
                    ds.node(d.recipient).name,
                    rows(ds, &d.cites),
                    names(ds, subjects)
                )
            } else {
                format!(
                    "\"{}\" may reach \"{}\" {how} ({}); the sharing statements for {} ({}) list neither this recipient nor an entry that includes it",
                    ds.node(d.data).name,
                    ds.node(d.recipient).name,
                    rows(ds, &d.cites),
                    names(ds, subjects),
                    rows(ds, &other)
                )
            };
            let finding = Finding {
                kind: Kind::RouteNotInSharingTable,
                subjects: vec![d.data, d.recipient],
                text,
                one_side: d.cites.clone(),
                other_side: other,
            };
            out.push((order(ds, d.recipient), order(ds, d.data), finding));
        }
    }
    out.sort_by_key(|a| (a.0, a.1));
    out.into_iter().map(|(_, _, f)| f).collect()
}
