//! Statement → [`Answer`]: each question form is a short function that takes typed facts from the
//! relations (`crate::relation`), filters them, and turns them into rows. No I/O happens here.
//!
//! Filters work on the facts, never on rendered cells: `in <region>` builds the relations for that
//! region, `where basis is` keeps the facts whose governing basis is (or can resolve to) the basis, and
//! the consents a requester has given ([`Given`]) add notes to the rows that rest on anything else.

mod audit;
mod cells;
mod data;
mod describe;
mod interests;
mod lint;
mod parties;
mod path;
mod purposes;
mod recipients;
mod rights;
mod routes;
mod what_if;
mod withdrawal;

use petgraph::graph::NodeIndex;

pub use path::{MAX_PATHS, MAX_PATH_EDGES, MAX_PATH_STEPS};
pub use rights::{rights, RIGHTS_NEED};
pub use routes::MAX_ROUTE_STEPS;

use super::ast::{Data, Named, Query, Region, Statement};
use crate::{
    answer::{Answer, Column, Resolved, NOT_STATED},
    dataset::{
        model::{EdgeKind, NodeKind},
        Dataset,
    },
    relation::{self, Basis, Cite, Relations},
};

/// What a requester has given, as `.given` records it in a script: whether they consented, and the
/// settings they enabled. Rows that rest on anything else are noted, never removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// The words as recorded, for notes.
    pub text: String,
    pub consent: bool,
    /// The `control` and `condition` nodes the requester enabled.
    pub settings: Vec<NodeIndex>,
    /// The basis nodes that are consent (as the regime names it).
    pub consent_bases: Vec<NodeIndex>,
}

/// What an evaluation knows beyond the statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub given: Option<Given>,
}

/// Answers `statement`. `query` is the text as typed, kept in the answer.
pub fn eval(ds: &Dataset, statement: &Statement, query: &str) -> Answer {
    eval_with(ds, statement, query, &Context::default())
}

/// Answers `statement` in a context (a script's `.given`).
pub fn eval_with(ds: &Dataset, statement: &Statement, query: &str, context: &Context) -> Answer {
    let region = statement.region.as_ref().map(|r| match r {
        Region::Node(n) => relation::Region::Node(n.node),
        Region::Unmentioned { .. } => relation::Region::Elsewhere,
    });
    let mut ev = Eval {
        ds,
        rel: Relations::new(ds, region),
        statement,
        context,
        answer: Answer::new(query),
        given_flagged: 0,
        cells: cells::Cells::new(ds, no_basis_text(ds, statement)),
    };
    ev.run();
    ev.answer
}

/// One evaluation: the relations, the statement, and the answer being built.
struct Eval<'a> {
    ds: &'a Dataset,
    rel: Relations<'a>,
    statement: &'a Statement,
    context: &'a Context,
    answer: Answer,
    /// Rows noted as resting on a consent or setting the requester has not given.
    given_flagged: usize,
    /// What turns facts into cells, with the node references and evidence made so far (cloned into
    /// every later cell).
    cells: cells::Cells,
}

const fn col(key: &'static str, heading: &'static str) -> Column {
    Column { key, heading }
}

const RECIPIENT: Column = col("recipient", "Recipient");
const DATA: Column = col("data", "Data");
const ROUTE: Column = col("route", "Route");
const BASIS: Column = col("basis", "Legal basis");
const CONDITIONS: Column = col("conditions", "Conditions");
const EVIDENCE: Column = col("evidence", "Evidence");
const NOTES: Column = col("notes", "Notes");
const QUOTES: Column = col("quotes", "Quotes");
const REASON: Column = col("reason", "Reason for sharing");
const PURPOSE: Column = col("purpose", "Purpose");
const GROUP: Column = col("group", "Listed under");
const SOURCE: Column = col("source", "Source");
const CATEGORY: Column = col("category", "Category");
const PERIOD: Column = col("period", "Retention");
const NAME: Column = col("name", "Name");
const ID: Column = col("id", "Id");
const DETAILS: Column = col("details", "Details");
const FACT: Column = col("fact", "Fact");
const VALUE: Column = col("value", "Value");
const LENGTH: Column = col("length", "Edges");
const PATH: Column = col("path", "Route");

