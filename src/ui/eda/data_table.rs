//! A data table over a loaded data frame that stays smooth on a million rows: only the visible rows are laid
//! out and formatted (`egui_extras` `body.rows`), the header stays in place while the body scrolls, a click on a
//! column heading sorts (ascending, descending, file order), and a filter box searches one column or all of
//! them, or compares (`age > 30`, `city = Paris`, `income = null`).
//!
//! Sorting and filtering a large frame can take longer than a frame, so the table only decides what to
//! compute: it returns a [`TableRequest`] that its owner runs as a background job with
//! [`crate::analysis::view::view_rows`], and hands the result back with [`DataTable::rows_ready`]. Until then
//! the previous rows stay on screen. The frame itself is never copied: the owner holds it once.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column as TableColumn, TableBuilder};
use polars::prelude::DataFrame;

use crate::analysis::fairness::wording::format_count;
use crate::analysis::view::{CellRules, Filter, SortKey, ViewQuery, cell_text};
use crate::ui::theme;

/// A filter is applied when the text has not changed for this long (or at once on Enter).
const FILTER_AFTER: Duration = Duration::from_millis(350);

/// The rows shown, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rows {
    /// Every row of the frame in file order (no list is built for it).
    All,
    /// These rows of the frame, in this order.
    Selected(Arc<Vec<usize>>),
}

/// A computation the table asks its owner to run in the background.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRequest {
    /// Hand it back to [`DataTable::job_started`] and [`DataTable::rows_ready`].
    pub request_id: u64,
    /// What to compute with [`crate::analysis::view::view_rows`].
    pub query: ViewQuery,
}

/// What the table asks its owner to do after a frame.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TableActions {
    /// A computation to start.
    pub request: Option<TableRequest>,
    /// Jobs whose results are no longer wanted.
    pub cancel: Vec<u64>,
}

#[derive(Clone, Debug)]
struct Pending {
    request_id: u64,
    job_id: Option<u64>,
    query: ViewQuery,
}

/// The state of one data table: the query as typed, the query shown, and the rows it selected.
#[derive(Debug)]
pub struct DataTable {
    /// The query as the user has set it (filter text, search column, sort).
    wanted: ViewQuery,
    /// The query `rows` was computed for.
    applied: ViewQuery,
    rows: Rows,
    /// When the filter text last changed.
    typed_at: Option<Instant>,
    /// Apply the filter at once (Enter was pressed).
    apply_now: bool,
    pending: Option<Pending>,
    superseded: BTreeSet<u64>,
    next_request_id: u64,
    error: Option<String>,
}

impl Default for DataTable {
    fn default() -> Self {
        Self {
            wanted: ViewQuery::default(),
            applied: ViewQuery::default(),
            rows: Rows::All,
            typed_at: None,
            apply_now: false,
            pending: None,
            superseded: BTreeSet::new(),
            next_request_id: 1,
            error: None,
        }
    }
}

impl DataTable {
    /// Ends this table (its data is gone): returns the job still running, to cancel, and every job of this
    /// table whose end is no news (that one included).
    #[must_use]
    pub fn retire(mut self) -> (Option<u64>, BTreeSet<u64>) {
        let running = self.pending.take().and_then(|p| p.job_id);
        self.superseded.extend(running);
        (running, self.superseded)
    }

    /// The query the shown rows answer.
    #[must_use]
    pub fn applied_query(&self) -> &ViewQuery {
        &self.applied
    }

    /// The number of rows shown, out of `height` in the frame.
    #[must_use]
    pub fn shown_rows(&self, height: usize) -> usize {
        match &self.rows {
            Rows::All => height,
            Rows::Selected(rows) => rows.len(),
        }
    }

    /// The frame's row shown at `position`.
    #[must_use]
    pub fn row_at(&self, position: usize) -> Option<usize> {
        match &self.rows {
            Rows::All => Some(position),
            Rows::Selected(rows) => rows.get(position).copied(),
        }
    }

    /// Whether a computation is under way.
    #[must_use]
    pub fn is_computing(&self) -> bool {
        self.pending.is_some()
    }

