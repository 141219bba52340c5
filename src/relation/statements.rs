//! A purpose's legal bases as the rows state them for the purpose: `basis of`, `purposes with basis`,
//! and the rights each basis opens.

use petgraph::graph::NodeIndex;

use std::hash::Hash;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    append_unique, hash_with, merge, Basis, BasisStatement, Cite, Relations, Standing, Use,
};
use crate::dataset::model::{EdgeKind, NodeKind};

impl Relations<'_> {
    /// The bases the notice states for `purpose`; when it states none for it, those it states for the
    /// broader purposes that include it.
    pub fn statements(&self, purpose: NodeIndex) -> Vec<BasisStatement> {
        let own = self.stated_for(purpose, purpose);
        if !own.is_empty() || !self.ds.out_edges(purpose, EdgeKind::HasBasis).is_empty() {
            return own;
        }
        self.wholes(purpose)
            .into_iter()
            .skip(1)
            .flat_map(|(whole, _)| self.stated_for(purpose, whole))
            .collect()
    }

    /// Whether the notice states a basis for `purpose` itself (not only for a broader purpose).
    pub fn states_basis_for(&self, purpose: NodeIndex) -> bool {
        !self.ds.out_edges(purpose, EdgeKind::HasBasis).is_empty()
    }

    /// Every basis statement of every purpose, each purpose's own, in the dataset's order.
    pub fn all_statements(&self) -> Vec<BasisStatement> {
        self.ds
            .nodes_of_kind(NodeKind::Purpose)
            .iter()
            .flat_map(|&p| self.stated_for(p, p))
            .collect()
    }

    /// The `has-basis` statements of `stated_for`, in the region asked about, one per distinct
    /// statement whichever rows state it.
    fn stated_for(&self, purpose: NodeIndex, stated_for: NodeIndex) -> Vec<BasisStatement> {
        let mut out = Vec::new();
        for &(edge, basis) in self.ds.out_edges(stated_for, EdgeKind::HasBasis) {
            let e = self.ds.edge(edge);
            let Some(regions) = self.edge_regions(edge) else {
                continue;
            };
            out.push(BasisStatement {
                purpose,
                stated_for,
                basis: Basis {
                    basis,
                    qualifier: e.qualifier().map(|q| q.to_string()),
                    regions,
                    only_for: e.only_for().to_vec(),
                    only_sharing_with: e.only_sharing_with().to_vec(),
                    standing: Standing::Governs,
                    delegation: self.is_delegated(basis).then(|| self.purpose_delegation()),
                    cites: vec![Cite::Edge(edge)],
                },
                conditions: e.conditions().to_vec(),
            });
        }
        merge(
            out,
            |s| {
                hash_with(|h| {
                    (s.purpose, s.stated_for).hash(h);
                    s.basis.hash_shape(h);
                })
            },
            |a, b| {
                a.purpose == b.purpose
                    && a.stated_for == b.stated_for
                    && a.basis.same_shape(&b.basis)
            },
            |have, more| {
                let cites = more.iter().map(|m| m.basis.cites.as_slice());
                append_unique(&mut have.basis.cites, cites);
                let conditions = more.iter().map(|m| m.conditions.as_slice());
                append_unique(&mut have.conditions, conditions);
            },
        )
    }

    /// The statements the notice makes for the sharing of `item`, used for `purpose`, with
    /// `recipient` (or a broader entry the statement names).
    pub(super) fn sharing_statements(
        &self,
        purpose: NodeIndex,
        recipient: NodeIndex,
        item: NodeIndex,
    ) -> Vec<BasisStatement> {
        let mut out = Vec::new();
        let edges = self
            .sharing_bases
            .get(&purpose)
            .map_or(&[][..], Vec::as_slice);
        for &edge in edges {
            let (from, basis) = self.ds.ends(edge);
            let e = self.ds.edge(edge);
            if from != purpose
                || !(e.only_for().is_empty() || e.only_for().contains(&item))
                || !e
                    .only_sharing_with()
                    .iter()
                    .any(|&r| self.listed_covers(r, recipient))
            {
                continue;
            }
            let Some(regions) = self.edge_regions(edge) else {
                continue;
            };
            out.push(BasisStatement {
                purpose,
                stated_for: purpose,
                basis: Basis {
                    basis,
                    qualifier: e.qualifier().map(|q| q.to_string()),
                    regions,
                    only_for: e.only_for().to_vec(),
                    only_sharing_with: e.only_sharing_with().to_vec(),
                    standing: Standing::Governs,
                    delegation: self.is_delegated(basis).then(|| self.purpose_delegation()),
                    cites: vec![Cite::Edge(edge)],
                },
                conditions: e.conditions().to_vec(),
            });
        }
        if out.len() < 2 {
            return out;
        }
        merge(
            out,
            |s| hash_with(|h| s.basis.hash_shape(h)),
            |a, b| a.basis.same_shape(&b.basis),
            |have, more| {
                let cites = more.iter().map(|m| m.basis.cites.as_slice());
                append_unique(&mut have.basis.cites, cites);
                let conditions = more.iter().map(|m| m.conditions.as_slice());
                append_unique(&mut have.conditions, conditions);
            },
        )
    }

    /// The basis statements behind the uses of some data: for each purpose the data is used for, the
    /// statements that cover at least one of its items. For named data, a statement is limited to the
    /// items it covers when it does not cover them all. `None`: every item, statements as stated.
    pub fn statements_for_data(&self, data: Option<NodeIndex>) -> Vec<BasisStatement> {
        let uses = self.uses(data);
        let mut out = Vec::new();
        for (purpose, items) in uses_by_purpose(&uses) {
            for mut statement in self.statements(purpose) {
                if data.is_none() {
                    out.push(statement);
                    continue;
                }
                let covered = covered_items(&statement.basis, &items);
                if covered.is_empty() {
                    continue;
                }
                if covered.len() < items.len() || !statement.basis.only_for.is_empty() {
                    statement.basis.only_for = covered;
                }
                out.push(statement);
            }
        }
        out
    }
}

