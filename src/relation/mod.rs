//! The semantic layer: what the notice states, computed from the graph as typed values.
//!
//! Every question is answered from a few relations, each a list of typed facts with their evidence:
//! - a [`Use`]: data is used for a purpose, on some legal bases ([`uses`](Relations::uses));
//! - a [`Disclosure`]: data may reach a recipient, by a [`Route`], with its bases, conditions and
//!   [`Flag`]s ([`disclosures`](Relations::disclosures));
//! - a [`BasisStatement`]: a purpose's legal basis as a row states it, with its scope
//!   ([`statements`](Relations::statements));
//! - a [`Collection`]: data may come from a source ([`collections`](Relations::collections)).
//!
//! A [`Basis`] carries its regions, the data or sharing it is limited to, whether it governs the fact
//! or is overridden (and by what), how a delegated basis resolves, and its evidence. Every step that
//! is the tool's reading rather than the notice's words is a [`Cite`] of a `derived` edge or node, or
//! carries its reason ([`Delegation`]).
//!
//! Filters (region, basis), the consents a requester has given, and flags work on these values; the
//! answer forms (`crate::query::eval`) only turn them into rows. Nothing here does I/O or formats text
//! for people, apart from the reasons of readings made at answer time.

mod bases;
mod data;
mod disclosures;

pub use disclosures::Wanted;
pub use retention::RetentionStatements;
mod recipients;
mod retention;
mod statements;
mod uses;

use std::{
    cell::{OnceCell, RefCell},
    hash::{Hash, Hasher},
    rc::Rc,
    sync::Arc,
};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::dataset::{facts::Text, Dataset};

/// A fact the answer rests on: an edge of the dataset, or a node's own provenance. Either is the
/// tool's reading, with its reason, when the edge or node is `derived`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cite {
    Edge(EdgeIndex),
    Node(NodeIndex),
}

/// Where the answer's bases are asked for: one region, or everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// A region of the dataset: bases stated for it, or stated without a region, hold.
    Node(NodeIndex),
    /// A region the dataset has no node for: only bases stated without a region hold there.
    Elsewhere,
}

/// Whether a basis governs the fact it is shown with.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    Governs,
    /// The purpose's own basis, set aside on a route for which the notice states these bases.
    OverriddenBy(Vec<NodeIndex>),
}

/// How a delegated basis ("determined by the legal bases set forth in this table") resolves: the
/// tool's reading, and which reading it is (the answer says why in words).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Delegation {
    pub resolves_to: Arc<[NodeIndex]>,
    pub reading: Reading,
}

/// The reading behind a delegated basis's resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// The bases the notice states for the purposes that use this item.
    BasesOfItem(NodeIndex),
    /// Any basis the notice states for a purpose (a purpose's basis as a whole).
    AnyPurposeBasis,
}

/// A legal basis as it applies to a fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub basis: NodeIndex,
    /// A limit the notice puts on the basis, in its words.
    pub qualifier: Option<String>,
    /// The regions it is stated for; empty: stated without a region, so wherever the notice applies.
    pub regions: Arc<[NodeIndex]>,
    /// The notice limits it to these data items (empty: no such limit).
    pub only_for: Vec<NodeIndex>,
    /// The notice limits it to the sharing with these recipients (empty: no such limit).
    pub only_sharing_with: Vec<NodeIndex>,
    pub standing: Standing,
    /// Set for a delegated basis.
    pub delegation: Option<Delegation>,
    /// The rows that state it.
    pub cites: Vec<Cite>,
}

/// What makes two bases the same statement, whichever rows state it: everything but the evidence.
type BasisShape<'a> = (
    NodeIndex,
    Option<&'a str>,
    &'a [NodeIndex],
    &'a [NodeIndex],
    &'a [NodeIndex],
    &'a Standing,
    Option<&'a Delegation>,
);

