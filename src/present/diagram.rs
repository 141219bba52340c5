//! Diagrams of the map, or of the facts behind one answer: DOT for Graphviz, and Mermaid for Markdown
//! memos.
//!
//! Our own writer rather than petgraph's `Dot`: node ids come from dataset ids (so a diagram's diff shows
//! what changed in the data), and every piece of text is escaped. Layout runs left to right in layers:
//! sources, data categories, data items, purposes, recipients, then anything else an answer cites.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::{self, Display},
};

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::{
    answer::Answer,
    dataset::model::{EdgeKind, NodeKind},
    dataset::Dataset,
    present::escape::{dot_html, dot_string, mermaid_comment, mermaid_label, yaml_string},
};

/// Edge kinds drawn in the map of the whole dataset. Sub-purposes, controls, safeguards and footnotes
/// are left to `describe` and to answer diagrams, to keep the map readable.
const MAP_EDGES: &[EdgeKind] = &[
    EdgeKind::CollectedFrom,
    EdgeKind::InCategory,
    EdgeKind::UsedFor,
    EdgeKind::MayBeSharedWith,
    EdgeKind::DisclosesTo,
    EdgeKind::ProcessedBy,
];

/// Colours for legal bases, in the order the dataset states the bases (colour-blind-safe palette).
const PALETTE: &[&str] = &[
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
];
const NO_BASIS: &str = "#555555";

/// Characters per line of a node label before it wraps.
const WRAP: usize = 24;

/// What to draw: nodes and edges of the dataset.
pub struct Diagram {
    pub title: String,
    nodes: BTreeSet<NodeIndex>,
    edges: BTreeSet<EdgeIndex>,
    /// The whole map is large: its layers are plain columns (no boxes), parallel edges share their
    /// ends, and item-to-purpose edges show their basis by colour (and as a tooltip) rather than a
    /// label, which would crowd the picture. An answer's diagram labels every edge.
    whole_map: bool,
    /// Labels show the snapshot's text as it is, lost punctuation and all (`--raw-text`); by
    /// default they are repaired ([`crate::present::repair`]). Ids are never changed.
    pub raw_text: bool,
}

