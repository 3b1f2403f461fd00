//! The editor of the project's custom risk categories (Govern › Settings): add, rename, describe, delete.

use egui::{RichText, Ui};

use crate::model::Document;
use crate::model::taxonomy::{CustomCategory, next_custom_category_id};

/// The project's custom risk categories: add, rename, describe, delete (deleting also removes the category
/// from the risks that carry it, in the same undo step).
pub fn custom_categories_ui(ui: &mut Ui, doc: &mut Document) {
    ui.label(RichText::new("Custom risk categories").strong().size(16.0));
    ui.label(
        "Categories of your own, next to the NIST trustworthiness characteristics and the MIT AI Risk \
         Repository domains. Risks and risk appetite refer to them by id.",
    );
    ui.add_space(4.0);
    let mut remove: Option<String> = None;
    if doc.project().custom_categories.is_empty() {
        ui.label(RichText::new("No custom categories yet").weak());
    } else {
        let usage: Vec<usize> = doc
            .project()
            .custom_categories
            .iter()
            .map(|c| {
                doc.project()
                    .risks
                    .iter()
                    .filter(|r| r.taxonomy.custom_categories.contains(&c.category_id))
                    .count()
            })
            .collect();
        let mut categories: Vec<CustomCategory> = doc.project().custom_categories.clone();
        let mut changed = false;
        egui::Grid::new("custom_categories")
            .num_columns(4)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(RichText::new("Id").strong());
                let name_h = ui.label(RichText::new("Category name").strong());
                let description_h = ui.label(RichText::new("Category description").strong());
                ui.label("");
                ui.end_row();
                for (category, used_by) in categories.iter_mut().zip(usage) {
                    ui.label(RichText::new(&category.category_id).monospace());
                    changed |= ui
                        .add(egui::TextEdit::singleline(&mut category.name).desired_width(200.0))
                        .labelled_by(name_h.id)
                        .changed();
                    changed |= ui
                        .add(
                            egui::TextEdit::singleline(&mut category.description)
                                .desired_width(380.0),
                        )
                        .labelled_by(description_h.id)
                        .changed();
                    let hint = if used_by == 0 {
                        "No risk uses this category".to_owned()
                    } else {
                        format!("Also removes it from the {used_by} risk(s) that use it")
                    };
                    if ui.small_button("Delete").on_hover_text(hint).clicked() {
                        remove = Some(category.category_id.clone());
                    }
                    ui.end_row();
                }
            });
        if changed {
            // Live edit: one undo step when the user stops typing.
            doc.project_mut().custom_categories = categories;
        }
    }
    if let Some(category_id) = remove {
        doc.edit(|p| {
            p.custom_categories.retain(|c| c.category_id != category_id);
            for risk in &mut p.risks {
                risk.taxonomy
                    .custom_categories
                    .retain(|c| *c != category_id);
            }
        });
    }
    if ui.button("Add category").clicked() {
        doc.edit(|p| {
            let category_id = next_custom_category_id(&p.custom_categories);
            p.custom_categories.push(CustomCategory {
                category_id,
                name: "New category".to_owned(),
                description: String::new(),
            });
        });
    }
}
