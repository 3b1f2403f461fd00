//! Dataset files as evidence: SHA-256 fingerprints, shape, and whether a referenced file changed.

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::task::{Cancelled, TaskControl};
use crate::model::{DatasetFormat, DatasetRef};

/// Why a dataset file could not be fingerprinted or read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be opened or read.
    #[error("cannot read the dataset: {source}: {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file extension is not a supported format.
    #[error("unsupported dataset format (expected .csv or .parquet): {0}")]
    UnsupportedFormat(PathBuf),
    /// The data could not be parsed.
    #[error("cannot parse the dataset: {message}: {path}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's explanation.
        message: String,
    },
    /// The data is malformed at a known place (1-based line and column).
    #[error("line {line}, column {column}: {message}: {path}")]
    ParseAt {
        /// The file.
        path: PathBuf,
        /// Line of the problem.
        line: u64,
        /// Column of the problem.
        column: u64,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled(#[from] Cancelled),
}

/// The SHA-256 and size of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Hashes a file in chunks, reporting progress and honouring cancellation.
///
/// # Errors
/// [`DatasetError::Io`] when reading fails, [`DatasetError::Cancelled`] when cancelled.
pub fn fingerprint_file(path: &Path, control: &TaskControl) -> Result<Fingerprint, DatasetError> {
    let io = |source| DatasetError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let total = file.metadata().map_err(io)?.len();
    let mut hasher = Sha256::new();
    let mut buf = vec![0_u8; 1 << 20];
    let mut done: u64 = 0;
    loop {
        control.check()?;
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        done += n as u64;
        if total > 0 {
            #[expect(
                clippy::cast_precision_loss,
                reason = "a progress fraction needs no precision"
            )]
            control.set_progress(done as f32 / total as f32);
        }
    }
    let digest = hasher.finalize();
    let sha256 = digest.iter().fold(String::with_capacity(64), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    });
    Ok(Fingerprint {
        sha256,
        bytes: done,
    })
}

/// Rows and columns of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Data rows (header excluded).
    pub rows: u64,
    /// Columns.
    pub columns: u64,
}

/// Reads a CSV (with header) or Parquet file and returns its shape.
///
/// # Errors
/// [`DatasetError::Parse`] with the parser's message when the file is not valid data.
pub fn read_shape(path: &Path, format: DatasetFormat) -> Result<Shape, DatasetError> {
    read_shape_with_notes(path, format).map(|(shape, _)| shape)
}

/// [`read_shape`] with the notes of [`super::table::read_table_with_notes`].
///
/// # Errors
/// As [`read_shape`].
pub fn read_shape_with_notes(
    path: &Path,
    format: DatasetFormat,
) -> Result<(Shape, Vec<String>), DatasetError> {
    // The loader every screen uses (types from every row when the first ones do not fit; a Parquet footer
    // checked against the file, then every page read), so the counts are those of the table the user will
    // see: a footer's row count is never recorded without the data that holds the rows.
    let (df, notes) = match format {
        DatasetFormat::Csv | DatasetFormat::Parquet => {
            super::table::read_table_with_notes(path, &TaskControl::new())?
        }
    };
    let (rows, columns) = (df.height(), df.width());
    Ok((
        Shape {
            rows: rows as u64,
            columns: columns as u64,
        },
        notes,
    ))
}

/// Everything stored about a dataset file when it is added to a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetFileInfo {
    /// The file format.
    pub format: DatasetFormat,
    /// Fingerprint.
    pub fingerprint: Fingerprint,
    /// Shape.
    pub shape: Shape,
    /// Values read in an unexpected way, each with its line and column (see
    /// [`super::table::read_table_with_notes`]).
    pub notes: Vec<String>,
}

