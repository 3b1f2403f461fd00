//! The EDA screen's layout: the dataset chooser, the status line (load, profile, staleness), the tabs, and the
//! column settings panel the Datasets screen shows.

use super::EdaActions;
use super::EdaScreen;
use super::Load;
use super::ProfileRun;
use super::Tab;
use super::base_dir;
use super::data_table::data_table_ui;
use super::dataset_columns::ColumnInfo;
use super::dataset_columns::column_settings_ui;
use super::tabs::profile_column_info;
use super::tabs::profile_tab_ui;
use crate::analysis::fairness::wording::format_count;
use crate::model::DatasetRef;
use crate::model::Document;
use crate::ui::theme;
use egui::RichText;
use egui::Ui;

// ------------------------------------------------------------------------------------------------------------
// Drawing

/// Chooses the dataset; returns its index in the project.
pub(super) fn dataset_choice_ui(
    ui: &mut Ui,
    screen: &mut EdaScreen,
    doc: &Document,
) -> Option<usize> {
    let datasets = &doc.project().datasets;
    let valid = screen
        .selected
        .as_ref()
        .is_some_and(|id| datasets.iter().any(|d| &d.dataset_id == id));
    if !valid {
        screen.selected = datasets.first().map(|d| d.dataset_id.clone());
    }
    let index = screen
        .selected
        .as_ref()
        .and_then(|id| datasets.iter().position(|d| &d.dataset_id == id))?;
    ui.horizontal(|ui| {
        let label = ui.label("Dataset");
        egui::ComboBox::from_id_salt("eda_dataset")
            .selected_text(&datasets[index].name)
            .width(240.0)
            .show_ui(ui, |ui| {
                for d in datasets {
                    ui.selectable_value(&mut screen.selected, Some(d.dataset_id.clone()), &d.name)
                        .on_hover_text(&d.path);
                }
            })
            .response
            .labelled_by(label.id);
    });
    screen
        .selected
        .as_ref()
        .and_then(|id| datasets.iter().position(|d| &d.dataset_id == id))
}

/// The load and profile status line with its buttons.
pub(super) fn status_ui(
    ui: &mut Ui,
    screen: &mut EdaScreen,
    dataset: &DatasetRef,
    actions: &mut EdaActions,
) {
    let Some(c) = &screen.current else { return };
    let mut reload = false;
    let mut rerun = false;
    let mut cancel = None;
    ui.horizontal_wrapped(|ui| {
        match &c.load {
            Load::Running { job_id, .. } => {
                ui.spinner();
                ui.label(format!("Loading {}…", dataset.path));
                if let Some(id) = job_id
                    && ui.button("Cancel").clicked()
                {
                    cancel = Some(*id);
                }
            }
            Load::Failed(e) => {
                ui.label(
                    RichText::new(format!("Cannot load this dataset: {e}")).color(theme::error()),
                );
                reload = ui.button("Try again").clicked();
            }
            Load::Cancelled => {
                ui.label("Loading was cancelled.");
                reload = ui.button("Load").clicked();
            }
            Load::Ready(loaded) => {
                #[expect(clippy::cast_precision_loss, reason = "counts shown to the user")]
                ui.label(format!(
                    "{}: {} rows × {} columns",
                    dataset.path,
                    format_count(loaded.df.height() as f64),
                    format_count(loaded.df.width() as f64)
                ));
                if loaded.sha256 == c.source.stored_sha256 {
                    ui.label(RichText::new("✓ Matches the recorded SHA-256").color(theme::ok()))
                        .on_hover_text(&loaded.sha256);
                } else {
                    ui.label(RichText::new("⚠ Stale").color(theme::warn()).strong())
                        .on_hover_text(format!(
                            "The file on disk (SHA-256 {}) is not the one recorded in the project ({}): this \
                             profile describes the current file, and findings computed on the recorded file \
                             are stale",
                            short(&loaded.sha256),
                            short(&c.source.stored_sha256)
                        ));
                }
                match &c.profile {
                    ProfileRun::Running { job_id, .. } => {
                        ui.spinner();
                        ui.label("Profiling…");
                        if let Some(id) = job_id
                            && ui.button("Cancel").clicked()
                        {
                            cancel = Some(*id);
                        }
                    }
                    ProfileRun::Cancelled => {
                        ui.label("Profiling was cancelled.");
                        rerun = ui.button("Run profile").clicked();
                    }
                    ProfileRun::Done { result: Err(e), .. } => {
                        ui.label(
                            RichText::new(format!("The profile failed: {e}")).color(theme::error()),
                        );
                        rerun = ui.button("Run profile").clicked();
                    }
                    ProfileRun::Done { .. } | ProfileRun::NotRun => {
                        rerun = ui
                            .button("Profile again")
                            .on_hover_text("Run the profile again on the loaded data")
                            .clicked();
                    }
                }
                if ui
                    .button("Reload file")
                    .on_hover_text("Read the file from disk again")
                    .clicked()
                {
                    reload = true;
                }
            }
        }
    });
    if let Some(id) = cancel {
        actions.cancel.push(id);
    }
    if reload {
        screen.reload(actions);
    } else if rerun && let Some(c) = &mut screen.current {
        c.profile = ProfileRun::NotRun;
    }
}

