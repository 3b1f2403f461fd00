//! The registry of screens: one line per screen in [`Screens::default`]. The app holds one [`Screens`] and
//! draws the screen of the section chosen with [`Screens::ui`].

use std::any::Any;
use std::collections::BTreeMap;

use egui::Ui;

use super::screen::{Screen, ScreenContext, SectionRequest, screen_mut};
use super::sections::Section;
use crate::analysis::dataset::FileCheck;
use crate::model::{Document, IsoDate};

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
                Box::new(super::frameworks::FrameworksScreen::default()),
                Box::new(super::gate::GateScreen::default()),
                Box::new(super::governance::GovernanceScreen::default()),
                Box::new(super::context::ContextScreen),
                Box::new(super::workshops::WorkshopScreen::default()),
                Box::new(super::datasets::DatasetsScreen::default()),
                Box::new(super::model_card::ModelCardScreen::default()),
                Box::new(super::register::RegisterScreen::default()),
                Box::new(super::eda::EdaScreen::default()),
                Box::new(super::fairness::FairnessScreen::default()),
                Box::new(super::mitigation::MitigationScreen::default()),
                Box::new(super::error_analysis::ErrorAnalysisScreen::default()),
                Box::new(super::drift::DriftScreen::default()),
                Box::new(super::validation::ValidationScreen::default()),
                Box::new(super::bowtie::BowtieScreen::default()),
                Box::new(super::fmea::FmeaScreen::default()),
                Box::new(super::treatment::TreatmentScreen::default()),
                Box::new(super::incidents::IncidentsScreen::default()),
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
        screen_mut(&mut self.screens)
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
        let mut cx = ScreenContext::new(doc, dataset_checks, today, &mut self.screens);
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
