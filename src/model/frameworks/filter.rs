//! The filter of the framework checklist screen: a status (or all) and a text searched in everything shown
//! for an item (id, title, label, notes, owner, documents and the names of its linked risks, audits,
//! validation suites and drift results). The same for every framework.

use super::checklist::ItemRow;
use crate::model::checklist::{ChecklistStatus, audit_name, risk_name};
use crate::model::project::Project;

/// What the checklist screen shows.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ItemFilter {
    /// Only items with this status (`None`: all).
    pub status: Option<ChecklistStatus>,
    /// Only items whose text or links contain this (case-insensitive).
    pub text: String,
}

/// The display name of a linked validation suite: "suite-1 Loan checks", or the id alone when it is gone.
#[must_use]
pub fn validation_name(project: &Project, suite_id: &str) -> String {
    project
        .validation_suites
        .iter()
        .find(|s| s.suite_id == suite_id)
        .map_or_else(|| suite_id.to_owned(), |s| format!("{suite_id} {}", s.name))
}

/// The display name of a linked drift result: "drift-1 Production vs training", or the id alone.
#[must_use]
pub fn drift_name(project: &Project, drift_id: &str) -> String {
    project
        .drift
        .drifts
        .iter()
        .find(|d| d.drift_id == drift_id)
        .map_or_else(|| drift_id.to_owned(), |d| format!("{drift_id} {}", d.name))
}

impl ItemFilter {
    /// Whether the filter shows everything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.status.is_none() && self.text.trim().is_empty()
    }

    /// Whether `row` passes the filter in `project`.
    #[must_use]
    pub fn matches(&self, row: &ItemRow, project: &Project) -> bool {
        if self.status.is_some_and(|s| s != row.status) {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        let contains = |text: &str| text.to_lowercase().contains(&needle);
        let e = &row.evidence;
        contains(&row.id)
            || contains(&row.title)
            || contains(&row.label)
            || contains(&row.notes)
            || contains(&row.owner)
            || e.documents.iter().any(|d| contains(d))
            || e.audit_ids
                .iter()
                .any(|a| contains(audit_name(&project.audits, a)))
            || e.risks
                .iter()
                .any(|l| contains(&risk_name(&project.risks, &l.risk_id)))
            || e.validation_ids
                .iter()
                .any(|v| contains(&validation_name(project, v)))
            || e.drift_ids
                .iter()
                .any(|d| contains(&drift_name(project, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;
    use crate::model::audit::{AuditSpec, SavedAudit};
    use crate::model::drift::SavedDrift;
    use crate::model::frameworks::FrameworkId;
    use crate::model::frameworks::checklist::{rows, update};
    use crate::model::register::Risk;

    fn project() -> Project {
        let mut p = Project::blank("s", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.risks.push(Risk {
            title: "Unequal approval rates".to_owned(),
            rmf_subcategories: vec!["measure-2.11".to_owned(), "MAP 1.5".to_owned()],
            ..Risk::new("R-1")
        });
        p.audits.push(SavedAudit {
            audit_id: "audit-1".to_owned(),
            name: "Sex and age".to_owned(),
            dataset_id: "ds-1".to_owned(),
            spec: AuditSpec::default(),
        });
        p.drift.drifts.push(SavedDrift {
            drift_id: "drift-1".to_owned(),
            name: "Production vs training".to_owned(),
            ..SavedDrift::default()
        });
        p
    }

    fn shown(p: &Project, framework_id: FrameworkId, f: &ItemFilter) -> Vec<String> {
        rows(p, framework_id, IsoDate::from_ymd(2026, 9, 1).unwrap())
            .iter()
            .filter(|r| f.matches(r, p))
            .map(|r| r.id.clone())
            .collect()
    }

    fn text(t: &str) -> ItemFilter {
        ItemFilter {
            status: None,
            text: t.to_owned(),
        }
    }

    #[test]
    fn the_filter_matches_status_text_and_every_kind_of_link() {
        let mut p = project();
        update(&mut p, FrameworkId::NistAiRmf, "GOVERN 1.1", |e| {
            e.status = ChecklistStatus::Done;
            e.notes = "Legal register kept by Compliance".to_owned();
            e.audit_ids = vec!["audit-1".to_owned()];
        });
        update(&mut p, FrameworkId::Iso42001, "A.6.2.6", |e| {
            e.owner = "Head of MLOps".to_owned();
            e.drift_ids = vec!["drift-1".to_owned()];
        });
        let nist = FrameworkId::NistAiRmf;
        assert_eq!(shown(&p, nist, &ItemFilter::default()).len(), 72);
        let done = ItemFilter {
            status: Some(ChecklistStatus::Done),
            text: String::new(),
        };
        assert_eq!(shown(&p, nist, &done), ["GOVERN 1.1"]);
        let not_started = ItemFilter {
            status: Some(ChecklistStatus::NotStarted),
            text: String::new(),
        };
        assert_eq!(shown(&p, nist, &not_started).len(), 71);
        assert_eq!(shown(&p, nist, &text("COMPLIANCE")), ["GOVERN 1.1"]);
        assert_eq!(shown(&p, nist, &text("sex and")), ["GOVERN 1.1"]);
        assert_eq!(
            shown(&p, nist, &text("unequal approval")),
            ["MAP 1.5", "MEASURE 2.11"]
        );
        assert_eq!(
            shown(&p, nist, &text("fairness and bias")),
            ["MEASURE 2.11"]
        );
        let iso = FrameworkId::Iso42001;
        assert_eq!(shown(&p, iso, &text("production vs")), ["A.6.2.6"]);
        assert_eq!(shown(&p, iso, &text("mlops")), ["A.6.2.6"]);
        assert!(text(" ").is_empty());
        assert!(!done.is_empty());
    }

    #[test]
    fn names_of_missing_links_fall_back_to_the_id() {
        let p = project();
        assert_eq!(drift_name(&p, "drift-1"), "drift-1 Production vs training");
        assert_eq!(drift_name(&p, "drift-9"), "drift-9");
        assert_eq!(validation_name(&p, "suite-3"), "suite-3");
    }
}
