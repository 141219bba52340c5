//! Data at the level a notice states it (issue 12): a category used, kept and shared as a whole, an
//! item shared by name, conditions on collection, and disclosures that name their data and reason.
//!
//! The fixture `tests/fixtures/data-levels/` is a small invented notice whose purposes, sources and
//! recipients tables all name the same two categories ("User Data", "Usage Data"), with one item
//! shared by name, a condition on collecting from partners, and a recipients row ("Research
//! partners / Usage Data / to help us improve the service") tied to a purpose that uses both
//! categories. Facts are checked on the typed relations, written compactly with dataset ids
//! (`recipient <- data by route:via | reason | flags`); what each output format prints is checked on
//! the rendered text, and the table answers are one snapshot.

use lineage::{
    present::format::Format,
    present::render::{render, Options},
    query::ask,
    relation::{Cite, Disclosure, Flag, Relations, Route},
    Dataset,
};
use petgraph::graph::NodeIndex;

use crate::common::{dataset_at, no_params};

const FIXTURE: &str = "tests/fixtures/data-levels";

fn fixture() -> Dataset {
    dataset_at(FIXTURE)
}

fn node(ds: &Dataset, id: &str) -> NodeIndex {
    ds.node_by_id(id)
        .unwrap_or_else(|| panic!("no node `{id}`"))
}

fn id(ds: &Dataset, n: NodeIndex) -> String {
    ds.node(n).id.to_string()
}

/// The rows cited, each once, in order.
fn rows(ds: &Dataset, cites: &[Cite]) -> String {
    let mut out: Vec<String> = Vec::new();
    for &cite in cites {
        let row = match cite {
            Cite::Edge(e) => ds.cited_row(&ds.edge(e).provenance).id.to_string(),
            Cite::Node(n) => ds.cited_row(&ds.node(n).provenance).id.to_string(),
        };
        if !out.contains(&row) {
            out.push(row);
        }
    }
    out.join(", ")
}

fn route(ds: &Dataset, r: Route) -> String {
    match r {
        Route::CategoryLevel(c) => format!("category-level:{}", id(ds, c)),
        Route::ItemLevel(i) => format!("item-level:{}", id(ds, i)),
        Route::Purpose(p) => format!("purpose:{}", id(ds, p)),
        Route::Processor => "processor".to_string(),
    }
}

fn flag(ds: &Dataset, f: &Flag) -> String {
    let ids = |nodes: &[NodeIndex]| {
        let ids: Vec<String> = nodes.iter().map(|&n| id(ds, n)).collect();
        ids.join(", ")
    };
    match f {
        Flag::NotListed { categories, rows } => {
            format!("not listed by {} for {}", rows.join(", "), ids(categories))
        }
        Flag::NoStatementFor { categories } => format!("no statement for {}", ids(categories)),
        Flag::NoCategory { item } => format!("{} in no category", id(ds, *item)),
    }
}

/// A disclosure as one line: `recipient <- data by route | reason | flags (rows)`.
fn disclosure(ds: &Dataset, d: &Disclosure) -> String {
    let flags: Vec<String> = d.flags.iter().map(|f| flag(ds, f)).collect();
    format!(
        "{} <- {} by {} | {} | {} ({})",
        id(ds, d.recipient),
        id(ds, d.data),
        route(ds, d.route),
        d.reason.as_deref().unwrap_or("no reason"),
        flags.join("; "),
        rows(ds, &d.cites)
    )
}

/// The disclosures of `data` (`None`: of everything), as sorted lines.
fn disclosures(ds: &Dataset, data: Option<&str>) -> Vec<String> {
    let rel = Relations::new(ds, None);
    let mut lines: Vec<String> = rel
        .disclosures(data.map(|d| node(ds, d)))
        .iter()
        .map(|d| disclosure(ds, d))
        .collect();
    lines.sort();
    lines
}

/// The uses of `data`, as sorted lines `data -> purpose (rows)`.
fn uses(ds: &Dataset, data: Option<&str>) -> Vec<String> {
    let rel = Relations::new(ds, None);
    let mut lines: Vec<String> = rel
        .uses(data.map(|d| node(ds, d)))
        .iter()
        .map(|u| {
            format!(
                "{} -> {} ({})",
                id(ds, u.data),
                id(ds, u.purpose),
                rows(ds, &u.cites)
            )
        })
        .collect();
    lines.sort();
    lines
}

