//! The decode dispatch thread: the one client of the worker pool that knows about photos,
//! frame slots and the job queue.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use framewave_protocol::{
    DecodeCommand, DecodeReply, DecodeRequest, FrameReady, FrameSegment, WorkerConfig,
};

use super::kind::DecodeKind;
use super::lease::{FrameLease, Returned, SlotOwner};
use super::{DecodeConfig, DecodeEvent, DecodeJob, FailureKind, JOB_QUEUE};
use crate::supervisor::{Blame, Client, DropOldestSender, Orphan, Pool, PoolEvent, WorkerStatus};

/// How often workers are judged when nothing else happens.
const TICK: Duration = Duration::from_millis(50);

/// A job whose frames workers spoiled this many times (torn, oversize, unreadable) is dropped
/// for now, not retried: a worker bug that one photo triggers must not restart workers until
/// every one is given up. The photo is not blamed; it comes round again.
const WORKER_FAULTS_PER_JOB: u32 = 2;
/// Photos whose spoiled frames are remembered; far more than are ever in flight.
const REMEMBERED_FAULTS: usize = 64;

pub struct Dispatch {
    pool: Pool<DecodeKind>,
    jobs: DecodeJobs,
    workers: usize,
}

/// Everything about decoding except the processes: the job queue, slots in flight, and what
/// goes back to the render loop. The pool's client.
struct DecodeJobs {
    /// Jobs waiting for a worker, oldest first; bounded, keeping the newest.
    queue: VecDeque<DecodeJob>,
    /// The slot each worker's job in flight writes to.
    slot_in_flight: Vec<Option<u32>>,
    /// How many times workers spoiled each recent photo's frame, by path.
    worker_faults: VecDeque<(PathBuf, u32)>,
    events: crossbeam_channel::Sender<DecodeEvent>,
    returns_tx: Sender<Returned>,
}

impl Dispatch {
    pub fn new(
        config: DecodeConfig,
        events: crossbeam_channel::Sender<DecodeEvent>,
    ) -> (Self, Receiver<Returned>) {
        let (width, height) = config.max_frame;
        let kind = DecodeKind {
            slots_per_worker: config.slots_per_worker.max(1),
            slot_bytes: width as u64 * height as u64 * 4,
            worker_config: config.worker_config,
        };
        let workers = config.pool.workers.max(1);
        // Leases from dead incarnations may still come back: room for several generations.
        let (returns_tx, returns) =
            crossbeam_channel::bounded(workers * kind.slots_per_worker as usize * 4);
        let dispatch = Self {
            workers,
            pool: Pool::new(kind, config.pool),
            jobs: DecodeJobs {
                queue: VecDeque::new(),
                slot_in_flight: vec![None; workers],
                worker_faults: VecDeque::new(),
                events,
                returns_tx,
            },
        };
        (dispatch, returns)
    }

    pub fn run(
        mut self,
        jobs: &Receiver<DecodeJob>,
        returns: &Receiver<Returned>,
        status: &DropOldestSender<Vec<WorkerStatus>>,
        configs: &Receiver<WorkerConfig>,
        stop: &Receiver<()>,
    ) {
        let inbound = self.pool.inbound().clone();
        loop {
            self.pool.step(&mut self.jobs, Instant::now());
            status.push(self.pool.statuses(Instant::now()));
            select! {
                recv(stop) -> _ => break,
                recv(jobs) -> job => match job {
                    Ok(job) => self.jobs.enqueue(&self.pool, job),
                    Err(_) => break,
                },
                // The rest of what is waiting is read by the next step, before any judgement.
                recv(inbound) -> message => {
                    if let Ok(message) = message {
                        self.pool.receive(message);
                    }
                }
                // New folders to read from: every worker now, and every incarnation after.
                recv(configs) -> config => {
                    if let Ok(config) = config {
                        self.pool.kind_mut().worker_config = config.clone();
                        for worker in 0..self.workers {
                            self.pool.send(worker, DecodeCommand::Configure(config.clone()));
                        }
                    }
                }
                recv(returns) -> returned => {
                    if let Ok(returned) = returned {
                        self.jobs.on_returned(&mut self.pool, returned);
                    }
                }
                default(TICK) => {}
            }
        }
        status.push(self.pool.shutdown());
    }
}

