//! The widget kit: fields and helpers every screen uses, written once. Text fields of a fixed width in grids,
//! a label above a widget, list and date fields that keep their text while being typed in, chart-axis
//! formatting, and file names made from titles.
//!
//! The list and date fields keep the text being typed in egui's temporary memory, keyed by the field's id:
//! that is the widget's own editing buffer, never data the app reads back. A date field never loses what was
//! typed: the text is parsed after every edit (so the last keystroke counts), stored as soon as it is a valid
//! `YYYY-MM-DD` date, and kept on screen with the reason when it is not (after Tab or Enter too).

use egui::{RichText, Ui};

use super::theme;
use crate::model::IsoDate;

/// A single-line text field of a fixed width inside a grid (grids would otherwise shrink it), with the id
/// `id` (see [`row_id`]).
///
/// Fields in a list must have ids of their own: with ids counted by position, adding a row gives the new
/// field the id the "Add" button below had, so the new field showed the button's focus and ignored the keys.
pub fn grid_text(
    ui: &mut Ui,
    id: egui::Id,
    value: &mut String,
    width: f32,
    label: egui::Id,
) -> egui::Response {
    let height = ui.spacing().interact_size.y;
    ui.add_sized([width, height], egui::TextEdit::singleline(value).id(id))
        .labelled_by(label)
}

/// The id of the field `field` in row `row` of the list `list`: stable when rows are added or removed below.
pub fn row_id(list: &str, row: usize, field: &str) -> egui::Id {
    egui::Id::unique(("row_field", list, row, field))
}

/// Puts the keyboard focus on `id` (a field drawn from the next frame on), so a row just added can be typed
/// into straight away.
pub fn focus_next_frame(ui: &Ui, id: egui::Id) {
    ui.memory_mut(|m| m.request_focus(id));
}

/// A grid row: a label, then a text field 520 points wide (four lines tall when `multiline`).
pub fn text_row(ui: &mut Ui, label: &str, value: &mut String, multiline: bool) {
    let label = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(value)
            .desired_rows(4)
            .desired_width(520.0)
    } else {
        egui::TextEdit::singleline(value).desired_width(520.0)
    };
    ui.add(edit).labelled_by(label.id);
    ui.end_row();
}

/// A small label above a widget, with the widget labelled by it for screen readers and tests.
pub fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> egui::Response) {
    let label = ui.label(RichText::new(label).small());
    let response = add(ui);
    response.labelled_by(label.id);
}

/// A multi-line text field editing a list, one item per line; the text is kept while the field has focus so
/// typing a new line does not lose it.
pub fn list_field(
    ui: &mut Ui,
    id: egui::Id,
    items: &mut Vec<String>,
    hint: &str,
) -> egui::Response {
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| items.join("\n"));
    let response = ui.add(
        egui::TextEdit::multiline(&mut text)
            .id(id)
            .hint_text(hint)
            .desired_rows(1)
            .desired_width(f32::INFINITY),
    );
    if response.changed() {
        *items = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
    }
    keep_while_focused(ui, &response, id, text);
    response
}

/// The text being edited and the value it was started from (an undo or another change of the value drops it).
#[derive(Clone)]
struct DateDraft {
    text: String,
    value: Option<IsoDate>,
}

/// Parses the text of a date field: empty is "no date".
fn parse_date(text: &str) -> Result<Option<IsoDate>, String> {
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
        .data_mut(|d| d.get_temp::<DateDraft>(id))
        .filter(|d| d.value == *value || ui.memory(|m| m.has_focus(id)));
    let mut text = draft.map_or_else(
        || value.map(|d| d.to_string()).unwrap_or_default(),
        |d| d.text,
    );
    let before = parse_date(&text);
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .hint_text("YYYY-MM-DD")
        .desired_width(96.0);
    if before.is_err() {
        edit = edit.text_color(theme::error());
    }
    let response = ui.add(edit);
    // Parse what is in the field now, after this frame's keystrokes.
    let parsed = parse_date(&text);
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
                DateDraft {
                    text,
                    value: *value,
                },
            );
        });
    } else {
        ui.data_mut(|d| d.remove::<DateDraft>(id));
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

/// Keeps a field's text being typed while it has focus, and forgets it afterwards.
fn keep_while_focused(ui: &Ui, response: &egui::Response, id: egui::Id, text: String) {
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
}

/// How an edit reaches the project: typing or dragging is one undo step when the user stops ([`Self::Live`]),
/// a click is one at once ([`Self::Discrete`]). The strongest change of a frame wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Change {
    /// Nothing changed.
    #[default]
    None,
    /// Typing or dragging: one undo step when the user stops.
    Live,
    /// A click: one undo step at once.
    Discrete,
}

