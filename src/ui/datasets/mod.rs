//! Map › Datasets: the datasets used as evidence (path, SHA-256, file status; locate or record a moved or
//! changed file), and below them the column types and roles, a panel of the EDA screen that shares its loaded
//! data.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::eda::EdaScreen;
use super::screen::{Screen, ScreenContext, SectionRequest, screen_mut};
use super::sections::Section;
use super::theme;
use super::widgets::{grid_text, row_id};
use crate::analysis::dataset::DatasetStatus;
use crate::analysis::dataset::FileCheck;
use crate::model::{DatasetRole, Document};

/// The datasets screen; its column settings panel is the EDA screen's.
#[derive(Default)]
pub struct DatasetsScreen {
    /// The dataset a link from another screen pointed to (the release gate): its row is marked and scrolled
    /// into view, and the columns panel below shows it.
    pub focus: Option<String>,
    /// Scroll to the focused row on the next frame it is drawn.
    scroll: bool,
}

impl DatasetsScreen {
    /// Marks a dataset's row and brings it into view (a link from another screen).
    pub fn focus(&mut self, dataset_id: &str) {
        self.focus = Some(dataset_id.to_owned());
        self.scroll = true;
    }
}

impl Screen for DatasetsScreen {
    fn section(&self) -> Section {
        Section::Datasets
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let focus = self.focus.clone();
        let scroll = std::mem::take(&mut self.scroll);
        let request = datasets_ui(ui, cx.doc, cx.dataset_checks, focus.as_deref(), scroll);
        cx.request_some(request);
        if let Some(eda) = screen_mut::<EdaScreen>(cx.others) {
            let actions = eda.dataset_columns_panel_ui(ui, cx.doc);
            cx.request(SectionRequest::Eda(actions));
        }
    }
}

fn datasets_ui(
    ui: &mut Ui,
    doc: &mut Document,
    checks: &BTreeMap<String, FileCheck>,
    focus: Option<&str>,
    scroll: bool,
) -> Option<SectionRequest> {
    let mut request = None;
    ui.label(
        "Datasets are evidence: each is stored by its path relative to the project file and its SHA-256, so \
         every finding can be reproduced and a changed file is noticed.",
    );
    ui.horizontal(|ui| {
        if ui.button("Add dataset…").clicked() {
            request = Some(SectionRequest::AddDataset);
        }
        if ui
            .add_enabled(doc.path().is_some(), egui::Button::new("Re-check files"))
            .on_hover_text("Compare every file with its stored SHA-256")
            .clicked()
        {
            request = Some(SectionRequest::RecheckDatasets);
        }
    });
    ui.add_space(6.0);
    if doc.project().datasets.is_empty() {
        ui.label(
            RichText::new("No datasets yet. Add a CSV or Parquet file, or drop one on the window.")
                .weak(),
        );
        return request;
    }
    let mut remove = None;
    let datasets = &mut doc.project_mut().datasets;
    egui::Grid::new("datasets").num_columns(8).striped(true).spacing([12.0, 6.0]).show(ui, |ui| {
        let name_h = ui.label(RichText::new("Name").strong());
        let role_h = ui.label(RichText::new("Role").strong());
        for h in ["Path", "Rows", "Columns", "SHA-256", "File"] {
            ui.label(RichText::new(h).strong());
        }
        ui.label("");
        ui.end_row();
        for (i, d) in datasets.iter_mut().enumerate() {
            grid_text(ui, row_id("datasets", i, "name"), &mut d.name, 260.0, name_h.id);
            egui::ComboBox::from_id_salt(("role", &d.dataset_id))
                .selected_text(d.role.label())
                .show_ui(ui, |ui| {
                    for role in DatasetRole::ALL {
                        ui.selectable_value(&mut d.role, role, role.label());
                    }
                })
                .response
                .labelled_by(role_h.id);
            if focus == Some(d.dataset_id.as_str()) {
                let marked = ui
                    .label(RichText::new(format!("▶ {}", d.path)).strong().color(theme::warn()))
                    .on_hover_text("The dataset the link pointed to");
                if scroll {
                    marked.scroll_to_me(Some(egui::Align::Center));
                }
            } else {
                ui.label(&d.path);
            }
            ui.label(d.rows.to_string());
            ui.label(d.columns.to_string());
            ui.label(RichText::new(d.sha256.get(..12).unwrap_or(&d.sha256)).monospace())
                .on_hover_text(&d.sha256);
            let (text, color, hover) = match checks.get(&d.dataset_id) {
                None => ("Not checked".to_owned(), ui.visuals().weak_text_color(), String::new()),
                Some(FileCheck::Checking) => ("Checking…".to_owned(), ui.visuals().weak_text_color(), String::new()),
                Some(FileCheck::Done(DatasetStatus::Unchanged)) => {
                    ("Unchanged".to_owned(), theme::ok(), "The file matches its stored SHA-256".to_owned())
                }
                Some(FileCheck::Done(DatasetStatus::Missing)) => (
                    "Missing".to_owned(),
                    theme::error(),
                    "No file at this path: was it moved or renamed?".to_owned(),
                ),
                Some(FileCheck::Done(DatasetStatus::Changed { now })) => (
                    "Changed".to_owned(),
                    theme::warn(),
                    format!(
                        "The file's content changed (SHA-256 now {}); results computed on the old file are stale",
                        now.sha256
                    ),
                ),
                Some(FileCheck::Done(DatasetStatus::Unreadable(e))) => {
                    ("Unreadable".to_owned(), theme::error(), e.clone())
                }
            };
            ui.horizontal(|ui| {
                let status = ui.label(RichText::new(text).color(color));
                if !hover.is_empty() {
                    status.on_hover_text(hover);
                }
                let action = match checks.get(&d.dataset_id) {
                    Some(FileCheck::Done(DatasetStatus::Missing)) => Some((
                        "Locate file…",
                        "Choose where the file is now: the same content keeps every result; other content \
                         makes results on the old file stale",
                        SectionRequest::LocateDataset(d.dataset_id.clone()),
                    )),
                    Some(FileCheck::Done(DatasetStatus::Changed { .. })) => Some((
                        "Record new version",
                        "Store the file's new SHA-256, rows and columns: audits computed on the old content \
                         become stale and risks citing it are flagged for review",
                        SectionRequest::RecordDatasetFile(d.dataset_id.clone()),
                    )),
                    _ => None,
                };
                if let Some((label, hover, wanted)) = action
                    && ui.small_button(label).on_hover_text(hover).clicked()
                {
                    request = Some(wanted);
                }
            });
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        datasets.remove(i);
    }
    request
}
