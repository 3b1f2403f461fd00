//! Links between bow-ties and the risk register, kept the same on both sides.
//!
//! A bow-tie lists the risks it analyses ([`super::BowTie::risk_ids`]) and a risk lists its bow-ties
//! ([`crate::model::register::Risk::bowtie_ids`]). These project-level operations change both lists together, and
//! deleting a bow-tie also removes it from every risk.

use super::error::BowTieError;
use crate::model::Project;

fn risk_index(project: &Project, risk_id: &str) -> Result<usize, BowTieError> {
    project
        .risks
        .iter()
        .position(|r| r.risk_id == risk_id)
        .ok_or_else(|| BowTieError::UnknownRisk(risk_id.to_owned()))
}

/// Links a bow-tie and a register risk on both sides (nothing changes when they are linked already).
///
/// # Errors
/// [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownRisk`]; the project is unchanged then.
pub fn link_risk(project: &mut Project, bowtie_id: &str, risk_id: &str) -> Result<(), BowTieError> {
    let r = risk_index(project, risk_id)?;
    let bowtie = project
        .bowties
        .bowtie_mut(bowtie_id)
        .ok_or_else(|| BowTieError::UnknownBowTie(bowtie_id.to_owned()))?;
    if !bowtie.risk_ids.iter().any(|id| id == risk_id) {
        bowtie.risk_ids.push(risk_id.to_owned());
    }
    let risk = &mut project.risks[r];
    if !risk.bowtie_ids.iter().any(|id| id == bowtie_id) {
        risk.bowtie_ids.push(bowtie_id.to_owned());
    }
    Ok(())
}

/// Removes the link between a bow-tie and a risk on both sides (either side may be missing).
pub fn unlink_risk(project: &mut Project, bowtie_id: &str, risk_id: &str) {
    if let Some(bowtie) = project.bowties.bowtie_mut(bowtie_id) {
        bowtie.risk_ids.retain(|id| id != risk_id);
    }
    for risk in project.risks.iter_mut().filter(|r| r.risk_id == risk_id) {
        risk.bowtie_ids.retain(|id| id != bowtie_id);
    }
}

/// Deletes a bow-tie, the barriers only it used, and its id from every risk; returns the barrier ids removed.
///
/// # Errors
/// [`BowTieError::UnknownBowTie`]; the project is unchanged then.
pub fn delete_bowtie(project: &mut Project, bowtie_id: &str) -> Result<Vec<String>, BowTieError> {
    let removed = project.bowties.remove_bowtie(bowtie_id)?;
    for risk in &mut project.risks {
        risk.bowtie_ids.retain(|id| id != bowtie_id);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;
    use crate::model::register::Risk;

    #[test]
    fn links_stay_two_sided() {
        let mut p = Project::blank("x", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.risks.push(Risk::new("R-1"));
        let id = p.bowties.new_bowtie("B").unwrap();
        assert_eq!(
            link_risk(&mut p, &id, "R-9"),
            Err(BowTieError::UnknownRisk("R-9".to_owned()))
        );
        assert!(link_risk(&mut p, "BT-9", "R-1").is_err());
        assert!(p.risks[0].bowtie_ids.is_empty());
        link_risk(&mut p, &id, "R-1").unwrap();
        link_risk(&mut p, &id, "R-1").unwrap();
        assert_eq!(p.bowties.diagrams[0].risk_ids, ["R-1"]);
        assert_eq!(p.risks[0].bowtie_ids, ["BT-1"]);
        unlink_risk(&mut p, &id, "R-1");
        assert!(p.bowties.diagrams[0].risk_ids.is_empty() && p.risks[0].bowtie_ids.is_empty());
        link_risk(&mut p, &id, "R-1").unwrap();
        delete_bowtie(&mut p, &id).unwrap();
        assert!(p.risks[0].bowtie_ids.is_empty() && p.bowties.diagrams.is_empty());
    }
}
