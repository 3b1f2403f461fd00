//! Background jobs: named worker threads with progress and cancel, results polled each frame.
//!
//! A job gets a [`TaskControl`] to report progress and observe cancellation; when it finishes, its result is
//! sent over a channel and the UI is woken up. The UI takes finished results with [`Jobs::poll`] at the start
//! of a frame, so no frame ever waits for a job. Dropping [`Jobs`] cancels everything still running.
//!
//! Screens do not spawn threads: they describe the work as a [`ScreenJob`] (a name, a ticket saying what the
//! job is for, and the work) and the app starts it on its one [`Jobs`], then tells the screen the job id
//! under its ticket ([`RunsJobs`]), so the screen can cancel or replace it. A screen that runs one thing at a
//! time keeps its job in a [`SingleJob`].

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

    /// Called for every finished job (of any screen) before its output, if any, is handed over. Returns
    /// `true` when the job was one this screen cancelled itself (replaced by a newer one), so its end is no
    /// news.
    fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool;
}

/// What a screen asks the app to do with its jobs after a frame: start some, cancel some.
pub struct JobActions<K, O> {
    /// Jobs to start.
    pub jobs: Vec<ScreenJob<K, O>>,
    /// Jobs to cancel: their results are no longer wanted.
    pub cancel: Vec<u64>,
}

impl<K, O> Default for JobActions<K, O> {
    fn default() -> Self {
        Self {
            jobs: Vec::new(),
            cancel: Vec::new(),
        }
    }
}

impl<K, O> JobActions<K, O> {
    /// Whether there is nothing to do.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty() && self.cancel.is_empty()
    }

    /// Only cancels `job_id`.
    #[must_use]
    pub fn cancel(job_id: u64) -> Self {
        Self {
            jobs: Vec::new(),
            cancel: vec![job_id],
        }
    }
}

/// The one job of a screen that runs one thing at a time (the release gate, the model card's check, a
/// validation job): each run gets a run id (the job's ticket), is asked for, then runs under its job id until
/// it ends. A new run replaces a running one, whose end is then no news.
#[derive(Debug, Default)]
pub struct SingleJob {
    /// The latest run asked for.
    run_id: u64,
    /// Where the latest run is.
    state: RunState,
    /// Jobs replaced by a newer run (cancelled by the screen).
    replaced: Vec<u64>,
}

/// What a job of a [`SingleJob`] returns: what it computed, and for which run.
#[derive(Debug)]
pub struct RunOutput<T> {
    /// The run (the job's ticket).
    pub run_id: u64,
    /// What it computed.
    pub value: T,
}

/// Where the run of a [`SingleJob`] is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum RunState {
    /// Nothing runs.
    #[default]
    Idle,
    /// Asked for in this frame; the app starts it after the frame.
    Asked,
    /// Running as this job.
    Running(u64),
}

/// How a job ended, for the screen that runs it ([`SingleJob::ended`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobEnd {
    /// Not this screen's job.
    NotMine,
    /// Replaced by a newer run: no news.
    Replaced,
    /// The current run was cancelled by the user.
    Cancelled,
    /// The current run finished; its output follows.
    Finished,
}

impl SingleJob {
    /// Whether a run is asked for or running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.state != RunState::Idle
    }

    /// The job id of the running run, once the app has started it.
    #[must_use]
    pub fn job_id(&self) -> Option<u64> {
        match self.state {
            RunState::Running(job_id) => Some(job_id),
            RunState::Idle | RunState::Asked => None,
        }
    }

    /// Begins a new run of `work` (replacing a running one): what to ask the app, a job named `name` (shown
    /// in the status bar) whose output carries the run id.
    pub fn run<T: Send + 'static>(
        &mut self,
        name: impl Into<String>,
        work: impl FnOnce(&TaskControl) -> anyhow::Result<T> + Send + 'static,
    ) -> JobActions<u64, RunOutput<T>> {
        let (run_id, cancel) = self.begin();
        JobActions {
            jobs: vec![ScreenJob {
                name: name.into(),
                ticket: run_id,
                work: Box::new(move |control| {
                    Ok(RunOutput {
                        run_id,
                        value: work(control)?,
                    })
                }),
            }],
            cancel,
        }
    }

    /// What a finished run computed, when it is the latest run (an older run's output is dropped).
    pub fn take<T>(&self, output: RunOutput<T>) -> Option<T> {
        (output.run_id == self.run_id).then_some(output.value)
    }

    /// Begins a new run: returns its run id and the jobs to cancel (the run it replaces, if any).
    fn begin(&mut self) -> (u64, Vec<u64>) {
        self.run_id += 1;
        let replaced: Vec<u64> = self.job_id().into_iter().collect();
        self.replaced.extend(&replaced);
        self.state = RunState::Asked;
        (self.run_id, replaced)
    }

    /// Records the job id of run `run_id` (see [`RunsJobs::job_started`]).
    pub fn started(&mut self, run_id: u64, job_id: u64) {
        if run_id == self.run_id && self.state == RunState::Asked {
            self.state = RunState::Running(job_id);
        }
    }

    /// Records that run `run_id` could not start; `true` when it is the current run (the screen then says
    /// why).
    pub fn not_started(&mut self, run_id: u64) -> bool {
        let current = run_id == self.run_id && self.is_running();
        if current {
            self.state = RunState::Idle;
        }
        current
    }

    /// Records the end of job `job_id` (see [`RunsJobs::job_ended`]).
    pub fn ended(&mut self, job_id: u64, cancelled: bool) -> JobEnd {
        if let Some(i) = self.replaced.iter().position(|id| *id == job_id) {
            self.replaced.remove(i);
            return JobEnd::Replaced;
        }
        if self.job_id() != Some(job_id) {
            return JobEnd::NotMine;
        }
        self.state = RunState::Idle;
        if cancelled {
            JobEnd::Cancelled
        } else {
            JobEnd::Finished
        }
    }
}