fn answer(ds: &Dataset, query: &str, format: Format) -> String {
    let answer = ask(ds, query, &no_params()).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    render(&answer, format, &Options::default())
}

/// The formats that print a cell on one line (a table wraps long cells: the snapshot below shows
/// them whole).
const FORMATS: &[Format] = &[Format::Markdown, Format::Csv, Format::Json, Format::Line];

/// Point 1: the purposes table names categories. A question about the category answers for it; a
/// question about an item in it answers for the item, citing the sources row (s-1) that places it
/// there and the purposes row that states the use. No twin nodes, so no bare name is ambiguous.
#[test]
fn a_category_is_used_as_a_whole_and_each_item_in_it_with_it() {
    let ds = fixture();
    assert_eq!(
        uses(&ds, Some("user-data")),
        [
            "user-data -> improving-the-service (p-2)",
            "user-data -> providing-the-service (p-1)",
        ]
    );
    assert_eq!(
        uses(&ds, Some("display-name")),
        [
            "display-name -> improving-the-service (s-1, p-2)",
            "display-name -> providing-the-service (s-1, p-1)",
        ]
    );
    // Every use once, as stated: for the categories, never again for each of their items.
    assert_eq!(
        uses(&ds, None),
        [
            "usage-data -> improving-the-service (p-2)",
            "usage-data -> providing-the-service (p-1)",
            "user-data -> improving-the-service (p-2)",
            "user-data -> providing-the-service (p-1)",
        ]
    );
    let table = answer(&ds, "purposes of Display name", Format::Table);
    assert!(table.contains("Providing the"), "{table}");
    assert!(table.contains("s-1, p-1"), "{table}");
    // The bare name of each category and item resolves: nothing is ambiguous.
    for name in ["User Data", "Usage Data", "Display name", "Session length"] {
        answer(&ds, &format!("purposes of {name}"), Format::Table);
    }
}

/// Point 1: retention stated for a category holds for each item in it.
#[test]
fn a_retention_period_stated_for_a_category_holds_for_its_items() {
    let ds = fixture();
    let rel = Relations::new(&ds, None);
    let line = |r: &lineage::relation::Retention| {
        format!(
            "{} -> {} for {} ({})",
            id(&ds, r.data),
            id(&ds, r.purpose),
            r.period.as_deref().unwrap_or("?"),
            rows(&ds, &r.cites)
        )
    };
    let of = |data: &str| -> Vec<String> {
        rel.retentions(Some(node(&ds, data)))
            .iter()
            .map(line)
            .collect()
    };
    assert_eq!(
        of("user-data"),
        ["user-data -> providing-the-service for for as long as your account is open (p-3)"]
    );
    assert_eq!(
        of("contact-email"),
        ["contact-email -> providing-the-service for for as long as your account is open (s-1, p-3)"]
    );
    assert!(of("session-length").is_empty());
    let text = answer(&ds, "retention of Usage Data", Format::Table);
    assert!(
        text.contains("the notice gives no retention period for `Usage Data`"),
        "{text}"
    );
}

