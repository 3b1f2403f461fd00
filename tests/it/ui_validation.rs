//! Govern › Release gate with `egui_kittest`: the gate run on the bundled sample fails, says how many checks
//! block release and why (a risk above appetite, failing fairness checks), and a blocking risk's link opens it
//! in the register.

use crate::support::ui as support;

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::gate::CheckKind;
use riskbench::ui::gate::GateScreen;
use riskbench::ui::sections::Section;

#[test]
fn the_release_gate_fails_on_the_sample_with_its_reasons_and_links() {
    let (_dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    harness.get_by_label(Section::ReleaseGate.label()).click();
    harness.run_steps(2);
    assert_eq!(harness.state().section(), Section::ReleaseGate);
    harness.get_by_label("Run the gate").click();
    let start = Instant::now();
    loop {
        harness.step();
        let done = harness
            .state()
            .screens()
            .get::<GateScreen>()
            .is_some_and(|g| !g.is_running() && g.report.is_some());
        if done {
            break;
        }
        assert!(
            start.elapsed() < support::JOB_BOUND,
            "the gate did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(3);
    let report = harness
        .state()
        .screens()
        .get::<GateScreen>()
        .and_then(|g| g.report.clone())
        .expect("a gate report");
    assert!(!report.passed);
    assert_eq!(report.checks.len(), 457);
    assert_eq!(report.failures().count(), 248);
    assert_eq!(
        report
            .failures()
            .filter(|c| c.kind == CheckKind::Risk)
            .count(),
        1
    );
    harness.get_by_label("FAIL: 248 of 457 checks block release");
    harness.get_by_label("fairness: 247 failing");
    harness.get_by_label("risk: 1 failing");
    assert_eq!(
        harness.query_all_by_label_contains("risk R-3: ").count(),
        1,
        "the risk above appetite is listed once"
    );
    assert!(
        harness
            .query_by_label_contains("is above the appetite")
            .is_some(),
        "the reason is shown"
    );
    harness.get_by_label("Open risk R-3").click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Register);
}
