//! The model card held against the evidence, and the card's exchange formats.
//!
//! - [`verdict`]: one measured value and its interval against a claimed bound (supported, contradicted,
//!   inconclusive), with the boundary rules.
//! - [`claims`]: every claim of the card checked against the saved audits' results; the audit that would
//!   measure a claim no audit covers.
//! - [`problems`]: measured problems the card does not mention, limitations without evidence.
//! - [`risk`]: a register risk from a contradicted claim, made once.
//! - [`datasheet`]: datasheet sections pre-filled from a dataset profile.
//! - [`validate`]: claims checked against the data (metric, column, group) before they are measured.
//! - [`toolkit`]: Model Card Toolkit JSON (schema 0.0.2) out and in; [`markdown`]: the card as Markdown.
//!
//! [`Comparison`] bundles everything the screen, the report and the CLI show.

pub mod claims;
pub mod datasheet;
pub mod markdown;
pub mod problems;
pub mod risk;
pub mod toolkit;
pub mod validate;
pub mod verdict;

use serde::Serialize;

use crate::analysis::audit::AuditEvidence;
use crate::analysis::evidence::ProfileEvidence;
use crate::model::Project;

pub use claims::{ClaimCheck, MeasuredRow, SuggestedAudit, check_claims, suggest_audit};
pub use problems::{UndocumentedProblem, UnsupportedLimitation};
pub use verdict::Verdict;

/// Documented vs measured, for the whole card.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Each claim with its verdict and numbers, in card order.
    pub claims: Vec<ClaimCheck>,
    /// Measured problems the card does not mention.
    pub undocumented: Vec<UndocumentedProblem>,
    /// Limitations without evidence.
    pub unsupported_limitations: Vec<UnsupportedLimitation>,
}

impl Comparison {
    /// Compares the project's card with the saved audits' results and the dataset profiles (pass an empty
    /// slice of profiles to leave proxies out).
    #[must_use]
    pub fn compute(
        project: &Project,
        audits: &[AuditEvidence],
        profiles: &[ProfileEvidence],
    ) -> Self {
        Self {
            claims: check_claims(project, audits),
            undocumented: problems::undocumented_problems(project, audits, profiles),
            unsupported_limitations: problems::limitations_without_evidence(project),
        }
    }

    /// How many claims have `verdict`.
    #[must_use]
    pub fn count(&self, verdict: Verdict) -> usize {
        self.claims.iter().filter(|c| c.verdict == verdict).count()
    }
}
