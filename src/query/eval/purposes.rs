//! Purposes, the data they use, and their legal bases.

use petgraph::graph::NodeIndex;

use super::{interests::INTERESTS, Eval, BASIS, CONDITIONS, DATA, EVIDENCE, GROUP, PURPOSE};
use crate::{
    answer::{Cell, Column, Row},
    dataset::model::EdgeKind,
    query::ast::{Data, Named},
    relation::{absorb_evidence, group_by_shape, BasisStatement, Use},
};

impl Eval<'_> {
    pub(super) fn purposes_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = self.answer_columns(&[PURPOSE, DATA, GROUP, BASIS, CONDITIONS, EVIDENCE]);
        self.start(
            "purposes-of",
            format!("Purposes of {}", self.data_label(data)),
            &columns,
        );
        let uses: Vec<Use> = self
            .rel
            .uses(Self::data_node(data))
            .into_iter()
            .filter(|u| self.keeps(&u.bases))
            .collect();
        let mut grouped = group_by_shape(
            uses,
            Use::shape_hash,
            Use::same_but_data,
            |u| u.data,
            |have, more| {
                absorb_evidence(
                    &mut have.cites,
                    &mut have.bases,
                    &more,
                    |u| &u.cites,
                    |u| &u.bases,
                )
            },
        );
        grouped.sort_by_cached_key(|(data, u)| {
            (
                self.order(u.purpose),
                u.purpose,
                u.group.map(|g| self.order(g)),
                data.iter().map(|&d| self.order(d)).collect::<Vec<_>>(),
            )
        });
        for (items, u) in &grouped {
            self.use_row(&columns, items, u);
        }
        self.note_bases(grouped.iter().flat_map(|(_, u)| &u.bases));
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "no purpose is stated for `{}`",
                self.data_name(data)
            ));
        }
    }

    pub(super) fn data_for(&mut self, purpose: &Named) {
        self.resolve(purpose);
        let columns = self.answer_columns(&[DATA, GROUP, PURPOSE, BASIS, CONDITIONS, EVIDENCE]);
        self.start(
            "data-for",
            format!("Data used for {}", self.label(purpose.node)),
            &columns,
        );
        let (stated, uses) = self.rel.uses_for_purpose(purpose.node);
        self.note_stated_for(purpose.node, &stated);
        let uses: Vec<Use> = uses.into_iter().filter(|u| self.keeps(&u.bases)).collect();
        for u in &uses {
            self.use_row(&columns, &[u.data], u);
        }
        self.note_bases(uses.iter().flat_map(|u| &u.bases));
        self.note_parts(purpose.node);
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "no data is stated for `{}`",
                self.name(purpose.node)
            ));
        }
    }

    fn use_row(&mut self, columns: &[Column], items: &[NodeIndex], u: &Use) {
        let notes = self.given_notes(&u.bases, &u.conditions);
        let cells = columns
            .iter()
            .map(|c| match c.key {
                "purpose" => self.cells.nodes(&[u.purpose]),
                "data" => self.cells.nodes(items),
                "group" => match u.group {
                    Some(g) => self.cells.nodes(&[g]),
                    None => Cell::NotStated("no group heading".into()),
                },
                "basis" => self.cells.bases(&u.bases),
                "conditions" => self.cells.conditions(&u.conditions),
                "evidence" => self.cells.evidence(&u.cites, &u.bases),
                _ => Cell::Notes(notes.clone()),
            })
            .collect();
        self.answer.rows.push(Row(cells));
    }

    pub(super) fn basis_of(&mut self, purpose: Option<&Named>) {
        let mut columns = self.answer_columns(&[PURPOSE, BASIS, CONDITIONS, EVIDENCE]);
        if self.records_interests() {
            columns.insert(2, INTERESTS);
        }
        let statements = match purpose {
            Some(p) => {
                self.resolve(p);
                self.start(
                    "basis-of",
                    format!("Legal basis of {}", self.label(p.node)),
                    &columns,
                );
                let statements = self.rel.statements(p.node);
                let stated: Vec<NodeIndex> = if self.rel.states_basis_for(p.node) {
                    vec![p.node]
                } else {
                    let mut wholes = Vec::new();
                    for s in &statements {
                        if !wholes.contains(&s.stated_for) {
                            wholes.push(s.stated_for);
                        }
                    }
                    wholes
                };
                self.note_stated_for(p.node, &stated);
                statements
            }
            None => {
                self.start("basis-of", "Legal basis of every purpose".into(), &columns);
                self.rel.all_statements()
            }
        };
        let statements: Vec<BasisStatement> = statements
            .into_iter()
            .filter(|s| self.keeps(std::slice::from_ref(&s.basis)))
            .collect();
        for s in &statements {
            self.statement_row(&columns, s);
        }
        self.note_bases(statements.iter().map(|s| &s.basis));
        if self.answer.rows.is_empty() {
            let what = purpose.map_or("any purpose".to_string(), |p| {
                format!("`{}`", self.name(p.node))
            });
            self.not_stated(format!("no legal basis is stated for {what}"));
        }
    }

    pub(super) fn purposes_with_basis(&mut self, basis: &Named) {
        self.resolve(basis);
        let columns = self.answer_columns(&[PURPOSE, BASIS, EVIDENCE]);
        self.start(
            "purposes-with-basis",
            format!("Purposes with the legal basis {}", self.name(basis.node)),
            &columns,
        );
        let statements: Vec<BasisStatement> = self
            .rel
            .all_statements()
            .into_iter()
            .filter(|s| {
                s.basis.is_or_resolves_to(basis.node) && self.keeps(std::slice::from_ref(&s.basis))
            })
            .collect();
        for s in &statements {
            self.statement_row(&columns, s);
        }
        self.note_bases(statements.iter().map(|s| &s.basis));
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "no purpose is stated to rest on {}",
                self.name(basis.node)
            ));
        }
    }

    fn statement_row(&mut self, columns: &[Column], s: &BasisStatement) {
        let bases = std::slice::from_ref(&s.basis);
        let notes = self.given_notes(bases, &s.conditions);
        let pursued = if columns.contains(&INTERESTS) {
            self.pursued(&self.wholes_of(s.purpose))
        } else {
            Vec::new()
        };
        let cells = columns
            .iter()
            .map(|c| match c.key {
                "purpose" => self.cells.nodes(&[s.purpose]),
                "basis" => self.cells.bases(bases),
                "interests" => self.interests_cell(&pursued),
                "conditions" => self.cells.conditions(&s.conditions),
                "evidence" => self.cells.evidence(&Self::pursued_cites(&pursued), bases),
                _ => Cell::Notes(notes.clone()),
            })
            .collect();
        self.answer.rows.push(Row(cells));
    }

    /// When the notice states something for broader purposes rather than the one asked about.
    fn note_stated_for(&mut self, purpose: NodeIndex, stated: &[NodeIndex]) {
        if stated.is_empty() || stated == [purpose] {
            return;
        }
        let names: Vec<String> = stated
            .iter()
            .map(|&w| format!("`{}`", self.name(w)))
            .collect();
        self.answer.notes.push(format!(
            "the notice states this for {}, which includes `{}`",
            names.join(", "),
            self.name(purpose)
        ));
    }

    fn note_parts(&mut self, purpose: NodeIndex) {
        let parts: Vec<String> = self
            .ds
            .out_edges(purpose, EdgeKind::Includes)
            .iter()
            .map(|&(_, p)| format!("`{}`", self.name(p)))
            .collect();
        if !parts.is_empty() {
            self.answer.notes.push(format!(
                "`{}` includes: {}",
                self.name(purpose),
                parts.join(", ")
            ));
        }
    }
}
