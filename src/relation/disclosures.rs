//! Every way the notice lets data reach a recipient, with the bases that govern each route and the
//! flags a lawyer should see; and where data comes from.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use super::{
    merge, push_unique, Cite, Collection, Disclosure, Flag, Member, Reach, Relations, Route,
};

/// Which disclosures a question needs.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'w> {
    /// Only the routes to these recipients; `None`: to any.
    pub recipients: Option<&'w [NodeIndex]>,
    /// Whether the routes' bases are needed: a question that does not show them skips them.
    pub bases: bool,
}

impl Wanted<'_> {
    /// Every route, with its bases.
    pub const ALL: Wanted<'static> = Wanted {
        recipients: None,
        bases: true,
    };

    fn recipient(&self, recipient: NodeIndex) -> bool {
        self.recipients.is_none_or(|r| r.contains(&recipient))
    }
}
use crate::dataset::model::{EdgeKind, NodeKind};

impl Relations<'_> {
    /// Every disclosure of the data a name stands for (`None`: of every item and category): the
    /// category-level statements of its categories, and the purpose and processor routes of its
    /// items. Disclosures that say the same thing are one, with the evidence of each.
    pub fn disclosures(&self, data: Option<NodeIndex>) -> Vec<Disclosure> {
        self.disclosures_wanted(data, Wanted::ALL)
    }

    /// The disclosures a question needs: only those to some recipients, and without their bases
    /// when the question does not show them (they are then not computed at all).
    pub fn disclosures_wanted(&self, data: Option<NodeIndex>, wanted: Wanted) -> Vec<Disclosure> {
        let mut out = Vec::new();
        for membership in self.scope_categories(data) {
            let category = membership.category;
            for &(edge, recipient) in self.ds.out_edges(category, EdgeKind::MayBeSharedWith) {
                if !wanted.recipient(recipient) {
                    continue;
                }
                out.push(Disclosure {
                    data: category,
                    recipient,
                    route: Route::CategoryLevel(category),
                    bases: Vec::new(),
                    conditions: self.ds.edge(edge).conditions.to_vec(),
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
            self.item_disclosures(&member, data.is_some(), wanted, &mut out);
        }
        merge(
            out,
            Disclosure::shape_hash,
            Disclosure::same_fact,
            |have, more| {
                push_unique(&mut have.cites, &more.cites);
                for (basis, other) in have.bases.iter_mut().zip(more.bases) {
                    push_unique(&mut basis.cites, &other.cites);
                }
            },
        )
    }

    /// The purpose and processor routes of one item.
    fn item_disclosures(
        &self,
        member: &Member,
        expand_any: bool,
        wanted: Wanted,
        out: &mut Vec<Disclosure>,
    ) {
        let item = member.item;
        let discloses_wanted = |purpose: NodeIndex| {
            self.ds
                .out_edges(purpose, EdgeKind::DisclosesTo)
                .iter()
                .any(|&(_, r)| wanted.recipient(r))
        };
        for used in self.uses_where(member, expand_any, wanted.bases, discloses_wanted) {
            for &(disclosed, recipient) in self.ds.out_edges(used.purpose, EdgeKind::DisclosesTo) {
                if !wanted.recipient(recipient) {
                    continue;
                }
                let mut conditions = used.conditions.clone();
                push_unique(&mut conditions, &self.ds.edge(disclosed).conditions);
                let mut cites = used.cites.clone();
                cites.push(Cite::Edge(disclosed));
                // Footnotes and settings that the notice applies to the purpose or the item.
                for node in [used.purpose, item] {
                    for &(applies, condition) in self.ds.in_edges(node, EdgeKind::AppliesTo) {
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
                    bases: if wanted.bases {
                        self.route_bases(&used, recipient)
                    } else {
                        Vec::new()
                    },
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
            for &(edge, recipient) in self.ds.out_edges(whole, EdgeKind::ProcessedBy) {
                if !wanted.recipient(recipient) {
                    continue;
                }
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
        let memberships = self.categories_of(item);
        if memberships.is_empty() {
            return vec![Flag::NoCategory { item }];
        }
        let covered = memberships.iter().any(|m| {
            self.ds
                .out_edges(m.category, EdgeKind::MayBeSharedWith)
                .iter()
                .any(|&(_, listed)| self.listed_covers(listed, recipient))
        });
        if covered {
            return Vec::new();
        }
        let categories: Vec<NodeIndex> = memberships.iter().map(|m| m.category).collect();
        let mut rows = BTreeSet::new();
        for &category in &categories {
            for &(edge, _) in self.ds.out_edges(category, EdgeKind::MayBeSharedWith) {
                rows.insert(self.ds.cited_row(&self.ds.edge(edge).provenance).id.clone());
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
            for &(edge, source) in self.ds.in_edges(target, EdgeKind::CollectedFrom) {
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
