//! One checklist per framework, built like the NIST AI RMF one: per item a status, notes, an owner, linked
//! risks, audits, validation and drift results, and documents; coverage per section; the rows the CLI, the
//! report and the screen print; and the problems found.
//!
//! The NIST AI RMF checklist keeps its place in the project file ([`Project::nist_checklist`], so files
//! written before this module load unchanged, with nothing to convert); the other frameworks' checklists are
//! kept in [`FrameworkRecords::checklists`], keyed by framework key. [`checklist`] and [`update`] treat all
//! of them alike. For the EU AI Act only the obligations that apply to the system ([`super::eu_ai_act`]) count
//! towards coverage.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::crosswalk::{Related, derived, related};
use super::eu_ai_act::{EuAiActProfile, Fria, InForce, Obligation, applicability};
use super::tags::{risks_tagged, unknown_tags};
use super::{FrameworkId, ItemRef, framework};
use crate::model::IsoDate;
use crate::model::checklist::{
    Checklist, ChecklistEntry, ChecklistStatus, Coverage, EMPTY_CHECKLIST, LinkedRisk,
};
use crate::model::project::Project;

/// What the project records about frameworks beyond the NIST checklist (schema 4).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FrameworkRecords {
    /// Checklists of the frameworks other than NIST AI RMF, keyed by framework key ("eu-ai-act"). A key the
    /// build does not know is kept and reported.
    pub checklists: BTreeMap<String, Checklist>,
    /// The organisation's role and the rest of what the EU AI Act rule needs.
    pub eu_ai_act: EuAiActProfile,
    /// The Article 27 fundamental rights impact assessment.
    pub fria: Fria,
}

impl FrameworkRecords {
    /// Whether nothing is recorded (such records are not written to the project file).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The checklist of `framework_id` in `project` (empty when nothing was recorded).
#[must_use]
pub fn checklist(project: &Project, framework_id: FrameworkId) -> &Checklist {
    if framework_id == FrameworkId::NistAiRmf {
        return &project.nist_checklist;
    }
    project
        .frameworks
        .checklists
        .get(framework_id.key())
        .unwrap_or(&EMPTY_CHECKLIST)
}

/// Changes the entry of `item_id` in the checklist of `framework_id` (created when missing, dropped again
/// when it ends up empty, and the checklist with it).
pub fn update<R>(
    project: &mut Project,
    framework_id: FrameworkId,
    item_id: &str,
    change: impl FnOnce(&mut ChecklistEntry) -> R,
) -> R {
    if framework_id == FrameworkId::NistAiRmf {
        return project.nist_checklist.update(item_id, change);
    }
    let key = framework_id.key();
    let list = project
        .frameworks
        .checklists
        .entry(key.to_owned())
        .or_default();
    let result = list.update(item_id, change);
    if list.entries.is_empty() {
        project.frameworks.checklists.remove(key);
    }
    result
}

/// The risks linked to an item: those linked in the checklist, then those tagged with it (each once).
#[must_use]
pub fn linked_risks(project: &Project, item: &ItemRef) -> Vec<LinkedRisk> {
    if item.framework_id == FrameworkId::NistAiRmf {
        return crate::model::checklist::linked_risks(project, &item.item_id);
    }
    crate::model::checklist::merge_links(
        checklist(project, item.framework_id).entry(&item.item_id),
        risks_tagged(project, item),
    )
}

/// One checklist item with what the project records for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemRow {
    /// The item's id ("Art. 15").
    pub id: String,
    /// The section it belongs to.
    pub section: String,
    /// Its title where it is an identifier (EU article title, SAIF name, Microsoft goal title).
    pub title: String,
    /// Our short label (NIST: the outcome statement).
    pub label: String,
    /// False when the data marks the item as not verified.
    pub verified: bool,
    /// The data file's note on the item (why it is unverified, or when it applies).
    pub note: String,
    /// Status.
    pub status: ChecklistStatus,
    /// Who is responsible.
    pub owner: String,
    /// Notes.
    pub notes: String,
    /// Evidence: risks, audits, validation and drift results, documents.
    pub evidence: Evidence,
    /// Related items of the other frameworks (crosswalk).
    pub related: Vec<Related>,
    /// Items related through a NIST subcategory only ([`super::crosswalk::derived`]); left out of the JSON
    /// when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_derived: Vec<Related>,
    /// EU AI Act only: whether the obligation applies, why, from when and whether it is in force.
    pub obligation: Option<Obligation>,
}

