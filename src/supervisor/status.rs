//! What the supervisor tells the rest of the app about each worker.

use std::time::Duration;

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
    pub jobs_done: u64,
    pub jobs_failed: u64,
}
