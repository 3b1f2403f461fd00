//! The parts of the register's detail pane that edit lists: categories and taxonomy tags, RMF
//! subcategories, controls, actions, the acceptance record and evidence links.

use egui::{RichText, Ui};

use crate::model::fmea::ActionStatus;
use crate::model::register::{
    Acceptance, Action, Control, ControlEffectiveness, EvidenceKind, EvidenceLink, Risk,
    amount_text, parse_amount,
};
use crate::model::taxonomy::rmf_core;
use crate::model::{IsoDate, RiskMatrix};
use crate::ui::theme;
use crate::ui::widgets::{date_field, labelled};

/// MIT AI Risk Repository domain, subdomain and causal factors, custom categories and ISO/IEC references.
pub(super) fn categories_ui(
    ui: &mut Ui,
    risk: &mut Risk,
    selected: &str,
    custom: &[(String, String)],
) {
    use crate::model::taxonomy::{MitEntity, MitIntent, MitTiming, iso_ids, mit_repository};
    let Ok(mit) = mit_repository() else {
        ui.label(
            RichText::new("The MIT AI Risk Repository asset could not be read")
                .color(theme::error()),
        );
        return;
    };
    ui.label(RichText::new("MIT AI Risk Repository").small().strong());
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(RichText::new("Subdomain").small());
        let shown = risk
            .mit_subdomain
            .as_deref()
            .and_then(|id| mit.subdomain(id))
            .map_or_else(
                || {
                    risk.mit_domain
                        .as_deref()
                        .and_then(|id| mit.domain(id))
                        .map_or_else(
                            || "Not classified".to_owned(),
                            |d| format!("{} (domain)", d.label()),
                        )
                },
                crate::model::taxonomy::MitSubdomain::label,
            );
        egui::ComboBox::from_id_salt(("mit_sub", selected))
            .selected_text(shown)
            .width(330.0_f32.min(ui.max_rect().width()))
            .height(380.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(risk.mit_domain.is_none(), "Not classified")
                    .clicked()
                {
                    risk.mit_domain = None;
                    risk.mit_subdomain = None;
                }
                for domain in &mit.domains {
                    ui.label(RichText::new(domain.label()).strong());
                    for sub in &domain.subdomains {
                        let on = risk.mit_subdomain.as_deref() == Some(sub.id.as_str());
                        if ui
                            .selectable_label(on, format!("   {}", sub.label()))
                            .on_hover_text(&sub.description)
                            .clicked()
                        {
                            risk.mit_domain = Some(domain.id.clone());
                            risk.mit_subdomain = Some(sub.id.clone());
                        }
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        macro_rules! causal {
            ($label:literal, $field:ident, $ty:ty, $salt:literal) => {
                let label = ui.label(RichText::new($label).small());
                egui::ComboBox::from_id_salt(($salt, selected))
                    .selected_text(risk.taxonomy.$field.map_or("—", <$ty>::label))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut risk.taxonomy.$field, None, "—");
                        for level in <$ty>::ALL {
                            ui.selectable_value(
                                &mut risk.taxonomy.$field,
                                Some(level),
                                level.label(),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
            };
        }
        causal!("Entity", mit_entity, MitEntity, "mit_entity");
        causal!("Intent", mit_intent, MitIntent, "mit_intent");
        causal!("Timing", mit_timing, MitTiming, "mit_timing");
    });
    if !custom.is_empty() {
        ui.label(RichText::new("Custom categories").small().strong());
        ui.horizontal_wrapped(|ui| {
            for (id, name) in custom {
                let mut on = risk.taxonomy.custom_categories.contains(id);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        risk.taxonomy.custom_categories.push(id.clone());
                    } else {
                        risk.taxonomy.custom_categories.retain(|c| c != id);
                    }
                }
            }
        });
    }
    ui.label(
        RichText::new("ISO/IEC 23894 and 42001 references")
            .small()
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (i, reference) in risk.taxonomy.iso_refs.iter().enumerate() {
            if ui
                .small_button(format!("{reference} ✕"))
                .on_hover_text("Remove")
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            risk.taxonomy.iso_refs.remove(i);
        }
        if let Ok(iso) = iso_ids() {
            egui::ComboBox::from_id_salt(("iso_add", selected))
                .selected_text("Add…")
                .width(380.0_f32.min(ui.max_rect().width()))
                .height(360.0)
                .show_ui(ui, |ui| {
                    for (reference, label) in iso.references() {
                        if risk.taxonomy.iso_refs.contains(&reference) {
                            continue;
                        }
                        if ui
                            .selectable_label(false, format!("{reference}  {label}"))
                            .clicked()
                        {
                            risk.taxonomy.iso_refs.push(reference);
                        }
                    }
                });
        }
    });
}

