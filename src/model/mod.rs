//! The project: everything one assessment holds, how it is stored and how it changes.
//!
//! - [`project`]: the data held in a `*.riskbench.ron` file.
//! - [`settings`]: risk matrix scales and bands, fairness thresholds.
//! - [`schema`]: schema versions and migration of older files.
//! - [`file`]: loading with precise errors, atomic saving, autosave sidecars.
//! - [`consistency`]: cross-references that point at nothing, repeated ids, cycles; repaired on request.
//! - [`history`]: the one mutation gate with undo/redo and dirty tracking.
//! - [`fmea`]: FMEA worksheets with AIAG-VDA action priority, adapted to ML pipelines.
//! - [`audit`]: fairness audits saved in a project.
//! - [`audit_trail`]: who changed what and when, append-only and chained by SHA-256.
//! - [`drift`]: drift configurations, their results and the KRIs that watch them.
//! - [`data_columns`]: per-column settings of a dataset (type override, role, reference shares).
//! - [`context`]: the Map context (intended use, affected groups, EU AI Act classification).
//! - [`taxonomy`]: NIST AI RMF core, AI 600-1 risks, trustworthiness characteristics, EU AI Act tiers, MIT AI
//!   Risk Repository taxonomies, ISO/IEC 23894 and 42001 IDs, custom categories.
//! - [`checklist`]: the NIST AI RMF checklist (status, notes and links per subcategory, coverage).
//! - [`frameworks`]: EU AI Act, ISO/IEC 42001 and 23894, Google SAIF, Microsoft RAI Standard and NIST AI 600-1:
//!   one checklist per framework, EU AI Act applicability and FRIA, the crosswalk, risk tags.
//! - [`register`]: the risk register (ratings, controls, treatments, actions, acceptance, evidence links).
//! - [`bowtie`]: bow-tie analyses, their shared barrier library, layout and SVG/PNG export.
//! - [`text_metrics`]: text widths and wrapping with the embedded Noto Sans, for layouts computed here.
//! - [`governance`]: the review board, its decisions with votes and vetoes, red teaming, bias bounty and
//!   assurance reviews.
//! - [`ids`]: generated ids (`R-3`, `FM-12`) and the order that puts `R-2` before `R-10`.
//! - [`validation`]: data validation rules (Great Expectations style) with severity and note.
//! - [`model_card`]: the model card (Model Card Toolkit sections), documented claims, datasheets.
//! - [`workshop`]: workshop sessions (pre-mortem): round-robin capture, themes, dot votes, promotion to risks.
//! - [`error_analysis`]: error analyses (error tree, heat map, attributions, counterfactuals) saved in a project.
//! - [`palette`]: every colour the product uses, shared by the GUI and the PDF.
//!
//! Nothing here imports egui or eframe, and nothing reads the clock: dates are passed in.

pub mod audit;
pub mod audit_trail;
pub mod bowtie;
pub mod checklist;
pub mod column_settings;
pub mod consistency;
pub mod context;
pub mod csv_table;
pub mod data_columns;
pub mod date;
pub mod drift;
pub mod error_analysis;
pub mod file;
pub mod file_name;
pub mod finite;
pub mod fmea;
pub mod frameworks;
pub mod governance;
pub mod history;
pub mod ids;
pub mod incident;
pub mod kill_switch;
mod labelled;
pub mod mitigation;
pub mod model_card;
pub mod palette;
pub mod project;
pub mod register;
pub mod review;
pub mod sample_copy;
pub mod schema;
pub mod settings;
pub mod severity;
pub mod taxonomy;
pub mod text_metrics;
pub mod validation;
pub mod validation_edit;
pub mod workshop;

pub use date::IsoDate;
pub use history::Document;
pub use project::{
    Classification, DatasetFormat, DatasetRef, DatasetRole, LineOfDefence, Metadata, Person,
    Project,
};
pub use settings::{FairnessThresholds, RiskAppetite, RiskBand, RiskMatrix, Settings};