/// The first 12 hex digits of a SHA-256.
pub(super) fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

/// What the loaded file and its profile say about each column, for the column settings.
pub(super) fn column_infos(screen: &EdaScreen) -> Vec<ColumnInfo> {
    let Some(loaded) = screen.loaded() else {
        return Vec::new();
    };
    let profile = screen.profile();
    loaded
        .df
        .columns()
        .iter()
        .map(|c| {
            let name = c.name().to_string();
            let mut info = ColumnInfo {
                name: name.clone(),
                dtype: c.dtype().to_string(),
                ..ColumnInfo::default()
            };
            if let Some(profile) = profile {
                profile_column_info(profile, &mut info);
            }
            info
        })
        .collect()
}

impl EdaScreen {
    /// The column settings of a dataset, for the Datasets screen (below its list, in a section that loads the
    /// data only when opened).
    pub fn dataset_columns_panel_ui(&mut self, ui: &mut Ui, doc: &mut Document) -> EdaActions {
        columns_panel_ui(ui, self, doc)
    }
}

pub(super) fn columns_panel_ui(
    ui: &mut Ui,
    screen: &mut EdaScreen,
    doc: &mut Document,
) -> EdaActions {
    let mut actions = EdaActions::default();
    if doc.project().datasets.is_empty() {
        return actions;
    }
    ui.add_space(12.0);
    egui::CollapsingHeader::new(RichText::new("Column types and roles").strong().size(16.0))
        .id_salt("dataset_columns_panel")
        .show(ui, |ui| {
            ui.label(
                "Override an inferred type, and choose the label, prediction, score, sensitive and weight \
                 columns: the profile uses these roles, and a new fairness audit starts from them.",
            );
            let Some(index) = dataset_choice_ui(ui, screen, doc) else {
                return;
            };
            let dataset = doc.project().datasets[index].clone();
            screen.ensure_loaded(&dataset, &base_dir(doc), &mut actions);
            screen.profile_when_due(ui, &dataset, &doc.project().settings.eda, &mut actions);
            status_ui(ui, screen, &dataset, &mut actions);
            if ui
                .button("Open the profile")
                .on_hover_text("Measure › Data exploration (EDA)")
                .clicked()
            {
                actions.open_eda = true;
            }
            ui.add_space(4.0);
            let infos = column_infos(screen);
            column_settings_ui(ui, &mut screen.columns_editor, doc, index, &infos);
        });
    actions
}

/// Draws the EDA screen; returns the jobs to start or cancel.
pub(super) fn eda_ui(ui: &mut Ui, screen: &mut EdaScreen, doc: &mut Document) -> EdaActions {
    let mut actions = EdaActions::default();
    if doc.project().datasets.is_empty() {
        ui.label(
            RichText::new(
                "No datasets yet. Add a CSV or Parquet file in Map › Datasets (or drop one on the window) to \
                 profile it here.",
            )
            .weak(),
        );
        return actions;
    }
    let Some(index) = dataset_choice_ui(ui, screen, doc) else {
        return actions;
    };
    let dataset = doc.project().datasets[index].clone();
    screen.ensure_loaded(&dataset, &base_dir(doc), &mut actions);
    screen.profile_when_due(ui, &dataset, &doc.project().settings.eda, &mut actions);
    status_ui(ui, screen, &dataset, &mut actions);
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for tab in Tab::ALL {
            if ui
                .selectable_label(screen.tab == tab, tab.label())
                .clicked()
            {
                screen.tab = tab;
            }
        }
    });
    ui.separator();
    if screen.tab == Tab::Data {
        if let Some(loaded) = screen.loaded().cloned() {
            let table = data_table_ui(
                ui,
                &mut screen.table,
                &loaded.df,
                &crate::analysis::view::CellRules::from_dataset(&dataset),
                // Per dataset: egui keeps (and eframe persists) the scroll position by id, so another
                // dataset's table must not open where this one was left.
                egui::Id::unique(("eda_data", &dataset.dataset_id)),
            );
            actions.table(table, &loaded.df);
        } else {
            ui.label(RichText::new("The data is shown once the file has loaded").weak());
        }
        return actions;
    }
    egui::ScrollArea::vertical()
        .id_salt(("eda_tab", screen.tab as u8))
        .auto_shrink(false)
        .show(ui, |ui| {
            if screen.tab == Tab::Columns {
                let infos = column_infos(screen);
                column_settings_ui(ui, &mut screen.columns_editor, doc, index, &infos);
                return;
            }
            let Some(profile) = screen.profile().cloned() else {
                ui.label(RichText::new("The profile is shown here once it has run").weak());
                return;
            };
            profile_tab_ui(ui, screen, doc, &profile);
        });
    actions.show_risk = screen.show_risk.take();
    actions
}