/// The RMF subcategories of a risk as removable chips, plus a searchable picker of all 72.
pub(super) fn rmf_picker_ui(ui: &mut Ui, ids: &mut Vec<String>, selected: &str) {
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (i, id) in ids.iter().enumerate() {
            if ui
                .small_button(format!("{id} ✕"))
                .on_hover_text("Remove")
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            ids.remove(i);
        }
        let Ok(core) = rmf_core() else {
            ui.label(
                RichText::new("The NIST AI RMF asset could not be read").color(theme::error()),
            );
            return;
        };
        egui::ComboBox::from_id_salt(("rmf_add", selected))
            .selected_text("Add…")
            .height(360.0)
            .width(420.0_f32.min(ui.max_rect().width()))
            .show_ui(ui, |ui| {
                for function in &core.functions {
                    ui.label(RichText::new(&function.title).strong());
                    for category in &function.categories {
                        for sub in &category.subcategories {
                            if ids.contains(&sub.id) {
                                continue;
                            }
                            let text: String = sub.text.chars().take(90).collect();
                            if ui
                                .selectable_label(false, format!("{} {text}…", sub.id))
                                .on_hover_text(&sub.text)
                                .clicked()
                            {
                                ids.push(sub.id.clone());
                            }
                        }
                    }
                }
            });
    });
}

pub(super) fn controls_ui(ui: &mut Ui, controls: &mut Vec<Control>, selected: &str) {
    let mut remove = None;
    for (i, control) in controls.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(RichText::new(format!("Control {}", i + 1)).small());
                ui.add(
                    egui::TextEdit::singleline(&mut control.name)
                        .hint_text("name")
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
                egui::ComboBox::from_id_salt(("control_eff", selected, i))
                    .selected_text(control.effectiveness.label())
                    .show_ui(ui, |ui| {
                        for e in ControlEffectiveness::ALL {
                            ui.selectable_value(&mut control.effectiveness, *e, e.label());
                        }
                    });
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove control")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.add(
                egui::TextEdit::multiline(&mut control.description)
                    .hint_text("what it does, how it is tested")
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Owner").small());
                ui.add(egui::TextEdit::singleline(&mut control.owner).desired_width(180.0));
            });
        });
    }
    if let Some(i) = remove {
        controls.remove(i);
    }
    if ui.button("Add control").clicked() {
        controls.push(Control {
            name: String::new(),
            description: String::new(),
            effectiveness: ControlEffectiveness::NotTested,
            owner: String::new(),
        });
    }
}

pub(super) fn actions_ui(ui: &mut Ui, actions: &mut Vec<Action>, selected: &str, today: IsoDate) {
    let mut remove = None;
    for (i, action) in actions.iter_mut().enumerate() {
        let overdue = action.is_overdue(today);
        let frame = egui::Frame::group(ui.style());
        let frame = if overdue {
            frame.stroke(egui::Stroke::new(1.5, theme::error()))
        } else {
            frame
        };
        frame.show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut action.action_id)
                        .hint_text("id")
                        .desired_width(50.0),
                );
                ui.add(
                    egui::TextEdit::singleline(&mut action.description)
                        .hint_text("what will be done")
                        .desired_width(f32::INFINITY),
                );
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Owner").small());
                ui.add(egui::TextEdit::singleline(&mut action.owner).desired_width(130.0));
                let due = ui.label(RichText::new("Due").small());
                date_field(
                    ui,
                    egui::Id::unique(("action_due", selected, i)),
                    &mut action.due,
                )
                .labelled_by(due.id);
                egui::ComboBox::from_id_salt(("action_status", selected, i))
                    .selected_text(action.status.label())
                    .show_ui(ui, |ui| {
                        for s in ActionStatus::ALL {
                            ui.selectable_value(&mut action.status, s, s.label());
                        }
                    });
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove action")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.horizontal_wrapped(|ui| {
                let effort = ui.label(RichText::new("Effort (person-days)").small());
                amount_field(
                    ui,
                    egui::Id::unique(("action_effort", selected, i)),
                    &mut action.effort_days,
                )
                .labelled_by(effort.id);
                let cost = ui.label(RichText::new("Cost").small());
                amount_field(
                    ui,
                    egui::Id::unique(("action_cost", selected, i)),
                    &mut action.cost,
                )
                .labelled_by(cost.id);
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("KRI").small());
                ui.add(
                    egui::TextEdit::singleline(&mut action.kri)
                        .hint_text("key risk indicator and its trigger")
                        .desired_width(f32::INFINITY),
                );
            });
            if overdue {
                ui.label(RichText::new("Overdue").small().color(theme::error()));
            }
        });
    }
    if let Some(i) = remove {
        actions.remove(i);
    }
    if ui.button("Add action").clicked() {
        let next = actions.len() + 1;
        actions.push(Action {
            action_id: format!("A{next}"),
            ..Action::default()
        });
    }
}

