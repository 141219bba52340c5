//! Completeness of `data/x-2023/` against the page it encodes.
//!
//! The page's cells are cut out of the snapshot here, independently of the dataset's row anchors, and
//! each is compared with the same cell rebuilt from the graph: a dropped, moved, reordered or invented
//! item makes the two differ. The mutation tests at the end prove it: removing any one fact that a cell
//! is rebuilt from, or any one data item, must make a check fail.
//!
//! This file knows the X page's layout (its markers, such as "Processing purpose "); the crate does not.

use std::collections::HashSet;

use lineage::{
    dataset::model::{EdgeKind, NodeKind},
    dataset::{Dataset, Edge},
    load,
    names::normalize,
    Files,
};
use petgraph::graph::{EdgeIndex, NodeIndex};
use sha2::{Digest, Sha256};

use crate::common::{dataset_at, root, row_edges, row_of, x2023};

/// SHA-256 of `data/x-2023/source.txt`: the shared seed, byte for byte.
const SNAPSHOT_SHA256: &str = "e3c124c735e680ec417d3f8d4a2c8bab5f9fb54edef07fedacfc87c12cf77d6c";
const SEED: &str = "../shared/seed/x-additional-data-processing-2023.txt";

const T1_ROW: &str = "Processing purpose ";
const T1_BASIS: &str =
    "Primary legal basis/bases for processing personal data from the EU, EFTA States, and UK";
const CATEGORY_ROW: &str = "Data Category ";
const SHARE_WITH: &str = "We may share with...";

/// The data folder, loaded from disk: what these tests check.
fn dataset() -> Dataset {
    dataset_at("data/x-2023")
}

/// Runs of white space as one space, trimmed.
/// The id of the row a fact cites.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A cell of the page: where its row starts in the snapshot, and its text.
#[derive(Debug)]
struct Cut<'a> {
    offset: usize,
    text: &'a str,
}

/// Splits `text[from..to]` at every `marker`; each piece starts just after its marker.
fn pieces<'a>(text: &'a str, from: &str, to: &str, marker: &str) -> Vec<Cut<'a>> {
    let start = text.find(from).expect("section start marker");
    let end = start + text[start..].find(to).expect("section end marker");
    let body = &text[start..end];
    let mut starts: Vec<usize> = body.match_indices(marker).map(|(i, _)| i).collect();
    starts.push(body.len());
    starts
        .windows(2)
        .map(|w| Cut {
            offset: start + w[0],
            text: &body[w[0] + marker.len()..w[1]],
        })
        .collect()
}

/// Table 1's rows as the page has them: (row offset, purpose cell, data cell, basis cell).
fn table1_cells(text: &str) -> Vec<(usize, String, String, String)> {
    pieces(
        text,
        "Processing purpose Operating",
        "* We do not collect X for Web",
        T1_ROW,
    )
    .into_iter()
    .map(|cut| {
        let (before, basis) = cut.text.split_once(T1_BASIS).expect("basis column");
        // The data column starts at "Data ", after a space or, once, straight after a full stop.
        let at = [" Data ", ".Data "]
            .iter()
            .filter_map(|m| before.find(m))
            .min()
            .expect("data column");
        let (purpose, data) = (&before[..at + 1], &before[at + " Data ".len()..]);
        (cut.offset, squash(purpose), squash(data), squash(basis))
    })
    .collect()
}

struct Check<'a> {
    ds: &'a Dataset,
    /// Edges treated as deleted (the mutation tests).
    skip: &'a HashSet<EdgeIndex>,
    failures: Vec<String>,
}

impl<'a> Check<'a> {
    fn edges(&self, kind: EdgeKind, row: &str) -> Vec<(NodeIndex, NodeIndex, &'a Edge)> {
        row_edges(self.ds, kind, row, self.skip)
    }

