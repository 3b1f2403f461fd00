//! "Method and participants": the assessment methods applied and who took part.

use super::{Block, Cell, Column, DataTable, PlanSection, Project, h, or_dash, p};

pub(super) fn method(project: &Project, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, PlanSection::Method.title()));
    blocks.push(p(&format!(
        "The assessment ran from {} (project created) to {} (last saved). The methods below are the ones \
         this project holds results of, with the dates they record.",
        m.created, m.modified
    )));
    blocks.push(Block::Table(DataTable {
        caption: "Methods used".to_owned(),
        columns: vec![
            Column::new("Method", 2.0),
            Column::new("What this project holds", 4.5),
            Column::new("Dates", 1.6),
        ],
        rows: methods_used(project)
            .into_iter()
            .map(|(method, what, dates)| {
                vec![Cell::new(method).bold(), Cell::new(what), Cell::new(dates)]
            })
            .collect(),
        empty_text: "No assessment method has been applied yet.".to_owned(),
    }));
    blocks.push(h(2, "Participants"));
    let mut rows = Vec::new();
    for (who, list) in [("Author", &m.authors), ("Approver", &m.approvers)] {
        for x in list {
            rows.push(vec![
                Cell::new(x.name.clone()),
                Cell::new(or_dash(&x.role)),
                Cell::new(x.line_of_defence.label()),
                Cell::new(who),
            ]);
        }
    }
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Name", 2.0),
            Column::new("Role", 3.0),
            Column::new("Line of defence", 2.5),
            Column::new("Part", 1.0),
        ],
        rows,
        empty_text: "No participants recorded.".to_owned(),
    }));
    super::workshops::workshops(project, blocks);
}

