//! "Create risk from finding" for a contradicted claim: a register entry pre-filled with the claim, the
//! numbers that contradict it and an evidence link to the audit and the dataset's fingerprint. The link's
//! reference (`model card claim C-2`) identifies the claim, so pressing the button twice finds the risk
//! already made instead of adding a second one.

use super::claims::ClaimCheck;
use super::verdict::Verdict;
use crate::model::Project;
use crate::model::register::{EvidenceKind, EvidenceLink, Risk, next_risk_id};

/// The evidence reference of a claim's risk.
#[must_use]
pub fn claim_reference(claim_id: &str) -> String {
    format!("model card claim {claim_id}")
}

/// The risk already created from this claim, if any.
#[must_use]
pub fn risk_for_claim<'a>(project: &'a Project, claim_id: &str) -> Option<&'a Risk> {
    let reference = claim_reference(claim_id);
    project
        .risks
        .iter()
        .find(|r| r.evidence.iter().any(|e| e.reference == reference))
}

/// A register entry for a contradicted claim; `None` when the claim is not contradicted.
#[must_use]
pub fn risk_from_claim(project: &Project, check: &ClaimCheck) -> Option<Risk> {
    if check.verdict != Verdict::Contradicted {
        return None;
    }
    let row = check.deciding_row()?;
    let audit = check.audit_name.clone().unwrap_or_default();
    let dataset_id = check.dataset_id.clone().unwrap_or_default();
    let dataset_name = project
        .dataset(&dataset_id)
        .map_or_else(|| dataset_id.clone(), |d| d.name.clone());
    let mut risk = Risk::new(next_risk_id(&project.risks));
    risk.title = format!("Model card claim contradicted: {}", check.claim);
    risk.description = format!(
        "The model card documents \"{}\" ({}), but the audit \"{audit}\" on {dataset_name} measured {}: {}. \
         Users relying on the card are misinformed about the model's performance.",
        check.claim, check.claim_id, row.group, row.reason
    );
    risk.trustworthiness = vec![
        "accountable_transparent".to_owned(),
        "valid_reliable".to_owned(),
    ];
    risk.rmf_subcategories = vec!["MEASURE 2.11".to_owned(), "MAP 2.2".to_owned()];
    "The documentation was written before, or without, an audit with confidence intervals"
        .clone_into(&mut risk.cause);
    risk.event = format!(
        "The model does not meet its documented claim: {}",
        check.claim
    );
    "Decisions are taken on a model whose documented performance it does not have; possible harm to the \
     groups concerned and misleading disclosures"
        .clone_into(&mut risk.consequence);
    if row.group.contains('=') {
        risk.affected_groups = vec![row.group.clone()];
    }
    risk.evidence = vec![EvidenceLink {
        kind: EvidenceKind::AuditCheck,
        reference: claim_reference(&check.claim_id),
        dataset_sha256: check.dataset_sha256.clone(),
        note: format!("{audit}: {} — {}", row.group, row.reason),
        dataset_id,
        check: None,
    }];
    Some(risk)
}
