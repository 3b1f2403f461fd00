//! The plan's last gaps (issue 20): symbols printed with a font that has them, tables that keep their caption
//! and header with a row, the next review date, the methods used, resources per action and kill-switch
//! criteria.

use crate::support::pdf::{poppler, squash, write_temp};
use riskbench::report::{Block, Cell, Column, DataTable, ReportDoc, RichText, render_pdf};

#[test]
fn symbols_the_body_font_lacks_are_printed_not_replaced_by_ascii() {
    let symbols = "ratio ≥ 0.8, difference ≤ 0.1, before → after, passed ✓, failed ✗, 3 × 4, ≠ ⚠";
    let mut doc = ReportDoc {
        blocks: vec![
            Block::Paragraph(RichText::plain(symbols)),
            Block::Paragraph(RichText::markup("**bold ≥ 0.8 → pass**")),
            Block::Table(DataTable {
                caption: "Checks ≥ threshold".to_owned(),
                columns: vec![Column::new("Rule", 2.0), Column::new("Result", 1.0)],
                rows: vec![vec![Cell::new("S ≥ 9 → H"), Cell::new("✓")]],
                empty_text: String::new(),
            }),
        ],
        ..ReportDoc::default()
    };
    doc.meta.date = "2026-11-28".to_owned();
    let bytes = render_pdf(&doc).unwrap();
    let path = write_temp("symbols.pdf", &bytes);
    let path = path.to_str().unwrap();
    let text = squash(&poppler("pdftotext", &["-raw", path, "-"]));
    for needle in [
        "ratio ≥ 0.8, difference ≤ 0.1, before → after, passed ✓, failed ✗, 3 × 4, ≠ ⚠",
        "bold ≥ 0.8 → pass",
        "Checks ≥ threshold",
        "S ≥ 9 → H",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from: {text}");
    }
    for stand_in in [">=", "<=", "->", " yes", "?"] {
        assert!(
            !text.contains(stand_in),
            "ASCII stand-in {stand_in:?} in: {text}"
        );
    }
    let fonts = poppler("pdffonts", &[path]);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
}

/// The loan sample without a review schedule or kill-switch criteria (it ships with both).
fn sample_project() -> riskbench::model::Project {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/loan_approval/loan_approval.riskbench.ron");
    let mut project = riskbench::model::file::load_project(&path)
        .expect("the sample loads")
        .project;
    project.review = riskbench::model::review::ReviewSchedule::default();
    project.kill_switch.clear();
    project
}

/// The sample with a review cadence, two kill-switch criteria and resources on two actions of one risk.
fn sample_with_the_new_parts() -> riskbench::model::Project {
    use riskbench::model::kill_switch::{Fallback, KillSwitchCriterion};
    let mut project = sample_project();
    project.review.cadence_months = Some(6);
    project.kill_switch = vec![
        KillSwitchCriterion {
            condition: "Selection-rate ratio by sex below 0.7 for two consecutive weeks".to_owned(),
            decides: "Head of credit risk".to_owned(),
            fallback: Fallback::HumanReview,
        },
        KillSwitchCriterion {
            condition: "PSI ≥ 0.25 on income".to_owned(),
            decides: String::new(),
            fallback: Fallback::Rules,
        },
    ];
    let risk = project
        .risks
        .iter_mut()
        .find(|r| r.actions.len() >= 2)
        .expect("the sample has a risk with two actions");
    "EUR".clone_into(&mut risk.business_impact.currency);
    risk.actions[0].effort_days = Some(10.0);
    risk.actions[0].cost = Some(25_000.0);
    risk.actions[1].effort_days = Some(2.5);
    project
}

#[test]
fn the_plan_prints_next_review_methods_resources_and_kill_switch_criteria() {
    use riskbench::report::plan::{self, PlanOptions};
    let project = sample_with_the_new_parts();
    let date = riskbench::model::IsoDate::from_ymd(2026, 11, 28).unwrap();
    let doc = plan::build(&project, &PlanOptions::all(date), &[]);
    assert_eq!(doc.meta.next_review, "2027-05-28");
    let text = doc.to_outline_text();
    for needle in [
        "| Method | What this project holds | Dates |",
        "| Risk register | 18 risk(s)",
        "| FMEA (AIAG-VDA action priority) | 1 worksheet(s) with 25 failure mode(s) | actions due 2027-01-15 to 2027-03-31 |",
        "| # | Action | Owner | Due | Status | Resources | KRI / trigger |",
        "| 10 person-days 25,000 EUR |",
        "Resources for these actions: **12.5 person-days** and **25,000 EUR**.",
        "Next review: 2027-05-28",
        "Cadence: every 6 months",
        "| 1 | Selection-rate ratio by sex below 0.7 for two consecutive weeks | Head of credit risk | Human review of every case |",
        "| 2 | PSI ≥ 0.25 on income | — | Fixed rules |",
        "criterion 2: nobody decides.",
    ] {
        assert!(text.contains(needle), "{needle:?} missing");
    }
    // A fixed date wins over the cadence.
    let mut fixed = project.clone();
    fixed.review.next_review = riskbench::model::IsoDate::from_ymd(2027, 2, 1);
    let doc = plan::build(&fixed, &PlanOptions::all(date), &[]);
    assert_eq!(doc.meta.next_review, "2027-02-01");

    // The cover of the PDF shows it.
    let bytes = render_pdf(&doc).unwrap();
    let path = write_temp("next-review.pdf", &bytes);
    let cover = squash(&crate::support::pdf::page_text(path.to_str().unwrap(), 1));
    assert!(cover.contains("Next review 2027-02-01"), "{cover}");
}

#[test]
fn a_project_without_the_new_parts_says_what_is_missing() {
    use riskbench::report::plan::{self, PlanOptions};
    let project = sample_project();
    assert!(project.review.is_empty() && project.kill_switch.is_empty());
    let doc = plan::build(&project, &PlanOptions::all(project.metadata.modified), &[]);
    assert_eq!(doc.meta.next_review, "not scheduled");
    let text = doc.to_outline_text();
    assert!(text.contains("Next review: not scheduled"));
    assert!(text.contains("(No kill-switch criteria are recorded"));
    assert!(!text.contains("Resources for these actions"));
}

#[test]
fn the_new_fields_survive_a_save_and_are_absent_from_files_without_them() {
    let project = sample_with_the_new_parts();
    let text = ron::ser::to_string_pretty(&project, ron::ser::PrettyConfig::default()).unwrap();
    assert!(text.contains("kill_switch:") && text.contains("cadence_months: Some(6)"));
    assert!(text.contains("effort_days: Some(10.0)") && text.contains(" cost: Some(25000.0)"));
    let back: riskbench::model::Project = ron::from_str(&text).unwrap();
    assert_eq!(back, project);
    let plain =
        ron::ser::to_string_pretty(&sample_project(), ron::ser::PrettyConfig::default()).unwrap();
    for absent in [
        "kill_switch",
        "cadence_months",
        "next_review",
        "effort_days",
        " cost: ",
    ] {
        assert!(!plain.contains(absent), "{absent}");
    }
}
