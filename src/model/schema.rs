//! Schema versions of the project file and migration of older files.
//!
//! Every released schema version keeps a fixture in `tests/fixtures/schema/` and a migration step here that
//! turns a project of that version into the next one. A file from a newer Riskbench is refused with a clear
//! error, never silently downgraded.
//!
//! How a migration works: the file is read with the current types, where every field added since schema 1
//! has a serde default (and a renamed field keeps its old name as a serde alias), so an older file always
//! deserialises, with errors that still name the line and column. Then the typed steps below run in order to
//! fill in or convert what a default cannot express. (A `ron::Value` round trip is not used: it loses enum
//! variant names.)
//!
//! Version history:
//! - 1 (Riskbench 0.1): metadata, settings (risk matrix, fairness thresholds), dataset references.
//! - 2: FMEA worksheets (`fmea_worksheets`), saved fairness audits (`audits`) and the risk register (`risks`);
//!   a schema 1 project has none.
//! - 3: the Map context and EU AI Act classification, dataset column settings (type overrides, roles, declared
//!   missing placeholders), EDA alert thresholds, the NIST AI RMF checklist, custom risk categories and
//!   bow-ties; a schema 2 project has none of them yet, which the serde defaults give.
//! - 4: drift configurations, results and KRI monitors (`drift`), adopted mitigations (`mitigations`), the
//!   checklists of the frameworks beyond NIST AI RMF with the EU AI Act role and the Article 27 FRIA
//!   (`frameworks`), and validation suites (`validation_suites`); each is left out of the file while empty,
//!   and a schema 3 project has none of them, which the serde defaults give.
//! - 5: the model card with its documented claims (`model_card`) and datasheets (`datasheets`), the plan's
//!   review schedule (`review`) and kill-switch criteria (`kill_switch`), incidents (`incidents`), governance
//!   (`governance`: review board, decisions, red team, bias bounty, assurance), workshops (`workshops`) and the
//!   hash-chained audit trail (`audit_trail`); each is left out of the file while empty, and a schema 4 project
//!   has none of them, which the serde defaults give. Register actions gain `effort_days` and `cost` (left
//!   out while unset).
//! - 6: a review band adopted as a mitigation can carry per-group thresholds (`column`, `group_thresholds` on
//!   the `review_band` rule); workshops record what their sessions created or changed (`recording`, `outputs`,
//!   the `Editors` phase); governance votes carry their `date` and decisions keep replaced votes and lifted
//!   vetoes (`earlier_votes`, `earlier_vetoes`). Each is left out of the file while empty, and a schema 5
//!   project has none of them, which the serde defaults give.

use super::project::Project;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 6;

/// A migration step: turns a project read from schema `n` into schema `n + 1`, in place.
pub type MigrationStep = fn(&mut Project) -> Result<(), String>;

/// The migration steps, indexed by the version they upgrade from (`MIGRATIONS[i]` is `(i + 1) → (i + 2)`).
pub const MIGRATIONS: &[MigrationStep] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6];

/// Schema 2 adds FMEA worksheets, fairness audits and the risk register. A schema 1 file has none, which the serde defaults
/// already give; the step makes sure nothing else came in under those names.
#[expect(
    clippy::unnecessary_wraps,
    reason = "every step has the MigrationStep signature"
)]
fn v1_to_v2(project: &mut Project) -> Result<(), String> {
    project.fmea_worksheets.clear();
    project.audits.clear();
    project.risks.clear();
    Ok(())
}

/// Schema 3 only adds fields whose serde defaults are the right values for an older project (nothing
/// recorded yet), so there is nothing to convert.
#[expect(
    clippy::unnecessary_wraps,
    reason = "every step has the MigrationStep signature"
)]
fn v2_to_v3(_project: &mut Project) -> Result<(), String> {
    Ok(())
}

/// Schema 4 only adds fields whose serde defaults are the right values for an older project (no drift run,
/// mitigation, framework record or validation rule yet), so there is nothing to convert.
#[expect(
    clippy::unnecessary_wraps,
    reason = "every step has the MigrationStep signature"
)]
fn v3_to_v4(_project: &mut Project) -> Result<(), String> {
    Ok(())
}

/// Schema 5 only adds fields whose serde defaults are the right values for an older project (no model card,
/// incident, governance record, workshop or audit trail yet; actions without effort or cost), so there is
/// nothing to convert. An older project starts its audit trail at its first save in this version.
#[expect(
    clippy::unnecessary_wraps,
    reason = "every step has the MigrationStep signature"
)]
fn v4_to_v5(_project: &mut Project) -> Result<(), String> {
    Ok(())
}

/// Schema 6 only adds fields whose serde defaults are the right values for an older project (a band without
/// per-group thresholds, workshops without recorded outputs, votes without dates, no replaced votes or lifted
/// vetoes kept), so there is nothing to convert.
#[expect(
    clippy::unnecessary_wraps,
    reason = "every step has the MigrationStep signature"
)]
fn v5_to_v6(_project: &mut Project) -> Result<(), String> {
    Ok(())
}

/// Upgrades a project read from version `from` by running `steps[from - 1..]` in order; afterwards its
/// `schema_version` is `steps.len() + 1`.
///
/// # Errors
/// The message of the first step that fails, naming the version it was upgrading from.
pub fn migrate(project: &mut Project, from: u32, steps: &[MigrationStep]) -> Result<(), String> {
    let first = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
    for (offset, step) in steps.iter().enumerate().skip(first) {
        step(project).map_err(|e| format!("migrating from schema version {}: {e}", offset + 1))?;
        project.schema_version = u32::try_from(offset + 2).unwrap_or(u32::MAX);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;

    fn blank() -> Project {
        Project::blank("s", IsoDate::from_ymd(2026, 1, 1).unwrap())
    }

    #[expect(clippy::unnecessary_wraps, reason = "a MigrationStep")]
    fn set_owner(p: &mut Project) -> Result<(), String> {
        p.metadata.owner.push_str("+owner");
        Ok(())
    }

    fn fail(_: &mut Project) -> Result<(), String> {
        Err("broken".to_owned())
    }

    #[test]
    fn steps_run_in_order_from_the_file_version_and_bump_it() {
        let mut p = blank();
        p.schema_version = 1;
        migrate(&mut p, 1, &[set_owner, set_owner]).unwrap();
        assert_eq!(p.metadata.owner, "+owner+owner");
        assert_eq!(p.schema_version, 3);

        let mut p = blank();
        p.schema_version = 2;
        migrate(&mut p, 2, &[fail, set_owner]).unwrap();
        assert_eq!(p.metadata.owner, "+owner");
        assert_eq!(p.schema_version, 3);
    }

    #[test]
    fn a_failing_step_names_its_version() {
        let mut p = blank();
        let err = migrate(&mut p, 1, &[set_owner, fail]).unwrap_err();
        assert_eq!(err, "migrating from schema version 2: broken");
    }

    #[test]
    fn the_shipped_steps_reach_the_current_version() {
        let mut p = blank();
        p.schema_version = 1;
        migrate(&mut p, 1, MIGRATIONS).unwrap();
        assert_eq!(p.schema_version, SCHEMA_VERSION);
    }
}
