//! The desktop application (eframe + egui). Everything here draws or reacts to input; statistics and file
//! formats live in the core modules.

pub mod app;
pub mod bowtie;
mod canvas_fit;
pub mod checklist;
pub mod commands;
pub mod context;
pub mod data_table;
pub mod dataset_columns;
pub mod date_input;
pub mod eda;
pub mod fairness;
mod first_start;
pub mod fmea;
pub mod jobs;
pub mod register;
pub mod report;
pub mod sections;
mod shortcut_help;
mod style_fixes;
pub mod theme;
pub mod treatment;
pub mod verdict_view;

use std::path::PathBuf;

pub use app::{LaunchOptions, RiskbenchApp};

/// The application id: names the window class and the folder eframe stores preferences in.
pub const APP_ID: &str = "riskbench";

/// Opens the main window and runs until it is closed.
///
/// # Errors
/// When no window can be created (no display, no graphics driver).
/// Without `project`, the most recent project is opened, else `sample`.
pub fn run(project: Option<PathBuf>, sample: Option<PathBuf>) -> anyhow::Result<()> {
    let autosave_dir = eframe::storage_dir(APP_ID).map(|d| d.join("autosave"));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id(APP_ID)
            .with_title("Riskbench")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let launch = LaunchOptions {
        project,
        last_or: sample,
        sample_copy_dir: crate::model::sample_copy::default_folder(
            std::env::home_dir().as_deref(),
            eframe::storage_dir(APP_ID).as_deref(),
        ),
        autosave_dir,
        native_dialogs: true,
    };
    eframe::run_native(
        "Riskbench",
        options,
        Box::new(move |cc| Ok(Box::new(RiskbenchApp::new(cc, launch)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the Riskbench window: {e}"))
}
