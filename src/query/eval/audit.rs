//! The audit and statement questions: what the notice states about sale and sharing, transfers and
//! their safeguards, how two regions' bases differ, and what a notice can say when asked to confirm
//! one person's processing. Each answers from the facts, or says "not stated by this notice".

use petgraph::graph::NodeIndex;

use super::{Eval, EVIDENCE, PURPOSE};
use crate::{
    answer::{Cell, Column, Row, NOT_STATED},
    dataset::model::{EdgeKind, NodeKind},
    query::ast::{Audit, Data, Region},
    relation::{self, Basis, BasisStatement, Cite, Relations},
};

const TRANSFER: Column = super::col("transfer", "Transfer");
const SAFEGUARDS: Column = super::col("safeguards", "Safeguards");
const DATA: Column = super::DATA;

impl<'a> Eval<'a> {
    pub(super) fn audit(&mut self, audit: &Audit) {
        match audit {
            Audit::Sale { data, sharing } => self.sale(data, *sharing),
            Audit::Transfers { outside } => self.transfers(outside.as_ref()),
            Audit::Compare { left, right } => self.compare(left, right),
            Audit::ConfirmProcessing => self.confirm_processing(),
            Audit::Withdrawal { region } => self.withdrawal(region.as_ref()),
            Audit::Lint => self.lint(),
            Audit::WhatIf(what) => self.what_if(what),
            Audit::FromThirdParties => self.third_party_sources(),
            Audit::Processors => self.processors(),
        }
    }

    /// `sale of <data>`: the dataset's format holds no statement about sale, so the answer is that
    /// the notice, as encoded, states none; never that the data is not sold. With `sharing`, every
    /// route by which the data may reach a recipient (as `who may receive`), and the same statement
    /// about sale.
    fn sale(&mut self, data: &Data, sharing: bool) {
        if sharing {
            self.who_may_receive(data, false);
            self.answer.form = "sale-and-sharing";
            self.answer.title = format!("Sale and sharing of {}", self.data_label(data));
        } else {
            self.resolve_data(data);
            let title = format!("Sale of {}", self.data_label(data));
            self.start("sale", title, &[DATA, EVIDENCE]);
        }
        self.not_stated(format!(
            "whether `{}` is sold (the dataset records no statement about sale: this is silence, not a statement that data is not sold)",
            self.data_name(data)
        ));
    }

    /// `transfers [outside <region>]`: each transfer the notice states, with its safeguards, cited.
    fn transfers(&mut self, outside: Option<&Region>) {
        let title = match outside {
            Some(r) => format!("Transfers of data outside {}", self.region_name(r)),
            None => "Transfers of data".to_string(),
        };
        self.start("transfers", title, &[TRANSFER, SAFEGUARDS, EVIDENCE]);
        if let Some(Region::Node(n)) = outside {
            self.resolve(n);
        }
        for &node in self.ds.nodes_of_kind(NodeKind::Transfer) {
            let safeguards = self.ds.out_edges(node, EdgeKind::SafeguardedBy);
            let mut cites = vec![Cite::Node(node)];
            cites.extend(safeguards.iter().map(|&(e, _)| Cite::Edge(e)));
            let nodes: Vec<NodeIndex> = safeguards.iter().map(|&(_, s)| s).collect();
            let safeguards = if nodes.is_empty() {
                Cell::NotStated(format!("safeguards: {NOT_STATED}"))
            } else {
                self.cells.nodes(&nodes)
            };
            let row = vec![
                self.cells.nodes(&[node]),
                safeguards,
                self.cells.evidence(&cites, &[]),
            ];
            self.answer.rows.push(Row(row));
        }
        if self.answer.rows.is_empty() {
            let place = outside.map_or(String::new(), |r| {
                format!(" outside {}", self.region_name(r))
            });
            self.not_stated(format!("a transfer of data{place}"));
        } else if let Some(r) = outside {
            self.answer.notes.push(format!(
                "every transfer the notice states is shown, as it states it: the tool does not decide which of them leave {}; their names and quotes say where data goes",
                self.region_name(r)
            ));
        }
    }

