//! The results of an audit: rows used, findings, risks created from them, and the group table.

use super::COUNT_COLUMNS;
use super::FairnessScreen;
use super::MAX_GROUPS_DRAWN;
use super::RATE_COLUMNS;
use super::RunInput;
use super::Slot;
use super::SortColumn;
use super::Tab;
use super::View;
use super::charts::chart_ui;
use super::charts::confusion_ui;
use super::charts::heat_map_ui;
use super::charts::summary_ui;
use super::help::differences_ui;
use super::help::tree_ui;
use super::runs::interval_of;
use super::runs::metric_of;
use super::runs::position;
use super::runs::sort_order;
use crate::analysis::audit::AuditReport;
use crate::analysis::fairness::AuditResult;
use crate::analysis::fairness::Check;
use crate::analysis::fairness::GroupResult;
use crate::analysis::fairness::GroupValue;
use crate::analysis::fairness::Interval;
use crate::analysis::fairness::Metric;
use crate::analysis::fairness::MetricValue;
use crate::analysis::fairness::wording::format_count;
use crate::analysis::fairness::wording::format_estimate;
use crate::analysis::fairness::wording::group_label;
use crate::analysis::fairness::wording::metric_definition;
use crate::analysis::fairness::wording::metric_title;
use crate::analysis::fairness::wording::percent;
use crate::analysis::fairness::wording::result_title;
use crate::analysis::fairness::wording::table_heading;
use crate::model::Project;
use crate::model::audit::SavedAudit;
use crate::ui::theme;
use egui::Align;
use egui::Layout;
use egui::RichText;
use egui::Ui;
use egui_extras::Column as TableColumn;
use egui_extras::TableBuilder;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

// ------------------------------------------------------------------------------------------------------------
// Results

