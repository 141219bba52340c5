//! Embeds the default dataset (`data/x-2023/`) and the regime files (`data/regimes/`) in the binary, so
//! `lineage` works from any folder.
//!
//! Writes `$OUT_DIR/embedded.rs`: sorted lists of `(file name, bytes)` pairs. Cargo re-runs this script,
//! and so rebuilds the binary, whenever a file of either folder changes.
//!
//! Also writes `HELD_FORM`, a digest of the sources (`src/`, `Cargo.lock`, the version): a dataset
//! compiled by one build (`src/dataset/compiled.rs`) is read back only by a build of the same
//! sources, whose loader made it and whose types it holds.

use std::{
    collections::hash_map::DefaultHasher,
    env, fs,
    hash::{Hash, Hasher},
    path::{Path, PathBuf},
};

const DATASET: &str = "data/x-2023";
const REGIMES: &str = "data/regimes";

/// `(name, include_bytes!(path))` lines for every file of a folder, sorted by name.
fn entries(dir: &Path) -> String {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("the folder exists")
        .map(|entry| entry.expect("readable folder entry"))
        .filter(|entry| entry.file_type().map(|t| t.is_file()).unwrap_or(false))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .iter()
        .map(|name| {
            let path = dir.join(name).display().to_string();
            format!("    ({name:?}, include_bytes!({path:?})),\n")
        })
        .collect()
}

/// Every file under `dir`, sorted by path.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A digest of the sources that decide what a loaded dataset holds, as hex.
fn held_form(root: &Path) -> String {
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.push(root.join("Cargo.lock"));
    files.sort();
    let mut hasher = DefaultHasher::new();
    env::var("CARGO_PKG_VERSION")
        .unwrap_or_default()
        .hash(&mut hasher);
    for file in &files {
        let name = file.strip_prefix(root).unwrap_or(file);
        name.to_string_lossy().hash(&mut hasher);
        fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed={DATASET}");
    println!("cargo:rerun-if-changed={REGIMES}");
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut out = String::new();
    out.push_str("/// The default dataset's files, by name.\n");
    out.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    out.push_str(&entries(&root.join(DATASET)));
    out.push_str("];\n");
    out.push_str("/// The default dataset's folder name.\n");
    out.push_str("pub const NAME: &str = \"x-2023\";\n");
    out.push_str("/// The regime files, by name.\n");
    out.push_str("pub static REGIMES: &[(&str, &[u8])] = &[\n");
    out.push_str(&entries(&root.join(REGIMES)));
    out.push_str("];\n");
    out.push_str(
        "/// A digest of the sources of this build: compiled datasets are read back by the same.\n",
    );
    out.push_str(&format!(
        "pub const HELD_FORM: &str = {:?};\n",
        held_form(root)
    ));
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
