//! Govern › Frameworks: one checklist screen for every framework — NIST AI RMF 1.0, the EU AI Act, ISO/IEC
//! 42001, ISO/IEC 23894, Google SAIF and the Microsoft Responsible AI Standard v2 — built the same way:
//! coverage per section as progress bars, the links that point at nothing, a status filter and a text
//! search, then each section's items with a status, an owner, notes, linked risks, audits, validation suites,
//! drift results and documents ([`item`]), and the crosswalk's related items of the other frameworks with the
//! evidence they offer ([`crosswalk`]). The EU AI Act adds which obligations apply and the Article 27 form
//! ([`eu`]). The risk tags of every framework in the register's detail pane are in [`tags`].
//!
//! The screen owns its view state ([`FrameworksScreen`]: the chosen framework and a filter per framework).
//! Rules, coverage, applicability, relations, offers and the filter come from [`crate::model::frameworks`];
//! every change goes through the [`Document`] gate: status changes and links are one undo step each, owner,
//! notes and document references are live edits committed when the user stops typing.

mod crosswalk;
mod eu;
mod item;
mod tags;

use std::collections::BTreeMap;

use egui::{RichText, Ui};

pub use crosswalk::{apply_offer_label, offer_evidence_label, open_related_label};
pub use eu::fria_status_button_label;
pub use item::{item_status_label, link_picker_label, offers_marker};
pub use tags::{offered_tag_label, risk_tags_ui};

use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::theme;
use crate::model::Document;
use crate::model::checklist::{Coverage, coverage_by_category, problems as nist_problems};
use crate::model::frameworks::checklist::{
    ItemRow, coverage_by_section, overall_coverage, problems, rows,
};
use crate::model::frameworks::filter::ItemFilter;
use crate::model::frameworks::{FrameworkId, ItemRef, framework};
use crate::model::taxonomy::rmf_core;

/// The Frameworks screen and its view state.
pub struct FrameworksScreen {
    /// The framework whose checklist is shown.
    pub chosen: FrameworkId,
    /// The status filter and search of each framework's checklist (kept while the app runs).
    pub filters: BTreeMap<FrameworkId, ItemFilter>,
    /// The selected item (highlighted), and whether it still has to be opened and scrolled into view.
    nav: Navigation,
}

impl Default for FrameworksScreen {
    fn default() -> Self {
        Self {
            chosen: FrameworkId::NistAiRmf,
            filters: BTreeMap::new(),
            nav: Navigation::default(),
        }
    }
}

/// Which item is selected and what the user asked to open, shared by the items drawn in one frame.
#[derive(Default)]
pub(super) struct Navigation {
    /// The selected item, highlighted in its checklist.
    selected: Option<ItemRef>,
    /// Set when the selected item has to be opened and scrolled into view on the next frame it is drawn.
    reveal: bool,
    /// The related item whose name the user clicked in a crosswalk list this frame.
    goto: Option<ItemRef>,
}

impl Screen for FrameworksScreen {
    fn section(&self) -> Section {
        Section::Frameworks
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = self.frameworks_ui(ui, cx.doc, cx.today);
        cx.request_some(request);
    }
}

/// Label of the button that chooses a framework's checklist.
#[must_use]
pub fn framework_tab_label(framework_id: FrameworkId) -> String {
    framework_id.name().to_owned()
}

/// The text on a coverage bar, also its accessible name: "7 of 19 covered (36 %), 2 in progress".
#[must_use]
pub fn coverage_text(coverage: &Coverage) -> String {
    format!(
        "{} of {} covered ({} %), {} in progress",
        coverage.covered(),
        coverage.total,
        coverage.percent(),
        coverage.in_progress
    )
}

impl FrameworksScreen {
    /// The selected item of the checklists (the one a crosswalk link opened), if any.
    #[must_use]
    pub fn selected(&self) -> Option<&ItemRef> {
        self.nav.selected.as_ref()
    }