impl<'a> Eval<'a> {
    fn run(&mut self) {
        let statement = self.statement;
        match &statement.query {
            Query::WhoMayReceive { data, with_basis } => self.who_may_receive(data, *with_basis),
            Query::WhatReceives { recipient } => self.what_receives(recipient),
            Query::WhyReceives { recipient, data } => self.why_receives(recipient, data),
            Query::PurposesOf { data } => self.purposes_of(data),
            Query::DataFor { purpose } => self.data_for(purpose),
            Query::BasisOf { purpose } => self.basis_of(purpose.as_ref()),
            Query::InterestsOf { purpose } => self.interests_of(purpose.as_ref()),
            Query::CategoriesOf { data } => self.categories_of(data),
            Query::ItemsOf { data } => self.items_of(data),
            Query::Matrix { data } => self.matrix(data),
            Query::PurposesWithBasis { basis } => self.purposes_with_basis(basis),
            Query::SourcesOf { data } => self.sources_of(data),
            Query::FromSource { source } => self.comes_from(source),
            Query::RetentionOf { data } => self.retention_of(data),
            Query::ProcessorsOf { data } => self.processors_of(data),
            Query::Path { from, to } => self.path(from, to),
            Query::Routes {
                source,
                recipient,
                steps,
                limit,
            } => self.routes(source, recipient, *steps, *limit),
            Query::Reachable { source, limit } => self.reachable(source.as_ref(), *limit),
            Query::Describe { target } => self.describe(target),
            Query::List { kind } => self.list(*kind),
            Query::Audit(audit) => self.audit(audit),
        }
        if let Some(Region::Node(named)) = &statement.region {
            self.resolve(named);
        }
        if let Some(named) = &statement.basis {
            self.resolve(named);
            self.answer.notes.push(format!(
                "only rows whose governing legal basis is or can resolve to {}",
                self.name(named.node)
            ));
        }
        if statement.basis_not_stated {
            self.answer.notes.push(
                "only rows that rest on no legal basis the notice states (a delegated basis counts as stated: ask `where basis is` it to see its rows)".to_string(),
            );
        }
        if let Some(given) = &self.context.given {
            if self.answer.columns.contains(&NOTES) {
                self.answer.notes.push(if self.given_flagged == 0 {
                    format!("the requester has given: {}; every row applies", given.text)
                } else {
                    format!(
                        "the requester has given: {}; {} rows rest on a consent or setting they have not given (see Notes)",
                        given.text, self.given_flagged
                    )
                });
            }
        }
    }

    // ----- the answer being built -----

    fn start(&mut self, form: &'static str, title: String, columns: &[Column]) {
        self.answer.form = form;
        self.answer.title = title;
        self.answer.columns = columns.to_vec();
    }

    fn resolve(&mut self, named: &Named) {
        let node = self.cells.node_ref(named.node);
        self.answer.resolved.push(Resolved {
            text: named.text.clone(),
            node,
        });
    }

    fn resolve_data(&mut self, data: &Data) {
        if let Data::Named(n) = data {
            self.resolve(n);
            self.note_wholes(n.node);
        }
    }

    /// Says when a data item asked about is a part of other items (an example the notice gives inside
    /// a broader item): what the notice states of those applies to it, and the answer shows it.
    fn note_wholes(&mut self, node: NodeIndex) {
        if self.ds.node(node).kind != NodeKind::Data {
            return;
        }
        let wholes: Vec<(String, String)> = self
            .rel
            .wholes(node)
            .into_iter()
            .skip(1)
            .filter(|(whole, _)| self.ds.node(*whole).kind == NodeKind::Data)
            .map(|(whole, via)| (format!("`{}`", self.name(whole)), self.rows_of(&via)))
            .collect();
        let item = format!("`{}`", self.name(node));
        let what = match wholes.as_slice() {
            [] => return,
            [(one, _)] => one.clone(),
            _ => "each".to_string(),
        };
        let listed: Vec<String> = wholes
            .iter()
            .map(|(w, rows)| format!("{w} ({rows})"))
            .collect();
        self.answer.notes.push(format!(
            "{item} is part of {}: what the notice states of {what} applies to {item} too",
            listed.join(", ")
        ));
    }

