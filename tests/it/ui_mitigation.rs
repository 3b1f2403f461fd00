//! Measure › Mitigations driven with `egui_kittest`: load a saved audit with a score, move the threshold
//! slider with the keyboard and see the per-group numbers follow, set a review band and see the cases it
//! routes, find per-group thresholds and adopt them as a control of a risk, then find the control and the
//! evidence link on the risk.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::ui as support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::fairness::Metric;
use riskbench::analysis::mitigation::{ScoredSpec, ThresholdIndex, load_scored};
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;
use riskbench::model::audit::{AuditSpec, SavedAudit};
use riskbench::model::{Document, file};
use riskbench::ui::mitigation::{MitigationScreen, mitigation_ui};

const AUDIT: &str = "Approval score by sex";

type State = (MitigationScreen, Document);

fn harness() -> (tempfile::TempDir, Harness<'static, State>) {
    let (dir, path) = support::sample_copy();
    let mut project = file::load_project(&path).unwrap().project;
    project.audits.push(SavedAudit {
        audit_id: "audit-99".into(),
        name: AUDIT.into(),
        dataset_id: "ds-1".into(),
        spec: AuditSpec {
            label: "y_true".into(),
            score: Some("y_prob".into()),
            threshold: Some(0.5),
            sensitive: vec!["sex".into()],
            ..AuditSpec::default()
        },
    });
    let doc = Document::new(project, Some(path));
    let harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 1600.0))
        .build_ui_state(
            |ui, state: &mut State| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| mitigation_ui(ui, &mut state.0, &mut state.1));
            },
            (MitigationScreen::default(), doc),
        );
    (dir, harness)
}

fn click(harness: &mut Harness<'_, State>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

#[test]
fn slider_band_and_adopt() {
    let (dir, mut harness) = harness();
    harness.run_steps(2);
    click(&mut harness, "Audit");
    click(&mut harness, AUDIT);
    click(&mut harness, "Load data");
    assert!(
        harness.state().0.error.is_none(),
        "{:?}",
        harness.state().0.error
    );
    assert!(harness.state().0.loaded.is_some());
    assert!((harness.state().0.threshold - 0.5).abs() < 1e-12);

    // The engine, directly, on the same file.
    let df = read_table(
        &dir.path().join("data/german_credit_with_predictions.csv"),
        &TaskControl::new(),
    )
    .unwrap();
    let data = load_scored(
        &df,
        &ScoredSpec {
            label: "y_true".into(),
            score: "y_prob".into(),
            sensitive: vec!["sex".into()],
            ..ScoredSpec::default()
        },
    )
    .unwrap();
    let index = ThresholdIndex::build(&data);

    // Move the slider with the keyboard: an arrow press moves it one step of 0.01.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Threshold")
        .focus();
    harness.run_steps(1);
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(2);
    let t = harness.state().0.threshold;
    assert!((t - 0.51).abs() < 1e-9, "threshold {t}");
    let m = index.metrics_at(&[t, t]);
    for g in 0..2 {
        let shown = format!("{:.3}", m.group(g, Metric::SelectionRate).unwrap());
        assert!(
            harness.query_all_by_label(&shown).next().is_some(),
            "selection rate {shown} shown"
        );
    }

    // A review band from 0.4 to 0.6.
    click(&mut harness, "Send a score band to review");
    harness.state_mut().0.band_low = 0.4;
    harness.state_mut().0.band_high = 0.6;
    harness.run_steps(2);
    let routed = data
        .scores
        .iter()
        .filter(|s| (0.4..0.6).contains(*s))
        .count();
    let text = format!("{routed} of {} cases go to review", data.rows());
    assert!(
        harness.query_all_by_label_contains(&text).next().is_some(),
        "{text}"
    );

    // Per-group thresholds, adopted as a control of R-1.
    click(&mut harness, "Find thresholds");
    assert!(
        harness.state().0.solution.is_some(),
        "{:?}",
        harness.state().0.error
    );
    click(&mut harness, "Risk");
    let r1 = harness
        .state()
        .1
        .project()
        .risks
        .iter()
        .find(|r| r.risk_id == "R-1")
        .map(|r| format!("R-1 {}", r.title))
        .unwrap();
    click(&mut harness, &r1);
    assert_eq!(harness.state().0.risk_id.as_deref(), Some("R-1"));
    click(&mut harness, "Adopt as control");
    assert_eq!(harness.state().0.adopted.as_deref(), Some("M-1"));
    harness.get_by_label("Adopted as M-1");
    let project = harness.state().1.project();
    assert_eq!(project.mitigations.len(), 1);
    let risk = project.risks.iter().find(|r| r.risk_id == "R-1").unwrap();
    assert!(
        risk.controls
            .iter()
            .any(|c| c.name.starts_with("Per-group thresholds"))
    );
    assert!(
        risk.evidence
            .iter()
            .any(|e| e.reference == "mitigation M-1")
    );
    assert!(harness.state().1.can_undo());
}
