//! Turns each polars column into the profile's working form: a dictionary of codes for categorical-like
//! columns, or one `f64` per row plus the rows sorted by value for numeric columns, with its kind decided by
//! the inference rules of the parent module (or the user's override).
//!
//! String columns are encoded once into a dictionary, so every rule (numbers, booleans, dates, placeholders,
//! declared missing tokens) is checked once per distinct value, not once per row.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use polars::prelude::*;

use super::{PLACEHOLDER_TOKENS, ProfileError, ProfileOptions};
use crate::model::data_columns::ColumnKind;

/// The code of a missing cell.
pub(super) const MISSING: u32 = u32::MAX;

/// String columns whose every value is distinct are identifiers only above this many values.
const IDENTIFIER_MIN_VALUES: usize = 50;
/// Mean length (in characters) from which a mostly-distinct string column is free text.
const TEXT_MIN_MEAN_CHARS: f64 = 40.0;

/// A small, fast hasher (the Fx hash of rustc, with a final mix) for dictionaries of strings and codes.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0_u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0_u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        #[expect(clippy::cast_possible_truncation, reason = "the two halves")]
        {
            self.add(i as u64);
            self.add((i >> 64) as u64);
        }
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The Fx state has weak low bits, which hashbrown uses for the bucket: finish with murmur3's fmix64.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A hash map with [`FxHasher`].
pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Numeric values of a column.
#[derive(Debug)]
pub(super) struct NumericData {
    /// One value per row; `NaN` marks a missing cell.
    pub values: Vec<f64>,
    /// The non-missing rows in ascending order of value (−∞ first, +∞ last, ties by row).
    pub order: Vec<u32>,
    /// Whether every value is a whole number (labels print without a decimal point).
    pub integer: bool,
}

/// A dictionary-encoded column.
#[derive(Debug)]
pub(super) struct CodeData {
    /// One code per row; [`MISSING`] marks a missing cell.
    pub codes: Vec<u32>,
    /// The text of each code.
    pub labels: Vec<String>,
    /// How many rows hold each code.
    pub counts: Vec<u64>,
}

/// The working form of a column.
#[derive(Debug)]
pub(super) enum Data {
    /// Numbers.
    Numeric(NumericData),
    /// Codes with labels.
    Codes(CodeData),
}

/// A column ready for profiling.
#[derive(Debug)]
pub(super) struct Prepared {
    /// Column name.
    pub name: String,
    /// The polars type it was read as.
    pub dtype: String,
    /// Inferred or overridden kind.
    pub kind: ColumnKind,
    /// Whether the kind is the user's override.
    pub overridden: bool,
    /// Missing cells (empty, null, NaN, or a declared missing token).
    pub missing: u64,
    /// Undeclared placeholder tokens found, with their counts (token as written in the data).
    pub placeholders: Vec<(String, u64)>,
    /// The values.
    pub data: Data,
}

fn internal(name: &str, e: &PolarsError) -> ProfileError {
    ProfileError::Internal(format!("column {name:?}: {e}"))
}

/// Maps a float to a `u64` whose unsigned order is the float's total order.
#[inline]
pub(super) fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The non-missing rows of `values` sorted by value (ties by row index).
pub(super) fn sort_order(values: &[f64]) -> Vec<u32> {
    let mut keyed: Vec<u128> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_nan())
        .map(|(row, v)| (u128::from(order_key(*v)) << 32) | row as u128)
        .collect();
    keyed.sort_unstable();
    #[expect(
        clippy::cast_possible_truncation,
        reason = "the low 32 bits hold the row"
    )]
    keyed.into_iter().map(|k| k as u32).collect()
}

fn numeric_data(values: Vec<f64>) -> NumericData {
    let integer = values
        .iter()
        .all(|v| v.is_nan() || v.is_infinite() || v.fract() == 0.0);
    let order = sort_order(&values);
    NumericData {
        values,
        order,
        integer,
    }
}

