//! Running a fairness audit on a dataset file: decode the columns named by an [`AuditSpec`] from a polars
//! data frame (applying the positive values, never assuming 1 for text labels), run the engine in
//! [`super::fairness`], and assemble the `audit --json` document of `cli.md`.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::audit_decode::{BinaryColumn, Decoder, NumberColumn, needed_columns};
use super::dataset::{DatasetError, fingerprint_file};
use super::fairness::{
    self, AuditConfig, AuditInput, AuditResult, BootstrapConfig, ReferenceRule, RowSummary,
    RunControl, Thresholds,
};
use super::table::{read_table, stream};
use super::task::TaskControl;
use crate::model::audit::AuditSpec;
use crate::model::settings::FairnessThresholds;

/// Why an audit could not run. Messages name the column and what was expected.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The dataset could not be read.
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// The spec names a column the data does not have, or a column has unusable values.
    #[error("{0}")]
    Column(String),
    /// The spec is incomplete or contradictory.
    #[error("{0}")]
    Spec(String),
    /// The engine refused the input.
    #[error(transparent)]
    Engine(#[from] fairness::FairnessError),
    /// Polars failed on a column operation.
    #[error("cannot read column {column:?}: {message}")]
    Polars {
        /// The column.
        column: String,
        /// Polars' message.
        message: String,
    },
}

/// The dataset part of the JSON document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DatasetInfo {
    /// The path as given.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Data rows.
    pub rows: usize,
}

/// The whole `audit --json` document.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    /// Riskbench version that computed it.
    pub riskbench_version: String,
    /// What was audited: results carry the dataset's fingerprint.
    pub dataset: DatasetInfo,
    /// The choices, as used (defaults filled in).
    pub config: AuditSpec,
    /// How rows were used and excluded.
    pub rows: RowSummary,
    /// One result per sensitive column, plus the intersection when asked.
    pub results: Vec<AuditResult>,
}

impl AuditReport {
    /// The document of an engine run on the file `path` (its SHA-256 and data rows) with the choices as
    /// used.
    #[must_use]
    pub fn from_run(
        path: &Path,
        sha256: String,
        rows: usize,
        config: AuditSpec,
        output: super::fairness::AuditOutput,
    ) -> Self {
        AuditReport {
            riskbench_version: crate::VERSION.to_owned(),
            dataset: DatasetInfo {
                path: path.to_string_lossy().into_owned(),
                sha256,
                rows,
            },
            config,
            rows: output.rows,
            results: output.results,
        }
    }
}

pub(crate) fn column<'a>(
    df: &'a DataFrame,
    name: &str,
    role: &str,
) -> Result<&'a Column, AuditError> {
    df.column(name).map_err(|_| {
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(ToString::to_string)
            .collect();
        AuditError::Column(format!(
            "the {role} column {name:?} is not in the data (columns: {})",
            names.join(", ")
        ))
    })
}

/// Decodes a label or prediction column to booleans with an explicit positive value.
///
/// Numeric columns compare numerically (`1` matches `1.0`); text compares exactly. Without a positive value
/// only 0/1 and true/false columns are accepted, with 1 / true positive.
pub(crate) fn decode_binary(
    col: &Column,
    name: &str,
    role: &str,
    positive: Option<&str>,
) -> Result<(Vec<Option<bool>>, String), AuditError> {
    let mut acc = BinaryColumn::new(name, role, col.dtype());
    acc.push(col)?;
    acc.finish(positive)
}

pub(crate) fn decode_floats(
    df: &DataFrame,
    name: &str,
    role: &str,
) -> Result<Vec<Option<f64>>, AuditError> {
    let col = column(df, name, role)?;
    let mut acc = NumberColumn::new(name, role, col.dtype())?;
    acc.push(col)?;
    Ok(acc.values)
}

/// The spec with defaults from the project's settings filled in (what the report records as `config`).
#[must_use]
pub fn resolved_spec(spec: &AuditSpec, settings: &FairnessThresholds) -> AuditSpec {
    let mut spec = spec.clone();
    spec.min_group.get_or_insert(settings.min_group_size);
    if spec.bootstrap.is_some_and(|n| n > 0) {
        spec.seed.get_or_insert(settings.bootstrap_seed);
    }
    if spec.pred_positive.is_none() && spec.prediction.is_some() {
        spec.pred_positive.clone_from(&spec.positive);
    }
    spec
}

