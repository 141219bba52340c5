//! What a data name stands for: the items of a category, the items inside an item, the categories an
//! item falls in (its own, and those of the items that contain it).

use std::rc::Rc;

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Cite, Member, Membership, Reach, Relations};
use crate::dataset::model::{EdgeKind, NodeKind};

impl Relations<'_> {
    /// The items a data name stands for, each with the facts that place it there: a category's items
    /// (and those of its sub-categories), an item with the items inside it. `None`: every item.
    pub fn members(&self, data: Option<NodeIndex>) -> Vec<Member> {
        let Some(data) = data else {
            return self
                .ds
                .nodes_of_kind(NodeKind::Data)
                .iter()
                .map(|&item| Member {
                    item,
                    cites: Vec::new(),
                })
                .collect();
        };
        let mut members = Vec::new();
        let mut seen = FxHashSet::default();
        if self.ds.node(data).kind == NodeKind::Category {
            for (category, via) in self.parts(data) {
                for &(edge, item) in self.ds.in_edges(category, EdgeKind::InCategory) {
                    let cites: Vec<Cite> = via.iter().copied().chain([Cite::Edge(edge)]).collect();
                    self.add_with_parts(&mut members, &mut seen, item, cites);
                }
            }
        } else {
            self.add_with_parts(&mut members, &mut seen, data, Vec::new());
        }
        members
    }

    /// Adds `item` and the items inside it, each once (the first placement found is kept; `seen`
    /// holds the items added).
    fn add_with_parts(
        &self,
        members: &mut Vec<Member>,
        seen: &mut FxHashSet<NodeIndex>,
        item: NodeIndex,
        cites: Vec<Cite>,
    ) {
        for (part, via) in self.parts(item) {
            if !seen.insert(part) {
                continue;
            }
            members.push(Member {
                item: part,
                cites: cites.iter().copied().chain(via).collect(),
            });
        }
    }

    /// `node` and everything `includes` makes a part of it, each with the `includes` edges that lead
    /// there from `node`, nearest first.
    pub fn parts(&self, node: NodeIndex) -> Vec<(NodeIndex, Vec<Cite>)> {
        self.closure(node, true)
    }

    /// `node` and everything it is a part of through `includes`, each with the edges that lead there.
    pub fn wholes(&self, node: NodeIndex) -> Vec<(NodeIndex, Vec<Cite>)> {
        self.closure(node, false)
    }

    fn closure(&self, node: NodeIndex, down: bool) -> Vec<(NodeIndex, Vec<Cite>)> {
        let mut seen: Vec<(NodeIndex, Vec<Cite>)> = vec![(node, Vec::new())];
        let first = if down {
            self.ds.out_edges(node, EdgeKind::Includes)
        } else {
            self.ds.in_edges(node, EdgeKind::Includes)
        };
        if first.is_empty() {
            return seen;
        }
        let mut known: FxHashSet<NodeIndex> = FxHashSet::default();
        known.insert(node);
        let mut i = 0;
        while i < seen.len() {
            let (at, via) = seen[i].clone();
            let next = if down {
                self.ds.out_edges(at, EdgeKind::Includes)
            } else {
                self.ds.in_edges(at, EdgeKind::Includes)
            };
            for &(edge, other) in next {
                if known.insert(other) {
                    let mut path = via.clone();
                    if down {
                        path.push(Cite::Edge(edge));
                    } else {
                        path.insert(0, Cite::Edge(edge));
                    }
                    seen.push((other, path));
                }
            }
            i += 1;
        }
        seen
    }

    /// The categories an item falls in: its own, and those of the items that contain it, each with
    /// the facts that place it there.
    pub fn categories_of(&self, item: NodeIndex) -> Rc<[Membership]> {
        if let Some(known) = self.categories.borrow().get(&item) {
            return known.clone();
        }
        let out: Rc<[Membership]> = self.find_categories(item).into();
        self.categories.borrow_mut().insert(item, out.clone());
        out
    }

    fn find_categories(&self, item: NodeIndex) -> Vec<Membership> {
        let mut out: Vec<Membership> = Vec::new();
        for (whole, via) in self.wholes(item) {
            for &(edge, category) in self.ds.out_edges(whole, EdgeKind::InCategory) {
                if out.iter().any(|m| m.category == category) {
                    continue;
                }
                out.push(Membership {
                    category,
                    cites: via.iter().copied().chain([Cite::Edge(edge)]).collect(),
                });
            }
        }
        out
    }

    /// The categories a data name concerns: a category itself, or an item's categories. `None`: every
    /// category.
    pub fn scope_categories(&self, data: Option<NodeIndex>) -> Vec<Membership> {
        match data {
            None => self
                .ds
                .nodes_of_kind(NodeKind::Category)
                .iter()
                .map(|&category| Membership {
                    category,
                    cites: Vec::new(),
                })
                .collect(),
            Some(category) if self.ds.node(category).kind == NodeKind::Category => self
                .parts(category)
                .into_iter()
                .map(|(category, cites)| Membership { category, cites })
                .collect(),
            Some(item) => self.categories_of(item).to_vec(),
        }
    }

    /// The categories whose statements reach an item: its own and its containers' categories
    /// ([`categories_of`](Self::categories_of)), and the broader categories that include them, each
    /// with the facts that place the item there.
    pub fn reaching_categories(&self, item: NodeIndex) -> Vec<Membership> {
        let mut out: Vec<Membership> = Vec::new();
        for m in self.categories_of(item).iter() {
            for (category, via) in self.wholes(m.category) {
                if out.iter().any(|o| o.category == category) {
                    continue;
                }
                out.push(Membership {
                    category,
                    cites: m.cites.iter().copied().chain(via).collect(),
                });
            }
        }
        out
    }

    /// The categories whose own statements an answer about `data` shows as rows of their own, so
    /// that its items do not reach them again: a category's parts and the broader categories that
    /// include it. `None`: every category (an answer about every datum shows each statement as
    /// stated); empty for an item, which reaches every category it falls in.
    pub(super) fn shown_categories(&self, data: Option<NodeIndex>) -> Option<Vec<NodeIndex>> {
        let data = data?;
        if self.ds.node(data).kind != NodeKind::Category {
            return Some(Vec::new());
        }
        let mut out: Vec<NodeIndex> = self.parts(data).into_iter().map(|(c, _)| c).collect();
        out.extend(self.wholes(data).into_iter().skip(1).map(|(c, _)| c));
        Some(out)
    }

    /// The statements made for the category-level data an answer about `data` shows, as
    /// `(data shown, node stated for, reach, cites)`: for a category, those of its parts (each
    /// shown as itself) and of the broader categories that include it (shown as the category asked
    /// about); for `None`, every category's own. Nothing for an item.
    pub(super) fn category_subjects(
        &self,
        data: Option<NodeIndex>,
    ) -> Vec<(NodeIndex, NodeIndex, Reach, Vec<Cite>)> {
        match data {
            None => self
                .ds
                .nodes_of_kind(NodeKind::Category)
                .iter()
                .map(|&c| (c, c, Reach::Stated, Vec::new()))
                .collect(),
            Some(c) if self.ds.node(c).kind == NodeKind::Category => {
                let mut out: Vec<(NodeIndex, NodeIndex, Reach, Vec<Cite>)> = self
                    .parts(c)
                    .into_iter()
                    .map(|(part, via)| (part, part, Reach::Stated, via))
                    .collect();
                for (whole, via) in self.wholes(c).into_iter().skip(1) {
                    out.push((c, whole, Reach::Container(whole), via));
                }
                out
            }
            Some(_) => Vec::new(),
        }
    }

    /// Whether `data` is, or lies within, `named`, with the facts that place it there: the same
    /// node, an item of a named category, an item inside a named item, or a sub-category of a named
    /// category.
    pub fn placed_in(&self, data: NodeIndex, named: NodeIndex) -> Option<Vec<Cite>> {
        if data == named {
            return Some(Vec::new());
        }
        if self.ds.node(data).kind == NodeKind::Category {
            return self
                .wholes(data)
                .into_iter()
                .find(|(w, _)| *w == named)
                .map(|(_, via)| via);
        }
        let known = self.placements.borrow().get(&named).cloned();
        let placed = known.unwrap_or_else(|| {
            let members: FxHashMap<NodeIndex, Vec<Cite>> = self
                .members(Some(named))
                .into_iter()
                .map(|m| (m.item, m.cites))
                .collect();
            let members = Rc::new(members);
            self.placements.borrow_mut().insert(named, members.clone());
            members
        });
        placed.get(&data).cloned()
    }
}
