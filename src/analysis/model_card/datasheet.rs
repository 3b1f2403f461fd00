//! Datasheet text pre-filled from a dataset's profile: what the data itself can tell about its composition
//! (rows, columns, missingness, how the sensitive groups are represented and their label base rates), its
//! collection period (the range of its date columns) and its cleaning (duplicates, placeholder values). The
//! other sections (motivation, uses, distribution, maintenance) need the data owner: they stay prompts.

use std::fmt::Write as _;

use crate::analysis::profile::Profile;
use crate::model::DatasetRef;
use crate::model::data_columns::ColumnKind;
use crate::model::model_card::{Datasheet, DatasheetSection};

#[expect(clippy::cast_precision_loss, reason = "shares of counts")]
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    format!("{:.1} %", part as f64 / whole as f64 * 100.0)
}

/// The composition section: size, missingness, representation of the sensitive groups.
#[must_use]
pub fn composition(dataset: &DatasetRef, profile: &Profile) -> String {
    let o = &profile.overview;
    let mut text = format!(
        "{} rows × {} columns ({}, SHA-256 {}). ",
        o.rows,
        o.columns,
        dataset.path,
        dataset.sha256.get(..12).unwrap_or(&dataset.sha256)
    );
    if o.missing_cells == 0 {
        text.push_str("No cell is missing.");
    } else {
        let cells = o.rows.saturating_mul(o.columns);
        let _ = write!(
            text,
            "{} cells are missing ({}):",
            o.missing_cells,
            percent(o.missing_cells, cells)
        );
        let missing: Vec<String> = profile
            .variables
            .iter()
            .filter(|v| v.missing > 0)
            .map(|v| format!(" {} {} ({})", v.name, v.missing, percent(v.missing, o.rows)))
            .collect();
        text.push_str(&missing.join(";"));
        text.push('.');
    }
    for s in &profile.fairness.sensitive {
        let groups: Vec<String> = s
            .groups
            .iter()
            .map(|g| {
                let base = g
                    .base_rate
                    .map(|b| format!(", base rate {b:.3}"))
                    .unwrap_or_default();
                format!("{} {} ({:.1} %{base})", g.group, g.count, g.share * 100.0)
            })
            .collect();
        let _ = write!(
            text,
            " Sensitive column {}: {}.",
            s.column,
            groups.join("; ")
        );
        if s.missing > 0 {
            let _ = write!(text, " {} rows have no {}.", s.missing, s.column);
        }
    }
    text
}

/// The collection section: the range of every date column, or a note that the data has none.
#[must_use]
pub fn collection(profile: &Profile) -> String {
    let ranges: Vec<String> = profile
        .variables
        .iter()
        .filter(|v| v.kind == ColumnKind::DateTime)
        .filter_map(|v| {
            let (first, last) = v.text_range.as_ref()?;
            Some(format!("{} from {first} to {last}", v.name))
        })
        .collect();
    if ranges.is_empty() {
        "The data has no date column, so the collection period cannot be read from it: ask the data owner \
         when and how it was collected."
            .to_owned()
    } else {
        format!("Dates in the data: {}.", ranges.join("; "))
    }
}

/// The preprocessing section: duplicates and placeholder values seen in the data.
#[must_use]
pub fn preprocessing(profile: &Profile) -> String {
    let mut text = String::new();
    let o = &profile.overview;
    if o.duplicate_rows > 0 {
        let _ = write!(
            text,
            "{} rows ({}) repeat an earlier row. ",
            o.duplicate_rows,
            percent(o.duplicate_rows, o.rows)
        );
    } else {
        text.push_str("No row repeats another. ");
    }
    let placeholders: Vec<String> = profile
        .variables
        .iter()
        .filter(|v| !v.placeholders.is_empty())
        .map(|v| {
            let values: Vec<String> = v
                .placeholders
                .iter()
                .map(|p| format!("{} × {}", p.value, p.count))
                .collect();
            format!("{} ({})", v.name, values.join(", "))
        })
        .collect();
    if !placeholders.is_empty() {
        let _ = write!(
            text,
            "Values that look like placeholders for missing data: {}.",
            placeholders.join("; ")
        );
    }
    text.trim_end().to_owned()
}

/// A datasheet with what the profile knows; sections it cannot know are empty.
#[must_use]
pub fn prefill(dataset: &DatasetRef, profile: &Profile) -> Datasheet {
    let mut sheet = Datasheet::new(&dataset.dataset_id);
    sheet.composition = composition(dataset, profile);
    sheet.collection_process = collection(profile);
    sheet.preprocessing = preprocessing(profile);
    sheet
}

/// Fills the empty sections of `sheet` from `prefilled`, never overwriting what was written; returns the
/// sections filled.
pub fn fill_empty(sheet: &mut Datasheet, prefilled: &Datasheet) -> Vec<DatasheetSection> {
    let mut filled = Vec::new();
    for s in DatasheetSection::ALL {
        let new = prefilled.section(s);
        if sheet.section(s).trim().is_empty() && !new.is_empty() {
            new.clone_into(sheet.section_mut(s));
            filled.push(s);
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::profile::{ProfileOptions, profile_file};
    use crate::analysis::task::TaskControl;

    fn profile_of(csv: &str, sensitive: &[&str]) -> Profile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, csv).unwrap();
        let options = ProfileOptions {
            sensitive: sensitive.iter().map(|s| (*s).to_owned()).collect(),
            label: Some("y".into()),
            ..ProfileOptions::default()
        };
        profile_file(&path, &options, &TaskControl::new()).unwrap()
    }

    #[test]
    fn composition_counts_missing_cells_and_groups() {
        let profile = profile_of(
            "y,sex,when\n1,F,2024-01-03\n0,M,2024-02-10\n1,M,\n0,,2023-12-31\n",
            &["sex"],
        );
        let dataset = DatasetRef {
            dataset_id: "ds-1".into(),
            path: "data/d.csv".into(),
            sha256: "ab".repeat(32),
            ..DatasetRef::default()
        };
        let text = composition(&dataset, &profile);
        assert!(
            text.starts_with("4 rows × 3 columns (data/d.csv, SHA-256 abababababab). 2 cells are missing (16.7 %): sex 1 (25.0 %); when 1 (25.0 %)."),
            "{text}"
        );
        assert!(text.contains("Sensitive column sex: "), "{text}");
        assert!(text.contains("1 rows have no sex."), "{text}");
        assert_eq!(
            collection(&profile),
            "Dates in the data: when from 2023-12-31 to 2024-02-10."
        );
        let sheet = prefill(&dataset, &profile);
        let mut mine = Datasheet::new("ds-1");
        mine.composition = "mine".into();
        let filled = fill_empty(&mut mine, &sheet);
        assert_eq!(
            filled,
            [
                DatasheetSection::CollectionProcess,
                DatasheetSection::Preprocessing
            ]
        );
        assert_eq!(mine.composition, "mine");
        assert_eq!(mine.preprocessing, "No row repeats another.");
    }

    #[test]
    fn no_dates_says_so() {
        let profile = profile_of("y,g\n1,a\n0,b\n", &[]);
        assert!(collection(&profile).starts_with("The data has no date column"));
    }
}
