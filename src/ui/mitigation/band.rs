//! The review band: scores in `[from, to)` go to a person, the rows left automatic decided at the slider's
//! threshold or at the per-group thresholds set by hand; per group, how many cases the band routes (and a
//! month, at a volume the user enters, or per month of a date column of the data, the dataset's own volume)
//! and the accuracy of the decisions left automatic, then the total and the monthly load, so a reviewer
//! capacity can be sized.

use egui::{RichText, Ui};

use crate::analysis::fairness::{CountMetrics, Metric, SummaryMetric};
use crate::analysis::mitigation::Band;

use super::{MitigationScreen, percent, rate};

/// The band's settings and what it routes at the slider's threshold; `true` when the date column was
/// changed (the data must be read again with it).
pub(super) fn band_ui(ui: &mut Ui, screen: &mut MitigationScreen) -> bool {
    let Some(loaded) = &screen.loaded else {
        return false;
    };
    let (lo, hi) = loaded.range;
    ui.checkbox(&mut screen.band_enabled, "Send a score band to review");
    if !screen.band_enabled {
        return false;
    }
    ui.checkbox(
        &mut screen.band_per_group,
        "Decide the rows left automatic at the per-group thresholds set by hand (else at the slider's threshold)",
    );
    ui.add(
        egui::Slider::new(&mut screen.band_low, lo..=hi)
            .text("Band from")
            .step_by(0.01),
    );
    ui.add(
        egui::Slider::new(&mut screen.band_high, lo..=hi)
            .text("Band to")
            .step_by(0.01),
    );
    ui.horizontal(|ui| {
        let label = ui.label("Cases per month (0: the dataset's volume)");
        ui.add(
            egui::DragValue::new(&mut screen.volume)
                .range(0.0..=1e9)
                .speed(10.0),
        )
        .labelled_by(label.id);
    });
    let mut date = screen.band_date.clone();
    egui::ComboBox::from_label("Date column (cases a month in the data)")
        .selected_text(date.as_deref().unwrap_or("none"))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut date, None, "none");
            for c in &loaded.file_columns {
                ui.selectable_value(&mut date, Some(c.clone()), c);
            }
        });
    if date != screen.band_date {
        screen.band_date = date;
        return true;
    }
    if screen.band_low >= screen.band_high {
        ui.label("The band is empty: its start must be below its end");
        return false;
    }
    let band = Band {
        low: screen.band_low,
        high: screen.band_high,
    };
    let thresholds = screen.band_thresholds();
    let mut routed_total = 0;
    let mut automated = Vec::new();
    let rows = loaded.data.rows();
    let volume = screen.volume;
    egui::Grid::new("mitigation_band")
        .striped(true)
        .show(ui, |ui| {
            for head in ["Group", "To review", "Share", "Automated accuracy"] {
                ui.label(RichText::new(head).strong());
            }
            if volume > 0.0 {
                ui.label(RichText::new(format!("A month at {volume:.0} cases")).strong());
            }
            ui.end_row();
            for (g, key) in loaded.data.groups.iter().enumerate() {
                let b = loaded.index.band_at(g, thresholds[g], band);
                routed_total += b.routed_rows;
                automated.push(b.automated);
                let n = loaded.index.group_rows(g);
                ui.label(key.label());
                ui.label(b.routed_rows.to_string());
                #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
                ui.label(if n > 0 {
                    percent(b.routed_rows as f64 / n as f64)
                } else {
                    "—".to_owned()
                });
                let m = CountMetrics::evaluate(&[b.automated], false);
                ui.label(rate(m.group(0, Metric::Accuracy)));
                if volume > 0.0 {
                    // The group's routed rows as a share of all rows, at the volume entered.
                    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
                    let monthly = b.routed_rows as f64 / rows.max(1) as f64 * volume;
                    ui.label(format!("{monthly:.1}"));
                }
                ui.end_row();
            }
        });
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let share = routed_total as f64 / rows.max(1) as f64;
    let m = CountMetrics::evaluate(&automated, false);
    ui.label(format!(
        "{routed_total} of {rows} cases go to review ({}){}; decisions left automatic: accuracy {}, \
         demographic parity difference {}",
        percent(share),
        if screen.volume > 0.0 {
            format!(
                ", {:.0} a month at {:.0} cases a month",
                share * screen.volume,
                screen.volume
            )
        } else {
            String::new()
        },
        rate(m.overall(Metric::Accuracy)),
        rate(m.summary(SummaryMetric::DemographicParityDifference))
    ));
    // The monthly counts walk every row: computed when the band moves, not every frame.
    let key = (band.low.to_bits(), band.high.to_bits());
    if screen.band_months.as_ref().is_none_or(|(k, _)| *k != key) {
        screen.band_months = Some((key, loaded.data.routed_by_month(band.low, band.high)));
    }
    if let Some((_, Some((months, undated)))) = &screen.band_months {
        monthly_ui(ui, &loaded.data.groups, months, undated);
    }
    false
}

/// Cases the band sends to review per month of the date column and per group (the dataset's own volume).
fn monthly_ui(
    ui: &mut Ui,
    groups: &[crate::analysis::fairness::GroupKey],
    months: &[crate::analysis::mitigation::MonthRouted],
    undated: &[u64],
) {
    ui.label(RichText::new("To review per month of the data").strong());
    egui::Grid::new("mitigation_band_months")
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Month").strong());
            for key in groups {
                ui.label(RichText::new(key.label()).strong());
            }
            ui.label(RichText::new("All").strong());
            ui.end_row();
            let row = |ui: &mut Ui, name: &str, counts: &[u64]| {
                ui.label(name);
                for c in counts {
                    ui.label(c.to_string());
                }
                ui.label(counts.iter().sum::<u64>().to_string());
                ui.end_row();
            };
            for (month, counts) in months {
                row(ui, month, counts);
            }
            if undated.iter().any(|c| *c > 0) {
                row(ui, "no date", undated);
            }
        });
}
