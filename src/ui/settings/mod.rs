//! Govern › Settings: the risk matrix (scales and bands, with a heat map), risk appetite per category, and the
//! other project settings.

mod categories;

pub use categories::custom_categories_ui;

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use super::theme;
use super::widgets::{focus_next_frame, grid_text, row_id};
use crate::model::{Document, RiskBand, palette};

/// The settings screen (no state of its own).
pub struct SettingsScreen;

impl Screen for SettingsScreen {
    fn section(&self) -> Section {
        Section::Settings
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        settings_ui(ui, cx.doc);
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
                            grid_text(
                                ui,
                                row_id("likelihood_labels", level, "label"),
                                l,
                                130.0,
                                lh.id,
                            );
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    match m.impact_labels.get_mut(level) {
                        Some(l) => {
                            grid_text(ui, row_id("impact_labels", level, "label"), l, 130.0, ih.id);
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
    custom_categories_ui(ui, doc);
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
                grid_text(
                    ui,
                    row_id("bands", i, "name"),
                    &mut band.name,
                    100.0,
                    name_h.id,
                );
                ui.add(egui::DragValue::new(&mut band.min_score).range(1..=100))
                    .labelled_by(min_h.id);
                let mut rgb = [band.colour.r, band.colour.g, band.colour.b];
                if ui.color_edit_button_srgb(&mut rgb).changed() {
                    band.colour = palette::Rgb::new(rgb[0], rgb[1], rgb[2]);
                }
                grid_text(
                    ui,
                    row_id("bands", i, "authority"),
                    &mut band.acceptance_authority,
                    260.0,
                    auth_h.id,
                );
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
        focus_next_frame(ui, row_id("bands", bands.len(), "name"));
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
                grid_text(
                    ui,
                    row_id("appetite", i, "statement"),
                    &mut row.statement,
                    380.0,
                    st_h.id,
                );
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
        focus_next_frame(ui, row_id("appetite", settings.appetite.len(), "statement"));
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
