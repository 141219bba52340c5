//! What each costly operation takes on a generated dataset of 200,000 items (about 1.2 million
//! edges; `tests/it/common/scale.rs` says what it holds): the bounds `docs/ROBUSTNESS.md` ("Cost")
//! states, measured. `cargo bench --bench scale` prints a median per benchmark; each is sampled ten
//! times (the load alone takes ten times a few seconds), so the whole run takes minutes.

use std::{collections::BTreeMap, hint::black_box, time::Duration};

use criterion::{criterion_group, criterion_main, Criterion};
use lineage::{
    load,
    present::{
        format::Format,
        render::{render, Options},
    },
    query::ask,
};

#[path = "../tests/it/common/scale.rs"]
mod scale;

const ITEMS: usize = 200_000;

fn scale(c: &mut Criterion) {
    let files = scale::generated(ITEMS);
    let ds = load(&files).expect("the generated dataset loads");
    let params = BTreeMap::new();
    let mut group = c.benchmark_group("200,000 items");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(100));
    group.measurement_time(Duration::from_secs(5));

    group.bench_function("load", |b| {
        b.iter(|| load(black_box(&files)).expect("loads"))
    });
    // The widest answers; `tests/it/hostile_cost.rs` asks every other form on the hubs.
    for question in ["purposes of any data", "who may receive any data"] {
        group.bench_function(question, |b| {
            b.iter(|| {
                let answer = ask(&ds, black_box(question), &params).expect("answers");
                black_box(render(&answer, Format::Json, &Options::default()))
            })
        });
    }
    let long = format!("purposes of \"Itme {}\"", "9".repeat(1_000));
    group.bench_function("did you mean, 1,000 characters", |b| {
        b.iter(|| ask(&ds, black_box(&long), &params).expect_err("unknown"))
    });
    group.bench_function("did you mean, Itme 199999", |b| {
        b.iter(|| ask(&ds, black_box("purposes of \"Itme 199999\""), &params).expect_err("unknown"))
    });
    let missing = scale::with_missing_quotes(500, 20_000_000);
    group.bench_function("500 quotes not found in 20 MB, refused", |b| {
        b.iter(|| load(black_box(&missing)).expect_err("refused"))
    });
    let long_row = scale::quotes_at_the_end_of_a_long_row(200_000, 20_000_000);
    group.bench_function("200,000 quotes at the end of a 20 MB row", |b| {
        b.iter(|| load(black_box(&long_row)).expect("loads"))
    });
    let anchors = scale::missing_anchors(100_000, 20_000_000);
    group.bench_function("100,000 anchors not found in 20 MB, refused", |b| {
        b.iter(|| load(black_box(&anchors)).expect_err("refused"))
    });
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
