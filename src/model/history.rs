//! The one mutation gate of the project: every edit goes through [`Document`], which gives undo/redo
//! (100 steps), dirty tracking for the title bar and autosave, and the link to the file on disk.
//!
//! Edits come in two kinds. Discrete edits ([`Document::edit`]: add a dataset, delete a row) become one undo
//! step at once. Live edits ([`Document::project_mut`]: a text field, a slider) change the project every frame;
//! they are committed as one undo step by [`Document::end_frame`] when the user stops interacting, so a
//! slider drag or a typed word is one step, not a hundred.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use super::project::Project;

/// How many undo steps are kept.
pub const UNDO_LIMIT: usize = 100;

/// A project being edited, with its undo history and its file.
#[derive(Debug, Clone)]
pub struct Document {
    project: Project,
    /// The state at the last undo point; `project` differs from it while a live edit is pending.
    committed: Project,
    state_id: u64,
    next_state_id: u64,
    saved_state_id: Option<u64>,
    undo: VecDeque<(u64, Project)>,
    redo: Vec<(u64, Project)>,
    touched: bool,
    pending: bool,
    path: Option<PathBuf>,
    /// The project as last opened or saved: what the audit trail's next entry is computed against.
    recorded: Project,
}

impl Document {
    /// A document for `project`, unchanged since it was opened from `path` (or created, without a path).
    #[must_use]
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        Self {
            committed: project.clone(),
            recorded: project.clone(),
            project,
            state_id: 0,
            next_state_id: 1,
            saved_state_id: Some(0),
            undo: VecDeque::new(),
            redo: Vec::new(),
            touched: false,
            pending: false,
            path,
        }
    }

    /// The project as it is now, including a live edit in progress.
    #[must_use]
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Mutable access for live edits (text fields, sliders); committed by [`Self::end_frame`].
    pub fn project_mut(&mut self) -> &mut Project {
        self.touched = true;
        &mut self.project
    }

    /// A discrete edit: applied and committed as one undo step at once (nothing happens if it changes nothing).
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut Project) -> R) -> R {
        self.commit();
        let result = change(&mut self.project);
        self.touched = true;
        self.commit();
        result
    }

    /// Called once per frame after the UI ran: notices live edits and commits them as one undo step unless
    /// the user is still interacting (dragging, or typing into a field).
    pub fn end_frame(&mut self, interacting: bool) {
        if self.touched {
            self.touched = false;
            self.pending = self.project != self.committed;
        }
        if self.pending && !interacting {
            self.commit();
        }
    }

    /// Commits a pending live edit as an undo step now.
    pub fn commit(&mut self) {
        if self.touched {
            self.touched = false;
            self.pending = self.project != self.committed;
        }
        if !self.pending {
            return;
        }
        self.pending = false;
        let previous = std::mem::replace(&mut self.committed, self.project.clone());
        self.undo.push_back((self.state_id, previous));
        if self.undo.len() > UNDO_LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
        self.state_id = self.next_state_id;
        self.next_state_id += 1;
    }

    /// Whether there is something to undo (including a pending live edit).
    #[must_use]
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.pending || (self.touched && self.project != self.committed)
    }

    /// Whether there is something to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Steps back one undo point (committing a pending live edit first). Returns whether anything changed.
    pub fn undo(&mut self) -> bool {
        self.commit();
        let Some((id, previous)) = self.undo.pop_back() else {
            return false;
        };
        let current = std::mem::replace(&mut self.committed, previous);
        self.redo.push((self.state_id, current));
        self.state_id = id;
        self.project = self.committed.clone();
        true
    }

    /// Re-applies the last undone step. Returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        self.commit();
        let Some((id, next)) = self.redo.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.committed, next);
        self.undo.push_back((self.state_id, current));
        self.state_id = id;
        self.project = self.committed.clone();
        true
    }

    /// Whether the project differs from what is on disk (or was never saved).
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.saved_state_id != Some(self.state_id)
            || self.pending
            || (self.touched && self.project != self.committed)
    }

    /// Records that the current state was written to `path` (commits a pending edit first).
    pub fn mark_saved(&mut self, path: &Path) {
        self.commit();
        self.saved_state_id = Some(self.state_id);
        self.path = Some(path.to_owned());
        self.recorded = self.project.clone();
    }

    /// The project as it was last opened or saved, whatever undo did since: the audit trail records the changes
    /// from it to the project saved next (see `model::audit_trail::record`).
    #[must_use]
    pub fn recorded(&self) -> &Project {
        &self.recorded
    }

    /// Records that `saved` (the current project with save-time stamps such as the modified date and rebased
    /// dataset paths) was written to `path`. The stamps are not an undo step.
    pub fn mark_saved_as(&mut self, path: &Path, saved: Project) {
        self.commit();
        self.project = saved.clone();
        self.recorded = saved.clone();
        self.committed = saved;
        self.saved_state_id = Some(self.state_id);
        self.path = Some(path.to_owned());
    }

    /// The project file, if the project was ever saved or opened from disk.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The folder dataset paths are relative to (the project file's folder).
    #[must_use]
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Number of undo steps available.
    #[must_use]
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;

    fn doc() -> Document {
        let p = Project::blank("System", IsoDate::from_ymd(2026, 1, 1).unwrap());
        Document::new(p, Some(PathBuf::from("a.riskbench.ron")))
    }

    fn set_name(d: &mut Document, name: &str) {
        d.project_mut().metadata.system_name = name.to_owned();
    }

    #[test]
    fn a_drag_is_one_undo_step() {
        let mut d = doc();
        for i in 0..50 {
            d.project_mut().settings.fairness.ratio_min = 0.5 + f64::from(i) / 100.0;
            d.end_frame(true);
        }
        assert!(d.is_dirty());
        d.end_frame(false);
        assert_eq!(d.undo_len(), 1);
        assert!(d.undo());
        assert!((d.project().settings.fairness.ratio_min - 0.8).abs() < 1e-12);
        assert!(!d.is_dirty(), "back at the saved state");
    }

    #[test]
    fn undo_redo_and_dirty_marker() {
        let mut d = doc();
        assert!(!d.is_dirty());
        set_name(&mut d, "A");
        d.end_frame(false);
        set_name(&mut d, "B");
        d.end_frame(false);
        assert!(d.is_dirty());
        d.undo();
        assert_eq!(d.project().metadata.system_name, "A");
        d.undo();
        assert_eq!(d.project().metadata.system_name, "System");
        assert!(!d.is_dirty());
        assert!(!d.undo());
        d.redo();
        d.redo();
        assert_eq!(d.project().metadata.system_name, "B");
        assert!(!d.redo());
        d.mark_saved(Path::new("a.riskbench.ron"));
        assert!(!d.is_dirty());
        d.undo();
        assert!(d.is_dirty(), "undoing past the save makes it dirty again");
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut d = doc();
        d.edit(|p| p.metadata.owner = "x".into());
        d.undo();
        assert!(d.can_redo());
        d.edit(|p| p.metadata.owner = "y".into());
        assert!(!d.can_redo());
    }

    #[test]
    fn undo_commits_a_pending_edit_first() {
        let mut d = doc();
        set_name(&mut d, "typing");
        d.end_frame(true);
        assert!(d.can_undo());
        d.undo();
        assert_eq!(d.project().metadata.system_name, "System");
        d.redo();
        assert_eq!(d.project().metadata.system_name, "typing");
    }

    #[test]
    fn history_is_capped() {
        let mut d = doc();
        for i in 0..(UNDO_LIMIT + 20) {
            d.edit(|p| p.metadata.owner = i.to_string());
        }
        assert_eq!(d.undo_len(), UNDO_LIMIT);
        while d.undo() {}
        assert_eq!(d.project().metadata.owner, "19");
    }

    #[test]
    fn an_edit_that_changes_nothing_is_no_step() {
        let mut d = doc();
        d.edit(|_| ());
        set_name(&mut d, "System");
        d.end_frame(false);
        assert_eq!(d.undo_len(), 0);
        assert!(!d.is_dirty());
    }

    #[test]
    fn a_new_project_is_clean_until_edited() {
        let mut d = Document::new(
            Project::blank("n", IsoDate::from_ymd(2026, 1, 1).unwrap()),
            None,
        );
        assert!(!d.is_dirty());
        assert!(d.path().is_none());
        d.edit(|p| p.metadata.owner = "o".into());
        assert!(d.is_dirty());
    }
}
