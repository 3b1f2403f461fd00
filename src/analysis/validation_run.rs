//! A validation suite run that can be cancelled and reports its progress (Measure › Validation runs it on a
//! background thread): the file is read and fingerprinted, then the rules run in about ten batches with a
//! cancellation check and a progress step between them; a file larger than the memory limit is read in
//! blocks, a batch of columns at a time, with a cancellation check between blocks ([`validation::run_file`]).
//! The results are those of [`validation::validate_file`] (rules are independent, so running them in
//! batches changes nothing).

use std::path::Path;

use super::dataset::DatasetError;
use super::task::{Cancelled, TaskControl};
use super::validation::{self, ValidationReport};
use crate::model::validation::{MissingReading, ValidationRule};

/// Why a run ended without a report.
#[derive(Debug)]
pub enum RunError {
    /// The user cancelled it.
    Cancelled,
    /// The file could not be read.
    Data(String),
}

impl From<Cancelled> for RunError {
    fn from(_: Cancelled) -> Self {
        Self::Cancelled
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Cancelled => f.write_str("cancelled"),
            Self::Data(e) => f.write_str(e),
        }
    }
}

/// Runs `rules` on the file at `path` as [`validation::validate_file`] does (in blocks when the file is
/// larger than the memory limit), checking `control` for cancellation between batches of rules (or blocks)
/// and setting its progress (reading a whole file is the first 30 %).
///
/// # Errors
/// [`RunError::Cancelled`] when cancelled; [`RunError::Data`] when the file cannot be read.
pub fn validate_file_cancellable(
    path: &Path,
    suite: &str,
    rules: &[ValidationRule],
    reading: MissingReading,
    declared: &[String],
    control: &TaskControl,
) -> Result<ValidationReport, RunError> {
    match validation::run_file(path, rules, reading, declared, control) {
        Ok(run) => Ok(run.report(suite, path, reading, declared)),
        Err(DatasetError::Cancelled(_)) => Err(RunError::Cancelled),
        Err(e) => Err(RunError::Data(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validation::{Bounds, RuleKind};

    #[test]
    fn batches_give_the_results_of_one_run_and_cancel_stops() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "a,b\n1,x\n,y\n5,x\n12,z\n").unwrap_or_else(|e| panic!("{e}"));
        let mut rules = Vec::new();
        for max in 0..25 {
            rules.push(ValidationRule::new(RuleKind::Between {
                column: "a".into(),
                bounds: Bounds {
                    max: Some(f64::from(max)),
                    ..Bounds::default()
                },
            }));
            rules.push(ValidationRule::new(RuleKind::NotNull {
                column: "a".into(),
            }));
        }
        let control = TaskControl::new();
        let batched = validate_file_cancellable(
            &path,
            "s",
            &rules,
            MissingReading::EmptyCells,
            &[],
            &control,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let whole = validation::validate_file(&path, "s", &rules, MissingReading::EmptyCells, &[])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(batched.results, whole.results);
        assert_eq!(batched.statistics.evaluated_expectations, 50);
        assert!((control.progress() - 1.0).abs() < 1e-6);
        let cancelled = TaskControl::new();
        cancelled.cancel();
        assert!(matches!(
            validate_file_cancellable(
                &path,
                "s",
                &rules,
                MissingReading::EmptyCells,
                &[],
                &cancelled
            ),
            Err(RunError::Cancelled)
        ));
    }
}
