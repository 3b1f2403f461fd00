//! Errors of the fairness engine. Every message names the column, row or setting at fault.

/// Why an audit could not be computed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FairnessError {
    /// A column does not have one entry per row.
    #[error("column `{column}` has {actual} rows but the label column has {expected}")]
    LengthMismatch {
        /// The column at fault.
        column: String,
        /// Rows of the label column.
        expected: usize,
        /// Rows of this column.
        actual: usize,
    },
    /// The configuration names no sensitive column.
    #[error("no sensitive column is configured for the audit")]
    NoSensitiveColumn,
    /// A configured sensitive column is not in the input.
    #[error("sensitive column `{0}` is configured but not present in the data")]
    UnknownSensitiveColumn(String),
    /// A sensitive column is configured twice, or two input columns share a name.
    #[error("sensitive column `{0}` appears twice")]
    DuplicateSensitiveColumn(String),
    /// A level is declared twice in one column.
    #[error("sensitive column `{column}` declares the level `{level}` twice")]
    DuplicateLevel {
        /// Column name.
        column: String,
        /// The repeated level.
        level: String,
    },
    /// A level uses the text reserved for missing values.
    #[error(
        "sensitive column `{0}` has a level written `(missing)`, which is reserved for missing values; rename it"
    )]
    ReservedLevel(String),
    /// A code does not index the declared levels.
    #[error(
        "sensitive column `{column}`, row {row}: code {code} but only {levels} levels are declared"
    )]
    CodeOutOfRange {
        /// Column name.
        column: String,
        /// 0-based row.
        row: usize,
        /// The bad code.
        code: u32,
        /// Number of declared levels.
        levels: usize,
    },
    /// A weight is negative, infinite or NaN.
    #[error("weight in row {row} is {value}; weights must be finite and not negative")]
    InvalidWeight {
        /// 0-based row.
        row: usize,
        /// The bad weight.
        value: f64,
    },
    /// A score is infinite.
    #[error(
        "score in row {row} is {value}; scores must be finite (leave the cell empty when missing)"
    )]
    InvalidScore {
        /// 0-based row.
        row: usize,
        /// The bad score.
        value: f64,
    },
    /// Predictions come from a threshold, but there is no score column.
    #[error("predictions come from a score threshold but no score column was given")]
    MissingScore,
    /// The score threshold is not a finite number.
    #[error("score threshold {0} is not a finite number")]
    InvalidThreshold(f64),
    /// A reference value is not a level of its column.
    #[error("reference for `{column}`: `{value}` is not a value of that column")]
    UnknownReferenceValue {
        /// Column name.
        column: String,
        /// The configured value.
        value: String,
    },
    /// A reference is configured for a column that is not audited.
    #[error(
        "a reference is configured for `{0}`, which is not one of the audited sensitive columns"
    )]
    ReferenceForUnknownColumn(String),
    /// A setting is out of range.
    #[error("invalid setting `{setting}`: {reason}")]
    InvalidConfig {
        /// The setting's name.
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// No row has both a label and a prediction.
    #[error(
        "no usable rows: all {rows} rows lack a label, a prediction or a score ({missing_label} without label, {missing_prediction} without prediction, {missing_score} without score)"
    )]
    NoUsableRows {
        /// Input rows.
        rows: usize,
        /// Rows without a label.
        missing_label: usize,
        /// Rows without a prediction.
        missing_prediction: usize,
        /// Rows without a score.
        missing_score: usize,
    },
    /// An intersection has too many combinations.
    #[error("the combination of {columns} has {groups} groups, more than the limit of {limit}")]
    TooManyGroups {
        /// The columns, comma-separated.
        columns: String,
        /// Number of combinations.
        groups: u128,
        /// The limit.
        limit: usize,
    },
    /// The bootstrap would need too much memory.
    #[error(
        "the bootstrap of {columns} would store {values} values (more than {limit}); use fewer resamples or fewer groups"
    )]
    BootstrapTooLarge {
        /// The columns, comma-separated.
        columns: String,
        /// Statistics × resamples.
        values: u128,
        /// The limit.
        limit: usize,
    },
    /// The caller set the cancellation flag.
    #[error("the audit was cancelled")]
    Cancelled,
    /// A worker thread could not be started.
    #[error("could not start a bootstrap worker thread: {0}")]
    Thread(String),
    /// A worker thread panicked (a bug).
    #[error("a bootstrap worker thread stopped unexpectedly")]
    WorkerFailed,
    /// A random distribution could not be built (a bug: its parameters come from counts).
    #[error("internal error while resampling: {0}")]
    Sampling(String),
}
