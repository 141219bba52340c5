//! Typed facts → cells: node references, bases, evidence, flags. The only place that turns relation
//! values into what an answer shows.

use std::cell::RefCell;

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::{
    answer::{BasisCell, Cell, Evidence, EvidenceFields, NodeFields, NodeRef, Str},
    dataset::{facts::RowId, Dataset, Provenance},
    relation::{Basis, Cite, Flag, Reading, Route, Standing},
};

/// What one evaluation has made of the dataset's nodes and rows: each node reference, piece of
/// evidence and row's section is made once and cloned (without copying text) into every cell that
/// shows it, so a node or quote that ten thousand rows show costs one allocation.
#[derive(Default)]
pub(super) struct Made {
    nodes: RefCell<FxHashMap<NodeIndex, NodeRef>>,
    evidence: RefCell<FxHashMap<Cite, Evidence>>,
    flags: RefCell<FxHashMap<Flag, String>>,
    rows: RefCell<FxHashMap<RowId, (Str, Str)>>,
}

impl Made {
    /// The reference to `node`, made once.
    pub(super) fn node_ref(&self, ds: &Dataset, node: NodeIndex) -> NodeRef {
        if let Some(made) = self.nodes.borrow().get(&node) {
            return made.clone();
        }
        let made = new_node_ref(ds, node);
        self.nodes.borrow_mut().insert(node, made.clone());
        made
    }

    pub(super) fn refs(&self, ds: &Dataset, nodes: &[NodeIndex]) -> Vec<NodeRef> {
        nodes.iter().map(|&n| self.node_ref(ds, n)).collect()
    }

    /// Evidence for each cite, each once, in order.
    pub(super) fn evidence_list(&self, ds: &Dataset, cites: &[Cite]) -> Vec<Evidence> {
        evidence_list(cites, |cite| self.evidence_of(ds, cite))
    }

    /// The evidence of one fact, made once.
    pub(super) fn evidence_of(&self, ds: &Dataset, cite: Cite) -> Evidence {
        if let Some(made) = self.evidence.borrow().get(&cite) {
            return made.clone();
        }
        let made = new_evidence(ds, cite, &|row| self.row_and_section(ds, row));
        self.evidence.borrow_mut().insert(cite, made.clone());
        made
    }

    fn cited_fields(
        &self,
        ds: &Dataset,
        provenance: &Provenance,
        fact: &'static str,
        derived: Option<&str>,
    ) -> EvidenceFields {
        cited_fields(
            ds,
            provenance,
            (fact, derived),
            self.row_and_section(ds, provenance.row),
        )
    }

    /// A row's id and its section's, made once.
    fn row_and_section(&self, ds: &Dataset, row: RowId) -> (Str, Str) {
        if let Some(made) = self.rows.borrow().get(&row) {
            return made.clone();
        }
        let r = &ds.rows()[row.index()];
        let made = (
            Str::from(r.id.as_str()),
            Str::from(ds.section_of(r).id.as_str()),
        );
        self.rows.borrow_mut().insert(row, made.clone());
        made
    }
}

/// A node's reference, made afresh (an evaluation makes each once: [`Made::node_ref`]).
pub(super) fn new_node_ref(ds: &Dataset, node: NodeIndex) -> NodeRef {
    let n = ds.node(node);
    NodeRef::new(NodeFields {
        id: Str::from(&*n.id.to_string()),
        kind: Str::from(n.kind.as_str()),
        name: Str::from(n.name.as_str()),
    })
}

/// The evidence of one fact, made afresh; `row_and_section` gives a row's id and its section's.
pub(super) fn new_evidence(
    ds: &Dataset,
    cite: Cite,
    row_and_section: &dyn Fn(RowId) -> (Str, Str),
) -> Evidence {
    match cite {
        Cite::Edge(edge) => {
            let e = ds.edge(edge);
            let fact = (e.kind.as_str(), e.derived.as_deref());
            Evidence::new(EvidenceFields {
                edge: u32::try_from(edge.index()).ok(),
                ..cited_fields(ds, &e.provenance, fact, row_and_section(e.provenance.row))
            })
        }
        Cite::Node(node) => {
            let n = ds.node(node);
            let fact = ("node", n.derived.as_deref());
            Evidence::new(cited_fields(
                ds,
                &n.provenance,
                fact,
                row_and_section(n.provenance.row),
            ))
        }
    }
}