    /// The rows the edges of `cites` rest on, as a note names them: `row t1-r1; row t2-r3, derived`.
    fn rows_of(&self, cites: &[Cite]) -> String {
        let rows: Vec<String> = cites
            .iter()
            .filter_map(|cite| match cite {
                Cite::Edge(e) => Some(self.ds.edge(*e)),
                Cite::Node(_) => None,
            })
            .map(|edge| {
                let row = &self.ds.cited_row(&edge.provenance).id;
                match edge.derived {
                    Some(_) => format!("row {row}, derived"),
                    None => format!("row {row}"),
                }
            })
            .collect();
        rows.join("; ")
    }

    fn not_stated(&mut self, what: String) {
        self.answer.not_stated.push(what);
    }

    /// Whether the answer shows legal bases: asked for, or implied by a filter on them.
    fn filtered(&self) -> bool {
        self.statement.region.is_some()
            || self.statement.basis.is_some()
            || self.statement.basis_not_stated
    }

    /// `columns` with `extra` before Evidence, when `wanted` (a column only some datasets fill: a
    /// reason for sharing, conditions on collection). Sets the answer's columns too.
    fn with_column(&mut self, columns: &[Column], extra: Column, wanted: bool) -> Vec<Column> {
        let mut columns = columns.to_vec();
        if wanted {
            let at = columns
                .iter()
                .position(|c| *c == EVIDENCE)
                .unwrap_or(columns.len());
            columns.insert(at, extra);
        }
        self.answer.columns.clone_from(&columns);
        columns
    }

    /// An answer's columns: those given, less the group column when the notice has no group headings,
    /// and with the Notes column when a requester's consents are noted.
    fn answer_columns(&self, columns: &[Column]) -> Vec<Column> {
        let mut columns = columns.to_vec();
        // A notice without group headings would fill the column with silence on every row.
        if self.ds.nodes_of_kind(NodeKind::Group).is_empty() {
            columns.retain(|&c| c != GROUP);
        }
        if self.context.given.is_some() && !columns.contains(&NOTES) {
            columns.push(NOTES);
        }
        columns
    }

    // ----- names -----

