//! What background jobs return and what the app does with it; what screens ask of the app.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{
    AUTOSAVE_JOB, DIALOG_UNAVAILABLE_BELOW, FilePurpose, Modal, RiskbenchApp, display_name,
};
use crate::analysis::dataset::FileCheck;
use crate::analysis::dataset::{self, DatasetFileInfo, DatasetStatus};
use crate::model::Document;
use crate::model::file::{self, LoadedProject, Recovery};
use crate::ui::commands::Command;
use crate::ui::drift::{DriftActions, DriftScreen};
use crate::ui::eda::{EdaActions, EdaScreen};
use crate::ui::error_analysis::ErrorAnalysisScreen;
use crate::ui::fairness::{FairnessActions, FairnessScreen};
use crate::ui::gate::GateScreen;
use crate::ui::incidents::IncidentsScreen;
use crate::ui::jobs::{Finished, RunsJobs, ScreenJob};
use crate::ui::mitigation::MitigationScreen;
use crate::ui::model_card::ModelCardScreen;
use crate::ui::notifications::Level;
use crate::ui::register::RegisterScreen;
use crate::ui::screen::{Screen, SectionRequest};
use crate::ui::sections::Section;
use crate::ui::validation::ValidationScreen;

/// What a background job produced.
#[derive(Debug)]
pub enum JobOutput {
    /// A project file was read.
    Opened {
        /// The file.
        path: PathBuf,
        /// Its content.
        loaded: LoadedProject,
        /// An autosave newer than the file, to offer for recovery.
        recovery: Option<Recovery>,
    },
    /// An autosave was read for recovery.
    Recovered(LoadedProject),
    /// A dataset file was fingerprinted and measured.
    DatasetInspected {
        /// Absolute path of the file.
        path: PathBuf,
        /// What was measured.
        info: DatasetFileInfo,
        /// What the user should know about the file (a repeated header name), with line and column.
        notes: Vec<String>,
    },
    /// The project's dataset files were checked against their fingerprints.
    DatasetsChecked(Vec<(String, DatasetStatus)>),
    /// A dataset's file was read again to record where it is now or its new content.
    DatasetRerecorded {
        /// The dataset.
        dataset_id: String,
        /// Absolute path of the file.
        path: PathBuf,
        /// What was measured.
        file: dataset::NewDatasetFile,
    },
    /// A native file dialog closed.
    FileChosen {
        /// What the file is for.
        purpose: FilePurpose,
        /// The chosen file, `None` when cancelled.
        path: Option<PathBuf>,
        /// How long the dialog was open.
        open_for: Duration,
    },
    /// The autosave sidecar (this file) was written.
    Autosaved(PathBuf),
    /// The treatment plan PDF was written.
    ReportWritten {
        /// The PDF file.
        path: PathBuf,
        /// Its number of pages.
        pages: usize,
    },
    /// A fairness job (dataset columns, or a stage of an audit) finished; see [`crate::ui::fairness`].
    Fairness(crate::ui::fairness::FairnessJobOutput),
    /// An EDA job (loading, profiling, sorting and filtering a dataset) finished; see [`crate::ui::eda`].
    Eda(crate::ui::eda::EdaJobOutput),
    /// A drift job (a dataset's columns, a drift run) finished; see [`crate::ui::drift`].
    Drift(crate::ui::drift::DriftJobOutput),
    /// The release gate was evaluated; see [`crate::ui::gate`].
    Gate(crate::ui::gate::GateOutput),
    /// The model card's evidence was gathered; see [`crate::ui::model_card`].
    ModelCard(crate::ui::model_card::ModelCardOutput),
    /// A validation profile or run finished; see [`crate::ui::validation`].
    Validation(crate::ui::validation::ValidationOutput),
    /// The data of an audit was loaded for the mitigation what-if; see [`crate::ui::mitigation`].
    Mitigation(crate::ui::mitigation::MitigationOutput),
    /// An error analysis job finished; see [`crate::ui::error_analysis`].
    ErrorAnalysis(crate::ui::error_analysis::ErrorAnalysisOutput),
    /// The kill switch's effect was measured; see [`crate::ui::incidents`].
    Incidents(crate::ui::incidents::ContainmentOutput),
}

