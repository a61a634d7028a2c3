//! The supervisor thread: owns every worker process and is the only place that waits on them.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use framewave_protocol::{DecodeRequest, FrameReady, FrameSegment, FromWorker, ToWorker};
use ipc_channel::ipc::IpcReceiver;
use rustix::process::{Pid, Signal};

use super::drop_oldest::DropOldestSender;
use super::lease::{FrameLease, SlotReturn};
use super::restart_policy::{RestartPolicy, Verdict};
use super::spawn::{WorkerProcess, spawn_worker};
use super::status::{WorkerState, WorkerStatus};
use super::worker::{InFlight, Life, Running, Worker};
use super::{DecodeConfig, DecodeEvent, DecodeJob, FailureKind};

/// How often liveness is checked when nothing else happens.
const TICK: Duration = Duration::from_millis(50);
/// Shutdown: time to exit when asked, then after SIGTERM, before SIGKILL.
const GRACE: Duration = Duration::from_secs(2);
/// A photo in flight during this many worker deaths is quarantined.
const CRASHES_TO_QUARANTINE: u32 = 2;

/// A message from a worker's reader thread, tagged with the incarnation it came from.
struct Inbound {
    worker: usize,
    generation: u64,
    message: Result<FromWorker, String>,
}

/// Whether the job in flight may have caused a worker's failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blame {
    /// Crashed or hung while decoding: the photo may be at fault.
    InFlightPhoto,
    /// Broke the protocol or could not start: the worker is at fault, not the photo.
    Worker,
}

pub struct Supervisor {
    config: DecodeConfig,
    workers: Vec<Worker>,
    queue: VecDeque<DecodeJob>,
    events: DropOldestSender<DecodeEvent>,
    status: DropOldestSender<Vec<WorkerStatus>>,
    last_states: Vec<WorkerState>,
    inbound_tx: Sender<Inbound>,
    inbound: Receiver<Inbound>,
    returns_tx: Sender<SlotReturn>,
    returns: Receiver<SlotReturn>,
    /// Photos that were in flight when a worker died, by number of deaths.
    crashes: HashMap<PathBuf, u32>,
}

impl Supervisor {
    pub fn new(
        config: DecodeConfig,
        events: DropOldestSender<DecodeEvent>,
        status: DropOldestSender<Vec<WorkerStatus>>,
    ) -> Self {
        let now = Instant::now();
        let count = config.workers.max(1);
        let workers = (0..count)
            .map(|id| Worker {
                id,
                generation: 0,
                life: Life::RestartAt(now),
                policy: RestartPolicy::new(config.restart),
                restarts: 0,
                earlier_jobs: (0, 0),
            })
            .collect();
        let (inbound_tx, inbound) = crossbeam_channel::bounded(256);
        let total_slots = count * config.slots_per_worker.max(1) as usize;
        // Leases from dead incarnations may still come back: room for several generations.
        let (returns_tx, returns) = crossbeam_channel::bounded(total_slots * 4);
        Self {
            config,
            workers,
            queue: VecDeque::new(),
            events,
            status,
            last_states: vec![WorkerState::Starting; count],
            inbound_tx,
            inbound,
            returns_tx,
            returns,
            crashes: HashMap::new(),
        }
    }

    pub fn run(mut self, jobs: &Receiver<DecodeJob>, stop: &Receiver<()>) {
        loop {
            self.start_due_workers();
            self.dispatch();
            self.publish_status();
            select! {
                recv(stop) -> _ => break,
                recv(jobs) -> job => match job {
                    Ok(job) => self.enqueue(job),
                    Err(_) => break,
                },
                recv(self.inbound) -> inbound => {
                    if let Ok(inbound) = inbound {
                        self.handle(inbound);
                    }
                }
                recv(self.returns) -> returned => {
                    if let Ok(returned) = returned {
                        self.return_slot(returned);
                    }
                }
                default(TICK) => {}
            }
            self.check_liveness();
        }
        self.shutdown();
        self.publish_status();
    }

    fn enqueue(&mut self, job: DecodeJob) {
        if self.all_given_up() {
            let reason = "no decode worker is available".to_string();
            self.fail_job(&job, FailureKind::NoWorker, reason);
        } else if self.crashes.get(&job.path).copied().unwrap_or(0) >= CRASHES_TO_QUARANTINE {
            let reason = "quarantined: decode workers died on it before".to_string();
            self.fail_job(&job, FailureKind::Quarantined, reason);
        } else {
            self.queue.push_back(job);
        }
    }

    fn all_given_up(&self) -> bool {
        self.workers.iter().all(|w| matches!(w.life, Life::GivenUp))
    }

    fn fail_job(&self, job: &DecodeJob, kind: FailureKind, reason: String) {
        self.events.push(DecodeEvent::Failed {
            request_id: job.request_id,
            path: job.path.clone(),
            kind,
            reason,
        });
    }

    fn start_due_workers(&mut self) {
        let now = Instant::now();
        for index in 0..self.workers.len() {
            if matches!(self.workers[index].life, Life::RestartAt(at) if at <= now) {
                self.start(index);
            }
        }
    }

