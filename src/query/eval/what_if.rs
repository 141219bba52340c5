//! `what if …`: what stops, what continues on another basis (and which), and what is unaffected, each
//! with its rows. Withdrawing consent reuses the withdrawal relation (`withdrawal.rs`); a setting
//! that is off stops what the notice states only under it (the same reading as a script's
//! `.given`); a region shows each purpose's bases there beside those the notice states elsewhere.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{withdrawal::add, Eval, BASIS, DATA, EVIDENCE, PURPOSE, ROUTE};
use crate::{
    answer::{Cell, Column, Row},
    dataset::model::{EdgeKind, NodeKind},
    query::ast::{Named, Region, WhatIf},
    relation::{self, Basis, BasisStatement, Cite, Relations, Route},
};

const RECIPIENT: Column = super::col("discloses_to", "Recipients it discloses to");
const SUBJECT: Column = super::col("subject", "Purpose or recipient");
const OUTCOME: Column = super::col("outcome", "What happens");
const HERE: Column = super::col("here", "Legal basis there");
const ELSEWHERE: Column = super::col("elsewhere", "Legal basis stated for other regions");

/// What a setting being off does to a fact, in the order rows are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Off {
    /// The notice states the fact only under the setting.
    Stops,
    /// The notice names the setting as a control of the purpose, without saying what stops.
    Controlled,
    Unaffected,
}

/// One row being built: its data, evidence and bases.
use super::withdrawal::Entry;
/// Outcome, (0 use, 1 route), subject's place, subject, route.
type Key = (Off, u8, (usize, usize), NodeIndex, Route);

