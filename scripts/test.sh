#!/usr/bin/env bash
# Runs the whole test suite: unit tests, CLI tests on real data, UI tests (egui_kittest, no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/riskbench-target}"
cargo test --locked "$@"
