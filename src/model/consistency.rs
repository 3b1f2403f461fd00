//! Project files that parse but do not make sense: cross-references checked on load, repaired only on request.
//!
//! A project file is text a person can edit (and merge in git), so it can name a dataset, risk, bow-tie or
//! barrier that is not there, use one id twice, rate a risk outside the matrix's scales, record an acceptance
//! without the person who accepted, or make a barrier an escalation barrier of itself through a chain of
//! escalation factors. [`check`] lists each such [`Inconsistency`] with the item and field; nothing is changed.
//! [`repair`] applies the repair each inconsistency describes (remove a reference to nothing, give a repeated
//! id a fresh one, clear a rating outside the scales, cut the link that closes a cycle); inconsistencies that
//! need a person (an acceptance without an authority, an audit whose dataset is gone) are left and reported.
//! Framework checklists and risk tags are checked alike for every framework
//! ([`crate::model::frameworks::consistency`]): links to nothing are repaired, ids the shipped framework data
//! does not know are reported by id and never dropped.
//! The GUI and the CLI call [`repair`] only when the user asks for it.

use std::collections::{BTreeMap, BTreeSet};

use super::project::Project;

/// One thing in a project that does not make sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inconsistency {
    /// The item, e.g. `risk "R-3"` or `dataset "ds-2"`.
    pub item: String,
    /// The field of the item, e.g. `bowtie_ids`.
    pub field: String,
    /// What is wrong.
    pub problem: String,
    /// What [`repair`] does about it; `None` when a person must decide.
    pub repair: Option<String>,
}

impl std::fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}: {}", self.item, self.field, self.problem)?;
        match &self.repair {
            Some(r) => write!(f, " (repair: {r})"),
            None => write!(f, " (needs a person to decide)"),
        }
    }
}

/// Lists what does not make sense in `project`; changes nothing.
#[must_use]
pub fn check(project: &Project) -> Vec<Inconsistency> {
    let mut copy = project.clone();
    walk(&mut copy)
}

/// Applies every repair [`check`] describes and returns the inconsistencies found (those with
/// `repair: None` are left as they are). Call it only with the user's consent.
pub fn repair(project: &mut Project) -> Vec<Inconsistency> {
    walk(project)
}

/// An id not among `existing`, with the prefix of `sample` (the text before its trailing digits) and the next
/// number: `R-3` among `R-1`, `R-3` gives `R-4`.
/// The ids of every barrier of the project's bow-ties.
pub(crate) fn barrier_ids(project: &Project) -> BTreeSet<String> {
    project
        .bowties
        .barriers
        .iter()
        .map(|b| b.barrier_id.clone())
        .collect()
}

/// Every FMEA row of the project as links write it: `WORKSHEET_ID/ROW_ID`.
pub(crate) fn fmea_row_refs(project: &Project) -> BTreeSet<String> {
    fmea_row_ref_list(project).into_iter().collect()
}

/// Every FMEA row of the project as links write it (`WORKSHEET_ID/ROW_ID`), in worksheet and row order.
#[must_use]
pub fn fmea_row_ref_list(project: &Project) -> Vec<String> {
    project
        .fmea_worksheets
        .iter()
        .flat_map(|w| {
            w.rows
                .iter()
                .map(move |r| format!("{}/{}", w.worksheet_id, r.row_id))
        })
        .collect()
}

fn fresh_id<'a>(sample: &str, existing: impl Iterator<Item = &'a str>) -> String {
    let prefix = sample.trim_end_matches(|c: char| c.is_ascii_digit());
    let prefix = if prefix.is_empty() { "id-" } else { prefix };
    let next = existing
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("{prefix}{next}")
}

/// Gives every repeated id after the first a fresh one; returns the inconsistencies.
fn dedup_ids<T>(
    items: &mut [T],
    kind: &str,
    field: &str,
    id: impl Fn(&mut T) -> &mut String,
) -> Vec<Inconsistency> {
    let mut found = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut all: Vec<String> = items.iter_mut().map(|i| id(i).clone()).collect();
    for item in items.iter_mut() {
        let current = id(item).clone();
        if seen.insert(current.clone()) {
            continue;
        }
        let new_id = fresh_id(&current, all.iter().map(String::as_str));
        found.push(Inconsistency {
            item: format!("{kind} {current:?}"),
            field: field.to_owned(),
            problem: format!("the id {current:?} is used by more than one {kind}"),
            repair: Some(format!("give the repeated one the id {new_id:?}")),
        });
        all.push(new_id.clone());
        seen.insert(new_id.clone());
        *id(item) = new_id;
    }
    found
}