/// A screen that runs one thing at a time in a [`SingleJob`] (tickets are run ids) and shows a job's failure
/// to start, or its cancellation, in its error line; it gets [`RunsJobs`] from this.
pub trait RunsSingleJob {
    /// What a job returns.
    type Output: Send + 'static;

    /// The screen's job and its error line.
    fn job_and_error(&mut self) -> (&mut SingleJob, &mut Option<String>);
}

impl<S: RunsSingleJob> RunsJobs for S {
    type Ticket = u64;
    type Output = S::Output;

    fn job_started(&mut self, run_id: &u64, job_id: u64) {
        self.job_and_error().0.started(*run_id, job_id);
    }

    fn job_not_started(&mut self, run_id: &u64, error: &str) {
        let (job, shown) = self.job_and_error();
        if job.not_started(*run_id) {
            *shown = Some(format!("cannot start a background thread: {error}"));
        }
    }

    fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
        let (job, shown) = self.job_and_error();
        match job.ended(job_id, cancelled) {
            JobEnd::Replaced => true,
            JobEnd::Cancelled => {
                *shown = Some("cancelled".to_owned());
                false
            }
            JobEnd::NotMine | JobEnd::Finished => false,
        }
    }
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

    #[test]
    fn a_single_job_is_asked_for_started_and_finished() {
        let mut job = SingleJob::default();
        assert!(!job.is_running());
        let (run, cancel) = job.begin();
        assert!(cancel.is_empty());
        assert!(job.is_running());
        assert_eq!(job.job_id(), None, "not started yet");
        job.started(run, 7);
        assert_eq!(job.job_id(), Some(7));
        assert_eq!(job.ended(8, false), JobEnd::NotMine);
        assert!(job.is_running());
        assert_eq!(job.ended(7, false), JobEnd::Finished);
        assert!(!job.is_running());
        assert_eq!(
            job.take(RunOutput {
                run_id: run,
                value: "done"
            }),
            Some("done")
        );
    }

    #[test]
    fn a_new_run_replaces_the_running_one_whose_end_is_no_news() {
        let mut job = SingleJob::default();
        let (first, _) = job.begin();
        job.started(first, 3);
        let (second, cancel) = job.begin();
        assert_eq!(cancel, [3]);
        assert_eq!(
            job.take(RunOutput {
                run_id: first,
                value: 1
            }),
            None,
            "the first run's output is dropped"
        );
        job.started(first, 99);
        assert_eq!(job.job_id(), None, "a late start of the old run is ignored");
        job.started(second, 4);
        assert_eq!(job.ended(3, true), JobEnd::Replaced);
        assert_eq!(job.ended(3, true), JobEnd::NotMine, "replaced once");
        assert_eq!(job.ended(4, true), JobEnd::Cancelled);
        assert!(!job.is_running());
    }

    #[test]
    fn a_run_that_cannot_start_stops_running() {
        let mut job = SingleJob::default();
        let (first, _) = job.begin();
        let (second, _) = job.begin();
        assert!(!job.not_started(first), "not the current run");
        assert!(job.is_running());
        assert!(job.not_started(second));
        assert!(!job.is_running());
    }
}
