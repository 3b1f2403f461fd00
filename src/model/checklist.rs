//! The NIST AI RMF checklist of a project (schema 3): for each of the 72 subcategories of the AI RMF core a
//! status, notes, linked risks and audits, and document references.
//!
//! Only subcategories the user touched are stored ([`NistChecklist::entries`], keyed by subcategory id such as
//! "MEASURE 2.11"); every other subcategory is "Not started". Risks already name RMF subcategories
//! ([`Risk::rmf_subcategories`]); those links are derived here ([`linked_risks`]), never copied into the
//! checklist, so the register stays the one place they are edited.
//!
//! Everything here is pure: coverage per function and per category ([`coverage_by_function`],
//! [`coverage_by_category`]), the links that point at nothing ([`problems`]), the rows the CLI and the report
//! print ([`rows`]). The screen's filter is [`crate::model::frameworks::filter::ItemFilter`], the same for
//! every framework.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::audit::SavedAudit;
use super::project::Project;
use super::register::Risk;
use super::taxonomy::RmfCore;

/// How far a subcategory's outcome is achieved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ChecklistStatus {
    /// Nothing done yet (the default).
    #[default]
    NotStarted,
    /// Work under way.
    InProgress,
    /// The outcome is achieved and documented.
    Done,
    /// The outcome does not apply to this system (say why in the notes).
    NotApplicable,
}

impl ChecklistStatus {
    /// Every status, in display order.
    pub const ALL: [Self; 4] = [
        Self::NotStarted,
        Self::InProgress,
        Self::Done,
        Self::NotApplicable,
    ];

    /// Label for pickers, tables and the report.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started",
            Self::InProgress => "In progress",
            Self::Done => "Done",
            Self::NotApplicable => "Not applicable",
        }
    }

    /// Whether the status counts as covered (done, or not applicable).
    #[must_use]
    pub fn is_covered(self) -> bool {
        matches!(self, Self::Done | Self::NotApplicable)
    }
}

impl fmt::Display for ChecklistStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the project records for one subcategory.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecklistEntry {
    /// How far the outcome is achieved.
    pub status: ChecklistStatus,
    /// Notes: how the outcome is met, or why it does not apply.
    pub notes: String,
    /// Risks linked by hand ([`Risk::risk_id`]); risks that name the subcategory themselves are linked
    /// automatically and are not listed here.
    pub risk_ids: Vec<String>,
    /// Linked fairness audits ([`SavedAudit::audit_id`]).
    pub audit_ids: Vec<String>,
    /// Free references to documents (a policy, minutes, a ticket, a URL).
    pub documents: Vec<String>,
    /// Who is responsible for the item (a person or role). Not written when empty, so schema 3 files
    /// re-save unchanged.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Linked validation results (ids of the validation feature's saved results); not written when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub validation_ids: Vec<String>,
    /// Linked drift results (ids of the drift feature's saved results); not written when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drift_ids: Vec<String>,
}

impl ChecklistEntry {
    /// Whether the entry holds nothing (such entries are not stored).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A checklist: an entry per item the user touched. The NIST AI RMF checklist is one
/// ([`Project::nist_checklist`]); the other frameworks' are kept in
/// [`crate::model::frameworks::FrameworkRecords`].
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklist {
    /// Entries keyed by item id ("GOVERN 1.1", "Art. 15", "A.6.2.4").
    pub entries: BTreeMap<String, ChecklistEntry>,
}

/// The NIST AI RMF checklist: a [`Checklist`] keyed by subcategory id.
pub type NistChecklist = Checklist;

/// A checklist with nothing recorded.
pub static EMPTY_CHECKLIST: Checklist = Checklist {
    entries: BTreeMap::new(),
};

impl Checklist {
    /// The entry of a subcategory, if anything was recorded.
    #[must_use]
    pub fn entry(&self, subcategory_id: &str) -> Option<&ChecklistEntry> {
        self.entries.get(subcategory_id)
    }

