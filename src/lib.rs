//! Riskbench: an offline workbench for assessing and treating the risks of AI systems.
//!
//! The crate is split so that the core never depends on the GUI:
//! - [`model`]: the project file (data, serde, schema versions, atomic save, undo history).
//! - [`analysis`]: computations on datasets (polars), no egui.
//! - [`report`]: the PDF treatment plan, no egui.
//! - [`ui`]: the eframe/egui desktop application.
//! - [`cli`]: the headless command line; every feature is reachable from here.

pub mod analysis;
pub mod cli;
pub mod model;
pub mod report;
#[cfg(feature = "gui")]
pub mod ui;

/// The Riskbench version, as recorded in outputs and reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