/// An effort or a cost: empty means not estimated. Text that is not a number of at least 0 stays in the field,
/// in the error colour with the reason on hover, and is not stored.
fn amount_field(ui: &mut Ui, id: egui::Id, value: &mut Option<f64>) -> egui::Response {
    let stored = || value.map(amount_text).unwrap_or_default();
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(stored);
    let parsed = parse_amount(&text);
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .hint_text("—")
        .desired_width(70.0);
    if parsed.is_err() {
        edit = edit.text_color(theme::error());
    }
    let response = ui.add(edit);
    let parsed = parse_amount(&text);
    if let Ok(v) = parsed
        && v != *value
    {
        *value = v;
    }
    if response.has_focus() || parsed.is_err() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    match parsed {
        Err(reason) => response.on_hover_text(format!("Not stored: expected {reason}")),
        Ok(_) => response,
    }
}

pub(super) fn acceptance_ui(ui: &mut Ui, risk: &mut Risk, matrix: &RiskMatrix, selected: &str) {
    if let Some(band) = risk.residual_band(matrix).and_then(|i| matrix.bands.get(i)) {
        let who = if band.acceptance_authority.trim().is_empty() {
            "anyone (no authority set for this band)".to_owned()
        } else {
            band.acceptance_authority.clone()
        };
        ui.label(
            RichText::new(format!("Residual band {}: accepted by {who}", band.name))
                .small()
                .weak(),
        );
    }
    let mut recorded = risk.acceptance.is_some();
    if ui
        .checkbox(&mut recorded, "Acceptance recorded")
        .on_hover_text("Required before the status can be Accepted")
        .changed()
    {
        risk.acceptance = recorded.then(|| Acceptance {
            accepted_by: String::new(),
            role: String::new(),
            date: IsoDate::today(),
            conditions: String::new(),
            expiry: None,
        });
    }
    let Some(acceptance) = risk.acceptance.as_mut() else {
        return;
    };
    labelled(ui, "Accepted by", |ui| {
        ui.add(egui::TextEdit::singleline(&mut acceptance.accepted_by).desired_width(220.0))
    });
    labelled(ui, "Role", |ui| {
        ui.add(egui::TextEdit::singleline(&mut acceptance.role).desired_width(220.0))
    });
    let mut date = Some(acceptance.date);
    labelled(ui, "Date", |ui| {
        date_field(ui, egui::Id::unique(("acc_date", selected)), &mut date)
    });
    if let Some(d) = date {
        acceptance.date = d;
    }
    labelled(ui, "Conditions", |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut acceptance.conditions)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
    });
    labelled(ui, "Expiry", |ui| {
        date_field(
            ui,
            egui::Id::unique(("acc_expiry", selected)),
            &mut acceptance.expiry,
        )
    });
}

pub(super) fn evidence_ui(
    ui: &mut Ui,
    evidence: &mut Vec<EvidenceLink>,
    selected: &str,
    audits: &[String],
) {
    let mut remove = None;
    for (i, link) in evidence.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                egui::ComboBox::from_id_salt(("evidence_kind", selected, i))
                    .selected_text(link.kind.label())
                    .show_ui(ui, |ui| {
                        for k in EvidenceKind::ALL {
                            ui.selectable_value(&mut link.kind, *k, k.label());
                        }
                    });
                ui.add(
                    egui::TextEdit::singleline(&mut link.reference)
                        .hint_text("audit › check, file, document id")
                        .desired_width(f32::INFINITY),
                );
            });
            ui.add(
                egui::TextEdit::singleline(&mut link.note)
                    .hint_text("what it shows, with the numbers")
                    .desired_width(f32::INFINITY),
            );
            ui.horizontal_wrapped(|ui| {
                if let Some(check) = &link.check {
                    let known = audits.contains(&check.audit_name);
                    let text = format!(
                        "{} when linked{}",
                        if check.failed { "failed" } else { "passed" },
                        if known {
                            ""
                        } else {
                            " (audit no longer in the project)"
                        }
                    );
                    ui.label(RichText::new(text).small().weak());
                }
                if let Some(sha) = &link.dataset_sha256 {
                    ui.label(
                        RichText::new(format!("data {}", sha.get(..12).unwrap_or(sha)))
                            .small()
                            .monospace(),
                    )
                    .on_hover_text(format!(
                        "SHA-256 of the dataset the evidence was computed on: {sha}"
                    ));
                }
                if ui.small_button("✕").on_hover_text("Remove link").clicked() {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some(i) = remove {
        evidence.remove(i);
    }
    if ui.button("Add evidence link").clicked() {
        evidence.push(EvidenceLink {
            kind: EvidenceKind::Document,
            reference: String::new(),
            dataset_sha256: None,
            note: String::new(),
            dataset_id: String::new(),
            check: None,
        });
    }
}
