//! Regions as any notice has them (issue 12, points 2 and 3), on two small invented notices:
//!
//! - `tests/fixtures/no-region/` states most of its bases "under data protection law", with no region,
//!   and one basis for Northland only; its manifest lets questions name "anywhere else". A basis with
//!   no region holds wherever the notice applies: every `in <region>` keeps it, and so do `where
//!   basis is`, `.given`, `.rights` and a DSAR report.
//! - `tests/fixtures/own-regions/` has regions of its own (Coastal Union, Valdoria, coded `cu` and
//!   `vd`) and "the rest of the world" it does not mention. The tool knows no region: `list regions`
//!   lists the dataset's, and `in eu` is an unknown region there, with the nearest names.

use std::{collections::BTreeMap, path::Path};

use lineage::{
    dataset::export::export,
    load,
    query::{parse::parse, Canonical},
    Files,
};

use crate::common::{dataset_at, lineage, run, x2023, Outcome, TempDir};

const NO_REGION: &str = "tests/fixtures/no-region";
const OWN_REGIONS: &str = "tests/fixtures/own-regions";

/// `lineage ask` on a fixture: the answer as a table.
fn ask(data: &str, query: &str) -> String {
    ask_as(data, query, "table")
}

/// `lineage ask` on a fixture, in Markdown: a row per line, a note per line, nothing wrapped.
fn md(data: &str, query: &str) -> String {
    ask_as(data, query, "markdown")
}

fn ask_as(data: &str, query: &str, format: &str) -> String {
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(lineage().args(["ask", "--data", data, query, "--format", format]));
    assert_eq!(code, Some(0), "{query}: {stderr}");
    stdout
}

/// `lineage ask` on a fixture that refuses the query: the message on stderr.
fn refused(data: &str, query: &str) -> String {
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(lineage().args(["ask", "--data", data, query]));
    assert_eq!(code, Some(2), "{query}: {stdout}");
    assert_eq!(stdout, "", "{query}: no partial answer");
    stderr
}

// ----- point 2: bases stated without a region -----

#[test]
fn region_less_bases_hold_in_a_region_the_notice_names() {
    let question = "basis of every purpose in northland";
    insta::assert_snapshot!(ask(NO_REGION, question));
    let text = md(NO_REGION, question);
    for basis in [
        "Performance of a contract",
        "Consent",
        "Legitimate interests for northland",
    ] {
        assert!(text.contains(basis), "{basis} kept: {text}");
    }
    assert!(text.contains(
        "legal bases as stated for Northland, and those the notice states without a region, which hold wherever it applies"
    ));
    assert!(!text.contains("no region"), "{text}");
}

#[test]
fn region_less_bases_hold_in_a_region_the_notice_does_not_mention() {
    let answer = ask(NO_REGION, "basis of every purpose in elsewhere");
    let text = md(NO_REGION, "basis of every purpose in elsewhere");
    assert!(text.contains("Performance of a contract"), "{text}");
    assert!(text.contains("Consent"), "{text}");
    assert!(
        !text.contains("Legitimate interests"),
        "stated for Northland only: {text}"
    );
    assert!(text.contains(
        "the notice states these legal bases without a region: they hold wherever it applies, anywhere else included"
    ));
    // Its alias asks the same question.
    assert_eq!(
        ask(NO_REGION, "basis of every purpose in other"),
        answer.replace("in elsewhere", "in other")
    );
}

#[test]
fn an_item_keeps_its_region_less_basis_and_loses_the_regional_one() {
    let question = "purposes of Order history in elsewhere";
    insta::assert_snapshot!(ask(NO_REGION, question));
    let text = md(NO_REGION, question);
    // The Data column reads the same on every row: it is stated once above the table.
    assert!(text.contains("- Data: Order history (every row)"), "{text}");
    assert!(
        text.contains("| Delivering orders | Performance of a contract |"),
        "{text}"
    );
    assert!(text.contains("not stated by this notice for anywhere else"));
}

#[test]
fn rows_without_a_basis_there_name_where_the_notice_states_bases() {
    let text = md(
        NO_REGION,
        "what data does Preventing fraud use in elsewhere",
    );
    assert!(
        text.contains(
            "the notice states legal bases only for: Northland, and some without a region (none for these rows); for anywhere else the basis is not stated by this notice"
        ),
        "{text}"
    );
}

