//! Background jobs: named worker threads with progress and cancel, results polled each frame.
//!
//! A job gets a [`TaskControl`] to report progress and observe cancellation; when it finishes, its result is
//! sent over a channel and the UI is woken up. The UI takes finished results with [`Jobs::poll`] at the start
//! of a frame, so no frame ever waits for a job. Dropping [`Jobs`] cancels everything still running.
//!
//! Screens do not spawn threads: they describe the work as a [`ScreenJob`] (a name, a ticket saying what the
//! job is for, and the work) and the app starts it on its one [`Jobs`], then tells the screen the job id
//! under its ticket ([`RunsJobs`]), so the screen can cancel or replace it.

use std::sync::mpsc;

use crate::analysis::task::TaskControl;

/// The work of a job: runs on a worker thread with progress and cancellation.
pub type Work<O> = Box<dyn FnOnce(&TaskControl) -> anyhow::Result<O> + Send>;

/// A background job a screen asks the app to run. `K` is the screen's ticket (what the job is for), `O` what
/// the work returns.
pub struct ScreenJob<K, O> {
    /// Shown in the status bar.
    pub name: String,
    /// What it is for; handed back with the job id to [`RunsJobs::job_started`].
    pub ticket: K,
    /// The work.
    pub work: Work<O>,
}

/// A screen that asks for background jobs and wants to know their ids.
pub trait RunsJobs {
    /// What a job is for.
    type Ticket;
    /// What a job returns.
    type Output: Send + 'static;

    /// Records the job id of a job started for `ticket`.
    fn job_started(&mut self, ticket: &Self::Ticket, job_id: u64);

    /// Records that the job for `ticket` could not start.
    fn job_not_started(&mut self, ticket: &Self::Ticket, error: &str);
}

/// A job still running, as shown in the status bar.
#[derive(Debug)]
pub struct RunningJob {
    /// Job id, unique in this run.
    pub job_id: u64,
    /// What the job does, shown to the user ("Fingerprinting loans.csv").
    pub name: String,
    /// Progress and cancellation.
    pub control: TaskControl,
    /// Whether the status bar lists it (file dialogs are not listed).
    pub visible: bool,
}

/// A finished job.
#[derive(Debug)]
pub struct Finished<T> {
    /// Job id.
    pub job_id: u64,
    /// What the job did.
    pub name: String,
    /// Its result; `Err` holds the whole cause chain.
    pub result: Result<T, anyhow::Error>,
    /// Whether it was cancelled before it finished.
    pub cancelled: bool,
}

/// The set of background jobs producing results of type `T`.
pub struct Jobs<T: Send + 'static> {
    running: Vec<RunningJob>,
    sender: mpsc::SyncSender<(u64, Result<T, anyhow::Error>)>,
    receiver: mpsc::Receiver<(u64, Result<T, anyhow::Error>)>,
    next_job_id: u64,
}

impl<T: Send + 'static> std::fmt::Debug for Jobs<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs")
            .field("running", &self.running.len())
            .field("next_job_id", &self.next_job_id)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Default for Jobs<T> {
    fn default() -> Self {
        let (sender, receiver) = mpsc::sync_channel(64);
        Self {
            running: Vec::new(),
            sender,
            receiver,
            next_job_id: 1,
        }
    }
}

impl<T: Send + 'static> Jobs<T> {
    /// Starts `work` on a named thread. `repaint` is called on progress and when the job ends.
    ///
    /// # Errors
    /// When the operating system cannot start a thread.
    pub fn spawn(
        &mut self,
        name: impl Into<String>,
        visible: bool,
        repaint: impl Fn() + Send + Sync + Clone + 'static,
        work: impl FnOnce(&TaskControl) -> anyhow::Result<T> + Send + 'static,
    ) -> std::io::Result<u64> {
        let name = name.into();
        let job_id = self.next_job_id;
        self.next_job_id += 1;
        let control = TaskControl::with_notify(repaint.clone());
        let sender = self.sender.clone();
        let worker_control = control.clone();
        std::thread::Builder::new()
            .name(format!("riskbench-job-{job_id}"))
            .spawn(move || {
                let result = work(&worker_control);
                // The receiver is gone only when the app is shutting down; nothing to report then.
                let _ = sender.send((job_id, result));
                repaint();
            })?;
        self.running.push(RunningJob {
            job_id,
            name,
            control,
            visible,
        });
        Ok(job_id)
    }

    /// Takes every finished job's result, without waiting.
    pub fn poll(&mut self) -> Vec<Finished<T>> {
        let mut finished = Vec::new();
        while let Ok((job_id, result)) = self.receiver.try_recv() {
            if let Some(pos) = self.running.iter().position(|j| j.job_id == job_id) {
                let job = self.running.remove(pos);
                finished.push(Finished {
                    job_id,
                    name: job.name,
                    cancelled: job.control.is_cancelled(),
                    result,
                });
            }
        }
        finished
    }

    /// Jobs still running.
    #[must_use]
    pub fn running(&self) -> &[RunningJob] {
        &self.running
    }

    /// Asks a job to stop.
    pub fn cancel(&self, job_id: u64) {
        if let Some(job) = self.running.iter().find(|j| j.job_id == job_id) {
            job.control.cancel();
        }
    }

    /// Whether any job is running.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }
}

impl<T: Send + 'static> Drop for Jobs<T> {
    fn drop(&mut self) {
        for job in &self.running {
            job.control.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait_for<T: Send>(jobs: &mut Jobs<T>) -> Vec<Finished<T>> {
        let start = Instant::now();
        loop {
            let done = jobs.poll();
            if !done.is_empty() || start.elapsed() > Duration::from_secs(10) {
                return done;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn results_arrive_with_their_name() {
        let mut jobs: Jobs<u32> = Jobs::default();
        jobs.spawn("adding", true, || {}, |_| Ok(2 + 2)).unwrap();
        let done = wait_for(&mut jobs);
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].name, "adding");
        assert_eq!(done[0].result.as_ref().unwrap(), &4);
        assert!(!jobs.is_busy());
    }

    #[test]
    fn cancel_reaches_the_worker() {
        let mut jobs: Jobs<&'static str> = Jobs::default();
        let id = jobs
            .spawn(
                "waiting",
                true,
                || {},
                |control| {
                    while !control.is_cancelled() {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    Err(anyhow::anyhow!("stopped"))
                },
            )
            .unwrap();
        assert!(jobs.is_busy());
        jobs.cancel(id);
        let done = wait_for(&mut jobs);
        assert!(done[0].cancelled);
        assert!(done[0].result.is_err());
    }
}
