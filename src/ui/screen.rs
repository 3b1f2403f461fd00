//! The [`Screen`] trait every screen implements, what a screen gets while it draws ([`ScreenContext`]), what
//! it may ask of the app ([`SectionRequest`]), and the registry of screens the app holds ([`Screens`]).
//!
//! See the [module docs of `ui`](super) for how a new screen is added.

use std::any::Any;
use std::collections::BTreeMap;

use egui::Ui;

use super::app::FileCheck;
use super::notifications::Level;
use super::sections::Section;
use crate::model::{Document, IsoDate};

/// A screen of the application: owns its state (filters, selection, loaded data, running jobs) and draws one
/// section of the navigation. The app holds every screen for as long as it runs, so state survives switching
/// sections; nothing a screen keeps lives in egui's temporary memory.
pub trait Screen: Any {
    /// The section this screen draws; [`Screens`] finds a screen by it.
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
    /// screen's column settings, which use the data the EDA screen has loaded).
    pub others: &'a mut Screens,
    requests: Vec<SectionRequest>,
}

impl ScreenContext<'_> {
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
    /// The risk with this id was reviewed: record its current evidence and clear its flag.
    MarkReviewed(String),
    /// Choose a CSV file of risks to import into the register.
    ImportRegisterCsv,
    /// Choose where to export the register as CSV.
    ExportRegisterCsv,
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
}

/// Every screen of the app, each drawn for its own section.
pub struct Screens {
    screens: Vec<Box<dyn Screen>>,
}

impl Default for Screens {
    /// The registry: one line per screen.
    fn default() -> Self {
        Self {
            screens: vec![
                Box::new(super::project::ProjectScreen),
                Box::new(super::roles::RolesScreen),
                Box::new(super::settings::SettingsScreen),
                Box::new(super::checklist::ChecklistScreen),
                Box::new(super::gate::GateScreen::default()),
                Box::new(super::context::ContextScreen),
                Box::new(super::datasets::DatasetsScreen),
                Box::new(super::register::RegisterScreen::default()),
                Box::new(super::eda::EdaScreen::default()),
                Box::new(super::fairness::FairnessScreen::default()),
                Box::new(super::drift::DriftScreen::default()),
                Box::new(super::validation::ValidationScreen::default()),
                Box::new(super::bowtie::BowtieScreen::default()),
                Box::new(super::fmea::FmeaScreen::default()),
                Box::new(super::treatment::TreatmentScreen::default()),
                Box::new(super::report::ReportScreen::default()),
            ],
        }
    }
}

impl Screens {
    /// The screen drawing `section`.
    pub fn for_section_mut(&mut self, section: Section) -> Option<&mut dyn Screen> {
        self.screens
            .iter_mut()
            .find(|s| s.section() == section)
            .map(AsMut::as_mut)
    }

    /// The screen drawing `section`.
    #[must_use]
    pub fn for_section(&self, section: Section) -> Option<&dyn Screen> {
        self.screens
            .iter()
            .find(|s| s.section() == section)
            .map(AsRef::as_ref)
    }

    /// The screen of type `S`, for what the app reads back from it or tells it.
    #[must_use]
    pub fn get<S: Screen>(&self) -> Option<&S> {
        self.screens
            .iter()
            .find_map(|s| (s.as_ref() as &dyn Any).downcast_ref::<S>())
    }

    /// The screen of type `S`.
    pub fn get_mut<S: Screen>(&mut self) -> Option<&mut S> {
        self.screens
            .iter_mut()
            .find_map(|s| (s.as_mut() as &mut dyn Any).downcast_mut::<S>())
    }

    /// Draws the screen of `section` (the heading is the app's) and returns what it asked of the app.
    pub fn ui(
        &mut self,
        section: Section,
        ui: &mut Ui,
        doc: &mut Document,
        dataset_checks: &BTreeMap<String, FileCheck>,
        today: IsoDate,
    ) -> Vec<SectionRequest> {
        let Some(index) = self.screens.iter().position(|s| s.section() == section) else {
            return Vec::new();
        };
        // Taken out while it draws, so it can reach the other screens through the context.
        let mut screen = self.screens.remove(index);
        let mut cx = ScreenContext {
            doc,
            dataset_checks,
            today,
            others: self,
            requests: Vec::new(),
        };
        screen.ui(ui, &mut cx);
        let requests = cx.into_requests();
        self.screens.insert(index, screen);
        requests
    }

    /// Every section that has a screen.
    pub fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        self.screens.iter().map(|s| s.section())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_exactly_one_screen() {
        let screens = Screens::default();
        let registered: Vec<Section> = screens.sections().collect();
        for section in Section::all() {
            assert_eq!(
                registered.iter().filter(|s| **s == section).count(),
                1,
                "{section:?}"
            );
        }
        assert_eq!(registered.len(), Section::all().len());
        assert!(
            screens
                .get::<super::super::register::RegisterScreen>()
                .is_some()
        );
    }
}
