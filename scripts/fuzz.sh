#!/usr/bin/env bash
# Reproduces the fuzz campaign of issue 19: seeds the corpora from the project's fixtures, then runs every
# target (fuzz/fuzz_targets/*.rs) with libFuzzer for SECONDS each (default 1800) at the lowest priority.
#   scripts/fuzz.sh [SECONDS] [TARGET…]
# Needs a nightly toolchain and cargo-fuzz (installed here when missing: rustup and crates.io must be
# reachable). Built without AddressSanitizer (`--sanitizer none`): the code under test is safe Rust, and what
# libFuzzer looks for here are panics, aborts, stack overflows, hangs (-timeout) and allocations beyond
# -rss_limit_mb / -malloc_limit_mb. Crashes land in fuzz/artifacts/TARGET/; the corpus grows in
# fuzz/corpus/TARGET/; each run's final statistics (executions) go to fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1800}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(csv_table parquet project_file register_csv fmea_csv fmea_paste gx_suite model_card_json)
fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo +nightly install cargo-fuzz --locked
python3 fuzz/seeds/make_seeds.py
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/riskbench-fuzz-target}"
mkdir -p fuzz/logs
for target in "${targets[@]}"; do
  echo "==> $target for $seconds s"
  nice -n "${FUZZ_NICE:-19}" cargo +nightly fuzz run --sanitizer none "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -malloc_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 </dev/null 2>&1 | tee "fuzz/logs/$target.log" | grep -E "^(#[0-9]+ +(DONE|pulse)|stat::|==|SUMMARY|thread)" || true
done
