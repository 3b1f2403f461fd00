//! Manage › Incidents driven like a user would with `egui_kittest`: build a fishbone with the keyboard (Tab
//! adds a cause, Tab on a cause a sub-cause, Enter a sibling, a digit moves a cause to another category, Del
//! deletes), name causes inline, then link a cause to the bow-tie barrier that failed and see the flag; and the
//! timeline refuses an event time it cannot read.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::ui as support;
use support::{app, click, press, project, type_into, type_text};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use riskbench::model::incident::{Fishbone, FishboneCategory};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::incidents::IncidentsScreen;
use riskbench::ui::sections::Section;

fn fishbone<'a>(harness: &'a Harness<'_, RiskbenchApp>) -> &'a Fishbone {
    &project(harness).incidents.last().unwrap().fishbone
}

/// Clicks the canvas box whose accessible label starts with `prefix`.
fn click_box(harness: &mut Harness<'_, RiskbenchApp>, prefix: &str) {
    harness
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(prefix))
        })
        .unwrap()
        .click();
    harness.run_steps(3);
}

/// Replaces the text of the inline editor that is open and closes it with Enter.
fn name_inline(harness: &mut Harness<'_, RiskbenchApp>, text: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(harness, text);
    press(harness, Key::Enter);
}

fn open_new_incident_fishbone(harness: &mut Harness<'_, RiskbenchApp>) {
    click(harness, Section::Incidents.label());
    assert_eq!(harness.state().section(), Section::Incidents);
    click(harness, "New incident");
    assert_eq!(project(harness).incidents.len(), 1);
    assert_eq!(project(harness).incidents[0].incident_id, "INC-1");
    click(harness, "Fishbone");
}

#[test]
fn build_a_fishbone_with_the_keyboard() {
    let mut harness = app(None);
    open_new_incident_fishbone(&mut harness);

    // The effect is selected and the canvas has the keyboard: F2 names the effect.
    press(&mut harness, Key::F2);
    name_inline(&mut harness, "FPR jump for AAE posts");
    assert_eq!(fishbone(&harness).effect, "FPR jump for AAE posts");

    // Tab on the effect adds a cause on the Data bone, named inline.
    press(&mut harness, Key::Tab);
    name_inline(&mut harness, "Dialect under-sampled");
    let fish = fishbone(&harness);
    assert_eq!(fish.causes.len(), 1);
    assert_eq!(
        (fish.causes[0].category, fish.causes[0].text.as_str()),
        (FishboneCategory::Data, "Dialect under-sampled")
    );

    // Tab on that cause adds a sub-cause under it.
    press(&mut harness, Key::Tab);
    name_inline(&mut harness, "Sampled by volume");
    let fish = fishbone(&harness);
    assert_eq!(fish.causes.len(), 2);
    assert_eq!(fish.causes[1].parent_id.as_deref(), Some("C-1"));
    assert_eq!(fish.sub_causes("C-1").len(), 1);

    // Enter on the first cause adds a sibling on the same bone; 2 moves it to the Model bone.
    click_box(&mut harness, "Cause C-1");
    press(&mut harness, Key::Enter);
    name_inline(&mut harness, "Threshold tuned on pooled data");
    click_box(&mut harness, "Cause C-3");
    press(&mut harness, Key::Num2);
    let fish = fishbone(&harness);
    assert_eq!(fish.causes[2].text, "Threshold tuned on pooled data");
    assert_eq!(fish.causes[2].category, FishboneCategory::Model);
    assert_eq!(fish.causes[2].parent_id, None);

    // A category box takes causes too: Tab on "Measurement" adds one there.
    click_box(&mut harness, "Category: Measurement");
    press(&mut harness, Key::Tab);
    name_inline(&mut harness, "No per-dialect monitoring");
    assert_eq!(
        fishbone(&harness).causes[3].category,
        FishboneCategory::Measurement
    );

    // Del removes the selected cause with its sub-causes.
    click_box(&mut harness, "Cause C-1");
    press(&mut harness, Key::Delete);
    let texts: Vec<&str> = fishbone(&harness)
        .causes
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Threshold tuned on pooled data",
            "No per-dialect monitoring"
        ]
    );

    // Undo brings them back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(fishbone(&harness).causes.len(), 4);
}