    fn start(&mut self, index: usize) {
        let (width, height) = self.config.max_frame;
        let slot_bytes = width as u64 * height as u64 * 4;
        let started = FrameSegment::create(self.config.slots_per_worker, slot_bytes)
            .map_err(|e| e.to_string())
            .and_then(|segment| {
                spawn_worker(
                    &self.config.exe,
                    "decode",
                    &self.config.worker_args,
                    &segment,
                )
                .map(|spawned| (segment, spawned))
                .map_err(|e| e.to_string())
            });
        let worker = &mut self.workers[index];
        worker.generation += 1;
        let (segment, (process, events)) = match started {
            Ok(started) => started,
            Err(reason) => {
                let reason = format!("failed to start: {reason}");
                return self.fail_worker(index, &reason, Blame::Worker);
            }
        };
        let now = Instant::now();
        worker.policy.on_started(now);
        spawn_reader(index, worker.generation, events, self.inbound_tx.clone());
        let configure = process
            .commands
            .send(ToWorker::Configure(self.config.worker_config.clone()));
        worker.life = Life::Running(Box::new(Running {
            free_slots: (0..segment.slot_count()).rev().collect(),
            segment: Arc::new(segment),
            process,
            in_flight: None,
            last_heartbeat: now,
            counters: Default::default(),
            started_at: now,
        }));
        if let Err(e) = configure {
            self.fail_worker(index, &format!("cannot configure: {e}"), Blame::Worker);
        }
    }

    fn dispatch(&mut self) {
        while !self.queue.is_empty() {
            let Some(index) = self.workers.iter().position(Worker::is_idle) else {
                return;
            };
            let job = self.queue.pop_front().expect("queue is not empty");
            let crashes = self.crashes.get(&job.path).copied().unwrap_or(0);
            let running = self.workers[index]
                .running_mut()
                .expect("idle means running");
            let slot = running.free_slots.pop().expect("idle means a free slot");
            let request = DecodeRequest {
                request_id: job.request_id,
                path: job.path.clone(),
                width: job.width,
                height: job.height,
                fit: job.fit,
                slot,
            };
            running.in_flight = Some(InFlight { job, slot, crashes });
            if let Err(e) = running.process.commands.send(ToWorker::Decode(request)) {
                let reason = format!("cannot send a request: {e}");
                self.fail_worker(index, &reason, Blame::Worker);
            }
        }
    }

    fn handle(&mut self, inbound: Inbound) {
        let index = inbound.worker;
        let worker = &mut self.workers[index];
        if worker.generation != inbound.generation {
            return; // from an incarnation that is already gone
        }
        let generation = worker.generation;
        let Some(running) = worker.running_mut() else {
            return;
        };
        let message = match inbound.message {
            Ok(message) => message,
            // A closed channel: the worker died (liveness will see why) or sent garbage.
            Err(reason) => return self.fail_worker(index, &reason, Blame::InFlightPhoto),
        };
        running.last_heartbeat = Instant::now();
        let in_flight_id = running
            .in_flight
            .as_ref()
            .map(|f| (f.job.request_id, f.slot));
        match message {
            FromWorker::Heartbeat(counters) => running.counters = counters,
            FromWorker::Ready(ready) if in_flight_id == Some((ready.request_id, ready.slot)) => {
                let flight = running.in_flight.take().expect("checked above");
                // Check the frame before anyone relies on it; the render loop checks again.
                match checked_frame(&running.segment, &ready) {
                    Ok(()) => {
                        self.crashes.remove(&flight.job.path);
                        let slot = SlotReturn {
                            worker: index,
                            generation,
                            slot: ready.slot,
                        };
                        let frame = FrameLease::new(
                            Arc::clone(&running.segment),
                            ready.seq,
                            slot,
                            self.returns_tx.clone(),
                        );
                        let request_id = ready.request_id;
                        self.events.push(DecodeEvent::Ready { request_id, frame });
                    }
                    Err(reason) => {
                        // The worker lied about its frame: retry the photo elsewhere.
                        self.queue.push_front(flight.job);
                        self.fail_worker(index, &reason, Blame::Worker);
                    }
                }
            }
            FromWorker::Failed {
                request_id,
                path,
                reason,
            } if in_flight_id.map(|(id, _)| id) == Some(request_id) => {
                let flight = running.in_flight.take().expect("checked above");
                running.free_slots.push(flight.slot);
                tracing::warn!(path = %path.display(), %reason, "photo skipped");
                self.fail_job(&flight.job, FailureKind::BadPhoto, reason);
            }
            other => {
                let reason = format!("out-of-protocol message {other:?}");
                self.fail_worker(index, &reason, Blame::Worker);
            }
        }
    }

    fn return_slot(&mut self, returned: SlotReturn) {
        let worker = &mut self.workers[returned.worker];
        if worker.generation != returned.generation {
            return;
        }
        if let Some(running) = worker.running_mut()
            && !running.free_slots.contains(&returned.slot)
        {
            running.free_slots.push(returned.slot);
        }
    }