impl Client<DecodeKind> for DecodeJobs {
    fn on_event(&mut self, pool: &mut Pool<DecodeKind>, event: PoolEvent<DecodeKind>) {
        match event {
            PoolEvent::Event { worker, event } => self.on_reply(pool, worker, event),
            PoolEvent::Lost { worker, job, .. } => {
                self.slot_in_flight[worker] = None;
                match job {
                    Some(Orphan {
                        job,
                        quarantined: true,
                        ..
                    }) => {
                        let reason = "quarantined: decode workers failed on it".to_string();
                        self.fail_job(&job, FailureKind::Quarantined, reason);
                    }
                    // A suspect waits behind the others, so one stuck photo does not hold up
                    // the next ones twice in a row.
                    Some(Orphan {
                        job,
                        suspected: true,
                        ..
                    }) => self.queue_behind(job),
                    Some(Orphan { job, .. }) => self.requeue(job),
                    None => {}
                }
            }
        }
    }

    fn dispatch(&mut self, pool: &mut Pool<DecodeKind>) {
        if pool.all_given_up() {
            // With no worker left, every waiting job gets its answer now.
            for job in std::mem::take(&mut self.queue) {
                self.enqueue(pool, job);
            }
            return;
        }
        for worker in pool.idle_workers() {
            let Some(job) = self.next_job(pool) else {
                return;
            };
            let Some(slot) = pool.incarnation_mut(worker).and_then(|s| s.free.pop()) else {
                self.queue.push_front(job);
                continue;
            };
            let request = DecodeRequest {
                request_id: job.request_id,
                path: job.path.clone(),
                width: job.width,
                height: job.height,
                fit: job.fit,
                slot,
            };
            self.slot_in_flight[worker] = Some(slot);
            pool.assign(worker, job, DecodeCommand::Decode(request));
        }
    }
}

impl DecodeJobs {
    fn enqueue(&mut self, pool: &Pool<DecodeKind>, job: DecodeJob) {
        if pool.all_given_up() {
            let reason = "no decode worker is available".to_string();
            self.fail_job(&job, FailureKind::NoWorker, reason);
        } else if pool.is_quarantined(&job) {
            let reason = "quarantined: decode workers failed on it before".to_string();
            self.fail_job(&job, FailureKind::Quarantined, reason);
        } else {
            self.queue_behind(job);
        }
    }

    /// At the back of the queue; the oldest waiting job makes room when it is full.
    fn queue_behind(&mut self, job: DecodeJob) {
        self.queue.push_back(job);
        while self.queue.len() > JOB_QUEUE {
            let oldest = self.queue.pop_front().expect("over capacity");
            self.fail_job(&oldest, FailureKind::Dropped, "decode queue full".into());
        }
    }

    /// Back to the front of the queue: it was the most urgent job, and not at fault.
    fn requeue(&mut self, job: DecodeJob) {
        self.queue.push_front(job);
        if self.queue.len() > JOB_QUEUE {
            let oldest_waiting = self.queue.remove(1).expect("over capacity");
            self.fail_job(
                &oldest_waiting,
                FailureKind::Dropped,
                "decode queue full".into(),
            );
        }
    }

    fn fail_job(&self, job: &DecodeJob, kind: FailureKind, reason: String) {
        let _ = self.events.send(DecodeEvent::Failed {
            request_id: job.request_id,
            path: job.path.clone(),
            kind,
            reason,
        });
    }

    /// The next job worth sending to a worker.
    fn next_job(&mut self, pool: &Pool<DecodeKind>) -> Option<DecodeJob> {
        while let Some(job) = self.queue.pop_front() {
            if pool.is_quarantined(&job) {
                let reason = "quarantined: decode workers failed on it before".to_string();
                self.fail_job(&job, FailureKind::Quarantined, reason);
            } else if job.path.to_str().is_none() {
                // The control channel carries paths as text: this one could not be sent, and
                // would fail every worker it was handed to.
                let reason = format!(
                    "{}: file names that are not valid UTF-8 are not supported",
                    job.path.display()
                );
                tracing::warn!("photo skipped: {reason}");
                self.fail_job(&job, FailureKind::BadPhoto, reason);
            } else {
                return Some(job);
            }
        }
        None
    }