/// Decodes the spec's columns from a data frame into the engine's input.
///
/// # Errors
/// [`AuditError`] naming the missing column or the unusable values.
pub fn decode(df: &DataFrame, spec: &AuditSpec) -> Result<(AuditInput, AuditSpec), AuditError> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(ToString::to_string)
        .collect();
    needed_columns(spec, &names)?;
    let mut decoder = Decoder::new(spec, df)?;
    decoder.push(df)?;
    decoder.finish()
}

/// Reads the spec's columns of a file larger than the memory limit block by block (see
/// [`super::table::stream`]): the engine's input, the spec as used and the number of data rows.
///
/// # Errors
/// [`AuditError`] as [`decode`], and for unreadable data (with line and column).
pub fn decode_file(
    path: &Path,
    spec: &AuditSpec,
    control: &TaskControl,
) -> Result<(AuditInput, AuditSpec, usize), AuditError> {
    let names = stream::column_names(path, control)?;
    let needed = needed_columns(spec, &names)?;
    let mut decoder: Option<Decoder> = None;
    let rows = stream::for_each_chunk(path, &needed, control, &mut |chunk: stream::Chunk| {
        if chunk.index == 0 || decoder.is_none() {
            decoder = Some(Decoder::new(spec, &chunk.frame)?);
        }
        if let Some(d) = decoder.as_mut() {
            d.push(&chunk.frame)?;
        }
        Ok::<(), AuditError>(())
    })?;
    match decoder {
        Some(d) => {
            let rows_read = d.rows();
            let (input, used) = d.finish()?;
            Ok((input, used, rows_read.max(rows)))
        }
        None => {
            let df = read_table(path, control)?;
            let (input, used) = decode(&df, spec)?;
            Ok((input, used, df.height()))
        }
    }
}

/// The engine configuration for a spec and the project's thresholds.
///
/// # Errors
/// [`AuditError::Spec`] for a reference rule naming an unknown column.
pub fn engine_config(
    spec: &AuditSpec,
    settings: &FairnessThresholds,
) -> Result<AuditConfig, AuditError> {
    let mut reference = BTreeMap::new();
    for (col, rule) in &spec.reference {
        if !spec.sensitive.contains(col) {
            return Err(AuditError::Spec(format!(
                "--reference {col}=…: {col:?} is not one of the sensitive columns ({})",
                spec.sensitive.join(", ")
            )));
        }
        let rule = match rule.as_str() {
            "largest" => ReferenceRule::Largest,
            "best" => ReferenceRule::Best,
            value => ReferenceRule::Value(value.to_owned()),
        };
        reference.insert(col.clone(), rule);
    }
    Ok(AuditConfig {
        sensitive: spec.sensitive.clone(),
        intersect: spec.intersect,
        reference,
        min_group_size: u64::from(spec.min_group.unwrap_or(settings.min_group_size)),
        thresholds: Thresholds {
            ratio: settings.ratio_min,
            difference: settings.difference_max,
        },
        wilson_level: settings.confidence_level,
        bootstrap: spec.bootstrap.filter(|n| *n > 0).map(|n| BootstrapConfig {
            resamples: n as usize,
            level: settings.confidence_level,
            seed: spec.seed.unwrap_or(settings.bootstrap_seed),
            threads: None,
        }),
        ..AuditConfig::default()
    })
}

/// Reads a dataset file and audits it.
///
/// # Errors
/// [`AuditError`] for unreadable data, a bad spec, or cancellation.
pub fn run_audit(
    path: &Path,
    spec: &AuditSpec,
    settings: &FairnessThresholds,
    control: &TaskControl,
) -> Result<AuditReport, AuditError> {
    let fingerprint = fingerprint_file(path, &TaskControl::new())?;
    let spec = resolved_spec(spec, settings);
    let streamed = stream::streams(path).map_err(|e| AuditError::Spec(e.to_string()))?;
    let (input, used, rows) = if streamed {
        // Only the audited columns, a block at a time; progress counts the rows read.
        decode_file(path, &spec, control)?
    } else {
        let df = read_table(path, &TaskControl::new())?;
        let (input, used) = decode(&df, &spec)?;
        (input, used, df.height())
    };
    let config = engine_config(&used, settings)?;
    let progress = |f: f64| {
        #[expect(clippy::cast_possible_truncation, reason = "a progress fraction")]
        control.set_progress(f as f32);
    };
    let run = RunControl {
        cancel: Some(control.cancel_flag()),
        progress: Some(&progress),
    };
    let output = fairness::audit(&input, &config, &run)?;
    Ok(AuditReport::from_run(
        path,
        fingerprint.sha256,
        rows,
        used,
        output,
    ))
}

