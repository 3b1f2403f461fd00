//! The framework part of the load-time consistency check ([`crate::model::consistency`]), the same for every
//! framework's checklist, the NIST AI RMF one included.
//!
//! A link from a checklist entry to a risk, audit, validation suite or drift result the project does not have
//! is a reference to nothing: it is reported, and removed only when the user asks for the repair. An id the
//! shipped data does not know (a checklist entry for an item a framework no longer has after a data update, a
//! checklist of an unknown framework, a risk tagged with an unknown item) is the user's record: it is reported
//! by id, with no repair, and never dropped — a person decides whether to re-tag or remove it.

use std::collections::{BTreeMap, BTreeSet};

use super::tags::unknown_tags;
use super::{FrameworkId, framework};
use crate::model::checklist::ChecklistEntry;
use crate::model::consistency::Inconsistency;
use crate::model::project::Project;
use crate::model::taxonomy::rmf_core;

/// The ids a checklist entry may link to.
struct Known {
    risks: BTreeSet<String>,
    audits: BTreeSet<String>,
    suites: BTreeSet<String>,
    drifts: BTreeSet<String>,
}

impl Known {
    fn of(project: &Project) -> Self {
        Self {
            risks: project.risks.iter().map(|r| r.risk_id.clone()).collect(),
            audits: project.audits.iter().map(|a| a.audit_id.clone()).collect(),
            suites: project
                .validation_suites
                .iter()
                .map(|s| s.suite_id.clone())
                .collect(),
            drifts: project
                .drift
                .drifts
                .iter()
                .map(|d| d.drift_id.clone())
                .collect(),
        }
    }
}

/// Checks (and, on a project the user asked to repair, repairs) every framework checklist and the risks'
/// framework tags; see the module documentation for what is repaired and what is only reported.
pub(crate) fn walk(project: &mut Project) -> Vec<Inconsistency> {
    let known = Known::of(project);
    let mut found = Vec::new();
    let nist_known: Option<BTreeSet<String>> = rmf_core()
        .ok()
        .map(|core| core.subcategories().map(|s| s.id.clone()).collect());
    found.extend(entries(
        &mut project.nist_checklist.entries,
        "NIST checklist entry",
        FrameworkId::NistAiRmf.name(),
        nist_known.as_ref(),
        &known,
    ));
    for (key, list) in &mut project.frameworks.checklists {
        let f = FrameworkId::from_key(key)
            .filter(|f| f.has_checklist() && *f != FrameworkId::NistAiRmf)
            .and_then(|f| framework(f).ok());
        let Some(f) = f else {
            found.push(Inconsistency {
                item: format!("checklist {key:?}"),
                field: "frameworks.checklists".to_owned(),
                problem: format!(
                    "no framework {key:?} in this version of Riskbench; its {} entries are kept",
                    list.entries.len()
                ),
                repair: None,
            });
            continue;
        };
        let items: BTreeSet<String> = f.checklist_items().map(|i| i.item_id.clone()).collect();
        found.extend(entries(
            &mut list.entries,
            &format!("{} checklist entry", f.framework_id.name()),
            f.framework_id.name(),
            Some(&items),
            &known,
        ));
    }
    for tag in unknown_tags(project) {
        found.push(Inconsistency {
            item: format!("risk {:?}", tag.risk_id),
            field: "tags".to_owned(),
            problem: format!("{tag}; the tag is kept"),
            repair: None,
        });
    }
    found
}