#[test]
fn where_basis_is_keeps_region_less_bases() {
    let text = md(
        NO_REGION,
        "purposes of Email address in northland where basis is consent",
    );
    assert!(
        text.contains("| Sending newsletters | Email address |"),
        "{text}"
    );
    assert_eq!(
        text.matches("\n| ").count(),
        3,
        "heading, rule and one row: {text}"
    );
    let text = md(NO_REGION, "purposes with basis Consent in elsewhere");
    assert!(
        text.contains("| Sending newsletters | Consent | b-2 |"),
        "{text}"
    );
}

/// A GDPR request from each region, with no consent given: the consent stated without a region is
/// flagged in both, and the rights follow the bases that hold in each.
const SCRIPT: &str = "\
.title Access request (regions)
.regime gdpr
.require region the requester's region
.default data any data
.given no consent
.section 15-1-e
purposes of $data in $region
.rights
.section bases
basis of every purpose in $region
";

fn report(data: &str, region: &str, item: &str) -> String {
    let dir = TempDir::new("regions-script");
    let script = dir.write("request.lq", SCRIPT);
    let Outcome {
        code,
        stdout,
        stderr,
    } = run(lineage()
        .args(["run", "--data", data])
        .arg(&script)
        .args(["--param", &format!("region={region}")])
        .args(["--param", &format!("data={item}"), "--format", "markdown"]));
    assert_eq!(code, Some(0), "{stderr}");
    stdout
}

#[test]
fn dsar_reports_keep_region_less_bases_with_given_and_rights() {
    for region in ["northland", "elsewhere"] {
        let text = report(NO_REGION, region, "Order history");
        assert!(
            text.contains("- Conditions: none stated (every row)")
                && text.contains("| Sending newsletters | Consent | b-2 | rests only on consent, which the requester has not given |"),
            "{region}: {text}"
        );
        assert!(
            text.contains("| Delivering orders | Performance of a contract | to have inaccurate data rectified (Art. 16)"),
            "{region}: the contract's rights: {text}"
        );
        let objection = text.contains("| Preventing fraud | Legitimate interests for northland | ")
            && text.contains("to object to the processing (Art. 21(1))");
        assert_eq!(
            objection,
            region == "northland",
            "{region}: legitimate interests only in Northland: {text}"
        );
    }
}

/// A notice that names no region states every basis wherever it applies: a region asked about is one
/// it does not mention, and the answer says its bases hold there (a script written for any notice runs).
#[test]
fn a_dataset_without_regions_answers_for_any_region_and_says_why() {
    let text = md("tests/fixtures/mini", "purposes of Email address in eu");
    assert!(
        text.contains("| Running the service | Email address | Contract |"),
        "{text}"
    );
    assert!(
        text.contains("the notice states these legal bases without a region: they hold wherever it applies, eu included"),
        "{text}"
    );
}

// ----- point 3: the regions come from the dataset -----

#[test]
fn list_regions_lists_only_the_dataset_s_regions() {
    let answer = ask(OWN_REGIONS, "list regions");
    insta::assert_snapshot!(answer);
    for name in ["Coastal Union", "Valdoria", "the rest of the world"] {
        assert!(answer.contains(name), "{name}: {answer}");
    }
    for code in [
        "eu",
        "efta",
        "uk",
        "us-ca",
        "EFTA",
        "European",
        "California",
    ] {
        assert!(
            !answer
                .split_whitespace()
                .any(|w| w == code || w.starts_with(code)),
            "`{code}` is not this dataset's: {answer}"
        );
    }
}

#[test]
fn a_code_names_the_region_the_dataset_gives_it_to() {
    let text = md(OWN_REGIONS, "basis of Providing accounts in cu");
    assert!(text.contains("Contract for coastal-union"), "{text}");
    assert!(!text.contains("Consent"), "{text}");
    assert!(
        text.contains("legal bases as stated for Coastal Union"),
        "{text}"
    );
    let text = md(OWN_REGIONS, "basis of Providing accounts in vd");
    assert!(text.contains("Consent for valdoria"), "{text}");
    // `describe` shows the code as the dataset's word, not the notice's.
    let text = md(OWN_REGIONS, "describe Valdoria");
    assert!(
        text.contains("| asked as | vd | a code questions and scripts may use for the region: the dataset's, not the notice's words | not from the notice |"),
        "{text}"
    );
    // A code is another way to write the region: the statement is the same.
    let ds = dataset_at(OWN_REGIONS);
    let canonical = |q: &str| {
        let statement = parse(&ds, q, &BTreeMap::new()).expect("parses");
        Canonical(&statement, &ds).to_string()
    };
    assert_eq!(
        canonical("basis of Providing accounts in cu"),
        r#"basis of "providing-accounts" in "coastal-union""#
    );
    assert_eq!(
        canonical("basis of Providing accounts in elsewhere"),
        r#"basis of "providing-accounts" in "rest-of-world""#
    );
}