/// The methods the project holds results of: (method, what the project holds, dates recorded), in the
/// order of the assessment. A method that left nothing in the project is not listed.
pub(super) fn methods_used(project: &Project) -> Vec<(String, String, String)> {
    let undated = || "not recorded".to_owned();
    let mut out = Vec::new();
    if !project.datasets.is_empty() {
        out.push((
            "Evidence management".to_owned(),
            format!(
                "{} dataset(s), {} rows in total, registered by relative path and SHA-256 fingerprint, \
                 re-checked whenever the project is opened",
                project.datasets.len(),
                project.datasets.iter().map(|d| d.rows).sum::<u64>()
            ),
            undated(),
        ));
    }
    if !project.validation_suites.is_empty() {
        out.push((
            "Data validation".to_owned(),
            format!(
                "{} suite(s) with {} rule(s)",
                project.validation_suites.len(),
                project
                    .validation_suites
                    .iter()
                    .map(|s| s.rules.len())
                    .sum::<usize>()
            ),
            undated(),
        ));
    }
    if !project.risks.is_empty() {
        let reviews: Vec<_> = project.risks.iter().filter_map(|r| r.review_date).collect();
        out.push((
            "Risk register".to_owned(),
            format!(
                "{} risk(s) rated for likelihood and impact, inherent and residual, with treatment and actions",
                project.risks.len()
            ),
            date_range("reviews due", &reviews).unwrap_or_else(undated),
        ));
    }
    let bowties = &project.bowties;
    if !bowties.diagrams.is_empty() {
        out.push((
            "Bow-tie analysis".to_owned(),
            format!(
                "{} bow-tie(s) with {} threat(s), {} consequence(s) and {} barrier(s)",
                bowties.diagrams.len(),
                bowties
                    .diagrams
                    .iter()
                    .map(|b| b.threats.len())
                    .sum::<usize>(),
                bowties
                    .diagrams
                    .iter()
                    .map(|b| b.consequences.len())
                    .sum::<usize>(),
                bowties.barriers.len()
            ),
            undated(),
        ));
    }
    if !project.fmea_worksheets.is_empty() {
        let targets: Vec<_> = project
            .fmea_worksheets
            .iter()
            .flat_map(|w| w.rows.iter().filter_map(|r| r.target_date))
            .collect();
        out.push((
            "FMEA (AIAG-VDA action priority)".to_owned(),
            format!(
                "{} worksheet(s) with {} failure mode(s)",
                project.fmea_worksheets.len(),
                project
                    .fmea_worksheets
                    .iter()
                    .map(|w| w.rows.len())
                    .sum::<usize>()
            ),
            date_range("actions due", &targets).unwrap_or_else(undated),
        ));
    }
    if !project.audits.is_empty() {
        out.push((
            "Fairness audit".to_owned(),
            format!(
                "{} saved audit(s): {}; re-run on the fingerprinted data when the plan is exported",
                project.audits.len(),
                project
                    .audits
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            undated(),
        ));
    }
    if !project.drift.drifts.is_empty() {
        out.push((
            "Drift analysis".to_owned(),
            format!(
                "{} drift configuration(s), {} with results; {} monitor(s)",
                project.drift.drifts.len(),
                project
                    .drift
                    .drifts
                    .iter()
                    .filter(|d| d.result.is_some())
                    .count(),
                project.drift.monitors.len()
            ),
            undated(),
        ));
    }
    if !project.mitigations.is_empty() {
        let adopted: Vec<_> = project.mitigations.iter().map(|m| m.adopted).collect();
        out.push((
            "Mitigation what-if".to_owned(),
            format!(
                "{} mitigation(s) compared on the data and adopted: {}",
                project.mitigations.len(),
                project
                    .mitigations
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            date_range("adopted", &adopted).unwrap_or_else(undated),
        ));
    }
    let recorded = project
        .nist_checklist
        .entries
        .values()
        .filter(|e| !e.is_empty())
        .count();
    if recorded > 0 {
        out.push((
            "NIST AI RMF checklist".to_owned(),
            format!("{recorded} subcategory(ies) with a status, notes or links"),
            undated(),
        ));
    }
    for (w, line) in project
        .workshops
        .iter()
        .zip(super::workshops::method_lines(project))
    {
        out.push((
            format!("{} workshop", w.method.label()),
            line,
            w.date.map_or_else(undated, |d| d.to_string()),
        ));
    }
    if !project.frameworks.is_empty() {
        out.push((
            "Framework crosswalk".to_owned(),
            "checklists of further frameworks (EU AI Act, ISO/IEC, …), see the appendices"
                .to_owned(),
            undated(),
        ));
    }
    out
}

/// "adopted 2026-11-02" or "actions due 2026-12-01 to 2027-03-31"; `None` without dates.
fn date_range(what: &str, dates: &[crate::model::IsoDate]) -> Option<String> {
    let first = dates.iter().min()?;
    let last = dates.iter().max()?;
    Some(if first == last {
        format!("{what} {first}")
    } else {
        format!("{what} {first} to {last}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;

    #[test]
    fn only_methods_with_results_are_listed_with_their_dates() {
        let day = IsoDate::from_ymd(2026, 11, 28).unwrap();
        let mut project = Project::blank("S", day);
        assert!(methods_used(&project).is_empty());
        let mut risk = crate::model::register::Risk::new("R-1");
        risk.review_date = IsoDate::from_ymd(2027, 1, 5);
        project.risks.push(risk);
        project.risks.push(crate::model::register::Risk::new("R-2"));
        let mut second = crate::model::register::Risk::new("R-3");
        second.review_date = IsoDate::from_ymd(2027, 3, 1);
        project.risks.push(second);
        let listed = methods_used(&project);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].0, "Risk register");
        assert!(listed[0].1.starts_with("3 risk(s)"), "{}", listed[0].1);
        assert_eq!(listed[0].2, "reviews due 2027-01-05 to 2027-03-01");
        assert_eq!(
            date_range("adopted", &[day]).as_deref(),
            Some("adopted 2026-11-28")
        );
        assert_eq!(date_range("adopted", &[]), None);
    }
}
