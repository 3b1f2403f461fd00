//! Opens the bundled loan-approval sample and visits every section from the navigation, like a new user on
//! their first look: each screen shows its heading, background work finishes without an error notification,
//! and nothing in the project changes by just looking.

use crate::support::ui as support;

use egui_kittest::kittest::Queryable as _;
use riskbench::ui::sections::Section;
use support::{app, sample_copy, settle};

#[test]
fn every_section_of_the_sample_opens() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    let before = harness.state().document().project().clone();
    for section in Section::all() {
        harness.get_by_label(section.label()).click();
        harness.run_steps(3);
        settle(&mut harness);
        assert_eq!(harness.state().section(), section);
        let heading = format!("{} › {}", section.function().label(), section.label());
        assert!(
            harness.query_by_label(&heading).is_some(),
            "{heading} is shown"
        );
        assert!(
            harness.query_by_label("Not built yet").is_none(),
            "{heading} is built"
        );
        assert!(
            harness.state().notifications().is_empty(),
            "{heading}: {:?}",
            harness.state().notifications()
        );
    }
    assert!(
        harness.state().document().project() == &before,
        "looking changes nothing"
    );
}