/// The fields of the evidence of a fact `(kind, why derived)` stated at `provenance`, in the row
/// `(id, section id)`.
fn cited_fields(
    ds: &Dataset,
    provenance: &Provenance,
    (fact, derived): (&'static str, Option<&str>),
    (row, section): (Str, Str),
) -> EvidenceFields {
    EvidenceFields {
        row,
        section,
        fact,
        quote: Str::slice(ds.shared_snapshot(), provenance.quote_span()),
        derived: derived.map(Str::from),
        edge: None,
    }
}

/// Evidence for each cite, each once, in order, made by `make`.
pub(super) fn evidence_list(
    cites: &[Cite],
    mut make: impl FnMut(Cite) -> Evidence,
) -> Vec<Evidence> {
    let mut seen: FxHashSet<Cite> = FxHashSet::default();
    let mut out = Vec::with_capacity(cites.len());
    for (i, &cite) in cites.iter().enumerate() {
        // A short list is searched; a long one (a matrix row) remembers what it has seen.
        let repeated = if cites.len() <= 16 {
            cites[..i].contains(&cite)
        } else {
            !seen.insert(cite)
        };
        if !repeated {
            out.push(make(cite));
        }
    }
    out
}

/// What turns facts into cells: the dataset, what has been made of it so far, and the words for a
/// basis that the region asked about leaves unstated. An evaluation has one; rows made only when
/// read have their own, made afresh ([`Cells::fresh`]) and kept as long as the rows are.
pub(super) struct Cells {
    ds: Dataset,
    made: Made,
    no_basis: String,
}

impl Cells {
    pub(super) fn new(ds: &Dataset, no_basis: String) -> Cells {
        Cells {
            ds: ds.clone(),
            made: Made::default(),
            no_basis,
        }
    }

    /// Cells made anew, by the same dataset and words, with nothing made yet.
    pub(super) fn fresh(&self) -> Cells {
        Cells::new(&self.ds, self.no_basis.clone())
    }

    fn name(&self, node: NodeIndex) -> &str {
        &self.ds.node(node).name
    }

    pub(super) fn node_ref(&self, node: NodeIndex) -> NodeRef {
        self.made.node_ref(&self.ds, node)
    }

    pub(super) fn refs(&self, nodes: &[NodeIndex]) -> Vec<NodeRef> {
        self.made.refs(&self.ds, nodes)
    }

    pub(super) fn nodes(&self, nodes: &[NodeIndex]) -> Cell {
        Cell::Nodes(self.refs(nodes))
    }

    /// Conditions, or "none stated".
    pub(super) fn conditions(&self, conditions: &[NodeIndex]) -> Cell {
        if conditions.is_empty() {
            Cell::NotStated("none stated".into())
        } else {
            self.nodes(conditions)
        }
    }

    /// Why data is shared, in the notice's words, or "no reason stated".
    pub(super) fn reason(&self, reason: Option<&str>) -> Cell {
        match reason {
            Some(r) => Cell::Quotes(vec![r.to_string()]),
            None => Cell::NotStated("no reason stated".into()),
        }
    }

    pub(super) fn route(&self, route: Route) -> Cell {
        Cell::Route {
            route: route.name().into(),
            via: match route {
                Route::CategoryLevel(c) | Route::ItemLevel(c) => Some(self.node_ref(c)),
                Route::Purpose(p) => Some(self.node_ref(p)),
                Route::Processor => None,
            },
        }
    }

    /// The bases of a fact, or "not stated" (for the region asked about) when it has none.
    pub(super) fn bases(&self, bases: &[Basis]) -> Cell {
        if bases.is_empty() {
            return Cell::NotStated(self.no_basis.clone());
        }
        Cell::Bases(bases.iter().map(|b| self.basis_cell(b)).collect())
    }

    fn basis_cell(&self, b: &Basis) -> BasisCell {
        BasisCell {
            basis: self.node_ref(b.basis),
            qualifier: b.qualifier.clone(),
            regions: self.refs(&b.regions),
            only_for: self.refs(&b.only_for),
            only_sharing_with: self.refs(&b.only_sharing_with),
            governs: b.governs(),
            overridden_by: match &b.standing {
                Standing::Governs => Vec::new(),
                Standing::OverriddenBy(by) => self.refs(by),
            },
            delegated: b.delegation.is_some(),
            expands_to: b
                .delegation
                .as_ref()
                .map(|d| self.refs(&d.resolves_to))
                .unwrap_or_default(),
            derived: b.delegation.as_ref().map(|d| self.reading_text(d.reading)),
            evidence: self.evidence_list(&b.cites),
        }
    }

    /// Evidence for each cite, each once, in order.
    pub(super) fn evidence_list(&self, cites: &[Cite]) -> Vec<Evidence> {
        self.made.evidence_list(&self.ds, cites)
    }

    /// The evidence cell of a fact: its own cites, then those of its bases.
    pub(super) fn evidence(&self, cites: &[Cite], bases: &[Basis]) -> Cell {
        let all: Vec<Cite> = cites
            .iter()
            .copied()
            .chain(bases.iter().flat_map(|b| b.cites.iter().copied()))
            .collect();
        Cell::Evidence(self.evidence_list(&all))
    }

    pub(super) fn evidence_of(&self, cite: Cite) -> Evidence {
        self.made.evidence_of(&self.ds, cite)
    }

    /// The evidence of a fact of kind `fact` stated at `provenance`.
    pub(super) fn cited(
        &self,
        provenance: &Provenance,
        fact: &'static str,
        derived: Option<&str>,
    ) -> Evidence {
        Evidence::new(self.made.cited_fields(&self.ds, provenance, fact, derived))
    }

    pub(super) fn evidence_at(
        &self,
        row: &str,
        fact: &'static str,
        quote: &str,
        derived: Option<&str>,
    ) -> Evidence {
        let section = self
            .ds
            .row(row)
            .map(|r| self.ds.section_of(r).id.as_str())
            .unwrap_or_default();
        Evidence::new(EvidenceFields {
            row: Str::from(row),
            section: Str::from(section),
            fact,
            quote: Str::from(quote),
            derived: derived.map(Str::from),
            edge: None,
        })
    }

    /// The quotes of the facts cited, each once.
    pub(super) fn quotes(&self, cites: &[Cite]) -> Cell {
        let mut quotes: Vec<&str> = Vec::new();
        for &cite in cites {
            let quote = match cite {
                Cite::Edge(e) => self.ds.quote(&self.ds.edge(e).provenance),
                Cite::Node(n) => self.ds.quote(&self.ds.node(n).provenance),
            };
            if !quotes.contains(&quote) {
                quotes.push(quote);
            }
        }
        Cell::Quotes(quotes.into_iter().map(String::from).collect())
    }

    /// Why a delegated basis resolves as it does.
    pub(super) fn reading_text(&self, reading: Reading) -> String {
        const POINTS: &str = "the notice does not state this basis but points to the bases of the \
            processing the recipient is retained for";
        match reading {
            Reading::BasesOfItem(item) => format!(
                "{POINTS}; read as the bases it states for the purposes that use {}",
                self.name(item)
            ),
            Reading::AnyPurposeBasis => {
                format!("{POINTS}; read as any basis it states for a purpose")
            }
        }
    }

    /// A flag as counsel read it.
    pub(super) fn flag_text(&self, flag: &Flag) -> String {
        if let Some(made) = self.made.flags.borrow().get(flag) {
            return made.clone();
        }
        let made = self.flag_words(flag);
        self.made
            .flags
            .borrow_mut()
            .insert(flag.clone(), made.clone());
        made
    }

    fn flag_words(&self, flag: &Flag) -> String {
        let names = |nodes: &[NodeIndex]| {
            nodes
                .iter()
                .map(|&n| self.name(n))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match flag {
            Flag::NotListed { categories, rows } => format!(
                "flag: {} {} not list this recipient for {}",
                rows.join(", "),
                if rows.len() == 1 { "does" } else { "do" },
                names(categories)
            ),
            Flag::NoStatementFor { categories } => format!(
                "flag: no category-level statement lists any recipient for {}",
                names(categories)
            ),
            Flag::NoCategory { item } => format!(
                "flag: the notice places {} in no data category, so no category-level statement covers it",
                self.name(*item)
            ),
        }
    }

    /// A count (a route's number of steps).
    pub(super) fn count(&self, n: u64) -> Cell {
        Cell::Number(n)
    }
}
