//! Measure › Mitigations driven with `egui_kittest` in the whole app (the audit's data is loaded by a job of
//! the app, awaited with `support::wait_until`): load a saved audit with a score; drag the threshold slider
//! with the pointer and move it with the keyboard and see the per-group numbers follow; the curves computed
//! once; per-group thresholds set by hand; a review band and the cases it routes; the threshold search at
//! tolerance 0 (Fairlearn's randomized solution in words) and a frontier point picked; every kind of option
//! adopted as a control of a risk, with the control, the evidence link and the residual suggestion shown;
//! reweighing adopted and its weights saved through the path prompt that stands in for the native file
//! dialog (the same file as `mitigate reweigh --write-weights`).

#![expect(
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "in test helpers a failed unwrap is a failed test; thresholds are copied, not computed"
)]

use std::path::Path;

use crate::support::ui as support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::fairness::Metric;
use riskbench::analysis::mitigation::fairlearn::explain;
use riskbench::analysis::mitigation::options::DecisionOption;
use riskbench::analysis::mitigation::reweigh::reweigh;
use riskbench::analysis::mitigation::{ScoredData, ScoredSpec, ThresholdIndex, load_scored};
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;
use riskbench::model::audit::{AuditSpec, SavedAudit};
use riskbench::model::mitigation::{MitigationRule, residual_suggestion};
use riskbench::model::{Project, file};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::mitigation::{MitigationScreen, OptionKind};

const AUDIT: &str = "Approval score by sex";

/// The whole app (the screen runs its load as a job of the app).
pub(crate) type State = RiskbenchApp;

fn with_audit(project: &mut Project) {
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
}

/// The app on `project` (saved to `path` first), tall enough to show the whole screen, on Measure ›
/// Mitigations.
pub(crate) fn app_on(path: &Path, project: &Project) -> Harness<'static, State> {
    file::save_project(path, project).unwrap();
    let mut harness = support::app_sized(Some(path.to_path_buf()), egui::vec2(1400.0, 5200.0));
    support::click(
        &mut harness,
        riskbench::ui::sections::Section::Mitigations.label(),
    );
    harness
}

pub(crate) fn harness() -> (tempfile::TempDir, Harness<'static, State>) {
    let (dir, path) = support::sample_copy();
    let mut project = file::load_project(&path).unwrap().project;
    with_audit(&mut project);
    let harness = app_on(&path, &project);
    (dir, harness)
}

/// The mitigation screen of the app.
pub(crate) fn screen<'a>(harness: &'a Harness<'_, State>) -> &'a MitigationScreen {
    harness.state().screens().get::<MitigationScreen>().unwrap()
}

/// The mitigation screen of the app, to change a setting as a drag would.
pub(crate) fn screen_mut<'a>(harness: &'a mut Harness<'_, State>) -> &'a mut MitigationScreen {
    harness
        .state_mut()
        .screens_mut()
        .get_mut::<MitigationScreen>()
        .unwrap()
}

/// Chooses the saved audit `name`, loads its data (a job of the app, in the status bar) and waits for the
/// load to end.
pub(crate) fn load_audit(harness: &mut Harness<'_, State>, name: &str) {
    click(harness, "Audit");
    click(harness, name);
    click(harness, "Load data");
    support::wait_until(harness, "the end of the load", |h| {
        let s = screen(h);
        !s.is_loading() && (s.loaded.is_some() || s.error.is_some())
    });
}

