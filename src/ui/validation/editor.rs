//! The rule editor of Measure › Validation: one block per rule with its type, column, parameters (bounds with
//! strict flags, a value set with suggestions from the profile, a regex, a column list), `mostly`, severity and
//! note, and the rule's problems as inline messages beside the field they are about
//! (`crate::model::validation_edit::rule_problems`). Every widget has an accessible name ("Rule 2 regex"), so
//! tests and screen readers find it.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::model::validation::{Bounds, RuleKind, SetValue, Severity, ValidationRule};
use crate::model::validation_edit::{
    RuleField, RuleProblem, RuleType, parse_set_value, rule_problems, set_value_text,
};
use crate::ui::theme;

/// What the editor needs besides the rule.
pub(super) struct EditorContext<'a> {
    /// Columns for the pickers.
    pub columns: &'a [String],
    /// Suggested set values per column (from the profile).
    pub suggestions: &'a BTreeMap<String, Vec<SetValue>>,
    /// Whether `columns` are the file's (from its profile) rather than the dataset's configured ones: only
    /// then is a rule's column missing from them marked "not in the data".
    pub columns_from_data: bool,
}

/// The accessible name of a field of rule `n` (1-based), e.g. "Rule 2 regex".
#[must_use]
pub fn field_label(prefix: &str, n: usize, field: &str) -> String {
    format!("{prefix} {n} {field}")
}

fn labelled(response: &egui::Response, role: egui::Role, label: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(role, true, label));
}

/// A picker whose accessible name is `label`.
fn picker<T: PartialEq + Clone>(
    ui: &mut Ui,
    label: &str,
    current: &mut T,
    options: &[(T, String)],
) -> bool {
    let before = current.clone();
    let shown = options
        .iter()
        .find(|(v, _)| v == current)
        .map_or_else(|| "(choose)".to_owned(), |(_, t)| t.clone());
    let response = egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (value, text) in options {
                ui.selectable_value(current, value.clone(), text);
            }
        })
        .response
        .on_hover_text(label);
    labelled(&response, egui::Role::ComboBox, label);
    *current != before
}

/// A number field kept as text while typed: empty = no value, a number = the value, anything else an
/// inline message (the rule keeps its last number).
fn number_field(ui: &mut Ui, label: &str, value: &mut Option<f64>, hint: &str) -> Option<String> {
    let id = ui.make_persistent_id(("number_field", label));
    let shown = |v: Option<f64>| v.map_or_else(String::new, crate::model::validation::trim_float);
    let mut text: String = ui
        .data(|d| d.get_temp::<String>(id))
        .filter(|t| parse_number(t).map_or(true, |v| v == *value))
        .unwrap_or_else(|| shown(*value));
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .desired_width(70.0)
            .hint_text(hint),
    );
    labelled(&response, egui::Role::TextInput, label);
    let error = match parse_number(&text) {
        Ok(v) => {
            if response.changed() {
                *value = v;
            }
            None
        }
        Err(()) => Some(format!("{label}: {:?} is not a number", text.trim())),
    };
    ui.data_mut(|d| d.insert_temp(id, text));
    error
}

fn parse_number(text: &str) -> Result<Option<f64>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

fn bounds_ui(ui: &mut Ui, prefix: &str, n: usize, bounds: &mut Bounds) -> Vec<String> {
    let mut errors = Vec::new();
    ui.label("from");
    errors.extend(number_field(
        ui,
        &field_label(prefix, n, "minimum"),
        &mut bounds.min,
        "no minimum",
    ));
    let strict_min = ui.checkbox(&mut bounds.strict_min, "strict");
    labelled(
        &strict_min,
        egui::Role::CheckBox,
        &field_label(prefix, n, "strict minimum"),
    );
    ui.label("to");
    errors.extend(number_field(
        ui,
        &field_label(prefix, n, "maximum"),
        &mut bounds.max,
        "no maximum",
    ));
    let strict_max = ui.checkbox(&mut bounds.strict_max, "strict");
    labelled(
        &strict_max,
        egui::Role::CheckBox,
        &field_label(prefix, n, "strict maximum"),
    );
    errors
}

