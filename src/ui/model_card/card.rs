//! The card's sections: model details, model parameters (with the training and evaluation data pointing at
//! project datasets), and considerations with guided prompts for limitations, ethical considerations and
//! trade-offs (the sections people find hardest to write).

use egui::{RichText, Ui};

use crate::model::Document;
use crate::model::model_card::{
    CardDataRole, CardDataset, EthicalConsideration, License, Limitation, Owner, prompts,
};
use crate::ui::widgets::{list_field, text_row};

fn prompts_ui(ui: &mut Ui, id: &str, questions: &[&str]) {
    egui::CollapsingHeader::new(RichText::new("Questions to answer").small())
        .id_salt(id)
        .default_open(false)
        .show(ui, |ui| {
            for q in questions {
                ui.label(RichText::new(format!("• {q}")).small());
            }
        });
}

fn owners_ui(ui: &mut Ui, owners: &mut Vec<Owner>) {
    let mut lines: Vec<String> = owners.iter().map(Owner::to_line).collect();
    let label = ui.label("Owners");
    let response = list_field(
        ui,
        egui::Id::unique("model_card_owners"),
        &mut lines,
        "one per line: Name <contact>",
    )
    .labelled_by(label.id);
    if response.changed() {
        *owners = lines.iter().map(|l| Owner::from_line(l)).collect();
    }
    ui.end_row();
}

fn details_ui(ui: &mut Ui, doc: &mut Document) {
    let d = &mut doc.project_mut().model_card.model_details;
    egui::Grid::new("model_card_details")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            text_row(ui, "Model name", &mut d.name, false);
            text_row(ui, "Overview", &mut d.overview, false);
            text_row(ui, "Documentation", &mut d.documentation, true);
            owners_ui(ui, &mut d.owners);
            text_row(ui, "Version", &mut d.version.name, false);
            text_row(ui, "Version date", &mut d.version.date, false);
            text_row(
                ui,
                "Changes from the last version",
                &mut d.version.diff,
                false,
            );
            let mut licences: Vec<String> =
                d.licenses.iter().map(|l| l.label().to_owned()).collect();
            let label = ui.label("Licences");
            if list_field(
                ui,
                egui::Id::unique("model_card_licences"),
                &mut licences,
                "SPDX identifiers, one per line (or proprietary)",
            )
            .labelled_by(label.id)
            .changed()
            {
                d.licenses = licences
                    .into_iter()
                    .map(|identifier| License {
                        identifier,
                        custom_text: String::new(),
                    })
                    .collect();
            }
            ui.end_row();
            let label = ui.label("References");
            list_field(
                ui,
                egui::Id::unique("model_card_references"),
                &mut d.references,
                "links, one per line",
            )
            .labelled_by(label.id);
            ui.end_row();
        });
}

fn parameters_ui(ui: &mut Ui, doc: &mut Document) {
    let datasets: Vec<(String, String)> = doc.project().dataset_choices();
    let p = &mut doc.project_mut().model_card.model_parameters;
    egui::Grid::new("model_card_parameters")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            text_row(ui, "Architecture", &mut p.model_architecture, false);
            text_row(ui, "Input format", &mut p.input_format, false);
            text_row(ui, "Output format", &mut p.output_format, false);
        });
    ui.label(RichText::new("Training and evaluation data").strong());
    let mut remove = None;
    egui::Grid::new("model_card_data")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let name_label = ui.label(RichText::new("Name in the card").small()).id;
            let role_label = ui.label(RichText::new("Used for").small()).id;
            let dataset_label = ui.label(RichText::new("Project dataset").small()).id;
            ui.end_row();
            for (i, data) in p.data.iter_mut().enumerate() {
                crate::ui::widgets::grid_text(
                    ui,
                    crate::ui::widgets::row_id("card_data", i, "name"),
                    &mut data.name,
                    240.0,
                    name_label,
                );
                egui::ComboBox::from_id_salt(("card_data_role", i))
                    .selected_text(data.role.label())
                    .show_ui(ui, |ui| {
                        for role in CardDataRole::ALL {
                            ui.selectable_value(&mut data.role, role, role.label());
                        }
                    })
                    .response
                    .labelled_by(role_label);
                let shown = datasets
                    .iter()
                    .find(|(id, _)| *id == data.dataset_id)
                    .map_or("not in the project", |(_, name)| name.as_str());
                egui::ComboBox::from_id_salt(("card_data_dataset", i))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(
                            &mut data.dataset_id,
                            String::new(),
                            "not in the project",
                        );
                        for (id, name) in &datasets {
                            ui.selectable_value(&mut data.dataset_id, id.clone(), name);
                        }
                    })
                    .response
                    .labelled_by(dataset_label);
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        p.data.remove(i);
    }
    if ui.button("Add dataset to the card").clicked() {
        p.data.push(CardDataset::default());
    }
}