/// Formats a number the way the profile labels numeric categories (`3`, `0.5`, `inf`).
pub(super) fn number_label(v: f64, integer: bool) -> String {
    if integer && v.is_finite() && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Codes for a numeric column: one code per distinct value, in ascending order of value.
pub(super) fn codes_from_numeric(data: &NumericData) -> CodeData {
    let mut codes = vec![MISSING; data.values.len()];
    let mut labels = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut previous: Option<u64> = None;
    for &row in &data.order {
        let value = data.values[row as usize];
        let key = order_key(if value == 0.0 { 0.0 } else { value });
        if previous != Some(key) {
            previous = Some(key);
            labels.push(number_label(value, data.integer));
            counts.push(0);
        }
        let code = labels.len() - 1;
        #[expect(
            clippy::cast_possible_truncation,
            reason = "codes are < rows ≤ u32::MAX"
        )]
        {
            codes[row as usize] = code as u32;
        }
        counts[code] += 1;
    }
    CodeData {
        codes,
        labels,
        counts,
    }
}

fn normalized(token: &str) -> String {
    token.trim().to_lowercase()
}

/// Whether a trimmed, lowercase value is one of the placeholder tokens.
pub(super) fn is_placeholder(normalized_value: &str) -> bool {
    PLACEHOLDER_TOKENS.contains(&normalized_value)
}

/// Whether the distinct lowercase values form a boolean pair.
fn is_boolean_pair(values: &[String]) -> bool {
    const PAIRS: [[&str; 2]; 5] = [
        ["false", "true"],
        ["no", "yes"],
        ["0", "1"],
        ["f", "t"],
        ["n", "y"],
    ];
    if values.len() != 2 {
        return false;
    }
    PAIRS
        .iter()
        .any(|pair| values.iter().all(|v| pair.contains(&v.as_str())))
}

fn digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

fn two_digit(bytes: &[u8], max: u8) -> bool {
    digits(bytes) && bytes.len() == 2 && {
        let v = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
        v <= max
    }
}

/// Whether a value is an ISO 8601 date or date-time: `YYYY-MM-DD`, optionally followed by `T` or a space,
/// `HH:MM`, optional `:SS` and fraction, optional `Z` or `±HH:MM`.
pub(super) fn is_iso_datetime(value: &str) -> bool {
    let b = value.trim().as_bytes();
    if b.len() < 10 || !digits(&b[0..4]) || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !two_digit(&b[5..7], 12)
        || !two_digit(&b[8..10], 31)
        || &b[5..7] == b"00"
        || &b[8..10] == b"00"
    {
        return false;
    }
    let rest = &b[10..];
    if rest.is_empty() {
        return true;
    }
    if !(rest[0] == b'T' || rest[0] == b' ') || rest.len() < 6 {
        return false;
    }
    let time = &rest[1..];
    if !two_digit(&time[0..2], 23) || time[2] != b':' || !two_digit(&time[3..5], 59) {
        return false;
    }
    let mut tail = &time[5..];
    if tail.len() >= 3 && tail[0] == b':' {
        if !two_digit(&tail[1..3], 60) {
            return false;
        }
        tail = &tail[3..];
        if tail.first() == Some(&b'.') {
            let n = tail[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            tail = &tail[1 + n..];
        }
    }
    match tail {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            two_digit(&[*h1, *h2], 23) && two_digit(&[*m1, *m2], 59)
        }
        _ => false,
    }
}

/// An open-addressing hash table from short strings packed in a `u128` to their codes. Slots hold only
/// codes (4 bytes), keys live in a vector indexed by code: a table for a million distinct identifiers stays
/// small enough for the cache, which a map of `(u128, u32)` entries does not.
struct ShortTable {
    slots: Vec<u32>,
    used: usize,
}

const EMPTY_SLOT: u32 = u32::MAX;

