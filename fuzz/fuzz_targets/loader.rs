//! Any bytes as a dataset's data file (beside a fixed manifest and snapshot): it loads or is refused
//! with diagnostics that render. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lineage::{load, Files};

const MANIFEST: &str = r#"{"format": 1, "name": "fuzz", "publisher": "P", "title": "T",
  "source_url": "https://example.com", "as_of": "2024-01-01", "snapshot": "source.txt",
  "files": ["notice.json"]}"#;
/// The snapshot of `tests/fixtures/mini`, whose data file seeds the corpus.
const SOURCE: &str = "Acme notice. Purposes Purpose: Running the service. Data: Email address, Device location. Basis: Contract. Purpose: Showing ads. Data: Device location. Basis: Consent (only where you opt in). Sharing We may share Location with Our vendors, \"including\" <cloud hosts>.";

fuzz_target!(|data: &[u8]| {
    let files = Files::memory([
        ("manifest.json", MANIFEST.as_bytes().to_vec()),
        ("source.txt", SOURCE.as_bytes().to_vec()),
        ("notice.json", data.to_vec()),
    ]);
    match load(&files) {
        Ok(dataset) => {
            let _ = lineage::dataset::summary::Summary::of(&dataset).to_string();
        }
        Err(diagnostics) => {
            let _ = diagnostics.to_string();
        }
    }
});
