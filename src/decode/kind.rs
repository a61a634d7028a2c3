//! Decode workers as a kind of supervised worker: each incarnation gets a fresh frame segment.

use std::process::Command;
use std::sync::Arc;

use framewave_protocol::{DecodeCommand, DecodeReply, FrameSegment, WorkerConfig};

use super::DecodeJob;
use crate::supervisor::WorkerKind;

/// The descriptor number at which a worker finds its frame segment.
pub const SEGMENT_FD: i32 = 3;

#[derive(Debug)]
pub struct DecodeKind {
    pub slots_per_worker: u32,
    pub slot_bytes: u64,
    pub worker_config: WorkerConfig,
}

/// A decode worker's incarnation: its segment (fresh each time, so a crash mid-write never
/// leaves a half-written slot to a successor) and the slots it may write.
#[derive(Debug)]
pub struct Slots {
    pub segment: Arc<FrameSegment>,
    pub free: Vec<u32>,
}

impl WorkerKind for DecodeKind {
    type Command = DecodeCommand;
    type Event = DecodeReply;
    type Incarnation = Slots;
    type Job = DecodeJob;

    const NAME: &'static str = "decode";

    fn prepare(&mut self, command: &mut Command) -> Result<Slots, String> {
        let segment = FrameSegment::create(self.slots_per_worker.max(1), self.slot_bytes)
            .map_err(|e| format!("frame segment: {e}"))?;
        segment
            .pass_to_child(command, SEGMENT_FD)
            .map_err(|e| format!("frame segment: {e}"))?;
        command.args(["--segment-fd", &SEGMENT_FD.to_string()]);
        Ok(Slots {
            free: (0..segment.slot_count()).rev().collect(),
            segment: Arc::new(segment),
        })
    }

    fn greeting(&self) -> Vec<DecodeCommand> {
        vec![DecodeCommand::Configure(self.worker_config.clone())]
    }

    fn subject(job: &DecodeJob) -> String {
        job.path.display().to_string()
    }
}
