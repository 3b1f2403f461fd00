//! Measure › Drift & monitoring with `egui_kittest`: compare two datasets of a project, open a column, run
//! the same data over monthly windows with fairness drift, and turn the fairness-drift result into a KRI on a
//! risk's action (breached, so the risk is flagged for review and gets a drift evidence link).

use crate::support::ui as support;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::dataset::{inspect_file, new_dataset_ref};
use riskbench::analysis::task::TaskControl;
use riskbench::model::drift::{DriftMethod, KriStatus, WindowSize};
use riskbench::model::register::EvidenceKind;
use riskbench::model::{IsoDate, Project, file};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::drift::{DriftScreen, Tab};
use riskbench::ui::sections::Section;

fn write_files(dir: &Path) {
    // Bad input beside the good columns: `old` only in the reference, `mixed` numbers then text.
    let mut reference = String::from("x,cat,old,mixed\n");
    let mut current = String::from("x,cat,mixed\n");
    for i in 0..60u32 {
        let _ = writeln!(
            reference,
            "{i}.5,{},{i},{i}",
            ["A", "B", "C"][(i % 3) as usize]
        );
        let _ = writeln!(
            current,
            "{}.5,{},v{}",
            i + 30,
            ["A", "C", "C"][(i % 3) as usize],
            i % 4
        );
    }
    std::fs::write(dir.join("reference.csv"), reference).expect("ui drift test");
    std::fs::write(dir.join("current.csv"), current).expect("ui drift test");
    let mut dated = String::from("when,sex,label,pred\n");
    for month in 1..=3u32 {
        for i in 0..40u32 {
            let female = i % 2 == 0;
            let approved = !female || i / 2 < 22 - 4 * month;
            let _ = writeln!(
                dated,
                "2024-{month:02}-{:02},{},1,{}",
                i % 28 + 1,
                if female { "female" } else { "male" },
                u8::from(approved)
            );
        }
    }
    std::fs::write(dir.join("dated.csv"), dated).expect("ui drift test");
}

fn project(dir: &Path) -> std::path::PathBuf {
    write_files(dir);
    let mut p = Project::blank(
        "Loans",
        IsoDate::from_ymd(2026, 1, 1).expect("ui drift test"),
    );
    for name in ["reference.csv", "current.csv", "dated.csv"] {
        let path = dir.join(name);
        let info = inspect_file(&path, &TaskControl::new()).expect("ui drift test");
        let d = new_dataset_ref(&p, &path, Some(dir), info);
        p.datasets.push(d);
    }
    p.risks.push(crate::support::monitoring_risk());
    let path = dir.join("loans.riskbench.ron");
    file::save_project(&path, &p).expect("ui drift test");
    path
}

/// A copy of the moderation sample (project and data) in a temporary folder.
fn moderation_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let src = crate::support::root().join("sample_projects/moderation_incident");
    let dir = tempfile::tempdir().expect("ui drift test");
    std::fs::create_dir_all(dir.path().join("data")).expect("ui drift test");
    for entry in std::fs::read_dir(src.join("data")).expect("ui drift test") {
        let entry = entry.expect("ui drift test");
        std::fs::copy(
            entry.path(),
            dir.path().join("data").join(entry.file_name()),
        )
        .expect("ui drift test");
    }
    let path = dir.path().join("moderation_incident.riskbench.ron");
    std::fs::copy(src.join("moderation_incident.riskbench.ron"), &path).expect("ui drift test");
    (dir, path)
}

