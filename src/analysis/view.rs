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

/// Sorts `rows` by the values of `column`, stably, missing values last.
///
/// # Errors
/// [`ViewError`] when the column cannot be converted or the user cancelled.
pub fn sort_rows(
    column: &Column,
    rows: &mut [usize],
    descending: bool,
    control: &TaskControl,
) -> Result<(), ViewError> {
    sort_rows_with(column, rows, descending, &CellRules::default(), control)
}

/// [`sort_rows`] with a dataset's rules: declared missing cells sort with the missing ones, and a text column
/// set to numeric sorts as numbers (a cell that is not a number after the numbers, like NaN).
///
/// # Errors
/// As [`sort_rows`].
pub fn sort_rows_with(
    column: &Column,
    rows: &mut [usize],
    descending: bool,
    rules: &CellRules,
    control: &TaskControl,
) -> Result<(), ViewError> {
    control.check()?;
    let dtype = column.dtype();
    let direction = |o: Ordering| if descending { o.reverse() } else { o };
    let text_as_numbers = dtype.is_string() && rules.is_numeric(column.name());
    let sorted: Vec<usize> = if !rules.missing.is_empty() || text_as_numbers {
        // Rules apply: key every row by the cell as the rules read it.
        let numbers = is_numeric(dtype) || text_as_numbers;
        let mut cells: Vec<Option<String>> = vec![None; column.len()];
        for_each_text(column, control, |i, cell| {
            cells[i] = cell
                .filter(|t| !rules.is_missing_cell(t, numbers))
                .map(str::to_owned);
        })?;
        control.check()?;
        if numbers {
            let key = |r: usize| {
                cells
                    .get(r)
                    .and_then(Option::as_deref)
                    .map(|t| t.trim().parse::<f64>().unwrap_or(f64::NAN))
            };
            order_by_float(rows, key, descending)
        } else {
            let (mut keyed, missing) =
                split_missing(rows, |r| cells.get(r).and_then(Option::as_deref));
            keyed.sort_by(|a, b| direction(a.0.cmp(b.0)));
            keyed.into_iter().map(|(_, r)| r).chain(missing).collect()
        }
    } else if dtype.is_integer() || dtype.is_bool() || dtype.is_temporal() {
        let ints = column
            .to_physical_repr()
            .cast(&DataType::Int64)
            .map_err(column_error(column))?;
        let ints = ints.i64().map_err(column_error(column))?;
        let (mut keyed, missing) = split_missing(rows, |r| ints.get(r));
        control.check()?;
        keyed.sort_by(|a, b| direction(a.0.cmp(&b.0)));
        keyed.into_iter().map(|(_, r)| r).chain(missing).collect()
    } else if dtype.is_float() {
        let floats = column
            .cast(&DataType::Float64)
            .map_err(column_error(column))?;
        let floats = floats.f64().map_err(column_error(column))?;
        control.check()?;
        order_by_float(rows, |r| floats.get(r), descending)
    } else {
        let text = column
            .cast(&DataType::String)
            .map_err(column_error(column))?;
        let text = text.str().map_err(column_error(column))?;
        let (mut keyed, missing) = split_missing(rows, |r| text.get(r));
        control.check()?;
        keyed.sort_by(|a, b| direction(a.0.cmp(b.0)));
        keyed.into_iter().map(|(_, r)| r).chain(missing).collect()
    };
    control.check()?;
    rows.copy_from_slice(&sorted);
    Ok(())
}

/// `rows` ordered by a number: ascending or descending, then NaN, then rows without a number (both groups in
/// their order), whatever the direction.
fn order_by_float(
    rows: &[usize],
    key: impl Fn(usize) -> Option<f64>,
    descending: bool,
) -> Vec<usize> {
    let (keyed, missing) = split_missing(rows, key);
    let (mut keyed, nan): (Keyed<f64>, Keyed<f64>) =
        keyed.into_iter().partition(|(v, _)| !v.is_nan());
    keyed.sort_by(|a, b| {
        let o = a.0.total_cmp(&b.0);
        if descending { o.reverse() } else { o }
    });
    keyed
        .into_iter()
        .chain(nan)
        .map(|(_, r)| r)
        .chain(missing)
        .collect()
}

