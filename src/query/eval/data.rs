//! Data questions: categories and items, sources, retention.

use petgraph::graph::{EdgeIndex, NodeIndex};
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Eval, CATEGORY, CONDITIONS, DATA, EVIDENCE, PERIOD, PURPOSE, QUOTES, SOURCE};
use crate::{
    answer::{Cell, Row, NOT_STATED},
    dataset::model::{EdgeKind, NodeKind},
    query::ast::{Data, Named},
    relation::{Cite, Member, RetentionStatements},
};

impl Eval<'_> {
    /// `categories of <data>`: each category the data falls in, with the items of it.
    pub(super) fn categories_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [CATEGORY, DATA, EVIDENCE];
        self.start(
            "categories-of",
            format!("Categories of {}", self.data_label(data)),
            &columns,
        );
        let scope = Self::data_node(data);
        let members = self.rel.members(scope);
        let mut categories: Vec<NodeIndex> = self
            .rel
            .scope_categories(scope)
            .into_iter()
            .map(|m| m.category)
            .collect();
        let memberships: Vec<(NodeIndex, std::rc::Rc<[crate::relation::Membership]>)> = members
            .iter()
            .map(|m| (m.item, self.rel.categories_of(m.item)))
            .collect();
        // Each category's items, with the facts that place them there, in the order of the items.
        let mut placed: FxHashMap<NodeIndex, (Vec<NodeIndex>, Vec<Cite>)> = FxHashMap::default();
        let mut listed: FxHashSet<NodeIndex> = categories.iter().copied().collect();
        for (item, list) in &memberships {
            for m in list.iter() {
                if listed.insert(m.category) {
                    categories.push(m.category);
                }
                let (items, cites) = placed.entry(m.category).or_default();
                items.push(*item);
                cites.extend(&m.cites);
            }
        }
        for category in categories {
            let (items, mut cites) = placed.remove(&category).unwrap_or_default();
            if cites.is_empty() {
                cites.push(Cite::Node(category));
            }
            let row = vec![
                self.cells.nodes(&[category]),
                if items.is_empty() {
                    Cell::NotStated("no item of the notice is placed in it".into())
                } else {
                    self.cells.nodes(&items)
                },
                self.cells.evidence(&cites, &[]),
            ];
            self.answer.rows.push(Row(row));
        }
        let uncategorised: Vec<&str> = memberships
            .iter()
            .filter(|(item, list)| list.is_empty() && !self.rel.stands_for_any(*item))
            .map(|(item, _)| self.name(*item))
            .collect();
        if !uncategorised.is_empty() {
            self.not_stated(format!(
                "the notice places these items in no category: {}",
                uncategorised.join("; ")
            ));
        }
        if let Some(item) = scope {
            self.note_categories(item);
        }
    }

    /// `items of <data>`: each data item, with the categories it falls in.
    pub(super) fn items_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [DATA, CATEGORY, EVIDENCE];
        self.start(
            "items-of",
            format!("Data items of {}", self.data_label(data)),
            &columns,
        );
        for Member { item, cites } in self.rel.members(Self::data_node(data)) {
            let memberships = self.rel.categories_of(item);
            let mut all = vec![Cite::Node(item)];
            for m in memberships.iter() {
                all.extend(&m.cites);
            }
            all.extend(cites);
            let categories: Vec<NodeIndex> = memberships.iter().map(|m| m.category).collect();
            let row = vec![
                self.cells.nodes(&[item]),
                if self.rel.stands_for_any(item) {
                    Cell::NotStated("stands for any data, so in no category of its own".into())
                } else if categories.is_empty() {
                    Cell::NotStated("in no category".into())
                } else {
                    self.cells.nodes(&categories)
                },
                self.cells.evidence(&all, &[]),
            ];
            self.answer.rows.push(Row(row));
        }
    }

    pub(super) fn sources_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [SOURCE, CATEGORY, QUOTES, EVIDENCE];
        self.start(
            "sources-of",
            format!("Sources of {}", self.data_label(data)),
            &columns,
        );
        let collections = self.rel.collections(Self::data_node(data));
        let any = collections.iter().any(|c| !c.conditions.is_empty());
        let columns = self.with_column(&columns, CONDITIONS, any);
        for c in collections {
            let quote = c.cites.last().map_or(Vec::new(), |&last| vec![last]);
            let cells = columns
                .iter()
                .map(|col| match col.key {
                    "source" => self.cells.nodes(&[c.source]),
                    "category" => self.cells.nodes(&[c.data]),
                    "quotes" => self.cells.quotes(&quote),
                    "conditions" => self.cells.conditions(&c.conditions),
                    _ => self.cells.evidence(&c.cites, &[]),
                })
                .collect();
            self.answer.rows.push(Row(cells));
        }
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "no source is stated for `{}`",
                self.data_name(data)
            ));
        }
    }

    pub(super) fn comes_from(&mut self, source: &Named) {
        self.resolve(source);
        let columns = [CATEGORY, DATA, QUOTES, EVIDENCE];
        self.start(
            "from-source",
            format!("What comes from {}", self.label(source.node)),
            &columns,
        );
        let edges = self.ds.out_edges(source.node, EdgeKind::CollectedFrom);
        let any = edges
            .iter()
            .any(|&(e, _)| !self.ds.edge(e).conditions().is_empty());
        let columns = self.with_column(&columns, CONDITIONS, any);
        for &(edge, target) in edges {
            let (items, cites) = self.collected_items(edge, target);
            let mut row = vec![
                self.cells.nodes(&[target]),
                if items.is_empty() {
                    Cell::NotStated(NOT_STATED.into())
                } else {
                    self.cells.nodes(&items)
                },
                self.cells.quotes(&[Cite::Edge(edge)]),
                self.cells.evidence(&cites, &[]),
            ];
            if columns.contains(&CONDITIONS) {
                row.insert(3, self.cells.conditions(self.ds.edge(edge).conditions()));
            }
            self.answer.rows.push(Row(row));
        }
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "nothing is stated to come from `{}`",
                self.name(source.node)
            ));
        }
    }

    pub(super) fn retention_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [DATA, PURPOSE, PERIOD, EVIDENCE];
        self.start(
            "retention-of",
            format!("Retention of {}", self.data_label(data)),
            &columns,
        );
        let scope = Self::data_node(data);
        let retentions = self.rel.retentions(scope);
        // Items a retention stated for them, or for a category they are in, covers.
        let mut kept: FxHashSet<NodeIndex> = FxHashSet::default();
        let mut categories: FxHashSet<NodeIndex> = FxHashSet::default();
        for r in &retentions {
            if self.ds.node(r.data).kind != NodeKind::Category {
                kept.insert(r.data);
            } else if categories.insert(r.data) {
                kept.extend(self.rel.members(Some(r.data)).iter().map(|m| m.item));
            }
        }
        let statements = self.rel.retention_statements(scope);
        for r in retentions {
            let row = vec![
                self.cells.nodes(&[r.data]),
                self.cells.nodes(&[r.purpose]),
                match &r.period {
                    Some(p) => Cell::Text(p.to_string()),
                    None => Cell::NotStated(NOT_STATED.into()),
                },
                self.cells.evidence(&r.cites, &[]),
            ];
            self.answer.rows.push(Row(row));
        }
        let stated_only = self.answer.rows.is_empty();
        self.retention_statement_rows(&statements);
        self.retention_gaps(data, &kept, &statements, stated_only);
    }

    /// The notes of `retention of`: the items nothing covers, or that nothing is stated at all.
    fn retention_gaps(
        &mut self,
        data: &Data,
        kept: &FxHashSet<NodeIndex>,
        statements: &RetentionStatements,
        stated_only: bool,
    ) {
        let any_statement = !statements.tied.is_empty() || !statements.untied.is_empty();
        // Statements tied to no data bear on every item: listing each item would say nothing.
        let listed = !(stated_only && statements.tied.is_empty());
        let without: Vec<String> = self
            .rel
            .members(Self::data_node(data))
            .iter()
            .filter(|m| {
                !kept.contains(&m.item)
                    && !statements.covered.contains(&m.item)
                    && !self.rel.stands_for_any(m.item)
            })
            .map(|m| self.name(m.item).to_string())
            .collect();
        if !self.answer.rows.is_empty() && !without.is_empty() && listed {
            let what = if any_statement {
                "ties no retention period or retention statement to"
            } else {
                "gives no retention period for"
            };
            let items = match without.len() {
                1 => "item".to_string(),
                n => format!("{n} items"),
            };
            self.not_stated(format!(
                "the notice {what} the other {items}: {}",
                without.join("; ")
            ));
        }
        if self.answer.rows.is_empty() {
            let mut kept: Vec<&str> = self
                .ds
                .edges_of_kind(EdgeKind::RetainedFor)
                .iter()
                .map(|&e| self.name(self.ds.ends(e).0))
                .collect();
            kept.dedup();
            let mut note = format!(
                "the notice gives no retention period for `{}`",
                self.data_name(data)
            );
            if !kept.is_empty() {
                note.push_str(&format!(
                    "; it states retention only for: {}",
                    kept.join(", ")
                ));
            }
            self.not_stated(note);
        }
    }

    /// The rows of the retention statements: those tied to the data asked about, then those the
    /// notice ties to no data (their scope is in their own words, so the Data cell says so).
    fn retention_statement_rows(&mut self, statements: &RetentionStatements) {
        let untied = statements.untied.iter().map(|&s| (None, s, Vec::new()));
        let tied = statements
            .tied
            .iter()
            .map(|t| (Some(t.subject), t.statement, t.cites.clone()));
        let rows: Vec<Row> = tied
            .chain(untied)
            .map(|(subject, statement, cites)| {
                // The context the notice gives the statement ("If you close your account") first.
                let node = self.ds.node(statement);
                let criterion = match &node.description {
                    Some(context) => format!("{}: {}", context.trim_end_matches('.'), node.name),
                    None => node.name.to_string(),
                };
                let cites: Vec<Cite> = cites.into_iter().chain([Cite::Node(statement)]).collect();
                Row(vec![
                    match subject {
                        Some(subject) => self.cells.nodes(&[subject]),
                        None => Cell::Text(UNTIED.into()),
                    },
                    Cell::NotStated(NO_PURPOSE.into()),
                    Cell::Text(criterion),
                    self.cells.evidence(&cites, &[]),
                ])
            })
            .collect();
        self.answer.rows.extend(rows);
    }
}

/// The Data cell of a retention statement the notice ties to no data.
const UNTIED: &str = "as the statement words it (tied to no data of this dataset)";
/// The Purpose cell of a retention statement.
const NO_PURPOSE: &str = "no purpose is stated for this retention";

impl Eval<'_> {
    /// The items one `collected-from` statement names, with its cites: the item itself, or the items
    /// of a category that the same row places in it.
    pub(super) fn collected_items(
        &self,
        edge: EdgeIndex,
        target: NodeIndex,
    ) -> (Vec<NodeIndex>, Vec<Cite>) {
        let row_id = &self.ds.edge(edge).provenance.row;
        let mut items = Vec::new();
        let mut cites = vec![Cite::Edge(edge)];
        if self.ds.node(target).kind == NodeKind::Category {
            for &(placed, item) in self.ds.in_edges(target, EdgeKind::InCategory) {
                if &self.ds.edge(placed).provenance.row == row_id {
                    items.push(item);
                    cites.push(Cite::Edge(placed));
                }
            }
        } else {
            items.push(target);
        }
        (items, cites)
    }
}
