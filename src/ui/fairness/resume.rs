//! Saved audits come back with their results after a project is reopened: once the dataset files have been
//! checked, every saved audit whose dataset still matches its stored SHA-256 is run again in the background (a
//! run takes well under a second), so the results a risk was created from are on screen again.

use std::collections::BTreeSet;
use std::path::Path;

use super::{FairnessActions, FairnessScreen, RunInput, spec_problems};
use crate::model::Project;

impl FairnessScreen {
    /// Starts a run of every saved audit that has none yet, whose dataset is in `unchanged` (its file matches
    /// the stored fingerprint) and whose settings are complete. Audits that already ran, or whose dataset
    /// changed or is missing, are left alone ("Run audit" stays the user's choice there).
    pub fn resume_saved_audits(
        &mut self,
        project: &Project,
        base: &Path,
        unchanged: &BTreeSet<String>,
    ) -> FairnessActions {
        let mut actions = FairnessActions::default();
        for audit in &project.audits {
            if self.runs.contains_key(&audit.audit_id)
                || !unchanged.contains(&audit.dataset_id)
                || !spec_problems(&audit.spec).is_empty()
            {
                continue;
            }
            if let Some(input) = RunInput::of(project, base, audit) {
                self.start_run(audit, input, &mut actions);
            }
        }
        actions
    }
}
