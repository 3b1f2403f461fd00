//! Which rows of a loaded data frame a data table shows, and in what order: a filter (case-insensitive
//! substring search in one column or in every column, or a comparison such as `age > 30`) and a stable sort
//! by one column (numbers numerically, text lexicographically, missing values last in both directions).
//!
//! The result is a list of row indices into the unchanged frame, computed once per query (in a background job
//! for large files, with progress and cancellation); a table then formats only the cells it draws with
//! [`format_cell`]. Nothing here knows about egui.

use std::cmp::Ordering;

use polars::prelude::*;

use super::task::{Cancelled, TaskControl};

mod format;
mod sort;

use self::format::push_float;
pub use self::format::{cell_text, format_cell, format_cell_with};
pub use self::sort::{sort_rows, sort_rows_with};

/// How often (in rows) a long loop checks for cancellation and reports progress.
const CHECK_EVERY: usize = 1 << 16;

/// The sort of a table: one column, ascending or descending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    /// The column's name.
    pub column: String,
    /// Largest first (missing values stay last).
    pub descending: bool,
}

/// How the project reads a dataset's cells, applied by a table as the profile applies them: cells equal to
/// a declared missing token are missing (shown as missing, found by `col = null`, sorted last, never matched
/// by a search or a comparison), and text columns whose type is set to numeric sort and compare as numbers.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CellRules {
    /// Declared missing tokens, trimmed and lowercase.
    missing: Vec<String>,
    /// The tokens that are numbers, as bit patterns (so the rules can be compared): a numeric cell equal to
    /// one is missing.
    missing_numbers: Vec<u64>,
    /// Columns whose type is set to numeric.
    numeric: Vec<String>,
}

impl CellRules {
    /// The rules of a dataset: its declared missing tokens and its columns set to numeric.
    #[must_use]
    pub fn from_dataset(dataset: &crate::model::DatasetRef) -> Self {
        let numeric = dataset
            .column_settings
            .iter()
            .filter(|s| s.kind == Some(crate::model::data_columns::ColumnKind::Numeric))
            .map(|s| s.name.clone())
            .collect();
        Self::new(&dataset.missing_tokens, numeric)
    }

    /// Rules from declared missing tokens (as typed) and the columns set to numeric.
    #[must_use]
    pub fn new(missing_tokens: &[String], numeric: Vec<String>) -> Self {
        let mut missing: Vec<String> = missing_tokens
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        missing.sort();
        missing.dedup();
        let missing_numbers = missing
            .iter()
            .filter_map(|t| t.parse::<f64>().ok())
            .map(|v| if v == 0.0 { 0.0_f64 } else { v }.to_bits())
            .collect();
        Self {
            missing,
            missing_numbers,
            numeric,
        }
    }

    /// Whether there is nothing to apply.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.numeric.is_empty()
    }

    /// Whether a cell's text is a declared missing token (ignoring case and surrounding spaces).
    #[must_use]
    pub fn is_missing_text(&self, text: &str) -> bool {
        if self.missing.is_empty() {
            return false;
        }
        let trimmed = text.trim();
        self.missing
            .iter()
            .any(|t| t.len() == trimmed.len() && t.eq_ignore_ascii_case(trimmed))
            || (!trimmed.is_ascii() && self.missing.contains(&trimmed.to_lowercase()))
    }

    /// Whether a number is a declared missing token (`-999` declared: `-999.0` is missing).
    #[must_use]
    pub fn is_missing_number(&self, v: f64) -> bool {
        let v = if v == 0.0 { 0.0 } else { v };
        self.missing_numbers.contains(&v.to_bits())
    }

    /// Whether `column` is set to numeric.
    #[must_use]
    pub fn is_numeric(&self, column: &str) -> bool {
        self.numeric.iter().any(|c| c == column)
    }

    /// Whether the cell `text` of a column is missing: a declared token, or, in a column read or set as
    /// numbers, a number equal to a declared token.
    fn is_missing_cell(&self, text: &str, numbers: bool) -> bool {
        self.is_missing_text(text)
            || (numbers
                && !self.missing_numbers.is_empty()
                && text
                    .trim()
                    .parse::<f64>()
                    .is_ok_and(|v| self.is_missing_number(v)))
    }
}

