//! Reweighing (Kamiran–Calders, AIF360's `Reweighing`): the weight of each group × label cell, how each
//! group is represented before and after, the weighted re-audit of the decisions at the slider's threshold
//! (the core scales each cell's counts by its weight, so it follows the slider), and the weights written to
//! a CSV for training through the app's file dialog (or its typed-path prompt).

use std::path::Path;

use anyhow::Context as _;
use egui::{RichText, Ui};

use crate::analysis::fairness::CountMetrics;
use crate::analysis::mitigation::reweigh::{reweigh, weights_csv};
use crate::model::file;

use super::super::screen::SectionRequest;
use super::{MitigationScreen, percent, rate};

impl MitigationScreen {
    /// Writes the reweighing weights of the loaded data to `path` as `row,weight` (1-based data rows of the
    /// file; rows left out for a missing label or score have no weight), the file `mitigate reweigh
    /// --write-weights` writes. Returns the message to show.
    ///
    /// # Errors
    /// Nothing loaded or computed yet, or the file cannot be written.
    pub fn write_weights(&mut self, path: &Path) -> anyhow::Result<String> {
        let (Some(loaded), Some(r)) = (&self.loaded, &self.reweighing) else {
            anyhow::bail!("compute the reweighing first: there are no weights to write");
        };
        let per_row = loaded.data.per_source_row(&r.row_weights);
        file::write_atomic(path, weights_csv(&per_row).as_bytes())
            .with_context(|| format!("cannot write the weights to {}", path.display()))?;
        let message = format!(
            "Wrote the weights of {} rows to {}",
            per_row.len(),
            path.display()
        );
        self.weights_message = Some(message.clone());
        Ok(message)
    }
}

/// The label values as the cells name them (positive first).
fn label_names(positive: &str) -> (String, String) {
    let negative = match positive {
        "1" => "0".to_owned(),
        "true" => "false".to_owned(),
        "True" => "False".to_owned(),
        other => format!("not {other}"),
    };
    (positive.to_owned(), negative)
}

/// The panel; asks for the file dialog when the weights are to be saved.
pub(super) fn reweigh_ui(ui: &mut Ui, screen: &mut MitigationScreen) -> Option<SectionRequest> {
    let loaded = screen.loaded.as_ref()?;
    ui.label(
        "Reweighing changes the training data, not today's decisions: each group × label cell gets the weight \
         P(group)·P(label) / P(group, label), so the label no longer depends on the group once the model is \
         retrained with these weights.",
    );
    if ui.button("Compute reweighing").clicked() {
        let (pos, neg) = label_names(&loaded.positive);
        screen.reweighing = Some(reweigh(
            &loaded.data.labels,
            &loaded.data.group_of,
            &loaded.data.groups,
            loaded.data.weights.as_deref(),
            (&pos, &neg),
        ));
        screen.weights_message = None;
    }
    let r = screen.reweighing.as_ref()?;
    egui::Grid::new("mitigation_reweigh_cells")
        .striped(true)
        .show(ui, |ui| {
            for head in ["Group", "Label", "Rows", "Weight"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for c in &r.cells {
                ui.label(c.group.label());
                ui.label(&c.label);
                ui.label(c.count.to_string());
                ui.label(
                    c.weight
                        .map_or_else(|| "— (no rows)".to_owned(), |w| format!("{w:.4}")),
                );
                ui.end_row();
            }
        });
    ui.label(RichText::new("Representation").strong());
    egui::Grid::new("mitigation_reweigh_representation")
        .striped(true)
        .show(ui, |ui| {
            for head in [
                "Group",
                "Rows",
                "Share before",
                "Share after",
                "Positive labels before",
                "Positive labels after",
            ] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for x in &r.representation {
                ui.label(x.group.label());
                ui.label(x.count.to_string());
                ui.label(percent(x.share_before));
                ui.label(percent(x.share_after));
                ui.label(rate(x.base_rate_before));
                ui.label(rate(x.base_rate_after));
                ui.end_row();
            }
        });
    ui.label(
        RichText::new(format!(
            "Weighted re-audit of the decisions at threshold {:.2}",
            screen.threshold
        ))
        .strong(),
    );
    let counts = loaded
        .index
        .counts_at_each(&vec![screen.threshold; loaded.index.groups()]);
    let m = CountMetrics::evaluate(&r.reweighed_counts(&counts), false);
    super::thresholds::metrics_table(ui, "mitigation_reweigh_audit", loaded, &m);
    let mut request = None;
    ui.horizontal(|ui| {
        if ui.button("Save weights as CSV…").clicked() {
            request = Some(SectionRequest::ExportMitigationWeights);
        }
        if let Some(m) = &screen.weights_message {
            ui.label(m);
        }
    });
    request
}