/// Points 1 and 6, every route of the notice. Flags are facts a careful reader accepts:
/// - Payment processors get User Data and Usage Data through "Providing the service" (p-1: "Our
///   payment processors help us provide it"); the recipients table (r-1, r-2) names them for
///   neither. The flag names the rows that do not list them.
/// - Research partners get Usage Data only: r-3 names "Data: Usage Data" for them, so the
///   disclosure carries no User Data although "Improving the service" uses both; and since the
///   disclosure names its data, it is itself the notice's statement: no flag.
/// - Measurement partners get Session length by name (item-level, r-2), with the reason.
#[test]
fn every_route_is_at_the_level_the_notice_states_it() {
    let ds = fixture();
    assert_eq!(
        disclosures(&ds, None),
        [
            "hosting-vendors <- usage-data by category-level:usage-data | to host and run the service |  (r-1)",
            "hosting-vendors <- user-data by category-level:user-data | to host and run the service |  (r-1)",
            "measurement-partners <- session-length by item-level:session-length | to measure how the service is used |  (r-2)",
            "payment-processors <- usage-data by purpose:providing-the-service | no reason | not listed by r-1 for usage-data (p-1)",
            "payment-processors <- user-data by purpose:providing-the-service | no reason | not listed by r-1 for user-data (p-1)",
            "research-partners <- usage-data by purpose:improving-the-service | to help us improve the service |  (p-2, r-3)",
        ]
    );
    assert_eq!(
        disclosures(&ds, Some("user-data")),
        [
            "hosting-vendors <- user-data by category-level:user-data | to host and run the service |  (r-1)",
            "payment-processors <- user-data by purpose:providing-the-service | no reason | not listed by r-1 for user-data (p-1)",
        ]
    );
    // An item: the statements of its category, its own, and the routes of its category's uses.
    assert_eq!(
        disclosures(&ds, Some("session-length")),
        [
            "hosting-vendors <- usage-data by category-level:usage-data | to host and run the service |  (s-2, r-1)",
            "measurement-partners <- session-length by item-level:session-length | to measure how the service is used |  (r-2)",
            "payment-processors <- session-length by purpose:providing-the-service | no reason | not listed by r-1, r-2 for session-length, usage-data (s-2, p-1)",
            "research-partners <- session-length by purpose:improving-the-service | to help us improve the service |  (s-2, p-2, r-3)",
        ]
    );
    assert_eq!(
        disclosures(&ds, Some("display-name")),
        [
            "hosting-vendors <- user-data by category-level:user-data | to host and run the service |  (s-1, r-1)",
            "payment-processors <- display-name by purpose:providing-the-service | no reason | not listed by r-1 for user-data (s-1, p-1)",
        ]
    );
}

/// Point 6, as answered: who may receive User Data never names Research partners; what Research
/// partners receive is Usage Data, with the reason quoted and r-3 cited, in every format.
#[test]
fn a_disclosure_that_names_its_data_carries_only_that_data() {
    let ds = fixture();
    let who = answer(&ds, "who may receive User Data", Format::Table);
    assert!(!who.contains("Research"), "{who}");
    let why = answer(
        &ds,
        "why may Research partners receive User Data",
        Format::Table,
    );
    assert!(
        why.contains("no statement of the notice lets `User Data` reach `Research"),
        "{why}"
    );
    for &format in FORMATS {
        let text = answer(&ds, "what does Research partners receive", format);
        assert!(text.contains("Usage Data"), "{format:?}: {text}");
        assert!(
            text.contains("to help us improve the service"),
            "{format:?}: {text}"
        );
        assert!(text.contains("r-3"), "{format:?}: {text}");
    }
    for &format in FORMATS {
        let text = answer(&ds, "describe Research partners", format);
        assert!(
            text.contains("only the data: Usage Data"),
            "{format:?}: {text}"
        );
        assert!(
            text.contains("reason for sharing: to help us improve the service"),
            "{format:?}: {text}"
        );
    }
    // A route through the graph honours it too.
    let path = answer(
        &ds,
        "path from User Data to Research partners",
        Format::Line,
    );
    assert!(!path.contains("discloses-to"), "{path}");
    let path = answer(
        &ds,
        "path from Session length to Research partners",
        Format::Line,
    );
    assert!(path.contains("discloses-to"), "{path}");
    // User Data is named only inside the quote of p-2 ("We use User Data and Usage Data …").
    let json = answer(&ds, "what does Research partners receive", Format::Json);
    assert!(!json.contains("\"user-data\""), "{json}");
    let table = answer(&ds, "what does Research partners receive", Format::Table);
    assert!(table.contains("Reason for"), "{table}");
    assert!(table.contains("“to help us"), "{table}");
}

/// Point 5: a condition on collecting from a source is shown with that source, in every format,
/// and not on any use or sharing of the data.
#[test]
fn a_condition_on_collection_shows_with_the_source() {
    let ds = fixture();
    const CONDITION: &str = "ask your permission before we collect";
    for &format in FORMATS {
        for query in [
            "sources of Usage Data",
            "sources of Session length",
            "what comes from Partners",
            "describe Partners",
        ] {
            let text = answer(&ds, query, format);
            assert!(text.contains(CONDITION), "{query} {format:?}: {text}");
        }
        for query in ["who may receive Usage Data", "purposes of Usage Data"] {
            let text = answer(&ds, query, format);
            assert!(!text.contains(CONDITION), "{query} {format:?}: {text}");
        }
    }
    let table = answer(&ds, "sources of Usage Data", Format::Table);
    assert!(table.contains("Conditions"), "{table}");
    assert!(table.contains("We'll ask your permission"), "{table}");
    let rel = Relations::new(&ds, None);
    let collected: Vec<String> = rel
        .collections(Some(node(&ds, "usage-data")))
        .iter()
        .map(|c| {
            let conditions: Vec<String> = c.conditions.iter().map(|&n| id(&ds, n)).collect();
            format!("{} [{}]", id(&ds, c.source), conditions.join(", "))
        })
        .collect();
    assert_eq!(
        collected,
        ["your-devices []", "partners [ask-permission-first]"]
    );
}

