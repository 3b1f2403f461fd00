//! Computations on datasets: fingerprints today; profiles and fairness audits as they are built.
//!
//! Nothing here imports egui or eframe: every analysis is a function from values to values, so the CLI, the
//! GUI and the tests share one implementation.

pub mod audit;
mod audit_decode;
pub mod audit_spec;
pub mod audit_text;
pub mod columns;
pub mod dataset;
pub mod drift;
pub mod error_analysis;
pub mod evidence;
pub mod fairness;
pub mod findings;
pub mod gate;
pub mod incident;
pub mod junit;
pub mod mitigation;
pub mod model_card;
pub mod parquet_check;
pub mod polars_guard;
pub mod profile;
pub mod quantile;
pub mod rerecord;
pub mod table;
pub mod task;
pub mod validation;
pub mod validation_run;
pub mod view;