fn mix128(key: u128) -> usize {
    #[expect(clippy::cast_possible_truncation, reason = "the two halves")]
    let (lo, hi) = (key as u64, (key >> 64) as u64);
    let mut h = lo ^ hi.rotate_left(29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    #[expect(clippy::cast_possible_truncation, reason = "an index into the table")]
    let index = (h ^ (h >> 33)) as usize;
    index
}

impl ShortTable {
    fn with_capacity(n: usize) -> Self {
        Self {
            slots: vec![EMPTY_SLOT; (n.max(8) * 2).next_power_of_two()],
            used: 0,
        }
    }

    /// Places `code` (whose key is `keys[code]`) in a free slot.
    fn place(slots: &mut [u32], key: u128, code: u32) {
        let mask = slots.len() - 1;
        let mut i = mix128(key) & mask;
        while slots[i] != EMPTY_SLOT {
            i = (i + 1) & mask;
        }
        slots[i] = code;
    }

    /// The code of `key`, or `None` after reserving a slot for `next` when the key is new.
    fn get_or_insert(&mut self, key: u128, next: u32, keys: &[u128]) -> Option<u32> {
        if (self.used + 1) * 2 > self.slots.len() {
            let mut slots = vec![EMPTY_SLOT; self.slots.len() * 2];
            for code in self.slots.iter().copied().filter(|c| *c != EMPTY_SLOT) {
                Self::place(&mut slots, keys[code as usize], code);
            }
            self.slots = slots;
        }
        let mask = self.slots.len() - 1;
        let mut i = mix128(key) & mask;
        loop {
            let code = self.slots[i];
            if code == EMPTY_SLOT {
                self.slots[i] = next;
                self.used += 1;
                return None;
            }
            if keys[code as usize] == key {
                return Some(code);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Dictionary-encodes a column whose values are all at most 11 bytes long by sorting `(value, row)` packed
/// in a `u128`; `None` when a value is longer. Codes follow the order of the packed values.
fn encode_by_sorting(ca: &StringChunked) -> Option<CodeData> {
    let mut keyed: Vec<u128> = Vec::with_capacity(ca.len());
    let mut codes = vec![MISSING; ca.len()];
    for (row, value) in ca.iter().enumerate() {
        let Some(text) = value.filter(|t| !t.is_empty()) else {
            continue;
        };
        let bytes = text.as_bytes();
        if bytes.len() > 11 {
            return None;
        }
        let mut packed = [0_u8; 16];
        packed[..bytes.len()].copy_from_slice(bytes);
        #[expect(clippy::cast_possible_truncation, reason = "at most 11")]
        {
            packed[11] = bytes.len() as u8;
        }
        // Value in the high 12 bytes, row in the low 4.
        let value_part = u128::from_be_bytes(packed) >> 32 << 32;
        keyed.push(value_part | u128::from(u32::try_from(row).ok()?));
    }
    keyed.sort_unstable();
    let mut labels: Vec<String> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut previous: Option<u128> = None;
    for k in keyed {
        let value_part = k >> 32;
        if previous != Some(value_part) {
            previous = Some(value_part);
            let bytes = (value_part << 32).to_be_bytes();
            let len = usize::from(bytes[11]).min(11);
            labels.push(String::from_utf8_lossy(&bytes[..len]).into_owned());
            counts.push(0);
        }
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the low 32 bits hold the row"
        )]
        let row = k as u32 as usize;
        codes[row] = u32::try_from(labels.len() - 1).ok()?;
        if let Some(c) = counts.last_mut() {
            *c += 1;
        }
    }
    Some(CodeData {
        codes,
        labels,
        counts,
    })
}

/// Dictionary-encodes a string column. Values of up to 15 bytes are keyed by their bytes packed in a
/// `u128` (no string comparison, no pointer chasing); longer values by the string itself.
fn encode_strings(ca: &StringChunked) -> CodeData {
    let mut short = ShortTable::with_capacity(1024);
    let mut long: FxMap<&str, u32> = FxMap::default();
    let mut keys: Vec<u128> = Vec::new();
    let mut codes = Vec::with_capacity(ca.len());
    let mut counts: Vec<u64> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for (row, value) in ca.iter().enumerate() {
        // A column whose first values are mostly distinct is probably an identifier: sorting is faster than
        // hashing a million keys (sequential memory access); else size the table once.
        if row == 4096
            && labels.len() > 2048
            && let Some(data) = encode_by_sorting(ca)
        {
            return data;
        }
        if row == 4096 && labels.len() > 2048 && short.slots.len() < ca.len() * 2 {
            let mut slots = vec![EMPTY_SLOT; (ca.len() * 2).next_power_of_two()];
            for code in short.slots.iter().copied().filter(|c| *c != EMPTY_SLOT) {
                ShortTable::place(&mut slots, keys[code as usize], code);
            }
            short.slots = slots;
        }
        let Some(text) = value.filter(|t| !t.is_empty()) else {
            codes.push(MISSING);
            continue;
        };
        let bytes = text.as_bytes();
        let next = u32::try_from(labels.len()).unwrap_or(MISSING);
        let found = if bytes.len() <= 15 {
            let mut packed = [0_u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            #[expect(clippy::cast_possible_truncation, reason = "at most 15")]
            {
                packed[15] = bytes.len() as u8;
            }
            let key = u128::from_le_bytes(packed);
            let found = short.get_or_insert(key, next, &keys);
            if found.is_none() {
                keys.push(key);
            }
            found
        } else {
            match long.entry(text) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next);
                    keys.push(0);
                    None
                }
            }
        };
        let code = found.unwrap_or_else(|| {
            labels.push(text.to_owned());
            counts.push(0);
            next
        });
        counts[code as usize] += 1;
        codes.push(code);
    }
    CodeData {
        codes,
        labels,
        counts,
    }
}

/// Drops the codes in `drop` (their cells become missing) and renumbers the rest.
fn drop_codes(data: &mut CodeData, drop: &[bool]) {
    if !drop.iter().any(|d| *d) {
        return;
    }
    let mut remap = vec![MISSING; data.labels.len()];
    let mut labels = Vec::new();
    let mut counts = Vec::new();
    for (code, label) in std::mem::take(&mut data.labels).into_iter().enumerate() {
        if !drop[code] {
            #[expect(clippy::cast_possible_truncation, reason = "codes fit u32")]
            {
                remap[code] = labels.len() as u32;
            }
            labels.push(label);
            counts.push(data.counts[code]);
        }
    }
    for code in &mut data.codes {
        if *code != MISSING {
            *code = remap[*code as usize];
        }
    }
    data.labels = labels;
    data.counts = counts;
}

fn count_missing_codes(codes: &[u32]) -> u64 {
    codes.iter().filter(|c| **c == MISSING).count() as u64
}

/// Infers the kind of a dictionary-encoded string column.
fn infer_string_kind(data: &CodeData) -> ColumnKind {
    let present: u64 = data.counts.iter().sum();
    if present == 0 {
        return ColumnKind::Categorical;
    }
    // Two values in any mix of cases and spaces: a handful of labels at most.
    if data.labels.len() <= 16 {
        let mut distinct_lower: Vec<String> = data.labels.iter().map(|l| normalized(l)).collect();
        distinct_lower.sort();
        distinct_lower.dedup();
        if is_boolean_pair(&distinct_lower) {
            return ColumnKind::Boolean;
        }
    }
    if data.labels.iter().all(|l| parse_number(l).is_some()) {
        return ColumnKind::Numeric;
    }
    if data.labels.iter().all(|l| is_iso_datetime(l)) {
        return ColumnKind::DateTime;
    }
    let distinct = data.labels.len();
    #[expect(clippy::cast_precision_loss, reason = "ratios")]
    let (mean_chars, distinct_share) = {
        let chars: u64 = data
            .labels
            .iter()
            .zip(&data.counts)
            .map(|(l, c)| l.chars().count() as u64 * c)
            .sum();
        (
            chars as f64 / present as f64,
            distinct as f64 / present as f64,
        )
    };
    if mean_chars >= TEXT_MIN_MEAN_CHARS && distinct_share > 0.5 {
        return ColumnKind::Text;
    }
    if distinct as u64 == present && distinct > IDENTIFIER_MIN_VALUES {
        return ColumnKind::Identifier;
    }
    ColumnKind::Categorical
}

/// Infers the kind of a numeric column.
#[expect(clippy::float_cmp, reason = "exact 0/1 values and whole-number ranges")]
fn infer_numeric_kind(data: &NumericData, integer_dtype: bool) -> ColumnKind {
    let values = &data.values;
    let mut distinct = 0_usize;
    let mut previous: Option<u64> = None;
    let mut only_zero_one = true;
    for &row in &data.order {
        let v = values[row as usize];
        if v != 0.0 && v != 1.0 {
            only_zero_one = false;
        }
        let key = order_key(if v == 0.0 { 0.0 } else { v });
        if previous != Some(key) {
            previous = Some(key);
            distinct += 1;
        }
    }
    if only_zero_one && distinct == 2 {
        return ColumnKind::Boolean;
    }
    let count = data.order.len();
    if integer_dtype && distinct == count && count > IDENTIFIER_MIN_VALUES {
        let first = data.order.first().map(|r| values[*r as usize]);
        let last = data.order.last().map(|r| values[*r as usize]);
        #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
        if let (Some(min), Some(max)) = (first, last)
            && max - min + 1.0 == count as f64
        {
            return ColumnKind::Identifier;
        }
    }
    ColumnKind::Numeric
}

/// The declared missing tokens, normalised, and those that are numbers.
pub(super) struct Declared {
    /// Normalised tokens.
    pub(super) tokens: Vec<String>,
    numbers: Vec<f64>,
}

impl Declared {
    pub(super) fn new(tokens: &[String]) -> Self {
        let tokens: Vec<String> = tokens
            .iter()
            .map(|t| normalized(t))
            .filter(|t| !t.is_empty())
            .collect();
        let numbers = tokens
            .iter()
            .filter_map(|t| t.parse::<f64>().ok())
            .collect();
        Self { tokens, numbers }
    }

    fn matches_text(&self, normalized_value: &str) -> bool {
        self.tokens.iter().any(|t| t == normalized_value)
    }

    fn matches_number(&self, v: f64) -> bool {
        self.numbers.contains(&v)
    }
}

fn parse_number(label: &str) -> Option<f64> {
    let t = label.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok()
}

/// A column's values as text: a cast where polars has one, else each value as polars prints it (lists and
/// other nested values, which a profile then treats as text or categories).
fn as_text(column: &Column) -> Column {
    if let Ok(text) = column.cast(&DataType::String) {
        return text;
    }
    let series = column.as_materialized_series();
    let values: StringChunked = series
        .iter()
        .map(|v| match v {
            AnyValue::Null => None,
            other => Some(other.to_string()),
        })
        .collect();
    values.with_name(column.name().clone()).into_column()
}

/// Prepares column `index` of the frame.
pub(super) fn prepare_column(
    column: &Column,
    index: usize,
    options: &ProfileOptions,
    declared: &Declared,
) -> Result<Prepared, ProfileError> {
    let name = column.name().to_string();
    let dtype = column.dtype().clone();
    let override_kind = options.type_overrides.get(&name).copied();
    let overridden = override_kind.is_some();
    let mut placeholders = Vec::new();
    let (kind, data) = if dtype.is_primitive_numeric() || dtype.is_bool() || dtype.is_decimal() {
        let floats = column
            .cast(&DataType::Float64)
            .map_err(|e| internal(&name, &e))?;
        let ca = floats.f64().map_err(|e| internal(&name, &e))?;
        let mut values: Vec<f64> = Vec::with_capacity(ca.len());
        for arr in ca.downcast_iter() {
            match arr.validity() {
                None => values.extend_from_slice(arr.values()),
                Some(_) => values.extend(arr.iter().map(|v| v.copied().unwrap_or(f64::NAN))),
            }
        }
        if !declared.numbers.is_empty() {
            for v in &mut values {
                if declared.matches_number(*v) {
                    *v = f64::NAN;
                }
            }
        }
        let data = numeric_data(values);
        let inferred = if dtype.is_bool() {
            ColumnKind::Boolean
        } else {
            infer_numeric_kind(&data, dtype.is_integer())
        };
        let kind = override_kind.unwrap_or(inferred);
        if kind == ColumnKind::Numeric {
            (kind, Data::Numeric(data))
        } else {
            let mut codes = codes_from_numeric(&data);
            if dtype.is_bool() {
                for label in &mut codes.labels {
                    if label == "1" { "true" } else { "false" }.clone_into(label);
                }
            }
            (kind, Data::Codes(codes))
        }
    } else {
        let owned;
        let ca = if let DataType::String = dtype {
            column.str().map_err(|e| internal(&name, &e))?
        } else {
            owned = as_text(column);
            owned.str().map_err(|e| internal(&name, &e))?
        };
        let mut data = encode_strings(ca);
        // Only short values can be a placeholder or a declared token: skip the others without allocating.
        let longest = declared
            .tokens
            .iter()
            .map(String::len)
            .chain(PLACEHOLDER_TOKENS.iter().map(|t| t.len()))
            .max()
            .unwrap_or(0);
        let mut drop = vec![false; data.labels.len()];
        for (code, (label, count)) in data.labels.iter().zip(&data.counts).enumerate() {
            if label.trim().len() > longest {
                continue;
            }
            let l = normalized(label);
            if declared.matches_text(&l) {
                drop[code] = true;
            } else if is_placeholder(&l) {
                placeholders.push((label.clone(), *count));
            }
        }
        placeholders.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        drop_codes(&mut data, &drop);
        let inferred = if matches!(dtype, DataType::Date | DataType::Datetime(..)) {
            ColumnKind::DateTime
        } else {
            infer_string_kind(&data)
        };
        let kind = override_kind.unwrap_or(inferred);
        if kind == ColumnKind::Numeric {
            let parsed: Vec<Option<f64>> = data.labels.iter().map(|l| parse_number(l)).collect();
            let mut values = Vec::with_capacity(data.codes.len());
            for (row, code) in data.codes.iter().enumerate() {
                if *code == MISSING {
                    values.push(f64::NAN);
                    continue;
                }
                match parsed[*code as usize] {
                    Some(v) if declared.matches_number(v) => values.push(f64::NAN),
                    Some(v) => values.push(v),
                    None => {
                        return Err(ProfileError::Value {
                            row: row as u64,
                            column: index as u64 + 1,
                            name,
                            message: format!(
                                "{:?} is not a number: expected a number because the column's type is set \
                                 to numeric (declare the value missing, or change the type)",
                                data.labels[*code as usize]
                            ),
                        });
                    }
                }
            }
            (kind, Data::Numeric(numeric_data(values)))
        } else {
            (kind, Data::Codes(data))
        }
    };
    let missing = match &data {
        Data::Numeric(n) => (n.values.len() - n.order.len()) as u64,
        Data::Codes(c) => count_missing_codes(&c.codes),
    };
    Ok(Prepared {
        name,
        dtype: dtype.to_string(),
        kind,
        overridden,
        missing,
        placeholders,
        data,
    })
}

#[cfg(test)]
mod tests;
