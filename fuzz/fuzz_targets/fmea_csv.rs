//! The FMEA worksheet CSV importer, and a round trip of what it imported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::model::fmea::{rows_from_csv, rows_to_csv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rows) = rows_from_csv(text) {
        let again = rows_from_csv(&rows_to_csv(&rows)).expect("exported rows import");
        assert_eq!(again, rows, "export then import changes the rows");
    }
});
