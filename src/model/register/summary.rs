//! Register-wide operations: the next free risk id, heat-map and band counts, bulk status changes, importing risks by id.

use std::collections::HashSet;

use super::{RISK_ID_PREFIX, Rating, Risk, RiskStatus};
use crate::model::ids::next_id;
use crate::model::settings::RiskMatrix;

/// A risk id not used in `risks`: `R-n`, one past the highest `R-<number>` id (others are ignored).
///
/// ```
/// use riskbench::model::register::{Risk, next_risk_id};
/// assert_eq!(next_risk_id(&[]), "R-1");
/// assert_eq!(next_risk_id(&[Risk::new("R-2"), Risk::new("custom")]), "R-3");
/// ```
#[must_use]
pub fn next_risk_id(risks: &[Risk]) -> String {
    next_id(RISK_ID_PREFIX, risks.iter().map(|r| r.risk_id.as_str()))
}

/// Puts `imported` risks into `risks`: a risk whose id exists replaces it in place, the others are added at
/// the end in their order. Returns how many were replaced.
///
/// ```
/// use riskbench::model::register::{Risk, import_risks};
/// let mut risks = vec![Risk::new("R-1"), Risk::new("R-2")];
/// let mut new_r2 = Risk::new("R-2");
/// new_r2.title = "Replaced".to_owned();
/// assert_eq!(import_risks(&mut risks, vec![new_r2, Risk::new("R-9")]), 1);
/// assert_eq!(risks.len(), 3);
/// assert_eq!(risks[1].title, "Replaced");
/// ```
pub fn import_risks(risks: &mut Vec<Risk>, imported: Vec<Risk>) -> usize {
    let mut replaced = 0;
    for risk in imported {
        if let Some(existing) = risks.iter_mut().find(|r| r.risk_id == risk.risk_id) {
            *existing = risk;
            replaced += 1;
        } else {
            risks.push(risk);
        }
    }
    replaced
}

fn rating_of(risk: &Risk, residual: bool) -> Option<Rating> {
    if residual {
        risk.residual
    } else {
        risk.inherent
    }
}

/// Risk ids per heat-map cell, indexed `[likelihood - 1][impact - 1]`, for the inherent or residual
/// ratings. Risks without that rating or with a rating outside the matrix are left out.
#[must_use]
pub fn heat_map_counts(
    risks: &[Risk],
    matrix: &RiskMatrix,
    residual: bool,
) -> Vec<Vec<Vec<String>>> {
    let mut cells =
        vec![vec![Vec::new(); matrix.impact_labels.len()]; matrix.likelihood_labels.len()];
    for risk in risks {
        let Some(rating) = rating_of(risk, residual) else {
            continue;
        };
        if !rating.fits(matrix) {
            continue;
        }
        cells[usize::from(rating.likelihood) - 1][usize::from(rating.impact) - 1]
            .push(risk.risk_id.clone());
    }
    cells
}

/// Number of risks per band of `matrix` (same order as `matrix.bands`), for the inherent or residual
/// ratings. Risks without that rating, with a rating outside the matrix, or whose score falls in no
/// band are not counted.
#[must_use]
pub fn counts_by_band(risks: &[Risk], matrix: &RiskMatrix, residual: bool) -> Vec<usize> {
    let mut counts = vec![0; matrix.bands.len()];
    for risk in risks {
        let rating = rating_of(risk, residual).filter(|r| r.fits(matrix));
        if let Some(band) = rating.and_then(|r| matrix.band_index(r.score())) {
            counts[band] += 1;
        }
    }
    counts
}

/// Sets `status` on every risk whose id is in `ids`; returns how many risks changed.
pub fn set_status_bulk<S: AsRef<str>>(
    risks: &mut [Risk],
    ids: impl IntoIterator<Item = S>,
    status: RiskStatus,
) -> usize {
    let ids: HashSet<String> = ids.into_iter().map(|s| s.as_ref().to_owned()).collect();
    let mut changed = 0;
    for risk in risks.iter_mut().filter(|r| ids.contains(&r.risk_id)) {
        if risk.status != status {
            risk.status = status;
            changed += 1;
        }
    }
    changed
}
