//! The column settings of a dataset: each column's inferred type with an optional override, its role
//! (label, prediction, score, sensitive, weight, feature, ignored), the share of each group of a sensitive
//! column in a reference population, the values declared missing, and the positive label value.
//!
//! The settings are saved in the project on the dataset ([`DatasetRef::column_settings`]) through the
//! [`Document`] mutation gate, so every change can be undone; the profile reads them, and a new fairness audit
//! starts from the roles chosen here ([`crate::analysis::audit_spec::audit_spec_from_roles`]). What the file holds (names, types, group
//! values, suspected placeholders) comes from the loaded data and its profile, given as [`ColumnInfo`].

use egui::{RichText, Ui};

use crate::model::Document;
use crate::model::column_settings::{parse_tokens, setting_of, store_setting};
use crate::model::data_columns::{ColumnKind, ColumnRole, ColumnSetting};
use crate::ui::theme;
use crate::ui::widgets::Change;

/// What the loaded file and its profile say about one column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnInfo {
    /// The column name as read.
    pub name: String,
    /// The storage type polars read (`i64`, `str`, …).
    pub dtype: String,
    /// The type the profile inferred, once a profile has run (with the override applied, `overridden`).
    pub kind: Option<ColumnKind>,
    /// Whether `kind` comes from the user's override.
    pub overridden: bool,
    /// The most frequent values (for reference shares of sensitive columns), most frequent first.
    pub values: Vec<String>,
    /// Suspected missing placeholders found in the column, with their counts.
    pub placeholders: Vec<(String, u64)>,
}

/// Text being typed into the placeholder field, kept until it is applied (commas are typed one by one).
#[derive(Clone, Debug, Default)]
pub struct ColumnsEditor {
    tokens_text: Option<(String, String)>,
    shares_open: Option<(String, String)>,
}

