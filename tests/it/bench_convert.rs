//! The peers' benchmark maps converted to datasets (`tests/it/common/bench_map.rs`, used by
//! `benches/peers.rs`): at the `policy` scale, `lineage` gives the peers' recorded answers to Q1,
//! Q2, Q3 and Q4 (row count and SHA-256 of the canonical rows).

use std::collections::BTreeMap;

use lineage::{load, query::ask, Files};

#[path = "common/bench_map.rs"]
mod bench_map;

#[test]
fn the_policy_map_gives_the_peers_answers_to_q1_to_q4() {
    let Some(bench) = bench_dir_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("policy.json");
    bench_map::generate(&bench, "policy", &file);
    let map = bench_map::parse(&std::fs::read(&file).expect("the map"));
    assert_eq!((map.nodes.len(), map.edges.len()), (154, 642));
    let converted = bench_map::convert(&map);
    let ds = load(&Files::memory(converted.files.clone())).expect("the converted map loads");
    let results = bench_map::peer_results(&bench);
    let params = BTreeMap::new();

    let q1 = ask(&ds, &converted.q1(), &params).expect("Q1 answers");
    let q1 = bench_map::canonical(&bench_map::q1_rows(&converted, &q1));
    assert_eq!(q1.0, 77);
    assert_eq!(Some(q1), bench_map::expected(&results, "policy", "q1"));

    let q2 = ask(&ds, &converted.q2(), &params).expect("Q2 answers");
    let q2 = bench_map::canonical(&bench_map::q2_rows(&converted, &q2));
    assert_eq!(q2.0, 7);
    assert_eq!(Some(q2), bench_map::expected(&results, "policy", "q2"));

    let q3 = ask(&ds, &converted.q3(), &params).expect("Q3 answers");
    assert!(!q3.truncated, "no limit was asked");
    let q3 = bench_map::canonical(&bench_map::q3_rows(&converted, &q3));
    assert_eq!(q3.0, 53);
    assert_eq!(Some(q3), bench_map::expected(&results, "policy", "q3"));

    let q4 = ask(&ds, &converted.q4(), &params).expect("Q4 answers");
    assert_eq!(q4.rows.len(), 104, "one row per source and recipient");
    let q4 = bench_map::canonical(&bench_map::q4_rows(&converted, &q4));
    assert_eq!(q4.0, 104);
    assert_eq!(Some(q4), bench_map::expected(&results, "policy", "q4"));
    // The map was generated in the temp dir only.
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("the temp dir").count(),
        1
    );
}

fn bench_dir_or_skip() -> Option<std::path::PathBuf> {
    let dir = bench_map::bench_dir();
    if dir.is_none() {
        eprintln!("skipped: no ../shared/bench/gen.py (set LINEAGE_BENCH_DIR)");
    }
    dir
}