impl Basis {
    fn shape(&self) -> BasisShape<'_> {
        (
            self.basis,
            self.qualifier.as_deref(),
            &self.regions,
            &self.only_for,
            &self.only_sharing_with,
            &self.standing,
            self.delegation.as_ref(),
        )
    }

    fn hash_shape(&self, h: &mut FxHasher) {
        self.shape().hash(h);
    }

    fn same_shape(&self, other: &Basis) -> bool {
        self.shape() == other.shape()
    }

    pub fn governs(&self) -> bool {
        self.standing == Standing::Governs
    }

    /// Whether this basis is `basis`, or is delegated and can resolve to it.
    pub fn is_or_resolves_to(&self, basis: NodeIndex) -> bool {
        self.basis == basis
            || self
                .delegation
                .as_ref()
                .is_some_and(|d| d.resolves_to.contains(&basis))
    }

    /// The bases it stands for: itself, or what a delegated basis can resolve to.
    pub fn resolved(&self) -> Vec<NodeIndex> {
        match &self.delegation {
            Some(d) => d.resolves_to.to_vec(),
            None => vec![self.basis],
        }
    }
}

/// How an item reaches a fact stated for other data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reach {
    /// The notice states it for the item itself.
    Stated,
    /// The notice states it for a broader item that includes this one.
    Container(NodeIndex),
    /// The notice states it for a cell that stands for any data (a derived reading).
    AnyData(NodeIndex),
    /// The notice states it for a category the item falls in.
    Category(NodeIndex),
}

/// Data used for a purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub data: NodeIndex,
    pub purpose: NodeIndex,
    /// The heading the item is listed under in the row.
    pub group: Option<NodeIndex>,
    /// Empty: the notice states none (for the region asked about).
    pub bases: Vec<Basis>,
    pub conditions: Vec<NodeIndex>,
    pub reach: Reach,
    pub cites: Vec<Cite>,
}

/// How data reaches a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// A statement that data of the category may be shared with the recipient.
    CategoryLevel(NodeIndex),
    /// A statement that the item (or an item that contains it) may be shared with the recipient.
    ItemLevel(NodeIndex),
    /// The data is used for the purpose, which discloses to the recipient.
    Purpose(NodeIndex),
    /// A named party processes the item.
    Processor,
}

impl Route {
    pub fn name(self) -> &'static str {
        match self {
            Route::CategoryLevel(_) => "category-level",
            Route::ItemLevel(_) => "item-level",
            Route::Purpose(_) => "purpose",
            Route::Processor => "processor",
        }
    }
}

/// Why a purpose or processor route deserves a lawyer's look: the notice's category-level statements
/// do not cover it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// None of the statements for the item's categories (stated in `rows`) lists the recipient, or a
    /// broader entry that includes it.
    NotListed {
        categories: Vec<NodeIndex>,
        rows: Vec<String>,
    },
    /// No category-level statement lists any recipient for the item's categories.
    NoStatementFor { categories: Vec<NodeIndex> },
    /// The notice places the item in no category.
    NoCategory { item: NodeIndex },
}

/// One way data may reach a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// The item or category the route carries: a category-level statement's category, an
    /// item-level statement's item, the data a purpose uses, the item a processor processes.
    pub data: NodeIndex,
    pub recipient: NodeIndex,
    pub route: Route,
    /// Purpose routes: the bases that govern the route, then those they override. Empty: none stated.
    pub bases: Vec<Basis>,
    pub conditions: Vec<NodeIndex>,
    pub reach: Reach,
    /// Why the data is shared, in the notice's words (a sharing statement's or disclosure's
    /// `reason`).
    pub reason: Option<Text>,
    /// Shared: every route of an item to a recipient carries the same flags.
    pub flags: Arc<[Flag]>,
    pub cites: Vec<Cite>,
}

/// Bases of the same shapes, in the same order.
fn same_bases(a: &[Basis], b: &[Basis]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_shape(y))
}

fn hash_bases(bases: &[Basis], h: &mut FxHasher) {
    bases.len().hash(h);
    for b in bases {
        b.hash_shape(h);
    }
}

/// A reach, without the container it names: two items inside different containers reach alike.
fn reach_kind(reach: Reach) -> u8 {
    match reach {
        Reach::Stated => 0,
        Reach::Container(_) => 1,
        Reach::AnyData(_) => 2,
        Reach::Category(_) => 3,
    }
}