/// One checklist's entries: unknown item ids reported (kept), links to nothing removed.
fn entries(
    entries: &mut BTreeMap<String, ChecklistEntry>,
    kind: &str,
    framework_name: &str,
    items: Option<&BTreeSet<String>>,
    known: &Known,
) -> Vec<Inconsistency> {
    let mut found = Vec::new();
    for (item_id, entry) in entries {
        let item = format!("{kind} {item_id:?}");
        if items.is_some_and(|items| !items.contains(item_id)) {
            found.push(Inconsistency {
                item: item.clone(),
                field: "item id".to_owned(),
                problem: format!(
                    "no item {item_id:?} in the shipped {framework_name} data; the entry is kept"
                ),
                repair: None,
            });
        }
        for (refs, ids, field, target) in [
            (&mut entry.risk_ids, &known.risks, "risk_ids", "risk"),
            (&mut entry.audit_ids, &known.audits, "audit_ids", "audit"),
            (
                &mut entry.validation_ids,
                &known.suites,
                "validation_ids",
                "validation suite",
            ),
            (
                &mut entry.drift_ids,
                &known.drifts,
                "drift_ids",
                "drift result",
            ),
        ] {
            refs.retain(|r| {
                if ids.contains(r) {
                    return true;
                }
                found.push(Inconsistency {
                    item: item.clone(),
                    field: field.to_owned(),
                    problem: format!(
                        "it refers to {target} {r:?}, which the project does not have"
                    ),
                    repair: Some(format!("remove the reference to {r:?}")),
                });
                false
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;
    use crate::model::checklist::Checklist;
    use crate::model::consistency::{check, repair};
    use crate::model::frameworks::ItemRef;
    use crate::model::frameworks::tags::tag;
    use crate::model::register::Risk;

    /// A project with one risk, and in `key`'s checklist (or NIST's) an entry for `item_id` linking the risk
    /// and a missing risk, audit, validation suite and drift result.
    fn project_with(key: &str, item_id: &str) -> Project {
        let mut p = Project::blank("t", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.risks.push(Risk::new("R-1"));
        let entry = ChecklistEntry {
            risk_ids: vec!["R-1".into(), "R-9".into()],
            audit_ids: vec!["audit-9".into()],
            validation_ids: vec!["suite-9".into()],
            drift_ids: vec!["drift-9".into()],
            ..ChecklistEntry::default()
        };
        if key == FrameworkId::NistAiRmf.key() {
            p.nist_checklist.entries.insert(item_id.into(), entry);
        } else {
            let mut list = Checklist::default();
            list.entries.insert(item_id.into(), entry);
            p.frameworks.checklists.insert(key.into(), list);
        }
        p
    }

    fn entry<'a>(p: &'a Project, key: &str, item_id: &str) -> &'a ChecklistEntry {
        if key == FrameworkId::NistAiRmf.key() {
            &p.nist_checklist.entries[item_id]
        } else {
            &p.frameworks.checklists[key].entries[item_id]
        }
    }

    #[test]
    fn every_framework_reports_and_repairs_links_to_nothing_the_same_way() {
        for (framework_id, item_id) in [
            (FrameworkId::NistAiRmf, "GOVERN 1.1"),
            (FrameworkId::EuAiAct, "Art. 15"),
            (FrameworkId::Iso42001, "A.2.2"),
            (FrameworkId::Iso23894, "6.4.2"),
            (FrameworkId::Saif, "Element 1"),
            (FrameworkId::MsRai, "A1"),
        ] {
            let key = framework_id.key();
            let mut p = project_with(key, item_id);
            assert!(
                framework(framework_id)
                    .unwrap()
                    .checklist_items()
                    .any(|i| i.item_id == item_id),
                "{key} has {item_id}"
            );
            let found = check(&p);
            assert_eq!(found.len(), 4, "{key}: {found:?}");
            let dangling: Vec<&str> = found
                .iter()
                .filter(|i| i.repair.is_some())
                .map(|i| i.field.as_str())
                .collect();
            assert_eq!(
                dangling,
                ["risk_ids", "audit_ids", "validation_ids", "drift_ids"],
                "{key}"
            );
            assert!(found[0].item.contains(item_id), "{key}: {}", found[0].item);
            // check changes nothing.
            assert_eq!(entry(&p, key, item_id).risk_ids, ["R-1", "R-9"]);
            let repaired = repair(&mut p);
            assert_eq!(repaired.len(), 4, "{key}");
            let e = entry(&p, key, item_id);
            assert_eq!(e.risk_ids, ["R-1"], "{key}: the risk that exists stays");
            assert!(
                e.audit_ids.is_empty() && e.validation_ids.is_empty() && e.drift_ids.is_empty()
            );
            assert_eq!(check(&p), [], "{key}");
        }
    }

    #[test]
    fn unknown_item_ids_are_reported_by_id_and_never_dropped_in_every_framework() {
        for (framework_id, item_id) in [
            (FrameworkId::NistAiRmf, "GOVERN 9.9"),
            (FrameworkId::EuAiAct, "Art. 999"),
            (FrameworkId::Iso42001, "A.99.1"),
            (FrameworkId::Iso23894, "99.9"),
            (FrameworkId::Saif, "SAIF-X9"),
            (FrameworkId::MsRai, "Z9"),
        ] {
            let key = framework_id.key();
            let mut p = project_with(key, item_id);
            let mut risk = Risk::new("R-2");
            tag(&mut risk, &ItemRef::new(framework_id, item_id));
            p.risks.push(risk);
            let found = check(&p);
            let kept: Vec<&Inconsistency> = found.iter().filter(|i| i.repair.is_none()).collect();
            assert_eq!(kept.len(), 2, "{key}: {found:?}");
            assert!(kept[0].problem.contains(item_id), "{key}: {}", kept[0]);
            assert!(kept[0].problem.contains("the entry is kept"), "{key}");
            assert_eq!(kept[1].item, "risk \"R-2\"", "{key}");
            assert!(kept[1].problem.contains(item_id), "{key}: {}", kept[1]);
            repair(&mut p);
            assert!(entry(&p, key, item_id).risk_ids == ["R-1"], "{key}");
            assert_eq!(
                super::super::tags::tagged_items(&p.risks[1]).len(),
                1,
                "{key}: the unknown tag stays on the risk"
            );
            assert_eq!(check(&p).len(), 2, "{key}: still reported after the repair");
        }
    }

    #[test]
    fn a_checklist_of_an_unknown_framework_is_reported_and_kept() {
        let mut p = project_with("nist-ai-rmf-2", "GV-1");
        let found = check(&p);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].problem.contains("\"nist-ai-rmf-2\""));
        assert_eq!(found[0].repair, None);
        repair(&mut p);
        assert_eq!(
            p.frameworks.checklists["nist-ai-rmf-2"].entries["GV-1"].risk_ids,
            ["R-1", "R-9"]
        );
    }
}