/// What a table shows: a filter and an optional sort.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ViewQuery {
    /// The filter as typed; empty shows every row. See [`Filter::parse`].
    pub filter: String,
    /// Restrict a text search to this column (`None`: any column).
    pub filter_column: Option<String>,
    /// The sort; `None` keeps the file's order.
    pub sort: Option<SortKey>,
    /// The dataset's declared missing tokens and numeric columns.
    pub rules: CellRules,
}

/// A comparison operator of a filter such as `age >= 30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `=` or `==`
    Equal,
    /// `!=` or `<>`
    NotEqual,
}

impl CompareOp {
    /// Operators by their spelling, longest first so `>=` is not read as `>`.
    const SPELLINGS: [(&'static str, Self); 8] = [
        (">=", Self::GreaterOrEqual),
        ("<=", Self::LessOrEqual),
        ("!=", Self::NotEqual),
        ("<>", Self::NotEqual),
        ("==", Self::Equal),
        (">", Self::Greater),
        ("<", Self::Less),
        ("=", Self::Equal),
    ];

    /// The operator's symbol.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Less => "<",
            Self::LessOrEqual => "≤",
            Self::Greater => ">",
            Self::GreaterOrEqual => "≥",
            Self::Equal => "=",
            Self::NotEqual => "≠",
        }
    }

    /// Whether `ordering` (value compared with the filter's operand) satisfies the operator.
    fn accepts(self, ordering: Ordering) -> bool {
        match self {
            Self::Less => ordering == Ordering::Less,
            Self::LessOrEqual => ordering != Ordering::Greater,
            Self::Greater => ordering == Ordering::Greater,
            Self::GreaterOrEqual => ordering != Ordering::Less,
            Self::Equal => ordering == Ordering::Equal,
            Self::NotEqual => ordering != Ordering::Equal,
        }
    }
}

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Every row.
    All,
    /// Rows where the column (or any column) contains the text, ignoring case.
    Contains {
        /// The column searched; `None`: any column.
        column: Option<String>,
        /// The text, lowercased.
        needle: String,
    },
    /// Rows whose number in `column` compares with `value` as `op` says (missing values never match).
    Number {
        /// The column.
        column: String,
        /// The operator.
        op: CompareOp,
        /// The operand.
        value: f64,
    },
    /// Rows whose cell, as shown, equals (or differs from) `text`, ignoring case.
    Text {
        /// The column.
        column: String,
        /// Only `Equal` or `NotEqual`.
        equal: bool,
        /// The text, lowercased.
        text: String,
    },
    /// Rows where the column is missing (`equal`) or present (`!equal`): `col = null`, `col != null`.
    Missing {
        /// The column.
        column: String,
        /// `true`: missing values; `false`: present values.
        equal: bool,
    },
}

/// A filter that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// The column of a text search is not in the table.
    #[error("there is no column named \"{0}\"")]
    UnknownColumn(String),
    /// An ordering comparison on a column that does not hold numbers.
    #[error("\"{column}\" holds text: compare it with = or != (or search for a part of it)")]
    NotNumeric {
        /// The column.
        column: String,
    },
    /// An ordering comparison with something that is not a number.
    #[error("\"{value}\" is not a number: write e.g. {column} > 30")]
    NotANumber {
        /// The column.
        column: String,
        /// What was typed after the operator.
        value: String,
    },
}

/// Why a view could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The filter cannot be applied.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The sort column is not in the table.
    #[error("there is no column named \"{0}\" to sort by")]
    UnknownSortColumn(String),
    /// polars could not convert a column.
    #[error("column \"{column}\": {message}")]
    Column {
        /// The column.
        column: String,
        /// polars' message.
        message: String,
    },
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled(#[from] Cancelled),
}

fn column_error(column: &Column) -> impl Fn(PolarsError) -> ViewError + '_ {
    move |e| ViewError::Column {
        column: column.name().to_string(),
        message: e.to_string(),
    }
}

/// Whether a column of this type is compared and sorted as numbers (booleans, dates and times included).
fn is_numeric(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric() || dtype.is_bool() || dtype.is_temporal()
}

/// The column with this name: exact, else the only one that matches ignoring case.
fn find_column<'a>(df: &'a DataFrame, name: &str) -> Option<&'a Column> {
    let columns = df.columns();
    if let Some(c) = columns.iter().find(|c| c.name().as_str() == name) {
        return Some(c);
    }
    let mut matches = columns
        .iter()
        .filter(|c| c.name().as_str().eq_ignore_ascii_case(name));
    let first = matches.next()?;
    matches.next().is_none().then_some(first)
}

