//! One supervised worker slot: its current incarnation (starting or running), or why it has
//! none, and its restart history.

use std::process::Child;
use std::time::{Duration, Instant};

use framewave_protocol::{Control, Heartbeat};
use ipc_channel::ipc::IpcSender;

use super::WorkerKind;
use super::restart_policy::RestartPolicy;
use super::status::{JobStatus, WorkerState, WorkerStatus};

/// An incarnation started, its hello not yet in.
#[derive(Debug)]
pub struct Starting<K: WorkerKind> {
    pub child: Child,
    pub incarnation: K::Incarnation,
    pub server_name: String,
    pub since: Instant,
}

/// A job and when it was handed over.
#[derive(Debug)]
pub struct InFlight<J> {
    pub job: J,
    pub since: Instant,
}

#[derive(Debug)]
pub struct Running<K: WorkerKind> {
    pub child: Child,
    pub pid: u32,
    pub commands: IpcSender<Control<K::Command>>,
    pub incarnation: K::Incarnation,
    pub job: Option<InFlight<K::Job>>,
    /// When its reader thread last received anything from it.
    pub last_heard: Instant,
    pub counters: Heartbeat,
    pub started_at: Instant,
}

#[derive(Debug)]
pub enum Life<K: WorkerKind> {
    Starting(Box<Starting<K>>),
    Running(Box<Running<K>>),
    RestartAt(Instant),
    GivenUp,
    Stopped,
}

/// What an ended incarnation leaves behind.
#[derive(Debug)]
pub struct Ended<K: WorkerKind> {
    pub child: Child,
    pub incarnation: K::Incarnation,
    pub job: Option<InFlight<K::Job>>,
    /// The bootstrap server still waiting for its hello, if it never came.
    pub unanswered_server: Option<String>,
}

#[derive(Debug)]
pub struct Worker<K: WorkerKind> {
    pub id: usize,
    /// Bumped on every start, so messages from a dead incarnation are ignored.
    pub generation: u64,
    pub life: Life<K>,
    pub policy: RestartPolicy,
    pub restarts: u64,
    /// Jobs done and failed by earlier incarnations, as their last heartbeats reported.
    pub earlier_jobs: (u64, u64),
}

impl<K: WorkerKind> Worker<K> {
    /// Ends the current incarnation, if any (life becomes `Stopped`), keeping its job counts.
    pub fn end_incarnation(&mut self) -> Option<Ended<K>> {
        match std::mem::replace(&mut self.life, Life::Stopped) {
            Life::Starting(starting) => Some(Ended {
                child: starting.child,
                incarnation: starting.incarnation,
                job: None,
                unanswered_server: Some(starting.server_name),
            }),
            Life::Running(running) => {
                // Counts come from the worker: never trusted not to overflow.
                self.earlier_jobs.0 = self
                    .earlier_jobs
                    .0
                    .saturating_add(running.counters.jobs_done);
                self.earlier_jobs.1 = self
                    .earlier_jobs
                    .1
                    .saturating_add(running.counters.jobs_failed);
                Some(Ended {
                    child: running.child,
                    incarnation: running.incarnation,
                    job: running.job,
                    unanswered_server: None,
                })
            }
            other => {
                self.life = other;
                None
            }
        }
    }

    pub fn running(&self) -> Option<&Running<K>> {
        match &self.life {
            Life::Running(running) => Some(running),
            _ => None,
        }
    }

    pub fn running_mut(&mut self) -> Option<&mut Running<K>> {
        match &mut self.life {
            Life::Running(running) => Some(running),
            _ => None,
        }
    }

    pub fn status(&self, now: Instant) -> WorkerStatus {
        let age = |since: Instant| {
            Duration::from_millis(now.saturating_duration_since(since).as_millis() as u64)
        };
        let running = self.running();
        let state = match &self.life {
            Life::Starting(_) => WorkerState::Starting,
            Life::Running(_) => WorkerState::Running,
            Life::RestartAt(_) if self.generation == 0 => WorkerState::Starting,
            Life::RestartAt(_) => WorkerState::Restarting,
            Life::GivenUp => WorkerState::GivenUp,
            Life::Stopped => WorkerState::Stopped,
        };
        let counters = running.map_or_else(Heartbeat::default, |r| r.counters);
        WorkerStatus {
            kind: K::NAME,
            id: self.id,
            pid: match &self.life {
                Life::Starting(starting) => Some(starting.child.id()),
                _ => running.map(|r| r.pid),
            },
            state,
            restarts: self.restarts,
            heartbeat_age: running.map(|r| age(r.last_heard)),
            jobs_done: self.earlier_jobs.0.saturating_add(counters.jobs_done),
            jobs_failed: self.earlier_jobs.1.saturating_add(counters.jobs_failed),
            job: running
                .and_then(|r| r.job.as_ref())
                .map(|flight| JobStatus {
                    subject: K::subject(&flight.job),
                    age: age(flight.since),
                }),
            started_at: running.map(|r| r.started_at),
        }
    }
}
