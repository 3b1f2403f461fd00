//! The kill-switch criteria editor of Manage › Treatment plan: per criterion the condition, who decides and
//! the fallback (fixed rules, human review, shutdown). Printed in the plan's "Monitoring and review".
//!
//! Typing is a live edit (one undo step when the user stops); adding, removing and choosing a fallback are
//! discrete edits.

use egui::{RichText, Ui};

use crate::model::Document;
use crate::model::kill_switch::{Fallback, KillSwitchCriterion};
use crate::ui::theme;

/// Draws the editor below the tracker.
pub(super) fn kill_switch_ui(ui: &mut Ui, doc: &mut Document) {
    ui.add_space(14.0);
    ui.label(RichText::new("Kill-switch criteria").strong().size(16.0));
    ui.label(
        "When is the system taken out of the decision, who decides, and what replaces it? Printed in the \
         plan's monitoring part with the drift thresholds and the review cadence.",
    );
    let count = doc.project().kill_switch.len();
    if count == 0 {
        ui.label(RichText::new("No kill-switch criteria yet.").weak());
    }
    let mut remove = None;
    let mut fallback_change = None;
    for i in 0..count {
        let criterion = doc.project().kill_switch[i].clone();
        let mut condition = criterion.condition.clone();
        let mut decides = criterion.decides.clone();
        let mut fallback = criterion.fallback;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(format!("Condition {}", i + 1));
                ui.add(
                    egui::TextEdit::singleline(&mut condition)
                        .hint_text("e.g. selection-rate ratio below 0.7 for two weeks")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label(format!("Who decides {}", i + 1));
                ui.add(egui::TextEdit::singleline(&mut decides).desired_width(200.0))
                    .labelled_by(label.id);
                let label = ui.label(format!("Fallback {}", i + 1));
                egui::ComboBox::from_id_salt(("kill_switch_fallback", i))
                    .selected_text(fallback.label())
                    .show_ui(ui, |ui| {
                        for f in Fallback::ALL {
                            ui.selectable_value(&mut fallback, f, f.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let name = format!("Remove kill-switch criterion {}", i + 1);
                let button = ui.small_button("✕");
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if button.on_hover_text(&name).clicked() {
                    remove = Some(i);
                }
            });
            let problems = KillSwitchCriterion {
                condition: condition.clone(),
                decides: decides.clone(),
                fallback,
            }
            .problems();
            if !problems.is_empty() {
                ui.label(
                    RichText::new(problems.join(", "))
                        .small()
                        .color(theme::error()),
                );
            }
        });
        if condition != criterion.condition || decides != criterion.decides {
            let c = &mut doc.project_mut().kill_switch[i];
            c.condition = condition;
            c.decides = decides;
        }
        if fallback != criterion.fallback {
            fallback_change = Some((i, fallback));
        }
    }
    if let Some((i, f)) = fallback_change {
        doc.edit(|p| p.kill_switch[i].fallback = f);
    }
    if let Some(i) = remove {
        doc.edit(|p| p.kill_switch.remove(i));
    }
    if ui.button("Add kill-switch criterion").clicked() {
        doc.edit(|p| p.kill_switch.push(KillSwitchCriterion::default()));
    }
}
