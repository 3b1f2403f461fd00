#!/usr/bin/env bash
# Fails when the core (model, analysis, report) uses the GUI stack: the core must stay usable headless.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='(^|[^A-Za-z0-9_])(egui|eframe|egui_plot|egui_extras|egui_kittest|rfd|winit|wgpu)::'
if grep -rnE "$pattern" src/model src/analysis src/report; then
  echo "error: the core (src/model, src/analysis, src/report) must not use egui/eframe/rfd (lines above)" >&2
  exit 1
fi
echo "core is free of GUI imports"
