//! The decode dispatch thread: the one client of the worker pool that knows about photos,
//! frame slots and the job queue.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use framewave_protocol::{DecodeCommand, DecodeReply, DecodeRequest, FrameReady, FrameSegment};

use super::kind::DecodeKind;
use super::lease::{FrameLease, Returned, SlotOwner};
use super::{DecodeConfig, DecodeEvent, DecodeJob, FailureKind, JOB_QUEUE};
use crate::supervisor::{Blame, DropOldestSender, Orphan, Pool, PoolEvent, WorkerStatus};

/// How often workers are judged when nothing else happens.
const TICK: Duration = Duration::from_millis(50);

pub struct Dispatch {
    pool: Pool<DecodeKind>,
    /// Jobs waiting for a worker, oldest first; bounded, keeping the newest.
    queue: VecDeque<DecodeJob>,
    /// The slot each worker's job in flight writes to.
    slot_in_flight: Vec<Option<u32>>,
    events: DropOldestSender<DecodeEvent>,
    status: DropOldestSender<Vec<WorkerStatus>>,
    returns_tx: Sender<Returned>,
    returns: Receiver<Returned>,
}

impl Dispatch {
    pub fn new(
        config: DecodeConfig,
        events: DropOldestSender<DecodeEvent>,
        status: DropOldestSender<Vec<WorkerStatus>>,
    ) -> Self {
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
        Self {
            pool: Pool::new(kind, config.pool),
            queue: VecDeque::new(),
            slot_in_flight: vec![None; workers],
            events,
            status,
            returns_tx,
            returns,
        }
    }

    pub fn run(mut self, jobs: &Receiver<DecodeJob>, stop: &Receiver<()>) {
        let inbound = self.pool.inbound().clone();
        loop {
            self.pool.tick(Instant::now());
            self.settle();
            self.status.push(self.pool.statuses(Instant::now()));
            select! {
                recv(stop) -> _ => break,
                recv(jobs) -> job => match job {
                    Ok(job) => self.enqueue(job),
                    Err(_) => break,
                },
                recv(inbound) -> message => {
                    // Everything already said is heard before anyone is judged.
                    for message in message.into_iter().chain(inbound.try_iter()) {
                        self.pool.receive(message);
                    }
                }
                recv(self.returns) -> returned => {
                    if let Ok(returned) = returned {
                        self.on_returned(returned);
                    }
                }
                default(TICK) => {}
            }
        }
        self.status.push(self.pool.shutdown());
    }

    /// Acts on everything the pool reports and hands out jobs, until nothing changes.
    fn settle(&mut self) {
        loop {
            while let Some(event) = self.pool.next_event() {
                self.on_pool_event(event);
            }
            self.dispatch();
            if !self.pool.has_events() {
                return;
            }
        }
    }

    fn enqueue(&mut self, job: DecodeJob) {
        if self.pool.all_given_up() {
            let reason = "no decode worker is available".to_string();
            self.fail_job(&job, FailureKind::NoWorker, reason);
        } else if self.pool.is_quarantined(&job) {
            let reason = "quarantined: decode workers died on it before".to_string();
            self.fail_job(&job, FailureKind::Quarantined, reason);
        } else {
            self.queue.push_back(job);
            while self.queue.len() > JOB_QUEUE {
                let oldest = self.queue.pop_front().expect("over capacity");
                self.fail_job(&oldest, FailureKind::Dropped, "decode queue full".into());
            }
        }
    }

