//! Fairness audit engine of Riskbench.
//!
//! Computes, for one or more sensitive columns (and optionally their intersection), the per-group metrics,
//! disparities, summary metrics and pass/fail checks of `fairness-metrics.md`, with the definitions of
//! Fairlearn, AIF360 and Aequitas, plus Wilson score intervals and a seeded, stratified bootstrap.
//!
//! Where we differ from the libraries on purpose:
//! - a rate with a zero denominator is undefined (`null` in JSON, with a reason), never 0 or a silent NaN;
//!   so are ratios whose denominator is 0 (Fairlearn/pandas give NaN or ∞ there);
//! - undefined group values are skipped by the disparities (as pandas skips NaN), so where Fairlearn puts a
//!   0 for a group without positives, its between-group difference can differ from ours;
//! - with weights, the generalized entropy indices use weighted means (AIF360 ignores instance weights);
//! - the α = 0 entropy index follows the textbook formula −(1/n)Σ ln(bᵢ/μ) (AIF360 also divides by μ).
//!
//! Self-contained: submodules refer to each other with `super::`, so this file can become
//! `riskbench::analysis::fairness` unchanged.
//!
//! Entry points: [`audit`], [`fairness_tree`], [`wilson_interval`].

mod bootstrap;
mod config;
mod engine;
mod error;
mod evaluate;
mod findings;
mod groups;
mod input;
mod metric;
mod output;
mod stats;
mod tree;
pub mod wording;

pub use bootstrap::RunControl;
pub use config::{AuditConfig, BootstrapConfig, ReferenceRule, Thresholds, Wording};
pub use engine::{PARITY_METRICS, audit};
pub use error::FairnessError;
pub use findings::{describe_group, sentence};
pub use input::{AuditInput, MISSING_LEVEL, Predictions, SensitiveColumn};
pub use metric::{Direction, DisparityKind, Metric, MetricValue, ReferenceMetric, SummaryMetric};
pub use output::{
    AuditOutput, AuditResult, BootstrapInfo, Check, Disparity, Finding, GroupKey, GroupResult,
    GroupValue, Interval, ReferenceComparison, ReferenceInfo, RowSummary,
};
pub use stats::{normal_quantile, two_sided_z, wilson_interval};
pub use tree::{
    AssistiveCapacity, FairnessConcern, PunitiveFocus, Recommendation, SelectionBasis,
    fairness_tree,
};