#[test]
fn link_a_cause_to_the_barrier_that_failed() {
    let mut harness = app(None);
    click(&mut harness, Section::Bowties.label());
    click(&mut harness, "New from example");
    let barrier = project(&harness).bowties.barriers[0].clone();
    open_new_incident_fishbone(&mut harness);
    press(&mut harness, Key::Tab);
    name_inline(&mut harness, "Labels biased");
    click_box(&mut harness, "Cause C-1");

    harness
        .get_by_role_and_label(Role::ComboBox, "Failed barrier")
        .click();
    harness.run_steps(3);
    click(
        &mut harness,
        &format!("{} {}", barrier.barrier_id, barrier.name),
    );
    let cause = &fishbone(&harness).causes[0];
    assert_eq!(
        cause.barrier_id.as_deref(),
        Some(barrier.barrier_id.as_str())
    );
    let flag = format!("⚑ barrier {} failed in incident INC-1", barrier.barrier_id);
    harness.get_by_label(&flag);
    let flags =
        riskbench::model::incident::flags_for_barrier(project(&harness), &barrier.barrier_id);
    assert_eq!(
        flags,
        [format!(
            "barrier {} failed in incident INC-1",
            barrier.barrier_id
        )]
    );

    // The fishbone exports as SVG with the bow-tie's exporter.
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("fishbone.svg");
    click(&mut harness, "Export fishbone as SVG or PNG…");
    support::answer_path_prompt(&mut harness, &svg);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") && text.contains(">Labels biased<"),
        "{text}"
    );
}

#[test]
fn the_timeline_adds_events_and_refuses_a_time_it_cannot_read() {
    let mut harness = app(None);
    click(&mut harness, Section::Incidents.label());
    click(&mut harness, "New incident");
    click(&mut harness, "Timeline");
    type_into(&mut harness, "Event time", "yesterday");
    type_into(&mut harness, "Event", "Press enquiry");
    click(&mut harness, "Add event");
    assert!(project(&harness).incidents[0].timeline.is_empty());
    harness.get_by_label("Event time: expected a time written YYYY-MM-DD HH:MM (or just YYYY-MM-DD), found \"yesterday\"");
    harness
        .get_by_role_and_label(Role::TextInput, "Event time")
        .click();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "2026-03-06 11:15");
    click(&mut harness, "Add event");
    let timeline = &project(&harness).incidents[0].timeline;
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].at.to_string(), "2026-03-06 11:15");
    assert_eq!(timeline[0].text, "Press enquiry");

    // Export the timeline as CSV through the path prompt (file dialogs are off in tests).
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("timeline.csv");
    click(&mut harness, "Export timeline as CSV…");
    support::answer_path_prompt(&mut harness, &csv);
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        "event_id,time,phase,event\nE-1,2026-03-06 11:15,Detection and analysis,Press enquiry\n"
    );
}

#[test]
fn the_record_measures_the_kill_switchs_effect_from_the_data() {
    // A copy of the moderation sample with its data (the effect is read from the committed log).
    let dir = tempfile::tempdir().unwrap();
    let source = crate::support::root().join("sample_projects/moderation_incident");
    for entry in walk(&source) {
        let relative = entry.strip_prefix(&source).unwrap();
        let target = dir.path().join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let project_path = dir.path().join("moderation_incident.riskbench.ron");
    let mut harness = support::app_sized(Some(project_path), egui::vec2(1400.0, 2400.0));
    click(&mut harness, Section::Incidents.label());
    let job = |h: &Harness<'_, RiskbenchApp>| {
        h.state()
            .screens()
            .get::<IncidentsScreen>()
            .map(|s| {
                (
                    s.containment_job().job_id(),
                    s.containment_job().is_running(),
                )
            })
            .expect("the incidents screen")
    };
    // The measurement is a job of the app (in the status bar with its Cancel): cancelled, the panel says so.
    harness.get_by_label("Measure the effect").click();
    harness.run_steps(1);
    let job_id = job(&harness).0.expect("the measurement's job has started");
    support::cancel_job(
        &mut harness,
        job_id,
        "Measuring the kill switch's effect (INC-1)",
        |h| !job(h).1,
    );
    harness.get_by_label("cancelled");
    assert!(
        harness
            .query_by_label("False positive rate before")
            .is_none()
    );
    // Measured again, the table arrives and the message goes.
    click(&mut harness, "Measure the effect");
    support::wait_until(&mut harness, "the measured effect", |h| !job(h).1);
    assert!(harness.query_by_label("cancelled").is_none());
    harness.get_by_label("False positive rate before");
    // AAE: 420 posts each side; removals 56.7% → 36.7%, false positive rate 40.0% → 5.0% (the generator's
    // parameters, as the incident report prints them).
    for value in ["420", "56.7%", "36.7%", "40.0%", "5.0%"] {
        assert!(
            harness.query_all_by_label(value).next().is_some(),
            "{value} is not shown"
        );
    }
}

/// Every file below `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
