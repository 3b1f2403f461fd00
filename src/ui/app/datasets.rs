//! Dataset files: adding one, checking every file against its fingerprint, recording a moved or changed
//! file again, and flagging the risks whose evidence changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{JobOutput, RiskbenchApp, display_name};
use crate::analysis::dataset::FileCheck;
use crate::analysis::dataset::{self, DatasetStatus};
use crate::analysis::rerecord::rerecord_dataset;
use crate::model::file;
use crate::ui::fairness::FairnessScreen;
use crate::ui::notifications::Level;

impl RiskbenchApp {
    pub(super) fn add_dataset(&mut self, path: PathBuf) {
        let name = display_name(&path);
        self.spawn(format!("Fingerprinting {name}"), true, move |control| {
            // A malformed CSV is refused with its line and column before the project changes.
            let file = dataset::inspect_new_dataset(&path, control)?;
            Ok(JobOutput::DatasetInspected {
                path,
                info: file.info,
                notes: file.notes,
            })
        });
    }

    /// Reads a dataset's file again (at a new place, or with new content) to record it in the project.
    pub(super) fn rerecord_dataset(&mut self, dataset_id: String, path: PathBuf) {
        let name = display_name(&path);
        self.spawn(format!("Fingerprinting {name}"), true, move |control| {
            let file = dataset::inspect_new_dataset(&path, control)?;
            Ok(JobOutput::DatasetRerecorded {
                dataset_id,
                path,
                file,
            })
        });
    }

    /// Records where a dataset's file is now and what it holds; findings computed on other content become
    /// stale (audits) or flagged for review (risks).
    pub(super) fn dataset_rerecorded(
        &mut self,
        dataset_id: &str,
        path: &Path,
        file: &dataset::NewDatasetFile,
    ) {
        if self.doc.project().dataset(dataset_id).is_none() {
            return;
        }
        let stored = match self.doc.base_dir() {
            Some(base) => file::relative_path(path, base),
            None => path.to_string_lossy().replace('\\', "/"),
        };
        let message = self.doc.edit(|p| {
            p.datasets
                .iter_mut()
                .find(|d| d.dataset_id == dataset_id)
                .map(|d| rerecord_dataset(d, stored, file))
                .unwrap_or_default()
        });
        self.dataset_checks.insert(
            dataset_id.to_owned(),
            FileCheck::Done(DatasetStatus::Unchanged),
        );
        self.refresh_review_flags();
        self.notify(Level::Info, message);
    }

    pub(super) fn check_datasets(&mut self) {
        let Some(base) = self.doc.base_dir().map(Path::to_owned) else {
            return;
        };
        let datasets = self.doc.project().datasets.clone();
        if datasets.is_empty() {
            return;
        }
        for d in &datasets {
            self.dataset_checks
                .insert(d.dataset_id.clone(), FileCheck::Checking);
        }
        self.spawn("Checking dataset files", true, move |control| {
            let mut out = Vec::new();
            for (i, d) in datasets.iter().enumerate() {
                let status =
                    dataset::check_dataset(d, &base, &crate::analysis::task::TaskControl::new())?;
                out.push((d.dataset_id.clone(), status));
                #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
                control.set_progress((i + 1) as f32 / datasets.len() as f32);
                control.check()?;
            }
            Ok(JobOutput::DatasetsChecked(out))
        });
    }

    /// The dataset fingerprints as last checked on disk, by dataset id (unchecked datasets are left out).
    pub(super) fn current_fingerprints(&self) -> BTreeMap<String, String> {
        self.dataset_checks
            .iter()
            .filter_map(|(id, check)| match check {
                FileCheck::Done(DatasetStatus::Changed { now }) => {
                    Some((id.clone(), now.sha256.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Flags register risks whose evidence changed (dataset fingerprint or linked check outcome) as needing
    /// review, as one undo step, and says which.
    pub(super) fn refresh_review_flags(&mut self) {
        // KRIs read their latest values from the saved drift results (a breached one flags its risk).
        self.doc.edit(crate::ui::drift::apply_monitors);
        let reports = self
            .screens
            .get::<FairnessScreen>()
            .map(|f| f.reports(self.doc.project()))
            .unwrap_or_default();
        let by_name = borrowed(&reports);
        let flags = crate::analysis::findings::new_review_flags(
            self.doc.project(),
            &self.current_fingerprints(),
            &by_name,
        );
        if flags.is_empty() {
            return;
        }
        let ids: Vec<String> = flags.iter().map(|(id, _)| id.clone()).collect();
        self.doc.edit(|p| {
            for (risk_id, reason) in flags {
                if let Some(risk) = p.risks.iter_mut().find(|r| r.risk_id == risk_id) {
                    risk.needs_review = Some(reason);
                }
            }
        });
        self.notify(
            Level::Info,
            format!(
                "{} need review: their evidence changed (see Map › Risk register)",
                ids.join(", ")
            ),
        );
    }

    /// "Mark as reviewed": records the current evidence on the risk's links and clears its flag.
    pub(super) fn mark_reviewed(&mut self, risk_id: &str) {
        let reports = self
            .screens
            .get::<FairnessScreen>()
            .map(|f| f.reports(self.doc.project()))
            .unwrap_or_default();
        let by_name = borrowed(&reports);
        let current = self.current_fingerprints();
        self.doc.edit(|p| {
            let datasets = p.datasets.clone();
            if let Some(risk) = p.risks.iter_mut().find(|r| r.risk_id == risk_id) {
                crate::analysis::findings::acknowledge_review(risk, &datasets, &current, &by_name);
            }
        });
    }
}

/// The fairness screen's latest reports by audit name, borrowed as the review-flag functions take them.
fn borrowed(
    reports: &BTreeMap<String, std::sync::Arc<crate::analysis::audit::AuditReport>>,
) -> BTreeMap<String, &crate::analysis::audit::AuditReport> {
    reports
        .iter()
        .map(|(name, report)| (name.clone(), report.as_ref()))
        .collect()
}
