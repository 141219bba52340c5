//! How the costliest operations grow with the dataset: load, and the two widest questions asked and
//! rendered as JSON, on generated datasets of 25,000 to 200,000 items (`tests/it/common/scale.rs`),
//! each the median of three runs. Near-linear cost doubles when the dataset doubles: the last column
//! is the time at each size divided by the time at the size before it. The time is the CPU time the
//! process spent (user and system, from `/proc/self/stat` on Linux; wall time elsewhere), which other
//! work on a shared machine disturbs far less than wall time. `cargo bench --bench growth` prints the
//! table (a few minutes); `docs/ROBUSTNESS.md` ("Cost") quotes it.

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

/// The CPU time this process has spent so far, when the system says it (Linux), else `None`.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel counts in USER_HZ, 100 a second on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// How long `work` takes: CPU time where the system says it, else wall time.
fn time(work: &mut impl FnMut()) -> Duration {
    let (wall, cpu) = (Instant::now(), cpu_time());
    work();
    match (cpu, cpu_time()) {
        (Some(before), Some(after)) => after - before,
        _ => wall.elapsed(),
    }
}

/// The median of three runs of `work`.
fn median(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..3).map(|_| time(&mut work)).collect();
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
    println!("| operation | items | median CPU time | × previous size |");
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
