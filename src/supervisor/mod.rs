//! Decode workers, supervised: started at boot, watched by heartbeat, restarted with backoff,
//! given up when they fail too often, stopped cleanly.
//!
//! The render loop talks to [`DecodeService`] only through non-blocking calls: [`submit`],
//! [`try_event`], [`latest_status`]. All waiting happens on the supervisor's own thread.
//!
//! [`submit`]: DecodeService::submit
//! [`try_event`]: DecodeService::try_event
//! [`latest_status`]: DecodeService::latest_status

mod drop_oldest;
mod lease;
mod restart_policy;
mod spawn;
mod status;
mod supervisor_loop;
mod worker;

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use framewave_protocol::{Fit, WorkerConfig};

pub use drop_oldest::{DropOldestSender, drop_oldest};
pub use lease::FrameLease;
pub use restart_policy::{RestartLimits, RestartPolicy, Verdict};
pub use status::{WorkerState, WorkerStatus};

#[derive(Debug, Clone)]
pub struct DecodeConfig {
    /// The framewave executable, started as `exe worker decode ...`.
    pub exe: PathBuf,
    pub workers: usize,
    pub slots_per_worker: u32,
    /// The largest frame any request may ask for (the largest display).
    pub max_frame: (u32, u32),
    pub restart: RestartLimits,
    /// A worker silent for this long is hung.
    pub hang_after: Duration,
    /// Extra arguments for every worker (tests use them to make a worker misbehave).
    pub worker_args: Vec<String>,
    /// Sent to every worker after its handshake.
    pub worker_config: WorkerConfig,
}

impl DecodeConfig {
    pub fn new(exe: PathBuf, max_frame: (u32, u32)) -> Self {
        // Leave one core to the render loop; at least one worker.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            exe,
            workers: (cores - 1).max(1),
            slots_per_worker: 2,
            max_frame,
            restart: RestartLimits::default(),
            hang_after: Duration::from_secs(2),
            worker_args: Vec::new(),
            worker_config: WorkerConfig::default(),
        }
    }
}

/// Prepare `path` at `width`×`height`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeJob {
    pub request_id: u64,
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    pub fit: Fit,
}

/// Why a job was not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The photo is unreadable or corrupt.
    BadPhoto,
    /// The photo crashed or hung workers before and is no longer tried.
    Quarantined,
    /// Every worker has been given up: nothing can be decoded any more.
    NoWorker,
}

#[derive(Debug)]
pub enum DecodeEvent {
    Ready {
        request_id: u64,
        frame: FrameLease,
    },
    Failed {
        request_id: u64,
        path: PathBuf,
        kind: FailureKind,
        reason: String,
    },
}

/// The UI side of the decode workers.
#[derive(Debug)]
pub struct DecodeService {
    jobs: DropOldestSender<DecodeJob>,
    events: Receiver<DecodeEvent>,
    status: Receiver<Vec<WorkerStatus>>,
    stop: Sender<()>,
    thread: Option<JoinHandle<()>>,
    max_frame: (u32, u32),
}

/// Queue lengths: a handful of jobs and events in flight is all a slideshow ever needs.
const JOB_QUEUE: usize = 16;
const EVENT_QUEUE: usize = 16;

impl DecodeService {
    /// Starts the supervisor thread, which starts the workers. Returns at once.
    pub fn start(config: DecodeConfig) -> std::io::Result<Self> {
        let (jobs, jobs_rx) = drop_oldest(JOB_QUEUE);
        let (events_tx, events) = drop_oldest(EVENT_QUEUE);
        let (status_tx, status) = drop_oldest(1);
        let (stop, stop_rx) = crossbeam_channel::bounded(1);
        let max_frame = config.max_frame;
        let thread = std::thread::Builder::new()
            .name("decode-supervisor".into())
            .spawn(move || {
                supervisor_loop::Supervisor::new(config, events_tx, status_tx)
                    .run(&jobs_rx, &stop_rx);
            })?;
        Ok(Self {
            jobs,
            events,
            status,
            stop,
            thread: Some(thread),
            max_frame,
        })
    }

    /// Queues a job; never blocks. When the queue is full the oldest job is dropped.
    pub fn submit(&self, job: DecodeJob) {
        if let Some(evicted @ 1..) = self.jobs.push(job) {
            tracing::debug!(evicted, "decode queue full: dropped the oldest jobs");
        }
    }

    /// The next finished or failed job, if any; never blocks.
    pub fn try_event(&self) -> Option<DecodeEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event. Blocks: for command-line tools, never for the
    /// render loop (which uses [`DecodeService::try_event`]).
    pub fn wait_event(&self, timeout: Duration) -> Option<DecodeEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// The most recent status of every worker, if it changed since the last call.
    pub fn latest_status(&self) -> Option<Vec<WorkerStatus>> {
        self.status.try_iter().last()
    }

    /// The largest frame a job may ask for; larger ones must be scaled down first.
    pub fn max_frame(&self) -> (u32, u32) {
        self.max_frame
    }

    /// Stops every worker (ask, then SIGTERM, then SIGKILL) and waits for the supervisor.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = self.stop.try_send(());
            if thread.join().is_err() {
                tracing::error!("the decode supervisor panicked during shutdown");
            }
        }
    }
}

impl Drop for DecodeService {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
