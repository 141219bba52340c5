//! The crate is generic: no name of anything a notice states (a purpose, a category, a recipient, a
//! data item, a source, a control, a safeguard) appears in `src/`. Everything the tool knows about a
//! company comes from its dataset.
//!
//! Legal bases and the table's group headings are the vocabulary of the law and of the data format,
//! not of one company, so they are not checked. Regions are the dataset's: no region name of the
//! notice, nor of the regions its manifest declares, appears in `src/` either (the codes questions
//! use, such as `eu`, are short words that prose may hold for other reasons, and are not checked).

use std::{fs, path::Path};

use lineage::{dataset::model::NodeKind, names::normalize};

use crate::common::{dataset_at, root};

/// The prose of a Rust file: its comments and string literals, each normalised and padded with spaces.
/// Names have spaces, punctuation or capitals that identifiers cannot have, so this is where they
/// would appear; code tokens that merely sit side by side (`{ data }` then `"processors"`) do not count.
fn prose(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['"', '/']) {
        let after = &rest[start..];
        if let Some(comment) = after.strip_prefix("//") {
            let end = comment.find('\n').unwrap_or(comment.len());
            pieces.push(&comment[..end]);
            rest = &comment[end..];
        } else if let Some(string) = after.strip_prefix('"') {
            let bytes = string.as_bytes();
            let mut end = 0;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            let end = end.min(string.len());
            pieces.push(&string[..end]);
            rest = &string[(end + 1).min(string.len())..];
        } else {
            rest = &after[1..];
        }
    }
    pieces
        .into_iter()
        .map(|p| format!(" {} ", normalize(p)))
        .collect()
}

fn sources(dir: &Path, out: &mut Vec<(String, Vec<String>)>) {
    for entry in fs::read_dir(dir).expect("src readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).expect("utf-8 source");
            out.push((path.display().to_string(), prose(&text)));
        }
    }
}

#[test]
fn prose_is_comments_and_strings() {
    let pieces = prose("let x = \"A b\"; // One two\nfn f() { data }\n\"c \\\" d\"");
    assert_eq!(pieces, [" a b ", " one two ", " c d "]);
}

#[test]
fn no_name_from_the_notice_appears_in_src() {
    let dataset = dataset_at("data/x-2023");
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    assert!(files.len() > 5);
    let mut found = Vec::new();
    for node in dataset.graph().node_weights() {
        if matches!(node.kind, NodeKind::Basis | NodeKind::Group) {
            continue;
        }
        let names = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        for name in names {
            // A region's short name that is also its code (`EU`, id `eu`) is the questions' word.
            let code = |c: &str| normalize(c) == normalize(name);
            if node.kind == NodeKind::Region
                && (code(&node.id) || node.codes.iter().any(|c| code(c)))
            {
                continue;
            }
            let needle = format!(" {} ", normalize(name));
            for (path, pieces) in &files {
                if pieces.iter().any(|p| p.contains(&needle)) {
                    found.push(format!("{path}: `{name}` ({} `{}`)", node.kind, node.id));
                }
            }
        }
    }
    for other in dataset.other_regions() {
        let needle = format!(" {} ", normalize(&other.name));
        for (path, pieces) in &files {
            if pieces.iter().any(|p| p.contains(&needle)) {
                found.push(format!("{path}: `{}` (other region)", other.name));
            }
        }
    }
    assert!(
        found.is_empty(),
        "names from the notice in src/:\n{}",
        found.join("\n")
    );
}
