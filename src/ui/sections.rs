//! The sections of the left navigation, grouped by NIST AI RMF function, and the screen of each.
//!
//! Screens edit the project only through the [`Document`] mutation gate. Sections whose capability is not
//! built yet say so plainly instead of showing a fake screen.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::app::{FileCheck, Level};
use super::theme;
use crate::analysis::dataset::DatasetStatus;
use crate::model::{
    Classification, DatasetRole, Document, LineOfDefence, Person, RiskBand, palette,
};

/// A NIST AI RMF function (plus the report), the top level of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RmfFunction {
    /// Culture, roles, policies and criteria.
    Govern,
    /// Context and risks identified.
    Map,
    /// Analysis, assessment and tracking.
    Measure,
    /// Prioritisation and treatment.
    Manage,
    /// The signed-off deliverable.
    Report,
}

impl RmfFunction {
    /// Navigation heading.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Govern => "Govern",
            Self::Map => "Map",
            Self::Measure => "Measure",
            Self::Manage => "Manage",
            Self::Report => "Report",
        }
    }

    /// NIST's one-line description (AI RMF 1.0, Figure 5), shown as a tooltip.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::Govern => "A culture of risk management is cultivated and present",
            Self::Map => "Context is recognized and risks related to context are identified",
            Self::Measure => "Identified risks are assessed, analyzed, or tracked",
            Self::Manage => "Risks are prioritized and acted upon based on a projected impact",
            Self::Report => "The AI Risk Treatment Plan for sign-off",
        }
    }
}

/// A screen of the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// System and assessment metadata.
    Project,
    /// Authors and approvers with their lines of defence.
    Roles,
    /// Risk matrix and fairness thresholds.
    Settings,
    /// The NIST AI RMF checklist: status, notes and links per subcategory.
    Checklist,
    /// Intended use, deployment context, affected groups.
    Context,
    /// Datasets used as evidence.
    Datasets,
    /// The risk register.
    Register,
    /// Exploratory data analysis.
    Eda,
    /// Fairness audits.
    Fairness,
    /// Bow-tie diagrams.
    Bowties,
    /// FMEA worksheets.
    Fmea,
    /// Treatment plan per risk.
    TreatmentPlan,
    /// The PDF report.
    Report,
}

impl Section {
    /// Sections grouped under their function, in navigation order.
    #[must_use]
    pub fn by_function() -> [(RmfFunction, Vec<Self>); 5] {
        [
            (
                RmfFunction::Govern,
                vec![Self::Project, Self::Roles, Self::Settings, Self::Checklist],
            ),
            (
                RmfFunction::Map,
                vec![Self::Context, Self::Datasets, Self::Register],
            ),
            (RmfFunction::Measure, vec![Self::Eda, Self::Fairness]),
            (
                RmfFunction::Manage,
                vec![Self::Bowties, Self::Fmea, Self::TreatmentPlan],
            ),
            (RmfFunction::Report, vec![Self::Report]),
        ]
    }

    /// Every section.
    #[must_use]
    pub fn all() -> Vec<Self> {
        Self::by_function()
            .into_iter()
            .flat_map(|(_, s)| s)
            .collect()
    }

    /// The function this section belongs to.
    #[must_use]
    pub fn function(self) -> RmfFunction {
        Self::by_function()
            .into_iter()
            .find(|(_, sections)| sections.contains(&self))
            .map_or(RmfFunction::Report, |(f, _)| f)
    }