/// Draws the column settings of dataset `index`; `columns` lists the file's columns (empty while loading).
pub fn column_settings_ui(
    ui: &mut Ui,
    editor: &mut ColumnsEditor,
    doc: &mut Document,
    index: usize,
    columns: &[ColumnInfo],
) {
    let Some(dataset) = doc.project().datasets.get(index).cloned() else {
        return;
    };
    let mut updated = dataset.clone();
    let mut change = Change::None;

    // Values declared missing.
    ui.horizontal(|ui| {
        let label = ui.label("Declared missing values").on_hover_text(
            "Cells holding one of these are treated as missing in the profile (comma-separated)",
        );
        let id = dataset.dataset_id.clone();
        // Keep what is typed (a trailing comma, say) until the project holds something else (undo, another
        // dataset).
        let in_sync = editor.tokens_text.as_ref().is_some_and(|(owner, text)| {
            *owner == id && parse_tokens(text) == dataset.missing_tokens
        });
        if !in_sync {
            editor.tokens_text = Some((id.clone(), dataset.missing_tokens.join(", ")));
        }
        let mut text = editor
            .tokens_text
            .as_ref()
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(260.0)
                    .hint_text("e.g. ?, NA, unknown"),
            )
            .labelled_by(label.id);
        if response.changed() {
            updated.missing_tokens = parse_tokens(&text);
            editor.tokens_text = Some((id, text));
            change = change.max(Change::Live);
        }
        let label = ui.label("Positive label value");
        let mut positive = dataset.label_positive.clone().unwrap_or_default();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut positive)
                    .desired_width(100.0)
                    .hint_text("1 or true"),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "The label value that counts as the favourable outcome, when it is not 1 or true",
            );
        if response.changed() {
            let positive = positive.trim();
            updated.label_positive = (!positive.is_empty()).then(|| positive.to_owned());
            change = change.max(Change::Live);
        }
    });
    let suspected: Vec<(&str, &str, u64)> = columns
        .iter()
        .flat_map(|c| {
            c.placeholders
                .iter()
                .map(move |(t, n)| (c.name.as_str(), t.as_str(), *n))
        })
        .filter(|(_, t, _)| !dataset.missing_tokens.iter().any(|m| m == t))
        .collect();
    if !suspected.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Suspected placeholders:").color(theme::warn()));
            for (column, token, count) in suspected {
                if ui
                    .small_button(format!("Declare \"{token}\" missing"))
                    .on_hover_text(format!("{count} cells of {column} hold \"{token}\""))
                    .clicked()
                    && !updated.missing_tokens.iter().any(|m| m == token)
                {
                    updated.missing_tokens.push(token.to_owned());
                    editor.tokens_text = None;
                    change = Change::Discrete;
                }
            }
        });
    }
    ui.add_space(4.0);

    let mut names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let missing_from_file: Vec<String> = dataset
        .column_settings
        .iter()
        .filter(|s| !columns.is_empty() && !names.contains(&s.name.as_str()))
        .map(|s| s.name.clone())
        .collect();
    if columns.is_empty() {
        names = dataset
            .column_settings
            .iter()
            .map(|s| s.name.as_str())
            .collect();
    }
    egui::Grid::new(("column_settings", &dataset.dataset_id))
        .num_columns(5)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Column").strong());
            ui.label(RichText::new("Inferred type").strong());
            ui.label(RichText::new("Type").strong());
            ui.label(RichText::new("Role").strong());
            ui.label(RichText::new("Reference population shares").strong())
                .on_hover_text("For sensitive columns: each group's share of the population the data should represent");
            ui.end_row();
            for name in names {
                let info = columns.iter().find(|c| c.name == name);
                let mut setting = setting_of(&updated.column_settings, name);
                let before = setting.clone();
                ui.label(name);
                match info {
                    Some(info) => {
                        let inferred = match (info.kind, info.overridden) {
                            (Some(kind), false) => kind.label().to_owned(),
                            (Some(_), true) | (None, _) => "…".to_owned(),
                        };
                        ui.label(inferred).on_hover_text(format!("Stored as {}", info.dtype));
                    }
                    None => {
                        ui.label(RichText::new("not in the file").color(theme::warn()));
                    }
                }
                let selected = setting
                    .kind
                    .map_or_else(|| "As inferred".to_owned(), |k| k.label().to_owned());
                egui::ComboBox::from_id_salt(("column_kind", &dataset.dataset_id, name))
                    .selected_text(selected)
                    .width(120.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut setting.kind, None, "As inferred");
                        for kind in ColumnKind::ALL {
                            ui.selectable_value(&mut setting.kind, Some(kind), kind.label());
                        }
                    })
                    .response
                    .accessible_name(format!("Type of {name}"));
                egui::ComboBox::from_id_salt(("column_role", &dataset.dataset_id, name))
                    .selected_text(setting.role.label())
                    .width(110.0)
                    .show_ui(ui, |ui| {
                        for role in ColumnRole::ALL {
                            ui.selectable_value(&mut setting.role, role, role.label());
                        }
                    })
                    .response
                    .accessible_name(format!("Role of {name}"));
                if setting.role == ColumnRole::Sensitive {
                    let key = (dataset.dataset_id.clone(), name.to_owned());
                    let open = editor.shares_open.as_ref() == Some(&key);
                    ui.vertical(|ui| {
                        let summary = if setting.reference_shares.is_empty() {
                            "None given".to_owned()
                        } else {
                            setting
                                .reference_shares
                                .iter()
                                .map(|(g, s)| format!("{g} {:.0}%", s * 100.0))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        if ui
                            .selectable_label(open, format!("{summary} ✏"))
                            .on_hover_text("Edit the reference shares")
                            .clicked()
                        {
                            editor.shares_open = if open { None } else { Some(key) };
                        }
                        if open {
                            let values = info.map(|i| i.values.as_slice()).unwrap_or_default();
                            if shares_ui(ui, &mut setting, values) {
                                change = change.max(Change::Live);
                            }
                        }
                    });
                } else {
                    ui.label("");
                }
                ui.end_row();
                if setting != before {
                    if setting.kind != before.kind || setting.role != before.role {
                        change = Change::Discrete;
                    }
                    store_setting(&mut updated.column_settings, setting);
                }
            }
        });
    if !missing_from_file.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "Settings for columns the file does not have: {}",
                    missing_from_file.join(", ")
                ))
                .color(theme::warn()),
            );
            if ui.small_button("Remove them").clicked() {
                updated
                    .column_settings
                    .retain(|s| !missing_from_file.contains(&s.name));
                change = Change::Discrete;
            }
        });
    }
    match change {
        Change::None => {}
        Change::Live => {
            if let Some(d) = doc.project_mut().datasets.get_mut(index) {
                *d = updated;
            }
        }
        Change::Discrete => {
            doc.edit(|p| {
                if let Some(d) = p.datasets.get_mut(index) {
                    *d = updated;
                }
            });
        }
    }
}

/// The reference shares of a sensitive column's groups; returns whether they changed.
fn shares_ui(ui: &mut Ui, setting: &mut ColumnSetting, values: &[String]) -> bool {
    let mut changed = false;
    let mut groups: Vec<String> = values.to_vec();
    for g in setting.reference_shares.keys() {
        if !groups.contains(g) {
            groups.push(g.clone());
        }
    }
    if groups.is_empty() {
        ui.label(RichText::new("The groups are listed once the profile has run").weak());
    }
    egui::Grid::new(("shares", &setting.name))
        .num_columns(2)
        .show(ui, |ui| {
            for group in groups {
                let label = ui.label(&group);
                let mut percent = setting.reference_shares.get(&group).map(|s| s * 100.0);
                let mut given = percent.is_some();
                ui.horizontal(|ui| {
                    if ui.checkbox(&mut given, "").labelled_by(label.id).changed() {
                        percent = given.then_some(0.0);
                        changed = true;
                    }
                    if let Some(p) = &mut percent
                        && ui
                            .add(
                                egui::DragValue::new(p)
                                    .range(0.0..=100.0)
                                    .speed(0.1)
                                    .max_decimals(2)
                                    .suffix(" %"),
                            )
                            .labelled_by(label.id)
                            .changed()
                    {
                        changed = true;
                    }
                });
                match percent {
                    Some(p) => {
                        setting.reference_shares.insert(group, p / 100.0);
                    }
                    None => {
                        setting.reference_shares.remove(&group);
                    }
                }
                ui.end_row();
            }
        });
    changed
}
