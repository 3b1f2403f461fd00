//! Progress reporting and cancellation for long computations, shared between a worker thread and its owner.
//!
//! The core only sees a [`TaskControl`]: it reports progress and checks for cancellation at convenient points.
//! The GUI shows the progress in its status bar and sets the cancel flag; the CLI passes a control nobody cancels.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// A shared handle to report progress (0–1) and observe cancellation.
#[derive(Clone, Default)]
pub struct TaskControl {
    cancelled: Arc<AtomicBool>,
    progress_bits: Arc<AtomicU32>,
    rows_read: Arc<AtomicU64>,
    on_progress: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl std::fmt::Debug for TaskControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskControl")
            .field("cancelled", &self.is_cancelled())
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

/// The computation was cancelled by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

impl TaskControl {
    /// A control nobody cancels.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A control that also calls `notify` whenever progress changes (the GUI uses it to request a repaint).
    #[must_use]
    pub fn with_notify(notify: impl Fn() + Send + Sync + 'static) -> Self {
        Self {
            on_progress: Some(Arc::new(notify)),
            ..Self::default()
        }
    }

    /// Asks the computation to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// The shared cancel flag, for code that polls an `AtomicBool` directly.
    #[must_use]
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancelled
    }

    /// Whether cancellation was requested.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` when cancellation was requested, for use with `?`.
    ///
    /// # Errors
    /// [`Cancelled`] when the owner cancelled.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// Reports progress as a fraction from 0 to 1 (clamped).
    pub fn set_progress(&self, fraction: f32) {
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        self.progress_bits
            .store(fraction.to_bits(), Ordering::Relaxed);
        if let Some(notify) = &self.on_progress {
            notify();
        }
    }

    /// The last reported progress, 0 to 1.
    #[must_use]
    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress_bits.load(Ordering::Relaxed))
    }

    /// Reports that `rows` more data rows were read (a file read in blocks counts its rows as it goes).
    pub fn add_rows_read(&self, rows: u64) {
        self.rows_read.fetch_add(rows, Ordering::Relaxed);
        if let Some(notify) = &self.on_progress {
            notify();
        }
    }

    /// A control that shares this one's cancellation and rows read but keeps its own progress, reported to
    /// nobody: for a step (such as one pass of a file read in blocks) whose progress the caller maps into a
    /// part of its own range.
    #[must_use]
    pub fn detached_progress(&self) -> Self {
        Self {
            cancelled: Arc::clone(&self.cancelled),
            progress_bits: Arc::default(),
            rows_read: Arc::clone(&self.rows_read),
            on_progress: None,
        }
    }

    /// Data rows read so far by readers that report them ([`TaskControl::add_rows_read`]).
    #[must_use]
    pub fn rows_read(&self) -> u64 {
        self.rows_read.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_state() {
        let a = TaskControl::new();
        let b = a.clone();
        b.set_progress(0.25);
        assert!((a.progress() - 0.25).abs() < f32::EPSILON);
        assert!(a.check().is_ok());
        a.cancel();
        assert_eq!(b.check(), Err(Cancelled));
        b.set_progress(7.0);
        assert!((a.progress() - 1.0).abs() < f32::EPSILON);
    }

    #[test]
    fn a_detached_control_shares_cancellation_and_rows_but_not_progress() {
        let a = TaskControl::new();
        a.set_progress(0.5);
        let b = a.detached_progress();
        b.set_progress(0.75);
        b.add_rows_read(3);
        assert!((a.progress() - 0.5).abs() < f32::EPSILON);
        assert!((b.progress() - 0.75).abs() < f32::EPSILON);
        assert_eq!(a.rows_read(), 3);
        a.cancel();
        assert_eq!(b.check(), Err(Cancelled));
    }
}
