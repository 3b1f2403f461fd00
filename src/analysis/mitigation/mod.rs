//! Mitigation what-if: what a control would do to the decisions before it goes into the treatment plan.
//!
//! Everything works on one scored dataset ([`ScoredData`]: label, score, one grouping, optional weights and
//! dates) and reuses the fairness engine ([`super::fairness`]) for every metric, so a what-if number and an
//! audit number are the same number:
//! - [`ThresholdIndex`]: scores sorted once per group with prefix sums of the label counts, so the confusion
//!   counts at any threshold (or per-group thresholds, or with a review band) cost one binary search per
//!   group — a slider update on a million rows takes microseconds;
//! - [`search`]: per-group thresholds for a Fairlearn constraint and objective, deterministic cut-offs within a
//!   tolerance, the Pareto frontier, and ([`fairlearn`]) Fairlearn's exact randomized `ThresholdOptimizer`
//!   solution explained in plain words;
//! - [`reweigh`]: Kamiran–Calders reweighing (AIF360 `Reweighing`);
//! - [`options`]: the options compared (thresholds, randomized rule, review band), their metrics and the
//!   decisions [`flips`] per group against the current threshold, with bootstrap intervals;
//! - [`adopt`]: any option, or reweighing, as a record to adopt as a control;
//! - [`whatif`]: the `riskbench whatif` document (the audit shape plus decisions, review band and costs).
//!
//! A score is positive when `score ≥ threshold`, as in the audit.

pub mod adopt;
mod data;
pub mod fairlearn;
pub mod flips;
pub mod options;
pub mod reweigh;
pub mod search;
mod sweep;
pub mod whatif;

pub use data::{MitigationError, MonthRouted, ScoredData, ScoredSpec, load_scored};
pub use sweep::{Band, BandCounts, CurvePoint, GroupCurves, ThresholdIndex};
