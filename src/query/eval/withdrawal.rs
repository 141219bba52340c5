//! `withdrawal of consent [in <region>]`: the uses and routes whose governing bases include consent,
//! in each region the notice states bases for (or the one asked about), and what the notice's bases
//! leave of each when consent is withdrawn: nothing (it rests only on consent), another stated basis,
//! or a delegated basis the tool cannot settle. A basis is consent by its kind (`legal_basis`, a kind
//! the embedded regimes mark as consent), never by its name.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{Eval, BASIS, DATA, EVIDENCE, ROUTE};
use crate::{
    answer::{Cell, Column, Row},
    dataset::{legal_basis, model::NodeKind},
    query::ast::Region,
    relation::{self, Basis, Cite, Relations, Route, Wanted},
};

const REGION: Column = super::col("region", "Region");
const SUBJECT: Column = super::col("subject", "Purpose or recipient");
const OUTCOME: Column = super::col("outcome", "If consent is withdrawn");

/// What the notice's bases leave of a fact when consent is withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Every governing basis is consent.
    Stops,
    /// Another governing basis is stated: these, and whether the notice limits any of them (a
    /// qualifier, or only some data items), so that only part may continue.
    Continues(Vec<NodeIndex>, bool),
    /// A delegated basis may resolve to consent or to another basis.
    Unsettled,
    /// `what if i withdraw consent` only: no governing basis is (or can resolve to) consent.
    Unaffected(Vec<NodeIndex>),
    /// `what if i withdraw consent` only: the notice states no basis for it.
    NoBasis,
}

/// One row being built: its data, evidence and bases.
pub(super) type Entry = (Vec<NodeIndex>, Vec<Cite>, Vec<Basis>);
/// What makes two facts one row: region, (0 use, 1 route), subject, route, outcome.
type Key = (usize, u8, (usize, usize), NodeIndex, Route, Outcome);

impl<'a> Eval<'a> {
    pub(super) fn withdrawal(&mut self, region: Option<&Region>) {
        let columns = [REGION, SUBJECT, ROUTE, DATA, BASIS, OUTCOME, EVIDENCE];
        self.start(
            "withdrawal-of-consent",
            "What rests on consent, and what the notice's bases leave when it is withdrawn".into(),
            &columns,
        );
        self.consent_rows(region, false);
    }

    /// `what if i withdraw consent`: as `withdrawal of consent`, and the uses and purpose routes
    /// that do not rest on consent too, each with its bases (`all`).
    pub(super) fn consent_rows(&mut self, region: Option<&Region>, all: bool) {
        let consent = self.consent_bases();
        if consent.is_empty() {
            self.not_stated(
                "a basis of the kind consent (no basis of the notice is of that kind)".into(),
            );
            return;
        }
        let passes = self.passes(region);
        let mut rows: BTreeMap<Key, Entry> = BTreeMap::new();
        for (i, (_, rel)) in passes.iter().enumerate() {
            self.collect_uses(i, rel, (&consent, all), &mut rows);
            self.collect_routes(i, rel, (&consent, all), &mut rows);
        }
        if all {
            drop_silent_duplicates(&mut rows);
        }
        for ((i, _, _, subject, route, outcome), (data, cites, bases)) in rows {
            let row = vec![
                Cell::Text(passes[i].0.clone()),
                self.cells.nodes(&[subject]),
                self.cells.route(route),
                self.cells.nodes(&data),
                self.cells.bases(&bases),
                Cell::Text(self.outcome_text(&outcome)),
                self.cells.evidence(&cites, &bases),
            ];
            self.answer.rows.push(Row(row));
        }
        self.answer.notes.push(
            "derived: the If consent is withdrawn column is the tool's reading of the bases the notice states for each row: a row whose every governing basis is consent stops; a row with another governing basis may continue on it; a row whose delegated basis the tool reads as including consent is left unsettled".to_string(),
        );
        self.answer.notes.push(
            "consent is recognised by each basis's kind (`legal_basis`), never by its name"
                .to_string(),
        );
        self.note_rights();
        if self.answer.rows.is_empty() {
            self.not_stated("a use or route that rests on consent".into());
        }
    }

