//! `lineage` against the peers of `../shared/bench/` (SQLite, networkx, Kuzu, Oxigraph, CozoDB) on
//! the same generated data maps: `cargo bench --bench peers`. `docs/PERFORMANCE.md` keeps the table
//! it prints and says how to read it.
//!
//! For each scale (`policy org` by default; `LINEAGE_BENCH_SCALES="policy org huge"` adds the 2
//! million edges of `huge`), it generates the map with the peers' `gen.py` (seed 1) into
//! `target/lineage-bench/` unless it is there, checks its SHA-256 against the one the peers were
//! measured on, converts it into a dataset (`tests/it/common/bench_map.rs`), and measures in this
//! process: the load (from memory), Q1 to Q4 asked as questions (answer rows built, nothing
//! rendered); then the whole process `lineage --data <folder> ask <Q1>` (load, answer, printing to
//! /dev/null). Each answer is reduced to the benchmark's canonical rows, whose count and SHA-256
//! must be the peers' recorded ones: the bench exits 1 if one is not. Q3 is asked as `every route
//! from <source> to <recipient> up to 4 steps`, Q4 as `recipients reachable from every source`
//! (`tests/it/common/bench_map.rs`). Ratios are ours over the best peer's recorded median (below 1: faster).
//! `LINEAGE_BENCH_NO_Q1=1` leaves out Q1 and the whole process (at `huge`, Q1 takes minutes).

use std::{
    collections::{BTreeMap, BTreeSet},
    hint::black_box,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use lineage::{answer::Answer, load, query::ask, Files};
use sha2::{Digest, Sha256};

#[path = "../tests/it/common/bench_map.rs"]
mod bench_map;

use bench_map::PeerResult;

/// How many times each measure is taken, by scale: the peers' 9, 7, 5.
fn reps(scale: &str) -> usize {
    match scale {
        "policy" => 9,
        "org" => 7,
        _ => 5,
    }
}

/// The median of `n` runs of `f` (at least one run; runs stop once they took 30 s together).
fn median<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times = Vec::new();
    let mut total = Duration::ZERO;
    while times.len() < n && (times.is_empty() || total < Duration::from_secs(30)) {
        let start = Instant::now();
        black_box(f());
        let t = start.elapsed();
        total += t;
        times.push(t);
    }
    times.sort();
    times[times.len() / 2]
}

fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

const SKIPPED: &str = "not run (LINEAGE_BENCH_NO_Q1)";

/// One line of the table.
struct Line {
    scale: String,
    what: String,
    /// Our median, or why there is none.
    ours: Result<Duration, &'static str>,
    best: Option<(String, f64)>,
    check: String,
}

impl Line {
    fn print(&self) {
        let ours = self.ours.map_or_else(String::from, human);
        let (best, ratio) = match (&self.best, self.ours) {
            (Some((peer, s)), Ok(d)) => (
                format!("{peer} {}", human(Duration::from_secs_f64(*s))),
                format!("{:.2}", d.as_secs_f64() / s),
            ),
            (Some((peer, s)), Err(_)) => (
                format!("{peer} {}", human(Duration::from_secs_f64(*s))),
                "-".into(),
            ),
            (None, _) => ("-".into(), "-".into()),
        };
        println!(
            "| {} | {} | {ours} | {best} | {ratio} | {} |",
            self.scale, self.what, self.check
        );
    }
}

