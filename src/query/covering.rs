//! A name that names several things, where one of them covers the others (`docs/QUERY_LANGUAGE.md`,
//! "Questions in plain words"): a category "Billing Details" and an item "Billing details" in it; a
//! recipient "Partners and resellers" that includes "Partners that resell". For the questions whose answer about the covering one holds the
//! others' ([`answers_cover`]), the question is read for it, and the answer says so; where none
//! covers the rest, the name stays ambiguous and is refused with a whole question for each.

use petgraph::graph::NodeIndex;

use super::{ast::Query, error::QueryError};
use crate::{
    dataset::{
        model::{EdgeKind, NodeKind},
        Dataset,
    },
    names::normalize,
};

/// Whether a question's answer about the covering node holds its answer about each node covered:
/// who may receive data and the purposes of data (a category's answers list its items' own routes
/// and uses); what a recipient receives and why (a recipient's answers list those of the recipients
/// it includes). Not the sources, retention, categories or items of data, which answer for the
/// level asked only: there the name stays ambiguous.
pub fn answers_cover(query: &Query) -> bool {
    matches!(
        query,
        Query::WhoMayReceive { .. }
            | Query::PurposesOf { .. }
            | Query::WhatReceives { .. }
            | Query::WhyReceives { .. }
    )
}

/// Whether `outer` covers `inner`: `inner` is an item in the category `outer`, or a recipient that
/// the recipient `outer` includes. (An item that `includes` another is not taken to cover it: its
/// answers need not hold the part's own statements.)
fn covers(ds: &Dataset, outer: NodeIndex, inner: NodeIndex) -> bool {
    match (ds.node(outer).kind, ds.node(inner).kind) {
        (NodeKind::Category, NodeKind::Data) => ds
            .out_edges(inner, EdgeKind::InCategory)
            .iter()
            .any(|&(_, c)| c == outer),
        (NodeKind::Recipient, NodeKind::Recipient) => ds
            .out_edges(outer, EdgeKind::Includes)
            .iter()
            .any(|&(_, r)| r == inner),
        _ => false,
    }
}

/// The nodes an ambiguous name names: those the error offers, each by its quoted name or id.
fn candidates(ds: &Dataset, error: &QueryError) -> Vec<NodeIndex> {
    let mut nodes = Vec::new();
    for (_, text) in &error.offer.repairs {
        let bare = text.trim_matches('"');
        let found = match ds.node_by_id(bare) {
            Some(n) => vec![n],
            None => ds
                .nodes_named(bare)
                .iter()
                .copied()
                .filter(|&n| ds.node(n).name == bare)
                .collect(),
        };
        let [one] = found.as_slice() else {
            return Vec::new();
        };
        if !nodes.contains(one) {
            nodes.push(*one);
        }
    }
    nodes
}

/// The node that an ambiguous name (`text`, refused with `error`) names and that covers every other
/// node it names, with the words that say so; `None` when no one of them covers all the others.
pub fn covering(ds: &Dataset, text: &str, error: &QueryError) -> Option<(NodeIndex, String)> {
    let named = candidates(ds, error);
    if named.len() < 2 {
        return None;
    }
    // Data named only by the words that begin their names (`Location` of "Location Data" and
    // "Location information") is asked about neither: refused. A recipient's answer shows each
    // included recipient in its own column, so a word that begins them may name the broader one.
    let whole = |n: NodeIndex| {
        let node = ds.node(n);
        let written = normalize(text);
        std::iter::once(&node.name)
            .chain(node.aliases.iter().map(|a| &a.name))
            .any(|name| normalize(name) == written)
    };
    let recipients = named
        .iter()
        .all(|&n| ds.node(n).kind == NodeKind::Recipient);
    if !recipients && !named.iter().all(|&n| whole(n)) {
        return None;
    }
    let mut outer = named
        .iter()
        .copied()
        .filter(|&o| named.iter().all(|&i| i == o || covers(ds, o, i)));
    let (Some(one), None) = (outer.next(), outer.next()) else {
        return None;
    };
    let words = |n: NodeIndex| format!("the {} {}", ds.node(n).kind.words(), ds.node(n).name);
    let others: Vec<String> = named
        .iter()
        .filter(|&&n| n != one)
        .map(|&n| words(n))
        .collect();
    let how = if ds.node(one).kind == NodeKind::Recipient {
        "which it includes"
    } else {
        "which it contains"
    };
    let note = format!(
        "`{}` names {} and {}, {how}: read as the {}",
        text.trim(),
        words(one),
        others.join(" and "),
        ds.node(one).kind.words(),
    );
    Some((one, note))
}