impl Filter {
    /// Reads a filter as typed, against the columns of `df`.
    ///
    /// `column OP value` with OP one of `<`, `<=`, `>`, `>=`, `=`, `==`, `!=`, `<>` compares when `column` names
    /// a column (exactly, or ignoring case); `column = null` selects missing values. Anything else is a
    /// case-insensitive text search in `scope` (a column name) or, without one, in every column.
    ///
    /// ```
    /// use polars::prelude::*;
    /// use riskbench::analysis::view::{CompareOp, Filter};
    /// let df = df!("age" => [25, 40], "city" => ["Paris", "Oslo"]).unwrap();
    /// assert_eq!(
    ///     Filter::parse("age > 30", None, &df).unwrap(),
    ///     Filter::Number { column: "age".into(), op: CompareOp::Greater, value: 30.0 }
    /// );
    /// assert_eq!(
    ///     Filter::parse("PAR", None, &df).unwrap(),
    ///     Filter::Contains { column: None, needle: "par".into() }
    /// );
    /// ```
    ///
    /// # Errors
    /// [`FilterError`] when `scope` is not a column, or an ordering comparison is applied to text or to
    /// something that is not a number.
    pub fn parse(text: &str, scope: Option<&str>, df: &DataFrame) -> Result<Self, FilterError> {
        Self::parse_with(text, scope, df, &CellRules::default())
    }

    /// [`Filter::parse`] for a dataset with rules: a text column set to numeric takes `<`, `>`… comparisons.
    ///
    /// # Errors
    /// As [`Filter::parse`].
    pub fn parse_with(
        text: &str,
        scope: Option<&str>,
        df: &DataFrame,
        rules: &CellRules,
    ) -> Result<Self, FilterError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self::All);
        }
        if let Some(filter) = Self::parse_comparison(text, df, rules)? {
            return Ok(filter);
        }
        let column = match scope {
            Some(name) => Some(
                find_column(df, name)
                    .ok_or_else(|| FilterError::UnknownColumn(name.to_owned()))?
                    .name()
                    .to_string(),
            ),
            None => None,
        };
        Ok(Self::Contains {
            column,
            needle: text.to_lowercase(),
        })
    }

    fn parse_comparison(
        text: &str,
        df: &DataFrame,
        rules: &CellRules,
    ) -> Result<Option<Self>, FilterError> {
        // The first operator in the text splits it.
        let Some((at, spelling, op)) = CompareOp::SPELLINGS
            .iter()
            .filter_map(|(s, op)| text.find(s).map(|at| (at, *s, *op)))
            .min_by_key(|(at, s, _)| (*at, std::cmp::Reverse(s.len())))
        else {
            return Ok(None);
        };
        let name = text[..at].trim();
        let operand = text[at + spelling.len()..].trim();
        let Some(column) = find_column(df, name) else {
            return Ok(None);
        };
        let column_name = column.name().to_string();
        let is_equality = matches!(op, CompareOp::Equal | CompareOp::NotEqual);
        if is_equality && (operand.is_empty() || operand.eq_ignore_ascii_case("null")) {
            return Ok(Some(Self::Missing {
                column: column_name,
                equal: op == CompareOp::Equal,
            }));
        }
        let numeric = (is_numeric(column.dtype()) && !column.dtype().is_temporal())
            || (column.dtype().is_string() && rules.is_numeric(&column_name));
        if numeric {
            if let Ok(value) = operand.parse::<f64>() {
                return Ok(Some(Self::Number {
                    column: column_name,
                    op,
                    value,
                }));
            }
            if column.dtype().is_bool() && is_equality {
                return Ok(Some(Self::Text {
                    column: column_name,
                    equal: op == CompareOp::Equal,
                    text: operand.to_lowercase(),
                }));
            }
            return Err(FilterError::NotANumber {
                column: column_name,
                value: operand.to_owned(),
            });
        }
        if is_equality {
            return Ok(Some(Self::Text {
                column: column_name,
                equal: op == CompareOp::Equal,
                text: operand.trim_matches(['"', '\'']).to_lowercase(),
            }));
        }
        Err(FilterError::NotNumeric {
            column: column_name,
        })
    }

    /// What the filter selects, in words, for the table's status line.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::All => "all rows".to_owned(),
            Self::Contains {
                column: None,
                needle,
            } => format!("rows where any column contains \"{needle}\""),
            Self::Contains {
                column: Some(c),
                needle,
            } => format!("rows where {c} contains \"{needle}\""),
            Self::Number { column, op, value } => {
                format!("rows where {column} {} {value}", op.symbol())
            }
            Self::Text {
                column,
                equal,
                text,
            } => format!(
                "rows where {column} {} \"{text}\"",
                if *equal { "is" } else { "is not" }
            ),
            Self::Missing { column, equal } => format!(
                "rows where {column} is {}",
                if *equal { "missing" } else { "present" }
            ),
        }
    }
}

