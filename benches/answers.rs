//! How long answers take on the embedded X 2023 notice: parse, evaluate and render, as `lineage ask`
//! and `lineage run` do them, without process start-up.
//!
//! `cargo bench --bench answers` prints a median per benchmark. The question list is fixed here (not
//! read from `queries/`), so that figures from different commits measure the same work.

use std::{collections::BTreeMap, hint::black_box};

use criterion::{criterion_group, criterion_main, Criterion};
use lineage::{
    dsar::script::{run, RunOptions},
    load,
    present::format::Format,
    present::render::{render, Options},
    query::ask,
    Files,
};

/// Questions counsel ask, from the cheapest to the widest.
const QUESTIONS: &[&str] = &[
    "who may receive Location Data and under which basis",
    "who may receive Precise location data and under which basis",
    "what does Our business partners receive",
    "what is shared with Law enforcement",
    "why does Our service providers receive Precise location data",
    "purposes of Precise location data",
    "what data does Exclusion audiences use",
    "basis of Additional information sharing with business partners",
    "purposes based on consent",
    "categories of Location information",
    "sharing matrix",
    "sources of Location information",
    "retention of Location Data",
    "path from Location information to Our business partners",
    "describe t1-r11",
    "list purposes",
    "who may receive Location Data and under which basis in us-ca",
    "purposes of Log data in uk where basis is legitimate interests",
];

const WIDEST: &str = "who may receive any data and under which basis";

fn answers(c: &mut Criterion) {
    let ds = load(&Files::embedded()).expect("the embedded dataset loads");
    let params = BTreeMap::new();
    let options = Options::default();

    c.bench_function("load the embedded dataset", |b| {
        b.iter(|| load(black_box(&Files::embedded())).expect("loads"))
    });

    c.bench_function("18 questions, as tables", |b| {
        b.iter(|| {
            for q in QUESTIONS {
                let answer = ask(&ds, black_box(q), &params).expect("answers");
                black_box(render(&answer, Format::Table, &options));
            }
        })
    });

    c.bench_function("who may receive any data, as JSON", |b| {
        b.iter(|| {
            let answer = ask(&ds, black_box(WIDEST), &params).expect("answers");
            black_box(render(&answer, Format::Json, &options))
        })
    });

    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/queries/dsar/gdpr-art15.lq"
    ))
    .expect("the GDPR script");
    c.bench_function("GDPR Art. 15 report, EU, Markdown", |b| {
        b.iter(|| {
            let options = RunOptions {
                params: BTreeMap::from([("region".to_string(), "eu".to_string())]),
                echo: false,
                keep_going: false,
                timestamp: None,
            };
            let (report, errors) = run(&ds, "gdpr-art15.lq", black_box(&script), options);
            assert!(errors.is_empty());
            black_box(report.render(Format::Markdown, &Options::default()))
        })
    });
}

criterion_group!(benches, answers);
criterion_main!(benches);