/// Removes the ids in `refs` that `known` does not hold; returns the inconsistencies.
fn drop_dangling(
    refs: &mut Vec<String>,
    known: &BTreeSet<String>,
    item: &str,
    field: &str,
    target: &str,
) -> Vec<Inconsistency> {
    let mut found = Vec::new();
    refs.retain(|r| {
        if known.contains(r) {
            return true;
        }
        found.push(Inconsistency {
            item: item.to_owned(),
            field: field.to_owned(),
            problem: format!("it refers to {target} {r:?}, which the project does not have"),
            repair: Some(format!("remove the reference to {r:?}")),
        });
        false
    });
    found
}

fn walk(project: &mut Project) -> Vec<Inconsistency> {
    let mut found = Vec::new();

    // --- Repeated ids -------------------------------------------------------------------------------
    found.extend(dedup_ids(
        &mut project.datasets,
        "dataset",
        "dataset_id",
        |d| &mut d.dataset_id,
    ));
    found.extend(dedup_ids(&mut project.risks, "risk", "risk_id", |r| {
        &mut r.risk_id
    }));
    found.extend(dedup_ids(&mut project.audits, "audit", "audit_id", |a| {
        &mut a.audit_id
    }));
    found.extend(dedup_ids(
        &mut project.fmea_worksheets,
        "FMEA worksheet",
        "worksheet_id",
        |w| &mut w.worksheet_id,
    ));
    found.extend(dedup_ids(
        &mut project.bowties.diagrams,
        "bow-tie",
        "bowtie_id",
        |b| &mut b.bowtie_id,
    ));
    found.extend(dedup_ids(
        &mut project.bowties.barriers,
        "barrier",
        "barrier_id",
        |b| &mut b.barrier_id,
    ));
    for worksheet in &mut project.fmea_worksheets {
        let kind = format!("row of FMEA worksheet {:?}", worksheet.worksheet_id);
        found.extend(dedup_ids(&mut worksheet.rows, &kind, "row_id", |r| {
            &mut r.row_id
        }));
    }
    for risk in &mut project.risks {
        let kind = format!("action of risk {:?}", risk.risk_id);
        found.extend(dedup_ids(&mut risk.actions, &kind, "action_id", |a| {
            &mut a.action_id
        }));
    }

    let dataset_ids: BTreeSet<String> = project
        .datasets
        .iter()
        .map(|d| d.dataset_id.clone())
        .collect();
    let risk_ids: BTreeSet<String> = project.risks.iter().map(|r| r.risk_id.clone()).collect();
    let bowtie_ids: BTreeSet<String> = project
        .bowties
        .diagrams
        .iter()
        .map(|b| b.bowtie_id.clone())
        .collect();
    let barrier_ids = barrier_ids(project);
    let fmea_rows = fmea_row_refs(project);

    // --- Audits -------------------------------------------------------------------------------------
    for audit in &project.audits {
        if !dataset_ids.contains(&audit.dataset_id) {
            found.push(Inconsistency {
                item: format!("audit {:?}", audit.name),
                field: "dataset_id".to_owned(),
                problem: format!(
                    "it audits dataset {:?}, which the project does not have",
                    audit.dataset_id
                ),
                repair: None,
            });
        }
    }

    // --- Model card -----------------------------------------------------------------------------------
    found.extend(dedup_ids(
        &mut project.model_card.claims,
        "claim",
        "claim_id",
        |c| &mut c.claim_id,
    ));
    found.extend(super::model_card::dangling_datasets(project, &dataset_ids));

    // --- Risks --------------------------------------------------------------------------------------
    let matrix = project.settings.risk_matrix.clone();
    let scales = [
        ("likelihood", matrix.likelihood_labels.len()),
        ("impact", matrix.impact_labels.len()),
    ];
    for risk in &mut project.risks {
        let item = format!("risk {:?}", risk.risk_id);
        for (field, rating) in [
            ("inherent", &mut risk.inherent),
            ("residual", &mut risk.residual),
        ] {
            let Some(r) = *rating else { continue };
            let outside: Vec<String> = scales
                .iter()
                .zip([r.likelihood, r.impact])
                .filter(|((_, n), v)| !(1..=*n).contains(&usize::from(*v)))
                .map(|((axis, n), v)| format!("{axis} {v} is outside 1 to {n}"))
                .collect();
            if !outside.is_empty() {
                found.push(Inconsistency {
                    item: item.clone(),
                    field: field.to_owned(),
                    problem: format!(
                        "the rating is outside the risk matrix: {}",
                        outside.join(", ")
                    ),
                    repair: Some("clear the rating (it must be rated again)".to_owned()),
                });
                *rating = None;
            }
        }
        if let Some(acceptance) = &risk.acceptance
            && (acceptance.accepted_by.trim().is_empty() || acceptance.role.trim().is_empty())
        {
            found.push(Inconsistency {
                item: item.clone(),
                field: "acceptance".to_owned(),
                problem:
                    "the acceptance does not say who accepted the risk and in which role (the \
                          acceptance authority)"
                        .to_owned(),
                repair: None,
            });
        }
        found.extend(drop_dangling(
            &mut risk.bowtie_ids,
            &bowtie_ids,
            &item,
            "bowtie_ids",
            "bow-tie",
        ));
        found.extend(drop_dangling(
            &mut risk.fmea_rows,
            &fmea_rows,
            &item,
            "fmea_rows",
            "FMEA row",
        ));
        for (i, evidence) in risk.evidence.iter_mut().enumerate() {
            if !evidence.dataset_id.is_empty() && !dataset_ids.contains(&evidence.dataset_id) {
                found.push(Inconsistency {
                    item: item.clone(),
                    field: format!("evidence[{}].dataset_id", i + 1),
                    problem: format!(
                        "the evidence was computed on dataset {:?}, which the project does not have",
                        evidence.dataset_id
                    ),
                    repair: Some(
                        "forget the dataset id (the evidence and its note are kept)".to_owned(),
                    ),
                });
                evidence.dataset_id.clear();
            }
        }
    }

    // --- FMEA ---------------------------------------------------------------------------------------
    for worksheet in &mut project.fmea_worksheets {
        for row in &mut worksheet.rows {
            let item = format!(
                "FMEA row {:?} of worksheet {:?}",
                row.row_id, worksheet.worksheet_id
            );
            if let Some(risk_id) = &row.risk_id
                && !risk_ids.contains(risk_id)
            {
                found.push(Inconsistency {
                    item: item.clone(),
                    field: "risk_id".to_owned(),
                    problem: format!(
                        "it refers to risk {risk_id:?}, which the project does not have"
                    ),
                    repair: Some(format!("remove the reference to {risk_id:?}")),
                });
                row.risk_id = None;
            }
            found.extend(drop_dangling(
                &mut row.barrier_ids,
                &barrier_ids,
                &item,
                "barrier_ids",
                "barrier",
            ));
        }
    }

    // --- Bow-ties -----------------------------------------------------------------------------------
    for diagram in &mut project.bowties.diagrams {
        let item = format!("bow-tie {:?}", diagram.bowtie_id);
        found.extend(drop_dangling(
            &mut diagram.risk_ids,
            &risk_ids,
            &item,
            "risk_ids",
            "risk",
        ));
        for pathway in diagram
            .threats
            .iter_mut()
            .chain(diagram.consequences.iter_mut())
        {
            let field = format!("line {:?}.barrier_ids", pathway.pathway_id);
            found.extend(drop_dangling(
                &mut pathway.barrier_ids,
                &barrier_ids,
                &item,
                &field,
                "barrier",
            ));
        }
    }
    for barrier in &mut project.bowties.barriers {
        let item = format!("barrier {:?}", barrier.barrier_id);
        if let Some(control) = &barrier.control
            && !risk_ids.contains(&control.risk_id)
        {
            found.push(Inconsistency {
                item: item.clone(),
                field: "control".to_owned(),
                problem: format!(
                    "it is linked to a control of risk {:?}, which the project does not have",
                    control.risk_id
                ),
                repair: Some("remove the link to the control".to_owned()),
            });
            barrier.control = None;
        }
        for factor in &mut barrier.escalation_factors {
            let field = format!("escalation factor {:?}.barrier_ids", factor.factor_id);
            found.extend(drop_dangling(
                &mut factor.barrier_ids,
                &barrier_ids,
                &item,
                &field,
                "barrier",
            ));
        }
    }
    found.extend(break_escalation_cycles(project));

    // --- Framework checklists (NIST AI RMF and the others alike) and risk tags ---------------------------
    found.extend(super::frameworks::consistency::walk(project));
    // --- Incident records ------------------------------------------------------------------------------
    // Times outside the incident, a 5 Whys loop, links to deleted barriers, FMEA rows, audits or actions: a
    // person decides (the record keeps what was written).
    let incident_problems: Vec<Inconsistency> = project
        .incidents
        .iter()
        .flat_map(|incident| {
            incident
                .problems(project)
                .into_iter()
                .map(|p| Inconsistency {
                    item: format!("incident {:?}", incident.incident_id),
                    field: p.item,
                    problem: p.problem,
                    repair: None,
                })
        })
        .collect();
    found.extend(incident_problems);
    found
}