fn considerations_ui(ui: &mut Ui, doc: &mut Document) {
    let c = &mut doc.project_mut().model_card.considerations;
    ui.label(RichText::new("Intended users").strong());
    prompts_ui(ui, "prompts_users", prompts::USES);
    list_field(
        ui,
        egui::Id::unique("card_users"),
        &mut c.users,
        "one per line",
    );
    ui.label(RichText::new("Use cases").strong());
    list_field(
        ui,
        egui::Id::unique("card_use_cases"),
        &mut c.use_cases,
        "one per line",
    );

    ui.add_space(6.0);
    ui.label(RichText::new("Limitations").strong());
    ui.label(
        RichText::new(
            "Link each limitation to its evidence (a risk id, an audit name, a claim id or a dataset id); \
             limitations without evidence are listed under Documented vs measured.",
        )
        .small()
        .weak(),
    );
    prompts_ui(ui, "prompts_limitations", prompts::LIMITATIONS);
    let mut remove = None;
    for (i, l) in c.limitations.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let label = ui.label(format!("Limitation {}", i + 1));
            ui.add(
                egui::TextEdit::multiline(&mut l.description)
                    .desired_rows(2)
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
            let label = ui.label("Evidence");
            list_field(
                ui,
                egui::Id::unique(("card_limitation_evidence", i)),
                &mut l.evidence,
                "R-3, audit name…",
            )
            .labelled_by(label.id);
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        c.limitations.remove(i);
    }
    if ui.button("Add limitation").clicked() {
        c.limitations.push(Limitation::default());
    }

    ui.add_space(6.0);
    ui.label(RichText::new("Trade-offs").strong());
    prompts_ui(ui, "prompts_tradeoffs", prompts::TRADEOFFS);
    list_field(
        ui,
        egui::Id::unique("card_tradeoffs"),
        &mut c.tradeoffs,
        "one per line",
    );

    ui.add_space(6.0);
    ui.label(RichText::new("Bias, risks and ethical considerations").strong());
    prompts_ui(ui, "prompts_ethics", prompts::ETHICAL_CONSIDERATIONS);
    let mut remove = None;
    for (i, e) in c.ethical_considerations.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let label = ui.label(format!("Risk {}", i + 1));
            ui.add(
                egui::TextEdit::multiline(&mut e.name)
                    .desired_rows(2)
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
            let label = ui.label("Mitigation");
            ui.add(
                egui::TextEdit::multiline(&mut e.mitigation_strategy)
                    .desired_rows(2)
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        c.ethical_considerations.remove(i);
    }
    if ui.button("Add ethical consideration").clicked() {
        c.ethical_considerations
            .push(EthicalConsideration::default());
    }
}

/// Draws the card's sections.
pub(super) fn card_ui(ui: &mut Ui, doc: &mut Document) {
    egui::CollapsingHeader::new("Model details")
        .default_open(true)
        .show(ui, |ui| details_ui(ui, doc));
    egui::CollapsingHeader::new("Model parameters")
        .default_open(true)
        .show(ui, |ui| parameters_ui(ui, doc));
    egui::CollapsingHeader::new("Considerations")
        .default_open(true)
        .show(ui, |ui| considerations_ui(ui, doc));
}