    fn on_reply(&mut self, pool: &mut Pool<DecodeKind>, worker: usize, reply: DecodeReply) {
        let expected = pool
            .job(worker)
            .map(|job| job.request_id)
            .zip(self.slot_in_flight[worker]);
        match reply {
            DecodeReply::Ready(ready) if expected == Some((ready.request_id, ready.slot)) => {
                let job = pool.finish_job(worker).expect("checked above");
                self.slot_in_flight[worker] = None;
                self.on_frame(pool, worker, job, ready);
            }
            DecodeReply::Failed {
                request_id,
                path,
                reason,
            } if expected.map(|(id, _)| id) == Some(request_id) => {
                let job = pool.finish_job(worker).expect("checked above");
                if let (Some(slot), Some(slots)) = (
                    self.slot_in_flight[worker].take(),
                    pool.incarnation_mut(worker),
                ) {
                    slots.free.push(slot);
                }
                tracing::warn!(path = %path.display(), %reason, "photo skipped");
                self.fail_job(&job, FailureKind::BadPhoto, reason);
            }
            other => {
                let reason = format!("out-of-protocol message {other:?}");
                pool.fail(worker, &reason, Blame::Worker);
            }
        }
    }

    /// Checks an announced frame before anyone relies on it (the render loop checks again),
    /// and lends it to the render loop.
    fn on_frame(
        &mut self,
        pool: &mut Pool<DecodeKind>,
        worker: usize,
        job: DecodeJob,
        ready: FrameReady,
    ) {
        let generation = pool.generation(worker);
        let Some(slots) = pool.incarnation_mut(worker) else {
            return self.requeue(job);
        };
        match checked_frame(&slots.segment, &ready, &job) {
            Ok(()) => {
                let owner = SlotOwner {
                    worker,
                    generation,
                    slot: ready.slot,
                };
                let segment = Arc::clone(&slots.segment);
                pool.vouch_for(&job);
                let request_id = job.request_id;
                let frame =
                    FrameLease::new(segment, ready.seq, owner, job, self.returns_tx.clone());
                let _ = self.events.send(DecodeEvent::Ready { request_id, frame });
            }
            Err(reason) => {
                // The worker lied about its frame: its fault, not the photo's.
                pool.fail(worker, &reason, Blame::Worker);
                self.retry_after_worker_fault(job, &reason);
            }
        }
    }

    fn on_returned(&mut self, pool: &mut Pool<DecodeKind>, returned: Returned) {
        match returned {
            Returned::Slot(owner) => {
                if !pool.is_current(owner.worker, owner.generation) {
                    return;
                }
                if let Some(slots) = pool.incarnation_mut(owner.worker)
                    && !slots.free.contains(&owner.slot)
                {
                    slots.free.push(owner.slot);
                }
            }
            Returned::Bad { owner, job, reason } => {
                let reason = format!("its frame was bad on upload: {reason}");
                if pool.is_current(owner.worker, owner.generation) {
                    pool.fail(owner.worker, &reason, Blame::Worker);
                }
                self.retry_after_worker_fault(job, &reason);
            }
        }
    }

    /// A worker spoiled this job's frame: try again, unless workers keep spoiling it (a
    /// decoder bug on this photo), which would otherwise restart them until all are given up.
    fn retry_after_worker_fault(&mut self, job: DecodeJob, reason: &str) {
        let faults = match self
            .worker_faults
            .iter_mut()
            .find(|(path, _)| *path == job.path)
        {
            Some((_, faults)) => {
                *faults += 1;
                *faults
            }
            None => {
                if self.worker_faults.len() == REMEMBERED_FAULTS {
                    self.worker_faults.pop_front();
                }
                self.worker_faults.push_back((job.path.clone(), 1));
                1
            }
        };
        if faults >= WORKER_FAULTS_PER_JOB {
            tracing::warn!(path = %job.path.display(), %reason, "photo passed over this time: workers keep spoiling its frame");
            self.fail_job(&job, FailureKind::Dropped, reason.to_string());
        } else {
            self.requeue(job);
        }
    }
}

/// The frame a worker announced must be readable exactly as announced, and no larger than
/// what was asked for.
fn checked_frame(
    segment: &FrameSegment,
    ready: &FrameReady,
    job: &DecodeJob,
) -> Result<(), String> {
    let read = segment
        .read(ready.slot, ready.seq)
        .map_err(|e| format!("announced an unreadable frame: {e}"))?;
    let frame = read.frame();
    if frame.request_id != ready.request_id {
        return Err(format!(
            "announced request {} but the slot holds request {}",
            ready.request_id, frame.request_id
        ));
    }
    if frame.width > job.width || frame.height > job.height {
        return Err(format!(
            "sent a {}x{} frame for a {}x{} request",
            frame.width, frame.height, job.width, job.height
        ));
    }
    Ok(())
}
