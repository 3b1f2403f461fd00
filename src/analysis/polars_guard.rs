//! A safety net around polars' file readers: a panic inside polars becomes a clear error.
//!
//! polars returns errors for the malformed files it anticipates, but on some it panics instead — the fuzz
//! campaign found a Parquet file whose list column decodes to fewer rows than the others
//! (`DataFrame::new_unchecked` unwraps a shape error). Riskbench checks what it can before polars reads
//! (`parquet_check`), and every read of a user's file also runs inside [`guarded`], which turns such a panic
//! into "polars could not read the file: …" instead of a crash. While a guarded read runs, panics raised in
//! polars' own code are not printed (the error says what happened); every other panic is reported as before.

use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

static HOOK: Once = Once::new();
/// Guarded reads in progress (on any thread: polars reads on its thread pool).
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

fn raised_in_polars(info: &PanicHookInfo<'_>) -> bool {
    info.location()
        .is_some_and(|place| place.file().contains("polars-"))
}

/// The text of a panic's payload.
fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("no message")
}

/// Decrements [`ACTIVE`] however the read ends.
struct Active;

impl Drop for Active {
    fn drop(&mut self) {
        ACTIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `read` (a polars read of a user's file); a panic inside it becomes an error that says so.
///
/// # Errors
/// "polars could not read the file: MESSAGE" when `read` panicked.
pub fn guarded<T>(read: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !(ACTIVE.load(Ordering::SeqCst) > 0 && raised_in_polars(info)) {
                previous(info);
            }
        }));
    });
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let _active = Active;
    panic::catch_unwind(AssertUnwindSafe(read)).map_err(|payload| {
        format!(
            "polars could not read the file: {} (the file is malformed)",
            payload_text(payload.as_ref())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::guarded;

    #[test]
    fn a_value_passes_through() {
        assert_eq!(guarded(|| 41 + 1), Ok(42));
    }

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let err =
            guarded(|| -> u8 { panic!("height of column 'tags' (0) does not match") }).unwrap_err();
        assert_eq!(
            err,
            "polars could not read the file: height of column 'tags' (0) does not match (the file is malformed)"
        );
        // The guard is released: later reads work.
        assert_eq!(guarded(|| "read"), Ok("read"));
    }
}