    /// Navigation label (unique across the app's navigation).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Project => "Project",
            Self::Roles => "Roles",
            Self::Settings => "Settings",
            Self::Checklist => "NIST AI RMF checklist",
            Self::Context => "System context",
            Self::Datasets => "Datasets",
            Self::Register => "Risk register",
            Self::Eda => "Data exploration (EDA)",
            Self::Fairness => "Fairness audits",
            Self::Bowties => "Bow-ties",
            Self::Fmea => "FMEA",
            Self::TreatmentPlan => "Treatment plan",
            Self::Report => "AI Risk Treatment Plan",
        }
    }

    /// Whether the section's capability exists yet.
    #[must_use]
    pub fn is_built(self) -> bool {
        matches!(
            self,
            Self::Project
                | Self::Roles
                | Self::Settings
                | Self::Checklist
                | Self::Context
                | Self::Datasets
                | Self::Register
                | Self::Eda
                | Self::Fairness
                | Self::Bowties
                | Self::Fmea
                | Self::TreatmentPlan
                | Self::Report
        )
    }

    /// What the section will hold, for sections not built yet.
    fn not_built_text(self) -> &'static str {
        match self {
            Self::Context => {
                "Intended use, out-of-scope uses, deployment context, affected groups and the EU AI Act \
                 classification will be recorded here."
            }
            Self::Register => {
                "The risk register (inherent and residual ratings, controls, treatments, owners, actions and \
                 linked evidence) will be kept here."
            }
            Self::Eda => {
                "Profiles, distributions, missingness, data-quality alerts, group representation and proxy \
                 detection for each dataset will be shown here."
            }
            Self::Bowties => {
                "Bow-tie diagrams of threats, barriers and consequences will be edited here."
            }
            Self::TreatmentPlan => {
                "The treatment of each risk (option, rationale, actions, owners, dates and KRIs) will be \
                 planned here."
            }
            Self::Report => {
                "The formal PDF \"AI Risk Treatment Plan\" will be previewed and exported here (File › Export \
                 report…)."
            }
            Self::Project
            | Self::Roles
            | Self::Settings
            | Self::Checklist
            | Self::Datasets
            | Self::Fairness
            | Self::Fmea => "",
        }
    }
}

/// Something a screen asks the application to do.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// Draws the screen of `section`.
pub fn section_ui(
    ui: &mut Ui,
    section: Section,
    doc: &mut Document,
    checks: &BTreeMap<String, FileCheck>,
) -> Option<SectionRequest> {
    heading_ui(ui, section);
    match section {
        Section::Project => {
            project_ui(ui, doc);
            None
        }
        Section::Roles => {
            roles_ui(ui, doc);
            None
        }
        Section::Settings => {
            settings_ui(ui, doc);
            None
        }
        Section::Checklist => super::checklist::checklist_ui(ui, doc),
        Section::Datasets => datasets_ui(ui, doc, checks),
        Section::Fmea => super::fmea::fmea_ui(ui, doc),
        Section::Bowties => super::bowtie::bowtie_ui(ui, doc),
        Section::TreatmentPlan => {
            super::treatment::treatment_ui(ui, doc, crate::model::IsoDate::today())
        }
        Section::Context => {
            super::context::context_ui(ui, doc);
            None
        }
        Section::Register => super::register::register_ui(ui, doc, crate::model::IsoDate::today()),
        other => {
            ui.label(RichText::new("Not built yet").strong().color(theme::warn()));
            ui.label(other.not_built_text());
            None
        }
    }
}

/// A single-line text field of a fixed width inside a grid (grids would otherwise shrink it).
pub(super) fn grid_text(
    ui: &mut Ui,
    value: &mut String,
    width: f32,
    label: egui::Id,
) -> egui::Response {
    let height = ui.spacing().interact_size.y;
    ui.add_sized([width, height], egui::TextEdit::singleline(value))
        .labelled_by(label)
}

/// The heading of a screen: "Function › Section".
pub fn heading_ui(ui: &mut Ui, section: Section) {
    ui.label(
        RichText::new(format!(
            "{} › {}",
            section.function().label(),
            section.label()
        ))
        .heading()
        .strong(),
    );
    ui.add_space(6.0);
}

fn text_row(ui: &mut Ui, label: &str, value: &mut String, multiline: bool) {
    let label = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(value)
            .desired_rows(4)
            .desired_width(520.0)
    } else {
        egui::TextEdit::singleline(value).desired_width(520.0)
    };
    ui.add(edit).labelled_by(label.id);
    ui.end_row();
}

