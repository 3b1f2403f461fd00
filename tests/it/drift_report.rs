//! Drift in the treatment plan: a windowed drift run with fairness drift is saved in a project, a KRI on a
//! register action watches its demographic parity difference, and the plan shows the drift table, the
//! fairness-over-time chart and the KRI (breached, so the risk is flagged for review).

use polars::prelude::*;
use riskbench::analysis::drift::summary_of_windows;
use riskbench::analysis::drift::windows::{WindowsReport, windows_of_frame};
use riskbench::analysis::task::TaskControl;
use riskbench::model::drift::{
    DriftMonitor, DriftOptions, FairnessDriftSpec, KriDirection, KriStatus, SavedDrift, WindowSize,
    WindowSpec,
};
use riskbench::model::settings::FairnessThresholds;
use riskbench::model::{IsoDate, Project};
use riskbench::report::Block;
use riskbench::report::Shape;
use riskbench::report::plan::{self, PlanOptions};

fn frame() -> DataFrame {
    let mut when = Vec::new();
    let mut sex = Vec::new();
    let mut label = Vec::new();
    let mut pred = Vec::new();
    for month in 1..=3u32 {
        for i in 0..40u32 {
            when.push(format!("2024-{month:02}-{:02}", i % 28 + 1));
            let female = i % 2 == 0;
            sex.push(if female { "female" } else { "male" });
            label.push(1i64);
            // The gap widens: females approved 18/20, then 14/20, then 10/20; males always.
            let approved_females = 22 - 4 * month;
            pred.push(i64::from(!female || i / 2 < approved_females));
        }
    }
    df!("when" => when, "sex" => sex, "label" => label, "pred" => pred).expect("frame")
}

