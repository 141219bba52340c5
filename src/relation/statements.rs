//! A purpose's legal bases as the rows state them for the purpose: `basis of`, `purposes with basis`,
//! and the rights each basis opens.

use petgraph::graph::NodeIndex;

use super::{hash_with, merge, push_unique, Basis, BasisStatement, Cite, Relations, Standing};
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
                    qualifier: e.qualifier.as_deref().map(str::to_string),
                    regions,
                    only_for: e.only_for.to_vec(),
                    only_sharing_with: e.only_sharing_with.to_vec(),
                    standing: Standing::Governs,
                    delegation: self.is_delegated(basis).then(|| self.purpose_delegation()),
                    cites: vec![Cite::Edge(edge)],
                },
                conditions: e.conditions.to_vec(),
            });
        }
        merge(
            out,
            |s| hash_with(|h| s.basis.hash_shape(h)),
            |a, b| {
                a.purpose == b.purpose
                    && a.stated_for == b.stated_for
                    && a.basis.same_shape(&b.basis)
            },
            |have, more| {
                push_unique(&mut have.basis.cites, &more.basis.cites);
                push_unique(&mut have.conditions, &more.conditions);
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
        for &edge in &self.sharing_bases {
            let (from, basis) = self.ds.ends(edge);
            let e = self.ds.edge(edge);
            if from != purpose
                || !(e.only_for.is_empty() || e.only_for.contains(&item))
                || !e
                    .only_sharing_with
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
                    qualifier: e.qualifier.as_deref().map(str::to_string),
                    regions,
                    only_for: e.only_for.to_vec(),
                    only_sharing_with: e.only_sharing_with.to_vec(),
                    standing: Standing::Governs,
                    delegation: self.is_delegated(basis).then(|| self.purpose_delegation()),
                    cites: vec![Cite::Edge(edge)],
                },
                conditions: e.conditions.to_vec(),
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
                push_unique(&mut have.basis.cites, &more.basis.cites);
                push_unique(&mut have.conditions, &more.conditions);
            },
        )
    }

    /// The basis statements behind the uses of some data: for each purpose the data is used for, the
    /// statements that cover at least one of its items. For named data, a statement is limited to the
    /// items it covers when it does not cover them all. `None`: every item, statements as stated.
    pub fn statements_for_data(&self, data: Option<NodeIndex>) -> Vec<BasisStatement> {
        let uses = self.uses(data);
        let mut purposes: Vec<NodeIndex> = Vec::new();
        for u in &uses {
            if !purposes.contains(&u.purpose) {
                purposes.push(u.purpose);
            }
        }
        let mut out = Vec::new();
        for purpose in purposes {
            let used: Vec<&super::Use> = uses.iter().filter(|u| u.purpose == purpose).collect();
            let mut items: Vec<NodeIndex> = Vec::new();
            for u in &used {
                if !items.contains(&u.data) {
                    items.push(u.data);
                }
            }
            for mut statement in self.statements(purpose) {
                let basis = &statement.basis;
                let covered: Vec<NodeIndex> = items
                    .iter()
                    .copied()
                    .filter(|&item| {
                        (basis.only_for.is_empty() || basis.only_for.contains(&item))
                            && used.iter().any(|u| {
                                u.data == item
                                    && (!basis.only_sharing_with.is_empty()
                                        || u.bases.iter().any(|b| b.basis == basis.basis))
                            })
                    })
                    .collect();
                if data.is_none() {
                    out.push(statement);
                    continue;
                }
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
