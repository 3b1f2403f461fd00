#!/usr/bin/env bash
# Runs what CI runs, so green here means green in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/riskbench-target}"
bash scripts/check-core-imports.sh
./scripts/test.sh
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