/// The evidence linked to an item.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Evidence {
    /// Linked risks (hand-linked first, then tagged ones).
    pub risks: Vec<LinkedRisk>,
    /// Linked fairness audits.
    pub audit_ids: Vec<String>,
    /// Linked validation results.
    pub validation_ids: Vec<String>,
    /// Linked drift results.
    pub drift_ids: Vec<String>,
    /// Document references.
    pub documents: Vec<String>,
}

impl Evidence {
    /// Whether nothing is linked.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.risks.is_empty()
            && self.audit_ids.is_empty()
            && self.validation_ids.is_empty()
            && self.drift_ids.is_empty()
            && self.documents.is_empty()
    }
}

/// The EU AI Act obligations for `project` on `date` (see [`super::eu_ai_act::applicability`]).
#[must_use]
pub fn eu_obligations(project: &Project, date: IsoDate) -> Vec<Obligation> {
    applicability(
        project.context.eu_ai_act.as_ref(),
        &project.frameworks.eu_ai_act,
        date,
    )
}

/// Every checklist item of `framework_id`, in order, with the project's entry, evidence and related items;
/// `date` decides whether EU AI Act obligations are in force. Empty for a framework without a checklist.
#[must_use]
pub fn rows(project: &Project, framework_id: FrameworkId, date: IsoDate) -> Vec<ItemRow> {
    let Ok(f) = framework(framework_id) else {
        return Vec::new();
    };
    let obligations = if framework_id == FrameworkId::EuAiAct {
        eu_obligations(project, date)
    } else {
        Vec::new()
    };
    let list = checklist(project, framework_id);
    f.sections
        .iter()
        .filter(|s| s.checklist)
        .flat_map(|s| s.items.iter().map(move |i| (s, i)))
        .map(|(section, item)| {
            let entry = list.entry(&item.item_id).cloned().unwrap_or_default();
            let reference = ItemRef::new(framework_id, &item.item_id);
            ItemRow {
                id: item.item_id.clone(),
                section: section.section_id.clone(),
                title: item.title.clone(),
                label: item.label.clone(),
                verified: item.verified,
                note: item.note.clone(),
                status: entry.status,
                owner: entry.owner,
                notes: entry.notes,
                evidence: Evidence {
                    risks: linked_risks(project, &reference),
                    audit_ids: entry.audit_ids,
                    validation_ids: entry.validation_ids,
                    drift_ids: entry.drift_ids,
                    documents: entry.documents,
                },
                related: related(&reference),
                related_derived: derived(&reference),
                obligation: obligations
                    .iter()
                    .find(|o| o.item_id == item.item_id)
                    .cloned(),
            }
        })
        .collect()
}

/// Whether a row counts towards coverage: every item, except EU AI Act obligations that do not apply.
#[must_use]
pub fn counts(row: &ItemRow) -> bool {
    row.obligation.as_ref().is_none_or(|o| o.applies)
}

/// Coverage of each checklist section, in order (EU AI Act: applicable obligations only).
#[must_use]
pub fn coverage_by_section(rows: &[ItemRow]) -> Vec<(String, Coverage)> {
    let mut out: Vec<(String, Coverage)> = Vec::new();
    for row in rows {
        let index = match out.iter().position(|(s, _)| *s == row.section) {
            Some(i) => i,
            None => {
                out.push((row.section.clone(), Coverage::default()));
                out.len() - 1
            }
        };
        if counts(row) {
            out[index].1.add(row.status);
        }
    }
    out
}

/// Coverage over the whole checklist (EU AI Act: applicable obligations only).
#[must_use]
pub fn overall_coverage(rows: &[ItemRow]) -> Coverage {
    let mut coverage = Coverage::default();
    for row in rows.iter().filter(|r| counts(r)) {
        coverage.add(row.status);
    }
    coverage
}

/// Something in the framework records that points at nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FrameworkProblem {
    /// The framework key as stored.
    pub framework: String,
    /// The item id as stored.
    pub item_id: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl std::fmt::Display for FrameworkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.framework, self.item_id, self.message)
    }
}

