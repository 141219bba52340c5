//! Data used for purposes: the cells of a purposes table, per item.

use petgraph::graph::NodeIndex;

use super::{merge, merge_bases, push_unique, Cite, Member, Reach, Relations, Use};
use crate::dataset::model::EdgeKind;

impl Relations<'_> {
    /// Every use of the items a data name stands for. For named data, a cell that stands for any data
    /// reaches each item too (a derived reading); for `None` (every item) such a cell is its own item.
    pub fn uses(&self, data: Option<NodeIndex>) -> Vec<Use> {
        self.members(data)
            .iter()
            .flat_map(|member| self.uses_of(member, data.is_some()))
            .collect()
    }

    /// The uses of one item: its own, those stated for the items that contain it, and, with
    /// `expand_any`, those of cells that stand for any data. Uses that say the same thing are one use
    /// with the evidence of each.
    pub(super) fn uses_of(&self, member: &Member, expand_any: bool) -> Vec<Use> {
        self.uses_where(member, expand_any, true, |_| true)
    }

    /// [`uses_of`](Self::uses_of), only for the purposes `keep` keeps, and without bases unless
    /// `with_bases` (they are then not computed at all).
    pub(super) fn uses_where(
        &self,
        member: &Member,
        expand_any: bool,
        with_bases: bool,
        keep: impl Fn(NodeIndex) -> bool,
    ) -> Vec<Use> {
        let item = member.item;
        let mut out = Vec::new();
        let any_item = self.stands_for_any(item);
        for (whole, via) in self.wholes(item) {
            let reach = if any_item {
                Reach::AnyData(item)
            } else if whole == item {
                Reach::Stated
            } else {
                Reach::Container(whole)
            };
            let mut cites = member.cites.clone();
            if any_item {
                cites.push(Cite::Node(item));
            }
            cites.extend(via);
            for &(edge, purpose) in self.ds.out_edges(whole, EdgeKind::UsedFor) {
                if keep(purpose) {
                    out.push(self.use_of(item, purpose, edge, reach, &cites, with_bases));
                }
            }
        }
        if expand_any && !any_item {
            for &any in &self.any_data {
                let cites: Vec<Cite> = member
                    .cites
                    .iter()
                    .copied()
                    .chain([Cite::Node(any)])
                    .collect();
                for &(edge, purpose) in self.ds.out_edges(any, EdgeKind::UsedFor) {
                    if keep(purpose) {
                        out.push(self.use_of(
                            item,
                            purpose,
                            edge,
                            Reach::AnyData(any),
                            &cites,
                            with_bases,
                        ));
                    }
                }
            }
        }
        merge(out, Use::shape_hash, Use::same_fact, |have, more| {
            push_unique(&mut have.cites, &more.cites);
            let mut bases = std::mem::take(&mut have.bases);
            bases.extend(more.bases);
            have.bases = merge_bases(bases);
        })
    }

    fn use_of(
        &self,
        item: NodeIndex,
        purpose: NodeIndex,
        edge: petgraph::graph::EdgeIndex,
        reach: Reach,
        cites: &[Cite],
        with_bases: bool,
    ) -> Use {
        let e = self.ds.edge(edge);
        Use {
            data: item,
            purpose,
            group: e.group,
            bases: if with_bases {
                self.applied(edge, item)
            } else {
                Vec::new()
            },
            conditions: e.conditions.to_vec(),
            reach,
            cites: cites.iter().copied().chain([Cite::Edge(edge)]).collect(),
        }
    }

    /// The uses stated for a purpose; when the notice states none for it, those of the broader
    /// purposes that include it. Returns the purposes the uses are stated for, and the uses.
    pub fn uses_for_purpose(&self, purpose: NodeIndex) -> (Vec<NodeIndex>, Vec<Use>) {
        let stated: Vec<NodeIndex> = if self.ds.in_edges(purpose, EdgeKind::UsedFor).is_empty() {
            self.wholes(purpose)
                .into_iter()
                .skip(1)
                .map(|(w, _)| w)
                .filter(|&w| !self.ds.in_edges(w, EdgeKind::UsedFor).is_empty())
                .collect()
        } else {
            vec![purpose]
        };
        let mut uses = Vec::new();
        for &p in &stated {
            for &(edge, item) in self.ds.in_edges(p, EdgeKind::UsedFor) {
                let reach = if self.stands_for_any(item) {
                    Reach::AnyData(item)
                } else {
                    Reach::Stated
                };
                let cites: Vec<Cite> = match reach {
                    Reach::AnyData(_) => vec![Cite::Node(item)],
                    _ => Vec::new(),
                };
                uses.push(self.use_of(item, p, edge, reach, &cites, true));
            }
        }
        (stated, uses)
    }
}