impl Diagram {
    /// Text for a label: repaired unless [`Diagram::raw_text`].
    fn people<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.raw_text {
            std::borrow::Cow::Borrowed(text)
        } else {
            crate::present::repair::repair(text)
        }
    }

    /// The whole map.
    pub fn map(ds: &Dataset) -> Self {
        let mut diagram = Diagram {
            title: format!(
                "{}: {} ({}, as of {})",
                ds.manifest().name,
                ds.manifest().title,
                ds.manifest().publisher,
                ds.manifest().as_of
            ),
            nodes: BTreeSet::new(),
            edges: BTreeSet::new(),
            whole_map: true,
            raw_text: false,
        };
        for (edge, from, to, weight) in ds.edges() {
            let includes_recipient =
                weight.kind == EdgeKind::Includes && ds.node(from).kind == NodeKind::Recipient;
            if MAP_EDGES.contains(&weight.kind) || includes_recipient {
                diagram.add_edge(edge, from, to);
            }
        }
        diagram
    }

    /// The facts behind an answer: every edge its evidence cites, and the nodes it names.
    pub fn of_answer(ds: &Dataset, answer: &Answer) -> Self {
        let mut diagram = Diagram {
            title: answer.title.clone(),
            nodes: BTreeSet::new(),
            edges: BTreeSet::new(),
            whole_map: false,
            raw_text: false,
        };
        for resolved in &answer.resolved {
            if let Some(node) = ds.node_by_id(&resolved.node.id) {
                diagram.nodes.insert(node);
            }
        }
        for e in answer.evidence() {
            let Some(index) = e.edge.map(|i| EdgeIndex::new(i as usize)) else {
                continue;
            };
            if let Some((from, to)) = ds.try_ends(index) {
                diagram.add_edge(index, from, to);
            }
        }
        diagram
    }

    fn add_edge(&mut self, edge: EdgeIndex, from: NodeIndex, to: NodeIndex) {
        self.edges.insert(edge);
        self.nodes.insert(from);
        self.nodes.insert(to);
    }

    /// The nodes by layer, left to right, each layer with its heading.
    fn layers(&self, ds: &Dataset) -> BTreeMap<usize, (&'static str, Vec<NodeIndex>)> {
        let mut layers: BTreeMap<usize, (&'static str, Vec<NodeIndex>)> = BTreeMap::new();
        for &node in &self.nodes {
            let (rank, heading) = layer(ds.node(node).kind);
            layers
                .entry(rank)
                .or_insert((heading, Vec::new()))
                .1
                .push(node);
        }
        layers
    }

    /// The edges to draw: one per kind and pair of nodes, however many rows state it.
    fn merged(&self, ds: &Dataset) -> Vec<Merged> {
        let mut merged: BTreeMap<(NodeIndex, NodeIndex, EdgeKind), Merged> = BTreeMap::new();
        for &edge in &self.edges {
            // invariant: the diagram's edges come from this dataset's graph.
            let Some((from, to)) = ds.try_ends(edge) else {
                continue;
            };
            let weight = ds.edge(edge);
            let entry = merged
                .entry((from, to, weight.kind))
                .or_insert_with(|| Merged {
                    from,
                    to,
                    kind: weight.kind,
                    bases: Vec::new(),
                    conditions: Vec::new(),
                    regions: BTreeSet::new(),
                    stated: false,
                    reasons: Vec::new(),
                });
            entry.stated |= weight.derived.is_none();
            if let Some(reason) = &weight.derived {
                if !entry.reasons.iter().any(|r| **r == **reason) {
                    entry.reasons.push(reason.to_string());
                }
            }
            for b in weight
                .bases
                .iter()
                .map(|b| b.basis)
                .chain((weight.kind == EdgeKind::HasBasis).then_some(to))
            {
                if !entry.bases.contains(&b) {
                    entry.bases.push(b);
                }
            }
            for &c in weight.conditions() {
                if !entry.conditions.contains(&c) {
                    entry.conditions.push(c);
                }
            }
            entry.regions.extend(weight.regions.iter().copied());
        }
        merged.into_values().collect()
    }
}

/// One drawn edge: the edges of one kind between two nodes, merged.
struct Merged {
    from: NodeIndex,
    to: NodeIndex,
    kind: EdgeKind,
    bases: Vec<NodeIndex>,
    conditions: Vec<NodeIndex>,
    regions: BTreeSet<NodeIndex>,
    /// At least one of the merged edges is the notice's own statement (else all are derived).
    stated: bool,
    /// Why the derived ones among the merged edges are the tool's reading.
    reasons: Vec<String>,
}

/// The layer a kind of node is drawn in, left to right, and its heading.
pub(crate) fn layer(kind: NodeKind) -> (usize, &'static str) {
    match kind {
        NodeKind::Source => (0, "Sources"),
        NodeKind::Category => (1, "Data categories"),
        NodeKind::Data => (2, "Data items"),
        NodeKind::Purpose => (3, "Purposes"),
        NodeKind::Recipient => (4, "Recipients"),
        _ => (5, "Bases, conditions and controls"),
    }
}

fn style(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Source => r##"shape=box, style="rounded,filled", fillcolor="#e3eefa""##,
        NodeKind::Category => r##"shape=folder, style=filled, fillcolor="#fbefc8""##,
        NodeKind::Data => r##"shape=box, style=filled, fillcolor="#ffffff""##,
        NodeKind::Purpose => r##"shape=box, style="rounded,filled", fillcolor="#e2f4e8""##,
        NodeKind::Recipient => r##"shape=box, style="filled,bold", fillcolor="#fbe4e0""##,
        _ => r##"shape=note, style=filled, fillcolor="#f2f2f2""##,
    }
}

