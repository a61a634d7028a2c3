//! Decoding photos in worker processes: the decode client of the generic supervisor.
//!
//! The render loop talks to [`DecodeService`] only through non-blocking calls: [`submit`],
//! [`try_event`], [`latest_status`]. The dispatch thread owns the worker pool, the job queue
//! and the frame slots; all waiting happens there.
//!
//! [`submit`]: DecodeService::submit
//! [`try_event`]: DecodeService::try_event
//! [`latest_status`]: DecodeService::latest_status

mod dispatch;
mod kind;
mod lease;

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use framewave_protocol::{Fit, WorkerConfig};

pub use lease::FrameLease;

use crate::supervisor::{DropOldestSender, PoolConfig, RestartLimits, WorkerStatus, drop_oldest};

#[derive(Debug, Clone)]
pub struct DecodeConfig {
    /// How the worker processes are run (count, restarts, deadlines).
    pub pool: PoolConfig,
    pub slots_per_worker: u32,
    /// The largest frame any request may ask for (the largest display, within what the GPU
    /// can hold).
    pub max_frame: (u32, u32),
    /// Sent to every worker after its handshake.
    pub worker_config: WorkerConfig,
}

impl DecodeConfig {
    pub fn new(exe: PathBuf, max_frame: (u32, u32)) -> Self {
        // Leave one core to the render loop; at least one worker.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            pool: PoolConfig::new(exe, cores - 1),
            slots_per_worker: 2,
            max_frame,
            worker_config: WorkerConfig::default(),
        }
    }

    /// Restart limits for the workers.
    pub fn with_restart(mut self, restart: RestartLimits) -> Self {
        self.pool.restart = restart;
        self
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
    /// Not done this time, and nothing is known against the photo: newer jobs pushed it out of
    /// a full queue, or workers kept spoiling its frame.
    Dropped,
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
    /// The newest folders win (each change names them all).
    configs: DropOldestSender<WorkerConfig>,
    stop: Sender<()>,
    thread: Option<JoinHandle<()>>,
    max_frame: (u32, u32),
}

/// Queue length: a handful of jobs in flight is all a slideshow ever needs.
pub(crate) const JOB_QUEUE: usize = 16;

impl DecodeService {
    /// Starts the dispatch thread, which starts the workers. Returns at once.
    pub fn start(config: DecodeConfig) -> std::io::Result<Self> {
        let (jobs, jobs_rx) = drop_oldest(JOB_QUEUE);
        // Every job is answered exactly once, and no answer is ever dropped: the show waits
        // for each. The answers waiting are never more than the jobs queued (in the channel
        // and in the dispatch queue) and in the workers' hands, so this never fills; if it
        // did, the dispatch thread would wait for the show to take some, and lose none.
        let in_hand = config.pool.workers * config.slots_per_worker as usize;
        let (events_tx, events) = crossbeam_channel::bounded(2 * JOB_QUEUE + in_hand);
        let (status_tx, status) = drop_oldest(1);
        let (stop, stop_rx) = crossbeam_channel::bounded(1);
        let (configs, configs_rx) = drop_oldest(1);
        let max_frame = config.max_frame;
        let thread = std::thread::Builder::new()
            .name("decode-dispatch".into())
            .spawn(move || {
                let (dispatch, returns) = dispatch::Dispatch::new(config, events_tx);
                dispatch.run(&jobs_rx, &returns, &status_tx, &configs_rx, &stop_rx);
            })?;
        Ok(Self {
            jobs,
            events,
            status,
            configs,
            stop,
            thread: Some(thread),
            max_frame,
        })
    }

    /// Queues a job; never blocks. When the queue is full the oldest jobs are dropped: their
    /// request ids are returned (they will never be answered).
    pub fn submit(&self, job: DecodeJob) -> Vec<u64> {
        let mut evicted = Vec::new();
        self.jobs
            .push_evicting(job, |old| evicted.push(old.request_id));
        if !evicted.is_empty() {
            tracing::debug!(?evicted, "decode queue full: dropped the oldest jobs");
        }
        evicted
    }

    /// Tells every worker what it may read from now on (new photo folders); never blocks (the
    /// newest wins over one not yet passed on).
    pub fn configure(&self, config: WorkerConfig) {
        self.configs.push(config);
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

    /// Stops every worker (ask, then SIGTERM, then SIGKILL) and waits for the dispatch thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = self.stop.try_send(());
            // Answers no one will take: a dispatch thread waiting to send one must not wait
            // for ever (their frames' slots are freed as they drop).
            while !thread.is_finished() {
                let _ = self.events.recv_timeout(Duration::from_millis(5));
            }
            if thread.join().is_err() {
                tracing::error!("the decode dispatch thread panicked during shutdown");
            }
        }
    }
}

impl Drop for DecodeService {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
