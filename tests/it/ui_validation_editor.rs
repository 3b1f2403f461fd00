//! Measure › Validation's rule editor and the release gate's links, with `egui_kittest`: a rule made from
//! scratch and every parameter edited through the UI (type, column, regex, `mostly`, severity, note, a value
//! set from the profile's suggestions, bounds), with the inline problems of a regex that does not compile and
//! of a `mostly` outside [0, 1]; a GX suite exported and imported back through the path prompt; and the
//! gate's links selecting the audit, the rule and the risk they point to.

use crate::support::ui as support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use riskbench::model::validation::{
    Bounds, MissingReading, RuleKind, SetValue, Severity, ValidationRule, ValidationSuite,
};
use riskbench::ui::fairness::FairnessScreen;
use riskbench::ui::gate::GateScreen;
use riskbench::ui::sections::Section;
use riskbench::ui::validation::ValidationScreen;

type Harness = egui_kittest::Harness<'static, riskbench::ui::RiskbenchApp>;

fn rules(harness: &Harness) -> Vec<ValidationRule> {
    support::project(harness)
        .validation_suites
        .iter()
        .find(|s| s.dataset_id == "ds-2")
        .map(|s| s.rules.clone())
        .unwrap_or_default()
}

fn pick(harness: &mut Harness, combo: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, combo).click();
    harness.run_steps(2);
    harness.get_by_label(option).click();
    harness.run_steps(3);
}

/// Replaces the text of the field labelled `label` with `text`.
fn replace_text(harness: &mut Harness, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run_steps(3);
}

fn open_validation_on_loans(harness: &mut Harness) {
    harness.get_by_label(Section::Validation.label()).click();
    harness.run_steps(2);
    harness
        .state_mut()
        .screens_mut()
        .get_mut::<ValidationScreen>()
        .expect("validation screen")
        .dataset_id
        .clone_from(&"ds-2".to_owned());
    harness.run_steps(2);
}

