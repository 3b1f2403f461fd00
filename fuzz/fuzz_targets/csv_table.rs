//! The dataset CSV reader: structure check, delimiter detection, polars parsing with type inference (and its
//! fallbacks), then the EDA profile of what was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::analysis::profile::{ProfileOptions, profile_frame};
use riskbench::analysis::table::{csv_frame, detect_delimiter, header_notes};
use riskbench::analysis::task::TaskControl;

fuzz_target!(|data: &[u8]| {
    let _ = detect_delimiter(data);
    let _ = header_notes(data);
    let control = TaskControl::new();
    if let Ok((df, _notes)) = csv_frame(std::path::Path::new("fuzz.csv"), data.to_vec(), &control) {
        // Profiling is quadratic in the columns: keep each execution short.
        if df.width() <= 16 {
            let _ = profile_frame(&df, &ProfileOptions::default(), &control);
        }
    }
});
