//! What a data name stands for: the items of a category, the items inside an item, the categories an
//! item falls in (its own, and those of the items that contain it).

use std::rc::Rc;

use petgraph::graph::NodeIndex;

use super::{Cite, Member, Membership, Relations};
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
        if self.ds.node(data).kind == NodeKind::Category {
            for (category, via) in self.parts(data) {
                for &(edge, item) in self.ds.in_edges(category, EdgeKind::InCategory) {
                    let cites: Vec<Cite> = via.iter().copied().chain([Cite::Edge(edge)]).collect();
                    self.add_with_parts(&mut members, item, cites);
                }
            }
        } else {
            self.add_with_parts(&mut members, data, Vec::new());
        }
        members
    }

    /// Adds `item` and the items inside it, each once (the first placement found is kept).
    fn add_with_parts(&self, members: &mut Vec<Member>, item: NodeIndex, cites: Vec<Cite>) {
        for (part, via) in self.parts(item) {
            if members.iter().any(|m| m.item == part) {
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
        let mut i = 0;
        while i < seen.len() {
            let (at, via) = seen[i].clone();
            let next = if down {
                self.ds.out_edges(at, EdgeKind::Includes)
            } else {
                self.ds.in_edges(at, EdgeKind::Includes)
            };
            for &(edge, other) in next {
                if !seen.iter().any(|(n, _)| *n == other) {
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
}