/// The best (smallest) recorded median of `query` at `scale`; for `load`, the best load time; for
/// `load+q1`, the best load time plus Q1 of one peer.
fn best_peer(results: &[PeerResult], scale: &str, query: &str) -> Option<(String, f64)> {
    results
        .iter()
        .filter(|r| r.scale == scale && r.status == "ok")
        .filter(|r| query == "load" || r.query == query.trim_start_matches("load+"))
        .filter_map(|r| {
            let s = match query {
                "load" => r.load_s,
                q if q.starts_with("load+") => r.load_s.zip(r.median_s).map(|(l, m)| l + m),
                _ => r.median_s,
            };
            s.map(|s| (r.peer.clone(), s))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The CPU time this process has used (user and system), from `/proc/self/stat` (in ticks of
/// 1/100 s); 0 where it cannot be read.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's name, which is in parentheses: utime and stime are the
    // 12th and 13th of them.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn resident_mb() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".into(), |kb| format!("{} MB", kb / 1024))
    };
    format!("resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

/// Generates the map of `scale` and checks it is the file the peers were measured on.
fn map_file(bench: &Path, scale: &str, work: &Path) -> PathBuf {
    let file = work.join(format!("{scale}.json"));
    bench_map::generate(bench, scale, &file);
    let bytes = std::fs::read(&file).expect("the map");
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let recorded = std::fs::read_to_string(bench.join("results/data.sha256")).unwrap_or_default();
    let name = format!("data/{scale}.json");
    match recorded.lines().find(|l| l.ends_with(&name)) {
        Some(line) if line.starts_with(&hex) => {}
        Some(_) => panic!(
            "{} is not the map the peers were measured on",
            file.display()
        ),
        None => eprintln!("note: no recorded checksum for {name}"),
    }
    file
}

/// Checks a canonical answer against the peers'; false if it differs.
fn check(got: (usize, String), want: Option<(usize, String)>, ok: &mut bool) -> String {
    match want {
        Some(want) if want == got => format!("{} rows, hash = peers'", got.0),
        Some(want) => {
            *ok = false;
            format!(
                "MISMATCH: {} rows {} (peers: {} rows {})",
                got.0,
                &got.1[..12],
                want.0,
                &want.1[..12]
            )
        }
        None => format!("{} rows (no peer result)", got.0),
    }
}

/// Measures one scale; returns its lines and whether every answer matched the peers'.
fn scale(bench: &Path, results: &[PeerResult], scale: &str, work: &Path) -> (Vec<Line>, bool) {
    let file = map_file(bench, scale, work);
    let start = Instant::now();
    let map = bench_map::parse(&std::fs::read(&file).expect("the map"));
    let converted = bench_map::convert(&map);
    drop(map);
    eprintln!("{scale}: converted in {}", human(start.elapsed()));
    let files = Files::memory(converted.files.clone());
    let n = reps(scale);
    let load_time = median(n.min(5), || load(&files).expect("the map loads"));
    let ds = load(&files).expect("the map loads");
    let memory = resident_mb();
    // `LINEAGE_BENCH_NO_Q1`: Q1 (and the whole process, which asks it) not run, for `huge`.
    let skip_q1 = std::env::var_os("LINEAGE_BENCH_NO_Q1").is_some();
    let mut ok = true;
    let mut ask_q = |query: &str, question: String, reduce: Reduce| {
        let want = bench_map::expected(results, scale, query);
        asked(&ds, &question, n, |a| reduce(&converted, a), want, &mut ok)
    };
    let (q1_time, c1) = if skip_q1 {
        (Err(SKIPPED), String::new())
    } else {
        ask_q("q1", converted.q1(), bench_map::q1_rows)
    };
    let (q2_time, c2) = ask_q("q2", converted.q2(), bench_map::q2_rows);
    let (q3_time, c3) = ask_q("q3", converted.q3(), bench_map::q3_rows);
    let (q4_time, c4) = ask_q("q4", converted.q4(), bench_map::q4_rows);
    // The walks alone: every route (or pair) counted, one row built.
    let mut walk = |query: &str, question: String| {
        let question = format!("{question} limit 1");
        let want = bench_map::expected(results, scale, query).map(|(count, _)| count);
        walk_only(&ds, &question, n, want, &mut ok)
    };
    let (q3_walk, w3) = walk("q3", converted.q3());
    let (q4_walk, w4) = walk("q4", converted.q4());
    drop((ds, files));
    let folder = write_dataset(&converted, scale, work);
    let compiled_load = compiled_load(&folder, work, n.min(5));
    let (whole, whole_compiled) = if skip_q1 {
        (Err(SKIPPED), Err(SKIPPED))
    } else {
        let q1 = converted.q1();
        (
            Ok(whole_process(&folder, &q1, None, n.min(5))),
            Ok(whole_process(&folder, &q1, Some(work), n.min(5))),
        )
    };
    let line = |what: &str, ours, query: &str, check: String| Line {
        scale: scale.into(),
        what: what.into(),
        ours,
        best: best_peer(results, scale, query),
        check,
    };
    let lines = vec![
        line("load", Ok(load_time), "load", memory),
        line(
            "load, compiled (files on disk)",
            compiled_load,
            "load",
            "content hash checked, then the compiled form read".into(),
        ),
        line("Q1 recipients of a category", q1_time, "q1", c1),
        line("Q2 purposes of an item", q2_time, "q2", c2),
        line("Q3 paths source → recipient", q3_time, "q3", c3),
        line("Q4 source → recipient closure", q4_time, "q4", c4),
        line("Q3 walk only (`limit 1`)", q3_walk, "q3", w3),
        line("Q4 walk only (`limit 1`)", q4_walk, "q4", w4),
        line(
            "whole `lineage ask` Q1 (process)",
            whole,
            "load+q1",
            "peer: load + Q1, in process".into(),
        ),
        line(
            "whole `lineage ask` Q1, compiled",
            whole_compiled,
            "load+q1",
            "the second and later runs on the same files".into(),
        ),
    ];
    (lines, ok)
}

/// How an answer reduces to the benchmark's canonical rows.
type Reduce = fn(&bench_map::Converted, &Answer) -> BTreeSet<Vec<String>>;

/// The median time of asking `question` (answer rows built, nothing rendered), and its canonical
/// rows checked against the peers' answer `want`.
fn asked(
    ds: &lineage::Dataset,
    question: &str,
    n: usize,
    reduce: impl Fn(&Answer) -> BTreeSet<Vec<String>>,
    want: Option<(usize, String)>,
    ok: &mut bool,
) -> (Result<Duration, &'static str>, String) {
    let params = BTreeMap::new();
    let time = median(n, || {
        ask(ds, question, &params).expect("the question answers")
    });
    let answer = ask(ds, question, &params).expect("the question answers");
    let got = bench_map::canonical(&reduce(&answer));
    (Ok(time), check(got, want, ok))
}

/// The median time of a question asked with `limit 1`: the walk counts every row, one is built.
/// The count the answer's first note gives is checked against the peers' `want`.
fn walk_only(
    ds: &lineage::Dataset,
    question: &str,
    n: usize,
    want: Option<usize>,
    ok: &mut bool,
) -> (Result<Duration, &'static str>, String) {
    let params = BTreeMap::new();
    let time = median(n, || {
        ask(ds, question, &params).expect("the question answers")
    });
    let answer = ask(ds, question, &params).expect("the question answers");
    let count: Option<usize> = answer
        .notes
        .first()
        .and_then(|note| note.split(' ').next())
        .and_then(|n| n.parse().ok());
    let check = match (count, want) {
        (Some(c), Some(w)) if c == w => format!("{c} counted, = peers'"),
        (c, w) => {
            *ok = false;
            format!("MISMATCH: counted {c:?} (peers: {w:?})")
        }
    };
    (Ok(time), check)
}

/// The median wall time of the whole `lineage --data <folder> ask <Q1>`, output to /dev/null:
/// without the compiled form, or (`compiled`: its cache folder's parent) from it, after one run
/// that writes it.
fn whole_process(folder: &Path, q1: &str, compiled: Option<&Path>, n: usize) -> Duration {
    let run = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lineage"));
        match compiled {
            Some(work) => command
                .env("LINEAGE_CACHE_DIR", work.join("compiled"))
                .env("LINEAGE_CACHE_FROM", "0"),
            None => command.env("LINEAGE_CACHE", "off"),
        };
        let status = command
            .arg("--data")
            .arg(folder)
            .args(["ask", q1])
            .stdout(Stdio::null())
            .status()
            .expect("lineage runs");
        assert!(
            status.success(),
            "lineage ask failed on {}",
            folder.display()
        );
    };
    if compiled.is_some() {
        run();
    }
    median(n, run)
}

/// The median time of loading the dataset folder in the process from its compiled form (the
/// files read and their content hash checked, then the compiled form read), after one load that
/// writes it.
fn compiled_load(folder: &Path, work: &Path, n: usize) -> Result<Duration, &'static str> {
    // The bench is one thread here: nothing else reads the environment.
    std::env::set_var("LINEAGE_CACHE_DIR", work.join("compiled"));
    std::env::set_var("LINEAGE_CACHE_FROM", "0");
    let files = Files::dir(folder);
    load(&files).expect("the map loads");
    let time = median(n, || load(&files).expect("the map loads"));
    std::env::remove_var("LINEAGE_CACHE_DIR");
    std::env::remove_var("LINEAGE_CACHE_FROM");
    Ok(time)
}

/// The converted map as a dataset folder, `<work>/<scale>-dataset`.
fn write_dataset(converted: &bench_map::Converted, scale: &str, work: &Path) -> PathBuf {
    let folder = work.join(format!("{scale}-dataset"));
    std::fs::create_dir_all(&folder).expect("the dataset folder");
    for (name, bytes) in &converted.files {
        std::fs::write(folder.join(name), bytes).expect("a dataset file");
    }
    folder
}

/// `LINEAGE_BENCH_PROFILE=<scale>`: loads the map of `scale`, writes it as a dataset folder, and
/// asks Q1 ten times (`LINEAGE_BENCH_TIMES`), or the question `LINEAGE_BENCH_QUESTION` names (`q1`
/// to `q4`, or the text of any question), for a profiler (`perf record
/// target/release/deps/peers-* --bench`); prints the answer's size and the median.
fn profile(bench: &Path, scale: &str, work: &Path) {
    // `<scale>:load`: only the load, three times (and the dataset written to
    // `target/lineage-bench/<scale>-dataset/`, for a whole `lineage --data … ask`).
    if let Some(scale) = scale.strip_suffix(":load") {
        let map = bench_map::parse(&std::fs::read(map_file(bench, scale, work)).expect("the map"));
        let converted = bench_map::convert(&map);
        drop(map);
        write_dataset(&converted, scale, work);
        let files = Files::memory(converted.files);
        for _ in 0..3 {
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let ds = load(&files).expect("the map loads");
            let (wall, cpu) = (start.elapsed(), cpu_seconds() - cpu);
            eprintln!(
                "{scale}: loaded in {} (CPU {cpu:.2} s), {}",
                human(wall),
                resident_mb()
            );
            drop(black_box(ds));
        }
        return;
    }
    let map = bench_map::parse(&std::fs::read(map_file(bench, scale, work)).expect("the map"));
    let converted = bench_map::convert(&map);
    let ds = load(&Files::memory(converted.files.clone())).expect("the map loads");
    let folder = write_dataset(&converted, scale, work);
    eprintln!("{scale}: the dataset is in {}", folder.display());
    let question = match std::env::var("LINEAGE_BENCH_QUESTION").as_deref() {
        Ok("q2") => converted.q2(),
        Ok("q3") => converted.q3(),
        Ok("q4") => converted.q4(),
        Ok(other) if !other.is_empty() && other != "q1" => other.to_string(),
        _ => converted.q1(),
    };
    let times: usize = std::env::var("LINEAGE_BENCH_TIMES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let answer = ask(&ds, &question, &BTreeMap::new()).expect("the question answers");
    // Row by row: rows made only when read are counted without being kept.
    let evidence: usize = answer.rows.stream().map(|row| row.evidence().count()).sum();
    eprintln!(
        "{question}: {} rows, {evidence} pieces of evidence",
        answer.rows.len(),
    );
    drop(answer);
    let took = median(times, || {
        black_box(ask(&ds, &question, &BTreeMap::new()).expect("the question answers"))
    });
    eprintln!("{question}: median {} of {times}", human(took));
}

/// The binary's allocator (src/main.rs), so that the figures in the process are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `cargo bench` passes `--bench`; this bench takes no other argument.
    let Some(bench) = bench_map::bench_dir() else {
        eprintln!("no ../shared/bench/gen.py: set LINEAGE_BENCH_DIR to the peers' bench folder");
        std::process::exit(2);
    };
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/lineage-bench");
    std::fs::create_dir_all(&work).expect("target/lineage-bench");
    if let Ok(scale) = std::env::var("LINEAGE_BENCH_PROFILE") {
        return profile(&bench, &scale, &work);
    }
    let results = bench_map::peer_results(&bench);
    let scales = std::env::var("LINEAGE_BENCH_SCALES").unwrap_or_else(|_| "policy org".into());
    let mut all_ok = true;
    let mut lines = Vec::new();
    for s in scales.split_whitespace() {
        let (l, ok) = scale(&bench, &results, s, &work);
        all_ok &= ok;
        lines.extend(l);
    }
    println!("| map | what | lineage (median) | best peer (recorded median) | ratio | answer |");
    println!("|---|---|---|---|---|---|");
    for l in &lines {
        l.print();
    }
    if !all_ok {
        eprintln!("some answers differ from the peers'");
        std::process::exit(1);
    }
}
