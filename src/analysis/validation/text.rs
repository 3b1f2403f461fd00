//! Text columns as codes into their distinct values, so that a rule on text (set membership, regex, lengths,
//! uniqueness, distinct values) is decided once per distinct value and then counted over the rows: a regex
//! on a million rows of `male`/`female` runs twice, not a million times. The results are those of deciding
//! every row, since the verdict on a row depends only on its value.

use polars::prelude::*;

use super::PARTIAL_COUNT;
use super::rules::{Outcome, Scan, TypedSet, Val, compile_regex, distinct_outside, map_result};
use crate::model::validation::{RuleKind, ValidationRule};

/// The code of a null cell.
pub(super) const NULL: u32 = u32::MAX;

/// A text column dictionary-encoded.
pub(super) struct Encoded<'a> {
    /// Per row: the index of its value in `values`, or [`NULL`].
    pub codes: Vec<u32>,
    /// The distinct values, in order of first appearance.
    pub values: Vec<&'a str>,
    /// Rows per value.
    pub counts: Vec<usize>,
}

/// Polars keeps a text of up to 12 bytes inside its 16-byte view: such a view is looked up as one 128-bit
/// number (no string hashing). Two views of the same text that differed in their unused bytes would only
/// be looked up twice: the text itself decides the code.
const INLINE_BYTES: u32 = 12;

/// Views looked up by a linear search while there are few of them, then by a hash map.
const SMALL: usize = 16;

/// The code of `text`, a new one when it is not yet in `values`.
fn intern<'a>(enc: &mut Encoded<'a>, by_text: &mut PlHashMap<&'a str, u32>, text: &'a str) -> u32 {
    if let Some(code) = by_text.get(text) {
        return *code;
    }
    let code = u32::try_from(enc.values.len()).unwrap_or(NULL - 1);
    by_text.insert(text, code);
    enc.values.push(text);
    enc.counts.push(0);
    code
}

/// Dictionary-encodes a text column (nulls get [`NULL`]).
pub(super) fn encode(ca: &StringChunked) -> Encoded<'_> {
    let mut enc = Encoded {
        codes: Vec::with_capacity(ca.len()),
        values: Vec::new(),
        counts: Vec::new(),
    };
    let mut by_text: PlHashMap<&str, u32> = PlHashMap::default();
    let mut small: Vec<(u128, u32)> = Vec::new();
    let mut large: PlHashMap<u128, u32> = PlHashMap::default();
    for arr in ca.downcast_iter() {
        for (value, view) in arr.iter().zip(arr.views().iter()) {
            let Some(text) = value else {
                enc.codes.push(NULL);
                continue;
            };
            let code = if view.length <= INLINE_BYTES {
                let key = view.as_u128();
                let found = if large.is_empty() {
                    small.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
                } else {
                    large.get(&key).copied()
                };
                if let Some(code) = found {
                    code
                } else {
                    let code = intern(&mut enc, &mut by_text, text);
                    if large.is_empty() && small.len() < SMALL {
                        small.push((key, code));
                    } else {
                        large.extend(small.drain(..));
                        large.insert(key, code);
                    }
                    code
                }
            } else {
                intern(&mut enc, &mut by_text, text)
            };
            enc.counts[code as usize] += 1;
            enc.codes.push(code);
        }
    }
    enc
}

/// The counts of a column-values rule on an encoded text column where `unexpected[code]` says whether that
/// value is unexpected; the partial list is the first unexpected rows in row order, as a row-by-row scan
/// gives.
pub(super) fn scan_codes(enc: &Encoded<'_>, unexpected: &[bool]) -> Scan {
    let nonnull: usize = enc.counts.iter().sum();
    let count: usize = enc
        .counts
        .iter()
        .zip(unexpected)
        .filter(|(_, u)| **u)
        .map(|(n, _)| *n)
        .sum();
    let wanted = count.min(PARTIAL_COUNT);
    let mut partial = Vec::with_capacity(wanted);
    if wanted > 0 {
        for (row, code) in enc.codes.iter().enumerate() {
            if *code != NULL && unexpected[*code as usize] {
                partial.push((row, Val::Str(enc.values[*code as usize].to_owned())));
                if partial.len() == wanted {
                    break;
                }
            }
        }
    }
    Scan {
        element_count: enc.codes.len(),
        nonnull,
        unexpected: count,
        partial,
        separate_nulls: false,
    }
}