    /// The rights the notice states, each with its row: withdrawing consent is among them
    /// when the notice states it (the dataset does not tie a right to a basis, so all are listed).
    fn note_rights(&mut self) {
        let rights: Vec<String> = self
            .ds
            .nodes_of_kind(NodeKind::Right)
            .iter()
            .map(|&r| {
                let n = self.ds.node(r);
                format!("{} ({})", n.name, self.ds.cited_row(&n.provenance).id)
            })
            .collect();
        self.answer.notes.push(if rights.is_empty() {
            "the rights of the data subject (such as withdrawing consent): none recorded in this dataset".to_string()
        } else {
            format!(
                "the rights the notice states (see `describe` for each): {}",
                rights.join("; ")
            )
        });
    }

    /// The basis nodes whose kind the regimes the tool knows mark as consent.
    fn consent_bases(&self) -> Vec<NodeIndex> {
        let known = legal_basis::known_kinds();
        self.ds
            .nodes_of_kind(NodeKind::Basis)
            .iter()
            .copied()
            .filter(|&b| {
                self.ds
                    .node(b)
                    .legal_basis
                    .as_ref()
                    .is_some_and(|lb| known.iter().any(|k| *k.id == *lb.kind && k.consent))
            })
            .collect()
    }

    /// The regions to answer for, each with its relations: the one asked about, else each region
    /// the notice states bases for, else the notice as a whole.
    fn passes(&self, region: Option<&Region>) -> Vec<(String, Relations<'a>)> {
        let one = |r: relation::Region, name: String| (name, Relations::new(self.ds, Some(r)));
        match region {
            Some(Region::Node(n)) => vec![one(
                relation::Region::Node(n.node),
                self.name(n.node).into(),
            )],
            Some(Region::Unmentioned { name, .. }) => {
                vec![one(relation::Region::Elsewhere, name.clone())]
            }
            None => {
                let regions: Vec<NodeIndex> = self
                    .ds
                    .nodes_of_kind(NodeKind::Region)
                    .iter()
                    .copied()
                    .filter(|&r| !self.ds.edges_naming(r).is_empty())
                    .collect();
                if regions.is_empty() {
                    return vec![(
                        "wherever the notice applies".into(),
                        Relations::new(self.ds, None),
                    )];
                }
                regions
                    .into_iter()
                    .map(|r| one(relation::Region::Node(r), self.name(r).into()))
                    .collect()
            }
        }
    }

    fn collect_uses(
        &self,
        i: usize,
        rel: &Relations<'a>,
        (consent, all): (&[NodeIndex], bool),
        rows: &mut BTreeMap<Key, Entry>,
    ) {
        for u in rel.uses(None) {
            let Some(outcome) =
                outcome(&u.bases, consent).or_else(|| all.then(|| untouched(&u.bases)))
            else {
                continue;
            };
            let key = (
                i,
                0,
                self.order(u.purpose),
                u.purpose,
                Route::Purpose(u.purpose),
                outcome,
            );
            add(rows.entry(key).or_default(), u.data, &u.cites, &u.bases);
        }
    }

    fn collect_routes(
        &self,
        i: usize,
        rel: &Relations<'a>,
        (consent, all): (&[NodeIndex], bool),
        rows: &mut BTreeMap<Key, Entry>,
    ) {
        let wanted = Wanted {
            recipients: None,
            bases: true,
        };
        for d in rel.disclosures_wanted(None, wanted) {
            // Sharing statements state no basis: `what if` says so once, in a note.
            let statement = matches!(d.route, Route::CategoryLevel(_) | Route::ItemLevel(_));
            let Some(outcome) = outcome(&d.bases, consent)
                .or_else(|| (all && !statement).then(|| untouched(&d.bases)))
            else {
                continue;
            };
            let key = (i, 1, self.order(d.recipient), d.recipient, d.route, outcome);
            add(rows.entry(key).or_default(), d.data, &d.cites, &d.bases);
        }
    }

