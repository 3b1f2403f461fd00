//! The profile's options, errors and results: what [`super::profile_file`] takes and returns, serialised
//! as the `profile --json` document by `json.rs`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dates::TimeHistogram;
use super::json;
use crate::analysis::dataset::DatasetError;
use crate::analysis::task::Cancelled;
use crate::model::DatasetRef;
use crate::model::data_columns::{ColumnKind, ColumnRole};
use crate::model::settings::EdaThresholds;

/// What the profile needs to know besides the data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProfileOptions {
    /// Type overrides by column name.
    pub type_overrides: BTreeMap<String, ColumnKind>,
    /// Placeholder values declared missing (compared trimmed and case-insensitively).
    pub missing_tokens: Vec<String>,
    /// Sensitive columns for the fairness section.
    pub sensitive: Vec<String>,
    /// The label column, for base rates per group.
    pub label: Option<String>,
    /// The label value that counts as positive (default: 1, true or yes when the label is boolean).
    pub label_positive: Option<String>,
    /// Reference population share per sensitive column and group value.
    pub reference_shares: BTreeMap<String, BTreeMap<String, f64>>,
    /// Alert thresholds.
    pub thresholds: EdaThresholds,
}

impl ProfileOptions {
    /// The options saved in the project for a dataset: its type overrides, declared missing tokens,
    /// sensitive columns with their reference shares, label and positive value.
    #[must_use]
    pub fn from_dataset(dataset: &DatasetRef, thresholds: &EdaThresholds) -> Self {
        let mut options = Self {
            missing_tokens: dataset.missing_tokens.clone(),
            label_positive: dataset.label_positive.clone(),
            thresholds: thresholds.clone(),
            ..Self::default()
        };
        for setting in &dataset.column_settings {
            if let Some(kind) = setting.kind {
                options.type_overrides.insert(setting.name.clone(), kind);
            }
            match setting.role {
                ColumnRole::Sensitive => {
                    options.sensitive.push(setting.name.clone());
                    if !setting.reference_shares.is_empty() {
                        options
                            .reference_shares
                            .insert(setting.name.clone(), setting.reference_shares.clone());
                    }
                }
                ColumnRole::Label if options.label.is_none() => {
                    options.label = Some(setting.name.clone());
                }
                _ => {}
            }
        }
        options
    }
}

/// Why a profile could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read (with file, line and column for malformed data).
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// A value does not fit the column's type (0-based data row, 1-based column).
    #[error("row {}, column {column} ({name:?}): {message}", row + 1)]
    Value {
        /// Data row, counted from 0 (header excluded).
        row: u64,
        /// Column number, from 1.
        column: u64,
        /// Column name.
        name: String,
        /// What was wrong and what was expected.
        message: String,
    },
    /// An option names a column the data does not have.
    #[error("{option}: the data has no column {name:?} (columns: {available})")]
    UnknownColumn {
        /// Which option.
        option: &'static str,
        /// The name given.
        name: String,
        /// The columns there are.
        available: String,
    },
    /// A computation in polars failed.
    #[error("cannot profile the data: {0}")]
    Internal(String),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled(#[from] Cancelled),
    /// `RISKBENCH_MEMORY_LIMIT` cannot be understood (it decides whether a file is read in blocks).
    #[error(transparent)]
    MemoryLimit(#[from] crate::analysis::table::stream::MemoryLimitError),
}

/// A value in a top-values list: a number for numeric columns, text otherwise.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CellValue {
    /// A number.
    Number(f64),
    /// Text as it appears in the data.
    Text(String),
}

impl std::fmt::Display for CellValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(v) => write!(f, "{v}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// A value and how many rows hold it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueCount {
    /// The value.
    pub value: CellValue,
    /// Rows holding it.
    pub count: u64,
}

/// Dataset overview.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overview {
    /// Data rows.
    pub rows: u64,
    /// Columns.
    pub columns: u64,
    /// Missing cells over all columns.
    pub missing_cells: u64,
    /// Missing cells ÷ (rows × columns); 0 for an empty table.
    pub missing_cells_share: f64,
    /// Rows identical to an earlier row (`pandas.DataFrame.duplicated().sum()`).
    pub duplicate_rows: u64,
    /// Duplicate rows ÷ rows.
    pub duplicate_rows_share: f64,
    /// Size of the data in memory (polars' estimate).
    pub memory_bytes: u64,
    /// Number of columns of each kind, by kind key (`numeric`, `categorical`, …).
    pub types: BTreeMap<String, u64>,
}

/// Quantiles 5/25/50/75/95 %.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantiles {
    /// 5 %.
    pub q05: Option<f64>,
    /// 25 %.
    pub q25: Option<f64>,
    /// Median.
    pub q50: Option<f64>,
    /// 75 %.
    pub q75: Option<f64>,
    /// 95 %.
    pub q95: Option<f64>,
}

