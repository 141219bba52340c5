//! The crate is generic: no name of anything a notice states (a purpose, a category, a recipient, a
//! data item, a source, a control, a safeguard) appears in `src/`. Everything the tool knows about a
//! company comes from its dataset.
//!
//! Legal bases, regions and the table's group headings are the vocabulary of the law and of the data
//! format, not of one company, so they are not checked.

use std::{fs, path::Path};

use lineage::{load, model::NodeKind, names::normalize, Files};

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).expect("src readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).expect("utf-8 source");
            out.push((
                path.display().to_string(),
                format!(" {} ", normalize(&text)),
            ));
        }
    }
}

#[test]
fn no_name_from_the_notice_appears_in_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = load(&Files::dir(root.join("data/x-2023"))).unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    assert!(files.len() > 5);
    let mut found = Vec::new();
    for node in dataset.graph.node_weights() {
        if matches!(
            node.kind,
            NodeKind::Basis | NodeKind::Region | NodeKind::Group
        ) {
            continue;
        }
        let names = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        for name in names {
            let needle = format!(" {} ", normalize(name));
            for (path, text) in &files {
                if text.contains(&needle) {
                    found.push(format!("{path}: `{name}` ({} `{}`)", node.kind, node.id));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "names from the notice in src/:\n{}",
        found.join("\n")
    );
}
