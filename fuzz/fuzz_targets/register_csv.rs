//! The risk register CSV importer, and a round trip of what it imported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::model::RiskMatrix;
use riskbench::model::register::{risks_from_csv, risks_to_csv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let matrix = RiskMatrix::default();
    if let Ok(risks) = risks_from_csv(text, &matrix) {
        let csv = risks_to_csv(&risks).expect("imported risks export");
        let _ = risks_from_csv(&csv, &matrix);
    }
});
