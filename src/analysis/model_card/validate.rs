//! Claims checked against the data before anything is measured: the metric is a contract name, the
//! dataset exists, the column is in the data and the group is one of its values. Used by
//! `riskbench modelcard` (a bad claim is exit 2) and by the claims editor.

use std::collections::BTreeMap;

use super::claims::{claim_datasets, parse_metric};
use crate::analysis::columns::ColumnSummary;
use crate::model::Project;
use crate::model::model_card::{Claim, ClaimScope};

/// What is wrong with `claim`, given the columns of the project's datasets (dataset id → columns; datasets
/// missing from the map are not checked). Empty when nothing is.
#[must_use]
pub fn claim_problems(
    project: &Project,
    claim: &Claim,
    columns: &BTreeMap<String, Vec<ColumnSummary>>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Err(e) = parse_metric(&claim.metric) {
        out.push(e);
    }
    if !claim.value.is_finite() {
        out.push(format!(
            "the claimed value must be a number, found {}",
            claim.value
        ));
    }
    if !claim.dataset_id.is_empty() && project.dataset(&claim.dataset_id).is_none() {
        out.push(format!(
            "the dataset {:?} is not in the project",
            claim.dataset_id
        ));
        return out;
    }
    let Some(column) = claim.scope.column() else {
        return out;
    };
    if column.is_empty() {
        out.push("choose a column".to_owned());
        return out;
    }
    for dataset_id in claim_datasets(project, claim) {
        let Some(summaries) = columns.get(&dataset_id) else {
            continue;
        };
        let name = project
            .dataset(&dataset_id)
            .map_or_else(|| dataset_id.clone(), |d| d.name.clone());
        let Some(summary) = summaries.iter().find(|c| c.name == column) else {
            let names: Vec<&str> = summaries.iter().map(|c| c.name.as_str()).collect();
            out.push(format!(
                "the column {column:?} is not in {name} (columns: {})",
                names.join(", ")
            ));
            continue;
        };
        if let ClaimScope::Group { value, .. } = &claim.scope {
            match &summary.values {
                Some(values) if !values.contains(value) => out.push(format!(
                    "the group {value:?} does not occur in column {column} of {name} (values: {})",
                    values.join(", ")
                )),
                None => out.push(format!(
                    "the column {column} of {name} has too many values to be a group column"
                )),
                Some(_) => {}
            }
        } else if summary.values.is_none() {
            out.push(format!(
                "the column {column} of {name} has too many values to be a group column"
            ));
        }
    }
    out
}

/// Every problem of every claim of the card, as `claim C-2: …`.
#[must_use]
pub fn card_problems(
    project: &Project,
    columns: &BTreeMap<String, Vec<ColumnSummary>>,
) -> Vec<String> {
    project
        .model_card
        .claims
        .iter()
        .flat_map(|c| {
            claim_problems(project, c, columns)
                .into_iter()
                .map(move |p| format!("claim {}: {p}", c.claim_id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model_card::Comparison;
    use crate::model::{DatasetRef, IsoDate};

    #[test]
    fn unknown_columns_groups_and_datasets_are_named() {
        let mut p = Project::blank("t", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.datasets.push(DatasetRef {
            dataset_id: "ds-1".into(),
            name: "test".into(),
            ..DatasetRef::default()
        });
        let columns = BTreeMap::from([(
            "ds-1".to_owned(),
            vec![
                ColumnSummary {
                    name: "sex".into(),
                    numeric: false,
                    values: Some(vec!["Female".into(), "Male".into()]),
                },
                ColumnSummary {
                    name: "age".into(),
                    numeric: true,
                    values: None,
                },
            ],
        )]);
        let claim = |scope: ClaimScope| Claim {
            claim_id: "C-1".into(),
            metric: "accuracy".into(),
            scope,
            comparison: Comparison::AtLeast,
            value: 0.8,
            dataset_id: "ds-1".into(),
            ..Claim::default()
        };
        let problems = |c: &Claim| claim_problems(&p, c, &columns);
        assert!(
            problems(&claim(ClaimScope::EveryGroup {
                column: "sex".into()
            }))
            .is_empty()
        );
        assert_eq!(
            problems(&claim(ClaimScope::EveryGroup {
                column: "gender".into()
            })),
            ["the column \"gender\" is not in test (columns: sex, age)"]
        );
        assert_eq!(
            problems(&claim(ClaimScope::Group {
                column: "sex".into(),
                value: "female".into()
            })),
            ["the group \"female\" does not occur in column sex of test (values: Female, Male)"]
        );
        assert_eq!(
            problems(&claim(ClaimScope::Difference {
                column: "age".into()
            })),
            ["the column age of test has too many values to be a group column"]
        );
        let mut elsewhere = claim(ClaimScope::Overall);
        elsewhere.dataset_id = "ds-9".into();
        elsewhere.metric = "recall".into();
        let found = problems(&elsewhere);
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("unknown metric \"recall\""));
        assert_eq!(found[1], "the dataset \"ds-9\" is not in the project");
    }
}
