//! The compiled form of a large dataset (`src/dataset/compiled.rs`): read back only when the files
//! hash as they did and its bytes are intact, and then every answer is the full load's, byte for
//! byte. The repository's datasets are small, so `LINEAGE_CACHE_FROM=0` compiles them here.

use std::{fs, os::unix::fs::MetadataExt, path::Path, path::PathBuf};

use crate::common::{lineage, run, Outcome, TempDir};

/// `lineage <args>` on the dataset folder `data`, compiling into `cache` (`None`: cache off).
fn on(data: &Path, cache: Option<&Path>, args: &[&str]) -> Outcome {
    let mut cmd = lineage();
    match cache {
        Some(cache) => cmd
            .env_remove("LINEAGE_CACHE")
            .env("LINEAGE_CACHE_DIR", cache)
            .env("LINEAGE_CACHE_FROM", "0"),
        None => cmd.env("LINEAGE_CACHE", "off"),
    };
    run(cmd.arg("--data").arg(data).args(args))
}

/// The compiled files in `cache`.
fn compiled(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(cache)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "compiled"));
    found.sort();
    found
}

/// What a dataset gives to questions of every part of the held form: its whole export (every
/// section, row, node and edge with its provenance), a check, answers with evidence.
const ASKED: &[&[&str]] = &[
    &["export", "json"],
    &["check"],
    &["ask", "who may receive Location Data and under which basis"],
    &["ask", "--format", "json", "purposes of Log data"],
    &["lint", "--format", "csv"],
];

fn answers(data: &Path, cache: Option<&Path>) -> Vec<(Option<i32>, String, String)> {
    ASKED
        .iter()
        .map(|args| {
            let out = on(data, cache, args);
            (out.code, out.stdout, out.stderr)
        })
        .collect()
}

fn x2023() -> PathBuf {
    crate::common::root().join("data/x-2023")
}

#[test]
fn a_compiled_dataset_gives_the_full_loads_answers_byte_for_byte() {
    let cache = TempDir::new("compiled-same");
    let full = answers(&x2023(), None);
    assert!(compiled(&cache).is_empty());
    let writing = answers(&x2023(), Some(&cache));
    let files = compiled(&cache);
    assert_eq!(files.len(), 1, "one compiled form of one dataset");
    let inode = fs::metadata(&files[0]).expect("compiled").ino();
    let reading = answers(&x2023(), Some(&cache));
    // Read back, not written again: the same file.
    assert_eq!(fs::metadata(&files[0]).expect("compiled").ino(), inode);
    assert_eq!(writing, full);
    assert_eq!(reading, full);
}

#[test]
fn a_damaged_compiled_form_is_never_used_and_is_written_again() {
    let cache = TempDir::new("compiled-damaged");
    let full = answers(&x2023(), None);
    on(&x2023(), Some(&cache), &["check"]);
    let file = compiled(&cache).pop().expect("compiled");
    let mut bytes = fs::read(&file).expect("readable");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    fs::write(&file, &bytes).expect("writable");
    assert_eq!(answers(&x2023(), Some(&cache)), full);
    assert_ne!(fs::read(&file).expect("rewritten"), bytes, "written again");
    // Cut short, or emptied: the same.
    fs::write(&file, &bytes[..bytes.len() / 2]).expect("writable");
    assert_eq!(answers(&x2023(), Some(&cache)), full);
    fs::write(&file, b"").expect("writable");
    assert_eq!(answers(&x2023(), Some(&cache)), full);
}

#[test]
fn changed_files_are_loaded_afresh_under_their_own_content_hash() {
    let cache = TempDir::new("compiled-changed");
    let before = on(&x2023(), Some(&cache), &["check"]);
    assert_eq!(before.code, Some(0), "{}", before.stderr);
    // The same files but a changed title in the manifest: another dataset, whose answers say so.
    let data = retitled("compiled-changed-data");
    let after = on(&data, Some(&cache), &["check"]);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    assert_eq!(after.stdout, on(&data, None, &["check"]).stdout);
    assert_ne!(after.stdout, before.stdout);
    assert_eq!(compiled(&cache).len(), 2, "one compiled form per content");
}

/// A copy of the X 2023 dataset in a folder of its own, its manifest's title changed: another
/// dataset, of another content hash.
fn retitled(name: &str) -> TempDir {
    let data = TempDir::new(name);
    for entry in fs::read_dir(x2023()).expect("dataset") {
        let path = entry.expect("entry").path();
        fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copied");
    }
    let manifest = fs::read_to_string(data.join("manifest.json")).expect("manifest");
    let title = serde_json::from_str::<serde_json::Value>(&manifest).expect("json")["title"]
        .as_str()
        .expect("a title")
        .to_string();
    fs::write(
        data.join("manifest.json"),
        manifest.replacen(&title, "A changed title", 1),
    )
    .expect("writable");
    data
}

#[test]
fn another_datasets_compiled_form_under_this_ones_name_is_never_used() {
    let cache = TempDir::new("compiled-foreign");
    let other = retitled("compiled-foreign-data");
    on(&other, Some(&cache), &["check"]);
    let foreign = compiled(&cache).pop().expect("the other's compiled form");
    on(&x2023(), Some(&cache), &["check"]);
    let own = compiled(&cache)
        .into_iter()
        .find(|p| *p != foreign)
        .expect("this one's compiled form");
    // Intact, of this build, but compiled from other files: its header names their content hash.
    fs::copy(&foreign, &own).expect("planted");
    assert_eq!(answers(&x2023(), Some(&cache)), answers(&x2023(), None));
    assert_ne!(
        fs::read(&own).expect("own"),
        fs::read(&foreign).expect("foreign")
    );
}

#[test]
fn the_cache_turned_off_or_unwritable_changes_nothing_but_speed() {
    let full = answers(&x2023(), None);
    let cache = TempDir::new("compiled-off");
    let mut cmd = lineage();
    cmd.env("LINEAGE_CACHE", "off")
        .env("LINEAGE_CACHE_DIR", &*cache)
        .env("LINEAGE_CACHE_FROM", "0");
    let out = run(cmd.arg("--data").arg(x2023()).arg("check"));
    assert_eq!((out.code, out.stdout), (full[1].0, full[1].1.clone()));
    assert!(compiled(&cache).is_empty(), "nothing written when off");
    // A file where the cache folder should be: nothing can be written, nothing is said.
    let blocked = cache.write("not-a-folder", "x");
    assert_eq!(answers(&x2023(), Some(&blocked)), full);
}

#[test]
fn a_small_dataset_is_not_compiled_by_default() {
    let cache = TempDir::new("compiled-small");
    let mut cmd = lineage();
    cmd.env_remove("LINEAGE_CACHE")
        .env_remove("LINEAGE_CACHE_FROM")
        .env("LINEAGE_CACHE_DIR", &*cache);
    let out = run(cmd.arg("--data").arg(x2023()).arg("check"));
    assert_eq!(out.code, Some(0));
    assert!(compiled(&cache).is_empty());
}
