//! An answer to a query: named columns, rows of typed cells, and the evidence behind each row.
//!
//! The evaluator builds answers; the renderers (`crate::render`) print them as a table, Markdown, CSV,
//! JSON or one line per row. An answer holds everything any renderer needs, so renderers never look at
//! the dataset.

use serde::Serialize;

/// The text shown wherever the notice says nothing about what was asked.
pub const NOT_STATED: &str = "not stated by this notice";

/// A node as an answer names it: its id (for `describe`), its kind, and its name exactly as in the data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct NodeRef {
    pub id: String,
    pub kind: String,
    pub name: String,
}

/// A legal basis as it applies to one answer row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BasisCell {
    pub basis: NodeRef,
    /// A limit the notice puts on the basis, in its words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// The basis is not stated but determined by other rows; `expands_to` lists the bases it resolves to.
    pub delegated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expands_to: Vec<NodeRef>,
    /// The regions the notice states this basis for; empty when it names none.
    pub regions: Vec<NodeRef>,
}

/// One piece of evidence: a fact of the dataset and the row of the notice that states it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Evidence {
    /// The row id (`t1-r05`); `describe t1-r05` expands it.
    pub row: String,
    /// The section the row belongs to.
    pub section: String,
    /// The kind of fact: an edge kind (`used-for`) or `node`.
    pub fact: String,
    /// The quote that the fact rests on, verbatim from the notice.
    pub quote: String,
    /// When the fact is the tool's reading rather than the notice's statement: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// The dataset edge stating the fact, for diagrams of the answer; `None` for a node's own provenance.
    #[serde(skip)]
    pub edge: Option<u32>,
}

/// One cell of an answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Cell {
    /// Plain text.
    Text(String),
    /// A count.
    Number(u64),
    /// One or more nodes.
    Nodes(Vec<NodeRef>),
    /// How data reaches a recipient (`purpose`, `category-level`, `processor`), and through what.
    Route {
        route: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        via: Option<NodeRef>,
    },
    /// Legal bases; empty means the notice states none for this row.
    Bases(Vec<BasisCell>),
    /// Quotes from the notice.
    Quotes(Vec<String>),
    /// The rows of the notice behind the answer row.
    Evidence(Vec<Evidence>),
    /// Short remarks: flags a lawyer should see ("not listed in table 3 for this category").
    Notes(Vec<String>),
    /// The notice says nothing here: rendered as [`NOT_STATED`] (or a more specific text).
    NotStated(String),
}

/// The names in the query, and what each resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// The words as the query wrote them.
    pub text: String,
    pub node: NodeRef,
}

/// A column: its key (stable, for JSON and CSV headers) and its heading (for tables and Markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    pub key: &'static str,
    pub heading: &'static str,
}

/// An answer row: one cell per column, in column order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Row(pub Vec<Cell>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The query as typed.
    pub query: String,
    /// Which form of question it is (`who-may-receive`), stable for scripts.
    pub form: &'static str,
    /// A one-line title for the answer, for people.
    pub title: String,
    pub resolved: Vec<Resolved>,
    pub columns: Vec<Column>,
    /// Sorted, without duplicates.
    pub rows: Vec<Row>,
    /// Remarks about the whole answer (a region the notice states no basis for, a filter applied).
    pub notes: Vec<String>,
    /// A cap was hit: the rows are not all there is.
    pub truncated: bool,
    /// Column keys to sort rows by, most significant first; the remaining cells break ties.
    #[serde(skip)]
    pub sort_by: Vec<&'static str>,
}

impl Answer {
    /// Sorts the rows and drops duplicates, so the same question always gives the same answer.
    pub fn normalize(&mut self) {
        let keys: Vec<usize> = self
            .sort_by
            .iter()
            .filter_map(|key| self.columns.iter().position(|c| c.key == *key))
            .collect();
        self.rows.sort_by(|a, b| {
            let key = |row: &Row| {
                keys.iter()
                    .map(|&i| row.0.get(i).cloned())
                    .collect::<Vec<_>>()
            };
            key(a).cmp(&key(b)).then_with(|| a.cmp(b))
        });
        self.rows.dedup();
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
