//! The Great Expectations suite importer (`riskbench validate --import-suite`, the validation screen's
//! import), and the export of what it imported read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::analysis::validation::gx::{export_suite, parse_suite};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(suite) = parse_suite(text) {
        let again = export_suite(&suite.name, &suite.rules).to_string();
        let _ = parse_suite(&again);
    }
});