impl Disclosure {
    /// A hash of [`same_but_data`](Self::same_but_data)'s shape.
    pub fn shape_hash(&self) -> u64 {
        hash_with(|h| {
            (
                self.recipient,
                self.route,
                &self.conditions,
                reach_kind(self.reach),
                &self.reason,
                &self.flags,
            )
                .hash(h);
            hash_bases(&self.bases, h);
        })
    }

    /// Whether two disclosures differ only in their data (and evidence): an answer about a category
    /// may show them as one row listing the data.
    pub fn same_but_data(&self, other: &Disclosure) -> bool {
        (
            self.recipient,
            self.route,
            &self.conditions,
            reach_kind(self.reach),
            &self.reason,
            &self.flags,
        ) == (
            other.recipient,
            other.route,
            &other.conditions,
            reach_kind(other.reach),
            &other.reason,
            &other.flags,
        ) && same_bases(&self.bases, &other.bases)
    }

    fn same_fact(&self, other: &Disclosure) -> bool {
        self.data == other.data && self.reach == other.reach && self.same_but_data(other)
    }

    /// A hash of [`same_fact`](Self::same_fact)'s shape: facts of different data hash apart.
    fn fact_hash(&self) -> u64 {
        hash_with(|h| (self.data, self.reach, self.shape_hash()).hash(h))
    }
}

impl Use {
    /// A hash of [`same_but_data`](Self::same_but_data)'s shape.
    pub fn shape_hash(&self) -> u64 {
        hash_with(|h| {
            (
                self.purpose,
                self.group,
                &self.conditions,
                reach_kind(self.reach),
            )
                .hash(h);
            hash_bases(&self.bases, h);
        })
    }

    /// Whether two uses differ only in their data (and evidence).
    pub fn same_but_data(&self, other: &Use) -> bool {
        (
            self.purpose,
            self.group,
            &self.conditions,
            reach_kind(self.reach),
        ) == (
            other.purpose,
            other.group,
            &other.conditions,
            reach_kind(other.reach),
        ) && same_bases(&self.bases, &other.bases)
    }

    fn same_fact(&self, other: &Use) -> bool {
        self.data == other.data && self.reach == other.reach && self.same_but_data(other)
    }

    /// A hash of [`same_fact`](Self::same_fact)'s shape: facts of different data hash apart.
    fn fact_hash(&self) -> u64 {
        hash_with(|h| (self.data, self.reach, self.shape_hash()).hash(h))
    }
}

fn hash_with(f: impl FnOnce(&mut FxHasher)) -> u64 {
    let mut h = FxHasher::default();
    f(&mut h);
    h.finish()
}

/// A purpose's legal basis, as a row of the notice states it for the purpose (not per item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasisStatement {
    pub purpose: NodeIndex,
    /// The purpose the row states it for: `purpose`, or a broader purpose that includes it.
    pub stated_for: NodeIndex,
    pub basis: Basis,
    pub conditions: Vec<NodeIndex>,
}

/// Data that may come from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub source: NodeIndex,
    /// The item or category the notice names.
    pub data: NodeIndex,
    /// The conditions the notice attaches to the collection (asking permission first, say).
    pub conditions: Vec<NodeIndex>,
    /// The quote that names the source.
    pub cites: Vec<Cite>,
}

/// Data kept for a purpose, for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// The item or category asked about (or the part of it the notice states the retention for).
    pub data: NodeIndex,
    pub purpose: NodeIndex,
    /// How long, in the notice's words; `None`: not stated.
    pub period: Option<Text>,
    pub reach: Reach,
    pub cites: Vec<Cite>,
}

/// A retention statement of the notice (criteria rather than a period for a purpose) that it ties to
/// data through `retained-under`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedRetention {
    /// The item or category the statement is tied to.
    pub subject: NodeIndex,
    /// The `retention` node.
    pub statement: NodeIndex,
    /// The facts that lead from the data asked about to the statement, ending with its edge.
    pub cites: Vec<Cite>,
}

/// An item that a data name stands for, with the facts that place it there (a category's item, an
/// item inside another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub item: NodeIndex,
    pub cites: Vec<Cite>,
}