#[test]
fn plan_shows_drift_table_fairness_chart_and_breached_kri() {
    let df = frame();
    let spec = WindowSpec {
        time_column: "when".to_owned(),
        window: WindowSize::Month,
        reference_window: 1,
        fairness: Some(FairnessDriftSpec {
            label: "label".to_owned(),
            prediction: Some("pred".to_owned()),
            sensitive: vec!["sex".to_owned()],
            ..FairnessDriftSpec::default()
        }),
    };
    let (windows, without_date, _) = windows_of_frame(
        &df,
        &spec,
        &DriftOptions::default(),
        &FairnessThresholds::default(),
        None,
        &TaskControl::new(),
    )
    .expect("windows");
    assert_eq!(windows.len(), 3);
    assert_eq!(without_date, 0);
    let dp: Vec<f64> = windows
        .iter()
        .map(|w| w.fairness[0].summary["demographic_parity_difference"].expect("dp"))
        .collect();
    for (got, want) in dp.iter().zip([0.1, 0.3, 0.5]) {
        assert!((got - want).abs() < 1e-12, "{dp:?}");
    }
    assert_eq!(dp.len(), 3);
    let report = WindowsReport {
        dataset: riskbench::analysis::drift::FileInfo::default(),
        time: "when".to_owned(),
        window: "month".to_owned(),
        reference_window: 1,
        windows,
        rows_without_date: 0,
        unparsed_examples: Vec::new(),
        notes: Vec::new(),
    };
    let summary = summary_of_windows(&report);
    assert_eq!(summary.window_labels, ["2024-01", "2024-02", "2024-03"]);

    let mut project = Project::blank("Loans", IsoDate::from_ymd(2026, 1, 1).expect("date"));
    project.risks.push(crate::support::monitoring_risk());
    project.drift.drifts.push(SavedDrift {
        drift_id: "drift-1".to_owned(),
        name: "Monthly loans".to_owned(),
        windows: Some(spec),
        result: Some(summary),
        ..SavedDrift::default()
    });
    project.drift.monitors.push(DriftMonitor {
        monitor_id: "kri-1".to_owned(),
        drift_id: "drift-1".to_owned(),
        metric: "fairness:sex:demographic_parity_difference".to_owned(),
        threshold: 0.1,
        direction: KriDirection::AtMost,
        risk_id: "R-1".to_owned(),
        action_id: "A-1".to_owned(),
        latest_value: None,
    });
    let flags = project.drift.refresh_monitors(&mut project.risks);
    assert_eq!(project.drift.monitors[0].latest_value, Some(0.5));
    assert_eq!(project.drift.monitors[0].status(), KriStatus::Breached);
    assert_eq!(flags.len(), 1);
    assert!(project.risks[0].actions[0].kri.contains("Breached"));

    let doc = plan::build(
        &project,
        &PlanOptions::all(IsoDate::from_ymd(2026, 2, 1).expect("date")),
        &[],
    );
    let tables: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.caption.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        tables.contains(&"Drift per column: Monthly loans"),
        "{tables:?}"
    );
    assert!(
        tables.contains(&"Key risk indicators read from drift results"),
        "{tables:?}"
    );
    let figures: Vec<&riskbench::report::Figure> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) if f.caption.starts_with("Fairness over time") => Some(f),
            _ => None,
        })
        .collect();
    let captions: Vec<&str> = figures.iter().map(|f| f.caption.as_str()).collect();
    assert_eq!(
        captions,
        [
            "Fairness over time by sex: each group's rates per window with 95 % Wilson intervals",
            "Fairness over time by sex: the summary disparities per window against the project's thresholds \
             (difference at most 0.1, ratio at least 0.8); no intervals: the run had no bootstrap",
        ]
    );
    let texts = |f: &riskbench::report::Figure| -> Vec<String> {
        f.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    };
    let dots = |f: &riskbench::report::Figure| {
        f.shapes
            .iter()
            .filter(|s| matches!(s, Shape::Circle { .. }))
            .count()
    };
    // Per group: selection rate, TPR and FPR panels with the groups in the legend and Wilson whiskers (every
    // label is positive, so the FPR is undefined in every window and its panel has no dot).
    let rates = texts(figures[0]);
    for needle in [
        "female",
        "male",
        "Selection rate",
        "True positive rate",
        "False positive rate",
        "whiskers: confidence intervals",
        "2024-01",
        "2024-03",
    ] {
        assert!(rates.iter().any(|t| t == needle), "{needle:?} in {rates:?}");
    }
    assert_eq!(dots(figures[0]), 12);
    // Whiskers: a vertical line and two caps per defined interval (female selection rate 0.9, 0.7, 0.5 and
    // TPR the same; male 1.0 in both, whose Wilson interval is not empty either).
    let whiskers = figures[0]
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Line { points, stroke } if (stroke.width_pt - 0.5).abs() < 1e-6 && points.len() == 2 && (points[0][0] - points[1][0]).abs() < 1e-6))
        .count();
    assert_eq!(whiskers, 12);
    // The disparities against the project's thresholds: a dashed line per panel and one in the legend.
    let disparities = texts(figures[1]);
    for needle in [
        "demographic parity difference",
        "equalized odds ratio",
        "project threshold",
        "Differences (fail above the threshold)",
        "Ratios (fail below the threshold)",
    ] {
        assert!(
            disparities.iter().any(|t| t == needle),
            "{needle:?} in {disparities:?}"
        );
    }
    let dashed = figures[1]
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Line { stroke, .. } if !stroke.dash.is_empty()))
        .count();
    assert_eq!(dashed, 3);
    let answer = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(t) if t.plain_text().starts_with("Has the gap widened?") => {
                Some(t.plain_text())
            }
            _ => None,
        })
        .expect("the committee's question is answered");
    assert_eq!(
        answer,
        "Has the gap widened? By sex, the demographic parity difference (the gap in selection rates between \
         the groups) was 0.100 in 2024-01 (first window) and is 0.500 in 2024-03 (latest): it has widened by \
         0.400. It is above the project's threshold 0.1 in 2 of 3 windows with data; the widest gap is 0.500 in \
         2024-03."
    );
    let pdf = riskbench::report::render_pdf(&doc).expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
}
