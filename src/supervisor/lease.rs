//! A frame that a worker has finished, lent to the render loop until it has been uploaded.

use std::sync::Arc;

use crossbeam_channel::Sender;
use framewave_protocol::{FrameSegment, SegmentError, SlotRead};

/// Which slot to hand back to which worker incarnation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotReturn {
    pub worker: usize,
    pub generation: u64,
    pub slot: u32,
}

/// A finished frame in a shared-memory slot. The slot stays reserved for the render loop until
/// this lease is dropped; dropping it hands the slot back to the worker's pool without blocking.
#[derive(Debug)]
pub struct FrameLease {
    segment: Arc<FrameSegment>,
    seq: u64,
    slot: SlotReturn,
    returns: Sender<SlotReturn>,
}

impl FrameLease {
    pub(super) fn new(
        segment: Arc<FrameSegment>,
        seq: u64,
        slot: SlotReturn,
        returns: Sender<SlotReturn>,
    ) -> Self {
        Self {
            segment,
            seq,
            slot,
            returns,
        }
    }

    /// The validated frame, if the slot still holds exactly what the worker announced.
    pub fn read(&self) -> Result<SlotRead<'_>, SegmentError> {
        self.segment.read(self.slot.slot, self.seq)
    }
}

impl Drop for FrameLease {
    fn drop(&mut self) {
        // The return queue holds every slot there is, so it is never full; if the supervisor is
        // gone the slot no longer matters.
        let _ = self.returns.try_send(self.slot);
    }
}