    /// The status of a subcategory (Not started when nothing was recorded).
    #[must_use]
    pub fn status(&self, subcategory_id: &str) -> ChecklistStatus {
        self.entry(subcategory_id)
            .map_or(ChecklistStatus::NotStarted, |e| e.status)
    }

    /// Changes the entry of a subcategory (created when missing, dropped again when it ends up empty).
    pub fn update<R>(
        &mut self,
        subcategory_id: &str,
        change: impl FnOnce(&mut ChecklistEntry) -> R,
    ) -> R {
        let entry = self.entries.entry(subcategory_id.to_owned()).or_default();
        let result = change(entry);
        if entry.is_empty() {
            self.entries.remove(subcategory_id);
        }
        result
    }
}

/// Counts of statuses over a set of subcategories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Coverage {
    /// Subcategories counted.
    pub total: usize,
    /// Done.
    pub done: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// In progress.
    pub in_progress: usize,
    /// Not started.
    pub not_started: usize,
}

impl Coverage {
    /// Counts one subcategory with `status`.
    pub fn add(&mut self, status: ChecklistStatus) {
        self.total += 1;
        match status {
            ChecklistStatus::NotStarted => self.not_started += 1,
            ChecklistStatus::InProgress => self.in_progress += 1,
            ChecklistStatus::Done => self.done += 1,
            ChecklistStatus::NotApplicable => self.not_applicable += 1,
        }
    }

    /// Done plus not applicable.
    #[must_use]
    pub fn covered(&self) -> usize {
        self.done + self.not_applicable
    }

    /// Covered over total, from 0 to 1 (0 when there is nothing to cover).
    ///
    /// ```
    /// use riskbench::model::checklist::{ChecklistStatus, Coverage};
    /// let mut c = Coverage::default();
    /// for s in [ChecklistStatus::Done, ChecklistStatus::NotApplicable, ChecklistStatus::InProgress, ChecklistStatus::NotStarted] {
    ///     c.add(s);
    /// }
    /// assert_eq!(c.covered(), 2);
    /// assert!((c.fraction() - 0.5).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        #[expect(clippy::cast_precision_loss, reason = "at most 72 subcategories")]
        let fraction = self.covered() as f64 / self.total as f64;
        fraction
    }

    /// Covered as a whole percentage, rounded down (so 100 % means everything is covered).
    #[must_use]
    pub fn percent(&self) -> usize {
        if self.total == 0 {
            return 0;
        }
        self.covered() * 100 / self.total
    }
}

/// Coverage of each function ("GOVERN", …), in core order.
#[must_use]
pub fn coverage_by_function<'a>(
    core: &'a RmfCore,
    checklist: &NistChecklist,
) -> Vec<(&'a str, Coverage)> {
    core.functions
        .iter()
        .map(|f| {
            let mut coverage = Coverage::default();
            for sub in f.categories.iter().flat_map(|c| &c.subcategories) {
                coverage.add(checklist.status(&sub.id));
            }
            (f.id.as_str(), coverage)
        })
        .collect()
}

/// Coverage of each category ("GOVERN 1", …), in core order.
#[must_use]
pub fn coverage_by_category<'a>(
    core: &'a RmfCore,
    checklist: &NistChecklist,
) -> Vec<(&'a str, Coverage)> {
    core.functions
        .iter()
        .flat_map(|f| &f.categories)
        .map(|c| {
            let mut coverage = Coverage::default();
            for sub in &c.subcategories {
                coverage.add(checklist.status(&sub.id));
            }
            (c.id.as_str(), coverage)
        })
        .collect()
}

/// Coverage over all 72 subcategories.
#[must_use]
pub fn overall_coverage(core: &RmfCore, checklist: &NistChecklist) -> Coverage {
    let mut coverage = Coverage::default();
    for sub in core.subcategories() {
        coverage.add(checklist.status(&sub.id));
    }
    coverage
}

