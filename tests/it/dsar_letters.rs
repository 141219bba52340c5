//! Access requests for two audiences (`lineage run --audience requester|counsel|both`): the
//! requester's letter in plain words and counsel's annex, on the X dataset and on LinkedIn's; the
//! legal classes (Art. 9, CCPA sensitive personal information, direct marketing), the scope of a
//! policy-level answer, recipients, the CCPA look-back, the date, and the Word document.

use std::io::Read;

use crate::common::{self, lineage, Outcome, TempDir};

const GDPR: &str = "queries/dsar/gdpr-art15.lq";
const CCPA: &str = "queries/dsar/ccpa-right-to-know.lq";
const LINKEDIN: &str = "data/linkedin-eu-2025-02";
const DATE: &str = "2026-01-15";

fn run(data: Option<&str>, args: &[&str]) -> Outcome {
    let mut cmd = lineage();
    if let Some(dir) = data {
        cmd.arg("--data").arg(dir);
    }
    common::run(cmd.arg("run").args(args))
}

fn ok(outcome: Outcome) -> String {
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(outcome.stderr, "");
    outcome.stdout
}

fn letter(data: Option<&str>, script: &str) -> String {
    let mut args = vec![script, "--audience", "requester", "--date", DATE];
    if script == GDPR {
        args.extend(["--param", "region=eu"]);
    }
    ok(run(data, &args))
}

/// What a requester cannot resolve or must not see: row ids, flags, the tool's readings.
fn assert_plain(letter: &str, data: Option<&str>) {
    let ds = common::dataset_at(data.unwrap_or("data/x-2023"));
    for row in ds.rows() {
        let id = format!(" {} ", row.id);
        let spaced = letter.replace(['(', ')', ',', ';', '.', ':', '"'], " ");
        assert!(
            !spaced.contains(&id),
            "the row id `{}` in the letter",
            row.id
        );
    }
    let letter = &letter.replacen("**Date:**", "Date:", 1);
    for word in [
        "flag",
        "derived:",
        "(derived",
        "*",
        "[1]",
        "\\[",
        "delegated",
        "lineage",
        "t1-r",
        "fn-",
    ] {
        assert!(!letter.contains(word), "`{word}` in the letter");
    }
    // Items that stand for a rule are not listed as data.
    for line in letter.lines() {
        assert!(!line.starts_with("- As required by"), "{line}");
        assert!(!line.starts_with("- Any data relating to you"), "{line}");
    }
    // The issue's budget is for the X notice's letters; LinkedIn's notice names about three times
    // as many data items, each of which 1798.110(a)(5) lists.
    let budget = if data.is_none() { 200 } else { 250 };
    let lines = letter.lines().count();
    assert!(lines <= budget, "{lines} lines");
}

#[test]
fn the_gdpr_letter_on_x_answers_every_item_in_plain_words() {
    let letter = letter(None, GDPR);
    assert_plain(&letter, None);
    for item in ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"] {
        assert!(letter.contains(&format!("(Art. 15(1){item})")), "{item}");
    }
    assert!(letter.contains("(Art. 15(2))"));
    // The date, the scope, and what needs the company's own systems.
    assert!(letter.contains("**Date:** 2026-01-15"));
    assert!(letter.contains("policy-level answer"));
    assert!(letter.contains("Article 15(3)"));
    assert!(letter.contains("EDPB Guidelines 01/2022"));
    // The special category, quoted, and its condition.
    assert!(letter.contains(
        "- Selfie. Class: special categories of personal data (such as biometric data processed to identify a person uniquely) (Art. 9(1)). Our notice says: \"includes face biometric data\"."
    ));
    assert!(letter.contains("Art. 9(2)(a)"));
    // The absolute objection to direct marketing, for the purposes the dataset reads as such.
    assert!(letter.contains("- The right to object at any time to processing for direct marketing; the data are then no longer processed for it (Art. 21(2)-(3)). For: Advertising we show you on X"));
    // Portability only for (a)/(b): not for a purpose resting on legitimate interests alone.
    let portability = letter
        .lines()
        .find(|l| l.starts_with("- The right to data portability"))
        .expect("portability");
    assert!(
        !portability.contains("Exclusion audiences"),
        "{portability}"
    );
    let objection = letter
        .lines()
        .find(|l| l.starts_with("- The right to object to the processing (Art. 21(1))"))
        .expect("objection");
    assert!(objection.contains("Exclusion audiences"), "{objection}");
    // The named processor is named; categories get the C-154/21 note.
    assert!(letter.contains("- Au10tix. Data: Image of your ID; data from your ID; Selfie."));
    assert!(letter.contains("(CJEU, C-154/21)"));
    // Gaps in words; the rule is said as a rule.
    assert!(letter.contains("Our notice does not state the right to lodge a complaint"));
    assert!(letter.contains("Our notice also lists \"As required by applicable law, regulation, legal process, or governmental request\": this stands for any of your data"));
    // (e) does not repeat (a)'s list of purposes.
    assert_eq!(letter.matches("- Exclusion audiences.").count(), 1);
    insta::assert_snapshot!(letter);
}

