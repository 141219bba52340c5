//! Embeds the default dataset (`data/x-2023/`) in the binary, so `lineage` works from any folder.
//!
//! Writes `$OUT_DIR/embedded.rs`: a sorted list of `(file name, bytes)` pairs. Cargo re-runs this
//! script, and so rebuilds the binary, whenever a file of the dataset changes.

use std::{env, fs, path::Path};

const DATASET: &str = "data/x-2023";

fn main() {
    println!("cargo:rerun-if-changed={DATASET}");
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join(DATASET);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the default dataset folder exists")
        .map(|entry| entry.expect("readable folder entry"))
        .filter(|entry| entry.file_type().map(|t| t.is_file()).unwrap_or(false))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The default dataset's files, by name.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for name in &names {
        let path = dir.join(name);
        out.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    out.push_str(&format!(
        "/// The default dataset's folder name.\npub const NAME: &str = {:?};\n",
        "x-2023"
    ));
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