/// The rows of `df` the query selects, in the query's order, as indices into `df`.
///
/// The sort is stable (equal values keep the file's order) and puts missing values last in both directions;
/// NaN sorts after every number and before missing values. Progress goes from 0 to 1 over filter and sort.
///
/// ```
/// use polars::prelude::*;
/// use riskbench::analysis::task::TaskControl;
/// use riskbench::analysis::view::{SortKey, ViewQuery, view_rows};
/// let df = df!("age" => [Some(40), None, Some(25), Some(31)]).unwrap();
/// let query = ViewQuery {
///     filter: "age > 30".into(),
///     filter_column: None,
///     sort: Some(SortKey { column: "age".into(), descending: false }),
///     ..ViewQuery::default()
/// };
/// assert_eq!(view_rows(&df, &query, &TaskControl::new()).unwrap(), [3, 0]);
/// ```
///
/// # Errors
/// [`ViewError`] when the filter or sort names no column, a column cannot be converted, or the user
/// cancelled.
pub fn view_rows(
    df: &DataFrame,
    query: &ViewQuery,
    control: &TaskControl,
) -> Result<Vec<usize>, ViewError> {
    let rules = &query.rules;
    let filter = Filter::parse_with(&query.filter, query.filter_column.as_deref(), df, rules)?;
    let mut rows = filter_rows_with(df, &filter, rules, control)?;
    control.set_progress(0.5);
    if let Some(sort) = &query.sort {
        let column = find_column(df, &sort.column)
            .ok_or_else(|| ViewError::UnknownSortColumn(sort.column.clone()))?;
        sort_rows_with(column, &mut rows, sort.descending, rules, control)?;
    }
    control.set_progress(1.0);
    Ok(rows)
}

/// The rows (in file order) that `filter` selects.
///
/// # Errors
/// [`ViewError`] when a column cannot be converted or the user cancelled.
pub fn filter_rows(
    df: &DataFrame,
    filter: &Filter,
    control: &TaskControl,
) -> Result<Vec<usize>, ViewError> {
    filter_rows_with(df, filter, &CellRules::default(), control)
}

/// [`filter_rows`] with a dataset's rules: declared missing cells match `col = null` and nothing else.
///
/// # Errors
/// As [`filter_rows`].
pub fn filter_rows_with(
    df: &DataFrame,
    filter: &Filter,
    rules: &CellRules,
    control: &TaskControl,
) -> Result<Vec<usize>, ViewError> {
    let height = df.height();
    let mask = match filter {
        Filter::All => return Ok((0..height).collect()),
        Filter::Contains { column, needle } => {
            let mut mask = vec![false; height];
            let columns: Vec<&Column> = match column {
                Some(name) => vec![
                    find_column(df, name)
                        .ok_or_else(|| FilterError::UnknownColumn(name.clone()))?,
                ],
                None => df.columns().iter().collect(),
            };
            for (i, c) in columns.iter().enumerate() {
                contains_into(c, needle, &mut mask, rules, control)?;
                #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
                control.set_progress((i + 1) as f32 / columns.len() as f32 * 0.5);
            }
            mask
        }
        Filter::Number { column, op, value } => {
            let c = find_column(df, column)
                .ok_or_else(|| FilterError::UnknownColumn(column.clone()))?;
            let floats = c.cast(&DataType::Float64).map_err(column_error(c))?;
            let floats = floats.f64().map_err(column_error(c))?;
            let mut mask = Vec::with_capacity(height);
            // Text cells that are declared tokens are missing even when they read as numbers.
            let mut missing_text = vec![false; if c.dtype().is_string() { height } else { 0 }];
            if c.dtype().is_string() && !rules.missing.is_empty() {
                for_each_text(c, control, |i, cell| {
                    missing_text[i] = cell.is_some_and(|t| rules.is_missing_text(t));
                })?;
            }
            for (i, v) in floats.iter().enumerate() {
                if i % CHECK_EVERY == 0 {
                    control.check()?;
                }
                mask.push(
                    !missing_text.get(i).copied().unwrap_or(false)
                        && v.is_some_and(|v| {
                            !rules.is_missing_number(v)
                                && v.partial_cmp(value)
                                    .is_some_and(|ordering| op.accepts(ordering))
                        }),
                );
            }
            mask
        }
        Filter::Text {
            column,
            equal,
            text,
        } => {
            let c = find_column(df, column)
                .ok_or_else(|| FilterError::UnknownColumn(column.clone()))?;
            let mut mask = vec![false; height];
            let numbers = is_numeric(c.dtype()) || rules.is_numeric(c.name());
            for_each_text(c, control, |i, cell| {
                if let Some(cell) = cell.filter(|t| !rules.is_missing_cell(t, numbers)) {
                    mask[i] = (cell.to_lowercase() == *text) == *equal;
                }
            })?;
            mask
        }
        Filter::Missing { column, equal } => {
            let c = find_column(df, column)
                .ok_or_else(|| FilterError::UnknownColumn(column.clone()))?;
            if rules.missing.is_empty() {
                c.is_null()
                    .iter()
                    .map(|v| v.unwrap_or(false) == *equal)
                    .collect()
            } else {
                let numbers = is_numeric(c.dtype()) || rules.is_numeric(c.name());
                let mut mask = vec![false; height];
                for_each_text(c, control, |i, cell| {
                    let missing = cell.is_none_or(|t| rules.is_missing_cell(t, numbers));
                    mask[i] = missing == *equal;
                })?;
                mask
            }
        }
    };
    Ok(mask
        .iter()
        .enumerate()
        .filter_map(|(i, keep)| keep.then_some(i))
        .collect())
}

