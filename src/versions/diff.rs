//! `lineage diff OLD NEW`: the facts two versions of a notice state differently.
//!
//! Facts are matched by id: a node by its id, an edge by its kind and the ids of its ends. A fact is
//! *added* or *removed* when only one version states it, and *changed* when both do but say
//! something else: a node's kind, name, party, role or legal basis; an edge's bases (and their
//! qualifiers), regions, scope (`only_for`, `only_sharing_with`), conditions, data, group, period or
//! reason. Wording is not compared (quotes, descriptions, notes, aliases, the rows' ids and
//! anchors): a version whose text changed but whose facts did not gives no fact changes. Each change
//! cites its rows and quotes in each version that states it.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::{
    answer::{Answer, Cell, Column, Evidence, EvidenceFields, Row, Str},
    dataset::{
        facts::{Edge, Node, Provenance},
        Dataset,
    },
};

/// How a fact differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// What a fact is: a node by id, or the edges of one kind between two nodes (by id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Node(String),
    Edge {
        from: String,
        kind: &'static str,
        to: String,
    },
}

/// A fact as one version states it.
#[derive(Debug, Clone)]
pub struct Stated {
    /// What it says, by id (compared) and for people (shown), each statement once.
    pub says: BTreeMap<String, String>,
    /// The kind of fact: the node's kind, or the edge's kind.
    pub kind: &'static str,
    /// A name for people: the node's, or `from → to`.
    pub subject: String,
    pub evidence: Vec<Evidence>,
    /// The nodes it names at its ends (one for a node, two for an edge).
    pub ends: Vec<NodeIndex>,
    pub edges: Vec<EdgeIndex>,
}

/// One fact that differs.
#[derive(Debug, Clone)]
pub struct FactChange {
    pub change: Change,
    pub key: Key,
    pub old: Option<Stated>,
    pub new: Option<Stated>,
}

impl FactChange {
    /// The version that names it for people: the new one when it states the fact.
    pub fn stated(&self) -> &Stated {
        // invariant: a change has at least one side.
        self.new.as_ref().or(self.old.as_ref()).expect("one side")
    }
}

/// The fact changes from one version to another.
pub struct Diff {
    pub old_name: String,
    pub new_name: String,
    pub old: String,
    pub new: String,
    pub changes: Vec<FactChange>,
}

/// `name (as of date)`, as titles name a version.
fn version(ds: &Dataset) -> String {
    format!("`{}` (as of {})", ds.manifest().name, ds.manifest().as_of)
}

/// The facts `old` and `new` state differently, in the order of their keys.
pub fn diff(old: &Dataset, new: &Dataset) -> Diff {
    let mut before = facts(old);
    let mut changes = Vec::new();
    for (key, now) in facts(new) {
        match before.remove(&key) {
            None => changes.push((key, None, Some(now))),
            Some(then) if then.says.keys().ne(now.says.keys()) => {
                changes.push((key, Some(then), Some(now)));
            }
            Some(_) => {}
        }
    }
    changes.extend(
        before
            .into_iter()
            .map(|(key, then)| (key, Some(then), None)),
    );
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    let changes = changes
        .into_iter()
        .map(|(key, old, new)| FactChange {
            change: match (&old, &new) {
                (None, _) => Change::Added,
                (_, None) => Change::Removed,
                _ => Change::Changed,
            },
            key,
            old,
            new,
        })
        .collect();
    Diff {
        old_name: old.manifest().name.clone(),
        new_name: new.manifest().name.clone(),
        old: version(old),
        new: version(new),
        changes,
    }
}

/// Every fact of a dataset, by key.
fn facts(ds: &Dataset) -> BTreeMap<Key, Stated> {
    let mut facts = BTreeMap::new();
    for (index, node) in ds.nodes() {
        let (by_id, people) = node_says(ds, node);
        facts.insert(
            Key::Node(node.id.as_str().to_string()),
            Stated {
                says: BTreeMap::from([(by_id, people)]),
                kind: node.kind.as_str(),
                subject: node.name.clone(),
                evidence: vec![evidence(
                    ds,
                    &node.provenance,
                    "node",
                    node.derived.as_deref(),
                )],
                ends: vec![index],
                edges: Vec::new(),
            },
        );
    }
    for (index, from, to, edge) in ds.edges() {
        let key = Key::Edge {
            from: ds.node(from).id.as_str().to_string(),
            kind: edge.kind.as_str(),
            to: ds.node(to).id.as_str().to_string(),
        };
        let stated = facts.entry(key).or_insert_with(|| Stated {
            says: BTreeMap::new(),
            kind: edge.kind.as_str(),
            subject: format!("{} → {}", ds.node(from).name, ds.node(to).name),
            evidence: Vec::new(),
            ends: vec![from, to],
            edges: Vec::new(),
        });
        let (by_id, people) = edge_says(ds, edge);
        stated.says.insert(by_id, people);
        let cited = evidence(
            ds,
            &edge.provenance,
            edge.kind.as_str(),
            edge.derived.as_deref(),
        );
        if !stated.evidence.contains(&cited) {
            stated.evidence.push(cited);
        }
        stated.edges.push(index);
    }
    facts
}

fn evidence(ds: &Dataset, at: &Provenance, fact: &'static str, derived: Option<&str>) -> Evidence {
    let row = ds.cited_row(at);
    Evidence::new(EvidenceFields {
        row: Str::from(row.id.as_str()),
        section: Str::from(ds.section_of(row).id.as_str()),
        fact,
        quote: Str::from(ds.quote(at)),
        derived: derived.map(Str::from),
        edge: None,
    })
}

