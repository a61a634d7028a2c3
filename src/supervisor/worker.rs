//! One supervised worker: its process (when running), its segment, slots and job in flight.

use std::sync::Arc;
use std::time::{Duration, Instant};

use framewave_protocol::{FrameSegment, Heartbeat};

use super::DecodeJob;
use super::restart_policy::RestartPolicy;
use super::spawn::WorkerProcess;
use super::status::{WorkerState, WorkerStatus};

#[derive(Debug)]
pub struct InFlight {
    pub job: DecodeJob,
    pub slot: u32,
    /// Attempts of this job that ended with its worker dying.
    pub crashes: u32,
}

#[derive(Debug)]
pub struct Running {
    pub process: WorkerProcess,
    pub segment: Arc<FrameSegment>,
    pub free_slots: Vec<u32>,
    pub in_flight: Option<InFlight>,
    pub last_heartbeat: Instant,
    pub counters: Heartbeat,
    pub started_at: Instant,
}

#[derive(Debug)]
pub enum Life {
    Running(Box<Running>),
    RestartAt(Instant),
    GivenUp,
    Stopped,
}

#[derive(Debug)]
pub struct Worker {
    pub id: usize,
    /// Bumped on every start, so messages and slot returns from a dead incarnation are ignored.
    pub generation: u64,
    pub life: Life,
    pub policy: RestartPolicy,
    pub restarts: u64,
    /// Jobs done and failed by earlier incarnations, as their last heartbeats reported.
    pub earlier_jobs: (u64, u64),
}

impl Worker {
    /// Ends the running incarnation, if any (life becomes `Stopped`), keeping its job counts.
    pub fn end_incarnation(&mut self) -> Option<Running> {
        let Life::Running(running) = std::mem::replace(&mut self.life, Life::Stopped) else {
            return None;
        };
        self.earlier_jobs.0 += running.counters.jobs_done;
        self.earlier_jobs.1 += running.counters.jobs_failed;
        Some(*running)
    }

    pub fn running_mut(&mut self) -> Option<&mut Running> {
        match &mut self.life {
            Life::Running(running) => Some(running),
            _ => None,
        }
    }

    /// Ready for a job: running, idle, with a free slot.
    pub fn is_idle(&self) -> bool {
        matches!(&self.life, Life::Running(r) if r.in_flight.is_none() && !r.free_slots.is_empty())
    }

    pub fn status(&self, now: Instant) -> WorkerStatus {
        let running = match &self.life {
            Life::Running(r) => Some(r),
            _ => None,
        };
        let (state, pid, heartbeat_age, counters) = match &self.life {
            Life::Running(r) => (
                WorkerState::Running,
                Some(r.process.pid),
                Some(now.saturating_duration_since(r.last_heartbeat)),
                r.counters,
            ),
            Life::RestartAt(_) if self.generation == 0 => {
                (WorkerState::Starting, None, None, Heartbeat::default())
            }
            Life::RestartAt(_) => (WorkerState::Restarting, None, None, Heartbeat::default()),
            Life::GivenUp => (WorkerState::GivenUp, None, None, Heartbeat::default()),
            Life::Stopped => (WorkerState::Stopped, None, None, Heartbeat::default()),
        };
        WorkerStatus {
            id: self.id,
            pid,
            state,
            restarts: self.restarts,
            heartbeat_age: heartbeat_age.map(|age| Duration::from_millis(age.as_millis() as u64)),
            jobs_done: self.earlier_jobs.0 + counters.jobs_done,
            jobs_failed: self.earlier_jobs.1 + counters.jobs_failed,
            busy: running.is_some_and(|r| r.in_flight.is_some()),
            started_at: running.map(|r| r.started_at),
        }
    }
}
