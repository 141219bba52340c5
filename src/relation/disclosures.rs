//! Every way the notice lets data reach a recipient, with the bases that govern each route and the
//! flags a lawyer should see; and where data comes from.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use super::{
    merge, push_unique, Cite, Collection, Disclosure, Flag, Member, Reach, Relations, Route,
};
use crate::model::{EdgeKind, NodeKind};

impl Relations<'_> {
    /// Every disclosure of the data a name stands for (`None`: of every item and category): the
    /// category-level statements of its categories, and the purpose and processor routes of its
    /// items. Disclosures that say the same thing are one, with the evidence of each.
    pub fn disclosures(&self, data: Option<NodeIndex>) -> Vec<Disclosure> {
        let mut out = Vec::new();
        for membership in self.scope_categories(data) {
            let category = membership.category;
            for (edge, recipient) in self.ds.out_edges(category, EdgeKind::MayBeSharedWith) {
                out.push(Disclosure {
                    data: category,
                    recipient,
                    route: Route::CategoryLevel(category),
                    bases: Vec::new(),
                    conditions: self.ds.edge(edge).conditions.clone(),
                    reach: Reach::Stated,
                    flags: Vec::new(),
                    cites: membership
                        .cites
                        .iter()
                        .copied()
                        .chain([Cite::Edge(edge)])
                        .collect(),
                });
            }
        }
        for member in self.members(data) {
            self.item_disclosures(&member, data.is_some(), &mut out);
        }
        merge(
            out,
            |d| {
                (
                    d.data,
                    d.recipient,
                    d.route,
                    d.bases.iter().map(|b| b.key()).collect::<Vec<_>>(),
                    d.conditions.clone(),
                    d.reach,
                )
            },
            |have, more| {
                push_unique(&mut have.cites, &more.cites);
                for (basis, other) in have.bases.iter_mut().zip(more.bases) {
                    push_unique(&mut basis.cites, &other.cites);
                }
            },
        )
    }

    /// The purpose and processor routes of one item.
    fn item_disclosures(&self, member: &Member, expand_any: bool, out: &mut Vec<Disclosure>) {
        let item = member.item;
        for used in self.uses_of(member, expand_any) {
            for (disclosed, recipient) in self.ds.out_edges(used.purpose, EdgeKind::DisclosesTo) {
                let mut conditions = used.conditions.clone();
                push_unique(&mut conditions, &self.ds.edge(disclosed).conditions);
                let mut cites = used.cites.clone();
                cites.push(Cite::Edge(disclosed));
                // Footnotes and settings that the notice applies to the purpose or the item.
                for node in [used.purpose, item] {
                    for (applies, condition) in self.ds.in_edges(node, EdgeKind::AppliesTo) {
                        if !conditions.contains(&condition) {
                            conditions.push(condition);
                            cites.push(Cite::Edge(applies));
                        }
                    }
                }
                for statement in self.sharing_statements(used.purpose, recipient, item) {
                    push_unique(&mut conditions, &statement.conditions);
                }
                out.push(Disclosure {
                    data: item,
                    recipient,
                    route: Route::Purpose(used.purpose),
                    bases: self.route_bases(&used, recipient),
                    conditions,
                    reach: used.reach,
                    flags: self.flags(item, recipient, used.reach),
                    cites,
                });
            }
        }
        for (whole, via) in self.wholes(item) {
            let reach = if whole == item {
                Reach::Stated
            } else {
                Reach::Container(whole)
            };
            for (edge, recipient) in self.ds.out_edges(whole, EdgeKind::ProcessedBy) {
                out.push(Disclosure {
                    data: item,
                    recipient,
                    route: Route::Processor,
                    bases: Vec::new(),
                    conditions: Vec::new(),
                    reach,
                    flags: self.flags(item, recipient, reach),
                    cites: member
                        .cites
                        .iter()
                        .copied()
                        .chain(via.iter().copied())
                        .chain([Cite::Edge(edge)])
                        .collect(),
                });
            }
        }
    }

    /// Whether the category-level statements cover a route of `item` to `recipient`: they must list
    /// the recipient (or an entry that includes it) for one of the item's categories. A route that
    /// reaches the item only through a cell that stands for any data is never flagged: the notice
    /// does not say that this item goes there.
    pub fn flags(&self, item: NodeIndex, recipient: NodeIndex, reach: Reach) -> Vec<Flag> {
        if matches!(reach, Reach::AnyData(_)) || self.stands_for_any(item) {
            return Vec::new();
        }
        let categories: Vec<NodeIndex> = self
            .categories_of(item)
            .into_iter()
            .map(|m| m.category)
            .collect();
        if categories.is_empty() {
            return vec![Flag::NoCategory { item }];
        }
        let mut rows = BTreeSet::new();
        for &category in &categories {
            for (edge, listed) in self.ds.out_edges(category, EdgeKind::MayBeSharedWith) {
                if self.listed_covers(listed, recipient) {
                    return Vec::new();
                }
                rows.insert(self.ds.edge(edge).provenance.row.clone());
            }
        }
        if rows.is_empty() {
            return vec![Flag::NoStatementFor { categories }];
        }
        vec![Flag::NotListed {
            categories,
            rows: rows.into_iter().collect(),
        }]
    }

    /// Where the data a name stands for may come from: the sources of its categories, and of the item
    /// itself. `None`: every category and item.
    pub fn collections(&self, data: Option<NodeIndex>) -> Vec<Collection> {
        let mut targets: Vec<(NodeIndex, Vec<Cite>)> = self
            .scope_categories(data)
            .into_iter()
            .map(|m| (m.category, m.cites))
            .collect();
        match data {
            Some(item) if self.ds.node(item).kind == NodeKind::Data => {
                targets.extend(self.wholes(item));
            }
            None => targets.extend(
                self.ds
                    .nodes_of_kind(NodeKind::Data)
                    .iter()
                    .map(|&i| (i, Vec::new())),
            ),
            Some(_) => {}
        }
        let mut out = Vec::new();
        for (target, placed) in targets {
            for (edge, source) in self.ds.in_edges(target, EdgeKind::CollectedFrom) {
                out.push(Collection {
                    source,
                    data: target,
                    cites: placed.iter().copied().chain([Cite::Edge(edge)]).collect(),
                });
            }
        }
        out
    }
}
