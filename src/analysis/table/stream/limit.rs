//! The memory limit that decides when a file is read in blocks: a share of the machine's RAM by default,
//! `RISKBENCH_MEMORY_LIMIT` or the CLI's `--memory-limit` otherwise.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Share of the machine's RAM a command may use for one file before it is read in blocks.
pub const DEFAULT_MEMORY_SHARE: f64 = 0.25;

/// Reading a file whole takes about this many times its size at the peak (2.85 measured for CSV).
pub const IN_MEMORY_FACTOR: u64 = 3;

/// The RAM assumed when `/proc/meminfo` cannot be read (not Linux): 8 GiB.
const FALLBACK_RAM: u64 = 8 << 30;

/// The limit set by the CLI (0: none set).
static LIMIT_OVERRIDE: AtomicU64 = AtomicU64::new(0);

/// A memory limit that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{setting} {text:?}: expected a size such as 512MB, 2GB, 64k or a number of bytes, or a share of RAM \
     such as 10%"
)]
pub struct MemoryLimitError {
    /// Where the limit was given ("memory limit", or "`RISKBENCH_MEMORY_LIMIT`").
    pub setting: &'static str,
    /// The text given.
    pub text: String,
}

/// Parses a memory limit: a number of bytes with an optional unit (`k`, `M`, `G`, `T`, optionally followed
/// by `B` or `iB`; units are powers of 1024), or a percentage of the machine's RAM (`10%`).
///
/// # Errors
/// [`MemoryLimitError`] for anything else, or a limit of zero.
pub fn parse_memory_limit(text: &str) -> Result<u64, MemoryLimitError> {
    let error = || MemoryLimitError {
        setting: "memory limit",
        text: text.to_owned(),
    };
    let t = text.trim();
    if let Some(share) = t.strip_suffix('%') {
        let share: f64 = share.trim().parse().map_err(|_| error())?;
        if !(share > 0.0 && share <= 100.0) {
            return Err(error());
        }
        return Ok(share_of_ram(share / 100.0));
    }
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let number: f64 = number.parse().map_err(|_| error())?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let scale: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return Err(error()),
    };
    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a size in bytes, checked positive and finite"
    )]
    let bytes = (number * scale as f64) as u64;
    if !number.is_finite() || bytes == 0 {
        return Err(error());
    }
    Ok(bytes)
}

/// Sets the limit for this process (the CLI's `--memory-limit`); it wins over `RISKBENCH_MEMORY_LIMIT`.
pub fn set_memory_limit(bytes: u64) {
    LIMIT_OVERRIDE.store(bytes, Ordering::Relaxed);
}

/// The machine's RAM in bytes (`MemTotal` in `/proc/meminfo`), if it can be read.
fn total_ram() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line
        .trim_start_matches("MemTotal:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    kib.checked_mul(1024)
}

fn share_of_ram(share: f64) -> u64 {
    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a share of the RAM in bytes"
    )]
    let bytes = (total_ram().unwrap_or(FALLBACK_RAM) as f64 * share) as u64;
    bytes.max(1)
}

/// The memory limit in bytes: `--memory-limit`, else `RISKBENCH_MEMORY_LIMIT`, else
/// [`DEFAULT_MEMORY_SHARE`] of the RAM.
///
/// # Errors
/// [`MemoryLimitError`] when `RISKBENCH_MEMORY_LIMIT` is set but cannot be understood.
pub fn memory_limit() -> Result<u64, MemoryLimitError> {
    match LIMIT_OVERRIDE.load(Ordering::Relaxed) {
        0 => match std::env::var("RISKBENCH_MEMORY_LIMIT") {
            Ok(text) if !text.trim().is_empty() => {
                parse_memory_limit(&text).map_err(|e| MemoryLimitError {
                    setting: "RISKBENCH_MEMORY_LIMIT",
                    ..e
                })
            }
            _ => Ok(share_of_ram(DEFAULT_MEMORY_SHARE)),
        },
        set => Ok(set),
    }
}

/// Whether the file at `path` is read in blocks: its size times [`IN_MEMORY_FACTOR`] passes the
/// [`memory_limit`]. A file whose size cannot be read is not (reading it will say why).
///
/// # Errors
/// [`MemoryLimitError`] for an unusable `RISKBENCH_MEMORY_LIMIT`.
pub fn streams(path: &Path) -> Result<bool, MemoryLimitError> {
    let limit = memory_limit()?;
    Ok(std::fs::metadata(path).is_ok_and(|m| m.len().saturating_mul(IN_MEMORY_FACTOR) > limit))
}
