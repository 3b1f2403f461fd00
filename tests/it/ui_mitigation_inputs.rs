//! Measure › Mitigations on bad input, each a clear message on the screen (the CLI's are in
//! `cli_mitigation`): a score column that is not numeric; scores outside [0, 1] (allowed, said so, the
//! sliders span the observed range); a constraint only met by approving everyone; a group with no positives
//! (its rates undefined, never 0, and a search on them refused with the reason). And the review band's load
//! per month and group of a date column of the data.

#![expect(
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "in test helpers a failed unwrap is a failed test; the range is copied, not computed"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::mitigation::search::Constraint;
use riskbench::model::audit::{AuditSpec, SavedAudit};
use riskbench::model::file;
use riskbench::model::project::DatasetRef;

use crate::support::ui as support;
use crate::ui_mitigation::{State, app_on, click, load_audit, screen, screen_mut, shown};

/// The screen on the sample project with one more dataset holding `csv` (columns y, s, g) and an audit of
/// it with score s at 0.5, loaded (or failed to load).
fn screen_on(csv: &str) -> (tempfile::TempDir, Harness<'static, State>) {
    let (dir, path) = support::sample_copy();
    std::fs::write(dir.path().join("data/bad.csv"), csv).unwrap();
    let mut project = file::load_project(&path).unwrap().project;
    project.datasets.push(DatasetRef {
        dataset_id: "ds-9".into(),
        name: "Bad scores".into(),
        path: "data/bad.csv".into(),
        ..DatasetRef::default()
    });
    project.audits.push(SavedAudit {
        audit_id: "audit-9".into(),
        name: "Bad scores by g".into(),
        dataset_id: "ds-9".into(),
        spec: AuditSpec {
            label: "y".into(),
            score: Some("s".into()),
            threshold: Some(0.5),
            sensitive: vec!["g".into()],
            ..AuditSpec::default()
        },
    });
    let mut harness = app_on(&path, &project);
    load_audit(&mut harness, "Bad scores by g");
    (dir, harness)
}

/// Drags the slider `label` with the pointer past the right (or left) end of its rail.
fn drag_to_end(harness: &mut Harness<'static, State>, label: &str, right: bool) {
    let rect = harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, label)
        .rect();
    let from = rect.center();
    let x = if right {
        rect.right() + 40.0
    } else {
        rect.left() - 40.0
    };
    let to = egui::pos2(x, rect.center().y);
    harness.hover_at(from);
    harness.drag_at(from);
    harness.run_steps(1);
    harness.hover_at(to);
    harness.run_steps(1);
    harness.drop_at(to);
    harness.run_steps(2);
}

#[test]
fn a_score_column_that_is_not_numeric_is_said_on_the_screen() {
    let (_dir, harness) = screen_on("y,s,g\n1,high,a\n0,low,b\n1,high,b\n0,low,a\n");
    let screen = &screen(&harness);
    assert!(screen.loaded.is_none());
    let e = screen.error.clone().unwrap();
    assert!(e.contains("the score column \"s\" is not numeric"), "{e}");
    assert!(shown(&harness, &e));
}

#[test]
fn scores_outside_zero_one_are_allowed_said_and_the_sliders_span_them() {
    let (_dir, mut harness) = screen_on("y,s,g\n1,3,a\n0,-2,b\n1,5,b\n0,0,a\n1,4.5,a\n0,1.5,b\n");
    let loaded = screen(&harness).loaded.as_ref().unwrap();
    assert_eq!(loaded.range, (-2.0, 5.0));
    assert!(shown(
        &harness,
        "scores range from -2 to 5, outside [0, 1]: thresholds and the review band use the observed range"
    ));
    // The threshold slider reaches the observed maximum: dragged past the right end of its rail, it is 5.
    drag_to_end(&mut harness, "Threshold", true);
    assert_eq!(screen(&harness).threshold, 5.0);
    // The band sliders too: the band's start dragged past the left end is -2.
    click(&mut harness, "Send a score band to review");
    drag_to_end(&mut harness, "Band from", false);
    assert_eq!(screen(&harness).band_low, -2.0);
}

