//! Faults injected into live worker processes during a soak run, and how fast they heal.
//!
//! Runs on the render thread as part of a frame observer: it only sends signals (which never
//! block) and reads worker statuses the render loop already has.

use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal};

use crate::supervisor::{WorkerState, WorkerStatus};

#[derive(Debug, Clone, Copy, Default)]
pub struct FaultPlan {
    /// SIGKILL one random worker this often.
    pub kill_every: Option<Duration>,
    /// SIGSTOP every worker for this long (then SIGCONT), repeatedly.
    pub stop_for: Option<Duration>,
}

/// Time between the end of one stop and the start of the next: long enough to recover.
const BETWEEN_STOPS: Duration = Duration::from_secs(5);

#[derive(Debug)]
struct Awaiting {
    worker: usize,
    old_pid: u32,
    since: Instant,
    hung: bool,
}

#[derive(Debug)]
pub struct FaultInjector {
    plan: FaultPlan,
    next_kill: Option<Instant>,
    next_stop: Option<Instant>,
    stopped: Vec<u32>,
    resume_at: Option<Instant>,
    awaiting: Vec<Awaiting>,
    rng: u64,
    /// Death (or stop) to replacement running, for killed workers.
    pub kill_recoveries: Vec<Duration>,
    /// Stop to replacement running, for hung workers.
    pub hang_recoveries: Vec<Duration>,
    pub kills: usize,
    pub stops: usize,
}

impl FaultInjector {
    pub fn new(plan: FaultPlan, start: Instant) -> Self {
        Self {
            plan,
            next_kill: plan.kill_every.map(|every| start + every),
            next_stop: plan.stop_for.map(|_| start + BETWEEN_STOPS),
            stopped: Vec::new(),
            resume_at: None,
            awaiting: Vec::new(),
            rng: 0x9E37_79B9_7F4A_7C15
                ^ start.elapsed().as_nanos() as u64
                ^ std::process::id() as u64,
            kill_recoveries: Vec::new(),
            hang_recoveries: Vec::new(),
            kills: 0,
            stops: 0,
        }
    }

    /// Injects whatever is due at `now` and notes recoveries visible in `workers`.
    pub fn step(&mut self, now: Instant, workers: &[WorkerStatus]) {
        self.note_recoveries(workers);
        if let (Some(at), Some(every)) = (self.next_kill, self.plan.kill_every)
            && now >= at
        {
            self.kill_one(now, workers);
            self.next_kill = Some(now + every);
        }
        if let (Some(at), Some(stop_for)) = (self.next_stop, self.plan.stop_for)
            && now >= at
            && self.resume_at.is_none()
        {
            self.stop_all(now, workers);
            self.resume_at = Some(now + stop_for);
            self.next_stop = Some(now + stop_for + BETWEEN_STOPS);
        }
        if self.resume_at.is_some_and(|at| now >= at) {
            self.resume_all();
        }
    }

    /// Resumes anything still stopped (call before the run ends).
    pub fn resume_all(&mut self) {
        for pid in self.stopped.drain(..) {
            // The supervisor has probably killed it already; then this is a harmless ESRCH.
            let _ = send(pid, Signal::CONT);
        }
        self.resume_at = None;
    }

    fn kill_one(&mut self, now: Instant, workers: &[WorkerStatus]) {
        let running: Vec<&WorkerStatus> = workers
            .iter()
            .filter(|w| w.state == WorkerState::Running && w.pid.is_some())
            .collect();
        if running.is_empty() {
            return;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let victim = running[(self.rng % running.len() as u64) as usize];
        let pid = victim.pid.expect("filtered on pid");
        if send(pid, Signal::KILL).is_ok() {
            self.kills += 1;
            self.awaiting.push(Awaiting {
                worker: victim.id,
                old_pid: pid,
                since: now,
                hung: false,
            });
        }
    }

    fn stop_all(&mut self, now: Instant, workers: &[WorkerStatus]) {
        for worker in workers.iter().filter(|w| w.state == WorkerState::Running) {
            let Some(pid) = worker.pid else { continue };
            if send(pid, Signal::STOP).is_ok() {
                self.stopped.push(pid);
                self.awaiting.push(Awaiting {
                    worker: worker.id,
                    old_pid: pid,
                    since: now,
                    hung: true,
                });
            }
        }
        self.stops += 1;
    }

    fn note_recoveries(&mut self, workers: &[WorkerStatus]) {
        self.awaiting.retain(|awaiting| {
            let replacement = workers.iter().find(|w| {
                w.id == awaiting.worker
                    && w.state == WorkerState::Running
                    && w.pid.is_some_and(|pid| pid != awaiting.old_pid)
            });
            let Some(started) = replacement.and_then(|w| w.started_at) else {
                return true;
            };
            let took = started.saturating_duration_since(awaiting.since);
            if awaiting.hung {
                self.hang_recoveries.push(took);
            } else {
                self.kill_recoveries.push(took);
            }
            false
        });
    }
}

fn send(pid: u32, signal: Signal) -> rustix::io::Result<()> {
    let pid = Pid::from_raw(pid as i32).ok_or(rustix::io::Errno::SRCH)?;
    rustix::process::kill_process(pid, signal)
}