/// A category an item falls in, with the facts that place it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub category: NodeIndex,
    pub cites: Vec<Cite>,
}

/// The relations of one dataset, as they hold in one region (or everywhere).
///
/// What several facts of one question need is computed once and kept for the question: an item's
/// categories, a recipient's broader entries, how a delegated basis resolves.
pub struct Relations<'a> {
    ds: &'a Dataset,
    region: Option<Region>,
    /// The data nodes that stand for any data.
    any_data: Vec<NodeIndex>,
    /// The `has-basis` edges the notice limits to a sharing (`only_sharing_with`), by purpose.
    sharing_bases: FxHashMap<NodeIndex, Vec<EdgeIndex>>,
    /// The non-delegated bases each item's uses rest on, once computed.
    item_bases: RefCell<FxHashMap<NodeIndex, Arc<[NodeIndex]>>>,
    /// How a delegated basis of a purpose as a whole resolves, once computed.
    purpose_delegation: OnceCell<Delegation>,
    /// Each item's categories, once computed.
    categories: RefCell<FxHashMap<NodeIndex, Rc<[Membership]>>>,
    /// The regions each edge's bases hold in, as answers show them, once computed.
    regions: RefCell<FxHashMap<EdgeIndex, Option<Arc<[NodeIndex]>>>>,
    /// Each recipient with the broader entries that include it, once computed.
    recipient_wholes: RefCell<FxHashMap<NodeIndex, Vec<NodeIndex>>>,
    /// The items each data name stands for, with the facts that place them there, once computed.
    #[allow(clippy::type_complexity)]
    placements: RefCell<FxHashMap<NodeIndex, Rc<FxHashMap<NodeIndex, Vec<Cite>>>>>,
    /// The flags of a route of some data to a recipient, once computed: every purpose that carries
    /// an item to a recipient asks the same question.
    #[allow(clippy::type_complexity)]
    flags: RefCell<FxHashMap<(NodeIndex, NodeIndex, Reach), Arc<[Flag]>>>,
}

impl<'a> Relations<'a> {
    /// The relations as they hold everywhere (`region` `None`), or in one region.
    pub fn new(ds: &'a Dataset, region: Option<Region>) -> Self {
        let any_data = ds.any_data_nodes().to_vec();
        let mut sharing_bases: FxHashMap<NodeIndex, Vec<EdgeIndex>> = FxHashMap::default();
        for &e in ds.edges_of_kind(crate::dataset::model::EdgeKind::HasBasis) {
            if !ds.edge(e).only_sharing_with().is_empty() {
                sharing_bases.entry(ds.ends(e).0).or_default().push(e);
            }
        }
        Relations {
            ds,
            region,
            any_data,
            sharing_bases,
            item_bases: RefCell::default(),
            purpose_delegation: OnceCell::new(),
            categories: RefCell::default(),
            regions: RefCell::default(),
            recipient_wholes: RefCell::default(),
            placements: RefCell::default(),
            flags: RefCell::default(),
        }
    }

    pub fn dataset(&self) -> &'a Dataset {
        self.ds
    }

    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// Whether the node is a cell that stands for any data.
    pub fn stands_for_any(&self, node: NodeIndex) -> bool {
        self.any_data.contains(&node)
    }
}