#[test]
fn a_region_the_dataset_does_not_declare_is_an_error_with_its_names() {
    let message = refused(OWN_REGIONS, "basis of Providing accounts in eu");
    insta::assert_snapshot!(message, @r#"
    error: unknown region `eu`
     --> query:1:32
      |
    1 | basis of Providing accounts in eu
      |                                ^^
      = expected: a region: `coastal-union`, `cu`, `valdoria`, `vd`, `rest-of-world`
      = help: did you mean one of: `basis of "Providing accounts"`, `describe "Providing accounts"`, `what data does "Providing accounts" use` or `interests of "Providing accounts"`?
    "#);
    let message = refused(OWN_REGIONS, "basis of Providing accounts in valdorya");
    assert!(
        message.contains("did you mean: `basis of Providing accounts in valdoria`?"),
        "{message}"
    );
}

#[test]
fn a_region_the_notice_does_not_mention_keeps_only_region_less_bases() {
    let text = md(OWN_REGIONS, "purposes of Username in rest-of-world");
    assert!(
        text.contains("not stated by this notice for the rest of the world"),
        "{text}"
    );
    assert!(
        text.contains("the notice states legal bases only for: Coastal Union, Valdoria; for the rest of the world the basis is not stated by this notice"),
        "{text}"
    );
}

#[test]
fn a_script_asks_by_the_dataset_s_code() {
    let text = report(OWN_REGIONS, "cu", "Username");
    assert!(
        text.contains("| Providing accounts | Contract for coastal-union |"),
        "{text}"
    );
    let dir = TempDir::new("regions-eu");
    let script = dir.write("request.lq", SCRIPT);
    let Outcome { code, stderr, .. } = run(lineage()
        .args(["run", "--data", OWN_REGIONS])
        .arg(&script)
        .args(["--param", "region=eu"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown region `eu`"), "{stderr}");
}

#[test]
fn x_2023_declares_the_regions_its_notice_does_not_mention() {
    let ds = x2023();
    let codes: Vec<&str> = ds.other_regions().iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["us-ca", "other"]);
    let statement = parse(ds, "basis of every purpose in California", &BTreeMap::new())
        .expect("an alias of us-ca");
    assert_eq!(
        Canonical(&statement, ds).to_string(),
        r#"basis of every purpose in "us-ca""#
    );
}

#[test]
fn codes_and_other_regions_survive_an_export() {
    let ds = dataset_at(OWN_REGIONS);
    let dir = TempDir::new("regions-export");
    for (name, bytes) in export(&ds) {
        dir.write(&name, bytes);
    }
    let again = load(&Files::dir(dir.to_path_buf())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.other_regions(), ds.other_regions());
    let cu = again.region_by_code("cu").expect("the code is kept");
    assert_eq!(again.node(cu).id.to_string(), "coastal-union");
}

#[test]
fn codes_only_on_regions() {
    let dir = TempDir::new("codes-on-a-purpose");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(OWN_REGIONS);
    for name in ["manifest.json", "source.txt"] {
        dir.write(name, std::fs::read(root.join(name)).expect("fixture"));
    }
    let notice = std::fs::read_to_string(root.join("notice.json")).expect("fixture");
    let notice = notice.replace(
        r#""name": "Providing accounts","#,
        r#""name": "Providing accounts", "codes": ["pa"],"#,
    );
    let path = dir.write("notice.json", notice);
    let folder = path.parent().expect("folder");
    let Outcome { code, stderr, .. } = run(lineage().args(["check", "--data"]).arg(folder));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`codes`"), "{stderr}");
    assert!(stderr.contains("only on `region` nodes"), "{stderr}");
}

#[test]
fn tab_completes_the_dataset_s_region_words() {
    let ds = dataset_at(OWN_REGIONS);
    let helper = lineage::repl::complete::LineHelper::new(&ds);
    let completed = |typed: &str| -> Vec<String> {
        let (_, pairs) = helper.candidates(typed);
        pairs.into_iter().map(|p| p.replacement).collect()
    };
    assert_eq!(completed("purposes of Username in elsew"), ["elsewhere"]);
    assert_eq!(
        completed("purposes of Username in rest-of"),
        ["rest-of-world"]
    );
    assert_eq!(completed("purposes of Username in v"), ["Valdoria", "vd"]);
}