/// The value set: each value a chip that removes it, a field to add one, and the profile's values not in the
/// set yet as "+ value" suggestions.
fn values_ui(
    ui: &mut Ui,
    prefix: &str,
    n: usize,
    values: &mut Vec<SetValue>,
    suggestions: &[SetValue],
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("values:");
        let mut remove = None;
        for (i, v) in values.iter().enumerate() {
            if ui
                .small_button(format!("{} ×", set_value_text(v)))
                .on_hover_text("Remove this value")
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            values.remove(i);
        }
        let label = field_label(prefix, n, "new value");
        let id = ui.make_persistent_id(("new_value", &label));
        let mut text: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
        let response = ui.add(
            egui::TextEdit::singleline(&mut text)
                .desired_width(110.0)
                .hint_text("add a value"),
        );
        labelled(&response, egui::Role::TextInput, &label);
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let add = ui.small_button(format!("Add value to rule {n}"));
        if (entered || add.clicked())
            && let Some(v) = parse_set_value(&text)
        {
            if !values.contains(&v) {
                values.push(v);
            }
            text.clear();
        }
        ui.data_mut(|d| d.insert_temp(id, text));
    });
    let missing: Vec<&SetValue> = suggestions.iter().filter(|s| !values.contains(s)).collect();
    if !missing.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("from the profile:").weak());
            for s in missing {
                if ui
                    .small_button(format!("+ {}", set_value_text(s)))
                    .on_hover_text("Add this observed value")
                    .clicked()
                {
                    values.push(s.clone());
                }
            }
        });
    }
}

fn columns_ui(ui: &mut Ui, prefix: &str, n: usize, columns: &mut Vec<String>, known: &[String]) {
    ui.horizontal_wrapped(|ui| {
        ui.label("columns:");
        let mut remove = None;
        for (i, c) in columns.iter().enumerate() {
            if ui.small_button(format!("{c} ×")).clicked() {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            columns.remove(i);
        }
        let mut chosen = String::new();
        let options: Vec<(String, String)> = known
            .iter()
            .filter(|c| !columns.contains(c))
            .map(|c| (c.clone(), c.clone()))
            .collect();
        if !options.is_empty()
            && picker(
                ui,
                &field_label(prefix, n, "add column"),
                &mut chosen,
                &options,
            )
        {
            columns.push(chosen);
        }
    });
}

/// What the user asked for besides editing the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RuleAction {
    /// Nothing.
    None,
    /// Delete the rule.
    Delete,
}