#[test]
fn a_constraint_only_met_by_approving_everyone_is_said_and_a_group_without_positives_is_undefined()
{
    // Group a: 0.2 (positive), 0.8; group b: 0.1 (positive), 0.5, 0.9 (positive). Within 0.01 of equal
    // selection rates, only the same share of both groups approved: everyone (accuracy 3/5) or no one (2/5).
    let (_dir, mut harness) = screen_on("y,s,g\n1,0.2,a\n0,0.8,a\n1,0.1,b\n0,0.5,b\n1,0.9,b\n");
    screen_mut(&mut harness).constraint = Constraint::DemographicParity;
    screen_mut(&mut harness).tolerance = 0.01;
    harness.run_steps(1);
    click(&mut harness, "Find thresholds");
    let solution = screen(&harness).solution.clone().unwrap();
    assert!(solution.met);
    assert_eq!(solution.overall.accuracy, Some(0.6));
    let said = "At this tolerance the best cut-offs approve everyone in every group: the threshold no longer \
                separates applicants; raise the tolerance or choose another constraint or objective";
    assert_eq!(solution.explanation[0], said);
    assert!(shown(&harness, said));

    // Group b without positives: its true positive rate is undefined on the screen, and a search for equal
    // true positive rates is refused with the reason.
    let (_dir, mut harness) = screen_on("y,s,g\n1,0.9,a\n0,0.2,a\n0,0.4,b\n0,0.3,b\n");
    assert!(screen(&harness).error.is_none());
    assert!(shown(&harness, "undefined"));
    screen_mut(&mut harness).constraint = Constraint::TruePositiveRateParity;
    harness.run_steps(1);
    click(&mut harness, "Find thresholds");
    assert!(screen(&harness).solution.is_none());
    let e = screen(&harness).error.clone().unwrap();
    assert!(
        e.contains("g=b has no actual positives") && e.contains("undefined"),
        "{e}"
    );
    assert!(shown(&harness, &e));
}

#[test]
fn the_band_counts_cases_per_month_and_group_of_a_date_column() {
    let (_dir, mut harness) = screen_on(
        "y,s,g,d\n1,0.45,a,2026-01-05\n0,0.5,b,2026-01-20\n1,0.9,a,2026-02-01\n0,0.55,a,2026-02-11\n\
         1,0.42,b,\n0,0.1,b,2026-02-28\n",
    );
    assert!(
        screen(&harness).error.is_none(),
        "{:?}",
        screen(&harness).error
    );
    click(&mut harness, "Send a score band to review");
    click(&mut harness, "Date column (cases a month in the data)");
    click(&mut harness, "d");
    // The data is read again with the date column (a job of the app).
    support::wait_until(&mut harness, "the data read with its dates", |h| {
        !screen(h).is_loading()
            && screen(h)
                .loaded
                .as_ref()
                .is_some_and(|l| l.data.month_of.is_some())
    });
    assert_eq!(screen(&harness).band_date.as_deref(), Some("d"));
    // Band [0.4, 0.6): January a 1, b 1; February a 1; one row of b without a date.
    let (months, undated) = screen(&harness)
        .loaded
        .as_ref()
        .unwrap()
        .data
        .routed_by_month(0.4, 0.6)
        .unwrap();
    assert_eq!(
        months,
        [
            ("2026-01".to_owned(), vec![1, 1]),
            ("2026-02".to_owned(), vec![1, 0])
        ]
    );
    assert_eq!(undated, [0, 1]);
    for text in [
        "To review per month of the data",
        "2026-01",
        "2026-02",
        "no date",
    ] {
        assert!(shown(&harness, text), "{text}");
    }
}
