//! Parquet reading: the footer check, then — only for files it accepts — polars' reader. A panic, an abort or
//! an allocation beyond libFuzzer's -rss_limit_mb in polars means the check let a lying file through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polars::prelude::{ParquetReader, SerReader as _};
use riskbench::analysis::parquet_check::check_parquet_bytes;

fuzz_target!(|data: &[u8]| {
    // A budget of 256 MiB for the table a file declares.
    if check_parquet_bytes(data, 256 << 20).is_ok() {
        let _ = ParquetReader::new(std::io::Cursor::new(data)).finish();
    }
});