    fn name(&self, node: NodeIndex) -> &'a str {
        &self.ds.node(node).name
    }

    /// How rows are ordered by a node: in the notice's order, by where the notice introduces it (its
    /// row, then its quote's place in the row); callers add its place in the dataset to break ties.
    fn order(&self, node: NodeIndex) -> (usize, usize) {
        let provenance = self.ds.node(node).provenance;
        (provenance.row.index(), provenance.quote_span().start)
    }

    /// "Name (data category)"
    fn label(&self, node: NodeIndex) -> String {
        let n = self.ds.node(node);
        format!("{} ({})", n.name, n.kind.words())
    }

    fn data_node(data: &Data) -> Option<NodeIndex> {
        match data {
            Data::Named(n) => Some(n.node),
            Data::Any => None,
        }
    }

    fn data_label(&self, data: &Data) -> String {
        match data {
            Data::Named(n) => self.label(n.node),
            Data::Any => "any data (every item and category of the notice)".to_string(),
        }
    }

    fn data_name(&self, data: &Data) -> String {
        match data {
            Data::Named(n) => self.name(n.node).to_string(),
            Data::Any => "any data".to_string(),
        }
    }

    // ----- filters and notes on facts -----

    /// `where basis is <basis>`: whether a fact with these bases is kept.
    fn keeps(&self, bases: &[Basis]) -> bool {
        if self.statement.basis_not_stated {
            return !bases.iter().any(Basis::governs);
        }
        match &self.statement.basis {
            None => true,
            Some(wanted) => bases
                .iter()
                .any(|b| b.governs() && b.is_or_resolves_to(wanted.node)),
        }
    }

    /// The notes a requester's consents call for on a row with these bases and conditions.
    fn given_notes(&mut self, bases: &[Basis], conditions: &[NodeIndex]) -> Vec<String> {
        let Some(given) = &self.context.given else {
            return Vec::new();
        };
        let mut notes = Vec::new();
        let governing: Vec<NodeIndex> = bases
            .iter()
            .filter(|b| b.governs())
            .flat_map(Basis::resolved)
            .collect();
        let only_consent =
            !governing.is_empty() && governing.iter().all(|b| given.consent_bases.contains(b));
        if only_consent && !given.consent {
            notes.push("rests only on consent, which the requester has not given".to_string());
        }
        for &c in conditions {
            let node = self.ds.node(c);
            if node.kind == crate::dataset::model::NodeKind::Control && !given.settings.contains(&c)
            {
                notes.push(format!(
                    "applies only if \"{}\" is enabled; the requester has not enabled it",
                    node.name
                ));
            }
        }
        if !notes.is_empty() {
            self.given_flagged += 1;
        }
        notes
    }

    /// After the rows of a form with bases: which region they are stated for, and what a delegated
    /// basis means.
    fn note_bases<'b>(&mut self, bases: impl Iterator<Item = &'b Basis>) {
        let (mut any, mut delegated, mut regionless, mut regioned) = (false, false, false, false);
        for b in bases {
            any = true;
            delegated |= b.delegation.is_some();
            regionless |= b.regions.is_empty();
            regioned |= !b.regions.is_empty();
        }
        if delegated {
            self.answer.notes.push(
                "a basis marked [delegated] is not stated by the notice, which points to the bases of other processing instead; the bases in its brackets are the tool's reading of those it can resolve to (derived, for the reason given above)".to_string(),
            );
        }
        let Some(region) = &self.statement.region else {
            return;
        };
        let name = match region {
            Region::Node(n) => self.name(n.node).to_string(),
            Region::Unmentioned { name, .. } => name.to_string(),
        };
        let note = match (any, regionless, regioned) {
            (true, false, _) => format!("legal bases as stated for {name}"),
            (true, true, true) => format!(
                "legal bases as stated for {name}, and those the notice states without a region, which hold wherever it applies"
            ),
            (true, true, false) => format!(
                "the notice states these legal bases without a region: they hold wherever it applies, {name} included"
            ),
            (false, ..) => self.no_bases_note(&name),
        };
        self.answer.notes.push(note);
    }

    /// Why no row has a basis in the region asked about: the regions the notice states bases for.
    fn no_bases_note(&self, name: &str) -> String {
        let mut stated = self.stated_regions();
        if self.any_regionless_basis() {
            stated.push("and some without a region (none for these rows)".to_string());
        }
        if stated.is_empty() {
            format!("the notice states no legal basis; for {name} the basis is {NOT_STATED}")
        } else {
            format!(
                "the notice states legal bases only for: {}; for {name} the basis is {NOT_STATED}",
                stated.join(", ")
            )
        }
    }

    /// Whether the notice states some basis without a region.
    fn any_regionless_basis(&self) -> bool {
        let stated = |kind| {
            self.ds.edges_of_kind(kind).iter().any(|&e| {
                let edge = self.ds.edge(e);
                edge.regions.is_empty() && (kind == EdgeKind::HasBasis || !edge.bases.is_empty())
            })
        };
        stated(EdgeKind::HasBasis) || stated(EdgeKind::UsedFor)
    }

    /// Names of the regions that some basis is stated for.
    fn stated_regions(&self) -> Vec<String> {
        // A region node is named only in `regions` lists: the loader checks the kinds named.
        self.ds
            .nodes_of_kind(NodeKind::Region)
            .iter()
            .filter(|&&r| !self.ds.edges_naming(r).is_empty())
            .map(|&r| self.name(r).to_string())
            .collect()
    }
}

/// The text for a bases cell left empty by the region asked about.
fn no_basis_text(ds: &Dataset, statement: &Statement) -> String {
    match &statement.region {
        Some(Region::Node(n)) => format!("{NOT_STATED} for {}", ds.node(n.node).name),
        Some(Region::Unmentioned { name, .. }) => format!("{NOT_STATED} for {name}"),
        None => NOT_STATED.to_string(),
    }
}
