//! The compiled form of a large validated dataset: what the loader made of its files (sections, rows,
//! the graph), written to the user's cache folder after a load that passed every check, and read back
//! instead of parsing and checking the files again.
//!
//! Never trusted blindly. A compiled dataset is used only when
//! - its files' content hash, computed afresh from the files at every load, is the one it was
//!   compiled from (the hash names the compiled file and is written in it);
//! - the build reading it is the build that wrote it (`HELD_FORM`, a digest of the sources: a
//!   loader that reads the files differently never reads another's compiled form);
//! - its bytes are the ones written (a SHA-256 of them, in the header, checked before use);
//! - the dataset's quotes were verified against the notice's own text (the other kind is never
//!   compiled: its stand-in snapshot depends on where the text was looked for).
//!
//! Anything else (no such file, a broken or foreign one, a cache folder that cannot be read or
//! written) is a full load, said nowhere: the answer is the same either way, only slower. Only
//! datasets of at least [`COMPILED_FROM`] bytes are compiled (`LINEAGE_CACHE_FROM=<bytes>` sets
//! another size); `LINEAGE_CACHE=off` turns it off and `LINEAGE_CACHE_DIR` names the folder (else
//! the user's cache folder, `lineage/` in it).

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use petgraph::graph::DiGraph;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    facts::{Edge, Node, Row, Section},
    files::{embedded::HELD_FORM, Files},
};

/// The smallest dataset compiled (files and snapshot together): 32 MiB. Smaller ones load in
/// about a tenth of a second or less, no faster from a compiled form.
pub const COMPILED_FROM: usize = 32 << 20;

/// How many compiled datasets the cache folder keeps: the most recently written.
const KEPT: usize = 4;

/// The first bytes of every compiled dataset.
const MAGIC: &[u8] = b"lineage compiled dataset\n";

/// What is compiled: the parts the loader builds from the files, nothing it reads from them as is.
///
/// Read back at their exact sizes ([`exact`]): a vector of two million rows grown by doubling
/// would hold room for four.
#[derive(Deserialize)]
pub(crate) struct Held {
    pub(crate) sections: Vec<Section>,
    #[serde(deserialize_with = "exact::vec")]
    pub(crate) rows: Vec<Row>,
    #[serde(deserialize_with = "exact::graph")]
    pub(crate) graph: DiGraph<Node, Edge>,
}

/// A compiled dataset's bytes, checked: this build's, of the content asked for, intact.
pub(crate) struct Checked {
    bytes: Vec<u8>,
    /// Where the payload starts.
    start: usize,
}

impl Checked {
    /// The held parts. `None` only if this build cannot read what it wrote itself (a fault of the
    /// build, not of the file, whose digest was checked).
    pub(crate) fn held(self) -> Option<Held> {
        postcard::from_bytes(&self.bytes[self.start..]).ok()
    }
}

/// Borrowed, to write without copying.
#[derive(Serialize)]
struct HeldRef<'a> {
    sections: &'a [Section],
    rows: &'a [Row],
    #[serde(serialize_with = "exact::write_graph")]
    graph: &'a DiGraph<Node, Edge>,
}

