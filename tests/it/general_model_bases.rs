//! Issue 12, points 7 and 10, on `tests/fixtures/interests-and-kinds/`: the interests a purpose
//! pursues are facts, quoted and cited like every other (`interest` nodes, `pursues` edges); and the
//! rights a basis opens come from the kind of legal basis it is (`legal_basis`), never from its name.

use crate::common::{lineage, run, TempDir};

const DATA: &str = "tests/fixtures/interests-and-kinds";

/// `lineage ask` on the fixture, in `format`: exit code 0, or 1 for an answer with no rows.
fn ask(query: &str, format: &str) -> String {
    let outcome = run(lineage().args(["ask", "--data", DATA, "--format", format, query]));
    assert!(
        matches!(outcome.code, Some(0 | 1)),
        "{query}: {}",
        outcome.stderr
    );
    outcome.stdout
}

/// A script run on the fixture under GDPR, as Markdown; exit code 0.
fn report(script: &str) -> String {
    let dir = TempDir::new("bases");
    let path = dir.write("bases.lq", script);
    let path = path.to_str().expect("utf-8 path");
    let outcome = run(lineage().args(["run", "--data", DATA, "--format", "markdown", path]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    outcome.stdout
}

// ----- point 7: the interests pursued -----

#[test]
fn basis_of_a_purpose_shows_the_interests_it_pursues_cited() {
    insta::assert_snapshot!(ask("basis of Keeping the service secure", "table"));
    let json = ask("basis of Marketing our products", "json");
    assert!(json.contains(r#""key": "interests""#), "{json}");
    assert!(
        json.contains(r#""quote": "our interest in marketing our products to existing customers""#),
        "the pursues edge is cited: {json}"
    );
}

#[test]
fn a_purpose_without_interests_says_not_stated() {
    let json = ask("basis of Keeping records required by law", "json");
    assert!(
        json.contains("\"interests\": {\n        \"not_stated\": \"not stated by this notice\""),
        "{json}"
    );
    let answer = ask("interests of Product research", "json");
    assert!(
        answer.contains("no interest pursued is stated for `Product research`"),
        "{answer}"
    );
    insta::assert_snapshot!(ask("describe Product research", "table"));
}

#[test]
fn interests_of_a_part_come_from_the_purpose_that_includes_it() {
    insta::assert_snapshot!(ask("interests of fraud checks", "table"));
    insta::assert_snapshot!(ask("interests of every purpose", "table"));
    let described = ask("describe fraud checks", "table");
    assert!(
        described.contains("stated for a purpose that"),
        "{described}"
    );
}

#[test]
fn an_interest_is_described_with_the_purpose_that_pursues_it() {
    let described = ask("describe to prevent fraud", "table");
    assert!(described.contains("<- pursues"), "{described}");
    assert!(
        described.contains("Keeping the service secure"),
        "{described}"
    );
    let listed = ask("list interests", "table");
    assert!(listed.contains("to keep our services secure"), "{listed}");
}

#[test]
fn a_dataset_that_records_no_interests_adds_no_column_and_no_false_silence() {
    let outcome = run(lineage().args(["ask", "--format", "json", "interests of every purpose"]));
    assert_eq!(outcome.code, Some(1), "no rows: {}", outcome.stderr);
    assert!(
        outcome.stdout.contains("this dataset records no interests"),
        "{}",
        outcome.stdout
    );
    assert!(!outcome.stdout.contains("not stated by this notice"));
    let basis = run(lineage().args(["ask", "basis of every purpose"]));
    assert!(!basis.stdout.contains("Interests pursued"));
}

#[test]
fn the_gdpr_report_shows_the_interests_relied_on() {
    let text = report(".regime gdpr\n.section bases\nbasis of every purpose\n");
    assert!(text.contains("Interests pursued"), "{text}");
    assert!(text.contains("to keep our services secure"), "{text}");
}

// ----- point 10: rights come from the kind of legal basis -----

#[test]
fn rights_come_from_the_kind_not_the_name() {
    let script = format!("{DATA}/gdpr-rights.lq");
    let outcome = run(lineage().args(["run", "--data", DATA, "--format", "markdown", &script]));
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    insta::assert_snapshot!(outcome.stdout);
}

#[test]
fn a_basis_with_a_name_no_regime_uses_is_still_recognised_by_its_kind() {
    let text = report(
        ".regime gdpr\n.section 15-1-e\nbasis of Keeping records required by law\n.rights\n",
    );
    assert!(
        text.contains("Compliance with Legal Obligations: Art. 6(1)(c)"),
        "{text}"
    );
    assert!(
        text.contains(
            "the notice cites no article; compliance with a legal obligation is GDPR Art. 6(1)(c)"
        ),
        "the reading is marked derived: {text}"
    );
    let consent = report(".regime gdpr\n.section 15-1-e\nbasis of Sending newsletters\n.rights\n");
    assert!(
        consent.contains("to withdraw consent at any time (Art. 7(3))"),
        "{consent}"
    );
}

#[test]
fn a_basis_without_a_kind_has_rights_not_stated() {
    let text = report(".regime gdpr\n.section 15-1-e\nbasis of Product research\n.rights\n");
    assert!(
        text.contains(
            "not stated by this notice: which legal basis of the law Research exemption is"
        ),
        "{text}"
    );
    assert!(!text.contains("Art. 16"), "no right is guessed: {text}");
}

#[test]
fn the_kind_is_described_with_its_evidence() {
    let stated = ask("describe Your permission", "table");
    assert!(stated.contains("gdpr-6-1-a"), "{stated}");
    assert!(stated.contains("as the notice states it"), "{stated}");
}

#[test]
fn consent_is_known_by_its_kind_for_given() {
    let text = report(".regime gdpr\n.given no consent\n.section 15-1-a\npurposes of any data\n");
    assert!(
        text.contains("rests only on consent, which the requester has not given"),
        "the basis named `Your permission` is consent by its kind: {text}"
    );
}

#[test]
fn kinds_and_interests_survive_an_export() {
    let dir = TempDir::new("bases-export");
    let out = dir.join("export");
    let exported = run(lineage()
        .args(["export", "json", "--data", DATA, "-o"])
        .arg(&out));
    assert_eq!(exported.code, Some(0), "{}", exported.stderr);
    let again = |data: &str| {
        run(lineage().args([
            "ask",
            "--data",
            data,
            "--format",
            "json",
            "basis of every purpose",
        ]))
        .stdout
    };
    let out = out.to_str().expect("utf-8 path");
    assert_eq!(again(DATA), again(out));
    let described = |data: &str| {
        run(lineage().args([
            "ask",
            "--data",
            data,
            "describe Compliance with Legal Obligations",
        ]))
        .stdout
    };
    assert_eq!(described(DATA), described(out));
    assert!(described(out).contains("gdpr-6-1-c"));
}

#[test]
fn a_delegated_basis_reading_a_basis_without_a_kind_says_so() {
    let text =
        report(".regime gdpr\n.section 15-1-e\nbasis of Sharing with our vendors\n.rights\n");
    assert!(
        text.contains("Compliance with Legal Obligations: Art. 6(1)(c); Legitimate interests: Art. 6(1)(f); Your permission: Art. 6(1)(a)"),
        "{text}"
    );
    assert!(
        text.contains("which legal basis of the law these bases are, so no rights are given for them: Research exemption"),
        "{text}"
    );
}