pub(crate) fn click(harness: &mut Harness<'_, State>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

/// Opens the adopt panel's risk picker and chooses R-1 (listed as "R-1 <title>").
pub(crate) fn choose_risk_r1(harness: &mut Harness<'_, State>) {
    support::click(harness, "Risk");
    let r1 = support::project(harness)
        .risks
        .iter()
        .find(|r| r.risk_id == "R-1")
        .map(|r| format!("R-1 {}", r.title))
        .expect("the sample has R-1");
    support::click(harness, &r1);
}

/// The engine, directly, on the sample's data.
pub(crate) fn engine(dir: &Path) -> (ScoredData, ThresholdIndex) {
    let df = read_table(
        &dir.join("data/german_credit_with_predictions.csv"),
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
    (data, index)
}

pub(crate) fn load(harness: &mut Harness<'_, State>) {
    load_audit(harness, AUDIT);
    assert!(!screen(harness).is_loading());
    assert!(
        screen(harness).error.is_none(),
        "{:?}",
        screen(harness).error
    );
    assert!(screen(harness).loaded.is_some());
}

pub(crate) fn shown(harness: &Harness<'_, State>, text: &str) -> bool {
    harness.query_all_by_label(text).next().is_some()
}

pub(crate) fn adopt(harness: &mut Harness<'_, State>, option: &str) {
    click(harness, option);
    click(harness, "Adopt as control");
    assert!(
        screen(harness).error.is_none(),
        "{:?}",
        screen(harness).error
    );
}

#[test]
fn slider_curves_band_search_and_adopt() {
    let (dir, mut harness) = harness();
    load(&mut harness);
    assert!((screen(&harness).threshold - 0.5).abs() < 1e-12);
    let (data, index) = engine(dir.path());
    // The curves are computed once, with the core's sweep: 201 thresholds per group, a ROC curve each.
    let loaded = screen(&harness).loaded.as_ref().unwrap();
    assert_eq!(loaded.curves.len(), 2);
    assert!(loaded.curves.iter().all(|c| c.rates.len() == 201));
    assert!(loaded.curves.iter().all(|c| c.roc.is_some()));

    // Drag the slider with the pointer to three quarters of its rail.
    let rect = harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Threshold")
        .rect();
    let from = rect.center();
    let to = egui::pos2(rect.left() + rect.width() * 0.75, rect.center().y);
    harness.hover_at(from);
    harness.drag_at(from);
    harness.run_steps(1);
    harness.hover_at(to);
    harness.run_steps(1);
    harness.drop_at(to);
    harness.run_steps(2);
    let dragged = screen(&harness).threshold;
    assert!(dragged > 0.6 && dragged < 0.9, "dragged to {dragged}");
    // An arrow press moves it one step of 0.01.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Threshold")
        .focus();
    harness.run_steps(1);
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(2);
    let t = screen(&harness).threshold;
    assert!((t - dragged - 0.01).abs() < 1e-9, "threshold {t}");
    let m = index.metrics_at(&[t, t]);
    for g in 0..2 {
        let text = format!("{:.3}", m.group(g, Metric::SelectionRate).unwrap());
        assert!(shown(&harness, &text), "selection rate {text} shown");
    }

    // A review band from 0.4 to 0.6.
    click(&mut harness, "Send a score band to review");
    screen_mut(&mut harness).band_low = 0.4;
    screen_mut(&mut harness).band_high = 0.6;
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
        screen(&harness).solution.is_some(),
        "{:?}",
        screen(&harness).error
    );
    choose_risk_r1(&mut harness);
    assert_eq!(screen(&harness).risk_id.as_deref(), Some("R-1"));
    adopt(&mut harness, "Option: searched thresholds");
    assert_eq!(screen(&harness).adopt_kind, OptionKind::Searched);
    assert_eq!(screen(&harness).adopted.as_deref(), Some("M-1"));
    harness.get_by_label("Adopted as M-1");
    let project = harness.state().document().project();
    assert_eq!(project.mitigations.len(), 1);
    assert!(matches!(
        project.mitigations[0].rule,
        MitigationRule::GroupThresholds { .. }
    ));
    let risk = project.risks.iter().find(|r| r.risk_id == "R-1").unwrap();
    let control = risk
        .controls
        .iter()
        .find(|c| c.description.contains("(M-1,"))
        .unwrap();
    assert!(control.name.starts_with("Per-group thresholds"));
    assert!(
        risk.evidence
            .iter()
            .any(|e| e.reference == "mitigation M-1")
    );
    // The screen shows the control, the evidence link and the residual suggestion citing it.
    let control_text = format!(
        "Control on R-1: {} ({})",
        control.name,
        control.effectiveness.label()
    );
    let suggestion = residual_suggestion(project, "R-1").unwrap();
    assert!(suggestion.citations[0].starts_with("M-1 "));
    assert!(shown(&harness, &control_text), "{control_text}");
    assert!(shown(&harness, "Evidence on R-1: mitigation M-1"));
    assert!(shown(&harness, &suggestion.text), "{}", suggestion.text);
    assert!(harness.state().document().can_undo());

    // The review band is adopted too, as a second control of R-1.
    adopt(&mut harness, "Option: review band");
    let project = harness.state().document().project();
    assert_eq!(project.mitigations.len(), 2);
    let band = &project.mitigations[1];
    assert_eq!(
        band.rule,
        MitigationRule::ReviewBand {
            threshold: t,
            low: 0.4,
            high: 0.6,
            column: String::new(),
            group_thresholds: std::collections::BTreeMap::new(),
        }
    );
    #[expect(clippy::cast_precision_loss, reason = "1,000 rows")]
    let share = routed as f64 / data.rows() as f64;
    assert!((band.metrics_after["routed_share"] - share).abs() < 1e-12);
    assert!(shown(&harness, "Evidence on R-1: mitigation M-2"));
    // Both are listed as adopted on this dataset, re-evaluated on the data: the same numbers as recorded.
    assert!(
        harness
            .query_all_by_label_contains("Options adopted on this dataset (2)")
            .next()
            .is_some()
    );
    let routed = format!("{:.4}", band.metrics_after["routed_share"]);
    assert!(
        harness.query_all_by_label(&routed).count() >= 2,
        "recorded and current {routed}"
    );
}

#[test]
fn hand_thresholds_randomized_solution_and_frontier_point() {
    let (dir, mut harness) = harness();
    load(&mut harness);
    let (data, index) = engine(dir.path());
    // Five steps down for women, by keyboard.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Threshold for sex=female")
        .focus();
    harness.run_steps(1);
    for _ in 0..5 {
        harness.key_press(egui::Key::ArrowLeft);
        harness.run_steps(1);
    }
    harness.run_steps(1);
    let hand = screen(&harness).group_thresholds.clone();
    assert_eq!(hand.len(), 2);
    assert!((hand[0] - 0.45).abs() < 1e-9 && hand[1] == 0.5, "{hand:?}");
    let m = index.metrics_at(&hand);
    let text = format!("{:.3}", m.group(0, Metric::SelectionRate).unwrap());
    assert!(shown(&harness, &text), "{text}");

    // The flips of the hand-set option, with their bootstrap interval, as the core computes them.
    click(&mut harness, "Option: thresholds set by hand");
    let settings = harness
        .state()
        .document()
        .project()
        .settings
        .fairness
        .clone();
    let flips = DecisionOption::Thresholds(hand.clone()).flips(
        &index,
        &data.groups,
        &[0.5, 0.5],
        settings.bootstrap_resamples as usize,
        settings.confidence_level,
        settings.bootstrap_seed,
    );
    assert!(flips[0].to_positive > 0 && flips[1].to_positive == 0);
    let interval = format!(
        "{:.1} % – {:.1} %",
        flips[0].interval[0] * 100.0,
        flips[0].interval[1] * 100.0
    );
    assert!(shown(&harness, &interval), "{interval}");

    // Tolerance 0: Fairlearn's exact randomized solution, in plain words.
    screen_mut(&mut harness).tolerance = 0.0;
    harness.run_steps(1);
    click(&mut harness, "Find thresholds");
    let solution = screen(&harness).solution.clone().unwrap();
    let entries = solution.randomized.clone().unwrap();
    assert!(shown(
        &harness,
        "Fairlearn's randomized solution, in plain words:"
    ));
    for e in &entries {
        let words = explain(e, "applicants");
        assert!(shown(&harness, &words), "{words}");
    }
    assert!(
        solution
            .explanation
            .iter()
            .any(|l| l.contains("approved at random")),
        "{:?}",
        solution.explanation
    );
    // Adopting it records Fairlearn's rule.
    adopt(&mut harness, "Option: searched thresholds");
    let m1 = &harness.state().document().project().mitigations[0];
    assert!(matches!(m1.rule, MitigationRule::Randomized { .. }));
    assert!(m1.risk_id.is_none());

    // A frontier point picked from the table fills the sliders and becomes the searched option.
    click(&mut harness, "Frontier points");
    let i = solution
        .frontier
        .iter()
        .position(|p| p.tolerance == 0.05)
        .unwrap();
    click(&mut harness, "Use tolerance 0.05");
    assert_eq!(screen(&harness).picked_point, Some(i));
    let picked = solution.frontier[i].thresholds.clone();
    assert_eq!(screen(&harness).group_thresholds, picked);
    assert!(shown(&harness, "Picked (tolerance 0.05)"));
    adopt(&mut harness, "Option: searched thresholds");
    let m2 = &harness.state().document().project().mitigations[1];
    let MitigationRule::GroupThresholds { thresholds, .. } = &m2.rule else {
        panic!("{:?}", m2.rule);
    };
    assert_eq!(thresholds["female"], picked[0]);
    assert_eq!(thresholds["male"], picked[1]);
    // And the slider threshold for everyone is a plain threshold rule.
    adopt(&mut harness, "Option: slider threshold");
    assert_eq!(
        harness.state().document().project().mitigations[2].rule,
        MitigationRule::Threshold { threshold: 0.5 }
    );
}

#[test]
fn reweighing_panel_adopt_and_weights_file() {
    let (dir, mut harness) = harness();
    load(&mut harness);
    let (data, _) = engine(dir.path());
    click(&mut harness, "Compute reweighing");
    let r = reweigh(&data.labels, &data.group_of, &data.groups, None, ("1", "0"));
    assert_eq!(screen(&harness).reweighing.as_ref(), Some(&r));
    for c in &r.cells {
        let text = format!("{:.4}", c.weight.unwrap());
        assert!(shown(&harness, &text), "{text}");
    }
    adopt(&mut harness, "Option: reweighing");
    let m = &harness.state().document().project().mitigations[0];
    let MitigationRule::Reweighing { sensitive, weights } = &m.rule else {
        panic!("{:?}", m.rule);
    };
    assert_eq!(sensitive, &["sex".to_owned()]);
    assert_eq!(weights.len(), 4);
    assert_eq!(weights["female|1"], r.cells[0].weight.unwrap());
    // Reweighing makes the label independent of the group: no base-rate gap is left.
    assert!(m.metrics_after["base_rate_difference"].abs() < 1e-12);
    assert!(m.metrics_before["base_rate_difference"] > 0.01);

    click(&mut harness, "Save weights as CSV…");
    let out = dir.path().join("weights.csv");
    support::answer_path_prompt(&mut harness, &out);
    assert!(
        harness
            .query_all_by_label_contains("Wrote the weights of 1000 rows")
            .next()
            .is_some()
    );
    let cli_out = dir.path().join("weights-cli.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args([
            "mitigate",
            "reweigh",
            dir.path()
                .join("data/german_credit_with_predictions.csv")
                .to_str()
                .unwrap(),
            "--label",
            "y_true",
            "--sensitive",
            "sex",
            "--write-weights",
            cli_out.to_str().unwrap(),
            "--json",
            dir.path().join("reweigh.json").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&cli_out).unwrap()
    );
}