/// Links that point at nothing, for the frameworks other than NIST AI RMF (whose problems
/// [`crate::model::checklist::problems`] lists): checklists of unknown frameworks, entries for items a
/// framework does not have, linked risks and audits missing from the project, and risk tags naming unknown
/// frameworks or items (ISO/IEC and the other frameworks; NIST subcategory tags are the NIST list's). Each is
/// reported by id, and nothing is dropped.
#[must_use]
pub fn problems(project: &Project) -> Vec<FrameworkProblem> {
    let mut out = Vec::new();
    let risk_exists = |id: &str| project.risks.iter().any(|r| r.risk_id == id);
    let audit_exists = |id: &str| project.audits.iter().any(|a| a.audit_id == id);
    let suite_exists = |id: &str| project.validation_suites.iter().any(|s| s.suite_id == id);
    let drift_exists = |id: &str| project.drift.drifts.iter().any(|d| d.drift_id == id);
    for (key, list) in &project.frameworks.checklists {
        let known = FrameworkId::from_key(key)
            .filter(|f| f.has_checklist() && *f != FrameworkId::NistAiRmf)
            .and_then(|f| framework(f).ok());
        for (item_id, entry) in &list.entries {
            let mut push = |message: String| {
                out.push(FrameworkProblem {
                    framework: key.clone(),
                    item_id: item_id.clone(),
                    message,
                });
            };
            match known {
                None => push(format!(
                    "no framework \"{key}\" in this version of Riskbench"
                )),
                Some(f) if f.checklist_items().all(|i| i.item_id != *item_id) => push(format!(
                    "no such item in the shipped {} data",
                    f.framework_id.name()
                )),
                Some(_) => {}
            }
            for risk_id in entry.risk_ids.iter().filter(|r| !risk_exists(r)) {
                push(format!("linked risk {risk_id} is not in the register"));
            }
            for audit_id in entry.audit_ids.iter().filter(|a| !audit_exists(a)) {
                push(format!("linked audit {audit_id} is not in the project"));
            }
            for suite_id in entry.validation_ids.iter().filter(|s| !suite_exists(s)) {
                push(format!(
                    "linked validation suite {suite_id} is not in the project"
                ));
            }
            for drift_id in entry.drift_ids.iter().filter(|d| !drift_exists(d)) {
                push(format!(
                    "linked drift result {drift_id} is not in the project"
                ));
            }
        }
    }
    for tag in unknown_tags(project) {
        if tag.framework == FrameworkId::NistAiRmf.key() {
            continue;
        }
        out.push(FrameworkProblem {
            framework: tag.framework.clone(),
            item_id: tag.item_id.clone(),
            message: tag.to_string(),
        });
    }
    out
}