/// Escalation factors make a barrier depend on others; a chain that leads back to where it started makes no
/// sense (a barrier that guards itself). Finds each such cycle (depth-first, iteratively) and removes the link
/// that closes it.
fn break_escalation_cycles(project: &mut Project) -> Vec<Inconsistency> {
    let mut found = Vec::new();
    loop {
        let edges: BTreeMap<&str, Vec<(&str, &str)>> = project
            .bowties
            .barriers
            .iter()
            .map(|b| {
                let targets = b
                    .escalation_factors
                    .iter()
                    .flat_map(|f| {
                        f.barrier_ids
                            .iter()
                            .map(move |t| (f.factor_id.as_str(), t.as_str()))
                    })
                    .collect();
                (b.barrier_id.as_str(), targets)
            })
            .collect();
        let Some((from, factor, to)) = find_back_edge(&edges) else {
            break;
        };
        let (from, factor, to) = (from.to_owned(), factor.to_owned(), to.to_owned());
        found.push(Inconsistency {
            item: format!("barrier {from:?}"),
            field: format!("escalation factor {factor:?}.barrier_ids"),
            problem: format!(
                "it lists barrier {to:?}, which leads back to {from:?} through escalation factors (a cycle)"
            ),
            repair: Some(format!(
                "remove {to:?} from this escalation factor"
            )),
        });
        let Some(barrier) = project
            .bowties
            .barriers
            .iter_mut()
            .find(|b| b.barrier_id == from)
        else {
            break;
        };
        let mut removed = false;
        for f in barrier
            .escalation_factors
            .iter_mut()
            .filter(|f| f.factor_id == factor)
        {
            if let Some(pos) = f.barrier_ids.iter().position(|t| *t == to) {
                f.barrier_ids.remove(pos);
                removed = true;
                break;
            }
        }
        if !removed {
            break;
        }
    }
    found
}

