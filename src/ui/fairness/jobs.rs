//! What the fairness screen asks the app to run, and what comes back: tickets, jobs, actions and outputs.

use crate::analysis::audit::AuditReport;
use crate::analysis::columns::ColumnSummary;
use crate::ui::jobs::ScreenJob;
use std::path::PathBuf;
use std::sync::Arc;

// ------------------------------------------------------------------------------------------------------------
// Jobs: what the screen asks the app to run, and what comes back

/// Which half of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Point estimates with Wilson intervals (no resampling; quick).
    Point,
    /// The stratified bootstrap intervals.
    Bootstrap,
}

/// A dataset file whose columns are read: its resolved path and the SHA-256 recorded in the project.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnsKey {
    pub(super) path: PathBuf,
    pub(super) sha256: String,
}

/// What a background job is for, so the screen can record its job id when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ticket {
    /// Reading a dataset's columns.
    Columns(ColumnsKey),
    /// One stage of a run of an audit.
    Run {
        /// The audit.
        audit_id: String,
        /// The run (a newer run replaces an older one).
        run_id: u64,
        /// Which stage.
        stage: Stage,
    },
}

/// A background job the screen asks for.
pub type FairnessJob = ScreenJob<Ticket, FairnessJobOutput>;

/// What the screen asks the app to do after a frame or a job result.
#[derive(Default)]
pub struct FairnessActions {
    /// Jobs to start (report each one's id with [`FairnessScreen::job_started`]).
    pub jobs: Vec<FairnessJob>,
    /// Jobs to cancel: their results are no longer wanted.
    pub cancel: Vec<u64>,
    /// A risk was created from a finding: show it in the register.
    pub show_risk: Option<String>,
}

/// What a fairness job produced. Failures are results too: they are shown on the screen, beside the audit.
#[derive(Debug)]
pub enum FairnessJobOutput {
    /// A dataset's columns were read.
    Columns {
        /// Which file.
        key: ColumnsKey,
        /// The columns, or why they could not be read.
        columns: Result<Vec<ColumnSummary>, String>,
    },
    /// One stage of an audit ran.
    Audit {
        /// The audit.
        audit_id: String,
        /// The run.
        run_id: u64,
        /// Which stage.
        stage: Stage,
        /// The report, or why the audit could not run.
        outcome: Result<Arc<AuditReport>, String>,
    },
}