impl Change {
    /// Records a live edit when `response` changed.
    pub fn live(&mut self, response: &egui::Response) {
        if response.changed() {
            *self = (*self).max(Change::Live);
        }
    }

    /// Records a discrete edit.
    pub fn discrete(&mut self) {
        *self = Change::Discrete;
    }
}

/// The index a chart-axis mark stands for when bars sit at whole positions `first`, `first + 1`, …: `None`
/// for marks between bars and before `first` (their label stays empty).
///
/// ```
/// use riskbench::ui::widgets::mark_index;
/// assert_eq!(mark_index(2.0, 0), Some(2));
/// assert_eq!(mark_index(2.0, 1), Some(1));
/// assert_eq!(mark_index(0.5, 0), None);
/// assert_eq!(mark_index(-1.0, 0), None);
/// ```
#[must_use]
pub fn mark_index(value: f64, first: u32) -> Option<usize> {
    let i = value.round();
    if (value - i).abs() > 1e-6 || i < f64::from(first) {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked ≥ first ≥ 0"
    )]
    let index = i as usize - first as usize;
    Some(index)
}

/// A file name made from a title: letters and digits in lower case, every other character replaced by
/// `separator`, separators trimmed at both ends; `fallback` when nothing is left; then `extension`.
///
/// ```
/// use riskbench::ui::widgets::file_name_from_title;
/// assert_eq!(file_name_from_title("ML pipeline FMEA", '_', "fmea", ".csv"), "ml_pipeline_fmea.csv");
/// assert_eq!(file_name_from_title(" ", '-', "bowtie", ".svg"), "bowtie.svg");
/// ```
#[must_use]
pub fn file_name_from_title(
    title: &str,
    separator: char,
    fallback: &str,
    extension: &str,
) -> String {
    format!(
        "{}{extension}",
        crate::model::file_name::stem(title, separator, fallback)
    )
}

/// Keeps Tab and the arrow keys on the canvas `canvas_id` while it has the focus (they move the selection
/// there), and gives it the focus when `focus_requested` is set (clearing it).
pub fn canvas_focus(ui: &Ui, canvas_id: egui::Id, focus_requested: &mut bool) {
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            canvas_id,
            egui::EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: false,
            },
        );
    });
    if std::mem::take(focus_requested) {
        ui.memory_mut(|m| m.request_focus(canvas_id));
    }
}

/// The keys a diagram canvas acts on, taken from this frame's input (so no other widget sees them).
#[derive(Clone, Copy, Debug, Default)]
#[expect(clippy::struct_excessive_bools, reason = "one flag per key")]
pub struct CanvasKeys {
    /// Tab: add a child.
    pub tab: bool,
    /// Enter: add a sibling.
    pub enter: bool,
    /// F2: edit the selected box's text.
    pub f2: bool,
    /// Delete: remove the selection.
    pub delete: bool,
    /// The first arrow key pressed: move the selection.
    pub arrow: Option<egui::Key>,
}

impl CanvasKeys {
    /// Consumes Tab, Enter, F2, Delete and the arrow keys (without modifiers) from `ui`'s input.
    pub fn take(ui: &Ui) -> Self {
        use egui::{Key, Modifiers};
        ui.input_mut(|i| {
            let arrow = [
                Key::ArrowLeft,
                Key::ArrowRight,
                Key::ArrowUp,
                Key::ArrowDown,
            ]
            .into_iter()
            .find(|k| i.consume_key(Modifiers::NONE, *k));
            Self {
                tab: i.consume_key(Modifiers::NONE, Key::Tab),
                enter: i.consume_key(Modifiers::NONE, Key::Enter),
                f2: i.consume_key(Modifiers::NONE, Key::F2),
                delete: i.consume_key(Modifiers::NONE, Key::Delete),
                arrow,
            }
        })
    }
}

/// The first digit key in `digits` pressed this frame (without modifiers), taken from the input.
pub fn take_digit(ui: &Ui, digits: std::ops::RangeInclusive<u8>) -> Option<u8> {
    use egui::Key;
    const KEYS: [Key; 10] = [
        Key::Num0,
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    digits.into_iter().find(|d| {
        KEYS.get(usize::from(*d))
            .is_some_and(|k| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, *k)))
    })
}

