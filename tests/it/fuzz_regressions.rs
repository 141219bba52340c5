//! Every input under `tests/fuzz-regressions/` is replayed through the code the fuzz targets drive:
//! each crash a fuzzer finds is kept there, named after what broke, and must never panic again.
//! (`fuzz/README.md` says how to run the fuzzers.)

use std::fs;

use lineage::{
    load,
    present::diagram::{to_dot, Diagram},
    present::render::{render, Options, TEXT_FORMATS},
    query::ask,
    Files,
};

use crate::common::{no_params, root, x2023};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root().join("tests/fuzz-regressions").join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .expect("regression folder")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.display().to_string(), fs::read(&p).expect("input")))
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn query_crashers_never_panic_again() {
    let ds = x2023();
    for (name, bytes) in inputs("query") {
        let query = String::from_utf8_lossy(&bytes);
        if let Ok(answer) = ask(ds, &query, &no_params()) {
            for format in TEXT_FORMATS {
                let _ = render(&answer, format, &Options::default());
            }
            let _ = to_dot(ds, &Diagram::of_answer(ds, &answer));
        }
        eprintln!("replayed {name}");
    }
}

#[test]
fn loader_crashers_never_panic_again() {
    let mini = root().join("tests/fixtures/mini");
    let manifest = fs::read(mini.join("manifest.json")).expect("manifest");
    let source = fs::read(mini.join("source.txt")).expect("source");
    for (name, bytes) in inputs("loader") {
        let files = Files::memory([
            ("manifest.json", manifest.clone()),
            ("source.txt", source.clone()),
            ("notice.json", bytes),
        ]);
        match load(&files) {
            Ok(ds) => {
                let _ = lineage::dataset::summary::Summary::of(&ds).to_string();
            }
            Err(diagnostics) => {
                let _ = diagnostics.to_string();
            }
        }
        eprintln!("replayed {name}");
    }
}