/// An edge (barrier, factor, target) that closes a cycle, found by an iterative depth-first search.
fn find_back_edge<'a>(
    edges: &BTreeMap<&'a str, Vec<(&'a str, &'a str)>>,
) -> Option<(&'a str, &'a str, &'a str)> {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for &start in edges.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = stack.last_mut() {
            let targets = edges.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&(factor, target)) = targets.get(*next) {
                *next += 1;
                let node = *node;
                match state.get(target).copied().unwrap_or(0) {
                    1 => return Some((node, factor, target)),
                    0 if edges.contains_key(target) => {
                        state.insert(target, 1);
                        stack.push((target, 0));
                    }
                    _ => {}
                }
            } else {
                state.insert(*node, 2);
                stack.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bowtie::set::{Barrier, EscalationFactor};
    use crate::model::register::{Acceptance, Rating, Risk};
    use crate::model::{DatasetRef, IsoDate};

    fn project() -> Project {
        let mut p = Project::blank("t", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.datasets.push(DatasetRef {
            dataset_id: "ds-1".into(),
            ..DatasetRef::default()
        });
        p.risks.push(Risk::new("R-1"));
        p
    }

    #[test]
    fn a_sound_project_has_no_inconsistency() {
        assert_eq!(check(&project()), []);
        assert_eq!(
            check(&Project::blank("x", IsoDate::from_ymd(2026, 1, 1).unwrap())),
            []
        );
    }

    #[test]
    fn repeated_ids_are_named_and_renumbered_on_repair() {
        let mut p = project();
        p.risks.push(Risk::new("R-1"));
        p.datasets.push(p.datasets[0].clone());
        let found = check(&p);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].item, "dataset \"ds-1\"");
        assert_eq!(found[0].field, "dataset_id");
        assert_eq!(
            found[1].to_string(),
            "risk \"R-1\", risk_id: the id \"R-1\" is used by more than one risk (repair: give the repeated one the id \"R-2\")"
        );
        // check changes nothing; repair does what it said.
        assert_eq!(p.risks[1].risk_id, "R-1");
        let repaired = repair(&mut p);
        assert_eq!(repaired, found);
        assert_eq!(p.risks[1].risk_id, "R-2");
        assert_eq!(p.datasets[1].dataset_id, "ds-2");
        assert_eq!(check(&p), []);
    }

    #[test]
    fn dangling_references_ratings_and_acceptances() {
        let mut p = project();
        let risk = &mut p.risks[0];
        risk.bowtie_ids = vec!["BT-9".into()];
        risk.inherent = Some(Rating::new(7, 2));
        risk.residual = Some(Rating::new(2, 2));
        risk.acceptance = Some(Acceptance {
            accepted_by: String::new(),
            role: "CRO".into(),
            date: IsoDate::from_ymd(2026, 1, 2).unwrap(),
            conditions: String::new(),
            expiry: None,
        });
        let found = check(&p);
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "risk \"R-1\", inherent: the rating is outside the risk matrix: likelihood 7 is outside 1 to 5 (repair: clear the rating (it must be rated again))",
                "risk \"R-1\", acceptance: the acceptance does not say who accepted the risk and in which role (the acceptance authority) (needs a person to decide)",
                "risk \"R-1\", bowtie_ids: it refers to bow-tie \"BT-9\", which the project does not have (repair: remove the reference to \"BT-9\")",
            ]
        );
        repair(&mut p);
        assert_eq!(p.risks[0].inherent, None);
        assert_eq!(p.risks[0].residual, Some(Rating::new(2, 2)));
        assert!(p.risks[0].bowtie_ids.is_empty());
        // What needs a person stays.
        assert_eq!(check(&p).len(), 1);
    }

    #[test]
    fn escalation_cycles_are_found_and_cut() {
        let mut proj = project();
        let factor = |id: &str, to: &str| EscalationFactor {
            factor_id: id.into(),
            name: String::new(),
            barrier_ids: vec![to.into()],
        };
        let mut first = Barrier::new("B-1", "a");
        first.escalation_factors.push(factor("EF-1", "B-2"));
        let mut second = Barrier::new("B-2", "b");
        second.escalation_factors.push(factor("EF-2", "B-3"));
        let mut third = Barrier::new("B-3", "c");
        third.escalation_factors.push(factor("EF-3", "B-1"));
        let mut fourth = Barrier::new("B-4", "self");
        fourth.escalation_factors.push(factor("EF-4", "B-4"));
        proj.bowties.barriers = vec![first, second, third, fourth];
        let found = check(&proj);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].item, "barrier \"B-3\"");
        assert_eq!(found[1].item, "barrier \"B-4\"");
        repair(&mut proj);
        assert_eq!(check(&proj), []);
        assert_eq!(
            proj.bowties.barriers[0].escalation_factors[0].barrier_ids,
            ["B-2"]
        );
        assert!(
            proj.bowties.barriers[2].escalation_factors[0]
                .barrier_ids
                .is_empty()
        );
    }

    #[test]
    fn the_bundled_sample_is_consistent() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_projects/loan_approval/loan_approval.riskbench.ron");
        let loaded = crate::model::file::load_project(&path).unwrap();
        assert_eq!(check(&loaded.project), []);
    }
}