    fn outcome_text(&self, outcome: &Outcome) -> String {
        match outcome {
            Outcome::Stops => "stops: it rests only on consent".into(),
            Outcome::Continues(others, true) => {
                let names: Vec<&str> = others.iter().map(|&b| self.name(b)).collect();
                format!(
                    "may continue in part, as the notice limits it (see Legal basis), on: {}",
                    names.join("; ")
                )
            }
            Outcome::Continues(others, false) => {
                let names: Vec<&str> = others.iter().map(|&b| self.name(b)).collect();
                format!(
                    "may continue on another basis the notice states: {}",
                    names.join("; ")
                )
            }
            Outcome::Unaffected(bases) => {
                let names: Vec<&str> = bases.iter().map(|&b| self.name(b)).collect();
                format!("unaffected: it rests on {}, not on consent", names.join("; "))
            }
            Outcome::NoBasis => format!(
                "the notice states no basis for it, so whether it rests on consent is {}",
                crate::answer::NOT_STATED
            ),
            Outcome::Unsettled => {
                "unsettled: its basis is delegated, and the tool's reading of it includes consent (see Legal basis)".into()
            }
        }
    }
}

/// What withdrawing consent leaves of a fact with these bases; `None` when consent is not among its
/// governing bases.
fn outcome(bases: &[Basis], consent: &[NodeIndex]) -> Option<Outcome> {
    let governing: Vec<&Basis> = bases.iter().filter(|b| b.governs()).collect();
    let is_consent = |b: NodeIndex| consent.contains(&b);
    let touches = governing
        .iter()
        .any(|b| b.resolved().into_iter().any(is_consent));
    if !touches {
        return None;
    }
    if governing
        .iter()
        .any(|b| b.delegation.is_some() && b.resolved().into_iter().any(is_consent))
    {
        return Some(Outcome::Unsettled);
    }
    let other_bases: Vec<&&Basis> = governing.iter().filter(|b| !is_consent(b.basis)).collect();
    let limited = other_bases.iter().any(|b| {
        b.qualifier.is_some() || !b.only_for.is_empty() || !b.only_sharing_with.is_empty()
    });
    let mut others: Vec<NodeIndex> = other_bases.iter().map(|b| b.basis).collect();
    others.sort();
    others.dedup();
    Some(if others.is_empty() {
        Outcome::Stops
    } else {
        Outcome::Continues(others, limited)
    })
}

/// A row that states no basis, where another row of the same subject and route in the same region
/// states one, is a statement made for another region (its bases are filtered out here): it is
/// left out, so that silence is reported only where the notice states no basis at all.
fn drop_silent_duplicates(rows: &mut BTreeMap<Key, Entry>) {
    let stated: std::collections::BTreeSet<(usize, u8, NodeIndex, Route)> = rows
        .keys()
        .filter(|k| k.5 != Outcome::NoBasis)
        .map(|k| (k.0, k.1, k.3, k.4))
        .collect();
    rows.retain(|k, _| k.5 != Outcome::NoBasis || !stated.contains(&(k.0, k.1, k.3, k.4)));
}

/// What withdrawing consent leaves of a fact none of whose governing bases is consent.
fn untouched(bases: &[Basis]) -> Outcome {
    let mut governing: Vec<NodeIndex> = bases
        .iter()
        .filter(|b| b.governs())
        .flat_map(Basis::resolved)
        .collect();
    governing.sort();
    governing.dedup();
    if governing.is_empty() {
        Outcome::NoBasis
    } else {
        Outcome::Unaffected(governing)
    }
}

/// Adds one fact's data, cites and bases to its row.
pub(super) fn add(entry: &mut Entry, data: NodeIndex, cites: &[Cite], bases: &[Basis]) {
    if !entry.0.contains(&data) {
        entry.0.push(data);
    }
    for c in cites {
        if !entry.1.contains(c) {
            entry.1.push(*c);
        }
    }
    for b in bases {
        let same = entry.2.iter_mut().find(|have| {
            (
                have.basis,
                &have.qualifier,
                &have.regions,
                &have.only_for,
                &have.only_sharing_with,
                &have.standing,
                &have.delegation,
            ) == (
                b.basis,
                &b.qualifier,
                &b.regions,
                &b.only_for,
                &b.only_sharing_with,
                &b.standing,
                &b.delegation,
            )
        });
        match same {
            Some(have) => {
                for c in &b.cites {
                    if !have.cites.contains(c) {
                        have.cites.push(*c);
                    }
                }
            }
            None => entry.2.push(b.clone()),
        }
    }
}
