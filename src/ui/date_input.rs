//! A date field that never loses what was typed: the text is parsed after every edit (so the last keystroke
//! counts), stored as soon as it is a valid `YYYY-MM-DD` date, and kept on screen with the reason when it is not
//! (after Tab or Enter too). Used for action due dates, acceptance dates and expiries, and review dates.

use egui::{RichText, Ui};

use super::theme;
use crate::model::date::IsoDate;

/// The text being edited and the value it was started from (an undo or another change of the value drops it).
#[derive(Clone)]
struct Draft {
    text: String,
    value: Option<IsoDate>,
}

/// Parses the text of a date field: empty is "no date".
fn parse(text: &str) -> Result<Option<IsoDate>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        text.trim()
            .parse::<IsoDate>()
            .map(Some)
            .map_err(|e| e.to_string())
    }
}

/// A date written YYYY-MM-DD; empty means none. Text that is not a date stays in the field, outlined, with the
/// reason beside it, and is not stored.
pub fn date_field(ui: &mut Ui, id: egui::Id, value: &mut Option<IsoDate>) -> egui::Response {
    let draft = ui
        .data_mut(|d| d.get_temp::<Draft>(id))
        .filter(|d| d.value == *value || ui.memory(|m| m.has_focus(id)));
    let mut text = draft.map_or_else(
        || value.map(|d| d.to_string()).unwrap_or_default(),
        |d| d.text,
    );
    let before = parse(&text);
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .hint_text("YYYY-MM-DD")
        .desired_width(96.0);
    if before.is_err() {
        edit = edit.text_color(theme::error());
    }
    let response = ui.add(edit);
    // Parse what is in the field now, after this frame's keystrokes.
    let parsed = parse(&text);
    if let Ok(date) = &parsed
        && *date != *value
    {
        *value = *date;
    }
    let keep = response.has_focus() || parsed.is_err();
    if keep {
        ui.data_mut(|d| {
            d.insert_temp(
                id,
                Draft {
                    text,
                    value: *value,
                },
            );
        });
    } else {
        ui.data_mut(|d| d.remove::<Draft>(id));
    }
    match parsed {
        Err(reason) => {
            let reason = format!("Not stored: {reason}");
            if !response.has_focus() {
                ui.label(RichText::new(&reason).small().color(theme::error()));
            }
            response.on_hover_text(reason)
        }
        Ok(_) => response,
    }
}