/// Keyboard navigation on a canvas: of the boxes with centres `centres` (each with what it stands for), the
/// one nearest to `from` in the direction of the arrow key `key` (down for any other key), weighing
/// sideways distance twice; `None` when no box lies that way.
pub fn nearest_in_direction<T>(
    from: egui::Pos2,
    centres: impl Iterator<Item = (egui::Pos2, T)>,
    key: egui::Key,
) -> Option<T> {
    centres
        .filter_map(|(p, item)| {
            let (dx, dy) = (p.x - from.x, p.y - from.y);
            let (along, across) = match key {
                egui::Key::ArrowLeft => (-dx, dy.abs()),
                egui::Key::ArrowRight => (dx, dy.abs()),
                egui::Key::ArrowUp => (-dy, dx.abs()),
                _ => (dy, dx.abs()),
            };
            (along > 1.0).then_some((along + 2.0 * across, item))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, item)| item)
}

/// What was clicked in [`job_button`] or [`job_status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobClick {
    /// The start button.
    Start,
    /// Cancel, for the job with this id.
    Cancel(u64),
}

/// While `job` runs: a spinner, what it is doing (its progress is in the status bar) and Cancel, keyed by
/// the job's id once the app has started it. Returns the job to cancel when Cancel was clicked.
pub fn job_status(ui: &mut Ui, job: &crate::ui::jobs::SingleJob, doing: &str) -> Option<u64> {
    ui.spinner();
    ui.label(format!("{doing} (progress in the status bar)"));
    let job_id = job.job_id()?;
    ui.button("Cancel").clicked().then_some(job_id)
}

/// The start button of a screen's background job, or, while `job` runs, [`job_status`].
pub fn job_button(
    ui: &mut Ui,
    job: &crate::ui::jobs::SingleJob,
    doing: &str,
    start: &str,
) -> Option<JobClick> {
    if job.is_running() {
        job_status(ui, job, doing).map(JobClick::Cancel)
    } else {
        ui.button(start).clicked().then_some(JobClick::Start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_letters_of_any_script() {
        assert_eq!(
            file_name_from_title("Prüfung: Daten/Modell", '_', "fmea", ".csv"),
            "prüfung_daten_modell.csv"
        );
        assert_eq!(
            file_name_from_title("Credit scoring", '_', "project", ".riskbench.ron"),
            "credit_scoring.riskbench.ron"
        );
    }

    #[test]
    fn the_nearest_box_lies_in_the_arrow_direction() {
        let boxes = [
            (egui::pos2(100.0, 0.0), "right"),
            (egui::pos2(40.0, 35.0), "right, lower"),
            (egui::pos2(-50.0, 0.0), "left"),
            (egui::pos2(0.0, 80.0), "below"),
        ];
        let from = egui::pos2(0.0, 0.0);
        let pick = |key| nearest_in_direction(from, boxes.iter().copied(), key);
        // Right: 100 along against 40 along + 2 × 35 across = 110. Down: 80 against 35 + 2 × 40 = 115.
        assert_eq!(pick(egui::Key::ArrowRight), Some("right"));
        assert_eq!(pick(egui::Key::ArrowLeft), Some("left"));
        assert_eq!(pick(egui::Key::ArrowDown), Some("below"));
        assert_eq!(pick(egui::Key::ArrowUp), None);
    }

    #[test]
    fn marks_between_bars_have_no_index() {
        assert_eq!(mark_index(3.000_000_1, 1), Some(2));
        assert_eq!(mark_index(0.0, 1), None);
        assert_eq!(mark_index(1.5, 0), None);
    }

    #[test]
    fn the_job_button_starts_then_cancels_the_job_by_its_id() {
        use egui_kittest::kittest::Queryable as _;
        let mut job = crate::ui::jobs::SingleJob::default();
        let click = |job: &crate::ui::jobs::SingleJob, label: &str| {
            let mut clicked = None;
            let mut harness = egui_kittest::Harness::new_ui(|ui| {
                clicked = clicked.or(job_button(ui, job, "Working…", "Start"));
            });
            harness.run_steps(1);
            harness.get_by_label(label).click();
            harness.run_steps(2);
            drop(harness);
            clicked
        };
        assert_eq!(click(&job, "Start"), Some(JobClick::Start));
        let asked = job.run("Working", |_| Ok(()));
        let run = asked.jobs[0].ticket;
        // Asked for but not started yet: nothing to cancel.
        let mut harness = egui_kittest::Harness::new_ui(|ui| {
            let _ = job_button(ui, &job, "Working…", "Start");
        });
        harness.run_steps(1);
        harness.get_by_label("Working… (progress in the status bar)");
        assert!(harness.query_by_label("Cancel").is_none());
        drop(harness);
        job.started(run, 42);
        assert_eq!(click(&job, "Cancel"), Some(JobClick::Cancel(42)));
    }
}
