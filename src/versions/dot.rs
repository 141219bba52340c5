//! `lineage diff --format dot`: the changes drawn on the map, in the map's layers and styles: added
//! facts green, removed ones red and dashed, changed ones orange; the nodes they join, grey when
//! they themselves did not change.

use std::{collections::BTreeMap, fmt::Write};

use crate::{
    dataset::Dataset,
    present::{diagram::layer, escape::dot_string, repair::repair},
};

use super::diff::{Change, Diff, Key};

fn colour(change: Option<Change>) -> &'static str {
    match change {
        Some(Change::Added) => "#1a7f37",
        Some(Change::Removed) => "#cf222e",
        Some(Change::Changed) => "#bc4c00",
        None => "#8c959f",
    }
}

/// A node as drawn: its label, its layer, and how it changed (if it did).
struct Drawn {
    label: String,
    rank: usize,
    change: Option<Change>,
}

/// The DOT document: every changed fact; a node in the version that states it (the new one first).
pub fn to_dot(old: &Dataset, new: &Dataset, diff: &Diff, raw_text: bool) -> String {
    let text = |t: &str| {
        if raw_text {
            t.to_string()
        } else {
            repair(t).into_owned()
        }
    };
    let mut nodes: BTreeMap<String, Drawn> = BTreeMap::new();
    let mut edges = Vec::new();
    for c in &diff.changes {
        let (ds, stated) = match &c.new {
            Some(s) => (new, s),
            // invariant: a change has at least one side (diff builds none with neither).
            None => (old, c.old.as_ref().expect("one side")),
        };
        for &end in &stated.ends {
            let node = ds.node(end);
            let drawn = nodes.entry(node.id.as_str().to_string()).or_insert(Drawn {
                label: text(&node.name),
                rank: layer(node.kind).0,
                change: None,
            });
            if matches!(c.key, Key::Node(_)) {
                drawn.change = Some(c.change);
            }
        }
        if let Key::Edge { from, kind, to } = &c.key {
            edges.push((from.clone(), *kind, to.clone(), c.change));
        }
    }
    let mut out = String::new();
    let title = format!("Fact changes from {} to {}", diff.old, diff.new);
    // Writing to a String cannot fail.
    let _ = writeln!(out, "digraph diff {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\"{}\"];",
        dot_string(&title)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, fontname=\"Helvetica\", fontsize=10];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    draw_nodes(&mut out, &nodes);
    for (from, kind, to, change) in edges {
        let style = if change == Change::Removed {
            "dashed"
        } else {
            "solid"
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{} ({})\", color=\"{c}\", fontcolor=\"{c}\", style={style}];",
            dot_string(&from),
            dot_string(&to),
            dot_string(kind),
            change.as_str(),
            c = colour(Some(change)),
        );
    }
    let _ = writeln!(
        out,
        "  legend [shape=note, label=\"green: added\\nred, dashed: removed\\norange: changed\\ngrey: unchanged\"];"
    );
    out.push_str("}\n");
    out
}

fn draw_nodes(out: &mut String, nodes: &BTreeMap<String, Drawn>) {
    let mut ranks: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (id, drawn) in nodes {
        let style = if drawn.change == Some(Change::Removed) {
            "dashed"
        } else {
            "solid"
        };
        let label = match drawn.change {
            Some(change) => format!("{}\n({})", drawn.label, change.as_str()),
            None => drawn.label.clone(),
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", color=\"{c}\", fontcolor=\"{c}\", style={style}];",
            dot_string(id),
            dot_string(&label),
            c = colour(drawn.change),
        );
        ranks.entry(drawn.rank).or_default().push(id);
    }
    for ids in ranks.values() {
        let list: Vec<String> = ids
            .iter()
            .map(|id| format!("\"{}\"", dot_string(id)))
            .collect();
        let _ = writeln!(out, "  {{ rank=same; {} }}", list.join("; "));
    }
}
