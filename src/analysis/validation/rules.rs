//! The rule engine: each rule type evaluated on one typed column (or on the table) with GX's counting and
//! result fields, as the module above describes.

use std::collections::HashMap;

use polars::prelude::*;
use serde_json::{Map, Value, json};

use super::text::Encoded;
use super::{PARTIAL_COUNT, column_names, one_line};
use crate::model::validation::{Bounds, ColumnStat, RuleKind, SetValue, ValidationRule};

/// A column in one of the types rules work on (cheap to clone: polars arrays are shared).
#[derive(Clone)]
pub(super) enum Typed {
    Int(Int64Chunked),
    Float(Float64Chunked),
    Str(StringChunked),
    Bool(BooleanChunked),
}

pub(super) fn typed(df: &DataFrame, name: &str) -> Result<Typed, String> {
    let col = df
        .column(name)
        .map_err(|_| not_in_data(name, &column_names(df)))?;
    let s = col.as_materialized_series();
    let cast = |dt: &DataType| {
        s.cast(dt)
            .map_err(|e| format!("column {name:?}: {}", one_line(&e.to_string())))
    };
    let dtype = s.dtype();
    Ok(if dtype.is_integer() {
        Typed::Int(
            cast(&DataType::Int64)?
                .i64()
                .map_err(|e| e.to_string())?
                .clone(),
        )
    } else if dtype.is_float() {
        Typed::Float(
            cast(&DataType::Float64)?
                .f64()
                .map_err(|e| e.to_string())?
                .clone(),
        )
    } else if dtype.is_bool() {
        Typed::Bool(s.bool().map_err(|e| e.to_string())?.clone())
    } else {
        Typed::Str(
            cast(&DataType::String)?
                .str()
                .map_err(|e| e.to_string())?
                .clone(),
        )
    })
}

/// A value as reported (and sorted) in partial lists.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Val {
    Null,
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
}