/// A subcategory id written the way people write it ("measure-2.11", " Measure 2.11 ") in the core's form
/// ("MEASURE 2.11").
#[must_use]
pub fn normalise_subcategory_id(text: &str) -> String {
    text.trim()
        .to_uppercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A risk linked to a subcategory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkedRisk {
    /// The risk's id.
    pub risk_id: String,
    /// True when the link comes from the risk's own RMF subcategories (edited in the register), false when it
    /// was added in the checklist.
    pub derived: bool,
}

/// The risks linked to a subcategory: those linked in the checklist, then those that name the subcategory
/// themselves (each risk once).
#[must_use]
pub fn linked_risks(project: &Project, subcategory_id: &str) -> Vec<LinkedRisk> {
    let wanted = normalise_subcategory_id(subcategory_id);
    let naming_it = project.risks.iter().filter(|risk| {
        risk.rmf_subcategories
            .iter()
            .any(|s| normalise_subcategory_id(s) == wanted)
    });
    merge_links(
        project.nist_checklist.entry(subcategory_id),
        naming_it.map(|risk| risk.risk_id.clone()),
    )
}

/// The risks a checklist `entry` links, then the `derived` ones (from the risks' own tags) that it does not
/// link already, each once and in order.
#[must_use]
pub fn merge_links(
    entry: Option<&ChecklistEntry>,
    derived: impl IntoIterator<Item = String>,
) -> Vec<LinkedRisk> {
    let mut linked: Vec<LinkedRisk> = entry
        .map(|e| {
            e.risk_ids
                .iter()
                .map(|id| LinkedRisk {
                    risk_id: id.clone(),
                    derived: false,
                })
                .collect()
        })
        .unwrap_or_default();
    for risk_id in derived {
        if !linked.iter().any(|l| l.risk_id == risk_id) {
            linked.push(LinkedRisk {
                risk_id,
                derived: true,
            });
        }
    }
    linked
}

/// Something in the checklist that points at nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistProblem {
    /// The subcategory concerned (as stored).
    pub subcategory_id: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ChecklistProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subcategory_id, self.message)
    }
}

/// Links that point at nothing: entries for subcategories the core does not have, linked risks or audits
/// missing from the project, and risks naming RMF subcategories the core does not have. In subcategory order
/// (unknown ids last).
#[must_use]
pub fn problems(core: &RmfCore, project: &Project) -> Vec<ChecklistProblem> {
    let mut problems = Vec::new();
    let known = |id: &str| core.subcategory(id).is_some();
    let risk_exists = |id: &str| project.risks.iter().any(|r| r.risk_id == id);
    let audit_exists = |id: &str| project.audits.iter().any(|a| a.audit_id == id);
    let order = |id: &str| {
        core.subcategories()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut entries: Vec<(&String, &ChecklistEntry)> =
        project.nist_checklist.entries.iter().collect();
    entries.sort_by_key(|(id, _)| order(id));
    for (id, entry) in entries {
        let mut push = |message: String| {
            problems.push(ChecklistProblem {
                subcategory_id: id.clone(),
                message,
            });
        };
        if !known(id) {
            push("no such subcategory in the NIST AI RMF core".to_owned());
        }
        for risk_id in entry.risk_ids.iter().filter(|r| !risk_exists(r)) {
            push(format!("linked risk {risk_id} is not in the register"));
        }
        for audit_id in entry.audit_ids.iter().filter(|a| !audit_exists(a)) {
            push(format!("linked audit {audit_id} is not in the project"));
        }
        for suite_id in entry
            .validation_ids
            .iter()
            .filter(|s| !project.validation_suites.iter().any(|v| v.suite_id == **s))
        {
            push(format!(
                "linked validation suite {suite_id} is not in the project"
            ));
        }
        for drift_id in entry
            .drift_ids
            .iter()
            .filter(|d| !project.drift.drifts.iter().any(|x| x.drift_id == **d))
        {
            push(format!(
                "linked drift result {drift_id} is not in the project"
            ));
        }
    }
    for risk in &project.risks {
        for named in &risk.rmf_subcategories {
            let id = normalise_subcategory_id(named);
            if !known(&id) {
                problems.push(ChecklistProblem {
                    subcategory_id: named.clone(),
                    message: format!(
                        "risk {} names an RMF subcategory the core does not have",
                        risk.risk_id
                    ),
                });
            }
        }
    }
    problems
}

/// The display name of a linked audit: its name, or its id when it no longer exists.
#[must_use]
pub fn audit_name<'a>(audits: &'a [SavedAudit], audit_id: &'a str) -> &'a str {
    audits
        .iter()
        .find(|a| a.audit_id == audit_id)
        .map_or(audit_id, |a| a.name.as_str())
}

/// The display name of a linked risk: "R-1 Title", or the id alone.
#[must_use]
pub fn risk_name(risks: &[Risk], risk_id: &str) -> String {
    match risks.iter().find(|r| r.risk_id == risk_id) {
        Some(r) if !r.title.trim().is_empty() => format!("{} {}", r.risk_id, r.title.trim()),
        _ => risk_id.to_owned(),
    }
}

/// One subcategory with what the project records for it, for the CLI and the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistRow {
    /// "GOVERN 1.1".
    pub subcategory_id: String,
    /// NIST's outcome statement.
    pub text: String,
    /// Status.
    pub status: ChecklistStatus,
    /// Notes.
    pub notes: String,
    /// Linked risks, hand-linked first, then derived.
    pub risks: Vec<LinkedRisk>,
    /// Linked audit ids.
    pub audit_ids: Vec<String>,
    /// Document references.
    pub documents: Vec<String>,
}