/// What a node states: its kind and name, and a recipient's party and role, a basis's legal basis.
fn node_says(ds: &Dataset, node: &Node) -> (String, String) {
    let mut parts = vec![format!("{} “{}”", node.kind.as_str(), node.name)];
    if let Some(party) = &node.party {
        parts.push(format!("party: {}", format!("{party:?}").to_lowercase()));
    }
    if let Some(role) = &node.role {
        parts.push(format!("role: {role}"));
    }
    if let Some(basis) = &node.legal_basis {
        parts.push(format!("legal basis: {}", &*basis.kind));
    }
    if node.delegated == Some(true) {
        parts.push("delegated".to_string());
    }
    let _ = ds;
    let text = parts.join("; ");
    (text.clone(), text)
}

/// What an edge states besides its ends, by id (to compare) and by name (to show).
fn edge_says(ds: &Dataset, edge: &Edge) -> (String, String) {
    let mut by_id = Vec::new();
    let mut people = Vec::new();
    let mut field = |label: &str, nodes: &[NodeIndex]| {
        if nodes.is_empty() {
            return;
        }
        let ids: BTreeSet<&str> = nodes.iter().map(|&n| ds.node(n).id.as_str()).collect();
        let names: Vec<&str> = nodes.iter().map(|&n| ds.node(n).name.as_str()).collect();
        by_id.push(format!(
            "{label}: {}",
            ids.into_iter().collect::<Vec<_>>().join(", ")
        ));
        people.push(format!("{label}: {}", names.join(", ")));
    };
    let bases: Vec<NodeIndex> = edge.bases.iter().map(|b| b.basis).collect();
    field("bases", &bases);
    field("group", edge.group.as_slice());
    field("regions", &edge.regions);
    field("only for", edge.only_for());
    field("only sharing with", edge.only_sharing_with());
    field("conditions", edge.conditions());
    field("data", edge.data());
    let texts = edge
        .bases
        .iter()
        .filter_map(|b| b.qualifier.as_deref().map(|q| ("basis qualifier", q)))
        .chain(edge.qualifier().map(|t| &**t).map(|q| ("qualifier", q)))
        .chain(edge.period().map(|t| &**t).map(|p| ("period", p)))
        .chain(edge.reason().map(|t| &**t).map(|r| ("reason", r)));
    for (label, text) in texts {
        by_id.push(format!("{label}: {text}"));
        people.push(format!("{label}: {text}"));
    }
    if people.is_empty() {
        people.push("stated".to_string());
    }
    (by_id.join("; "), people.join("; "))
}

const COLUMNS: [Column; 7] = [
    Column {
        key: "change",
        heading: "Change",
    },
    Column {
        key: "fact",
        heading: "Fact",
    },
    Column {
        key: "subject",
        heading: "Subject",
    },
    Column {
        key: "version",
        heading: "Version",
    },
    Column {
        key: "states",
        heading: "States",
    },
    Column {
        key: "evidence",
        heading: "Rows",
    },
    Column {
        key: "quotes",
        heading: "Quotes",
    },
];

/// The changes as an answer, for the text renderers: one row per version that states a fact that
/// differs (a changed fact has two, the old version's first).
pub fn to_answer(diff: &Diff) -> Answer {
    let mut answer = Answer::new(&format!("diff {} {}", diff.old_name, diff.new_name));
    answer.form = "diff";
    answer.title = format!("Fact changes from {} to {}", diff.old, diff.new);
    answer.columns = COLUMNS.to_vec();
    for c in &diff.changes {
        let sides = [(&diff.old_name, &c.old), (&diff.new_name, &c.new)];
        for (version, side) in sides {
            let Some(stated) = side else {
                continue;
            };
            answer.rows.push(Row(vec![
                Cell::Text(c.change.as_str().to_string()),
                Cell::Text(stated.kind.to_string()),
                Cell::Text(c.stated().subject.clone()),
                Cell::Text(version.clone()),
                Cell::Text(
                    stated
                        .says
                        .values()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
                Cell::Evidence(stated.evidence.clone()),
                Cell::Quotes(quotes(stated)),
            ]));
        }
    }
    answer.notes = notes(diff);
    answer
}

/// The quotes of a fact's evidence, each once.
fn quotes(stated: &Stated) -> Vec<String> {
    let mut quotes: Vec<String> = Vec::new();
    for e in &stated.evidence {
        if !quotes.iter().any(|q| e.quote == *q) {
            quotes.push(e.quote.to_string());
        }
    }
    quotes
}

fn notes(diff: &Diff) -> Vec<String> {
    let count = |change| diff.changes.iter().filter(|c| c.change == change).count();
    let mut notes = Vec::new();
    if diff.changes.is_empty() {
        notes.push(format!(
            "no fact changes: {} states the same facts as {}",
            diff.new, diff.old
        ));
    } else {
        notes.push(format!(
            "{} facts added, {} removed, {} changed",
            count(Change::Added),
            count(Change::Removed),
            count(Change::Changed)
        ));
    }
    notes.push(
        "facts are matched by id (a node by its id, an edge by its kind and the ids of its ends); \
         wording (quotes, descriptions, notes, aliases, row anchors) is not compared"
            .to_string(),
    );
    notes
}