/// An equal-width histogram: `counts[i]` values in `[edges[i], edges[i + 1])` (last bin closed).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin edges, one more than bins.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
}

/// Statistics of a numeric variable (finite values only).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumericSummary {
    /// Mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1).
    pub std: Option<f64>,
    /// Smallest finite value.
    pub min: Option<f64>,
    /// Largest finite value.
    pub max: Option<f64>,
    /// Quantiles.
    pub quantiles: Quantiles,
    /// Adjusted Fisher–Pearson skewness (pandas).
    pub skewness: Option<f64>,
    /// Histogram (numpy rule, at most [`HISTOGRAM_BINS`] bins).
    pub histogram: Histogram,
}

/// The frequency chart of a categorical variable: the most frequent values and the rest summed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Frequencies {
    /// Up to [`FREQUENCY_BARS`] values, most frequent first.
    pub values: Vec<ValueCount>,
    /// How many other distinct values there are.
    pub other_values: u64,
    /// Rows holding one of the other values.
    pub other_count: u64,
}

/// The profile of one column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variable {
    /// Column name.
    pub name: String,
    /// Inferred or overridden kind.
    pub kind: ColumnKind,
    /// Whether the kind is the user's override.
    pub kind_overridden: bool,
    /// The storage type it was read as (polars dtype).
    pub dtype: String,
    /// Non-missing cells.
    pub count: u64,
    /// Distinct non-missing values.
    pub distinct: u64,
    /// Missing cells.
    pub missing: u64,
    /// Missing ÷ rows.
    pub missing_share: f64,
    /// Zeros (numeric).
    pub zeros: u64,
    /// Infinite values (numeric).
    pub infinite: u64,
    /// Numeric statistics, for numeric variables.
    pub numeric: Option<NumericSummary>,
    /// Most frequent values.
    pub top: Vec<ValueCount>,
    /// Frequency chart, for categorical, boolean, date/time, text and identifier variables.
    pub frequencies: Option<Frequencies>,
    /// `1 − H(counts)/log₂(k)`, for categorical and boolean variables with k ≥ 2 values.
    pub imbalance: Option<f64>,
    /// Undeclared placeholder tokens with their counts (suspected missing values).
    pub placeholders: Vec<ValueCount>,
    /// Earliest and latest value, for date/time variables (ISO text sorts chronologically).
    pub text_range: Option<(String, String)>,
    /// Rows per calendar period, for date/time variables with at least one value (binned by the date part
    /// as written; see [`TimeHistogram`]).
    pub time_histogram: Option<TimeHistogram>,
}

/// How two columns were compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AssociationMethod {
    /// Spearman's rank correlation (signed).
    Spearman,
    /// Bias-corrected Cramér's V (0–1).
    CramersV,
    /// Correlation ratio η (0–1).
    CorrelationRatio,
}

impl AssociationMethod {
    /// Key in JSON (`spearman`, `cramers_v`, `correlation_ratio`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Spearman => "spearman",
            Self::CramersV => "cramers_v",
            Self::CorrelationRatio => "correlation_ratio",
        }
    }
}

/// The association of two columns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorrelationPair {
    /// First column (earlier in the table).
    pub a: String,
    /// Second column.
    pub b: String,
    /// Measure used.
    pub method: AssociationMethod,
    /// Value; `None` when undefined (a column constant over the rows both have).
    pub value: Option<f64>,
}

/// Most columns that take part in the correlations (19,900 pairs).
pub const MAX_CORRELATION_COLUMNS: usize = 200;

/// The correlation matrix, for a heat map.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Correlations {
    /// The columns taking part, in table order.
    pub columns: Vec<String>,
    /// Symmetric matrix, 1 on the diagonal; `None` where undefined.
    pub matrix: Vec<Vec<Option<f64>>>,
    /// Every pair `i < j`, in row-major order.
    pub pairs: Vec<CorrelationPair>,
}

/// Kinds of alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum AlertKind {
    /// Share of missing cells above the threshold.
    Missing,
    /// Share of zeros above the threshold.
    Zeros,
    /// Share of infinite values above the threshold.
    Infinite,
    /// The table has duplicate rows.
    Duplicates,
    /// The table has no rows, or a column has no value.
    Empty,
    /// One distinct value.
    Constant,
    /// Every value distinct.
    Unique,
    /// |skewness| above the threshold.
    Skewed,
    /// Too many categories.
    HighCardinality,
    /// Categories far from balanced.
    Imbalance,
    /// Highly correlated with another column.
    HighCorrelation,
    /// Values that look like missing-value placeholders.
    SuspectedMissingPlaceholder,
    /// A feature strongly associated with a sensitive column.
    LikelyProxy,
}

