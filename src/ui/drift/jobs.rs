//! What the drift screen asks the app to run on its background jobs (a dataset's columns for the pickers, a
//! comparison of two datasets, a run over time windows), and what comes back.

use std::path::PathBuf;

use crate::analysis::columns::read_column_summaries;
use crate::analysis::drift::windows::{WindowsReport, run_windows};
use crate::analysis::drift::{DriftReport, run_drift};
use crate::model::drift::{DriftOptions, WindowSpec};
use crate::model::settings::FairnessThresholds;
use crate::ui::jobs::{JobActions, ScreenJob};

/// What a job is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ticket {
    /// Reading the columns of a dataset (by id).
    Columns(String),
    /// A drift run (a newer run replaces an older one).
    Run(u64),
}

/// A background job the screen asks for.
pub type DriftJob = ScreenJob<Ticket, DriftJobOutput>;

/// What the screen asks the app to do after a frame.
pub type DriftActions = JobActions<Ticket, DriftJobOutput>;

/// What a drift job produced; failures are shown on the screen.
#[derive(Debug)]
pub enum DriftJobOutput {
    /// A dataset's column names, or why they could not be read.
    Columns {
        /// The dataset.
        dataset_id: String,
        /// Its columns with whether each is numeric.
        columns: Result<Vec<(String, bool)>, String>,
    },
    /// Two datasets were compared.
    Pair {
        /// The run.
        run_id: u64,
        /// The report, or why it could not be computed.
        result: Result<Box<DriftReport>, String>,
    },
    /// One dataset was compared window by window.
    Windows {
        /// The run.
        run_id: u64,
        /// The report, or why it could not be computed.
        result: Result<Box<WindowsReport>, String>,
    },
}

/// The job reading a dataset's columns.
pub fn columns_job(dataset_id: &str, name: &str, path: PathBuf) -> DriftJob {
    let id = dataset_id.to_owned();
    ScreenJob {
        name: format!("Reading the columns of {name}"),
        ticket: Ticket::Columns(id.clone()),
        work: Box::new(move |control| {
            let columns = read_column_summaries(&path, control)
                .map(|cs| cs.into_iter().map(|c| (c.name, c.numeric)).collect())
                .map_err(|e| e.to_string());
            Ok(DriftJobOutput::Columns {
                dataset_id: id,
                columns,
            })
        }),
    }
}

/// The job comparing two files.
pub fn pair_job(
    run_id: u64,
    title: &str,
    reference: PathBuf,
    current: PathBuf,
    options: DriftOptions,
) -> DriftJob {
    ScreenJob {
        name: format!("Drift: {title}"),
        ticket: Ticket::Run(run_id),
        work: Box::new(move |control| {
            let result = run_drift(&reference, &current, &options, control)
                .map(Box::new)
                .map_err(|e| e.to_string());
            Ok(DriftJobOutput::Pair { run_id, result })
        }),
    }
}

/// The job comparing the windows of one file.
pub fn windows_job(
    run_id: u64,
    title: &str,
    path: PathBuf,
    spec: WindowSpec,
    options: DriftOptions,
    settings: FairnessThresholds,
    bootstrap: Option<u32>,
) -> DriftJob {
    ScreenJob {
        name: format!("Drift over time: {title}"),
        ticket: Ticket::Run(run_id),
        work: Box::new(move |control| {
            let result = run_windows(&path, &spec, &options, &settings, bootstrap, control)
                .map(Box::new)
                .map_err(|e| e.to_string());
            Ok(DriftJobOutput::Windows { run_id, result })
        }),
    }
}
