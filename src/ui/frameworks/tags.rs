//! The risk tags of every framework in the register's detail pane: removable chips, a picker by framework
//! and item, and the items the crosswalk relates to the tagged ones, offered with one click (direct
//! relations; those derived through a NIST subcategory are not offered as tags, they would flood the list).

use egui::{RichText, Ui};

use crate::model::frameworks::crosswalk::{Related, related};
use crate::model::frameworks::tags::{has_tag, tag, tagged_items, untag};
use crate::model::frameworks::{FrameworkId, ItemRef, framework};
use crate::model::register::Risk;
use crate::ui::theme;

/// Label of the button that tags a risk with an item offered by the crosswalk.
#[must_use]
pub fn offered_tag_label(item: &ItemRef) -> String {
    format!("+ {item}")
}

/// Tags of the risk with items of every framework (removable chips), a picker to add more, and the items
/// the crosswalk relates to the tagged ones, offered with one click. Live edits of `risk`. `framework_id`
/// is the framework chosen in the picker, kept by the calling screen.
pub fn risk_tags_ui(ui: &mut Ui, risk: &mut Risk, selected: &str, framework_id: &mut FrameworkId) {
    ui.label(RichText::new("Framework items").small().strong());
    let tagged = tagged_items(risk);
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for t in &tagged {
            match &t.known {
                Some(item) => {
                    let unverified = item.item().is_some_and(|i| !i.verified);
                    let text = if unverified {
                        format!("{item} (unverified) ✕")
                    } else {
                        format!("{item} ✕")
                    };
                    if ui.small_button(text).on_hover_text("Remove").clicked() {
                        remove = Some(item.clone());
                    }
                }
                None => {
                    ui.label(
                        RichText::new(format!("{} {} (unknown)", t.framework, t.item_id))
                            .color(theme::error()),
                    )
                    .on_hover_text("The shipped framework data has no such item; kept as recorded");
                }
            }
        }
        if let Some(item) = remove {
            untag(risk, &item);
        }
    });
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt(("framework_tag_framework", selected))
            .selected_text(framework_id.name())
            .show_ui(ui, |ui| {
                for f in FrameworkId::ALL {
                    ui.selectable_value(framework_id, f, f.name());
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Tag framework"));
        let framework_id = *framework_id;
        if let Ok(f) = framework(framework_id) {
            let mut picked = None;
            egui::ComboBox::from_id_salt(("framework_tag_item", selected))
                .selected_text("Add item…")
                .width(420.0_f32.min(ui.max_rect().width()))
                .height(360.0)
                .show_ui(ui, |ui| {
                    for section in &f.sections {
                        ui.label(RichText::new(&section.section_id).strong());
                        for item in &section.items {
                            let reference = ItemRef::new(framework_id, &item.item_id);
                            if has_tag(risk, &reference) {
                                continue;
                            }
                            if ui
                                .selectable_label(false, item.display())
                                .on_hover_text(&item.label)
                                .clicked()
                            {
                                picked = Some(reference);
                            }
                        }
                    }
                })
                .response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Tag item"));
            if let Some(item) = picked {
                tag(risk, &item);
            }
        }
    });
    let mut offered: Vec<Related> = Vec::new();
    for item in tagged.iter().filter_map(|t| t.known.clone()) {
        for r in related(&item) {
            if !r.function_level
                && !has_tag(risk, &r.item)
                && !offered.iter().any(|o| o.item == r.item)
            {
                offered.push(r);
            }
        }
    }
    if !offered.is_empty() {
        ui.label(RichText::new("Related items (crosswalk)").small().weak());
        ui.horizontal_wrapped(|ui| {
            let mut add = None;
            for r in &offered {
                if ui
                    .small_button(offered_tag_label(&r.item))
                    .on_hover_text(r.basis.label())
                    .clicked()
                {
                    add = Some(r.item.clone());
                }
            }
            if let Some(item) = add {
                tag(risk, &item);
            }
        });
    }
}