impl AlertKind {
    /// The name in JSON and reports (`MISSING`, `HIGH_CORRELATION`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Missing => "MISSING",
            Self::Zeros => "ZEROS",
            Self::Infinite => "INFINITE",
            Self::Duplicates => "DUPLICATES",
            Self::Empty => "EMPTY",
            Self::Constant => "CONSTANT",
            Self::Unique => "UNIQUE",
            Self::Skewed => "SKEWED",
            Self::HighCardinality => "HIGH_CARDINALITY",
            Self::Imbalance => "IMBALANCE",
            Self::HighCorrelation => "HIGH_CORRELATION",
            Self::SuspectedMissingPlaceholder => "SUSPECTED_MISSING_PLACEHOLDER",
            Self::LikelyProxy => "LIKELY_PROXY",
        }
    }
}

/// One alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// What is wrong.
    pub kind: AlertKind,
    /// The column, or `None` for the whole table (`DUPLICATES`, `EMPTY` table).
    pub column: Option<String>,
    /// The measured value (share, count, skewness, correlation…).
    pub value: f64,
    /// A sentence for the user.
    pub detail: String,
}

/// One group of a sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupRepresentation {
    /// The group value (or bin).
    pub group: String,
    /// Rows in the group.
    pub count: u64,
    /// Rows ÷ rows with a known group.
    pub share: f64,
    /// The reference population share, when given.
    pub reference_share: Option<f64>,
    /// `share − reference_share`.
    pub difference: Option<f64>,
    /// Rows with a known label.
    pub labelled: u64,
    /// Rows with the positive label.
    pub positives: u64,
    /// `positives ÷ labelled`; `None` without a label or labelled rows.
    pub base_rate: Option<f64>,
}

/// A feature's association with a sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proxy {
    /// The feature.
    pub column: String,
    /// Measure used (η for numeric features, Cramér's V otherwise).
    pub method: AssociationMethod,
    /// Value; `None` when undefined.
    pub value: Option<f64>,
    /// At or above the proxy threshold.
    pub flagged: bool,
}

/// Five-number summary (and mean) of a numeric column in one group, for a box plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupSummary {
    /// The group.
    pub group: String,
    /// Finite values.
    pub count: u64,
    /// Minimum.
    pub min: Option<f64>,
    /// First quartile (linear interpolation).
    pub q1: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Mean.
    pub mean: Option<f64>,
}

/// A numeric column summarised per group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumericByGroup {
    /// The numeric column.
    pub column: String,
    /// One summary per group, in group order.
    pub groups: Vec<GroupSummary>,
}

/// Fairness EDA of one sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitiveProfile {
    /// The column.
    pub column: String,
    /// How a numeric column was grouped, when it was cut into bins.
    pub binning: Option<String>,
    /// Groups in ascending order of value.
    pub groups: Vec<GroupRepresentation>,
    /// Rows with the column missing.
    pub missing: u64,
    /// Every other feature's association, strongest first.
    pub proxies: Vec<Proxy>,
    /// Numeric features per group.
    pub numeric_by_group: Vec<NumericByGroup>,
}

/// The fairness section.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct FairnessProfile {
    /// The label column used for base rates.
    pub label: Option<String>,
    /// The positive label value used.
    pub positive: Option<String>,
    /// Why base rates are missing, when a label was given but could not be used.
    pub label_problem: Option<String>,
    /// One entry per sensitive column.
    pub sensitive: Vec<SensitiveProfile>,
    /// The proxy threshold applied.
    pub proxy_threshold: f64,
}

/// The complete profile of a dataset: plain values, no polars types.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Overview.
    pub overview: Overview,
    /// Variables in table order.
    pub variables: Vec<Variable>,
    /// Correlations.
    pub correlations: Correlations,
    /// Alerts, by column order then kind.
    pub alerts: Vec<Alert>,
    /// Fairness section.
    pub fairness: FairnessProfile,
}

impl Profile {
    /// The variable with this name.
    #[must_use]
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// The association of two columns (either order), when both took part in the correlations.
    #[must_use]
    pub fn correlation(&self, a: &str, b: &str) -> Option<&CorrelationPair> {
        self.correlations
            .pairs
            .iter()
            .find(|p| (p.a == a && p.b == b) || (p.a == b && p.b == a))
    }

    /// The `profile --json` document (`cli.md` shape, with extra fields): keys sorted, floats in shortest
    /// round-trip form, undefined and non-finite values `null`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        json::to_json(self)
    }

    /// A readable summary for the terminal.
    #[must_use]
    pub fn summary_text(&self) -> String {
        json::summary_text(self)
    }
}