impl RiskbenchApp {
    /// Does what a screen asked for.
    pub(super) fn section_request(&mut self, request: SectionRequest) {
        match request {
            SectionRequest::AddDataset => self.run_command(Command::AddDataset),
            SectionRequest::RecheckDatasets => self.check_datasets(),
            SectionRequest::LocateDataset(id) => {
                self.locating_dataset = Some(id);
                self.choose_file(FilePurpose::LocateDataset);
            }
            SectionRequest::RecordDatasetFile(id) => {
                let stored = self
                    .doc
                    .project()
                    .datasets
                    .iter()
                    .find(|d| d.dataset_id == id)
                    .map(|d| d.path.clone());
                if let (Some(stored), Some(base)) = (stored, self.doc.base_dir()) {
                    let path = file::resolve_path(&stored, base);
                    self.rerecord_dataset(id, path);
                }
            }
            SectionRequest::Goto(section) => self.section = section,
            SectionRequest::ShowRisk(risk_id) => {
                if let Some(register) = self.screens.get_mut::<RegisterScreen>() {
                    register.select_risk(&risk_id);
                }
                self.section = Section::Register;
            }
            SectionRequest::ImportFmeaCsv => self.choose_file(FilePurpose::ImportFmeaCsv),
            SectionRequest::ExportFmeaCsv => self.choose_file(FilePurpose::ExportFmeaCsv),
            SectionRequest::ExportBowtie => self.choose_file(FilePurpose::ExportBowtie),
            SectionRequest::ExportIncident(what) => {
                self.choose_file(FilePurpose::ExportIncident(what));
            }
            SectionRequest::ExportMitigationWeights => {
                self.choose_file(FilePurpose::ExportMitigationWeights);
            }
            SectionRequest::ImportRegisterCsv => {
                self.choose_file(FilePurpose::ImportRegisterCsv);
            }
            SectionRequest::ExportRegisterCsv => {
                self.choose_file(FilePurpose::ExportRegisterCsv);
            }
            SectionRequest::ImportGxSuite => self.choose_file(FilePurpose::ImportGxSuite),
            SectionRequest::ExportGxSuite => self.choose_file(FilePurpose::ExportGxSuite),
            SectionRequest::Notify(level, text) => self.notify(level, text),
            SectionRequest::MarkReviewed(risk_id) => self.mark_reviewed(&risk_id),
            SectionRequest::ExportReport(options) => {
                self.pending_export = Some(options);
                self.choose_file(FilePurpose::ExportReport);
            }
            SectionRequest::Fairness(actions) => self.fairness_actions(actions),
            SectionRequest::Eda(actions) => self.eda_actions(actions),
            SectionRequest::Drift(actions) => self.drift_actions(actions),
            SectionRequest::Gate(a) => {
                self.start_screen_jobs::<GateScreen>(a.jobs, a.cancel, JobOutput::Gate);
            }
            SectionRequest::ModelCard(a) => {
                self.start_screen_jobs::<ModelCardScreen>(a.jobs, a.cancel, JobOutput::ModelCard);
            }
            SectionRequest::Validation(a) => {
                self.start_screen_jobs::<ValidationScreen>(a.jobs, a.cancel, JobOutput::Validation);
            }
            SectionRequest::Mitigation(a) => {
                self.start_screen_jobs::<MitigationScreen>(a.jobs, a.cancel, JobOutput::Mitigation);
            }
            SectionRequest::ErrorAnalysis(a) => {
                self.start_screen_jobs::<ErrorAnalysisScreen>(
                    a.jobs,
                    a.cancel,
                    JobOutput::ErrorAnalysis,
                );
            }
            SectionRequest::Incidents(a) => {
                self.start_screen_jobs::<IncidentsScreen>(a.jobs, a.cancel, JobOutput::Incidents);
            }
        }
    }

    /// Cancels `cancel` and starts `jobs` for the screen `S`, telling it each job's id (or why it did not
    /// start); `wrap` names the job's output for [`Self::job_finished`].
    fn start_screen_jobs<S: RunsJobs + Screen>(
        &mut self,
        jobs: Vec<ScreenJob<S::Ticket, S::Output>>,
        cancel: Vec<u64>,
        wrap: fn(S::Output) -> JobOutput,
    ) {
        for job_id in cancel {
            self.jobs.cancel(job_id);
        }
        for job in jobs {
            let ctx = self.ctx.clone();
            let work = job.work;
            let started = self.jobs.spawn(
                job.name,
                true,
                move || ctx.request_repaint(),
                move |control| work(control).map(wrap),
            );
            if let Some(screen) = self.screens.get_mut::<S>() {
                match started {
                    Ok(job_id) => screen.job_started(&job.ticket, job_id),
                    Err(e) => screen.job_not_started(&job.ticket, &e.to_string()),
                }
            }
        }
    }

    /// Starts and cancels the background jobs the EDA screen (or the column settings) asks for.
    fn eda_actions(&mut self, actions: EdaActions) {
        if let Some(risk_id) = &actions.show_risk {
            self.show_created_risk(risk_id, "the data alert");
        }
        self.start_screen_jobs::<EdaScreen>(actions.jobs, actions.cancel, JobOutput::Eda);
        if actions.open_eda {
            self.section = Section::Eda;
        }
    }

