//! Pasting clipboard text into the FMEA grid: the TSV parser, then the paste at a position chosen by the
//! first two bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::model::fmea::clipboard::parse_tsv;
use riskbench::model::fmea::ml_pipeline_template;

fuzz_target!(|data: &[u8]| {
    let (row, column, rest) = match data {
        [r, c, rest @ ..] => (usize::from(*r % 16), usize::from(*c % 32), rest),
        _ => return,
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if let Ok(grid) = parse_tsv(text) {
        let mut sheet = ml_pipeline_template("fmea-1");
        let before = sheet.clone();
        if sheet.paste(row, column, &grid).is_err() {
            assert_eq!(sheet, before, "a refused paste changed the worksheet");
        }
    }
});