/// Calls `f(row, text)` for every row of a column, with the cell as [`format_cell`] shows it.
fn for_each_text(
    column: &Column,
    control: &TaskControl,
    mut f: impl FnMut(usize, Option<&str>),
) -> Result<(), ViewError> {
    let dtype = column.dtype();
    if dtype.is_float() {
        let floats = column
            .cast(&DataType::Float64)
            .map_err(column_error(column))?;
        let mut buffer = String::new();
        for (i, v) in floats
            .f64()
            .map_err(column_error(column))?
            .iter()
            .enumerate()
        {
            if i % CHECK_EVERY == 0 {
                control.check()?;
            }
            match v {
                Some(v) => {
                    buffer.clear();
                    push_float(&mut buffer, v);
                    f(i, Some(&buffer));
                }
                None => f(i, None),
            }
        }
        return Ok(());
    }
    let text = if dtype.is_string() {
        column.clone()
    } else {
        column
            .cast(&DataType::String)
            .map_err(column_error(column))?
    };
    for (i, v) in text.str().map_err(column_error(column))?.iter().enumerate() {
        if i % CHECK_EVERY == 0 {
            control.check()?;
        }
        f(i, v);
    }
    Ok(())
}

/// Whether `needle` (lowercase) could occur in a number as [`format_cell`] writes it.
fn could_be_in_number(needle: &str) -> bool {
    needle
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'i' | 'n' | 'f' | 'a'))
}

/// Sets `mask[row]` for every row whose cell contains `needle` (lowercase), ignoring case.
fn contains_into(
    column: &Column,
    needle: &str,
    mask: &mut [bool],
    rules: &CellRules,
    control: &TaskControl,
) -> Result<(), ViewError> {
    let dtype = column.dtype();
    if dtype.is_primitive_numeric() && !could_be_in_number(needle) {
        return Ok(());
    }
    let ascii_needle = needle.is_ascii();
    let numbers = is_numeric(dtype) || rules.is_numeric(column.name());
    for_each_text(column, control, |i, cell| {
        if mask[i] {
            return;
        }
        if let Some(cell) = cell.filter(|t| !rules.is_missing_cell(t, numbers)) {
            mask[i] = if ascii_needle && cell.is_ascii() {
                contains_ignore_ascii_case(cell.as_bytes(), needle.as_bytes())
            } else {
                cell.to_lowercase().contains(needle)
            };
        }
    })
}

/// Whether `haystack` contains `needle` (lowercase ASCII), ignoring ASCII case.
fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return true;
    }
    haystack.windows(needle.len()).any(|w| {
        w.iter()
            .zip(needle)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

#[cfg(test)]
mod tests;
