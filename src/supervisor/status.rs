//! What the supervisor tells the rest of the app about each worker.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerState {
    /// Started, handshake not yet complete.
    Starting,
    Running,
    /// Failed; waiting out its backoff before the next start.
    Restarting,
    /// Failed too often; left down. Its feature degrades, the app goes on.
    GivenUp,
    Stopped,
}

/// The job a worker is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobStatus {
    /// What it is about (a photo's path).
    pub subject: String,
    /// How long it has been running.
    pub age: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerStatus {
    /// The kind of worker ("decode", "audio").
    pub kind: &'static str,
    pub id: usize,
    pub pid: Option<u32>,
    pub state: WorkerState,
    pub restarts: u64,
    pub heartbeat_age: Option<Duration>,
    /// Jobs done and failed since start, across restarts (as heartbeats reported them).
    pub jobs_done: u64,
    pub jobs_failed: u64,
    pub job: Option<JobStatus>,
    /// When the current incarnation completed its handshake.
    pub started_at: Option<Instant>,
}

impl WorkerStatus {
    /// A job is in flight.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }
}

impl std::fmt::Display for WorkerStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} worker {}: {:?}", self.kind, self.id, self.state)?;
        if let Some(pid) = self.pid {
            write!(f, ", pid {pid}")?;
        }
        write!(
            f,
            ", {} restarts, {} done, {} failed",
            self.restarts, self.jobs_done, self.jobs_failed
        )?;
        if let Some(age) = self.heartbeat_age {
            write!(f, ", last heartbeat {} ms ago", age.as_millis())?;
        }
        if let Some(job) = &self.job {
            write!(f, ", on {} for {} ms", job.subject, job.age.as_millis())?;
        }
        Ok(())
    }
}