/// The answers as a user sees them, one snapshot.
#[test]
fn the_answers_read_as_the_notice_states_them() {
    let ds = fixture();
    let questions = [
        "purposes of User Data",
        "purposes of Display name",
        "who may receive Usage Data",
        "who may receive Session length",
        "what does Research partners receive",
        "what does Measurement partners receive",
        "sources of Usage Data",
        "what comes from Partners",
        "retention of Contact email",
        "sharing matrix",
    ];
    let mut all = String::new();
    for q in questions {
        all.push_str(&format!("> {q}\n{}\n", answer(&ds, q, Format::Table)));
    }
    insta::assert_snapshot!(all);
}

/// Categories inside categories, and a disclosure that names one item of a category the purpose
/// uses as a whole (`tests/fixtures/data-levels-nested/`): "Support" uses Account Data, which
/// includes Profile Data (c-1), which includes the nickname (c-2); the row uses the nickname on
/// its own too, with consent, and states Consent only for it. r-1 sends only the nickname to
/// Support vendors, so it reaches them by both cells of p-1 (two routes: one on Consent, one with
/// no basis stated). Auditors get Account Data (r-2), so the data of Profile Data too. Billing uses
/// the payment details and its vendors are named by no sharing statement for Account Data: the one
/// flag.
#[test]
fn a_disclosure_of_one_item_of_a_category_the_purpose_uses() {
    let ds = dataset_at("tests/fixtures/data-levels-nested");
    let auditors =
        "auditors <- account-data by category-level:account-data | to audit our accounts |  ";
    let nickname = "support-vendors <- nickname by purpose:support | to answer your requests |  ";
    let billing = "support-vendors <- payment-details by purpose:billing | no reason | not listed by r-2 for account-data";
    assert_eq!(
        disclosures(&ds, Some("account-data")),
        [
            format!("{auditors}(r-2)"),
            format!("{nickname}(c-1, c-2, p-1, r-1)"),
            format!("{nickname}(p-1, c-1, c-2, r-1)"),
            format!("{billing} (c-1, p-2)"),
        ]
    );
    assert_eq!(
        disclosures(&ds, Some("profile-data")),
        [
            format!("{auditors}(c-1, r-2)"),
            format!("{nickname}(c-1, p-1, c-2, r-1)"),
            format!("{nickname}(c-2, p-1, r-1)"),
        ]
    );
    assert_eq!(
        disclosures(&ds, Some("nickname")),
        [
            format!("{auditors}(c-2, c-1, r-2)"),
            format!("{nickname}(c-2, c-1, p-1, r-1)"),
            format!("{nickname}(p-1, r-1)"),
        ]
    );
    // The payment details are used for Support too (as Account Data), but r-1 does not send them.
    assert_eq!(
        disclosures(&ds, Some("payment-details")),
        [format!("{auditors}(c-1, r-2)"), format!("{billing} (p-2)")]
    );
    assert_eq!(
        uses(&ds, Some("nickname")),
        [
            "nickname -> support (c-2, c-1, p-1)",
            "nickname -> support (p-1)"
        ]
    );
    assert_eq!(
        uses(&ds, Some("profile-data")),
        [
            "nickname -> support (c-2, p-1)",
            "profile-data -> support (c-1, p-1)"
        ]
    );
    let basis = answer(&ds, "basis of Support", Format::Line);
    assert!(basis.contains("(only for: Nickname)"), "{basis}");
    let purposes = answer(&ds, "purposes of Payment details", Format::Line);
    assert!(!purposes.contains("Consent"), "{purposes}");
    // Without bases, the two routes say the same thing: one row, with the rows of both.
    let rows_to = |query: &str| {
        let text = answer(&ds, query, Format::Line);
        text.matches("Recipient = Support vendors").count()
    };
    assert_eq!(rows_to("who may receive Profile Data"), 1);
    assert_eq!(
        rows_to("who may receive Profile Data and under which basis"),
        2
    );
}
