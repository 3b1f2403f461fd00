//! The measured effect of the kill switch on the Record tab: the decision rate and false positive rate of each
//! group in the days before and after it was pulled, computed by the core
//! ([`crate::analysis::incident::incident_containment_effect`]) on a background job the app starts
//! ([`crate::ui::jobs::RunsSingleJob`]: progress and Cancel in the status bar).

use egui::{RichText, Ui};

use super::{ContainmentActions, IncidentsScreen};
use crate::analysis::incident::{ContainmentEffect, SideCounts, incident_containment_effect};
use crate::model::Document;
use crate::ui::screen::SectionRequest;
use crate::ui::theme;

/// What a containment job returns: the incident it measured and the effect, or why it could not.
pub type Measured = (String, Result<ContainmentEffect, String>);

/// The "Measured effect" panel under the kill-switch decision of incident `id`; a measurement asked for or
/// cancelled goes into `request`.
pub(super) fn containment_ui(
    ui: &mut Ui,
    doc: &Document,
    st: &mut IncidentsScreen,
    id: &str,
    request: &mut Option<SectionRequest>,
) {
    let Some(incident) = doc.project().incidents.iter().find(|i| i.incident_id == id) else {
        return;
    };
    let Some(kill) = &incident.kill_switch else {
        return;
    };
    if kill.effect_data.is_none() || kill.pulled_at.is_none() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Measured effect").strong());
    ui.horizontal(|ui| {
        let busy = st.containment_job.is_running();
        if ui
            .add_enabled(!busy, egui::Button::new("Measure the effect"))
            .on_hover_text(
                "Reads the dataset named above and compares the days before and after the pull",
            )
            .clicked()
        {
            let project = doc.project().clone();
            let incident = incident.clone();
            let base = doc
                .base_dir()
                .map_or_else(|| std::path::PathBuf::from("."), std::path::Path::to_owned);
            let incident_id = id.to_owned();
            st.containment_error = None;
            let actions = st.containment_job.run(
                format!("Measuring the kill switch's effect ({id})"),
                move |control| {
                    let effect = incident_containment_effect(&project, &incident, &base, control);
                    Ok((incident_id, effect))
                },
            );
            *request = Some(SectionRequest::Incidents(actions));
        }
        if busy {
            ui.spinner();
            ui.label("Reading the data…");
            if let Some(job_id) = st.containment_job.job_id()
                && ui.button("Cancel").clicked()
            {
                *request = Some(SectionRequest::Incidents(ContainmentActions::cancel(
                    job_id,
                )));
            }
        }
    });
    if let Some(e) = &st.containment_error {
        ui.label(RichText::new(e).color(theme::error()));
    }
    match &st.containment {
        Some((measured_id, Ok(effect))) if measured_id == id => effect_table(ui, effect),
        Some((measured_id, Err(e))) if measured_id == id => {
            ui.label(
                RichText::new(format!("The effect could not be measured: {e}"))
                    .color(theme::error()),
            );
        }
        _ => {}
    }
}

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn side(counts: &SideCounts, fpr: bool) -> String {
    if fpr {
        rate(counts.false_positive_rate())
    } else {
        rate(counts.decision_rate())
    }
}

fn effect_table(ui: &mut Ui, effect: &ContainmentEffect) {
    ui.label(
        RichText::new(format!(
            "Pulled on {}: {} to {} against {} to {} (the pull day's {} rows are left out; {} rows without a \
             date). Descriptive: the days differ in more than the kill switch.",
            effect.pulled_on,
            effect.before[0],
            effect.before[1],
            effect.after[0],
            effect.after[1],
            effect.rows_on_pull_day,
            effect.rows_without_date
        ))
        .weak(),
    );
    egui::Grid::new("containment_effect")
        .num_columns(if effect.with_ground_truth { 7 } else { 5 })
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            let mut headers = vec![
                "Group",
                "Rows before",
                "Decision rate before",
                "Rows after",
                "Decision rate after",
            ];
            if effect.with_ground_truth {
                headers.extend(["False positive rate before", "False positive rate after"]);
            }
            for h in headers {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for g in &effect.groups {
                ui.label(&g.group);
                ui.label(g.before.rows.to_string());
                ui.label(side(&g.before, false));
                ui.label(g.after.rows.to_string());
                ui.label(side(&g.after, false));
                if effect.with_ground_truth {
                    ui.label(side(&g.before, true));
                    ui.label(side(&g.after, true));
                }
                ui.end_row();
            }
        });
}
