//! Frame time of the real app with a 1,000,000-row dataset loaded (`cargo bench --bench frame_time`; release).
//!
//! Drives `RiskbenchApp` through `egui_kittest` as a user would: adds the benchmark's generated 1M × 12 CSV
//! (fixed seed, the file `riskbench bench profile` writes) through File › Add dataset…, waits for the load and
//! the profile, then times frames on the EDA overview, while scrolling the data table with the mouse wheel
//! (file order, then sorted by income), and on the risk register. A frame here is the app's own work on the
//! CPU: one `step` (logic + UI + the accessibility tree kittest always builds) plus tessellating its shapes;
//! the GPU's share is not included. Prints a JSON document; nothing is asserted (performance is reported, not
//! tested).
//!
//! `FRAME_BENCH_ROWS` sets the row count (default 1,000,000); `FRAME_BENCH_FRAMES` the frames per scenario.

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;
use support::{add_dataset, settle};

#[path = "../tests/it/support/ui.rs"]
mod support;

type App = Harness<'static, RiskbenchApp>;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn click(harness: &mut App, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

/// Times one frame: the step (with any queued input) plus tessellation of what it drew.
fn timed_frame(harness: &mut App) -> f64 {
    let start = Instant::now();
    harness.step();
    let output = harness.output();
    let shapes = output.shapes.clone();
    let pixels_per_point = output.pixels_per_point;
    let count = shapes.len();
    let primitives = harness.ctx.tessellate(shapes, pixels_per_point);
    std::hint::black_box(primitives);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    SHAPES.with(|s| s.set(count));
    ms
}

thread_local! {
    /// Shapes drawn by the last timed frame (shows each scenario draws what it should).
    static SHAPES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Frame times (ms) of `frames` frames, each after `before(harness, frame)` queued its input.
fn scenario(harness: &mut App, frames: usize, mut before: impl FnMut(&mut App, usize)) -> Vec<f64> {
    // Warm-up: the first frames of a screen lay out fonts and caches.
    for i in 0..5 {
        before(harness, i);
        harness.step();
    }
    (0..frames)
        .map(|i| {
            before(harness, i);
            timed_frame(harness)
        })
        .collect()
}

fn summary(name: &str, mut times: Vec<f64>) -> serde_json::Value {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index into a short list"
        )]
        let i = ((times.len() - 1) as f64 * q).round() as usize;
        times[i]
    };
    let over = times.iter().filter(|t| **t > 16.0).count();
    serde_json::json!({
        "scenario": name,
        "frames": times.len(),
        "median_ms": at(0.5),
        "p95_ms": at(0.95),
        "max_ms": at(1.0),
        "frames_over_16_ms": over,
        "shapes_in_last_frame": SHAPES.with(std::cell::Cell::get),
    })
}

/// Scrolls the content under `at` by `dy` points (negative: down the table).
fn wheel(harness: &mut App, at: egui::Pos2, dy: f32) {
    // Straight into this frame's input: queued events (`Harness::event`) would each run a frame of their own.
    let events = &mut harness.input_mut().events;
    events.push(egui::Event::PointerMoved(at));
    events.push(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
}

/// The largest row number the table shows (row numbers of 1,000 and more are the only labels with a comma):
/// proves the wheel events did scroll the table.
fn largest_row_number_shown(harness: &App) -> Option<u64> {
    let is_row_number =
        |l: &str| l.contains(',') && l.chars().all(|c| c.is_ascii_digit() || c == ',');
    harness
        .query_all_by(|node| {
            node.label()
                .or_else(|| node.value())
                .is_some_and(|l| is_row_number(&l))
        })
        .filter_map(|node| {
            let n = node.accesskit_node();
            n.label().or_else(|| n.value())
        })
        .filter_map(|l| l.replace(',', "").parse::<u64>().ok())
        .max()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let rows = env_number("FRAME_BENCH_ROWS", 1_000_000) as u64;
    let frames = env_number("FRAME_BENCH_FRAMES", 240);
    let dir = tempfile::tempdir()?;
    let data: PathBuf = dir.path().join("loans_1m.csv");
    riskbench::cli::bench::write_bench_csv(&data, rows, 20_261_128)?;
    let project = dir.path().join("frame_bench.riskbench.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_projects/loan_approval/loan_approval.riskbench.ron"),
        &project,
    )?;

    let size = egui::vec2(1400.0, 900.0);
    let mut harness = support::app_sized(Some(project), size);
    add_dataset(&mut harness, &data);
    click(&mut harness, Section::Eda.label());
    // The EDA screen shows the first dataset: choose the one just added.
    let choice = harness.get_by_role_and_label(Role::ComboBox, "Dataset");
    choice.click();
    harness.run_steps(2);
    click(&mut harness, "loans_1m");
    let load_start = Instant::now();
    settle(&mut harness);
    let load_and_profile_s = load_start.elapsed().as_secs_f64();

    let mut results = Vec::new();
    for tab in [
        "Overview",
        "Variables",
        "Missing values",
        "Correlations",
        "Alerts",
    ] {
        click(&mut harness, tab);
        results.push(summary(
            &format!("EDA › {tab}, profile shown"),
            scenario(&mut harness, frames, |_, _| {}),
        ));
    }

    click(&mut harness, "Data");
    harness.get_by_label(&format!(
        "Showing {} of {} rows",
        format_count(rows),
        format_count(rows)
    ));
    let table_at = egui::pos2(size.x * 0.6, size.y * 0.6);
    results.push(summary(
        "data table, file order, wheel-scrolling 120 pt per frame",
        scenario(&mut harness, frames, |h, _| wheel(h, table_at, -120.0)),
    ));
    let scrolled_to_row = largest_row_number_shown(&harness);
    results.push(summary(
        "data table, jumping 40,000 pt per frame (dragging the scroll bar)",
        scenario(&mut harness, frames, |h, i| {
            wheel(h, table_at, if i % 40 < 20 { -40_000.0 } else { 40_000.0 });
        }),
    ));

    click(&mut harness, "income");
    let sort_start = Instant::now();
    settle(&mut harness);
    let sort_s = sort_start.elapsed().as_secs_f64();
    results.push(summary(
        "data table, sorted by income, wheel-scrolling",
        scenario(&mut harness, frames, |h, _| wheel(h, table_at, -120.0)),
    ));

    click(&mut harness, Section::Register.label());
    results.push(summary(
        "risk register with the dataset loaded",
        scenario(&mut harness, frames, |_, _| {}),
    ));

    let doc = serde_json::json!({
        "what": format!("frame time of the app with a {rows}-row × 12 dataset loaded (CPU: step + tessellation, no GPU)"),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "cores": std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        "window": [size.x, size.y],
        "load_and_profile_s": load_and_profile_s,
        "sort_1m_rows_s": sort_s,
        "row_shown_after_wheel_scrolling": scrolled_to_row,
        "scenarios": results,
    });
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}

/// `1,000,000`, as the table's status line writes counts.
fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
