//! The audio worker as a kind of supervised worker: each incarnation gets a fresh audio record
//! (one a crashed writer died inside is never read again), and is told the configuration.

use std::process::Command;
use std::sync::Arc;

use framewave_protocol::{AudioCommand, AudioConfig, AudioEvent, AudioSegment};

use crate::supervisor::WorkerKind;

/// The descriptor number at which the worker finds its audio record.
pub const SEGMENT_FD: i32 = 3;

#[derive(Debug)]
pub struct AudioKind {
    /// Sent to each incarnation after its handshake; kept current as it changes.
    pub config: AudioConfig,
}

/// The audio worker has no jobs: it listens for as long as it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoJob;

impl WorkerKind for AudioKind {
    type Command = AudioCommand;
    type Event = AudioEvent;
    type Incarnation = Arc<AudioSegment>;
    type Job = NoJob;

    const NAME: &'static str = "audio";

    fn prepare(&mut self, command: &mut Command) -> Result<Arc<AudioSegment>, String> {
        let segment = AudioSegment::create().map_err(|e| format!("audio record: {e}"))?;
        segment
            .pass_to_child(command, SEGMENT_FD)
            .map_err(|e| format!("audio record: {e}"))?;
        command.args(["--segment-fd", &SEGMENT_FD.to_string()]);
        Ok(Arc::new(segment))
    }

    fn greeting(&self) -> Vec<AudioCommand> {
        vec![AudioCommand::Configure(self.config.clone())]
    }

    fn subject(_: &NoJob) -> String {
        String::new()
    }
}