/// A short, stable tag for each basis (its initials), and its colour; in dataset order.
struct BasisKey {
    tags: BTreeMap<NodeIndex, (String, &'static str)>,
}

impl BasisKey {
    fn new(ds: &Dataset) -> Self {
        let mut tags = BTreeMap::new();
        let mut used = BTreeSet::new();
        for (i, &basis) in ds.nodes_of_kind(NodeKind::Basis).iter().enumerate() {
            let node = ds.node(basis);
            let initials: String = node
                .name
                .split_whitespace()
                .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
                .take(if node.delegated == Some(true) { 1 } else { 3 })
                .flat_map(char::to_uppercase)
                .collect();
            let mut tag = if initials.is_empty() {
                "B".to_string()
            } else {
                initials
            };
            let base = tag.clone();
            let mut n = 2;
            while !used.insert(tag.clone()) {
                tag = format!("{base}{n}");
                n += 1;
            }
            tags.insert(basis, (tag, PALETTE[i % PALETTE.len()]));
        }
        BasisKey { tags }
    }

    /// The bases the drawn edges carry, in the order of their tags.
    fn used(&self, edges: &[Merged]) -> Vec<NodeIndex> {
        let mut used: Vec<NodeIndex> = edges
            .iter()
            .flat_map(|e| e.bases.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        used.sort_by_key(|b| self.tag(*b).to_string());
        used
    }

    fn tag(&self, basis: NodeIndex) -> &str {
        self.tags.get(&basis).map_or("?", |(t, _)| t.as_str())
    }

    fn colour(&self, basis: NodeIndex) -> &'static str {
        self.tags.get(&basis).map_or(NO_BASIS, |(_, c)| c)
    }
}

/// Numbers for the conditions the drawn edges carry, in first-use order, for the legend.
/// The reasons of an answer's derived edges, each once, in edge order: shown in the legend (DOT) or
/// as notes (Mermaid), and marked `*n` on the edges. The whole map marks none (too many to read).
fn derived_reasons(diagram: &Diagram, edges: &[Merged]) -> Vec<String> {
    let mut reasons: Vec<String> = Vec::new();
    if diagram.whole_map {
        return reasons;
    }
    for reason in edges.iter().flat_map(|e| &e.reasons) {
        if !reasons.contains(reason) {
            reasons.push(reason.clone());
        }
    }
    reasons
}

/// The `*n` marks of an edge's derived reasons.
fn derived_marks<'a>(reasons: &'a [String], e: &'a Merged) -> impl Iterator<Item = String> + 'a {
    e.reasons
        .iter()
        .filter_map(|r| reasons.iter().position(|x| x == r))
        .map(|i| format!("*{}", i + 1))
}

fn condition_numbers(edges: &[Merged]) -> Vec<NodeIndex> {
    let mut numbers = Vec::new();
    for e in edges {
        for &c in &e.conditions {
            if !numbers.contains(&c) {
                numbers.push(c);
            }
        }
    }
    numbers
}

/// The regions most edges' bases are stated for: shown once in the legend, not on every edge.
fn common_regions(edges: &[Merged]) -> BTreeSet<NodeIndex> {
    let mut counts: BTreeMap<&BTreeSet<NodeIndex>, usize> = BTreeMap::new();
    for e in edges.iter().filter(|e| !e.regions.is_empty()) {
        *counts.entry(&e.regions).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(r, _)| r.clone())
        .unwrap_or_default()
}

/// Wraps text at word boundaries to lines of about `width` characters, joined with `\n`.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn node_id(ds: &Dataset, node: NodeIndex) -> String {
    let n = ds.node(node);
    format!("{}:{}", n.kind, n.id)
}

/// The diagram as a Graphviz DOT document.
pub fn to_dot(ds: &Dataset, diagram: &Diagram) -> String {
    Dot::new(ds, diagram).to_string()
}

/// One DOT document: the diagram's edges, merged, with the basis key and the conditions and regions
/// the edges share.
struct Dot<'a> {
    ds: &'a Dataset,
    diagram: &'a Diagram,
    edges: Vec<Merged>,
    key: BasisKey,
    conditions: Vec<NodeIndex>,
    regions: BTreeSet<NodeIndex>,
    /// Why derived edges are the tool's reading, each once: `*1` is the first.
    reasons: Vec<String>,
}

