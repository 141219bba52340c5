//! The interests a purpose pursues (`pursues` edges to `interest` nodes): `interests of <purpose>`, and
//! the Interests column of `basis of` and the silence row of `describe`.
//!
//! A dataset that encodes no `interest` node at all has not recorded interests, which is not the same
//! as a notice that states none: its answers then show no Interests column, and `interests of` says
//! that the dataset records none, never that the notice is silent.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::{col, Eval, EVIDENCE, PURPOSE};
use crate::{
    answer::{Cell, Column, Row, NOT_STATED},
    dataset::model::{EdgeKind, NodeKind},
    query::ast::Named,
    relation::Cite,
};

/// The interests pursued, as `basis of` and `interests of` show them.
pub(super) const INTERESTS: Column = col("interests", "Interests pursued");

impl Eval<'_> {
    /// Whether the dataset records interests at all (any `interest` node).
    pub(super) fn records_interests(&self) -> bool {
        !self.ds.nodes_of_kind(NodeKind::Interest).is_empty()
    }

    /// The interests `purposes` pursue, each with the edge that states it, in the dataset's order,
    /// each interest once.
    pub(super) fn pursued(&self, purposes: &[NodeIndex]) -> Vec<(EdgeIndex, NodeIndex)> {
        let mut found: Vec<(EdgeIndex, NodeIndex)> = Vec::new();
        for &purpose in purposes {
            for &(edge, interest) in self.ds.out_edges(purpose, EdgeKind::Pursues) {
                if !found.iter().any(|&(_, i)| i == interest) {
                    found.push((edge, interest));
                }
            }
        }
        found
    }

    /// The Interests cell of a row about `purposes`: the interests, or "not stated by this notice".
    pub(super) fn interests_cell(&self, pursued: &[(EdgeIndex, NodeIndex)]) -> Cell {
        if pursued.is_empty() {
            return Cell::NotStated(NOT_STATED.into());
        }
        let interests: Vec<NodeIndex> = pursued.iter().map(|&(_, i)| i).collect();
        self.cells.nodes(&interests)
    }

    /// What `pursues` edges a row cites.
    pub(super) fn pursued_cites(pursued: &[(EdgeIndex, NodeIndex)]) -> Vec<Cite> {
        pursued.iter().map(|&(edge, _)| Cite::Edge(edge)).collect()
    }

    /// `interests of <purpose>`, `interests of every purpose`.
    pub(super) fn interests_of(&mut self, purpose: Option<&Named>) {
        let columns = [PURPOSE, INTERESTS, EVIDENCE];
        let purposes: Vec<NodeIndex> = match purpose {
            Some(p) => {
                self.resolve(p);
                let title = format!("Interests pursued by {}", self.label(p.node));
                self.start("interests-of", title, &columns);
                vec![p.node]
            }
            None => {
                let title = "Interests pursued by every purpose".to_string();
                self.start("interests-of", title, &columns);
                self.ds.nodes_of_kind(NodeKind::Purpose).to_vec()
            }
        };
        if !self.records_interests() {
            self.answer.notes.push(
                "this dataset records no interests (`interest` nodes): whether the notice states any is not encoded".into(),
            );
            return;
        }
        for &p in &purposes {
            let pursued = self.pursued(&self.wholes_of(p));
            if pursued.is_empty() {
                continue;
            }
            let cites = Self::pursued_cites(&pursued);
            let row = Row(vec![
                self.cells.nodes(&[p]),
                self.interests_cell(&pursued),
                self.cells.evidence(&cites, &[]),
            ]);
            self.answer.rows.push(row);
        }
        if self.answer.rows.is_empty() {
            let what = purpose.map_or("any purpose".to_string(), |p| {
                format!("`{}`", self.name(p.node))
            });
            self.not_stated(format!("no interest pursued is stated for {what}"));
        }
    }

    /// A purpose and the purposes that include it, nearest first: an interest stated for the whole
    /// is pursued by its parts.
    pub(super) fn wholes_of(&self, purpose: NodeIndex) -> Vec<NodeIndex> {
        let mut wholes = vec![purpose];
        let mut at = 0;
        while at < wholes.len() {
            for &(_, whole) in self.ds.in_edges(wholes[at], EdgeKind::Includes) {
                if !wholes.contains(&whole) {
                    wholes.push(whole);
                }
            }
            at += 1;
        }
        wholes
    }
}