    /// Back to the front of the queue: it was the most urgent job.
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
        self.events.push(DecodeEvent::Failed {
            request_id: job.request_id,
            path: job.path.clone(),
            kind,
            reason,
        });
    }

    fn dispatch(&mut self) {
        for worker in self.pool.idle_workers() {
            let Some(job) = self.next_job() else {
                return;
            };
            let Some(slot) = self.pool.incarnation_mut(worker).and_then(|s| s.free.pop()) else {
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
            self.pool
                .assign(worker, job, DecodeCommand::Decode(request));
        }
    }

    /// The next job worth sending to a worker.
    fn next_job(&mut self) -> Option<DecodeJob> {
        while let Some(job) = self.queue.pop_front() {
            if !self.pool.is_quarantined(&job) {
                return Some(job);
            }
            let reason = "quarantined: decode workers died on it before".to_string();
            self.fail_job(&job, FailureKind::Quarantined, reason);
        }
        None
    }

    fn on_pool_event(&mut self, event: PoolEvent<DecodeKind>) {
        match event {
            PoolEvent::Event { worker, event } => self.on_reply(worker, event),
            PoolEvent::Lost { worker, job, .. } => {
                self.slot_in_flight[worker] = None;
                match job {
                    Some(Orphan {
                        job,
                        quarantined: true,
                    }) => {
                        let reason = "quarantined: decode workers died on it".to_string();
                        self.fail_job(&job, FailureKind::Quarantined, reason);
                    }
                    Some(Orphan { job, .. }) => self.requeue(job),
                    None => {}
                }
                // With no worker left, every waiting job gets its answer now.
                for job in std::mem::take(&mut self.queue) {
                    self.enqueue(job);
                }
            }
        }
    }

    fn on_reply(&mut self, worker: usize, reply: DecodeReply) {
        let expected = self
            .pool
            .job(worker)
            .map(|job| job.request_id)
            .zip(self.slot_in_flight[worker]);
        match reply {
            DecodeReply::Ready(ready) if expected == Some((ready.request_id, ready.slot)) => {
                let job = self.pool.finish_job(worker).expect("checked above");
                self.slot_in_flight[worker] = None;
                self.on_frame(worker, job, ready);
            }
            DecodeReply::Failed {
                request_id,
                path,
                reason,
            } if expected.map(|(id, _)| id) == Some(request_id) => {
                let job = self.pool.finish_job(worker).expect("checked above");
                if let (Some(slot), Some(slots)) = (
                    self.slot_in_flight[worker].take(),
                    self.pool.incarnation_mut(worker),
                ) {
                    slots.free.push(slot);
                }
                tracing::warn!(path = %path.display(), %reason, "photo skipped");
                self.fail_job(&job, FailureKind::BadPhoto, reason);
            }
            other => {
                let reason = format!("out-of-protocol message {other:?}");
                self.pool.fail(worker, &reason, Blame::Worker);
            }
        }
    }

    /// Checks an announced frame before anyone relies on it (the render loop checks again),
    /// and lends it to the render loop.
    fn on_frame(&mut self, worker: usize, job: DecodeJob, ready: FrameReady) {
        let generation = self.pool.generation(worker);
        let Some(slots) = self.pool.incarnation_mut(worker) else {
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
                let request_id = job.request_id;
                let frame =
                    FrameLease::new(segment, ready.seq, owner, job, self.returns_tx.clone());
                self.events.push(DecodeEvent::Ready { request_id, frame });
            }
            Err(reason) => {
                // The worker lied about its frame: its fault, not the photo's. Try again.
                self.requeue(job);
                self.pool.fail(worker, &reason, Blame::Worker);
            }
        }
    }

    fn on_returned(&mut self, returned: Returned) {
        match returned {
            Returned::Slot(owner) => {
                if !self.pool.is_current(owner.worker, owner.generation) {
                    return;
                }
                if let Some(slots) = self.pool.incarnation_mut(owner.worker)
                    && !slots.free.contains(&owner.slot)
                {
                    slots.free.push(owner.slot);
                }
            }
            Returned::Bad { owner, job, reason } => {
                if self.pool.is_current(owner.worker, owner.generation) {
                    let reason = format!("its frame was bad on upload: {reason}");
                    self.pool.fail(owner.worker, &reason, Blame::Worker);
                }
                self.requeue(job);
            }
        }
        self.settle();
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