/// Where compiled datasets are kept, for a dataset that may be compiled.
pub(crate) struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store for a dataset of `bytes` in `files`, when it may be compiled: a folder on disk,
    /// large enough, with the cache not turned off and a cache folder to keep it in.
    pub(crate) fn for_files(files: &Files, bytes: usize) -> Option<Store> {
        let from = std::env::var("LINEAGE_CACHE_FROM")
            .ok()
            .and_then(|b| b.trim().parse().ok())
            .unwrap_or(COMPILED_FROM);
        if !matches!(files, Files::Dir(_)) || bytes < from {
            return None;
        }
        Store::from_env(
            std::env::var_os("LINEAGE_CACHE").as_deref(),
            std::env::var_os("LINEAGE_CACHE_DIR"),
        )
    }

    fn from_env(
        switch: Option<&std::ffi::OsStr>,
        dir: Option<std::ffi::OsString>,
    ) -> Option<Store> {
        if switch.is_some_and(|s| s == "off" || s == "0") {
            return None;
        }
        let dir = match dir {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::cache_dir()?.join("lineage"),
        };
        Some(Store { dir })
    }

    /// The compiled file of the dataset whose content hash is `content_hash` (`sha256:<hex>`).
    fn path(&self, content_hash: &str) -> PathBuf {
        let hex = content_hash.trim_start_matches("sha256:");
        self.dir.join(format!("{hex}.compiled"))
    }

    /// The compiled form of the dataset whose files hash to `content_hash`, when one by this build
    /// is there and intact (its digest checked); [`Checked::held`] reads it.
    pub(crate) fn read(&self, content_hash: &str) -> Option<Checked> {
        let bytes = fs::read(self.path(content_hash)).ok()?;
        let start = checked(&bytes, content_hash)?.len();
        Some(Checked {
            start: bytes.len() - start,
            bytes,
        })
    }

    /// Writes the compiled form of a dataset just loaded; any failure leaves no file (the next load
    /// is a full one again). Keeps the [`KEPT`] most recent compiled datasets.
    pub(crate) fn write(
        &self,
        content_hash: &str,
        sections: &[Section],
        rows: &[Row],
        graph: &DiGraph<Node, Edge>,
    ) {
        let held = HeldRef {
            sections,
            rows,
            graph,
        };
        let Ok(payload) = postcard::to_stdvec(&held) else {
            return;
        };
        if fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let written = (|| -> std::io::Result<()> {
            let mut file = tempfile::Builder::new()
                .prefix(".compiling-")
                .tempfile_in(&self.dir)?;
            file.write_all(&header(content_hash, &payload))?;
            file.write_all(&payload)?;
            file.as_file().sync_all()?;
            file.persist(self.path(content_hash))?;
            Ok(())
        })();
        if written.is_ok() {
            prune(&self.dir, KEPT);
        }
    }
}

/// The header: the magic, this build's digest and the content hash on a line each, then the
/// SHA-256 of the payload.
fn header(content_hash: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(format!("{HELD_FORM}\n{content_hash}\n").as_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out
}

/// The payload of a compiled file when its header is this build's, for `content_hash`, and its
/// bytes are those its digest names.
fn checked<'b>(bytes: &'b [u8], content_hash: &str) -> Option<&'b [u8]> {
    let expected = header(content_hash, &[]);
    let fixed = expected.len() - 32;
    if bytes.len() < expected.len() || bytes[..fixed] != expected[..fixed] {
        return None;
    }
    let (digest, payload) = bytes[fixed..].split_at(32);
    (Sha256::digest(payload).as_slice() == digest).then_some(payload)
}

/// Removes all but the `keep` most recently written compiled datasets, and what a write that did
/// not finish left (a process killed while writing) an hour or more ago.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut compiled: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(modified) = entry.metadata().ok().and_then(|m| m.modified().ok()) else {
            continue;
        };
        if name.ends_with(".compiled") {
            compiled.push((modified, entry.path()));
        } else if name.starts_with(".compiling-")
            && now
                .duration_since(modified)
                .is_ok_and(|age| age.as_secs() >= 3600)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
    compiled.sort_by(|a, b| b.cmp(a));
    for (_, path) in compiled.into_iter().skip(keep) {
        let _ = fs::remove_file(path);
    }
}

/// The held parts read back at their exact sizes: the length a sequence declares is reserved at
/// once (the file's digest was checked: it is the length this build wrote), and the graph is
/// written as its nodes, then its edges as `(from, to, edge)`, and rebuilt with room for exactly
/// those.
mod exact {
    use std::{fmt, marker::PhantomData};

    use petgraph::graph::{DiGraph, NodeIndex};
    use serde::{
        de::{DeserializeSeed, Error, SeqAccess, Visitor},
        ser::SerializeTuple,
        Deserialize, Deserializer, Serializer,
    };

    use crate::dataset::facts::{Edge, Node};

    /// The most elements reserved ahead of reading them, whatever a sequence declares: a file in
    /// the cache folder whose digest matches may still declare a length it does not hold, and a
    /// reservation is never larger than this (16.7 million rows or edges, about 1.5 GB). A longer
    /// sequence still reads; its vector grows past this as it is read.
    const MOST: usize = 1 << 24;

