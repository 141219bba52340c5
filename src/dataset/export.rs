//! Writes a loaded dataset back out, in canonical form: one manifest, one data file, the snapshot.
//!
//! Loading an export and exporting it again gives byte-identical files and an equal graph: the
//! canonical form is a fixed point. (The first export of a hand-written dataset may differ from it in
//! layout: one data file instead of several, empty lists left out.)

use std::path::{Component, Path};

use petgraph::graph::NodeIndex;

use crate::{
    dataset::facts::{Edge, Node, Provenance, Text},
    dataset::files::describe_io,
    dataset::model::{
        ActsAsDef, AliasDef, BasisRef, DataFile, EdgeDef, LegalBasisDef, Manifest, NodeDef,
        ProvenanceDef, RowDef, SectionDef, SourcePartyDef,
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
            kind: section.kind.clone(),
            rows: ds
                .rows_of(section)
                .iter()
                .map(|row| RowDef {
                    id: row.id.to_string(),
                    title: row.title.to_string(),
                    anchor: row.anchor.to_string(),
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
    let snapshot = snapshot_name(&ds.manifest().snapshot);
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
        row: ds.cited_row(provenance).id.to_string(),
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
        source_party: node.source_party.as_ref().map(|c| SourcePartyDef {
            party: c.value.to_string(),
            provenance: provenance_def(ds, &c.provenance),
            derived: text(&c.derived),
        }),
        acts_as: node.acts_as.as_ref().map(|c| ActsAsDef {
            role: c.value.to_string(),
            provenance: provenance_def(ds, &c.provenance),
            derived: text(&c.derived),
        }),
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
        qualifier: text(&edge.qualifier().cloned()),
        regions: list(&edge.regions),
        conditions: list(edge.conditions()),
        period: text(&edge.period().cloned()),
        only_for: list(edge.only_for()),
        only_sharing_with: list(edge.only_sharing_with()),
        data: list(edge.data()),
        reason: text(&edge.reason().cloned()),
    }
}

/// Pretty JSON with a final newline.
fn pretty(value: &impl serde::Serialize) -> Vec<u8> {
    // Serialising these plain structs of strings cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The snapshot's name in an export: its path without `.` parts, and `source.txt` where that would
/// be the manifest or the data file (`./dataset.json`, `Dataset.json` on a folder that ignores case).
fn snapshot_name(name: &str) -> String {
    let parts: Vec<String> = Path::new(name)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let clean = parts.join("/");
    let lower = clean.to_lowercase();
    if clean.is_empty() || lower == DATA_FILE || lower == "manifest.json" {
        "source.txt".to_string()
    } else {
        clean
    }
}

/// Writes the export into a new folder `dir`: first into a temporary folder beside it (created
/// exclusively, with an unpredictable name, mode 0700 while written), which is loaded back and must
/// export to the same bytes; only then is it renamed to `dir`. So `dir` is either the whole,
/// re-checked export or absent.
pub fn write_export(ds: &Dataset, dir: &Path) -> Result<(), ExportError> {
    write_folder(dir, &export(ds), true)
}

/// Writes `files` into a new folder `dir`: first into a temporary folder beside it (created
/// exclusively, with an unpredictable name, mode 0700 while written), which, for a dataset
/// (`reload`), is loaded back and must export to the same bytes; only then is it renamed to `dir`.
/// So `dir` is either whole and checked, or absent.
pub fn write_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    reload: bool,
) -> Result<(), ExportError> {
    if dir.exists() || dir.is_symlink() {
        return Err(ExportError::Exists {
            dir: dir.to_path_buf(),
        });
    }
    let failed = |e: std::io::Error| ExportError::Write {
        dir: dir.to_path_buf(),
        why: describe_io(&e),
    };
    let parent = crate::present::atomic::folder_of(dir);
    if !parent.is_dir() {
        return Err(ExportError::Write {
            dir: dir.to_path_buf(),
            why: format!("`{}` is not a folder that exists", parent.display()),
        });
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lineage-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o777));
    }
    let temp = builder.tempdir_in(parent).map_err(failed)?;
    let _registered = crate::signals::Temporary::register(temp.path());
    // The mode a new folder gets (0777 less the umask); 0700 until the export is whole.
    let mode = std::fs::metadata(temp.path())
        .map_err(failed)?
        .permissions();
    restrict(temp.path()).map_err(failed)?;
    for (file, bytes) in files {
        let path = temp.path().join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::write(&path, bytes).map_err(failed)?;
    }
    if reload {
        verify(temp.path(), files).map_err(|why| ExportError::NotFaithful {
            dir: dir.to_path_buf(),
            why,
        })?;
    }
    std::fs::set_permissions(temp.path(), mode).map_err(failed)?;
    crate::present::atomic::pause_before_rename();
    std::fs::rename(temp.path(), dir).map_err(failed)?;
    // Renamed: nothing is left to remove.
    let _ = temp.keep();
    Ok(())
}

fn restrict(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Loads the export written in `dir` and exports it again: the bytes must be those written.
fn verify(dir: &Path, written: &[(String, Vec<u8>)]) -> Result<(), String> {
    let loaded =
        crate::dataset::load::load(&crate::dataset::files::Files::dir(dir)).map_err(|e| {
            let diagnostics: crate::diagnostic::Diagnostics = e.into();
            format!("the export does not load: {}", diagnostics.0.len())
                + " problem(s), the first: "
                + &diagnostics
                    .0
                    .first()
                    .map_or_else(String::new, |d| d.message.clone())
        })?;
    for (file, bytes) in export(&loaded) {
        match written.iter().find(|(name, _)| *name == file) {
            Some((_, same)) if *same == bytes => {}
            _ => return Err(format!("`{file}` does not read back as it was written")),
        }
    }
    Ok(())
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
    /// The export, loaded back, is not what was written (a fault of the tool, never of the data):
    /// nothing is left in `dir`.
    NotFaithful {
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
            ExportError::NotFaithful { dir, why } => write!(
                f,
                "`{}` was not written: {why}; please report this",
                dir.display()
            ),
        }
    }
}
