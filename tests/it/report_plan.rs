//! The treatment plan built from a project: `ReportDoc` snapshot of the sample, the PDF written by
//! `riskbench report` (sections, key numbers, embedded fonts, determinism) and empty-section wording.

use crate::support::pdf as common;

use crate::support::riskbench;
use std::path::{Path, PathBuf};

use common::{poppler, snapshot, squash};
use riskbench::model::file;
use riskbench::model::{IsoDate, Project};
use riskbench::report::plan::{self, PlanOptions, PlanSection};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/loan_approval/loan_approval.riskbench.ron")
}

#[test]
fn sample_report_outline_snapshot() {
    let project = file::load_project(&sample()).unwrap().project;
    let doc = plan::build(&project, &PlanOptions::all(project.metadata.modified), &[]);
    snapshot("loan_approval_report_outline.txt", &doc.to_outline_text());
}

#[test]
fn cli_report_writes_a_complete_deterministic_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    let sample = sample();
    let sample = sample.to_str().unwrap();
    for out in [&a, &b] {
        let run = riskbench(&["report", sample, "-o", out.to_str().unwrap()]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "same project, same bytes"
    );

    let a = a.to_str().unwrap();
    let info = poppler("pdfinfo", &[a]);
    assert!(
        info.contains("Title:           AI Risk Treatment Plan"),
        "{info}"
    );
    assert!(info.contains("Keywords:"), "{info}");
    let fonts = poppler("pdffonts", &[a]);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!embedded.is_empty(), "{fonts}");
    for line in embedded {
        assert!(
            line.contains(" yes yes yes "),
            "font not embedded with Unicode map: {line}"
        );
    }
    let text = squash(&poppler("pdftotext", &[a, "-"]));
    for section in PlanSection::ALL {
        assert!(
            text.contains(section.title()),
            "missing section {:?}",
            section.title()
        );
    }
    for needle in [
        "Document control",
        "Consumer loan pre-screening model",
        "e24972c2613f79682cd6",
        "25 failure modes",
        "Priya Raman",
        "17–25",
        "Page 2 of",
        "Confidential",
        "Fairness audit: Approval by sex",
        "Fairness audit: Synthetic applications by race and sex",
        "Demographic parity ratio",
        "Selection rate and true positive rate by sex",
        "stratified bootstrap, 1000 resamples",
    ] {
        assert!(text.contains(needle), "the PDF text lacks {needle:?}");
    }
}

#[test]
fn the_date_comes_from_the_project_or_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.pdf");
    let run = riskbench(&[
        "report",
        sample().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--date",
        "2027-01-15",
    ]);
    assert!(run.status.success());
    let info = poppler("pdfinfo", &[out.to_str().unwrap()]);
    assert!(info.contains("2027"), "{info}");

    let run = riskbench(&[
        "report",
        sample().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--date",
        "15/01/2027",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("YYYY-MM-DD") && err.lines().count() == 1,
        "{err}"
    );

    let run = riskbench(&[
        "report",
        "/nonexistent/x.riskbench.ron",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn empty_sections_say_so_in_one_line() {
    let project = Project::blank("Empty system", IsoDate::from_ymd(2026, 1, 1).unwrap());
    let doc = plan::build(
        &project,
        &PlanOptions::all(IsoDate::from_ymd(2026, 2, 1).unwrap()),
        &[],
    );
    let text = doc.to_outline_text();
    assert!(text.contains("No FMEA was performed."), "{text}");
    assert!(text.contains("No datasets were used."), "{text}");
    assert!(
        text.contains("No approvers are named in the project."),
        "{text}"
    );
    let pdf = riskbench::report::render_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn chosen_sections_and_classification_are_respected() {
    let project = file::load_project(&sample()).unwrap().project;
    let options = PlanOptions {
        date: IsoDate::from_ymd(2026, 12, 1).unwrap(),
        classification: Some(riskbench::model::Classification::StrictlyConfidential),
        sections: vec![PlanSection::Evidence],
        signatories: None,
    };
    let doc = plan::build(&project, &options, &[]);
    let text = doc.to_outline_text();
    assert!(text.contains("Evidence"));
    assert!(!text.contains("FMEA worksheets"), "{text}");
    assert_eq!(doc.meta.classification, "Strictly confidential");
}
