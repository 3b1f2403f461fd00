//! Issue 22's bad suites through Measure › Validation's "Import GX suite…": a file that is not valid JSON, a
//! regex that does not compile, a `mostly` outside [0, 1] — each refused with a message naming the file and
//! the expectation's index, the project unchanged; a suite naming a missing column imports (the dataset can
//! change; once the file is profiled the import names that expectation at once) and its run fails that rule
//! with the column named, shown with the rule's number; an expectation
//! type Riskbench does not implement is a failed result with its reason, never skipped.

use crate::support::ui as support;

use egui_kittest::kittest::Queryable as _;
use riskbench::ui::notifications::Level;
use riskbench::ui::sections::Section;
use riskbench::ui::validation::ValidationScreen;

type Harness = egui_kittest::Harness<'static, riskbench::ui::RiskbenchApp>;

fn import(harness: &mut Harness, path: &std::path::Path) {
    harness.get_by_label("Import GX suite…").click();
    harness.run_steps(2);
    support::answer_path_prompt(harness, path);
    harness.run_steps(3);
}

fn last_error(harness: &Harness) -> String {
    harness
        .state()
        .notifications()
        .iter()
        .rev()
        .find(|n| n.level == Level::Error)
        .map(|n| n.text.clone())
        .expect("an error is shown")
}

fn suite(rule: &str) -> String {
    format!(
        r#"{{"name": "bad", "expectations": [
            {{"type": "expect_column_values_to_not_be_null", "kwargs": {{"column": "applicant_id"}}}},
            {rule}
        ]}}"#
    )
}

#[test]
fn bad_suites_are_refused_with_the_expectations_index_and_unknown_types_fail() {
    let (dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    harness.get_by_label(Section::Validation.label()).click();
    harness.run_steps(2);
    harness
        .state_mut()
        .screens_mut()
        .get_mut::<ValidationScreen>()
        .expect("validation screen")
        .dataset_id = "ds-2".to_owned();
    harness.run_steps(2);
    let before = support::project(&harness).clone();

    let cases = [
        (
            "not_json.json",
            r#"{"name": "bad", "expectations": ["#.to_owned(),
            "not_json.json: not valid JSON: line 1, column 33",
        ),
        (
            "regex.json",
            suite(
                r#"{"type": "expect_column_values_to_match_regex", "kwargs": {"column": "region", "regex": "(["}}"#,
            ),
            "regex.json: expectations[1] (expect_column_values_to_match_regex): the regex \"([\" does not compile",
        ),
        (
            "mostly.json",
            suite(
                r#"{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "income", "mostly": 1.5}}"#,
            ),
            "mostly.json: expectations[1] (expect_column_values_to_not_be_null): mostly must be in [0, 1], not 1.5",
        ),
    ];
    for (name, text, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("suite file");
        import(&mut harness, &path);
        let error = last_error(&harness);
        assert!(error.contains(message), "{name}: {error}");
        assert_eq!(*support::project(&harness), before, "{name}");
    }

    // A missing column: the suite imports (a rule may outlive a column), and its run is a failed result for
    // that rule, shown with the rule's number and the column, the other rules still computed.
    let path = dir.path().join("missing.json");
    std::fs::write(
        &path,
        suite(r#"{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "nope"}}"#),
    )
    .expect("suite file");
    import(&mut harness, &path);
    let report = support::run_validation(&mut harness);
    assert_eq!(report.statistics.evaluated_expectations, 2);
    assert_eq!(report.statistics.successful_expectations, 1);
    let missing = report.results[1]
        .exception
        .clone()
        .expect("the missing column is the reason");
    assert!(
        missing.starts_with("column \"nope\" is not in the data (columns: applicant_id, age,"),
        "{missing}"
    );
    harness.get_by_label("2. expect_column_values_to_not_be_null (blocking)");
    harness.get_by_label(&format!("failing: {missing}"));
    harness.get_by_label("Passing rules: 1");

    // Once the file's columns are known (its profile), the import says at once which expectation names a
    // column the file lacks, by its index as the CLI does, and still keeps the rule.
    harness
        .get_by_label("Suggest values from the profile")
        .click();
    harness.run_steps(1);
    support::wait_validation(&mut harness);
    import(&mut harness, &path);
    let said = harness
        .state()
        .notifications()
        .iter()
        .rev()
        .find(|n| n.text.starts_with("Imported suite"))
        .map(|n| n.text.clone())
        .expect("the import is confirmed");
    assert!(
        said.starts_with(
            "Imported suite \"bad\" (2 rules); expectations[1] (expect_column_values_to_not_be_null): column \"nope\" is not in the data (columns: applicant_id, age,"
        ),
        "{said}"
    );
    assert!(
        said.ends_with(": that rule fails until the column exists"),
        "{said}"
    );

    // An expectation type Riskbench does not implement: imported, run, and failed with its reason.
    let path = dir.path().join("unknown.json");
    std::fs::write(
        &path,
        suite(r#"{"type": "expect_column_values_to_be_fancy", "kwargs": {"column": "income"}}"#),
    )
    .expect("suite file");
    import(&mut harness, &path);
    let report = support::run_validation(&mut harness);
    assert_eq!(report.statistics.evaluated_expectations, 2);
    assert_eq!(report.statistics.successful_expectations, 1);
    let unknown = &report.results[1];
    assert!(!unknown.success);
    assert_eq!(
        unknown.exception.as_deref(),
        Some("Riskbench does not implement expect_column_values_to_be_fancy")
    );
}
