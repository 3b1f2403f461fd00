//! Measure › Mitigations: what a control would do to the decisions of a saved audit whose dataset has a
//! score column. A threshold slider with the per-group metrics, disparities, the four-fifths check and the
//! confusion counts updating live; a review band with the cases it routes per group; per-group thresholds
//! found for a constraint and an objective within a tolerance, with the Pareto frontier; and "Adopt as
//! control", which records the option and links it to a register risk.
//!
//! Every number comes from [`crate::analysis::mitigation`] (the fast threshold index and the fairness
//! engine); this screen only holds the choices and draws them.

use egui::{RichText, Ui};

use crate::analysis::fairness::{DisparityKind, Metric, SummaryMetric};
use crate::analysis::mitigation::adopt::{AdoptContext, adopted_from_solution};
use crate::analysis::mitigation::search::{
    Constraint, Objective, SearchOptions, ThresholdSolution, find_thresholds,
};
use crate::analysis::mitigation::{Band, ScoredData, ScoredSpec, ThresholdIndex, load_scored};
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::model::register::ControlEffectiveness;
use crate::model::{Document, IsoDate, file};

/// The data of the chosen audit, read once.
pub struct Loaded {
    /// Name of the saved audit.
    pub audit_name: String,
    /// Its dataset id.
    pub dataset_id: String,
    /// The dataset's SHA-256 as recorded in the project.
    pub dataset_sha256: String,
    /// Label, score, sensitive column.
    pub columns: (String, String, String),
    /// The rows.
    pub data: ScoredData,
    /// Sorted scores per group.
    pub index: ThresholdIndex,
    /// The audit's own threshold (the current rule).
    pub current_threshold: f64,
}

/// The screen's state (the app keeps one).
pub struct MitigationScreen {
    /// The saved audit chosen.
    pub audit_name: Option<String>,
    /// Its data, once loaded.
    pub loaded: Option<Loaded>,
    /// The slider.
    pub threshold: f64,
    /// Whether a review band is applied.
    pub band_enabled: bool,
    /// Lowest score sent to review.
    pub band_low: f64,
    /// First score above the band.
    pub band_high: f64,
    /// Cases per month to size the review at (0: the dataset's volume).
    pub volume: f64,
    /// The constraint of the search.
    pub constraint: Constraint,
    /// Index into [`OBJECTIVES`].
    pub objective: usize,
    /// Tolerance of the search.
    pub tolerance: f64,
    /// The last search result.
    pub solution: Option<ThresholdSolution>,
    /// The risk to link an adopted option to.
    pub risk_id: Option<String>,
    /// Why the option is chosen.
    pub rationale: String,
    /// The last adopted mitigation id.
    pub adopted: Option<String>,
    /// The last error, shown in the screen.
    pub error: Option<String>,
}

impl Default for MitigationScreen {
    fn default() -> Self {
        MitigationScreen {
            audit_name: None,
            loaded: None,
            threshold: 0.5,
            band_enabled: false,
            band_low: 0.4,
            band_high: 0.6,
            volume: 0.0,
            constraint: Constraint::DemographicParity,
            objective: 0,
            tolerance: 0.01,
            solution: None,
            risk_id: None,
            rationale: String::new(),
            adopted: None,
            error: None,
        }
    }
}

/// Objectives offered (Fairlearn's names).
pub const OBJECTIVES: [Objective; 5] = [
    Objective::AccuracyScore,
    Objective::BalancedAccuracyScore,
    Objective::SelectionRate,
    Objective::TruePositiveRate,
    Objective::TrueNegativeRate,
];

fn rate(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"))
}

