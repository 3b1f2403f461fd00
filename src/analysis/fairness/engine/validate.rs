//! Validation of an audit's configuration and input, before anything is computed: each problem is a
//! [`FairnessError`] naming the setting or the column.

use super::super::config::{AuditConfig, ReferenceRule};
use super::super::error::FairnessError;
use super::super::input::{AuditInput, MISSING_LEVEL, Predictions};

fn invalid(setting: &'static str, reason: impl Into<String>) -> FairnessError {
    FairnessError::InvalidConfig {
        setting,
        reason: reason.into(),
    }
}

pub(super) fn validate_config(config: &AuditConfig) -> Result<(), FairnessError> {
    if config.sensitive.is_empty() {
        return Err(FairnessError::NoSensitiveColumn);
    }
    for (i, name) in config.sensitive.iter().enumerate() {
        if config.sensitive[..i].contains(name) {
            return Err(FairnessError::DuplicateSensitiveColumn(name.clone()));
        }
    }
    for name in config.reference.keys() {
        if !config.sensitive.contains(name) {
            return Err(FairnessError::ReferenceForUnknownColumn(name.clone()));
        }
    }
    let t = &config.thresholds;
    if !(t.ratio > 0.0 && t.ratio <= 1.0) {
        return Err(invalid(
            "thresholds.ratio",
            format!("{} is not in (0, 1]", t.ratio),
        ));
    }
    if !(t.difference.is_finite() && t.difference >= 0.0) {
        return Err(invalid(
            "thresholds.difference",
            format!("{} is not a finite number ≥ 0", t.difference),
        ));
    }
    if !(config.wilson_level > 0.0 && config.wilson_level < 1.0) {
        return Err(invalid(
            "wilson_level",
            format!("{} is not in (0, 1)", config.wilson_level),
        ));
    }
    if !config.generalized_entropy_alpha.is_finite() {
        return Err(invalid(
            "generalized_entropy_alpha",
            "must be a finite number",
        ));
    }
    if let Some(b) = &config.bootstrap {
        if b.resamples == 0 {
            return Err(invalid("bootstrap.resamples", "must be at least 1"));
        }
        if !(b.level > 0.0 && b.level < 1.0) {
            return Err(invalid(
                "bootstrap.level",
                format!("{} is not in (0, 1)", b.level),
            ));
        }
    }
    Ok(())
}

/// Check lengths, levels, codes, weights and scores; return the indices of the audited columns.
pub(super) fn validate_input(
    input: &AuditInput,
    config: &AuditConfig,
) -> Result<Vec<usize>, FairnessError> {
    let rows = input.rows();
    let check_len = |column: &str, actual: usize| {
        if actual == rows {
            Ok(())
        } else {
            Err(FairnessError::LengthMismatch {
                column: column.to_owned(),
                expected: rows,
                actual,
            })
        }
    };
    match &input.predictions {
        Predictions::Labels(p) => check_len("prediction", p.len())?,
        Predictions::ScoreThreshold(t) => {
            if !t.is_finite() {
                return Err(FairnessError::InvalidThreshold(*t));
            }
            if input.score.is_none() {
                return Err(FairnessError::MissingScore);
            }
        }
    }
    if let Some(score) = &input.score {
        check_len("score", score.len())?;
        for (row, s) in score.iter().enumerate() {
            if let Some(v) = s
                && v.is_infinite()
            {
                return Err(FairnessError::InvalidScore { row, value: *v });
            }
        }
    }
    if let Some(weight) = &input.weight {
        check_len("weight", weight.len())?;
        for (row, w) in weight.iter().enumerate() {
            if !(w.is_finite() && *w >= 0.0) {
                return Err(FairnessError::InvalidWeight { row, value: *w });
            }
        }
    }
    for (i, col) in input.sensitive.iter().enumerate() {
        if input.sensitive[..i].iter().any(|c| c.name == col.name) {
            return Err(FairnessError::DuplicateSensitiveColumn(col.name.clone()));
        }
    }
    let mut out = Vec::with_capacity(config.sensitive.len());
    for name in &config.sensitive {
        let idx = input
            .sensitive
            .iter()
            .position(|c| &c.name == name)
            .ok_or_else(|| FairnessError::UnknownSensitiveColumn(name.clone()))?;
        let col = &input.sensitive[idx];
        check_len(&col.name, col.codes.len())?;
        let mut sorted: Vec<&str> = col.levels.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(FairnessError::DuplicateLevel {
                column: col.name.clone(),
                level: w[0].to_owned(),
            });
        }
        if col.levels.iter().any(|l| l == MISSING_LEVEL) {
            return Err(FairnessError::ReservedLevel(col.name.clone()));
        }
        for (row, code) in col.codes.iter().enumerate() {
            if let Some(c) = code
                && *c as usize >= col.levels.len()
            {
                return Err(FairnessError::CodeOutOfRange {
                    column: col.name.clone(),
                    row,
                    code: *c,
                    levels: col.levels.len(),
                });
            }
        }
        if let Some(ReferenceRule::Value(v)) = config.reference.get(name)
            && v != MISSING_LEVEL
            && !col.levels.contains(v)
        {
            return Err(FairnessError::UnknownReferenceValue {
                column: name.clone(),
                value: v.clone(),
            });
        }
        out.push(idx);
    }
    Ok(out)
}
