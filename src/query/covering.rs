//! A name that names several things, where one of them covers the others (`docs/QUERY_LANGUAGE.md`,
//! "Questions in plain words"): a category "Payment Information" and an item "Payment information"
//! in it. For the questions whose answer about a category holds its items' ([`answers_cover`]), the
//! question is then read for the category, and the answer says so; where none covers the rest, the name stays ambiguous and is refused with a whole
//! question for each.

use petgraph::graph::NodeIndex;

use super::ast::Query;
use crate::dataset::{
    model::{EdgeKind, NodeKind},
    Dataset,
};

/// Whether a question's answer about a category (or a containing item) holds its answer about each
/// item inside: who may receive data (a category's answer lists its items' own routes) and the
/// purposes of data (its items' own uses). Not the sources, retention, categories or items of data,
/// which answer for the level asked only: there the name stays ambiguous.
pub fn answers_cover(query: &Query) -> bool {
    matches!(
        query,
        Query::WhoMayReceive { .. } | Query::PurposesOf { .. }
    )
}

/// Whether `outer` covers `inner`: `inner` is an item in the category `outer`. (An item that
/// `includes` another is not taken to cover it: its answers need not hold the part's own statements.)
fn covers(ds: &Dataset, outer: NodeIndex, inner: NodeIndex) -> bool {
    ds.out_edges(inner, EdgeKind::InCategory)
        .iter()
        .any(|&(_, c)| c == outer)
}

/// The node of the dataset that `text` names and that covers every other node it names, with the
/// words that say so; `None` when the name names one node or none, or when no one of them covers
/// all the others.
pub fn covering(ds: &Dataset, text: &str) -> Option<(NodeIndex, String)> {
    let named: Vec<NodeIndex> = ds
        .nodes_named(text)
        .iter()
        .copied()
        .filter(|&n| matches!(ds.node(n).kind, NodeKind::Data | NodeKind::Category))
        .collect();
    if named.len() < 2 || named.len() != ds.nodes_named(text).len() {
        return None;
    }
    let mut outer = named
        .iter()
        .copied()
        .filter(|&o| named.iter().all(|&i| i == o || covers(ds, o, i)));
    let (Some(one), None) = (outer.next(), outer.next()) else {
        return None;
    };
    let others: Vec<String> = named
        .iter()
        .filter(|&&n| n != one)
        .map(|&n| format!("the {} {}", ds.node(n).kind.words(), ds.node(n).name))
        .collect();
    let note = format!(
        "`{}` names the {} {} and {}, which it contains: read as the {}",
        text.trim(),
        ds.node(one).kind.words(),
        ds.node(one).name,
        others.join(" and "),
        ds.node(one).kind.words(),
    );
    Some((one, note))
}