    /// Records the job id of the job started for `request_id`.
    pub fn job_started(&mut self, request_id: u64, job_id: u64) {
        if let Some(p) = &mut self.pending
            && p.request_id == request_id
        {
            p.job_id = Some(job_id);
        }
    }

    /// Records that the job for `request_id` could not start.
    pub fn job_not_started(&mut self, request_id: u64, error: &str) {
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.request_id == request_id)
        {
            self.pending = None;
            self.error = Some(format!("cannot start a background thread: {error}"));
        }
    }

    /// Called for every finished job; returns `true` when it was this table's job and its end is no news
    /// (replaced by a newer query).
    pub fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
        if self.superseded.remove(&job_id) {
            return true;
        }
        if cancelled
            && let Some(p) = &self.pending
            && p.job_id == Some(job_id)
        {
            // Cancelled by the user: keep the old rows and stop asking for this query.
            self.wanted = self.applied.clone();
            self.pending = None;
        }
        false
    }

    /// Takes the result of request `request_id`: the rows, or why they could not be computed.
    pub fn rows_ready(&mut self, request_id: u64, result: Result<Vec<usize>, String>) {
        let Some(pending) = self.pending.take_if(|p| p.request_id == request_id) else {
            return;
        };
        match result {
            Ok(rows) => {
                self.rows = Rows::Selected(Arc::new(rows));
                self.applied = pending.query;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Decides whether the wanted query needs computing, after the controls were drawn; returns how long to
    /// wait before looking again while the user is still typing.
    fn plan(&mut self, df: &DataFrame, actions: &mut TableActions) -> Option<Duration> {
        if self.wanted == self.applied {
            if let Some(p) = self.pending.take() {
                actions.cancel.extend(p.job_id);
                self.superseded.extend(p.job_id);
            }
            return None;
        }
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.query == self.wanted)
        {
            return None;
        }
        if self.wanted.filter != self.applied.filter && !self.apply_now {
            let since = self.typed_at.map_or(FILTER_AFTER, |t| t.elapsed());
            if since < FILTER_AFTER {
                return Some(FILTER_AFTER.saturating_sub(since));
            }
        }
        self.apply_now = false;
        // The filter is read on this thread (it only looks at column names and types) to report typos at once.
        if let Err(e) = Filter::parse_with(
            &self.wanted.filter,
            self.wanted.filter_column.as_deref(),
            df,
            &self.wanted.rules,
        ) {
            self.error = Some(e.to_string());
            return None;
        }
        if let Some(p) = self.pending.take() {
            actions.cancel.extend(p.job_id);
            self.superseded.extend(p.job_id);
        }
        self.error = None;
        if self.wanted == ViewQuery::default()
            || (self.wanted.filter.trim().is_empty() && self.wanted.sort.is_none())
        {
            // Every row in file order: nothing to compute.
            self.rows = Rows::All;
            self.applied = self.wanted.clone();
            return None;
        }
        let request_id = self.next_request_id;
        self.next_request_id += 1;
        self.pending = Some(Pending {
            request_id,
            job_id: None,
            query: self.wanted.clone(),
        });
        actions.request = Some(TableRequest {
            request_id,
            query: self.wanted.clone(),
        });
        None
    }
}

/// The heading of a column: click to sort ascending, again for descending, a third time for file order.
fn sort_heading_ui(ui: &mut Ui, name: &str, sort: Option<&SortKey>) -> bool {
    let state = sort.filter(|s| s.column == name).map(|s| s.descending);
    let text = match state {
        Some(false) => format!("{name} ▲"),
        Some(true) => format!("{name} ▼"),
        None => name.to_owned(),
    };
    ui.add(egui::Button::selectable(
        state.is_some(),
        RichText::new(text).strong(),
    ))
    .on_hover_text(format!(
        "Sort by {name}: ascending, descending, then file order (missing values always last)"
    ))
    .clicked()
}

/// Draws the filter bar and the table of `df`; returns what to compute or cancel.
pub fn data_table_ui(
    ui: &mut Ui,
    table: &mut DataTable,
    df: &DataFrame,
    rules: &CellRules,
    id_salt: egui::Id,
) -> TableActions {
    let mut actions = TableActions::default();
    // The dataset's declared missing tokens and numeric columns: a change re-sorts and re-filters.
    if &table.wanted.rules != rules {
        table.wanted.rules = rules.clone();
        table.apply_now = true;
    }
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(ToString::to_string)
        .collect();
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut table.wanted.filter)
                    .desired_width(300.0)
                    .hint_text("text to find, or e.g. age > 30, city = Paris, income = null"),
            )
            .labelled_by(label.id);
        if edit.changed() {
            table.typed_at = Some(Instant::now());
        }
        if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            table.apply_now = true;
        }
        let scope_label = ui.label("in");
        let selected = table
            .wanted
            .filter_column
            .clone()
            .unwrap_or_else(|| "any column".to_owned());
        egui::ComboBox::from_id_salt(id_salt.with("scope"))
            .selected_text(selected)
            .width(160.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut table.wanted.filter_column, None, "any column");
                for name in &names {
                    ui.selectable_value(
                        &mut table.wanted.filter_column,
                        Some(name.clone()),
                        name.as_str(),
                    );
                }
            })
            .response
            .labelled_by(scope_label.id)
            .on_hover_text("Where a text search looks (comparisons name their column)");
        if table.wanted.filter_column != table.applied.filter_column {
            table.apply_now = true;
        }
        let cleared = ViewQuery {
            rules: table.wanted.rules.clone(),
            ..ViewQuery::default()
        };
        if ui
            .add_enabled(table.wanted != cleared, egui::Button::new("Clear"))
            .on_hover_text("Show every row in file order")
            .clicked()
        {
            table.wanted = cleared;
        }
    });
    let height = df.height();
    ui.horizontal(|ui| {
        let shown = table.shown_rows(height);
        #[expect(clippy::cast_precision_loss, reason = "row counts shown to the user")]
        let mut status = format!(
            "Showing {} of {} rows",
            format_count(shown as f64),
            format_count(height as f64)
        );
        if let Ok(filter) = Filter::parse_with(
            &table.applied.filter,
            table.applied.filter_column.as_deref(),
            df,
            &table.applied.rules,
        ) && filter != Filter::All
        {
            let _ = write!(status, ": {}", filter.describe());
        }
        if let Some(sort) = &table.applied.sort {
            let _ = write!(
                status,
                ", sorted by {} {}",
                sort.column,
                if sort.descending {
                    "descending"
                } else {
                    "ascending"
                }
            );
        }
        ui.label(status);
        if table.is_computing() {
            ui.spinner();
            ui.label(RichText::new("Updating…").weak());
        }
    });
    if let Some(error) = &table.error {
        ui.label(RichText::new(format!("⚠ {error}")).color(theme::error()));
    }
    ui.add_space(4.0);

    let columns = df.columns();
    let mut sort_click = None;
    let row_height = ui
        .text_style_height(&egui::TextStyle::Body)
        .max(ui.spacing().interact_size.y - 2.0);
    let available_height = ui.available_height();
    egui::ScrollArea::horizontal()
        .id_salt(id_salt.with("hscroll"))
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt(id_salt.with("table"))
                .striped(true)
                .resizable(true)
                .vscroll(true)
                .min_scrolled_height(120.0)
                .max_scroll_height((available_height - 40.0).max(160.0))
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(TableColumn::auto().at_least(56.0));
            for _ in columns {
                builder = builder.column(TableColumn::initial(120.0).at_least(48.0).clip(true));
            }
            builder
                .header(24.0, |mut header| {
                    header.col(|ui| {
                        ui.label(RichText::new("Row").strong())
                            .on_hover_text("The row's number in the file (1 = first data row)");
                    });
                    for name in &names {
                        header.col(|ui| {
                            if sort_heading_ui(ui, name, table.wanted.sort.as_ref()) {
                                sort_click = Some(name.clone());
                            }
                        });
                    }
                })
                .body(|body| {
                    let shown = table.shown_rows(height);
                    body.rows(row_height, shown, |mut row| {
                        let Some(r) = table.row_at(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            #[expect(clippy::cast_precision_loss, reason = "a row number")]
                            ui.label(RichText::new(format_count((r + 1) as f64)).weak());
                        });
                        for column in columns {
                            row.col(|ui| match cell_text(column, r, rules) {
                                Ok(text) => {
                                    ui.label(text);
                                }
                                Err(token) if token.is_empty() => {
                                    ui.label(RichText::new("—").weak())
                                        .on_hover_text("Missing (empty cell)");
                                }
                                Err(token) => {
                                    ui.label(RichText::new(token).weak().italics())
                                        .on_hover_text(
                                            "Missing: a token declared missing for this dataset \
                                             (Measure › EDA › Columns)",
                                        );
                                }
                            });
                        }
                    });
                });
        });
    if let Some(name) = sort_click {
        table.wanted.sort = match table.wanted.sort.take() {
            Some(s) if s.column == name && !s.descending => Some(SortKey {
                column: name,
                descending: true,
            }),
            Some(s) if s.column == name => None,
            _ => Some(SortKey {
                column: name,
                descending: false,
            }),
        };
    }
    if let Some(wait) = table.plan(df, &mut actions) {
        ui.ctx().request_repaint_after(wait);
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_needs_no_job_and_a_new_one_replaces_the_old() {
        let df = polars::prelude::df!("a" => [3, 1, 2]).unwrap();
        let mut table = DataTable::default();
        let mut actions = TableActions::default();
        let _ = table.plan(&df, &mut actions);
        assert_eq!(actions, TableActions::default());

        table.wanted.sort = Some(SortKey {
            column: "a".into(),
            descending: false,
        });
        let _ = table.plan(&df, &mut actions);
        let request = actions.request.take().expect("a sort needs a job");
        table.job_started(request.request_id, 7);
        assert!(table.is_computing());

        // A newer query cancels the running job; its end is no news.
        table.wanted.sort = Some(SortKey {
            column: "a".into(),
            descending: true,
        });
        let _ = table.plan(&df, &mut actions);
        assert_eq!(actions.cancel, [7]);
        assert!(table.job_ended(7, true));
        let newer = actions.request.take().expect("the newer query");
        table.rows_ready(request.request_id, Ok(vec![1, 2, 0]));
        assert_eq!(table.row_at(0), Some(0), "a stale result is ignored");
        table.rows_ready(newer.request_id, Ok(vec![0, 2, 1]));
        assert_eq!(table.shown_rows(3), 3);
        assert_eq!(table.row_at(1), Some(2));
        assert!(!table.is_computing());
    }

    #[test]
    fn new_rules_re_sort_and_make_a_text_column_numeric() {
        let df = polars::prelude::df!("x" => ["10", "9", "NA"]).unwrap();
        let mut table = DataTable::default();
        table.wanted.filter = "x > 1".into();
        table.apply_now = true;
        let mut actions = TableActions::default();
        let _ = table.plan(&df, &mut actions);
        assert_eq!(actions.request, None, "text cannot be compared as numbers");
        assert!(table.error.is_some());

        // The dataset sets x to numeric and declares NA missing: the same filter is now a job with the rules.
        let rules = CellRules::new(&["NA".to_owned()], vec!["x".to_owned()]);
        table.wanted.rules = rules.clone();
        table.apply_now = true;
        let _ = table.plan(&df, &mut actions);
        let request = actions.request.take().expect("a numeric filter job");
        assert_eq!(request.query.rules, rules);
        assert!(table.error.is_none());
        let rows = crate::analysis::view::view_rows(
            &df,
            &request.query,
            &crate::analysis::task::TaskControl::new(),
        )
        .unwrap();
        assert_eq!(rows, [0, 1]);
    }

    #[test]
    fn a_bad_filter_is_reported_without_a_job() {
        let df = polars::prelude::df!("city" => ["a", "b"]).unwrap();
        let mut table = DataTable::default();
        table.wanted.filter = "city > 3".into();
        table.apply_now = true;
        let mut actions = TableActions::default();
        let _ = table.plan(&df, &mut actions);
        assert_eq!(actions.request, None);
        assert!(
            table
                .error
                .as_deref()
                .is_some_and(|e| e.contains("holds text"))
        );
    }
}