/// Rows paired with their sort key.
type Keyed<T> = Vec<(T, usize)>;

/// The rows with a value, paired with it, and the rows without one (in their order).
fn split_missing<T>(rows: &[usize], value: impl Fn(usize) -> Option<T>) -> (Keyed<T>, Vec<usize>) {
    let mut keyed = Vec::with_capacity(rows.len());
    let mut missing = Vec::new();
    for &r in rows {
        match value(r) {
            Some(v) => keyed.push((v, r)),
            None => missing.push(r),
        }
    }
    (keyed, missing)
}

/// Appends a float the way tables show it: the shortest text that reads back as the same number.
fn push_float(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "inf" } else { "-inf" });
    } else {
        let _ = write!(out, "{v}");
    }
}

/// The text of one cell, or `None` when it is missing (out-of-range rows are missing too).
///
/// ```
/// use polars::prelude::*;
/// use riskbench::analysis::view::format_cell;
/// let df = df!("x" => [Some(0.5), None], "s" => ["a", "b"]).unwrap();
/// assert_eq!(format_cell(&df.columns()[0], 0).as_deref(), Some("0.5"));
/// assert_eq!(format_cell(&df.columns()[0], 1), None);
/// assert_eq!(format_cell(&df.columns()[1], 1).as_deref(), Some("b"));
/// ```
#[must_use]
pub fn format_cell(column: &Column, row: usize) -> Option<String> {
    let value = column.get(row).ok()?;
    match value {
        AnyValue::Null => None,
        AnyValue::Float64(v) => {
            let mut out = String::new();
            push_float(&mut out, v);
            Some(out)
        }
        AnyValue::Float32(v) => {
            let mut out = String::new();
            push_float(&mut out, f64::from(v));
            Some(out)
        }
        other => Some(
            other
                .get_str()
                .map_or_else(|| other.to_string(), str::to_owned),
        ),
    }
}

/// The text of one cell as a table shows it under a dataset's rules: `Err(token)` for a cell that is a
/// declared missing token (`Err` with an empty string for an empty cell); `Ok(text)` otherwise.
///
/// ```
/// use polars::prelude::*;
/// use riskbench::analysis::view::{CellRules, cell_text};
/// let df = df!("s" => [Some("a"), Some(" NA "), None]).unwrap();
/// let rules = CellRules::new(&["na".to_owned()], Vec::new());
/// assert_eq!(cell_text(&df.columns()[0], 0, &rules), Ok("a".to_owned()));
/// assert_eq!(cell_text(&df.columns()[0], 1, &rules), Err(" NA ".to_owned()));
/// assert_eq!(cell_text(&df.columns()[0], 2, &rules), Err(String::new()));
/// ```
///
/// # Errors
/// The cell is missing (see above).
pub fn cell_text(column: &Column, row: usize, rules: &CellRules) -> Result<String, String> {
    let text = format_cell(column, row).ok_or_else(String::new)?;
    let numbers = is_numeric(column.dtype()) || rules.is_numeric(column.name());
    if rules.is_missing_cell(&text, numbers) {
        Err(text)
    } else {
        Ok(text)
    }
}