    fn name(&self, node: NodeIndex) -> &'a str {
        &self.ds.node(node).name
    }

    fn same(&mut self, what: String, page: &str, rebuilt: &str) {
        if squash(page) != squash(rebuilt) {
            self.failures.push(format!(
                "{what}\n    page:    {page}\n    rebuilt: {rebuilt}"
            ));
        }
    }

    /// A quote must name its node: it starts with the node's name or one of its aliases, so an
    /// edge that points at the wrong node (a moved item) fails even when the cell's text still matches.
    fn names_its_node(&mut self, row: &str, quote: &str, node: NodeIndex) {
        let n = self.ds.node(node);
        let quote = normalize(quote);
        let names = std::iter::once(&n.name).chain(n.aliases.iter().map(|a| &a.name));
        if !names
            .map(|name| normalize(name))
            .any(|name| quote.starts_with(&name))
        {
            self.failures
                .push(format!("{row}: quote `{quote}` does not name `{}`", n.id));
        }
    }

    /// An item as a cell writes it: its quote, then the marks of the footnotes that qualify it.
    fn as_written(&self, edge: &Edge) -> String {
        let mut text = self.ds.quote(&edge.provenance).to_string();
        for &c in edge.conditions() {
            if let Some(mark) = &self.ds.node(c).mark {
                text.push(' ');
                text.push_str(mark);
            }
        }
        text
    }

    /// The name a row uses for a node: an alias of the notice's own that the row states, else the name.
    fn name_in_row(&self, node: NodeIndex, row: &str) -> &'a str {
        let n = self.ds.node(node);
        n.aliases
            .iter()
            .find(|a| row_of(self.ds, &a.provenance) == row && a.derived.is_none())
            .map_or(n.name.as_str(), |a| a.name.as_str())
    }

    fn table1(&mut self) {
        let ds = self.ds;
        let rows = ds
            .sections()
            .iter()
            .find(|s| s.id == "table-1")
            .expect("table-1")
            .rows
            .clone();
        let cells = table1_cells(ds.snapshot());
        if cells.len() != rows.len() {
            self.failures.push(format!(
                "table 1 has {} rows on the page, {} in the data",
                cells.len(),
                rows.len()
            ));
            return;
        }
        let stated_regions: HashSet<NodeIndex> = ds
            .nodes_of_kind(NodeKind::Region)
            .iter()
            .copied()
            .filter(|&r| row_of(self.ds, &ds.node(r).provenance) == "intro-2")
            .collect();
        for (row, (offset, purpose_cell, data_cell, basis_cell)) in
            ds.rows()[rows].iter().zip(cells)
        {
            let id = row.id.as_str();
            if row.span().start != offset {
                self.failures
                    .push(format!("{id} does not start where the page's row starts"));
            }
            let used = self.edges(EdgeKind::UsedFor, id);
            let mut purposes: Vec<NodeIndex> = Vec::new();
            for &(_, to, _) in &used {
                if !purposes.contains(&to) {
                    purposes.push(to);
                }
            }
            if purposes.is_empty() {
                self.failures
                    .push(format!("{id}: no data is used for any purpose"));
                continue;
            }

            // The purpose column names the row's purposes, in order.
            let names: Vec<&str> = purposes.iter().map(|&p| self.name_in_row(p, id)).collect();
            let listed = purpose_cell
                .replace(
                    "Additionally, the processing activities described above:",
                    "",
                )
                .replace("The processing activities described above:", "");
            if !squash(&listed).starts_with(&squash(&names.join(" "))) {
                self.failures.push(format!(
                    "{id}: purpose column `{purpose_cell}` does not list `{}`",
                    names.join(" | ")
                ));
            }
            if purpose_cell.contains("described above:") {
                self.same(format!("{id} purposes"), &listed, &names.join(" "));
            }

            let bases = self.edges(EdgeKind::HasBasis, id);
            for &purpose in &purposes {
                let what = format!("{id} -> {}", self.name(purpose));
                let items: Vec<&Edge> = used
                    .iter()
                    .filter(|(_, to, _)| *to == purpose)
                    .map(|(_, _, e)| *e)
                    .collect();
                for &(from, to, edge) in used.iter().filter(|(_, to, _)| *to == purpose) {
                    let _ = to;
                    self.names_its_node(id, self.ds.quote(&edge.provenance), from);
                    let regions: HashSet<NodeIndex> = edge.regions.iter().copied().collect();
                    if regions != stated_regions {
                        self.failures.push(format!(
                            "{what}: `{}` is not stated for the intro's regions",
                            self.ds.quote(&edge.provenance)
                        ));
                    }
                }

                // The data column.
                if let Some(rest) = data_cell.strip_prefix("What We Collect: ") {
                    let collected = rest
                        .split(" How long do we store:")
                        .next()
                        .unwrap_or_default();
                    let quotes: Vec<&str> =
                        items.iter().map(|e| self.ds.quote(&e.provenance)).collect();
                    let rebuilt = match quotes.split_last() {
                        Some((last, init)) if !init.is_empty() => {
                            format!("{}, and {last}", init.join(", "))
                        }
                        Some((last, _)) => last.to_string(),
                        None => String::new(),
                    };
                    self.same(format!("{what}: what is collected"), collected, &rebuilt);
                } else {
                    let mut parts = Vec::new();
                    let mut group = None;
                    for edge in &items {
                        if edge.group != group {
                            if let Some(g) = edge.group {
                                let mut heading = self.name(g).to_string();
                                for &c in edge.conditions() {
                                    if self.ds.node(c).mark.is_none() {
                                        heading = format!("{heading}, {}", self.name(c));
                                    }
                                }
                                parts.push(format!("{heading}, including:"));
                            }
                            group = edge.group;
                        }
                        parts.push(self.as_written(edge));
                    }
                    self.same(format!("{what}: data"), &data_cell, &parts.join(" "));
                }

                // The basis column, and the bases each item carries.
                let stated: Vec<_> = bases
                    .iter()
                    .filter(|(from, _, _)| *from == purpose)
                    .collect();
                let mut written = Vec::new();
                for &&(_, basis, edge) in &stated {
                    self.names_its_node(id, self.ds.quote(&edge.provenance), basis);
                    let mut text = self.as_written(edge);
                    let node = self.ds.node(basis);
                    if let (Some(description), true) =
                        (&node.description, row_of(self.ds, &node.provenance) == id)
                    {
                        text = format!("{text} {description}");
                    }
                    written.push(text);
                }
                self.same(format!("{what}: basis"), &basis_cell, &written.join(" "));
                let row_bases: HashSet<NodeIndex> = stated.iter().map(|(_, b, _)| *b).collect();
                let unqualified: HashSet<NodeIndex> = stated
                    .iter()
                    .filter(|(_, _, e)| e.qualifier().is_none())
                    .map(|(_, b, _)| *b)
                    .collect();
                for edge in &items {
                    let carried: HashSet<NodeIndex> = edge.bases.iter().map(|b| b.basis).collect();
                    if !carried.is_subset(&row_bases) || !unqualified.is_subset(&carried) {
                        self.failures.push(format!(
                            "{what}: `{}` does not carry the row's bases",
                            self.ds.quote(&edge.provenance)
                        ));
                    }
                }
            }
        }
    }

    fn table2(&mut self) {
        let ds = self.ds;
        let cells: Vec<Cut> = pieces(
            ds.snapshot(),
            "Sources of personal data we process",
            "Categories of third parties with whom",
            CATEGORY_ROW,
        )
        .into_iter()
        .filter(|cut| cut.text.contains(" Source(s) ") && !cut.text.starts_with("Data Source(s)"))
        .collect();
        let rows: Vec<_> = ds
            .rows()
            .iter()
            .filter(|r| r.id.starts_with("t2-r"))
            .collect();
        if cells.len() != rows.len() || cells.len() != ds.nodes_of_kind(NodeKind::Category).len() {
            self.failures.push(format!(
                "table 2 has {} rows on the page, {} in the data",
                cells.len(),
                rows.len()
            ));
            return;
        }
        for (row, cut) in rows.into_iter().zip(cells) {
            let id = row.id.as_str();
            if row.span().start != cut.offset {
                self.failures
                    .push(format!("{id} does not start where the page's row starts"));
            }
            let items = self.edges(EdgeKind::InCategory, id);
            let categories: HashSet<NodeIndex> = items.iter().map(|(_, to, _)| *to).collect();
            let [category] = categories.into_iter().collect::<Vec<_>>()[..] else {
                self.failures.push(format!(
                    "{id}: the data cell must place items in exactly one category"
                ));
                continue;
            };
            let node = ds.node(category);
            let mut header = node.name.clone();
            if let Some(description) = &node.description {
                header = format!("{header} ({description})");
            }
            let Some(rest) = cut.text.strip_prefix(&format!("{header} Data ")) else {
                self.failures.push(format!(
                    "{id}: the row does not begin `{header} Data`: {}",
                    cut.text
                ));
                continue;
            };
            let (data_cell, source_cell) = rest.split_once(" Source(s) ").expect("sources column");
            for &(from, _, edge) in &items {
                self.names_its_node(id, self.ds.quote(&edge.provenance), from);
            }
            let rebuilt: Vec<&str> = items
                .iter()
                .map(|(_, _, e)| self.ds.quote(&e.provenance))
                .collect();
            self.same(format!("{id} data"), data_cell, &rebuilt.join(" "));

            let sources = self.edges(EdgeKind::CollectedFrom, id);
            for &(from, to, edge) in &sources {
                self.names_its_node(id, self.ds.quote(&edge.provenance), from);
                if to != category {
                    self.failures
                        .push(format!("{id}: a source is stated for another category"));
                }
            }
            let rebuilt: Vec<&str> = sources
                .iter()
                .map(|(_, _, e)| self.ds.quote(&e.provenance))
                .collect();
            self.same(format!("{id} sources"), source_cell, &rebuilt.join(" "));
        }
    }

    fn table3(&mut self) {
        let ds = self.ds;
        let cells: Vec<Cut> = pieces(
            ds.snapshot(),
            "Categories of third parties with whom",
            "Share this article",
            CATEGORY_ROW,
        )
        .into_iter()
        .filter(|cut| !cut.text.starts_with(SHARE_WITH))
        .collect();
        let rows: Vec<_> = ds
            .rows()
            .iter()
            .filter(|r| r.id.starts_with("t3-r"))
            .collect();
        if cells.len() != rows.len() {
            self.failures.push(format!(
                "table 3 has {} rows on the page, {} in the data",
                cells.len(),
                rows.len()
            ));
            return;
        }
        for (row, cut) in rows.into_iter().zip(cells) {
            let id = row.id.as_str();
            if row.span().start != cut.offset {
                self.failures
                    .push(format!("{id} does not start where the page's row starts"));
            }
            let (category_cell, recipient_cell) = cut
                .text
                .split_once(&format!(" {SHARE_WITH}"))
                .expect("recipients column");
            let shared = self.edges(EdgeKind::MayBeSharedWith, id);
            let mut categories: Vec<NodeIndex> = Vec::new();
            for &(from, _, _) in &shared {
                if !categories.contains(&from) {
                    categories.push(from);
                }
            }
            let names: Vec<&str> = categories.iter().map(|&c| self.name(c)).collect();
            self.same(format!("{id} categories"), category_cell, &names.join(" "));
            let recipients_of = |category: NodeIndex| -> Vec<(NodeIndex, String)> {
                shared
                    .iter()
                    .filter(|(from, _, _)| *from == category)
                    .map(|(_, to, e)| (*to, self.ds.quote(&e.provenance).to_string()))
                    .collect()
            };
            let Some(&first) = categories.first() else {
                self.failures
                    .push(format!("{id}: no category is shared with anyone"));
                continue;
            };
            let listed = recipients_of(first);
            for &category in &categories[1..] {
                if recipients_of(category) != listed {
                    self.failures.push(format!(
                        "{id}: `{}` is not shared with the same recipients as `{}`",
                        self.name(category),
                        self.name(first)
                    ));
                }
            }
            for (recipient, quote) in &listed {
                self.names_its_node(id, quote, *recipient);
            }
            let quotes: Vec<&str> = listed.iter().map(|(_, q)| q.as_str()).collect();
            self.same(
                format!("{id} recipients"),
                recipient_cell,
                &quotes.join(" "),
            );
        }
    }
}