/// Appends `more` to `list`, each once.
fn push_unique<T: PartialEq + Clone>(list: &mut Vec<T>, more: &[T]) {
    for item in more {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

/// Appends each of `lists` to `list`, each item once, as [`push_unique`] would one list after the
/// other, in time linear in all of them: a long list remembers what it holds.
fn append_unique<'m, T: Eq + Hash + Clone + 'm>(
    list: &mut Vec<T>,
    lists: impl IntoIterator<Item = &'m [T]>,
) {
    let mut seen: Option<FxHashSet<T>> = None;
    for more in lists {
        if seen.is_none() && list.len() + more.len() <= 16 {
            push_unique(list, more);
            continue;
        }
        let seen = seen.get_or_insert_with(|| list.iter().cloned().collect());
        for item in more {
            if seen.insert(item.clone()) {
                list.push(item.clone());
            }
        }
    }
}

/// Merges facts that say the same thing (`same`, with equal `hash`), keeping the first's place and
/// every fact's evidence: a fact two rows state is one fact with two rows of evidence. `absorb`
/// joins all the others of a group into its first, at once. Facts that `same` tells apart must
/// mostly hash apart: the cost is linear in the facts only then.
fn merge<T>(
    facts: Vec<T>,
    hash: impl Fn(&T) -> u64,
    same: impl Fn(&T, &T) -> bool,
    absorb: impl Fn(&mut T, Vec<T>),
) -> Vec<T> {
    // A few facts (an item's uses): comparing each with the kept ones costs less than hashing.
    if facts.len() <= 16 {
        let mut out: Vec<(T, Vec<T>)> = Vec::with_capacity(facts.len());
        for fact in facts {
            match out.iter_mut().find(|(have, _)| same(have, &fact)) {
                Some((_, more)) => more.push(fact),
                None => out.push((fact, Vec::new())),
            }
        }
        return out
            .into_iter()
            .map(|(fact, more)| joined(fact, more, &absorb))
            .collect();
    }
    let (joins, groups) = groups_of(&facts, hash, same);
    // Facts that all say different things (the common case) are returned as they came, unmoved.
    if groups == facts.len() {
        return facts;
    }
    gathered(facts, &joins, groups, |_| ())
        .into_iter()
        .map(|(_, fact, more)| joined(fact, more, &absorb))
        .collect()
}

fn joined<T>(mut fact: T, more: Vec<T>, absorb: &impl Fn(&mut T, Vec<T>)) -> T {
    if !more.is_empty() {
        absorb(&mut fact, more);
    }
    fact
}

/// Which group of facts alike (`same`, with equal `hash`) each fact joins, groups numbered in the
/// order of their first facts; and how many groups there are. Found before any fact moves, so that
/// the groups are then made at their exact number, beside the facts rather than twice their size.
fn groups_of<T>(
    facts: &[T],
    hash: impl Fn(&T) -> u64,
    same: impl Fn(&T, &T) -> bool,
) -> (Vec<usize>, usize) {
    const NONE: usize = usize::MAX;
    // The latest first fact of each hash, and for each first fact the one before it with that hash.
    let mut heads: FxHashMap<u64, usize> = FxHashMap::default();
    let mut earlier: Vec<usize> = Vec::with_capacity(facts.len());
    let mut joins: Vec<usize> = Vec::with_capacity(facts.len());
    let mut groups = 0;
    for (i, fact) in facts.iter().enumerate() {
        let h = hash(fact);
        let mut at = heads.get(&h).copied().unwrap_or(NONE);
        // invariant: `heads` and `earlier` name only facts before this one, whose `earlier` and
        // `joins` entries are pushed.
        while at != NONE && !same(&facts[at], fact) {
            at = earlier[at];
        }
        if at == NONE {
            earlier.push(heads.insert(h, i).unwrap_or(NONE));
            joins.push(groups);
            groups += 1;
        } else {
            earlier.push(NONE);
            joins.push(joins[at]);
        }
    }
    (joins, groups)
}

/// The groups `joins` says the facts form (from [`groups_of`]), each with what `each` says of its
/// facts, its first fact and the others, in the order of their first facts.
#[allow(clippy::type_complexity)]
fn gathered<T, E>(
    facts: Vec<T>,
    joins: &[usize],
    groups: usize,
    each: impl Fn(&T) -> E,
) -> Vec<(Vec<E>, T, Vec<T>)> {
    let mut out: Vec<(Vec<E>, T, Vec<T>)> = Vec::with_capacity(groups);
    for (fact, &g) in facts.into_iter().zip(joins) {
        // invariant: groups are numbered in the order of their first facts, so a fact joins either
        // a group already made or the next one.
        if g == out.len() {
            out.push((vec![each(&fact)], fact, Vec::new()));
        } else {
            out[g].0.push(each(&fact));
            out[g].2.push(fact);
        }
    }
    out
}

/// Groups facts that differ only in their data (`same`, with equal `hash`), keeping the first's
/// place: each group lists the data of its facts, each once, and joins their evidence (`absorb`
/// joins all the others of a group into its first, at once).
pub fn group_by_shape<T>(
    facts: Vec<T>,
    hash: impl Fn(&T) -> u64,
    same: impl Fn(&T, &T) -> bool,
    data: impl Fn(&T) -> NodeIndex,
    absorb: impl Fn(&mut T, Vec<T>),
) -> Vec<(Vec<NodeIndex>, T)> {
    let (joins, groups) = groups_of(&facts, hash, same);
    gathered(facts, &joins, groups, data)
        .into_iter()
        .map(|(mut list, fact, more)| {
            let mut seen = FxHashSet::default();
            if list.len() > 1 {
                list.retain(|&d| seen.insert(d));
            }
            (list, joined(fact, more, &absorb))
        })
        .collect()
}

/// Joins the evidence of `more`, facts of the same shape, into `have`'s: their own cites
/// (`cites`), and those of each basis (`bases`), each once, in order.
pub fn absorb_evidence<T>(
    have: &mut Vec<Cite>,
    bases: &mut [Basis],
    more: &[T],
    cites: impl Fn(&T) -> &[Cite],
    more_bases: impl Fn(&T) -> &[Basis],
) {
    append_unique(have, more.iter().map(&cites));
    for (i, basis) in bases.iter_mut().enumerate() {
        let theirs = more.iter().filter_map(|m| more_bases(m).get(i));
        append_unique(&mut basis.cites, theirs.map(|b| b.cites.as_slice()));
    }
}

/// Merges bases that say the same thing, joining their evidence.
fn merge_bases(bases: Vec<Basis>) -> Vec<Basis> {
    if bases.len() < 2 {
        return bases;
    }
    merge(
        bases,
        |b| hash_with(|h| b.hash_shape(h)),
        Basis::same_shape,
        |have, more| append_unique(&mut have.cites, more.iter().map(|m| m.cites.as_slice())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts alike by their first letter; absorbing appends the others' words to the first's.
    fn merged(facts: &[&str]) -> Vec<String> {
        let facts: Vec<String> = facts.iter().map(|f| f.to_string()).collect();
        merge(
            facts,
            |f| u64::from(f.as_bytes()[0] % 2),
            |a, b| a.as_bytes()[0] == b.as_bytes()[0],
            |have, more| {
                for m in more {
                    have.push('+');
                    have.push_str(&m);
                }
            },
        )
    }

    #[test]
    fn facts_alike_are_merged_into_the_first_in_its_place_and_others_are_kept_in_order() {
        // More than 16 facts: the hashed path; hashes collide across letters (only two values).
        let mut facts = vec!["a1", "b1", "c1", "a2", "d1", "b2", "a3"];
        facts.extend(["e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"]);
        let out = merged(&facts);
        assert_eq!(&out[..4], ["a1+a2+a3", "b1+b2", "c1", "d1"]);
        assert_eq!(out.len(), 4 + 11);
        // Facts that all differ come back as they were, in their order.
        let letters = "abcdefghijklmnopqrstuvwxyz";
        let distinct: Vec<&str> = (0..letters.len()).map(|i| &letters[i..=i]).collect();
        assert_eq!(merged(&distinct), distinct);
        // The short path says the same.
        assert_eq!(merged(&["a1", "b1", "a2"]), ["a1+a2", "b1"]);
    }

    #[test]
    fn facts_differing_only_in_their_data_are_grouped_with_each_data_once() {
        let facts = vec![(1u32, "x"), (2, "y"), (3, "x"), (1, "x"), (4, "y")];
        let grouped = group_by_shape(
            facts,
            |f| u64::from(f.1.len() as u32),
            |a, b| a.1 == b.1,
            |f| NodeIndex::new(f.0 as usize),
            |_, _| {},
        );
        let shown: Vec<(Vec<usize>, &str)> = grouped
            .iter()
            .map(|(data, f)| (data.iter().map(|d| d.index()).collect(), f.1))
            .collect();
        assert_eq!(shown, [(vec![1, 3], "x"), (vec![2, 4], "y")]);
    }
}