/// A rule decided once per distinct value of an encoded text column; `None` for the rules that are not
/// (not-null, and the statistics, which refuse text).
///
/// # Errors
/// A regex that does not compile.
pub(super) fn run_text_rule(
    enc: &Encoded<'_>,
    rule: &ValidationRule,
) -> Result<Option<Outcome>, String> {
    let decide =
        |f: &dyn Fn(&str) -> bool| -> Vec<bool> { enc.values.iter().map(|t| f(t)).collect() };
    let unexpected = match &rule.kind {
        RuleKind::InSet { values, .. } | RuleKind::NotInSet { values, .. } => {
            let set = TypedSet::new(values);
            let inside = matches!(rule.kind, RuleKind::InSet { .. });
            decide(&|t| set.texts.contains(t) != inside)
        }
        RuleKind::MatchRegex { regex, .. } => {
            let re = compile_regex(regex)?;
            decide(&|t| !re.is_match(t))
        }
        RuleKind::ValueLengthsBetween { bounds, .. } => {
            #[expect(clippy::cast_precision_loss, reason = "lengths are small")]
            let len = |t: &str| t.chars().count() as f64;
            decide(&|t| !bounds.contains(len(t)))
        }
        RuleKind::Unique { .. } => enc.counts.iter().map(|n| *n > 1).collect(),
        RuleKind::DistinctValuesInSet { values, .. } => {
            let set = TypedSet::new(values);
            let mut outside: Vec<&str> = enc
                .values
                .iter()
                .copied()
                .filter(|t| !set.texts.contains(*t))
                .collect();
            outside.sort_unstable();
            let partial = outside.iter().map(|t| Val::Str((*t).to_owned()));
            return Ok(Some(distinct_outside(outside.len(), partial)));
        }
        _ => return Ok(None),
    };
    Ok(Some(map_result(
        &scan_codes(enc, &unexpected),
        rule.mostly,
        false,
    )))
}

/// Whether a rule on a text column is decided per distinct value (and so wants the column encoded).
pub(super) fn decided_per_value(kind: &RuleKind) -> bool {
    matches!(
        kind,
        RuleKind::InSet { .. }
            | RuleKind::NotInSet { .. }
            | RuleKind::MatchRegex { .. }
            | RuleKind::ValueLengthsBetween { .. }
            | RuleKind::Unique { .. }
            | RuleKind::DistinctValuesInSet { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_first_appearance_and_count_rows() {
        let long = "a value longer than twelve bytes";
        let ca = StringChunked::new(
            "c".into(),
            &[
                Some("b"),
                None,
                Some("a"),
                Some(long),
                Some("b"),
                Some(long),
                Some(""),
            ],
        );
        let enc = encode(&ca);
        assert_eq!(enc.values, vec!["b", "a", long, ""]);
        assert_eq!(enc.codes, vec![0, NULL, 1, 2, 0, 2, 3]);
        assert_eq!(enc.counts, vec![2, 1, 2, 1]);
        let scan = scan_codes(&enc, &[true, false, true, false]);
        assert_eq!(scan.element_count, 7);
        assert_eq!(scan.nonnull, 6);
        assert_eq!(scan.unexpected, 4);
        let rows: Vec<usize> = scan.partial.iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, vec![0, 3, 4, 5]);
    }

    #[test]
    fn many_distinct_short_values_switch_to_the_hash_map() {
        let values: Vec<String> = (0..1000).map(|i| format!("v{}", i % 300)).collect();
        let ca = StringChunked::new("c".into(), &values);
        let enc = encode(&ca);
        assert_eq!(enc.values.len(), 300);
        assert!(enc.counts.iter().all(|n| *n >= 3));
        assert_eq!(enc.counts.iter().sum::<usize>(), 1000);
        for (row, code) in enc.codes.iter().enumerate() {
            assert_eq!(enc.values[*code as usize], values[row]);
        }
    }

    #[test]
    fn a_chunked_column_keeps_row_numbers() {
        let mut ca = StringChunked::new("c".into(), &[Some("x"), Some("y")]);
        ca.append(&StringChunked::new("c".into(), &[None, Some("x")]))
            .unwrap();
        assert_eq!(ca.chunks().len(), 2);
        let enc = encode(&ca);
        assert_eq!(enc.codes, vec![0, 1, NULL, 0]);
        let scan = scan_codes(&enc, &[true, false]);
        let rows: Vec<usize> = scan.partial.iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, vec![0, 3]);
    }
}