fn project_ui(ui: &mut Ui, doc: &mut Document) {
    let path = doc.path().map(|p| p.display().to_string());
    let p = doc.project_mut();
    egui::Grid::new("project_metadata")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let m = &mut p.metadata;
            text_row(ui, "System name", &mut m.system_name, false);
            text_row(ui, "Description", &mut m.description, true);
            text_row(ui, "System owner", &mut m.owner, false);
            text_row(ui, "Organisation", &mut m.organisation, false);
            text_row(ui, "System version", &mut m.system_version, false);
            let label = ui.label("Classification");
            egui::ComboBox::from_id_salt("classification")
                .selected_text(m.classification.label())
                .show_ui(ui, |ui| {
                    for c in Classification::ALL {
                        ui.selectable_value(&mut m.classification, c, c.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            ui.label("Created");
            ui.label(m.created.to_string());
            ui.end_row();
            ui.label("Last saved");
            ui.label(m.modified.to_string());
            ui.end_row();
            ui.label("Project file");
            ui.label(path.unwrap_or_else(|| "Not saved yet".to_owned()));
            ui.end_row();
            ui.label("Schema version");
            ui.label(p.schema_version.to_string());
            ui.end_row();
        });
}

fn people_ui(ui: &mut Ui, id: &str, people: &mut Vec<Person>) {
    let mut remove = None;
    if people.is_empty() {
        ui.label(RichText::new("Nobody yet").weak());
    } else {
        egui::Grid::new(id)
            .num_columns(4)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let name_header = ui.label(RichText::new("Name").strong());
                let role_header = ui.label(RichText::new("Role").strong());
                let line_header = ui.label(RichText::new("Line of defence").strong());
                ui.label("");
                ui.end_row();
                for (i, person) in people.iter_mut().enumerate() {
                    grid_text(ui, &mut person.name, 200.0, name_header.id);
                    grid_text(ui, &mut person.role, 220.0, role_header.id);
                    egui::ComboBox::from_id_salt((id, i))
                        .selected_text(person.line_of_defence.label())
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for line in LineOfDefence::ALL {
                                ui.selectable_value(
                                    &mut person.line_of_defence,
                                    line,
                                    line.label(),
                                );
                            }
                        })
                        .response
                        .labelled_by(line_header.id);
                    if ui.small_button("Remove").clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
    }
    if let Some(i) = remove {
        people.remove(i);
    }
}

fn roles_ui(ui: &mut Ui, doc: &mut Document) {
    ui.label(
        "Who wrote the assessment and who signs off the treatment plan. The three lines of defence: the 1st \
         line owns and operates the system, the 2nd line (risk and compliance) challenges it, the 3rd line \
         (internal audit) gives independent assurance.",
    );
    ui.add_space(8.0);
    let m = &mut doc.project_mut().metadata;
    ui.label(RichText::new("Authors").strong().size(16.0));
    people_ui(ui, "authors", &mut m.authors);
    if ui.button("Add author").clicked() {
        m.authors.push(Person::default());
    }
    ui.add_space(12.0);
    ui.label(RichText::new("Approvers").strong().size(16.0));
    people_ui(ui, "approvers", &mut m.approvers);
    if ui.button("Add approver").clicked() {
        m.approvers.push(Person {
            line_of_defence: LineOfDefence::Second,
            ..Person::default()
        });
    }
}

fn settings_ui(ui: &mut Ui, doc: &mut Document) {
    let settings = &mut doc.project_mut().settings;
    ui.label(RichText::new("Risk matrix").strong().size(16.0));
    ui.label("Score = likelihood level × impact level; the bands below turn scores into ratings.");
    ui.add_space(4.0);
    ui.horizontal_top(|ui| {
        let m = &mut settings.risk_matrix;
        egui::Grid::new("scale_labels")
            .num_columns(3)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(RichText::new("Level").strong());
                let lh = ui.label(RichText::new("Likelihood").strong());
                let ih = ui.label(RichText::new("Impact").strong());
                ui.end_row();
                let levels = m.likelihood_labels.len().max(m.impact_labels.len());
                for level in 0..levels {
                    ui.label((level + 1).to_string());
                    match m.likelihood_labels.get_mut(level) {
                        Some(l) => {
                            grid_text(ui, l, 130.0, lh.id);
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    match m.impact_labels.get_mut(level) {
                        Some(l) => {
                            grid_text(ui, l, 130.0, ih.id);
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
        ui.add_space(24.0);
        heat_map_ui(ui, m);
    });
    ui.add_space(8.0);
    bands_ui(ui, &mut settings.risk_matrix.bands);
    for problem in settings.risk_matrix.problems() {
        ui.label(RichText::new(format!("⚠ {problem}")).color(theme::error()));
    }

    ui.add_space(16.0);
    let custom: Vec<(String, String)> = doc
        .project()
        .custom_categories
        .iter()
        .map(|c| (c.category_id.clone(), c.name.clone()))
        .collect();
    let settings = &mut doc.project_mut().settings;
    appetite_ui(ui, settings, &custom);

    ui.add_space(16.0);
    ui.label(RichText::new("Fairness thresholds").strong().size(16.0));
    let f = &mut settings.fairness;
    egui::Grid::new("fairness_thresholds")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            drag_row(
                ui,
                "Ratio threshold",
                &mut f.ratio_min,
                0.5..=1.0,
                "Four-fifths rule: a ratio below this fails",
            );
            drag_row(
                ui,
                "Upper ratio bound",
                &mut f.ratio_max,
                1.0..=2.0,
                "A ratio to the reference above this fails",
            );
            drag_row(
                ui,
                "Difference threshold",
                &mut f.difference_max,
                0.0..=0.5,
                "An absolute difference above this fails",
            );
            drag_row(
                ui,
                "Confidence level",
                &mut f.confidence_level,
                0.8..=0.999,
                "Of bootstrap and Wilson intervals",
            );
            drag_row(
                ui,
                "Proxy threshold",
                &mut f.proxy_threshold,
                0.0..=1.0,
                "Association with a sensitive column that flags a proxy",
            );
            let label = ui.label("Minimum group size");
            ui.add(egui::DragValue::new(&mut f.min_group_size).range(1..=100_000))
                .labelled_by(label.id);
            ui.label(RichText::new("Smaller groups are flagged \"small sample\"").weak());
            ui.end_row();
            let label = ui.label("Bootstrap resamples");
            ui.add(egui::DragValue::new(&mut f.bootstrap_resamples).range(100..=100_000))
                .labelled_by(label.id);
            ui.label(RichText::new("Stratified by group").weak());
            ui.end_row();
            let label = ui.label("Bootstrap seed");
            ui.add(egui::DragValue::new(&mut f.bootstrap_seed))
                .labelled_by(label.id);
            ui.label(RichText::new("Stored so results are reproducible").weak());
            ui.end_row();
        });
    for problem in f.problems() {
        ui.label(RichText::new(format!("⚠ {problem}")).color(theme::error()));
    }

    ui.add_space(16.0);
    super::checklist::custom_categories_ui(ui, doc);
}

fn drag_row(
    ui: &mut Ui,
    label: &str,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    help: &str,
) {
    let label = ui.label(label);
    ui.add(
        egui::DragValue::new(value)
            .range(range)
            .speed(0.005)
            .max_decimals(3),
    )
    .labelled_by(label.id);
    ui.label(RichText::new(help).weak());
    ui.end_row();
}

fn bands_ui(ui: &mut Ui, bands: &mut Vec<RiskBand>) {
    let mut remove = None;
    egui::Grid::new("bands")
        .num_columns(5)
        .striped(true)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let name_h = ui.label(RichText::new("Band").strong());
            let min_h = ui.label(RichText::new("From score").strong());
            ui.label(RichText::new("Colour").strong());
            let auth_h = ui.label(RichText::new("May accept residual risk").strong());
            ui.label("");
            ui.end_row();
            let count = bands.len();
            for (i, band) in bands.iter_mut().enumerate() {
                grid_text(ui, &mut band.name, 100.0, name_h.id);
                ui.add(egui::DragValue::new(&mut band.min_score).range(1..=100))
                    .labelled_by(min_h.id);
                let mut rgb = [band.colour.r, band.colour.g, band.colour.b];
                if ui.color_edit_button_srgb(&mut rgb).changed() {
                    band.colour = palette::Rgb::new(rgb[0], rgb[1], rgb[2]);
                }
                grid_text(ui, &mut band.acceptance_authority, 260.0, auth_h.id);
                if ui
                    .add_enabled(count > 1, egui::Button::new("Remove").small())
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        bands.remove(i);
    }
    if ui.button("Add band").clicked() {
        let min_score = bands.last().map_or(1, |b| b.min_score + 1);
        bands.push(RiskBand {
            name: "New band".to_owned(),
            min_score,
            colour: palette::UNKNOWN,
            acceptance_authority: String::new(),
        });
    }
}

/// Risk appetite per category: the highest residual band taken on without escalation (MAP 1.5).
fn appetite_ui(ui: &mut Ui, settings: &mut crate::model::Settings, custom: &[(String, String)]) {
    ui.label(RichText::new("Risk appetite").strong().size(16.0));
    ui.label(
        "The highest residual band accepted per category without escalation (NIST AI RMF MAP 1.5). The register \
         flags residual risks above it that are not formally accepted.",
    );
    let categories: Vec<(String, String)> = crate::model::taxonomy::TRUSTWORTHINESS
        .iter()
        .map(|(id, name)| ((*id).to_owned(), (*name).to_owned()))
        .chain(custom.iter().cloned())
        .collect();
    let name_of = |id: &str| {
        categories
            .iter()
            .find(|(k, _)| k == id)
            .map_or_else(|| id.to_owned(), |(_, n)| n.clone())
    };
    let bands: Vec<String> = settings
        .risk_matrix
        .bands
        .iter()
        .map(|b| b.name.clone())
        .collect();
    let mut remove = None;
    egui::Grid::new("appetite")
        .num_columns(4)
        .striped(true)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let cat_h = ui.label(RichText::new("Category").strong());
            let band_h = ui.label(RichText::new("Highest residual band").strong());
            let st_h = ui.label(RichText::new("Appetite statement").strong());
            ui.label("");
            ui.end_row();
            for (i, row) in settings.appetite.iter_mut().enumerate() {
                egui::ComboBox::from_id_salt(("appetite_cat", i))
                    .selected_text(name_of(&row.category))
                    .width(230.0)
                    .show_ui(ui, |ui| {
                        for (id, name) in &categories {
                            ui.selectable_value(&mut row.category, id.clone(), name);
                        }
                    })
                    .response
                    .labelled_by(cat_h.id);
                egui::ComboBox::from_id_salt(("appetite_band", i))
                    .selected_text(&row.max_residual_band)
                    .show_ui(ui, |ui| {
                        for band in &bands {
                            ui.selectable_value(&mut row.max_residual_band, band.clone(), band);
                        }
                    })
                    .response
                    .labelled_by(band_h.id);
                grid_text(ui, &mut row.statement, 380.0, st_h.id);
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        settings.appetite.remove(i);
    }
    let unused = categories
        .iter()
        .find(|(id, _)| !settings.appetite.iter().any(|a| &a.category == id));
    if let Some((id, _)) = unused
        && ui.button("Add appetite").clicked()
    {
        settings.appetite.push(crate::model::RiskAppetite {
            category: id.clone(),
            max_residual_band: bands.get(1).or(bands.first()).cloned().unwrap_or_default(),
            statement: String::new(),
        });
    }
    for problem in settings.appetite_problems() {
        ui.label(RichText::new(format!("⚠ {problem}")).color(theme::error()));
    }
}

fn heat_map_ui(ui: &mut Ui, matrix: &crate::model::RiskMatrix) {
    let cell = 34.0;
    let axis = 18.0;
    let rows = matrix.likelihood_labels.len();
    let cols = matrix.impact_labels.len();
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let (width, height) = (cell * cols as f32, cell * rows as f32);
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(width + axis, height + axis + 18.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let origin = rect.min + egui::vec2(axis, 0.0);
    let text = ui.visuals().text_color();
    let small = egui::FontId::proportional(11.0);
    for l in 0..rows {
        let likelihood = u32::try_from(l + 1).unwrap_or(u32::MAX);
        #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
        let y = origin.y + (rows - 1 - l) as f32 * cell;
        painter.text(
            egui::pos2(rect.min.x + axis / 2.0, y + cell / 2.0),
            egui::Align2::CENTER_CENTER,
            likelihood.to_string(),
            small.clone(),
            text,
        );
        for i in 0..cols {
            let impact = u32::try_from(i + 1).unwrap_or(u32::MAX);
            #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
            let min = egui::pos2(origin.x + i as f32 * cell, y);
            let r = egui::Rect::from_min_size(min, egui::vec2(cell - 2.0, cell - 2.0));
            let fill = matrix
                .band_of(likelihood, impact)
                .map_or(palette::UNKNOWN, |b| b.colour);
            painter.rect_filled(r, 3.0, theme::color(fill));
            painter.text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                (likelihood * impact).to_string(),
                egui::FontId::proportional(12.0),
                theme::color(fill.contrasting_text()),
            );
        }
    }
    for i in 0..cols {
        #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
        let x = origin.x + i as f32 * cell + cell / 2.0;
        painter.text(
            egui::pos2(x, origin.y + height + axis / 2.0),
            egui::Align2::CENTER_CENTER,
            (i + 1).to_string(),
            small.clone(),
            text,
        );
    }
    painter.text(
        egui::pos2(origin.x + width / 2.0, rect.max.y - 8.0),
        egui::Align2::CENTER_CENTER,
        "Impact →   (rows: likelihood ↑)",
        small,
        text,
    );
}

fn datasets_ui(
    ui: &mut Ui,
    doc: &mut Document,
    checks: &BTreeMap<String, FileCheck>,
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
            grid_text(ui, &mut d.name, 260.0, name_h.id);
            egui::ComboBox::from_id_salt(("role", &d.dataset_id))
                .selected_text(d.role.label())
                .show_ui(ui, |ui| {
                    for role in DatasetRole::ALL {
                        ui.selectable_value(&mut d.role, role, role.label());
                    }
                })
                .response
                .labelled_by(role_h.id);
            ui.label(&d.path);
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
