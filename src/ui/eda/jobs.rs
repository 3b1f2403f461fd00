//! What the EDA screen asks the app to run, and what comes back: tickets, jobs, actions and outputs.

use super::data_table::TableActions;
use crate::analysis::profile::Profile;
use crate::analysis::view::view_rows;
use crate::ui::jobs::ScreenJob;
use polars::prelude::DataFrame;
use std::sync::Arc;

// ------------------------------------------------------------------------------------------------------------
// Jobs

/// What a background job is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdaTicket {
    /// Loading a dataset file.
    Load(u64),
    /// Profiling the loaded data.
    Profile(u64),
    /// Sorting and filtering the data table.
    Rows(u64),
}

/// A background job the screen asks for.
pub type EdaJob = ScreenJob<EdaTicket, EdaJobOutput>;

/// What the screen asks the app to do.
#[derive(Default)]
pub struct EdaActions {
    /// Jobs to start (report each one's id with [`EdaScreen::job_started`]).
    pub jobs: Vec<EdaJob>,
    /// Jobs to cancel.
    pub cancel: Vec<u64>,
    /// Show the EDA section (asked from the Datasets screen).
    pub open_eda: bool,
    /// A risk was created from a data alert: show it in the register.
    pub show_risk: Option<String>,
}

impl EdaActions {
    pub(super) fn table(&mut self, table: TableActions, df: &Arc<DataFrame>) {
        self.cancel.extend(table.cancel);
        if let Some(request) = table.request {
            let df = Arc::clone(df);
            let request_id = request.request_id;
            self.jobs.push(EdaJob {
                name: "Sorting and filtering the data".to_owned(),
                ticket: EdaTicket::Rows(request_id),
                work: Box::new(move |control| {
                    let rows = view_rows(&df, &request.query, control).map_err(|e| e.to_string());
                    Ok(EdaJobOutput::Rows { request_id, rows })
                }),
            });
        }
    }
}

/// A dataset file as loaded.
#[derive(Debug)]
pub struct Loaded {
    /// The data.
    pub df: Arc<DataFrame>,
    /// SHA-256 of the file as read.
    pub sha256: String,
}

/// What an EDA job produced. Failures are results too: they are shown on the screen.
#[derive(Debug)]
pub enum EdaJobOutput {
    /// A file was loaded.
    Loaded {
        /// The load.
        load_id: u64,
        /// The data, or why it could not be read (with file, line and column).
        result: Result<Loaded, String>,
    },
    /// A profile ran.
    Profiled {
        /// The run.
        profile_id: u64,
        /// The profile, or why it could not be computed.
        result: Result<Arc<Profile>, String>,
    },
    /// The data table's rows were sorted and filtered.
    Rows {
        /// The table's request.
        request_id: u64,
        /// The rows, or why not.
        rows: Result<Vec<usize>, String>,
    },
}
