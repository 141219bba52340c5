//! Any bytes as a script run by `lineage run` (when they are UTF-8), and as the piped input of the
//! REPL (`lineage < input`), against the embedded dataset: every line answers or is refused, the
//! report renders in every format, and nothing may panic. The REPL session is built without its file
//! commands (`.read`, `.data`, `.output`, `.once`, `.dot`), so the fuzzer never writes a file.
#![no_main]

use std::{collections::BTreeMap, sync::OnceLock};

use libfuzzer_sys::fuzz_target;
use lineage::{
    dsar::script::{run, RunOptions},
    load,
    present::format::Format,
    present::render::Options,
    repl::{run_piped, Session},
    Dataset, Files,
};

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| load(&Files::embedded()).expect("the embedded dataset loads"))
}

fuzz_target!(|data: &[u8]| {
    let ds = dataset();
    if let Ok(text) = std::str::from_utf8(data) {
        let options = RunOptions {
            params: BTreeMap::from([("data".to_string(), "data".to_string())]),
            echo: false,
            keep_going: true,
            timestamp: None,
        };
        let (report, errors) = run(ds, "fuzz.lq", text, options);
        for format in [Format::Markdown, Format::Json, Format::Table, Format::Csv] {
            let _ = report.render(format, &Options::default());
        }
        for error in errors {
            let _ = error.to_string();
        }
    }
    let mut session = Session::new(ds.clone()).without_files();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    // Writing to memory cannot fail.
    let _ = run_piped(&mut session, data, &mut out, &mut err);
});