pub(super) fn results_ui(
    ui: &mut Ui,
    screen: &mut FairnessScreen,
    project: &Project,
    audit: &SavedAudit,
    input: Option<&RunInput>,
) {
    let heading = ui.label(RichText::new("Results").strong().size(16.0));
    // Once the first results are drawn (before, the page is too short to scroll that far),
    let drawn = screen
        .runs
        .get(&audit.audit_id)
        .is_some_and(|r| !matches!(r.point, Slot::Running(_)));
    if screen.scroll_to_results > 0 && drawn {
        // For a few frames, as the tables below measure themselves and the page grows.
        screen.scroll_to_results -= 1;
        heading.scroll_to_me(Some(Align::Min));
        ui.ctx().request_repaint();
    }
    let Some(run) = screen.runs.get(&audit.audit_id) else {
        ui.label(
            RichText::new("Not run yet. \"Run audit\" computes the metrics of every group on the dataset file.")
                .weak(),
        );
        return;
    };
    let level = percent(run.input.settings.confidence_level);
    let resamples = format_count(f64::from(run.input.resamples()));
    match (&run.point, &run.bootstrap) {
        (Slot::Running(_), _) => {
            ui.label("Computing the per-group metrics…");
        }
        (Slot::Done(Err(e)), _) => {
            ui.label(RichText::new(format!("The audit could not run: {e}")).color(theme::error()));
        }
        (Slot::Cancelled, _) => {
            ui.label(RichText::new("The audit was cancelled").color(theme::warn()));
        }
        (_, Slot::Running(_)) => {
            ui.label(format!(
                "Intervals: {level} Wilson score intervals for now; the stratified bootstrap ({resamples} \
                 resamples) is running (progress in the status bar)…"
            ));
        }
        (_, Slot::Done(Err(e))) => {
            ui.label(
                RichText::new(format!(
                    "The bootstrap could not run ({e}); intervals are {level} Wilson score intervals"
                ))
                .color(theme::warn()),
            );
        }
        (_, Slot::Cancelled) => {
            ui.label(
                RichText::new(format!(
                    "Bootstrap cancelled: intervals are {level} Wilson score intervals"
                ))
                .color(theme::warn()),
            );
        }
        (_, Slot::Off) => {
            ui.label(format!(
                "Intervals: {level} Wilson score intervals (this audit has no bootstrap)"
            ));
        }
        (_, Slot::Done(Ok(report))) => {
            match report.results.iter().find_map(|r| r.bootstrap.as_ref()) {
                Some(b) => {
                    ui.label(format!(
                    "Intervals: {} stratified bootstrap ({} resamples within each group, seed {})",
                    percent(b.level),
                    format_count(position(b.resamples)),
                    b.seed
                ))
                .on_hover_text(&b.method);
                }
                None => {
                    ui.label(format!("Intervals: {level} Wilson score intervals"));
                }
            }
        }
    }
    let Some((report, _)) = run.report() else {
        return;
    };
    let report = Arc::clone(report);
    let run_input = run.input.clone();
    if input.is_some_and(|i| *i != run_input) {
        ui.label(
            RichText::new(
                "⚠ The audit's settings, its dataset or the project's thresholds changed since this run; it runs \
                 again when you stop editing",
            )
            .color(theme::warn()),
        );
    }
    if let Some(d) = project.dataset(&run_input.dataset_id)
        && d.sha256 != report.dataset.sha256
    {
        ui.label(
            RichText::new(format!(
                "⚠ Stale: computed on a file whose SHA-256 ({}…) differs from the one recorded for \"{}\" ({}…). \
                 The file changed after it was added; check it in Map › Datasets.",
                report.dataset.sha256.get(..12).unwrap_or(&report.dataset.sha256),
                d.name,
                d.sha256.get(..12).unwrap_or(&d.sha256),
            ))
            .color(theme::error()),
        )
        .on_hover_text(format!(
            "Computed on {}\nRecorded {}",
            report.dataset.sha256, d.sha256
        ));
    }
    rows_summary_ui(ui, &report);
    if report.results.is_empty() {
        return;
    }
    let view = &mut screen.view;
    view.result_index = view.result_index.min(report.results.len() - 1);
    if report.results.len() > 1 {
        ui.horizontal(|ui| {
            ui.label("Groups by");
            for (i, result) in report.results.iter().enumerate() {
                if ui
                    .selectable_label(view.result_index == i, result_title(result))
                    .clicked()
                {
                    view.result_index = i;
                }
            }
        });
    }
    let Some(result) = report.results.get(view.result_index) else {
        return;
    };
    ui.add_space(4.0);
    if let Some(check_index) = findings_ui(ui, project, audit, result) {
        let failed = crate::analysis::findings::FailedCheck {
            result_index: view.result_index,
            check_index,
        };
        screen.new_risk =
            crate::analysis::findings::risk_from_check(project, audit, &report, failed);
        return;
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        for tab in Tab::ALL {
            if ui.selectable_label(view.tab == tab, tab.label()).clicked() {
                view.tab = tab;
            }
        }
    });
    ui.separator();
    let ratio_min = run_input.settings.ratio_min;
    if result.by_group.len() > MAX_GROUPS_DRAWN
        && !matches!(view.tab, Tab::Table | Tab::Differences)
    {
        ui.label(
            RichText::new(format!(
                "Showing the first {MAX_GROUPS_DRAWN} of {} groups; the group table lists them all",
                result.by_group.len()
            ))
            .color(theme::warn()),
        );
    }
    match view.tab {
        Tab::Table => group_table_ui(ui, view, result, &level),
        Tab::Chart => chart_ui(ui, view, result, ratio_min, &level),
        Tab::HeatMap => heat_map_ui(ui, view.result_index, result, ratio_min),
        Tab::Confusion => confusion_ui(ui, view.result_index, result),
        Tab::Summary => summary_ui(ui, view.result_index, result),
        Tab::Tree => tree_ui(ui, &mut view.tree, result),
        Tab::Differences => differences_ui(ui),
    }
}

pub(super) fn rows_summary_ui(ui: &mut Ui, report: &AuditReport) {
    let rows = &report.rows;
    let mut text = format!(
        "Rows used: {} of {}",
        format_count(position(rows.used)),
        format_count(position(rows.input))
    );
    for (n, why) in [
        (rows.missing_label, "without a label"),
        (rows.missing_prediction, "without a prediction"),
        (rows.missing_score, "without a score"),
    ] {
        if n > 0 {
            let _ = write!(text, "; {} {why}", format_count(position(n)));
        }
    }
    for (column, n) in &rows.missing_sensitive {
        let _ = write!(
            text,
            "; {} with no {column} (the \"(missing)\" group)",
            format_count(position(*n))
        );
    }
    ui.label(RichText::new(text).weak())
        .on_hover_text(format!("Dataset SHA-256 {}", report.dataset.sha256));
}

/// The risk already linked to this check, if any.
pub(super) fn linked_risk<'a>(
    project: &'a Project,
    audit: &SavedAudit,
    result: &AuditResult,
    check: &Check,
) -> Option<&'a str> {
    let group = check
        .group
        .as_ref()
        .map(crate::analysis::fairness::GroupKey::label)
        .unwrap_or_default();
    project.risks.iter().find_map(|r| {
        r.evidence
            .iter()
            .filter_map(|e| e.check.as_ref())
            .any(|c| {
                c.audit_name == audit.name
                    && c.sensitive == result.sensitive
                    && c.check_name == check.name
                    && c.group == group
            })
            .then_some(r.risk_id.as_str())
    })
}