fn wait(harness: &mut Harness<'_, RiskbenchApp>) {
    let start = Instant::now();
    harness.run_steps(2);
    while harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test")
        .is_running()
    {
        assert!(
            start.elapsed() < Duration::from_mins(1),
            "drift did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    harness.run_steps(3);
}

#[test]
fn compare_open_a_column_and_turn_fairness_drift_into_a_kri() {
    let dir = tempfile::tempdir().expect("ui drift test");
    let path = project(dir.path());
    let mut harness = support::app_sized(Some(path), egui::vec2(1500.0, 1100.0));
    harness.get_by_label(Section::Drift.label()).click();
    harness.run_steps(2);
    assert_eq!(harness.state().section(), Section::Drift);
    let ids: Vec<String> = harness
        .state()
        .document()
        .project()
        .datasets
        .iter()
        .map(|d| d.dataset_id.clone())
        .collect();
    harness
        .state_mut()
        .screens_mut()
        .get_mut::<DriftScreen>()
        .expect("ui drift test")
        .choose_datasets(&ids[0], &ids[1]);
    harness.get_by_label("Compare datasets").click();
    harness.step();
    // The run is one of the app's background jobs (listed in the status bar with progress and cancel).
    assert!(harness.state().is_busy());
    wait(&mut harness);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test");
    let report = screen.report.as_ref().expect("a drift report");
    assert_eq!(report.drift.drifted_columns, ["cat", "x"]);
    // The result is saved in the project with both fingerprints.
    let project = harness.state().document().project();
    let saved = &project.drift.drifts[0];
    assert_eq!(
        saved.result.as_ref().expect("ui drift test").columns.len(),
        2
    );
    assert_eq!(
        saved
            .result
            .as_ref()
            .expect("ui drift test")
            .reference_sha256,
        project.datasets[0].sha256
    );

    harness.get_by_label("Open x").click();
    harness.run_steps(3);
    assert_eq!(
        harness
            .state()
            .screens()
            .get::<DriftScreen>()
            .expect("ui drift test")
            .open_column
            .as_deref(),
        Some("x")
    );
    harness.get_by_label_contains("x: Evidently default: numeric with");
    // The columns that could not be compared are named with the reason; the others were computed.
    harness.get_by_label("column \"old\" is missing from the current file");
    harness.get_by_label(
        "column \"mixed\" is numeric in the reference file and text in the current file (i64 vs str)",
    );
    // Another test for x is saved in the project's drift configuration and applied by the next run.
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Test")
        .click();
    harness.run_steps(2);
    harness.get_by_label("psi (PSI)").click();
    harness.run_steps(3);
    let saved = &harness.state().document().project().drift.drifts[0];
    let choice = &saved.options.overrides["x"];
    assert_eq!(choice.method, Some(DriftMethod::Psi));
    assert_eq!(choice.threshold, Some(0.1));
    harness.get_by_label("Compare datasets").click();
    wait(&mut harness);
    let report = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test")
        .report
        .clone()
        .expect("a drift report");
    let x = &report.drift.columns["x"];
    assert_eq!(x.method, DriftMethod::Psi);
    assert!((x.statistic - x.psi).abs() < 1e-15);
    assert_eq!(x.rule, "set by the user (default: ks)");
    assert_eq!(harness.state().document().project().drift.drifts.len(), 1);

    // Over time, with fairness drift by sex.
    {
        let screen = harness
            .state_mut()
            .screens_mut()
            .get_mut::<DriftScreen>()
            .expect("ui drift test");
        screen.choose_datasets(&ids[2], "");
        screen.choose_windows("when", WindowSize::Month, "label", "pred", "sex");
        screen.choose_kri_risk("R-1");
    }
    // The windows setup reads the dataset's columns for its pickers in the background.
    support::settle(&mut harness);
    harness.get_by_label("Run over time").click();
    wait(&mut harness);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test");
    let windows = screen.windows.as_ref().expect("windows");
    assert_eq!(windows.windows.len(), 3);
    assert_eq!(screen.tab, Tab::OverTime);
    // The fairness-drift chart: the three summary differences per window against the project's 0.1.
    let fairness = &screen.drawn["fairness-drift"];
    assert_eq!(fairness.threshold, Some(0.1));
    let names: Vec<&str> = fairness.series.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "demographic_parity_difference",
            "equal_opportunity_difference",
            "equalized_odds_difference"
        ]
    );
    let dp = &fairness.series[0].1;
    assert_eq!(dp.len(), 3);
    for ((got, want), x) in dp.iter().zip([0.1, 0.3, 0.5]).zip([0.0, 1.0, 2.0]) {
        assert!((got[1] - want).abs() < 1e-12, "{dp:?}");
        assert!((got[0] - x).abs() < f64::EPSILON);
    }
    // The prediction is charted first: its statistic in February and March (January is the reference).
    let column = &screen.drawn["drift-over-time"];
    assert_eq!(column.series.len(), 1);
    assert_eq!(column.series[0].0, "pred");
    assert_eq!(column.series[0].1.len(), 2);
    assert_eq!(column.threshold, Some(0.05));
    // Select another column in the table: its chart replaces the prediction's.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "sex")
        .click();
    harness.run_steps(3);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test");
    assert_eq!(screen.over_time_column.as_deref(), Some("sex"));
    let column = &screen.drawn["drift-over-time"];
    assert_eq!(column.series[0].0, "sex");
    // Same 20/20 split each month: z-test p = 1, no drift.
    assert_eq!(
        column.series[0].1,
        vec![[1.0, 1.0], [2.0, 1.0]],
        "{:?}",
        column.series
    );
    // Per-group selection rates with Wilson intervals: women 0.9, 0.7, 0.5; men always 1.
    harness.get_by_label("Selection rate by group").click();
    harness.run_steps(3);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test");
    let rates = &screen.drawn["fairness-drift"];
    assert_eq!(rates.threshold, None);
    assert_eq!(rates.series.len(), 2);
    assert_eq!(rates.series[0].0, "sex=female");
    let female: Vec<f64> = rates.series[0].1.iter().map(|p| p[1]).collect();
    for (got, want) in female.iter().zip([0.9, 0.7, 0.5]) {
        assert!((got - want).abs() < 1e-12, "{female:?}");
    }
    assert_eq!(female.len(), 3);
    assert_eq!(rates.series[1].0, "sex=male");
    assert_eq!(rates.series[1].1, vec![[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]);

    // Monitors: the demographic parity difference of the latest window becomes a KRI on R-1's action.
    harness.get_by_label("Monitors (KRIs)").click();
    harness.run_steps(3);
    harness.get_by_label("Add KRI").click();
    harness.run_steps(3);
    let project = harness.state().document().project();
    assert_eq!(project.drift.monitors.len(), 1);
    let monitor = &project.drift.monitors[0];
    assert_eq!(monitor.metric, "fairness:sex:demographic_parity_difference");
    assert_eq!(monitor.action_id, "A-1");
    assert!((monitor.latest_value.expect("ui drift test") - 0.5).abs() < 1e-12);
    assert_eq!(monitor.status(), KriStatus::Breached);
    let risk = &project.risks[0];
    assert!(
        risk.actions[0].kri.contains("Breached"),
        "{}",
        risk.actions[0].kri
    );
    assert_eq!(
        risk.needs_review.as_deref(),
        Some("KRI kri-1 breached (fairness:sex:demographic_parity_difference)")
    );
    assert!(
        risk.evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::DriftResult)
    );
    harness.get_by_label("Breached");
}