/// The uses of each purpose, in the order the purposes first appear: each item once, in the order
/// it first appears, with its uses for the purpose.
#[allow(clippy::type_complexity)]
fn uses_by_purpose(uses: &[Use]) -> Vec<(NodeIndex, Vec<(NodeIndex, Vec<&Use>)>)> {
    let mut purposes: Vec<(NodeIndex, Vec<(NodeIndex, Vec<&Use>)>)> = Vec::new();
    let mut purpose_at: FxHashMap<NodeIndex, usize> = FxHashMap::default();
    let mut item_at: FxHashMap<(NodeIndex, NodeIndex), usize> = FxHashMap::default();
    for u in uses {
        let p = *purpose_at.entry(u.purpose).or_insert_with(|| {
            purposes.push((u.purpose, Vec::new()));
            purposes.len() - 1
        });
        let items = &mut purposes[p].1;
        let i = *item_at.entry((u.purpose, u.data)).or_insert_with(|| {
            items.push((u.data, Vec::new()));
            items.len() - 1
        });
        items[i].1.push(u);
    }
    purposes
}

/// The items a basis statement covers among those used for its purpose: those it is not limited
/// away from, used on the basis (or, for a basis limited to a sharing, used at all).
fn covered_items(basis: &Basis, items: &[(NodeIndex, Vec<&Use>)]) -> Vec<NodeIndex> {
    let only_for: FxHashSet<NodeIndex> = basis.only_for.iter().copied().collect();
    items
        .iter()
        .filter(|(item, used)| {
            (only_for.is_empty() || only_for.contains(item))
                && used.iter().any(|u| {
                    !basis.only_sharing_with.is_empty()
                        || u.bases.iter().any(|b| b.basis == basis.basis)
                })
        })
        .map(|&(item, _)| item)
        .collect()
}
