//! The profile's fairness tab: group representation against a reference population, label base rate per
//! group, likely proxies of sensitive columns, and box plots per group.

use super::EdaScreen;
use super::Tab;
use super::quality::method_label;
use super::tabs::category_label;
use super::tabs::category_marks;
use super::tabs::count;
use super::tabs::number;
use super::tabs::optional;
use super::tabs::section_title;
use super::tabs::share;
use crate::analysis::profile::Profile;
use crate::analysis::profile::SensitiveProfile;
use crate::ui::theme;
use egui::RichText;
use egui::Ui;
use egui_plot::Bar;
use egui_plot::BarChart;
use egui_plot::BoxElem;
use egui_plot::BoxPlot;
use egui_plot::BoxSpread;
use egui_plot::Corner;
use egui_plot::Legend;
use egui_plot::Plot;

pub(super) fn fairness_ui(ui: &mut Ui, screen: &mut EdaScreen, profile: &Profile) {
    let f = &profile.fairness;
    if f.sensitive.is_empty() {
        ui.label(
            "Mark the sensitive columns (and the label) in Column settings to see each group's representation, \
             the label's base rate per group and the features that may act as proxies.",
        );
        if ui.button("Open column settings").clicked() {
            screen.tab = Tab::Columns;
        }
        return;
    }
    let valid = screen
        .fairness_column
        .as_ref()
        .is_some_and(|c| f.sensitive.iter().any(|s| &s.column == c));
    if !valid {
        screen.fairness_column = f.sensitive.first().map(|s| s.column.clone());
    }
    ui.horizontal(|ui| {
        let label = ui.label("Sensitive column");
        egui::ComboBox::from_id_salt("eda_sensitive")
            .selected_text(screen.fairness_column.clone().unwrap_or_default())
            .show_ui(ui, |ui| {
                for s in &f.sensitive {
                    ui.selectable_value(
                        &mut screen.fairness_column,
                        Some(s.column.clone()),
                        &s.column,
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
    let Some(s) = screen
        .fairness_column
        .as_ref()
        .and_then(|c| f.sensitive.iter().find(|s| &s.column == c))
    else {
        return;
    };
    match (&f.label, &f.label_problem) {
        (_, Some(problem)) => {
            ui.label(RichText::new(format!("⚠ No base rates: {problem}")).color(theme::warn()));
        }
        (Some(label), None) => {
            ui.label(format!(
                "Base rate: the share of rows with {label} = {} among rows with a label",
                f.positive.as_deref().unwrap_or("the positive value")
            ));
        }
        (None, None) => {
            ui.label(
                RichText::new("Choose a label column in Column settings to see base rates").weak(),
            );
        }
    }
    if let Some(binning) = &s.binning {
        ui.label(RichText::new(format!("Grouped into bins: {binning}")).weak());
    }

    section_title(ui, "Representation");
    egui::Grid::new(("eda_representation", &s.column))
        .num_columns(8)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "Group",
                "Rows",
                "Share",
                "Reference share",
                "Difference",
                "Labelled",
                "Positive",
                "Base rate",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for g in &s.groups {
                ui.label(&g.group);
                ui.label(count(g.count));
                ui.label(share(g.share));
                ui.label(g.reference_share.map_or_else(|| "—".to_owned(), share));
                match g.difference {
                    Some(d) => {
                        ui.label(format!("{:+.1} pp", d * 100.0));
                    }
                    None => {
                        ui.label("—");
                    }
                }
                ui.label(count(g.labelled));
                ui.label(count(g.positives));
                ui.label(g.base_rate.map_or_else(|| "—".to_owned(), share));
                ui.end_row();
            }
        });
    if s.missing > 0 {
        ui.label(
            RichText::new(format!(
                "{} rows have no value in {}",
                count(s.missing),
                s.column
            ))
            .weak(),
        );
    }
    let labels: Vec<String> = s.groups.iter().map(|g| g.group.clone()).collect();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new("Share of rows").strong());
            group_bars_ui(
                ui,
                ("eda_shares", &s.column),
                &labels,
                &[
                    (
                        "Share in the data",
                        theme::series_after(),
                        s.groups.iter().map(|g| Some(g.share * 100.0)).collect(),
                    ),
                    (
                        "Reference population",
                        theme::series_before(),
                        s.groups
                            .iter()
                            .map(|g| g.reference_share.map(|r| r * 100.0))
                            .collect(),
                    ),
                ],
                "Share (%)",
            );
        });
        if s.groups.iter().any(|g| g.base_rate.is_some()) {
            ui.add_space(12.0);
            ui.vertical(|ui| {
                ui.label(RichText::new("Label base rate").strong());
                group_bars_ui(
                    ui,
                    ("eda_base_rates", &s.column),
                    &labels,
                    &[(
                        "Base rate",
                        theme::series_after(),
                        s.groups
                            .iter()
                            .map(|g| g.base_rate.map(|r| r * 100.0))
                            .collect(),
                    )],
                    "Base rate (%)",
                );
            });
        }
    });

    section_title(ui, "Likely proxies");
    ui.label(format!(
        "Association of each feature with {}: correlation ratio η for numeric features, Cramér's V otherwise; \
         at or above {} the feature is flagged as a likely proxy.",
        s.column,
        number(f.proxy_threshold)
    ));
    egui::Grid::new(("eda_proxies", &s.column))
        .num_columns(4)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in ["Feature", "Measure", "Association", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for p in &s.proxies {
                ui.label(&p.column);
                ui.label(method_label(p.method));
                ui.label(optional(p.value));
                if p.flagged {
                    ui.label(
                        RichText::new("⚠ Likely proxy")
                            .color(theme::warn())
                            .strong(),
                    );
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });

    if !s.numeric_by_group.is_empty() {
        section_title(ui, "Numeric features per group");
        box_plots_ui(ui, s);
    }
}