/// One rule's editor. `prefix` names the list ("Rule", "Proposal") in accessible names; `n` is 1-based.
pub(super) fn rule_editor(
    ui: &mut Ui,
    prefix: &str,
    n: usize,
    rule: &mut ValidationRule,
    cx: &EditorContext<'_>,
) -> RuleAction {
    let mut action = RuleAction::None;
    let mut input_errors = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{n}.")).strong());
        match RuleType::of(&rule.kind) {
            Some(mut ty) => {
                let options: Vec<(RuleType, String)> =
                    RuleType::ALL.iter().map(|t| (*t, t.label())).collect();
                if picker(ui, &field_label(prefix, n, "type"), &mut ty, &options) {
                    rule.kind = ty.convert(&rule.kind);
                    if !rule.kind.takes_mostly() {
                        rule.mostly = None;
                    }
                }
            }
            None => {
                ui.label(
                    RichText::new(crate::analysis::validation::gx::expectation_type(
                        &rule.kind,
                    ))
                    .color(theme::warn()),
                )
                .on_hover_text(
                    "Not implemented by Riskbench: it runs as a failed result that says why",
                );
            }
        }
        if let Some(current) = rule.kind.column().map(str::to_owned) {
            let mut column = current.clone();
            let mut options: Vec<(String, String)> =
                cx.columns.iter().map(|c| (c.clone(), c.clone())).collect();
            if !current.is_empty() && !cx.columns.contains(&current) {
                let shown = if cx.columns_from_data {
                    format!("{current} (not in the data)")
                } else {
                    current.clone()
                };
                options.insert(0, (current.clone(), shown));
            }
            if picker(ui, &field_label(prefix, n, "column"), &mut column, &options) {
                rule.kind.set_column(&column);
            }
        }
        let severities: Vec<(Severity, String)> = Severity::ALL
            .iter()
            .map(|s| (*s, s.as_str().to_owned()))
            .collect();
        picker(
            ui,
            &field_label(prefix, n, "severity"),
            &mut rule.severity,
            &severities,
        );
        if rule.kind.takes_mostly() {
            let mut on = rule.mostly.is_some();
            let check = ui.checkbox(&mut on, "mostly");
            labelled(
                &check,
                egui::Role::CheckBox,
                &field_label(prefix, n, "mostly on"),
            );
            if check.changed() {
                rule.mostly = on.then_some(0.95);
            }
            if rule.mostly.is_some() {
                input_errors.extend(number_field(
                    ui,
                    &field_label(prefix, n, "mostly"),
                    &mut rule.mostly,
                    "0 to 1",
                ));
                if rule.mostly.is_none() {
                    // An emptied field keeps `mostly` on until the box is unticked.
                    rule.mostly = Some(0.95);
                }
            }
        }
        if ui
            .small_button(format!("Delete {} {n}", prefix.to_lowercase()))
            .clicked()
        {
            action = RuleAction::Delete;
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.add_space(18.0);
        match &mut rule.kind {
            RuleKind::Between { bounds, .. }
            | RuleKind::ValueLengthsBetween { bounds, .. }
            | RuleKind::RowCountBetween { bounds }
            | RuleKind::StatBetween { bounds, .. } => {
                input_errors.extend(bounds_ui(ui, prefix, n, bounds));
            }
            RuleKind::MatchRegex { regex, .. } => {
                ui.label("regex");
                let response = ui.add(
                    egui::TextEdit::singleline(regex)
                        .code_editor()
                        .desired_width(260.0)
                        .hint_text("a regular expression (searched, not anchored)"),
                );
                labelled(
                    &response,
                    egui::Role::TextInput,
                    &field_label(prefix, n, "regex"),
                );
            }
            RuleKind::ColumnsMatchSet { exact_match, .. } => {
                let exact = ui.checkbox(exact_match, "exact match (no other columns)");
                labelled(
                    &exact,
                    egui::Role::CheckBox,
                    &field_label(prefix, n, "exact match"),
                );
            }
            _ => {}
        }
    });
    match &mut rule.kind {
        RuleKind::InSet { column, values }
        | RuleKind::NotInSet { column, values }
        | RuleKind::DistinctValuesInSet { column, values } => {
            let suggested = cx
                .suggestions
                .get(column.as_str())
                .map_or(&[][..], Vec::as_slice);
            ui.indent(("values", prefix, n), |ui| {
                values_ui(ui, prefix, n, values, suggested);
            });
        }
        RuleKind::ColumnsMatchSet { columns, .. } => {
            ui.indent(("columns", prefix, n), |ui| {
                columns_ui(ui, prefix, n, columns, cx.columns);
            });
        }
        _ => {}
    }
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        ui.label("note");
        let response = ui.add(
            egui::TextEdit::singleline(&mut rule.note)
                .desired_width(420.0)
                .hint_text("why the rule exists, what to do when it fails"),
        );
        labelled(
            &response,
            egui::Role::TextInput,
            &field_label(prefix, n, "note"),
        );
    });
    problems_ui(ui, &input_errors, &rule_problems(rule));
    action
}

/// The rule's problems in the error colour, each naming its field.
fn problems_ui(ui: &mut Ui, input_errors: &[String], problems: &[RuleProblem]) {
    for e in input_errors {
        ui.label(RichText::new(format!("⚠ {e}")).color(theme::error()));
    }
    for p in problems {
        let field = match p.field {
            RuleField::Column => "column",
            RuleField::Bounds => "bounds",
            RuleField::Values => "values",
            RuleField::Regex => "regex",
            RuleField::Mostly => "mostly",
        };
        ui.label(RichText::new(format!("⚠ {field}: {}", p.message)).color(theme::error()));
    }
}
