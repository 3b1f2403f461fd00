//! Parquet reading as Riskbench does it (`analysis::table`): the footer check, then — only for files it
//! accepts — polars' reader inside the panic guard. A panic or abort that escapes, or an allocation beyond
//! libFuzzer's -rss_limit_mb, means a lying file got through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polars::prelude::{ParquetReader, SerReader as _};
use riskbench::analysis::parquet_check::check_parquet_bytes;
use riskbench::analysis::polars_guard::guarded;

fuzz_target!(|data: &[u8]| {
    // A budget of 256 MiB for the table a file declares.
    if check_parquet_bytes(data, 256 << 20).is_ok() {
        let _ = guarded(|| ParquetReader::new(std::io::Cursor::new(data)).finish());
    }
});