fn load(doc: &Document, audit_name: &str) -> Result<Loaded, String> {
    let project = doc.project();
    let audit = project
        .audits
        .iter()
        .find(|a| a.name == audit_name)
        .ok_or_else(|| format!("no saved audit {audit_name:?}"))?;
    let score = audit
        .spec
        .score
        .clone()
        .ok_or_else(|| format!("the audit {audit_name:?} has no score column"))?;
    let sensitive = audit
        .spec
        .sensitive
        .first()
        .cloned()
        .ok_or_else(|| "the audit has no sensitive column".to_owned())?;
    let dataset = project
        .dataset(&audit.dataset_id)
        .ok_or_else(|| format!("the project has no dataset {}", audit.dataset_id))?;
    let base = doc.base_dir().unwrap_or_else(|| std::path::Path::new("."));
    let path = file::resolve_path(&dataset.path, base);
    let df = read_table(&path, &TaskControl::new()).map_err(|e| e.to_string())?;
    let data = load_scored(
        &df,
        &ScoredSpec {
            label: audit.spec.label.clone(),
            score: score.clone(),
            sensitive: vec![sensitive.clone()],
            positive: audit.spec.positive.clone(),
            weight: audit.spec.weight.clone(),
            date: None,
        },
    )
    .map_err(|e| e.to_string())?;
    let index = ThresholdIndex::build(&data);
    Ok(Loaded {
        audit_name: audit_name.to_owned(),
        dataset_id: dataset.dataset_id.clone(),
        dataset_sha256: dataset.sha256.clone(),
        columns: (audit.spec.label.clone(), score, sensitive),
        data,
        index,
        current_threshold: audit.spec.threshold.unwrap_or(0.5),
    })
}

/// Draw the screen.
pub fn mitigation_ui(ui: &mut Ui, screen: &mut MitigationScreen, doc: &mut Document) {
    ui.label(
        "Test a control on the data before it goes into the plan: move the threshold, send a score band to \
         review, or search per-group thresholds; then adopt the option as a control of a risk.",
    );
    let audits: Vec<String> = doc
        .project()
        .audits
        .iter()
        .filter(|a| a.spec.score.is_some())
        .map(|a| a.name.clone())
        .collect();
    if audits.is_empty() {
        ui.label(
            "No saved audit uses a score column: save an audit with a score and a threshold first.",
        );
        return;
    }
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Audit")
            .selected_text(
                screen
                    .audit_name
                    .clone()
                    .unwrap_or_else(|| "Choose…".to_owned()),
            )
            .show_ui(ui, |ui| {
                for name in &audits {
                    ui.selectable_value(&mut screen.audit_name, Some(name.clone()), name);
                }
            });
        let ready = screen.audit_name.is_some();
        if ui
            .add_enabled(ready, egui::Button::new("Load data"))
            .clicked()
            && let Some(name) = screen.audit_name.clone()
        {
            match load(doc, &name) {
                Ok(loaded) => {
                    screen.threshold = loaded.current_threshold;
                    screen.solution = None;
                    screen.error = None;
                    screen.loaded = Some(loaded);
                }
                Err(e) => screen.error = Some(e),
            }
        }
    });
    if let Some(e) = &screen.error {
        ui.colored_label(super::theme::error(), e);
    }
    let Some(loaded) = &screen.loaded else {
        return;
    };
    for note in &loaded.data.notes {
        ui.label(RichText::new(note).italics());
    }
    // The observed score range, widened to whole hundredths so the slider's steps fall on round values.
    let [lo, hi] = loaded.data.score_range;
    let (lo, hi) = ((lo * 100.0).floor() / 100.0, (hi * 100.0).ceil() / 100.0);
    ui.separator();
    ui.heading("One threshold for everyone");
    ui.add(
        egui::Slider::new(&mut screen.threshold, lo..=hi)
            .text("Threshold")
            .step_by(0.01),
    );
    threshold_ui(ui, screen);
    ui.separator();
    ui.heading("Review band");
    band_ui(ui, screen, lo, hi);
    ui.separator();
    ui.heading("Per-group thresholds");
    search_ui(ui, screen);
    ui.separator();
    ui.heading("Record the option");
    adopt_ui(ui, screen, doc);
}

