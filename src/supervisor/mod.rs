//! Worker processes of any kind, supervised: started without blocking, watched by heartbeat and
//! by a deadline on each job, restarted with backoff, given up when they fail too often, their
//! suspect jobs quarantined, stopped in stages.
//!
//! This module knows worker kinds, not photos or audio: a kind ([`WorkerKind`]) says what its
//! workers are told and answer, what each incarnation needs (a decode worker's frame segment)
//! and what a job is about. A client (the decode dispatch, later the audio service) owns a
//! [`Pool`] on its own thread and drives it; nothing here ever blocks that thread.

mod drop_oldest;
mod inbound;
mod pool;
mod quarantine;
mod reaper;
mod restart_policy;
mod spawn;
mod status;
mod worker;

use std::fmt::Debug;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use drop_oldest::{DropOldestSender, drop_oldest};
pub use inbound::Inbound;
pub use pool::{Blame, Client, Orphan, Pool, PoolEvent};
pub use restart_policy::{RestartLimits, RestartPolicy, Verdict};
pub use status::{JobStatus, WorkerState, WorkerStatus};

/// A kind of worker process: the one place where what differs between kinds is said.
pub trait WorkerKind: Send + 'static {
    /// What its workers are told.
    type Command: Serialize + DeserializeOwned + Send + Debug + 'static;
    /// What its workers answer.
    type Event: Serialize + DeserializeOwned + Send + Debug + 'static;
    /// What the client keeps for one incarnation (a decode worker's segment and free slots).
    type Incarnation: Send + Debug + 'static;
    /// A unit of work, held to the pool's job deadline.
    type Job: Clone + Debug + Send + 'static;

    /// The worker is started as `framewave worker <NAME>`; logs and status name it so.
    const NAME: &'static str;

    /// Makes what a new incarnation needs and hands the child its part (descriptors, arguments).
    fn prepare(&mut self, command: &mut Command) -> Result<Self::Incarnation, String>;

    /// The commands a new incarnation is sent before anything else (its settings).
    fn greeting(&self) -> Vec<Self::Command>;

    /// What a job is about: the key it is blamed and quarantined under, and what the status
    /// shows (a photo's path).
    fn subject(job: &Self::Job) -> String;
}

/// How a pool runs its workers, whatever their kind.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// The framewave executable, started as `exe worker <kind> ...`.
    pub exe: PathBuf,
    pub workers: usize,
    pub restart: RestartLimits,
    /// A worker silent for this long is hung.
    pub hang_after: Duration,
    /// A worker whose job has run this long is hung, even if its heartbeats go on.
    pub job_deadline: Duration,
    /// A worker that has not completed its handshake by then has failed to start.
    pub hello_deadline: Duration,
    /// Extra arguments for every worker (tests use them to make a worker misbehave).
    pub worker_args: Vec<String>,
}

impl PoolConfig {
    pub fn new(exe: PathBuf, workers: usize) -> Self {
        Self {
            exe,
            workers: workers.max(1),
            restart: RestartLimits::default(),
            hang_after: Duration::from_secs(2),
            job_deadline: DEFAULT_JOB_DEADLINE,
            hello_deadline: Duration::from_secs(5),
            worker_args: Vec::new(),
        }
    }
}

/// The slowest legitimate decode measured is the largest photo allowed (a 196 MP PNG, 14000
/// pixels square, noisy so it barely compresses) prepared for 1080p: 4.4 s for the whole
/// `framewave prescale` process on a 2-core machine. 15 s leaves over three times that for a
/// slower disk or CPU, and still gets a stuck photo out of the way within a photo period or two.
pub const DEFAULT_JOB_DEADLINE: Duration = Duration::from_secs(15);