#[test]
fn the_ccpa_letter_on_x_has_no_eu_bases_and_names_what_sits_in_no_category() {
    let letter = letter(None, CCPA);
    assert_plain(&letter, None);
    for item in [
        "1798.110(a)(1)",
        "1798.110(a)(2)",
        "1798.110(a)(3)",
        "1798.110(a)(4)",
        "1798.110(a)(5)",
        "1798.115(a)",
        "1798.100(a)(3)",
    ] {
        assert!(
            letter.contains(&format!("(Cal. Civ. Code {item})")),
            "{item}"
        );
    }
    assert!(letter.contains("12 months before your request"));
    for eu in [
        "Legal basis",
        "Art. 6",
        "Directive 95/46/EC",
        "European Union",
        "GDPR",
    ] {
        assert!(!letter.contains(eu), "`{eu}` in a CCPA letter");
    }
    assert!(letter.contains("Our notice places in no category the data it says \"Au10tix\" may receive (Image of your ID; Selfie; data from your ID), so they appear under no category here."));
    assert!(letter.contains("- Selfie. Class: sensitive personal information"));
    assert!(letter.contains("(Cal. Civ. Code 1798.140(ae))"));
    assert!(letter.contains("Not stated in our notice: whether \"any data\" is sold"));
    insta::assert_snapshot!(letter);
}

#[test]
fn the_letters_on_linkedin_answer_every_item_too() {
    let gdpr = letter(Some(LINKEDIN), GDPR);
    assert_plain(&gdpr, Some(LINKEDIN));
    for item in ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"] {
        assert!(gdpr.contains(&format!("(Art. 15(1){item})")), "{item}");
    }
    // The notice names no special category: said, not guessed.
    assert!(gdpr.contains("Of the data this answer covers, our notice states none of this kind: special categories of personal data"));
    assert!(gdpr.contains("For: Direct Marketing;"));
    assert!(gdpr.contains(
        "- Your personal data in general. Retention: We generally retain your personal data"
    ));
    assert!(gdpr.contains("- the supervisory authority in your jurisdiction."));
    insta::assert_snapshot!("linkedin_gdpr_letter", gdpr);
    let ccpa = letter(Some(LINKEDIN), CCPA);
    assert_plain(&ccpa, Some(LINKEDIN));
    assert!(!ccpa.contains("Legal basis"));
    assert!(ccpa.contains("- Images and video files content in Member messages. Class: sensitive personal information"));
    insta::assert_snapshot!("linkedin_ccpa_letter", ccpa);
}

#[test]
fn letters_are_byte_identical_across_runs_on_a_fixed_date() {
    for data in [None, Some(LINKEDIN)] {
        for script in [GDPR, CCPA] {
            assert_eq!(letter(data, script), letter(data, script), "{script}");
        }
    }
    let json = |_: ()| {
        ok(run(
            None,
            &[
                GDPR,
                "--param",
                "region=eu",
                "--audience",
                "requester",
                "--date",
                DATE,
                "--format",
                "json",
            ],
        ))
    };
    let first = json(());
    assert_eq!(first, json(()));
    let value: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(value["date"], DATE);
    assert_eq!(value["parts"].as_array().map(Vec::len), Some(10));
}