/// A saved audit run for a report: its name, its dataset and the result or why it could not run.
#[derive(Debug, Clone)]
pub struct AuditEvidence {
    /// The audit's name in the project.
    pub name: String,
    /// The dataset's display name.
    pub dataset_name: String,
    /// The stored fingerprint of the dataset (what the project says the evidence is).
    pub stored_sha256: String,
    /// The result, or the error message.
    pub outcome: Result<AuditReport, String>,
}

/// Runs every audit saved in `project`, resolving dataset paths against `base_dir`.
///
/// # Errors
/// Only cancellation; an audit that cannot run is recorded with its error message.
pub fn run_saved_audits(
    project: &crate::model::Project,
    base_dir: &Path,
    control: &TaskControl,
) -> Result<Vec<AuditEvidence>, super::task::Cancelled> {
    let mut out = Vec::with_capacity(project.audits.len());
    for (i, audit) in project.audits.iter().enumerate() {
        control.check()?;
        let dataset = project.dataset(&audit.dataset_id);
        let outcome = match dataset {
            None => Err(format!("the project has no dataset {:?}", audit.dataset_id)),
            Some(d) => {
                let path = crate::model::file::resolve_path(&d.path, base_dir);
                run_audit(
                    &path,
                    &audit.spec,
                    &project.settings.fairness,
                    &TaskControl::new(),
                )
                .map_err(|e| e.to_string())
            }
        };
        out.push(AuditEvidence {
            name: audit.name.clone(),
            dataset_name: dataset.map_or_else(|| audit.dataset_id.clone(), |d| d.name.clone()),
            stored_sha256: dataset.map(|d| d.sha256.clone()).unwrap_or_default(),
            outcome,
        });
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        control.set_progress((i + 1) as f32 / project.audits.len() as f32);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(csv: &str) -> DataFrame {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, csv).unwrap();
        read_table(&path, &TaskControl::new()).unwrap()
    }

    fn spec(label: &str, prediction: &str, sensitive: &str) -> AuditSpec {
        AuditSpec {
            label: label.to_owned(),
            prediction: Some(prediction.to_owned()),
            sensitive: vec![sensitive.to_owned()],
            ..AuditSpec::default()
        }
    }

    #[test]
    fn text_labels_need_an_explicit_positive_value() {
        let df = frame("y,p,g\nyes,yes,a\nno,yes,b\nno,no,a\n");
        let err = decode(&df, &spec("y", "p", "g")).unwrap_err().to_string();
        assert!(
            err.contains("say which value") && err.contains("no, yes"),
            "{err}"
        );
        let mut s = spec("y", "p", "g");
        s.positive = Some("yes".into());
        let (input, used) = decode(&df, &s).unwrap();
        assert_eq!(input.y_true, vec![Some(true), Some(false), Some(false)]);
        assert_eq!(used.pred_positive.as_deref(), Some("yes"));
    }

    #[test]
    fn numeric_labels_default_to_one_and_compare_numerically() {
        let df = frame("y,p,g\n1,1.0,a\n0,0.0,b\n,1,a\n");
        let (input, used) = decode(&df, &spec("y", "p", "g")).unwrap();
        assert_eq!(input.y_true, vec![Some(true), Some(false), None]);
        assert_eq!(used.positive.as_deref(), Some("1"));
        let df = frame("y,p,g\n2,1,a\n3,0,b\n");
        assert!(
            decode(&df, &spec("y", "p", "g"))
                .unwrap_err()
                .to_string()
                .contains("not 0/1")
        );
    }

    #[test]
    fn a_positive_value_that_never_occurs_is_an_error() {
        let df = frame("y,p,g\nyes,yes,a\nno,no,b\n");
        let mut s = spec("y", "p", "g");
        s.positive = Some("Yes".into());
        let err = decode(&df, &s).unwrap_err().to_string();
        assert!(err.contains("\"Yes\" does not occur"), "{err}");
    }

    #[test]
    fn unknown_columns_are_named() {
        let df = frame("y,p,g\n1,1,a\n");
        let err = decode(&df, &spec("y", "p", "race"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"race\" is not in the data (columns: y, p, g)"),
            "{err}"
        );
    }

    #[test]
    fn missing_sensitive_values_keep_their_rows() {
        let df = frame("y,p,g\n1,1,a\n0,0,\n1,0,b\n");
        let (input, _) = decode(&df, &spec("y", "p", "g")).unwrap();
        assert_eq!(input.sensitive[0].levels, ["a", "b"]);
        assert_eq!(input.sensitive[0].codes, vec![Some(0), None, Some(1)]);
    }
}
