//! How legal bases apply: the bases a row states for an item, the regions they hold in, how a
//! delegated basis resolves, and which basis governs a route when the notice states one for a
//! particular sharing.

use std::{collections::BTreeSet, sync::Arc};

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::{merge_bases, Basis, Cite, Delegation, Reading, Region, Relations, Standing, Use};
use crate::dataset::model::EdgeKind;

impl Relations<'_> {
    /// The regions a basis stated for `regions` holds in, as the answer shows them: `None` when it does
    /// not hold in the region asked about. A basis stated without a region holds everywhere.
    pub(super) fn in_region(&self, regions: &[NodeIndex]) -> Option<Vec<NodeIndex>> {
        if regions.is_empty() {
            return Some(Vec::new());
        }
        match self.region {
            None => Some(regions.to_vec()),
            Some(Region::Node(r)) => regions.contains(&r).then(|| vec![r]),
            Some(Region::Elsewhere) => None,
        }
    }

    /// [`in_region`](Self::in_region) for the regions of one edge, computed once per edge.
    pub(super) fn edge_regions(&self, edge: EdgeIndex) -> Option<Arc<[NodeIndex]>> {
        if let Some(known) = self.regions.borrow().get(&edge) {
            return known.clone();
        }
        let regions: Option<Arc<[NodeIndex]>> =
            self.in_region(&self.ds.edge(edge).regions).map(Into::into);
        self.regions.borrow_mut().insert(edge, regions.clone());
        regions
    }

    pub(super) fn is_delegated(&self, basis: NodeIndex) -> bool {
        self.ds.node(basis).delegated == Some(true)
    }

    /// The bases a `used-for` edge states for `item`, in the region asked about; a delegated basis
    /// resolves to the bases of the item's other uses.
    pub(super) fn applied(&self, used_for: EdgeIndex, item: NodeIndex) -> Vec<Basis> {
        let edge = self.ds.edge(used_for);
        let Some(regions) = self.edge_regions(used_for) else {
            return Vec::new();
        };
        edge.bases
            .iter()
            .map(|applied| Basis {
                basis: applied.basis,
                qualifier: applied.qualifier.as_deref().map(str::to_string),
                regions: regions.clone(),
                only_for: Vec::new(),
                only_sharing_with: Vec::new(),
                standing: Standing::Governs,
                delegation: self
                    .is_delegated(applied.basis)
                    .then(|| self.item_delegation(item)),
                cites: vec![Cite::Edge(used_for)],
            })
            .collect()
    }

    /// A delegated basis on one of `item`'s uses: the bases the notice states for the item's other
    /// uses.
    fn item_delegation(&self, item: NodeIndex) -> Delegation {
        let known = self.item_bases.borrow().get(&item).cloned();
        let resolves_to = match known {
            Some(bases) => bases,
            None => {
                let bases: Arc<[NodeIndex]> = self.stated_item_bases(item).into();
                self.item_bases.borrow_mut().insert(item, bases.clone());
                bases
            }
        };
        Delegation {
            resolves_to,
            reading: Reading::BasesOfItem(item),
        }
    }

    /// The bases, other than delegated ones, of every use of the item (its own, its containers', and
    /// those of cells that stand for any data), in the region asked about; ordered by name.
    fn stated_item_bases(&self, item: NodeIndex) -> Vec<NodeIndex> {
        let mut bases = BTreeSet::new();
        for used_for in self.used_for_edges(item) {
            let edge = self.ds.edge(used_for);
            if self.in_region(&edge.regions).is_none() {
                continue;
            }
            for applied in &edge.bases {
                if !self.is_delegated(applied.basis) {
                    bases.insert((self.ds.node(applied.basis).name.as_str(), applied.basis));
                }
            }
        }
        bases.into_iter().map(|(_, b)| b).collect()
    }

    /// Every `used-for` edge that reaches `item`: its own, its containers', its categories' (for a
    /// category: its own and its broader categories'), and those of cells that stand for any data.
    fn used_for_edges(&self, item: NodeIndex) -> Vec<EdgeIndex> {
        let mut edges = Vec::new();
        let categories = self.reaching_categories(item);
        let wholes = self.wholes(item).into_iter().map(|(w, _)| w);
        for whole in wholes.chain(categories.iter().map(|m| m.category)) {
            edges.extend(
                self.ds
                    .out_edges(whole, EdgeKind::UsedFor)
                    .iter()
                    .map(|&(e, _)| e),
            );
        }
        for &any in &self.any_data {
            if any != item {
                edges.extend(
                    self.ds
                        .out_edges(any, EdgeKind::UsedFor)
                        .iter()
                        .map(|&(e, _)| e),
                );
            }
        }
        edges
    }

    /// A delegated basis of a purpose as a whole: any basis the notice states for a purpose.
    pub(super) fn purpose_delegation(&self) -> Delegation {
        self.purpose_delegation
            .get_or_init(|| {
                let mut bases = BTreeSet::new();
                for &e in self.ds.edges_of_kind(EdgeKind::HasBasis) {
                    let ((_, to), edge) = (self.ds.ends(e), self.ds.edge(e));
                    if !self.is_delegated(to) && self.in_region(&edge.regions).is_some() {
                        bases.insert((self.ds.node(to).name.as_str(), to));
                    }
                }
                Delegation {
                    resolves_to: bases.into_iter().map(|(_, b)| b).collect(),
                    reading: Reading::AnyPurposeBasis,
                }
            })
            .clone()
    }

    /// The bases of a purpose route: where the notice states a basis for the sharing with this
    /// recipient, that basis governs and the use's own bases are shown as overridden (a use basis
    /// that is the same basis joins it); otherwise the use's bases govern.
    pub(super) fn route_bases(&self, used: &Use, recipient: NodeIndex) -> Vec<Basis> {
        let governing: Vec<Basis> = self
            .sharing_statements(used.purpose, recipient, used.data)
            .into_iter()
            .map(|s| s.basis)
            .collect();
        if governing.is_empty() {
            return used.bases.clone();
        }
        let mut governing = merge_bases(governing);
        let by: Vec<NodeIndex> = governing.iter().map(|b| b.basis).collect();
        let mut overridden = Vec::new();
        for basis in &used.bases {
            match governing.iter_mut().find(|g| g.basis == basis.basis) {
                Some(same) => {
                    for cite in &basis.cites {
                        if !same.cites.contains(cite) {
                            same.cites.push(*cite);
                        }
                    }
                }
                None => overridden.push(Basis {
                    standing: Standing::OverriddenBy(by.clone()),
                    ..basis.clone()
                }),
            }
        }
        governing.extend(overridden);
        governing
    }
}
