//! Files: the native dialog (or the typed-path prompt where none can be shown), opening and saving the
//! project, exporting the treatment plan PDF, and the CSV and picture imports and exports of the screens.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use super::{JobOutput, Modal, RiskbenchApp};
use crate::model::file;
use crate::model::{Document, IsoDate};
use crate::ui::bowtie::BowtieScreen;
use crate::ui::fmea::FmeaScreen;
use crate::ui::incidents::{IncidentExport, IncidentsScreen};
use crate::ui::mitigation::MitigationScreen;
use crate::ui::notifications::Level;
use crate::ui::validation::ValidationScreen;
use crate::ui::widgets::file_name_from_title;

/// What a file chosen in a dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// A project to open.
    OpenProject,
    /// Where to save the project.
    SaveProjectAs,
    /// A dataset to add.
    AddDataset,
    /// Where a dataset whose file is missing is now.
    LocateDataset,
    /// Where to write the treatment plan PDF.
    ExportReport,
    /// A CSV file to import as a new FMEA worksheet.
    ImportFmeaCsv,
    /// Where to export an FMEA worksheet as CSV.
    ExportFmeaCsv,
    /// Where to export the bow-tie shown, as SVG or PNG.
    ExportBowtie,
    /// Where to export a picture (SVG or PNG) or the timeline (CSV) of the incident shown.
    ExportIncident(IncidentExport),
    /// A CSV file of risks to import into the register.
    ImportRegisterCsv,
    /// Where to export the risk register as CSV.
    ExportRegisterCsv,
    /// Where to write the reweighing weights of Measure › Mitigations, as CSV.
    ExportMitigationWeights,
    /// A Great Expectations suite (JSON) to import as the validation screen's suite.
    ImportGxSuite,
    /// Where to export the validation screen's suite as a Great Expectations suite (JSON).
    ExportGxSuite,
}

impl FilePurpose {
    /// The title of the dialog.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::OpenProject => "Open project",
            Self::SaveProjectAs => "Save project as",
            Self::AddDataset => "Add dataset",
            Self::LocateDataset => "Locate dataset file",
            Self::ExportReport => "Export report",
            Self::ImportFmeaCsv => "Import FMEA worksheet from CSV",
            Self::ExportFmeaCsv => "Export FMEA worksheet as CSV",
            Self::ExportBowtie => "Export bow-tie as SVG or PNG",
            Self::ExportIncident(IncidentExport::TimelineCsv) => "Export timeline as CSV",
            Self::ExportIncident(IncidentExport::Picture(_)) => {
                "Export incident picture as SVG or PNG"
            }
            Self::ImportRegisterCsv => "Import risks from CSV",
            Self::ExportRegisterCsv => "Export risk register as CSV",
            Self::ExportMitigationWeights => "Save reweighing weights as CSV",
            Self::ImportGxSuite => "Import Great Expectations suite",
            Self::ExportGxSuite => "Export Great Expectations suite",
        }
    }
}

impl RiskbenchApp {
    /// Opens a project file in the background (replacing the current project when it has loaded).
    pub fn open_path(&mut self, path: PathBuf) {
        let name = display_name(&path);
        self.spawn(format!("Opening {name}"), true, move |_| {
            let loaded = file::load_project(&path)?;
            let recovery = file::find_recovery(&path);
            Ok(JobOutput::Opened {
                path,
                loaded,
                recovery,
            })
        });
    }

