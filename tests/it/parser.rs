//! The parser, table style: each query and the canonical statement it parses to (every name as the
//! quoted id it resolved to), on the embedded X 2023 dataset.

use std::collections::BTreeMap;

use lineage::{
    query::{parse::parse, Canonical},
    Dataset,
};

use crate::common::x2023;

fn canonical(ds: &Dataset, query: &str) -> String {
    let params = BTreeMap::from([("cat".to_string(), "Location Data".to_string())]);
    match parse(ds, query, &params) {
        Ok(statement) => Canonical(&statement, ds).to_string(),
        Err(e) => format!("error: {}", e.message()),
    }
}

macro_rules! parses {
    ($($query:expr => $expected:expr;)*) => {
        #[test]
        fn queries_parse_to_their_canonical_form() {
            let ds = x2023();
            let mut failures = Vec::new();
            $(
                let got = canonical(ds, $query);
                if got != $expected {
                    failures.push(format!("{:?}\n     got: {got}\nexpected: {}", $query, $expected));
                }
            )*
            assert!(failures.is_empty(), "\n{}", failures.join("\n"));
        }
    };
}

parses! {
    // The forms, and their synonyms.
    "who may receive Location Data and under which basis" => r#"who may receive "location-data" and under which basis"#;
    "Who MAY receive location data?" => r#"who may receive "location-data""#;
    "who receives Location information" => r#"who may receive "location-information""#;
    "who can get Precise location data with their legal bases" => r#"who may receive "precise-location-data" and under which basis"#;
    "recipients of Inferences" => r#"who may receive "inferences""#;
    "what does Our service providers receive" => r#"what does "our-service-providers" receive"#;
    "what data does Our service providers get" => r#"what does "our-service-providers" receive"#;
    "what is shared with Law enforcement" => r#"what does "law-enforcement-and-others" receive"#;
    "why does Our business partners receive Location Data" => r#"why does "our-business-partners" receive "location-data""#;
    "purposes of Log data" => r#"purposes of "log-data""#;
    "what is Log data used for" => r#"purposes of "log-data""#;
    "why is Log data processed" => r#"purposes of "log-data""#;
    "uses of Cookie data" => r#"purposes of "cookie-data""#;
    "what data does Exclusion audiences use" => r#"what data does "exclusion-audiences" use"#;
    "what data is used for Exclusion audiences" => r#"what data does "exclusion-audiences" use"#;
    "data for Analytics" => r#"what data does "analytics" use"#;
    "basis of Personalized advertising" => r#"basis of "personalized-advertising""#;
    "legal basis for Personalized advertising" => r#"basis of "personalized-advertising""#;
    "what is the legal basis of Personalized advertising" => r#"basis of "personalized-advertising""#;
    "interests of Personalized advertising" => r#"interests of "personalized-advertising""#;
    "interest for Personalized advertising" => r#"interests of "personalized-advertising""#;
    "interests of every purpose" => "interests of every purpose";
    "interests of all purposes" => "interests of every purpose";
    "list interests" => "list interests";
    "purposes with basis Consent" => r#"purposes with basis "consent""#;
    "purposes under legal basis legitimate interests" => r#"purposes with basis "legitimate-interests""#;
    "purposes based on Legal obligation" => r#"purposes with basis "legal-obligation""#;
    "sources of Location information" => r#"sources of "location-information""#;
    "where does Location information come from" => r#"sources of "location-information""#;
    "where is Location information collected from" => r#"sources of "location-information""#;
    "what comes from Other people on X" => r#"what comes from "other-people-on-x""#;
    "retention of Selfie" => r#"retention of "selfie""#;
    "how long is Selfie kept" => r#"retention of "selfie""#;
    "how long do you keep Selfie" => r#"retention of "selfie""#;
    "who processes Selfie" => r#"who processes "selfie""#;
    "processors of Selfie" => r#"who processes "selfie""#;
    "path from Location information to Our business partners" => r#"path from "location-information" to "our-business-partners""#;
    "describe Au10tix" => r#"describe "au10tix""#;
    "describe t1-r05" => r#"describe "t1-r05""#;
    "describe table-3" => r#"describe "table-3""#;
    "show Au10tix" => r#"describe "au10tix""#;
    "what is Your X data" => r#"describe "your-x-data""#;
    "list purposes" => "list purposes";
    "list all recipients" => "list recipients";
    "show footnotes" => "list conditions";
    "list category" => "list categories";

    // Names: quoted, bare, ids, prefixes, case, punctuation, parameters.
    r#"who may receive "Location Data""# => r#"who may receive "location-data""#;
    "who may receive \u{201c}Location Data\u{201d}" => r#"who may receive "location-data""#;
    r#"who may receive "location-data""# => r#"who may receive "location-data""#;
    "who may receive location-data" => r#"who may receive "location-data""#;
    "who may receive LOCATION   DATA" => r#"who may receive "location-data""#;
    "who may receive Data from ad partners" => r#"who may receive "data-from-advertisers-and-other-ad-partners""#;
    "describe Au10" => r#"describe "au10tix""#;
    "who may receive Payment Information" => r#"who may receive "payment-information-category""#;
    "who may receive Payment information" => r#"who may receive "payment-information""#;
    "who may receive $cat" => r#"who may receive "location-data""#;
    "what does Law enforcement and others as necessary to comply with law, prevent harm, and serve the public interest receive" => r#"what does "law-enforcement-and-others" receive"#;

    // Filters.
    "who may receive Location Data in eu" => r#"who may receive "location-data" in "eu""#;
    "who may receive Location Data in EU" => r#"who may receive "location-data" in "eu""#;
    "who may receive Location Data in European Union" => r#"who may receive "location-data" in "eu""#;
    "who may receive Location Data in us-ca" => r#"who may receive "location-data" in "us-ca""#;
    "who may receive Location Data in California" => r#"who may receive "location-data" in "us-ca""#;
    "who may receive Location Data in other" => r#"who may receive "location-data" in "other""#;
    "who may receive Location Data where basis is Consent" => r#"who may receive "location-data" where basis is "consent""#;
    "who may receive Location Data where legal basis = consent in uk" => r#"who may receive "location-data" in "uk" where basis is "consent""#;
    "purposes of Log data in uk where basis is legitimate interests" => r#"purposes of "log-data" in "uk" where basis is "legitimate-interests""#;

    // Errors.
    "" => "error: the query is empty";
    "whom may receive Location Data" => "error: unknown question `whom`";
    "who may receive" => "error: the query ends too soon";
    "who may receive Locaton Data" => "error: unknown name `Locaton Data`";
    "who may receive location" => "error: `location` is ambiguous: it names 2 things";
    "who may receive payment information" => "error: `payment information` is ambiguous: it names 2 things";
    "who may receive Our service providers" => r#"error: `Our service providers` names a recipient ("our-service-providers")"#;
    "what does Exclusion audiences receive" => "error: `Exclusion audiences` is a purpose";
    "who may receive Location Data in mars" => "error: unknown region `mars`";
    "who may receive Location Data in eu in uk" => "error: a second region";
    "sources of Location Data in eu" => "error: this question has no legal bases to filter";
    "list everything" => "error: unexpected `everything`";
    "who may receive Location Data please" => "error: unexpected `please`";
    r#"describe "Location Data"# => "error: this quoted name is not closed";
    "who may receive $missing" => "error: unknown parameter `$missing`";
    r#""Location Data""# => "error: a query starts with a question word";
}
