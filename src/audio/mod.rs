//! Listening to music in a worker process: the audio client of the generic supervisor.
//!
//! The render loop talks to [`AudioService`] only through non-blocking calls: [`poll`] copies
//! the latest analysis out of the worker's shared record (never waiting for it; a record that
//! is being written is simply read again next frame), [`configure`] passes new settings on,
//! [`latest_status`] says how the worker is. The driver thread owns the worker; all waiting
//! happens there.
//!
//! [`poll`]: AudioService::poll
//! [`configure`]: AudioService::configure
//! [`latest_status`]: AudioService::latest_status

mod driver;
mod kind;

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use framewave_protocol::{AudioConfig, AudioFrame, AudioReadError, AudioSegment};

use crate::supervisor::{DropOldestSender, Pool, PoolConfig, WorkerStatus, drop_oldest};
use driver::{Driver, Records};
use kind::AudioKind;

/// A record older than this is from a worker that stopped publishing (it died, or hangs):
/// it reads as silence, so the bars fall instead of freezing.
const STALE: Duration = Duration::from_millis(500);

/// The UI side of the audio worker.
#[derive(Debug)]
pub struct AudioService {
    segments: Receiver<Arc<AudioSegment>>,
    segment: Option<Arc<AudioSegment>>,
    frame: AudioFrame,
    seq: u64,
    listening: Receiver<String>,
    source: Option<String>,
    /// The newest settings win: a slider dragged sends many, and the last is the one meant.
    configs: DropOldestSender<AudioConfig>,
    status: Receiver<Vec<WorkerStatus>>,
    stop: Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl AudioService {
    /// Starts the driver thread, which starts the worker (`exe worker audio`). Returns at once.
    pub fn start(
        exe: PathBuf,
        config: AudioConfig,
        worker_args: Vec<String>,
    ) -> std::io::Result<Self> {
        let mut pool_config = PoolConfig::new(exe, 1);
        pool_config.worker_args = worker_args;
        let (segments_tx, segments) = drop_oldest(1);
        let (listening_tx, listening) = drop_oldest(1);
        let (status_tx, status) = drop_oldest(1);
        let (configs_tx, configs) = drop_oldest(1);
        let (stop, stop_rx) = crossbeam_channel::bounded(1);
        let thread = std::thread::Builder::new()
            .name("audio-driver".into())
            .spawn(move || {
                let driver = Driver {
                    pool: Pool::new(AudioKind { config }, pool_config),
                    records: Records {
                        segments: segments_tx,
                        handed: None,
                        listening: listening_tx,
                    },
                };
                driver.run(&configs, &status_tx, &stop_rx);
            })?;
        Ok(Self {
            segments,
            segment: None,
            frame: AudioFrame::default(),
            seq: 0,
            listening,
            source: None,
            configs: configs_tx,
            status,
            stop,
            thread: Some(thread),
        })
    }

    /// Takes the latest analysis, if there is a newer one; true if it changed. Never waits.
    /// `now_ns` is the `CLOCK_MONOTONIC` time now: a record that stopped moving reads as
    /// silence.
    pub fn poll(&mut self, now_ns: u64) -> bool {
        if let Some(source) = self.listening.try_iter().last() {
            self.source = Some(source);
        }
        if let Some(segment) = self.segments.try_iter().last() {
            self.segment = Some(segment);
            self.seq = 0;
        }
        let Some(segment) = &self.segment else {
            return false;
        };
        match segment.read() {
            Ok((seq, frame)) if seq != self.seq => {
                self.seq = seq;
                self.frame = frame;
                true
            }
            Ok(_) | Err(AudioReadError::Empty | AudioReadError::Torn) => self.went_stale(now_ns),
            Err(AudioReadError::BadHeader) => {
                tracing::warn!("audio: the worker's record is damaged; waiting for a new one");
                self.segment = None;
                self.went_stale(now_ns)
            }
        }
    }

    /// A silent frame in place of one that has not moved for too long; true if that changed it.
    fn went_stale(&mut self, now_ns: u64) -> bool {
        let age = now_ns.saturating_sub(self.frame.captured_at_ns);
        if self.frame.silent || age < STALE.as_nanos() as u64 {
            return false;
        }
        self.frame = AudioFrame {
            captured_at_ns: self.frame.captured_at_ns,
            sample_rate: self.frame.sample_rate,
            bar_count: self.frame.bar_count,
            ..AudioFrame::default()
        };
        true
    }

    /// The latest analysis (resting bars until the first arrives).
    pub fn frame(&self) -> &AudioFrame {
        &self.frame
    }

    /// What the worker listens to, once it says.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Passes new settings to the worker (and to every later incarnation). Never waits.
    pub fn configure(&self, config: AudioConfig) {
        self.configs.push(config);
    }

    /// The most recent status of the worker, if it changed since the last call.
    pub fn latest_status(&self) -> Option<Vec<WorkerStatus>> {
        self.status.try_iter().last()
    }

    /// Stops the worker (ask, then SIGTERM, then SIGKILL) and waits for the driver thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = self.stop.try_send(());
            if thread.join().is_err() {
                tracing::error!("the audio driver thread panicked during shutdown");
            }
        }
    }
}

impl Drop for AudioService {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

/// `CLOCK_MONOTONIC` now, in nanoseconds: the clock the worker stamps its records with.
pub fn monotonic_ns() -> u64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}
