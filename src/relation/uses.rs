//! Data used and kept for purposes: the cells of a purposes table, per item, and what the notice
//! states for a whole category.

use petgraph::graph::NodeIndex;

use super::{append_unique, merge, merge_bases, Cite, Member, Reach, Relations, Retention, Use};
use crate::dataset::model::EdgeKind;

/// Which uses an item reaches, besides its own and its containers'.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reaching<'s> {
    /// Those of a cell that stands for any data (a derived reading).
    pub any_data: bool,
    /// Those stated for its categories, except these (which the answer shows as rows of their
    /// own); `None`: none.
    pub categories: Option<&'s [NodeIndex]>,
}

impl Relations<'_> {
    /// Every use of the data a name stands for. For named data, a cell that stands for any data
    /// reaches each item too (a derived reading); for `None` (every item) such a cell is its own item.
    /// A use stated for a category is shown for the category (for a category, or `None`), or
    /// reached by an item of it (for an item, or an item that is in another category too).
    pub fn uses(&self, data: Option<NodeIndex>) -> Vec<Use> {
        let shown = self.shown_categories(data);
        let reaching = Reaching {
            any_data: data.is_some(),
            categories: shown.as_deref(),
        };
        let mut out: Vec<Use> = self
            .members(data)
            .iter()
            .flat_map(|member| self.uses_where(member, reaching, true, |_| true))
            .collect();
        out.extend(self.category_uses(data, true, |_| true));
        out
    }

    /// The uses stated for the categories an answer about `data` shows as rows of their own
    /// ([`category_subjects`](Self::category_subjects)), only for the purposes `keep` keeps.
    pub(super) fn category_uses(
        &self,
        data: Option<NodeIndex>,
        with_bases: bool,
        keep: impl Fn(NodeIndex) -> bool,
    ) -> Vec<Use> {
        let mut out = Vec::new();
        for (shown, stated, reach, via) in self.category_subjects(data) {
            for &(edge, purpose) in self.ds.out_edges(stated, EdgeKind::UsedFor) {
                if keep(purpose) {
                    out.push(self.use_of(shown, purpose, edge, reach, &via, with_bases));
                }
            }
        }
        merge_uses(out)
    }

    /// The uses of one item: its own, those stated for the items that contain it, and, as
    /// `reaching` says, those of cells that stand for any data and of its categories; only for the
    /// purposes `keep` keeps, and without bases unless `with_bases` (they are then not computed at
    /// all). Uses that say the same thing are one use with the evidence of each.
    pub(super) fn uses_where(
        &self,
        member: &Member,
        reaching: Reaching,
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
        if reaching.any_data && !any_item {
            for &any in &self.any_data {
                let cites: Vec<Cite> = member
                    .cites
                    .iter()
                    .copied()
                    .chain([Cite::Node(any)])
                    .collect();
                for &(edge, purpose) in self.ds.out_edges(any, EdgeKind::UsedFor) {
                    if keep(purpose) {
                        let reach = Reach::AnyData(any);
                        out.push(self.use_of(item, purpose, edge, reach, &cites, with_bases));
                    }
                }
            }
        }
        if let (Some(shown), false) = (reaching.categories, any_item) {
            for m in self.reaching_categories(item) {
                if shown.contains(&m.category) {
                    continue;
                }
                let cites: Vec<Cite> = member.cites.iter().chain(&m.cites).copied().collect();
                for &(edge, purpose) in self.ds.out_edges(m.category, EdgeKind::UsedFor) {
                    if keep(purpose) {
                        let reach = Reach::Category(m.category);
                        out.push(self.use_of(item, purpose, edge, reach, &cites, with_bases));
                    }
                }
            }
        }
        merge_uses(out)
    }

    /// Every retention of the data a name stands for: each item's own, those stated for its
    /// categories (as for [`uses`](Self::uses)), and those stated for the categories the answer
    /// shows as rows of their own.
    pub fn retentions(&self, data: Option<NodeIndex>) -> Vec<Retention> {
        let shown = self.shown_categories(data);
        let mut out = Vec::new();
        let mut push = |data, edge, purpose, reach, cites: Vec<Cite>| {
            out.push(Retention {
                data,
                purpose,
                period: self.ds.edge(edge).period().cloned(),
                reach,
                cites: cites.into_iter().chain([Cite::Edge(edge)]).collect(),
            });
        };
        for Member { item, cites } in self.members(data) {
            for &(edge, purpose) in self.ds.out_edges(item, EdgeKind::RetainedFor) {
                push(item, edge, purpose, Reach::Stated, cites.clone());
            }
            let Some(shown) = shown.as_deref() else {
                continue;
            };
            if self.stands_for_any(item) {
                continue;
            }
            for m in self.reaching_categories(item) {
                if shown.contains(&m.category) {
                    continue;
                }
                for &(edge, purpose) in self.ds.out_edges(m.category, EdgeKind::RetainedFor) {
                    let all = cites.iter().chain(&m.cites).copied().collect();
                    push(item, edge, purpose, Reach::Category(m.category), all);
                }
            }
        }
        for (shown, stated, reach, via) in self.category_subjects(data) {
            for &(edge, purpose) in self.ds.out_edges(stated, EdgeKind::RetainedFor) {
                push(shown, edge, purpose, reach, via.clone());
            }
        }
        out
    }

    pub(super) fn use_of(
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
            conditions: e.conditions().to_vec(),
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

/// Merges uses that say the same thing, joining their evidence and bases.
fn merge_uses(uses: Vec<Use>) -> Vec<Use> {
    merge(uses, Use::fact_hash, Use::same_fact, |have, more| {
        append_unique(&mut have.cites, more.iter().map(|m| m.cites.as_slice()));
        let mut bases = std::mem::take(&mut have.bases);
        bases.extend(more.into_iter().flat_map(|m| m.bases));
        have.bases = merge_bases(bases);
    })
}
