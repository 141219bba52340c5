//! `describe` a node, row or section, and `list` the nodes of a kind.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::{Eval, DETAILS, EVIDENCE, FACT, ID, NAME, VALUE};
use crate::{
    answer::{Cell, Row, NOT_STATED},
    dataset::model::{EdgeKind, NodeKind, Party, StandsFor},
    query::ast::{ListKind, Named, Target},
    relation::Cite,
};

/// What `describe` shows for a row's text when the notice's text was not found.
const ROW_TEXT_NOT_FOUND: &str = "not available: the notice's text was not found";

impl Eval<'_> {
    pub(super) fn describe(&mut self, target: &Target) {
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
        let rows = self.node_rows(node);
        self.answer.rows.extend(rows.into_iter().map(Row));
        for (edge_index, outgoing, other) in self.ds.edges_at(node) {
            let kind = self.ds.edge(edge_index).kind;
            let fact = if outgoing {
                format!("{kind} ->")
            } else {
                format!("<- {kind}")
            };
            let row = self.edge_row(fact, &[other], edge_index);
            self.answer.rows.push(row);
        }
        if let Some(row) = self.interests_row(node) {
            self.answer.rows.push(row);
        }
        // Facts that name this node without being its edge: bases, regions, groups, conditions.
        for &edge_index in self.ds.edges_naming(node) {
            let (from, to) = self.ds.ends(edge_index);
            if from != node && to != node {
                let kind = self.ds.edge(edge_index).kind;
                let row = self.edge_row(format!("named by {kind}"), &[from, to], edge_index);
                self.answer.rows.push(row);
            }
        }
    }

    /// For a purpose with no `pursues` edge of its own, in a dataset that records interests: those
    /// stated for a purpose that includes it, or "not stated by this notice".
    fn interests_row(&self, node: NodeIndex) -> Option<Row> {
        let own = self.ds.out_edges(node, EdgeKind::Pursues);
        if self.ds.node(node).kind != NodeKind::Purpose || !own.is_empty() {
            return None;
        }
        if !self.records_interests() {
            return None;
        }
        let pursued = self.pursued(&self.wholes_of(node));
        let fact = Cell::Text("interests pursued".into());
        if pursued.is_empty() {
            return Some(Row(vec![
                fact,
                self.interests_cell(&pursued),
                Cell::Text("the notice names no interest for this purpose".into()),
                Cell::NotStated(NOT_STATED.into()),
            ]));
        }
        let cites = Self::pursued_cites(&pursued);
        Some(Row(vec![
            fact,
            self.interests_cell(&pursued),
            Cell::Text("stated for a purpose that includes it".into()),
            self.cells.evidence(&cites, &[]),
        ]))
    }

    /// A row for a fact of an edge: what it is, the nodes at its other end, its details, evidence.
    fn edge_row(&self, fact: String, nodes: &[NodeIndex], edge: EdgeIndex) -> Row {
        Row(vec![
            Cell::Text(fact),
            self.cells.nodes(nodes),
            Cell::Text(self.edge_details(edge)),
            self.cells.evidence(&[Cite::Edge(edge)], &[]),
        ])
    }

    /// What the dataset states about a node itself: its name, description, aliases, readings and
    /// notes, and the fields of its kind.
    fn node_rows(&self, node: NodeIndex) -> Vec<Vec<Cell>> {
        let n = self.ds.node(node);
        let stated = Cell::Evidence(vec![self.cells.evidence_of(Cite::Node(node))]);
        let text = |t: &str| Cell::Text(t.to_string());
        let fact = |name: &str, value: &str, details: &str| {
            vec![text(name), text(value), text(details), stated.clone()]
        };
        let mut rows = vec![fact(
            "name",
            &n.name,
            &format!("{}, id `{}`", n.kind.words(), n.id),
        )];
        if let Some(d) = &n.description {
            rows.push(fact("description", d, "the notice's own words"));
        }
        for alias in &n.aliases {
            let why = alias
                .derived
                .iter()
                .map(|r| format!("derived: {r}"))
                .collect();
            let evidence = self
                .cells
                .cited(&alias.provenance, "alias", alias.derived.as_deref());
            rows.push(vec![
                text("also written"),
                text(&alias.name),
                Cell::Notes(why),
                Cell::Evidence(vec![evidence]),
            ]);
        }
        if let Some(reason) = &n.derived {
            rows.push(fact(
                "derived",
                reason,
                "the dataset's reading, not the notice's words",
            ));
        }
        if n.stands_for == Some(StandsFor::AnyData) {
            let reach = "a question about any item reaches what the notice states for it (derived)";
            rows.push(fact("stands for", "any data", reach));
        }
        for code in &n.codes {
            rows.push(vec![
                text("asked as"),
                text(code),
                text("a code questions and scripts may use for the region: the dataset's, not the notice's words"),
                Cell::NotStated("not from the notice".into()),
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
            let what = match party {
                Party::Named => "a named party",
                Party::Category => "a category of recipients",
            };
            rows.push(fact(
                "party",
                &format!("{what}{role}"),
                "as the dataset records it",
            ));
        }
        if n.delegated == Some(true) {
            let how = "determined by the bases of other rows";
            rows.push(fact("delegated", how, "as the dataset records it"));
        }
        rows.extend(self.legal_basis_row(node));
        rows
    }

    /// A basis's kind of legal basis (`legal_basis`), cited, and why the dataset reads it so.
    fn legal_basis_row(&self, node: NodeIndex) -> Option<Vec<Cell>> {
        let lb = self.ds.node(node).legal_basis.as_ref()?;
        let derived = lb.derived.as_deref();
        let details = derived.map_or("as the notice states it".to_string(), |r| {
            format!("derived: {r}")
        });
        let evidence = self.cells.cited(&lb.provenance, "legal-basis", derived);
        Some(vec![
            Cell::Text("legal basis kind".into()),
            Cell::Text(lb.kind.to_string()),
            Cell::Text(details),
            Cell::Evidence(vec![evidence]),
        ])
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
        if let Some(q) = &edge.qualifier() {
            parts.push(format!("qualifier: {q}"));
        }
        if !edge.regions.is_empty() {
            let regions: Vec<&str> = edge.regions.iter().map(|&r| self.name(r)).collect();
            parts.push(format!("stated for: {}", regions.join(", ")));
        }
        if !edge.conditions().is_empty() {
            let conditions: Vec<&str> = edge.conditions().iter().map(|&c| self.name(c)).collect();
            parts.push(format!("conditions: {}", conditions.join("; ")));
        }
        if let Some(p) = &edge.period() {
            parts.push(format!("period: {p}"));
        }
        if !edge.only_for().is_empty() {
            let items: Vec<&str> = edge.only_for().iter().map(|&c| self.name(c)).collect();
            parts.push(format!("only for: {}", items.join(", ")));
        }
        if !edge.only_sharing_with().is_empty() {
            let recipients: Vec<&str> = edge
                .only_sharing_with()
                .iter()
                .map(|&c| self.name(c))
                .collect();
            parts.push(format!("only for sharing with: {}", recipients.join(", ")));
        }
        if !edge.data().is_empty() {
            let data: Vec<&str> = edge.data().iter().map(|&d| self.name(d)).collect();
            parts.push(format!("only the data: {}", data.join(", ")));
        }
        if let Some(reason) = &edge.reason() {
            parts.push(format!("reason for sharing: {reason}"));
        }
        if let Some(reason) = &edge.derived {
            parts.push(format!("derived: {reason}"));
        }
        if parts.is_empty() {
            return "none".to_string();
        }
        parts.join("; ")
    }

    fn describe_row(&mut self, id: &str) {
        let columns = [FACT, VALUE, DETAILS, EVIDENCE];
        // The parser only lets a row id through; an unknown one is still a well-formed, empty answer.
        self.start("describe", format!("Row {id}"), &columns);
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
        let (row_text, about) = if self.ds.quotes().verified() {
            (
                self.ds.row_text(&row).trim(),
                "the row as the snapshot has it",
            )
        } else {
            (
                ROW_TEXT_NOT_FOUND,
                "the snapshot was not found, so its quotes are not verified",
            )
        };
        let here = Cell::Evidence(vec![self.cells.evidence_at(id, "row", &row.anchor, None)]);
        self.answer.rows.push(Row(vec![
            text("section"),
            text(&section.title),
            text(&format!("id `{}`", section.id)),
            here.clone(),
        ]));
        self.answer
            .rows
            .push(Row(vec![text("text"), text(row_text), text(about), here]));
        let Some(row_id) = self.ds.row_id(id) else {
            return;
        };
        for &edge in self.ds.edges_citing(row_id) {
            let (from, to) = self.ds.ends(edge);
            let row = self.edge_row(self.ds.edge(edge).kind.to_string(), &[from, to], edge);
            self.answer.rows.push(row);
        }
        for &node in self.ds.nodes_citing(row_id) {
            let row = self.introduced_row(node);
            self.answer.rows.push(row);
        }
    }

    /// A row for a node that a row of the notice introduces.
    fn introduced_row(&self, node: NodeIndex) -> Row {
        let n = self.ds.node(node);
        let details = match (&n.description, &n.derived) {
            (_, Some(reason)) => format!("derived: {reason}"),
            (Some(description), None) => description.clone(),
            // Nothing more to say: not a silence of the notice, which names the node here.
            (None, None) => "named in this row".to_string(),
        };
        Row(vec![
            Cell::Text(format!("introduces {}", n.kind)),
            self.cells.nodes(&[node]),
            Cell::Text(details),
            Cell::Evidence(vec![self.cells.evidence_of(Cite::Node(node))]),
        ])
    }

    fn describe_section(&mut self, id: &str) {
        let columns = [ID, NAME, DETAILS];
        self.start("describe", format!("Section {id}"), &columns);
        let Some(section) = self.ds.section(id).cloned() else {
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
                .row_id(&row.id)
                .map_or(0, |r| self.ds.edges_citing(r).len());
            self.answer.rows.push(Row(vec![
                Cell::Text(row.id.to_string()),
                Cell::Text(row.title.to_string()),
                Cell::Text(format!("{facts} facts; `describe {}` lists them", row.id)),
            ]));
        }
    }

    pub(super) fn list(&mut self, kind: ListKind) {
        match kind {
            ListKind::Nodes(kind) => {
                let columns = [NAME, ID, DETAILS, EVIDENCE];
                self.start("list", format!("{} in the notice", plural(kind)), &columns);
                for &node in self.ds.nodes_of_kind(kind) {
                    let row = self.list_row(node);
                    self.answer.rows.push(row);
                }
                if self.answer.rows.is_empty() && kind != NodeKind::Region {
                    let what = plural(kind).to_lowercase();
                    self.not_stated(format!("the notice states no {what}"));
                }
                if kind == NodeKind::Region {
                    for other in self.ds.other_regions() {
                        self.answer.rows.push(Row(vec![
                            Cell::Text(other.name.clone()),
                            Cell::Text(other.code.clone()),
                            Cell::Text(
                                "a region the tool knows, which this notice does not mention"
                                    .into(),
                            ),
                            Cell::NotStated("not in this notice".into()),
                        ]));
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
                        Cell::Text(row.id.to_string()),
                        Cell::Text(row.title.to_string()),
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
        if n.stands_for == Some(StandsFor::AnyData) {
            details.push("stands for any data (derived)".into());
        }
        if !n.aliases.is_empty() {
            let aliases: Vec<&str> = n.aliases.iter().map(|a| a.name.as_str()).collect();
            details.push(format!("also written: {}", aliases.join("; ")));
        }
        let mut evidence = vec![self.cells.evidence_of(Cite::Node(node))];
        // A transfer is listed with its safeguards (what Art. 15(2) asks), each cited.
        if n.kind == NodeKind::Transfer {
            let safeguards = self.ds.out_edges(node, EdgeKind::SafeguardedBy);
            if !safeguards.is_empty() {
                let names: Vec<&str> = safeguards.iter().map(|&(_, s)| self.name(s)).collect();
                details.push(format!("safeguards: {}", names.join("; ")));
            }
            evidence.extend(
                safeguards
                    .iter()
                    .map(|&(e, _)| self.cells.evidence_of(Cite::Edge(e))),
            );
        }
        if !n.codes.is_empty() {
            details.push(format!("asked as: {}", n.codes.join(", ")));
        }
        if details.is_empty() {
            details.push(n.kind.words().to_string());
        }
        Row(vec![
            Cell::Text(n.name.clone()),
            Cell::Text(n.id.to_string()),
            Cell::Text(details.join("; ")),
            Cell::Evidence(evidence),
        ])
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
        NodeKind::Right => "Rights of the data subject",
        NodeKind::Authority => "Supervisory authorities",
        NodeKind::Decision => "Automated decision-making",
        NodeKind::Transfer => "Transfers",
        NodeKind::Contact => "Contacts",
        NodeKind::Interest => "Interests pursued",
        NodeKind::Retention => "Retention statements",
    }
}