fn threshold_ui(ui: &mut Ui, screen: &MitigationScreen) {
    let Some(loaded) = &screen.loaded else { return };
    let thresholds = vec![screen.threshold; loaded.index.groups()];
    let m = loaded.index.metrics_at(&thresholds);
    egui::Grid::new("mitigation_groups")
        .striped(true)
        .show(ui, |ui| {
            for head in [
                "Group",
                "n",
                "Selection rate",
                "TPR",
                "FPR",
                "Accuracy",
                "TP",
                "FP",
                "TN",
                "FN",
            ] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for (g, key) in loaded.data.groups.iter().enumerate() {
                ui.label(key.label());
                ui.label(
                    rate(m.group(g, Metric::Count))
                        .trim_end_matches(".000")
                        .to_owned(),
                );
                ui.label(rate(m.group(g, Metric::SelectionRate)));
                ui.label(rate(m.group(g, Metric::TruePositiveRate)));
                ui.label(rate(m.group(g, Metric::FalsePositiveRate)));
                ui.label(rate(m.group(g, Metric::Accuracy)));
                for cell in [
                    Metric::TruePositives,
                    Metric::FalsePositives,
                    Metric::TrueNegatives,
                    Metric::FalseNegatives,
                ] {
                    ui.label(format!("{:.0}", m.group(g, cell).unwrap_or(0.0)));
                }
                ui.end_row();
            }
        });
    let dp = m.summary(SummaryMetric::DemographicParityDifference);
    let eo = m.summary(SummaryMetric::EqualizedOddsDifference);
    let ratio = m.disparity(Metric::SelectionRate, DisparityKind::RatioBetweenGroups);
    ui.label(format!(
        "Demographic parity difference {}, equalized odds difference {}, selection-rate ratio {}",
        rate(dp),
        rate(eo),
        rate(ratio)
    ));
    match ratio {
        Some(r) if r >= 0.8 => ui.colored_label(super::theme::ok(), "Four-fifths rule: pass"),
        Some(_) => ui.colored_label(super::theme::error(), "Four-fifths rule: fail"),
        None => ui.label("Four-fifths rule: undefined (no group is selected)"),
    };
}

fn band_ui(ui: &mut Ui, screen: &mut MitigationScreen, lo: f64, hi: f64) {
    ui.checkbox(&mut screen.band_enabled, "Send a score band to review");
    if !screen.band_enabled {
        return;
    }
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
    let Some(loaded) = &screen.loaded else { return };
    if screen.band_low >= screen.band_high {
        ui.label("The band is empty: its start must be below its end");
        return;
    }
    let band = Band {
        low: screen.band_low,
        high: screen.band_high,
    };
    let mut routed_total = 0;
    let mut automated = Vec::new();
    egui::Grid::new("mitigation_band")
        .striped(true)
        .show(ui, |ui| {
            for head in ["Group", "To review", "Share", "Automated accuracy"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for (g, key) in loaded.data.groups.iter().enumerate() {
                let b = loaded.index.band_at(g, screen.threshold, band);
                routed_total += b.routed_rows;
                automated.push(b.automated);
                let n = loaded.index.group_rows(g);
                ui.label(key.label());
                ui.label(b.routed_rows.to_string());
                #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
                ui.label(if n > 0 {
                    format!("{:.1} %", b.routed_rows as f64 / n as f64 * 100.0)
                } else {
                    "—".to_owned()
                });
                let m = crate::analysis::fairness::CountMetrics::evaluate(&[b.automated], false);
                ui.label(rate(m.group(0, Metric::Accuracy)));
                ui.end_row();
            }
        });
    let rows = loaded.data.rows();
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let share = routed_total as f64 / rows.max(1) as f64;
    let m = crate::analysis::fairness::CountMetrics::evaluate(&automated, false);
    ui.label(format!(
        "{routed_total} of {rows} cases go to review ({:.1} %){}; decisions left automatic: accuracy {}, \
         demographic parity difference {}",
        share * 100.0,
        if screen.volume > 0.0 {
            format!(", {:.0} a month at {:.0} cases a month", share * screen.volume, screen.volume)
        } else {
            String::new()
        },
        rate(m.overall(Metric::Accuracy)),
        rate(m.summary(SummaryMetric::DemographicParityDifference))
    ));
}

fn search_ui(ui: &mut Ui, screen: &mut MitigationScreen) {
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Constraint")
            .selected_text(screen.constraint.name())
            .show_ui(ui, |ui| {
                for c in Constraint::ALL {
                    ui.selectable_value(&mut screen.constraint, c, c.name());
                }
            });
        egui::ComboBox::from_label("Objective")
            .selected_text(OBJECTIVES[screen.objective.min(OBJECTIVES.len() - 1)].name())
            .show_ui(ui, |ui| {
                for (i, o) in OBJECTIVES.iter().enumerate() {
                    ui.selectable_value(&mut screen.objective, i, o.name());
                }
            });
    });
    ui.add(
        egui::Slider::new(&mut screen.tolerance, 0.0..=0.2)
            .text("Tolerance")
            .step_by(0.005),
    );
    let Some(loaded) = &screen.loaded else { return };
    if ui.button("Find thresholds").clicked() {
        match find_thresholds(
            &loaded.index,
            &loaded.data.groups,
            SearchOptions {
                constraint: screen.constraint,
                objective: OBJECTIVES[screen.objective.min(OBJECTIVES.len() - 1)],
                tolerance: screen.tolerance,
                randomized: false,
                grid_size: 1000,
            },
        ) {
            Ok(s) => {
                screen.solution = Some(s);
                screen.error = None;
            }
            Err(e) => screen.error = Some(e.to_string()),
        }
    }
    let Some(solution) = &screen.solution else {
        return;
    };
    for line in &solution.explanation {
        ui.label(line);
    }
    ui.label(format!(
        "Accuracy {}, largest difference {:.4}{}",
        rate(solution.overall.accuracy),
        solution.constraint_violation,
        if solution.met {
            ""
        } else {
            " (the tolerance cannot be met: closest point)"
        }
    ));
    egui::CollapsingHeader::new("Pareto frontier").show(ui, |ui| {
        egui::Grid::new("mitigation_frontier")
            .striped(true)
            .show(ui, |ui| {
                for head in ["Tolerance", "Objective", "Largest difference"] {
                    ui.label(RichText::new(head).strong());
                }
                ui.end_row();
                for p in &solution.frontier {
                    ui.label(format!("{}", p.tolerance));
                    ui.label(format!("{:.4}", p.objective));
                    ui.label(format!("{:.4}", p.constraint_violation));
                    ui.end_row();
                }
            });
    });
}