/// Vertical bars per group, one series per entry of `series` (values in %; `None` draws no bar).
pub(super) fn group_bars_ui(
    ui: &mut Ui,
    id: impl egui::AsIdSalt,
    labels: &[String],
    series: &[(&str, egui::Color32, Vec<Option<f64>>)],
    y_label: &str,
) {
    let k = series
        .iter()
        .filter(|s| s.2.iter().any(Option::is_some))
        .count()
        .max(1);
    #[expect(clippy::cast_precision_loss, reason = "a handful of series")]
    let width = 0.8 / k as f64;
    let axis_labels = labels.to_vec();
    #[expect(clippy::cast_precision_loss, reason = "a chart width")]
    let plot_width = (labels.len() as f32 * 90.0 + 120.0).clamp(280.0, 900.0);
    let top = series
        .iter()
        .flat_map(|s| s.2.iter().flatten())
        .copied()
        .fold(0.0_f64, f64::max);
    Plot::new(id)
        .height(240.0)
        .width(plot_width)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        // Headroom above the bars for the legend.
        .include_y(top * 1.4)
        .include_x(-0.6)
        .show_grid([false, true])
        .y_axis_label(y_label)
        .x_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, false))
        .x_grid_spacer(category_marks(labels.len()))
        .show(ui, |plot| {
            let mut drawn = 0_usize;
            for (name, color, values) in series {
                if values.iter().all(Option::is_none) {
                    continue;
                }
                #[expect(clippy::cast_precision_loss, reason = "bar offsets")]
                let offset = (drawn as f64 - (k as f64 - 1.0) / 2.0) * width;
                drawn += 1;
                let bars: Vec<Bar> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        #[expect(clippy::cast_precision_loss, reason = "bar positions")]
                        let x = i as f64 + offset;
                        v.map(|v| {
                            Bar::new(x, v)
                                .width(width * 0.95)
                                .name(labels.get(i).cloned().unwrap_or_default())
                        })
                    })
                    .collect();
                let series_name = (*name).to_owned();
                plot.bar_chart(BarChart::new(*name, bars).color(*color).element_formatter(
                    Box::new(move |bar, _| {
                        format!("{}, {series_name}: {:.1}%", bar.name, bar.value)
                    }),
                ));
            }
        });
}

pub(super) fn box_plots_ui(ui: &mut Ui, s: &SensitiveProfile) {
    let id = egui::Id::unique(("eda_box_column", &s.column));
    let mut chosen: String = ui
        .data(|d| d.get_temp::<String>(id))
        .filter(|c| s.numeric_by_group.iter().any(|n| &n.column == c))
        .or_else(|| s.numeric_by_group.first().map(|n| n.column.clone()))
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label("Feature");
        egui::ComboBox::from_id_salt(("eda_box_feature", &s.column))
            .selected_text(&chosen)
            .show_ui(ui, |ui| {
                for n in &s.numeric_by_group {
                    ui.selectable_value(&mut chosen, n.column.clone(), &n.column);
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.data_mut(|d| d.insert_temp(id, chosen.clone()));
    let Some(numeric) = s.numeric_by_group.iter().find(|n| n.column == chosen) else {
        return;
    };
    let labels: Vec<String> = numeric.groups.iter().map(|g| g.group.clone()).collect();
    let groups = labels.len();
    let boxes: Vec<BoxElem> = numeric
        .groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let spread = BoxSpread::new(g.min?, g.q1?, g.median?, g.q3?, g.max?);
            #[expect(clippy::cast_precision_loss, reason = "box positions")]
            Some(
                BoxElem::new(i as f64, spread)
                    .box_width(0.5)
                    .whisker_width(0.3)
                    .name(format!("{} (n = {})", g.group, count(g.count))),
            )
        })
        .collect();
    let axis_labels = labels;
    Plot::new(("eda_box_plot", &s.column, &numeric.column))
        .height(280.0)
        .width(640.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(-0.6)
        .show_grid([false, true])
        .y_axis_label(numeric.column.as_str())
        .x_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, false))
        .x_grid_spacer(category_marks(groups))
        .show(ui, |plot| {
            plot.box_plot(
                BoxPlot::new(numeric.column.as_str(), boxes)
                    .color(theme::series_after())
                    .element_formatter(Box::new(|b, _| {
                        format!(
                            "{}\nmax {}\nQ3 {}\nmedian {}\nQ1 {}\nmin {}",
                            b.name,
                            number(b.spread.upper_whisker),
                            number(b.spread.quartile3),
                            number(b.spread.median),
                            number(b.spread.quartile1),
                            number(b.spread.lower_whisker)
                        )
                    })),
            );
        });
    ui.label(
        RichText::new("Boxes from the first to the third quartile, the median inside; whiskers to the minimum and maximum")
            .weak(),
    );
}