#[test]
fn both_in_one_run_write_the_letter_and_an_annex_that_holds_the_whole_report() {
    let dir = TempDir::new("letters-both");
    let letter_path = dir.join("letter.md");
    let annex_path = dir.join("annex.md");
    let out = run(
        None,
        &[
            GDPR,
            "--param",
            "region=eu",
            "--audience",
            "both",
            "--date",
            DATE,
            "-o",
            letter_path.to_str().expect("utf-8"),
            "--annex",
            annex_path.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(ok(out), "");
    assert_eq!(dir.names(), ["annex.md", "letter.md"]);
    let written = std::fs::read_to_string(&letter_path).expect("letter");
    assert_eq!(written, letter(None, GDPR));
    let annex = std::fs::read_to_string(&annex_path).expect("annex");
    // The annex is today's counsel report, dated, with nothing left out.
    let counsel = ok(run(None, &[GDPR, "--param", "region=eu"]));
    assert_eq!(annex.replace("| Answered on | 2026-01-15 |\n", ""), counsel);
    assert!(annex.contains("| Answered on | 2026-01-15 |"));
    for kept in [
        "t3-r3 does not list this recipient",
        "derived",
        "## Completeness",
        "## Legal classes",
        "## Scope of this answer",
    ] {
        assert!(annex.contains(kept), "`{kept}` not in the annex");
    }
    assert!(annex.contains("| Selfie | special categories of personal data (such as biometric data processed to identify a person uniquely) (Art. 9(1)) |"));
    assert!(annex.contains(
        "t1-r04\\*: \"Advertising we show you on X\" (derived: advertising addressed to the user"
    ));
}

/// The text of a Word document's body, paragraph by paragraph.
fn docx_text(path: &std::path::Path) -> (String, String) {
    let file = std::fs::File::open(path).expect("the document");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    let mut text = String::new();
    for paragraph in xml.split("</w:p>") {
        for run in paragraph.split("<w:t xml:space=\"preserve\">").skip(1) {
            text.push_str(run.split("</w:t>").next().unwrap_or_default());
        }
        text.push('\n');
    }
    let text = text
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&apos;", "'");
    (xml, text)
}

#[test]
fn the_letter_and_annex_as_word_documents_read_back() {
    let dir = TempDir::new("letters-docx");
    let letter_path = dir.join("letter.docx");
    let annex_path = dir.join("annex.docx");
    let out = run(
        None,
        &[
            GDPR,
            "--param",
            "region=eu",
            "--audience",
            "both",
            "--format",
            "docx",
            "--date",
            DATE,
            "-o",
            letter_path.to_str().expect("utf-8"),
            "--annex",
            annex_path.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(ok(out), "");
    let (xml, text) = docx_text(&letter_path);
    assert!(xml.contains("<w:pStyle w:val=\"Heading1\" />"));
    assert!(xml.contains("<w:pStyle w:val=\"Heading2\" />"));
    assert!(xml.contains("<w:tbl>"));
    assert!(text.contains(
        "Your request for access to your personal data (GDPR Article 15)\nDate: 2026-01-15\n"
    ));
    assert!(text.contains(
        "1. What we use your personal data for, and on what legal basis (Art. 15(1)(a))\n"
    ));
    assert!(text.contains("Au10tix\nData: Image of your ID; data from your ID; Selfie. Legal basis: Consent\nData processing summary\n"));
    assert!(text.contains("(CJEU, C-154/21)"));
    let core = {
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(&letter_path).expect("doc")).expect("zip");
        let mut core = String::new();
        zip.by_name("docProps/core.xml")
            .expect("core")
            .read_to_string(&mut core)
            .expect("utf-8");
        core
    };
    assert!(core.contains("2026-01-15T00:00:00Z"), "{core}");
    let (xml, text) = docx_text(&annex_path);
    assert!(xml.contains("<w:tbl>"));
    assert!(text.contains("Completeness\n"));
    assert!(text.contains("t3-r3 does not list this recipient"));
    // The same request gives the same document.
    let again = dir.join("again.docx");
    let out = run(
        None,
        &[
            GDPR,
            "--param",
            "region=eu",
            "--audience",
            "requester",
            "--format",
            "docx",
            "--date",
            DATE,
            "-o",
            again.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(ok(out), "");
    assert_eq!(
        std::fs::read(&again).expect("again"),
        std::fs::read(&letter_path).expect("letter")
    );
}

/// A refusal: exit 2, the message, nothing on stdout and nothing written.
fn refused(args: &[&str]) -> String {
    let dir = TempDir::new("letters-refused");
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    for a in &mut args {
        if let Some(name) = a.strip_prefix("TMP/") {
            *a = dir.join(name).display().to_string();
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(None, &args);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(dir.names().is_empty(), "{:?}", dir.names());
    out.stderr.replace(&dir.display().to_string(), "TMP")
}

#[test]
fn runs_that_cannot_be_written_as_asked_are_refused() {
    let both = refused(&[
        GDPR,
        "--param",
        "region=eu",
        "--audience",
        "both",
        "-o",
        "TMP/letter.md",
    ]);
    assert_eq!(
        both,
        "error: the annex needs a file\n  --> --audience both\n   = expected: `--annex FILE`\n"
    );
    let annex = refused(&[GDPR, "--param", "region=eu", "--annex", "TMP/annex.md"]);
    assert_eq!(annex, "error: `--annex` is for `--audience both`\n  --> --annex\n   = expected: `--audience both`, or no `--annex`\n");
    let docx = refused(&[GDPR, "--param", "region=eu", "--format", "docx"]);
    assert_eq!(docx, "error: a Word document is written to a file\n  --> --format docx\n   = expected: `-o FILE`\n");
    let csv = refused(&[
        GDPR,
        "--param",
        "region=eu",
        "--audience",
        "requester",
        "--format",
        "csv",
        "-o",
        "TMP/letter.csv",
    ]);
    assert_eq!(csv, "error: the letter is not written as csv\n  --> --format\n   = expected: markdown, json or docx for `--audience requester` or `both`\n");
    let same = refused(&[
        GDPR,
        "--param",
        "region=eu",
        "--audience",
        "both",
        "-o",
        "TMP/x.md",
        "--annex",
        "TMP/x.md",
    ]);
    assert_eq!(same, "error: the annex and the letter would be the same file\n  --> --annex\n   = expected: two different files for `-o` and `--annex`\n");
    let date = refused(&[GDPR, "--param", "region=eu", "--date", "2026-02-30"]);
    assert!(date.starts_with("error: invalid value '2026-02-30' for '--date <YYYY-MM-DD>': `2026-02-30` is not a date YYYY-MM-DD\n"), "{date}");
}

#[test]
fn a_bad_legal_classes_file_is_a_located_error() {
    let dir = TempDir::new("letters-classes");
    let copy = copy_of_x2023(&dir);
    let classes = std::fs::read_to_string(copy.join("legal-classes.json")).expect("classes");
    let cases = [
        ("\"node\": \"selfie\", \"class\": \"gdpr-art9\"", "\"node\": \"selfy\", \"class\": \"gdpr-art9\""),
        ("\"class\": \"gdpr-art9\"", "\"class\": \"gdpr-art-9\""),
        ("\"class\": \"gdpr-art9\", \"provenance\": {\"row\": \"t1-r20\", \"quote\": \"includes face biometric data\"}", "\"class\": \"gdpr-art9\", \"provenance\": {\"row\": \"t1-r20\", \"quote\": \"includes no biometric data\"}"),
        ("{\"node\": \"selfie\", \"class\": \"gdpr-art9\"", "{\"node\": \"personalized-advertising\", \"class\": \"gdpr-art9\""),
    ];
    let mut messages = Vec::new();
    for (from, to) in cases {
        assert!(classes.contains(from), "{from}");
        std::fs::write(
            copy.join("legal-classes.json"),
            classes.replacen(from, to, 1),
        )
        .expect("written");
        let out = common::run(lineage().arg("--data").arg(&copy).args([
            "run",
            GDPR,
            "--param",
            "region=eu",
            "--audience",
            "requester",
        ]));
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert_eq!(out.stdout, "");
        messages.push(out.stderr.replace(&copy.display().to_string(), "DATASET"));
    }
    insta::assert_snapshot!(messages.join("\n"));
    // The file a run reads is never one it writes.
    std::fs::write(copy.join("legal-classes.json"), &classes).expect("restored");
    let target = copy.join("legal-classes.json");
    let out = common::run(
        lineage()
            .arg("--data")
            .arg(&copy)
            .args(["run", GDPR, "--param", "region=eu", "-o"])
            .arg(&target),
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(
        out.stderr.replace(&copy.display().to_string(), "DATASET"),
        "lineage: `DATASET/legal-classes.json` is the dataset's legal classes: writing there would destroy it; name another file\n"
    );
    assert_eq!(std::fs::read_to_string(&target).expect("kept"), classes);
}

/// The legal classes the letters read are covered by the dataset's content hash (the report's header):
/// another `legal-classes.json`, or none, is another hash.
#[test]
fn the_content_hash_covers_the_legal_classes() {
    let dir = TempDir::new("letters-hash");
    let copy = copy_of_x2023(&dir);
    let hash = || {
        let out = common::run(
            lineage()
                .arg("--data")
                .arg(&copy)
                .args(["check", "--format", "json"]),
        );
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let summary: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        summary["content_hash"]
            .as_str()
            .expect("a hash")
            .to_string()
    };
    let first = hash();
    assert_eq!(first, hash(), "the same files, the same hash");
    let classes = copy.join("legal-classes.json");
    let text = std::fs::read_to_string(&classes).expect("classes");
    std::fs::write(&classes, format!("{text}\n")).expect("written");
    let changed = hash();
    assert_ne!(first, changed, "a changed legal-classes.json");
    std::fs::remove_file(&classes).expect("removed");
    let without = hash();
    assert_ne!(without, first);
    assert_ne!(without, changed);
}

/// A copy of data/x-2023 in `dir`, to change one of its files.
fn copy_of_x2023(dir: &TempDir) -> std::path::PathBuf {
    let copy = dir.join("dataset");
    std::fs::create_dir(&copy).expect("a folder");
    for entry in std::fs::read_dir(common::root().join("data/x-2023")).expect("x-2023") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, copy.join(path.file_name().expect("name"))).expect("copied");
    }
    copy
}