impl<'a> Dot<'a> {
    fn new(ds: &'a Dataset, diagram: &'a Diagram) -> Self {
        let edges = diagram.merged(ds);
        Dot {
            ds,
            diagram,
            key: BasisKey::new(ds),
            conditions: condition_numbers(&edges),
            regions: common_regions(&edges),
            reasons: derived_reasons(diagram, &edges),
            edges,
        }
    }
}

impl Display for Dot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "digraph lineage {{")?;
        let concentrate = if self.diagram.whole_map {
            ", concentrate=true"
        } else {
            ""
        };
        writeln!(f, "  graph [rankdir=LR, newrank=true{concentrate}, nodesep=0.12, ranksep=1.1, fontname=\"Helvetica\", fontsize=14, labelloc=t, label=\"{}\"];", dot_string(&wrap(&self.diagram.people(&self.diagram.title), 100)))?;
        writeln!(
            f,
            "  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.08,0.04\"];"
        )?;
        writeln!(
            f,
            "  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];"
        )?;
        self.layers(f)?;
        for e in &self.edges {
            self.edge(f, e)?;
        }
        self.legend(f)?;
        writeln!(f, "}}")
    }
}

impl Dot<'_> {
    /// One column per layer: a box around it in an answer's diagram, plain in the map.
    fn layers(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ds = self.ds;
        for (rank, (heading, nodes)) in &self.diagram.layers(ds) {
            if self.diagram.whole_map {
                writeln!(f, "  subgraph layer_{rank} {{")?;
            } else {
                writeln!(f, "  subgraph cluster_{rank} {{")?;
                writeln!(
                    f,
                    "    label=\"{}\"; style=\"rounded,dashed\"; color=\"#bbbbbb\"; fontsize=12;",
                    dot_string(heading)
                )?;
            }
            // One column per layer.
            writeln!(f, "    rank=same;")?;
            for &node in nodes {
                let n = ds.node(node);
                writeln!(
                    f,
                    "    \"{}\" [label=\"{}\", {}];",
                    dot_string(&node_id(ds, node)),
                    dot_string(&wrap(&self.diagram.people(&n.name), WRAP)),
                    style(n.kind)
                )?;
            }
            writeln!(f, "  }}")?;
        }
        Ok(())
    }

    /// What an edge's label says: its bases' tags, its regions where they are not the common ones,
    /// its conditions' numbers; else its kind, for kinds the layout does not already say.
    fn edge_label(&self, e: &Merged) -> Vec<String> {
        let mut label: Vec<String> = Vec::new();
        let tags: Vec<&str> = e.bases.iter().map(|&b| self.key.tag(b)).collect();
        if !tags.is_empty() {
            label.push(tags.join(" "));
        }
        if !e.regions.is_empty() && e.regions != self.regions {
            let ids: Vec<&str> = e
                .regions
                .iter()
                .map(|&r| self.ds.node(r).id.as_str())
                .collect();
            label.push(format!("for {}", ids.join(", ")));
        }
        for &c in &e.conditions {
            if let Some(i) = self.conditions.iter().position(|&x| x == c) {
                label.push(format!("[{}]", i + 1));
            }
        }
        if label.is_empty()
            && !matches!(
                e.kind,
                EdgeKind::UsedFor | EdgeKind::InCategory | EdgeKind::CollectedFrom
            )
        {
            label.push(e.kind.to_string());
        }
        label.extend(derived_marks(&self.reasons, e));
        label
    }

    fn edge(&self, f: &mut fmt::Formatter<'_>, e: &Merged) -> fmt::Result {
        let label = self.edge_label(e);
        let colours: Vec<&str> = e.bases.iter().map(|&b| self.key.colour(b)).collect();
        let colour = if colours.is_empty() {
            NO_BASIS.to_string()
        } else {
            colours.join(":")
        };
        let mut attrs = vec![
            format!("color=\"{colour}\""),
            format!(
                "fontcolor=\"{}\"",
                colours.first().copied().unwrap_or(NO_BASIS)
            ),
        ];
        // Hovering a derived edge (in SVG) says why it is the tool's reading.
        let why: Vec<String> = e.reasons.iter().map(|r| format!("derived: {r}")).collect();
        let mut tooltip = why.join("; ");
        if !label.is_empty() {
            let text = label.join(" ");
            let only_kind = e.bases.is_empty() && e.conditions.is_empty();
            if self.diagram.whole_map && (e.kind == EdgeKind::UsedFor || only_kind) {
                tooltip = if tooltip.is_empty() {
                    text
                } else {
                    format!("{text}; {tooltip}")
                };
            } else {
                attrs.push(format!(
                    "label=\"{}\"",
                    dot_string(&self.diagram.people(&text))
                ));
            }
        }
        if !tooltip.is_empty() {
            attrs.push(format!(
                "tooltip=\"{}\"",
                dot_string(&self.diagram.people(&tooltip))
            ));
        }
        if !e.stated {
            attrs.push("style=dashed".to_string());
        }
        // An item is drawn right of its category, and a footnote right of what it qualifies: such edges
        // run backwards, with the arrow at the far end.
        let (tail, head) = if matches!(e.kind, EdgeKind::InCategory | EdgeKind::AppliesTo) {
            attrs.push("dir=back".to_string());
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        writeln!(
            f,
            "  \"{}\" -> \"{}\" [{}];",
            dot_string(&node_id(self.ds, tail)),
            dot_string(&node_id(self.ds, head)),
            attrs.join(", ")
        )
    }

    /// The legend's entries, each with its colour: what each basis tag and colour means, derived
    /// edges, conditions, regions.
    fn legend_lines(&self) -> Vec<(String, &'static str)> {
        let ds = self.ds;
        let mut lines = Vec::new();
        for b in self.key.used(&self.edges) {
            let n = ds.node(b);
            let delegated = if n.delegated == Some(true) {
                " (delegated)"
            } else {
                ""
            };
            lines.push((
                format!("{}  {}{}", self.key.tag(b), n.name, delegated),
                self.key.colour(b),
            ));
        }
        lines.push((
            "grey: no legal basis stated for this edge".to_string(),
            NO_BASIS,
        ));
        if self.diagram.whole_map {
            lines.push((
                "edges show their basis by colour; in SVG, hover over an edge for its basis or kind"
                    .to_string(),
                NO_BASIS,
            ));
            for (kind, look) in [
                (NodeKind::Source, "blue rounded boxes"),
                (NodeKind::Category, "yellow folders"),
                (NodeKind::Data, "white boxes"),
                (NodeKind::Purpose, "green rounded boxes"),
                (NodeKind::Recipient, "red bold boxes"),
            ] {
                lines.push((
                    format!("{look}: {}", layer(kind).1.to_lowercase()),
                    NO_BASIS,
                ));
            }
        }
        lines.push((
            "dashed: derived, the tool's reading of the notice".to_string(),
            NO_BASIS,
        ));
        for (i, reason) in self.reasons.iter().enumerate() {
            lines.push((format!("*{} derived: {reason}", i + 1), NO_BASIS));
        }
        if !self.regions.is_empty() {
            let names: Vec<&str> = self
                .regions
                .iter()
                .map(|&r| ds.node(r).name.as_str())
                .collect();
            lines.push((format!("bases stated for: {}", names.join(", ")), NO_BASIS));
        }
        for (i, &c) in self.conditions.iter().enumerate() {
            lines.push((format!("[{}] {}", i + 1, ds.node(c).name), NO_BASIS));
        }
        lines
    }

    /// The legend: one node whose HTML-like label is a table, a line per entry in the entry's colour.
    fn legend(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  subgraph cluster_legend {{")?;
        writeln!(
            f,
            "    label=\"Legend\"; style=rounded; color=\"#999999\"; fontsize=12;"
        )?;
        f.write_str("    \"legend\" [shape=plaintext, fontsize=9, label=<")?;
        f.write_str("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\">")?;
        for (text, colour) in &self.legend_lines() {
            write!(
                f,
                "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"{colour}\">{}</FONT></TD></TR>",
                dot_html(&wrap(&self.diagram.people(text), 70))
            )?;
        }
        writeln!(f, "</TABLE>>];")?;
        writeln!(f, "  }}")
    }
}

fn mermaid_id(ds: &Dataset, node: NodeIndex) -> String {
    let n = ds.node(node);
    let id: String =
        n.id.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
    format!("{}_{id}", n.kind.as_str().replace('-', "_"))
}

/// The diagram as a Mermaid flowchart, for Markdown memos.
pub fn to_mermaid(ds: &Dataset, diagram: &Diagram) -> String {
    let edges = diagram.merged(ds);
    Mermaid {
        ds,
        diagram,
        reasons: derived_reasons(diagram, &edges),
        edges,
        key: BasisKey::new(ds),
    }
    .to_string()
}

/// One Mermaid flowchart: the diagram's edges, merged, and the basis key.
struct Mermaid<'a> {
    ds: &'a Dataset,
    diagram: &'a Diagram,
    edges: Vec<Merged>,
    key: BasisKey,
    /// As in DOT: why derived edges are the tool's reading, each once.
    reasons: Vec<String>,
}

impl Display for Mermaid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ds = self.ds;
        writeln!(
            f,
            "---\ntitle: \"{}\"\n---",
            yaml_string(&self.diagram.title)
        )?;
        writeln!(f, "flowchart LR")?;
        for (rank, (heading, nodes)) in &self.diagram.layers(ds) {
            writeln!(f, "  subgraph layer{rank} [\"{}\"]", mermaid_label(heading))?;
            for &node in nodes {
                writeln!(
                    f,
                    "    {}[\"{}\"]",
                    mermaid_id(ds, node),
                    mermaid_label(&wrap(&self.diagram.people(&ds.node(node).name), WRAP))
                )?;
            }
            writeln!(f, "  end")?;
        }
        for e in &self.edges {
            self.edge(f, e)?;
        }
        // Why each derived link is the tool's reading, as notes people see (a comment is not drawn).
        if !self.reasons.is_empty() {
            writeln!(
                f,
                "  subgraph derived [\"Derived: the tool's reading of the notice\"]"
            )?;
            for (i, reason) in self.reasons.iter().enumerate() {
                let text = format!("*{} {}", i + 1, self.diagram.people(reason));
                writeln!(
                    f,
                    "    why_{}[\"{}\"]",
                    i + 1,
                    mermaid_label(&wrap(&text, WRAP))
                )?;
            }
            writeln!(f, "  end")?;
        }
        for b in self.key.used(&self.edges) {
            writeln!(
                f,
                "  %% {}: {}",
                self.key.tag(b),
                mermaid_comment(&self.diagram.people(&ds.node(b).name))
            )?;
        }
        writeln!(f, "  %% dotted links: derived, the tool's reading of the notice; open links: item in category")
    }
}