/// Every subcategory of the core, in order, with the project's entry and links.
#[must_use]
pub fn rows(core: &RmfCore, project: &Project) -> Vec<ChecklistRow> {
    core.subcategories()
        .map(|sub| {
            let entry = project
                .nist_checklist
                .entry(&sub.id)
                .cloned()
                .unwrap_or_default();
            ChecklistRow {
                subcategory_id: sub.id.clone(),
                text: sub.text.clone(),
                status: entry.status,
                notes: entry.notes,
                risks: linked_risks(project, &sub.id),
                audit_ids: entry.audit_ids,
                documents: entry.documents,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;
    use crate::model::audit::AuditSpec;
    use crate::model::taxonomy::rmf_core;

    fn project() -> Project {
        let mut p = Project::blank("s", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.risks.push(Risk {
            title: "Unequal approval rates".to_owned(),
            rmf_subcategories: vec!["measure-2.11".to_owned(), "MAP 1.5".to_owned()],
            ..Risk::new("R-1")
        });
        p.risks.push(Risk {
            rmf_subcategories: vec!["MEASURE 9.9".to_owned()],
            ..Risk::new("R-2")
        });
        p.audits.push(SavedAudit {
            audit_id: "audit-1".to_owned(),
            name: "Sex and age".to_owned(),
            dataset_id: "ds-1".to_owned(),
            spec: AuditSpec::default(),
        });
        p
    }

    fn set(p: &mut Project, id: &str, status: ChecklistStatus) {
        p.nist_checklist.update(id, |e| e.status = status);
    }

    #[test]
    fn coverage_counts_done_and_not_applicable_per_function_and_category() {
        let core = rmf_core().unwrap();
        let mut p = project();
        let empty = coverage_by_function(core, &p.nist_checklist);
        assert_eq!(
            empty
                .iter()
                .map(|(f, c)| (*f, c.total, c.covered()))
                .collect::<Vec<_>>(),
            [
                ("GOVERN", 19, 0),
                ("MAP", 18, 0),
                ("MEASURE", 22, 0),
                ("MANAGE", 13, 0)
            ]
        );
        set(&mut p, "GOVERN 1.1", ChecklistStatus::Done);
        set(&mut p, "GOVERN 1.2", ChecklistStatus::NotApplicable);
        set(&mut p, "GOVERN 1.3", ChecklistStatus::InProgress);
        set(&mut p, "MANAGE 4.3", ChecklistStatus::Done);
        let by_function = coverage_by_function(core, &p.nist_checklist);
        let govern = by_function[0].1;
        assert_eq!(
            govern,
            Coverage {
                total: 19,
                done: 1,
                not_applicable: 1,
                in_progress: 1,
                not_started: 16
            }
        );
        assert_eq!(govern.covered(), 2);
        assert!((govern.fraction() - 2.0 / 19.0).abs() < 1e-12);
        assert_eq!(govern.percent(), 10);
        assert_eq!(by_function[3].1.covered(), 1);
        let by_category = coverage_by_category(core, &p.nist_checklist);
        assert_eq!(by_category.len(), 19);
        assert_eq!(by_category[0].0, "GOVERN 1");
        assert_eq!(by_category[0].1.total, 7);
        assert_eq!(by_category[0].1.covered(), 2);
        assert_eq!(by_category[1].1.covered(), 0);
        assert_eq!(by_category[18].0, "MANAGE 4");
        assert_eq!(by_category[18].1.done, 1);
        let overall = overall_coverage(core, &p.nist_checklist);
        assert_eq!(
            (overall.total, overall.covered(), overall.in_progress),
            (72, 3, 1)
        );
    }

    #[test]
    fn a_full_checklist_is_one_hundred_percent() {
        let core = rmf_core().unwrap();
        let mut p = project();
        for sub in core.subcategories() {
            set(&mut p, &sub.id, ChecklistStatus::Done);
        }
        let overall = overall_coverage(core, &p.nist_checklist);
        assert_eq!(overall.percent(), 100);
        assert!((overall.fraction() - 1.0).abs() < 1e-12);
        assert!(Coverage::default().fraction().abs() < f64::EPSILON);
        assert_eq!(Coverage::default().percent(), 0);
    }

    #[test]
    fn entries_back_at_their_default_are_dropped() {
        let mut p = project();
        set(&mut p, "MAP 1.1", ChecklistStatus::Done);
        assert_eq!(p.nist_checklist.entries.len(), 1);
        set(&mut p, "MAP 1.1", ChecklistStatus::NotStarted);
        assert!(p.nist_checklist.entries.is_empty());
        assert_eq!(p, project(), "undoing by hand gives the same project");
    }

    #[test]
    fn risks_naming_a_subcategory_are_linked_once_and_marked_derived() {
        let mut p = project();
        assert_eq!(
            linked_risks(&p, "MEASURE 2.11"),
            [LinkedRisk {
                risk_id: "R-1".to_owned(),
                derived: true
            }]
        );
        p.nist_checklist.update("MEASURE 2.11", |e| {
            e.risk_ids = vec!["R-2".to_owned(), "R-1".to_owned()];
        });
        let linked = linked_risks(&p, "MEASURE 2.11");
        assert_eq!(
            linked
                .iter()
                .map(|l| (l.risk_id.as_str(), l.derived))
                .collect::<Vec<_>>(),
            [("R-2", false), ("R-1", false)],
            "a hand link is not duplicated by the derived one"
        );
        assert!(linked_risks(&p, "GOVERN 1.1").is_empty());
    }

    #[test]
    fn links_to_missing_items_are_problems() {
        let core = rmf_core().unwrap();
        let mut p = project();
        let base = problems(core, &p);
        assert_eq!(
            base.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["MEASURE 9.9: risk R-2 names an RMF subcategory the core does not have"]
        );
        p.nist_checklist.update("MANAGE 1.3", |e| {
            e.risk_ids = vec!["R-1".to_owned(), "R-404".to_owned()];
            e.audit_ids = vec!["audit-1".to_owned(), "audit-9".to_owned()];
        });
        p.nist_checklist
            .update("GOVERN 1.1", |e| e.audit_ids = vec!["audit-2".to_owned()]);
        p.nist_checklist
            .update("GOVERN 9.1", |e| e.notes = "typo".to_owned());
        let found: Vec<String> = problems(core, &p).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "GOVERN 1.1: linked audit audit-2 is not in the project",
                "MANAGE 1.3: linked risk R-404 is not in the register",
                "MANAGE 1.3: linked audit audit-9 is not in the project",
                "GOVERN 9.1: no such subcategory in the NIST AI RMF core",
                "MEASURE 9.9: risk R-2 names an RMF subcategory the core does not have",
            ]
        );
    }

    #[test]
    fn rows_cover_every_subcategory_in_order() {
        let core = rmf_core().unwrap();
        let mut p = project();
        p.nist_checklist.update("MAP 1.5", |e| {
            e.status = ChecklistStatus::InProgress;
            e.documents = vec!["Risk tolerance memo v2".to_owned()];
        });
        let rows = rows(core, &p);
        assert_eq!(rows.len(), 72);
        assert_eq!(rows[0].subcategory_id, "GOVERN 1.1");
        let map15 = rows.iter().find(|r| r.subcategory_id == "MAP 1.5").unwrap();
        assert_eq!(map15.status, ChecklistStatus::InProgress);
        assert_eq!(map15.risks.len(), 1);
        assert!(map15.risks[0].derived);
        assert_eq!(map15.documents, ["Risk tolerance memo v2"]);
    }

    #[test]
    fn the_checklist_round_trips_through_ron() {
        let mut p = project();
        p.nist_checklist.update("MEASURE 2.11", |e| {
            e.status = ChecklistStatus::Done;
            e.notes = "See audit".to_owned();
            e.audit_ids = vec!["audit-1".to_owned()];
            e.documents = vec!["https://intranet/fairness-policy".to_owned()];
        });
        let text = ron::to_string(&p.nist_checklist).unwrap();
        let back: NistChecklist = ron::from_str(&text).unwrap();
        assert_eq!(back, p.nist_checklist);
        let empty: NistChecklist = ron::from_str("()").unwrap();
        assert!(empty.entries.is_empty());
    }

    #[test]
    fn schema_3_fields_round_trip_and_default_when_absent() {
        use crate::model::taxonomy::{CustomCategory, MitEntity, MitTiming, TaxonomyTags};
        let mut p = project();
        p.custom_categories.push(CustomCategory {
            category_id: "cat-1".to_owned(),
            name: "Vendor models".to_owned(),
            description: "Models bought from third parties".to_owned(),
        });
        p.risks[0].taxonomy = TaxonomyTags {
            mit_entity: Some(MitEntity::Ai),
            mit_intent: None,
            mit_timing: Some(MitTiming::PostDeployment),
            iso_refs: vec!["ISO/IEC 42001 A.6.2.6".to_owned()],
            custom_categories: vec!["cat-1".to_owned()],
            framework_refs: Vec::new(),
        };
        set(&mut p, "GOVERN 1.1", ChecklistStatus::NotApplicable);
        let text = ron::ser::to_string_pretty(&p, ron::ser::PrettyConfig::default()).unwrap();
        assert!(text.contains("mit_entity: Some(Ai)"), "{text}");
        let back: Project = ron::from_str(&text).unwrap();
        assert_eq!(back, p);
        assert!(p.risks[0].category_ids().any(|c| c == "cat-1"));

        // A risk written before these fields existed reads with empty tags.
        let old: Risk = ron::from_str("(risk_id: \"R-1\")").unwrap();
        assert_eq!(old.taxonomy, TaxonomyTags::default());
    }

    #[test]
    fn subcategory_ids_are_normalised() {
        assert_eq!(normalise_subcategory_id(" measure-2.11 "), "MEASURE 2.11");
        assert_eq!(normalise_subcategory_id("Govern_1.1"), "GOVERN 1.1");
        assert_eq!(normalise_subcategory_id("MAP  1.5"), "MAP 1.5");
    }
}
