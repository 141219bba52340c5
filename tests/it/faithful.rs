//! Answers counsel can rely on: each test pins one reading of the X 2023 notice that a careful reader
//! checked against `data/x-2023/source.txt`, with the exact facts expected.
//!
//! The facts are the typed relations of `lineage::relation`, written compactly with dataset ids:
//! `recipient <- item by route:via | bases | flags`, a basis as `id[only for: …][sharing: …] governs
//! (rows)` or `id overridden by id (rows)`. Tests never read an answer back by column or position.

use lineage::{
    dataset::model::NodeKind,
    present::format::Format,
    present::render::{render, Options},
    query::ask,
    relation::{Basis, Cite, Disclosure, Flag, Reading, Relations, Route, Standing},
    Dataset,
};
use petgraph::graph::NodeIndex;

use crate::common::{no_params, x2023};

fn node(ds: &Dataset, id: &str) -> NodeIndex {
    ds.node_by_id(id)
        .unwrap_or_else(|| panic!("no node `{id}`"))
}

fn ids(ds: &Dataset, nodes: &[NodeIndex]) -> String {
    nodes
        .iter()
        .map(|&n| ds.node(n).id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows cited, each once, in order; derived ones starred.
fn rows(ds: &Dataset, cites: &[Cite]) -> String {
    let mut out: Vec<String> = Vec::new();
    for &cite in cites {
        let (row, derived) = match cite {
            Cite::Edge(e) => {
                let e = ds.edge(e);
                (
                    ds.cited_row(&e.provenance).id.to_string(),
                    e.derived.is_some(),
                )
            }
            Cite::Node(n) => {
                let n = ds.node(n);
                (
                    ds.cited_row(&n.provenance).id.to_string(),
                    n.derived.is_some(),
                )
            }
        };
        let row = if derived { format!("{row}*") } else { row };
        if !out.contains(&row) {
            out.push(row);
        }
    }
    out.join(", ")
}

fn basis(ds: &Dataset, b: &Basis) -> String {
    let mut text = ds.node(b.basis).id.to_string();
    if !b.only_for.is_empty() {
        text.push_str(&format!("[only for: {}]", ids(ds, &b.only_for)));
    }
    if !b.only_sharing_with.is_empty() {
        text.push_str(&format!("[sharing: {}]", ids(ds, &b.only_sharing_with)));
    }
    if let Some(d) = &b.delegation {
        text.push_str(&format!("[delegated: {}]", ids(ds, &d.resolves_to)));
    }
    match &b.standing {
        Standing::Governs => text.push_str(" governs"),
        Standing::OverriddenBy(by) => text.push_str(&format!(" overridden by {}", ids(ds, by))),
    }
    format!("{text} ({})", rows(ds, &b.cites))
}

fn flag(ds: &Dataset, f: &Flag) -> String {
    match f {
        Flag::NotListed { categories, rows } => {
            format!(
                "not listed by {} for {}",
                rows.join(", "),
                ids(ds, categories)
            )
        }
        Flag::NoStatementFor { categories } => {
            format!("no statement for {}", ids(ds, categories))
        }
        Flag::NoCategory { item } => format!("{} in no category", ds.node(*item).id),
    }
}

fn route(ds: &Dataset, r: Route) -> String {
    match r {
        Route::CategoryLevel(c) => format!("category-level:{}", ds.node(c).id),
        Route::ItemLevel(i) => format!("item-level:{}", ds.node(i).id),
        Route::Purpose(p) => format!("purpose:{}", ds.node(p).id),
        Route::Processor => "processor".to_string(),
    }
}

/// A disclosure as one line.
fn disclosure(ds: &Dataset, d: &Disclosure) -> String {
    let bases: Vec<String> = d.bases.iter().map(|b| basis(ds, b)).collect();
    let flags: Vec<String> = d.flags.iter().map(|f| flag(ds, f)).collect();
    format!(
        "{} <- {} by {} | {} | {}",
        ds.node(d.recipient).id,
        ds.node(d.data).id,
        route(ds, d.route),
        if bases.is_empty() {
            "not stated".to_string()
        } else {
            bases.join("; ")
        },
        flags.join("; ")
    )
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

/// The disclosures of `data` (`None`: of everything) to `recipient`, as sorted lines.
fn disclosures_to(
    ds: &Dataset,
    rel: &Relations,
    data: Option<&str>,
    recipient: &str,
) -> Vec<String> {
    let recipient = node(ds, recipient);
    sorted(
        rel.disclosures(data.map(|d| node(ds, d)))
            .iter()
            .filter(|d| d.recipient == recipient)
            .map(|d| disclosure(ds, d))
            .collect(),
    )
}

fn answer_text(ds: &Dataset, query: &str, format: Format) -> String {
    let answer = ask(ds, query, &no_params()).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    render(&answer, format, &Options::default())
}

/// Point 1 of the careful reading: Footnote fn-3 states Consent for the sharing with advertisers that are not data processors:
/// it governs every route to them; t1-r05's Legitimate interests is shown too, overridden, and both
/// rows are cited. Consent-only data (t1-r17) already rests on Consent: one Consent, both rows.
#[test]
fn a_basis_stated_for_a_sharing_governs_that_route() {
    let ds = x2023();
    let rel = Relations::new(ds, None);
    let governed = "consent[sharing: advertisers-not-acting-as-data-processors] governs (fn-3); \
        legitimate-interests overridden by consent (t1-r05)";
    let consent_only =
        "consent[sharing: advertisers-not-acting-as-data-processors] governs (fn-3, t1-r17)";
    let via = "by purpose:measuring-advertising-effectiveness";
    let line = |item: &str, bases: &str, flags: &str| {
        format!("advertisers-not-acting-as-data-processors <- {item} {via} | {bases} | {flags}")
    };
    let location = "not listed by t3-r3 for location-data";
    let expected = sorted(vec![
        line("basic-account-information", governed, ""),
        line("public-information", governed, ""),
        line("account-controls", governed, ""),
        line("location-information", governed, location),
        line("interactions-with-links", governed, ""),
        line("cookie-data", governed, ""),
        line("log-data", governed, ""),
        line("data-from-advertisers-and-other-ad-partners", governed, ""),
        line("data-from-other-third-parties-and-affiliates", governed, ""),
        line("inferences-about-you", governed, ""),
        line("inferences-about-you", consent_only, ""),
        line("non-public-communications-survey-data", governed, ""),
        line("devices-we-infer-belong-to-you", consent_only, ""),
        line("address-book-data", consent_only, ""),
        line("precise-location-data", consent_only, location),
        line("x-for-web-data", consent_only, ""),
    ]);
    assert_eq!(
        disclosures_to(ds, &rel, None, "advertisers-not-acting-as-data-processors"),
        expected
    );
    // The measurement data processors are not that sharing: the row's basis governs their route.
    let processors = disclosures_to(
        ds,
        &rel,
        Some("location-information"),
        "measurement-data-processors",
    );
    assert_eq!(
        processors,
        ["measurement-data-processors <- location-information by purpose:measuring-advertising-effectiveness \
          | legitimate-interests governs (t1-r05) | "]
    );
    // The answer says which governs, in words, with both rows.
    let text = answer_text(
        ds,
        "why does \"advertisers that are not acting as data processors\" receive Location information",
        Format::Line,
    );
    assert!(
        text.contains(
            "Consent (X treats such partnerships as consent-based data processing) for eu, efta, uk \
             (only for sharing with: advertisers that are not acting as data processors) [fn-3; \
             governs this route]; Legitimate interests for eu, efta, uk [t1-r05; overridden on this \
             route by Consent]"
        ),
        "{text}"
    );
}

/// Point 2 of the careful reading: t1-r17 gives Consent only for the consent-only data it lists: the scope travels with the basis
/// wherever it appears (basis of, purposes with basis, the rights a basis opens).
#[test]
fn a_basis_scoped_to_some_data_says_so_wherever_it_appears() {
    let ds = x2023();
    let rel = Relations::new(ds, None);
    let statements = |purpose: &str| -> Vec<String> {
        rel.statements(node(ds, purpose))
            .iter()
            .map(|s| basis(ds, &s.basis))
            .collect()
    };
    let consent_only =
        "consent[only for: precise-location-data, address-book-data, x-for-web-data, \
        devices-we-infer-belong-to-you, inferences-about-you] governs (t1-r17)";
    assert_eq!(
        statements("operating-our-services"),
        ["contractual-necessity governs (t1-r01)", consent_only]
    );
    assert_eq!(
        statements("additional-information-sharing-with-business-partners"),
        [
            "consent governs (t1-r11)",
            "legitimate-interests[only for: log-data] governs (t1-r11)"
        ]
    );
    // Every purpose that rests on Consent, each statement with its scope.
    let consent = node(ds, "consent");
    let with_consent: Vec<String> = rel
        .all_statements()
        .iter()
        .filter(|s| s.basis.basis == consent)
        .map(|s| format!("{}: {}", ds.node(s.purpose).id, basis(ds, &s.basis)))
        .collect();
    let r18 = "consent[only for: precise-location-data, inferences-about-you] governs (t1-r18)";
    let r19 =
        "consent[only for: account-controls, x-for-web-data, devices-we-infer-belong-to-you, \
        inferences-about-you] governs (t1-r19)";
    assert_eq!(
        with_consent,
        [
            format!("operating-our-services: {consent_only}"),
            format!("safety-and-security-features: {consent_only}"),
            format!("inferences-about-your-account: {consent_only}"),
            format!("advertising-on-x: {r18}"),
            format!("advertising-on-other-websites-and-apps: {r18}"),
            format!("measuring-advertising-effectiveness: {consent_only}"),
            "measuring-advertising-effectiveness: consent[sharing: \
             advertisers-not-acting-as-data-processors] governs (fn-3)"
                .to_string(),
            "personalized-advertising: consent governs (intro-3*, t1-r07)".to_string(),
            format!("personalized-advertising: {consent_only}"),
            "personalize-based-on-inferred-identity: consent governs (t1-r08)".to_string(),
            format!("personalize-based-on-inferred-identity: {r18}"),
            format!("personalize-based-on-inferred-identity: {r19}"),
            "personalizing-based-on-places-youve-been: consent governs (t1-r09)".to_string(),
            format!("personalizing-based-on-places-youve-been: {r18}"),
            "additional-information-sharing-with-business-partners: consent governs (t1-r11)"
                .to_string(),
            "sharing-data-with-third-party-clients: consent governs (t1-r12)".to_string(),
            format!("sharing-data-with-our-service-providers: {consent_only}"),
            "enabling-others-to-find-your-account: consent governs (t1-r14)".to_string(),
            format!("notifications-about-your-x-activity: {r18}"),
            format!("notifications-about-your-x-activity: {r19}"),
            "notifications-about-business-products: consent governs (t1-r16)".to_string(),
            "additional-personalization-across-the-web: consent governs (t1-r19)".to_string(),
            "identity-verification: consent governs (t1-r20)".to_string(),
        ]
    );
    // Asked about Location Data, the statements behind its uses are narrowed to its items: Operating
    // our services rests on Contractual necessity for Location information only, and on Consent for
    // Precise location data only.
    let narrowed: Vec<String> = rel
        .statements_for_data(Some(node(ds, "location-data")))
        .iter()
        .filter(|s| ds.node(s.purpose).id == "operating-our-services")
        .map(|s| basis(ds, &s.basis))
        .collect();
    assert_eq!(
        narrowed,
        [
            "contractual-necessity[only for: location-information] governs (t1-r01)",
            "consent[only for: precise-location-data] governs (t1-r17)"
        ]
    );
}

/// The rights table of a GDPR script, as CSV lines about one purpose.
fn rights_lines(ds: &Dataset, question: &str, purpose: &str) -> Vec<String> {
    let regime = lineage::dsar::regime::load_regime("gdpr").expect("the GDPR regime");
    let statement = lineage::query::parse::parse(ds, question, &no_params()).expect("parses");
    let answer = lineage::query::eval::rights(ds, &statement, &regime).expect("has bases");
    let options = Options {
        headers: false,
        ..Options::default()
    };
    render(&answer, Format::Csv, &options)
        .lines()
        .filter(|l| l.starts_with(&format!("{purpose},")))
        .map(String::from)
        .collect()
}

/// The evidence cell of a `.rights` row: the basis statement's row, then the dataset's reading of
/// the basis's kind (derived: the notice names the basis without citing the GDPR).
fn rights_evidence(row: &str, kind_row: &str, name: &str, cite: &str) -> String {
    format!(
        "\"{row}, {kind_row}* (derived: the notice states its bases for personal data from the EU, \
         EFTA States and the UK (intro-2) and names this one \"\"{name}\"\" without citing the GDPR: \
         read as {cite})\""
    )
}

#[test]
fn withdrawing_consent_is_offered_only_for_the_data_consent_covers() {
    let ds = x2023();
    let all = "to have inaccurate data rectified (Art. 16); to erasure, where a ground of Art. 17(1) \
        applies (Art. 17); to restriction of processing, where a ground of Art. 18(1) applies (Art. 18)";
    let consent = rights_evidence("t1-r17", "intro-3", "consent", "Art. 6(1)(a)");
    let contract = rights_evidence("t1-r01", "t1-r01", "Contractual necessity", "Art. 6(1)(b)");
    assert_eq!(
        rights_lines(ds, "purposes of any data in eu", "Operating our services"),
        [
            format!(
                "Operating our services,\"Consent for eu (only for: Precise location data, Address book \
                 data, X for web data, Devices we infer belong to you, Inferences about you)\",\"{all}; \
                 to withdraw consent at any time (Art. 7(3)); to data portability (Art. 20(1))\",\
                 Consent: Art. 6(1)(a),{consent}"
            ),
            format!(
                "Operating our services,Contractual necessity for eu,\"{all}; to data portability \
                 (Art. 20(1))\",Contractual necessity: Art. 6(1)(b),{contract}"
            ),
        ]
    );
    // Asked about Location information alone, Operating our services rests on Contractual
    // necessity only: no right to withdraw consent is offered for it.
    assert_eq!(
        rights_lines(
            ds,
            "purposes of Location information in eu",
            "Operating our services"
        ),
        [format!(
            "Operating our services,Contractual necessity for eu,\
             \"{all}; to data portability (Art. 20(1))\",Contractual necessity: Art. 6(1)(b),{contract}"
        )]
    );
}

/// Point 3 of the careful reading: Law enforcement: "Complying with legal requests" rests on Legal obligation and its data cell
/// names no specific data ("as required by applicable law ..."), read as potentially any data. So
/// Location Data reaches law enforcement on that route, with Legal obligation, marked derived; table
/// 3's own statement (which adds "prevent harm, and serve the public interest") states no basis.
#[test]
fn law_enforcement_is_reached_through_legal_requests_on_legal_obligation() {
    let ds = x2023();
    let rel = Relations::new(ds, None);
    assert_eq!(
        disclosures_to(ds, &rel, Some("location-data"), "law-enforcement-and-others"),
        [
            "law-enforcement-and-others <- location-data by category-level:location-data | not stated | ",
            "law-enforcement-and-others <- location-information by purpose:complying-with-legal-requests \
             | legal-obligation governs (t1-r10) | ",
            "law-enforcement-and-others <- precise-location-data by purpose:complying-with-legal-requests \
             | legal-obligation governs (t1-r10) | ",
        ]
    );
    // Both readings are marked derived, each with its reason.
    let reach: Vec<String> = rel
        .disclosures(Some(node(ds, "location-information")))
        .iter()
        .filter(|d| d.route == Route::Purpose(node(ds, "complying-with-legal-requests")))
        .map(|d| rows(ds, &d.cites))
        .collect();
    assert_eq!(reach, ["t1-r10*, t1-r10"]);
    let wildcard = ds.node(node(ds, "as-required-by-law"));
    assert!(wildcard
        .derived
        .as_deref()
        .is_some_and(|r| r.contains("potentially any data")));
    let (_, _, _, reading) = ds
        .edges()
        .find(|(_, f, t, e)| {
            ds.node(*f).id == "complying-with-legal-requests"
                && ds.node(*t).id == "law-enforcement-and-others"
                && e.kind == lineage::dataset::model::EdgeKind::DisclosesTo
        })
        .expect("the derived route");
    assert!(reading
        .derived
        .as_deref()
        .is_some_and(|r| r.contains("states no basis") && r.contains("prevent harm")));
    // The basis filter finds it: the route to law enforcement, and the delegated basis of the
    // service providers' route, which can resolve to Legal obligation.
    let answer = ask(
        ds,
        "who may receive Location Data where basis is legal obligation",
        &no_params(),
    )
    .expect("answers");
    let options = Options {
        headers: false,
        ..Options::default()
    };
    insta::assert_snapshot!(render(&answer, Format::Csv, &options), @r#"
    "Law enforcement and others as necessary to comply with law, prevent harm, and serve the public interest",Location information; Precise location data,purpose: Complying with legal requests,"Legal obligation for eu, efta, uk",none stated,"t2-r7, t1-r10* (derived: the data cell names no specific data but whatever applicable law, regulation, legal process or a governmental request requires: read as potentially any data of the notice), t1-r10, t1-r10* (derived: complying with legal requests is how data reaches law enforcement and others ""as necessary to comply with law"" (table 3); the notice states no basis for what table 3 adds, disclosure ""to prevent harm, and serve the public interest"")",
    Our service providers,Location information,purpose: Sharing data with our service providers,"Determined by the legal bases set forth in this table (contractual necessity, legitimate interests, consent, or legal obligation) for the processing activities for which the service provider is retained. [delegated, derived: Consent; Contractual necessity; Legal obligation; Legitimate interests] (derived: the notice does not state this basis but points to the bases of the processing the recipient is retained for; read as the bases it states for the purposes that use Location information) for eu, efta, uk",none stated,"t2-r7, t1-r13, t1-r13* (derived: the purpose's name says the data is shared with our service providers, a recipient of table 3)",
    "#);
}

/// Every flag over all data, as `recipient <- item by route | flag`, sorted.
fn all_flags(ds: &Dataset) -> Vec<String> {
    let rel = Relations::new(ds, None);
    let mut flags: Vec<String> = Vec::new();
    // Over every item and category as a whole, and over each one asked about on its own (where a
    // cell that stands for any data reaches it too).
    let mut scopes: Vec<Option<NodeIndex>> = vec![None];
    scopes.extend(ds.nodes_of_kind(NodeKind::Data).iter().map(|&n| Some(n)));
    scopes.extend(
        ds.nodes_of_kind(NodeKind::Category)
            .iter()
            .map(|&n| Some(n)),
    );
    for scope in scopes {
        for d in rel.disclosures(scope) {
            for f in d.flags.iter() {
                let line = format!(
                    "{} <- {} by {} | {}",
                    ds.node(d.recipient).id,
                    ds.node(d.data).id,
                    route(ds, d.route),
                    flag(ds, f)
                );
                if !flags.contains(&line) {
                    flags.push(line);
                }
            }
        }
    }
    sorted(flags)
}

/// Point 4 of the careful reading: Zero false flags: the complete list of flags over all data, each justified against the rows in
/// `docs/FLAGS.md` (whose table this test also checks, so the document stays true).
#[test]
fn every_flag_is_one_a_careful_reader_accepts() {
    let ds = x2023();
    let expected = [
        "au10tix <- data-from-your-id by processor | data-from-your-id in no category",
        "au10tix <- data-from-your-id by purpose:identity-verification | data-from-your-id in no category",
        "au10tix <- image-of-your-id by processor | image-of-your-id in no category",
        "au10tix <- image-of-your-id by purpose:identity-verification | image-of-your-id in no category",
        "au10tix <- selfie by processor | selfie in no category",
        "au10tix <- selfie by purpose:identity-verification | selfie in no category",
        "advertisers-not-acting-as-data-processors <- location-information by purpose:measuring-advertising-effectiveness | not listed by t3-r3 for location-data",
        "advertisers-not-acting-as-data-processors <- precise-location-data by purpose:measuring-advertising-effectiveness | not listed by t3-r3 for location-data",
        "our-business-partners <- location-information by purpose:additional-information-sharing-with-business-partners | not listed by t3-r3 for location-data",
    ];
    assert_eq!(all_flags(ds), sorted(expected.map(String::from).to_vec()));

    // The document lists the same flags, one table row each: `recipient <- item by route | flag`
    // in its first column.
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FLAGS.md"))
        .expect("docs/FLAGS.md");
    let listed = doc
        .split("\n## ")
        .find(|s| s.starts_with("Every flag"))
        .expect("the section listing every flag");
    let documented: Vec<String> = listed
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` |"))
        // A pipe inside a Markdown table cell is written `\|`.
        .map(|(flag, _)| flag.replace("\\|", "|"))
        .collect();
    assert_eq!(sorted(documented), all_flags(ds));
}

/// Point 5 of the careful reading: Table 2 puts "Inferences about your account" (age, gender) under Protected Classifications
/// and Age, Gender under Inferences: Age sits in both, and may reach the recipients of both.
#[test]
fn data_in_two_categories_reaches_the_recipients_of_both() {
    let ds = x2023();
    let rel = Relations::new(ds, None);
    let categories: Vec<String> = rel
        .categories_of(node(ds, "age"))
        .iter()
        .map(|m| format!("{} ({})", ds.node(m.category).id, rows(ds, &m.cites)))
        .collect();
    assert_eq!(
        categories,
        [
            "inferences (t2-r8)",
            "protected-classifications (t2-r4*, t2-r4)"
        ]
    );
    let recipients: Vec<String> = sorted(
        rel.disclosures(Some(node(ds, "age")))
            .iter()
            .filter(|d| matches!(d.route, Route::CategoryLevel(_)))
            .map(|d| format!("{} by {}", ds.node(d.recipient).id, route(ds, d.route)))
            .collect(),
    );
    assert_eq!(
        recipients,
        [
            "entities-you-direct-us-to-share-with by category-level:protected-classifications",
            "entities-you-provide-access-to-your-account by category-level:protected-classifications",
            "law-enforcement-and-others by category-level:inferences",
            "law-enforcement-and-others by category-level:protected-classifications",
            "our-business-partners-and-our-service-providers by category-level:inferences",
            "our-business-partners-and-our-service-providers by category-level:protected-classifications",
            "our-corporate-affiliates by category-level:inferences",
            "our-corporate-affiliates by category-level:protected-classifications",
        ]
    );
    let text = answer_text(ds, "who may receive Age", Format::Table);
    assert!(
        text.contains(
            "note: Age sits in 2 data categories: Inferences, Protected Classifications (derived); the \
             statements\n      of each count"
        ),
        "{text}"
    );
}

/// Point 6 of the careful reading: The delegated basis carries its whole sentence, and what it resolves to is the tool's reading,
/// marked derived with its reason, and includes Legal obligation, which the sentence names.
#[test]
fn the_delegated_basis_is_whole_and_its_reading_is_derived() {
    let ds = x2023();
    let delegated = ds.node(node(ds, "determined-by-retaining-processing"));
    assert_eq!(
        delegated.name,
        "Determined by the legal bases set forth in this table (contractual necessity, legitimate \
         interests, consent, or legal obligation) for the processing activities for which the \
         service provider is retained."
    );
    let rel = Relations::new(ds, None);
    let shared: Vec<String> = rel
        .disclosures(Some(node(ds, "location-information")))
        .iter()
        .filter(|d| d.route == Route::Purpose(node(ds, "sharing-data-with-our-service-providers")))
        .map(|d| disclosure(ds, d))
        .collect();
    assert_eq!(
        shared,
        ["our-service-providers <- location-information by purpose:sharing-data-with-our-service-providers \
          | determined-by-retaining-processing[delegated: consent, contractual-necessity, legal-obligation, \
          legitimate-interests] governs (t1-r13) | "]
    );
    let uses = rel.uses(Some(node(ds, "location-information")));
    let reading = uses
        .iter()
        .flat_map(|u| &u.bases)
        .find_map(|b| b.delegation.as_ref())
        .map(|d| d.reading);
    assert_eq!(
        reading,
        Some(Reading::BasesOfItem(node(ds, "location-information")))
    );
    // In JSON the basis says delegated, what it expands to, and why.
    let json = answer_text(ds, "purposes of Location information", Format::Json);
    assert!(
        json.contains(
            "\"derived\": \"the notice does not state this basis but points to the bases of the \
             processing the recipient is retained for; read as the bases it states for the purposes \
             that use Location information\""
        ),
        "{json}"
    );
}

/// Point 7 of the careful reading: One row per fact: a fact two rows state is one row whose evidence lists both.
#[test]
fn a_fact_stated_twice_is_one_row() {
    let ds = x2023();
    let answer = ask(
        ds,
        "what does \"advertisers that are not acting as data processors\" receive",
        &no_params(),
    )
    .expect("answers");
    // 16 purpose routes (one per use of an item for measuring) and 6 category-level statements of
    // the broader entry that includes these advertisers.
    assert_eq!(answer.rows.len(), 22);
    let mut texts: Vec<String> = answer.rows.iter().map(|r| format!("{:?}", r.0)).collect();
    texts.dedup();
    assert_eq!(texts.len(), 22, "no two rows are alike");

    let rel = Relations::new(ds, None);
    let li = node(ds, "legitimate-interests");
    let with_li: Vec<String> = rel
        .all_statements()
        .iter()
        .filter(|s| s.basis.is_or_resolves_to(li))
        .map(|s| format!("{}: {}", ds.node(s.purpose).id, rows(ds, &s.basis.cites)))
        .collect();
    assert_eq!(
        with_li,
        [
            "inferences-about-your-account: t1-r03, li-1",
            "advertising-on-x: intro-3*, t1-r04, li-2",
            "advertising-on-other-websites-and-apps: intro-3*, t1-r04, li-2",
            "measuring-advertising-effectiveness: t1-r05, li-3",
            "exclusion-audiences: t1-r06, li-4",
            "additional-information-sharing-with-business-partners: t1-r11",
            "sharing-data-with-our-service-providers: t1-r13",
            "notifications-about-your-x-activity: t1-r15, li-5",
        ]
    );
}

/// Point 8 of the careful reading: A filter applies on every form that carries bases, whether or not the question asks for the
/// bases; questions without bases refuse a filter with a clear error.
#[test]
fn a_filter_is_never_silently_ignored() {
    let ds = x2023();
    let params = no_params();
    let unfiltered = ask(ds, "who may receive Location Data", &params).expect("answers");
    let filtered = ask(
        ds,
        "who may receive Location Data where basis is Consent",
        &params,
    )
    .expect("answers");
    assert!(filtered.columns.iter().any(|c| c.heading == "Legal basis"));
    assert_eq!(filtered.rows.len(), 6, "{filtered:#?}");
    assert!(filtered.rows.len() < unfiltered.rows.len());
    // The forms that carry bases: each keeps fewer rows under a filter that excludes some, and
    // names the filter in a note.
    for question in [
        "who may receive Location Data",
        "what does Our service providers receive",
        "why does Our service providers receive Location Data",
        "purposes of Location information",
        "what data does Operating our services use",
        "basis of Operating our services",
        "basis of every purpose",
        "purposes with basis Consent",
    ] {
        let all = ask(ds, question, &params).expect("answers");
        let some = ask(
            ds,
            &format!("{question} where basis is contractual necessity"),
            &params,
        )
        .expect("answers");
        assert!(
            some.rows.len() < all.rows.len(),
            "`{question}`: {} of {} rows",
            some.rows.len(),
            all.rows.len()
        );
        assert!(
            some.notes.contains(
                &"only rows whose governing legal basis is or can resolve to Contractual necessity"
                    .to_string()
            ),
            "`{question}`"
        );
        // The notice states its bases for the EU, EFTA States and UK only: asked about California,
        // every form says so, rather than show a basis.
        let region = ask(ds, &format!("{question} in us-ca"), &params).expect("answers");
        assert!(
            region.notes.contains(
                &"the notice states legal bases only for: European Union, EFTA States, United \
                  Kingdom; for California (United States) the basis is not stated by this notice"
                    .to_string()
            ),
            "`{question}` in us-ca: {:?}",
            region.notes
        );
    }
    for question in [
        "categories of Location Data",
        "sources of Location Data",
        "list purposes",
    ] {
        let error =
            ask(ds, &format!("{question} where basis is consent"), &params).expect_err("refused");
        assert_eq!(
            error.kind,
            lineage::query::QueryErrorKind::NothingToFilter,
            "{question}"
        );
    }
}

/// Point 9 of the careful reading: Where the notice states no basis, JSON says so with the documented not-stated value, never
/// an empty list (the schema test checks every field against the documentation).
#[test]
fn a_silent_basis_is_not_stated_in_json() {
    let ds = x2023();
    let json = answer_text(
        ds,
        "who may receive Location Data and under which basis",
        Format::Json,
    );
    assert!(!json.contains("\"basis\": []"), "{json}");
    assert!(json
        .contains("\"basis\": {\n        \"not_stated\": \"not stated by this notice\"\n      }"));
}

/// Point 10 of the careful reading: The notice heads its row "Identify verification"; counsel type "identity verification" or
/// "ID verification". Derived aliases take them there.
#[test]
fn the_notices_typo_has_derived_aliases() {
    let ds = x2023();
    let params = no_params();
    for question in [
        "what data does identity verification use",
        "what data does ID verification use",
        "basis of Identity verification for safety & security and general verification",
    ] {
        let answer = ask(ds, question, &params).unwrap_or_else(|e| panic!("{question}: {e:?}"));
        assert_eq!(
            answer.resolved[0].node.id, "identity-verification",
            "{question}"
        );
        assert!(!answer.rows.is_empty(), "{question}");
    }
    let purpose = ds.node(node(ds, "identity-verification"));
    let aliases: Vec<(&str, bool)> = purpose
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.derived.is_some()))
        .collect();
    assert_eq!(
        aliases,
        [
            (
                "Identity verification for safety & security and general verification",
                true
            ),
            ("Identity verification", true),
            ("ID verification", true),
        ]
    );
}