/// Fingerprints and measures a dataset file (progress: hashing is the first half, parsing the second).
///
/// # Errors
/// See [`DatasetError`].
pub fn inspect_file(path: &Path, control: &TaskControl) -> Result<DatasetFileInfo, DatasetError> {
    let format = DatasetFormat::from_path(path)
        .ok_or_else(|| DatasetError::UnsupportedFormat(path.to_owned()))?;
    let half = TaskControl::new();
    let fingerprint = {
        let result = fingerprint_file(path, &half);
        control.set_progress(0.5);
        result?
    };
    control.check()?;
    let (shape, notes) = read_shape_with_notes(path, format)?;
    control.set_progress(1.0);
    Ok(DatasetFileInfo {
        format,
        fingerprint,
        shape,
        notes,
    })
}

/// Whether a referenced dataset file is still the one the project's evidence was computed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetStatus {
    /// The file exists and its SHA-256 matches.
    Unchanged,
    /// The file is not at the stored path.
    Missing,
    /// The file exists but its content changed; results computed on the old fingerprint are stale.
    Changed {
        /// The fingerprint of the file now.
        now: Fingerprint,
    },
    /// The file exists but cannot be read.
    Unreadable(String),
}

/// Checks a dataset reference against the file on disk, resolving its path against `base_dir`.
///
/// # Errors
/// Only [`Cancelled`]; every other outcome is a [`DatasetStatus`].
pub fn check_dataset(
    dataset: &DatasetRef,
    base_dir: &Path,
    control: &TaskControl,
) -> Result<DatasetStatus, Cancelled> {
    let path = crate::model::file::resolve_path(&dataset.path, base_dir);
    if !path.is_file() {
        return Ok(DatasetStatus::Missing);
    }
    match fingerprint_file(&path, control) {
        Ok(fp) if fp.sha256 == dataset.sha256 => Ok(DatasetStatus::Unchanged),
        Ok(now) => Ok(DatasetStatus::Changed { now }),
        Err(DatasetError::Cancelled(c)) => Err(c),
        Err(e) => Ok(DatasetStatus::Unreadable(e.to_string())),
    }
}

/// A file read the way adding it to a project reads it: the CSV structure check (header, one field per
/// header column on every row, UTF-8), then the fingerprint and shape of [`inspect_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDatasetFile {
    /// Format, fingerprint and shape.
    pub info: DatasetFileInfo,
    /// The column names as read (a repeated CSV header name is read as `x.1`, as pandas does).
    pub column_names: Vec<String>,
    /// What the user should know about a file that is read anyway, each naming line and column (a repeated
    /// header name: [`super::table::header_notes`]).
    pub notes: Vec<String>,
}

/// Reads a file about to be added to a project (GUI: File › Add dataset…, drag and drop; CLI:
/// `riskbench dataset add`): a malformed CSV is refused with its line and column before the project changes.
///
/// # Errors
/// See [`DatasetError`]; a structural CSV problem is [`DatasetError::ParseAt`].
pub fn inspect_new_dataset(
    path: &Path,
    control: &TaskControl,
) -> Result<NewDatasetFile, DatasetError> {
    let format = DatasetFormat::from_path(path)
        .ok_or_else(|| DatasetError::UnsupportedFormat(path.to_owned()))?;
    let mut notes = Vec::new();
    let column_names = match format {
        DatasetFormat::Csv => {
            let (bytes, header) = super::table::read_checked_csv(path, &TaskControl::new())?;
            notes = super::table::header_notes(&bytes);
            header
        }
        DatasetFormat::Parquet => {
            use polars::prelude::{ParquetReader, SerReader as _};
            super::parquet_check::check_parquet(path).map_err(|message| DatasetError::Parse {
                path: path.to_owned(),
                message,
            })?;
            let file = File::open(path).map_err(|source| DatasetError::Io {
                path: path.to_owned(),
                source,
            })?;
            let schema = super::polars_guard::guarded(|| ParquetReader::new(file).schema())
                .map_err(|message| DatasetError::Parse {
                    path: path.to_owned(),
                    message,
                })?
                .map_err(|e| DatasetError::Parse {
                    path: path.to_owned(),
                    message: e.to_string(),
                })?;
            schema.iter_names().map(ToString::to_string).collect()
        }
    };
    control.check()?;
    let info = inspect_file(path, control)?;
    notes.extend(info.notes.iter().cloned());
    Ok(NewDatasetFile {
        info,
        column_names,
        notes,
    })
}

