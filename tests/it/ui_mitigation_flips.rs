//! Measure › Mitigations: the decisions the chosen option flips per group, with their 1,000-resample
//! bootstrap intervals, are computed once for an option and kept while nothing they depend on changes — frames
//! go by, the pointer moves — and computed again only when the option (its threshold) changes or other data
//! is loaded; an option without flips (reweighing) computes none.

use crate::support::ui as support;
use crate::ui_mitigation::{click, harness, load, screen, screen_mut, shown};
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::mitigation::options::DecisionOption;
use riskbench::ui::mitigation::OptionKind;

#[test]
fn the_flips_of_an_unchanged_option_are_computed_once() {
    let (_dir, mut harness) = harness();
    load(&mut harness);
    harness.run_steps(1);
    let s = screen(&harness);
    assert_eq!(s.adopt_kind, OptionKind::Threshold);
    assert_eq!(s.flips.computed(), 1);
    let key = s.flips.key().unwrap().clone();
    assert_eq!(key.option, DecisionOption::Thresholds(vec![0.5, 0.5]));
    assert_eq!(key.current, vec![0.5, 0.5]);
    assert_eq!(key.resamples, 1000);
    assert!(shown(
        &harness,
        "Decisions flipped per group against the current threshold 0.5 (1000 bootstrap resamples, 95 % intervals)"
    ));

    // Twenty more frames, the pointer moving over the screen: nothing is drawn again.
    for i in 0..20_u8 {
        harness.hover_at(egui::pos2(100.0 + f32::from(i) * 10.0, 300.0));
        harness.run_steps(1);
    }
    assert_eq!(screen(&harness).flips.computed(), 1);

    // The slider moves: the option changed, computed once more, then kept again.
    screen_mut(&mut harness).threshold = 0.62;
    harness.run_steps(5);
    let s = screen(&harness);
    assert_eq!(s.flips.computed(), 2);
    assert_eq!(
        s.flips.key().unwrap().option,
        DecisionOption::Thresholds(vec![0.62, 0.62])
    );

    // Reweighing flips no decision: nothing is computed while it is the chosen option.
    click(&mut harness, "Option: reweighing");
    harness.run_steps(5);
    assert_eq!(screen(&harness).flips.computed(), 2);
    // Back to the slider's threshold: the flips held are still those of 0.62.
    click(&mut harness, "Option: slider threshold");
    harness.run_steps(5);
    assert_eq!(screen(&harness).flips.computed(), 2);

    // Loading the data again forgets them: computed once for the reloaded data.
    click(&mut harness, "Load data");
    support::wait_until(&mut harness, "the reload", |h| !screen(h).is_loading());
    let s = screen(&harness);
    assert_eq!(s.flips.computed(), 3);
    assert_eq!(
        s.flips.key().unwrap().option,
        DecisionOption::Thresholds(vec![0.5, 0.5])
    );
}

/// The load is a job of the app (the status bar lists it with its Cancel); cancelled, it leaves no data and
/// the screen says so; loaded again, the data arrives and the message goes.
#[test]
fn the_load_is_a_job_of_the_app_and_can_be_cancelled() {
    let (_dir, mut harness) = harness();
    click(&mut harness, "Audit");
    click(&mut harness, "Approval score by sex");
    harness.get_by_label("Load data").click();
    harness.run_steps(1);
    let job_id = screen(&harness)
        .job()
        .job_id()
        .expect("the load's job has started");
    // Cancelled as the status bar's Cancel does: the app says "… was cancelled" (a job of the app's list).
    support::cancel_job(
        &mut harness,
        job_id,
        "Loading the data of Approval score by sex",
        |h| !screen(h).is_loading(),
    );
    assert!(
        screen(&harness).loaded.is_none(),
        "a cancelled load leaves no data"
    );
    assert_eq!(screen(&harness).error.as_deref(), Some("cancelled"));
    harness.get_by_label("cancelled");
    load(&mut harness);
    assert!(harness.query_by_label("cancelled").is_none());
}
