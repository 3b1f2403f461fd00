//! Map › Model card: the model card's sections (with guided prompts for the hard ones), the documented
//! claims with their editor, the documented-vs-measured table with verdicts and numbers, and a datasheet per
//! dataset pre-filled from its profile.
//!
//! The evidence (saved audits run, datasets profiled, column values read) is gathered by "Check against the
//! data" on a background job the app starts ([`RunsSingleJob`]: progress and cancel in the status bar,
//! Cancel here too); verdicts, undocumented problems and suggestions are computed by `analysis::model_card`
//! from that evidence and the project as it is now, so an edited claim is re-judged at once. The screen only
//! draws and edits.

mod card;
mod claims;
mod datasheets;

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::jobs::{JobActions, RunOutput, RunsSingleJob, SingleJob};
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::widgets::JobClick;
use crate::analysis::audit::{AuditEvidence, run_saved_audits};
use crate::analysis::columns::{ColumnSummary, read_column_summaries};
use crate::analysis::evidence::{ProfileEvidence, profile_datasets};
use crate::analysis::task::TaskControl;
use crate::model::Project;

/// What the background check gathered.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The saved audits' results.
    pub audits: Vec<AuditEvidence>,
    /// The datasets' profiles.
    pub profiles: Vec<ProfileEvidence>,
    /// The columns of each dataset that could be read, by dataset id.
    pub columns: BTreeMap<String, Vec<ColumnSummary>>,
}

impl Evidence {
    /// Gathers everything for `project` (paths relative to `base`).
    ///
    /// # Errors
    /// Only cancellation.
    pub fn gather(
        project: &Project,
        base: &std::path::Path,
        control: &TaskControl,
    ) -> Result<Self, crate::analysis::task::Cancelled> {
        let audits = run_saved_audits(project, base, control)?;
        let profiles = profile_datasets(project, base, control)?;
        let mut columns = BTreeMap::new();
        for d in &project.datasets {
            control.check()?;
            let path = crate::model::file::resolve_path(&d.path, base);
            if let Ok(c) = read_column_summaries(&path, &TaskControl::new()) {
                columns.insert(d.dataset_id.clone(), c);
            }
        }
        Ok(Self {
            audits,
            profiles,
            columns,
        })
    }
}

/// The check finished: the evidence gathered.
pub type ModelCardOutput = RunOutput<Box<Evidence>>;

/// The jobs the screen asks the app to start or cancel; a job's ticket is its run id.
pub type ModelCardActions = JobActions<u64, ModelCardOutput>;

/// Which part of the screen is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    /// The card's sections.
    #[default]
    Card,
    /// Claims and documented vs measured.
    Claims,
    /// Datasheets.
    Datasheets,
}

impl Tab {
    const ALL: [Self; 3] = [Self::Card, Self::Claims, Self::Datasheets];

    fn label(self) -> &'static str {
        match self {
            Self::Card => "Card sections",
            Self::Claims => "Documented vs measured",
            Self::Datasheets => "Datasheets",
        }
    }
}

/// The screen's state.
#[derive(Default)]
pub struct ModelCardScreen {
    /// The tab shown.
    pub tab: Tab,
    job: SingleJob,
    /// The evidence last gathered.
    pub evidence: Option<Evidence>,
    error: Option<String>,
    /// The claim being edited.
    pub selected_claim: Option<String>,
    /// Text of the claimed-value field and the claim it belongs to.
    value_text: Option<(String, String)>,
    /// The dataset whose datasheet is shown.
    pub datasheet_dataset: Option<String>,
    /// The last message of an action (audit created, risk created or found).
    pub message: Option<String>,
}

impl ModelCardScreen {
    /// The check: whether it is running, its job id.
    #[must_use]
    pub fn job(&self) -> &SingleJob {
        &self.job
    }

    /// Asks the app to gather the evidence for the open project in the background (replacing a running
    /// check).
    pub fn start(&mut self, cx: &mut ScreenContext<'_>) {
        let project = cx.doc.project().clone();
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let actions = self
            .job
            .run("Checking the model card against the data", move |control| {
                Ok(Box::new(Evidence::gather(&project, &base, control)?))
            });
        cx.request(SectionRequest::ModelCard(actions));
    }

    /// Takes a finished check's evidence (an older run's is dropped).
    pub fn job_output(&mut self, output: ModelCardOutput) {
        if let Some(evidence) = self.job.take(output) {
            self.evidence = Some(*evidence);
            self.error = None;
        }
    }
}

impl RunsSingleJob for ModelCardScreen {
    type Output = ModelCardOutput;

    fn job_and_error(&mut self) -> (&mut SingleJob, &mut Option<String>) {
        (&mut self.job, &mut self.error)
    }
}

impl Screen for ModelCardScreen {
    fn section(&self) -> Section {
        Section::ModelCard
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        ui.label(
            RichText::new(
                "The model card (Model Card Toolkit sections) and what it claims, held against the saved \
                 audits: each claim is supported, contradicted, inconclusive or not measured. Datasheets \
                 describe each dataset (Gebru et al.).",
            )
            .weak(),
        );
        let clicked = ui
            .horizontal(|ui| {
                let clicked = super::widgets::job_button(
                    ui,
                    &self.job,
                    "Running the audits and profiling the data…",
                    "Check against the data",
                );
                if let Some(e) = &self.error {
                    ui.colored_label(super::theme::error(), e);
                }
                clicked
            })
            .inner;
        match clicked {
            Some(JobClick::Start) => self.start(cx),
            Some(JobClick::Cancel(job_id)) => {
                cx.request(SectionRequest::ModelCard(ModelCardActions::cancel(job_id)));
            }
            None => {}
        }
        if let Some(message) = &self.message {
            ui.label(RichText::new(message).color(super::theme::ok()));
        }
        ui.horizontal(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.label());
            }
        });
        ui.separator();
        match self.tab {
            Tab::Card => card::card_ui(ui, cx.doc),
            Tab::Claims => claims::claims_ui(ui, self, cx),
            Tab::Datasheets => datasheets::datasheets_ui(ui, self, cx.doc),
        }
    }
}
