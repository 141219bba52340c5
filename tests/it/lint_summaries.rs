//! The two lint kinds about published legitimate-interests summaries (issue 16; `docs/LINT.md`):
//! `legitimate-interests-without-summary` and `summary-without-legitimate-interests`. Which
//! sections are summaries is the dataset's word (`"kind": "legitimate-interests-summaries"` on a
//! section, `docs/DATA_FORMAT.md`): both kinds fire on `tests/fixtures/lint/disagrees`, are silent
//! on `tests/fixtures/lint/agrees` (a summary for a broader purpose, a limited basis that is
//! summarised, a delegated basis, a summary that states the basis itself) and on a dataset that
//! marks no section; on the X notice and each of its versions they report exactly one finding.
//! Copies are made in temporary folders only, and nothing is left in them but what was written.

use std::fs;

use lineage::{
    dataset::export::{export, DATA_FILE},
    lint::{lint, Finding, Kind},
    relation::Cite,
    Dataset, Files,
};

use crate::common::{dataset_at, lineage, root, run, x2023, TempDir};

const DISAGREES: &str = "tests/fixtures/lint/disagrees";
const AGREES: &str = "tests/fixtures/lint/agrees";
const SUMMARY_KINDS: [Kind; 2] = [
    Kind::LegitimateInterestsWithoutSummary,
    Kind::SummaryWithoutLegitimateInterests,
];

/// A finding of the two kinds, as plain text: kind, what it is about, its text, the rows on each side.
#[derive(Debug, PartialEq)]
struct Seen {
    kind: &'static str,
    about: Vec<String>,
    text: String,
    one_side: Vec<String>,
    other_side: Vec<String>,
}

fn rows(ds: &Dataset, cites: &[Cite]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in cites {
        let provenance = match *c {
            Cite::Edge(e) => &ds.edge(e).provenance,
            Cite::Node(n) => &ds.node(n).provenance,
        };
        let row = ds.cited_row(provenance).id.to_string();
        if !out.contains(&row) {
            out.push(row);
        }
    }
    out
}

fn seen(ds: &Dataset, f: &Finding) -> Seen {
    Seen {
        kind: f.kind.id(),
        about: f
            .subjects
            .iter()
            .map(|&n| ds.node(n).name.clone())
            .collect(),
        text: f.text.clone(),
        one_side: rows(ds, &f.one_side),
        other_side: rows(ds, &f.other_side),
    }
}

