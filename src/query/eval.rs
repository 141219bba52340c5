//! Statement → [`Answer`]: rows of cited facts. No I/O happens here.
//!
//! The recipient questions (`who may receive`, `what does … receive`, `why does … receive`) share one
//! relation, the **disclosures**: every way the notice lets data reach a recipient. There are three
//! routes:
//! - **category-level**: a category may be shared with a recipient (`may-be-shared-with`);
//! - **purpose**: an item is used for a purpose (`used-for`) that discloses to a recipient
//!   (`discloses-to`), carrying the bases, regions and conditions of the `used-for` edge;
//! - **processor**: a named party processes the item (`processed-by`).
//!
//! A purpose or processor route to a recipient that no category-level statement lists for the data's
//! category is shown and flagged, not hidden.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use petgraph::{
    graph::{EdgeIndex, NodeIndex},
    visit::EdgeRef,
    Direction,
};

use super::ast::{Data, ListKind, Named, Query, Region, Statement, Target, BUILTIN_REGIONS};
use crate::{
    answer::{Answer, BasisCell, Cell, Column, Evidence, NodeRef, Resolved, Row, NOT_STATED},
    dataset::Dataset,
    model::{EdgeKind, NodeKind, Party},
};

/// The longest route `path from` follows, in edges.
pub const MAX_PATH_EDGES: usize = 6;
/// The most routes `path from` lists; past it the answer is marked truncated.
pub const MAX_PATHS: usize = 100;
/// The most steps `path from` takes while searching; past it the answer is marked truncated.
pub const MAX_PATH_STEPS: usize = 1_000_000;

/// Answers `statement`. `query` is the text as typed, kept in the answer.
pub fn eval(ds: &Dataset, statement: &Statement, query: &str) -> Answer {
    let mut cx = Cx {
        ds,
        statement,
        answer: Answer {
            query: query.to_string(),
            form: "",
            title: String::new(),
            resolved: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            truncated: false,
            sort_by: Vec::new(),
        },
    };
    cx.run();
    cx.answer
}

struct Cx<'a> {
    ds: &'a Dataset,
    statement: &'a Statement,
    answer: Answer,
}

/// How data reaches a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Route {
    CategoryLevel,
    Purpose,
    Processor,
}

impl Route {
    fn text(self) -> &'static str {
        match self {
            Route::CategoryLevel => "category-level",
            Route::Purpose => "purpose",
            Route::Processor => "processor",
        }
    }
}

/// A recipient's row of the sharing matrix: categories stated at category level, categories reached
/// through purposes, and the evidence.
type MatrixRow = (Vec<NodeIndex>, Vec<NodeIndex>, Vec<EdgeIndex>);

/// One way data reaches a recipient.
struct Disclosure {
    recipient: NodeIndex,
    data: NodeIndex,
    route: Route,
    /// The category (category-level) or the purpose (purpose route) it goes through.
    via: Option<NodeIndex>,
    /// The `used-for` edge of a purpose route.
    used_for: Option<EdgeIndex>,
    conditions: Vec<NodeIndex>,
    evidence: Vec<EdgeIndex>,
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

impl<'a> Cx<'a> {
    fn run(&mut self) {
        let statement = self.statement;
        match &statement.query {
            Query::WhoMayReceive { data, with_basis } => self.who_may_receive(data, *with_basis),
            Query::WhatReceives { recipient } => self.what_receives(recipient),
            Query::WhyReceives { recipient, data } => self.why_receives(recipient, data),
            Query::PurposesOf { data } => self.purposes_of(data),
            Query::DataFor { purpose } => self.data_for(purpose),
            Query::BasisOf { purpose } => self.basis_of(purpose.as_ref()),
            Query::CategoriesOf { data } => self.categories_for(data),
            Query::ItemsOf { data } => self.items_for(data),
            Query::Matrix { data } => self.matrix(data),
            Query::PurposesWithBasis { basis } => self.purposes_with_basis(basis),
            Query::SourcesOf { data } => self.sources_of(data),
            Query::FromSource { source } => self.comes_from(source),
            Query::RetentionOf { data } => self.retention_of(data),
            Query::ProcessorsOf { data } => self.processors_of(data),
            Query::Path { from, to } => self.path(from, to),
            Query::Describe { target } => self.describe(target),
            Query::List { kind } => self.list(*kind),
        }
        if let Some(Region::Node(named)) = &statement.region {
            self.resolve(named);
        }
        if let Some(named) = &statement.basis {
            self.resolve(named);
        }
        if statement.query.has_bases() {
            self.apply_filters();
        }
        self.note_delegated();
        if !matches!(statement.query, Query::Describe { .. } | Query::Path { .. }) {
            self.answer.normalize();
        } else {
            self.answer.rows.dedup();
        }
    }

    // ----- small builders -----

    fn node_ref(&self, node: NodeIndex) -> NodeRef {
        let n = self.ds.node(node);
        NodeRef {
            id: n.id.clone(),
            kind: n.kind.as_str().to_string(),
            name: n.name.clone(),
        }
    }

    fn nodes(&self, nodes: &[NodeIndex]) -> Cell {
        Cell::Nodes(nodes.iter().map(|&n| self.node_ref(n)).collect())
    }

    fn name(&self, node: NodeIndex) -> &'a str {
        &self.ds.node(node).name
    }

    fn evidence_of(&self, edge: EdgeIndex) -> Evidence {
        let e = self.ds.edge(edge);
        Evidence {
            edge: u32::try_from(edge.index()).ok(),
            ..self.evidence_at(
                &e.provenance.row,
                e.kind.as_str(),
                &e.provenance.quote,
                e.derived.clone(),
            )
        }
    }

    fn evidence_at(&self, row: &str, fact: &str, quote: &str, derived: Option<String>) -> Evidence {
        let section = self
            .ds
            .row(row)
            .map(|r| self.ds.section_of(r).id.clone())
            .unwrap_or_default();
        Evidence {
            row: row.to_string(),
            section,
            fact: fact.to_string(),
            quote: quote.to_string(),
            derived,
            edge: None,
        }
    }

    fn evidence(&self, edges: &[EdgeIndex]) -> Cell {
        let mut seen = HashSet::new();
        Cell::Evidence(
            edges
                .iter()
                .filter(|e| seen.insert(**e))
                .map(|&e| self.evidence_of(e))
                .collect(),
        )
    }

    fn conditions(&self, conditions: &[NodeIndex]) -> Cell {
        if conditions.is_empty() {
            Cell::NotStated("none stated".into())
        } else {
            self.nodes(conditions)
        }
    }

    fn resolve(&mut self, named: &Named) {
        let node = self.node_ref(named.node);
        self.answer.resolved.push(Resolved {
            text: named.text.clone(),
            node,
        });
    }

    fn start(&mut self, form: &'static str, title: String, columns: &[Column]) {
        self.answer.form = form;
        self.answer.title = title;
        self.answer.columns = columns.to_vec();
        // Unflagged rows first, the notice's own category-level statements before purpose routes.
        self.answer.sort_by = vec!["notes", "route", "recipient", "purpose"];
    }

