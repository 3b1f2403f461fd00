//! Numbers a project file states as inputs (thresholds, bounds, weights, amounts) must be finite.
//!
//! RON reads `NaN`, `inf` and `1e400` (which overflows to infinity) as numbers. A threshold that is not a
//! finite number makes every comparison against it false, so a check silently passes or fails for ever; the
//! fuzz campaign found a project whose `imbalance` threshold was `NaN` loading without a word. The fields
//! that hold such inputs use these functions (`#[serde(deserialize_with = "…")]`), so loading refuses the
//! file with the line, the column and the field (see [`crate::model::file`]). Computed results (a metric
//! that is undefined for a group) are not checked: they are recorded as the analysis found them.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, de::Error as _};

/// The start of the message of a refused number; `model::file` recognises it to name the field.
pub const NOT_FINITE: &str = "expected a finite number";

fn check<E: serde::de::Error>(value: f64) -> Result<f64, E> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(E::custom(format!("{NOT_FINITE}, found {value}")))
    }
}

/// A finite `f64`.
///
/// # Errors
/// When the number is `NaN` or infinite (or not a number).
pub fn f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    check(<f64 as Deserialize>::deserialize(deserializer)?)
}

/// An optional finite `f64`.
///
/// # Errors
/// When the number is `NaN` or infinite (or not a number).
pub fn option_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    Option::<f64>::deserialize(deserializer)?
        .map(check)
        .transpose()
}

/// A map of names to finite numbers.
///
/// # Errors
/// When one of the numbers is `NaN` or infinite (or not a number).
pub fn map_f64<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, f64>, D::Error> {
    let map = BTreeMap::<String, f64>::deserialize(deserializer)?;
    if let Some((name, value)) = map.iter().find(|(_, v)| !v.is_finite()) {
        return Err(D::Error::custom(format!(
            "{NOT_FINITE} for {name:?}, found {value}"
        )));
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Limits {
        #[serde(deserialize_with = "super::f64")]
        low: f64,
        #[serde(default, deserialize_with = "super::option_f64")]
        high: Option<f64>,
        #[serde(default, deserialize_with = "super::map_f64")]
        weights: std::collections::BTreeMap<String, f64>,
    }

    fn parse(text: &str) -> Result<Limits, String> {
        ron::from_str::<Limits>(text).map_err(|e| e.code.to_string())
    }

    #[test]
    fn finite_numbers_load() {
        let l = parse("(low: 0.5, high: Some(2.0), weights: {\"a\": 1.5})")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((l.low, l.high, l.weights.len()), (0.5, Some(2.0), 1));
        let l = parse("(low: -3)").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((l.low, l.high), (-3.0, None));
    }

    #[test]
    fn nan_infinity_and_overflow_are_refused_with_what_was_found() {
        assert_eq!(
            parse("(low: NaN)").unwrap_err(),
            "expected a finite number, found NaN"
        );
        assert_eq!(
            parse("(low: inf)").unwrap_err(),
            "expected a finite number, found inf"
        );
        assert_eq!(
            parse("(low: 1e400)").unwrap_err(),
            "expected a finite number, found inf"
        );
        assert_eq!(
            parse("(low: 0, high: Some(-inf))").unwrap_err(),
            "expected a finite number, found -inf"
        );
        assert_eq!(
            parse("(low: 0, weights: {\"women\": NaN})").unwrap_err(),
            "expected a finite number for \"women\", found NaN"
        );
    }
}