    pub(super) fn choose_file(&mut self, purpose: FilePurpose) {
        if !self.options.native_dialogs {
            self.modal = Some(Modal::PathPrompt {
                purpose,
                text: String::new(),
                reason: String::new(),
            });
            return;
        }
        let start_dir = super::super::first_start::dialog_start_dir(
            self.doc.base_dir(),
            self.prefs.recent.first().map(PathBuf::as_path),
        );
        let file_name = self.suggested_file_name();
        let report_name = file_name.replace(file::PROJECT_EXTENSION, "-treatment-plan.pdf");
        let csv_name = self
            .screens
            .get::<FmeaScreen>()
            .map_or_else(String::new, |f| f.export_file_name(self.doc.project()));
        let register_name = file_name.replace(file::PROJECT_EXTENSION, "-risk-register.csv");
        let weights_name = file_name.replace(file::PROJECT_EXTENSION, "-reweighing-weights.csv");
        let bowtie_name = self
            .screens
            .get::<BowtieScreen>()
            .map_or_else(String::new, |b| b.export_file_name(self.doc.project()));
        let incident_name = match purpose {
            FilePurpose::ExportIncident(what) => self
                .screens
                .get::<IncidentsScreen>()
                .map_or_else(String::new, |s| s.export_file_name(what)),
            _ => String::new(),
        };
        let suite_name = self
            .screens
            .get::<ValidationScreen>()
            .map_or_else(String::new, |s| s.export_file_name(self.doc.project()));
        self.spawn(purpose.title(), false, move |_| {
            let started = Instant::now();
            let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let path = match purpose {
                FilePurpose::OpenProject => {
                    dialog.add_filter("Riskbench project", &["ron"]).pick_file()
                }
                FilePurpose::SaveProjectAs => dialog
                    .add_filter("Riskbench project", &["ron"])
                    .set_file_name(file_name)
                    .save_file(),
                FilePurpose::ExportReport => dialog
                    .add_filter("PDF", &["pdf"])
                    .set_file_name(report_name)
                    .save_file(),
                FilePurpose::AddDataset | FilePurpose::LocateDataset => dialog
                    .add_filter("Data (CSV, Parquet)", &["csv", "parquet", "pq"])
                    .pick_file(),
                FilePurpose::ImportFmeaCsv | FilePurpose::ImportRegisterCsv => {
                    dialog.add_filter("CSV", &["csv"]).pick_file()
                }
                FilePurpose::ExportFmeaCsv => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name(csv_name)
                    .save_file(),
                FilePurpose::ExportRegisterCsv => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name(register_name)
                    .save_file(),
                FilePurpose::ExportMitigationWeights => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name(weights_name)
                    .save_file(),
                FilePurpose::ExportBowtie => dialog
                    .add_filter("SVG or PNG", &["svg", "png"])
                    .set_file_name(bowtie_name)
                    .save_file(),
                FilePurpose::ExportIncident(IncidentExport::TimelineCsv) => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name(incident_name)
                    .save_file(),
                FilePurpose::ExportIncident(IncidentExport::Picture(_)) => dialog
                    .add_filter("SVG or PNG", &["svg", "png"])
                    .set_file_name(incident_name)
                    .save_file(),
                FilePurpose::ImportGxSuite => dialog
                    .add_filter("Great Expectations suite (JSON)", &["json"])
                    .pick_file(),
                FilePurpose::ExportGxSuite => dialog
                    .add_filter("Great Expectations suite (JSON)", &["json"])
                    .set_file_name(suite_name)
                    .save_file(),
            };
            Ok(JobOutput::FileChosen {
                purpose,
                path,
                open_for: started.elapsed(),
            })
        });
    }

    fn suggested_file_name(&self) -> String {
        file_name_from_title(
            &self.doc.project().metadata.system_name,
            '_',
            "project",
            file::PROJECT_EXTENSION,
        )
    }