    /// Starts and cancels the background jobs the drift screen asks for.
    fn drift_actions(&mut self, actions: DriftActions) {
        self.start_screen_jobs::<DriftScreen>(actions.jobs, actions.cancel, JobOutput::Drift);
    }

    /// Shows a risk just created from `source` in the register, and says so.
    fn show_created_risk(&mut self, risk_id: &str, source: &str) {
        if let Some(register) = self.screens.get_mut::<RegisterScreen>() {
            register.select_risk(risk_id);
        }
        self.section = Section::Register;
        self.notify(
            Level::Info,
            format!("{risk_id} created from {source}: rate it and choose a treatment"),
        );
    }

    /// Starts and cancels the background jobs the fairness screen asks for.
    fn fairness_actions(&mut self, actions: FairnessActions) {
        if let Some(risk_id) = &actions.show_risk {
            self.show_created_risk(risk_id, "the finding");
        }
        self.start_screen_jobs::<FairnessScreen>(actions.jobs, actions.cancel, JobOutput::Fairness);
    }

    /// Tells the screen `S` that a job ended; `true` when the screen had replaced it by a newer one.
    fn job_ended<S: RunsJobs + Screen>(&mut self, done: &Finished<JobOutput>) -> bool {
        self.screens
            .get_mut::<S>()
            .is_some_and(|s| s.job_ended(done.job_id, done.cancelled))
    }

    pub(super) fn handle_job_results(&mut self) {
        for done in self.jobs.poll() {
            // Every screen that runs jobs hears of the end of each (a job id belongs to one of them).
            let mut replaced = self.job_ended::<EdaScreen>(&done);
            replaced |= self.job_ended::<FairnessScreen>(&done);
            replaced |= self.job_ended::<DriftScreen>(&done);
            replaced |= self.job_ended::<GateScreen>(&done);
            replaced |= self.job_ended::<ModelCardScreen>(&done);
            replaced |= self.job_ended::<ValidationScreen>(&done);
            replaced |= self.job_ended::<MitigationScreen>(&done);
            replaced |= self.job_ended::<ErrorAnalysisScreen>(&done);
            replaced |= self.job_ended::<IncidentsScreen>(&done);
            if replaced && done.cancelled {
                // Replaced by a newer run, load or query of the same screen: nothing to tell.
                continue;
            }
            if done.cancelled {
                self.notify(Level::Info, format!("{} was cancelled", done.name));
                if done.name == "Checking dataset files" {
                    self.dataset_checks.clear();
                }
                continue;
            }
            match done.result {
                Err(e) => {
                    if self.after_save.is_some() && done.name == FilePurpose::SaveProjectAs.title()
                    {
                        self.after_save = None;
                    }
                    if done.name == AUTOSAVE_JOB {
                        // The next tick tries again (a failed autosave once stopped autosaving for good).
                        self.autosave.running = false;
                        self.autosave.outdated = false;
                    }
                    self.report_error(&e.context(format!("{} failed", done.name)));
                }
                Ok(output) => self.job_finished(output),
            }
        }
    }

