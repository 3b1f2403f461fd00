//! FMEA worksheets in the AIAG-VDA style, adapted to ML systems: the model and its logic, no UI.
//!
//! A project holds any number of [`FmeaWorksheet`]s. Each row ([`FmeaRow`]) carries the columns of
//! `risk-methods.md`: item or pipeline step, function, failure mode, effect, affected groups, severity S,
//! cause, prevention controls, occurrence O, detection controls, detection D, the computed RPN and Action
//! Priority, the recommended action with owner, target date and status, the action taken, revised S/O/D
//! with their computed RPN and AP, evidence links, and links to a register risk and to bow-tie barriers.
//!
//! - [`rating`]: 1–10 ratings, RPN, the Action Priority lookup and our rating criteria for ML systems.
//! - [`row`]: a row, its [`Column`]s, and cell text get/set with validation.
//! - [`worksheet`]: row operations, copy/paste of ranges, sorting, filtering, flags, chart series.
//! - [`csv_io`]: CSV export and import with the worksheet's headers.
//! - [`clipboard`]: tab-separated clipboard text as spreadsheets (Excel, `LibreOffice`) write it.
//! - [`template`]: the "ML pipeline FMEA" template.
//! - [`help`]: help text on Action Priority versus RPN.
//!
//! Everything takes values and returns values: nothing here reads files, the clock or the UI, and no
//! input can make it panic.

pub mod clipboard;
pub mod csv_io;
pub mod error;
pub mod help;
pub mod rating;
pub mod row;
pub mod template;
pub mod worksheet;

#[cfg(test)]
mod tests;

pub use crate::model::date::{DateParseError, IsoDate};
pub use csv_io::{rows_from_csv, rows_to_csv};
pub use error::{EditError, ImportError, PasteError};
pub use help::HELP_AP_VS_RPN;
pub use rating::{
    ActionPriority, DETECTION_CRITERIA, OCCURRENCE_CRITERIA, Rating, RatingCriterion, RatingKind,
    RatingOutOfRange, SEVERITY_CRITERIA, rpn,
};
pub use row::{ActionStatus, CellError, Column, FmeaRow, ValueKind, join_list, split_list};
pub use template::{ML_PIPELINE_STEPS, ML_PIPELINE_TEMPLATE_TITLE, ml_pipeline_template};
pub use worksheet::{
    ApCounts, FmeaWorksheet, ParetoPoint, PasteOutcome, PriorityBasis, PriorityCounts,
    ROW_ID_PREFIX, RowFilter, RowFlag, WORKSHEET_ID_PREFIX, compare_by_priority, next_worksheet_id,
};
