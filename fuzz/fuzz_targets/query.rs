//! Any text as a query against the embedded dataset: it answers or refuses, and every rendering of
//! an answer works. Nothing may panic.
#![no_main]

use std::{collections::BTreeMap, sync::OnceLock};

use libfuzzer_sys::fuzz_target;
use lineage::{
    present::diagram::{to_dot, to_mermaid, Diagram},
    load,
    query::ask,
    present::format::Format,
    present::render::{render, Options},
    Dataset, Files,
};

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| load(&Files::embedded()).expect("the embedded dataset loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let ds = dataset();
    let params = BTreeMap::from([("data".to_string(), "Location Data".to_string())]);
    match ask(ds, query, &params) {
        Ok(answer) => {
            for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json, Format::Line] {
                let _ = render(&answer, format, &Options::default());
            }
            let diagram = Diagram::of_answer(ds, &answer);
            let _ = to_dot(ds, &diagram);
            let _ = to_mermaid(ds, &diagram);
        }
        Err(e) => {
            let _ = e.to_diagnostic("query", query).to_string();
        }
    }
});
