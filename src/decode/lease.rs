//! A frame that a worker has finished, lent to the render loop until it has been uploaded.

use std::sync::Arc;

use crossbeam_channel::Sender;
use framewave_protocol::{FrameSegment, SegmentError, SlotRead};

use super::DecodeJob;

/// Which slot of which worker incarnation a frame is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotOwner {
    pub worker: usize,
    pub generation: u64,
    pub slot: u32,
}

/// What comes back to the dispatch thread from the render loop.
#[derive(Debug)]
pub enum Returned {
    /// The frame was used (or dropped): its slot is free again.
    Slot(SlotOwner),
    /// The frame turned out bad while the render loop read it (torn, or not what was asked
    /// for): the worker is at fault, and the job is tried again.
    Bad {
        owner: SlotOwner,
        job: DecodeJob,
        reason: String,
    },
}

/// A finished frame in a shared-memory slot. The slot stays reserved for the render loop until
/// this lease is dropped; dropping it hands the slot back to the worker's pool without blocking.
#[derive(Debug)]
pub struct FrameLease {
    segment: Arc<FrameSegment>,
    seq: u64,
    owner: SlotOwner,
    job: DecodeJob,
    returns: Sender<Returned>,
    /// Why the render loop could not use the frame, once it has said so.
    rejection: Option<String>,
}

impl FrameLease {
    pub(super) fn new(
        segment: Arc<FrameSegment>,
        seq: u64,
        owner: SlotOwner,
        job: DecodeJob,
        returns: Sender<Returned>,
    ) -> Self {
        Self {
            segment,
            seq,
            owner,
            job,
            returns,
            rejection: None,
        }
    }

    /// The validated frame, if the slot still holds exactly what the worker announced.
    pub fn read(&self) -> Result<SlotRead<'_>, SegmentError> {
        self.segment.read(self.owner.slot, self.seq)
    }

    /// The size the frame was asked for; a frame may be smaller (a photo shown whole), never
    /// larger.
    pub fn requested(&self) -> (u32, u32) {
        (self.job.width, self.job.height)
    }

    /// The frame could not be used because of the worker (it tore or lied): the worker is
    /// restarted and the job tried again, under the same request id.
    pub fn reject(mut self, reason: String) {
        self.rejection = Some(reason);
    }
}

impl Drop for FrameLease {
    fn drop(&mut self) {
        let returned = match self.rejection.take() {
            Some(reason) => Returned::Bad {
                owner: self.owner,
                job: self.job.clone(),
                reason,
            },
            None => Returned::Slot(self.owner),
        };
        // The return queue holds every slot there is, and each lease returns once, so it is
        // never full; if the dispatch thread is gone the slot no longer matters.
        let _ = self.returns.try_send(returned);
    }
}
