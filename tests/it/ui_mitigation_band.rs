//! Measure › Mitigations, the review band combined with per-group thresholds and sized per group and per
//! month at a volume entered on the screen, adopted as a control; and the loan sample as shipped (its audits
//! of the German credit data audit the model's decisions): the screen offers them, tests thresholds on the
//! dataset's Score column and says so.

#![expect(
    clippy::float_cmp,
    reason = "thresholds and band limits are copied, not computed"
)]

use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::mitigation::search::{
    Constraint, Objective, SearchOptions, find_thresholds,
};
use riskbench::model::file;
use riskbench::model::mitigation::MitigationRule;

use crate::support::ui as support;
use crate::ui_mitigation::{
    adopt, app_on, choose_risk_r1, click, engine, harness, load, load_audit, screen, screen_mut,
    shown,
};

#[test]
fn a_band_with_per_group_thresholds_sized_per_month_and_adopted() {
    let (dir, mut harness) = harness();
    load(&mut harness);
    let (data, index) = engine(dir.path());
    // Per-group thresholds set by hand (female, male in the order of the groups), a band [0.45, 0.55).
    screen_mut(&mut harness).group_thresholds = vec![0.4, 0.6];
    click(&mut harness, "Send a score band to review");
    screen_mut(&mut harness).band_low = 0.45;
    screen_mut(&mut harness).band_high = 0.55;
    screen_mut(&mut harness).volume = 1000.0;
    harness.run_steps(2);
    click(
        &mut harness,
        "Decide the rows left automatic at the per-group thresholds set by hand (else at the slider's threshold)",
    );
    assert!(screen(&harness).band_per_group);
    // Per group: the routed rows, and a month at 1,000 cases (their share of all rows × 1,000).
    assert!(shown(&harness, "A month at 1000 cases"));
    for (g, key) in data.groups.iter().enumerate() {
        let routed = index
            .band_at(
                g,
                [0.4, 0.6][g],
                riskbench::analysis::mitigation::Band {
                    low: 0.45,
                    high: 0.55,
                },
            )
            .routed_rows;
        #[expect(clippy::cast_precision_loss, reason = "1,000 rows")]
        let monthly = format!("{:.1}", routed as f64 / data.rows() as f64 * 1000.0);
        assert!(shown(&harness, &monthly), "{} {monthly}", key.label());
    }
    // 79 of the 1,000 rows (Python on the CSV); the automated rows decided per group: 727 of 921 right.
    let text = format!(
        "79 of 1000 cases go to review (7.9 %), 79 a month at 1000 cases a month; decisions left automatic: \
         accuracy {:.3}",
        727.0 / 921.0
    );
    assert!(
        harness.query_all_by_label_contains(&text).next().is_some(),
        "{text}"
    );

    choose_risk_r1(&mut harness);
    adopt(&mut harness, "Option: review band");
    let project = harness.state().document().project();
    let m = project.mitigations.last().unwrap();
    assert_eq!(
        m.name,
        "Human review of scores in [0.45, 0.55), per-group thresholds set by hand otherwise"
    );
    let MitigationRule::ReviewBand {
        low,
        high,
        column,
        group_thresholds,
        ..
    } = &m.rule
    else {
        panic!("{:?}", m.rule)
    };
    assert_eq!((*low, *high), (0.45, 0.55));
    assert_eq!(column, "sex");
    assert_eq!(group_thresholds["female"], 0.4);
    assert_eq!(group_thresholds["male"], 0.6);
    assert_eq!(m.metrics_after["routed_share"], 0.079);
    assert!((m.metrics_after["accuracy"] - 727.0 / 921.0).abs() < 1e-12);
    let id = m.mitigation_id.clone();
    assert!(shown(
        &harness,
        &format!("Evidence on R-1: mitigation {id}")
    ));
    assert!(
        project
            .risks
            .iter()
            .find(|r| r.risk_id == "R-1")
            .unwrap()
            .controls
            .iter()
            .any(|c| c
                .description
                .contains("per-group thresholds on sex otherwise: female ≥ 0.4000"))
    );
}

#[test]
fn the_loan_sample_as_shipped_tests_thresholds_on_its_score_column() {
    let (_dir, path) = support::sample_copy();
    let project = file::load_project(&path).unwrap().project;
    let mut harness = app_on(&path, &project);
    click(&mut harness, "Audit");
    // The German credit audits (decisions y_pred) are offered: their dataset declares y_prob as the score.
    for name in [
        "Approval by sex",
        "Approval by age group",
        "Approval by sex and age group",
        "Synthetic applications by race and sex",
    ] {
        assert!(shown(&harness, name), "{name}");
    }
    click(&mut harness, "Audit");
    load_audit(&mut harness, "Approval by age group");
    let s = screen(&harness);
    assert!(s.error.is_none(), "{:?}", s.error);
    let loaded = s.loaded.as_ref().unwrap();
    assert_eq!(loaded.columns.1, "y_prob");
    assert_eq!(loaded.columns.2, "age_group");
    assert_eq!(loaded.data.rows(), 1000);
    assert_eq!(loaded.current_threshold, 0.5);
    assert!(shown(
        &harness,
        "The audit \"Approval by age group\" audits the model's decisions (y_pred); the what-if tests \
         thresholds on the dataset's score column y_prob (its Score role), the current rule being score ≥ 0.5."
    ));
    // At the current threshold the decisions are the audit's: 190 applicants aged 25 or under, selection
    // rate 0.663 (R-1's description).
    assert!(shown(&harness, "0.663"));
}

#[test]
fn the_search_takes_a_cost_matrix_objective() {
    let (dir, mut harness) = harness();
    load(&mut harness);
    let (data, index) = engine(dir.path());
    click(&mut harness, "Objective");
    click(&mut harness, "cost matrix (false positives and negatives)");
    assert!(shown(&harness, "Cost of a false positive"));
    screen_mut(&mut harness).cost_fp = 5.0;
    screen_mut(&mut harness).cost_fn = 1.0;
    screen_mut(&mut harness).tolerance = 0.05;
    harness.run_steps(2);
    click(&mut harness, "Find thresholds");
    let s = screen(&harness);
    assert!(s.error.is_none(), "{:?}", s.error);
    let found = s.solution.as_ref().unwrap();
    assert_eq!(found.objective, "cost");
    // The core's search with the same settings: the same cut-offs and total cost.
    let core = find_thresholds(
        &index,
        &data.groups,
        SearchOptions {
            constraint: Constraint::DemographicParity,
            objective: Objective::Cost { fp: 5.0, fn_: 1.0 },
            tolerance: 0.05,
            randomized: false,
            grid_size: 1000,
        },
    )
    .unwrap();
    assert_eq!(found.objective_value, core.objective_value);
    let cut = |g: &riskbench::analysis::mitigation::search::GroupOutcome| g.threshold;
    assert_eq!(
        found.groups.iter().map(cut).collect::<Vec<_>>(),
        core.groups.iter().map(cut).collect::<Vec<_>>()
    );
    assert!(found.constraint_violation <= 0.05 + 1e-12);
    // Costly false positives: fewer approvals than at the current threshold 0.5 (772 of 1,000).
    assert!(found.overall.selection_rate.unwrap() < 0.772);
}
