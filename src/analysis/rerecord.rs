//! Recording a dataset's file again: where it is now, or its new content. Findings computed on other content
//! become stale (audits) or flagged for review (risks; see [`super::findings::new_review_flags`]); this
//! module updates the dataset's record and says what happened, in one sentence for the user.

use super::dataset::NewDatasetFile;
use crate::model::DatasetRef;

/// Records `file`, read at `stored_path` (as stored in the project: relative to the project folder where
/// possible), as the file of `dataset`. Returns the message for the user: whether the content is the one
/// recorded, and which columns with settings the file no longer has.
///
/// The column settings are kept (a column that comes back gets its settings back); only the path, format,
/// fingerprint and shape change.
#[must_use]
pub fn rerecord_dataset(
    dataset: &mut DatasetRef,
    stored_path: String,
    file: &NewDatasetFile,
) -> String {
    let info = &file.info;
    let same_content = info.fingerprint.sha256 == dataset.sha256;
    let gone: Vec<&str> = dataset
        .column_settings
        .iter()
        .map(|c| c.name.as_str())
        .filter(|name| !file.column_names.iter().any(|c| c == name))
        .collect();
    let sha_prefix = info.fingerprint.sha256.get(..12).unwrap_or_default();
    let mut message = if same_content {
        format!(
            "{}: {} has the recorded content (SHA-256 {sha_prefix}…); nothing is stale",
            dataset.name, stored_path,
        )
    } else {
        format!(
            "{}: recorded {} (SHA-256 {sha_prefix}…, {} rows × {} columns); audits computed on the old content \
             are stale and risks citing it are flagged for review",
            dataset.name, stored_path, info.shape.rows, info.shape.columns
        )
    };
    if !gone.is_empty() {
        message.push_str(". Columns with settings that the file no longer has: ");
        message.push_str(&gone.join(", "));
    }
    dataset.path = stored_path;
    dataset.format = info.format;
    dataset.sha256.clone_from(&info.fingerprint.sha256);
    dataset.bytes = info.fingerprint.bytes;
    dataset.rows = info.shape.rows;
    dataset.columns = info.shape.columns;
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dataset::{DatasetFileInfo, Fingerprint, Shape};
    use crate::model::DatasetFormat;
    use crate::model::data_columns::ColumnSetting;

    fn dataset() -> DatasetRef {
        DatasetRef {
            dataset_id: "ds-1".to_owned(),
            name: "Loans".to_owned(),
            path: "data/old.csv".to_owned(),
            sha256: "a".repeat(64),
            bytes: 10,
            rows: 2,
            columns: 2,
            column_settings: vec![
                ColumnSetting {
                    name: "age".to_owned(),
                    ..ColumnSetting::default()
                },
                ColumnSetting {
                    name: "sex".to_owned(),
                    ..ColumnSetting::default()
                },
            ],
            ..DatasetRef::default()
        }
    }

    fn file(sha256: &str, columns: &[&str]) -> NewDatasetFile {
        NewDatasetFile {
            info: DatasetFileInfo {
                format: DatasetFormat::Parquet,
                fingerprint: Fingerprint {
                    sha256: sha256.to_owned(),
                    bytes: 99,
                },
                shape: Shape {
                    rows: 7,
                    columns: 3,
                },
            },
            column_names: columns.iter().map(|c| (*c).to_owned()).collect(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn the_same_content_at_a_new_place_is_nothing_stale() {
        let mut d = dataset();
        let message = rerecord_dataset(
            &mut d,
            "new.csv".to_owned(),
            &file(&"a".repeat(64), &["age", "sex"]),
        );
        assert_eq!(
            message,
            "Loans: new.csv has the recorded content (SHA-256 aaaaaaaaaaaa…); nothing is stale"
        );
        assert_eq!(d.path, "new.csv");
        assert_eq!(d.bytes, 99);
    }

    #[test]
    fn new_content_is_recorded_and_lost_columns_are_named() {
        let mut d = dataset();
        let message = rerecord_dataset(
            &mut d,
            "new.pq".to_owned(),
            &file(&"b".repeat(64), &["age", "x"]),
        );
        assert_eq!(
            message,
            "Loans: recorded new.pq (SHA-256 bbbbbbbbbbbb…, 7 rows × 3 columns); audits computed on the old \
             content are stale and risks citing it are flagged for review. Columns with settings that the file \
             no longer has: sex"
        );
        assert_eq!(d.sha256, "b".repeat(64));
        assert_eq!(
            (d.rows, d.columns, d.format),
            (7, 3, DatasetFormat::Parquet)
        );
        assert_eq!(d.column_settings.len(), 2, "settings are kept");
    }
}
