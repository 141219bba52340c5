//! An answer to a query, ready to print: named columns, rows of typed cells, the evidence behind each
//! row, notes, and what the notice does not state.
//!
//! The evaluator builds answers from the typed relations of [`crate::relation`]; the renderers
//! (`crate::present::render`) print them as a table, Markdown, CSV, JSON or one line per field. An answer holds
//! everything any renderer needs, so renderers never look at the dataset, and nothing reads an answer
//! back to compute another: filters, consents and flags work on the relations before the answer is
//! built.

use std::{
    borrow::{Borrow, Cow},
    fmt,
    ops::{Deref, DerefMut},
    sync::{Arc, OnceLock},
};

use serde::Serialize;

/// Text an answer holds: shared, so that cloning it copies no bytes. A node named in ten thousand
/// rows is one allocation for the whole answer (the evaluator makes each once, `query::eval::cells`,
/// and clones it into every cell), and a quote is a slice of the dataset's own snapshot, never a copy.
#[derive(Clone)]
pub struct Str {
    text: Arc<str>,
    start: usize,
    end: usize,
}

impl Str {
    /// The bytes `range` of `text`, which lie on character boundaries (as a quote's do).
    pub fn slice(text: &Arc<str>, range: std::ops::Range<usize>) -> Str {
        match text.get(range.clone()) {
            Some(_) => Str {
                text: Arc::clone(text),
                start: range.start,
                end: range.end,
            },
            None => Str::default(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text[self.start..self.end]
    }
}

impl Default for Str {
    fn default() -> Str {
        Str::from("")
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Str {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<Arc<str>> for Str {
    fn from(text: Arc<str>) -> Str {
        Str {
            end: text.len(),
            text,
            start: 0,
        }
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Str {
        Str::from(Arc::<str>::from(text))
    }
}

impl From<String> for Str {
    fn from(text: String) -> Str {
        Str::from(Arc::<str>::from(text))
    }
}

impl From<&String> for Str {
    fn from(text: &String) -> Str {
        Str::from(text.as_str())
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Str {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A shared answer value: a pointer to its fields, which it reads as its own, serialized and shown
/// as they are.
macro_rules! shared {
    ($name:ident, $fields:ident) => {
        impl $name {
            pub fn new(fields: $fields) -> $name {
                $name(Arc::new(fields))
            }
        }

        impl From<$fields> for $name {
            fn from(fields: $fields) -> $name {
                $name::new(fields)
            }
        }

        impl Deref for $name {
            type Target = $fields;
            fn deref(&self) -> &$fields {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }
    };
}

shared!(NodeRef, NodeFields);
shared!(Evidence, EvidenceFields);

/// The text shown wherever the notice says nothing about what was asked.
pub const NOT_STATED: &str = "not stated by this notice";

/// A node as an answer names it: its id (for `describe`), its kind, and its name exactly as in the data.
/// Shared: the evaluator makes each node's once per question, and a row that names it holds a pointer.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef(Arc<NodeFields>);

/// What a [`NodeRef`] names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct NodeFields {
    pub id: Str,
    pub kind: Str,
    pub name: Str,
}

/// A legal basis as it applies to one answer row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BasisCell {
    pub basis: NodeRef,
    /// A limit the notice puts on the basis, in its words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// The regions the notice states this basis for; empty when it names none (the basis then holds
    /// wherever the notice applies).
    pub regions: Vec<NodeRef>,
    /// The notice limits the basis to these data items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only_for: Vec<NodeRef>,
    /// The notice limits the basis to the sharing with these recipients.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only_sharing_with: Vec<NodeRef>,
    /// Whether this basis governs the row. A basis the notice states for a particular sharing governs
    /// that route; the purpose's own basis is then shown too, with `governs: false`.
    pub governs: bool,
    /// When it does not govern: the bases that govern instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overridden_by: Vec<NodeRef>,
    /// The basis is not stated but determined by other rows; `expands_to` lists the bases it can
    /// resolve to, which is the tool's reading (`derived` says why).
    pub delegated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expands_to: Vec<NodeRef>,
    /// Why the tool reads the basis this way, when it is not the notice's own statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// The rows of the notice that state the basis.
    pub evidence: Vec<Evidence>,
}

/// One piece of evidence: a fact of the dataset and the row of the notice that states it. Shared: the
/// evaluator makes each fact's once per question, and every row citing it holds a pointer.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence(Arc<EvidenceFields>);

/// What a piece of [`Evidence`] says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EvidenceFields {
    /// The row id (`t1-r05`); `describe t1-r05` expands it.
    pub row: Str,
    /// The section the row belongs to.
    pub section: Str,
    /// The kind of fact: an edge kind (`used-for`), `node`, `alias`, or `row` (a row itself).
    pub fact: &'static str,
    /// The quote that the fact rests on, verbatim from the notice.
    pub quote: Str,
    /// When the fact is the tool's reading rather than the notice's statement: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<Str>,
    /// The dataset edge stating the fact, for diagrams of the answer; `None` for a node's own provenance.
    #[serde(skip)]
    pub edge: Option<u32>,
}

/// One cell of an answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    /// Plain text.
    Text(String),
    /// A count.
    Number(u64),
    /// One or more nodes.
    Nodes(Vec<NodeRef>),
    /// How data reaches a recipient (`purpose`, `category-level`, `item-level`, `processor`), and
    /// through what.
    Route { route: String, via: Option<NodeRef> },
    /// Legal bases, at least one: a row with none holds [`Cell::NotStated`] instead.
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Row(pub Vec<Cell>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The query as typed.
    pub query: String,
    /// Which form of question it is (`who-may-receive`), stable for scripts.
    pub form: &'static str,
    /// A one-line title for the answer, for people.
    pub title: String,
    pub resolved: Vec<Resolved>,
    pub columns: Vec<Column>,
    /// In their final order: one row per fact, each with its evidence. Built, or made only when
    /// written ([`Rows`]).
    pub rows: Rows,
    /// Remarks about the whole answer (a filter applied, a delegated basis explained).
    pub notes: Vec<String>,
    /// What the notice does not state about the question, each without the words "not stated by
    /// this notice", which renderers add.
    pub not_stated: Vec<String>,
    /// A cap was hit: the rows are not all there is.
    pub truncated: bool,
    /// When the question was asked in plain words (`query::counsel`): the question of the language
    /// it was read as, for counsel to check the reading.
    pub understood_as: Option<String>,
    /// With `understood_as`: why the reading chose one of the things a name names (the one that
    /// covers the others, `query::covering`), shown after the question read.
    pub understood_because: Option<String>,
}

impl Answer {
    /// An answer with no rows yet.
    pub fn new(query: &str) -> Answer {
        Answer {
            query: query.to_string(),
            form: "",
            title: String::new(),
            resolved: Vec::new(),
            columns: Vec::new(),
            rows: Rows::default(),
            notes: Vec::new(),
            not_stated: Vec::new(),
            truncated: false,
            understood_as: None,
            understood_because: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every piece of evidence the answer cites, row by row, including the evidence of its bases.
    /// Builds rows made only when read ([`Rows`]); [`Row::evidence`] over [`Rows::stream`] does not.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.rows.iter().flat_map(Row::evidence)
    }
}

impl Row {
    /// Every piece of evidence the row cites, including the evidence of its bases.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.0
            .iter()
            .flat_map(|cell| -> Box<dyn Iterator<Item = &Evidence> + '_> {
                match cell {
                    Cell::Evidence(evidence) => Box::new(evidence.iter()),
                    Cell::Bases(bases) => Box::new(bases.iter().flat_map(|b| &b.evidence)),
                    _ => Box::new(std::iter::empty()),
                }
            })
    }
}

/// Rows an answer makes only when they are read: each from what the question found (node and edge
/// indices), by the dataset the source holds. An answer of a million rows holds its indices, and a
/// renderer that writes row by row ([`Rows::stream`]) never holds more than one row's cells.
pub trait RowSource: Send + Sync {
    /// How many rows there are.
    fn count(&self) -> usize;
    /// Row `i` (below [`RowSource::count`]), the same each time it is asked.
    fn row(&self, i: usize) -> Row;
}

/// The rows of an answer: built (every form but the largest), or made from a [`RowSource`] when
/// read. Either reads as the `Vec<Row>` it stands for: a deferred answer builds its rows, once, the
/// first time anything reads them as a vector; [`Rows::len`] and [`Rows::stream`] never do.
#[derive(Default)]
pub struct Rows {
    built: OnceLock<Vec<Row>>,
    source: Option<Arc<dyn RowSource>>,
}

impl Rows {
    /// Rows made only when read.
    pub fn deferred(source: Arc<dyn RowSource>) -> Rows {
        Rows {
            built: OnceLock::new(),
            source: Some(source),
        }
    }

    /// How many rows, without building them.
    pub fn len(&self) -> usize {
        match (self.built.get(), &self.source) {
            (Some(rows), _) => rows.len(),
            (None, Some(source)) => source.count(),
            (None, None) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the rows are made only when read (and have not been built since).
    pub fn is_deferred(&self) -> bool {
        self.built.get().is_none() && self.source.is_some()
    }

    /// Every row in order, each made as it is reached where the rows are deferred (and dropped
    /// when the caller is done with it): what a renderer writing row by row reads.
    pub fn stream(&self) -> impl Iterator<Item = Cow<'_, Row>> + '_ {
        let (built, source) = match (self.built.get(), &self.source) {
            (Some(rows), _) => (Some(rows), None),
            (None, source) => (None, source.as_deref()),
        };
        let made = source
            .into_iter()
            .flat_map(|s| (0..s.count()).map(move |i| Cow::Owned(s.row(i))));
        built
            .into_iter()
            .flat_map(|rows| rows.iter().map(Cow::Borrowed))
            .chain(made)
    }

    fn built(&self) -> &Vec<Row> {
        self.built.get_or_init(|| match &self.source {
            Some(source) => (0..source.count()).map(|i| source.row(i)).collect(),
            None => Vec::new(),
        })
    }
}

impl Deref for Rows {
    type Target = Vec<Row>;
    fn deref(&self) -> &Vec<Row> {
        self.built()
    }
}

impl DerefMut for Rows {
    fn deref_mut(&mut self) -> &mut Vec<Row> {
        self.built();
        self.source = None;
        // invariant: `built()` just above set the rows, and nothing takes them out.
        self.built.get_mut().expect("built just above")
    }
}

impl From<Vec<Row>> for Rows {
    fn from(rows: Vec<Row>) -> Rows {
        Rows {
            built: OnceLock::from(rows),
            source: None,
        }
    }
}

impl FromIterator<Row> for Rows {
    fn from_iter<I: IntoIterator<Item = Row>>(rows: I) -> Rows {
        Rows::from(rows.into_iter().collect::<Vec<Row>>())
    }
}

impl Clone for Rows {
    fn clone(&self) -> Rows {
        Rows {
            built: self.built.clone(),
            source: self.source.clone(),
        }
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len() == other.len() && self.stream().eq(other.stream())
    }
}

impl Eq for Rows {}

impl fmt::Debug for Rows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.stream()).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Three rows, counting how many times a row was made.
    struct Counted(AtomicUsize);

    impl RowSource for Counted {
        fn count(&self) -> usize {
            3
        }
        fn row(&self, i: usize) -> Row {
            self.0.fetch_add(1, Ordering::Relaxed);
            Row(vec![Cell::Number(i as u64)])
        }
    }

    fn made(source: &Arc<Counted>) -> usize {
        source.0.load(Ordering::Relaxed)
    }

    #[test]
    fn deferred_rows_are_made_only_when_read_and_built_once() {
        let source = Arc::new(Counted(AtomicUsize::new(0)));
        let rows = Rows::deferred(source.clone());
        assert_eq!((rows.len(), rows.is_empty(), made(&source)), (3, false, 0));
        let numbers: Vec<Row> = rows.stream().map(Cow::into_owned).collect();
        assert_eq!(made(&source), 3, "a stream makes each row once");
        assert!(rows.is_deferred(), "and keeps none");
        assert_eq!(rows.iter().count(), 3);
        assert_eq!(made(&source), 6, "read whole: built, once");
        assert_eq!(rows.iter().count(), 3);
        assert_eq!(rows.stream().count(), 3);
        assert_eq!(made(&source), 6, "then read from what was built");
        assert!(!rows.is_deferred());
        assert_eq!(numbers, *rows);
    }

    #[test]
    fn changing_deferred_rows_builds_them_first() {
        let source = Arc::new(Counted(AtomicUsize::new(0)));
        let mut rows = Rows::deferred(source.clone());
        rows.push(Row(vec![Cell::Number(9)]));
        assert_eq!(rows.len(), 4);
        let last: Vec<Row> = rows.stream().skip(2).map(Cow::into_owned).collect();
        assert_eq!(
            last,
            [Row(vec![Cell::Number(2)]), Row(vec![Cell::Number(9)])]
        );
        assert_eq!(made(&source), 3);
        let built = Rows::from(vec![Row(vec![Cell::Number(0)])]);
        assert!(!built.is_deferred() && Rows::default().is_empty());
        assert_ne!(built, rows);
    }
}