fn adopt_ui(ui: &mut Ui, screen: &mut MitigationScreen, doc: &mut Document) {
    let risks: Vec<(String, String)> = doc
        .project()
        .risks
        .iter()
        .map(|r| (r.risk_id.clone(), format!("{} {}", r.risk_id, r.title)))
        .collect();
    egui::ComboBox::from_label("Risk")
        .selected_text(
            screen
                .risk_id
                .as_ref()
                .and_then(|id| risks.iter().find(|r| &r.0 == id))
                .map_or_else(|| "No risk".to_owned(), |r| r.1.clone()),
        )
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut screen.risk_id, None, "No risk");
            for (id, text) in &risks {
                ui.selectable_value(&mut screen.risk_id, Some(id.clone()), text);
            }
        });
    ui.horizontal(|ui| {
        let label = ui.label("Why this option");
        ui.text_edit_singleline(&mut screen.rationale)
            .labelled_by(label.id);
    });
    let (Some(loaded), Some(solution)) = (&screen.loaded, &screen.solution) else {
        ui.label("Find per-group thresholds first: the option found is what gets adopted");
        return;
    };
    if ui.button("Adopt as control").clicked() {
        let mut columns = std::collections::BTreeMap::new();
        columns.insert("label".to_owned(), loaded.columns.0.clone());
        columns.insert("score".to_owned(), loaded.columns.1.clone());
        columns.insert("sensitive".to_owned(), loaded.columns.2.clone());
        let ctx = AdoptContext {
            name: format!(
                "Per-group thresholds ({} within {})",
                solution.constraint.replace('_', " "),
                solution.tolerance
            ),
            dataset_id: loaded.dataset_id.clone(),
            dataset_sha256: loaded.dataset_sha256.clone(),
            columns,
            current_threshold: loaded.current_threshold,
            rationale: screen.rationale.clone(),
            risk_id: screen.risk_id.clone(),
            today: IsoDate::today(),
        };
        let record = adopted_from_solution(&loaded.index, &loaded.data, solution, &ctx);
        let effectiveness = if solution.met {
            ControlEffectiveness::Effective
        } else {
            ControlEffectiveness::PartiallyEffective
        };
        match doc.edit(|p| crate::model::mitigation::adopt(p, record, effectiveness)) {
            Ok(id) => screen.adopted = Some(id),
            Err(e) => screen.error = Some(e.to_string()),
        }
    }
    if let Some(id) = &screen.adopted {
        ui.label(format!("Adopted as {id}"));
    }
}

impl super::screen::Screen for MitigationScreen {
    fn section(&self) -> super::sections::Section {
        super::sections::Section::Mitigations
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut super::screen::ScreenContext<'_>) {
        mitigation_ui(ui, self, cx.doc);
    }
}