/// Every way in which the data fails to rebuild the page, with the edges in `skip` treated as deleted.
fn completeness_failures(ds: &Dataset, skip: &HashSet<EdgeIndex>) -> Vec<String> {
    let mut check = Check {
        ds,
        skip,
        failures: Vec::new(),
    };
    check.table1();
    check.table2();
    check.table3();
    check.failures
}

#[test]
fn the_snapshot_is_the_shared_seed_byte_for_byte() {
    let snapshot = std::fs::read(root().join("data/x-2023/source.txt")).expect("snapshot");
    let digest: String = Sha256::digest(&snapshot)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest, SNAPSHOT_SHA256);
    let seed = root().join(SEED);
    if seed.exists() {
        assert_eq!(std::fs::read(seed).expect("seed"), snapshot);
    } else {
        eprintln!(
            "note: {SEED} is not beside the repository; compared with the pinned digest only"
        );
    }
}

#[test]
fn every_table_cell_rebuilds_from_the_data() {
    let ds = dataset();
    let failures = completeness_failures(&ds, &HashSet::new());
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_quote_is_found_in_the_snapshot() {
    let ds = dataset();
    let mut quotes: Vec<&str> = Vec::new();
    for node in ds.graph().node_weights() {
        quotes.push(ds.quote(&node.provenance));
        quotes.extend(node.description.as_deref());
        quotes.extend(node.aliases.iter().map(|a| ds.quote(&a.provenance)));
    }
    quotes.extend(ds.edges().map(|(_, _, _, e)| ds.quote(&e.provenance)));
    quotes.extend(ds.rows().iter().map(|r| &*r.anchor));
    let missing: Vec<&&str> = quotes
        .iter()
        .filter(|q| q.is_empty() || !ds.snapshot().contains(**q))
        .collect();
    assert!(missing.is_empty(), "not in the snapshot: {missing:?}");
    assert!(quotes.len() > 600, "only {} quotes", quotes.len());
}

#[test]
fn the_embedded_dataset_is_the_data_folder() {
    assert_eq!(x2023().content_hash(), dataset().content_hash());
}

/// The kinds of edge that the cells are rebuilt from: deleting any one of them must be noticed.
const CELL_EDGES: &[EdgeKind] = &[
    EdgeKind::UsedFor,
    EdgeKind::HasBasis,
    EdgeKind::InCategory,
    EdgeKind::CollectedFrom,
    EdgeKind::MayBeSharedWith,
];

/// Whether the edge states (not derives) a fact of a table cell.
fn in_a_table(ds: &Dataset, edge: &Edge) -> bool {
    edge.derived.is_none()
        && ["t1-", "t2-r", "t3-r"]
            .iter()
            .any(|p| row_of(ds, &edge.provenance).starts_with(p))
}

#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn deleting_any_one_fact_of_a_cell_fails_the_check() {
    let ds = dataset();
    let mut tried = 0;
    for (e, _, _, edge) in ds.edges() {
        if !CELL_EDGES.contains(&edge.kind) || !in_a_table(&ds, edge) {
            continue;
        }
        tried += 1;
        let skip = HashSet::from([e]);
        assert!(
            !completeness_failures(&ds, &skip).is_empty(),
            "deleting the {} edge `{}` in {} went unnoticed",
            edge.kind,
            ds.quote(&edge.provenance),
            row_of(&ds, &edge.provenance)
        );
    }
    assert!(tried > 300, "only {tried} edges tried");
}