/// A "Create risk from finding" button for a failed check, or the risk that already tracks it. Returns
/// whether the button was clicked.
pub(super) fn create_risk_ui(
    ui: &mut Ui,
    project: &Project,
    audit: &SavedAudit,
    result: &AuditResult,
    check: &Check,
) -> bool {
    if let Some(risk_id) = linked_risk(project, audit, result, check) {
        ui.label(RichText::new(format!("tracked as {risk_id}")).weak())
            .on_hover_text("A register risk links this check as evidence");
        return false;
    }
    ui.small_button("Create risk from finding")
        .on_hover_text(
            "Adds a register risk pre-filled with the category, the numbers, the affected groups and a link to              this check (Map › Risk register)",
        )
        .clicked()
}

/// Draws the findings of one result; returns the index of a failed check whose "Create risk from finding"
/// button was clicked.
pub(super) fn findings_ui(
    ui: &mut Ui,
    project: &Project,
    audit: &SavedAudit,
    result: &AuditResult,
) -> Option<usize> {
    let mut create = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(1100.0));
        ui.label(RichText::new("Findings").strong());
        ui.label(RichText::new(reference_text(result)).weak());
        if result.findings.is_empty() {
            ui.label(
                "No four-fifths check of the selection rate or of an error rate fails for these groups.",
            );
        }
        for finding in &result.findings {
            let check_name = format!("four_fifths_{}", finding.metric.name());
            let check = result.checks.iter().position(|c| {
                c.name == check_name && c.group.as_ref() == Some(&finding.group) && c.pass == Some(false)
            });
            ui.horizontal_top(|ui| {
                ui.label("•");
                ui.add(egui::Label::new(&finding.text).wrap());
                if let Some(i) = check
                    && create_risk_ui(ui, project, audit, result, &result.checks[i])
                {
                    create = Some(i);
                }
            });
        }
        for (i, check) in result.checks.iter().enumerate() {
            if check.group.is_none() && check.pass == Some(false) {
                ui.horizontal(|ui| {
                    ui.label(RichText::new("✗").color(theme::error()));
                    ui.label(format!(
                        "{} = {} fails {}",
                        check.name,
                        check.value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}")),
                        check.rule
                    ));
                    if create_risk_ui(ui, project, audit, result, check) {
                        create = Some(i);
                    }
                });
            }
        }
        super::verdict_view::verdict_ui(ui, &result.verdict);
    });
    create
}

/// "Reference group: male (a given value)".
pub(super) fn reference_text(result: &AuditResult) -> String {
    let reference = &result.reference;
    let rule = match reference.rule.as_str() {
        "value" => "a given value",
        "largest" => "the largest group",
        "best" => "the best group of each metric",
        "mixed" => "given values and the largest group",
        other => other,
    };
    match (&reference.group, &reference.note) {
        (Some(group), _) => format!("Reference group: {} ({rule})", group_label(group)),
        (None, Some(note)) => format!("No reference group: {note}"),
        (None, None) => format!("Reference group: {rule}"),
    }
}

/// One row of the group table.
pub(super) struct TableRow<'a> {
    label: String,
    metrics: &'a BTreeMap<Metric, Option<MetricValue>>,
    undefined: &'a BTreeMap<Metric, String>,
    wilson: &'a BTreeMap<Metric, Interval>,
    ci: &'a BTreeMap<Metric, Interval>,
    notes: Vec<(String, bool)>,
    overall: bool,
}

pub(super) fn group_row<'a>(result: &'a AuditResult, group: &'a GroupResult) -> TableRow<'a> {
    let mut notes = Vec::new();
    if result.reference.group.as_ref() == Some(&group.group) {
        notes.push(("reference".to_owned(), false));
    }
    if group.small_sample {
        notes.push(("small sample".to_owned(), true));
    }
    if group.group.0.iter().any(|(_, v)| *v == GroupValue::Missing) {
        notes.push(("missing values".to_owned(), false));
    }
    TableRow {
        label: group_label(&group.group),
        metrics: &group.metrics,
        undefined: &group.undefined,
        wilson: &group.wilson,
        ci: &group.ci,
        notes,
        overall: false,
    }
}