impl Val {
    pub(super) fn json(&self) -> Value {
        match self {
            Self::Int(i) => json!(i),
            Self::Float(f) if f.is_finite() => json!(f),
            Self::Null | Self::Float(_) => Value::Null,
            Self::Str(s) => json!(s),
            Self::Bool(b) => json!(b),
        }
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Self::Int(a), Self::Int(b)) => a.cmp(b),
            (Self::Float(a), Self::Float(b)) => a.total_cmp(b),
            (Self::Str(a), Self::Str(b)) => a.cmp(b),
            (Self::Bool(a), Self::Bool(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// Counts of a column-values rule.
pub(super) struct Scan {
    pub element_count: usize,
    pub nonnull: usize,
    pub unexpected: usize,
    pub partial: Vec<(usize, Val)>,
    pub separate_nulls: bool,
}

fn scan<T>(
    iter: impl Iterator<Item = Option<T>>,
    mut is_unexpected: impl FnMut(&T) -> bool,
    to_val: impl Fn(&T) -> Val,
) -> Scan {
    let mut s = Scan {
        element_count: 0,
        nonnull: 0,
        unexpected: 0,
        partial: Vec::new(),
        separate_nulls: false,
    };
    for (i, v) in iter.enumerate() {
        s.element_count += 1;
        if let Some(v) = v {
            s.nonnull += 1;
            if is_unexpected(&v) {
                s.unexpected += 1;
                if s.partial.len() < PARTIAL_COUNT {
                    s.partial.push((i, to_val(&v)));
                }
            }
        }
    }
    s
}

/// Runs `is_unexpected` on every non-null value of the column, in its own type.
fn scan_column(
    col: &Typed,
    int: impl FnMut(i64) -> bool,
    float: impl FnMut(f64) -> bool,
    text: impl FnMut(&str) -> bool,
    boolean: impl FnMut(bool) -> bool,
) -> Scan {
    let (mut int, mut float, mut text, mut boolean) = (int, float, text, boolean);
    match col {
        Typed::Int(ca) => scan(ca.iter(), |v| int(*v), |v| Val::Int(*v)),
        // pandas reads NaN as missing: a float NaN is null here too.
        Typed::Float(ca) => scan(
            ca.iter().map(|v| v.filter(|x| !x.is_nan())),
            |v| float(*v),
            |v| Val::Float(*v),
        ),
        Typed::Str(ca) => scan(ca.iter(), |v| text(v), |v| Val::Str((*v).to_owned())),
        Typed::Bool(ca) => scan(ca.iter(), |v| boolean(*v), |v| Val::Bool(*v)),
    }
}

fn pct(part: usize, whole: usize) -> Value {
    if whole == 0 {
        Value::Null
    } else {
        #[expect(clippy::cast_precision_loss, reason = "row counts below 2^53")]
        let p = part as f64 / whole as f64 * 100.0;
        json!(p)
    }
}

/// GX's `_format_map_output` (SUMMARY) and `_calc_map_expectation_success`.
pub(super) fn map_result(
    s: &Scan,
    mostly: Option<f64>,
    all_rows: bool,
) -> (bool, Map<String, Value>) {
    let mostly = mostly.unwrap_or(1.0);
    #[expect(clippy::cast_precision_loss, reason = "row counts below 2^53")]
    let success = if all_rows {
        s.element_count > 0
            && (s.element_count - s.unexpected) as f64 / s.element_count as f64 >= mostly
    } else {
        s.nonnull == 0 || (s.nonnull - s.unexpected) as f64 / s.nonnull as f64 >= mostly
    };
    let mut r = Map::new();
    r.insert("element_count".into(), json!(s.element_count));
    r.insert("unexpected_count".into(), json!(s.unexpected));
    let total = pct(s.unexpected, s.element_count);
    let nonmissing = if all_rows {
        total.clone()
    } else if s.element_count == 0 {
        Value::Null
    } else {
        pct(s.unexpected, s.nonnull)
    };
    r.insert("unexpected_percent".into(), nonmissing.clone());
    r.insert(
        "partial_unexpected_list".into(),
        Value::Array(s.partial.iter().map(|(_, v)| v.json()).collect()),
    );
    if !all_rows {
        let missing = s.element_count - s.nonnull;
        r.insert("missing_count".into(), json!(missing));
        r.insert("missing_percent".into(), pct(missing, s.element_count));
        r.insert("unexpected_percent_total".into(), total);
        r.insert("unexpected_percent_nonmissing".into(), nonmissing);
    }
    // The first 20 unexpected values counted, by count descending then value.
    let mut counts: Vec<(Val, usize)> = Vec::new();
    for (_, v) in &s.partial {
        // pandas holds the nulls of a numeric column as NaN, and each NaN is its own entry in GX's count
        // (NaN ≠ NaN); the nulls of a text column are one shared object, counted together.
        if *v == Val::Null && s.separate_nulls {
            counts.push((Val::Null, 1));
            continue;
        }
        match counts.iter_mut().find(|(c, _)| c == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    r.insert(
        "partial_unexpected_counts".into(),
        Value::Array(
            counts
                .iter()
                .map(|(v, n)| json!({"value": v.json(), "count": n}))
                .collect(),
        ),
    );
    r.insert(
        "partial_unexpected_index_list".into(),
        Value::Array(s.partial.iter().map(|(i, _)| json!(i)).collect()),
    );
    (success, r)
}

/// A typed set: numbers, texts and booleans apart.
pub(super) struct TypedSet {
    numbers: Vec<f64>,
    pub texts: std::collections::HashSet<String>,
    bools: Vec<bool>,
}

impl TypedSet {
    pub(super) fn new(values: &[SetValue]) -> Self {
        let mut set = Self {
            numbers: Vec::new(),
            texts: std::collections::HashSet::new(),
            bools: Vec::new(),
        };
        for v in values {
            match v {
                SetValue::Text(t) => {
                    set.texts.insert(t.clone());
                }
                SetValue::Bool(b) => set.bools.push(*b),
                SetValue::Int(_) | SetValue::Float(_) => {
                    set.numbers.extend(v.as_number());
                }
            }
        }
        set
    }
    fn has_number(&self, x: f64) -> bool {
        self.numbers.contains(&x)
    }
    fn has_bool(&self, b: bool) -> bool {
        // Python: True == 1 and False == 0.
        self.bools.contains(&b) || self.numbers.contains(&if b { 1.0 } else { 0.0 })
    }
}

#[expect(
    clippy::cast_precision_loss,
    reason = "integers are compared as pandas compares mixed numbers, in f64"
)]
fn int_f(x: i64) -> f64 {
    x as f64
}

fn needs_numbers(col: &Typed) -> Result<(), String> {
    match col {
        Typed::Int(_) | Typed::Float(_) => Ok(()),
        Typed::Str(_) => Err("the column holds text; this rule needs numbers".into()),
        Typed::Bool(_) => Err("the column holds booleans; this rule needs numbers".into()),
    }
}

/// The text of a number as Python's `str()` writes it (`10`, `2.5`, `10.0`).
fn float_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// A rule's verdict and GX result fields.
pub(super) type Outcome = (bool, Map<String, Value>);

/// The outcome of "distinct values in set" from the `count` sorted distinct values `outside` the set: GX's
/// `observed_value` (null), `unexpected_count` and the first [`PARTIAL_COUNT`] of them.
pub(super) fn distinct_outside(count: usize, outside: impl Iterator<Item = Val>) -> Outcome {
    let mut r = Map::new();
    r.insert("observed_value".into(), Value::Null);
    r.insert("unexpected_count".into(), json!(count));
    r.insert(
        "partial_unexpected_list".into(),
        Value::Array(outside.take(PARTIAL_COUNT).map(|v| v.json()).collect()),
    );
    (count == 0, r)
}

/// Compiles a rule's regex, or says why it does not compile.
pub(super) fn compile_regex(regex: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(regex).map_err(|e| {
        format!(
            "the regex {regex:?} does not compile: {}",
            one_line(&e.to_string())
        )
    })
}

/// Rows and null rows of a column (a float NaN is null, as pandas reads it).
fn null_count(col: &Typed) -> (usize, usize) {
    match col {
        Typed::Int(ca) => (ca.len(), ca.null_count()),
        Typed::Float(ca) => (
            ca.len(),
            ca.null_count() + ca.iter().filter(|v| v.is_some_and(f64::is_nan)).count(),
        ),
        Typed::Str(ca) => (ca.len(), ca.null_count()),
        Typed::Bool(ca) => (ca.len(), ca.null_count()),
    }
}

/// The values of `keys` that occur more than once (sorting, not hashing: a column meant to be unique is
/// often already in order, which is checked first).
fn repeated<T: Ord + Copy + std::hash::Hash + Eq>(mut keys: Vec<T>) -> PlHashSet<T> {
    let mut out = PlHashSet::default();
    if keys.windows(2).all(|w| w[0] < w[1]) {
        return out;
    }
    keys.sort_unstable();
    for w in keys.windows(2) {
        if w[0] == w[1] {
            out.insert(w[0]);
        }
    }
    out
}

/// The counts of a column-values rule with no unexpected value.
fn all_expected(col: &Typed) -> Scan {
    let (rows, nulls) = null_count(col);
    Scan {
        element_count: rows,
        nonnull: rows - nulls,
        unexpected: 0,
        partial: Vec::new(),
        separate_nulls: false,
    }
}

pub(super) fn run_column_rule(
    col: &Typed,
    encoded: Option<&Encoded<'_>>,
    rule: &ValidationRule,
) -> Result<(bool, Map<String, Value>), String> {
    if let Some(enc) = encoded
        && let Some(outcome) = super::text::run_text_rule(enc, rule)?
    {
        return Ok(outcome);
    }
    let mostly = rule.mostly;
    Ok(match &rule.kind {
        RuleKind::NotNull { .. } => {
            let (rows, nulls) = null_count(col);
            // Nulls are the unexpected values: all rows count.
            let nulls = Scan {
                element_count: rows,
                nonnull: rows,
                unexpected: nulls,
                partial: if nulls == 0 {
                    Vec::new()
                } else {
                    null_rows(col)
                },
                separate_nulls: matches!(col, Typed::Int(_) | Typed::Float(_)),
            };
            map_result(&nulls, mostly, true)
        }
        RuleKind::Between { bounds, .. } => {
            needs_numbers(col)?;
            let s = scan_column(
                col,
                |x| !bounds.contains(int_f(x)),
                |x| !bounds.contains(x),
                |_| false,
                |_| false,
            );
            map_result(&s, mostly, false)
        }
        RuleKind::InSet { values, .. } | RuleKind::NotInSet { values, .. } => {
            let set = TypedSet::new(values);
            let inside = matches!(rule.kind, RuleKind::InSet { .. });
            let s = scan_column(
                col,
                |x| set.has_number(int_f(x)) != inside,
                |x| set.has_number(x) != inside,
                |t| set.texts.contains(t) != inside,
                |b| set.has_bool(b) != inside,
            );
            map_result(&s, mostly, false)
        }
        RuleKind::Unique { .. } => {
            let s = match col {
                Typed::Int(ca) => {
                    let twice = repeated(ca.iter().flatten().collect());
                    if twice.is_empty() {
                        all_expected(col)
                    } else {
                        scan_column(col, |x| twice.contains(&x), |_| false, |_| false, |_| false)
                    }
                }
                Typed::Float(ca) => {
                    // 0.0 and -0.0 are one value; NaN is null.
                    let key = |x: f64| if x == 0.0 { 0_u64 } else { x.to_bits() };
                    let twice = repeated(
                        ca.iter()
                            .flatten()
                            .filter(|x| !x.is_nan())
                            .map(key)
                            .collect(),
                    );
                    if twice.is_empty() {
                        all_expected(col)
                    } else {
                        scan_column(
                            col,
                            |_| false,
                            |x| twice.contains(&key(x)),
                            |_| false,
                            |_| false,
                        )
                    }
                }
                Typed::Str(ca) => {
                    let mut seen: HashMap<&str, usize> = HashMap::new();
                    for v in ca.iter().flatten() {
                        *seen.entry(v).or_insert(0) += 1;
                    }
                    scan_column(
                        col,
                        |_| false,
                        |_| false,
                        |t| seen.get(t).copied().unwrap_or(0) > 1,
                        |_| false,
                    )
                }
                Typed::Bool(ca) => {
                    let (t, f) = (
                        ca.sum().unwrap_or(0) as usize,
                        ca.len() - ca.null_count() - ca.sum().unwrap_or(0) as usize,
                    );
                    scan_column(
                        col,
                        |_| false,
                        |_| false,
                        |_| false,
                        |b| if b { t > 1 } else { f > 1 },
                    )
                }
            };
            map_result(&s, mostly, false)
        }
        RuleKind::MatchRegex { regex, .. } => {
            let re = compile_regex(regex)?;
            let s = scan_column(
                col,
                |x| !re.is_match(&x.to_string()),
                |x| !re.is_match(&float_text(x)),
                |t| !re.is_match(t),
                |b| !re.is_match(if b { "True" } else { "False" }),
            );
            map_result(&s, mostly, false)
        }
        RuleKind::ValueLengthsBetween { bounds, .. } => {
            #[expect(clippy::cast_precision_loss, reason = "lengths are small")]
            let len = |t: &str| t.chars().count() as f64;
            let s = scan_column(
                col,
                |x| !bounds.contains(len(&x.to_string())),
                |x| !bounds.contains(len(&float_text(x))),
                |t| !bounds.contains(len(t)),
                |b| !bounds.contains(if b { 4.0 } else { 5.0 }),
            );
            map_result(&s, mostly, false)
        }
        RuleKind::StatBetween { stat, bounds, .. } => {
            needs_numbers(col)?;
            let observed = statistic(col, *stat);
            aggregate_result(observed.as_ref(), bounds)
        }
        RuleKind::DistinctValuesInSet { values, .. } => {
            let set = TypedSet::new(values);
            let outside: Vec<Val> = match col {
                Typed::Int(ca) => {
                    let mut d: Vec<i64> = ca
                        .iter()
                        .flatten()
                        .filter(|x| !set.has_number(int_f(*x)))
                        .collect();
                    d.sort_unstable();
                    d.dedup();
                    d.into_iter().map(Val::Int).collect()
                }
                Typed::Float(ca) => {
                    let mut d: Vec<f64> = ca
                        .iter()
                        .flatten()
                        .filter(|x| !x.is_nan() && !set.has_number(*x))
                        .collect();
                    d.sort_by(f64::total_cmp);
                    d.dedup();
                    d.into_iter().map(Val::Float).collect()
                }
                Typed::Str(ca) => {
                    let mut d: Vec<&str> = ca
                        .iter()
                        .flatten()
                        .filter(|t| !set.texts.contains(*t))
                        .collect();
                    d.sort_unstable();
                    d.dedup();
                    d.into_iter().map(|t| Val::Str(t.to_owned())).collect()
                }
                Typed::Bool(ca) => {
                    let mut d: Vec<bool> =
                        ca.iter().flatten().filter(|b| !set.has_bool(*b)).collect();
                    d.sort_unstable();
                    d.dedup();
                    d.into_iter().map(Val::Bool).collect()
                }
            };
            distinct_outside(outside.len(), outside.into_iter())
        }
        RuleKind::RowCountBetween { .. }
        | RuleKind::ColumnsMatchSet { .. }
        | RuleKind::Other { .. } => return Err("not a column rule".into()),
    })
}

fn null_rows(col: &Typed) -> Vec<(usize, Val)> {
    let is_null: Box<dyn Iterator<Item = bool>> = match col {
        Typed::Int(ca) => Box::new(ca.iter().map(|v| v.is_none())),
        Typed::Float(ca) => Box::new(ca.iter().map(|v| v.is_none_or(f64::is_nan))),
        Typed::Str(ca) => Box::new(ca.iter().map(|v| v.is_none())),
        Typed::Bool(ca) => Box::new(ca.iter().map(|v| v.is_none())),
    };
    is_null
        .enumerate()
        .filter(|(_, n)| *n)
        .take(PARTIAL_COUNT)
        .map(|(i, _)| (i, Val::Null))
        .collect()
}

/// A column statistic over non-null values; `None` when undefined (no values, or one for stdev).
fn statistic(col: &Typed, stat: ColumnStat) -> Option<Val> {
    if let Typed::Int(ca) = col {
        match stat {
            ColumnStat::Min => return ca.min().map(Val::Int),
            ColumnStat::Max => return ca.max().map(Val::Int),
            _ => {}
        }
    }
    let mut values: Vec<f64> = match col {
        Typed::Int(ca) => ca.iter().flatten().map(int_f).collect(),
        Typed::Float(ca) => ca.iter().flatten().filter(|x| !x.is_nan()).collect(),
        Typed::Str(_) | Typed::Bool(_) => return None,
    };
    let n = values.len();
    if n == 0 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "row counts below 2^53")]
    let nf = n as f64;
    let value = match stat {
        ColumnStat::Mean => values.iter().sum::<f64>() / nf,
        ColumnStat::Stdev => {
            if n < 2 {
                return None;
            }
            let mean = values.iter().sum::<f64>() / nf;
            let ss: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
            (ss / (nf - 1.0)).sqrt()
        }
        ColumnStat::Median => {
            // The middle value(s) of the sorted values, found without sorting them all.
            let (below, middle, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
            let middle = *middle;
            if n % 2 == 1 {
                middle
            } else {
                let below = below.iter().copied().max_by(f64::total_cmp)?;
                f64::midpoint(below, middle)
            }
        }
        ColumnStat::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
        ColumnStat::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    };
    Some(Val::Float(value))
}

/// GX's `_validate_metric_value_between`.
fn aggregate_result(observed: Option<&Val>, bounds: &Bounds) -> (bool, Map<String, Value>) {
    let mut r = Map::new();
    let x = match &observed {
        Some(Val::Int(i)) => Some(int_f(*i)),
        Some(Val::Float(f)) if f.is_finite() => Some(*f),
        _ => None,
    };
    r.insert(
        "observed_value".into(),
        if x.is_some() {
            observed.map_or(Value::Null, Val::json)
        } else {
            Value::Null
        },
    );
    (x.is_some_and(|x| bounds.contains(x)), r)
}

pub(super) fn run_table_rule(
    df: &DataFrame,
    rule: &ValidationRule,
) -> Result<(bool, Map<String, Value>), String> {
    run_table_rule_on(&column_names(df), df.height(), rule)
}

/// The exception of a rule on a column the data does not have.
pub(super) fn not_in_data(name: &str, columns: &[String]) -> String {
    format!(
        "column {name:?} is not in the data (columns: {})",
        columns.join(", ")
    )
}

/// A table rule on a table with these columns (`names`, in file order) and `height` rows: what
/// [`run_table_rule`] gives on the whole table (a file read in blocks is never held whole).
pub(super) fn run_table_rule_on(
    names: &[String],
    height: usize,
    rule: &ValidationRule,
) -> Result<(bool, Map<String, Value>), String> {
    match &rule.kind {
        RuleKind::RowCountBetween { bounds } => {
            let rows = i64::try_from(height).unwrap_or(i64::MAX);
            Ok(aggregate_result(Some(&Val::Int(rows)), bounds))
        }
        RuleKind::ColumnsMatchSet {
            columns,
            exact_match,
        } => {
            let mut actual: Vec<String> = names.to_vec();
            actual.sort();
            actual.dedup();
            let mut unexpected: Vec<&String> =
                actual.iter().filter(|c| !columns.contains(c)).collect();
            unexpected.sort();
            let mut missing: Vec<&String> =
                columns.iter().filter(|c| !actual.contains(c)).collect();
            missing.sort();
            missing.dedup();
            let mut r = Map::new();
            r.insert("observed_value".into(), json!(actual));
            if unexpected.is_empty() && missing.is_empty() {
                return Ok((true, r));
            }
            let mut mismatched = Map::new();
            if !unexpected.is_empty() {
                mismatched.insert("unexpected".into(), json!(unexpected));
            }
            if !missing.is_empty() {
                mismatched.insert("missing".into(), json!(missing));
            }
            r.insert("details".into(), json!({"mismatched": mismatched}));
            Ok((!exact_match && missing.is_empty(), r))
        }
        RuleKind::Other {
            expectation_type,
            kwargs_json,
        } => Err(if kwargs_json.contains("\"row_condition\"") {
            format!("{expectation_type} with a row_condition is not supported by Riskbench")
        } else {
            format!("Riskbench does not implement {expectation_type}")
        }),
        _ => Err("not a table rule".into()),
    }
}
