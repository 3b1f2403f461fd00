//! The rules of an audit's specification: what is missing before it can run, and the specification a new
//! audit starts from, taken from the column roles chosen for its dataset.

use crate::model::DatasetRef;
use crate::model::audit::AuditSpec;
use crate::model::data_columns::ColumnRole;

/// What is missing before an audit can run, in plain words (empty when it can run).
///
/// ```
/// use riskbench::model::audit::AuditSpec;
/// use riskbench::analysis::audit_spec::spec_problems;
/// let spec = AuditSpec { label: "y".into(), prediction: Some("p".into()), sensitive: vec!["sex".into()],
///     ..AuditSpec::default() };
/// assert!(spec_problems(&spec).is_empty());
/// assert_eq!(spec_problems(&AuditSpec::default()).len(), 3);
/// ```
#[must_use]
pub fn spec_problems(spec: &AuditSpec) -> Vec<String> {
    let mut problems = Vec::new();
    if spec.label.trim().is_empty() {
        problems.push("choose the label column".to_owned());
    }
    match (&spec.prediction, &spec.score, spec.threshold) {
        (Some(p), None, None) if !p.trim().is_empty() => {}
        (None, Some(s), Some(t)) if !s.trim().is_empty() && t.is_finite() => {}
        (None, None, Some(_)) => problems.push("choose the score column".to_owned()),
        (None, Some(_), None) => problems.push("give the decision threshold".to_owned()),
        _ => problems.push("choose the prediction column, or a score and a threshold".to_owned()),
    }
    if spec.sensitive.is_empty() {
        problems.push("choose at least one sensitive column".to_owned());
    }
    problems
}

/// A new audit's columns and choices from the dataset's roles: the first label, prediction, score and weight
/// column, every sensitive column, and the dataset's positive label value.
///
/// ```
/// use riskbench::model::DatasetRef;
/// use riskbench::model::data_columns::{ColumnRole, ColumnSetting};
/// use riskbench::analysis::audit_spec::audit_spec_from_roles;
/// let role = |name: &str, role| ColumnSetting { name: name.into(), role, ..ColumnSetting::default() };
/// let dataset = DatasetRef {
///     column_settings: vec![role("y", ColumnRole::Label), role("sex", ColumnRole::Sensitive)],
///     ..DatasetRef::default()
/// };
/// let spec = audit_spec_from_roles(&dataset);
/// assert_eq!(spec.label, "y");
/// assert_eq!(spec.sensitive, ["sex"]);
/// assert_eq!(spec.prediction, None);
/// ```
#[must_use]
pub fn audit_spec_from_roles(dataset: &DatasetRef) -> AuditSpec {
    let first = |role: ColumnRole| {
        dataset
            .column_settings
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.name.clone())
    };
    AuditSpec {
        label: first(ColumnRole::Label).unwrap_or_default(),
        prediction: first(ColumnRole::Prediction),
        score: first(ColumnRole::Score),
        weight: first(ColumnRole::Weight),
        positive: dataset.label_positive.clone(),
        sensitive: dataset
            .column_settings
            .iter()
            .filter(|c| c.role == ColumnRole::Sensitive)
            .map(|c| c.name.clone())
            .collect(),
        ..AuditSpec::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_columns::ColumnSetting;

    #[test]
    fn problems_name_what_is_missing() {
        let mut spec = AuditSpec {
            label: "y".into(),
            score: Some("s".into()),
            sensitive: vec!["g".into()],
            ..AuditSpec::default()
        };
        assert_eq!(spec_problems(&spec), ["give the decision threshold"]);
        spec.threshold = Some(0.5);
        assert!(spec_problems(&spec).is_empty());
        spec.prediction = Some("p".into());
        assert_eq!(
            spec_problems(&spec).len(),
            1,
            "both a prediction and a score"
        );
    }

    #[test]
    fn roles_fill_a_new_audit() {
        let role = |name: &str, role| ColumnSetting {
            name: name.into(),
            role,
            ..ColumnSetting::default()
        };
        let dataset = DatasetRef {
            column_settings: vec![
                role("y", ColumnRole::Label),
                role("p", ColumnRole::Prediction),
                role("s", ColumnRole::Score),
                role("sex", ColumnRole::Sensitive),
                role("age", ColumnRole::Sensitive),
                role("w", ColumnRole::Weight),
                role("id", ColumnRole::Ignored),
            ],
            label_positive: Some("good".into()),
            ..DatasetRef::default()
        };
        let spec = audit_spec_from_roles(&dataset);
        assert_eq!(spec.label, "y");
        assert_eq!(spec.prediction.as_deref(), Some("p"));
        assert_eq!(spec.score.as_deref(), Some("s"));
        assert_eq!(spec.weight.as_deref(), Some("w"));
        assert_eq!(spec.sensitive, ["sex", "age"]);
        assert_eq!(spec.positive.as_deref(), Some("good"));
        assert_eq!(
            audit_spec_from_roles(&DatasetRef::default()),
            AuditSpec::default()
        );
    }
}