pub(super) fn group_table_ui(ui: &mut Ui, view: &mut View, result: &AuditResult, level: &str) {
    let groups = &result.by_group;
    let order = match view.sort {
        SortColumn::Group => {
            let mut order: Vec<usize> = (0..groups.len()).collect();
            if !view.ascending {
                order.reverse();
            }
            order
        }
        SortColumn::Metric(m) => sort_order(groups.len(), view.ascending, |i| {
            groups.get(i).and_then(|g| g.metric(m))
        }),
    };
    let mut rows: Vec<TableRow<'_>> = order
        .iter()
        .filter_map(|&i| groups.get(i))
        .map(|g| group_row(result, g))
        .collect();
    rows.push(TableRow {
        label: "All rows".to_owned(),
        metrics: &result.overall,
        undefined: &result.overall_undefined,
        wilson: &result.overall_wilson,
        ci: &result.overall_ci,
        notes: Vec::new(),
        overall: true,
    });
    ui.label(
        RichText::new(format!(
            "Rates with their {level} interval [low, high]; click a column heading to sort. \"Insufficient \
             evidence\": the rate's denominator is zero (hover for the reason)."
        ))
        .weak(),
    );
    let mut sort_click = None;
    egui::ScrollArea::horizontal()
        .id_salt(("fairness_table_scroll", view.result_index))
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt(("fairness_table", view.result_index))
                .striped(true)
                .vscroll(true)
                .max_scroll_height(560.0)
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(TableColumn::auto().at_least(110.0));
            for _ in COUNT_COLUMNS {
                table = table.column(TableColumn::auto().at_least(50.0));
            }
            for _ in RATE_COLUMNS {
                table = table.column(TableColumn::auto().at_least(96.0));
            }
            table = table.column(TableColumn::auto().at_least(90.0));
            table
                .header(24.0, |mut header| {
                    header.col(|ui| {
                        if sort_header_ui(ui, view, SortColumn::Group, "Group", "The group's values")
                        {
                            sort_click = Some(SortColumn::Group);
                        }
                    });
                    for m in COUNT_COLUMNS.into_iter().chain(RATE_COLUMNS) {
                        header.col(|ui| {
                            let column = SortColumn::Metric(m);
                            if sort_header_ui(ui, view, column, &table_heading(m), metric_definition(m)) {
                                sort_click = Some(column);
                            }
                        });
                    }
                    header.col(|ui| {
                        ui.label(RichText::new("Notes").strong());
                    });
                })
                .body(|body| {
                    // Only the visible rows are laid out: intersections can have many groups.
                    body.rows(22.0, rows.len(), |mut row| {
                        let Some(row_data) = rows.get(row.index()) else {
                            return;
                        };
                            row.col(|ui| {
                                let text = RichText::new(&row_data.label);
                                ui.label(if row_data.overall { text.strong() } else { text });
                            });
                            for m in COUNT_COLUMNS {
                                row.col(|ui| {
                                    let text = metric_of(row_data.metrics, m)
                                        .map_or_else(|| "—".to_owned(), format_count);
                                    ui.label(text);
                                });
                            }
                            for m in RATE_COLUMNS {
                                row.col(|ui| rate_cell_ui(ui, row_data, m, level));
                            }
                            row.col(|ui| {
                                for (note, warn) in &row_data.notes {
                                    let text = RichText::new(note.as_str());
                                    let response = ui.label(if *warn {
                                        text.color(theme::warn())
                                    } else {
                                        text.weak()
                                    });
                                    if *warn {
                                        response.on_hover_text(
                                            "Fewer rows than the minimum group size: treat its rates with \
                                             caution",
                                        );
                                    }
                                }
                            });
                    });
                });
        });
    if let Some(column) = sort_click {
        if view.sort == column {
            view.ascending = !view.ascending;
        } else {
            view.sort = column;
            view.ascending = column == SortColumn::Group;
        }
    }
}

/// A sortable column heading; returns whether it was clicked.
pub(super) fn sort_header_ui(
    ui: &mut Ui,
    view: &View,
    column: SortColumn,
    title: &str,
    hover: &str,
) -> bool {
    let active = view.sort == column;
    let text = if active {
        format!("{title} {}", if view.ascending { "▲" } else { "▼" })
    } else {
        title.to_owned()
    };
    ui.selectable_label(active, RichText::new(text).strong())
        .on_hover_text(format!("{hover}\nClick to sort"))
        .clicked()
}

pub(super) fn rate_cell_ui(ui: &mut Ui, row: &TableRow<'_>, metric: Metric, level: &str) {
    match metric_of(row.metrics, metric) {
        Some(value) => {
            let interval = interval_of(row.ci, row.wilson, metric);
            let kind = match interval {
                Some((_, true)) => format!("{level} stratified bootstrap interval"),
                Some((_, false)) => format!("{level} Wilson score interval"),
                None => "no interval".to_owned(),
            };
            ui.label(format_estimate(value, interval.map(|(i, _)| i)))
                .on_hover_text(format!("{}: {value}\n{kind}", metric_title(metric)));
        }
        None => {
            let reason = row
                .undefined
                .get(&metric)
                .map_or("not computed", String::as_str);
            ui.label(RichText::new("insufficient evidence").color(theme::warn()))
                .on_hover_text(format!("{} is undefined: {reason}", metric_title(metric)));
        }
    }
}
