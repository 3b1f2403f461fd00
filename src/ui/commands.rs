//! Every user command in one place: its label, tooltip and keyboard shortcut. Menus, shortcut handling and
//! the keyboard-shortcut help all read from here.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command the user can give from a menu or a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Start a new, blank project.
    New,
    /// Open a project file.
    Open,
    /// Save to the current file.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Add a CSV or Parquet dataset to the project.
    AddDataset,
    /// Choose what goes into the treatment plan PDF and export it.
    ExportReport,
    /// Quit the application.
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Make everything larger.
    ZoomIn,
    /// Make everything smaller.
    ZoomOut,
    /// Back to 100 %.
    ZoomReset,
    /// Show version, licence and attributions.
    About,
    /// Show the keyboard shortcuts.
    Shortcuts,
}

impl Command {
    /// Every command, in the order the shortcut help lists them.
    pub const ALL: [Self; 14] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::AddDataset,
        Self::ExportReport,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::About,
        Self::Shortcuts,
    ];

    /// Menu label (sentence case; "…" when it opens a dialog).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New project",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::AddDataset => "Add dataset…",
            Self::ExportReport => "Export report…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Reset zoom",
            Self::About => "About Riskbench",
            Self::Shortcuts => "Keyboard shortcuts",
        }
    }

    /// Tooltip.
    #[must_use]
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::New => "Start a blank assessment (asks first if there are unsaved changes)",
            Self::Open => "Open a *.riskbench.ron project file",
            Self::Save => "Save the project to its file",
            Self::SaveAs => "Save the project to a new file",
            Self::AddDataset => {
                "Add a CSV or Parquet file as evidence; it is fingerprinted with SHA-256"
            }
            Self::ExportReport => {
                "Choose sections, classification and signatories, then export the PDF treatment plan"
            }
            Self::Quit => "Close Riskbench (asks first if there are unsaved changes)",
            Self::Undo => "Undo the last change to the project",
            Self::Redo => "Redo the last undone change",
            Self::ZoomIn => "Make text and controls larger",
            Self::ZoomOut => "Make text and controls smaller",
            Self::ZoomReset => "Back to 100 %",
            Self::About => "Version, licence and attributions",
            Self::Shortcuts => "All keyboard shortcuts",
        }
    }

    /// Keyboard shortcut, if any. `COMMAND` is Ctrl, or ⌘ on macOS.
    #[must_use]
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let cmd_shift = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            Self::New => cmd(Key::N),
            Self::Open => cmd(Key::O),
            Self::Save => cmd(Key::S),
            Self::SaveAs => cmd_shift(Key::S),
            Self::AddDataset => cmd_shift(Key::D),
            Self::ExportReport => cmd(Key::E),
            Self::Quit => cmd(Key::Q),
            Self::Undo => cmd(Key::Z),
            Self::Redo => cmd(Key::Y),
            Self::ZoomIn => cmd(Key::Plus),
            Self::ZoomOut => cmd(Key::Minus),
            Self::ZoomReset => cmd(Key::Num0),
            Self::About | Self::Shortcuts => None,
        }
    }

    /// Extra shortcuts that do the same (Ctrl+Shift+Z also redoes).
    #[must_use]
    pub fn alternative_shortcuts(self) -> Vec<KeyboardShortcut> {
        match self {
            Self::Redo => vec![KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )],
            Self::ZoomIn => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)],
            _ => Vec::new(),
        }
    }

    /// Commands whose shortcuts are checked first because theirs extend another's (Ctrl+Shift+S before Ctrl+S).
    #[must_use]
    pub fn shortcut_order() -> Vec<Self> {
        let mut all = Self::ALL.to_vec();
        all.sort_by_key(|c| {
            let shift = c.shortcut().is_some_and(|s| s.modifiers.shift);
            let alt_shift = c.alternative_shortcuts().iter().any(|s| s.modifiers.shift);
            !(shift || alt_shift)
        });
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = Vec::new();
        for c in Command::ALL {
            for s in c.shortcut().into_iter().chain(c.alternative_shortcuts()) {
                assert!(!seen.contains(&s), "{c:?} reuses a shortcut");
                seen.push(s);
            }
        }
    }

    #[test]
    fn shifted_shortcuts_are_checked_first() {
        let order = Command::shortcut_order();
        let pos = |c| order.iter().position(|x| *x == c).unwrap();
        assert!(pos(Command::SaveAs) < pos(Command::Save));
        assert!(pos(Command::Redo) < pos(Command::Undo));
    }
}
