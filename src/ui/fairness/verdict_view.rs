//! Draws the one verdict of an audit result (see `analysis::fairness::Verdict`): the full sentence in the
//! Findings box, and the line of one kind of check above the table that shows those checks, so the counts on
//! screen are the counts of the CLI and the PDF.

use egui::{RichText, Ui};

use crate::analysis::fairness::{CheckKind, Verdict};
use crate::ui::theme;

fn colour(ui: &Ui, failed: usize, undecided: usize) -> egui::Color32 {
    if failed > 0 {
        theme::error()
    } else if undecided > 0 {
        theme::warn()
    } else {
        ui.visuals().text_color()
    }
}

/// "Verdict: 7 of 21 checks fail — …", with the PPR note when a PPR check fails.
pub(super) fn verdict_ui(ui: &mut Ui, verdict: &Verdict) {
    let text = RichText::new(format!("Verdict: {}", verdict.text)).color(colour(
        ui,
        verdict.failed,
        verdict.undecided,
    ));
    ui.add(egui::Label::new(text).wrap());
    ppr_note_ui(ui, verdict);
}

/// "Verdict of these checks: four-fifths ratio: 3 of 10 fail (…)" for one kind; nothing when the result has
/// no check of that kind.
pub(super) fn kind_ui(ui: &mut Ui, verdict: &Verdict, kind: CheckKind) {
    let Some(count) = verdict.kind(kind) else {
        return;
    };
    let text = RichText::new(format!("Verdict of these checks — {}", count.text())).color(colour(
        ui,
        count.failed,
        count.undecided,
    ));
    ui.add(egui::Label::new(text).wrap());
    if kind == CheckKind::FourFifthsRatio {
        ppr_note_ui(ui, verdict);
    }
}

fn ppr_note_ui(ui: &mut Ui, verdict: &Verdict) {
    if let Some(note) = &verdict.ppr_note {
        ui.add(egui::Label::new(RichText::new(format!("Note: {note}")).weak()).wrap());
    }
}
