//! The [`Screen`] trait every screen implements, what a screen gets while it draws ([`ScreenContext`]) and
//! what it may ask of the app ([`SectionRequest`]). The screens themselves are registered in
//! [`super::registry`].
//!
//! See the [module docs of `ui`](super) for how a new screen is added.

use std::any::Any;
use std::collections::BTreeMap;

use egui::Ui;

use super::notifications::Level;
use super::sections::Section;
use crate::analysis::dataset::FileCheck;
use crate::model::{Document, IsoDate};

/// A screen of the application: owns its state (filters, selection, loaded data, running jobs) and draws one
/// section of the navigation. The app holds every screen for as long as it runs, so state survives switching
/// sections; nothing a screen keeps lives in egui's temporary memory.
pub trait Screen: Any {
    /// The section this screen draws; the registry finds a screen by it.
    fn section(&self) -> Section;

    /// Whether the screen scrolls itself (a grid with a fixed header, a canvas, a side pane). Otherwise the
    /// app puts the heading and the screen in one vertical scroll area.
    fn scrolls_itself(&self) -> bool {
        false
    }

    /// Whether the app hides its menus, navigation and status bar while this screen is shown (a bow-tie
    /// presentation).
    fn hides_chrome(&self) -> bool {
        false
    }

    /// Draws the screen below its heading; edits go through `cx.doc`, requests to the app into `cx`.
    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>);
}

/// What a screen gets while it draws.
pub struct ScreenContext<'a> {
    /// The project, edited through its mutation gate.
    pub doc: &'a mut Document,
    /// The status of each dataset file as last checked, by dataset id.
    pub dataset_checks: &'a BTreeMap<String, FileCheck>,
    /// Today's date (overdue actions, review dates).
    pub today: IsoDate,
    /// The other screens, for a screen that shows a panel of another (the Datasets screen shows the EDA
    /// screen's column settings, which use the data the EDA screen has loaded); see [`screen_mut`].
    pub others: &'a mut [Box<dyn Screen>],
    requests: Vec<SectionRequest>,
}

impl<'a> ScreenContext<'a> {
    /// A context for one frame of one screen, with no requests yet.
    pub fn new(
        doc: &'a mut Document,
        dataset_checks: &'a BTreeMap<String, FileCheck>,
        today: IsoDate,
        others: &'a mut [Box<dyn Screen>],
    ) -> Self {
        Self {
            doc,
            dataset_checks,
            today,
            others,
            requests: Vec::new(),
        }
    }

    /// Asks the app to do something after this frame.
    pub fn request(&mut self, request: SectionRequest) {
        self.requests.push(request);
    }

    /// Asks the app to do something after this frame, when there is something.
    pub fn request_some(&mut self, request: Option<SectionRequest>) {
        self.requests.extend(request);
    }

    /// The requests made, in order.
    #[must_use]
    pub fn into_requests(self) -> Vec<SectionRequest> {
        self.requests
    }
}

/// Something a screen asks the application to do.
pub enum SectionRequest {
    /// Open the dataset file dialog.
    AddDataset,
    /// Choose a CSV file to import as a new FMEA worksheet.
    ImportFmeaCsv,
    /// Choose where to export the FMEA worksheet chosen for export, as CSV.
    ExportFmeaCsv,
    /// Choose where to export the bow-tie shown, as SVG or PNG.
    ExportBowtie,
    /// Choose where to export a picture or the timeline of the incident shown (Manage › Incidents).
    ExportIncident(super::incidents::IncidentExport),
    /// The risk with this id was reviewed: record its current evidence and clear its flag.
    MarkReviewed(String),
    /// Choose where to write the reweighing weights of Measure › Mitigations, as CSV.
    ExportMitigationWeights,
    /// Choose a CSV file of risks to import into the register.
    ImportRegisterCsv,
    /// Choose where to export the register as CSV.
    ExportRegisterCsv,
    /// Choose a Great Expectations suite file to import into the validation screen's dataset.
    ImportGxSuite,
    /// Choose where to export the validation screen's suite as a Great Expectations suite file.
    ExportGxSuite,
    /// Show a notification.
    Notify(Level, String),
    /// Check every dataset file against its fingerprint again.
    RecheckDatasets,
    /// Choose where the missing file of this dataset is now.
    LocateDataset(String),
    /// Record the current content of this dataset's changed file as its fingerprint.
    RecordDatasetFile(String),
    /// Show another section.
    Goto(Section),
    /// Select this risk in the register and show it.
    ShowRisk(String),
    /// Choose where to write the treatment plan PDF, then build it with these options.
    ExportReport(crate::report::plan::PlanOptions),
    /// Jobs the fairness screen wants started or cancelled (and a risk to show).
    Fairness(super::fairness::FairnessActions),
    /// Jobs the EDA screen (or the column settings on the Datasets screen) wants started or cancelled.
    Eda(super::eda::EdaActions),
    /// Jobs the drift screen wants started or cancelled.
    Drift(super::drift::DriftActions),
    /// The gate evaluation the release gate screen wants started or cancelled.
    Gate(super::gate::GateActions),
    /// The check the model card screen wants started or cancelled.
    ModelCard(super::model_card::ModelCardActions),
    /// The profile or run the validation screen wants started or cancelled.
    Validation(super::validation::ValidationActions),
    /// The data load the mitigation screen wants started or cancelled.
    Mitigation(super::mitigation::MitigationActions),
    /// The jobs the error analysis screen wants started or cancelled.
    ErrorAnalysis(super::error_analysis::ErrorAnalysisActions),
    /// The kill switch's effect measurement the incidents screen wants started or cancelled.
    Incidents(super::incidents::ContainmentActions),
}

/// The screen of type `S` among `screens`.
pub fn screen_mut<S: Screen>(screens: &mut [Box<dyn Screen>]) -> Option<&mut S> {
    screens
        .iter_mut()
        .find_map(|s| (s.as_mut() as &mut dyn Any).downcast_mut::<S>())
}
