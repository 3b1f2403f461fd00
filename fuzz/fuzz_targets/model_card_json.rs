//! The Model Card Toolkit JSON importer (the model card screen's import, `riskbench modelcard`), and the export
//! of what it imported read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::analysis::model_card::toolkit::{from_json, to_json};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(card) = from_json(text) {
        let again = to_json(&card, &[]).to_string();
        let _ = from_json(&again);
    }
});
