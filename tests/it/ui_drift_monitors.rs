//! The app-level review-flag refresh runs the drift monitors: a project saved with a drift result whose KRI
//! has no value yet (written by another tool, or saved before the KRI was added) opens with the KRI read
//! from the result, written on its register action, and the risk flagged for review — without the drift
//! screen ever being opened.

use crate::support::ui as support;

use riskbench::analysis::dataset::{inspect_file, new_dataset_ref};
use riskbench::analysis::task::TaskControl;
use riskbench::model::drift::{
    DriftMonitor, DriftSummary, FairnessSeries, KriDirection, KriStatus, SavedDrift,
};
use riskbench::model::{IsoDate, Project, file};
use riskbench::ui::drift::DriftScreen;
use riskbench::ui::sections::Section;

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let data = dir.join("loans.csv");
    std::fs::write(
        &data,
        "when,sex,label,pred\n2024-01-03,female,1,1\n2024-02-03,male,1,0\n",
    )
    .expect("monitor test");
    let mut p = Project::blank("Loans", IsoDate::from_ymd(2026, 1, 1).expect("date"));
    let info = inspect_file(&data, &TaskControl::new()).expect("monitor test");
    let dataset = new_dataset_ref(&p, &data, Some(dir), info);
    let sha = dataset.sha256.clone();
    let dataset_id = dataset.dataset_id.clone();
    p.datasets.push(dataset);
    p.risks.push(crate::support::monitoring_risk());
    p.drift.drifts.push(SavedDrift {
        drift_id: "drift-1".to_owned(),
        name: "Monthly loans".to_owned(),
        reference_dataset_id: dataset_id,
        result: Some(DriftSummary {
            reference_sha256: sha.clone(),
            current_sha256: sha,
            fairness_series: vec![FairnessSeries {
                sensitive: "sex".to_owned(),
                metric: "demographic_parity_difference".to_owned(),
                group: String::new(),
                values: vec![Some(0.1), Some(0.3), Some(0.5)],
                ..FairnessSeries::default()
            }],
            window_labels: vec!["2024-01".into(), "2024-02".into(), "2024-03".into()],
            ..DriftSummary::default()
        }),
        ..SavedDrift::default()
    });
    p.drift.monitors.push(DriftMonitor {
        monitor_id: "kri-1".to_owned(),
        drift_id: "drift-1".to_owned(),
        metric: "fairness:sex:demographic_parity_difference".to_owned(),
        threshold: 0.1,
        direction: KriDirection::AtMost,
        latest_value: None,
        risk_id: "R-1".to_owned(),
        action_id: "A-1".to_owned(),
    });
    let path = dir.join("loans.riskbench.ron");
    file::save_project(&path, &p).expect("monitor test");
    path
}

#[test]
fn opening_a_project_refreshes_its_kris_and_flags_the_breached_risk() {
    let dir = tempfile::tempdir().expect("monitor test");
    let path = project(dir.path());
    let before = file::load_project(&path).expect("load").project;
    assert_eq!(before.drift.monitors[0].status(), KriStatus::NoData);
    assert_eq!(before.risks[0].needs_review, None);

    let mut harness = support::app(Some(path));
    support::wait_until(&mut harness, "the dataset check", |h| {
        support::project(h).drift.monitors[0].latest_value.is_some()
    });
    let p = support::project(&harness);
    let monitor = &p.drift.monitors[0];
    // The latest window's demographic parity difference, past the 0.1 threshold.
    assert_eq!(monitor.latest_value, Some(0.5));
    assert_eq!(monitor.status(), KriStatus::Breached);
    assert_eq!(
        p.risks[0].actions[0].kri,
        format!("drift kri-1: {}", monitor.kri_text())
    );
    assert!(
        p.risks[0].actions[0].kri.contains("Breached"),
        "{}",
        p.risks[0].actions[0].kri
    );
    assert_eq!(
        p.risks[0].needs_review.as_deref(),
        Some("KRI kri-1 breached (fairness:sex:demographic_parity_difference)")
    );
    // The drift screen was never opened: the app's refresh did it.
    assert_ne!(harness.state().section(), Section::Drift);
    assert!(
        harness
            .state()
            .screens()
            .get::<DriftScreen>()
            .is_some_and(|s| s.drift_id().is_none())
    );
}