    pub(super) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        deserializer.deserialize_seq(ExactVec(PhantomData))
    }

    struct ExactVec<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ExactVec<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MOST));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }

    impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ExactVec<T> {
        type Value = Vec<T>;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
            deserializer.deserialize_seq(self)
        }
    }

    /// A graph as `(nodes, edges)`, each edge `(from, to, edge)` by node number.
    pub(super) fn write_graph<S: Serializer>(
        graph: &&DiGraph<Node, Edge>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let nodes: Vec<&Node> = graph.node_weights().collect();
        let edges: Vec<(u32, u32, &Edge)> = graph
            .raw_edges()
            .iter()
            .map(|e| (end(e.source()), end(e.target()), &e.weight))
            .collect();
        let mut both = serializer.serialize_tuple(2)?;
        both.serialize_element(&nodes)?;
        both.serialize_element(&edges)?;
        both.end()
    }

    /// A node's number: a dataset has far fewer than `u32::MAX` nodes (its files are at most 1 GiB).
    fn end(node: NodeIndex) -> u32 {
        u32::try_from(node.index()).unwrap_or(u32::MAX)
    }

    pub(super) fn graph<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DiGraph<Node, Edge>, D::Error> {
        deserializer.deserialize_tuple(2, GraphVisitor)
    }

    struct GraphVisitor;

    impl<'de> Visitor<'de> for GraphVisitor {
        type Value = DiGraph<Node, Edge>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a graph's nodes and edges")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let nodes: Vec<Node> = seq
                .next_element_seed(ExactVec(PhantomData))?
                .ok_or_else(|| A::Error::invalid_length(0, &self))?;
            let mut graph = DiGraph::with_capacity(nodes.len(), 0);
            for node in nodes {
                graph.add_node(node);
            }
            seq.next_element_seed(Edges(&mut graph))?
                .ok_or_else(|| A::Error::invalid_length(1, &self))?;
            Ok(graph)
        }
    }

    /// The edges, added to the graph as they are read.
    struct Edges<'g>(&'g mut DiGraph<Node, Edge>);

    impl<'de> DeserializeSeed<'de> for Edges<'_> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for Edges<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("edges between the graph's nodes")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let graph = self.0;
            graph.reserve_exact_edges(seq.size_hint().unwrap_or(0).min(MOST));
            let nodes = graph.node_count();
            while let Some((from, to, edge)) = seq.next_element::<(u32, u32, Edge)>()? {
                let (from, to) = (from as usize, to as usize);
                if from >= nodes || to >= nodes {
                    return Err(A::Error::custom("an edge names no node of the graph"));
                }
                graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), edge);
            }
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_graph_reads_back_as_written_with_room_for_exactly_its_parts() {
            // invariant: test code; the embedded dataset loads (every other test rests on it).
            let ds = crate::load(&crate::Files::embedded()).expect("the embedded dataset");
            // invariant: test code; encoding into a vector fails only on a type serde cannot write.
            let written = postcard::to_stdvec(&super::super::HeldRef {
                sections: ds.sections(),
                rows: ds.rows(),
                graph: ds.graph(),
            })
            .expect("written");
            // invariant: test code; what it asserts is that this build reads back what it wrote.
            let held: super::super::Held = postcard::from_bytes(&written).expect("read back");
            assert_eq!(held.rows, ds.rows());
            assert_eq!(held.rows.capacity(), held.rows.len());
            let (read, graph) = (&held.graph, ds.graph());
            assert_eq!(read.capacity(), (graph.node_count(), graph.edge_count()));
            assert!(read.node_weights().eq(graph.node_weights()));
            let ends = |g: &DiGraph<Node, Edge>| -> Vec<(usize, usize, Edge)> {
                g.raw_edges()
                    .iter()
                    .map(|e| (e.source().index(), e.target().index(), e.weight.clone()))
                    .collect()
            };
            assert_eq!(ends(read), ends(graph));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_names_the_build_the_content_and_the_payload() {
        let payload = b"held";
        let mut file = header("sha256:ab", payload);
        file.extend_from_slice(payload);
        assert_eq!(checked(&file, "sha256:ab"), Some(&payload[..]));
        // Another dataset's, or a changed byte, is never read.
        assert_eq!(checked(&file, "sha256:ac"), None);
        let last = file.len() - 1;
        file[last] ^= 1;
        assert_eq!(checked(&file, "sha256:ab"), None);
        assert_eq!(checked(b"lineage", "sha256:ab"), None);
        // Another build's: its digest of the sources differs.
        let mut other = header("sha256:ab", payload);
        other[MAGIC.len()] ^= 1;
        other.extend_from_slice(payload);
        assert_eq!(checked(&other, "sha256:ab"), None);
    }

    #[test]
    fn the_cache_can_be_turned_off_and_moved() {
        let off = Store::from_env(Some("off".as_ref()), Some("/x".into()));
        assert!(off.is_none());
        let moved = Store::from_env(None, Some("/x".into())).map(|s| s.dir);
        assert_eq!(moved, Some(PathBuf::from("/x")));
    }
}