    /// The name of a region as an answer shows it.
    fn region_name(&self, region: &Region) -> String {
        match region {
            Region::Node(n) => self.name(n.node).to_string(),
            Region::Unmentioned { name, .. } => name.clone(),
        }
    }

    /// `compare bases in <a> and <b>`: the purposes whose bases differ between the two regions,
    /// side by side; a side with none says "not stated by this notice for <region>".
    fn compare(&mut self, left: &Region, right: &Region) {
        let (left_name, right_name) = (self.region_name(left), self.region_name(right));
        let left_col = Column {
            key: "left",
            heading: "Legal basis (first region)",
        };
        let right_col = Column {
            key: "right",
            heading: "Legal basis (second region)",
        };
        self.start(
            "compare-bases",
            format!("Legal bases in {left_name} and in {right_name}, where they differ"),
            &[PURPOSE, left_col, right_col, EVIDENCE],
        );
        for region in [left, right] {
            if let Region::Node(n) = region {
                self.resolve(n);
            }
        }
        let (lrel, rrel) = (self.relations_in(left), self.relations_in(right));
        let mut purposes: Vec<NodeIndex> = self.ds.nodes_of_kind(NodeKind::Purpose).to_vec();
        purposes.sort_by_key(|&p| (self.order(p), p));
        let mut same = 0;
        for p in purposes {
            let (l, r) = (lrel.statements(p), rrel.statements(p));
            if same_bases(&l, &r) {
                same += 1;
                continue;
            }
            let row = vec![
                self.cells.nodes(&[p]),
                self.side(&l, &left_name),
                self.side(&r, &right_name),
                self.cells.evidence(&[], &bases_of(l.iter().chain(&r))),
            ];
            self.answer.rows.push(Row(row));
        }
        self.answer.notes.push(format!(
            "first region: {left_name}; second region: {right_name}; only the purposes whose bases differ are shown ({same} purposes have the same bases in both, or none in either)"
        ));
    }

    /// The relations of one region.
    fn relations_in(&self, region: &Region) -> Relations<'a> {
        let region = match region {
            Region::Node(n) => relation::Region::Node(n.node),
            Region::Unmentioned { .. } => relation::Region::Elsewhere,
        };
        Relations::new(self.ds, Some(region))
    }

    /// One side of a comparison: its bases, or what the notice does not state there.
    fn side(&self, statements: &[BasisStatement], region: &str) -> Cell {
        if statements.is_empty() {
            return Cell::NotStated(format!("{NOT_STATED} for {region}"));
        }
        self.cells.bases(&bases_of(statements.iter()))
    }

    /// `confirm processing`: a notice speaks of everyone, so it cannot confirm one person's
    /// processing; what it states it processes follows (as `items of any data`).
    fn confirm_processing(&mut self) {
        self.items_of(&Data::Any);
        self.answer.form = "confirm-processing";
        self.answer.title =
            "What the notice states it processes (it cannot confirm one person's processing)"
                .to_string();
        self.not_stated(
            "whether the requester's own data is processed (a notice describes processing in general; only the controller can confirm it for one person, in answer to an access request)".to_string(),
        );
    }
}

fn bases_of<'b>(statements: impl Iterator<Item = &'b BasisStatement>) -> Vec<Basis> {
    statements.map(|s| s.basis.clone()).collect()
}

/// Whether two regions' statements give a purpose the same bases (whatever region each names).
fn same_bases(left: &[BasisStatement], right: &[BasisStatement]) -> bool {
    let key = |s: &BasisStatement| {
        let b = &s.basis;
        (
            b.basis,
            b.qualifier.clone(),
            b.only_for.clone(),
            b.only_sharing_with.clone(),
        )
    };
    let mut l: Vec<_> = left.iter().map(key).collect();
    let mut r: Vec<_> = right.iter().map(key).collect();
    l.sort();
    l.dedup();
    r.sort();
    r.dedup();
    l == r
}