#[test]
fn a_rule_is_made_from_scratch_and_every_parameter_edited_with_inline_problems() {
    let (dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    open_validation_on_loans(&mut harness);
    harness
        .get_by_label("Suggest values from the profile")
        .click();
    harness.run_steps(1);
    support::wait_validation(&mut harness);

    harness.get_by_label("Add rule").click();
    harness.run_steps(3);
    // A new not-null rule on the first column, blocking, without mostly.
    assert_eq!(
        rules(&harness),
        vec![ValidationRule::new(RuleKind::NotNull {
            column: "applicant_id".into()
        })]
    );

    pick(&mut harness, "Rule 1 type", "values match regex");
    pick(&mut harness, "Rule 1 column", "region");
    support::type_into(&mut harness, "Rule 1 regex", "(Nor");
    assert!(
        harness
            .query_by_label_contains("⚠ regex: the regex \"(Nor\" does not compile")
            .is_some(),
        "the regex problem is shown inline"
    );
    support::type_into(&mut harness, "Rule 1 regex", "th)");
    assert!(
        harness
            .query_by_label_contains("does not compile")
            .is_none()
    );

    harness
        .get_by_role_and_label(Role::CheckBox, "Rule 1 mostly on")
        .click();
    harness.run_steps(3);
    replace_text(&mut harness, "Rule 1 mostly", "1.5");
    harness
        .get_by_label("⚠ mostly: mostly must be between 0 and 1 (a fraction of the rows), not 1.5");
    replace_text(&mut harness, "Rule 1 mostly", "0.8");
    assert!(harness.query_by_label_contains("⚠ mostly").is_none());

    pick(&mut harness, "Rule 1 severity", "warning");
    support::type_into(&mut harness, "Rule 1 note", "regions are compass points");
    assert_eq!(
        rules(&harness),
        vec![ValidationRule {
            kind: RuleKind::MatchRegex {
                column: "region".into(),
                regex: "(North)".into()
            },
            mostly: Some(0.8),
            severity: Severity::Warning,
            note: "regions are compass points".into(),
        }]
    );

    // A second rule: a value set for sex built from the profile's suggestions.
    pick(&mut harness, "New rule type", "values in set");
    harness.get_by_label("Add rule").click();
    harness.run_steps(3);
    pick(&mut harness, "Rule 2 column", "sex");
    harness.get_by_label("⚠ values: add at least one value");
    harness.get_by_label("+ female").click();
    harness.run_steps(3);
    harness.get_by_label("+ male").click();
    harness.run_steps(3);
    assert_eq!(
        rules(&harness)[1].kind,
        RuleKind::InSet {
            column: "sex".into(),
            values: vec![
                SetValue::Text("female".into()),
                SetValue::Text("male".into())
            ]
        }
    );

    // The type changes to a mean within bounds; the column stays.
    pick(&mut harness, "Rule 2 type", "column mean between");
    harness.get_by_label("⚠ bounds: give a minimum, a maximum or both");
    pick(&mut harness, "Rule 2 column", "income");
    support::type_into(&mut harness, "Rule 2 minimum", "1000");
    support::type_into(&mut harness, "Rule 2 maximum", "10");
    harness.get_by_label("⚠ bounds: the minimum 1000 is above the maximum 10");
    replace_text(&mut harness, "Rule 2 maximum", "900000");
    harness
        .get_by_role_and_label(Role::CheckBox, "Rule 2 strict maximum")
        .click();
    harness.run_steps(3);
    assert_eq!(
        rules(&harness)[1].kind,
        RuleKind::StatBetween {
            stat: riskbench::model::validation::ColumnStat::Mean,
            column: "income".into(),
            bounds: Bounds {
                min: Some(1000.0),
                max: Some(900_000.0),
                strict_min: false,
                strict_max: true,
            }
        }
    );

    // The suite goes out as a GX file and comes back the same through the path prompt.
    let before = rules(&harness);
    harness.get_by_label("Export GX suite…").click();
    harness.run_steps(2);
    let file = dir.path().join("suite.json");
    support::answer_path_prompt(&mut harness, &file);
    let text = std::fs::read_to_string(&file).expect("the exported suite");
    assert!(text.contains("expect_column_values_to_match_regex"));
    assert!(text.contains("expect_column_mean_to_be_between"));
    harness.get_by_label("Delete rule 2").click();
    harness.run_steps(3);
    assert_eq!(rules(&harness).len(), 1);
    harness.get_by_label("Import GX suite…").click();
    harness.run_steps(2);
    support::answer_path_prompt(&mut harness, &file);
    assert_eq!(rules(&harness), before);
}

#[test]
fn validation_runs_in_the_background_and_can_be_cancelled() {
    let (_dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    open_validation_on_loans(&mut harness);
    harness.get_by_label("Add rule").click();
    harness.run_steps(3);
    harness.get_by_label("Run").click();
    harness.run_steps(1);
    // Cancelled before the screen took a result (the job is running until a later frame polls it): the
    // work stops at its next check or its result is dropped, and the screen and the app say so.
    let job_id = harness
        .state()
        .screens()
        .get::<ValidationScreen>()
        .and_then(|s| s.job().job_id())
        .expect("the validation job has started");
    support::cancel_job(
        &mut harness,
        job_id,
        "Validating Synthetic loan applications (5,000-row sample)",
        |h| {
            !h.state()
                .screens()
                .get::<ValidationScreen>()
                .is_some_and(|s| s.job().is_running())
        },
    );
    let screen = harness
        .state()
        .screens()
        .get::<ValidationScreen>()
        .expect("screen");
    assert!(screen.report.is_none());
    assert_eq!(screen.error(), Some("cancelled"));
    let report = support::run_validation(&mut harness);
    // applicant_id has no empty cell in the 5,000-row sample.
    assert_eq!(report.statistics.evaluated_expectations, 1);
    assert_eq!(report.statistics.successful_expectations, 1);
}

#[test]
fn gate_links_select_the_rule_and_the_audit() {
    let (_dir, project_path) = support::sample_copy();
    let mut project = riskbench::model::file::load_project(&project_path)
        .expect("sample")
        .project;
    // A blocking rule that fails on the sample (126 empty incomes), second in its suite.
    let mut failing = ValidationRule::new(RuleKind::NotNull {
        column: "income".into(),
    });
    failing.severity = Severity::Blocking;
    // A second suite beside the sample's (suite-1, on ds-1, whose blocking rules pass).
    project.validation_suites.push(ValidationSuite {
        suite_id: "suite-2".into(),
        name: "Loan inputs".into(),
        dataset_id: "ds-2".into(),
        rules: vec![
            ValidationRule::new(RuleKind::NotNull {
                column: "applicant_id".into(),
            }),
            failing,
        ],
        reading: MissingReading::EmptyCells,
    });
    riskbench::model::file::save_project(&project_path, &project).expect("saved");
    let mut harness = support::app(Some(project_path));
    support::run_gate(&mut harness);
    // The first failing fairness check's audit (the first link of the folded list).
    let audit_id = harness
        .state()
        .screens()
        .get::<GateScreen>()
        .and_then(|g| g.report.clone())
        .and_then(|r| {
            r.failures().find_map(|c| match &c.link {
                Some(riskbench::analysis::gate::GateLink::Audit { audit_id }) => {
                    Some(audit_id.clone())
                }
                _ => None,
            })
        })
        .expect("a failing fairness check with its audit");
    harness.get_by_label("validation: 1 failing");

    harness.get_by_label("Open rule 2 of suite-2").click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Validation);
    let screen = harness
        .state()
        .screens()
        .get::<ValidationScreen>()
        .expect("screen");
    assert_eq!(screen.dataset_id, "ds-2");
    assert_eq!(screen.focus, Some(1));
    assert!(
        harness
            .query_by_role_and_label(Role::ComboBox, "Rule 2 column")
            .is_some(),
        "the rule's editor is shown"
    );

    harness.get_by_label(Section::ReleaseGate.label()).click();
    harness.run_steps(3);
    // The fairness failures start folded: open the list, then follow the audit's first link.
    harness.get_by_label_contains("fairness: ").click();
    harness.run_steps(3);
    harness
        .query_all_by_label(&format!("Open audit {audit_id}"))
        .next()
        .expect("a link to the audit")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Fairness);
    assert_eq!(
        harness
            .state()
            .screens()
            .get::<FairnessScreen>()
            .and_then(FairnessScreen::selected_audit),
        Some(audit_id.as_str())
    );
}