/// The regulatory position for the executive summary, e.g. "EU AI Act high-risk, provider: 11 of 13
/// applicable obligations evidenced; open: Art. 15 (Accuracy, robustness and cybersecurity), Art. 72 (…)"
/// (open articles by id alone when more than three are open). Evidenced means done. `None` when the EU AI
/// Act classification is not decided.
#[must_use]
pub fn regulatory_position(project: &Project, date: IsoDate) -> Option<String> {
    let classification = project.context.eu_ai_act.as_ref()?;
    let rows = rows(project, FrameworkId::EuAiAct, date);
    let applicable: Vec<&ItemRow> = rows.iter().filter(|r| counts(r)).collect();
    let evidenced = applicable
        .iter()
        .filter(|r| r.status == ChecklistStatus::Done)
        .count();
    let open_rows: Vec<&&ItemRow> = applicable
        .iter()
        .filter(|r| !r.status.is_covered())
        .collect();
    // Name the open articles with their titles when there are few, by id alone otherwise.
    let open: Vec<String> = open_rows
        .iter()
        .map(|r| {
            if open_rows.len() <= 3 {
                format!("{} ({})", r.id, r.title)
            } else {
                r.id.clone()
            }
        })
        .collect();
    let tier = match classification.tier {
        crate::model::taxonomy::AiActTier::Prohibited => "prohibited practice",
        crate::model::taxonomy::AiActTier::HighRisk => "high-risk",
        crate::model::taxonomy::AiActTier::Limited => "limited risk",
        crate::model::taxonomy::AiActTier::Minimal => "minimal risk",
    };
    let role = project
        .frameworks
        .eu_ai_act
        .role
        .map_or("role not recorded", |r| r.label());
    let mut text = format!(
        "EU AI Act {tier}, {}: {evidenced} of {} applicable obligations evidenced",
        role.to_lowercase(),
        applicable.len()
    );
    if !open.is_empty() {
        text.push_str("; open: ");
        text.push_str(&open.join(", "));
    }
    let postponed = applicable
        .iter()
        .filter(|r| {
            r.obligation
                .as_ref()
                .and_then(|o| o.in_force)
                .is_some_and(|f| f == InForce::No)
        })
        .count();
    if postponed > 0 {
        let _ = write!(text, "; {postponed} of them not yet in force on {date}");
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::ChecklistStatus;
    use crate::model::register::Risk;

    fn project() -> Project {
        let mut p = Project::blank("s", IsoDate::from_ymd(2026, 9, 1).unwrap());
        p.risks.push(Risk::new("R-1"));
        p
    }

    #[test]
    fn entries_of_other_frameworks_live_in_the_records_and_vanish_when_empty() {
        let mut p = project();
        update(&mut p, FrameworkId::Saif, "DP", |e| {
            e.status = ChecklistStatus::Done;
        });
        assert_eq!(
            checklist(&p, FrameworkId::Saif).status("DP"),
            ChecklistStatus::Done
        );
        update(&mut p, FrameworkId::Saif, "DP", |e| {
            e.status = ChecklistStatus::NotStarted;
        });
        assert!(p.frameworks.checklists.is_empty());
        update(&mut p, FrameworkId::NistAiRmf, "GOVERN 1.1", |e| {
            e.owner = "CRO".to_owned();
        });
        assert_eq!(p.nist_checklist.entries.len(), 1, "NIST stays where it was");
    }

    #[test]
    fn unknown_items_and_frameworks_are_reported_by_id() {
        let mut p = project();
        update(&mut p, FrameworkId::Iso42001, "A.99.1", |e| {
            e.notes = "after a data update".to_owned();
        });
        p.frameworks
            .checklists
            .entry("cobit".to_owned())
            .or_default()
            .update("EDM01", |e| e.notes = "x".to_owned());
        p.risks[0]
            .taxonomy
            .framework_refs
            .push(super::super::tags::FrameworkTag {
                framework: "saif".to_owned(),
                item_id: "XYZ".to_owned(),
            });
        let found: Vec<String> = problems(&p).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "cobit EDM01: no framework \"cobit\" in this version of Riskbench",
                "iso-42001 A.99.1: no such item in the shipped ISO/IEC 42001:2023 data",
                "saif XYZ: risk R-1 is tagged with Google SAIF XYZ, which the shipped Google SAIF data does not have",
            ]
        );
        assert!(
            p.frameworks.checklists.contains_key("cobit"),
            "kept, not dropped"
        );
    }

    #[test]
    fn linked_validation_suites_and_drift_results_that_are_gone_are_reported() {
        let mut p = project();
        p.drift.drifts.push(crate::model::drift::SavedDrift {
            drift_id: "drift-1".to_owned(),
            ..crate::model::drift::SavedDrift::default()
        });
        update(&mut p, FrameworkId::Iso42001, "A.6.2.6", |e| {
            e.drift_ids = vec!["drift-1".to_owned(), "drift-2".to_owned()];
            e.validation_ids = vec!["suite-9".to_owned()];
        });
        let found: Vec<String> = problems(&p).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "iso-42001 A.6.2.6: linked validation suite suite-9 is not in the project",
                "iso-42001 A.6.2.6: linked drift result drift-2 is not in the project",
            ]
        );
        let rows = rows(
            &p,
            FrameworkId::Iso42001,
            IsoDate::from_ymd(2026, 9, 1).unwrap(),
        );
        let row = rows.iter().find(|r| r.id == "A.6.2.6").unwrap();
        assert_eq!(
            row.evidence.drift_ids,
            ["drift-1", "drift-2"],
            "kept, not dropped"
        );
        assert!(
            !row.related_derived.is_empty(),
            "an ISO control relates to EU articles and 23894 clauses through NIST"
        );
    }
}
