//! Every way the notice lets data reach a recipient, with the bases that govern each route and the
//! flags a lawyer should see; and where data comes from.

use std::{collections::BTreeSet, hash::Hash, sync::Arc};

use petgraph::graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashSet;

use super::{
    absorb_evidence, append_unique, merge, push_unique, uses::Reaching, Cite, Collection,
    Disclosure, Flag, Member, Reach, Relations, Route, Use,
};

/// Which disclosures a question needs.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'w> {
    /// Only the routes to these recipients; `None`: to any.
    pub recipients: Option<&'w FxHashSet<NodeIndex>>,
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
    /// sharing statements of its categories and items, and the purpose and processor routes of its
    /// items and categories. Disclosures that say the same thing are one, with the evidence of each.
    pub fn disclosures(&self, data: Option<NodeIndex>) -> Vec<Disclosure> {
        self.disclosures_wanted(data, Wanted::ALL)
    }

    /// The disclosures a question needs: only those to some recipients, and without their bases
    /// when the question does not show them (they are then not computed at all).
    pub fn disclosures_wanted(&self, data: Option<NodeIndex>, wanted: Wanted) -> Vec<Disclosure> {
        let mut out = Vec::new();
        for membership in self.sharing_scope(data) {
            let category = membership.category;
            let route = Route::CategoryLevel(category);
            let (reach, cites) = (Reach::Stated, &membership.cites);
            self.statements_of(category, category, route, reach, cites, wanted, &mut out);
        }
        let shown = self.shown_categories(data);
        let reaching = Reaching {
            any_data: data.is_some(),
            categories: shown.as_deref(),
        };
        for member in self.members(data) {
            self.item_disclosures(&member, reaching, wanted, &mut out);
        }
        for used in self.category_uses(data, wanted.bases, |p| self.discloses_wanted(p, wanted)) {
            for &(disclosed, recipient) in self.ds.out_edges(used.purpose, EdgeKind::DisclosesTo) {
                if !wanted.recipient(recipient) {
                    continue;
                }
                for (data, reach, placed) in self.carried(&used, disclosed) {
                    let route = (&used, disclosed, recipient);
                    out.push(self.purpose_route(route, data, reach, &placed, wanted));
                }
            }
        }
        let merged = merge(
            out,
            Disclosure::fact_hash,
            Disclosure::same_fact,
            |have, more| {
                absorb_evidence(
                    &mut have.cites,
                    &mut have.bases,
                    &more,
                    |d| &d.cites,
                    |d| &d.bases,
                );
            },
        );
        if wanted.bases {
            return merged;
        }
        merge_reaches(merged)
    }

    /// The categories whose sharing statements hold for `data`: for a category, itself, its
    /// sub-categories and the broader categories that include it; for an item, the categories that
    /// reach it ([`reaching_categories`](Self::reaching_categories)); `None`: every category. The
    /// same statements decide its flags.
    fn sharing_scope(&self, data: Option<NodeIndex>) -> Vec<super::Membership> {
        match data {
            Some(c) if self.ds.node(c).kind == NodeKind::Category => {
                let mut out = self.scope_categories(data);
                for (category, cites) in self.wholes(c).into_iter().skip(1) {
                    out.push(super::Membership { category, cites });
                }
                out
            }
            Some(item) => self.reaching_categories(item),
            None => self.scope_categories(None),
        }
    }

    /// Whether the purpose discloses to a recipient the question wants.
    fn discloses_wanted(&self, purpose: NodeIndex, wanted: Wanted) -> bool {
        self.ds
            .out_edges(purpose, EdgeKind::DisclosesTo)
            .iter()
            .any(|&(_, r)| wanted.recipient(r))
    }

    /// The sharing statements (`may-be-shared-with`) made for `stated`, as disclosures of `data`.
    #[allow(clippy::too_many_arguments)]
    fn statements_of(
        &self,
        data: NodeIndex,
        stated: NodeIndex,
        route: Route,
        reach: Reach,
        placed: &[Cite],
        wanted: Wanted,
        out: &mut Vec<Disclosure>,
    ) {
        for &(edge, recipient) in self.ds.out_edges(stated, EdgeKind::MayBeSharedWith) {
            if !wanted.recipient(recipient) {
                continue;
            }
            let e = self.ds.edge(edge);
            out.push(Disclosure {
                data,
                recipient,
                route,
                bases: Vec::new(),
                conditions: e.conditions().to_vec(),
                reach,
                reason: e.reason().cloned(),
                flags: Arc::from([]),
                cites: placed.iter().copied().chain([Cite::Edge(edge)]).collect(),
            });
        }
    }

    /// The data a use of a category carries to the recipient of a `discloses-to` edge, each with
    /// its reach and the facts that place it in the category: the category itself, unless the edge
    /// names data (`data`) and the category is not within it; then the named data within the
    /// category.
    fn carried(&self, used: &Use, disclosed: EdgeIndex) -> Vec<(NodeIndex, Reach, Vec<Cite>)> {
        let named = self.ds.edge(disclosed).data();
        if named.is_empty()
            || named
                .iter()
                .any(|&n| self.placed_in(used.data, n).is_some())
        {
            return vec![(used.data, used.reach, Vec::new())];
        }
        named
            .iter()
            .filter_map(|&n| {
                let placed = self.placed_in(n, used.data)?;
                Some((n, Reach::Category(used.data), placed))
            })
            .collect()
    }

    /// The purpose route of `data` by the use `used` and the `discloses-to` edge `disclosed`.
    fn purpose_route(
        &self,
        (used, disclosed, recipient): (&Use, EdgeIndex, NodeIndex),
        data: NodeIndex,
        reach: Reach,
        placed: &[Cite],
        wanted: Wanted,
    ) -> Disclosure {
        let edge = self.ds.edge(disclosed);
        let mut conditions = used.conditions.clone();
        push_unique(&mut conditions, edge.conditions());
        let mut cites = used.cites.clone();
        cites.extend(placed);
        cites.push(Cite::Edge(disclosed));
        // Footnotes and settings that the notice applies to the purpose or the data.
        for node in [used.purpose, data] {
            for &(applies, condition) in self.ds.in_edges(node, EdgeKind::AppliesTo) {
                if !conditions.contains(&condition) {
                    conditions.push(condition);
                    cites.push(Cite::Edge(applies));
                }
            }
        }
        for statement in self.sharing_statements(used.purpose, recipient, data) {
            push_unique(&mut conditions, &statement.conditions);
        }
        Disclosure {
            data,
            recipient,
            route: Route::Purpose(used.purpose),
            bases: if wanted.bases {
                self.route_bases(used, recipient)
            } else {
                Vec::new()
            },
            conditions,
            reach,
            reason: edge.reason().cloned(),
            // A disclosure that names its data is itself a statement that this data goes there.
            flags: if edge.data().is_empty() {
                self.flags(data, recipient, reach)
            } else {
                Arc::from([])
            },
            cites,
        }
    }

    /// The sharing statements, purpose routes and processor routes of one item.
    fn item_disclosures(
        &self,
        member: &Member,
        reaching: Reaching,
        wanted: Wanted,
        out: &mut Vec<Disclosure>,
    ) {
        let item = member.item;
        for (whole, via) in self.wholes(item) {
            let reach = if whole == item {
                Reach::Stated
            } else {
                Reach::Container(whole)
            };
            let placed: Vec<Cite> = member.cites.iter().chain(&via).copied().collect();
            let route = Route::ItemLevel(whole);
            self.statements_of(item, whole, route, reach, &placed, wanted, out);
        }
        let discloses_wanted = |purpose: NodeIndex| self.discloses_wanted(purpose, wanted);
        for used in self.uses_where(member, reaching, wanted.bases, discloses_wanted) {
            for &(disclosed, recipient) in self.ds.out_edges(used.purpose, EdgeKind::DisclosesTo) {
                if !wanted.recipient(recipient) || !self.covers(disclosed, item) {
                    continue;
                }
                let route = (&used, disclosed, recipient);
                out.push(self.purpose_route(route, item, used.reach, &[], wanted));
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
                    reason: None,
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

    /// Whether a `discloses-to` edge carries `item`: it names no data, or the item lies within
    /// data it names.
    fn covers(&self, disclosed: EdgeIndex, item: NodeIndex) -> bool {
        let named = self.ds.edge(disclosed).data();
        named.is_empty() || named.iter().any(|&n| self.placed_in(item, n).is_some())
    }

    /// Whether the sharing statements cover a route of `data` to `recipient`: they must list the
    /// recipient (or an entry that includes it) for the item itself, an item that contains it, or
    /// one of its categories (for a category: itself or a broader category). A route that reaches
    /// the item only through a cell that stands for any data is never flagged: the notice does not
    /// say that this item goes there. A notice that makes no sharing statement of data at all (no
    /// recipients table) has nothing a route could disagree with: it flags nothing.
    pub fn flags(&self, data: NodeIndex, recipient: NodeIndex, reach: Reach) -> Arc<[Flag]> {
        let key = (data, recipient, reach);
        if let Some(made) = self.flags.borrow().get(&key) {
            return Arc::clone(made);
        }
        let made: Arc<[Flag]> = self.flags_of(data, recipient, reach).into();
        self.flags.borrow_mut().insert(key, made.clone());
        made
    }

    fn flags_of(&self, data: NodeIndex, recipient: NodeIndex, reach: Reach) -> Vec<Flag> {
        if matches!(reach, Reach::AnyData(_)) || self.stands_for_any(data) {
            return Vec::new();
        }
        if self.ds.edges_of_kind(EdgeKind::MayBeSharedWith).is_empty() {
            return Vec::new();
        }
        let shared = |n: NodeIndex| self.ds.out_edges(n, EdgeKind::MayBeSharedWith);
        let (items, categories): (Vec<NodeIndex>, Vec<NodeIndex>) =
            if self.ds.node(data).kind == NodeKind::Category {
                let wholes = self.wholes(data).into_iter().map(|(c, _)| c).collect();
                (Vec::new(), wholes)
            } else {
                let items = self.wholes(data).into_iter().map(|(w, _)| w);
                let items = items.filter(|&w| !shared(w).is_empty()).collect();
                let reaching = self.reaching_categories(data);
                (items, reaching.iter().map(|m| m.category).collect())
            };
        if items.is_empty() && categories.is_empty() {
            return vec![Flag::NoCategory { item: data }];
        }
        let subjects: Vec<NodeIndex> = items.into_iter().chain(categories.clone()).collect();
        let covered = subjects.iter().any(|&s| {
            shared(s)
                .iter()
                .any(|&(_, listed)| self.listed_covers(listed, recipient))
        });
        if covered {
            return Vec::new();
        }
        let mut rows = BTreeSet::new();
        for &subject in &subjects {
            for &(edge, _) in shared(subject) {
                rows.insert(
                    self.ds
                        .cited_row(&self.ds.edge(edge).provenance)
                        .id
                        .to_string(),
                );
            }
        }
        if rows.is_empty() {
            return vec![Flag::NoStatementFor { categories }];
        }
        vec![Flag::NotListed {
            categories: subjects,
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
                    conditions: self.ds.edge(edge).conditions().to_vec(),
                    cites: placed.iter().copied().chain([Cite::Edge(edge)]).collect(),
                });
            }
        }
        out
    }
}

/// Without bases, routes of the same data that differ only in how the data reaches the statement
/// (its own cell, its category's) say the same thing: one, with the rows of each.
fn merge_reaches(disclosures: Vec<Disclosure>) -> Vec<Disclosure> {
    merge(
        disclosures,
        |d| super::hash_with(|h| reach_free(d).hash(h)),
        |a, b| reach_free(a) == reach_free(b),
        |have, more| append_unique(&mut have.cites, more.iter().map(|m| m.cites.as_slice())),
    )
}

/// What a route shows without its bases and reach.
type ReachFree<'d> = (
    NodeIndex,
    NodeIndex,
    Route,
    &'d [NodeIndex],
    Option<&'d str>,
    &'d [Flag],
);

fn reach_free(d: &Disclosure) -> ReachFree<'_> {
    (
        d.data,
        d.recipient,
        d.route,
        &d.conditions,
        d.reason.as_deref(),
        &d.flags,
    )
}