    /// Shows `item` in its framework's tab: chooses the framework, selects the item, opens its section and
    /// details and scrolls to it; a filter that would hide it is cleared.
    pub fn show_item(&mut self, doc: &Document, item: ItemRef, today: crate::model::IsoDate) {
        self.chosen = item.framework_id;
        if let Some(filter) = self.filters.get_mut(&item.framework_id) {
            let hidden = rows(doc.project(), item.framework_id, today)
                .iter()
                .find(|r| r.id == item.item_id)
                .is_some_and(|r| !filter.matches(r, doc.project()));
            if hidden {
                *filter = ItemFilter::default();
            }
        }
        self.nav.selected = Some(item);
        self.nav.reveal = true;
    }

    /// Draws the screen. `today` decides whether EU AI Act obligations are in force.
    fn frameworks_ui(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        today: crate::model::IsoDate,
    ) -> Option<SectionRequest> {
        ui.horizontal_wrapped(|ui| {
            for framework_id in FrameworkId::CHECKLISTS {
                ui.selectable_value(
                    &mut self.chosen,
                    framework_id,
                    framework_tab_label(framework_id),
                );
            }
        });
        ui.separator();
        let chosen = self.chosen;
        let f = match framework(chosen) {
            Ok(f) => f,
            Err(e) => {
                ui.label(RichText::new(e).color(theme::error()));
                return None;
            }
        };
        ui.label(format!(
            "Record how far each item of {} is met for this system. Done and not applicable count as covered. \
             Risks that name or are tagged with an item in the register are linked here automatically.",
            chosen.name()
        ));
        if matches!(
            chosen,
            FrameworkId::Iso42001 | FrameworkId::Iso23894 | FrameworkId::Saif | FrameworkId::MsRai
        ) {
            ui.label(
                RichText::new(
                    "Items appear by identifier with Riskbench's own short labels; consult the source for \
                     its text.",
                )
                .weak(),
            );
        }
        ui.add_space(6.0);
        if chosen == FrameworkId::EuAiAct {
            eu::eu_ui(ui, doc, today);
        }
        let all = rows(doc.project(), chosen, today);
        coverage_ui(ui, &all);
        problems_ui(ui, doc, chosen);
        ui.add_space(6.0);
        let filter = self.filters.entry(chosen).or_default();
        filter_ui(ui, filter);
        ui.add_space(4.0);
        let filter = filter.clone();
        let mut request = None;
        let mut shown_any = false;
        let by_section = coverage_by_section(&all);
        for section in f.sections.iter().filter(|s| s.checklist) {
            let shown: Vec<&ItemRow> = all
                .iter()
                .filter(|r| r.section == section.section_id && filter.matches(r, doc.project()))
                .collect();
            if shown.is_empty() {
                continue;
            }
            shown_any = true;
            let coverage = by_section
                .iter()
                .find(|(s, _)| *s == section.section_id)
                .map(|(_, c)| *c)
                .unwrap_or_default();
            egui::CollapsingHeader::new(
                RichText::new(format!(
                    "{}{} ({} of {} covered)",
                    section.section_id,
                    if section.label == section.section_id {
                        String::new()
                    } else {
                        format!(" — {}", section.label)
                    },
                    coverage.covered(),
                    coverage.total
                ))
                .strong()
                .size(16.0),
            )
            .id_salt(("framework_section", chosen.key(), &section.section_id))
            .default_open(chosen == FrameworkId::NistAiRmf || chosen == FrameworkId::EuAiAct)
            // A search shows its matches: the sections holding them are open while it lasts.
            // So is the section of an item a crosswalk link is opening.
            .open((!filter.is_empty() || reveal_in(&self.nav, chosen, &shown)).then_some(true))
            .show(ui, |ui| {
                let mut group = String::new();
                for row in shown {
                    if chosen == FrameworkId::NistAiRmf {
                        nist_category_ui(ui, doc, &row.id, &mut group);
                    }
                    if let Some(r) = item::item_ui(ui, doc, chosen, row, &mut self.nav) {
                        request = Some(r);
                    }
                }
            });
        }
        if !shown_any {
            ui.label(RichText::new("No item matches the filter").weak());
        }
        if let Some(item) = self.nav.goto.take() {
            self.show_item(doc, item, today);
            ui.ctx().request_repaint();
        }
        ui.add_space(8.0);
        ui.label(RichText::new(&f.attribution).weak().small());
        for note in &f.unverified {
            ui.label(
                RichText::new(format!("Not verified: {note}"))
                    .weak()
                    .small(),
            );
        }
        request
    }
}

