//! What the supervisor tells the rest of the app about each worker.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerState {
    Starting,
    Running,
    /// Failed; waiting out its backoff before the next start.
    Restarting,
    /// Failed too often; left down. Its feature degrades, the app goes on.
    GivenUp,
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerStatus {
    pub id: usize,
    pub pid: Option<u32>,
    pub state: WorkerState,
    pub restarts: u64,
    pub heartbeat_age: Option<Duration>,
    /// Jobs done and failed since start, across restarts (as heartbeats reported them).
    pub jobs_done: u64,
    pub jobs_failed: u64,
    /// A job is in flight.
    pub busy: bool,
    /// When the current incarnation completed its handshake.
    pub started_at: Option<Instant>,
}

impl std::fmt::Display for WorkerStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "decode worker {}: {:?}", self.id, self.state)?;
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
        Ok(())
    }
}
