//! Embeds the default dataset (`data/x-2023/`) and the regime files (`data/regimes/`) in the binary, so
//! `lineage` works from any folder.
//!
//! Writes `$OUT_DIR/embedded.rs`: sorted lists of `(file name, bytes)` pairs. Cargo re-runs this script,
//! and so rebuilds the binary, whenever a file of either folder changes.

use std::{env, fs, path::Path};

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

fn main() {
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
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
