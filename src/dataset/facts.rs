//! The facts of a loaded dataset as they are held in memory: compact, and apart from the on-disk
//! definitions in [`super::model`].
//!
//! A fact names its row by number ([`RowId`]) and its quote by its place in the snapshot
//! ([`Provenance`]): the loader has found both already, so no fact carries a copy of either. Ids and
//! the texts facts repeat (reasons for deriving, qualifiers, periods) are held once and shared
//! ([`Text`]).

use std::{borrow::Borrow, fmt, ops::Deref, ops::Range, sync::Arc};

use petgraph::graph::NodeIndex;
use serde::{Deserialize, Serialize};

use super::model::{EdgeKind, NodeKind, Party, StandsFor};

/// A text held once and shared by every fact that repeats it: an id, a reason for deriving, a
/// qualifier.
pub type Text = Arc<str>;

/// A node's or row's id: held once, shared by the node or row and its id index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(Text);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Id {
    fn from(id: String) -> Id {
        Id(Text::from(id))
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// The id index is keyed by ids and looked up with `&str`: both hash as the same `str`.
impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A row of the notice, by its place in [`super::Dataset::rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RowId(u32);

impl RowId {
    /// The row at `index` of the dataset's rows. A dataset's files are at most 1 GiB, so its rows
    /// are counted far below `u32::MAX`.
    pub(crate) fn new(index: usize) -> RowId {
        RowId(u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// Its place in [`super::Dataset::rows`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a fact is stated: its row, and its quote as a byte range of the snapshot, inside the row.
///
/// The quote's text is [`super::Dataset::quote`]; the row is [`super::Dataset::cited_row`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Provenance {
    pub row: RowId,
    start: u32,
    end: u32,
}

impl Provenance {
    /// The quote at `quote` (bytes of the snapshot) in `row`. A snapshot is at most 1 GiB.
    pub(crate) fn new(row: RowId, quote: Range<usize>) -> Provenance {
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Provenance {
            row,
            start: at(quote.start),
            end: at(quote.end),
        }
    }

    /// The quote's bytes in the snapshot.
    pub fn quote_span(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A section of the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// Its kind, one of [`super::model::SECTION_KINDS`], when the dataset gives one.
    pub kind: Option<String>,
    /// Its rows, as indexes into [`super::Dataset::rows`].
    pub rows: Range<usize>,
}

/// A row of a table, or a paragraph of a prose section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
///
/// Compact (64 bytes): an enterprise map cites a row for each of its two million facts.
pub struct Row {
    /// Unique in the dataset.
    pub id: Id,
    pub title: Box<str>,
    pub anchor: Box<str>,
    /// Index into [`super::Dataset::sections`] ([`Row::section`]).
    section: u32,
    /// Byte range of the row in the snapshot ([`Row::span`]).
    span: Range<u32>,
}

impl Row {
    /// A row of section `section`, at `span` of the snapshot. A dataset's files are at most 1 GiB,
    /// so its sections and snapshot bytes are counted far below `u32::MAX`.
    pub(crate) fn new(
        id: Id,
        title: &str,
        anchor: &str,
        section: usize,
        span: Range<usize>,
    ) -> Row {
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Row {
            id,
            title: title.into(),
            anchor: anchor.into(),
            section: at(section),
            span: at(span.start)..at(span.end),
        }
    }

    /// Its section's place in [`super::Dataset::sections`].
    pub fn section(&self) -> usize {
        self.section as usize
    }

    /// Byte range of the row in the snapshot: from its anchor to the next row's anchor.
    pub fn span(&self) -> Range<usize> {
        self.span.start as usize..self.span.end as usize
    }

    /// Ends the row's span at `end` (the next row's anchor), never before its start.
    pub(crate) fn end_at(&mut self, end: usize) {
        self.span.end = u32::try_from(end).unwrap_or(u32::MAX).max(self.span.start);
    }
}

/// Another way the notice writes a node's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub name: String,
    pub provenance: Provenance,
    /// Why the tool reads the notice this way, when the alias is not the notice's own wording.
    pub derived: Option<Text>,
}

/// A node: a source, data item, category, purpose, basis, recipient, region and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Unique in the dataset; the id index shares this text.
    pub id: Id,
    pub kind: NodeKind,
    pub name: String,
    /// The notice's own description, found verbatim in the node's row.
    pub description: Option<String>,
    pub aliases: Vec<Alias>,
    /// The dataset authors' remark, not the notice's words.
    pub note: Option<String>,
    pub provenance: Provenance,
    /// Present when the node is the dataset's reading rather than the notice's statement: why.
    pub derived: Option<Text>,
    /// `data` only: the node names no specific data but a rule, read as standing for other data.
    pub stands_for: Option<StandsFor>,
    /// `basis` only.
    pub delegated: Option<bool>,
    /// `basis` only: which legal basis of a law it is.
    pub legal_basis: Option<LegalBasis>,
    /// `recipient` only.
    pub party: Option<Party>,
    /// `recipient` only.
    pub role: Option<String>,
    /// `condition` only.
    pub mark: Option<String>,
    /// `region` only: short codes by which questions and scripts may name the region.
    pub codes: Box<[String]>,
    /// `source` only: who the source is (`third-party`), cited, or derived with the reason.
    pub source_party: Option<Classed>,
    /// `recipient` only: the role it acts in (`processor`), cited, or derived with the reason.
    pub acts_as: Option<Classed>,
}

/// A node's class in a fixed list (a source's party, a recipient's role): the value, the row that
/// states it, and why the dataset reads it so when the notice does not say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classed {
    pub value: Text,
    pub provenance: Provenance,
    pub derived: Option<Text>,
}

/// Which legal basis of a law a `basis` node is: a kind the regimes list (`gdpr-6-1-c`), where the
/// notice states it, and why the dataset reads it so when the notice does not say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub kind: Text,
    pub provenance: Provenance,
    pub derived: Option<Text>,
}

/// A legal basis as it applies to a `used-for` edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedBasis {
    pub basis: NodeIndex,
    pub qualifier: Option<Text>,
}

/// An edge, with its references resolved to nodes.
///
/// What every edge may have is held in it; the fields few edges have (qualifier, conditions,
/// period, scopes, the data a disclosure names, a reason) are held apart, in one box that an edge
/// without any of them does not have: an enterprise map's two million edges are mostly plain
/// `used-for` and `collected-from` edges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub kind: EdgeKind,
    pub provenance: Provenance,
    /// Why the tool reads the notice this way, when the edge is not the notice's own statement.
    pub derived: Option<Text>,
    pub group: Option<NodeIndex>,
    pub bases: Box<[AppliedBasis]>,
    pub regions: Box<[NodeIndex]>,
    /// `None` exactly when every field of [`EdgeMore`] is empty ([`Edge::new`]).
    more: Option<Box<EdgeMore>>,
}

/// The fields of an edge that few edges have.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeMore {
    pub qualifier: Option<Text>,
    pub conditions: Box<[NodeIndex]>,
    pub period: Option<Text>,
    /// `has-basis`: the data items the basis covers, when the notice limits it to some; empty: all.
    pub only_for: Box<[NodeIndex]>,
    /// `has-basis`: the recipients whose sharing the basis covers, when the notice limits it; empty:
    /// the whole purpose.
    pub only_sharing_with: Box<[NodeIndex]>,
    /// `discloses-to`: the data (items or categories) the disclosure covers; empty: every data the
    /// purpose uses.
    pub data: Box<[NodeIndex]>,
    /// `discloses-to`, `may-be-shared-with`: why the data is shared, in the notice's words (found in
    /// the edge's row).
    pub reason: Option<Text>,
}

impl EdgeMore {
    fn is_empty(&self) -> bool {
        *self == EdgeMore::default()
    }
}

impl Edge {
    /// An edge; its rare fields boxed only when one of them is not empty.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        kind: EdgeKind,
        provenance: Provenance,
        derived: Option<Text>,
        group: Option<NodeIndex>,
        bases: Box<[AppliedBasis]>,
        regions: Box<[NodeIndex]>,
        more: EdgeMore,
    ) -> Edge {
        Edge {
            kind,
            provenance,
            derived,
            group,
            bases,
            regions,
            more: (!more.is_empty()).then(|| Box::new(more)),
        }
    }

    /// A limit the notice puts on the edge's bases, in its words.
    pub fn qualifier(&self) -> Option<&Text> {
        self.more.as_ref()?.qualifier.as_ref()
    }

    pub fn conditions(&self) -> &[NodeIndex] {
        self.more.as_ref().map_or(&[], |m| &m.conditions)
    }

    /// `retained-for`: how long, in the notice's words.
    pub fn period(&self) -> Option<&Text> {
        self.more.as_ref()?.period.as_ref()
    }

    /// `has-basis`: the data items the basis covers, when the notice limits it to some; empty: all.
    pub fn only_for(&self) -> &[NodeIndex] {
        self.more.as_ref().map_or(&[], |m| &m.only_for)
    }

    /// `has-basis`: the recipients whose sharing the basis covers; empty: the whole purpose.
    pub fn only_sharing_with(&self) -> &[NodeIndex] {
        self.more.as_ref().map_or(&[], |m| &m.only_sharing_with)
    }

    /// `discloses-to`: the data the disclosure covers; empty: every data the purpose uses.
    pub fn data(&self) -> &[NodeIndex] {
        self.more.as_ref().map_or(&[], |m| &m.data)
    }

    /// `discloses-to`, `may-be-shared-with`: why the data is shared, in the notice's words.
    pub fn reason(&self) -> Option<&Text> {
        self.more.as_ref()?.reason.as_ref()
    }

    /// The nodes this edge names besides its two ends: its group, bases, regions, conditions,
    /// scopes and the data it covers, in that order.
    pub fn named(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.group
            .iter()
            .copied()
            .chain(self.bases.iter().map(|b| b.basis))
            .chain(self.regions.iter().copied())
            .chain(self.conditions().iter().copied())
            .chain(self.only_for().iter().copied())
            .chain(self.only_sharing_with().iter().copied())
            .chain(self.data().iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_boxes_its_rare_fields_only_when_it_has_one() {
        let at = Provenance::new(RowId::new(0), 0..1);
        let edge = |more| {
            Edge::new(
                EdgeKind::UsedFor,
                at,
                None,
                None,
                [].into(),
                [].into(),
                more,
            )
        };
        let plain = edge(EdgeMore::default());
        assert!(plain.more.is_none());
        assert!(plain.conditions().is_empty() && plain.data().is_empty());
        assert_eq!(
            (plain.qualifier(), plain.period(), plain.reason()),
            (None, None, None)
        );
        let rich = edge(EdgeMore {
            conditions: [NodeIndex::new(3)].into(),
            reason: Some(Text::from("why")),
            ..EdgeMore::default()
        });
        assert_eq!(rich.conditions(), &[NodeIndex::new(3)]);
        assert_eq!(rich.reason().map(|r| &**r), Some("why"));
        assert!(rich.only_for().is_empty());
        // The two million edges of an enterprise map are mostly plain: an edge stays small.
        #[cfg(target_pointer_width = "64")]
        assert!(std::mem::size_of::<Edge>() <= 80);
    }
}