/// In the whole app: the weights are saved through the typed-path prompt that stands in for the native
/// file dialog.
#[test]
fn weights_saved_through_the_app_file_prompt() {
    let (dir, mut harness) = harness();
    load(&mut harness);
    support::click(&mut harness, "Compute reweighing");
    support::click(&mut harness, "Save weights as CSV…");
    let out = dir.path().join("weights-from-app.csv");
    support::answer_path_prompt(&mut harness, &out);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 1001);
    assert!(text.starts_with("row,weight\n1,"));
    assert!(
        harness
            .query_all_by_label_contains("Wrote the weights of 1000 rows")
            .next()
            .is_some()
    );

    // Reweighing adopted as a control of R-1, then the risk shown in the register: the control, the
    // evidence link and the residual suggestion citing the mitigation are there.
    support::click(&mut harness, "Option: reweighing");
    choose_risk_r1(&mut harness);
    support::click(&mut harness, "Adopt as control");
    let project = support::project(&harness);
    assert_eq!(project.mitigations.len(), 1);
    let risk = project.risks.iter().find(|r| r.risk_id == "R-1").unwrap();
    let control = risk
        .controls
        .iter()
        .find(|c| c.description.contains("(M-1,"))
        .unwrap()
        .clone();
    assert_eq!(control.name, "Reweighing of the training data");
    let suggestion = residual_suggestion(project, "R-1").unwrap();
    support::click(&mut harness, "Show R-1 in the register");
    support::settle(&mut harness);
    assert!(
        harness
            .query_all_by_label("Tested mitigations")
            .next()
            .is_some()
    );
    assert!(
        harness
            .query_all_by_value("mitigation M-1")
            .next()
            .is_some(),
        "the evidence link is on the risk"
    );
    support::click(&mut harness, "Controls");
    assert!(harness.query_all_by_value(&control.name).next().is_some());
    let citation = format!("• {}", suggestion.citations[0]);
    assert!(
        harness.query_all_by_label(&citation).next().is_some(),
        "{citation}"
    );
    assert!(
        harness
            .query_all_by_label(&suggestion.text)
            .next()
            .is_some(),
        "{}",
        suggestion.text
    );
    if let Some(rating) = suggestion.suggested {
        support::click(&mut harness, "Use the suggested residual rating");
        let risk = support::project(&harness)
            .risks
            .iter()
            .find(|r| r.risk_id == "R-1")
            .unwrap();
        assert_eq!(risk.residual, Some(rating));
    }
}