impl Mermaid<'_> {
    /// One link, labelled with its bases' tags, then why it is derived, if it is.
    fn edge(&self, f: &mut fmt::Formatter<'_>, e: &Merged) -> fmt::Result {
        let mut tags: Vec<String> = e
            .bases
            .iter()
            .map(|&b| self.key.tag(b).to_string())
            .collect();
        tags.extend(derived_marks(&self.reasons, e));
        let label = if tags.is_empty() {
            String::new()
        } else {
            format!(
                "|\"{}\"|",
                mermaid_label(&self.diagram.people(&tags.join(" ")))
            )
        };
        // Membership and footnotes are drawn as open links from the category (or the qualified node),
        // so that the layout keeps its left-to-right layers without an arrow pointing the wrong way.
        let backwards = matches!(e.kind, EdgeKind::InCategory | EdgeKind::AppliesTo);
        let arrow = match (backwards, e.stated) {
            (false, true) => "-->",
            (false, false) => "-.->",
            (true, true) => "---",
            (true, false) => "-.-",
        };
        let (tail, head) = if backwards {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        writeln!(
            f,
            "  {} {arrow}{label} {}",
            mermaid_id(self.ds, tail),
            mermaid_id(self.ds, head)
        )?;
        for reason in &e.reasons {
            writeln!(
                f,
                "  %% derived: {}",
                mermaid_comment(&self.diagram.people(reason))
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_words() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            "averyveryverylongword\nx"
        );
    }
}
