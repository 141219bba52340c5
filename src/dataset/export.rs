//! Writes a loaded dataset back out, in canonical form: one manifest, one data file, the snapshot.
//!
//! Loading an export and exporting it again gives byte-identical files and an equal graph: the
//! canonical form is a fixed point. (The first export of a hand-written dataset may differ from it in
//! layout: one data file instead of several, empty lists left out.)

use std::path::Path;

use petgraph::graph::NodeIndex;

use crate::{
    dataset::facts::{Edge, Node, Provenance, Text},
    dataset::files::describe_io,
    dataset::model::{
        AliasDef, BasisRef, DataFile, EdgeDef, LegalBasisDef, Manifest, NodeDef, ProvenanceDef,
        RowDef, SectionDef,
    },
    dataset::Dataset,
};

/// The data file of an export.
pub const DATA_FILE: &str = "dataset.json";

/// The files of the export, by name, in the order they are written.
pub fn export(ds: &Dataset) -> Vec<(String, Vec<u8>)> {
    let sections = ds
        .sections()
        .iter()
        .map(|section| SectionDef {
            id: section.id.clone(),
            title: section.title.clone(),
            rows: ds
                .rows_of(section)
                .iter()
                .map(|row| RowDef {
                    id: row.id.clone(),
                    title: row.title.clone(),
                    anchor: row.anchor.clone(),
                })
                .collect(),
        })
        .collect();
    let nodes = ds.nodes().map(|(_, node)| node_def(ds, node)).collect();
    let edges = ds
        .edges()
        .map(|(_, from, to, edge)| edge_def(ds, from, to, edge))
        .collect();
    let data = DataFile {
        sections,
        nodes,
        edges,
    };
    let snapshot =
        if ds.manifest().snapshot == DATA_FILE || ds.manifest().snapshot == "manifest.json" {
            "source.txt".to_string()
        } else {
            ds.manifest().snapshot.clone()
        };
    let manifest = Manifest {
        snapshot: snapshot.clone(),
        files: vec![DATA_FILE.to_string()],
        ..ds.manifest().clone()
    };
    let mut files = vec![
        ("manifest.json".to_string(), pretty(&manifest)),
        (DATA_FILE.to_string(), pretty(&data)),
    ];
    // A snapshot named by its source is not copied: it is found where the source says, as before.
    if manifest.snapshot_source.is_none() {
        files.push((snapshot, ds.snapshot().as_bytes().to_vec()));
    }
    files
}

/// A provenance as the files write it: the row's id and the quote's text.
fn provenance_def(ds: &Dataset, provenance: &Provenance) -> ProvenanceDef {
    ProvenanceDef {
        row: ds.cited_row(provenance).id.clone(),
        quote: ds.quote(provenance).to_string(),
    }
}

fn text(text: &Option<Text>) -> Option<String> {
    text.as_deref().map(str::to_string)
}

fn node_def(ds: &Dataset, node: &Node) -> NodeDef {
    let aliases = node.aliases.iter().map(|alias| AliasDef {
        name: alias.name.clone(),
        provenance: provenance_def(ds, &alias.provenance),
        derived: text(&alias.derived),
    });
    NodeDef {
        id: node.id.to_string(),
        kind: node.kind,
        name: node.name.clone(),
        description: node.description.clone(),
        aliases: aliases.collect(),
        note: node.note.clone(),
        provenance: provenance_def(ds, &node.provenance),
        derived: text(&node.derived),
        stands_for: node.stands_for,
        delegated: node.delegated,
        legal_basis: node.legal_basis.as_ref().map(|lb| LegalBasisDef {
            kind: lb.kind.to_string(),
            provenance: provenance_def(ds, &lb.provenance),
            derived: text(&lb.derived),
        }),
        party: node.party,
        role: node.role.clone(),
        mark: node.mark.clone(),
        codes: node.codes.to_vec(),
    }
}

fn edge_def(ds: &Dataset, from: NodeIndex, to: NodeIndex, edge: &Edge) -> EdgeDef {
    let id = |n: NodeIndex| ds.node(n).id.to_string();
    let list =
        |nodes: &[NodeIndex]| (!nodes.is_empty()).then(|| nodes.iter().map(|&n| id(n)).collect());
    let bases = edge.bases.iter().map(|b| BasisRef {
        basis: id(b.basis),
        qualifier: text(&b.qualifier),
    });
    EdgeDef {
        kind: edge.kind,
        from: id(from),
        to: id(to),
        provenance: provenance_def(ds, &edge.provenance),
        derived: text(&edge.derived),
        group: edge.group.map(id),
        bases: (!edge.bases.is_empty()).then(|| bases.collect()),
        qualifier: text(&edge.qualifier),
        regions: list(&edge.regions),
        conditions: list(&edge.conditions),
        period: text(&edge.period),
        only_for: list(&edge.only_for),
        only_sharing_with: list(&edge.only_sharing_with),
        data: list(&edge.data),
        reason: text(&edge.reason),
    }
}

/// Pretty JSON with a final newline.
fn pretty(value: &impl serde::Serialize) -> Vec<u8> {
    // Serialising these plain structs of strings cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Writes the export into a new folder `dir`: first into a temporary folder beside it, then renamed,
/// so that `dir` is either the whole export or absent.
pub fn write_export(ds: &Dataset, dir: &Path) -> Result<(), ExportError> {
    if dir.exists() {
        return Err(ExportError::Exists {
            dir: dir.to_path_buf(),
        });
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.lineage-{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        std::fs::create_dir(&temp)?;
        for (file, bytes) in export(ds) {
            std::fs::write(temp.join(file), bytes)?;
        }
        std::fs::rename(&temp, dir)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_dir_all(&temp);
        ExportError::Write {
            dir: dir.to_path_buf(),
            why: describe_io(&e),
        }
    })
}

/// Why an export was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// `lineage export json -o DIR` where DIR exists.
    Exists { dir: std::path::PathBuf },
    /// The folder could not be written (no space, no permission), in plain words.
    Write {
        dir: std::path::PathBuf,
        why: String,
    },
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Exists { dir } => write!(
                f,
                "`{}` already exists: export into a new folder",
                dir.display()
            ),
            ExportError::Write { dir, why } => {
                write!(f, "cannot write `{}`: {why}", dir.display())
            }
        }
    }
}
