//! The crate is generic: no name of anything a notice states (a purpose, a category, a recipient, a
//! data item, a source, a control, a safeguard) appears in `src/`. Everything the tool knows about a
//! company comes from its dataset.
//!
//! Every dataset under `data/` is checked: the names, aliases and ids of its nodes, and the regions its
//! manifest declares. Legal bases and the table's group headings are the vocabulary of the law and of
//! the data format, not of one company, so they are not checked, nor are the codes questions name
//! regions by (`eu`, and a region's short name equal to one); nor are the few one-word names that are
//! ordinary English (`ORDINARY_WORDS`). Row ids are not checked: the help and the
//! documentation comments cite X's rows (`describe t1-r05`) as examples.

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

/// Every dataset of the repository: each folder of `data/` with a manifest.
fn datasets() -> Vec<String> {
    let mut dirs: Vec<String> = fs::read_dir(root().join("data"))
        .expect("data/ readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("manifest.json").is_file())
        .map(|p| format!("data/{}", p.file_name().expect("a name").to_string_lossy()))
        .collect();
    dirs.sort();
    dirs
}

/// Ordinary English that a notice uses as a name, and that `src/` uses in its own sense: `name` (a
/// node's name), `location` (a place in a file), `contact details` (an invented example of the
/// renderer's unit tests), `you`, `others` and `password` (plain words of messages and help),
/// `contacts` (a kind `list` lists, and a dataset's alias for an address book). Anything else a notice names, and every other id, is checked.
pub const ORDINARY_WORDS: &[&str] = &[
    "name",
    "location",
    "contact details",
    "you",
    "others",
    "password",
    "contacts",
];

/// The names and ids of a dataset that must not appear in `src/`, with what each is.
fn needles(dir: &str) -> Vec<(String, String)> {
    let dataset = dataset_at(dir);
    let mut needles = Vec::new();
    for node in dataset.graph().node_weights() {
        if matches!(node.kind, NodeKind::Basis | NodeKind::Group) {
            continue;
        }
        let what = format!("{dir}: {} `{}`", node.kind, node.id);
        let names = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        let id = node.id.as_str().to_string();
        // A region's id and codes (`eu`) are the questions' words, and so is a short name equal
        // to one of them (`EU`); its other names are the notice's.
        let codes: Vec<String> = std::iter::once(&id)
            .chain(&node.codes)
            .map(|c| normalize(c))
            .collect();
        let ids = (node.kind != NodeKind::Region).then_some(&id);
        for name in names.chain(ids) {
            let name = normalize(name);
            let a_code = node.kind == NodeKind::Region && codes.contains(&name);
            if !ORDINARY_WORDS.contains(&name.as_str()) && !a_code {
                needles.push((name, what.clone()));
            }
        }
    }
    for other in dataset.other_regions() {
        let what = format!("{dir}: other region `{}`", other.code);
        needles.push((normalize(&other.name), what));
    }
    needles
}

#[test]
fn every_dataset_of_the_repository_is_checked() {
    let dirs = datasets();
    assert!(dirs.contains(&"data/x-2023".to_string()), "{dirs:?}");
    assert!(dirs.len() >= 2, "{dirs:?}");
}

#[test]
fn no_name_or_id_from_a_notice_appears_in_src() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    assert!(files.len() > 5);
    let mut found = Vec::new();
    for dir in datasets() {
        for (name, what) in needles(&dir) {
            let needle = format!(" {name} ");
            for (path, pieces) in &files {
                if pieces.iter().any(|p| p.contains(&needle)) {
                    found.push(format!("{path}: `{name}` ({what})"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "names or ids from a notice in src/:\n{}",
        found.join("\n")
    );
}
