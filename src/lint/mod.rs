//! `lineage lint`: where the notice's own statements pull against each other. Each [`Finding`] is a
//! fact about the notice: its kind, what the rows state (in one line, never more), and the facts on
//! both sides. A false finding is worse than a missed one: every kind fires only where the rows it
//! compares are all there, and stays silent where the notice makes no statement to compare with
//! (`docs/LINT.md` lists the kinds, and those the data cannot decide).
//!
//! One file per kind of finding; each works on [`Relations`] as they hold everywhere, so a finding
//! agrees with the answers and their flags (`docs/FLAGS.md`).

mod bases;
mod categories;
mod processors;
mod retention;
mod sharing;
mod summaries;

use petgraph::graph::NodeIndex;

use crate::{
    dataset::Dataset,
    relation::{Cite, Relations},
};

/// The kinds of finding, in the order a report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Data reaches a recipient through a purpose (or a processor) although the category-level
    /// sharing statements for the data's categories do not list that recipient.
    RouteNotInSharingTable,
    /// Data that a purpose uses, or a processor receives, is placed in no category, although the
    /// notice sorts data into categories.
    DataInNoCategory,
    /// The same item is placed in two categories whose category-level recipients differ.
    CategoriesDifferInRecipients,
    /// The notice ties retention to some data, and states none for other data it uses.
    RetentionForSomeDataOnly,
    /// A named processor that no recipient category of the sharing statements includes.
    ProcessorNotInRecipientCategories,
    /// A purpose rests on legitimate interests, and the notice, which states the interests of other
    /// purposes, states none for it.
    InterestsNotStated,
    /// The notice states interests a purpose pursues, and no basis of the kind legitimate interests
    /// for it in any region.
    InterestsWithoutLegitimateInterests,
    /// Two sections state a purpose's basis for the same region, without limits, and name no basis
    /// in common.
    BasisDiffersBetweenSections,
    /// A purpose rests on legitimate interests, stated for it, and no legitimate-interests summary
    /// the notice publishes names it or a purpose that includes it.
    LegitimateInterestsWithoutSummary,
    /// A legitimate-interests summary states something about a purpose that rests on no basis of
    /// that kind in any region.
    SummaryWithoutLegitimateInterests,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::RouteNotInSharingTable,
        Kind::DataInNoCategory,
        Kind::CategoriesDifferInRecipients,
        Kind::RetentionForSomeDataOnly,
        Kind::ProcessorNotInRecipientCategories,
        Kind::InterestsNotStated,
        Kind::InterestsWithoutLegitimateInterests,
        Kind::BasisDiffersBetweenSections,
        Kind::LegitimateInterestsWithoutSummary,
        Kind::SummaryWithoutLegitimateInterests,
    ];

    /// The kind's stable id, for scripts and `docs/LINT.md`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::RouteNotInSharingTable => "route-not-in-sharing-table",
            Kind::DataInNoCategory => "data-in-no-category",
            Kind::CategoriesDifferInRecipients => "categories-differ-in-recipients",
            Kind::RetentionForSomeDataOnly => "retention-for-some-data-only",
            Kind::ProcessorNotInRecipientCategories => "processor-not-in-recipient-categories",
            Kind::InterestsNotStated => "interests-not-stated",
            Kind::InterestsWithoutLegitimateInterests => "interests-without-legitimate-interests",
            Kind::BasisDiffersBetweenSections => "basis-differs-between-sections",
            Kind::LegitimateInterestsWithoutSummary => "legitimate-interests-without-summary",
            Kind::SummaryWithoutLegitimateInterests => "summary-without-legitimate-interests",
        }
    }
}

/// One place where the notice disagrees with itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// The nodes the finding is about (an item, a recipient), in the notice's order.
    pub subjects: Vec<NodeIndex>,
    /// What the rows state, in one line.
    pub text: String,
    /// The facts on one side (the route, the use, the placement).
    pub one_side: Vec<Cite>,
    /// The facts on the other side (the sharing statements, the other category); empty when the
    /// other side is the notice's silence, which `text` then says.
    pub other_side: Vec<Cite>,
}

/// Every finding on the dataset, kind by kind, each kind in the notice's order.
pub fn lint(ds: &Dataset) -> Vec<Finding> {
    let rel = Relations::new(ds, None);
    let mut out = Vec::new();
    out.extend(sharing::routes_not_in_sharing_table(&rel));
    out.extend(categories::data_in_no_category(&rel));
    out.extend(categories::categories_differ(&rel));
    out.extend(retention::retention_for_some_data_only(&rel));
    out.extend(processors::processors_not_in_categories(&rel));
    out.extend(bases::interests(&rel));
    out.extend(bases::differ_between_sections(&rel));
    out.extend(summaries::summaries(&rel));
    // Grouped by kind, each kind in the notice's order (a stable sort).
    out.sort_by_key(|f| f.kind);
    out
}

/// Names of nodes, joined for a finding's text.
fn names(ds: &Dataset, nodes: &[NodeIndex]) -> String {
    nodes
        .iter()
        .map(|&n| format!("\"{}\"", ds.node(n).name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The row id a fact cites.
fn row_of(ds: &Dataset, cite: Cite) -> String {
    let provenance = match cite {
        Cite::Edge(e) => &ds.edge(e).provenance,
        Cite::Node(n) => &ds.node(n).provenance,
    };
    ds.cited_row(provenance).id.to_string()
}

/// Row ids of facts, each once, in order, joined.
fn rows(ds: &Dataset, cites: &[Cite]) -> String {
    let mut out: Vec<String> = Vec::new();
    for &c in cites {
        let r = row_of(ds, c);
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out.join(", ")
}

/// Where a node is introduced: its row's place, then its quote's, for the notice's order.
fn order(ds: &Dataset, node: NodeIndex) -> (usize, usize, usize) {
    let p = ds.node(node).provenance;
    (p.row.index(), p.quote_span().start, node.index())
}
