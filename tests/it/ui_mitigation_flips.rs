//! Measure › Mitigations: the decisions the chosen option flips per group, with their 1,000-resample
//! bootstrap intervals, are computed once for an option and kept while nothing they depend on changes — frames
//! go by, the pointer moves — and computed again only when the option (its threshold) changes or other data
//! is loaded; an option without flips (reweighing) computes none.

use crate::ui_mitigation::{click, harness, load, shown};
use riskbench::analysis::mitigation::options::DecisionOption;
use riskbench::ui::mitigation::OptionKind;

#[test]
fn the_flips_of_an_unchanged_option_are_computed_once() {
    let (_dir, mut harness) = harness();
    load(&mut harness);
    harness.run_steps(1);
    let screen = &harness.state().0;
    assert_eq!(screen.adopt_kind, OptionKind::Threshold);
    assert_eq!(screen.flips.computed(), 1);
    let key = screen.flips.key().unwrap().clone();
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
    assert_eq!(harness.state().0.flips.computed(), 1);

    // The slider moves: the option changed, computed once more, then kept again.
    harness.state_mut().0.threshold = 0.62;
    harness.run_steps(5);
    let screen = &harness.state().0;
    assert_eq!(screen.flips.computed(), 2);
    assert_eq!(
        screen.flips.key().unwrap().option,
        DecisionOption::Thresholds(vec![0.62, 0.62])
    );

    // Reweighing flips no decision: nothing is computed while it is the chosen option.
    click(&mut harness, "Option: reweighing");
    harness.run_steps(5);
    assert_eq!(harness.state().0.flips.computed(), 2);
    // Back to the slider's threshold: the flips held are still those of 0.62.
    click(&mut harness, "Option: slider threshold");
    harness.run_steps(5);
    assert_eq!(harness.state().0.flips.computed(), 2);

    // Loading the data again forgets them: computed once for the reloaded data.
    click(&mut harness, "Load data");
    harness.state_mut().0.wait();
    harness.run_steps(3);
    let screen = &harness.state().0;
    assert_eq!(screen.flips.computed(), 3);
    assert_eq!(
        screen.flips.key().unwrap().option,
        DecisionOption::Thresholds(vec![0.5, 0.5])
    );
}