    pub(super) fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            FilePurpose::OpenProject => self.open_path(path),
            FilePurpose::SaveProjectAs => {
                let path = with_project_extension(path);
                self.save_to(&path);
            }
            FilePurpose::AddDataset => self.add_dataset(path),
            FilePurpose::LocateDataset => {
                if let Some(id) = self.locating_dataset.take() {
                    self.rerecord_dataset(id, path);
                }
            }
            FilePurpose::ExportReport => self.export_report(path),
            FilePurpose::ImportFmeaCsv => {
                let imported = self
                    .screens
                    .get_mut::<FmeaScreen>()
                    .map(|f| f.import_csv(&mut self.doc, &path));
                self.notify_outcome(imported);
            }
            FilePurpose::ExportFmeaCsv => {
                let exported = self
                    .screens
                    .get::<FmeaScreen>()
                    .map(|f| f.export_csv(&self.doc, &path));
                self.notify_outcome(exported);
            }
            FilePurpose::ImportRegisterCsv => {
                let imported = import_register_csv(&mut self.doc, &path);
                self.notify_outcome(Some(imported));
            }
            FilePurpose::ExportRegisterCsv => {
                let exported = export_register_csv(&self.doc, &path);
                self.notify_outcome(Some(exported));
            }
            FilePurpose::ExportBowtie => {
                let exported = self
                    .screens
                    .get::<BowtieScreen>()
                    .map(|b| b.export_picture(&self.doc, &path));
                self.notify_outcome(exported);
            }
            FilePurpose::ExportMitigationWeights => {
                let written = self
                    .screens
                    .get_mut::<MitigationScreen>()
                    .map(|s| s.write_weights(&path));
                self.notify_outcome(written);
            }
            FilePurpose::ExportIncident(what) => {
                let exported = self
                    .screens
                    .get::<IncidentsScreen>()
                    .map(|s| s.export(&self.doc, what, &path));
                self.notify_outcome(exported);
            }
            FilePurpose::ImportGxSuite => {
                let imported = self
                    .screens
                    .get_mut::<ValidationScreen>()
                    .map(|s| s.import_gx_file(&mut self.doc, &path));
                self.notify_outcome(imported);
            }
            FilePurpose::ExportGxSuite => {
                let exported = self
                    .screens
                    .get::<ValidationScreen>()
                    .map(|s| s.export_gx_file(&self.doc, &path));
                self.notify_outcome(exported);
            }
        }
    }

    /// Tells the user how a file operation went (nothing when there was no screen to do it).
    fn notify_outcome(&mut self, outcome: Option<anyhow::Result<String>>) {
        match outcome {
            Some(Ok(message)) => self.notify(Level::Info, message),
            Some(Err(e)) => self.report_error(&e),
            None => {}
        }
    }

    pub(super) fn save(&mut self) {
        match self.doc.path().map(Path::to_owned) {
            Some(path) => self.save_to(&path),
            None => self.choose_file(FilePurpose::SaveProjectAs),
        }
    }

    /// Saves the project to `path` atomically (dataset paths are rebased to the new folder).
    pub fn save_to(&mut self, path: &Path) {
        let old_base = self.doc.base_dir().map(Path::to_owned);
        let new_base = path.parent().map(Path::to_owned).unwrap_or_default();
        let today = IsoDate::today();
        let mut project = self.doc.project().clone();
        project.metadata.modified = today;
        file::rebase_dataset_paths(&mut project, old_base.as_deref(), &new_base);
        // A project never saved and with nothing recorded starts its trail with "created project".
        let previous = (self.doc.path().is_some() || !self.doc.recorded().audit_trail.is_empty())
            .then(|| self.doc.recorded());
        crate::model::audit_trail::record(
            previous,
            &mut project,
            &self.user_name(),
            time::OffsetDateTime::now_utc(),
        );
        match file::save_project(path, &project) {
            Ok(()) => {
                // The changes now live in `path`: the autosave of the file they were edited as (the
                // untitled one, or the old file of a Save As) would offer them again on its next open.
                let previous = self.autosave_target();
                self.doc.mark_saved_as(path, project);
                if let Err(e) = file::remove_autosave(path) {
                    self.notify(
                        Level::Error,
                        format!("saved, but cannot remove the old autosave: {e}"),
                    );
                }
                if let Some(previous) = previous.filter(|p| p != path) {
                    let _ = file::remove_autosave(&previous);
                }
                self.autosave.outdated = self.autosave.running;
                self.prefs.remember(path);
                self.autosave.last = Instant::now();
                if let Some(action) = self.after_save.take() {
                    self.perform(action);
                }
            }
            Err(e) => {
                self.after_save = None;
                self.report_error(&anyhow::Error::new(e));
            }
        }
    }

    /// Builds and writes the treatment plan in the background with the options chosen on the report screen.
    pub(super) fn export_report(&mut self, path: PathBuf) {
        let Some(options) = self.pending_export.take() else {
            return;
        };
        let path = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            path
        } else {
            path.with_extension("pdf")
        };
        let project = self.doc.project().clone();
        let base = self
            .doc
            .base_dir()
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        let label = self.doc.path().map_or_else(
            || project.metadata.system_name.clone(),
            |p| p.to_string_lossy().into_owned(),
        );
        self.spawn(
            format!("Exporting {}", display_name(&path)),
            true,
            move |control| {
                let audits = crate::analysis::audit::run_saved_audits(&project, &base, control)?;
                let profiles =
                    crate::analysis::evidence::profile_datasets(&project, &base, control)?;
                // Validation suites, the deployment gate (as of the plan's date) and error analyses.
                let evidence = crate::report::plan::PlanEvidence::compute(
                    &project,
                    &label,
                    &base,
                    options.date,
                    control,
                )?;
                let doc = crate::report::plan::build_full(
                    &project, &options, &audits, &profiles, &evidence,
                );
                control.set_progress(0.2);
                control.check()?;
                let pdf = crate::report::render_pdf(&doc)?;
                control.set_progress(0.8);
                control.check()?;
                file::write_atomic(&path, &pdf)?;
                control.set_progress(1.0);
                Ok(JobOutput::ReportWritten {
                    path,
                    pages: crate::report::page_count(&doc),
                })
            },
        );
    }
}

/// Imports risks from a CSV file into the register as one undo step: a risk whose id exists replaces it,
/// the others are added. Nothing changes when the file has an error.
fn import_register_csv(doc: &mut Document, path: &Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let matrix = doc.project().settings.risk_matrix.clone();
    let imported = crate::model::register::risks_from_csv(&text, &matrix)
        .with_context(|| format!("cannot import risks from {}", path.display()))?;
    let total = imported.len();
    let replaced = doc.edit(|p| crate::model::register::import_risks(&mut p.risks, imported));
    Ok(format!(
        "Imported {total} risks from {} ({replaced} replaced risks with the same id, {} added)",
        display_name(path),
        total - replaced
    ))
}

/// Writes the register as CSV (atomically).
fn export_register_csv(doc: &Document, path: &Path) -> anyhow::Result<String> {
    let text = crate::model::register::risks_to_csv(&doc.project().risks)
        .context("cannot write the register as CSV")?;
    file::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(format!(
        "Exported {} risks to {}",
        doc.project().risks.len(),
        display_name(path)
    ))
}

/// The file name of `path` (the whole path when it has none), for messages.
pub(super) fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn with_project_extension(path: PathBuf) -> PathBuf {
    if file::is_project_path(&path) {
        return path;
    }
    let is_ron = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    let base = if is_ron {
        path.with_extension("")
    } else {
        path
    };
    let mut name = base.into_os_string();
    name.push(file::PROJECT_EXTENSION);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_extension_is_added_once() {
        assert_eq!(
            with_project_extension("a/b".into()),
            PathBuf::from("a/b.riskbench.ron")
        );
        assert_eq!(
            with_project_extension("a/b.ron".into()),
            PathBuf::from("a/b.riskbench.ron")
        );
        assert_eq!(
            with_project_extension("a/b.riskbench.ron".into()),
            PathBuf::from("a/b.riskbench.ron")
        );
    }
}