    fn job_finished(&mut self, output: JobOutput) {
        match output {
            JobOutput::Opened {
                path,
                loaded,
                recovery,
            } => {
                if loaded.was_migrated() {
                    self.notify(
                        Level::Info,
                        format!(
                            "{} was written with schema version {} and has been upgraded; saving writes the \
                             current version",
                            display_name(&path),
                            loaded.file_schema_version
                        ),
                    );
                }
                let inconsistencies = crate::model::consistency::check(&loaded.project);
                if !inconsistencies.is_empty() {
                    // Listed, never repaired silently: `riskbench repair` applies the repairs on request.
                    let list: Vec<String> =
                        inconsistencies.iter().map(ToString::to_string).collect();
                    self.notify(
                        Level::Error,
                        format!(
                            "{} has {} inconsistencies (nothing was changed; `riskbench repair` lists and \
                             applies the repairs): {}",
                            display_name(&path),
                            list.len(),
                            list.join("; ")
                        ),
                    );
                }
                self.doc = Document::new(loaded.project, Some(path.clone()));
                self.dataset_checks.clear();
                self.prefs.remember(&path);
                self.autosave.last = Instant::now();
                if let Some(recovery) = recovery {
                    self.modal = Some(Modal::Recover { recovery });
                }
                self.check_datasets();
            }
            JobOutput::Recovered(loaded) => {
                self.doc.edit(|p| *p = loaded.project);
                self.notify(
                    Level::Info,
                    "Recovered the autosaved changes; save to keep them",
                );
            }
            JobOutput::DatasetInspected { path, info, notes } => {
                for note in notes {
                    self.notify(Level::Info, format!("{}: {note}", display_name(&path)));
                }
                let dataset =
                    dataset::new_dataset_ref(self.doc.project(), &path, self.doc.base_dir(), info);
                let dataset_id = dataset.dataset_id.clone();
                self.doc.edit(|p| p.datasets.push(dataset));
                if let Some(eda) = self.screens.get_mut::<EdaScreen>() {
                    eda.select_dataset(&dataset_id);
                }
                self.dataset_checks
                    .insert(dataset_id, FileCheck::Done(DatasetStatus::Unchanged));
                self.section = Section::Datasets;
            }
            JobOutput::DatasetRerecorded {
                dataset_id,
                path,
                file,
            } => self.dataset_rerecorded(&dataset_id, &path, &file),
            JobOutput::DatasetsChecked(results) => {
                let unchanged: std::collections::BTreeSet<String> = results
                    .iter()
                    .filter(|(_, status)| *status == DatasetStatus::Unchanged)
                    .map(|(id, _)| id.clone())
                    .collect();
                for (id, status) in results {
                    self.dataset_checks.insert(id, FileCheck::Done(status));
                }
                self.refresh_review_flags();
                // Saved audits come back with their results: those whose dataset still matches are re-run.
                let base = self
                    .doc
                    .base_dir()
                    .map_or_else(|| PathBuf::from("."), std::path::Path::to_owned);
                if let Some(fairness) = self.screens.get_mut::<FairnessScreen>() {
                    let actions =
                        fairness.resume_saved_audits(self.doc.project(), &base, &unchanged);
                    self.fairness_actions(actions);
                }
            }
            JobOutput::FileChosen {
                purpose,
                path,
                open_for,
            } => match path {
                Some(path) => self.file_chosen(purpose, path),
                None if open_for < DIALOG_UNAVAILABLE_BELOW => {
                    self.modal = Some(Modal::PathPrompt {
                        purpose,
                        text: String::new(),
                        reason: "No file dialog could be shown on this system (it needs xdg-desktop-portal \
                                 or zenity). Type the path instead."
                            .to_owned(),
                    });
                }
                None => self.after_save = None,
            },
            JobOutput::Autosaved(sidecar) => {
                self.autosave.running = false;
                if std::mem::take(&mut self.autosave.outdated)
                    && let Err(e) = std::fs::remove_file(&sidecar)
                    && e.kind() != std::io::ErrorKind::NotFound
                {
                    self.notify(
                        Level::Error,
                        format!("cannot remove an outdated autosave: {e}"),
                    );
                }
            }
            JobOutput::ReportWritten { path, pages } => {
                self.notify(
                    Level::Info,
                    format!(
                        "Wrote the treatment plan ({pages} pages): {}",
                        path.display()
                    ),
                );
                self.notifications.attach_file(path);
            }
            JobOutput::Eda(output) => {
                if let Some(eda) = self.screens.get_mut::<EdaScreen>() {
                    let actions = eda.job_output(output);
                    self.eda_actions(actions);
                }
            }
            JobOutput::Drift(output) => {
                if let Some(drift) = self.screens.get_mut::<DriftScreen>() {
                    drift.job_output(output, &mut self.doc);
                }
            }
            JobOutput::Gate(output) => {
                if let Some(gate) = self.screens.get_mut::<GateScreen>() {
                    gate.job_output(output);
                }
            }
            JobOutput::ModelCard(output) => {
                if let Some(card) = self.screens.get_mut::<ModelCardScreen>() {
                    card.job_output(output);
                }
            }
            JobOutput::Validation(output) => {
                if let Some(validation) = self.screens.get_mut::<ValidationScreen>() {
                    validation.job_output(output);
                }
            }
            JobOutput::Mitigation(output) => {
                if let Some(mitigation) = self.screens.get_mut::<MitigationScreen>() {
                    mitigation.job_output(output);
                }
            }
            JobOutput::ErrorAnalysis(output) => {
                if let Some(screen) = self.screens.get_mut::<ErrorAnalysisScreen>() {
                    screen.job_output(output);
                }
            }
            JobOutput::Incidents(output) => {
                if let Some(screen) = self.screens.get_mut::<IncidentsScreen>() {
                    screen.job_output(output);
                }
            }
            JobOutput::Fairness(output) => {
                if let Some(fairness) = self.screens.get_mut::<FairnessScreen>() {
                    let actions = fairness.job_output(output);
                    self.fairness_actions(actions);
                }
                self.refresh_review_flags();
            }
        }
    }
}
