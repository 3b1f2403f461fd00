//! Help beside the results: the fairness tree (which metric fits the decision) and the purposeful differences from
//! the reference libraries.

use super::ConcernKind;
use super::TreeAnswers;
use super::runs::check_counts;
use crate::analysis::fairness::AssistiveCapacity;
use crate::analysis::fairness::AuditResult;
use crate::analysis::fairness::PunitiveFocus;
use crate::analysis::fairness::SelectionBasis;
use crate::analysis::fairness::fairness_tree;
use crate::analysis::fairness::wording::check_title;
use crate::ui::theme;
use egui::RichText;
use egui::Ui;
use std::fmt::Write as _;

/// The note on purposeful differences from the libraries (see `tests/fixtures/fairness/README.md`).
pub(super) const DIFFERENCES: [(&str, &str); 5] = [
    (
        "Zero denominators are undefined, not 0",
        "A rate whose denominator is zero (the TPR of a group without actual positives, the precision of a \
         group without predicted positives) is shown as \"insufficient evidence\" with the reason. Fairlearn, \
         scikit-learn and AIF360 return 0.0 there, which can make a group look perfect or hopeless. Disparities \
         skip undefined groups, as pandas skips NaN.",
    ),
    (
        "The positive value is explicit",
        "Text labels such as \"yes\" need their positive value; only 0/1 and true/false columns default to 1 / \
         true. Fairlearn's demographic parity silently assumes 1.",
    ),
    (
        "Stratified bootstrap",
        "Confidence intervals resample rows within each group (stratified), so every resample keeps each \
         group's size; Fairlearn's bootstrap resamples the whole dataset. Intervals are percentile intervals, \
         seeded and independent of the number of threads. Wilson score intervals are shown while the bootstrap \
         runs.",
    ),
    (
        "Between-group entropy indices use all groups",
        "AIF360's between-group indices compare the privileged group with everyone else; ours use every group \
         of the result.",
    ),
    (
        "Weights",
        "With a weight column, counts become weighted sums (n stays the number of rows) and the entropy indices \
         use weighted means; AIF360 ignores instance weights there.",
    ),
];

pub(super) fn tree_ui(ui: &mut Ui, answers: &mut TreeAnswers, result: &AuditResult) {
    ui.label(
        "Which parity metric matters depends on what the decision does to people (the Aequitas fairness \
         tree). Answer the questions to see which metrics to compare and why.",
    );
    ui.add_space(4.0);
    ui.label(RichText::new("What is the fairness concern?").strong());
    ui.radio_value(
        &mut answers.concern,
        ConcernKind::Representation,
        "Representation: groups should be fairly represented among the people selected",
    );
    ui.radio_value(
        &mut answers.concern,
        ConcernKind::Punitive,
        "Punitive intervention: a positive prediction harms people (an investigation, a denial flag, jail)",
    );
    ui.radio_value(
        &mut answers.concern,
        ConcernKind::Assistive,
        "Assistive intervention: a positive prediction helps people (a loan, a benefit, outreach)",
    );
    ui.add_space(4.0);
    match answers.concern {
        ConcernKind::Unanswered => {}
        ConcernKind::Representation => {
            ui.label(RichText::new("How many people should be selected from each group?").strong());
            ui.radio_value(
                &mut answers.basis,
                Some(SelectionBasis::EqualNumbers),
                "The same number from every group",
            );
            ui.radio_value(
                &mut answers.basis,
                Some(SelectionBasis::Proportional),
                "In proportion to each group's size",
            );
            ui.radio_value(&mut answers.basis, None, "Not sure");
        }
        ConcernKind::Punitive => {
            ui.label(RichText::new("Whose wrongful flags matter most?").strong());
            ui.radio_value(
                &mut answers.focus,
                Some(PunitiveFocus::EveryoneSelected),
                "Everyone acted on, whatever their actual outcome",
            );
            ui.radio_value(
                &mut answers.focus,
                Some(PunitiveFocus::NotWarranted),
                "People for whom the intervention is not warranted",
            );
            ui.radio_value(&mut answers.focus, None, "Not sure");
        }
        ConcernKind::Assistive => {
            ui.label(RichText::new("How many of the people in need can be helped?").strong());
            ui.radio_value(
                &mut answers.capacity,
                Some(AssistiveCapacity::SmallFraction),
                "Only a small fraction of them",
            );
            ui.radio_value(
                &mut answers.capacity,
                Some(AssistiveCapacity::Most),
                "Most of them",
            );
            ui.radio_value(&mut answers.capacity, None, "Not sure");
        }
    }
    let Some(concern) = answers.concern() else {
        return;
    };
    let recommendation = fairness_tree(concern);
    ui.add_space(8.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(1000.0));
        ui.label(RichText::new("What to compare").strong());
        ui.add(egui::Label::new(&recommendation.explanation).wrap());
        ui.add_space(4.0);
        ui.label(RichText::new("In this result").strong());
        let names = recommendation
            .metrics
            .iter()
            .map(|m| format!("four_fifths_{}", m.name()))
            .chain(recommendation.checks.iter().cloned());
        for name in names {
            let (pass, fail, undecided) = check_counts(&result.checks, &name);
            let mut text = format!("{}: {pass} group(s) pass, {fail} fail", check_title(&name));
            if undecided > 0 {
                let _ = write!(
                    text,
                    ", {undecided} not decided (undefined or below the minimum group size)"
                );
            }
            let color = if fail > 0 {
                theme::error()
            } else if undecided > 0 {
                theme::warn()
            } else {
                theme::ok()
            };
            ui.label(RichText::new(text).color(color));
        }
    });
}

pub(super) fn differences_ui(ui: &mut Ui) {
    ui.label(RichText::new("Where we differ from Fairlearn and AIF360").strong());
    ui.label(
        RichText::new(
            "Every metric is defined as in Fairlearn, AIF360 and Aequitas and tested against their values on \
             COMPAS, German credit and Adult. On purpose, Riskbench differs here:",
        )
        .weak(),
    );
    ui.add_space(4.0);
    for (title, text) in DIFFERENCES {
        ui.horizontal_top(|ui| {
            ui.label("•");
            ui.vertical(|ui| {
                ui.label(RichText::new(title).strong());
                ui.add(egui::Label::new(text).wrap());
            });
        });
        ui.add_space(2.0);
    }
}