#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn deleting_any_data_item_from_any_row_fails_the_check() {
    let ds = dataset();
    for &item in ds.nodes_of_kind(NodeKind::Data) {
        let rows: HashSet<&str> = ds
            .edges()
            .filter(|(_, from, _, e)| {
                *from == item && in_a_table(&ds, e) && CELL_EDGES.contains(&e.kind)
            })
            .map(|(_, _, _, e)| row_of(&ds, &e.provenance))
            .collect();
        for row in rows {
            let skip: HashSet<EdgeIndex> = ds
                .edges()
                .filter(|(_, from, _, e)| *from == item && row_of(&ds, &e.provenance) == row)
                .map(|(e, _, _, _)| e)
                .collect();
            assert!(
                !completeness_failures(&ds, &skip).is_empty(),
                "deleting `{}` from {row} went unnoticed",
                ds.node(item).id
            );
        }
    }
}

#[test]
fn an_item_that_points_at_the_wrong_node_fails_the_check() {
    // A "moved" item: every cell's text still rebuilds, but the edges name the wrong data items. The
    // two nodes' ids are swapped in the files, so every edge that named one now names the other.
    let folder = root().join("data/x-2023");
    let names = std::fs::read_dir(&folder).expect("the data folder");
    let files = names.map(|entry| {
        let name = entry
            .expect("an entry")
            .file_name()
            .into_string()
            .expect("utf-8");
        let mut bytes = std::fs::read(folder.join(&name)).expect("a data file");
        if name.ends_with(".json") {
            let text = String::from_utf8(bytes).expect("utf-8");
            bytes = text
                .replace(
                    r#""id": "location-information""#,
                    r#""id": "swap-placeholder""#,
                )
                .replace(r#""id": "log-data""#, r#""id": "location-information""#)
                .replace(r#""id": "swap-placeholder""#, r#""id": "log-data""#)
                .into_bytes();
        }
        (name, bytes)
    });
    let ds = load(&Files::memory(files.collect::<Vec<_>>())).unwrap_or_else(|e| panic!("{e}"));
    let a = ds
        .node_by_id("location-information")
        .expect("the swapped node");
    assert_eq!(ds.node(a).name, "Log data", "the ids were swapped");
    let failures = completeness_failures(&ds, &HashSet::new());
    assert!(!failures.is_empty());
    assert!(
        failures.iter().all(|f| f.contains("does not name")),
        "{failures:#?}"
    );
}