/// The drift screen, checked to show the moderation sample's weekly drift (drift-1, 12 windows, Over time).
fn weekly_drift_shown<'h>(harness: &'h Harness<'_, RiskbenchApp>) -> &'h DriftScreen {
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test");
    assert_eq!(screen.drift_id(), Some("drift-1"));
    assert_eq!(screen.windows.as_ref().expect("windows").windows.len(), 12);
    assert_eq!(screen.tab, Tab::OverTime);
    screen
}

/// Opening the drift screen of a project with saved drifts shows the latest one, run again in the
/// background, without choosing it; "New drift" leaves it for an empty setup, and it is not re-opened.
#[test]
fn the_screen_opens_on_the_latest_saved_drift() {
    let (_dir, path) = moderation_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1500.0, 1100.0));
    harness.get_by_label(Section::Drift.label()).click();
    harness.run_steps(2);
    wait(&mut harness);
    weekly_drift_shown(&harness);
    harness.get_by_label("New drift").click();
    harness.run_steps(3);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("ui drift test");
    assert_eq!(screen.drift_id(), None);
    assert!(!screen.is_running());
}

/// The moderation sample's saved weekly drift, chosen on the screen, runs again in the background and gives
/// the saved result exactly (the project stays unchanged), with its fairness-drift chart drawn from it.
#[test]
fn a_saved_drift_runs_again_to_the_same_result() {
    let (_dir, path) = moderation_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1500.0, 1100.0));
    harness.get_by_label(Section::Drift.label()).click();
    harness.run_steps(2);
    let before = harness.state().document().project().clone();
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Saved drift")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label("Weekly false positive rate by dialect (drift-1)")
        .click();
    wait(&mut harness);
    let screen = weekly_drift_shown(&harness);
    assert_eq!(*harness.state().document().project(), before);
    let saved = before.drift.drifts[0]
        .result
        .as_ref()
        .expect("saved result");
    let dp = saved
        .fairness_series
        .iter()
        .find(|s| s.metric == "demographic_parity_difference" && s.group.is_empty())
        .expect("saved series");
    let drawn = &screen.drawn["fairness-drift"].series;
    let (name, points) = &drawn[0];
    assert_eq!(name, "demographic_parity_difference");
    let values: Vec<Option<f64>> = points.iter().map(|p| Some(p[1])).collect();
    assert_eq!(values, dp.values);
    // The prediction (removed) drifted in weeks 8 to 10, when model v2 ran.
    let column = &screen.drawn["drift-over-time"];
    assert_eq!(column.series[0].0, "removed");
    harness.get_by_label_contains(
        "Prediction drift (removed, Two-proportion z-test): drift in 2026-W08, 2026-W09, 2026-W10",
    );
}
