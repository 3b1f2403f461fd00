//! Measure › Drift & monitoring names issue 16's bad input over time on screen: dates that do not parse
//! (rows left out, with examples), an empty window (named, the other windows still computed), and a date
//! column without any date (a clear error, nothing computed).

use crate::support::ui as support;

use std::fmt::Write as _;
use std::path::Path;

use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::dataset::{inspect_file, new_dataset_ref};
use riskbench::analysis::task::TaskControl;
use riskbench::model::drift::WindowSize;
use riskbench::model::{IsoDate, Project, file};
use riskbench::ui::drift::DriftScreen;
use riskbench::ui::sections::Section;

fn project(dir: &Path) -> (std::path::PathBuf, Vec<String>) {
    // January, February and April: March is an empty window; two dates do not parse.
    let mut dated = String::from("when,sex,label,pred,x\n");
    for month in [1u32, 2, 4] {
        for i in 0..40u32 {
            let _ = writeln!(
                dated,
                "2024-{month:02}-{:02},{},1,{},{i}",
                i % 28 + 1,
                if i % 2 == 0 { "F" } else { "M" },
                i % 3 % 2
            );
        }
    }
    dated.push_str("notadate,F,1,1,5\n31/02/2024,M,1,0,6\n");
    std::fs::write(dir.join("dated.csv"), dated).expect("bad input test");
    let mut undated = String::from("when,x\n");
    for i in 0..20 {
        let _ = writeln!(undated, "garbage{i},{i}");
    }
    std::fs::write(dir.join("undated.csv"), undated).expect("bad input test");
    let mut p = Project::blank("Loans", IsoDate::from_ymd(2026, 1, 1).expect("date"));
    let mut ids = Vec::new();
    for name in ["dated.csv", "undated.csv"] {
        let path = dir.join(name);
        let info = inspect_file(&path, &TaskControl::new()).expect("bad input test");
        let d = new_dataset_ref(&p, &path, Some(dir), info);
        ids.push(d.dataset_id.clone());
        p.datasets.push(d);
    }
    let path = dir.join("loans.riskbench.ron");
    file::save_project(&path, &p).expect("bad input test");
    (path, ids)
}

fn run_over_time(
    harness: &mut egui_kittest::Harness<'_, riskbench::ui::RiskbenchApp>,
    dataset_id: &str,
) {
    {
        let screen = harness
            .state_mut()
            .screens_mut()
            .get_mut::<DriftScreen>()
            .expect("drift screen");
        screen.choose_datasets(dataset_id, "");
        screen.choose_windows("when", WindowSize::Month, "label", "pred", "sex");
    }
    support::settle(harness);
    harness.get_by_label("Run over time").click();
    support::settle(harness);
}

#[test]
fn unparsed_dates_an_empty_window_and_a_column_without_dates_are_named_on_screen() {
    let dir = tempfile::tempdir().expect("bad input test");
    let (path, ids) = project(dir.path());
    let mut harness = support::app_sized(Some(path), egui::vec2(1500.0, 1100.0));
    harness.get_by_label(Section::Drift.label()).click();
    harness.run_steps(2);

    run_over_time(&mut harness, &ids[0]);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("drift screen");
    assert_eq!(screen.error(), None);
    let report = screen.windows.as_ref().expect("windows");
    let labels: Vec<&str> = report.windows.iter().map(|w| w.label.as_str()).collect();
    assert_eq!(labels, ["2024-01", "2024-02", "2024-03", "2024-04"]);
    assert_eq!(report.rows_without_date, 2);
    // The rest is still computed: February and April are compared with January, with fairness.
    for i in [1, 3] {
        assert_eq!(report.windows[i].rows, 40);
        assert_eq!(report.windows[i].drift.columns.len(), 4, "{i}");
        assert_eq!(report.windows[i].fairness.len(), 1);
    }
    assert_eq!(report.windows[2].rows, 0);
    harness.get_by_label(
        "2 rows have no date in when or one that does not parse as YYYY-MM-DD (e.g. notadate, \
         31/02/2024): left out.",
    );
    harness.get_by_label("window 2024-03 has no rows: nothing to compare");

    run_over_time(&mut harness, &ids[1]);
    let screen = harness
        .state()
        .screens()
        .get::<DriftScreen>()
        .expect("drift screen");
    let error = screen.error().expect("an error").to_owned();
    assert!(
        error.contains(
            "the time column \"when\" has no date in the form YYYY-MM-DD (found e.g. garbage0"
        ),
        "{error}"
    );
    harness.get_by_label(&error);
}
