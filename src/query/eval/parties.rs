//! Who a source or a recipient is (`docs/DATA_FORMAT.md`, "Who a source is, and the role a
//! recipient acts in"): `what comes from third parties` gathers every source whose party is a third
//! party; `who are the processors` lists the named processors and the recipients that act as
//! processors, each with its evidence, saying which are stated and which derived. A source or a
//! recipient whose class the dataset does not record is never counted: the answer says "not stated
//! by this notice" for it.

use petgraph::graph::NodeIndex;

use super::{Eval, CATEGORY, DATA, DETAILS, EVIDENCE, QUOTES, RECIPIENT, SOURCE};
use crate::{
    answer::{Cell, Row, NOT_STATED},
    dataset::{
        facts::Classed,
        model::{EdgeKind, NodeKind},
    },
    query::ast::quoted,
    relation::Cite,
};

/// The party of a source that is a third party.
const THIRD_PARTY: &str = "third-party";

/// The party of a source that belongs to the controller's own corporate group.
const GROUP: &str = "corporate-group";

/// The role of a recipient that processes data on the controller's behalf.
const PROCESSOR: &str = "processor";

impl Eval<'_> {
    /// `what comes from third parties`: what each source whose party is a third party provides, as
    /// `what comes from <source>` shows it, with the evidence of its party first.
    pub(super) fn third_party_sources(&mut self) {
        let columns = [SOURCE, CATEGORY, DATA, QUOTES, EVIDENCE];
        self.start(
            "from-third-parties",
            "What comes from third parties (every source whose party is a third party)".into(),
            &columns,
        );
        let sources: Vec<NodeIndex> = self.ds.nodes_of_kind(NodeKind::Source).to_vec();
        let (mut unstated, mut group) = (Vec::new(), Vec::new());
        for source in sources {
            match &self.ds.node(source).source_party {
                Some(party) if &*party.value == THIRD_PARTY => self.source_rows(source, party),
                Some(party) if &*party.value == GROUP => {
                    group.push(quoted(self.name(source)));
                }
                Some(_) => {}
                None => unstated.push(self.name(source).to_string()),
            }
        }
        if !group.is_empty() {
            self.answer.notes.push(format!(
                "the sources of the controller's own corporate group are not counted as third parties here; ask `what comes from {}` for what they provide",
                group.join("` or `what comes from ")
            ));
        }
        if self.answer.rows.is_empty() {
            self.not_stated("a source that is a third party".into());
        }
        if !unstated.is_empty() {
            self.not_stated(format!(
                "whether these sources are third parties: {}",
                unstated.join("; ")
            ));
        }
    }

    /// The rows of one third-party source: one per `collected-from` statement.
    fn source_rows(&mut self, source: NodeIndex, party: &Classed) {
        let party_evidence =
            self.cells
                .cited(&party.provenance, "source-party", party.derived.as_deref());
        for &(edge, target) in self.ds.out_edges(source, EdgeKind::CollectedFrom) {
            let (items, cites) = self.collected_items(edge, target);
            let mut evidence = vec![party_evidence.clone()];
            evidence.extend(self.cells.evidence_list(&cites));
            let data = if items.is_empty() {
                Cell::NotStated(NOT_STATED.into())
            } else {
                self.cells.nodes(&items)
            };
            let row = vec![
                self.cells.nodes(&[source]),
                self.cells.nodes(&[target]),
                data,
                self.cells.quotes(&[Cite::Edge(edge)]),
                Cell::Evidence(evidence),
            ];
            self.answer.rows.push(Row(row));
        }
    }

    /// `who are the processors`: the named processors and the recipients acting as processors.
    pub(super) fn processors(&mut self) {
        self.start(
            "processors",
            "Processors: named processors, and recipients that act as processors".into(),
            &[RECIPIENT, DETAILS, EVIDENCE],
        );
        let recipients: Vec<NodeIndex> = self.ds.nodes_of_kind(NodeKind::Recipient).to_vec();
        for recipient in recipients {
            let node = self.ds.node(recipient);
            let acts = node.acts_as.as_ref().filter(|c| &*c.value == PROCESSOR);
            let named = node.role.as_deref() == Some(PROCESSOR);
            let (details, evidence) = match (named, acts) {
                (_, Some(acts)) => {
                    let how = if acts.derived.is_some() {
                        "acts as a processor: derived (the tool's reading; the evidence says why)"
                    } else {
                        "acts as a processor: stated by the notice"
                    };
                    let fact =
                        self.cells
                            .cited(&acts.provenance, "acts-as", acts.derived.as_deref());
                    (how, vec![fact])
                }
                (true, None) => (
                    "named processor",
                    self.cells.evidence_list(&[Cite::Node(recipient)]),
                ),
                (false, None) => continue,
            };
            let row = vec![
                self.cells.nodes(&[recipient]),
                Cell::Text(details.into()),
                Cell::Evidence(evidence),
            ];
            self.answer.rows.push(Row(row));
        }
        if self.answer.rows.is_empty() {
            self.not_stated("a recipient that acts as a processor".into());
        }
    }
}