    /// Explains, once, a delegated basis that appears in the answer.
    fn note_delegated(&mut self) {
        let mut delegated = BTreeSet::new();
        for row in &self.answer.rows {
            for cell in &row.0 {
                if let Cell::Bases(bases) = cell {
                    for b in bases.iter().filter(|b| b.delegated) {
                        delegated.insert(b.basis.name.clone());
                    }
                }
            }
        }
        for name in delegated {
            self.answer.notes.push(format!(
                "\"{name}\" is a delegated basis: the notice does not state it but points to the bases of other processing; the bases in [brackets] are those it can resolve to"
            ));
        }
    }

    /// "Name (data category)"
    fn label(&self, node: NodeIndex) -> String {
        let n = self.ds.node(node);
        format!("{} ({})", n.name, n.kind.words())
    }

    // ----- graph walks -----

    /// Edges of `kind` leaving (or entering) `node`, in the order the dataset states them.
    fn edges(
        &self,
        node: NodeIndex,
        kind: EdgeKind,
        dir: Direction,
    ) -> Vec<(EdgeIndex, NodeIndex)> {
        let mut out: Vec<(EdgeIndex, NodeIndex)> = self
            .ds
            .graph()
            .edges_directed(node, dir)
            .filter(|e| e.weight().kind == kind)
            .map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                (e.id(), other)
            })
            .collect();
        out.sort();
        out
    }

    /// The items a data name stands for: itself, or a category's items with the edge placing each.
    fn items_of(&self, data: NodeIndex) -> Vec<(NodeIndex, Option<EdgeIndex>)> {
        match self.ds.node(data).kind {
            NodeKind::Category => {
                let mut items: Vec<(NodeIndex, Option<EdgeIndex>)> = Vec::new();
                for (edge, item) in self.edges(data, EdgeKind::InCategory, Direction::Incoming) {
                    if !items.iter().any(|(i, _)| *i == item) {
                        items.push((item, Some(edge)));
                    }
                }
                items
            }
            _ => vec![(data, None)],
        }
    }

    /// The items a question's data stands for (see `items_of`); for `any data`, every item.
    fn data_items(&self, data: &Data) -> Vec<(NodeIndex, Option<EdgeIndex>)> {
        match data {
            Data::Named(n) => self.items_of(n.node),
            Data::Any => self
                .ds
                .nodes_of_kind(NodeKind::Data)
                .iter()
                .map(|&i| (i, None))
                .collect(),
        }
    }

    /// The categories a question's data falls in; for `any data`, every category.
    fn data_categories(&self, data: &Data) -> Vec<(NodeIndex, Option<EdgeIndex>)> {
        match data {
            Data::Named(n) => self.categories_of(n.node),
            Data::Any => self
                .ds
                .nodes_of_kind(NodeKind::Category)
                .iter()
                .map(|&c| (c, None))
                .collect(),
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

    /// For a category, the categories whose statements should list a purpose route's recipient;
    /// otherwise each item is held to its own categories.
    fn flag_categories(&self, data: &Data) -> Option<Vec<NodeIndex>> {
        match data {
            Data::Named(n) if self.ds.node(n.node).kind == NodeKind::Category => Some(vec![n.node]),
            _ => None,
        }
    }

    fn resolve_data(&mut self, data: &Data) {
        if let Data::Named(n) = data {
            self.resolve(n);
        }
    }

    /// The categories a data name falls in: itself, or an item's categories.
    fn categories_of(&self, data: NodeIndex) -> Vec<(NodeIndex, Option<EdgeIndex>)> {
        match self.ds.node(data).kind {
            NodeKind::Category => vec![(data, None)],
            _ => self
                .edges(data, EdgeKind::InCategory, Direction::Outgoing)
                .into_iter()
                .map(|(e, c)| (c, Some(e)))
                .collect(),
        }
    }

    /// `node` and everything it is a part of, through `includes`.
    fn with_wholes(&self, node: NodeIndex) -> Vec<NodeIndex> {
        self.closure(node, Direction::Incoming)
    }

    /// `node` and all its parts, through `includes`.
    fn with_parts(&self, node: NodeIndex) -> Vec<NodeIndex> {
        self.closure(node, Direction::Outgoing)
    }

    fn closure(&self, node: NodeIndex, dir: Direction) -> Vec<NodeIndex> {
        let mut seen = vec![node];
        let mut i = 0;
        while i < seen.len() {
            for (_, next) in self.edges(seen[i], EdgeKind::Includes, dir) {
                if !seen.contains(&next) {
                    seen.push(next);
                }
            }
            i += 1;
        }
        seen
    }

    /// Every disclosure of `items` (with their placing edges) and of `categories`.
    fn disclosures(
        &self,
        items: &[(NodeIndex, Option<EdgeIndex>)],
        categories: &[(NodeIndex, Option<EdgeIndex>)],
    ) -> Vec<Disclosure> {
        let mut out = Vec::new();
        for &(category, placed) in categories {
            for (edge, recipient) in
                self.edges(category, EdgeKind::MayBeSharedWith, Direction::Outgoing)
            {
                out.push(Disclosure {
                    recipient,
                    data: category,
                    route: Route::CategoryLevel,
                    via: None,
                    used_for: None,
                    conditions: self.ds.edge(edge).conditions.clone(),
                    evidence: placed.into_iter().chain([edge]).collect(),
                });
            }
        }
        for &(item, placed) in items {
            for (used, purpose) in self.edges(item, EdgeKind::UsedFor, Direction::Outgoing) {
                for (disclosed, recipient) in
                    self.edges(purpose, EdgeKind::DisclosesTo, Direction::Outgoing)
                {
                    let mut conditions = Vec::new();
                    let mut evidence: Vec<EdgeIndex> =
                        placed.into_iter().chain([used, disclosed]).collect();
                    for edge in [used, disclosed] {
                        for &c in &self.ds.edge(edge).conditions {
                            if !conditions.contains(&c) {
                                conditions.push(c);
                            }
                        }
                    }
                    // Footnotes and settings that the notice applies to the purpose or the item.
                    for node in [purpose, item] {
                        for (applies, condition) in
                            self.edges(node, EdgeKind::AppliesTo, Direction::Incoming)
                        {
                            if !conditions.contains(&condition) {
                                conditions.push(condition);
                                evidence.push(applies);
                            }
                        }
                    }
                    out.push(Disclosure {
                        recipient,
                        data: item,
                        route: Route::Purpose,
                        via: Some(purpose),
                        used_for: Some(used),
                        conditions,
                        evidence,
                    });
                }
            }
            for (edge, recipient) in self.edges(item, EdgeKind::ProcessedBy, Direction::Outgoing) {
                out.push(Disclosure {
                    recipient,
                    data: item,
                    route: Route::Processor,
                    via: None,
                    used_for: None,
                    conditions: Vec::new(),
                    evidence: placed.into_iter().chain([edge]).collect(),
                });
            }
        }
        out
    }

    /// Every disclosure in the dataset.
    fn all_disclosures(&self) -> Vec<Disclosure> {
        self.disclosures(
            &self.data_items(&Data::Any),
            &self.data_categories(&Data::Any),
        )
    }

    /// The legal bases a `used-for` edge carries, with delegated bases expanded into the bases of the
    /// item's other purposes.
    fn bases(&self, used_for: EdgeIndex, item: NodeIndex) -> Vec<BasisCell> {
        let edge = self.ds.edge(used_for);
        let regions: Vec<NodeRef> = edge.regions.iter().map(|&r| self.node_ref(r)).collect();
        edge.bases
            .iter()
            .map(|applied| {
                let delegated = self.ds.node(applied.basis).delegated == Some(true);
                let expands_to = if delegated {
                    self.item_bases(item)
                } else {
                    Vec::new()
                };
                BasisCell {
                    basis: self.node_ref(applied.basis),
                    qualifier: applied.qualifier.clone(),
                    delegated,
                    expands_to,
                    regions: regions.clone(),
                }
            })
            .collect()
    }

    /// The bases, other than delegated ones, of every purpose the item is used for.
    fn item_bases(&self, item: NodeIndex) -> Vec<NodeRef> {
        let mut bases = BTreeSet::new();
        for (used, _) in self.edges(item, EdgeKind::UsedFor, Direction::Outgoing) {
            for applied in &self.ds.edge(used).bases {
                if self.ds.node(applied.basis).delegated != Some(true) {
                    bases.insert(self.node_ref(applied.basis));
                }
            }
        }
        bases.into_iter().collect()
    }

    /// Whether a category-level statement lists `recipient` (or a recipient that includes it) for one of
    /// `categories`; if not, the flag to show.
    fn unlisted_flag(
        &self,
        recipient: NodeIndex,
        categories: &[NodeIndex],
        data: NodeIndex,
    ) -> Option<String> {
        let wholes = self.with_wholes(recipient);
        let mut rows = BTreeSet::new();
        for &category in categories {
            for (edge, listed) in
                self.edges(category, EdgeKind::MayBeSharedWith, Direction::Outgoing)
            {
                rows.insert(self.ds.edge(edge).provenance.row.clone());
                if wholes.contains(&listed) {
                    return None;
                }
            }
        }
        if categories.is_empty() {
            return Some(format!(
                "flag: the notice places {} in no data category, so no category-level statement covers it",
                self.name(data)
            ));
        }
        let names: Vec<&str> = categories.iter().map(|&c| self.name(c)).collect();
        Some(match rows.is_empty() {
            true => format!(
                "flag: no category-level statement lists any recipient for {}",
                names.join(", ")
            ),
            false => format!(
                "flag: {} does not list this recipient for {}",
                rows.into_iter().collect::<Vec<_>>().join(", "),
                names.join(", ")
            ),
        })
    }

    /// The answer row for one disclosure. `flag_against`: the categories whose category-level
    /// statements should list the recipient (the asked-about category, or the item's own).
    fn disclosure_row(
        &self,
        d: &Disclosure,
        columns: &[Column],
        flag_against: Option<&[NodeIndex]>,
    ) -> Row {
        let mut notes = Vec::new();
        if d.route != Route::CategoryLevel {
            let own: Vec<NodeIndex>;
            let categories = match flag_against {
                Some(c) => c,
                None => {
                    own = self
                        .categories_of(d.data)
                        .into_iter()
                        .map(|(c, _)| c)
                        .collect();
                    &own
                }
            };
            notes.extend(self.unlisted_flag(d.recipient, categories, d.data));
        }
        let bases = match d.used_for {
            Some(u) => self.bases(u, d.data),
            None => Vec::new(),
        };
        let cells = columns
            .iter()
            .map(|c| match c.key {
                "recipient" => self.nodes(&[d.recipient]),
                "data" => self.nodes(&[d.data]),
                "route" => Cell::Route {
                    route: d.route.text().into(),
                    via: match d.route {
                        Route::CategoryLevel => Some(self.node_ref(d.data)),
                        _ => d.via.map(|v| self.node_ref(v)),
                    },
                },
                "basis" => Cell::Bases(bases.clone()),
                "conditions" => self.conditions(&d.conditions),
                "quotes" => {
                    let mut quotes: Vec<String> = Vec::new();
                    for &e in &d.evidence {
                        let quote = &self.ds.edge(e).provenance.quote;
                        if !quotes.contains(quote) {
                            quotes.push(quote.clone());
                        }
                    }
                    Cell::Quotes(quotes)
                }
                "evidence" => self.evidence(&d.evidence),
                _ => Cell::Notes(notes.clone()),
            })
            .collect();
        Row(cells)
    }

    /// Rows that differ only in `data` and `evidence` become one row listing all their data.
    fn merge_data(&mut self) {
        let columns = &self.answer.columns;
        let data = columns.iter().position(|c| c.key == "data");
        let evidence = columns.iter().position(|c| c.key == "evidence");
        let (Some(data), Some(evidence)) = (data, evidence) else {
            return;
        };
        let mut merged: BTreeMap<Vec<Cell>, (Vec<NodeRef>, Vec<Evidence>)> = BTreeMap::new();
        for row in std::mem::take(&mut self.answer.rows) {
            let mut key = row.0.clone();
            key[data] = Cell::Text(String::new());
            key[evidence] = Cell::Text(String::new());
            let entry = merged.entry(key).or_default();
            if let Cell::Nodes(nodes) = &row.0[data] {
                for n in nodes {
                    if !entry.0.contains(n) {
                        entry.0.push(n.clone());
                    }
                }
            }
            if let Cell::Evidence(ev) = &row.0[evidence] {
                for e in ev {
                    if !entry.1.contains(e) {
                        entry.1.push(e.clone());
                    }
                }
            }
        }
        for (mut key, (nodes, evidence_list)) in merged {
            key[data] = Cell::Nodes(nodes);
            key[evidence] = Cell::Evidence(evidence_list);
            self.answer.rows.push(Row(key));
        }
    }

    // ----- the forms -----

    fn who_may_receive(&mut self, data: &Data, with_basis: bool) {
        self.resolve_data(data);
        let columns: &[Column] = if with_basis {
            &[RECIPIENT, DATA, ROUTE, BASIS, CONDITIONS, EVIDENCE, NOTES]
        } else {
            &[RECIPIENT, DATA, ROUTE, CONDITIONS, EVIDENCE, NOTES]
        };
        let title = format!(
            "Who may receive {}{}",
            self.data_label(data),
            if with_basis {
                ", and under which basis"
            } else {
                ""
            }
        );
        self.start("who-may-receive", title, columns);
        let flag_against = self.flag_categories(data);
        let items = self.data_items(data);
        let categories = self.data_categories(data);
        for d in self.disclosures(&items, &categories) {
            let row = self.disclosure_row(&d, columns, flag_against.as_deref());
            self.answer.rows.push(row);
        }
        if !matches!(data, Data::Named(n) if self.ds.node(n.node).kind == NodeKind::Data) {
            self.merge_data();
        }
    }

    fn what_receives(&mut self, recipient: &Named) {
        self.resolve(recipient);
        let columns = [DATA, ROUTE, RECIPIENT, BASIS, CONDITIONS, EVIDENCE, NOTES];
        self.start(
            "what-receives",
            format!("What {} may receive", self.label(recipient.node)),
            &columns,
        );
        let covered = self.covered_recipients(recipient.node);
        for d in self.all_disclosures() {
            if covered.contains(&d.recipient) {
                let d = self.via_includes(d, recipient.node);
                let row = self.disclosure_row(&d, &columns, None);
                self.answer.rows.push(row);
            }
        }
        self.note_covered(recipient.node, &covered);
    }

    fn why_receives(&mut self, recipient: &Named, data: &Data) {
        self.resolve(recipient);
        self.resolve_data(data);
        let columns = [
            RECIPIENT, DATA, ROUTE, BASIS, CONDITIONS, QUOTES, EVIDENCE, NOTES,
        ];
        let title = format!(
            "Why {} may receive {}",
            self.label(recipient.node),
            self.data_label(data)
        );
        self.start("why-receives", title, &columns);
        let covered = self.covered_recipients(recipient.node);
        let flag_against = self.flag_categories(data);
        let items = self.data_items(data);
        let categories = self.data_categories(data);
        for d in self.disclosures(&items, &categories) {
            if covered.contains(&d.recipient) {
                let d = self.via_includes(d, recipient.node);
                let row = self.disclosure_row(&d, &columns, flag_against.as_deref());
                self.answer.rows.push(row);
            }
        }
        self.note_covered(recipient.node, &covered);
        if self.answer.rows.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: no statement of the notice lets `{}` reach `{}`",
                self.data_name(data),
                self.name(recipient.node)
            ));
        }
    }

    /// A recipient, the broader recipients that include it, and its parts.
    fn covered_recipients(&self, recipient: NodeIndex) -> Vec<NodeIndex> {
        let mut covered = self.with_wholes(recipient);
        for part in self.with_parts(recipient) {
            if !covered.contains(&part) {
                covered.push(part);
            }
        }
        covered
    }

    /// The `includes` edges that link `recipient` to `other` (either way), for evidence.
    fn includes_between(&self, recipient: NodeIndex, other: NodeIndex) -> Vec<EdgeIndex> {
        let mut edges = Vec::new();
        for (whole, part) in [(other, recipient), (recipient, other)] {
            // Walk up from the part to the whole, one `includes` edge at a time.
            let mut at = part;
            let mut seen = vec![part];
            while at != whole {
                let up = self
                    .edges(at, EdgeKind::Includes, Direction::Incoming)
                    .into_iter()
                    .find(|(_, w)| self.with_wholes(*w).contains(&whole) && !seen.contains(w));
                let Some((edge, w)) = up else { break };
                edges.push(edge);
                seen.push(w);
                at = w;
            }
            if at == whole && whole != part {
                return edges;
            }
            edges.clear();
        }
        edges
    }

    /// Adds to a disclosure the `includes` edges that make it count for the asked-about recipient.
    fn via_includes(&self, mut d: Disclosure, asked: NodeIndex) -> Disclosure {
        if d.recipient != asked {
            d.evidence.extend(self.includes_between(asked, d.recipient));
        }
        d
    }

    fn note_covered(&mut self, recipient: NodeIndex, covered: &[NodeIndex]) {
        let others: Vec<String> = covered
            .iter()
            .filter(|&&r| r != recipient)
            .map(|&r| format!("`{}`", self.name(r)))
            .collect();
        if !others.is_empty() {
            self.answer.notes.push(format!(
                "also counted, as the notice's broader or narrower entries for this recipient: {}",
                others.join(", ")
            ));
        }
    }

    fn purposes_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [PURPOSE, DATA, GROUP, BASIS, CONDITIONS, EVIDENCE];
        self.start(
            "purposes-of",
            format!("Purposes of {}", self.data_label(data)),
            &columns,
        );
        for (item, placed) in self.data_items(data) {
            for (used, purpose) in self.edges(item, EdgeKind::UsedFor, Direction::Outgoing) {
                let edge = self.ds.edge(used);
                let row = vec![
                    self.nodes(&[purpose]),
                    self.nodes(&[item]),
                    match edge.group {
                        Some(g) => self.nodes(&[g]),
                        None => Cell::NotStated("no group heading".into()),
                    },
                    Cell::Bases(self.bases(used, item)),
                    self.conditions(&edge.conditions),
                    self.evidence(&placed.into_iter().chain([used]).collect::<Vec<_>>()),
                ];
                self.answer.rows.push(Row(row));
            }
        }
        self.merge_data();
        if self.answer.rows.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: no purpose is stated for `{}`",
                self.data_name(data)
            ));
        }
    }

    /// The purpose itself, or, when the notice states nothing for it, the broader purposes that include it.
    fn stated_purpose(
        &mut self,
        purpose: NodeIndex,
        kind: EdgeKind,
        dir: Direction,
    ) -> Vec<NodeIndex> {
        if !self.edges(purpose, kind, dir).is_empty() {
            return vec![purpose];
        }
        let wholes: Vec<NodeIndex> = self
            .with_wholes(purpose)
            .into_iter()
            .filter(|&w| w != purpose && !self.edges(w, kind, dir).is_empty())
            .collect();
        if !wholes.is_empty() {
            let names: Vec<String> = wholes
                .iter()
                .map(|&w| format!("`{}`", self.name(w)))
                .collect();
            self.answer.notes.push(format!(
                "the notice states this for {}, which includes `{}`",
                names.join(", "),
                self.name(purpose)
            ));
        }
        wholes
    }

    fn data_for(&mut self, purpose: &Named) {
        self.resolve(purpose);
        let columns = [DATA, GROUP, PURPOSE, BASIS, CONDITIONS, EVIDENCE];
        self.start(
            "data-for",
            format!("Data used for {}", self.label(purpose.node)),
            &columns,
        );
        for p in self.stated_purpose(purpose.node, EdgeKind::UsedFor, Direction::Incoming) {
            for (used, item) in self.edges(p, EdgeKind::UsedFor, Direction::Incoming) {
                let edge = self.ds.edge(used);
                let row = vec![
                    self.nodes(&[item]),
                    match edge.group {
                        Some(g) => self.nodes(&[g]),
                        None => Cell::NotStated("no group heading".into()),
                    },
                    self.nodes(&[p]),
                    Cell::Bases(self.bases(used, item)),
                    self.conditions(&edge.conditions),
                    self.evidence(&[used]),
                ];
                self.answer.rows.push(Row(row));
            }
        }
        self.note_parts(purpose.node);
        if self.answer.rows.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: no data is stated for `{}`",
                self.name(purpose.node)
            ));
        }
    }

    fn note_parts(&mut self, purpose: NodeIndex) {
        let parts: Vec<String> = self
            .edges(purpose, EdgeKind::Includes, Direction::Outgoing)
            .into_iter()
            .map(|(_, p)| format!("`{}`", self.name(p)))
            .collect();
        if !parts.is_empty() {
            self.answer.notes.push(format!(
                "`{}` includes: {}",
                self.name(purpose),
                parts.join(", ")
            ));
        }
    }

    /// Every basis some purpose rests on, other than delegated ones.
    fn all_bases(&self) -> Vec<NodeRef> {
        let mut bases = BTreeSet::new();
        for (_, _, to, edge) in self.ds.edges() {
            if edge.kind == EdgeKind::HasBasis && self.ds.node(to).delegated != Some(true) {
                bases.insert(self.node_ref(to));
            }
        }
        bases.into_iter().collect()
    }

    fn basis_cell(&self, basis: NodeIndex, edge: EdgeIndex) -> BasisCell {
        let delegated = self.ds.node(basis).delegated == Some(true);
        let edge = self.ds.edge(edge);
        BasisCell {
            basis: self.node_ref(basis),
            qualifier: edge.qualifier.clone(),
            delegated,
            expands_to: if delegated {
                self.all_bases()
            } else {
                Vec::new()
            },
            regions: edge.regions.iter().map(|&r| self.node_ref(r)).collect(),
        }
    }

    fn basis_of(&mut self, purpose: Option<&Named>) {
        let columns = [PURPOSE, BASIS, CONDITIONS, EVIDENCE];
        let purposes = match purpose {
            Some(p) => {
                self.resolve(p);
                self.start(
                    "basis-of",
                    format!("Legal basis of {}", self.label(p.node)),
                    &columns,
                );
                self.stated_purpose(p.node, EdgeKind::HasBasis, Direction::Outgoing)
            }
            None => {
                self.start("basis-of", "Legal basis of every purpose".into(), &columns);
                self.ds.nodes_of_kind(NodeKind::Purpose).to_vec()
            }
        };
        for p in purposes {
            for (edge_index, basis) in self.edges(p, EdgeKind::HasBasis, Direction::Outgoing) {
                let edge = self.ds.edge(edge_index);
                let row = vec![
                    self.nodes(&[p]),
                    Cell::Bases(vec![self.basis_cell(basis, edge_index)]),
                    self.conditions(&edge.conditions),
                    self.evidence(&[edge_index]),
                ];
                self.answer.rows.push(Row(row));
            }
        }
        if self.answer.rows.is_empty() {
            let what = purpose.map_or("any purpose".to_string(), |p| {
                format!("`{}`", self.name(p.node))
            });
            self.answer
                .notes
                .push(format!("{NOT_STATED}: no legal basis is stated for {what}"));
        }
    }

    /// `categories of <data>`: each category the data falls in, with the items of it.
    fn categories_for(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [CATEGORY, DATA, EVIDENCE];
        self.start(
            "categories-of",
            format!("Categories of {}", self.data_label(data)),
            &columns,
        );
        let items: Vec<NodeIndex> = self.data_items(data).into_iter().map(|(i, _)| i).collect();
        let mut categories: Vec<NodeIndex> = self
            .data_categories(data)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        for &item in &items {
            for (c, _) in self.categories_of(item) {
                if !categories.contains(&c) {
                    categories.push(c);
                }
            }
        }
        let mut uncategorised = items.clone();
        for category in categories {
            let mut members = Vec::new();
            let mut evidence = Vec::new();
            for (edge, item) in self.edges(category, EdgeKind::InCategory, Direction::Incoming) {
                if items.contains(&item) {
                    if !members.contains(&item) {
                        members.push(item);
                    }
                    evidence.push(edge);
                    uncategorised.retain(|&i| i != item);
                }
            }
            let row = vec![
                self.nodes(&[category]),
                if members.is_empty() {
                    Cell::NotStated("no item of the notice is placed in it".into())
                } else {
                    self.nodes(&members)
                },
                if evidence.is_empty() {
                    let n = self.ds.node(category);
                    Cell::Evidence(vec![self.evidence_at(
                        &n.provenance.row,
                        "node",
                        &n.provenance.quote,
                        None,
                    )])
                } else {
                    self.evidence(&evidence)
                },
            ];
            self.answer.rows.push(Row(row));
        }
        if !uncategorised.is_empty() {
            let names: Vec<&str> = uncategorised.iter().map(|&i| self.name(i)).collect();
            self.answer.notes.push(format!(
                "{NOT_STATED}: the notice places these items in no category: {}",
                names.join("; ")
            ));
        }
    }

    /// `items of <data>`: each data item, with the categories it falls in.
    fn items_for(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [DATA, CATEGORY, EVIDENCE];
        self.start(
            "items-of",
            format!("Data items of {}", self.data_label(data)),
            &columns,
        );
        for (item, placed) in self.data_items(data) {
            let categories = self.categories_of(item);
            let n = self.ds.node(item);
            let mut evidence =
                vec![self.evidence_at(&n.provenance.row, "node", &n.provenance.quote, None)];
            if let Cell::Evidence(more) = self.evidence(
                &categories
                    .iter()
                    .filter_map(|(_, e)| *e)
                    .chain(placed)
                    .collect::<Vec<_>>(),
            ) {
                evidence.extend(more);
            }
            let row = vec![
                self.nodes(&[item]),
                if categories.is_empty() {
                    Cell::NotStated("in no category".into())
                } else {
                    self.nodes(&categories.iter().map(|(c, _)| *c).collect::<Vec<_>>())
                },
                Cell::Evidence(evidence),
            ];
            self.answer.rows.push(Row(row));
        }
    }

    /// `sharing matrix`: for each recipient, the categories the notice lets it receive: stated at
    /// category level, or reached through a purpose (by the categories of the items it uses).
    fn matrix(&mut self, data: &Data) {
        self.resolve_data(data);
        const STATED: Column = col("category_level", "Categories (category-level statements)");
        const THROUGH: Column = col("through_purposes", "Categories reached through purposes");
        let columns = [RECIPIENT, STATED, THROUGH, EVIDENCE];
        self.start(
            "sharing-matrix",
            format!("Categories of {} by recipient", self.data_label(data)),
            &columns,
        );
        let items = self.data_items(data);
        let categories = self.data_categories(data);
        let mut by_recipient: BTreeMap<NodeIndex, MatrixRow> = BTreeMap::new();
        for d in self.disclosures(&items, &categories) {
            let entry = by_recipient.entry(d.recipient).or_default();
            let target = match d.route {
                Route::CategoryLevel => vec![d.data],
                _ => self
                    .categories_of(d.data)
                    .into_iter()
                    .map(|(c, _)| c)
                    .collect(),
            };
            let list = if d.route == Route::CategoryLevel {
                &mut entry.0
            } else {
                &mut entry.1
            };
            for c in target {
                if !list.contains(&c) {
                    list.push(c);
                }
            }
            entry.2.extend(d.evidence.iter().copied());
        }
        for (recipient, (stated, through, evidence)) in by_recipient {
            let mut evidence = evidence;
            evidence.sort();
            evidence.dedup();
            let cell = |list: &Vec<NodeIndex>| {
                if list.is_empty() {
                    Cell::NotStated("none".into())
                } else {
                    self.nodes(list)
                }
            };
            let row = vec![
                self.nodes(&[recipient]),
                cell(&stated),
                cell(&through),
                self.evidence(&evidence),
            ];
            self.answer.rows.push(Row(row));
        }
    }

    fn purposes_with_basis(&mut self, basis: &Named) {
        self.resolve(basis);
        let columns = [PURPOSE, BASIS, EVIDENCE];
        self.start(
            "purposes-with-basis",
            format!("Purposes with the legal basis {}", self.name(basis.node)),
            &columns,
        );
        let expands = self
            .all_bases()
            .iter()
            .any(|b| b.id == self.ds.node(basis.node).id);
        for (edge_index, purpose, to, edge) in self
            .ds
            .edges()
            .map(|(e, f, t, w)| (e, f, t, w.clone()))
            .collect::<Vec<_>>()
        {
            if edge.kind != EdgeKind::HasBasis {
                continue;
            }
            let delegated = self.ds.node(to).delegated == Some(true);
            if to != basis.node && !(delegated && expands) {
                continue;
            }
            let row = vec![
                self.nodes(&[purpose]),
                Cell::Bases(vec![self.basis_cell(to, edge_index)]),
                self.evidence(&[edge_index]),
            ];
            self.answer.rows.push(Row(row));
        }
    }

    fn sources_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [SOURCE, CATEGORY, QUOTES, EVIDENCE];
        self.start(
            "sources-of",
            format!("Sources of {}", self.data_label(data)),
            &columns,
        );
        let mut targets = self.data_categories(data);
        match data {
            Data::Named(n) if self.ds.node(n.node).kind == NodeKind::Data => {
                targets.push((n.node, None))
            }
            Data::Any => targets.extend(self.data_items(data)),
            Data::Named(_) => {}
        }
        for (target, placed) in targets {
            for (edge, source) in self.edges(target, EdgeKind::CollectedFrom, Direction::Incoming) {
                let row = vec![
                    self.nodes(&[source]),
                    self.nodes(&[target]),
                    Cell::Quotes(vec![self.ds.edge(edge).provenance.quote.clone()]),
                    self.evidence(&placed.into_iter().chain([edge]).collect::<Vec<_>>()),
                ];
                self.answer.rows.push(Row(row));
            }
        }
        if self.answer.rows.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: no source is stated for `{}`",
                self.data_name(data)
            ));
        }
    }

    fn comes_from(&mut self, source: &Named) {
        self.resolve(source);
        let columns = [CATEGORY, DATA, QUOTES, EVIDENCE];
        self.start(
            "from-source",
            format!("What comes from {}", self.label(source.node)),
            &columns,
        );
        for (edge, target) in self.edges(source.node, EdgeKind::CollectedFrom, Direction::Outgoing)
        {
            let row_id = self.ds.edge(edge).provenance.row.clone();
            let mut items = Vec::new();
            let mut evidence = vec![edge];
            if self.ds.node(target).kind == NodeKind::Category {
                for (placed, item) in self.edges(target, EdgeKind::InCategory, Direction::Incoming)
                {
                    if self.ds.edge(placed).provenance.row == row_id {
                        items.push(item);
                        evidence.push(placed);
                    }
                }
            } else {
                items.push(target);
            }
            let row = vec![
                self.nodes(&[target]),
                if items.is_empty() {
                    Cell::NotStated(NOT_STATED.into())
                } else {
                    self.nodes(&items)
                },
                Cell::Quotes(vec![self.ds.edge(edge).provenance.quote.clone()]),
                self.evidence(&evidence),
            ];
            self.answer.rows.push(Row(row));
        }
        if self.answer.rows.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: nothing is stated to come from `{}`",
                self.name(source.node)
            ));
        }
    }

    fn retention_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [DATA, PURPOSE, PERIOD, EVIDENCE];
        self.start(
            "retention-of",
            format!("Retention of {}", self.data_label(data)),
            &columns,
        );
        let mut without = Vec::new();
        for (item, placed) in self.data_items(data) {
            let retained = self.edges(item, EdgeKind::RetainedFor, Direction::Outgoing);
            if retained.is_empty() {
                without.push(self.name(item).to_string());
            }
            for (edge, purpose) in retained {
                let period = self.ds.edge(edge).period.clone();
                let row = vec![
                    self.nodes(&[item]),
                    self.nodes(&[purpose]),
                    match period {
                        Some(p) => Cell::Text(p),
                        None => Cell::NotStated(NOT_STATED.into()),
                    },
                    self.evidence(&placed.into_iter().chain([edge]).collect::<Vec<_>>()),
                ];
                self.answer.rows.push(Row(row));
            }
        }
        if !self.answer.rows.is_empty() && !without.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: the notice gives no retention period for the other {} items: {}",
                without.len(),
                without.join("; ")
            ));
        }
        if self.answer.rows.is_empty() {
            let mut kept: Vec<&str> = self
                .ds
                .edges()
                .filter(|(_, _, _, e)| e.kind == EdgeKind::RetainedFor)
                .map(|(_, from, _, _)| self.name(from))
                .collect();
            kept.dedup();
            let mut note = format!(
                "{NOT_STATED}: the notice gives no retention period for `{}`",
                self.data_name(data)
            );
            if !kept.is_empty() {
                note.push_str(&format!(
                    "; it states retention only for: {}",
                    kept.join(", ")
                ));
            }
            self.answer.notes.push(note);
        }
    }

    fn processors_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [RECIPIENT, DATA, ROUTE, QUOTES, EVIDENCE];
        self.start(
            "processors-of",
            format!("Named processors of {}", self.data_label(data)),
            &columns,
        );
        let items = self.data_items(data);
        for d in self.disclosures(&items, &[]) {
            let r = self.ds.node(d.recipient);
            if r.party != Some(Party::Named) && r.role.as_deref() != Some("processor") {
                continue;
            }
            let row = self.disclosure_row(&d, &columns, None);
            self.answer.rows.push(row);
        }
        if self.answer.rows.is_empty() {
            self.answer.notes.push(format!(
                "{NOT_STATED}: the notice names no processor for `{}`",
                self.data_name(data)
            ));
        }
    }

    fn path(&mut self, from: &Named, to: &Named) {
        self.resolve(from);
        self.resolve(to);
        let columns = [LENGTH, PATH, EVIDENCE];
        let title = format!(
            "Routes from {} to {}",
            self.label(from.node),
            self.label(to.node)
        );
        self.start("path", title, &columns);
        let mut paths = self.paths(from.node, to.node);
        if paths.is_empty() && !self.answer.truncated {
            paths = self.paths(to.node, from.node);
            if !paths.is_empty() {
                self.answer.notes.push(format!(
                    "no route leads from `{}` to `{}`; these lead the other way",
                    self.name(from.node),
                    self.name(to.node)
                ));
            }
        }
        paths.sort_by_key(|p| p.len());
        for path in paths {
            let mut text = String::new();
            for (i, &edge) in path.iter().enumerate() {
                // invariant: the edges come from this graph.
                let (a, b) = self
                    .ds
                    .graph()
                    .edge_endpoints(edge)
                    .expect("edge of this graph");
                if i == 0 {
                    text.push_str(self.name(a));
                }
                text.push_str(&format!(
                    " -[{}]-> {}",
                    self.ds.edge(edge).kind,
                    self.name(b)
                ));
            }
            let row = vec![
                Cell::Number(path.len() as u64),
                Cell::Text(text),
                self.evidence(&path),
            ];
            self.answer.rows.push(Row(row));
        }
        if self.answer.truncated {
            self.answer.notes.push(format!(
                "truncated: at most {MAX_PATHS} routes of at most {MAX_PATH_EDGES} edges are listed"
            ));
        } else {
            self.answer.notes.push(format!(
                "routes of at most {MAX_PATH_EDGES} edges, shortest first"
            ));
        }
    }

    /// Simple directed paths from `from` to `to`, bounded in length, count and search steps.
    fn paths(&mut self, from: NodeIndex, to: NodeIndex) -> Vec<Vec<EdgeIndex>> {
        let mut found = Vec::new();
        let mut stack: Vec<(NodeIndex, Vec<EdgeIndex>, Vec<NodeIndex>)> =
            vec![(from, Vec::new(), vec![from])];
        let mut steps = 0usize;
        while let Some((node, edges, visited)) = stack.pop() {
            steps += 1;
            if steps > MAX_PATH_STEPS || found.len() >= MAX_PATHS {
                self.answer.truncated = true;
                break;
            }
            if node == to && !edges.is_empty() {
                found.push(edges);
                continue;
            }
            if edges.len() >= MAX_PATH_EDGES {
                continue;
            }
            let mut next: Vec<(EdgeIndex, NodeIndex)> = self
                .ds
                .graph()
                .edges_directed(node, Direction::Outgoing)
                .map(|e| (e.id(), e.target()))
                .collect();
            next.sort();
            for (edge, target) in next.into_iter().rev() {
                if visited.contains(&target) {
                    continue;
                }
                let mut edges = edges.clone();
                edges.push(edge);
                let mut visited = visited.clone();
                visited.push(target);
                stack.push((target, edges, visited));
            }
        }
        found
    }

    fn describe(&mut self, target: &Target) {
        match target {
            Target::Node(named) => self.describe_node(named),
            Target::Row(id) => self.describe_row(id),
            Target::Section(id) => self.describe_section(id),
        }
    }

    fn describe_node(&mut self, named: &Named) {
        self.resolve(named);
        let node = named.node;
        let columns = [FACT, VALUE, DETAILS, EVIDENCE];
        self.start(
            "describe",
            format!("Everything the notice states about {}", self.label(node)),
            &columns,
        );
        let n = self.ds.node(node).clone();
        let stated = Cell::Evidence(vec![self.evidence_at(
            &n.provenance.row,
            "node",
            &n.provenance.quote,
            None,
        )]);
        let text = |t: &str| Cell::Text(t.to_string());
        let mut rows = vec![vec![
            text("name"),
            text(&n.name),
            text(&format!("{}, id `{}`", n.kind.words(), n.id)),
            stated.clone(),
        ]];
        if let Some(d) = &n.description {
            rows.push(vec![
                text("description"),
                text(d),
                text("the notice's own words"),
                stated.clone(),
            ]);
        }
        for alias in &n.aliases {
            rows.push(vec![
                text("also written"),
                text(&alias.name),
                Cell::Notes(
                    alias
                        .derived
                        .iter()
                        .map(|r| format!("derived: {r}"))
                        .collect(),
                ),
                Cell::Evidence(vec![self.evidence_at(
                    &alias.provenance.row,
                    "alias",
                    &alias.provenance.quote,
                    alias.derived.clone(),
                )]),
            ]);
        }
        if let Some(note) = &n.note {
            rows.push(vec![
                text("dataset note"),
                text(note),
                text("the dataset authors' remark, not the notice's words"),
                Cell::NotStated("not from the notice".into()),
            ]);
        }
        if let Some(party) = n.party {
            let role = n
                .role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            let what = if party == Party::Named {
                "a named party"
            } else {
                "a category of recipients"
            };
            rows.push(vec![
                text("party"),
                text(&format!("{what}{role}")),
                text("as the dataset records it"),
                stated.clone(),
            ]);
        }
        if n.delegated == Some(true) {
            rows.push(vec![
                text("delegated"),
                text("determined by the bases of other rows"),
                text("as the dataset records it"),
                stated.clone(),
            ]);
        }
        for row in rows {
            self.answer.rows.push(Row(row));
        }
        let mut facts: Vec<(EdgeIndex, bool, NodeIndex)> = Vec::new();
        for e in self.ds.graph().edges_directed(node, Direction::Outgoing) {
            facts.push((e.id(), true, e.target()));
        }
        for e in self.ds.graph().edges_directed(node, Direction::Incoming) {
            facts.push((e.id(), false, e.source()));
        }
        facts.sort();
        for (edge_index, outgoing, other) in facts {
            let edge = self.ds.edge(edge_index);
            let fact = if outgoing {
                format!("{} ->", edge.kind)
            } else {
                format!("<- {}", edge.kind)
            };
            let row = vec![
                Cell::Text(fact),
                self.nodes(&[other]),
                Cell::Text(self.edge_details(edge_index)),
                self.evidence(&[edge_index]),
            ];
            self.answer.rows.push(Row(row));
        }
        // Facts that name this node without being its edge: bases, regions, groups, conditions.
        for (edge_index, from, to, edge) in self.ds.edges() {
            let mentions = edge.group == Some(node)
                || edge.bases.iter().any(|b| b.basis == node)
                || edge.regions.contains(&node)
                || edge.conditions.contains(&node);
            if mentions && from != node && to != node {
                let row = vec![
                    Cell::Text(format!("named by {}", edge.kind)),
                    self.nodes(&[from, to]),
                    Cell::Text(self.edge_details(edge_index)),
                    self.evidence(&[edge_index]),
                ];
                self.answer.rows.push(Row(row));
            }
        }
    }

    /// A short summary of an edge's attributes.
    fn edge_details(&self, edge_index: EdgeIndex) -> String {
        let edge = self.ds.edge(edge_index);
        let mut parts = Vec::new();
        if let Some(g) = edge.group {
            parts.push(format!("listed under: {}", self.name(g)));
        }
        if !edge.bases.is_empty() {
            let bases: Vec<String> = edge
                .bases
                .iter()
                .map(|b| match &b.qualifier {
                    Some(q) => format!("{} ({q})", self.name(b.basis)),
                    None => self.name(b.basis).to_string(),
                })
                .collect();
            parts.push(format!("basis: {}", bases.join("; ")));
        }
        if let Some(q) = &edge.qualifier {
            parts.push(format!("qualifier: {q}"));
        }
        if !edge.regions.is_empty() {
            let regions: Vec<&str> = edge.regions.iter().map(|&r| self.name(r)).collect();
            parts.push(format!("stated for: {}", regions.join(", ")));
        }
        if !edge.conditions.is_empty() {
            let conditions: Vec<&str> = edge.conditions.iter().map(|&c| self.name(c)).collect();
            parts.push(format!("conditions: {}", conditions.join("; ")));
        }
        if let Some(p) = &edge.period {
            parts.push(format!("period: {p}"));
        }
        if edge.derived.is_some() {
            parts.push("derived".to_string());
        }
        if parts.is_empty() {
            return "none".to_string();
        }
        parts.join("; ")
    }

    fn describe_row(&mut self, id: &str) {
        let columns = [FACT, VALUE, DETAILS, EVIDENCE];
        let Some(row) = self.ds.row(id).cloned() else {
            return;
        };
        let section = self.ds.section_of(&row).clone();
        self.start(
            "describe",
            format!("Row {id} of \"{}\": {}", section.title, row.title),
            &columns,
        );
        let text = |t: &str| Cell::Text(t.to_string());
        let row_text = self.ds.row_text(&row).trim().to_string();
        let here = Cell::Evidence(vec![self.evidence_at(id, "row", &row.anchor, None)]);
        self.answer.rows.push(Row(vec![
            text("section"),
            text(&section.title),
            text(&format!("id `{}`", section.id)),
            here.clone(),
        ]));
        self.answer.rows.push(Row(vec![
            text("text"),
            text(&row_text),
            text("the row as the snapshot has it"),
            here,
        ]));
        for (edge_index, from, to, edge) in self.ds.edges() {
            if edge.provenance.row == id {
                let row = vec![
                    Cell::Text(edge.kind.to_string()),
                    self.nodes(&[from, to]),
                    Cell::Text(self.edge_details(edge_index)),
                    self.evidence(&[edge_index]),
                ];
                self.answer.rows.push(Row(row));
            }
        }
        for (i, n) in self.ds.graph().node_weights().enumerate() {
            if n.provenance.row == id {
                let row = vec![
                    Cell::Text(format!("introduces {}", n.kind)),
                    self.nodes(&[NodeIndex::new(i)]),
                    Cell::Text(n.description.clone().unwrap_or_default()),
                    Cell::Evidence(vec![self.evidence_at(
                        id,
                        "node",
                        &n.provenance.quote,
                        None,
                    )]),
                ];
                self.answer.rows.push(Row(row));
            }
        }
    }

    fn describe_section(&mut self, id: &str) {
        let columns = [ID, NAME, DETAILS];
        let Some(section) = self.ds.sections().iter().find(|s| s.id == id).cloned() else {
            return;
        };
        self.start(
            "describe",
            format!("Section \"{}\"", section.title),
            &columns,
        );
        for row in self.ds.rows_of(&section) {
            let facts = self
                .ds
                .edges()
                .filter(|(_, _, _, e)| e.provenance.row == row.id)
                .count();
            self.answer.rows.push(Row(vec![
                Cell::Text(row.id.clone()),
                Cell::Text(row.title.clone()),
                Cell::Text(format!("{facts} facts; `describe {}` lists them", row.id)),
            ]));
        }
    }

    fn list(&mut self, kind: ListKind) {
        match kind {
            ListKind::Nodes(kind) => {
                let columns = [NAME, ID, DETAILS, EVIDENCE];
                self.start("list", format!("{} in the notice", plural(kind)), &columns);
                for &node in self.ds.nodes_of_kind(kind) {
                    let row = self.list_row(node);
                    self.answer.rows.push(row);
                }
                if kind == NodeKind::Region {
                    for (code, name, _) in BUILTIN_REGIONS {
                        if self.ds.node_by_id(code).is_none() {
                            self.answer.rows.push(Row(vec![
                                Cell::Text(name.to_string()),
                                Cell::Text(code.to_string()),
                                Cell::Text(
                                    "a region the tool knows, which this notice does not mention"
                                        .into(),
                                ),
                                Cell::NotStated("not in this notice".into()),
                            ]));
                        }
                    }
                }
            }
            ListKind::Processors => {
                let columns = [NAME, ID, DETAILS, EVIDENCE];
                self.start("list", "Named processors in the notice".into(), &columns);
                for &node in self.ds.nodes_of_kind(NodeKind::Recipient) {
                    let n = self.ds.node(node);
                    if n.party == Some(Party::Named) || n.role.as_deref() == Some("processor") {
                        let row = self.list_row(node);
                        self.answer.rows.push(row);
                    }
                }
            }
            ListKind::Sections => {
                let columns = [ID, NAME, DETAILS];
                self.start("list", "Sections of the notice".into(), &columns);
                for section in self.ds.sections() {
                    self.answer.rows.push(Row(vec![
                        Cell::Text(section.id.clone()),
                        Cell::Text(section.title.clone()),
                        Cell::Text(format!("{} rows", section.rows.len())),
                    ]));
                }
            }
            ListKind::Rows => {
                let columns = [ID, NAME, DETAILS];
                self.start("list", "Rows of the notice".into(), &columns);
                for row in self.ds.rows() {
                    self.answer.rows.push(Row(vec![
                        Cell::Text(row.id.clone()),
                        Cell::Text(row.title.clone()),
                        Cell::Text(self.ds.section_of(row).title.clone()),
                    ]));
                }
            }
        }
    }

    fn list_row(&self, node: NodeIndex) -> Row {
        let n = self.ds.node(node);
        let mut details = Vec::new();
        if let Some(d) = &n.description {
            details.push(d.clone());
        }
        if n.party == Some(Party::Named) {
            details.push("named party".into());
        }
        if let Some(role) = &n.role {
            details.push(role.clone());
        }
        if n.delegated == Some(true) {
            details.push("delegated".into());
        }
        if let Some(mark) = &n.mark {
            details.push(format!("mark {mark}"));
        }
        if !n.aliases.is_empty() {
            let aliases: Vec<&str> = n.aliases.iter().map(|a| a.name.as_str()).collect();
            details.push(format!("also written: {}", aliases.join("; ")));
        }
        if details.is_empty() {
            details.push(n.kind.words().to_string());
        }
        Row(vec![
            Cell::Text(n.name.clone()),
            Cell::Text(n.id.clone()),
            Cell::Text(details.join("; ")),
            Cell::Evidence(vec![self.evidence_at(
                &n.provenance.row,
                "node",
                &n.provenance.quote,
                None,
            )]),
        ])
    }

    // ----- filters and notes -----

    /// `in <region>` keeps, in every bases cell, the bases stated for that region, and says "not stated
    /// by this notice" where none is; `where basis is <basis>` keeps the rows resting on that basis.
    fn apply_filters(&mut self) {
        let basis_col = self.answer.columns.iter().position(|c| c.key == "basis");
        if let (Some(region), Some(b)) = (self.statement.region.clone(), basis_col) {
            let (id, name) = match &region {
                Region::Node(n) => (
                    self.ds.node(n.node).id.clone(),
                    self.name(n.node).to_string(),
                ),
                Region::Builtin { code, name } => (code.to_string(), name.to_string()),
            };
            let not_stated = format!("{NOT_STATED} for {name}");
            let mut stated_anywhere = false;
            for row in &mut self.answer.rows {
                if let Cell::Bases(bases) = &row.0[b] {
                    let kept: Vec<BasisCell> = bases
                        .iter()
                        .filter(|cell| cell.regions.iter().any(|r| r.id == id))
                        .map(|cell| BasisCell {
                            regions: cell
                                .regions
                                .iter()
                                .filter(|r| r.id == id)
                                .cloned()
                                .collect(),
                            ..cell.clone()
                        })
                        .collect();
                    stated_anywhere |= !kept.is_empty();
                    row.0[b] = if kept.is_empty() {
                        Cell::NotStated(not_stated.clone())
                    } else {
                        Cell::Bases(kept)
                    };
                }
            }
            if stated_anywhere {
                self.answer
                    .notes
                    .push(format!("legal bases as stated for {name}"));
            } else {
                let stated = self.stated_regions();
                self.answer.notes.push(format!(
                    "the notice states legal bases only for: {}; for {name} the basis is {NOT_STATED}",
                    if stated.is_empty() { "no region".to_string() } else { stated.join(", ") }
                ));
            }
        }
        if let (Some(basis), Some(b)) = (self.statement.basis.clone(), basis_col) {
            let id = self.ds.node(basis.node).id.clone();
            self.answer.rows.retain(|row| match &row.0[b] {
                Cell::Bases(bases) => bases
                    .iter()
                    .any(|cell| cell.basis.id == id || cell.expands_to.iter().any(|x| x.id == id)),
                _ => false,
            });
            self.answer.notes.push(format!(
                "only rows whose legal basis is or includes {}",
                self.name(basis.node)
            ));
        }
    }

    /// Names of the regions that some basis is stated for.
    fn stated_regions(&self) -> Vec<String> {
        let mut regions = BTreeSet::new();
        for (_, _, _, edge) in self.ds.edges() {
            for &r in &edge.regions {
                regions.insert((r, self.name(r).to_string()));
            }
        }
        regions.into_iter().map(|(_, name)| name).collect()
    }
}

fn plural(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Source => "Sources",
        NodeKind::Data => "Data items",
        NodeKind::Category => "Data categories",
        NodeKind::Group => "Data groups",
        NodeKind::Purpose => "Purposes",
        NodeKind::Basis => "Legal bases",
        NodeKind::Recipient => "Recipients",
        NodeKind::Control => "User controls and settings",
        NodeKind::Condition => "Conditions and footnotes",
        NodeKind::Safeguard => "Safeguards",
        NodeKind::Region => "Regions",
    }
}
