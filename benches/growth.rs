//! How the costliest operations grow with the dataset: load, and the two widest questions asked and
//! rendered as JSON, on generated datasets of 25,000 to 200,000 items (`tests/it/common/scale.rs`),
//! each the median of three runs. Near-linear cost doubles when the dataset doubles: the last column
//! is the time at each size divided by the time at the size before it. `cargo bench --bench growth`
//! prints the table (a few minutes); `docs/ROBUSTNESS.md` ("Cost") quotes it.

use std::{
    collections::BTreeMap,
    hint::black_box,
    time::{Duration, Instant},
};

use lineage::{
    load,
    present::{
        format::Format,
        render::{render, Options},
    },
    query::ask,
    Dataset, Files,
};

#[path = "../tests/it/common/scale.rs"]
mod scale;

const SIZES: [usize; 4] = [25_000, 50_000, 100_000, 200_000];
const QUESTIONS: [&str; 2] = ["purposes of any data", "who may receive any data"];

/// The median of three runs of `work`.
fn median(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

fn answer(ds: &Dataset, question: &str) {
    let answer = ask(ds, question, &BTreeMap::new()).expect("answers");
    black_box(render(&answer, Format::Json, &Options::default()));
}

fn main() {
    // `cargo test --benches` runs each bench once with `--bench`; a plain run has no such flag.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    let operations = ["load"].into_iter().chain(QUESTIONS);
    let mut before: Vec<Option<Duration>> = vec![None; 3];
    println!("| operation | items | median | × previous size |");
    println!("| --- | ---: | ---: | ---: |");
    for items in SIZES {
        let files: Files = scale::generated(items);
        let ds = load(&files).expect("the generated dataset loads");
        for (i, operation) in operations.clone().enumerate() {
            let time = match i {
                0 => median(|| drop(black_box(load(&files).expect("loads")))),
                _ => median(|| answer(&ds, operation)),
            };
            let ratio = before[i].map_or(String::from("—"), |b| {
                format!("{:.2}", time.as_secs_f64() / b.as_secs_f64())
            });
            println!(
                "| {operation} | {items} | {:.2} s | {ratio} |",
                time.as_secs_f64()
            );
            before[i] = Some(time);
        }
    }
}
