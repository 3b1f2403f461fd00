#!/usr/bin/env bash
# Builds Riskbench (release) and opens it; without arguments it opens the last project or the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/riskbench-target}"
cargo run --release --locked -- "$@"
