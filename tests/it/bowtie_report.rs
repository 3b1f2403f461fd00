//! The "Bow-tie analyses" section of the treatment plan: present with a figure and a barrier table when the
//! project has bow-ties, absent when it has none.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use riskbench::model::bowtie::add_example;
use riskbench::model::register::{Control, Risk};
use riskbench::model::{IsoDate, Project};
use riskbench::report::plan::{self, PlanOptions, PlanSection};
use riskbench::report::{Block, render_pdf};

fn project_with_bowtie() -> Project {
    let date = IsoDate::from_ymd(2026, 11, 28).unwrap();
    let mut project = Project::blank("Loan model", date);
    let mut risk = Risk::new("R-1");
    "Unfair treatment of applicants".clone_into(&mut risk.title);
    risk.controls.push(Control {
        name: "Fairness gate before release".to_owned(),
        ..Control::default()
    });
    project.risks.push(risk);
    add_example(&mut project.bowties, Some("R-1")).unwrap();
    project
}

fn only(section: PlanSection, project: &Project) -> riskbench::report::ReportDoc {
    let options = PlanOptions {
        sections: vec![section],
        ..PlanOptions::all(project.metadata.modified)
    };
    plan::build(project, &options, &[])
}

#[test]
fn section_has_figure_table_and_warnings() {
    let project = project_with_bowtie();
    let doc = only(PlanSection::BowTies, &project);
    let outline = doc.to_outline_text();
    for needle in [
        "Bow-tie analyses",
        "BT-1 Unfair credit decisions",
        "Bow-tie BT-1: Unfair credit decisions",
        "Barriers of BT-1",
        "R-1 Unfair treatment of applicants",
    ] {
        assert!(
            outline.contains(needle),
            "{needle:?} missing from:\n{outline}"
        );
    }
    let landscape: Vec<&Vec<Block>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Landscape(inner) => Some(inner),
            _ => None,
        })
        .collect();
    assert_eq!(landscape.len(), 1);
    let inner = landscape[0];
    let figure = inner
        .iter()
        .find_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .unwrap();
    // The figure holds the drawing: every barrier name's first line is drawn as text.
    let texts: Vec<&str> = figure
        .shapes
        .iter()
        .filter_map(|s| match s {
            riskbench::report::Shape::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"Barrier colour: Effectiveness"));
    assert!(texts.iter().any(|t| t.starts_with("Human review of")));
    assert!(figure.width_mm > figure.height_mm);
    let table = inner
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .unwrap();
    assert_eq!(table.rows.len(), project.bowties.barriers.len());
    assert_eq!(table.columns.len(), 9);
    // The control link resolves, so only the unknown effectiveness is an open point.
    let callout = inner
        .iter()
        .find_map(|b| match b {
            Block::Callout(c) => Some(c.body.plain_text()),
            _ => None,
        })
        .unwrap();
    assert!(callout.contains("unknown effectiveness"), "{callout}");
    assert!(!callout.contains("does not exist"), "{callout}");
    let pdf = render_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(dir) = std::env::var_os("BOWTIE_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("bowtie_report.pdf"), &pdf).unwrap();
    }
}

#[test]
fn section_is_left_out_without_bowties() {
    let project = Project::blank("Loan model", IsoDate::from_ymd(2026, 11, 28).unwrap());
    let outline = only(PlanSection::BowTies, &project).to_outline_text();
    assert!(!outline.contains("Bow-tie analyses"), "{outline}");
}