/// The dataset reference a newly added file gets: the next free id (`ds-N`), the file stem as its name, its
/// path relative to the project's folder (`base_dir`; absolute while the project has none), role Test, the
/// fingerprint and shape, and no column settings yet.
#[must_use]
pub fn new_dataset_ref(
    project: &crate::model::Project,
    path: &Path,
    base_dir: Option<&Path>,
    info: DatasetFileInfo,
) -> DatasetRef {
    let stored = match base_dir {
        Some(base) => crate::model::file::relative_path(path, base),
        None => path.to_string_lossy().replace('\\', "/"),
    };
    let name = path.file_stem().map_or_else(
        || "dataset".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    DatasetRef {
        dataset_id: project.next_dataset_id(),
        name,
        path: stored,
        role: crate::model::DatasetRole::Test,
        format: info.format,
        sha256: info.fingerprint.sha256,
        bytes: info.fingerprint.bytes,
        rows: info.shape.rows,
        columns: info.shape.columns,
        ..DatasetRef::default()
    }
}

/// The state of a dataset file as last checked: a check is running, or its result (the app shows it on the
/// Datasets screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileCheck {
    /// A check is running.
    Checking,
    /// The result.
    Done(DatasetStatus),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_matches_known_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, b"abc").unwrap();
        let fp = fingerprint_file(&path, &TaskControl::new()).unwrap();
        assert_eq!(
            fp.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(fp.bytes, 3);
    }

    #[test]
    fn a_column_whose_type_changes_late_is_measured() {
        // Whole numbers for 200 rows, then text: the first rows' types do not fit the whole file.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.csv");
        std::fs::write(&path, format!("id,val\n{}200,abc\n", "1,1\n".repeat(200))).unwrap();
        let info = inspect_new_dataset(&path, &TaskControl::new()).unwrap();
        assert_eq!((info.info.shape.rows, info.info.shape.columns), (201, 2));
    }

    #[test]
    fn cancelled_fingerprint_stops() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, b"abc").unwrap();
        let control = TaskControl::new();
        control.cancel();
        assert!(matches!(
            fingerprint_file(&path, &control),
            Err(DatasetError::Cancelled(_))
        ));
    }

    #[test]
    fn shape_of_a_csv() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "x,y,z\n1,2,3\n4,5,6\n").unwrap();
        let info = inspect_file(&path, &TaskControl::new()).unwrap();
        assert_eq!(
            info.shape,
            Shape {
                rows: 2,
                columns: 3
            }
        );
        assert_eq!(info.format, DatasetFormat::Csv);
    }

    #[test]
    fn status_detects_missing_and_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, "a\n1\n").unwrap();
        let fp = fingerprint_file(&path, &TaskControl::new()).unwrap();
        let mut dataset = DatasetRef {
            dataset_id: "ds-1".into(),
            name: "d".into(),
            path: "d.csv".into(),
            role: crate::model::DatasetRole::Test,
            format: DatasetFormat::Csv,
            sha256: fp.sha256,
            bytes: fp.bytes,
            rows: 1,
            columns: 1,
            ..DatasetRef::default()
        };
        let c = TaskControl::new();
        assert_eq!(
            check_dataset(&dataset, dir.path(), &c),
            Ok(DatasetStatus::Unchanged)
        );
        std::fs::write(&path, "a\n2\n").unwrap();
        assert!(matches!(
            check_dataset(&dataset, dir.path(), &c),
            Ok(DatasetStatus::Changed { .. })
        ));
        dataset.path = "gone.csv".into();
        assert_eq!(
            check_dataset(&dataset, dir.path(), &c),
            Ok(DatasetStatus::Missing)
        );
    }
}
