//! The audio worker's supervisor thread: keeps the worker running, hands each incarnation's
//! record to the render loop, passes configuration changes on and says what the worker
//! reports.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, select};
use framewave_protocol::{AudioCommand, AudioConfig, AudioEvent, AudioSegment};

use super::kind::AudioKind;
use crate::supervisor::{Client, DropOldestSender, Pool, PoolEvent, WorkerStatus};

/// How often the pool is looked at when nothing arrives.
const TICK: Duration = Duration::from_millis(100);

pub struct Driver {
    pub pool: Pool<AudioKind>,
    pub records: Records,
}

/// What the render loop is handed.
pub struct Records {
    /// The record of the incarnation running now.
    pub segments: DropOldestSender<Arc<AudioSegment>>,
    /// The incarnation whose record was handed over last.
    pub handed: Option<u64>,
    /// What the worker listens to, for the status line.
    pub listening: DropOldestSender<String>,
}

impl Driver {
    pub fn run(
        mut self,
        configs: &Receiver<AudioConfig>,
        status: &DropOldestSender<Vec<WorkerStatus>>,
        stop: &Receiver<()>,
    ) {
        let inbound = self.pool.inbound().clone();
        loop {
            self.pool.step(&mut self.records, Instant::now());
            status.push(self.pool.statuses(Instant::now()));
            select! {
                recv(stop) -> _ => break,
                recv(configs) -> config => match config {
                    Ok(config) => {
                        self.pool.kind_mut().config = config.clone();
                        self.pool.send(0, AudioCommand::Configure(config));
                    }
                    Err(_) => break,
                },
                recv(inbound) -> message => {
                    if let Ok(message) = message {
                        self.pool.receive(message);
                    }
                }
                default(TICK) => {}
            }
        }
        status.push(self.pool.shutdown());
    }
}

impl Client<AudioKind> for Records {
    fn on_event(&mut self, _: &mut Pool<AudioKind>, event: PoolEvent<AudioKind>) {
        match event {
            PoolEvent::Event { event, .. } => match event {
                AudioEvent::Listening {
                    source,
                    sample_rate,
                } => {
                    tracing::info!("audio: listening to {source} at {sample_rate} Hz");
                    self.listening.push(source);
                }
                AudioEvent::Problem(problem) => tracing::warn!("audio: {problem}"),
                AudioEvent::Ended { path } => {
                    tracing::info!("audio: {} has played to its end", path.display());
                }
            },
            // The render loop keeps reading the dead incarnation's record, which goes stale
            // and so reads as silence, until the next one's arrives.
            PoolEvent::Lost { .. } => {}
        }
    }

    fn dispatch(&mut self, pool: &mut Pool<AudioKind>) {
        let generation = pool.generation(0);
        if self.handed != Some(generation)
            && let Some(segment) = pool.incarnation_mut(0)
        {
            self.segments.push(Arc::clone(segment));
            self.handed = Some(generation);
        }
    }
}