/// The findings of the two kinds on a dataset.
fn summary_findings(ds: &Dataset) -> Vec<Seen> {
    lint(ds)
        .iter()
        .filter(|f| SUMMARY_KINDS.contains(&f.kind))
        .map(|f| seen(ds, f))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A copy of a fixture in a temporary folder, its `notice.json` changed by `edit`.
fn edited_copy(fixture: &str, name: &str, edit: impl Fn(&mut serde_json::Value)) -> TempDir {
    let dir = TempDir::new(name);
    for file in ["manifest.json", "source.txt"] {
        dir.write(
            file,
            fs::read(root().join(fixture).join(file)).expect("fixture"),
        );
    }
    let notice = fs::read_to_string(root().join(fixture).join("notice.json")).expect("fixture");
    let mut json: serde_json::Value = serde_json::from_str(&notice).expect("JSON");
    edit(&mut json);
    dir.write(
        "notice.json",
        serde_json::to_string_pretty(&json).expect("JSON"),
    );
    dir
}

fn load_copy(dir: &TempDir) -> Dataset {
    lineage::load(&Files::dir(dir.to_path_buf())).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn both_directions_fire_where_the_rows_disagree() {
    let ds = dataset_at(DISAGREES);
    let expected = [
        Seen {
            kind: "legitimate-interests-without-summary",
            about: strings(&["Checking identity"]),
            text: "\"Checking identity\" rests on \"Legitimate interests\" (u-2), and no legitimate-interests summary the notice publishes (l-1) names it or a purpose that includes it".into(),
            one_side: strings(&["u-2"]),
            other_side: strings(&["l-1"]),
        },
        Seen {
            kind: "legitimate-interests-without-summary",
            about: strings(&["Fitting shoes"]),
            text: "\"Fitting shoes\" rests on \"Legitimate interests\" (u-4: only for \"Shoe size\", in the notice's words \"only for shoe sizes measured in store\"), and no legitimate-interests summary the notice publishes (l-1) names it or a purpose that includes it".into(),
            one_side: strings(&["u-4"]),
            other_side: strings(&["l-1"]),
        },
        Seen {
            kind: "summary-without-legitimate-interests",
            about: strings(&["Planning routes"]),
            text: "a legitimate-interests summary (l-1) states something about \"Planning routes\", and the notice states no basis of the kind legitimate interests for it in any region (its bases: \"Legal obligation\", u-3)".into(),
            one_side: strings(&["l-1"]),
            other_side: strings(&["u-3"]),
        },
    ];
    assert_eq!(summary_findings(&ds), expected);
    let out = run(lineage().args(["--data", DISAGREES, "lint", "--format", "csv"]));
    assert_eq!(out.code, Some(1), "findings exit 1; stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
    for kind in SUMMARY_KINDS {
        assert!(out.stdout.contains(kind.id()), "{} printed", kind.id());
    }
}

#[test]
fn silent_where_the_rows_agree() {
    assert_eq!(summary_findings(&dataset_at(AGREES)), []);
}

/// The agreeing fixture is silent because its summaries name what they must: when l-1 no longer
/// ties its safeguard to "Checking identity" (it still names the safeguard), that purpose and "Checking age", which it includes
/// and which rests on a limited basis of its own, have none; "Answering questions", on a delegated
/// basis, stays silent.
#[test]
fn a_summary_covers_the_purposes_its_purpose_includes() {
    let dir = edited_copy(AGREES, "lint-summaries-agrees", |json| {
        let edges = json["edges"].as_array_mut().expect("edges");
        edges.retain(|e| e["kind"] != "safeguarded-by");
    });
    let ds = load_copy(&dir);
    let found: Vec<(Vec<String>, Vec<String>, Vec<String>)> = summary_findings(&ds)
        .into_iter()
        .map(|s| (s.about, s.one_side, s.other_side))
        .collect();
    assert_eq!(
        found,
        [
            (
                strings(&["Checking identity"]),
                strings(&["u-2"]),
                strings(&["l-1", "l-2"])
            ),
            (
                strings(&["Checking age"]),
                strings(&["u-4"]),
                strings(&["l-1", "l-2"])
            ),
        ]
    );
    assert_eq!(dir.names(), ["manifest.json", "notice.json", "source.txt"]);
}

/// A dataset that marks no section as summaries has not said which are: both kinds are silent, and
/// the other findings are as they were.
#[test]
fn silent_when_no_section_is_marked() {
    let dir = edited_copy(DISAGREES, "lint-summaries-unmarked", |json| {
        let sections = json["sections"].as_array_mut().expect("sections");
        for s in sections {
            s.as_object_mut().expect("section").remove("kind");
        }
    });
    let unmarked = load_copy(&dir);
    assert_eq!(summary_findings(&unmarked), []);
    let marked = dataset_at(DISAGREES);
    let others = |ds: &Dataset| -> Vec<Seen> {
        let all = lint(ds);
        let kept = all.iter().filter(|f| !SUMMARY_KINDS.contains(&f.kind));
        kept.map(|f| seen(ds, f)).collect()
    };
    assert_eq!(others(&unmarked), others(&marked));
    assert_eq!(others(&unmarked).len(), 9);
    assert_eq!(dir.names(), ["manifest.json", "notice.json", "source.txt"]);
}

/// A summary tied to a purpose only by the dataset's reading (`derived`) is no statement of the
/// notice: the reverse finding needs the notice's own words.
#[test]
fn a_derived_tie_to_a_summary_is_no_statement() {
    let dir = edited_copy(DISAGREES, "lint-summaries-derived", |json| {
        let edges = json["edges"].as_array_mut().expect("edges");
        for e in edges.iter_mut().filter(|e| e["kind"] == "controlled-by") {
            e["derived"] = "read as the summary of the purpose".into();
        }
    });
    let ds = load_copy(&dir);
    let kinds: Vec<&str> = summary_findings(&ds).iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            "legitimate-interests-without-summary",
            "legitimate-interests-without-summary"
        ]
    );
    assert_eq!(dir.names(), ["manifest.json", "notice.json", "source.txt"]);
}

/// X's summaries (li-1 … li-5) name every purpose that rests on legitimate interests but one:
/// "Additional information sharing with business partners" (t1-r11), whose basis is limited to
/// some Log data. The delegated basis of t1-r13 and the purposes that only inherit a basis stay
/// silent, and no summary is for a purpose without legitimate interests.
#[test]
fn the_x_notice_has_one_purpose_without_a_summary() {
    let expected = Seen {
        kind: "legitimate-interests-without-summary",
        about: strings(&["Additional information sharing with business partners"]),
        text: "\"Additional information sharing with business partners\" rests on \"Legitimate interests\" (t1-r11: only for \"Log data\", in the notice's words \"only for some Log data collected prior to X account sign up\"), and no legitimate-interests summary the notice publishes (li-1, li-2, li-3, li-4, li-5) names it or a purpose that includes it".into(),
        one_side: strings(&["t1-r11"]),
        other_side: strings(&["li-1", "li-2", "li-3", "li-4", "li-5"]),
    };
    assert_eq!(summary_findings(x2023()), [expected]);
}

/// Every recorded X version marks its summaries, and each reports the same one finding, citing the
/// summaries that version publishes (li-6 from 2024-07-25 on).
#[test]
fn each_x_version_has_that_finding_only() {
    let mut dirs: Vec<String> = fs::read_dir(root().join("data"))
        .expect("data/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("x-"))
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 8, "the X versions: {dirs:?}");
    for dir in dirs {
        let ds = dataset_at(&format!("data/{dir}"));
        let found = summary_findings(&ds);
        assert_eq!(found.len(), 1, "{dir}: {found:?}");
        assert_eq!(found[0].kind, "legitimate-interests-without-summary");
        assert_eq!(
            found[0].about,
            ["Additional information sharing with business partners"]
        );
        assert_eq!(found[0].one_side, ["t1-r11"], "{dir}");
        let summaries = ds.section("legitimate-interests").expect("summaries");
        assert_eq!(
            summaries.kind.as_deref(),
            Some("legitimate-interests-summaries")
        );
        let li: Vec<String> = ds
            .rows_of(summaries)
            .iter()
            .map(|r| r.id.to_string())
            .collect();
        assert_eq!(found[0].other_side, li, "{dir}");
    }
}

/// The export keeps a section's kind: written out and loaded again, the finding is the same.
#[test]
fn the_export_keeps_the_section_kind() {
    let files = export(x2023());
    let dir = TempDir::new("lint-summaries-export");
    for (name, bytes) in &files {
        dir.write(name, bytes);
    }
    let data = fs::read_to_string(dir.join(DATA_FILE)).expect("data file");
    let marked = data.matches("\"kind\": \"legitimate-interests-summaries\"");
    assert_eq!(marked.count(), 1);
    let again = load_copy(&dir);
    assert_eq!(summary_findings(&again), summary_findings(x2023()));
    let mut names: Vec<String> = files.into_iter().map(|(name, _)| name).collect();
    names.sort();
    assert_eq!(dir.names(), names);
}