/// Whether the item being revealed is among `shown` of framework `chosen`.
fn reveal_in(nav: &Navigation, chosen: FrameworkId, shown: &[&ItemRow]) -> bool {
    nav.reveal
        && nav
            .selected
            .as_ref()
            .is_some_and(|s| s.framework_id == chosen && shown.iter().any(|r| r.id == s.item_id))
}

/// One progress bar per section, and the total (EU AI Act: applicable obligations only); in two columns
/// when there are many sections.
fn coverage_ui(ui: &mut Ui, all: &[ItemRow]) {
    let bars: Vec<(String, Coverage)> = coverage_by_section(all)
        .into_iter()
        .chain([("All".to_owned(), overall_coverage(all))])
        .filter(|(_, c)| c.total > 0)
        .collect();
    let columns = if bars.len() > 8 { 2 } else { 1 };
    let width = if columns == 2 { 300.0 } else { 420.0 };
    egui::Grid::new("framework_coverage")
        .num_columns(2 * columns)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for row in bars.chunks(columns) {
                for (section, coverage) in row {
                    ui.label(RichText::new(section).strong());
                    #[expect(
                        clippy::cast_possible_truncation,
                        reason = "a fraction between 0 and 1"
                    )]
                    let fraction = coverage.fraction() as f32;
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(width)
                            .text(coverage_text(coverage)),
                    );
                }
                ui.end_row();
            }
        });
}

/// Links of the chosen framework that point at nothing, in the error colour.
fn problems_ui(ui: &mut Ui, doc: &Document, chosen: FrameworkId) {
    let found: Vec<String> = if chosen == FrameworkId::NistAiRmf {
        rmf_core()
            .map(|core| {
                nist_problems(core, doc.project())
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        problems(doc.project())
            .iter()
            .filter(|p| p.framework == chosen.key())
            .map(ToString::to_string)
            .collect()
    };
    for problem in found {
        ui.label(RichText::new(format!("⚠ {problem}")).color(theme::error()));
    }
}

/// The status filter and the text search.
fn filter_ui(ui: &mut Ui, filter: &mut ItemFilter) {
    use crate::model::checklist::ChecklistStatus;
    ui.horizontal(|ui| {
        let label = ui.label("Show");
        egui::ComboBox::from_id_salt("framework_status_filter")
            .selected_text(filter.status.map_or("All statuses", ChecklistStatus::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.status, None, "All statuses");
                for status in ChecklistStatus::ALL {
                    ui.selectable_value(&mut filter.status, Some(status), status.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut filter.text)
                .desired_width(300.0)
                .hint_text("Id, text, owner, notes, risk, audit, result or document"),
        )
        .labelled_by(label.id);
        if !filter.is_empty() && ui.button("Clear filter").clicked() {
            *filter = ItemFilter::default();
        }
    });
}

/// For NIST AI RMF, the category heading ("GOVERN 1 (2 of 7 covered)" and NIST's text) before the first
/// subcategory shown of each category.
fn nist_category_ui(ui: &mut Ui, doc: &Document, item_id: &str, group: &mut String) {
    let Ok(core) = rmf_core() else {
        return;
    };
    let Some(category) = core
        .functions
        .iter()
        .flat_map(|f| &f.categories)
        .find(|c| c.subcategories.iter().any(|s| s.id == item_id))
    else {
        return;
    };
    if *group == category.id {
        return;
    }
    group.clone_from(&category.id);
    let coverage = coverage_by_category(core, &doc.project().nist_checklist)
        .into_iter()
        .find(|(id, _)| *id == category.id)
        .map(|(_, c)| c)
        .unwrap_or_default();
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "{} ({} of {} covered)",
            category.id,
            coverage.covered(),
            coverage.total
        ))
        .strong(),
    );
    ui.label(RichText::new(&category.text).italics());
}