impl Eval<'_> {
    pub(super) fn what_if(&mut self, what: &WhatIf) {
        match what {
            WhatIf::Withdraw { region } => self.what_if_withdraw(region.as_ref()),
            WhatIf::SettingOff { setting } => self.what_if_off(setting),
            WhatIf::InRegion { region } => self.what_if_region(region),
        }
    }

    fn what_if_withdraw(&mut self, region: Option<&Region>) {
        let columns = [
            super::col("region", "Region"),
            SUBJECT,
            ROUTE,
            DATA,
            BASIS,
            super::col("outcome", "If consent is withdrawn"),
            EVIDENCE,
        ];
        self.start(
            "what-if-consent-withdrawn",
            "What if consent is withdrawn: what stops, what continues on another basis, what is unaffected".into(),
            &columns,
        );
        self.consent_rows(region, true);
        self.answer.notes.push(
            "category-level and item-level sharing statements state no legal basis: whether withdrawing consent affects them is not stated by this notice, and they are not listed".to_string(),
        );
    }

    fn what_if_off(&mut self, setting: &Named) {
        self.resolve(setting);
        let name = self.name(setting.node).to_string();
        self.start(
            "what-if-setting-off",
            format!("What if \"{name}\" is off: what stops, and what is unaffected"),
            &[SUBJECT, ROUTE, DATA, BASIS, OUTCOME, EVIDENCE],
        );
        let rel = Relations::new(self.ds, None);
        let mut rows: BTreeMap<Key, Entry> = BTreeMap::new();
        let s = setting.node;
        for u in rel.uses(None) {
            let off = self.off(s, &u.conditions, u.purpose);
            let key = (
                off,
                0,
                self.order(u.purpose),
                u.purpose,
                Route::Purpose(u.purpose),
            );
            add(rows.entry(key).or_default(), u.data, &u.cites, &u.bases);
        }
        for d in rel.disclosures(None) {
            let purpose = match d.route {
                Route::Purpose(p) => Some(p),
                _ => None,
            };
            let off = match purpose {
                Some(p) => self.off(s, &d.conditions, p),
                None if d.conditions.contains(&s) => Off::Stops,
                None => Off::Unaffected,
            };
            let key = (off, 1, self.order(d.recipient), d.recipient, d.route);
            add(rows.entry(key).or_default(), d.data, &d.cites, &d.bases);
        }
        for ((off, _, _, subject, route), (data, mut cites, bases)) in rows {
            if off == Off::Controlled {
                let control = self.ds.out_edges(subject, EdgeKind::ControlledBy);
                cites.extend(
                    control
                        .iter()
                        .filter(|&&(_, c)| c == s)
                        .map(|&(e, _)| Cite::Edge(e)),
                );
            }
            if off == Off::Stops {
                let applies = self.ds.in_edges(subject, EdgeKind::AppliesTo);
                let setting = applies.iter().filter(|&&(_, c)| c == s);
                cites.extend(setting.map(|&(e, _)| Cite::Edge(e)));
            }
            let outcome = match off {
                Off::Stops => format!("stops: the notice states it only with \"{name}\" on (see Evidence for where the rows apply it)"),
                Off::Controlled => format!("the notice names \"{name}\" as a control of this purpose; it does not state what stops when it is off"),
                Off::Unaffected => format!("unaffected: the notice does not state it under \"{name}\""),
            };
            let bases = if bases.is_empty() {
                Cell::NotStated(crate::answer::NOT_STATED.into())
            } else {
                self.cells.bases(&bases)
            };
            let row = vec![
                self.cells.nodes(&[subject]),
                self.cells.route(route),
                self.cells.nodes(&data),
                bases,
                Cell::Text(outcome),
                self.cells.evidence(&cites, &[]),
            ];
            self.answer.rows.push(Row(row));
        }
        self.answer.notes.push(format!(
            "derived: a row stops when the notice states it only under \"{name}\" (a condition of the row, as a script's `.given` reads it); the tool does not read more into a setting than the rows say"
        ));
    }

    /// What `setting` being off does to a fact with these conditions, of this purpose.
    fn off(&self, setting: NodeIndex, conditions: &[NodeIndex], purpose: NodeIndex) -> Off {
        // A condition of the fact, or one the notice applies to its purpose as a whole.
        let applies = self
            .ds
            .in_edges(purpose, EdgeKind::AppliesTo)
            .iter()
            .any(|&(_, c)| c == setting);
        if conditions.contains(&setting) || applies {
            return Off::Stops;
        }
        let controlled = self
            .ds
            .out_edges(purpose, EdgeKind::ControlledBy)
            .iter()
            .any(|&(_, c)| c == setting);
        if controlled {
            Off::Controlled
        } else {
            Off::Unaffected
        }
    }

    fn what_if_region(&mut self, region: &Region) {
        let here = match region {
            Region::Node(n) => {
                self.resolve(n);
                relation::Region::Node(n.node)
            }
            Region::Unmentioned { .. } => relation::Region::Elsewhere,
        };
        let name = match region {
            Region::Node(n) => self.name(n.node).to_string(),
            Region::Unmentioned { name, .. } => name.clone(),
        };
        self.start(
            "what-if-region",
            format!("What if the requester is in {name}: each purpose's legal basis there"),
            &[PURPOSE, RECIPIENT, HERE, ELSEWHERE, OUTCOME, EVIDENCE],
        );
        let (in_rel, all_rel) = (
            Relations::new(self.ds, Some(here)),
            Relations::new(self.ds, None),
        );
        let mut purposes: Vec<NodeIndex> = self.ds.nodes_of_kind(NodeKind::Purpose).to_vec();
        purposes.sort_by_key(|&p| (self.order(p), p));
        for p in purposes {
            let there = in_rel.statements(p);
            // The statements made only for other regions: those that do not hold here.
            let others: Vec<BasisStatement> = all_rel
                .statements(p)
                .into_iter()
                .filter(|s| {
                    let regions = &s.basis.regions;
                    !regions.is_empty()
                        && !matches!(here, relation::Region::Node(r) if regions.contains(&r))
                })
                .collect();
            if there.is_empty() && others.is_empty() {
                continue;
            }
            let row = self.region_row(p, &there, &others, &name);
            self.answer.rows.push(Row(row));
        }
        self.answer.notes.push(format!(
            "derived: the What happens column compares the bases the notice states for {name} (and without a region) with those it states only for other regions; a purpose with no basis stated for {name} is not said to stop: the notice is silent there"
        ));
    }

    fn region_row(
        &self,
        p: NodeIndex,
        there: &[BasisStatement],
        others: &[BasisStatement],
        name: &str,
    ) -> Vec<Cell> {
        let bases_of =
            |s: &[BasisStatement]| -> Vec<Basis> { s.iter().map(|s| s.basis.clone()).collect() };
        let (here, elsewhere) = (bases_of(there), bases_of(others));
        let recipients: Vec<NodeIndex> = self
            .ds
            .out_edges(p, EdgeKind::DisclosesTo)
            .iter()
            .map(|&(_, r)| r)
            .collect();
        let outcome = if here.is_empty() {
            format!(
                "its basis in {name} is {}: the notice states bases for it only for other regions",
                crate::answer::NOT_STATED
            )
        } else if elsewhere.is_empty() && here.iter().all(|b| b.regions.is_empty()) {
            "unaffected: the notice states its bases without a region, so they hold wherever it applies".to_string()
        } else if elsewhere.is_empty() {
            format!("rests in {name} on the bases the notice states for it (see Legal basis there)")
        } else {
            format!("rests in {name} on the bases in Legal basis there; those stated only for other regions do not hold there")
        };
        let cell = |b: &[Basis]| {
            if b.is_empty() {
                Cell::NotStated(crate::answer::NOT_STATED.into())
            } else {
                self.cells.bases(b)
            }
        };
        let recipients = if recipients.is_empty() {
            Cell::NotStated("no recipient named for this purpose".into())
        } else {
            self.cells.nodes(&recipients)
        };
        let all: Vec<Basis> = here.iter().chain(&elsewhere).cloned().collect();
        vec![
            self.cells.nodes(&[p]),
            recipients,
            cell(&here),
            if elsewhere.is_empty() {
                Cell::Text("none: no basis for it is stated only for other regions".into())
            } else {
                self.cells.bases(&elsewhere)
            },
            Cell::Text(outcome),
            self.cells.evidence(&[Cite::Node(p)], &all),
        ]
    }
}
