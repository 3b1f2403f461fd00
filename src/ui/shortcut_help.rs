//! The screen keys listed in Help › Keyboard shortcuts, below the application's commands: the bow-tie canvas
//! and the FMEA worksheet have their own keys while they have focus.

use egui::{RichText, Ui};

/// Bow-tie canvas keys (see `bowtie::keyboard`).
const BOWTIE: [(&str, &str); 6] = [
    ("Arrows", "select the neighbouring box"),
    (
        "Tab",
        "add a child: a threat on the top event, a barrier on a line",
    ),
    (
        "Enter",
        "add a sibling: a consequence on the top event, the next threat, consequence or barrier",
    ),
    ("F2", "rename the selected box"),
    ("Del", "delete the selected boxes"),
    (
        "Ctrl+← / Ctrl+→",
        "move the selected barrier along its line",
    ),
];

/// FMEA worksheet keys (see `fmea::grid_key` and `fmea::editor_key`).
const FMEA: [(&str, &str); 14] = [
    (
        "Arrows, Tab, Shift+Tab",
        "move between cells (Shift+arrows extend the selection)",
    ),
    (
        "Home / End, Ctrl+Home / Ctrl+End",
        "row start or end, first or last cell",
    ),
    ("Page Up / Page Down", "a page up or down"),
    (
        "Enter or F2",
        "edit the cell (Enter commits and moves down, Tab right, Esc cancels)",
    ),
    ("Typing", "replaces the cell's text"),
    ("Alt+↓", "open the cell's list"),
    ("Del / Backspace", "clear the selected cells"),
    ("Ctrl+Del", "delete the selected rows"),
    ("Ctrl+I / Ctrl+Shift+I", "insert a row below / above"),
    ("Ctrl+D", "duplicate the row"),
    ("Ctrl+Shift+↑ / ↓", "move the row up or down"),
    (
        "Ctrl+C / Ctrl+X / Ctrl+V",
        "copy, cut, paste cells (tab-separated, as spreadsheets)",
    ),
    ("Ctrl+A", "select every cell"),
    ("Esc", "collapse the selection"),
];

/// Draws the two tables.
pub fn screen_shortcuts_ui(ui: &mut Ui) {
    for (title, id, keys) in [
        ("Bow-tie canvas", "shortcuts_bowtie", &BOWTIE[..]),
        ("FMEA worksheet", "shortcuts_fmea", &FMEA[..]),
    ] {
        ui.add_space(8.0);
        ui.label(RichText::new(title).strong());
        egui::Grid::new(id).striped(true).show(ui, |ui| {
            for (key, what) in keys {
                ui.label(*key);
                ui.label(*what);
                ui.end_row();
            }
        });
    }
}
