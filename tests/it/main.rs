//! Riskbench's integration tests, in one test binary so that polars and egui are linked once, not once per
//! file. Each module is one area; `support` holds what several of them share (running the `riskbench`
//! binary, the `egui_kittest` harness, PDF inspection with poppler-utils, a sample report document).
//!
//! Run one area with `cargo test --test it cli_audit::`, one test by its name as usual.

mod support;

mod audit_trail;
mod bowtie_export;
mod bowtie_report;
mod cli;
mod cli_audit;
mod cli_dataset;
mod cli_fmea;
mod cli_mitigation;
mod cli_profile;
mod cli_reliability;
mod cli_validate;
mod crash_safety;
mod drift_cli;
mod drift_reference;
mod drift_report;
mod error_analysis_cli;
mod error_analysis_reference;
mod fairness_edge_cases;
mod fairness_reference;
mod first_hour;
mod frameworks_cli;
mod frameworks_data;
mod fuzz_smoke;
mod governance_report;
mod hostile_inputs;
mod incident_sample;
mod large_data;
mod large_profile;
mod large_validate;
mod mitigation_adopt;
mod mitigation_adopt_cli;
mod mitigation_reference;
mod model_card;
mod parquet;
mod profile_reference;
mod project_file;
mod register_findings;
mod report_evidence;
mod report_gaps;
mod report_plan;
mod report_render;
mod report_robustness;
mod sample_end_to_end;
mod ui;
mod ui_autosave;
mod ui_bowtie;
mod ui_checklist;
mod ui_dataset_files;
mod ui_drift;
mod ui_eda;
mod ui_error_analysis;
mod ui_fairness;
mod ui_fmea;
mod ui_frameworks;
mod ui_frameworks_evidence;
mod ui_governance;
mod ui_incidents;
mod ui_mitigation;
mod ui_mitigation_flips;
mod ui_model_card;
mod ui_plan_fields;
mod ui_register;
mod ui_report_preview;
mod ui_sample_tour;
mod ui_unsaved_prompt;
mod ui_validation;
mod ui_validation_editor;
mod ui_workshop_session;
mod ui_workshops;
mod validation_reference;