/// [`format_cell`] under a dataset's rules: `None` for a declared missing cell too.
#[must_use]
pub fn format_cell_with(column: &Column, row: usize, rules: &CellRules) -> Option<String> {
    cell_text(column, row, rules).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> DataFrame {
        df!(
            "age" => [Some(40), None, Some(25), Some(31), Some(25)],
            "score" => [Some(0.5), Some(f64::NAN), None, Some(-1.25), Some(2.0)],
            "city" => [Some("Paris"), Some("oslo"), Some("Zürich"), None, Some("Paris")],
            "ok" => [Some(true), Some(false), None, Some(true), Some(false)],
        )
        .unwrap()
    }

    fn rows(filter: &str, scope: Option<&str>, sort: Option<(&str, bool)>) -> Vec<usize> {
        let query = ViewQuery {
            filter: filter.to_owned(),
            filter_column: scope.map(str::to_owned),
            sort: sort.map(|(c, d)| SortKey {
                column: c.to_owned(),
                descending: d,
            }),
            ..ViewQuery::default()
        };
        view_rows(&frame(), &query, &TaskControl::new()).unwrap()
    }

    #[test]
    fn no_query_keeps_every_row_in_order() {
        assert_eq!(rows("", None, None), [0, 1, 2, 3, 4]);
        assert_eq!(rows("   ", None, None), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn integer_sort_is_stable_with_missing_last() {
        assert_eq!(rows("", None, Some(("age", false))), [2, 4, 3, 0, 1]);
        // Descending keeps equal values in file order and missing values last.
        assert_eq!(rows("", None, Some(("age", true))), [0, 3, 2, 4, 1]);
    }

    #[test]
    fn float_sort_puts_nan_after_numbers_and_missing_last() {
        assert_eq!(rows("", None, Some(("score", false))), [3, 0, 4, 1, 2]);
        assert_eq!(rows("", None, Some(("score", true))), [4, 0, 3, 1, 2]);
    }

    #[test]
    fn text_sorts_by_code_point_and_booleans_false_first() {
        assert_eq!(rows("", None, Some(("city", false))), [0, 4, 2, 1, 3]);
        assert_eq!(rows("", None, Some(("ok", false))), [1, 4, 0, 3, 2]);
    }

    #[test]
    fn numbers_sort_as_numbers_not_text() {
        let df = df!("n" => [10, 9, 100, -1]).unwrap();
        let query = ViewQuery {
            sort: Some(SortKey {
                column: "n".into(),
                descending: false,
            }),
            ..ViewQuery::default()
        };
        assert_eq!(
            view_rows(&df, &query, &TaskControl::new()).unwrap(),
            [3, 1, 0, 2]
        );
    }

    #[test]
    fn text_search_ignores_case_in_any_or_one_column() {
        assert_eq!(rows("paris", None, None), [0, 4]);
        assert_eq!(rows("OSLO", None, None), [1]);
        assert_eq!(rows("zür", None, None), [2]);
        assert_eq!(rows("ZÜR", None, None), [2], "non-ASCII case folding");
        // "25" is in the age column only.
        assert_eq!(
            rows("25", None, None),
            [2, 3, 4],
            "row 3 has -1.25 in score"
        );
        assert_eq!(rows("25", Some("age"), None), [2, 4]);
        assert_eq!(rows("true", Some("ok"), None), [0, 3]);
        assert_eq!(rows("nothing like this", None, None), Vec::<usize>::new());
    }

    #[test]
    fn comparisons_on_numbers() {
        assert_eq!(rows("age > 30", None, None), [0, 3]);
        assert_eq!(rows("age>=31", None, None), [0, 3]);
        assert_eq!(
            rows("AGE < 30", None, None),
            [2, 4],
            "column names ignore case"
        );
        assert_eq!(rows("age = 25", None, None), [2, 4]);
        assert_eq!(
            rows("age != 25", None, None),
            [0, 3],
            "missing never matches"
        );
        assert_eq!(
            rows("score <= 0.5", None, None),
            [0, 3],
            "NaN never matches"
        );
        assert_eq!(rows("age = null", None, None), [1]);
        assert_eq!(rows("city != null", None, None), [0, 1, 2, 4]);
        assert_eq!(rows("age > 30", None, Some(("age", true))), [0, 3]);
    }

    #[test]
    fn equality_on_text_and_booleans() {
        assert_eq!(rows("city = paris", None, None), [0, 4]);
        assert_eq!(rows("city = \"Oslo\"", None, None), [1]);
        assert_eq!(rows("city != paris", None, None), [1, 2]);
        assert_eq!(rows("ok = true", None, None), [0, 3]);
        assert_eq!(rows("ok = 0", None, None), [1, 4]);
    }

    #[test]
    fn unknown_columns_search_the_text() {
        // "height > 3" names no column: it is a plain text search (and matches nothing here).
        assert_eq!(
            Filter::parse("height > 3", None, &frame()).unwrap(),
            Filter::Contains {
                column: None,
                needle: "height > 3".into()
            }
        );
    }

    #[test]
    fn bad_filters_say_why() {
        let df = frame();
        assert_eq!(
            Filter::parse("city > 3", None, &df).unwrap_err(),
            FilterError::NotNumeric {
                column: "city".into()
            }
        );
        assert!(matches!(
            Filter::parse("age > thirty", None, &df).unwrap_err(),
            FilterError::NotANumber { .. }
        ));
        assert_eq!(
            Filter::parse("x", Some("nope"), &df).unwrap_err(),
            FilterError::UnknownColumn("nope".into())
        );
        let query = ViewQuery {
            sort: Some(SortKey {
                column: "nope".into(),
                descending: false,
            }),
            ..ViewQuery::default()
        };
        assert!(matches!(
            view_rows(&df, &query, &TaskControl::new()),
            Err(ViewError::UnknownSortColumn(_))
        ));
    }

    #[test]
    fn cancelled_queries_stop() {
        let control = TaskControl::new();
        control.cancel();
        let query = ViewQuery {
            filter: "paris".into(),
            ..ViewQuery::default()
        };
        assert!(matches!(
            view_rows(&frame(), &query, &control),
            Err(ViewError::Cancelled(_))
        ));
    }

    #[test]
    fn cells_format_like_the_search_sees_them() {
        let df = frame();
        let cols = df.columns();
        assert_eq!(format_cell(&cols[0], 0).as_deref(), Some("40"));
        assert_eq!(format_cell(&cols[0], 1), None);
        assert_eq!(format_cell(&cols[1], 3).as_deref(), Some("-1.25"));
        assert_eq!(format_cell(&cols[1], 1).as_deref(), Some("NaN"));
        assert_eq!(format_cell(&cols[2], 2).as_deref(), Some("Zürich"));
        assert_eq!(format_cell(&cols[3], 0).as_deref(), Some("true"));
        assert_eq!(format_cell(&cols[3], 99), None);
    }

    fn rules_frame() -> DataFrame {
        df!(
            "income" => [Some("1200"), Some("NA"), Some("300"), None, Some(" na "), Some("45.5")],
            "code" => [Some(-999.0), Some(3.0), Some(-999.0), Some(1.5), None, Some(0.0)],
            "city" => [Some("Paris"), Some("unknown"), Some("Oslo"), Some("Unknown"), Some("Rome"), Some("NA")],
        )
        .unwrap()
    }

    fn rules_rows(filter: &str, sort: Option<(&str, bool)>, rules: &CellRules) -> Vec<usize> {
        let query = ViewQuery {
            filter: filter.to_owned(),
            sort: sort.map(|(c, d)| SortKey {
                column: c.to_owned(),
                descending: d,
            }),
            rules: rules.clone(),
            ..ViewQuery::default()
        };
        view_rows(&rules_frame(), &query, &TaskControl::new()).unwrap()
    }

    #[test]
    fn declared_missing_tokens_are_missing_in_the_table() {
        let rules = CellRules::new(
            &["NA".to_owned(), "unknown".to_owned(), "-999".to_owned()],
            vec!["income".to_owned()],
        );
        // `col = null` finds empty cells and declared tokens (any case, spaces around, -999.0 for -999).
        assert_eq!(rules_rows("income = null", None, &rules), [1, 3, 4]);
        assert_eq!(rules_rows("code = null", None, &rules), [0, 2, 4]);
        assert_eq!(rules_rows("city = null", None, &rules), [1, 3, 5]);
        assert_eq!(rules_rows("city != null", None, &rules), [0, 2, 4]);
        // Searches and comparisons never match a declared token.
        assert_eq!(rules_rows("na", None, &rules), Vec::<usize>::new());
        assert_eq!(rules_rows("code < 0", None, &rules), Vec::<usize>::new());
        assert_eq!(
            rules_rows("city = unknown", None, &rules),
            Vec::<usize>::new()
        );
        // A text column set to numeric compares and sorts as numbers, declared tokens last.
        assert_eq!(rules_rows("income > 100", None, &rules), [0, 2]);
        assert_eq!(
            rules_rows("", Some(("income", false)), &rules),
            [5, 2, 0, 1, 3, 4]
        );
        assert_eq!(
            rules_rows("", Some(("income", true)), &rules),
            [0, 2, 5, 1, 3, 4]
        );
        assert_eq!(
            rules_rows("", Some(("code", false)), &rules),
            [5, 3, 1, 0, 2, 4]
        );
        assert_eq!(
            rules_rows("", Some(("city", false)), &rules),
            [2, 0, 4, 1, 3, 5]
        );
        // Without rules the same text sorts as text and `income > 100` is refused.
        let none = CellRules::default();
        assert_eq!(
            rules_rows("", Some(("income", false)), &none),
            [4, 0, 2, 5, 1, 3]
        );
        assert!(Filter::parse("income > 100", None, &rules_frame()).is_err());
        let df = rules_frame();
        let cols = df.columns();
        assert_eq!(cell_text(&cols[0], 4, &rules), Err(" na ".to_owned()));
        assert_eq!(cell_text(&cols[1], 0, &rules), Err("-999".to_owned()));
        assert_eq!(cell_text(&cols[1], 1, &rules), Ok("3".to_owned()));
        assert_eq!(cell_text(&cols[2], 3, &rules), Err("Unknown".to_owned()));
        assert_eq!(
            format_cell_with(&cols[2], 0, &rules).as_deref(),
            Some("Paris")
        );
    }

    #[test]
    fn rules_come_from_the_dataset() {
        use crate::model::data_columns::{ColumnKind, ColumnRole, ColumnSetting};
        let dataset = crate::model::DatasetRef {
            missing_tokens: vec![" ? ".to_owned(), String::new()],
            column_settings: vec![
                ColumnSetting {
                    name: "a".to_owned(),
                    kind: Some(ColumnKind::Numeric),
                    role: ColumnRole::Feature,
                    reference_shares: std::collections::BTreeMap::new(),
                },
                ColumnSetting {
                    name: "b".to_owned(),
                    kind: Some(ColumnKind::Categorical),
                    role: ColumnRole::Feature,
                    reference_shares: std::collections::BTreeMap::new(),
                },
            ],
            ..crate::model::DatasetRef::default()
        };
        let rules = CellRules::from_dataset(&dataset);
        assert!(rules.is_missing_text("?"));
        assert!(!rules.is_missing_text(""));
        assert!(rules.is_numeric("a"));
        assert!(!rules.is_numeric("b"));
        assert!(CellRules::from_dataset(&crate::model::DatasetRef::default()).is_empty());
    }

    #[test]
    fn a_large_frame_filters_and_sorts() {
        let n = 200_000_i64;
        let values: Vec<i64> = (0..n).map(|i| (i * 7919) % n).collect();
        let df = df!("v" => values).unwrap();
        let query = ViewQuery {
            filter: "v >= 100000".into(),
            filter_column: None,
            sort: Some(SortKey {
                column: "v".into(),
                descending: true,
            }),
            ..ViewQuery::default()
        };
        let out = view_rows(&df, &query, &TaskControl::new()).unwrap();
        assert_eq!(out.len(), 100_000);
        let col = df.column("v").unwrap().i64().unwrap();
        assert_eq!(col.get(out[0]), Some(n - 1));
        assert!(out.windows(2).all(|w| col.get(w[0]) > col.get(w[1])));
    }
}