    fn check_liveness(&mut self) {
        let now = Instant::now();
        for index in 0..self.workers.len() {
            let Some(running) = self.workers[index].running_mut() else {
                continue;
            };
            if let Ok(Some(status)) = running.process.child.try_wait() {
                let reason = format!("exited ({status})");
                self.fail_worker(index, &reason, Blame::InFlightPhoto);
            } else if now.saturating_duration_since(running.last_heartbeat) > self.config.hang_after
            {
                let reason = format!("hung: no heartbeat for {:?}", self.config.hang_after);
                self.fail_worker(index, &reason, Blame::InFlightPhoto);
            }
        }
    }

    /// Kills what is left of a worker, requeues or quarantines its job, schedules a restart or
    /// gives the worker up.
    fn fail_worker(&mut self, index: usize, reason: &str, blame: Blame) {
        let now = Instant::now();
        let worker = &mut self.workers[index];
        let mut orphaned = None;
        if let Some(mut running) = worker.end_incarnation() {
            // SIGKILL also ends a stopped (SIGSTOP) process.
            let _ = running.process.child.kill();
            let _ = running.process.child.wait();
            orphaned = running.in_flight.take();
        }
        worker.life = match worker.policy.on_failure(now) {
            Verdict::RestartAt(at) => {
                worker.restarts += 1;
                tracing::warn!(worker = index, %reason, restart_in = ?at - now, "decode worker failed; restarting");
                Life::RestartAt(at)
            }
            Verdict::GiveUp => {
                tracing::error!(worker = index, %reason, "decode worker failed too often; giving up on it");
                Life::GivenUp
            }
        };
        if let Some(flight) = orphaned {
            let job = flight.job;
            if blame == Blame::InFlightPhoto {
                let deaths = flight.crashes + 1;
                self.crashes.insert(job.path.clone(), deaths);
                if deaths >= CRASHES_TO_QUARANTINE {
                    tracing::error!(path = %job.path.display(), deaths, "photo quarantined: decode workers died on it");
                }
            }
            // Back to the front of the queue: it was the most urgent job.
            self.queue.push_front(job);
        }
        // Re-check every queued job: some may now be quarantined, or have no worker left.
        for job in std::mem::take(&mut self.queue) {
            self.enqueue(job);
        }
    }

    fn publish_status(&mut self) {
        let now = Instant::now();
        let statuses: Vec<WorkerStatus> = self.workers.iter().map(|w| w.status(now)).collect();
        for (status, last) in statuses.iter().zip(&mut self.last_states) {
            if status.state != *last {
                tracing::info!("{status}");
                *last = status.state;
            }
        }
        self.status.push(statuses);
    }

    /// Ask every worker to stop, then SIGTERM, then SIGKILL; reap them all.
    fn shutdown(&mut self) {
        let mut children: Vec<WorkerProcess> = Vec::new();
        for worker in &mut self.workers {
            if let Some(running) = worker.end_incarnation() {
                let _ = running.process.commands.send(ToWorker::Shutdown);
                children.push(running.process);
            }
        }
        let mut remaining = wait_all(children, GRACE);
        for child in &remaining {
            if let Some(pid) = Pid::from_raw(child.pid as i32) {
                let _ = rustix::process::kill_process(pid, Signal::TERM);
            }
        }
        remaining = wait_all(remaining, GRACE);
        for mut child in remaining {
            tracing::warn!(pid = child.pid, "worker ignored SIGTERM; killing it");
            let _ = child.child.kill();
            let _ = child.child.wait();
        }
    }
}

/// The frame a worker announced must be readable exactly as announced.
fn checked_frame(segment: &FrameSegment, ready: &FrameReady) -> Result<(), String> {
    let read = segment
        .read(ready.slot, ready.seq)
        .map_err(|e| format!("announced an unreadable frame: {e}"))?;
    if read.frame().request_id != ready.request_id {
        return Err(format!(
            "announced request {} but the slot holds request {}",
            ready.request_id,
            read.frame().request_id
        ));
    }
    Ok(())
}

/// Waits up to `grace` for the children to exit; returns those still running.
fn wait_all(mut children: Vec<WorkerProcess>, grace: Duration) -> Vec<WorkerProcess> {
    let deadline = Instant::now() + grace;
    loop {
        children.retain_mut(|c| !matches!(c.child.try_wait(), Ok(Some(_))));
        if children.is_empty() || Instant::now() >= deadline {
            return children;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A thread per worker that blocks on its event channel and forwards to the supervisor.
/// It ends when the worker's end of the channel closes (the worker died or exited).
fn spawn_reader(
    worker: usize,
    generation: u64,
    events: IpcReceiver<FromWorker>,
    inbound_tx: Sender<Inbound>,
) {
    let spawned = std::thread::Builder::new()
        .name(format!("decode-worker-{worker}-events"))
        .spawn(move || {
            loop {
                let message = events.recv().map_err(|e| format!("event channel: {e:?}"));
                let closed = message.is_err();
                let message_for_supervisor = Inbound {
                    worker,
                    generation,
                    message,
                };
                if inbound_tx.send(message_for_supervisor).is_err() || closed {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start a worker event reader: {e}");
    }
}
